#!/bin/sh
# bench.sh BUILD_DIR - clearsim's M/M/1 event loop against the yardstick,
# the hold and port benchmarks, sweep scaling over 1 and 2 workers, and
# the check of large sweeps.
#
# Runs the hand-written reference (bench/ref_mm1.c, built into
# BUILD_DIR/ref_mm1) and `clearsim bench mm1` alternately, 5 times each, on
# the same model (10^7 arrivals, utilisation 0.9), and prints the medians,
# the ratio of medians and the median of the pairwise ratios; then the hold
# model.  Medians, because shared machines are noisy.
set -eu
build=${1:?usage: bench.sh BUILD_DIR}
n=${BENCH_CUSTOMERS:-10000000}
runs=${BENCH_RUNS:-5}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
field() { tr ' ' '\n' | sed -n "s/^$1=//p"; }

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
i=1
while [ $i -le "$runs" ]; do
    ref=$("$build/ref_mm1" -n "$n")
    cs=$("$build/clearsim" bench mm1 -n "$n")
    r=$(echo "$ref" | field cust_per_s)
    c=$(echo "$cs" | field cust_per_s)
    echo "$r" >>"$out/ref"
    echo "$c" >>"$out/cs"
    echo "$cs" | field max_rss_kib >>"$out/rss"
    awk -v c="$c" -v r="$r" 'BEGIN { print c / r }' >>"$out/ratio"
    echo "run $i: yardstick $r customers/s, clearsim $c customers/s"
    i=$((i + 1))
done
mr=$(median <"$out/ref")
mc=$(median <"$out/cs")
echo "M/M/1, $n arrivals, $runs runs each, alternating:"
echo "  yardstick median: $mr customers/s"
echo "  clearsim  median: $mc customers/s"
awk -v c="$mc" -v r="$mr" 'BEGIN { printf "  ratio of medians: %.3f\n", c / r }'
echo "  median of pairwise ratios: $(median <"$out/ratio")"
echo "  clearsim peak memory (max RSS): $(median <"$out/rss") KiB"
for i in 1 2 3; do "$build/clearsim" bench hold | field ev_per_s >>"$out/hold"; done
echo "hold model, 10^5 pending events, 10^7 events, median of 3: $(median <"$out/hold") events/s"
echo "port model: one simulated year (~12 million boxes), one regime, one thread; peak memory 12 vs 1 month:"
"$build/clearsim" bench port

# Sweep scaling: a sweep with 1 and 2 OpenMP workers, alternating, median
# of BENCH_SWEEP_RUNS; the bar is 2 workers in <= 0.56 of 1's time.  The
# machine must be otherwise idle: the load average before each pair is
# printed.  Two sweeps: queue_capacity (16 points of M/M/c, compute-bound:
# the runner's own scaling) and the port adoption sweep at one replication
# (28 points, memory-bound: two port replications at once share the
# caches and memory of the two cores).
sruns=${BENCH_SWEEP_RUNS:-3}
scaling() { # scaling NAME SWEEP ARGS...
    name=$1; file=$2; shift 2
    rm -f "$out/sweep_j1" "$out/sweep_j2"
    echo "sweep scaling, $name ($file $*), -j 1 vs -j 2, $sruns runs each:"
    i=1
    while [ $i -le "$sruns" ]; do
        load=$(cut -d' ' -f1 /proc/loadavg)
        for j in 1 2; do
            t0=$(date +%s.%N)
            "$build/clearsim" sweep "$file" "$@" -j $j -o "$out/sweep.h5" --force -q >/dev/null
            t1=$(date +%s.%N)
            awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }' >>"$out/sweep_j$j"
        done
        echo "  run $i (load average before: $load): -j 1 $(tail -n 1 "$out/sweep_j1") s, -j 2 $(tail -n 1 "$out/sweep_j2") s"
        i=$((i + 1))
    done
    s1=$(median <"$out/sweep_j1")
    s2=$(median <"$out/sweep_j2")
    awk -v a="$s1" -v b="$s2" 'BEGIN { printf "  medians: -j 1 %.2f s, -j 2 %.2f s, ratio %.3f (bar <= 0.56), efficiency %.0f %%\n", a, b, b / a, 100 * a / (2 * b) }'
}
scaling "compute-bound" scenarios/sweeps/queue_capacity.yaml
sweep=scenarios/sweeps/ship_side_adoption.yaml
scaling "memory-bound" "$sweep" -r 1

