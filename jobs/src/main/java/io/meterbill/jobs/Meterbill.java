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
        return MeterbillCommand.commandLine().execute(args);
    }
}
