package io.meterbill.domain.read;

import java.util.Optional;

/**
 * A measured quantity stream of a meter. Energy delivered to the customer (import) and energy
 * received from the customer (export, e.g. rooftop solar) are separate channels; both are kept in
 * milli-kWh (= Wh).
 */
public enum Channel {
    KWH_DELIVERED("kwh_del", QuantityUnit.KWH),
    KWH_RECEIVED("kwh_rec", QuantityUnit.KWH);

    private final String code;
    private final QuantityUnit baseUnit;

    Channel(String code, QuantityUnit baseUnit) {
        this.code = code;
        this.baseUnit = baseUnit;
    }

    /** The channel code used in export files and in the database. */
    public String code() {
        return code;
    }

    /** The unit whose thousandths the channel's quantities are stored in. */
    public QuantityUnit baseUnit() {
        return baseUnit;
    }

    private static final Channel[] ALL = values();

    public static Optional<Channel> fromCode(String code) {
        for (Channel channel : ALL) { // called per input row: no stream
            if (channel.code.equalsIgnoreCase(code)) {
                return Optional.of(channel);
            }
        }
        return Optional.empty();
    }
}
