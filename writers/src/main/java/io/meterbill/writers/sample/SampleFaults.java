package io.meterbill.writers.sample;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The faults the sample generator injects, at chosen rates, so tests can check what the import found
 * against what was put in. A rate is the chance that an account gets that fault (drawn per account from
 * the seed, so the counts vary around rate x accounts); an account gets at most one (so the rates of the
 * per-account faults add up to at most 1), which keeps what each fault should do to the store exact. Unknown meters are extra serials, not accounts: their rate is their number as a
 * share of the accounts (at least one when the rate is above 0).
 */
public final class SampleFaults {

    /** A kind of fault, with its option name in {@code --faults}. */
    public enum Kind {
        /** a run of 4 to 96 quarter hours missing from the export (lost by the head-end) */
        GAP("gaps"),
        /** one quarter hour 20 to 50 times its true value plus 5 kWh */
        SPIKE("spikes"),
        /** a day (96 quarter hours) of zero use */
        ZERO_RUN("zero-runs"),
        /** a day (96 quarter hours) all reading the same non-zero value */
        STUCK("stuck"),
        /** the meter exchanged mid-month: the service point is fed by the old meter, then a new one */
        EXCHANGE("exchanges"),
        /** one row of the export written twice, the same values */
        DUPLICATE_ROW("duplicates"),
        /** one row of the export garbled so it cannot be read (a value that is not a number, an empty serial) */
        MALFORMED_ROW("malformed"),
        /** reads of a meter the registry does not know */
        UNKNOWN_METER("unknown-meters");

        private final String option;

        Kind(String option) {
            this.option = option;
        }

        public String option() {
            return option;
        }

        static Kind fromOption(String option) {
            for (Kind kind : values()) {
                if (kind.option.equalsIgnoreCase(option)) {
                    return kind;
                }
            }
            StringBuilder known = new StringBuilder();
            for (Kind kind : values()) {
                known.append(known.length() == 0 ? "" : ", ").append(kind.option);
            }
            throw new IllegalArgumentException("fault '" + option + "' is not one of " + known);
        }
    }

    /**
     * The fault an account gets and where: {@code at} is the quarter-hour index in the month (the first
     * interval of a run, the spiked interval, the exchange, or an interval of the duplicated or garbled
     * row); {@code length} the run's length; {@code factor} a spike's multiple.
     */
    record Planned(Kind kind, int at, int length, int factor) {
    }

    public static final SampleFaults NONE = new SampleFaults(Map.of());

    private final Map<Kind, Double> rates;

    private SampleFaults(Map<Kind, Double> rates) {
        this.rates = Map.copyOf(rates);
        double perAccount = 0;
        for (Map.Entry<Kind, Double> rate : rates.entrySet()) {
            if (!(rate.getValue() >= 0 && rate.getValue() <= 1)) {
                throw new IllegalArgumentException("the rate of " + rate.getKey().option + " must be between 0 and 1");
            }
            if (rate.getKey() != Kind.UNKNOWN_METER) {
                perAccount += rate.getValue();
            }
        }
        if (perAccount > 1 + 1e-9) {
            throw new IllegalArgumentException("an account gets at most one fault, so the rates of gaps, spikes,"
                    + " zero-runs, stuck, exchanges, duplicates and malformed must add up to at most 1 (they add up to "
                    + String.format(Locale.ROOT, "%.4g", perAccount) + "; all=R sets each of those seven to R, so R can"
                    + " be at most 0.14)");
        }
    }

    /**
     * Parses {@code gaps=0.02,spikes=0.01,...}; {@code all=R} sets every kind to R (and may be followed by
     * kinds set otherwise); {@code none} or an empty text injects nothing.
     */
    public static SampleFaults parse(String text) {
        if (text == null || text.isBlank() || text.strip().equalsIgnoreCase("none")) {
            return NONE;
        }
        Map<Kind, Double> rates = new EnumMap<>(Kind.class);
        java.util.Set<Kind> named = java.util.EnumSet.noneOf(Kind.class);
        for (String part : text.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("faults are KIND=RATE separated by commas, e.g. gaps=0.02,spikes=0.01;"
                        + " '" + part.strip() + "' is not");
            }
            double rate;
            try {
                rate = Double.parseDouble(kv[1].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the rate in '" + part.strip() + "' is not a number");
            }
            if (kv[0].strip().equalsIgnoreCase("all")) {
                for (Kind kind : Kind.values()) {
                    rates.put(kind, rate);
                }
            } else {
                Kind kind = Kind.fromOption(kv[0].strip());
                if (!named.add(kind)) {
                    throw new IllegalArgumentException("fault " + kind.option + " is given twice");
                }
                rates.put(kind, rate);
            }
        }
        return new SampleFaults(rates);
    }

    public double rate(Kind kind) {
        return rates.getOrDefault(kind, 0.0);
    }

    public boolean any() {
        return rates.values().stream().anyMatch(rate -> rate > 0);
    }

    /** How many unknown meters to add to {@code accounts} accounts. */
    int unknownMeters(int accounts) {
        double rate = rate(Kind.UNKNOWN_METER);
        return rate <= 0 ? 0 : Math.max(1, (int) Math.round(rate * accounts));
    }

    /**
     * The fault planned for an account whose month has {@code quarters} quarter hours, or null; the same
     * for a seed and account whatever else is generated.
     */
    Planned plan(long seed, int account, int quarters) {
        SplittableRandom random = new SplittableRandom(seed * 31_337L + account * 7L + 3);
        double draw = random.nextDouble();
        double cumulative = 0;
        Kind chosen = null;
        for (Kind kind : Kind.values()) {
            if (kind == Kind.UNKNOWN_METER) {
                continue;
            }
            cumulative += rate(kind);
            if (draw < cumulative) {
                chosen = kind;
                break;
            }
        }
        if (chosen == null) {
            return null;
        }
        int day = 96;
        return switch (chosen) {
            case GAP -> {
                int length = 4 + random.nextInt(93);
                yield new Planned(chosen, random.nextInt(quarters - length), length, 0);
            }
            case SPIKE -> new Planned(chosen, random.nextInt(quarters), 1, 20 + random.nextInt(31));
            case ZERO_RUN, STUCK -> new Planned(chosen, random.nextInt(quarters - day), day, 0);
            // between the third day and three days before the month ends, on the hour
            case EXCHANGE -> new Planned(chosen, day * 3 + 4 * random.nextInt((quarters - day * 6) / 4), 0, 0);
            default -> new Planned(chosen, random.nextInt(quarters), 1, 0);
        };
    }

    /** {@code gaps=0.02,...} as parsed, for the manifest's header. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (Kind kind : Kind.values()) {
            if (rate(kind) > 0) {
                text.append(text.length() == 0 ? "" : ",").append(kind.option).append('=')
                        .append(String.format(Locale.ROOT, "%s", rate(kind)));
            }
        }
        return text.length() == 0 ? "none" : text.toString();
    }
}
