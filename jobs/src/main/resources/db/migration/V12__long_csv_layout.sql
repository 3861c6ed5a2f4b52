-- The long CSV layout (column names, delimiter, decimal separator, timestamps, interval length, unit) a
-- cycle's inputs were listed with, as "setting=value" lines, like csv_wide_layout (V10). Null: the
-- standard layout.
alter table cycle_store add column csv_long_layout text;
