package io.meterbill.domain.tariff;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The billing period laid out for rating under one tariff: its days (version, season, day type,
 * month) split into version segments, and for interval usage its interval grid, with every interval's
 * bucket (season x TOU period) in each schedule of its version. It depends only on the tariff, the
 * period and the interval length, so the engine builds it once per cycle and reuses it for every
 * account, leaving a tight loop over arrays per account.
 */
final class RatingCalendar {

    /** A run of days under one tariff version. */
    static final class Segment {
        final int index;
        final TariffVersion version;
        final String label;
        final int firstDay;
        int endDay;
        Lane[] lanes;
        /**
         * The active days of each of the version's charges, by identity of the charge's applicability
         * (unmodifiable lists); laid out once with the calendar so that rating an account does not
         * walk the days again. Read-only once the calendar is built.
         */
        final Map<Applicability, List<Integer>> activeDaysOf = new IdentityHashMap<>();

        Segment(int index, TariffVersion version, String label, int firstDay) {
            this.index = index;
            this.version = version;
            this.label = label;
            this.firstDay = firstDay;
        }

        int days() {
            return endDay - firstDay;
        }
    }

    /** One schedule of one segment: buckets are season x period. */
    static final class Lane {
        final int id;
        final Segment segment;
        final int scheduleIndex;
        final TouSchedule schedule;
        final int seasons;
        final int periods;
        /** Demand intervals (minutes) the segment's demand charges on this schedule measure over. */
        final int[] demandIntervals;
        int firstSlot;
        int endSlot;
        short[] bucketOfSlot;
        /**
         * The slots [firstSlot, endSlot) as runs of consecutive slots in the same bucket: run k ends
         * (exclusive) at slot {@code runEnd[k]} and starts where run k-1 ended (run 0 at firstSlot);
         * its bucket is {@code runBucket[k]}. TOU periods last hours, so a month has a few hundred runs
         * for thousands of slots, and sums over a run stay in registers.
         */
        int[] runEnd;
        short[] runBucket;

        Lane(int id, Segment segment, int scheduleIndex, int[] demandIntervals) {
            this.id = id;
            this.segment = segment;
            this.scheduleIndex = scheduleIndex;
            this.schedule = segment.version.schedules().get(scheduleIndex);
            this.seasons = segment.version.seasons().size();
            this.periods = schedule.periods().size();
            this.demandIntervals = demandIntervals;
        }

        int buckets() {
            return seasons * periods;
        }

        int bucket(int season, int period) {
            return season * periods + period;
        }

        int demandIndex(int minutes) {
            for (int i = 0; i < demandIntervals.length; i++) {
                if (demandIntervals[i] == minutes) {
                    return i;
                }
            }
            throw new IllegalStateException("no demand interval " + minutes);
        }
    }

    final Tariff tariff;
    final LocalDate from;
    final LocalDate to;
    final int days;
    final int[] daySeason;
    final DayType[] dayType;
    final int[] daySegment;
    final List<Segment> segments = new ArrayList<>();
    final List<Lane> lanes = new ArrayList<>();
    final Instant start;
    final Instant end;
    /** Interval length in minutes, 0 for a calendar of days only. */
    final int intervalMinutes;
    final int slots;
    /** The first assumption of every bill of this calendar: which tariff version(s) rated which days. */
    final String versionsAssumption;
    /** {@link #monthFraction} of each list of {@link Segment#activeDaysOf}, by identity of the list. */
    private final Map<List<Integer>, BigDecimal> monthFractionOf = new IdentityHashMap<>();

    RatingCalendar(Tariff tariff, LocalDate from, LocalDate to, int intervalMinutes) {
        this.tariff = tariff;
        this.from = from;
        this.to = to;
        this.days = (int) (to.toEpochDay() - from.toEpochDay());
        this.daySeason = new int[days];
        this.dayType = new DayType[days];
        this.daySegment = new int[days];
        Segment current = null;
        for (int d = 0; d < days; d++) {
            LocalDate day = from.plusDays(d);
            TariffVersion version = tariff.versionOn(day).orElseThrow(() -> new RatingException(
                    "tariff " + tariff.code() + " has no version in force on " + day));
            if (current == null || current.version != version) {
                if (current != null) {
                    current.endDay = d;
                }
                current = new Segment(segments.size(), version, tariff.versionLabel(version), d);
                segments.add(current);
            }
            daySegment[d] = current.index;
            daySeason[d] = version.seasons().indexOf(version.seasonOn(day));
            dayType[d] = tariff.holidays().dayTypeOf(day);
        }
        current.endDay = days;
        for (Segment segment : segments) {
            List<TouSchedule> schedules = segment.version.schedules();
            segment.lanes = new Lane[schedules.size()];
            for (int s = 0; s < schedules.size(); s++) {
                segment.lanes[s] = new Lane(lanes.size(), segment, s, demandIntervals(segment.version, s));
                lanes.add(segment.lanes[s]);
            }
        }
        this.start = from.atStartOfDay(tariff.zone()).toInstant();
        this.end = to.atStartOfDay(tariff.zone()).toInstant();
        this.intervalMinutes = intervalMinutes;
        if (intervalMinutes > 0) {
            long minutes = Duration.between(start, end).toMinutes();
            this.slots = (int) (minutes / intervalMinutes);
            layOutSlots();
        } else {
            this.slots = 0;
        }
        for (Segment segment : segments) {
            for (Charge charge : segment.version.charges()) {
                if (!segment.activeDaysOf.containsKey(charge.when())) {
                    List<Integer> active = java.util.Collections.unmodifiableList(
                            layOutActiveDays(segment, charge.when()));
                    segment.activeDaysOf.put(charge.when(), active);
                    monthFractionOf.put(active, layOutMonthFraction(active));
                }
            }
        }
        this.versionsAssumption = describeVersions();
    }

