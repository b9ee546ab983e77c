#!/bin/sh
# run_output_test.sh - what `clearsim run` (and `sweep`) print, level by level.
#
# What must hold for a user:
#  - three levels: -q prints nothing at all on success; the default prints
#    the table on stdout and exactly one line on stderr saying what was
#    written, after the warnings for thin data (one line per kind: the
#    small test port has too few boxes, docs/metrics.md); -v adds progress
#    and the time of loading, simulating and writing on stderr, and
#    changes nothing on stdout or in the file (h5diff, /run_info aside:
#    it holds the wall time);
#  - stdout comes before the lines on stderr that follow it, when both go
#    to one log;
#  - the headline table of a port with two regimes gives each regime's
#    paired difference to the baseline, and its numbers are those of
#    `clearsim report` for the same file (the summary's cells, and
#    /differences as CSV rounded to the table's 4 digits);
#  - `--table full` prints every row the results hold;
#  - -q with -v, or an unknown --table, is bad usage (exit 2).
set -u
cs=${CLEARSIM:-./clearsim}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; }
check() { # check NAME COMMAND...: ok when the command exits 0
    name=$1; shift
    if "$@" >"$tmp/out" 2>"$tmp/err"; then ok "$name"; else not_ok "$name"; sed 's/^/# /' "$tmp/out" "$tmp/err" | tail -n 20; fi
}
show() { sed 's/^/# /' "$@" | tail -n 20; }

port=tests/sweeps/cli_base.yaml # two regimes: conventional (the baseline) and ship_side
head_re='^point +regime +flow +segment +metric +unit +mean \[95% CI\] +p50 +p90 +p99 +n +- baseline \[95% CI, paired\]$'

# ---- the three levels
"$cs" run "$port" -r 2 -o "$tmp/q.h5" -q >"$tmp/q.out" 2>"$tmp/q.err"; rc=$?
[ $rc -eq 0 ] && [ ! -s "$tmp/q.out" ] && [ ! -s "$tmp/q.err" ] && ok "-q: nothing on stdout or stderr" \
    || { not_ok "-q: nothing on stdout or stderr (exit $rc)"; show "$tmp/q.out" "$tmp/q.err"; }

"$cs" run "$port" -r 2 -o "$tmp/d.h5" >"$tmp/d.out" 2>"$tmp/d.err"; rc=$?
[ $rc -eq 0 ] && grep -Eq "$head_re" "$tmp/d.out" && ok "default: the table on stdout" \
    || { not_ok "default: the table on stdout (exit $rc)"; show "$tmp/d.out"; }
[ "$(grep -vc '^clearsim: warning: ' "$tmp/d.err")" -eq 1 ] && tail -n 1 "$tmp/d.err" | grep -q "^clearsim: wrote $tmp/d.h5 (2 replications, " \
    && [ "$(grep -c "^clearsim: warning: $tmp/d.h5: [0-9]* warnings 'thin' " "$tmp/d.err")" -eq 1 ] && [ "$(wc -l <"$tmp/d.err")" -eq 2 ] \
    && ok "default: exactly one line on stderr, what was written, after the one line of thin-data warnings" \
    || { not_ok "default: one line on stderr"; show "$tmp/d.err"; }

"$cs" run "$port" -r 2 -o "$tmp/v.h5" -v >"$tmp/v.out" 2>"$tmp/v.err"; rc=$?
[ $rc -eq 0 ] && grep -Eq '^clearsim: 2/2 replications done, [0-9.]+ s$' "$tmp/v.err" && ok "-v: progress on stderr" \
    || { not_ok "-v: progress on stderr (exit $rc)"; show "$tmp/v.err"; }
grep -Eq '^clearsim: time: load [0-9.]+ s, simulation [0-9.]+ s, write [0-9.]+ s, total [0-9.]+ s$' "$tmp/v.err" \
    && ok "-v: the time of loading, simulating and writing on stderr" || { not_ok "-v: timing line"; show "$tmp/v.err"; }
