package io.meterbill.jobs.cycle;

/**
 * The billing cycle job's parameters. Only {@code cycle} identifies the job instance: running the
 * same cycle again with another input or partition count is the same instance, so a cycle can never
 * be billed twice by changing an option.
 */
public final class CycleJobParameters {
    public static final String JOB_NAME = "billingCycle";
    public static final String CYCLE = "cycle";
    public static final String INPUT = "input";
    public static final String OUTPUT = "output";
    public static final String PARTITIONS = "partitions";

    private CycleJobParameters() {
    }
}
