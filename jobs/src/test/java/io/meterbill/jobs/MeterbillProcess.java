package io.meterbill.jobs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real {@code meterbill} executable jar run as a separate operating-system process on a home, as
 * an operator or scheduler runs it, so tests can kill it, signal it and run several at once.
 */
final class MeterbillProcess {

    static final Path JAR = Path.of("jobs/target/meterbill.jar").toAbsolutePath();
    private static final AtomicInteger counter = new AtomicInteger();

    private final Process process;
    private final Path output;
    private final Path home;

    private MeterbillProcess(Process process, Path output, Path home) {
        this.process = process;
        this.output = output;
        this.home = home;
    }

    /** Starts {@code meterbill --home HOME args...}; extra JVM system properties may come first as -D options. */
    static MeterbillProcess start(Path home, List<String> jvmOptions, String... args) throws IOException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: integration tests run after 'package'");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-Dmeterbill.install-dir=" + Path.of("").toAbsolutePath());
        command.add("-jar");
        command.add(JAR.toString());
        command.add("--home");
        command.add(home.toString());
        command.addAll(List.of(args));
        Files.createDirectories(home);
        Path output = home.resolve("process-" + counter.incrementAndGet() + ".out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        return new MeterbillProcess(process, output, home);
    }

    static MeterbillProcess start(Path home, String... args) throws IOException {
        return start(home, List.of(), args);
    }

    /** Runs a command to its end and returns its exit code. */
    static int run(Path home, String... args) throws Exception {
        MeterbillProcess p = start(home, args);
        int exit = p.waitFor(Duration.ofMinutes(5));
        if (exit != 0) { // the caller asserts on the code; the output says why
            System.err.println("meterbill " + String.join(" ", args) + " exited " + exit + "; output:\n" + p.output());
        }
        return exit;
    }

    long pid() {
        return process.pid();
    }

    int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("meterbill did not end within " + timeout + "; output:\n" + output());
        }
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** kill -9: the process dies at once, with no chance to clean up. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** kill -TERM: a graceful stop request. */
    void terminate() {
        process.destroy();
    }

    String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** Waits until the process has printed {@code text}; false if it ended without printing it. */
    boolean awaitOutput(String text, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (output().contains(text)) {
                return true;
            }
            if (!process.isAlive()) {
                return output().contains(text);
            }
            process.waitFor(50, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError("pid " + process.pid() + " did not print '" + text + "' within " + timeout);
    }

    /**
     * Waits until this process has logged a line containing {@code text} (the home's log file is
     * shared by all processes; lines carry the pid), or has ended.
     *
     * @return whether the line appeared while the process was alive
     */
    boolean awaitLog(String text, Duration timeout) throws Exception {
        return awaitLog(List.of(text), timeout);
    }

    /** As {@link #awaitLog(String, Duration)}, for a line containing any of {@code texts}. */
    boolean awaitLog(List<String> texts, Duration timeout) throws Exception {
        Path log = home.resolve("logs/meterbill.log");
        String mine = " " + process.pid() + " --- ";
        Instant deadline = Instant.now().plus(timeout);
        long offset = 0; // only what was appended since the last look is read: the shared log grows run after run
        StringBuilder partial = new StringBuilder();
        while (Instant.now().isBefore(deadline)) {
            if (Files.exists(log)) {
                try (var file = new java.io.RandomAccessFile(log.toFile(), "r")) {
                    if (file.length() < offset) {
                        offset = 0; // the log rolled over
                        partial.setLength(0);
                    }
                    file.seek(offset);
                    byte[] appended = new byte[(int) Math.min(Integer.MAX_VALUE - 8, file.length() - offset)];
                    file.readFully(appended);
                    offset += appended.length;
                    partial.append(new String(appended, StandardCharsets.UTF_8));
                }
                int lastNewline = partial.lastIndexOf("\n");
                if (lastNewline >= 0) {
                    for (String line : partial.substring(0, lastNewline).split("\n")) {
                        if (line.contains(mine) && texts.stream().anyMatch(line::contains)) {
                            return process.isAlive();
                        }
                    }
                    partial.delete(0, lastNewline + 1);
                }
            }
            if (!process.isAlive()) {
                return false;
            }
            process.waitFor(50, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError("none of " + texts + " logged by pid " + process.pid() + " within " + timeout);
    }

}
