package io.meterbill.domain.read;

import java.util.List;
import java.util.Objects;

/**
 * What a series reader makes of one input row or block: the meter series it holds (a wide row split at
 * its gaps, say), or the row rejected whole with the reason. Readers never throw for bad data.
 */
public sealed interface SeriesRecord permits SeriesRecord.Parsed, ReadRecord.Unparseable {

    SourceRow row();

    /**
     * @param series the series of the row, in time order; empty when every interval of the row was blank
     * @param blankIntervals intervals the row left blank (no read; a gap, not an error)
     */
    record Parsed(SourceRow row, List<MeterSeries> series, int blankIntervals) implements SeriesRecord {
        public Parsed {
            Objects.requireNonNull(row, "row");
            series = List.copyOf(series);
            if (blankIntervals < 0) {
                throw new IllegalArgumentException("blank intervals is negative");
            }
        }

        public long values() {
            long n = 0;
            for (MeterSeries s : series) {
                n += s.values().size();
            }
            return n;
        }
    }
}
