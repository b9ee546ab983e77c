#!/bin/sh
# html_test.sh - clearsim's HTML report in a real browser (make html-test).
#
# Usage: sh tests/browser/html_test.sh             the whole stage
#        sh tests/browser/html_test.sh PAGE.html...  only these pages
#
# For every page, in headless chromium (Debian's, `browser` set of
# tools/install-deps.sh):
#  - it loads with no console message and no Content-Security-Policy
#    violation: the report has no scripts and may load nothing, so any
#    CONSOLE line on chromium's stderr is a failure (chromium logs every
#    console message, whatever its level, as INFO:CONSOLE); its other
#    stderr (dbus, GPU, sandbox, crashpad noise) is ignored;
#  - its one CSP meta, in <head>, is exactly the report's policy;
#  - chromium's DOM holds every <figure class="cs-figure">, at least one;
#  - each figure keeps the contract (id fig-N in order, one inline SVG that
#    draws something, a caption) and, cut out into a page of its own (same
#    head, caption hidden, SVG at the top left), screenshots as something
#    other than blank: over 1 % of the SVG's box differs from its
#    background (tests/browser/page.py reads the PNG with PIL).
# The whole stage first checks the checker: sample.html (two figures, as
# the report's contract says) must pass, bad.html (loads a script and an
# image from elsewhere, one empty SVG) and edited copies of sample.html
# (a looser policy, no figures) must be flagged.  Then the report of a port
# run with two regimes and of a two-parameter sweep (tests/sweeps/cli_*).
# Prints ok / not ok per check and "N passed, N failed"; exit 0 when none
# failed.
set -u
cs=${CLEARSIM:-./clearsim}
browser=${CHROMIUM:-chromium}
py=/usr/bin/python3
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

ok() { echo "ok - $1"; passed=$((passed + 1)); }
not_ok() { echo "not ok - $1"; failed=$((failed + 1)); }
finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit
}

# What chromium prints for a page's console (chromium 120: "INFO:CONSOLE(7)]",
# 156: "INFO:CONSOLE:7]") and, should a version log them otherwise, CSP
# refusals and uncaught exceptions.
ERRORS='CONSOLE[(:]|Refused to |Uncaught|Content[- ]Security[- ]Policy|violates the following'

# chrome FILE.html STDOUT STDERR ARGS...: one headless load of FILE, at most
# 60 s, in this run's own profile; stderr is kept for the console check
chrome() {
    page=$1 out=$2 err=$3; shift 3
    timeout -k 5 60 "$browser" --headless=new --no-sandbox --disable-gpu \
        --enable-logging=stderr --v=0 --user-data-dir="$tmp/profile" \
        --no-first-run --disable-dev-shm-usage --hide-scrollbars \
        --virtual-time-budget=2000 "$@" "file://$page" >"$out" 2>"$err"
}

# console_clean NAME STDERR RC: ok when chromium ran and logged no
# console message or CSP violation
console_clean() {
    if [ "$3" -ne 0 ]; then
        not_ok "$1 (chromium exit $3$([ "$3" -eq 124 ] && echo ', timed out after 60 s'))"
        grep -v 'dbus' "$2" | tail -n 5 | sed 's/^/# /'
    elif grep -Eq "$ERRORS" "$2"; then
        not_ok "$1"
        grep -E "$ERRORS" "$2" | head -n 10 | sed 's/^/# /'
    else
        ok "$1"
    fi
}

# check_page LABEL FILE: every check of one page
check_page() {
    label=$1
    page=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
    work=$tmp/pages/$label
    rm -rf "$work"
    mkdir -p "$work"

    chrome "$page" "$work/dom.html" "$work/load.err" --dump-dom
    console_clean "$label: loads with no console error or CSP violation" "$work/load.err" $?

    if "$py" "$here/page.py" csp "$page" >"$work/csp.out" 2>&1; then
        ok "$label: Content-Security-Policy meta present and exact"
    else
        not_ok "$label: Content-Security-Policy meta present and exact"
        sed 's/^/# /' "$work/csp.out"
    fi

    "$py" "$here/page.py" split "$page" "$work" >"$work/figs" 2>&1 || { sed 's/^/# /' "$work/figs"; : >"$work/figs"; }
    nsrc=$(grep -c '^fig-' "$work/figs")
    ndom=$("$py" "$here/page.py" count "$work/dom.html" 2>/dev/null || echo 0)
    if [ "$nsrc" -ge 1 ] && [ "$ndom" = "$nsrc" ]; then
        ok "$label: $nsrc figure(s), all in chromium's DOM"
    else
        not_ok "$label: at least one figure, all in chromium's DOM ($nsrc in the file, $ndom in the DOM)"
    fi

    tab=$(printf '\t')
    while IFS=$tab read -r id file w h problem; do
        if [ "$problem" = "-" ]; then
            ok "$label: $id keeps the contract (one SVG that draws, a caption)"
        else
            not_ok "$label: $id keeps the contract: $problem"
        fi
        # a window of 1000 x 800, or larger when the SVG is
        ww=1000 wh=800
        [ "$w" -gt $((ww - 20)) ] 2>/dev/null && ww=$((w + 20))
        [ "$h" -gt $((wh - 20)) ] 2>/dev/null && wh=$((h + 20))
        chrome "$file" "$work/$id.out" "$work/$id.err" --screenshot="$work/$id.png" --window-size=$ww,$wh
        rc=$?
        if [ "$rc" -ne 0 ] || [ ! -s "$work/$id.png" ]; then
            not_ok "$label: $id screenshot (chromium exit $rc$([ "$rc" -eq 124 ] && echo ', timed out after 60 s'))"
            grep -v 'dbus' "$work/$id.err" | tail -n 5 | sed 's/^/# /'
            continue
        fi
        # the figure alone: any console line is a failure of its own
        if grep -Eq "$ERRORS" "$work/$id.err"; then
            not_ok "$label: $id alone loads with no console error or CSP violation"
            grep -E "$ERRORS" "$work/$id.err" | head -n 10 | sed 's/^/# /'
        fi
        if ink=$("$py" "$here/page.py" ink "$work/$id.png" "$w" "$h" 2>&1); then
            ok "$label: $id screenshot is not blank ($ink)"
        else
            not_ok "$label: $id screenshot is not blank ($ink)"
        fi
    done <"$work/figs"
}

