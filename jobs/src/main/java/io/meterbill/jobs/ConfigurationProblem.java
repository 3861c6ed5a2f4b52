package io.meterbill.jobs;

/** Bad usage or configuration found before anything was started: exit code 2 with this one line. */
public class ConfigurationProblem extends RuntimeException {
    public ConfigurationProblem(String message) {
        super(message);
    }
}
