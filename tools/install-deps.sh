#!/bin/sh
# install-deps.sh - install the Debian packages clearsim needs, if missing.
#
# Idempotent: checks each package with dpkg-query first and does nothing
# when all are present.  Installs with apt-get as root, through sudo when
# not root, and otherwise prints the exact command and fails.
# Usage: tools/install-deps.sh [base|mpi|san|plot|browser]...   (default: base)
set -eu

pkgs_base="gcc make pkg-config libhdf5-dev hdf5-tools libfyaml-dev libcmocka-dev"
pkgs_mpi="openmpi-bin libopenmpi-dev libhdf5-openmpi-dev"
pkgs_san="clang libclang-rt-14-dev libomp-14-dev"
pkgs_plot="python3-h5py python3-matplotlib"
# the HTML report in a real browser (make html-test): headless chromium, a
# font for the figures' text, PIL to read the screenshots
pkgs_browser="chromium fonts-liberation python3-pil"

want=""
[ $# -eq 0 ] && set -- base
for set_name in "$@"; do
    eval "want=\"\$want \$pkgs_$set_name\""
done

missing=""
for p in $want; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$status" in
        *"install ok installed"*) ;;
        *) missing="$missing $p" ;;
    esac
done
[ -z "$missing" ] && exit 0

line="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y -o DPkg::Lock::Timeout=600$missing"
if [ "$(id -u)" = 0 ]; then
    echo "clearsim: installing missing packages:$missing" >&2
    sh -c "$line"
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    echo "clearsim: installing missing packages through sudo:$missing" >&2
    sudo sh -c "$line"
else
    echo "clearsim: missing packages:$missing" >&2
    echo "clearsim: not root and no sudo; run this as root, then make again:" >&2
    echo "  $line" >&2
    exit 1
fi
