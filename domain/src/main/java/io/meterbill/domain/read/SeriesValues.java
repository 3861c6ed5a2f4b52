package io.meterbill.domain.read;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * Consecutive interval values and where they came from: value {@code i} covers [start + i x length,
 * start + (i + 1) x length), in milli-units of its channel's base unit, and sits at
 * {@code sourcePosition + i x positionStep} of {@code sourceFile} (a CSV line, a Parquet row, a Green
 * Button reading). Values are actual unless listed among the exceptions to quality. The arrays are
 * copied in and out, so this is a value; hot paths use {@link #valueAt} and {@link #copyValuesInto}.
 */
public final class SeriesValues {

    private final Instant start;
    private final int intervalMinutes;
    private final long[] values;
    private final int[] nonActualSlots;
    private final ReadQuality[] nonActualQualities;
    private final String sourceFile;
    private final long sourcePosition;
    private final int positionStep;

    /**
     * @param nonActualSlots indexes of values that are not {@link ReadQuality#ACTUAL}, increasing
     * @param nonActualQualities their quality, one per slot
     * @param positionStep how far apart in the source consecutive values are: 0 when they share one row
     *     (a wide row), 1 when they are on consecutive lines, 2 when another channel's lines alternate
     */
    public SeriesValues(Instant start, int intervalMinutes, long[] values, int[] nonActualSlots,
            ReadQuality[] nonActualQualities, String sourceFile, long sourcePosition, int positionStep) {
        this(start, intervalMinutes, values, nonActualSlots, nonActualQualities, sourceFile, sourcePosition,
                positionStep, false);
    }

    /**
     * As the constructor, but the arrays become the series' own instead of being copied: for a reader that
     * fills fresh arrays per row and never touches them again (an import copies each value once less).
     */
    public static SeriesValues adopting(Instant start, int intervalMinutes, long[] values, int[] nonActualSlots,
            ReadQuality[] nonActualQualities, String sourceFile, long sourcePosition, int positionStep) {
        return new SeriesValues(start, intervalMinutes, values, nonActualSlots, nonActualQualities, sourceFile,
                sourcePosition, positionStep, true);
    }

    private SeriesValues(Instant start, int intervalMinutes, long[] values, int[] nonActualSlots,
            ReadQuality[] nonActualQualities, String sourceFile, long sourcePosition, int positionStep, boolean adopt) {
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
                throw new IllegalArgumentException("negative quantity " + v);
            }
        }
        this.values = adopt ? values : values.clone();
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
        this.nonActualSlots = adopt ? nonActualSlots : nonActualSlots.clone();
        this.nonActualQualities = adopt ? nonActualQualities : nonActualQualities.clone();
        this.sourceFile = Objects.requireNonNull(sourceFile, "sourceFile");
        this.sourcePosition = sourcePosition;
        if (positionStep < 0) {
            throw new IllegalArgumentException("position step is negative: " + positionStep);
        }
        this.positionStep = positionStep;
    }

    /** Values that are all actual. */
    public static SeriesValues actual(Instant start, int intervalMinutes, long[] values, String sourceFile,
            long sourcePosition, int positionStep) {
        return new SeriesValues(start, intervalMinutes, values, new int[0], new ReadQuality[0], sourceFile,
                sourcePosition, positionStep);
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

    public int positionStep() {
        return positionStep;
    }

    /** Where in the source value {@code index} came from. */
    public long sourcePositionOf(int index) {
        return sourcePosition + (long) index * positionStep;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SeriesValues s && s.start.equals(start) && s.intervalMinutes == intervalMinutes
                && Arrays.equals(s.values, values) && Arrays.equals(s.nonActualSlots, nonActualSlots)
                && Arrays.equals(s.nonActualQualities, nonActualQualities) && s.sourceFile.equals(sourceFile)
                && s.sourcePosition == sourcePosition && s.positionStep == positionStep;
    }

    @Override
    public int hashCode() {
        return Objects.hash(start, intervalMinutes, Arrays.hashCode(values), sourceFile, sourcePosition);
    }

    @Override
    public String toString() {
        return start + " " + values.length + " x " + intervalMinutes + " min (" + sourceFile + " @" + sourcePosition
                + (positionStep == 1 ? "" : " step " + positionStep) + ")";
    }
}