[ "$(tail -n 1 "$tmp/v.err" | cut -c1-15)" = "clearsim: wrote" ] && ok "-v: the line of the default comes last" \
    || { not_ok "-v: the line of the default comes last"; show "$tmp/v.err"; }
cmp -s "$tmp/d.out" "$tmp/v.out" && ok "-v: stdout as the default's" || { not_ok "-v: stdout differs"; diff "$tmp/d.out" "$tmp/v.out" | show; }
check "-v: the same file (h5diff, /run_info aside)" h5diff --exclude-path /run_info "$tmp/d.h5" "$tmp/v.h5"
check "-q: the same file (h5diff, /run_info aside)" h5diff --exclude-path /run_info "$tmp/d.h5" "$tmp/q.h5"

# one log: stdout flushed before the lines on stderr after it
"$cs" run "$port" -r 2 -o "$tmp/log.h5" -v >"$tmp/log" 2>&1
first=$(grep -n '^point ' "$tmp/log" | head -n 1 | cut -d: -f1)
prog=$(grep -n 'replications done' "$tmp/log" | cut -d: -f1)
time=$(grep -n '^clearsim: time:' "$tmp/log" | cut -d: -f1)
boxes=$(grep -n '^Boxes' "$tmp/log" | cut -d: -f1)
if [ -n "$first" ] && [ -n "$prog" ] && [ -n "$time" ] && [ -n "$boxes" ] && [ "$prog" -lt "$first" ] &&
   [ "$boxes" -lt "$time" ] && [ "$(tail -n 1 "$tmp/log" | cut -c1-15)" = "clearsim: wrote" ]; then
    ok "one log: progress, the table, then the timing and the last line"
else
    not_ok "one log: progress, the table, then the timing and the last line"; show "$tmp/log"
fi

# ---- the paired differences, as the report has them
n_base=$(grep -c '  conventional  .*(baseline)$' "$tmp/d.out")
n_diff=$(grep -Ec '  ship_side  .*\]$' "$tmp/d.out")
[ "$n_base" -gt 5 ] && [ "$n_diff" -gt 5 ] && ok "the baseline's rows say so, $n_diff rows of ship_side have a difference" \
    || { not_ok "difference rows (baseline $n_base, ship_side $n_diff)"; show "$tmp/d.out"; }

# the report's summary: every row of it is in the run's table with the same mean and difference
"$cs" report "$tmp/d.h5" >"$tmp/report" 2>/dev/null
awk '/^Summary/ { on = 1; next } on && /^$/ { exit } on' "$tmp/report" | tail -n +4 >"$tmp/rsum"
tail -n +3 "$tmp/d.out" | awk '/^$/ { exit } 1' >"$tmp/dsum"
# key (regime, flow, segment, metric) | mean | difference, cells split at two blanks or more
awk -F '  +' '{ print $3 "|" $4 "|" $5 "|" $6 "|" $8 "|" $NF }' "$tmp/rsum" | sort >"$tmp/rkeys"
awk -F '  +' '{ print $3 "|" $4 "|" $5 "|" $6 "|" $8 "|" $NF }' "$tmp/dsum" | sort >"$tmp/dkeys"
missing=$(comm -23 "$tmp/rkeys" "$tmp/dkeys")
if [ "$(wc -l <"$tmp/rkeys")" -gt 10 ] && [ -z "$missing" ]; then
    ok "the report's summary rows (mean, difference) are in the run's table, $(wc -l <"$tmp/rkeys") rows"
else
    not_ok "the report's summary rows are in the run's table"; echo "$missing" | show
fi

# /differences as CSV, rounded to the table's 4 significant digits
"$cs" report "$tmp/d.h5" --table differences --format csv >"$tmp/diff.csv" 2>/dev/null
# point,regime,baseline,flow,segment,metric,n,mean,ci95_low,ci95_high,unpaired_half_width
awk -F, 'NR > 1 && $7 > 0 { printf "%s|%s|%s|%s|%.4g [%.4g, %.4g]\n", $2, $4, $5, $6, $8, $9, $10 }' "$tmp/diff.csv" \
    | sort >"$tmp/ckeys"
