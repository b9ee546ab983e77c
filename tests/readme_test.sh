#!/bin/sh
# readme_test.sh - README.md works as written: every command of its command
# blocks runs and exits 0 in a fresh clone, and its first code block is the
# two set-up commands, `make run` and `make test`.
#
# The README's conventions, which this test reads:
#   - a block fenced with ```sh holds commands, one per line, each with a
#     trailing comment (from its first " #") saying what it needs and how
#     long it takes on two cores; other blocks (```text: output, synopsis)
#     are not run;
#   - a command whose comment says "(long)" (more than about a minute on
#     two cores) is not run here: a line "# skipped (long): COMMAND" says
#     so, and the YAML files it names are checked (they exist and pass
#     `clearsim check`).  Nor is `make test` (it runs this test).
# The commands run in order, in one clone (a command may use what an
# earlier one wrote), each with a limit of 5 minutes.
#
# The clone: `git clone` of this repository, then the working tree's
# uncommitted state laid over it (tracked files modified or deleted,
# untracked files that git does not ignore), so that the README and
# scenarios tested are the ones in the tree, as they would be committed.
# Builds are not redone: ./clearsim, build/release and build/mpi (where
# present) are copied in and touched, so make finds them up to date (the
# build itself is tested by the other suites).  make runs as a user types
# it: none of the variables of the make test that runs this suite.
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
root=$(pwd)
readme=$root/README.md

# ---- the first code block: exactly `make run` and `make test`
# (no indented code block before it; its lines without their comments)
first=$(awk '/^```/ { if (open) exit; open = 1; next } open' "$readme" | sed 's/[[:space:]]*#.*$//')
before=$(awk '/^```/ { exit } /^(    |\t)[^ ]/' "$readme")
if [ -z "$before" ] && [ "$first" = "$(printf 'make run\nmake test')" ]; then
    ok "README's first code block is make run, make test"
else
    not_ok "README's first code block is not exactly make run, make test"; printf '%s\n%s\n' "$before" "$first" | sed 's/^/# /'
fi

# ---- the commands: lines of ```sh blocks, without their comments
awk '/^```sh[[:space:]]*$/ { open = 1; next } /^```/ { open = 0; next } open && NF' "$readme" >"$tmp/lines"
[ -s "$tmp/lines" ] && ok "README has command blocks (\`\`\`sh): $(wc -l <"$tmp/lines") commands" \
    || not_ok "README has no \`\`\`sh command blocks"
missing=$(grep -v '[[:space:]]#' "$tmp/lines")
[ -z "$missing" ] && ok "every README command has a trailing comment (what it needs, how long)" \
    || { not_ok "README commands without a comment:"; echo "$missing" | sed 's/^/# /'; }

# ---- the clone
clone=$tmp/clone
if ! git clone -q "$root" "$clone" 2>"$tmp/clone.log"; then
    not_ok "git clone of the repository"; sed 's/^/# /' "$tmp/clone.log"; exit 0
fi
git ls-files -m -o --exclude-standard | while IFS= read -r f; do
    if [ -f "$f" ]; then cp --parents -- "$f" "$clone/"; else rm -f -- "$clone/$f"; fi
done
mkdir -p "$clone/build"
[ -f clearsim ] && cp clearsim "$clone/"
for b in build/release build/mpi; do
    [ -d "$b" ] && cp -R "$b" "$clone/build/"
done
# newer than the clone's sources, and in the order make wants them:
# objects, then archives, then what links them
find "$clone/build" -type f -exec touch {} +
find "$clone/build" -type f -name '*.a' -exec touch {} +
find "$clone/build" -type f -perm -u+x -exec touch {} +
[ -f "$clone/clearsim" ] && touch "$clone/clearsim"
ok "a clone with the working tree's changes and its builds"

# ---- run them
n=0
while IFS= read -r line; do
    cmd=$(printf '%s\n' "$line" | sed 's/[[:space:]]#.*$//; s/[[:space:]]*$//')
    case "$line" in
        *"(long)"*)
            echo "# skipped (long): $cmd"
            # not run, but the YAML files it names exist and pass check
            for w in $cmd; do
                case "$w" in
                    *.yaml)
                        if (cd "$clone" && ./clearsim check "$w") >"$tmp/check" 2>&1; then
                            ok "README (long, not run): $w exists and passes clearsim check"
                        else
                            not_ok "README (long, not run): clearsim check $w"; tail -n 5 "$tmp/check" | sed 's/^/# /'
                        fi ;;
                esac
            done
            continue ;;
    esac
    [ "$cmd" = "make test" ] && { echo "# skipped: $cmd (it runs this test)"; continue; }
    n=$((n + 1))
    start=$(date +%s)
    (cd "$clone" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u SAN -u MPI -u TSAN -u EXTRA -u CC \
        -u CS_DEPS_OK -u CLEARSIM -u CLEARSIM_MPI -u CLEARSIM_EXTRA \
        timeout 300 sh -c "$cmd") >"$tmp/out.$n" 2>&1 </dev/null
    rc=$?
    if [ $rc -eq 0 ]; then
        ok "README: $cmd ($(( $(date +%s) - start )) s)"
    else
        not_ok "README: $cmd exits $rc ($(( $(date +%s) - start )) s)"; tail -n 15 "$tmp/out.$n" | sed 's/^/# /'
    fi
done <"$tmp/lines"
exit 0
