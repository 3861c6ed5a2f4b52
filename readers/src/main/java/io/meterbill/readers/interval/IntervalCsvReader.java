package io.meterbill.readers.interval;

import io.meterbill.domain.read.ReadRecord;
import io.meterbill.domain.read.SourceRow;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads interval reads in the long CSV format from a list of files, one {@link ReadRecord} per data
 * row (blank lines are passed over, the header line of each file is checked by the cycle's input
 * manifest before this reader runs). Its position (file and line) is saved at every chunk commit, so
 * a restarted import continues after the last committed row instead of reading anything twice.
 */
public class IntervalCsvReader implements ItemStreamReader<ReadRecord> {

    private static final String FILE_INDEX = "interval-csv.file-index";
    private static final String LINE = "interval-csv.line";

    /** A file to read, and the name rows are attributed to in exceptions and reports. */
    public record InputFile(Path path, String source) {
    }

    private final List<InputFile> files;
    private int fileIndex;
    private long line;
    private BufferedReader current;

    public IntervalCsvReader(List<InputFile> files) {
        this.files = List.copyOf(files);
    }

    @Override
    public void open(ExecutionContext context) {
        fileIndex = context.containsKey(FILE_INDEX) ? context.getInt(FILE_INDEX) : 0;
        long resumeAfter = context.containsKey(LINE) ? context.getLong(LINE) : 0;
        if (fileIndex < files.size()) {
            openCurrent();
            skipTo(resumeAfter);
        }
    }

    @Override
    public ReadRecord read() {
        while (fileIndex < files.size()) {
            String text = nextLine();
            if (text == null) {
                closeCurrent();
                fileIndex++;
                if (fileIndex < files.size()) {
                    openCurrent();
                }
                continue;
            }
            if (line == 1 || text.isBlank()) {
                continue; // the header, or an empty line
            }
            return IntervalCsvLongFormat.parse(new SourceRow(files.get(fileIndex).source(), line, text));
        }
        return null;
    }

    @Override
    public void update(ExecutionContext context) {
        context.putInt(FILE_INDEX, fileIndex);
        context.putLong(LINE, line);
    }

    @Override
    public void close() {
        closeCurrent();
    }

    private void openCurrent() {
        Path path = files.get(fileIndex).path();
        try {
            var decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE);
            current = new BufferedReader(new InputStreamReader(Files.newInputStream(path), decoder), 1 << 16);
            line = 0;
        } catch (IOException e) {
            throw new ItemStreamException("cannot open interval file " + path + ": " + e.getMessage(), e);
        }
    }

    private void skipTo(long resumeAfter) {
        while (line < resumeAfter && nextLine() != null) {
            // skipping rows committed by an earlier execution
        }
    }

    private String nextLine() {
        try {
            String text = current.readLine();
            if (text != null) {
                line++;
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + files.get(fileIndex).path() + " after line " + line, e);
        }
    }

    private void closeCurrent() {
        if (current != null) {
            try {
                current.close();
            } catch (IOException ignored) {
                // nothing was written; a failed close of a read-only file loses nothing
            }
            current = null;
        }
    }
}
