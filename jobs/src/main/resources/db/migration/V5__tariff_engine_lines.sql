-- The full tariff engine: bill lines say which season, TOU period and tier they belong to and the
-- factor (proration) applied; a bill keeps its consumption, export and peak demand (for usage
-- history and demand ratchets) and the net-metering credit it carries to the next bill.
alter table bill_line add column season     text;
alter table bill_line add column tou_period text;
alter table bill_line add column tier       smallint;
alter table bill_line add column factor     numeric(20, 10) not null default 1;

alter table bill add column consumption_delivered  numeric(20, 3) not null default 0;
alter table bill add column consumption_received   numeric(20, 3) not null default 0;
alter table bill add column consumption_unit       text not null default 'kWh';
alter table bill add column peak_demand            numeric(20, 3);
alter table bill add column credit_carried_forward numeric(14, 2) not null default 0;

-- Rate criteria of a service point ("low_income=yes;connection_type=primary"), from service_points.csv.
alter table service_point add column rate_criteria text not null default '';
