#!/bin/sh
# build_test.sh - the build itself: what embeds the version is rebuilt
# when VERSION changes, a test is rebuilt when a header it includes
# changes, and `make CC=clang` builds a binary whose results equal the gcc
# build's (the default scenario, h5diff with /run_info excluded).  Make is
# asked with -n and -W (what would it do if this file were new), so the
# tree is not touched; the clang build goes to build/clang/ (make test
# installs clang).
set -u
cs=${CLEARSIM:-./clearsim}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; }
# the build the binary under test comes from (make test: build/release;
# make SAN=1 test: build/san, with SAN=1 in the environment make passes on)
case $(dirname "$cs") in
    *build/san) b=build/san; flags="SAN=1" ;;
    *) b=build/release; flags="" ;;
esac
mk() { env -u MAKEFLAGS -u MFLAGS -u SAN -u MPI -u TSAN -u EXTRA make --no-print-directory CS_DEPS_OK=1 $flags "$@"; }

mk -n -W VERSION "$b/clearsim" >"$tmp/v" 2>&1
for f in sim/cli/main.c sim/experiment/runner.c; do
    grep -q -- "-c $f " "$tmp/v" && ok "a new VERSION rebuilds $f" || not_ok "a new VERSION does not rebuild $f"
done
grep -q -- "-c sim/core/sim.c " "$tmp/v" && not_ok "a new VERSION rebuilds the kernel, which does not embed it" \
    || ok "a new VERSION leaves what does not embed it"
mk -n -W tests/test_sweep_util.h "$b/tests/test_sweep" "$b/tests/test_sweep_tied" >"$tmp/t" 2>&1
n=$(grep -c -e "-o $b/tests/test_sweep " -e "-o $b/tests/test_sweep_tied " "$tmp/t")
[ "$n" -eq 2 ] && ok "a changed test header rebuilds the tests that include it" \
    || { not_ok "a changed test header rebuilds $n of 2 tests"; sed 's/^/# /' "$tmp/t" | head -5; }

if command -v clang >/dev/null 2>&1; then
    if flags="" mk CC=clang build/clang/clearsim >"$tmp/clang.log" 2>&1; then
        ok "make CC=clang builds"
        "$cs" run scenarios/default.yaml -r 2 -o "$tmp/gcc.h5" -q &&
            build/clang/clearsim run scenarios/default.yaml -r 2 -o "$tmp/clang.h5" -q &&
            h5diff --exclude-path /run_info "$tmp/gcc.h5" "$tmp/clang.h5" >"$tmp/diff" 2>&1 && ! grep -q . "$tmp/diff" \
            && ok "the clang and gcc builds write identical files (default scenario, 2 replications)" \
            || { not_ok "clang and gcc builds differ"; head -n 5 "$tmp/diff" | sed 's/^/# /'; }
    else
        not_ok "make CC=clang fails"; tail -n 5 "$tmp/clang.log" | sed 's/^/# /'
    fi
else
    not_ok "build: clang needed for the clang build (make test installs it)"
fi
exit 0
