#!/bin/sh
# hardening_test.sh - clearsim against damaged result files, bad paths,
# failing outputs and extreme distributions: what someone on a shared
# cluster file system may hand it (other jobs' shards, files of other
# versions or damaged on disk, FIFOs where files belong, a full disk).
#
# What must hold: a damaged or foreign result file is bad input (exit 2,
# one line naming the file and the object), never a crash (the sanitizer
# build runs this suite too); merge gives the same file in any part order
# and refuses parts that disagree; a failed write to stdout is exit 1;
# every check on OUT and on numbers happens before any simulation; inputs
# that are not regular files are refused at once; control characters in
# labels never reach the terminal raw; a distribution whose mean or
# variance is not finite is refused, and a run whose draws overflow the
# scenario's bound says so.  Files are damaged with Debian's h5py
# (/usr/bin/python3, as tests/plot_test.sh).
set -u
cs=${CLEARSIM:-./clearsim}
py=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sw=tests/sweeps/queue_servers.yaml

ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; }
check() { # check NAME COMMAND...: ok when the command exits 0
    name=$1; shift
    if "$@" >"$tmp/out" 2>"$tmp/err"; then ok "$name"; else not_ok "$name"; sed 's/^/# /' "$tmp/out" "$tmp/err" | tail -n 20; fi
}
# refused NAME WANT_RC GREP COMMAND...: exit WANT_RC, one stderr line with GREP
refused() {
    name=$1 want=$2 pat=$3; shift 3
    timeout 20 "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?
    if [ "$rc" -eq "$want" ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q -- "$pat" "$tmp/err"; then
        ok "$name"
    else
        not_ok "$name (exit $rc, want $want with '$pat')"; sed 's/^/# /' "$tmp/err" | head -n 5
    fi
}
h5() { "$py" -c "import h5py, numpy as np, sys
$1" "$2"; }

if ! "$py" -c 'import h5py' 2>/dev/null; then
    not_ok "hardening: /usr/bin/python3 with h5py needed (make test installs it)"
    exit 0
fi

# ---- shards of a small sweep, and damaged copies
check "shard 0/2" "$cs" sweep "$sw" --shard 0/2 -o "$tmp/s0.h5" -q
check "shard 1/2" "$cs" sweep "$sw" --shard 1/2 -o "$tmp/s1.h5" -q
check "merge in order" "$cs" merge "$tmp/m01.h5" "$tmp/s0.h5" "$tmp/s1.h5"
check "merge in the other order" "$cs" merge "$tmp/m10.h5" "$tmp/s1.h5" "$tmp/s0.h5"
if command -v h5diff >/dev/null 2>&1; then
    check "the part order does not matter" h5diff --exclude-path /run_info "$tmp/m01.h5" "$tmp/m10.h5"
fi

cp "$tmp/s1.h5" "$tmp/long.h5"
h5 'f = h5py.File(sys.argv[1], "r+"); p = f["summary/point"][()]
del f["summary/point"]; f["summary"].create_dataset("point", data=np.concatenate([p, np.ones(100000, p.dtype)]))' "$tmp/long.h5"
refused "merge: a point column longer than the others is refused" 2 "/summary/.* different lengths" \
    "$cs" merge "$tmp/bad1.h5" "$tmp/s0.h5" "$tmp/long.h5"
[ ! -e "$tmp/bad1.h5" ] && ok "merge: nothing written for a bad part" || not_ok "merge: a file was written for a bad part"

cp "$tmp/s1.h5" "$tmp/rank9.h5"
h5 'f = h5py.File(sys.argv[1], "r+"); f["summary"].create_dataset("deep", data=np.zeros([1] * 9))' "$tmp/rank9.h5"
refused "merge: a dataset of rank 9 is refused" 2 "rank" "$cs" merge "$tmp/bad2.h5" "$tmp/s0.h5" "$tmp/rank9.h5"

cp "$tmp/s0.h5" "$tmp/nores.h5"
h5 'f = h5py.File(sys.argv[1], "r+"); del f["resources"]' "$tmp/nores.h5"
refused "merge: a first part without /resources is refused" 2 "/resources" \
    "$cs" merge "$tmp/bad3.h5" "$tmp/nores.h5" "$tmp/s1.h5"
refused "merge: ... and a later one" 2 "/resources" "$cs" merge "$tmp/bad4.h5" "$tmp/s1.h5" "$tmp/nores.h5"

cp "$tmp/s1.h5" "$tmp/arr.h5"
h5 'f = h5py.File(sys.argv[1], "r+"); del f.attrs["seed"]; f.attrs["seed"] = np.arange(64, dtype="u8")' "$tmp/arr.h5"
refused "merge: an array where a number belongs is refused" 2 "shard" "$cs" merge "$tmp/bad5.h5" "$tmp/s0.h5" "$tmp/arr.h5"

# found by the result-file fuzzer (tests/fuzz/fuzz_results.c): a listed
# column shorter than the point column, variable-length strings (clearsim
# writes none) in an attribute or a column, an unlisted dataset whose size
# differs between parts
cp "$tmp/s1.h5" "$tmp/short.h5"
h5 'f = h5py.File(sys.argv[1], "r+"); g = f["summary"]; g.create_dataset("time", data=np.zeros(1))
g.attrs["columns"] = np.array(list(g.attrs["columns"]) + [b"time"], dtype="S10")' "$tmp/short.h5"
refused "merge: a listed column shorter than the point column is refused" 2 "/summary.* different lengths" \
    "$cs" merge "$tmp/bad7.h5" "$tmp/s0.h5" "$tmp/short.h5"
cp "$tmp/s1.h5" "$tmp/vattr.h5"
h5 'f = h5py.File(sys.argv[1], "r+"); f.attrs["note"] = "a variable-length string"' "$tmp/vattr.h5"
refused "merge: a variable-length attribute is refused" 2 "vattr.h5" "$cs" merge "$tmp/bad8.h5" "$tmp/vattr.h5" "$tmp/s0.h5"
cp "$tmp/s1.h5" "$tmp/vcol.h5"
h5 'f = h5py.File(sys.argv[1], "r+"); g = f["summary"]; r = [x.decode() for x in g["regime"][()]]; del g["regime"]
g.create_dataset("regime", data=r, dtype=h5py.string_dtype())' "$tmp/vcol.h5"
refused "merge: a variable-length column is refused" 2 "/summary" "$cs" merge "$tmp/bad9.h5" "$tmp/s0.h5" "$tmp/vcol.h5"
cp "$tmp/s1.h5" "$tmp/other.h5"
h5 'f = h5py.File(sys.argv[1], "r+"); f["metrics"].create_dataset("extra", data=np.zeros(3))' "$tmp/other.h5"
cp "$tmp/s0.h5" "$tmp/other0.h5"
h5 'f = h5py.File(sys.argv[1], "r+"); f["metrics"].create_dataset("extra", data=np.zeros(4))' "$tmp/other0.h5"
refused "merge: an unlisted dataset of another size in another part is refused" 2 "/metrics" \
    "$cs" merge "$tmp/bad10.h5" "$tmp/other0.h5" "$tmp/other.h5"
[ -z "$(ls "$tmp" | grep '^bad')" ] && ok "merge: nothing written for any refused part" \
    || { not_ok "merge: files written for refused parts"; ls "$tmp" | grep '^bad' | sed 's/^/# /'; }

# ---- report: inputs that are missing, damaged, not files; labels with controls
refused "report: a missing file is bad input" 2 "No such file" "$cs" report "$tmp/none.h5"
head -c 2048 "$tmp/m01.h5" >"$tmp/trunc.h5"
refused "report: a truncated file is bad input" 2 "trunc.h5" "$cs" report "$tmp/trunc.h5"
mkfifo "$tmp/fifo.h5"
refused "report: a FIFO is refused at once" 2 "fifo.h5" "$cs" report "$tmp/fifo.h5"
refused "merge: a FIFO part is refused at once" 2 "fifo.h5" "$cs" merge "$tmp/bad6.h5" "$tmp/fifo.h5" "$tmp/s1.h5"
refused "run: a FIFO scenario is refused at once" 2 "not a regular file" "$cs" run "$tmp/fifo.h5"
sed "s#^base: .*#base: $tmp/fifo.h5#" "$sw" >"$tmp/fifo_sweep.yaml"
refused "sweep: a FIFO base is refused at once" 2 "not a regular file" "$cs" sweep "$tmp/fifo_sweep.yaml" -o "$tmp/fs.h5"

cp "$tmp/m01.h5" "$tmp/esc.h5"
h5 'f = h5py.File(sys.argv[1], "r+"); d = f["summary/regime"]; d[0] = b"\x1b]0;owned\x07"' "$tmp/esc.h5"
"$cs" report "$tmp/esc.h5" >"$tmp/esc.out" 2>"$tmp/esc.err"; rc=$?
if [ $rc -eq 0 ] && ! tr -d '\n' <"$tmp/esc.out" | LC_ALL=C grep -q '[[:cntrl:]]' && grep -q '\\x1b' "$tmp/esc.out"; then
    ok "report: control characters in labels are escaped"
else
    not_ok "report: control characters reach the terminal (exit $rc)"
fi

# ---- failed writes to stdout
refused "report to a full disk: exit 1" 1 "cannot write the output" sh -c "\"$cs\" report \"$tmp/m01.h5\" >/dev/full"
refused "report to a closed stdout: exit 1" 1 "cannot write the output" sh -c "\"$cs\" report \"$tmp/m01.h5\" >&-"
refused "--help to a full disk: exit 1" 1 "cannot write the output" sh -c "\"$cs\" --help >/dev/full"

# ---- numbers and OUT checked before any simulation
refused "-s with a leading blank and sign is refused" 2 "-s" "$cs" run "$sw" -s " -1"
refused "-r with a sign is refused" 2 "-r" "$cs" run tests/sweeps/queue_base.yaml -r +3
refused "--shard with blanks is refused" 2 "shard" "$cs" sweep "$sw" --shard " 1/2"
refused "run: an empty OUT is refused" 2 "not a file name" "$cs" run tests/sweeps/queue_base.yaml -o ""
refused "sweep: an empty OUT is refused" 2 "not a file name" "$cs" sweep "$sw" -o ""
long=$tmp/$(printf '%0250d' 0).h5
refused "sweep: an OUT too long for its temporary names is refused" 2 "too long" "$cs" sweep "$sw" -o "$long"
[ -z "$(ls "$tmp" | grep -e '\.partial$' -e '^0000')" ] && ok "no journal or file left by the refusals" \
    || { not_ok "files left by the refusals"; ls "$tmp" | sed 's/^/# /'; }

# ---- distributions: no infinite mean or variance; overflowing draws warned
cat >"$tmp/weibull.yaml" <<'EOF'
kind: queue
name: weibull
servers: 1
arrival: {dist: exponential, mean: 1}
service: {dist: weibull, shape: 0.002, scale: 0.5}
customers: 1000
replications: 2
EOF
refused "a weibull whose mean overflows is refused at check time" 2 "not finite" "$cs" check "$tmp/weibull.yaml"
sed 's/shape: 0.002, scale: 0.5/shape: 0.02, scale: 1e-30/' "$tmp/weibull.yaml" >"$tmp/tail.yaml"
"$cs" run "$tmp/tail.yaml" -o "$tmp/tail.h5" -q >/dev/null 2>"$tmp/tail.err"; rc=$?
[ $rc -eq 0 ] && grep -q 'drawn longer than any scenario may last' "$tmp/tail.err" \
    && ok "draws beyond the bound are cut and warned" || { not_ok "no warning for overflowing draws (exit $rc)"; sed 's/^/# /' "$tmp/tail.err"; }
"$cs" report "$tmp/tail.h5" >/dev/null 2>"$tmp/tailr.err"
grep -q 'drawn longer' "$tmp/tailr.err" && ok "report repeats the warning" || not_ok "report does not warn"
"$py" tests/scan_results.py "$tmp/tail.h5" | grep -q '^ok - scan' && ok "the cut run's file is finite throughout" \
    || not_ok "the cut run's file has non-finite values"

# ---- the plot tool reads no damaged shape either
refused "plot: a point column longer than the others is refused" 2 "different lengths" \
    "$py" tools/clearsim-plot "$tmp/long.h5" -o "$tmp/plots-long"
refused "plot: a FIFO is refused at once" 2 "not a regular file" "$py" tools/clearsim-plot "$tmp/fifo.h5" -o "$tmp/plots-fifo"
