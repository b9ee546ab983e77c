#!/bin/sh
# plot_test.sh - end-to-end checks of tools/clearsim-plot.
#
# What must hold for a user: the figures of a port run, a queue run and a
# sweep are written as real PNGs of a sensible size (bytes and pixels),
# one stdout line each; a file that is not a clearsim result, a missing
# file or bad usage exits 2 with one line on stderr, no traceback and no
# output folder; a folder that cannot be made exits 1; the utilisation of
# busiest_resources.png is /resources' (busy over available server-time in
# the observation window, summed over replications): 0.25 for the berths
# of tests/sweeps/window_calendar.yaml, by hand.  The tool runs under
# Debian's /usr/bin/python3 with python3-h5py and python3-matplotlib
# (tools/install-deps.sh plot; make test installs them).
set -u
cs=${CLEARSIM:-./clearsim}
py=/usr/bin/python3
plot=tools/clearsim-plot
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; }
check() { # check NAME COMMAND...: ok when the command exits 0
    name=$1; shift
    if "$@" >"$tmp/out" 2>"$tmp/err"; then ok "$name"; else not_ok "$name"; sed 's/^/# /' "$tmp/out" "$tmp/err" | tail -n 20; fi
}

# png_ok FILE: a PNG (signature, IHDR first) of 10 kB .. 5 MB and
# 400 .. 4000 pixels each way; says what is wrong otherwise
png_ok() {
    [ -f "$1" ] || { echo "$1: missing"; return 1; }
    sig=$(od -An -tx1 -N8 "$1" | tr -d ' \n')
    [ "$sig" = 89504e470d0a1a0a ] || { echo "$1: no PNG signature ($sig)"; return 1; }
    [ "$(od -An -c -j12 -N4 "$1" | tr -d ' \n')" = IHDR ] || { echo "$1: no IHDR chunk first"; return 1; }
    size=$(wc -c <"$1")
    [ "$size" -gt 10240 ] && [ "$size" -lt 5242880 ] || { echo "$1: $size bytes"; return 1; }
    dims=$(od -An -tu1 -j16 -N8 "$1" | awk '{ print $1*16777216 + $2*65536 + $3*256 + $4, $5*16777216 + $6*65536 + $7*256 + $8 }')
    set -- "$1" $dims
    [ "$2" -ge 400 ] && [ "$2" -le 4000 ] && [ "$3" -ge 400 ] && [ "$3" -le 4000 ] \
        || { echo "$1: $2 x $3 pixels"; return 1; }
}

# png_meta FILE KEY: the value of KEY in the PNG's text metadata (empty when
# absent), read with PIL where python3-pil is installed, else from the tEXt
# chunks directly
png_meta() {
    "$py" - "$1" "$2" <<'PY'
import struct, sys
path, key = sys.argv[1], sys.argv[2]
try:
    from PIL import Image
    with Image.open(path) as im:
        print(im.text.get(key, ""))
except ImportError:
    data, pos, value = open(path, "rb").read(), 8, ""
    while pos + 8 <= len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"tEXt":
            k, _, v = data[pos + 8:pos + 8 + n].partition(b"\0")
            if k.decode("latin-1") == key:
                value = v.decode("latin-1")
        pos += 12 + n
    print(value)
PY
}

# meta_is FILE KEY VALUE: the PNG's metadata KEY reads VALUE; says what it
# reads otherwise
meta_is() {
    [ -f "$1" ] || { echo "$1: missing"; return 1; }
    got=$(png_meta "$1" "$2")
    [ "$got" = "$3" ] || { echo "$1: $2 is '$got', want '$3'"; return 1; }
}

