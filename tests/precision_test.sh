#!/bin/sh
# precision_test.sh - `run --precision`: sequential stopping from the
# command line.  The stopping point itself is checked against a hand
# computation in tests/test_precision.c; here: the file is the same on one
# thread and on two, /run_info and stderr say how the run ended, the
# replications in the file are those of a plain run, the options are
# checked.  Prints "ok - NAME" / "not ok - NAME" (tests/run-all.sh).
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
usage() { # usage NAME ARGS...: exit 2 and a message naming the option
    name=$1; shift
    "$cs" run "$tmp/q.yaml" -o "$tmp/u.h5" "$@" >/dev/null 2>"$tmp/err"; rc=$?
    if [ $rc -eq 2 ] && grep -q -- "$name" "$tmp/err" && [ ! -e "$tmp/u.h5" ]; then ok "$* refused (exit 2)"
    else not_ok "$* (exit $rc)"; sed 's/^/# /' "$tmp/err"; fi
}
attr() { h5dump -a "/run_info/$2" "$1" | sed -n 's/^ *(0): *//p'; }

cat >"$tmp/q.yaml" <<'YAML'
kind: queue
name: precision
servers: 1
arrival: {dist: exponential, mean: 1.0}
service: {dist: exponential, mean: 0.8}
customers: 4000
warmup: 400
replications: 4
seed: 21
YAML

check "run --precision 0.05 on one thread" "$cs" run "$tmp/q.yaml" --precision 0.05 --max-reps 60 -j 1 -o "$tmp/j1.h5"
grep -q "precision 5 % (floor 0.01) reached after 36 replications (batches of 4)" "$tmp/err" \
    && ok "stderr says where it stopped" || { not_ok "stderr"; sed 's/^/# /' "$tmp/err"; }
check "... on two threads" "$cs" run "$tmp/q.yaml" --precision=0.05 --max-reps=60 -j 2 -o "$tmp/j2.h5" -q
check "... the same file" h5diff --exclude-path /run_info "$tmp/j1.h5" "$tmp/j2.h5"
[ "$(attr "$tmp/j1.h5" precision_met)" = 1 ] && [ "$(attr "$tmp/j1.h5" precision_batch)" = 4 ] \
    && [ "$(attr "$tmp/j1.h5" precision_cap)" = 60 ] && ok "/run_info: precision met, batch 4, cap 60" \
    || not_ok "/run_info precision attributes"
check "a plain run of 36 replications" "$cs" run "$tmp/q.yaml" -r 36 -j 2 -o "$tmp/plain.h5" -q
check "... has the same replications and summary" h5diff --exclude-path /run_info "$tmp/j1.h5" "$tmp/plain.h5"

"$cs" run "$tmp/q.yaml" --precision 0.0001 --max-reps 10 -o "$tmp/cap.h5" >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 0 ] && grep -q "warning: precision 0.01 % not reached at the cap of 10 replications: widest, base queue all" "$tmp/err" \
    && grep -q "wrote $tmp/cap.h5 (10 replications" "$tmp/err" && [ "$(attr "$tmp/cap.h5" precision_met)" = 0 ] \
    && ok "an unreachable target stops at the cap, with a warning and precision_met 0" \
    || { not_ok "cap (exit $rc)"; sed 's/^/# /' "$tmp/err"; }

usage "--precision" --precision 0
usage "--precision" --precision 1
usage "--precision" --precision 5%
usage "--precision-floor" --precision 0.1 --precision-floor -1
usage "--max-reps" --precision 0.1 --max-reps 0
usage "go with --precision" --max-reps 10
usage "go with --precision" --precision-floor 0.5
"$cs" run "$tmp/q.yaml" --precision 0.1 --max-reps 3 -o "$tmp/u.h5" >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 2 ] && grep -q "cap on replications (3) is below the first batch (4)" "$tmp/err" && [ ! -e "$tmp/u.h5" ] \
    && ok "a cap below the first batch refused (exit 2)" || { not_ok "cap below batch (exit $rc)"; sed 's/^/# /' "$tmp/err"; }
"$cs" sweep tests/sweeps/queue_servers.yaml --precision 0.1 -o "$tmp/s.h5" >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && ok "sweep refuses --precision (runs only)" || not_ok "sweep --precision (exit $rc)"

# a port scenario: its headline keys include pilot segments
check "a port run with --precision" "$cs" run tests/sweeps/cli_base.yaml --precision 0.2 -r 2 --max-reps 8 -j 2 -o "$tmp/port.h5"
grep -q "replications" "$tmp/err" && ok "... says how it ended" || not_ok "port precision stderr"
check "the report's header says how it ended" sh -c "'$cs' report '$tmp/port.h5' | grep -q 'replications   [0-9]* (run --precision 0.2: every headline interval within it)'"
check "... or that the cap stopped it" sh -c "'$cs' report '$tmp/cap.h5' --format markdown | grep -q '(run --precision 0.0001: stopped at the cap, not reached)'"
