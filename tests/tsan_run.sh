#!/bin/sh
# tsan_run.sh BUILD_DIR - the parallel runner under ThreadSanitizer.
#
# BUILD_DIR holds a `make TSAN=1` build (clang, -fsanitize=thread, LLVM's
# libomp).  TSan does not see the synchronisation inside the OpenMP
# runtime by itself: LLVM's archer tool (OMP_TOOL_LIBRARIES) reports it,
# and ignore_noninstrumented_modules keeps TSan out of the uninstrumented
# runtime and libraries (HDF5, libfyaml) - the one suppression, and why.
# Runs every unit suite, a port run, a sweep with time series stopped and
# resumed, and a report, all on 2 threads; any race report fails the check
# (halt_on_error, exit code 66).  Ends with "N passed, N failed".
set -u
build=${1:?usage: tsan_run.sh BUILD_DIR}
cs=$build/clearsim
archer=$(ls /usr/lib/llvm-*/lib/libarcher.so 2>/dev/null | tail -n 1)
export TSAN_OPTIONS="halt_on_error=1 exitcode=66 ignore_noninstrumented_modules=1"
export OMP_TOOL_LIBRARIES="$archer" OMP_NUM_THREADS=2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0

ok() { echo "ok - $1"; passed=$((passed + 1)); }
not_ok() { echo "not ok - $1"; failed=$((failed + 1)); }
check() { # check NAME COMMAND...: exit 0 and no race report
    name=$1; shift
    "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?
    if [ $rc -eq 0 ] && ! grep -q 'ThreadSanitizer' "$tmp/err"; then
        ok "tsan: $name"
    else
        not_ok "tsan: $name (exit $rc)"; grep -A30 'WARNING: ThreadSanitizer' "$tmp/err" | sed 's/^/# /' | head -n 40
    fi
}

[ -n "$archer" ] && ok "tsan: archer found ($archer)" || not_ok "tsan: no libarcher.so (libomp-14-dev)"
for t in "$build"/tests/test_*; do
    [ -x "$t" ] && check "$(basename "$t")" "$t"
done
check "port run -j 2" "$cs" run tests/sweeps/cli_base.yaml -r 4 -j 2 -o "$tmp/run.h5" -q
check "report" "$cs" report "$tmp/run.h5"
check "sweep with series -j 2" "$cs" sweep tests/sweeps/series_sweep.yaml -j 2 -o "$tmp/sw.h5" -q
"$cs" sweep tests/sweeps/series_sweep.yaml -j 2 -o "$tmp/st.h5" -q --stop-after-jobs 3 >/dev/null 2>"$tmp/err"
grep -q 'ThreadSanitizer' "$tmp/err" && not_ok "tsan: sweep stopped after 3 jobs" || ok "tsan: sweep stopped after 3 jobs"
check "sweep resumed -j 2" "$cs" sweep tests/sweeps/series_sweep.yaml -j 2 -o "$tmp/st.h5" -q --resume
check "stopped + resumed identical" sh -c "h5diff -c --exclude-path /run_info '$tmp/sw.h5' '$tmp/st.h5' >'$tmp/diff' && ! grep -q . '$tmp/diff'"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
