package io.meterbill.domain.read;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Settles what a bucket of the interval store holds when the same interval arrived more than once (a
 * re-sent file, a row repeated, two exports overlapping): a repeat with the same value is dropped and
 * counted; values that disagree for the same service point, channel and interval are all refused as
 * conflicting, because choosing one would bill a number nobody can justify. Overlapping reads of
 * different interval lengths, or on different grids, are conflicting too. Everything else is kept as
 * it came, with its provenance: a kept run is a slice of the series it came from.
 */
public final class SeriesConsolidation {

    /** Values {@code [from, from + count)} of a stored series that conflict with another read. */
    public record Conflict(IntervalSeries series, int from, int count, String detail) {
        public Conflict {
            Objects.requireNonNull(series, "series");
            Objects.requireNonNull(detail, "detail");
        }

        public long sourcePosition() {
            return series.values().sourcePositionOf(from);
        }

        public Instant intervalStart() {
            return series.values().start().plusSeconds(60L * series.values().intervalMinutes() * from);
        }
    }

    /**
     * @param kept the bucket's series with no interval twice, ordered by service point, channel and start
     * @param duplicatesDropped values dropped because the same value was already kept
     * @param conflicts runs of values refused because the same interval has different values
     * @param changed whether anything was dropped or refused (if not, {@code kept} is the input, reordered)
     */
    public record Result(List<IntervalSeries> kept, long duplicatesDropped, List<Conflict> conflicts, boolean changed) {
        public Result {
            kept = List.copyOf(kept);
            conflicts = List.copyOf(conflicts);
        }

        public long conflictingValues() {
            long n = 0;
            for (Conflict c : conflicts) {
                n += c.count();
            }
            return n;
        }
    }

    /** Store order: service point, channel, start, then source file and position (so repeats resolve the same way every run). */
    public static final Comparator<IntervalSeries> STORE_ORDER = Comparator
            .comparing((IntervalSeries s) -> s.servicePoint().value())
            .thenComparing(s -> s.channel().code())
            .thenComparing(s -> s.values().start())
            .thenComparing(s -> s.values().sourceFile())
            .thenComparingLong(s -> s.values().sourcePosition());

    private SeriesConsolidation() {
    }

    public static Result consolidate(List<IntervalSeries> series) {
        List<IntervalSeries> sorted = new ArrayList<>(series);
        sorted.sort(STORE_ORDER);
        List<IntervalSeries> kept = new ArrayList<>(sorted.size());
        List<Conflict> conflicts = new ArrayList<>();
        long dropped = 0;
        int i = 0;
        while (i < sorted.size()) {
            IntervalSeries first = sorted.get(i);
            long clusterEnd = first.values().end().getEpochSecond();
            int j = i + 1;
            while (j < sorted.size() && sameStream(first, sorted.get(j))
                    && sorted.get(j).values().start().getEpochSecond() < clusterEnd) {
                clusterEnd = Math.max(clusterEnd, sorted.get(j).values().end().getEpochSecond());
                j++;
            }
            if (j == i + 1) {
                kept.add(first);
            } else {
                dropped += resolve(sorted.subList(i, j), clusterEnd, kept, conflicts);
            }
            i = j;
        }
        return new Result(kept, dropped, conflicts, dropped > 0 || !conflicts.isEmpty());
    }

    private static boolean sameStream(IntervalSeries a, IntervalSeries b) {
        return a.servicePoint().equals(b.servicePoint()) && a.channel() == b.channel();
    }

    private static final byte KEEP = 0;
    private static final byte DUPLICATE = 1;
    private static final byte CONFLICT = 2;

