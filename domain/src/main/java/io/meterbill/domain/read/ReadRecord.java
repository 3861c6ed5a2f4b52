package io.meterbill.domain.read;

import java.util.Objects;

/**
 * What a reader makes of one input row: a parsed interval read, or a row it could not parse together
 * with the reason. Readers never throw for bad data; the reconcile step turns an unparseable record
 * into a recorded read exception.
 */
public sealed interface ReadRecord permits ReadRecord.Parsed, ReadRecord.Unparseable {

    SourceRow row();

    record Parsed(SourceRow row, IntervalRead read, ReadQuality quality) implements ReadRecord {
        public Parsed {
            Objects.requireNonNull(row, "row");
            Objects.requireNonNull(read, "read");
            Objects.requireNonNull(quality, "quality");
        }

        /** An actual (measured) read. */
        public Parsed(SourceRow row, IntervalRead read) {
            this(row, read, ReadQuality.ACTUAL);
        }
    }

    /** @param sourceRows the rows rejected with it: 1, or a Green Button block's readings */
    record Unparseable(SourceRow row, ReadRejectionReason reason, String detail, long sourceRows)
            implements ReadRecord, SeriesRecord {
        public Unparseable {
            Objects.requireNonNull(row, "row");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
            if (sourceRows < 0) {
                throw new IllegalArgumentException("rows is negative");
            }
        }

        public Unparseable(SourceRow row, ReadRejectionReason reason, String detail) {
            this(row, reason, detail, 1);
        }
    }
}
