package io.meterbill.domain.bill;

/** Why a service point in the cycle got no bill; each is counted in the cycle's control totals. */
public enum NotBilledReason {
    NO_READS("no reads were stored for the billing window"),
    INCOMPLETE_READS("the reads do not cover the whole billing window; a partial month is not billed as a whole one"),
    NOT_RATABLE("the tariff cannot rate the period (see detail)");

    private final String description;

    NotBilledReason(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
