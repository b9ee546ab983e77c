#!/bin/sh
# oom_test.sh - every allocation of clearsim's own can fail cleanly.
#
# tests/failalloc.c (LD_PRELOAD) makes the N-th allocation made by
# clearsim's code fail.  A run, a sweep and a report are first counted,
# then repeated with N spread over the whole count: each must stop with
# exit 1 and one line saying "out of memory", leave no output or temporary
# file, and never crash (no signal, no abort, no sanitizer report); a
# sweep keeps its journal (OUT.partial/) for --resume, and a failure after
# the file is complete (printing the table of a run) says the file is
# written.  Not under sanitizers, whose runtime must come first in the
# library list.
set -u
cs=${CLEARSIM:-./clearsim}
shim=$(dirname "$cs")/tests/libfailalloc.so
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; }
case "$cs" in
*/san/*) echo "# skipped: a sanitizer build cannot be preloaded"; exit 0 ;;
esac
[ -f "$shim" ] || { not_ok "the allocation shim $shim is built (make test builds it)"; exit 0; }

# try NAME SAMPLES OUTFILE COMMAND...: count, then fail allocations 1..count
try() {
    name=$1 samples=$2 out=$3; shift 3
    rm -rf "$tmp/o"; mkdir -p "$tmp/o"
    if ! CLEARSIM_FAIL_ALLOC_COUNT="$tmp/count" LD_PRELOAD="$shim" "$@" >/dev/null 2>"$tmp/err"; then
        not_ok "$name: the counting run"; sed 's/^/# /' "$tmp/err"; return
    fi
    total=$(cat "$tmp/count")
    [ "$total" -gt 10 ] && ok "$name: $total allocations counted" || not_ok "$name: only $total allocations counted"
    bad=0 k=0
    while [ $k -lt "$samples" ]; do
        n=$(( 1 + k * (total - 1) / (samples - 1) ))
        k=$((k + 1))
        rm -rf "$tmp/o"; mkdir -p "$tmp/o"
        CLEARSIM_FAIL_ALLOC=$n LD_PRELOAD="$shim" "$@" >/dev/null 2>"$tmp/err"; rc=$?
        left=$(ls -A "$tmp/o" | grep -v '\.partial$')
        if [ $rc -ne 1 ] || [ "$(wc -l <"$tmp/err")" -ne 1 ] || ! grep -q 'out of memory' "$tmp/err" ||
           { [ -n "$out" ] && [ -n "$left" ] && ! grep -q 'is written' "$tmp/err"; }; then
            bad=$((bad + 1))
            echo "# allocation $n of $total: exit $rc, left: $(ls -A "$tmp/o" | tr '\n' ' ')"; sed 's/^/#   /' "$tmp/err" | head -n 5
        fi
    done
    [ $bad -eq 0 ] && ok "$name: $samples failed allocations, each exit 1 saying out of memory, nothing left" \
                   || not_ok "$name: $bad of $samples failed allocations mishandled"
}

try "run" 40 yes "$cs" run tests/sweeps/cli_base.yaml -r 2 -j 1 -o "$tmp/o/run.h5" -q
try "sweep" 25 yes "$cs" sweep tests/sweeps/cli_sweep.yaml -r 1 -j 1 -o "$tmp/o/sweep.h5" -q
"$cs" run tests/sweeps/cli_base.yaml -r 2 -o "$tmp/r.h5" -q >/dev/null 2>&1
try "report" 20 "" "$cs" report "$tmp/r.h5"
exit 0
