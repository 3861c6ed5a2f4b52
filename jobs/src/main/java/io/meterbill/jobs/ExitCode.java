package io.meterbill.jobs;

/** The process exit codes schedulers (cron, Control-M) act on. Documented in the README. */
public final class ExitCode {
    /** The command did what it was asked; a cycle completed with every service point billed or accounted for. */
    public static final int COMPLETED = 0;
    /** The run failed or was stopped; {@code meterbill cycle restart} resumes it. */
    public static final int FAILED = 1;
    /** Bad usage or configuration; nothing was started. */
    public static final int USAGE = 2;
    /** The cycle completed with accounts held for review (used once validation holds accounts). */
    public static final int COMPLETED_WITH_HOLDS = 3;
    /** Nothing to do: the cycle already completed. */
    public static final int NOTHING_TO_DO = 4;
    /** Another live process is running this cycle; nothing was changed. */
    public static final int ALREADY_RUNNING = 5;
    /**
     * The run failed, and failed the same way (same steps, same causes) as the run before it: restarting again
     * would fail again until the cause is fixed. Schedulers that restart on {@link #FAILED} stop here.
     */
    public static final int FAILED_REPEATEDLY = 6;

    private ExitCode() {
    }
}