awk -F '  +' '$NF ~ /\]$/ { print $3 "|" $4 "|" $5 "|" $6 "|" $NF }' "$tmp/dsum" | sort >"$tmp/tkeys"
extra=$(comm -13 "$tmp/ckeys" "$tmp/tkeys")
if [ "$(wc -l <"$tmp/tkeys")" -eq "$n_diff" ] && [ -z "$extra" ]; then
    ok "every difference in the run's table is /differences' (report --table differences --format csv), $n_diff rows"
else
    not_ok "the run's differences are /differences'"; echo "$extra" | show
fi

# a queue scenario (one regime) has no difference column
"$cs" run scenarios/queue/mm1.yaml -r 2 -o "$tmp/mm1.h5" >"$tmp/mm1.out" 2>/dev/null
grep -Eq '^point +regime +flow +segment +metric +unit +mean \[95% CI\] +p50 +p90 +p99 +n$' "$tmp/mm1.out" \
    && ok "one regime: no difference column" || { not_ok "one regime: no difference column"; show "$tmp/mm1.out"; }

# ---- --table full
"$cs" run "$port" -r 2 -o "$tmp/f.h5" --table full >"$tmp/f.out" 2>"$tmp/f.err"; rc=$?
rows_d=$(awk '/^$/ { exit } 1' "$tmp/d.out" | wc -l)
rows_f=$(awk '/^$/ { exit } 1' "$tmp/f.out" | wc -l)
[ $rc -eq 0 ] && [ "$rows_f" -gt "$rows_d" ] && ok "--table full: more rows ($rows_f) than the default ($rows_d)" \
    || { not_ok "--table full: more rows (exit $rc; $rows_f, default $rows_d)"; show "$tmp/f.err"; }
grep -Eq '^ +0  conventional +import +channel:green +release_h +h .*\(baseline\)$' "$tmp/f.out" &&
    grep -Eq '^ +0  ship_side +import +channel:green +release_h +h .*\]$' "$tmp/f.out" \
    && ok "--table full: the channel rows, with their differences" || { not_ok "--table full: channel rows"; show "$tmp/f.out"; }
"$cs" report "$tmp/f.h5" --format csv >"$tmp/f.csv" 2>/dev/null
[ "$(($(wc -l <"$tmp/f.csv") - 1))" -eq "$((rows_f - 2))" ] && ok "--table full: every row of /summary" \
    || not_ok "--table full: $((rows_f - 2)) rows, /summary has $(($(wc -l <"$tmp/f.csv") - 1))"
"$cs" run "$port" -r 2 -o "$tmp/f2.h5" --table headline >"$tmp/f2.out" 2>/dev/null
cmp -s "$tmp/f2.out" "$tmp/d.out" && ok "--table headline is the default" || not_ok "--table headline is not the default"

# ---- bad usage
"$cs" run "$port" -r 2 -o "$tmp/x.h5" -q -v >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 2 ] && [ ! -e "$tmp/x.h5" ] && grep -q 'exclude each other' "$tmp/err" && ok "-q with -v: bad usage" \
    || { not_ok "-q with -v (exit $rc)"; show "$tmp/err"; }
"$cs" run "$port" -r 2 -o "$tmp/x.h5" --table everything >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 2 ] && grep -q "unknown table 'everything' (headline or full)" "$tmp/err" && ok "an unknown --table: bad usage" \
    || { not_ok "an unknown --table (exit $rc)"; show "$tmp/err"; }

# ---- sweep: the same levels (no table)
"$cs" sweep tests/sweeps/cli_sweep.yaml -r 1 -o "$tmp/s.h5" -q >"$tmp/s.out" 2>"$tmp/s.err"; rc=$?
[ $rc -eq 0 ] && [ ! -s "$tmp/s.out" ] && [ ! -s "$tmp/s.err" ] && ok "sweep -q: nothing at all" \
    || { not_ok "sweep -q (exit $rc)"; show "$tmp/s.out" "$tmp/s.err"; }