# The adoption curve of the ready sweep at its full size (4 replications).
echo "adoption curve: $sweep at full size, -j 2:"
"$build/clearsim" sweep "$sweep" -j 2 -o "$out/adoption.h5" --force -q >/dev/null
CLEARSIM="$build/clearsim" sh tests/adoption_check.sh "$out/adoption.h5" 7 4 | sed 's/^/  /'

# check of large sweeps, in bounded memory: a 100,000-point queue sweep
# (bar: median under 10 s) and a 20,000-point port sweep (bar: peak under
# 256 MiB), 5 runs each
here=$(pwd)
printf 'kind: sweep\nname: q100k\nbase: %s/tests/sweeps/queue_base.yaml\ndesign: lhs\npoints: 100000\nparameters:\n  - {path: service.mean, range: {from: 0.1, to: 0.9}}\n  - {path: arrival.mean, range: {from: 1.0, to: 2.0}}\n' "$here" >"$out/q100k.yaml"
printf 'kind: sweep\nname: p20k\nbase: %s/tests/sweeps/cli_base.yaml\ndesign: lhs\npoints: 20000\nparameters:\n  - {path: customs.reviewers.count, values: [10, 20, 30, 40]}\n  - {path: regimes.ship_side.ship_side, range: {from: 0, to: 1}}\n' "$here" >"$out/p20k.yaml"
for f in q100k p20k; do
    rm -f "$out/check_s" "$out/check_kib"
    i=1
    while [ $i -le 5 ]; do
        /usr/bin/time -f '%e %M' -o "$out/t" "$build/clearsim" check "$out/$f.yaml" --no-estimate >/dev/null
        cut -d' ' -f1 "$out/t" >>"$out/check_s"
        cut -d' ' -f2 "$out/t" >>"$out/check_kib"
        i=$((i + 1))
    done
    echo "check of $f (--no-estimate), 5 runs: median $(median <"$out/check_s") s, median peak $(median <"$out/check_kib") KiB"
done

# A sweep's memory does not grow with its points (the writer holds the
# points in flight): the two-regime port of tests/sweeps/cli_base.yaml over
# 100 and 1,000 values of one parameter, -r 1 -j 2, peak RSS of each and
# their ratio (bar: at most 1.2; 10 and 10,000 points in docs/cluster.md)
for n in 100 1000; do
    printf 'kind: sweep\nname: mem%s\nbase: %s/tests/sweeps/cli_base.yaml\nparameters:\n  - path: regimes.ship_side.ship_side\n    range: {from: 0.1, to: 0.5, n: %s}\n' \
        "$n" "$here" "$n" >"$out/mem$n.yaml"
    /usr/bin/time -f '%e %M' -o "$out/t" "$build/clearsim" sweep "$out/mem$n.yaml" -r 1 -j 2 -o "$out/mem$n.h5" --force -q
    cut -d' ' -f2 "$out/t" >"$out/mem$n.kib"
    echo "sweep of $n port points, -r 1 -j 2: $(cut -d' ' -f1 "$out/t") s, peak $(cat "$out/mem$n.kib") KiB"
done
echo "  peak at 1,000 points / peak at 100: $(awk -v a="$(cat "$out/mem1000.kib")" -v b="$(cat "$out/mem100.kib")" 'BEGIN { printf "%.2f (bar: 1.2)", a / b }')"
