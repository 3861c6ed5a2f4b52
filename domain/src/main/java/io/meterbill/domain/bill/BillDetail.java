package io.meterbill.domain.bill;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Groups a bill's lines at the level of detail a utility bill is printed at, so that a calculation
 * can be compared line by line with a customer's real bill: one total, per charge type, per charge
 * type and season/TOU period, or every rate line. Group amounts are sums of rounded lines.
 */
public final class BillDetail {

    public enum Level {
        TOTAL,
        CHARGE_TYPE,
        CHARGE_TYPE_AND_TOU,
        RATE;

        /** Parses {@code total}, {@code charge-type}, {@code charge-type-and-tou} or {@code rate}. */
        public static Level parse(String text) {
            for (Level level : values()) {
                if (level.name().replace('_', '-').equalsIgnoreCase(text.strip())) {
                    return level;
                }
            }
            throw new IllegalArgumentException("detail must be total, charge-type, charge-type-and-tou or rate, not '"
                    + text + "'");
        }
    }

    /** One printed row: a label and the sum of the lines in it; quantity when all of its lines share a unit. */
    public record Row(String label, BigDecimal quantity, String unit, Money amount) {
    }

    private BillDetail() {
    }

    public static List<Row> group(List<BillLine> lines, Level level) {
        Objects.requireNonNull(level, "level");
        if (lines.isEmpty()) {
            return List.of();
        }
        Map<String, List<BillLine>> groups = new LinkedHashMap<>();
        for (BillLine line : lines) {
            groups.computeIfAbsent(key(line, level), k -> new ArrayList<>()).add(line);
        }
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, List<BillLine>> group : groups.entrySet()) {
            Money amount = Money.zero(group.getValue().get(0).amount().currency());
            String unit = group.getValue().get(0).determinantUnit();
            BigDecimal quantity = BigDecimal.ZERO;
            for (BillLine line : group.getValue()) {
                amount = amount.plus(line.amount());
                if (unit != null && line.determinantUnit().equals(unit)) {
                    quantity = quantity.add(line.determinant());
                } else {
                    unit = null;
                }
            }
            boolean meaningful = unit != null && level != Level.TOTAL && !"bill".equals(unit)
                    && (group.getValue().size() == 1 || group.getValue().get(0).chargeType() == ChargeType.ENERGY);
            rows.add(new Row(group.getKey(), meaningful ? quantity : null, meaningful ? unit : null, amount));
        }
        return rows;
    }

    private static String key(BillLine line, Level level) {
        switch (level) {
            case TOTAL:
                return "TOTAL";
            case CHARGE_TYPE:
                return line.chargeType().name();
            case CHARGE_TYPE_AND_TOU:
                StringBuilder key = new StringBuilder(line.chargeType().name());
                if (line.season() != null) {
                    key.append(' ').append(line.season());
                }
                if (line.touPeriod() != null) {
                    key.append(' ').append(line.touPeriod());
                }
                return key.toString();
            default:
                return line.lineNo() + " " + line.description();
        }
    }
}
