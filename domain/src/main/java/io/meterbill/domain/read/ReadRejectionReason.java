package io.meterbill.domain.read;

/**
 * Why an input row was not stored as a read. Each reason is shown to operators and auditors in the
 * cycle summary and the {@code read_exception} table, so the descriptions are theirs to read.
 */
public enum ReadRejectionReason {
    MALFORMED_ROW("row does not have the expected columns"),
    BAD_TIMESTAMP("interval start is not a valid timestamp with UTC offset"),
    BAD_INTERVAL_LENGTH("interval length is not 1, 5, 10, 15, 30 or 60 minutes, or start is not aligned to it"),
    BAD_VALUE("value is not a non-negative number of at most milli-unit precision (Wh, milli-therm, litre)"),
    UNKNOWN_UNIT("unit is not one this channel can be kept in (Wh, kWh, MWh for energy; kBtu, therm, Dth for gas;"
            + " L, m3 or gal for water)"),
    UNKNOWN_CHANNEL("channel is not kwh_del, kwh_rec, therm_del, m3_del or gal_del"),
    UNKNOWN_METER("meter serial is not in the registry"),
    NO_INSTALLATION_AT_READ_TIME("meter was not installed on any service point at the read's time"),
    METER_ON_TWO_SERVICE_POINTS("registry has the meter installed on two service points at the read's time"),
    OUTSIDE_CYCLE_WINDOW("interval is outside the cycle's billing window"),
    DUPLICATE_READ("another read for the same service point, channel and interval was already stored"),
    CONFLICTING_READ("the same service point, channel and interval has different values in the input; none is stored"),
    FILE_NOT_READABLE("the rest of the file could not be read (corrupt or truncated); rows before it were imported");

    private final String description;

    ReadRejectionReason(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
