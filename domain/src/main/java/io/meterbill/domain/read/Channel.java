package io.meterbill.domain.read;

import java.util.Optional;

/**
 * A measured quantity stream of a meter. Energy delivered to the customer (import) and energy
 * received from the customer (export, e.g. rooftop solar) are separate channels, kept in milli-kWh
 * (= Wh). Gas delivered is kept in milli-therms, water delivered in litres (milli-m3) or, where the
 * utility bills in gallons, in milli-gallons: each channel's values are in its base unit, and a read in
 * a unit of another kind is refused.
 */
public enum Channel {
    KWH_DELIVERED("kwh_del", QuantityUnit.KWH),
    KWH_RECEIVED("kwh_rec", QuantityUnit.KWH),
    THERM_DELIVERED("therm_del", QuantityUnit.THERM),
    M3_DELIVERED("m3_del", QuantityUnit.M3),
    GAL_DELIVERED("gal_del", QuantityUnit.GAL);

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

    /** Whether this channel's quantity is received from the customer (export) rather than delivered. */
    public boolean received() {
        return this == KWH_RECEIVED;
    }

    /** The delivered channel values in {@code unit} are kept in (energy, gas, water in m3 or in gallons). */
    public static Channel deliveredIn(QuantityUnit unit) {
        for (Channel channel : values()) {
            if (!channel.received() && channel.accepts(unit)) {
                return channel;
            }
        }
        throw new IllegalStateException("no delivered channel for " + unit);
    }

    /** Whether a value in {@code unit} can be kept in this channel (it converts exactly to its base unit). */
    public boolean accepts(QuantityUnit unit) {
        return unit.sameBaseAs(baseUnit);
    }

    /** The units a read of this channel may come in, e.g. {@code Wh, kWh, MWh}. */
    public String unitsAccepted() {
        StringBuilder units = new StringBuilder();
        for (QuantityUnit unit : QuantityUnit.values()) {
            if (accepts(unit)) {
                units.append(units.length() == 0 ? "" : ", ").append(unit.symbol());
            }
        }
        return units.toString();
    }

    /**
     * Why a read of this channel in {@code unit} is refused ("unit 'gal' cannot be kept in channel m3_del
     * (L, m3)"), or null when it is accepted.
     */
    public String refusalOf(QuantityUnit unit) {
        return accepts(unit) ? null : "unit '" + unit.symbol() + "' cannot be kept in channel " + code + " ("
                + unitsAccepted() + ")";
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
