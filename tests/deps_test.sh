#!/bin/sh
# deps_test.sh - tools/install-deps.sh on each kind of machine, with stand-ins
# for id, dpkg-query, apt-get, sudo and su (nothing is installed): all
# present is a silent no-op; as root it runs apt-get update and install;
# not root with sudo it runs the two through ONE `sudo sh -c '...'` (a sudo
# without a password, or one that asks on the terminal); with a sudo that
# wants a password and no terminal, or with neither root nor sudo, it
# prints the one line to run and fails, and that line, run, installs.
# PATH holds the stand-ins only, so a real sudo on this machine is not seen.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; }
# DEPS_SCRIPT: another version of the script to try (the test of the test)
deps=${DEPS_SCRIPT:-$(pwd)/tools/install-deps.sh}
bin=$tmp/bin
mkdir -p "$bin"
ln -s "$(command -v sh)" "$bin/sh"
# every stand-in appends what it was asked to $tmp/calls
cat >"$bin/id" <<'EOF'
#!/bin/sh
echo "${FAKE_UID:-0}"
EOF
cat >"$bin/dpkg-query" <<'EOF'
#!/bin/sh
# installed unless named in FAKE_MISSING; the package is the last argument
for p; do :; done
case " ${FAKE_MISSING:-} " in
    *" $p "*) echo "dpkg-query: no packages found matching $p" >&2; exit 1 ;;
esac
printf 'install ok installed'
EOF
cat >"$bin/apt-get" <<'EOF'
#!/bin/sh
echo "apt-get $* (as uid ${FAKE_UID:-0}, DEBIAN_FRONTEND=${DEBIAN_FRONTEND:-})" >>"$FAKE_CALLS"
EOF
# sudo: -n true succeeds only with FAKE_SUDO=nopasswd; otherwise it runs
# the command as root (the password typed on the terminal)
cat >"$bin/sudo" <<'EOF'
#!/bin/sh
if [ "$1" = -n ]; then [ "${FAKE_SUDO:-}" = nopasswd ]; exit; fi
echo "sudo $*" >>"$FAKE_CALLS"
FAKE_UID=0 exec "$@"
EOF
cat >"$bin/su" <<'EOF'
#!/bin/sh
echo "su $*" >>"$FAKE_CALLS"
[ "$1" = -c ] && FAKE_UID=0 exec sh -c "$2"
EOF
chmod +x "$bin"/*
# setsid -w: a session without a controlling terminal, so /dev/tty fails
ln -s "$(command -v setsid)" "$bin/setsid"
no_sudo=$tmp/nosudo
mkdir -p "$no_sudo"
for t in sh id dpkg-query apt-get su setsid; do ln -s "$bin/$t" "$no_sudo/$t"; done

# deps PATH_DIR [ENV=VALUE...]: run install-deps.sh base with PATH_DIR
# as the whole PATH and no terminal; $tmp/out, $tmp/calls, $rc
deps() {
    dir=$1; shift
    : >"$tmp/calls"
    env -i PATH="$dir" FAKE_CALLS="$tmp/calls" "$@" setsid -w sh "$deps" base >"$tmp/out" 2>&1
    rc=$?
}
show() { sed 's/^/# /' "$tmp/out" "$tmp/calls"; }
install_line='apt-get install -y -o DPkg::Lock::Timeout=600 libfyaml-dev libcmocka-dev (as uid 0, DEBIAN_FRONTEND=noninteractive)'
missing="libfyaml-dev libcmocka-dev"
# installed: the calls are apt-get update, then apt-get install of the two
installed() {
    [ "$(sed -n 's/^apt-get update .*/u/p; s/^apt-get install .*/i/p' "$tmp/calls" | tr -d '\n')" = ui ] &&
        grep -qxF "$install_line" "$tmp/calls"
}

deps "$bin" FAKE_UID=1000
[ $rc -eq 0 ] && [ ! -s "$tmp/out" ] && [ ! -s "$tmp/calls" ] \
    && ok "all installed: nothing said, nothing run" || { not_ok "all installed (rc $rc)"; show; }

deps "$bin" FAKE_UID=0 FAKE_MISSING="$missing"
[ $rc -eq 0 ] && installed && ! grep -q '^sudo' "$tmp/calls" \
    && ok "root: apt-get update, then apt-get install -y of what is missing" || { not_ok "root (rc $rc)"; show; }

deps "$bin" FAKE_UID=1000 FAKE_MISSING="$missing" FAKE_SUDO=nopasswd
[ $rc -eq 0 ] && installed && [ "$(grep -c '^sudo' "$tmp/calls")" -eq 1 ] && grep -q '^sudo sh -c ' "$tmp/calls" \
    && ok "sudo without a password: one sudo sh -c for update and install" || { not_ok "sudo without a password (rc $rc)"; show; }

# a terminal (script gives one): sudo is called once, and asks there
if command -v script >/dev/null 2>&1; then
    : >"$tmp/calls"
    env -i PATH="$bin" FAKE_CALLS="$tmp/calls" FAKE_UID=1000 FAKE_MISSING="$missing" \
        "$(command -v script)" -qec "sh '$deps' base" /dev/null >"$tmp/out" 2>&1 </dev/null
    rc=$?
    [ $rc -eq 0 ] && installed && [ "$(grep -c '^sudo' "$tmp/calls")" -eq 1 ] && grep -q 'password' "$tmp/out" \
        && ok "sudo with a password, on a terminal: one sudo sh -c (one prompt)" \
        || { not_ok "sudo with a password, on a terminal (rc $rc)"; show; }
else
    echo "# skipped: script (util-linux) is missing: sudo on a terminal not tried"
fi

deps "$bin" FAKE_UID=1000 FAKE_MISSING="$missing"
line=$(sed -n "s/^  \(sudo sh -c '.*'\)$/\1/p" "$tmp/out")
[ $rc -ne 0 ] && [ ! -s "$tmp/calls" ] && grep -q 'password' "$tmp/out" && [ -n "$line" ] \
    && ok "sudo with a password, no terminal: fails and prints the sudo sh -c line" \
    || { not_ok "sudo with a password, no terminal (rc $rc)"; show; }
: >"$tmp/calls"
env -i PATH="$bin" FAKE_CALLS="$tmp/calls" FAKE_UID=1000 sh -c "$line" >/dev/null 2>&1
installed && ok "that sudo line, run, installs" || { not_ok "that sudo line: $line"; show; }

deps "$no_sudo" FAKE_UID=1000 FAKE_MISSING="$missing"
line=$(sed -n "s/^  \(su -c '.*'\)$/\1/p" "$tmp/out")
[ $rc -ne 0 ] && [ ! -s "$tmp/calls" ] && [ -n "$line" ] \
    && ok "neither root nor sudo: fails and prints the su -c line" || { not_ok "neither root nor sudo (rc $rc)"; show; }
: >"$tmp/calls"
env -i PATH="$no_sudo" FAKE_CALLS="$tmp/calls" FAKE_UID=1000 sh -c "$line" >/dev/null 2>&1
installed && ok "that su line, run, installs" || { not_ok "that su line: $line"; show; }

env -i PATH="$bin" FAKE_CALLS="$tmp/calls" setsid -w sh "$deps" base nosuchset >"$tmp/out" 2>&1
rc=$?
[ $rc -eq 2 ] && grep -q "unknown set 'nosuchset'" "$tmp/out" && ok "an unknown set is refused (exit 2)" \
    || { not_ok "an unknown set (rc $rc)"; show; }
exit 0
