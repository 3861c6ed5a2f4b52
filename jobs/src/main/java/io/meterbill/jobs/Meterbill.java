package io.meterbill.jobs;

import io.meterbill.jobs.cli.MeterbillCommand;

/**
 * Entry point. The command line is parsed before Spring starts, so {@code --help}, {@code --version}
 * and usage errors answer at once without a database; only a command that does work starts the
 * application context.
 */
public final class Meterbill {

    private Meterbill() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command and returns its exit code (see {@link ExitCode}). */
    public static int run(String... args) {
        quietUntilSpringConfiguresLogging();
        return MeterbillCommand.commandLine().execute(args);
    }

    /**
     * Commands that start no Spring context (db, sample) would otherwise print library INFO logs on
     * stdout; until Spring configures logging, only warnings are shown, on stderr as one
     * {@code meterbill: ...} line, so a command's own output (e.g. {@code db psql}'s) stays clean. A
     * command that starts a context gets the configured logging (file, and the terminal with
     * {@code --verbose}).
     */
    private static void quietUntilSpringConfiguresLogging() {
        if (org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
            var context = root.getLoggerContext();
            var pattern = new ch.qos.logback.classic.encoder.PatternLayoutEncoder();
            pattern.setContext(context);
            pattern.setPattern("meterbill: %msg%n");
            pattern.start();
            var stderr = new ch.qos.logback.core.ConsoleAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
            stderr.setContext(context);
            stderr.setName("stderr");
            stderr.setTarget("System.err");
            stderr.setEncoder(pattern);
            stderr.start();
            root.detachAndStopAllAppenders();
            root.addAppender(stderr);
        }
        // Hadoop warns on every start that it has no native library; meterbill ships none and needs none
        if (org.slf4j.LoggerFactory.getLogger("org.apache.hadoop.util.NativeCodeLoader")
                instanceof ch.qos.logback.classic.Logger nativeCode) {
            nativeCode.setLevel(ch.qos.logback.classic.Level.ERROR);
        }
    }
}
