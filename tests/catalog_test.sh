#!/bin/sh
# catalog_test.sh - the layers above the model select metrics by kind.
#
# 1. A build whose port model has one metric of each kind appended to its
#    catalogue (tests/extra_catalog.h, `make EXTRA=1`; $CLEARSIM_EXTRA) is
#    run on a small port, and every layer above the model, compiled from
#    the same unchanged sources, must pick the new metrics up by kind: the
#    run's summary table (primary, headline, detail), the report (its
#    times, its decomposition, the box counts' other counters, its
#    differences), the decomposition table of the file, and the plot tool
#    (the CDF of each flow's primary metric, the decomposition figure, a
#    sweep figure per headline metric).
# 2. No layer outside the model compares a metric name as a string: the
#    names every model writes to /metrics are grepped for, quoted, in the
#    other layers' sources and the plot tool.
set -u
cs=${CLEARSIM:-./clearsim}
extra=${CLEARSIM_EXTRA:-build/release-extra/clearsim}
py=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; }
check() { # check NAME COMMAND...: ok when the command exits 0
    name=$1; shift
    if "$@" >"$tmp/out" 2>"$tmp/err"; then ok "$name"; else not_ok "$name"; sed 's/^/# /' "$tmp/out" "$tmp/err" | tail -n 20; fi
}
# has FILE PATTERN WHAT: a line of FILE matches the extended regex
has() {
    if grep -Eq "$2" "$1"; then ok "$3"; else not_ok "$3"; sed 's/^/# /' "$1" | tail -n 30; fi
}
hasnt() {
    if grep -Eq "$2" "$1"; then not_ok "$3"; grep -E "$2" "$1" | sed 's/^/# /' | head; else ok "$3"; fi
}

if [ ! -x "$extra" ]; then
    not_ok "the extra-catalogue build exists ($extra: make EXTRA=1 CS_DEPS_OK=1 $extra)"
    exit 0
fi

# ---- the run summary, the file and the report
check "a run of the extra build" "$extra" run tests/sweeps/cli_base.yaml -r 2 -o "$tmp/x.h5"
cp "$tmp/out" "$tmp/summary"
has "$tmp/summary" ' vessel +all +x_primary_h ' "run summary: the extra primary metric"
has "$tmp/summary" ' import +all +x_headline_h ' "run summary: the extra headline metric"
has "$tmp/summary" ' import +path:pilot +x_headline_h ' "run summary: the headline metric on the pilot segment"
has "$tmp/summary" ' export +all +x_detail_h ' "run summary: the extra detail metric"
hasnt "$tmp/summary" 'x_interval_h' "run summary: no interval metric"
hasnt "$tmp/summary" 'channel:' "run summary: no channel segment"

check "report of the extra build's file" "$cs" report "$tmp/x.h5"
cp "$tmp/out" "$tmp/report"
awk '/^Clearance times/,/^Time-release/' "$tmp/report" >"$tmp/times"
has "$tmp/times" '^vessel +x_primary_h ' "report times: the primary metric"
has "$tmp/times" '^import +x_headline_h ' "report times: the headline metric"
has "$tmp/times" '^export +x_detail_h ' "report times: the detail metric"
has "$tmp/report" '^x_end ' "report decomposition: the extra interval, after T10"
has "$tmp/report" 'x_count: [0-9]' "report boxes: the other counter"
awk '/^Differences to the baseline/,/^All metrics/' "$tmp/report" >"$tmp/diffs"
has "$tmp/diffs" ' import +all +x_headline_h ' "report differences: the headline metric"
hasnt "$tmp/diffs" 'x_interval_h' "report differences: no interval metric"
"$cs" report "$tmp/x.h5" --format csv >"$tmp/csv"
for m in x_primary_h x_headline_h x_detail_h x_interval_h; do
    has "$tmp/csv" "^0,conventional,[a-z]+,all,$m,2," "csv: a row of $m"
done
has "$tmp/csv" '^0,ship_side,import,all,x_interval_h,2,0,' "csv: the zero interval, mean 0"

if "$py" -c 'import h5py' >/dev/null 2>&1; then
    "$py" - "$tmp/x.h5" >"$tmp/dec" 2>&1 <<'PY'
import sys, h5py
f = h5py.File(sys.argv[1], "r")
d = f["decomposition"]
for i in range(len(d["point"])):
    print(d["regime"].asstr()[i], d["flow"].asstr()[i], d["interval"].asstr()[i], d["metric"].asstr()[i],
          d["mean"][i], d["total"][i])
