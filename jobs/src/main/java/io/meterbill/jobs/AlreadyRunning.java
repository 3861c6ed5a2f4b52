package io.meterbill.jobs;

/** The cycle is being run by another live process: exit code 5, nothing changed. */
public class AlreadyRunning extends RuntimeException {
    public AlreadyRunning(String message) {
        super(message);
    }
}