    /** Resolves series that overlap in time; returns how many duplicate values were dropped. */
    private static long resolve(List<IntervalSeries> cluster, long clusterEnd, List<IntervalSeries> kept,
            List<Conflict> conflicts) {
        IntervalSeries first = cluster.get(0);
        int minutes = first.values().intervalMinutes();
        long step = 60L * minutes;
        long clusterStart = first.values().start().getEpochSecond();
        for (IntervalSeries s : cluster) {
            if (s.values().intervalMinutes() != minutes || (s.values().start().getEpochSecond() - clusterStart) % step != 0) {
                for (IntervalSeries each : cluster) {
                    conflicts.add(new Conflict(each, 0, each.values().size(), "reads of " + describeLengths(cluster)
                            + " overlap for " + each.servicePoint() + " " + each.channel().code() + " between "
                            + Instant.ofEpochSecond(clusterStart) + " and " + Instant.ofEpochSecond(clusterEnd)
                            + "; none of them is stored" + countOf(each.values().size(), each.values())));
                }
                return 0;
            }
        }
        int slots = (int) ((clusterEnd - clusterStart) / step);
        int[] owner = new int[slots];
        int[] ownerIndex = new int[slots];
        int[] rival = new int[slots];
        int[] rivalIndex = new int[slots];
        boolean[] conflicting = new boolean[slots];
        java.util.Arrays.fill(owner, -1);
        java.util.Arrays.fill(rival, -1);
        byte[][] fate = new byte[cluster.size()][];
        for (int k = 0; k < cluster.size(); k++) {
            SeriesValues v = cluster.get(k).values();
            fate[k] = new byte[v.size()];
            int offset = (int) ((v.start().getEpochSecond() - clusterStart) / step);
            for (int n = 0; n < v.size(); n++) {
                int slot = offset + n;
                if (owner[slot] < 0) {
                    owner[slot] = k;
                    ownerIndex[slot] = n;
                } else if (cluster.get(owner[slot]).values().valueAt(ownerIndex[slot]) == v.valueAt(n)) {
                    fate[k][n] = DUPLICATE;
                } else {
                    conflicting[slot] = true;
                    if (rival[slot] < 0) {
                        rival[slot] = k;
                        rivalIndex[slot] = n;
                    }
                }
            }
        }
        long dropped = 0;
        for (int k = 0; k < cluster.size(); k++) {
            IntervalSeries s = cluster.get(k);
            SeriesValues v = s.values();
            int offset = (int) ((v.start().getEpochSecond() - clusterStart) / step);
            for (int n = 0; n < v.size(); n++) {
                if (conflicting[offset + n]) {
                    fate[k][n] = CONFLICT;
                } else if (fate[k][n] == DUPLICATE) {
                    dropped++;
                }
            }
            int n = 0;
            while (n < v.size()) {
                int end = n + 1;
                while (end < v.size() && fate[k][end] == fate[k][n]) {
                    end++;
                }
                if (fate[k][n] == KEEP) {
                    kept.add(new IntervalSeries(s.servicePoint(), s.channel(), s.meter(), SeriesReconciler.slice(v, n, end)));
                } else if (fate[k][n] == CONFLICT) {
                    int slot = offset + n;
                    IntervalSeries a = cluster.get(owner[slot]);
                    IntervalSeries b = cluster.get(rival[slot]);
                    conflicts.add(new Conflict(s, n, end - n, "interval "
                            + Instant.ofEpochSecond(clusterStart + step * slot) + " of " + s.servicePoint() + " "
                            + s.channel().code() + " has different values in the input: "
                            + describe(a, ownerIndex[slot]) + " and " + describe(b, rivalIndex[slot])
                            + "; none of them is stored" + countOf(end - n, v)));
                }
                n = end;
            }
        }
        return dropped;
    }

    private static String describe(IntervalSeries s, int index) {
        SeriesValues v = s.values();
        return BigDecimal.valueOf(v.valueAt(index), 3).toPlainString() + " " + s.channel().baseUnit().symbol() + " ("
                + v.sourceFile() + " @" + v.sourcePositionOf(index) + ")";
    }

    private static String describeLengths(List<IntervalSeries> cluster) {
        return cluster.stream().map(s -> s.values().intervalMinutes() + "-minute intervals from "
                + s.values().start()).distinct().reduce((a, b) -> a + " and " + b).orElse("");
    }

    private static String countOf(int count, SeriesValues values) {
        return count == 1 && values.size() == 1 ? "" : " (" + count + " of the " + values.size() + " values)";
    }
}
