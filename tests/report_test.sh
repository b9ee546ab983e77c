#!/bin/sh
# report_test.sh - `clearsim report` as an analyst reads it.
#
# What must hold:
#  - every table of a sweep names its points: the CSV inserts one column
#    per swept parameter after `point` (a run's CSV header stays the
#    documented one), the table and markdown forms carry the parameters'
#    values beside every point and in every per-point heading;
#  - `--table differences --format csv` is /differences row by row, and
#    `--table effects --format csv` is the paired difference between
#    neighbouring points recomputed here from /replications;
#  - the document has a header (scenario, seed, replications, version,
#    horizon), a summary with the paired differences, no rows without
#    observations (said once), markdown headings that never skip a level,
#    and a glossary of the file's metrics;
#  - the busiest resources' utilisation is /resources' (busy over available
#    server-time in the observation window, summed over replications):
#    25.0 % for the berths of tests/sweeps/window_calendar.yaml, by hand.
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
pycheck() { # pycheck NAME SCRIPT ARGS...: ok when the script prints nothing and exits 0
    name=$1 script=$2; shift 2
    if "$py" -c "import sys, csv, io, math
import numpy as np, h5py
$script" "$@" >"$tmp/py.out" 2>&1 && [ ! -s "$tmp/py.out" ]; then
        ok "$name"
    else
        not_ok "$name"; sed 's/^/# /' "$tmp/py.out" | head -n 10
    fi
}

if ! "$py" -c 'import h5py, numpy' 2>/dev/null; then
    not_ok "report: /usr/bin/python3 with h5py needed (make test installs it)"
    exit 0
fi

# a 2 x 3 port sweep (two parameters, two regimes, 2 replications) and a run
check "sweep of two parameters" "$cs" sweep tests/sweeps/cli_sweep.yaml -o "$tmp/sw.h5" -q
check "run of the port base" "$cs" run tests/sweeps/cli_base.yaml -o "$tmp/run.h5" -q
for f in table markdown csv; do
    check "report --format $f (sweep)" sh -c "\"$cs\" report \"$tmp/sw.h5\" --format $f >\"$tmp/sw.$f\""
    check "report --format $f (run)" sh -c "\"$cs\" report \"$tmp/run.h5\" --format $f >\"$tmp/run.$f\""
done
check "report --table differences --format csv" sh -c "\"$cs\" report \"$tmp/sw.h5\" --table differences --format csv >\"$tmp/diff.csv\""
check "report --table effects --format csv" sh -c "\"$cs\" report \"$tmp/sw.h5\" --table effects --format csv >\"$tmp/eff.csv\""
check "report --table effects (table form)" sh -c "\"$cs\" report \"$tmp/sw.h5\" --table effects >\"$tmp/eff.txt\""
"$cs" report "$tmp/sw.h5" --table nonsense >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 2 ] && grep -q "unknown table 'nonsense'" "$tmp/err" && ok "an unknown --table is bad usage (exit 2)" \
    || not_ok "an unknown --table: exit $rc"

# ---- sweep CSV: both parameters after point, each row's values those of /points
pycheck "sweep CSV: one column per parameter after point, values of /points" '
f = h5py.File(sys.argv[1], "r"); pts = f["points"]
names = [n.decode() for n in pts.attrs["columns"] if n.decode() not in ("point", "values")]
rows = list(csv.reader(open(sys.argv[2])))
want = ["point"] + names + "regime,flow,segment,metric,n,mean,ci95_low,ci95_high,p50,p90,p99".split(",")
if rows[0] != want: print("header", rows[0], "want", want)
if len(rows) - 1 != len(f["summary/point"]): print("rows", len(rows) - 1, "want", len(f["summary/point"]))
seen = set()
for r in rows[1:]:
    p = int(r[0]); seen.add(p)
    for k, n in enumerate(names):
        if float(r[1 + k]) != pts[n][p]: print("point", p, n, r[1 + k], pts[n][p]); break
if seen != set(range(len(pts["point"]))): print("points seen", sorted(seen))
' "$tmp/sw.h5" "$tmp/sw.csv"
head -n 1 "$tmp/run.csv" | grep -qx 'point,regime,flow,segment,metric,n,mean,ci95_low,ci95_high,p50,p90,p99' \
    && ok "run CSV: the documented header, unchanged" || not_ok "run CSV header: $(head -n 1 "$tmp/run.csv")"

