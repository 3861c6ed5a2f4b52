-- Issue 4: intervals live in the Parquet interval store (one row per series, files under
-- <store>/cycle=YYYY-MM/bucket=NNN/); PostgreSQL keeps the store's catalog, the import's counts,
-- daily totals for usage history, and every rejected row or run of values.
drop table interval_read;

-- How the cycle's store is laid out, fixed when its inputs are listed: a restart uses the same buckets.
create table cycle_store (
    cycle      text primary key,
    store_uri  text    not null,
    buckets    integer not null check (buckets between 1 and 9999),
    time_zone  text,
    block_values bigint not null check (block_values > 0), -- import blocks are cut the same way on every run
    created_at timestamptz not null default now()
);

-- Input files: the format found by content, whether gzipped, and a number that names their store files.
alter table cycle_input_file add column file_no integer;
alter table cycle_input_file add column format text;
alter table cycle_input_file add column compressed boolean not null default false;
alter table cycle_input_file add column value_count bigint;

-- The store's catalog: the complete files each bucket holds. Rating reads exactly these; a file on disk
-- that is not listed (left by a crash between rename and commit) is never read.
create table store_file (
    cycle       text    not null,
    bucket      integer not null,
    file_name   text    not null,
    series      bigint  not null,
    value_count bigint  not null,
    origin      text    not null, -- 'import' (one input file's block) or 'consolidated' (a bucket rewritten)
    source_file text,
    primary key (cycle, bucket, file_name)
);

-- What the import made of each block of each input file: rows read (parsed into values) and rejected
-- whole, values read, stored in the block's files, and rejected, blank intervals.
create table import_block (
    cycle           text    not null,
    source_file     text    not null,
    block_no        integer not null,
    rows_read       bigint  not null,
    rows_rejected   bigint  not null,
    values_read     bigint  not null,
    values_stored   bigint  not null,
    values_rejected bigint  not null,
    blank_intervals bigint  not null,
    primary key (cycle, source_file, block_no)
);

-- What consolidating each bucket found: values in its import files, repeats dropped, conflicts refused.
create table store_bucket (
    cycle               text    not null,
    bucket              integer not null,
    values_in           bigint  not null,
    values_stored       bigint  not null,
    duplicates_dropped  bigint  not null,
    conflicting_values  bigint  not null,
    rewritten           boolean not null,
    primary key (cycle, bucket)
);

-- Usage history: daily totals per service point and channel, days local to the service point.
create table daily_usage (
    cycle            text    not null,
    service_point_id text    not null,
    channel          text    not null,
    usage_date       date    not null,
    quantity_milli   bigint  not null,
    intervals        integer not null,
    primary key (cycle, service_point_id, channel, usage_date)
);
create index daily_usage_history on daily_usage (service_point_id, channel, usage_date);

-- A rejected run of values (a wide row can give several) is keyed by its first interval too; a row
-- rejected whole has no interval. value_count: how many parsed values the exception covers (null for
-- rows rejected whole, whose values were never read).
alter table read_exception add column interval_start timestamptz;
alter table read_exception add column value_count bigint;
alter table read_exception add column rows_covered bigint not null default 1;
alter table read_exception drop constraint read_exception_cycle_source_file_source_line_key;
alter table read_exception add constraint read_exception_source_key
    unique nulls not distinct (cycle, source_file, source_line, interval_start, reason);

-- Rating partitions are sets of store buckets.
alter table rating_partition add column buckets integer[];
alter table rating_partition alter column first_service_point drop not null;
alter table rating_partition alter column last_service_point drop not null;