"$cs" sweep tests/sweeps/cli_sweep.yaml -r 1 -o "$tmp/s1.h5" >"$tmp/s.out" 2>"$tmp/s.err"; rc=$?
[ $rc -eq 0 ] && [ ! -s "$tmp/s.out" ] && [ "$(grep -vc '^clearsim: warning: ' "$tmp/s.err")" -eq 1 ] && tail -n 1 "$tmp/s.err" | grep -q '^clearsim: wrote ' \
    && [ "$(grep -c "^clearsim: warning: $tmp/s1.h5: [0-9]* warnings 'thin' " "$tmp/s.err")" -eq 1 ] && [ "$(wc -l <"$tmp/s.err")" -eq 2 ] \
    && ok "sweep: one line on stderr, after one line of thin-data warnings for all its points" || { not_ok "sweep: one line on stderr (exit $rc)"; show "$tmp/s.out" "$tmp/s.err"; }
"$cs" sweep tests/sweeps/cli_sweep.yaml -r 1 -o "$tmp/sv.h5" -v >"$tmp/s.out" 2>"$tmp/s.err"; rc=$?
[ $rc -eq 0 ] && grep -Eq '^clearsim: ([0-9]+)/\1 jobs done, [0-9.]+ s$' "$tmp/s.err" &&
    grep -q '^clearsim: time: load .* simulation .* write ' "$tmp/s.err" && ok "sweep -v: progress and timing" \
    || { not_ok "sweep -v: progress and timing (exit $rc)"; show "$tmp/s.err"; }
check "sweep -v: the same file (h5diff, /run_info aside)" h5diff --exclude-path /run_info "$tmp/s1.h5" "$tmp/sv.h5"

# ---- the memory estimate against the peak the run reached (-v prints
# both): within 1.5x either way for a queue run, a port run and port
# sweeps of 1 and 24 points (the full sizes, 10 to 10,000 points, are in
# docs/cluster.md).  A sanitizer build's shadow memory is not the
# program's: the release build only.
case $cs in
*/san/*) echo "# skipped the memory estimates: a sanitizer build" ;;
*)
    within() { # within NAME FILE: the -v memory line of FILE, ratio in [1/1.5, 1.5]
        line=$(grep '^clearsim: memory: ' "$2")
        if echo "$line" | awk '{ e = $4; p = $7; r = e / p; exit !(p > 0 && r <= 1.5 && r >= 1 / 1.5) }'; then
            ok "memory estimate within 1.5x of the peak: $1 (${line#clearsim: memory: })"
        else
            not_ok "memory estimate within 1.5x of the peak: $1"; show "$2"
        fi
    }
    "$cs" run scenarios/queue/mm1.yaml -r 4 -j 2 -o "$tmp/m1.h5" -v >/dev/null 2>"$tmp/m1.err"
    within "M/M/1 run" "$tmp/m1.err"
    "$cs" run "$port" -r 2 -j 2 -o "$tmp/m2.h5" -v >/dev/null 2>"$tmp/m2.err"
    within "port run" "$tmp/m2.err"
    printf 'kind: sweep\nname: one\nbase: %s/tests/sweeps/cli_base.yaml\nparameters:\n  - path: regimes.ship_side.ship_side\n    values: [0.3]\n' \
        "$PWD" >"$tmp/one.yaml"
    sed 's/values: \[0.3\]/range: {from: 0.1, to: 0.5, n: 24}/; s/name: one/name: many/' "$tmp/one.yaml" >"$tmp/many.yaml"
    "$cs" sweep "$tmp/one.yaml" -r 1 -j 2 -o "$tmp/m3.h5" -v >/dev/null 2>"$tmp/m3.err"
    within "port sweep of 1 point" "$tmp/m3.err"
    "$cs" sweep "$tmp/many.yaml" -r 1 -j 2 -o "$tmp/m4.h5" -v >/dev/null 2>"$tmp/m4.err"
    within "port sweep of 24 points" "$tmp/m4.err"
    grep -Eq 'at most [1-6] points held at once' "$tmp/m4.err" && ok "a 2-thread sweep holds a few points at once" \
        || { not_ok "a 2-thread sweep holds a few points at once"; show "$tmp/m4.err"; }
    ;;
esac
exit 0
