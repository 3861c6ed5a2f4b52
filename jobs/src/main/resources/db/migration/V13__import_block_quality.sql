-- Values an import block accepted that the input marks estimated or edited (a CSV or Parquet quality
-- column, Green Button ReadingQuality): shown under "values stored" in the cycle summary.
alter table import_block add column values_estimated bigint not null default 0;
alter table import_block add column values_edited bigint not null default 0;
