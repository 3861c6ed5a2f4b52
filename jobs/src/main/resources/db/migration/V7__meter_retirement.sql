-- A meter taken out of service (meters.csv column retired_at); `registry audit` flags one still installed.
alter table meter add column retired_at timestamptz;
