package io.meterbill.domain.tariff;

import io.meterbill.domain.bill.BillLine;
import io.meterbill.domain.bill.ChargeType;
import io.meterbill.domain.registry.Commodity;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Currency;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/** Small builders for the engine's tests: tariffs in code, usage on a grid. */
final class TestTariffs {
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final Currency USD = Currency.getInstance("USD");
    static final LocalDate EPOCH = LocalDate.of(2000, 1, 1);

    private TestTariffs() {
    }

    static BigDecimal d(String value) {
        return new BigDecimal(value);
    }

    static Tariff tariff(String code, TariffVersion... versions) {
        return Tariff.electric(new TariffCode(code), code, USD, NEW_YORK, List.of(versions));
    }

    static Tariff tariff(String code, Commodity commodity, String unit, TariffVersion... versions) {
        return new Tariff(new TariffCode(code), code, "", commodity, USD, NEW_YORK, unit, "kW",
                HolidayCalendar.none(), List.of(), List.of(versions));
    }

    static TariffVersion version(LocalDate from, LocalDate to, Charge... charges) {
        return TariffVersion.simple(from, to, List.of(charges));
    }

    static Charge.Fixed perBill(String name, String amount) {
        return new Charge.Fixed(name, d(amount), Charge.Basis.BILL, Charge.Proration.BILLING_PERIOD, Applicability.ALWAYS);
    }

    static Charge.Energy flat(String name, String rate) {
        return Charge.Energy.flat(name, d(rate), Applicability.ALWAYS);
    }

    static Charge.Energy flat(String name, String rate, Applicability when) {
        return Charge.Energy.flat(name, d(rate), when);
    }

    static Charge.Demand demand(String name, String rate, int minutes, Applicability when) {
        return new Charge.Demand(name, d(rate), minutes, null, when);
    }

    static Charge.Percentage tax(String name, String percent) {
        return new Charge.Percentage(name, d(percent), Set.of(), true, Applicability.ALWAYS);
    }

    /** On-peak 14:00-19:00 on weekdays all year; everything else off-peak. */
    static TouSchedule weekdayAfternoonPeak() {
        return TouSchedule.fromRules("tou", "off_peak", List.of(new TouSchedule.Rule("on_peak", Set.of(),
                EnumSet.of(DayType.WEEKDAY), 14, 19)));
    }

    static List<Season> summerWinter() {
        return List.of(new Season("summer", MonthDay.of(6, 1), MonthDay.of(9, 30)),
                new Season("winter", MonthDay.of(10, 1), MonthDay.of(5, 31)));
    }

    static Instant startOf(LocalDate day) {
        return day.atStartOfDay(NEW_YORK).toInstant();
    }

    /** Usage over [from, to) in New York on a grid, each interval's delivered value given by its start time. */
    static IntervalUsage usage(LocalDate from, LocalDate to, int minutes, ToLongFunction<ZonedDateTime> delivered,
            ToLongFunction<ZonedDateTime> received) {
        IntervalUsage.Builder builder = IntervalUsage.builder(startOf(from), startOf(to), minutes);
        for (Instant t = startOf(from); t.isBefore(startOf(to)); t = t.plusSeconds(minutes * 60L)) {
            ZonedDateTime local = t.atZone(NEW_YORK);
            builder.delivered(t, delivered.applyAsLong(local));
            if (received != null) {
                builder.received(t, received.applyAsLong(local));
            }
        }
        return builder.build();
    }

    static IntervalUsage usage(LocalDate from, LocalDate to, int minutes, ToLongFunction<ZonedDateTime> delivered) {
        return usage(from, to, minutes, delivered, null);
    }

    static List<String> amounts(BillCalculation bill) {
        List<String> amounts = new ArrayList<>();
        for (BillLine line : bill.lines()) {
            amounts.add(line.description() + "=" + line.amount().amount().toPlainString());
        }
        return amounts;
    }

    static BillLine line(BillCalculation bill, ChargeType type, String descriptionStart) {
        return bill.lines().stream().filter(l -> l.chargeType() == type && l.description().startsWith(descriptionStart))
                .findFirst().orElseThrow(() -> new AssertionError("no " + type + " line '" + descriptionStart + "' in "
                        + amounts(bill)));
    }

    static Map<String, String> props(String... kv) {
        Map<String, String> map = new java.util.HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            map.put(kv[i], kv[i + 1]);
        }
        return map;
    }

    static Month month(int m) {
        return Month.of(m);
    }
}
