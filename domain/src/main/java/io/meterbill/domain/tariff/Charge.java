package io.meterbill.domain.tariff;

import io.meterbill.domain.bill.ChargeType;
import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A charge a tariff version levies. The set is closed so that the engine handles every kind. Rates
 * are exact decimals; every charge names when it applies ({@link Applicability}).
 */
public sealed interface Charge permits Charge.Fixed, Charge.Energy, Charge.Demand, Charge.Minimum,
        Charge.Percentage, Charge.PerUnit {

    String name();

    Applicability when();

    /** What a fixed or minimum amount is per. */
    enum Basis {
        /** Once per bill, whatever its length. */
        BILL,
        /** Per day of the billing period. */
        DAY,
        /** Per month: once per bill (billing-period rule) or prorated by days (see {@link Proration}). */
        MONTH
    }

    /**
     * How a monthly amount or a monthly tier limit meets a bill that is not a calendar month.
     * {@code BILLING_PERIOD}: the same for a 28- or a 32-day bill. {@code DAILY}: each day counts
     * 1/(days in its calendar month), so a calendar month counts exactly 1 and 11-15 to 12-17 counts
     * 16/30 + 16/31.
     */
    enum Proration {
        BILLING_PERIOD,
        DAILY
    }

    /** A fixed amount per bill, per day or per month. */
    record Fixed(String name, BigDecimal amount, Basis basis, Proration proration, Applicability when)
            implements Charge {
        public Fixed {
            requireName(name);
            requireNonNegative(amount, name);
            Objects.requireNonNull(basis, "basis");
            Objects.requireNonNull(proration, "proration");
            Objects.requireNonNull(when, "when");
        }
    }

    /** A consumption band: quantities up to {@code upTo} (null = no limit) at {@code rate}. */
    record Tier(BigDecimal upTo, BigDecimal rate) {
        public Tier {
            Objects.requireNonNull(rate, "tier rate");
            if (upTo != null && upTo.signum() <= 0) {
                throw new IllegalArgumentException("tier limit must be positive: " + upTo);
            }
        }
    }

    /**
     * A consumption charge: flat (one tier), tiered/ladder (limits are cumulative per billing period,
     * prorated as {@code tierLimits} says), time-of-use (by {@code when}), or tiered within TOU.
     */
    record Energy(String name, List<Tier> tiers, Proration tierLimits, Applicability when) implements Charge {
        public Energy {
            requireName(name);
            tiers = List.copyOf(tiers);
            if (tiers.isEmpty()) {
                throw new IllegalArgumentException(name + ": an energy charge needs a rate or tiers");
            }
            for (int i = 0; i < tiers.size(); i++) {
                Tier tier = tiers.get(i);
                boolean last = i == tiers.size() - 1;
                if (last != (tier.upTo() == null)) {
                    throw new IllegalArgumentException(name + ": only the last tier has no limit");
                }
                if (i > 0 && !last && tier.upTo().compareTo(tiers.get(i - 1).upTo()) <= 0) {
                    throw new IllegalArgumentException(name + ": tier limits must increase");
                }
            }
            Objects.requireNonNull(tierLimits, "tierLimits");
            Objects.requireNonNull(when, "when");
        }

        public static Energy flat(String name, BigDecimal rate, Applicability when) {
            return new Energy(name, List.of(new Tier(null, rate)), Proration.BILLING_PERIOD, when);
        }

        /** The rate of the first band, used to value exported energy at the retail rate. */
        public BigDecimal firstRate() {
            return tiers.get(0).rate();
        }
    }

    /**
     * The demand ratchet: the billed demand is at least {@code percent} % of the highest demand of
     * the previous {@code months} bills.
     */
    record Ratchet(BigDecimal percent, int months) {
        public Ratchet {
            requireNonNegative(percent, "ratchet percent");
            if (months < 1 || months > 36) {
                throw new IllegalArgumentException("ratchet months must be 1-36, not " + months);
            }
        }
    }

    /**
     * A demand charge per kW of the maximum demand in the billing period (or in the TOU window
     * {@code when} names), measured over {@code intervalMinutes} (15, 30 or 60).
     */
    record Demand(String name, BigDecimal rate, int intervalMinutes, Ratchet ratchet, Applicability when)
            implements Charge {
        public Demand {
            requireName(name);
            requireNonNegative(rate, name);
            if (intervalMinutes <= 0 || 60 % intervalMinutes != 0) {
                throw new IllegalArgumentException(name + ": demand interval must divide an hour (5, 10, 15, 30, 60), not "
                        + intervalMinutes);
            }
            Objects.requireNonNull(when, "when");
        }
    }

    /** The least the bill's charges (before taxes) may come to; the bill is raised to it. */
    record Minimum(String name, BigDecimal amount, Basis basis, Proration proration, Applicability when)
            implements Charge {
        public Minimum {
            requireName(name);
            requireNonNegative(amount, name);
            Objects.requireNonNull(basis, "basis");
            Objects.requireNonNull(proration, "proration");
            Objects.requireNonNull(when, "when");
        }
    }

    /** Charge types a percentage applies to when the tariff does not say. */
    Set<ChargeType> DEFAULT_BASE = EnumSet.of(ChargeType.FIXED, ChargeType.ENERGY, ChargeType.DEMAND,
            ChargeType.MINIMUM, ChargeType.SURCHARGE, ChargeType.CREDIT);

    /**
     * {@code percent} % of the bill's lines of the chosen charge types (default: all but taxes and
     * adjustments, and for a surcharge, other surcharges); a tax when {@code tax}, else a surcharge.
     */
    record Percentage(String name, BigDecimal percent, Set<ChargeType> of, boolean tax, Applicability when)
            implements Charge {
        public Percentage {
            requireName(name);
            requireNonNegative(percent, name);
            if (of.isEmpty()) {
                of = EnumSet.copyOf(DEFAULT_BASE);
                if (!tax) {
                    of.remove(ChargeType.SURCHARGE);
                }
            } else {
                of = EnumSet.copyOf(of);
            }
            if (of.contains(ChargeType.TAX) || (!tax && of.contains(ChargeType.SURCHARGE))) {
                throw new IllegalArgumentException(name + ": a percentage cannot apply to its own kind of line");
            }
            Objects.requireNonNull(when, "when");
        }
    }

    /** {@code rate} per unit of billed consumption (net of export under net metering); a tax when {@code tax}. */
    record PerUnit(String name, BigDecimal rate, boolean tax, Applicability when) implements Charge {
        public PerUnit {
            requireName(name);
            requireNonNegative(rate, name);
            Objects.requireNonNull(when, "when");
        }
    }

    private static void requireName(String name) {
        TariffNames.require(name, "charge name");
    }

    private static void requireNonNegative(BigDecimal value, String what) {
        Objects.requireNonNull(value, what);
        if (value.signum() < 0) {
            throw new IllegalArgumentException(what + " is negative: " + value);
        }
    }
}
