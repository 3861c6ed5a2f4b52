package io.meterbill.domain.read;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How an interval value came about, as the head-end or MDM reports it: measured by the meter,
 * estimated (e.g. filled in for a communication gap), or edited by an operator.
 */
public enum ReadQuality {
    ACTUAL,
    ESTIMATED,
    EDITED;

    private static final Map<String, ReadQuality> CODES = Map.of("a", ACTUAL, "actual", ACTUAL, "e", ESTIMATED,
            "estimated", ESTIMATED, "m", EDITED, "edited", EDITED);

    /** A quality as export files write it: actual, estimated, edited or A, E, M (any case); empty for anything else. */
    public static Optional<ReadQuality> fromCode(String code) {
        return Optional.ofNullable(CODES.get(code.strip().toLowerCase(Locale.ROOT)));
    }
}