if ! command -v "$browser" >/dev/null 2>&1; then
    not_ok "html: $browser needed (make html-test installs it)"
    finish
fi
if ! "$py" -c 'import PIL' 2>/dev/null; then
    not_ok "html: /usr/bin/python3 with PIL needed (make html-test installs it)"
    finish
fi

if [ $# -gt 0 ]; then
    for f in "$@"; do check_page "$(basename "$f")" "$f"; done
    finish
fi

# ---- the checker itself: a good page passes, bad ones are flagged
check_page sample.html "$here/sample.html"

# flagged CHECK-RE NAME: ok when the captured run of a bad page failed a
# check whose line matches CHECK-RE
flagged() {
    if grep -Eq "^not ok - .*$1" "$tmp/flagged.out"; then ok "the checker flags $2"; else
        not_ok "the checker flags $2"; sed 's/^/# /' "$tmp/flagged.out"; fi
}
(check_page bad.html "$here/bad.html") >"$tmp/flagged.out"
sed 's/^/# bad.html: /' "$tmp/flagged.out"
flagged 'bad.html: loads with no console error' "bad.html's external script and image (CSP violations in the console)"
flagged 'bad.html: fig-1 keeps the contract' "bad.html's empty SVG (contract)"
flagged 'bad.html: fig-1 screenshot is not blank' "bad.html's empty SVG (blank screenshot)"

sed "s/default-src 'none'; style-src/default-src *; style-src/" "$here/sample.html" >"$tmp/loose.html"
(check_page loose.html "$tmp/loose.html") >"$tmp/flagged.out"
flagged 'loose.html: Content-Security-Policy meta' "a page with a looser policy"

sed '/<figure/,/<\/figure>/d' "$here/sample.html" >"$tmp/nofig.html"
(check_page nofig.html "$tmp/nofig.html") >"$tmp/flagged.out"
flagged 'nofig.html: at least one figure' "a page without figures"

# ---- the real reports: a port run with two regimes, a two-parameter sweep
report() { # report NAME H5: clearsim's HTML report of H5, then its checks
    if "$cs" report "$2" --format html -o "$tmp/$1.html" >"$tmp/$1.rep" 2>&1 && [ -s "$tmp/$1.html" ]; then
        ok "report --format html -o ($1)"
        check_page "$1.html" "$tmp/$1.html"
    else
        not_ok "report --format html -o ($1)"
        sed 's/^/# /' "$tmp/$1.rep" | tail -n 5
    fi
}
if "$cs" run tests/sweeps/cli_base.yaml -r 2 -o "$tmp/run.h5" -q >"$tmp/run.log" 2>&1; then
    ok "a port run with two regimes"
    report run "$tmp/run.h5"
    # without -o: a page on stdout, with the figures of the -o one
    if [ -s "$tmp/run.html" ] && "$cs" report "$tmp/run.h5" --format html >"$tmp/stdout.html" 2>"$tmp/stdout.err" \
        && head -n 1 "$tmp/stdout.html" | grep -qi '^<!DOCTYPE html>' \
        && [ "$("$py" "$here/page.py" count "$tmp/stdout.html")" = "$("$py" "$here/page.py" count "$tmp/run.html")" ]; then
        ok "report --format html without -o: the page on stdout"
    else
        not_ok "report --format html without -o: the page on stdout"
        sed 's/^/# /' "$tmp/stdout.err" | tail -n 5
    fi
else
    not_ok "a port run with two regimes"; sed 's/^/# /' "$tmp/run.log" | tail -n 5
fi
if "$cs" sweep tests/sweeps/cli_sweep.yaml -r 2 -o "$tmp/sweep.h5" -q >"$tmp/sweep.log" 2>&1; then
    ok "a two-parameter sweep"
    report sweep "$tmp/sweep.h5"
else
    not_ok "a two-parameter sweep"; sed 's/^/# /' "$tmp/sweep.log" | tail -n 5
fi
finish
