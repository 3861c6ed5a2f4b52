-- Which process runs (or ran) each job execution. A run that is STARTED in the job repository but whose
-- process no longer holds the cycle's advisory lock is stale (its process died).
create table cycle_run (
    job_execution_id bigint primary key,
    cycle            text not null,
    host             text not null,
    pid              bigint not null,
    started_at       timestamptz not null default now()
);
