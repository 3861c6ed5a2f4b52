-- Every tariff text ever imported, by its SHA-256, so that re-importing a tariff under the same code
-- never loses the text earlier bills were rated on. A bill names the revision it was rated on.
create table tariff_revision (
    sha256      text primary key,
    tariff_code text not null,
    source_file text not null,
    source_yaml text not null,
    imported_at timestamptz not null default now()
);
create index tariff_revision_code on tariff_revision (tariff_code, imported_at);

insert into tariff_revision (sha256, tariff_code, source_file, source_yaml, imported_at)
select sha256, tariff_code, source_file, source_yaml, imported_at from tariff
on conflict (sha256) do nothing;

-- Null only for bills written before this migration (their revision was not recorded).
alter table bill add column tariff_sha256 text references tariff_revision (sha256);

-- Ratchet and net-metering history follow the customer: earlier bills are looked up by service point
-- and account (a move-in starts a new history).
create index bill_history on bill (service_point_id, account_id, cycle);
