package io.meterbill.readers.interval;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterbill.domain.read.ReadRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.infrastructure.item.ExecutionContext;

class IntervalCsvReaderTest {

    @TempDir
    Path dir;

    private List<IntervalCsvReader.InputFile> twoFiles() throws Exception {
        String header = String.join(",", IntervalCsvLongFormat.HEADER) + "\n";
        Path a = Files.writeString(dir.resolve("a.csv"), header
                + "M-1,2025-11-01T00:00:00-04:00,15,kwh_del,0.100,kWh\n"
                + "\n"
                + "M-1,2025-11-01T00:15:00-04:00,15,kwh_del,0.200,kWh\n");
        Path b = Files.writeString(dir.resolve("b.csv"), header
                + "M-2,2025-11-01T00:00:00-04:00,15,kwh_del,0.300,kWh\n"
                + "M-2,2025-11-01T00:15:00-04:00,15,kwh_del,bad,kWh\n");
        return List.of(new IntervalCsvReader.InputFile(a, "a.csv"), new IntervalCsvReader.InputFile(b, "b.csv"));
    }

    private static List<String> readAll(IntervalCsvReader reader) {
        List<String> rows = new ArrayList<>();
        ReadRecord record;
        while ((record = reader.read()) != null) {
            rows.add(record.row().toString());
        }
        return rows;
    }

    @Test
    void readsEveryDataRowOfEveryFileWithItsLineNumber() throws Exception {
        IntervalCsvReader reader = new IntervalCsvReader(twoFiles());
        reader.open(new ExecutionContext());
        assertThat(readAll(reader)).containsExactly("a.csv:2", "a.csv:4", "b.csv:2", "b.csv:3");
        reader.close();
    }

    /** After a crash the step restarts from the context saved at the last commit: no row is read twice. */
    @Test
    void aRestartedReaderContinuesAfterTheLastSavedPosition() throws Exception {
        List<IntervalCsvReader.InputFile> files = twoFiles();
        IntervalCsvReader first = new IntervalCsvReader(files);
        ExecutionContext committed = new ExecutionContext();
        first.open(committed);
        first.read();
        first.read();
        first.read(); // b.csv:2
        first.update(committed);
        first.read(); // read but never committed
        first.close();

        IntervalCsvReader restarted = new IntervalCsvReader(files);
        restarted.open(committed);
        assertThat(readAll(restarted)).containsExactly("b.csv:3");
        restarted.close();
    }
}