# ---- table and markdown: the parameters beside every point
for f in table markdown; do
    pycheck "sweep $f: every point's heading and table rows carry both parameters" '
f = h5py.File(sys.argv[1], "r"); pts = f["points"]
names = [n.decode() for n in pts.attrs["columns"] if n.decode() not in ("point", "values")]
text = open(sys.argv[2]).read()
for p in range(len(pts["point"])):
    vals = ["%s=%.4g" % (n, pts[n][p]) for n in names]
    for reg in ("conventional", "ship_side"):
        title = "Point %d (%s), regime %s" % (p, ", ".join(vals), reg)
        if title not in text: print("missing heading:", title)
heads = [l for l in text.splitlines() if l.startswith("point") or l.startswith("| point")]
if not heads: print("no table with a point column")
for h in heads:
    for n in names:
        if n not in h: print("a point table without", n, ":", h[:80])
' "$tmp/sw.h5" "$tmp/sw.$f"
done

# ---- the differences CSV is /differences, row by row
pycheck "differences CSV: /differences row by row" '
f = h5py.File(sys.argv[1], "r"); d = f["differences"]
names = [n.decode() for n in f["points"].attrs["columns"] if n.decode() not in ("point", "values")]
rows = list(csv.reader(open(sys.argv[2])))
want = ["point"] + names + "regime,baseline,flow,segment,metric,n,mean,ci95_low,ci95_high,unpaired_half_width".split(",")
if rows[0] != want: print("header", rows[0])
rows = rows[1:]
if len(rows) != len(d["point"]): print("rows", len(rows), "want", len(d["point"]))
k0 = 1 + len(names)
for i, r in enumerate(rows[:len(d["point"])]):
    if int(r[0]) != d["point"][i]: print("row", i, "point"); break
    labels = [d[c][i].decode() for c in ("regime", "baseline", "flow", "segment", "metric")]
    if r[k0:k0 + 5] != labels: print("row", i, r[k0:k0 + 5], labels); break
    if int(r[k0 + 5]) != d["n"][i]: print("row", i, "n"); break
    for j, c in enumerate(("mean", "ci95_low", "ci95_high", "unpaired_half_width")):
        a, b = float(r[k0 + 6 + j]), d[c][i]
        if not (a == b or (math.isnan(a) and math.isnan(b))): print("row", i, c, a, b); break
' "$tmp/sw.h5" "$tmp/diff.csv"

# ---- effects: the paired difference between neighbouring points, recomputed
pycheck "effects CSV: neighbouring points paired by replication, recomputed from /replications" '
f = h5py.File(sys.argv[1], "r"); rp = f["replications"]; pts = f["points"]
names = [n.decode() for n in pts.attrs["columns"] if n.decode() not in ("point", "values")]
t975 = {1: 12.706204736174698, 2: 4.302652729749464, 3: 3.182446305284263, 4: 2.7764451051977934}
val = {}
for i in range(len(rp["point"])):
    key = (int(rp["point"][i]), rp["regime"][i].decode(), rp["flow"][i].decode(), rp["segment"][i].decode(),
           rp["metric"][i].decode(), int(rp["replication"][i]))
    val[key] = (int(rp["count"][i]), rp["mean"][i])
rows = list(csv.reader(open(sys.argv[2])))
if rows[0] != "parameter,point,next_point,value,next_value,regime,flow,segment,metric,n,mean,ci95_low,ci95_high".split(","):
    print("header", rows[0])
