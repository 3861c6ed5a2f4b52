package io.meterbill.domain.read;

import java.util.List;
import java.util.Objects;

/**
 * What a series reader makes of one input row or block: the meter series it holds (a wide row split at
 * its gaps, say), or the row rejected whole with the reason. Readers never throw for bad data.
 */
public sealed interface SeriesRecord permits SeriesRecord.Parsed, ReadRecord.Unparseable, SeriesRecord.Unreadable {

    SourceRow row();

    /** How many source rows (lines, Parquet rows, Green Button readings) the record accounts for. */
    long sourceRows();

    /** Characters of a rejection's detail (a message, input values in it already cut) kept and stored. */
    int DETAIL_CHARS = 2000;

    /**
     * The record as it may travel on (queued, stored): its row's text cut to {@link SourceRow#KEPT_CHARS}
     * with the whole row described beside it, and its detail made storable and cut to {@link #DETAIL_CHARS}.
     * So memory and the database hold a bounded amount per record, whatever one input row holds.
     */
    static SeriesRecord bounded(SeriesRecord record) {
        if (record instanceof Parsed parsed) {
            SourceRow row = parsed.row().bounded();
            return row == parsed.row() ? parsed
                    : new Parsed(row, parsed.series(), parsed.blankIntervals(), parsed.sourceRows());
        }
        if (record instanceof ReadRecord.Unparseable bad) {
            return new ReadRecord.Unparseable(bad.row().bounded(), bad.reason(),
                    InputText.storableMessage(bad.detail(), DETAIL_CHARS), bad.sourceRows());
        }
        Unreadable rest = (Unreadable) record;
        return new Unreadable(rest.row().bounded(), InputText.storableMessage(rest.detail(), DETAIL_CHARS),
                rest.sourceRows());
    }

    /**
     * @param series the series of the row, in time order; empty when every interval of the row was blank
     * @param blankIntervals intervals the row left blank (no read; a gap, not an error)
     * @param sourceRows the source rows the series came from: 1 for a wide row, one per value for the long
     *     formats, whose rows are assembled into series
     */
    record Parsed(SourceRow row, List<MeterSeries> series, int blankIntervals, long sourceRows)
            implements SeriesRecord {
        public Parsed {
            Objects.requireNonNull(row, "row");
            series = List.copyOf(series);
            if (blankIntervals < 0) {
                throw new IllegalArgumentException("blank intervals is negative");
            }
            if (sourceRows < 0) {
                throw new IllegalArgumentException("source rows is negative");
            }
        }

        /** One source row (a wide row). */
        public Parsed(SourceRow row, List<MeterSeries> series, int blankIntervals) {
            this(row, series, blankIntervals, 1);
        }

        public long values() {
            long n = 0;
            for (MeterSeries s : series) {
                n += s.values().size();
            }
            return n;
        }
    }

    /**
     * The rest of a file from {@code row} on could not be read (a corrupt Parquet page, XML cut off): what
     * was read before stands; the rows not read are the file's listed rows less those already accounted.
     */
    record Unreadable(SourceRow row, String detail, long sourceRows) implements SeriesRecord {
        public Unreadable {
            Objects.requireNonNull(row, "row");
            Objects.requireNonNull(detail, "detail");
            if (sourceRows < 0) {
                throw new IllegalArgumentException("rows not read is negative");
            }
        }

        /** As a format reports it: how many rows are left is for the caller, which knows the file's count. */
        public Unreadable(SourceRow row, String detail) {
            this(row, detail, 0);
        }

        public Unreadable withRowsNotRead(long rows) {
            return new Unreadable(row, detail, rows);
        }
    }
}
