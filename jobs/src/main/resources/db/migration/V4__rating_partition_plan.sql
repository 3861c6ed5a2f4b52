-- The rating step's partition plan, kept outside Spring Batch's step contexts: a worker finds its
-- service-point range here by partition name even if a crash cost its step execution its context.
create table rating_partition (
    cycle              text not null,
    partition_name     text not null,
    first_service_point text not null,
    last_service_point  text not null,
    service_points      integer not null,
    primary key (cycle, partition_name)
);
