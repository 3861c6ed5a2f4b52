-- meterbill's own schema. Times are timestamptz (instants); billing dates are local dates of the
-- service point's time zone. Money is numeric with the currency's two decimals; interval quantities
-- are bigint milli-units (Wh for kWh channels).

create table account (
    account_id      text primary key,
    customer_name   text not null,
    mailing_address text,
    email           text,
    updated_at      timestamptz not null default now()
);

create table service_point (
    service_point_id text primary key,
    account_id       text not null references account (account_id),
    service_address  text,
    time_zone        text not null,
    commodity        text not null,
    tariff_code      text not null,
    updated_at       timestamptz not null default now()
);

create table meter (
    meter_serial text primary key,
    commodity    text not null,
    model        text,
    updated_at   timestamptz not null default now()
);

-- A meter serves a service point from installed_at (inclusive) to removed_at (exclusive, null = still installed).
create table meter_installation (
    meter_serial     text not null references meter (meter_serial),
    service_point_id text not null references service_point (service_point_id),
    installed_at     timestamptz not null,
    removed_at       timestamptz,
    updated_at       timestamptz not null default now(),
    primary key (meter_serial, installed_at),
    check (removed_at is null or removed_at > installed_at)
);
create index meter_installation_sp on meter_installation (service_point_id);

-- The tariff catalog as imported: the YAML itself is kept so every bill can be traced to its text.
create table tariff (
    tariff_code text primary key,
    name        text not null,
    source_file text not null,
    source_yaml text not null,
    sha256      text not null,
    imported_at timestamptz not null default now()
);

-- The input files a cycle consumed, listed before import: the "reads in" side of the control totals.
create table cycle_input_file (
    cycle       text   not null,
    source_file text   not null,
    path        text   not null,
    size_bytes  bigint not null,
    sha256      text   not null,
    data_rows   bigint not null,
    refusal     text,
    listed_at   timestamptz not null default now(),
    primary key (cycle, source_file)
);

create table interval_read (
    cycle            text     not null,
    service_point_id text     not null,
    channel          text     not null,
    interval_start   timestamptz not null,
    interval_minutes smallint not null,
    quantity_milli   bigint   not null check (quantity_milli >= 0),
    meter_serial     text     not null,
    source_file      text     not null,
    source_line      bigint   not null,
    primary key (cycle, service_point_id, channel, interval_start)
);

-- Every input row that was not stored, with where it came from and why.
create table read_exception (
    read_exception_id bigserial primary key,
    cycle       text   not null,
    source_file text   not null,
    source_line bigint not null,
    raw_row     text   not null,
    reason      text   not null,
    detail      text   not null,
    recorded_at timestamptz not null default now(),
    unique (cycle, source_file, source_line)
);

create table bill (
    bill_id          bigserial primary key,
    cycle            text not null,
    service_point_id text not null,
    account_id       text not null,
    tariff_code      text not null,
    period_from      date not null,
    period_to        date not null,
    time_zone        text not null,
    period_start     timestamptz not null,
    period_end       timestamptz not null,
    currency         char(3) not null,
    subtotal         numeric(14, 2) not null,
    tax              numeric(14, 2) not null,
    total            numeric(14, 2) not null,
    assumptions      text not null,
    job_execution_id bigint not null,
    created_at       timestamptz not null default now(),
    unique (cycle, service_point_id),
    check (total = subtotal + tax)
);

create table bill_line (
    bill_id          bigint   not null references bill (bill_id),
    line_no          smallint not null,
    charge_type      text     not null,
    description      text     not null,
    determinant      numeric(20, 6) not null,
    determinant_unit text     not null,
    rate             numeric(20, 8) not null,
    amount           numeric(14, 2) not null,
    tariff_version   text     not null,
    primary key (bill_id, line_no)
);

create table unbilled_service_point (
    cycle            text not null,
    service_point_id text not null,
    reason           text not null,
    detail           text not null,
    job_execution_id bigint not null,
    recorded_at      timestamptz not null default now(),
    primary key (cycle, service_point_id)
);

-- Bills are immutable: a correction is a new bill, never an edit.
create function refuse_bill_change() returns trigger language plpgsql as $$
begin
    raise exception 'bills are immutable: % on % refused', tg_op, tg_table_name;
end;
$$;
create trigger bill_immutable before update or delete on bill
    for each row execute function refuse_bill_change();
create trigger bill_line_immutable before update or delete on bill_line
    for each row execute function refuse_bill_change();
