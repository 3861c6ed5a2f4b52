package io.meterbill.domain.read;

import java.util.List;
import java.util.Objects;

/**
 * A block of consecutive records of one input file: the unit the import reads, reconciles, stores and
 * commits at once. Blocks are cut the same way on every run (by record count and value count), so a
 * block processed again after a crash writes exactly what it wrote the first time.
 *
 * @param source the input file's name in the manifest
 * @param fileNo the input file's number in the manifest (names its store files)
 * @param blockNo the block's number within the file, from 0
 */
public record SeriesBlock(String source, int fileNo, int blockNo, List<SeriesRecord> records) {

    public SeriesBlock {
        Objects.requireNonNull(source, "source");
        records = List.copyOf(records);
    }

    /** Source rows the block accounts for. */
    /** The distinct meters whose series the block holds (what its reconciliation needs to know of the registry). */
    public java.util.Set<io.meterbill.domain.registry.MeterSerial> meters() {
        java.util.Set<io.meterbill.domain.registry.MeterSerial> meters = new java.util.HashSet<>();
        io.meterbill.domain.registry.MeterSerial last = null;
        for (SeriesRecord record : records) {
            if (record instanceof SeriesRecord.Parsed parsed) {
                for (MeterSeries series : parsed.series()) {
                    if (!series.meter().equals(last)) { // exports list a meter's rows together: skip the set for those
                        last = series.meter();
                        meters.add(last);
                    }
                }
            }
        }
        return meters;
    }

    public long rows() {
        long n = 0;
        for (SeriesRecord r : records) {
            n += r.sourceRows();
        }
        return n;
    }

    /** Values parsed from the block's rows. */
    public long values() {
        long n = 0;
        for (SeriesRecord r : records) {
            if (r instanceof SeriesRecord.Parsed parsed) {
                n += parsed.values();
            }
        }
        return n;
    }
}