# scales_ok DIR: DIR has PNGs and each records clearsim:colour_scale range
# or ci_width (every figure of a two-parameter grid is a heat map)
scales_ok() {
    ls "$1"/*.png >/dev/null 2>&1 || { echo "$1: no PNG"; return 1; }
    for f in "$1"/*.png; do
        v=$(png_meta "$f" clearsim:colour_scale)
        case $v in range|ci_width) ;; *) echo "$f: clearsim:colour_scale is '$v'"; return 1 ;; esac
    done
}

# refused NAME RC MESSAGE ARGS...: the tool exits RC with exactly one
# stderr line containing MESSAGE, nothing on stdout, no traceback, and
# creates no output folder ($tmp/never)
refused() {
    name=$1 want=$2 msg=$3; shift 3
    "$py" "$plot" "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?
    if [ $rc -eq "$want" ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -qF "$msg" "$tmp/err" \
        && [ ! -s "$tmp/out" ] && ! grep -q Traceback "$tmp/err" && [ ! -e "$tmp/never" ]; then
        ok "$name"
    else
        not_ok "$name (rc $rc, want $want)"; sed 's/^/# /' "$tmp/out" "$tmp/err" | tail -n 20
    fi
}

if ! "$py" -c 'import h5py, matplotlib, numpy' >/dev/null 2>&1; then
    not_ok "$py has h5py and matplotlib (install python3-h5py python3-matplotlib: sh tools/install-deps.sh plot)"
    exit 0
fi
ok "$py has h5py and matplotlib"

check "--help prints the usage" sh -c "'$py' '$plot' --help | grep -q '^usage: clearsim-plot FILE.h5'"
check "runs by its #! line (executable, /usr/bin/python3)" sh -c "test -x '$plot' && head -n 1 '$plot' | grep -qx '#!/usr/bin/python3' && '$plot' -h >/dev/null"

# ---- a port run: four figures beside the file by default
check "small port run" "$cs" run tests/sweeps/cli_base.yaml -r 2 -o "$tmp/run.h5" -q
check "plot the run (default folder run-plots/)" "$py" "$plot" "$tmp/run.h5"
cp "$tmp/out" "$tmp/run.out"; cp "$tmp/err" "$tmp/run.err"
check "run: no Python traceback on stderr" sh -c "! grep -q Traceback '$tmp/run.err'"
for f in release_cdf decomposition busiest_resources yard_and_customs; do
    check "run: $f.png is a sensible PNG" png_ok "$tmp/run-plots/$f.png"
    check "run: a stdout line names $f.png" grep -q "^$tmp/run-plots/$f.png: ." "$tmp/run.out"
done
check "run: one stdout line per PNG" test "$(grep -c '\.png: ' "$tmp/run.out")" -eq "$(ls "$tmp/run-plots" | grep -c '\.png$')"
check "run: nothing but PNGs left in the folder" test -z "$(ls -A "$tmp/run-plots" | grep -v '\.png$')"

# ---- utilisation: one definition.  busiest_resources.png records what its
# legend rounds (clearsim:utilisation, resource=share, busiest first):
# /resources' busy over capacity server-time, summed over replications
"$py" - "$tmp/run.h5" "$(png_meta "$tmp/run-plots/busiest_resources.png" clearsim:utilisation)" >"$tmp/util" 2>&1 <<'PY'
import sys
import h5py
r = h5py.File(sys.argv[1], "r")["resources"]
span = r["window_end"][:] - r["window_start"][:]
k0 = (r["point"][:] == 0) & (r["regime"].asstr()[:] == "conventional")
pairs = [p.split("=") for p in sys.argv[2].split(",") if p]
if len(pairs) != 4: print("want 4 resources, got", sys.argv[2])
for name, share in pairs:
    k = k0 & (r["resource"].asstr()[:] == name)
    want = (r["busy_mean"][k] * span[k]).sum() / (r["capacity_mean"][k] * span[k]).sum()
    if abs(float(share) - want) > 1e-12 * want: print(name, share, "want", want)
PY
check "run: the plot's utilisation is /resources' busy / available server-time" test ! -s "$tmp/util"
sed 's/^/# /' "$tmp/util"
# the berths of window_calendar.yaml: 8 available server-hours in [128h,
# 134h), busy 2 (test_port_behaviour.c's test_resource_window): 0.25
check "hand-computed calendar port" "$cs" run tests/sweeps/window_calendar.yaml -o "$tmp/win.h5" -q
check "plot it" "$py" "$plot" "$tmp/win.h5" -o "$tmp/win"
win=$(png_meta "$tmp/win/busiest_resources.png" clearsim:utilisation)
case $win in
berths=0.25,*) ok "win: the berths are the busiest, at the hand value 0.25" ;;
*) not_ok "win: the berths at 0.25 first (clearsim:utilisation '$win')" ;;
esac
# ---- a queue run: the sojourn CDF, the port figures skipped with a note
check "small queue run" "$cs" run tests/sweeps/queue_base.yaml -r 2 -o "$tmp/queue.h5" -q
check "plot the queue run" "$py" "$plot" "$tmp/queue.h5" -o "$tmp/queue-out"
cp "$tmp/out" "$tmp/queue.out"
check "queue: sojourn_cdf.png is a sensible PNG" png_ok "$tmp/queue-out/sojourn_cdf.png"
check "queue: notes the figures it skips" grep -qx 'skipped busiest_resources.png: no /timeseries' "$tmp/queue.out"
check "queue: no other PNG" test "$(ls "$tmp/queue-out" | wc -l)" -eq 1

# ---- a sweep (2 x 3 grid): a heat map per headline metric, in a new nested folder
check "small sweep" "$cs" sweep tests/sweeps/cli_sweep.yaml -r 2 -o "$tmp/sweep.h5" -q
check "plot the sweep into a new nested folder" "$py" "$plot" "$tmp/sweep.h5" -o "$tmp/plots/sweep"
cp "$tmp/out" "$tmp/sweep.out"
for f in sweep_import_release_h sweep_import_decl_release_h sweep_import_exit_h sweep_import_liftoff_h sweep_export_release_h sweep_export_decl_release_h sweep_export_port_stay_h; do
    check "sweep: $f.png is a sensible PNG" png_ok "$tmp/plots/sweep/$f.png"
done
check "sweep: no run figures" test ! -e "$tmp/plots/sweep/release_cdf.png"
check "sweep: one stdout line per PNG" test "$(grep -c '\.png: ' "$tmp/sweep.out")" -eq "$(ls "$tmp/plots/sweep" | wc -l)"
check "sweep: a heat map of the paired differences to the baseline" png_ok "$tmp/plots/sweep/sweep_diff_import_release_h.png"
check "sweep: ... marked as such in its metadata" meta_is "$tmp/plots/sweep/sweep_diff_import_release_h.png" clearsim:shows difference
# the scan rate changes the conventional regime too: both panels stay
check "sweep: a baseline that changes across the cells keeps its panel" \
    meta_is "$tmp/plots/sweep/sweep_import_release_h.png" clearsim:panels conventional,ship_side

# ---- paired differences and honest colour scales: a 3 x 2 grid over the
# ship_side regime's overlay only (tests/sweeps/plot_grid.yaml), so the
# baseline (conventional) is the same in every cell
g=$tmp/grid
check "grid sweep over one regime's overlay" "$cs" sweep tests/sweeps/plot_grid.yaml -o "$tmp/grid.h5" -q
check "plot the grid sweep" "$py" "$plot" "$tmp/grid.h5" -o "$g"
cp "$tmp/out" "$tmp/grid.out"
check "grid: the differences heat map is a sensible PNG" png_ok "$g/sweep_diff_import_release_h.png"
check "grid: ... a heat map" meta_is "$g/sweep_diff_import_release_h.png" clearsim:layout heatmap
check "grid: ... of the paired differences" meta_is "$g/sweep_diff_import_release_h.png" clearsim:shows difference
check "grid: every heat map records its colour scale (range or ci_width)" scales_ok "$g"
check "grid: differences spread far beyond their CIs: the scale spans the cells (range)" \
    meta_is "$g/sweep_diff_import_release_h.png" clearsim:colour_scale range
check "grid: ... and so do the means" meta_is "$g/sweep_import_release_h.png" clearsim:colour_scale range
check "grid: the baseline, the same in every cell, gets no panel" \
    meta_is "$g/sweep_import_release_h.png" clearsim:panels ship_side
check "grid: ... and is named as left out" meta_is "$g/sweep_import_release_h.png" clearsim:left_out conventional
check "grid: the stdout line says the baseline is left out" \
    grep -q "^$g/sweep_import_release_h.png: .*regime conventional left out (the same in every cell)" "$tmp/grid.out"
check "grid: the difference figures have no baseline panel either" \
    meta_is "$g/sweep_diff_import_release_h.png" clearsim:panels ship_side
check "grid: no cell hatched where every CI excludes 0" \
    meta_is "$g/sweep_diff_import_release_h.png" clearsim:not_significant 0

# the same file with ship_side's import release_h flattened: cells 0.05 h
# apart, CIs 10 h wide (means and differences); the colour scale must widen
# to the CI width, and only for that metric
"$py" - "$tmp/grid.h5" "$tmp/noise.h5" <<'PY'
import shutil, sys
import h5py
shutil.copy(sys.argv[1], sys.argv[2])
with h5py.File(sys.argv[2], "r+") as f:
    for table, level in (("summary", 30.0), ("differences", -0.02)):
        t = f[table]
        rows = ((t["flow"][:] == b"import") & (t["metric"][:] == b"release_h")
                & (t["segment"][:] == b"all") & (t["regime"][:] == b"ship_side")).nonzero()[0]
        assert len(rows) == 6, rows
        for k in rows:
            mean = level + 0.01 * int(t["point"][k])
            t["mean"][k], t["ci95_low"][k], t["ci95_high"][k] = mean, mean - 5, mean + 5
PY
check "plot the flattened copy" "$py" "$plot" "$tmp/noise.h5" -o "$tmp/noise"
cp "$tmp/out" "$tmp/noise.out"
check "noise: means spread less than their CIs: the scale widens (ci_width)" \
    meta_is "$tmp/noise/sweep_import_release_h.png" clearsim:colour_scale ci_width
check "noise: ... and so do differences" \
    meta_is "$tmp/noise/sweep_diff_import_release_h.png" clearsim:colour_scale ci_width
check "noise: all 6 cells hatched: their CIs contain 0" \
    meta_is "$tmp/noise/sweep_diff_import_release_h.png" clearsim:not_significant 6
check "noise: the stdout line says the scale is widened" \
    grep -q "^$tmp/noise/sweep_diff_import_release_h.png: .*colour scale widened to the median 95 % CI width" "$tmp/noise.out"
check "noise: another metric keeps its scale" sh -c '[ "$1" = "$2" ]' sh \
    "$(png_meta "$g/sweep_diff_import_exit_h.png" clearsim:colour_scale)" \
    "$(png_meta "$tmp/noise/sweep_diff_import_exit_h.png" clearsim:colour_scale)"

# ---- one parameter: a line of the paired difference with its CI band
cat >"$tmp/line.yaml" <<EOF
kind: sweep
name: plot_line
base: $PWD/tests/sweeps/cli_base.yaml
replications: 3
parameters:
  - path: regimes.ship_side.ship_side
    values: [0.1, 0.5]
EOF
check "one-parameter sweep" "$cs" sweep "$tmp/line.yaml" -o "$tmp/line.h5" -q
check "plot the one-parameter sweep" "$py" "$plot" "$tmp/line.h5" -o "$tmp/line"
check "line: the difference figure is a sensible PNG" png_ok "$tmp/line/sweep_diff_import_release_h.png"
check "line: ... a line plot" meta_is "$tmp/line/sweep_diff_import_release_h.png" clearsim:layout line
check "line: ... of the paired differences" meta_is "$tmp/line/sweep_diff_import_release_h.png" clearsim:shows difference
check "line: the means figure stays, a line plot of means" meta_is "$tmp/line/sweep_import_release_h.png" clearsim:shows mean

# ---- refusals: exit 2, one stderr line, no folder
echo "not HDF5 at all" >"$tmp/text.h5"
refused "a text file is not a clearsim result file (exit 2)" 2 "clearsim-plot: $tmp/text.h5: not a clearsim result file" "$tmp/text.h5" -o "$tmp/never"
"$py" -c 'import h5py, sys; h5py.File(sys.argv[1], "w").close()' "$tmp/plain.h5"
refused "an HDF5 file without clearsim_version is refused (exit 2)" 2 "clearsim-plot: $tmp/plain.h5: not a clearsim result file" "$tmp/plain.h5" -o "$tmp/never"
"$py" "$plot" "$tmp/plain.h5" >/dev/null 2>&1
check "no default folder for a refused file" test ! -e "$tmp/plain-plots"
refused "a missing file (exit 2)" 2 "clearsim-plot: $tmp/none.h5: No such file or directory" "$tmp/none.h5" -o "$tmp/never"
refused "no file is bad usage (exit 2)" 2 "clearsim-plot: "
refused "an unknown option is bad usage (exit 2)" 2 "unknown option" "$tmp/run.h5" --frobnicate -o "$tmp/never"
refused "-o without a folder is bad usage (exit 2)" 2 "clearsim-plot: " "$tmp/run.h5" -o
refused "a folder that cannot be made (exit 1)" 1 "clearsim-plot: $tmp/text.h5/sub" "$tmp/run.h5" -o "$tmp/text.h5/sub"

# ---- a whole-file sanity scan of every result file kept above
# (tests/scan_results.py: no inf, NaN only where docs/hdf5.md allows it,
# CIs around their means, quantiles in order, whole rows in every table;
# one ok / not ok line per file); text.h5 (not HDF5) and plain.h5 (no
# clearsim_version) are deliberately not clearsim files; noise.h5 is an
# edited copy whose /summary no longer matches its histograms
/usr/bin/python3 tests/scan_results.py --dir "$tmp" --skip text.h5 --skip plain.h5 --skip noise.h5 || not_ok "scan: /usr/bin/python3 needed"
exit 0
