#!/bin/sh
# sweep_test.sh - end-to-end checks of `clearsim sweep` and `clearsim merge`.
#
# What must hold for a user: the same sweep gives the same file for any -j,
# stopped or killed and resumed, or run as shards and merged; a journal of
# another sweep or seed is refused; the adoption curve of the ready sweep
# falls at every step.  The small sweep is tests/sweeps/cli_sweep.yaml.
set -u
cs=${CLEARSIM:-./clearsim}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sw=tests/sweeps/cli_sweep.yaml

ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; }
check() { # check NAME COMMAND...: ok when the command exits 0
    name=$1; shift
    if "$@" >"$tmp/out" 2>"$tmp/err"; then ok "$name"; else not_ok "$name"; sed 's/^/# /' "$tmp/out" "$tmp/err" | tail -n 20; fi
}
same() { # same NAME A B: identical but for /run_info (h5diff exits 0 on
          # objects it cannot compare, so its -c report must be empty too)
    check "$1" sh -c "h5diff -c --exclude-path /run_info '$2' '$3' >'$tmp/diff' && ! grep -q . '$tmp/diff'"
}

for f in scenarios/sweeps/*.yaml; do
    check "check $f" "$cs" check "$f"
done
check "check small sweep" "$cs" check "$sw"

# ---- -j 1 and -j 2
check "sweep -j 1" "$cs" sweep "$sw" -j 1 -o "$tmp/j1.h5" -q
check "sweep -j 2" "$cs" sweep "$sw" -j 2 -o "$tmp/j2.h5" -q
same "sweep -j1 vs -j2 identical" "$tmp/j1.h5" "$tmp/j2.h5"
check "sweep file has /points" sh -c "h5dump -H '$tmp/j1.h5' | grep -q 'GROUP \"points\"'"

# ---- a sweep's file is written point by point, a run's at once: a sweep
# of one point (the base's own value, series on) holds the run's tables
check "run of the base" "$cs" run tests/sweeps/cli_base.yaml -o "$tmp/base_run.h5" -q
check "sweep of its one point" "$cs" sweep tests/sweeps/one_point.yaml -o "$tmp/one_point.h5" -q
check "the one-point sweep's tables are the run's (h5diff)" sh -c "h5diff -c --exclude-path /run_info --exclude-path /points \
    --exclude-path /sweep --exclude-attribute / '$tmp/base_run.h5' '$tmp/one_point.h5' >'$tmp/diff' && ! grep -q . '$tmp/diff'"

# ---- a full disk while the file grows (a 256 KiB tmpfs, where mount is
# allowed): a clear error, exit 1, no OUT, the journal kept for --resume
if mkdir -p "$tmp/full" && mount -t tmpfs -o size=256k tmpfs "$tmp/full" 2>/dev/null; then
    "$cs" sweep "$sw" -j 2 -o "$tmp/full/s.h5" -q >/dev/null 2>"$tmp/full.err"; rc=$?
    if [ $rc -eq 1 ] && [ ! -e "$tmp/full/s.h5" ] && grep -q "No space left on device" "$tmp/full.err" && [ "$(wc -l <"$tmp/full.err")" -eq 1 ]; then
        ok "a full disk: exit 1, one line, no file"
    else
        not_ok "a full disk: exit 1, one line, no file (exit $rc)"; sed 's/^/# /' "$tmp/full.err"
    fi
    umount "$tmp/full"
else
    echo "# skipped the full disk: no tmpfs mount here (not root, or a container that forbids it)"
fi
check "no journal left after success" test ! -e "$tmp/j1.h5.partial"
npoints=$(h5dump -a /points "$tmp/j1.h5" 2>/dev/null | sed -n 's/^ *(0): \([0-9]*\)$/\1/p' | head -n 1)
check "report csv lists every point" sh -c "'$cs' report '$tmp/j1.h5' --format csv | cut -d, -f1 | sort -u | grep -c '^[0-9]' | grep -qx '${npoints:-x}'"

check "adoption: liftoff falls from share 0.1 to 0.5 at every scan share" env CLEARSIM="$cs" sh tests/adoption_check.sh "$tmp/j1.h5" 2 3

# ---- stopped after k jobs, then resumed
"$cs" sweep "$sw" -j 2 -o "$tmp/st.h5" -q --stop-after-jobs 3 >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -ne 0 ] && [ ! -e "$tmp/st.h5" ] && ok "stopped sweep writes no file and fails" || not_ok "stopped sweep writes no file and fails (rc $rc)"
check "journal kept after a stop" test -f "$tmp/st.h5.partial/manifest"
"$cs" sweep "$sw" -j 2 -o "$tmp/st.h5" -q >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 2 ] && grep -q 'resume' "$tmp/err" && ok "a journal without --resume is refused (exit 2)" || not_ok "a journal without --resume is refused (rc $rc)"
"$cs" sweep "$sw" -j 2 -s 99 -o "$tmp/st.h5" -q --resume >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 2 ] && grep -q 'seed' "$tmp/err" && ok "a journal of another seed is refused" || not_ok "a journal of another seed is refused (rc $rc)"
check "resume after the stop" "$cs" sweep "$sw" -j 2 -o "$tmp/st.h5" --resume
cp "$tmp/err" "$tmp/resume.err"
check "resume took exactly the 3 journaled jobs" grep -q ' 3 jobs resumed' "$tmp/resume.err"
same "stopped + resumed identical to one run" "$tmp/j1.h5" "$tmp/st.h5"

# ---- killed with SIGKILL, then resumed (a batch per job)
check "sweep -r 8 (reference for the kill)" "$cs" sweep "$sw" -r 8 -j 2 -o "$tmp/r8.h5" -q
CLEARSIM_JOURNAL_SECONDS=0 "$cs" sweep "$sw" -r 8 -j 1 -o "$tmp/k.h5" -q >/dev/null 2>&1 &
pid=$!
i=0
while [ $i -lt 3000 ] && [ "$(ls "$tmp/k.h5.partial" 2>/dev/null | grep -c '^batch-')" -lt 2 ]; do sleep 0.01; i=$((i + 1)); done
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
if [ -e "$tmp/k.h5" ]; then
    not_ok "SIGKILL before the end (the sweep finished first: make it longer)"
else
    ok "SIGKILL before the end leaves no file"
fi
check "resume after SIGKILL" "$cs" sweep "$sw" -r 8 -j 2 -o "$tmp/k.h5" -q --resume
same "killed + resumed identical to one run" "$tmp/r8.h5" "$tmp/k.h5"

# ---- shards 0/3, 1/3, 2/3 merged
for i in 0 1 2; do check "shard $i/3" "$cs" sweep "$sw" -j 2 --shard $i/3 -o "$tmp/s$i.h5" -q; done
check "merge the shards" "$cs" merge "$tmp/m.h5" "$tmp/s2.h5" "$tmp/s0.h5" "$tmp/s1.h5"
same "merged shards identical to one run" "$tmp/j1.h5" "$tmp/m.h5"
"$cs" merge "$tmp/m2.h5" "$tmp/s0.h5" "$tmp/s1.h5" >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && ok "merge refuses a missing shard (exit 2)" || not_ok "merge refuses a missing shard (rc $rc)"
"$cs" merge "$tmp/m3.h5" "$tmp/s0.h5" "$tmp/s0.h5" "$tmp/s1.h5" >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && ok "merge refuses a shard given twice (exit 2)" || not_ok "merge refuses a shard given twice (rc $rc)"
"$cs" sweep "$sw" -j 2 --shard 3/3 -o "$tmp/bad.h5" -q >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && ok "--shard 3/3 is bad usage" || not_ok "--shard 3/3 is bad usage (rc $rc)"
# more shards than points (an array of 8 tasks over 6 points): shards 6 and
# 7 hold none, write a file anyway, and merge with the others
for i in 0 1 2 3 4 5 6 7; do "$cs" sweep "$sw" -j 1 --shard $i/8 -o "$tmp/e$i.h5" -q || echo "# shard $i/8 failed"; done
[ -f "$tmp/e6.h5" ] && [ -f "$tmp/e7.h5" ] && ok "a shard without points (6/8, 7/8 of 6 points) writes its file" \
    || not_ok "empty shards refused"
check "merge 8 shards of 6 points, two empty, in any order" "$cs" merge "$tmp/em.h5" "$tmp/e7.h5" "$tmp/e3.h5" "$tmp/e0.h5" \
    "$tmp/e6.h5" "$tmp/e1.h5" "$tmp/e5.h5" "$tmp/e2.h5" "$tmp/e4.h5"
same "8 shards of 6 points merged identical to one run" "$tmp/j1.h5" "$tmp/em.h5"
"$cs" merge "$tmp/em2.h5" "$tmp/e6.h5" "$tmp/e7.h5" >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && ok "merge still refuses missing shards beside empty ones (exit 2)" || not_ok "merge of two empty shards (rc $rc)"

# ---- MPI: two ranks, one thread each, the same file as one process
mpi=${CLEARSIM_MPI:-}
if [ -n "$mpi" ] && command -v mpirun >/dev/null 2>&1; then
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
    check "mpirun -np 2 sweep -j 1" mpirun --oversubscribe -np 2 "$mpi" sweep "$sw" -j 1 -o "$tmp/mpi.h5" -q
    same "MPI sweep identical to one process" "$tmp/j1.h5" "$tmp/mpi.h5"
    check "mpirun -np 3 sweep -j 2" mpirun --oversubscribe -np 3 "$mpi" sweep "$sw" -j 2 -o "$tmp/mpi3.h5" -q
    same "MPI 3 ranks x 2 threads identical to one process" "$tmp/j1.h5" "$tmp/mpi3.h5"
    check "MPI file records its ranks" sh -c "h5dump -a /run_info/ranks '$tmp/mpi3.h5' | grep -q '(0): 3'"
    # rank 0 gives up on a silent worker (here: silence of 20 ms, shorter
    # than a job) with exit 1, the journal kept; --resume completes it
    CLEARSIM_MPI_SILENCE_SECONDS=0.02 mpirun --oversubscribe -np 2 "$mpi" sweep "$sw" -j 1 -o "$tmp/mpis.h5" -q \
        >/dev/null 2>"$tmp/err"; rc=$?
    [ $rc -ne 0 ] && [ ! -e "$tmp/mpis.h5" ] && [ -d "$tmp/mpis.h5.partial" ] && grep -q 'no word from 1 of 1 worker rank' "$tmp/err" \
        && ok "rank 0 stops after a silence, exit $rc, the journal kept" || not_ok "silent worker (rc $rc)"
    check "... and --resume completes it" mpirun --oversubscribe -np 2 "$mpi" sweep "$sw" -j 1 -o "$tmp/mpis.h5" -q --resume
    same "... identical to one process" "$tmp/j1.h5" "$tmp/mpis.h5"
    # rank 0 sleeps between polls: rank 0 and one worker of one thread use
    # the CPU of the worker, about the wall time (a spinning rank 0 doubles
    # it on two cores)
    /usr/bin/time -f '%e %U' -o "$tmp/cpu" mpirun --oversubscribe -np 2 "$mpi" sweep "$sw" -r 8 -j 1 -o "$tmp/mpic.h5" -q
    awk '{ exit !($2 < 1.5 * $1) }' "$tmp/cpu" \
        && ok "rank 0 does not spin (wall, user: $(cat "$tmp/cpu"))" || not_ok "rank 0 spins? (wall, user: $(cat "$tmp/cpu"))"
elif [ -n "$mpi" ]; then
    not_ok "MPI binary given but no mpirun"
fi

# ---- time series: off by default in a sweep; on, they survive shards,
# a stop and resume, and MPI, padded to the longest point
check "a sweep keeps no time series by default" sh -c "! h5dump -H '$tmp/j1.h5' | grep -q 'GROUP \"timeseries\"'"
ts=tests/sweeps/series_sweep.yaml
check "series sweep" "$cs" sweep "$ts" -j 2 -o "$tmp/ts.h5" -q
check "series sweep has /timeseries" sh -c "h5dump -H '$tmp/ts.h5' | grep -q 'GROUP \"timeseries\"'"
check "series shard 0/2" "$cs" sweep "$ts" -j 2 --shard 0/2 -o "$tmp/ts0.h5" -q
check "series shard 1/2" "$cs" sweep "$ts" -j 2 --shard 1/2 -o "$tmp/ts1.h5" -q
check "merge the series shards" "$cs" merge "$tmp/tsm.h5" "$tmp/ts0.h5" "$tmp/ts1.h5"
same "merged series shards identical to one run" "$tmp/ts.h5" "$tmp/tsm.h5"
"$cs" sweep "$ts" -j 2 -o "$tmp/tss.h5" -q --stop-after-jobs 3 >/dev/null 2>&1
check "series sweep resumed" "$cs" sweep "$ts" -j 1 -o "$tmp/tss.h5" -q --resume
same "stopped + resumed series identical to one run" "$tmp/ts.h5" "$tmp/tss.h5"
if [ -n "$mpi" ] && command -v mpirun >/dev/null 2>&1; then
    check "series sweep under mpirun -np 3" mpirun --oversubscribe -np 3 "$mpi" sweep "$ts" -j 1 -o "$tmp/tsmpi.h5" -q
    same "MPI series identical to one process" "$tmp/ts.h5" "$tmp/tsmpi.h5"
fi

# ---- a tied parameter (tests/sweeps/tied.yaml, docs/sweeps.md "Tied
# parameters"): /points has the parameter's column, named by its name, and
# one per key it sets with the value the key took (aeo = rate / 3, low =
# 2 rate, from the defaults 0.01, 0.03, 0.06); shards merge to the same file
td=tests/sweeps/tied.yaml
check "tied sweep" "$cs" sweep "$td" -j 2 -o "$tmp/tied.h5" -q
check "tied sweep: /points has scan_rate and a column per key it sets" /usr/bin/python3 - "$tmp/tied.h5" <<'EOF'
import sys
import h5py
import numpy as np

def s(x):
    return x.decode() if isinstance(x, bytes) else str(x)

with h5py.File(sys.argv[1], "r") as f:
    g = f["points"]
    keys = ["customs.channels.general.scan", "customs.channels.aeo.scan",
            "customs.channels.low.scan", "regimes.ship_side.inputs.customs.channels.low.scan"]
    cols = [s(c) for c in g.attrs["columns"]]
    want = ["point", "regimes.ship_side.ship_side", "scan_rate"] + keys + ["values"]
    assert cols == want, cols
    params = [s(c) for c in g.attrs["parameters"]]
    assert params == ["regimes.ship_side.ship_side", "scan_rate"], params
    rate = g["scan_rate"][()]
    assert list(rate) == [0.01, 0.05, 0.09] * 2, rate
    assert list(g["regimes.ship_side.ship_side"][()]) == [0.1] * 3 + [0.5] * 3
    for k, w in zip(keys, [rate, rate / 3, 2 * rate, 2 * rate]):
        assert np.allclose(g[k][()], w, rtol=1e-14, atol=0), (k, g[k][()])
        assert s(g[k].attrs["set_by"]) == "scan_rate", k
    texts = [s(t) for t in g["values"][()]]
    assert texts[4] == "regimes.ship_side.ship_side=0.5, scan_rate=0.05", texts
EOF
for i in 0 1; do check "tied shard $i/2" "$cs" sweep "$td" -j 2 --shard $i/2 -o "$tmp/tied$i.h5" -q; done
check "merge the tied shards" "$cs" merge "$tmp/tiedm.h5" "$tmp/tied1.h5" "$tmp/tied0.h5"
same "merged tied shards identical to one run" "$tmp/tied.h5" "$tmp/tiedm.h5"
# the issue's workaround, a zip of every key expanded by hand, runs the
# same points: every table equal (the root attributes differ by the sweep
# file's SHA-256 only, /points and /sweep by design)
check "hand-expanded zip of the tied sweep" "$cs" sweep tests/sweeps/tied_zip.yaml -j 2 -o "$tmp/tiedzip.h5" -q
check "tied sweep equals its hand-expanded zip" sh -c "h5diff -c --exclude-path /run_info --exclude-path /points --exclude-path /sweep --exclude-attribute / '$tmp/tied.h5' '$tmp/tiedzip.h5' >'$tmp/diff' && ! grep -q . '$tmp/diff'"

# ---- warnings for thin data (docs/metrics.md): a port of a few boxes a
# call warns 'thin' and 'missing' at every point; /warnings and /pooled do
# not depend on -j, shards or merge, and stderr says each kind once
thin=tests/sweeps/thin_sweep.yaml
"$cs" sweep "$thin" -j 1 -o "$tmp/thin1.h5" >/dev/null 2>"$tmp/thin1.err"; rc=$?
[ $rc -eq 0 ] && [ "$(grep -c '^clearsim: warning: ' "$tmp/thin1.err")" -eq 2 ] \
    && grep -q "warning: $tmp/thin1.h5: [0-9]* warnings 'thin' (every one in the report), the first: point 0, conventional/import/all/release_h: 4 of 4 replications have fewer than 10000 observations" "$tmp/thin1.err" \
    && grep -q "warning: $tmp/thin1.h5: [0-9]* warnings 'missing' (every one in the report), the first: point 0, .*: observed in [123] of 4 replications" "$tmp/thin1.err" \
    && ok "a thin sweep: one stderr line per kind of warning" || { not_ok "thin sweep's warnings (exit $rc)"; sed 's/^/# /' "$tmp/thin1.err"; }
check "thin sweep -j 2" "$cs" sweep "$thin" -j 2 -o "$tmp/thin2.h5" -q
same "thin sweep -j1 vs -j2 identical (/warnings, /pooled)" "$tmp/thin1.h5" "$tmp/thin2.h5"
for i in 0 1; do check "thin shard $i/2" "$cs" sweep "$thin" -j 2 --shard $i/2 -o "$tmp/thins$i.h5" -q; done
check "merge the thin shards" "$cs" merge "$tmp/thinm.h5" "$tmp/thins1.h5" "$tmp/thins0.h5"
same "merged thin shards identical to one run" "$tmp/thin1.h5" "$tmp/thinm.h5"
check "thin sweep: three checks a point, /pooled the ratio of /replications, raised as /pooled says" /usr/bin/python3 - "$tmp/thin1.h5" <<'EOF'
import sys
import h5py
import numpy as np
with h5py.File(sys.argv[1], "r") as f:
    w, p, r = f["warnings"], f["pooled"], f["replications"]
    assert list(w["point"][()]) == [0, 0, 0, 1, 1, 1, 2, 2, 2], w["point"][()]
    assert list(w["kind"].asstr()[()]) == ["warmup", "thin", "missing"] * 3
    raised = w["raised"][()].reshape(3, 3)
    n, reps, thin = p["n"][()], p["replications"][()], p["thin"][()]
    # a quantile key misses what its source misses: counted once, no ratio
    kinds = dict(zip(f["metrics"]["name"].asstr()[()], f["metrics"]["kind"].asstr()[()]))
    quantile = np.array([kinds[m] == "quantile" for m in p["metric"].asstr()[()]])
    assert np.isnan(p["mean"][()][quantile]).all()
    missing = (n > 0) & (n < reps) & ~quantile
    for pt in range(3):
        at = p["point"][()] == pt
        assert raised[pt, 0] == 0 and np.isnan(w["limit"][3 * pt])  # a port has no warm-up rule
        assert raised[pt, 1] == (thin[at] > 0).sum() > 0, (pt, raised[pt])
        assert raised[pt, 2] == missing[at].sum() > 0, (pt, raised[pt])
    cols = ("point", "regime", "flow", "segment", "metric")
    assert all((p[c][()] == f["summary"][c][()]).all() for c in cols)  # a row per key, in /summary order
    R = 4
    cnt, mean = r["count"][()], r["mean"][()]
    rk = {tuple(r[c][i] for c in cols): i for i in range(len(cnt)) if r["replication"][i] == 0}
    # /replications: a (point, regime) block per replication, so key k of
    # replication j sits a block of keys after replication 0's row
    for i in np.flatnonzero(missing):
        k = tuple(p[c][i] for c in cols)
        block = int((f["summary"]["point"][()] == k[0]).__and__(f["summary"]["regime"][()] == k[1]).sum())
        rows = [rk[k] + j * block for j in range(R)]
        assert all(tuple(r[c][j] for c in cols) == k for j in rows), k
        c, m = cnt[rows], mean[rows]
        assert c.sum() == p["count"][i] and (c > 0).sum() == n[i], (k, c)
        ratio = (c[c > 0] * m[c > 0]).sum() / c.sum()
        assert abs(ratio - p["mean"][i]) <= 1e-12 * abs(ratio), (k, ratio, p["mean"][i])
EOF
"$cs" report "$tmp/thin1.h5" >"$tmp/thin.txt" 2>"$tmp/thin.err"; rc=$?
nf=$(/usr/bin/python3 -c "import h5py,sys; print(int(h5py.File(sys.argv[1], 'r')['warnings']['raised'][()].sum()))" "$tmp/thin1.h5")
[ $rc -eq 0 ] && grep -q '^Warnings for thin data$' "$tmp/thin.txt" \
    && [ "$(grep -cE '^ +[0-9]+ +[^ ]+ +(warmup|thin|missing) ' "$tmp/thin.txt")" -eq "${nf:-x}" ] \
    && [ "$(grep -c '^clearsim: warning: ' "$tmp/thin.err")" -eq 2 ] \
    && ok "report lists every finding ($nf) and says each kind once on stderr" || { not_ok "report's warnings (exit $rc, $nf findings)"; sed 's/^/# /' "$tmp/thin.err"; }

# ---- a whole-file sanity scan of every result file kept above
# (tests/scan_results.py: no inf, NaN only where docs/hdf5.md allows it,
# CIs around their means, quantiles in order, whole rows in every table;
# one ok / not ok line per file)
/usr/bin/python3 tests/scan_results.py --dir "$tmp" || not_ok "scan: /usr/bin/python3 needed"
