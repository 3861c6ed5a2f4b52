-- The wide CSV layout (column names, delimiter, decimal separator, unit) a cycle's inputs were listed
-- with, as "setting=value" lines: a restart parses the rest of its files the same way, whatever the
-- configuration says by then. Null: the standard layout.
alter table cycle_store add column csv_wide_layout text;
