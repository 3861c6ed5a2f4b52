package io.meterbill.domain.read;

/**
 * A row of input that cannot become a stored read, with the reason and the offending detail. This
 * is data, not a failure: the batch layer skips the row and records it as a read exception.
 */
public class RejectedReadException extends RuntimeException {
    private final ReadRejectionReason reason;

    public RejectedReadException(ReadRejectionReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public ReadRejectionReason reason() {
        return reason;
    }

    public String detail() {
        return getMessage();
    }
}
