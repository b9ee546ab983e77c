#!/bin/sh
# install-deps.sh - install the Debian packages clearsim needs, if missing.
#
# Idempotent: checks each package with dpkg-query first and does nothing
# when all are present.  Otherwise one command updates the package lists
# and installs what is missing (waiting up to 10 minutes for another apt
# to finish):
#   - as root: apt-get, non-interactive;
#   - not root, with sudo: that command through ONE `sudo sh -c '...'`, so
#     sudo asks for the password once (on the terminal); without a
#     terminal and with a sudo that wants a password, it prints that line
#     to run and fails;
#   - neither: it prints the line to run as root (`su -c '...'`) and fails.
# Usage: tools/install-deps.sh [base|mpi|san|plot|browser|slurm]...   (default: base)
set -eu

# time: /usr/bin/time, for the CPU and peak memory sweep_test and make
# bench measure
pkgs_base="gcc make pkg-config libhdf5-dev hdf5-tools libfyaml-dev libcmocka-dev time"
pkgs_mpi="openmpi-bin libopenmpi-dev libhdf5-openmpi-dev"
pkgs_san="clang libclang-rt-14-dev libomp-14-dev"
pkgs_plot="python3-h5py python3-matplotlib"
# the HTML report in a real browser (make html-test): headless chromium, a
# font for the figures' text, PIL to read the screenshots
pkgs_browser="chromium fonts-liberation python3-pil"
# a one-node Slurm of its own (make slurm-test: tests/slurm/slurm_test.sh);
# the basic plugins hold srun's pmix
pkgs_slurm="slurmctld slurmd slurm-client slurm-wlm-basic-plugins munge"

want=""
[ $# -eq 0 ] && set -- base
for set_name in "$@"; do
    case "$set_name" in
        base|mpi|san|plot|browser|slurm) ;;
        *) echo "clearsim: install-deps.sh: unknown set '$set_name' (base, mpi, san, plot, browser, slurm)" >&2; exit 2 ;;
    esac
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

# one shell command, run as root (it holds no single quote: it is quoted
# with them in the lines printed below)
line="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y -o DPkg::Lock::Timeout=600$missing"
if [ "$(id -u)" = 0 ]; then
    echo "clearsim: installing missing packages:$missing" >&2
    sh -c "$line"
elif command -v sudo >/dev/null 2>&1; then
    if sudo -n true 2>/dev/null; then
        echo "clearsim: installing missing packages through sudo:$missing" >&2
    elif (: </dev/tty) 2>/dev/null; then
        # a terminal: sudo asks for the password there, once
        echo "clearsim: installing missing packages through sudo (it asks for your password):$missing" >&2
    else
        echo "clearsim: missing packages:$missing" >&2
        echo "clearsim: sudo needs a password and there is no terminal to ask it on; run this, then make again:" >&2
        echo "  sudo sh -c '$line'" >&2
        exit 1
    fi
    if ! sudo sh -c "$line"; then
        echo "clearsim: installing through sudo failed; run this, then make again:" >&2
        echo "  sudo sh -c '$line'" >&2
        exit 1
    fi
else
    echo "clearsim: missing packages:$missing" >&2
    echo "clearsim: not root and no sudo; run this (it asks for root's password), then make again:" >&2
    echo "  su -c '$line'" >&2
    exit 1
fi
