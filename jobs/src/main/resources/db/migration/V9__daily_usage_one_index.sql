-- Daily totals are copied in bulk by consolidation (hundreds of thousands of rows per cycle). One
-- index instead of two: the key leads with the service point, so it also serves usage history
-- (a service point's days across cycles); keeping the second index doubled the cost of every row.
alter table daily_usage drop constraint daily_usage_pkey;
drop index daily_usage_history;
alter table daily_usage add primary key (service_point_id, channel, usage_date, cycle);