pairs = set()
for r in rows[1:]:
    k = names.index(r[0]); p, q = int(r[1]), int(r[2]); pairs.add((k, p, q))
    for j, n in enumerate(names):
        same = pts[n][p] == pts[n][q]
        if (j == k) == same: print("not neighbours along", r[0], p, q); break
    if not pts[names[k]][p] < pts[names[k]][q]: print("not increasing", p, q)
    d = []
    for rep in range(8):
        a, b = val.get((p,) + tuple(r[5:9]) + (rep,)), val.get((q,) + tuple(r[5:9]) + (rep,))
        if a and b and a[0] > 0 and b[0] > 0: d.append(b[1] - a[1])
    if int(r[9]) != len(d): print("n", r, len(d)); continue
    if d:
        m = float(np.mean(d))
        if abs(float(r[10]) - m) > 1e-9 * max(1, abs(m)): print("mean", r, m)
        if len(d) > 1:
            h = t975[len(d) - 1] * float(np.std(d, ddof=1)) / math.sqrt(len(d))
            if abs(float(r[11]) - (m - h)) > 1e-6 * max(1, abs(h)): print("ci", r, m - h)
# a 2 x 3 grid: 3 pairs along the first parameter, 2 x 2 along the second
if len(pairs) != 3 + 4: print("pairs", sorted(pairs))
' "$tmp/sw.h5" "$tmp/eff.csv"

# ---- the document: header, summary, nothing empty, headings, glossary
for w in "scenario" "seed" "replications" "horizon" "version" "baseline"; do
    grep -q "^- \*\*$w\*\*: " "$tmp/run.markdown" || { not_ok "header: no $w"; continue; }
done
grep -q "^- \*\*horizon\*\*: 504 h, warm-up 72 h" "$tmp/run.markdown" && ok "header: scenario, seed, replications, horizon, version, baseline" \
    || not_ok "header: horizon line $(grep horizon "$tmp/run.markdown")"
grep -q '^## Summary' "$tmp/run.markdown" && ok "a summary section" || not_ok "no summary section"
summary=$(sed -n '/^## Summary/,/^## Regimes/p' "$tmp/run.markdown")
echo "$summary" | grep -q 'ship_side .*| -\?[0-9.e+-]* \[' && ok "the summary pairs each regime with the baseline" \
    || not_ok "the summary has no paired differences"
for f in table markdown; do
    grep -q 'nan \[nan, nan\]' "$tmp/run.$f" && not_ok "$f: rows without observations printed" \
        || ok "$f: no row without observations"
    n=$(grep -c 'left out' "$tmp/run.$f")
    [ "$n" -eq 1 ] && ok "$f: what is left out is said once" || not_ok "$f: 'left out' said $n times"
done
grep -c 'transit' "$tmp/run.csv" >/dev/null && ok "CSV keeps every row (transit included)" || not_ok "CSV lost rows"
"$py" - "$tmp/run.markdown" "$tmp/sw.markdown" >"$tmp/h.out" <<'EOF'
import sys
for path in sys.argv[1:]:
    last = 0
    for n, line in enumerate(open(path), 1):
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            if level > last + 1:
                print("%s:%d: heading level %d after %d" % (path, n, level, last))
            last = level
EOF
[ ! -s "$tmp/h.out" ] && ok "markdown headings never skip a level" || { not_ok "markdown headings skip"; sed 's/^/# /' "$tmp/h.out" | head; }
grep -q '^## Glossary' "$tmp/run.markdown" && grep -q '^| exit_h ' "$tmp/run.markdown" \
    && ok "a glossary of the file's metrics" || not_ok "no glossary"
grep -q 'docs/metrics.md' "$tmp/run.markdown" && [ -f docs/metrics.md ] && ok "the glossary points to docs/metrics.md" \
    || not_ok "the glossary's pointer"
# ---- a tied parameter is one column under its own name (the keys it sets are not parameters)
check "sweep with a tied parameter" "$cs" sweep tests/sweeps/tied.yaml -o "$tmp/tied.h5" -q
"$cs" report "$tmp/tied.h5" --format csv | head -n 1 | grep -qx 'point,regimes.ship_side.ship_side,scan_rate,regime,flow,segment,metric,n,mean,ci95_low,ci95_high,p50,p90,p99' \
    && ok "tied sweep CSV: the swept and the tied parameter after point" || not_ok "tied sweep CSV header"
"$cs" report "$tmp/tied.h5" | grep -q '^Point 5 (regimes.ship_side.ship_side=0.5, scan_rate=0.09), regime ship_side$' \
    && ok "tied sweep report: headings name the tied parameter" || not_ok "tied sweep report headings"

