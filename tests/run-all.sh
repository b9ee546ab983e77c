#!/bin/sh
# run-all.sh BUILD_DIR - run every test suite and sum the results.
#
# Unit suites are the cmocka binaries BUILD_DIR/tests/test_*; cmocka prints
# its summary on stderr, so both streams are captured and parsed.  The
# integration suites are tests/*_test.sh, which print "ok - NAME" or
# "not ok - NAME" per check.  A suite that crashes counts as one failure.
# The last line is "N passed, N failed".
set -u
build=${1:?usage: run-all.sh BUILD_DIR}
log_dir=$build/test-logs
mkdir -p "$log_dir"
passed=0
failed=0

for t in "$build"/tests/test_*; do
    [ -x "$t" ] || continue
    name=$(basename "$t")
    start=$(date +%s)
    "$t" >"$log_dir/$name.log" 2>&1
    rc=$?
    p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log_dir/$name.log" | tail -n 1)
    f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log_dir/$name.log" | tail -n 1)
    p=${p:-0}
    f=${f:-0}
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
    echo "$name: $p passed, $f failed ($(( $(date +%s) - start )) s)"
    [ "$f" -eq 0 ] || sed 's/^/    /' "$log_dir/$name.log" | grep -v '^    \[       OK \]' | tail -n 40
    passed=$((passed + p))
    failed=$((failed + f))
done

for s in tests/*_test.sh; do
    [ -f "$s" ] || continue
    name=$(basename "$s" .sh)
    start=$(date +%s)
    CLEARSIM="$build/clearsim" sh "$s" >"$log_dir/$name.log" 2>&1
    rc=$?
    p=$(grep -c '^ok - ' "$log_dir/$name.log")
    f=$(grep -c '^not ok - ' "$log_dir/$name.log")
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
    echo "$name: $p passed, $f failed ($(( $(date +%s) - start )) s)"
    [ "$f" -eq 0 ] || grep -A8 '^not ok - \|^#' "$log_dir/$name.log" | sed 's/^/    /' | tail -n 60
    passed=$((passed + p))
    failed=$((failed + f))
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