    private String describeVersions() {
        List<String> parts = new ArrayList<>();
        for (Segment s : segments) {
            parts.add(s.label + " from " + from.plusDays(s.firstDay) + " to " + from.plusDays(s.endDay - 1) + " ("
                    + s.days() + " of " + days + " days)");
        }
        if (parts.size() == 1) {
            return "tariff version " + parts.get(0);
        }
        return "tariff version changes inside the period; usage split by version: " + String.join("; ", parts)
                + "; fixed and demand charges and tier limits prorated by days";
    }

    private static int[] demandIntervals(TariffVersion version, int scheduleIndex) {
        return version.charges().stream()
                .filter(c -> c instanceof Charge.Demand)
                .map(c -> (Charge.Demand) c)
                .filter(c -> version.scheduleIndex(c.when().schedule()) == scheduleIndex)
                .mapToInt(Charge.Demand::intervalMinutes).distinct().toArray();
    }

    private void layOutSlots() {
        int[] slotDay = new int[slots];
        byte[] slotHour = new byte[slots];
        long stepSeconds = intervalMinutes * 60L;
        long startEpoch = start.getEpochSecond();
        long fromEpochDay = from.toEpochDay();
        for (int i = 0; i < slots; i++) {
            LocalDateTime local = LocalDateTime.ofInstant(Instant.ofEpochSecond(startEpoch + i * stepSeconds),
                    tariff.zone());
            slotDay[i] = (int) (local.toLocalDate().toEpochDay() - fromEpochDay);
            slotHour[i] = (byte) local.getHour();
        }
        for (Segment segment : segments) {
            int first = 0;
            while (first < slots && slotDay[first] < segment.firstDay) {
                first++;
            }
            int endSlot = first;
            while (endSlot < slots && slotDay[endSlot] < segment.endDay) {
                endSlot++;
            }
            for (Lane lane : segment.lanes) {
                lane.firstSlot = first;
                lane.endSlot = endSlot;
                lane.bucketOfSlot = new short[endSlot - first];
                for (int i = first; i < endSlot; i++) {
                    int d = slotDay[i];
                    int month = from.plusDays(d).getMonthValue();
                    int period = lane.schedule.periodAt(month, dayType[d], slotHour[i]);
                    lane.bucketOfSlot[i - first] = (short) lane.bucket(daySeason[d], period);
                }
                layOutRuns(lane);
            }
        }
    }

    private static void layOutRuns(Lane lane) {
        short[] bucketOf = lane.bucketOfSlot;
        int runs = 0;
        for (int i = 0; i < bucketOf.length; i++) {
            if (i == 0 || bucketOf[i] != bucketOf[i - 1]) {
                runs++;
            }
        }
        lane.runEnd = new int[runs];
        lane.runBucket = new short[runs];
        int k = -1;
        for (int i = 0; i < bucketOf.length; i++) {
            if (i == 0 || bucketOf[i] != bucketOf[i - 1]) {
                k++;
                lane.runBucket[k] = bucketOf[i];
            }
            lane.runEnd[k] = lane.firstSlot + i + 1;
        }
    }

    Month monthOfDay(int d) {
        return from.plusDays(d).getMonth();
    }

    /**
     * The days of a segment on which a charge is in effect: in one of its seasons (if it names any) and
     * in a month in which one of its periods occurs (if it names any). Unmodifiable.
     */
    List<Integer> activeDays(Segment segment, Applicability when) {
        List<Integer> active = segment.activeDaysOf.get(when);
        return active != null ? active : java.util.Collections.unmodifiableList(layOutActiveDays(segment, when));
    }

    private List<Integer> layOutActiveDays(Segment segment, Applicability when) {
        Set<Month> months = null;
        if (!when.periods().isEmpty()) {
            TouSchedule schedule = segment.version.schedule(when.schedule());
            months = java.util.EnumSet.noneOf(Month.class);
            for (String period : when.periods()) {
                months.addAll(schedule.monthsOf(schedule.periodIndex(period)));
            }
        }
        List<Integer> active = new ArrayList<>();
        for (int d = segment.firstDay; d < segment.endDay; d++) {
            if (!when.seasons().isEmpty()
                    && !when.seasons().contains(segment.version.seasons().get(daySeason[d]).name())) {
                continue;
            }
            if (months != null && !months.contains(monthOfDay(d))) {
                continue;
            }
            active.add(d);
        }
        return active;
    }

    /** Days counted as months: each day is 1/(days in its calendar month), so a calendar month is exactly 1. */
    java.math.BigDecimal monthFraction(List<Integer> activeDays) {
        BigDecimal fraction = monthFractionOf.get(activeDays);
        return fraction != null ? fraction : layOutMonthFraction(activeDays);
    }

    private BigDecimal layOutMonthFraction(List<Integer> activeDays) {
        java.math.BigDecimal sum = java.math.BigDecimal.ZERO;
        int i = 0;
        while (i < activeDays.size()) {
            LocalDate day = from.plusDays(activeDays.get(i));
            int count = 0;
            while (i < activeDays.size() && from.plusDays(activeDays.get(i)).getMonth() == day.getMonth()
                    && from.plusDays(activeDays.get(i)).getYear() == day.getYear()) {
                count++;
                i++;
            }
            sum = sum.add(java.math.BigDecimal.valueOf(count)
                    .divide(java.math.BigDecimal.valueOf(day.lengthOfMonth()), 12, java.math.RoundingMode.HALF_UP));
        }
        return sum.stripTrailingZeros().scale() < 0 ? sum.setScale(0) : sum.stripTrailingZeros();
    }
}