m = f["metrics"]
for i in range(len(m["name"])):
    print("metric", m["name"].asstr()[i], m["kind"].asstr()[i])
PY
    has "$tmp/dec" '^conventional import T10-x_end x_interval_h 0.0 ' "/decomposition: the extra interval, from T10"
    has "$tmp/dec" '^metric x_count count$' "/metrics: the counter with its kind"
    has "$tmp/dec" '^metric x_detail_h detail$' "/metrics: the detail metric with its kind"
else
    not_ok "$py has h5py (sh tools/install-deps.sh plot)"
fi

# ---- the plot tool
if "$py" -c 'import h5py, matplotlib' >/dev/null 2>&1; then
    check "plot the extra build's run" "$py" tools/clearsim-plot "$tmp/x.h5" -o "$tmp/plots"
    cp "$tmp/out" "$tmp/plot"
    has "$tmp/plot" 'release_cdf.png: CDF of release_h, x_primary_h per regime, import, export, vessel$' \
        "plot: a CDF panel for the vessels' extra primary metric"
    check "a run of the normal build" "$cs" run tests/sweeps/cli_base.yaml -r 2 -o "$tmp/n.h5" -q
    check "plot the normal build's run" "$py" tools/clearsim-plot "$tmp/n.h5" -o "$tmp/nplots"
    n=$(sed -n 's/.*decomposition.png: .*import (\([0-9]*\) intervals).*/\1/p' "$tmp/out")
    x=$(sed -n 's/.*decomposition.png: .*import (\([0-9]*\) intervals).*/\1/p' "$tmp/plot")
    if [ -n "$n" ] && [ "$x" = "$((n + 1))" ]; then ok "plot: the decomposition figure has the extra interval ($n + 1)"
    else not_ok "plot: the decomposition figure has the extra interval (normal '$n', extra '$x')"; fi
    check "a sweep of the extra build" "$extra" sweep tests/sweeps/cli_sweep.yaml -r 2 -o "$tmp/s.h5" -q
    check "plot the extra build's sweep" "$py" tools/clearsim-plot "$tmp/s.h5" -o "$tmp/splots"
    check "plot: a sweep figure for the extra headline metric" test -s "$tmp/splots/sweep_import_x_headline_h.png"
    check "plot: no sweep figure for the detail metric" test ! -e "$tmp/splots/sweep_export_x_detail_h.png"
else
    not_ok "$py has h5py and matplotlib (sh tools/install-deps.sh plot)"
fi

# ---- no metric name as a string outside the model
"$cs" run tests/sweeps/queue_base.yaml -r 2 -o "$tmp/q.h5" -q >/dev/null
names=$("$py" -c '
import sys, h5py
for p in sys.argv[1:]:
    for n in h5py.File(p, "r")["metrics/name"].asstr()[:]:
        print(n)' "$tmp/n.h5" "$tmp/q.h5" | sort -u)
count=$(echo "$names" | grep -c .)
if [ "$count" -ge 20 ]; then ok "the models name $count metrics"; else not_ok "the models name $count metrics (want >= 20)"; fi
: >"$tmp/hits"
for m in $names; do
    grep -rnF -e "\"$m\"" -e "'$m'" sim/cli sim/experiment sim/output sim/stats sim/core sim/rng sim/scenario \
        include/clearsim tools/clearsim-plot >>"$tmp/hits"
done
if [ -s "$tmp/hits" ]; then not_ok "no metric name is quoted outside the model"; sed 's/^/# /' "$tmp/hits"
else ok "no metric name is quoted outside the model (sim/{cli,experiment,output,stats,core,rng,scenario}, include, the plot tool)"; fi
# the grep itself finds what it looks for
if grep -rqF '"release_h"' sim/model && grep -rqF '"sojourn"' sim/model; then ok "the grep finds the names in the model"
else not_ok "the grep finds the names in the model"; fi

# ---- a whole-file sanity scan of every result file kept above
# (tests/scan_results.py: no inf, NaN only where docs/hdf5.md allows it,
# CIs around their means, quantiles in order, whole rows in every table;
# one ok / not ok line per file)
/usr/bin/python3 tests/scan_results.py --dir "$tmp" || not_ok "scan: /usr/bin/python3 needed"
exit 0
