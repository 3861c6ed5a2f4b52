package io.meterbill.domain.read;

import io.meterbill.domain.registry.MeterSerial;
import io.meterbill.domain.registry.ServicePointId;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * Consecutive interval values of one service point's channel, read by one meter and taken from one
 * place of one input: the unit the interval store keeps (a series, not a timestamp per value). Value
 * {@code i} covers [start + i x length, start + (i + 1) x length), in milli-units of the channel's
 * base unit. Values are actual unless listed among the exceptions to quality.
 *
 * <p>The arrays are copied in and out, so a series is a value; the store's hot paths use
 * {@link #valueAt} and {@link #copyValuesInto} rather than {@link #values()}.
 */
public final class IntervalSeries {

    private final ServicePointId servicePoint;
    private final Channel channel;
    private final MeterSerial meter;
    private final Instant start;
    private final int intervalMinutes;
    private final long[] values;
    private final int[] nonActualSlots;
    private final ReadQuality[] nonActualQualities;
    private final String sourceFile;
    private final long sourcePosition;

    /**
     * @param nonActualSlots indexes of values that are not {@link ReadQuality#ACTUAL}, increasing
     * @param nonActualQualities their quality, one per slot
     * @param sourcePosition where in the source the series starts (line of a CSV, row of a Parquet file,
     *     reading index of a Green Button block), for audit
     */
    public IntervalSeries(ServicePointId servicePoint, Channel channel, MeterSerial meter, Instant start,
            int intervalMinutes, long[] values, int[] nonActualSlots, ReadQuality[] nonActualQualities,
            String sourceFile, long sourcePosition) {
        this.servicePoint = Objects.requireNonNull(servicePoint, "servicePoint");
        this.channel = Objects.requireNonNull(channel, "channel");
        this.meter = Objects.requireNonNull(meter, "meter");
        this.start = Objects.requireNonNull(start, "start");
        if (!IntervalRead.SUPPORTED_LENGTHS.contains(Duration.ofMinutes(intervalMinutes))) {
            throw new IllegalArgumentException("unsupported interval length " + intervalMinutes + " minutes");
        }
        if (start.getEpochSecond() % 60 != 0 || start.getNano() != 0) {
            throw new IllegalArgumentException("series start " + start + " is not on a whole minute");
        }
        this.intervalMinutes = intervalMinutes;
        if (values.length == 0) {
            throw new IllegalArgumentException("a series has at least one value");
        }
        for (long v : values) {
            if (v < 0) {
                throw new IllegalArgumentException("negative quantity " + v + " in series of " + servicePoint);
            }
        }
        this.values = values.clone();
        if (nonActualSlots.length != nonActualQualities.length) {
            throw new IllegalArgumentException("one quality per non-actual slot");
        }
        for (int i = 0; i < nonActualSlots.length; i++) {
            int slot = nonActualSlots[i];
            if (slot < 0 || slot >= values.length || (i > 0 && slot <= nonActualSlots[i - 1])) {
                throw new IllegalArgumentException("non-actual slots must be increasing indexes of the values");
            }
            if (nonActualQualities[i] == ReadQuality.ACTUAL) {
                throw new IllegalArgumentException("slot " + slot + " is listed as non-actual but is ACTUAL");
            }
        }
        this.nonActualSlots = nonActualSlots.clone();
        this.nonActualQualities = nonActualQualities.clone();
        this.sourceFile = Objects.requireNonNull(sourceFile, "sourceFile");
        this.sourcePosition = sourcePosition;
    }

    /** A series whose values are all actual. */
    public static IntervalSeries actual(ServicePointId servicePoint, Channel channel, MeterSerial meter, Instant start,
            int intervalMinutes, long[] values, String sourceFile, long sourcePosition) {
        return new IntervalSeries(servicePoint, channel, meter, start, intervalMinutes, values, new int[0],
                new ReadQuality[0], sourceFile, sourcePosition);
    }

    public ServicePointId servicePoint() {
        return servicePoint;
    }

    public Channel channel() {
        return channel;
    }

    public MeterSerial meter() {
        return meter;
    }

    public Instant start() {
        return start;
    }

    public Instant end() {
        return start.plusSeconds(60L * intervalMinutes * values.length);
    }

    public int intervalMinutes() {
        return intervalMinutes;
    }

    public int size() {
        return values.length;
    }

    public long valueAt(int index) {
        return values[index];
    }

    public long[] values() {
        return values.clone();
    }

    public void copyValuesInto(long[] target, int offset) {
        System.arraycopy(values, 0, target, offset, values.length);
    }

    public ReadQuality qualityAt(int index) {
        int found = Arrays.binarySearch(nonActualSlots, index);
        return found >= 0 ? nonActualQualities[found] : ReadQuality.ACTUAL;
    }

    public int[] nonActualSlots() {
        return nonActualSlots.clone();
    }

    public ReadQuality[] nonActualQualities() {
        return nonActualQualities.clone();
    }

    public long total() {
        long sum = 0;
        for (long v : values) {
            sum += v;
        }
        return sum;
    }

    public String sourceFile() {
        return sourceFile;
    }

    public long sourcePosition() {
        return sourcePosition;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IntervalSeries s && s.servicePoint.equals(servicePoint) && s.channel == channel
                && s.meter.equals(meter) && s.start.equals(start) && s.intervalMinutes == intervalMinutes
                && Arrays.equals(s.values, values) && Arrays.equals(s.nonActualSlots, nonActualSlots)
                && Arrays.equals(s.nonActualQualities, nonActualQualities) && s.sourceFile.equals(sourceFile)
                && s.sourcePosition == sourcePosition;
    }

    @Override
    public int hashCode() {
        return Objects.hash(servicePoint, channel, start, intervalMinutes, Arrays.hashCode(values));
    }

    @Override
    public String toString() {
        return servicePoint + " " + channel.code() + " " + start + " " + values.length + " x " + intervalMinutes
                + " min from " + meter + " (" + sourceFile + " @" + sourcePosition + ")";
    }
}
