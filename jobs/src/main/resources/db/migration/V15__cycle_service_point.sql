-- The service points a cycle rates and the store bucket each belongs to, recorded once per cycle when
-- rating is planned. A rating partition reads its service points a bucket at a time from here instead of
-- holding the whole cycle's list: memory no longer grows with the number of service points. A cycle
-- is either fully recorded or not at all (one transaction), so a partly written plan is never read.
create table cycle_service_point (
    cycle             text    not null,
    service_point_id  text    not null,
    bucket            integer not null,
    primary key (cycle, service_point_id)
);
create index cycle_service_point_bucket on cycle_service_point (cycle, bucket, service_point_id);
