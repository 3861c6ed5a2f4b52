#!/usr/bin/env bash
# Tariff-engine throughput: builds the JMH benchmarks (Maven profile "bench", outside the default build)
# and runs RatingBenchmark, which rates one account-month (July 2025, New York, 2,976 15-minute import +
# export reads) per operation on a TOU + tiers + demand + surcharge + tax + net-metering tariff.
#
#   domain/bench.sh                 # build, run (~1 minute), print account-months per second
#   domain/bench.sh -prof gc        # extra JMH options are passed on (here: allocation per operation)
#   SKIP_BUILD=1 domain/bench.sh    # run the jar already built
#
# The same by hand:
#   ./mvnw -q -Pbench -pl domain -Dmaven.test.skip=true package
#   java -jar domain/target/benchmarks.jar RatingBenchmark
# (-Dmaven.test.skip=true rather than -DskipTests: the benchmark needs neither compiled nor run tests.)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if [[ "${SKIP_BUILD:-}" != "1" ]]; then
  ./mvnw -q -Pbench -pl domain -Dmaven.test.skip=true package
fi

results="$(mktemp "${TMPDIR:-/tmp}/rating-bench.XXXXXX.csv")"
trap 'rm -f "$results"' EXIT

java -jar domain/target/benchmarks.jar RatingBenchmark -rf csv -rff "$results" "$@"

# CSV: "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit"[,params]
awk -F, 'BEGIN { found = 0 } NR > 1 {
  gsub(/"/, "");
  if ($1 ~ /rateAccountMonth$/) {
    found = 1;
    printf "\nRatingBenchmark: %.0f account-months per second (+/- %.0f, 99.9%% CI; one thread)\n", $5, $6;
  } else if ($1 ~ /gc.alloc.rate.norm$/) {
    printf "                  %.0f bytes allocated per account-month\n", $5;
  }
} END { if (!found) { print "RatingBenchmark: no result (see the JMH output above)" > "/dev/stderr"; exit 1 } }' "$results"
