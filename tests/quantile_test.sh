#!/bin/sh
# quantile_test.sh - the quantile keys (release_h.p90: each replication's
# own quantile of a summary metric) in a result file, recomputed here.
#
# What must hold, on a port of two regimes (4 replications):
#  - every key of a summary kind is followed by its three quantile keys,
#    in /summary, /replications, /histograms and /differences, and the
#    catalogue lists them (kind quantile, the source's label and unit);
#  - a quantile key's /summary row is its /replications values': n, the
#    mean, the Student-t interval (t(0.975, 3) = 3.182446 for n = 4), and
#    p50/p90/p99 the ceil(q n)-th smallest value; its /histograms row has
#    no bins, and a replication without observations has count 0 and NaN;
#  - its /differences row is the mean of the paired differences of the
#    replication values, regime minus baseline;
#  - the report's document shows no quantile key (its tables and glossary
#    stay as they were), its CSV every one.
# Recomputations use Debian's /usr/bin/python3 with h5py and numpy.
set -u
cs=${CLEARSIM:-./clearsim}
py=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; }
check() { # check NAME COMMAND...: ok when the command exits 0
    name=$1; shift
    if "$@" >"$tmp/out" 2>"$tmp/err"; then ok "$name"; else not_ok "$name"; sed 's/^/# /' "$tmp/out" "$tmp/err" | tail -n 20; fi
}

check "a port of two regimes, 4 replications" "$cs" run tests/sweeps/cli_base.yaml -r 4 -o "$tmp/q.h5" -q

cat >"$tmp/check.py" <<'EOF'
import math, sys
import h5py, numpy as np

f = h5py.File(sys.argv[1], "r")
what = sys.argv[2]
cat = dict(zip(f["metrics/name"].asstr()[:], f["metrics/kind"].asstr()[:]))
label = dict(zip(f["metrics/name"].asstr()[:], f["metrics/label"].asstr()[:]))
SUMMARY = ("primary", "headline", "detail")
SUFFIX = (".p50", ".p90", ".p99")

def keys(g):
    return list(zip(*(f[g][c].asstr()[:] if c != "point" else f[g][c][:] for c in
                      ("point", "regime", "flow", "segment", "metric"))))

def fail(msg):
    print(msg)
    sys.exit(1)

s = f["summary"]
sk = keys("summary")

def replication_rows():
    """/replications' count and mean columns, and each key's rows."""
    r = f["replications"]
    by = {}
    for i, k in enumerate(keys("replications")):
        by.setdefault(k, []).append(i)
    return r["count"][:], r["mean"][:], by

if what == "layout":
    for name, kind in cat.items():
        if kind in SUMMARY:
            for x in SUFFIX:
                if cat.get(name + x) != "quantile" or label[name + x] != label[name]:
                    fail("catalogue: %s%s" % (name, x))
    nq = 0
    for i, k in enumerate(sk):
        if cat[k[4]] in SUMMARY:
            for j, x in enumerate(SUFFIX):
                if sk[i + 1 + j] != k[:4] + (k[4] + x,):
                    fail("row %d: %s not followed by %s" % (i, k, k[4] + x))
            nq += 3
    if nq == 0 or sum(cat[k[4]] == "quantile" for k in sk) != nq:
        fail("quantile rows: %d" % nq)
    if keys("histograms") != sk:
        fail("/histograms rows are not /summary's")
    bins = f["histograms/bins"][:]
    if any(bins[i] != 0 for i, k in enumerate(sk) if cat[k[4]] == "quantile"):
        fail("a quantile key has bins")
    print("%d quantile keys of %d" % (nq, len(sk)))
elif what == "summary":
    count, mean, by = replication_rows()
    checked = empty = 0
    for i, k in enumerate(sk):
        if cat[k[4]] != "quantile":
            continue
        rows = by[k]
        if len(rows) != 4:
            fail("%s: %d replications" % (k, len(rows)))
        v = sorted(mean[j] for j in rows if count[j] > 0)
        empty += sum(1 for j in rows if count[j] == 0 and math.isnan(mean[j]))
        n = len(v)
        if s["n"][i] != n:
            fail("%s: n %d, replications %d" % (k, s["n"][i], n))
        if n == 0:
            continue
        m = sum(v) / n
        if abs(s["mean"][i] - m) > 1e-12 * max(1, abs(m)):
            fail("%s: mean %r vs %r" % (k, s["mean"][i], m))
        for c, q in (("p50", 0.5), ("p90", 0.9), ("p99", 0.99)):
            want = v[max(1, math.ceil(q * n)) - 1]
            if s[c][i] != want:
                fail("%s: %s %r vs %r" % (k, c, s[c][i], want))
        if n == 4:
            sd = math.sqrt(sum((x - m) ** 2 for x in v) / 3)
            hw = 3.182446305284263 * sd / 2
            got = (s["ci95_high"][i] - s["ci95_low"][i]) / 2
            if abs(got - hw) > 1e-9 * max(1, hw):
                fail("%s: half-width %r vs %r" % (k, got, hw))
            checked += 1
    if checked == 0:
        fail("no quantile row with 4 replications")
    print("%d rows with 4 replications checked; %d empty replication values" % (checked, empty))
elif what == "differences":
    count, mean, by = replication_rows()
    d = f["differences"]
    dk = keys("differences")
    base = d["baseline"].asstr()[:]
    checked = 0
    for i, k in enumerate(dk):
        if cat[k[4]] != "quantile":
            continue
        a, b = by[k], by[(k[0], base[i]) + k[2:]]
        diffs = [mean[x] - mean[y] for x, y in zip(a, b) if count[x] > 0 and count[y] > 0]
        if d["n"][i] != len(diffs):
            fail("%s: n %d vs %d" % (k, d["n"][i], len(diffs)))
        if diffs and abs(d["mean"][i] - sum(diffs) / len(diffs)) > 1e-12 * max(1, abs(d["mean"][i])):
            fail("%s: paired mean %r vs %r" % (k, d["mean"][i], sum(diffs) / len(diffs)))
        checked += bool(diffs)
    if checked == 0:
        fail("no quantile difference")
    print("%d quantile differences checked" % checked)
EOF

check "layout: three quantile keys after every summary key, in every table and the catalogue" \
    $py "$tmp/check.py" "$tmp/q.h5" layout
check "/summary of a quantile key: n, mean, t interval and quantiles of its /replications values" \
    $py "$tmp/check.py" "$tmp/q.h5" summary
check "/differences of a quantile key: the paired mean of its replication values" \
    $py "$tmp/check.py" "$tmp/q.h5" differences

"$cs" report "$tmp/q.h5" >"$tmp/doc.txt" 2>"$tmp/doc.err"
if [ -s "$tmp/doc.txt" ] && ! grep -q '\.p[59][09]' "$tmp/doc.txt"; then ok "the report's document shows no quantile key"
else not_ok "the report's document shows no quantile key"; grep '\.p[59][09]' "$tmp/doc.txt" "$tmp/doc.err" | head | sed 's/^/# /'; fi
"$cs" report "$tmp/q.h5" --format csv >"$tmp/doc.csv"
if grep -q '^0,conventional,import,all,release_h\.p90,' "$tmp/doc.csv"; then ok "the CSV report lists the quantile keys"
else not_ok "the CSV report lists the quantile keys"; head -n 5 "$tmp/doc.csv" | sed 's/^/# /'; fi
