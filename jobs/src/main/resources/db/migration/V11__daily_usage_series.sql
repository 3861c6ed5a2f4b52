-- Usage history, one row per service point, channel and cycle instead of one per day: the day totals
-- are arrays from first_day on (a day without intervals holds 0 and 0). A month of 10,000 service points
-- with import and export is 20,000 rows, not 600,000, which made consolidation's COPY most of its time.
-- The view daily_usage keeps the row-per-day shape for queries and audits.
create table daily_usage_series (
    cycle            text      not null,
    service_point_id text      not null,
    channel          text      not null,
    first_day        date      not null,
    quantity_milli   bigint[]  not null,
    intervals        integer[] not null,
    primary key (service_point_id, channel, first_day, cycle),
    check (cardinality(quantity_milli) = cardinality(intervals) and cardinality(intervals) > 0)
);

insert into daily_usage_series (cycle, service_point_id, channel, first_day, quantity_milli, intervals)
select b.cycle, b.service_point_id, b.channel, b.first_day,
       array_agg(coalesce(u.quantity_milli, 0) order by d.day),
       array_agg(coalesce(u.intervals, 0) order by d.day)
  from (select cycle, service_point_id, channel, min(usage_date) as first_day, max(usage_date) as last_day
          from daily_usage group by cycle, service_point_id, channel) b
 cross join lateral generate_series(b.first_day, b.last_day, interval '1 day') as d(day)
  left join daily_usage u on u.cycle = b.cycle and u.service_point_id = b.service_point_id
                         and u.channel = b.channel and u.usage_date = d.day::date
 group by b.cycle, b.service_point_id, b.channel, b.first_day;

drop table daily_usage;

create view daily_usage as
select s.cycle, s.service_point_id, s.channel, s.first_day + (d.i - 1) as usage_date,
       s.quantity_milli[d.i] as quantity_milli, s.intervals[d.i] as intervals
  from daily_usage_series s
 cross join lateral generate_subscripts(s.intervals, 1) as d(i)
 where s.intervals[d.i] > 0;
