package io.meterbill.readers.interval;

/**
 * Thrown through a format's parser by the consumer of its records to stop reading (the step was
 * stopped or closed). Formats turn bad data into rejected records, never into exceptions, and let
 * this one pass.
 */
public final class ReadAborted extends RuntimeException {

    public ReadAborted(String message) {
        super(message, null, false, false);
    }
}
