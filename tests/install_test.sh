#!/bin/sh
# install_test.sh - what `make install` ships is usable: installed into a
# scratch DESTDIR with PREFIX=/usr, the headers (include/clearsim/) and
# libclearsim.a build a small program with gcc -fno-lto and with clang,
# which loads an installed scenario (share/clearsim/scenarios/queue/
# mm1.yaml) and runs a short M/M/1 through the public API (cs_scenario_
# load_file, cs_experiment_run); its output is checked.  The release build
# compiles with LTO; its objects are fat (-ffat-lto-objects), so the
# archive carries machine code that a compiler without gcc's LTO reads.
#
# The release build, what `make install` installs (make test has built
# it, so nothing is rebuilt; not run under make SAN=1 test).  Libraries
# come from pkg-config (hdf5-serial, libfyaml), OpenMP from gcc's libgomp:
# clang takes -fopenmp=libgomp (its default libomp also resolves the GOMP_*
# calls of gcc's objects, but needs libomp-dev).  clang comes with
# make test (the san set of tools/install-deps.sh); without it those
# checks are skipped with a line "# skipped: ...".
set -u
# make SAN=1 test tests the sanitizer build; this suite is about what
# make test's release build ships, so it runs there only
case ${CLEARSIM:-} in
*/san/*) echo "# skipped: a sanitizer build (this suite runs in make test)"; exit 0 ;;
esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; }
# make as a user types it, not with the variables of the make test that
# runs this suite (SAN=1 ... travel in MAKEFLAGS)
mk() { env -u MAKEFLAGS -u MFLAGS -u SAN -u MPI -u TSAN -u EXTRA -u CC make --no-print-directory "$@"; }

d=$tmp/dest
if mk install DESTDIR="$d" PREFIX=/usr >"$tmp/install.log" 2>&1; then
    ok "make install DESTDIR=... PREFIX=/usr"
else
    not_ok "make install DESTDIR=... PREFIX=/usr fails"; tail -n 10 "$tmp/install.log" | sed 's/^/# /'
    exit 0
fi
for f in bin/clearsim lib/libclearsim.a include/clearsim/scenario.h include/clearsim/experiment.h \
         share/clearsim/scenarios/default.yaml share/clearsim/scenarios/queue/mm1.yaml; do
    [ -f "$d/usr/$f" ] && ok "installed $f" || not_ok "not installed: $f"
done
"$d/usr/bin/clearsim" --version >"$tmp/v" 2>&1 && grep -q "$(cat VERSION)" "$tmp/v" \
    && ok "the installed clearsim runs (--version)" || { not_ok "the installed clearsim --version"; sed 's/^/# /' "$tmp/v"; }

cat >"$tmp/prog.c" <<'EOF'
/* a user's program: an installed scenario, a short run, its mean wait */
#include <stdio.h>
#include <string.h>
#include <clearsim/error.h>
#include <clearsim/experiment.h>
#include <clearsim/results.h>
#include <clearsim/scenario.h>

int main(int argc, char **argv)
{
    cs_scenario s;
    cs_error err;
    char msg[2200];
    if (argc != 2) return 2;
    if (cs_scenario_load_file(argv[1], &s, &err) != CS_OK) {
        cs_error_format(&err, msg, sizeof msg);
        fprintf(stderr, "%s\n", msg);
        return 1;
    }
    printf("scenario %s, %u servers\n", s.name, s.queue.servers);
    s.queue.customers = 100000; /* of the file's 1,600,000: a fraction of a second */
    cs_run_options opt;
    memset(&opt, 0, sizeof opt);
    opt.replications = 4;
    opt.threads = 2;
    cs_results r;
    cs_status st = cs_experiment_run(&s, &opt, &r, &err);
    if (st != CS_OK) {
        cs_error_format(&err, msg, sizeof msg);
        fprintf(stderr, "%s\n", msg);
    } else {
        for (size_t i = 0; i < r.nkeys; i++)
            if (strcmp(r.summary[i].key.metric, "wait") == 0)
                printf("mean wait %.3f over %u replications\n", r.summary[i].mean, r.replications);
    }
    cs_results_free(&r);
    cs_scenario_free(&s);
    return st == CS_OK ? 0 : 1;
}
EOF
libs=$(pkg-config --libs hdf5-serial libfyaml)
warn="-std=c17 -Wall -Wextra -Wpedantic -Werror"
# build NAME COMPILER FLAGS...: compile and link the program, run it on the
# installed mm1 and check what it prints (theory: mean wait 8.1)
build() {
    name=$1; shift
    if "$@" $warn -I"$d/usr/include" -o "$tmp/prog-$name" "$tmp/prog.c" "$d/usr/lib/libclearsim.a" \
        $libs -lm >"$tmp/cc-$name.log" 2>&1; then
        ok "$name links against the installed libclearsim.a"
    else
        not_ok "$name cannot link against the installed libclearsim.a"; head -n 10 "$tmp/cc-$name.log" | sed 's/^/# /'
        return
    fi
    if "$tmp/prog-$name" "$d/usr/share/clearsim/scenarios/queue/mm1.yaml" >"$tmp/out-$name" 2>&1 &&
        grep -qx 'scenario mm1, 1 servers' "$tmp/out-$name" &&
        awk '/^mean wait / { w = $3; n = $5 } END { exit !(n == 4 && w > 7 && w < 9.2) }' "$tmp/out-$name"; then
        ok "the $name program runs M/M/1 (mean wait $(sed -n 's/^mean wait \([^ ]*\).*/\1/p' "$tmp/out-$name"), theory 8.1)"
    else
        not_ok "the $name program's output"; sed 's/^/# /' "$tmp/out-$name"
    fi
}
build "gcc -fno-lto" gcc -fno-lto -fopenmp
if command -v clang >/dev/null 2>&1; then
    build clang clang -fopenmp=libgomp
    cmp -s "$tmp/out-gcc -fno-lto" "$tmp/out-clang" && ok "gcc and clang programs print the same" \
        || not_ok "gcc and clang programs differ"
else
    echo "# skipped: clang is not installed (make test installs it: the san set of tools/install-deps.sh)"
fi
exit 0
