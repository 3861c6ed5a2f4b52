package io.meterbill.readers.interval;

import io.meterbill.domain.read.SeriesBlock;
import io.meterbill.domain.read.SeriesRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.apache.hadoop.conf.Configuration;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads one input file as {@link SeriesBlock}s, a block per chunk. The file is parsed on a thread of its
 * own, a bounded queue ahead of the step, so parsing overlaps reconciling and writing and memory stays
 * bounded whatever the file's size; each record is {@link SeriesRecord#bounded bounded} before it is queued.
 *
 * <p>Restartable: at every chunk commit the position (blocks and records handed out) is saved; a
 * restarted reader parses the file again and skips what was committed. Blocks are cut by record and
 * value counts alone, so the blocks after a restart are the ones a run without a crash would have made.
 * A file that ends in an unreadable rest gets the rows not read from the manifest's count of its rows.
 */
public class SeriesBlockReader implements ItemStreamReader<SeriesBlock> {

    private static final String BLOCKS = "series-block.blocks";
    private static final String RECORDS = "series-block.records";
    private static final String ROWS = "series-block.rows";

    private static final Object END = new Object();

    private final IntervalFiles.InputFile file;
    private final int fileNo;
    private final long listedRows;
    private final Configuration conf;
    private final long blockValues;
    private final int blockRecords;

    /** Records are handed over in batches: one queue hand-off per record cost more than parsing it. */
    private static final int BATCH = 256;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(8);
    private List<SeriesRecord> batch = List.of();
    private int batchAt;
    private Thread parser;
    private volatile boolean closing;
    private int blocks;
    private long records;
    private long rows;
    private boolean ended;

    /**
     * @param listedRows the file's rows as the manifest counted them
     * @param blockValues a block closes once it holds this many values
     * @param blockRecords ... or this many records (a file of nothing but bad rows)
     */
    public SeriesBlockReader(IntervalFiles.InputFile file, int fileNo, long listedRows, Configuration conf,
            long blockValues, int blockRecords) {
        this.file = file;
        this.fileNo = fileNo;
        this.listedRows = listedRows;
        this.conf = conf;
        this.blockValues = Math.max(1, blockValues);
        this.blockRecords = Math.max(1, blockRecords);
    }

    @Override
    public void open(ExecutionContext context) {
        blocks = context.containsKey(BLOCKS) ? context.getInt(BLOCKS) : 0;
        records = context.containsKey(RECORDS) ? context.getLong(RECORDS) : 0;
        rows = context.containsKey(ROWS) ? context.getLong(ROWS) : 0;
        long skip = records;
        batch = List.of();
        batchAt = 0;
        closing = false;
        ended = false;
        parser = new Thread(() -> parse(skip), "parse-" + file.source());
        parser.setDaemon(true);
        parser.start();
    }

    private void parse(long skip) {
        long[] seen = {0};
        List<List<SeriesRecord>> filling = new ArrayList<>(List.of(new ArrayList<>(BATCH)));
        try {
            IntervalFiles.read(file, conf, record -> {
                if (seen[0]++ < skip) {
                    return; // handed out and committed before the restart
                }
                // a record keeps a bounded share of its row whatever the row holds (a 50 MB line, a huge string)
                filling.get(0).add(SeriesRecord.bounded(record));
                if (filling.get(0).size() == BATCH) {
                    put(filling.get(0));
                    filling.set(0, new ArrayList<>(BATCH));
                }
            });
            if (!filling.get(0).isEmpty()) {
                put(filling.get(0));
            }
            put(END);
        } catch (ReadAborted e) {
            // closed while parsing: nothing more is wanted
        } catch (Exception | Error e) {
            if (!closing) {
                queue.clear();
                offerQuietly(e);
            }
        }
    }

    private void put(Object item) {
        try {
            while (!queue.offer(item, 200, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                if (closing) {
                    throw new ReadAborted("reader of " + file.source() + " closed");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReadAborted("reader of " + file.source() + " interrupted");
        }
    }

    private void offerQuietly(Object item) {
        try {
            queue.put(item);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public SeriesBlock read() {
        if (ended) {
            return null;
        }
        List<SeriesRecord> taken = new ArrayList<>();
        long values = 0;
        while (taken.size() < blockRecords && values < blockValues) {
            if (batchAt == batch.size()) {
                Object item = take();
                if (item == END) {
                    ended = true;
                    break;
                }
                if (item instanceof Throwable failure) {
                    throw new ItemStreamException("cannot read " + file.source() + " (" + file.path() + "): "
                            + failure.getMessage(), failure);
                }
                @SuppressWarnings("unchecked")
                List<SeriesRecord> next = (List<SeriesRecord>) item;
                batch = next;
                batchAt = 0;
            }
            SeriesRecord record = batch.get(batchAt++);
            if (record instanceof SeriesRecord.Unreadable unreadable) {
                long accounted = rows;
                for (SeriesRecord r : taken) {
                    accounted += r.sourceRows();
                }
                record = unreadable.withRowsNotRead(Math.max(0, listedRows - accounted));
            } else if (record instanceof SeriesRecord.Parsed parsed) {
                values += parsed.values();
            }
            taken.add(record);
        }
        if (taken.isEmpty()) {
            return null;
        }
        SeriesBlock block = new SeriesBlock(file.source(), fileNo, blocks, taken);
        blocks++;
        records += taken.size();
        rows += block.rows();
        return block;
    }

    private Object take() {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ItemStreamException("interrupted while reading " + file.source(), e);
        }
    }

    @Override
    public void update(ExecutionContext context) {
        context.putInt(BLOCKS, blocks);
        context.putLong(RECORDS, records);
        context.putLong(ROWS, rows);
    }

    @Override
    public void close() {
        closing = true;
        if (parser != null) {
            parser.interrupt();
            queue.clear();
            try {
                parser.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            parser = null;
        }
        queue.clear();
    }
}
