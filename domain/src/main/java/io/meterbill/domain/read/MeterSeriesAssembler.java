package io.meterbill.domain.read;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns reads that arrive one per row (the long formats) into meter series: consecutive intervals of
 * one meter and channel whose rows are evenly spaced in the source (every line, or every other line
 * when two channels alternate) join one series, so provenance stays exact for every value. A series is
 * closed by a gap in time, a change of interval length or row spacing, or when it reaches a day of
 * values; {@link #flush()} closes the rest at the end of the input.
 */
public final class MeterSeriesAssembler {

    private static final int MAX_VALUES = 1440;
    /** Values held in open series before all are closed, so memory stays bounded for any row order. */
    private static final int MAX_BUFFERED = 2_000_000;
    private static final int[] NO_SLOTS = new int[0];
    private static final ReadQuality[] NO_QUALITIES = new ReadQuality[0];

    private final String sourceFile;
    private final Map<Key, Open> open = new HashMap<>();
    private final List<MeterSeries> closed = new ArrayList<>();
    private long buffered;

    private record Key(io.meterbill.domain.registry.MeterSerial meter, Channel channel) {
    }

    private static final class Open {
        final Key key;
        final long startSecond;
        final int minutes;
        final long firstPosition;
        int step = -1;
        long[] values = new long[96];
        int size;
        long lastPosition;
        /** Slots of the values that are not actual, and their quality (most series have none). */
        int[] nonActualSlots = NO_SLOTS;
        ReadQuality[] nonActualQualities = NO_QUALITIES;
        int nonActual;

        Open(Key key, long startSecond, int minutes, long position, long value, ReadQuality quality) {
            this.key = key;
            this.startSecond = startSecond;
            this.minutes = minutes;
            this.firstPosition = position;
            this.lastPosition = position;
            values[0] = value;
            size = 1;
            note(0, quality);
        }

        private void note(int slot, ReadQuality quality) {
            if (quality == ReadQuality.ACTUAL) {
                return;
            }
            if (nonActual == nonActualSlots.length) {
                nonActualSlots = Arrays.copyOf(nonActualSlots, Math.max(8, nonActual * 2));
                nonActualQualities = Arrays.copyOf(nonActualQualities, nonActualSlots.length);
            }
            nonActualSlots[nonActual] = slot;
            nonActualQualities[nonActual++] = quality;
        }

        boolean continuesWith(IntervalRead read, long position) {
            if (read.length().toMinutes() != minutes || size == MAX_VALUES) {
                return false;
            }
            if (read.start().getEpochSecond() != startSecond + 60L * minutes * size) {
                return false;
            }
            long gap = position - lastPosition;
            return gap > 0 && gap <= Integer.MAX_VALUE && (step < 0 || gap == step);
        }

        void add(long value, ReadQuality quality, long position) {
            if (step < 0) {
                step = (int) (position - lastPosition);
            }
            if (size == values.length) {
                values = Arrays.copyOf(values, Math.min(MAX_VALUES, size * 2));
            }
            note(size, quality);
            values[size++] = value;
            lastPosition = position;
        }
    }

    public MeterSeriesAssembler(String sourceFile) {
        this.sourceFile = Objects.requireNonNull(sourceFile, "sourceFile");
    }

    /** Adds the actual read found at {@code position} (e.g. its line); positions must increase. */
    public void add(IntervalRead read, long position) {
        add(read, ReadQuality.ACTUAL, position);
    }

    /** Adds the read found at {@code position} (e.g. its line) with its quality; positions must increase. */
    public void add(IntervalRead read, ReadQuality quality, long position) {
        Key key = new Key(read.meter(), read.channel());
        Open series = open.get(key);
        if (series != null && series.continuesWith(read, position)) {
            series.add(read.milliUnits(), quality, position);
        } else {
            if (series != null) {
                close(series);
            }
            open.put(key, new Open(key, read.start().getEpochSecond(), (int) read.length().toMinutes(), position,
                    read.milliUnits(), quality));
        }
        if (++buffered > MAX_BUFFERED) {
            closeAll(); // e.g. a file sorted by time across many meters: shorter series, bounded memory
        }
    }

    private void closeAll() {
        List<Open> remaining = new ArrayList<>(open.values());
        remaining.sort((a, b) -> Long.compare(a.firstPosition, b.firstPosition));
        remaining.forEach(this::close);
        open.clear();
    }

    /** The series closed since the last call (in the order they were closed), without the open ones. */
    public List<MeterSeries> takeClosed() {
        List<MeterSeries> taken = List.copyOf(closed);
        closed.clear();
        return taken;
    }

    /** Closes every open series; returns all series not yet taken. */
    public List<MeterSeries> flush() {
        closeAll();
        return takeClosed();
    }

    /** How many series are still open (a reader flushes when its input ends). */
    public int openSeries() {
        return open.size();
    }

    private void close(Open series) {
        buffered -= series.size;
        closed.add(new MeterSeries(series.key.meter(), series.key.channel(), SeriesValues.adopting(
                java.time.Instant.ofEpochSecond(series.startSecond), series.minutes, Arrays.copyOf(series.values,
                        series.size), Arrays.copyOf(series.nonActualSlots, series.nonActual),
                Arrays.copyOf(series.nonActualQualities, series.nonActual), sourceFile, series.firstPosition,
                series.size == 1 ? 1 : series.step)));
        open.remove(series.key, series);
    }
}
