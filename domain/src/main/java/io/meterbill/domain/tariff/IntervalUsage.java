package io.meterbill.domain.tariff;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A billing period's interval reads on a regular grid: consumption delivered to the customer and,
 * for a customer with an export channel, received from the customer (solar export), in milli-units
 * per interval, the first interval starting at {@code start}. Reads are placed by their start time,
 * so the order they arrive in does not matter; an interval no read fills counts as zero and is counted
 * in {@link #missingDelivered()}.
 */
public final class IntervalUsage implements Usage {

    private final Instant start;
    private final int intervalMinutes;
    private final long[] delivered;
    private final long[] received;
    private final int missingDelivered;
    private final int missingReceived;

    public IntervalUsage(Instant start, int intervalMinutes, long[] delivered, long[] received) {
        this(start, intervalMinutes, delivered, received, 0, 0);
    }

    private IntervalUsage(Instant start, int intervalMinutes, long[] delivered, long[] received, int missing,
            int missingReceived) {
        this.start = Objects.requireNonNull(start, "start");
        if (intervalMinutes <= 0 || 60 % intervalMinutes != 0) {
            throw new IllegalArgumentException("interval length must divide an hour (1, 5, 10, 15, 30, 60 minutes), not "
                    + intervalMinutes);
        }
        this.intervalMinutes = intervalMinutes;
        this.delivered = Objects.requireNonNull(delivered, "delivered");
        if (received != null && received.length != delivered.length) {
            throw new IllegalArgumentException("received and delivered intervals differ in number");
        }
        this.received = received;
        this.missingDelivered = missing;
        this.missingReceived = missingReceived;
    }

    public Instant start() {
        return start;
    }

    public Instant end() {
        return start.plus(Duration.ofMinutes((long) intervalMinutes * delivered.length));
    }

    public int intervalMinutes() {
        return intervalMinutes;
    }

    public int intervals() {
        return delivered.length;
    }

    /** Delivered milli-units per interval; not copied, for speed: do not modify. */
    long[] delivered() {
        return delivered;
    }

    /** Received milli-units per interval, or null when there is no export channel. */
    long[] received() {
        return received;
    }

    public boolean hasExport() {
        return received != null;
    }

    public int missingDelivered() {
        return missingDelivered;
    }

    /** Intervals with no received read, when there is an export channel (0 without one). */
    public int missingReceived() {
        return missingReceived;
    }

    public long totalDelivered() {
        long sum = 0;
        for (long v : delivered) {
            sum += v;
        }
        return sum;
    }

    public long totalReceived() {
        long sum = 0;
        if (received != null) {
            for (long v : received) {
                sum += v;
            }
        }
        return sum;
    }

    public static Builder builder(Instant start, Instant end, int intervalMinutes) {
        return new Builder(start, end, intervalMinutes);
    }

    /** Collects reads in any order onto the grid; a read that does not fall on the grid is refused. */
    public static final class Builder {
        private final Instant start;
        private final int intervalMinutes;
        private final long[] delivered;
        private final boolean[] filled;
        private long[] received;
        private boolean[] receivedFilled;

        private Builder(Instant start, Instant end, int intervalMinutes) {
            this.start = start;
            this.intervalMinutes = intervalMinutes;
            long minutes = Duration.between(start, end).toMinutes();
            if (minutes <= 0 || minutes % intervalMinutes != 0) {
                throw new IllegalArgumentException("period " + start + " to " + end + " is not a whole number of "
                        + intervalMinutes + "-minute intervals");
            }
            this.delivered = new long[(int) (minutes / intervalMinutes)];
            this.filled = new boolean[delivered.length];
        }

        private int slot(Instant readStart) {
            long seconds = Duration.between(start, readStart).getSeconds();
            long step = intervalMinutes * 60L;
            if (seconds < 0 || seconds / step >= delivered.length) {
                throw new IllegalArgumentException("read at " + readStart + " is outside the period " + start + " to "
                        + start.plusSeconds(step * delivered.length));
            }
            if (seconds % step != 0) {
                throw new IllegalArgumentException("read at " + readStart + " is not on the " + intervalMinutes
                        + "-minute grid of the period starting " + start);
            }
            return (int) (seconds / step);
        }

        public Builder delivered(Instant readStart, long milli) {
            int slot = slot(readStart);
            delivered[slot] += milli;
            filled[slot] = true;
            return this;
        }

        public Builder received(Instant readStart, long milli) {
            int slot = slot(readStart);
            if (received == null) {
                received = new long[delivered.length];
                receivedFilled = new boolean[delivered.length];
            }
            received[slot] += milli;
            receivedFilled[slot] = true;
            return this;
        }

        /**
         * Adds consecutive reads of one channel starting at {@code first}, {@code minutes} apart, placing
         * the slot once for the run rather than once per read.
         *
         * @throws IllegalArgumentException when the run's length is not the grid's or it falls off the grid
         */
        public Builder run(boolean receivedChannel, Instant first, int minutes, long[] milli, int count) {
            if (minutes != intervalMinutes) {
                throw new IllegalArgumentException("reads of different interval lengths (" + intervalMinutes + " and "
                        + minutes + " minutes) in one billing window");
            }
            if (count == 0) {
                return this;
            }
            int from = slot(first);
            if (from + count > delivered.length) {
                slot(first.plusSeconds(60L * minutes * (count - 1))); // names the first read past the end
            }
            long[] target;
            boolean[] targetFilled;
            if (receivedChannel) {
                if (received == null) {
                    received = new long[delivered.length];
                    receivedFilled = new boolean[delivered.length];
                }
                target = received;
                targetFilled = receivedFilled;
            } else {
                target = delivered;
                targetFilled = filled;
            }
            for (int i = 0; i < count; i++) {
                target[from + i] += milli[i];
                targetFilled[from + i] = true;
            }
            return this;
        }

        public IntervalUsage build() {
            int missing = 0;
            for (boolean f : filled) {
                if (!f) {
                    missing++;
                }
            }
            int missingReceived = 0;
            if (receivedFilled != null) {
                for (boolean f : receivedFilled) {
                    if (!f) {
                        missingReceived++;
                    }
                }
            }
            return new IntervalUsage(start, intervalMinutes, delivered, received, missing, missingReceived);
        }
    }
}
