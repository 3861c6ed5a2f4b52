package io.meterbill.writers.store;

import io.meterbill.domain.read.InputText;
import io.meterbill.domain.read.IntervalSeries;
import io.meterbill.domain.read.ReadQuality;
import io.meterbill.domain.read.ReadRecord;
import io.meterbill.domain.read.ReadRejectionReason;
import io.meterbill.domain.read.ReconciledBlock;
import io.meterbill.domain.read.SeriesReconciler;
import io.meterbill.domain.read.SeriesRecord;
import io.meterbill.domain.read.SourceRow;
import io.meterbill.readers.store.IntervalStoreLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes a reconciled block: its accepted series into one interval store file per bucket it touches
 * (named after the input file's number and the block's, so a block processed again after a crash
 * replaces exactly the files it wrote before), and, in the chunk's transaction, the files into the
 * store's catalog, every refused row or run of values into {@code read_exception}, and the block's
 * counts into {@code import_block}. All inserts are keyed by their source and ignore a repeat.
 */
public class IntervalStoreBlockWriter implements ItemWriter<ReconciledBlock> {

    private static final String INSERT_FILE = """
            insert into store_file (cycle, bucket, file_name, series, value_count, origin, source_file)
            values (?, ?, ?, ?, ?, 'import', ?)
            on conflict (cycle, bucket, file_name) do nothing""";

    static final String INSERT_EXCEPTION = """
            insert into read_exception (cycle, source_file, source_line, raw_row, reason, detail, interval_start,
                                        value_count, rows_covered, raw_length, raw_sha256, raw_whole)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            on conflict on constraint read_exception_source_key do nothing""";

    private static final String INSERT_BLOCK = """
            insert into import_block (cycle, source_file, block_no, rows_read, rows_rejected, values_read,
                                      values_stored, values_rejected, blank_intervals, values_estimated, values_edited)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (cycle, source_file, block_no) do nothing""";

    private final JdbcTemplate jdbc;
    private final String cycle;
    private final IntervalStoreLayout layout;
    private final Configuration conf;

    public IntervalStoreBlockWriter(JdbcTemplate jdbc, String cycle, IntervalStoreLayout layout, Configuration conf) {
        this.jdbc = jdbc;
        this.cycle = cycle;
        this.layout = layout;
        this.conf = conf;
    }

    /** The name of the store files a block writes (one per bucket). */
    public static String fileName(int fileNo, int blockNo) {
        return String.format("in-%05d-%06d", fileNo, blockNo);
    }

    @Override
    public void write(Chunk<? extends ReconciledBlock> chunk) {
        for (ReconciledBlock block : chunk) {
            write(block);
        }
    }

    private void write(ReconciledBlock reconciled) {
        var block = reconciled.block();
        Map<Integer, List<IntervalSeries>> byBucket = new TreeMap<>();
        for (IntervalSeries s : reconciled.accepted()) {
            byBucket.computeIfAbsent(layout.bucketOf(s.servicePoint()), b -> new ArrayList<>()).add(s);
        }
        String name = fileName(block.fileNo(), block.blockNo());
        List<Object[]> files = new ArrayList<>();
        for (Map.Entry<Integer, List<IntervalSeries>> bucket : byBucket.entrySet()) {
            // store files carry daily totals, in each service point's local days
            try (IntervalStoreFileWriter out = new IntervalStoreFileWriter(layout.file(cycle, bucket.getKey(), name), conf,
                    reconciled.zones()::get)) {
                for (IntervalSeries s : bucket.getValue()) {
                    out.write(s);
                }
                out.commit();
                files.add(new Object[] {cycle, bucket.getKey(), name, out.seriesWritten(), out.valuesWritten(),
                        block.source()});
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write interval store file " + name + " of bucket "
                        + bucket.getKey() + ": " + e.getMessage(), e);
            }
        }
        if (!files.isEmpty()) {
            jdbc.batchUpdate(INSERT_FILE, files);
        }
        List<Object[]> exceptions = new ArrayList<>();
        for (SeriesReconciler.RejectedRun run : reconciled.rejectedRuns()) {
            exceptions.add(runException(cycle, run));
        }
        for (SeriesRecord record : reconciled.rejectedRecords()) {
            exceptions.add(recordException(cycle, record));
        }
        if (!exceptions.isEmpty()) {
            jdbc.batchUpdate(INSERT_EXCEPTION, exceptions);
        }
        long estimated = 0;
        long edited = 0;
        for (IntervalSeries s : reconciled.accepted()) {
            for (ReadQuality quality : s.values().nonActualQualities()) {
                if (quality == ReadQuality.ESTIMATED) {
                    estimated++;
                } else if (quality == ReadQuality.EDITED) {
                    edited++;
                }
            }
        }
        jdbc.update(INSERT_BLOCK, cycle, block.source(), block.blockNo(), reconciled.rowsRead(),
                reconciled.rowsRejected(), block.values(), reconciled.valuesAccepted(), reconciled.valuesRejected(),
                reconciled.blankIntervals(), estimated, edited);
    }

    private static Object[] runException(String cycle, SeriesReconciler.RejectedRun run) {
        var values = run.series().values();
        var start = values.start().plusSeconds(60L * values.intervalMinutes() * run.from());
        String raw = run.series().meter() + " " + run.series().channel().code() + " " + run.count() + " x "
                + values.intervalMinutes() + " min from " + start;
        SourceRow.Kept kept = new SourceRow(values.sourceFile(), Math.max(1, run.sourcePosition()), raw).kept();
        // the raw text of a run describes values of several rows: there is no one row whose length and hash to keep
        return new Object[] {cycle, values.sourceFile(), run.sourcePosition(), kept.text(), run.reason().name(),
                detail(run.detail()), Timestamp.from(start), (long) run.count(), 0L, null, null, kept.whole()};
    }

    /**
     * A refused row as {@code read_exception} keeps it: its text escaped and cut ({@link SourceRow#kept}), so no
     * byte of any input (U+0000, which PostgreSQL's {@code text} refuses; a 1 GB line) can fail the import, with
     * the whole row's length and SHA-256 beside it.
     */
    private static Object[] recordException(String cycle, SeriesRecord record) {
        if (record instanceof ReadRecord.Unparseable bad) {
            SourceRow.Kept kept = bad.row().kept();
            return new Object[] {cycle, bad.row().source(), bad.row().line(), kept.text(), bad.reason().name(),
                    detail(bad.detail()), null, null, bad.sourceRows(), kept.bytes(), kept.sha256(), kept.whole()};
        }
        SeriesRecord.Unreadable rest = (SeriesRecord.Unreadable) record;
        SourceRow.Kept kept = rest.row().kept();
        return new Object[] {cycle, rest.row().source(), rest.row().line(), kept.text(),
                ReadRejectionReason.FILE_NOT_READABLE.name(), detail(rest.detail()) + " (" + rest.sourceRows()
                        + " listed rows not read)", null, null, rest.sourceRows(), kept.bytes(), kept.sha256(),
                kept.whole()};
    }

    /** A rejection's detail, storable and bounded whatever a reader put in it. */
    private static String detail(String detail) {
        return InputText.storableMessage(detail, SeriesRecord.DETAIL_CHARS);
    }
}