# ---- utilisation: one definition.  The berths of window_calendar.yaml have
# 8 available server-hours in [128h, 134h), busy 2 (its comment, and
# test_port_behaviour.c's test_resource_window): 25.0 %; and every row of
# the cli_base run's table is /resources' busy over capacity server-time
# summed over the replications, to the printed 0.1 %
check "run of the hand-computed calendar port" "$cs" run tests/sweeps/window_calendar.yaml -o "$tmp/win.h5" -q
"$cs" report "$tmp/win.h5" >"$tmp/win.txt" 2>&1
grep -Eq '^berths +25\.0 % ' "$tmp/win.txt" && ok "report: the berths' utilisation is the hand value, 25.0 %" \
    || { not_ok "report: the berths' utilisation"; grep -A6 '^Busiest' "$tmp/win.txt" | sed 's/^/# /'; }
pycheck "report: each busiest resource's utilisation is /resources' busy / available server-time" '
import re
r = h5py.File(sys.argv[1], "r")["resources"]
span = r["window_end"][:] - r["window_start"][:]
reg, res = r["regime"].asstr()[:], r["resource"].asstr()[:]
section, busiest, seen = None, False, 0
for line in open(sys.argv[2]):
    m = re.match(r"^Regime (\S+)$", line)
    if m: section = m.group(1)
    busiest = line.startswith("Busiest resources") or (busiest and line.strip() != "")
    m = re.match(r"^(\w+) +(\d+\.\d) % ", line)
    if not busiest or not m or section is None: continue
    k = (reg == section) & (res == m.group(1))
    want = "%.1f" % (100 * (r["busy_mean"][k] * span[k]).sum() / (r["capacity_mean"][k] * span[k]).sum())
    seen += 1
    if m.group(2) != want: print(section, m.group(1), m.group(2), "want", want)
if seen < 10: print("only", seen, "rows")
' "$tmp/run.h5" "$tmp/run.table"

# ---- HTML: one self-contained page, written safely
check "report --format html -o" "$cs" report "$tmp/sw.h5" --format html -o "$tmp/sw.html"
check "report --format html -o (run)" "$cs" report "$tmp/run.h5" --format html -o "$tmp/run.html"
pycheck "html: CSP default-src none, figures inline, nothing to load, the sweep's parameters in its tables" '
import re
for path in sys.argv[1:3]:
    s = open(path).read()
    if "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src '"'"'none'"'"'; style-src '"'"'unsafe-inline'"'"'; img-src data:\">" not in s:
        print(path, "no CSP")
    if re.search(r"<script|<link|<img|src=|href=\"http|@import|url\(", s): print(path, "loads something")
    figs = re.findall(r"<figure class=\"cs-figure\" id=\"fig-\d+\">\s*<svg.*?</svg>\s*<figcaption>", s, re.S)
    if not figs: print(path, "no figure")
    if s.count("<h1>") != 1 or "<h2>Glossary</h2>" not in s: print(path, "headings")
f = h5py.File(sys.argv[3], "r")
names = [n.decode() for n in f["points"].attrs["columns"] if n.decode() not in ("point", "values")]
s = open(sys.argv[1]).read()
for n in names:
    if "<th class=\"num\">%s</th>" % n not in s: print("no column", n)
' "$tmp/sw.html" "$tmp/run.html" "$tmp/sw.h5"
"$cs" report "$tmp/sw.h5" --format html -o "$tmp/sw.html" >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 2 ] && grep -q 'exists (use --force' "$tmp/err" && ok "html: an existing OUT needs --force" || not_ok "html: existing OUT, exit $rc"
check "html: --force replaces it" "$cs" report "$tmp/sw.h5" --format html -o "$tmp/sw.html" --force
ln -s "$tmp/run.csv" "$tmp/link.html"
"$cs" report "$tmp/sw.h5" --format html -o "$tmp/link.html" --force >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && head -n 1 "$tmp/run.csv" | grep -q '^point,' && ok "html: a link at OUT is never written through" \
    || not_ok "html: a link at OUT, exit $rc"
"$cs" report "$tmp/sw.h5" --format html --table effects >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && ok "html with --table is bad usage" || not_ok "html with --table: exit $rc"
exit 0
