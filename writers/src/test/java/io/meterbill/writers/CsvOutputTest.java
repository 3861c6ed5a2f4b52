package io.meterbill.writers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvOutputTest {

    @TempDir
    Path dir;

    @Test
    void quotesOnlyFieldsThatNeedIt() throws Exception {
        Path file = dir.resolve("out.csv");
        CsvOutput.write(file, List.of("a", "b"), List.of(List.of("plain", "with, comma"),
                List.of("say \"hi\"", "two\nlines")));
        assertThat(Files.readString(file)).isEqualTo("a,b\nplain,\"with, comma\"\n\"say \"\"hi\"\"\",\"two\nlines\"\n");
    }

    /** A rewrite replaces the file whole and leaves no temporary file behind. */
    @Test
    void rewritesWholeAndLeavesNoTemporaryFile() throws Exception {
        Path file = dir.resolve("register.csv");
        CsvOutput.write(file, List.of("x"), List.of(List.of("1"), List.of("2")));
        // a temporary file left by a process killed mid-write is replaced by the next write
        Files.writeString(dir.resolve(".register.csv.tmp"), "half a fi");
        CsvOutput.write(file, List.of("x"), List.of(List.of("3")));
        assertThat(Files.readAllLines(file)).containsExactly("x", "3");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("register.csv");
        }
    }
}
