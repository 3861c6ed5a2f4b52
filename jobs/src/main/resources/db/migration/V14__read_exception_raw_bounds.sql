-- A refused row's raw text is kept bounded and escaped (issue 18): raw_row holds at most 4096 characters of
-- the row's text, escaped (a backslash as \\, a control character as \xHH, a lone surrogate as \uHHHH), so
-- any byte sequence can be stored; beside it the whole row as it is in the input file: its length in bytes
-- (without the line end) and the SHA-256 of those bytes, and whether raw_row shows all of the row.
-- Rows recorded before this migration kept their text whole and unescaped: their new columns stay null.
alter table read_exception add column raw_length bigint;
alter table read_exception add column raw_sha256 text;
alter table read_exception add column raw_whole boolean;

comment on column read_exception.raw_row is
    'the refused row''s text, escaped (\\ \xHH \uHHHH), at most 4096 characters; see raw_whole';
comment on column read_exception.raw_length is
    'length of the whole row in bytes as in the input file (line end excluded); for Parquet and Green Button, of the row''s description';
comment on column read_exception.raw_sha256 is 'SHA-256 (hex) of the whole row''s bytes';
comment on column read_exception.raw_whole is 'whether raw_row shows all of the row (false: cut at 4096 characters)';
