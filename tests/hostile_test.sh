#!/bin/sh
# hostile_test.sh - clearsim against broken and hostile input files.
#
# What must hold for a user: whatever the scenario or sweep file holds
# (a syntax error, an unknown key, a wrong type, a negative duration, an
# alias bomb, 100,000 nested brackets, random bytes, 10^12 sweep points),
# `clearsim check`, `clearsim run` and `clearsim sweep` refuse it at once:
# exit status 2, a short message on stderr that reads FILE:LINE:COL: error:
# (FILE: error: when the file cannot be read) and says what is wrong,
# nothing on stdout, no output file, no temporary file or journal left,
# in under a second (5 s for a sanitizer build, one under a /san/ folder).
#
# The cases and the message each must produce are tests/hostile/expected.txt
# (its header describes the format).  Files too big or too odd to commit
# (binary bytes, megabyte-deep nesting, a 17 MB file, a missing file, a
# folder) are generated below into the temporary folder as gen/NAME.
# Prints one "ok - NAME" or "not ok - NAME" line per command and case
# (tests/run-all.sh counts them), with "# ..." details after a failure.
set -u
cs=${CLEARSIM:-./clearsim}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dir=tests/hostile
list=$dir/expected.txt
gen=$tmp/gen
out=$tmp/out
mkdir -p "$gen" "$out"

case $cs in
    */san/*) limit_ms=5000 ;;
    *) limit_ms=1000 ;;
esac
case $cs in
    /*) cs_abs=$cs ;;
    */*) cs_abs=$PWD/$cs ;;
    *) cs_abs=$cs ;;
esac

ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; }

# ---- generated cases
# bytes N SEED MIN: N pseudo-random bytes in [MIN, 255], the same on every
# machine (an LCG in awk, written through printf octal escapes)
bytes() {
    printf "$(awk -v n="$1" -v s="$2" -v lo="$3" 'BEGIN {
        for (i = 0; i < n; i++) {
            s = (s * 1103515245 + 12345) % 2147483648
            printf "\\%03o", lo + int(s / 65536) % (256 - lo)
        } }')"
}
# repeat N TEXT: TEXT N times, on one line without a newline
repeat() { awk -v n="$1" -v t="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", t }'; }
queue_tail='servers: 1
arrival: {dist: exponential, mean: 1.0}
service: {dist: exponential, mean: 0.9}
customers: 1000'
qbase=$PWD/tests/sweeps/queue_base.yaml

bytes 4096 7 0 >"$gen/binary.yaml"            # random bytes, NULs among them
bytes 4096 7 1 >"$gen/binary_no_nul.yaml"     # random bytes 1..255: not UTF-8
printf 'kind: queue\nname: nul\n# a NUL \000 in a comment\n%s\n' "$queue_tail" >"$gen/nul_in_comment.yaml"
printf 'kind: queue\nname: caf\351\n%s\n' "$queue_tail" >"$gen/latin1.yaml"  # ISO-8859-1 e-acute
mkdir "$gen/dir.yaml"
{ printf 'kind: queue\nname: too-big\n%s\n' "$queue_tail"; yes '# padding to make the file larger than 16 MiB ..............................' | head -c 17000000; } >"$gen/too_big.yaml"
{ printf 'kind: queue\nname: deep\nx: '; repeat 100000 '['; echo; } >"$gen/deep_open_seq.yaml"
{ printf 'kind: queue\nname: deep\nx: '; repeat 100000 '{'; echo; } >"$gen/deep_open_map.yaml"
{ printf 'kind: queue\nname: deep\nx: '; repeat 100000 '['; repeat 100000 ']'; printf '\n%s\n' "$queue_tail"; } >"$gen/deep_closed_seq.yaml"
{ printf 'kind: queue\nname: deep\nx: '; repeat 100000 '{a: '; printf 1; repeat 100000 '}'; printf '\n%s\n' "$queue_tail"; } >"$gen/deep_closed_map.yaml"
{ printf 'kind: queue\nname: deep\n'; awk 'BEGIN { for (i = 0; i < 1000; i++) printf "%*sk%d:\n", i, "", i }'; } >"$gen/deep_block.yaml"
{ printf 'kind: queue\nname: deep\nx: '; repeat 1000000 '['; echo; } >"$gen/deep_open_seq_1m.yaml"
{ printf 'kind: queue\nname: wide\n%s\nx: [' "$queue_tail"; repeat 300000 '1, '; printf '1]\n'; } >"$gen/wide_list.yaml"
{ printf 'kind: queue\nname: keys\n%s\n' "$queue_tail"; awk 'BEGIN { for (i = 0; i < 5000; i++) printf "k%d: 1\n", i }'; } >"$gen/many_keys.yaml"
{ printf 'kind: queue\nname: '; repeat 1000000 a; printf '\n%s\n' "$queue_tail"; } >"$gen/long_name.yaml"
{ printf 'kind: sweep\nname: many-values\nbase: %s\nparameters:\n  - path: arrival.mean\n    values: [' "$qbase"
  awk 'BEGIN { for (i = 1; i <= 10001; i++) printf "%s%d", (i > 1 ? ", " : ""), i }'; printf ']\n'; } >"$gen/sweep_many_values.yaml"
{ printf 'kind: sweep\nname: long-path\nbase: %s\nparameters:\n  - path: ' "$qbase"; repeat 100 'a.'; printf 'b\n    values: [1]\n'; } >"$gen/sweep_long_path.yaml"
{ printf 'kind: sweep\nname: long-base\nbase: '; repeat 600 'abcdefgh/'; printf 'x.yaml\nparameters:\n  - path: servers\n    values: [1]\n'; } >"$gen/sweep_long_base.yaml"
{ printf 'kind: port\nname: many-services\nhorizon: 30d\nservices:\n'
  awk 'BEGIN { for (i = 0; i < 65; i++) printf "  - {name: s%d, imports: {dist: poisson, mean: 1}, exports: {dist: poisson, mean: 1}}\n", i }'
  printf 'regimes:\n  conventional: {}\n'; } >"$gen/many_services.yaml"
{ printf 'kind: port\nname: many-regimes\nhorizon: 30d\nservices:\n  - {name: s, imports: {dist: poisson, mean: 1}, exports: {dist: poisson, mean: 1}}\nregimes:\n'
  awk 'BEGIN { for (i = 0; i < 17; i++) printf "  r%d: {}\n", i }'; } >"$gen/many_regimes.yaml"
{ printf 'kind: queue\nname: empirical\nservers: 1\narrival: {dist: exponential, mean: 1.0}\ncustomers: 1000\nservice:\n  dist: empirical\n  values: ['
  repeat 4096 '1, '; printf '1]\n  weights: ['; repeat 4096 '1, '; printf '1]\n'; } >"$gen/empirical_4097.yaml"
# gen/missing.yaml is left missing on purpose

# ---- every committed file is a listed case (pending/ holds known defects,
# see its README; a listed file that is missing
# fails its own case: 'No such file')
missing_list=$(ls "$dir" | awk -v list="$list" '
    BEGIN { while ((getline line < list) > 0) { split(line, w, " "); listed[w[1]] = 1 } }
    $0 != "expected.txt" && $0 != "pending" && !($0 in listed)')
[ -z "$missing_list" ] && ok "every file of $dir is listed in expected.txt" ||
    { not_ok "every file of $dir is listed in expected.txt"; echo "$missing_list" | sed 's/^/# not listed: /'; }
n_cases=$(grep -c '^[^#[:space:]]' "$list")
[ "$n_cases" -ge 45 ] && ok "at least 45 cases ($n_cases)" || not_ok "at least 45 cases ($n_cases)"

# attempt NAME FILE WHERE MESSAGE CODE COMMAND...: run the command and hold
# it to the case's expectations (few processes per attempt: the suite runs
# some 300 of them)
attempt() {
    a_name=$1 a_file=$2 a_where=$3 a_msg=$4 a_code=$5
    shift 5
    t0=$(date +%s%N)
    timeout 10 "$@" >"$tmp/stdout" 2>"$tmp/stderr"
    rc=$?
    t1=$(date +%s%N)
    ms=$(( (t1 - t0) / 1000000 ))
    why=
    if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
        why="$why
hung: killed after 10 s"
    elif [ $rc -ne "$a_code" ]; then
        why="$why
exit status $rc, expected $a_code"
    fi
    [ $ms -lt $limit_ms ] || why="$why
took $ms ms, limit $limit_ms ms"
    [ -s "$tmp/stdout" ] && why="$why
wrote to stdout"
    [ -s "$tmp/stderr" ] && [ -n "$(tail -c 1 "$tmp/stderr")" ] && why="$why
stderr does not end with a newline"
    # stderr: one line or a few; a line that starts (after "clearsim: ")
    # with FILE: goes on with the expected position and "error: "; the
    # message somewhere
    # check lists every error (at most 20, then "and N more" and a count)
    case $a_name in check*) most=22 ;; *) most=3 ;; esac
    why=$why$(awk -v f="$a_file" -v w="$a_where" -v m="$a_msg" -v most="$most" '
        {
            bytes += length($0) + 1
            t = $0    # the message, not the file name, must say it
            while ((j = index(t, f)) > 0) t = substr(t, 1, j - 1) substr(t, j + length(f))
            if (m != "" && index(t, m)) said = 1
            i = index($0, f ":")
            if (i == 0 || (i > 1 && substr($0, 1, i - 1) != "clearsim: ")) next
            rest = substr($0, i + length(f) + 1)
            if (w == "path") good = rest ~ /^ error: /
            else if (w == "-") good = rest ~ /^[0-9]+:[0-9]+: error: /
            else if (w ~ /:/) good = index(rest, w ": error: ") == 1
            else good = rest ~ ("^" w ":[0-9]+: error: ")
            if (good) found = 1
        }
        END {
            if (NR == 0) { print ""; print "nothing on stderr" }
            else if (NR > most || bytes > 2000 * (most - 2)) { print ""; printf "stderr has %d lines, %d bytes (expected one line, or a few)\n", NR, bytes }
            if (!found) {
                print ""
                if (w == "path") printf "stderr lacks \047%s: error: \047\n", f
                else if (w == "-") printf "stderr lacks \047%s:LINE:COL: error: \047\n", f
                else if (w ~ /:/) printf "stderr lacks \047%s:%s: error: \047\n", f, w
                else printf "stderr lacks \047%s:%s:COL: error: \047\n", f, w
            }
            if (m != "" && !said) { print ""; printf "stderr lacks \047%s\047\n", m }
        }' "$tmp/stderr")
    left=
    for x in "$out"/* "$out"/.[!.]* "$out"/..?*; do [ -e "$x" ] && left="$left ${x##*/}"; done
    if [ -n "$left" ]; then
        why="$why
left in the output folder:$left"
        rm -rf "$out"; mkdir "$out"
    fi
    if [ -z "$why" ]; then
        ok "$a_name"
    else
        not_ok "$a_name"
        printf '%s\n' "$why" | sed '/^$/d; s/^/# /'
        head -c 600 "$tmp/stderr" | sed 's/^/# stderr: /'
        echo
    fi
}

# ---- every case: check, run and (sweep files) sweep
while read -r name code where msg; do
    case $name in ''|'#'*) continue ;; esac
    case $name in
        gen/*) f=$gen/${name#gen/} ;;
        *) f=$dir/$name ;;
    esac
    base=${name##*/}
    stem=${base%.yaml}
    attempt "check $name" "$f" "$where" "$msg" "$code" "$cs" check "$f"
    case $base in
        sweep_*)
            # run refuses a sweep file for its kind whatever else is wrong:
            # only the exit status, the position, no output and the time
            if [ "$where" = path ]; then rw=path rmsg=$msg; else rw=- rmsg=; fi
            attempt "run $name" "$f" "$rw" "$rmsg" "$code" "$cs" run "$f" -o "$out/$stem.h5" -q
            attempt "sweep $name" "$f" "$where" "$msg" "$code" "$cs" sweep "$f" -o "$out/$stem.h5" -q ;;
        *)
            attempt "run $name" "$f" "$where" "$msg" "$code" "$cs" run "$f" -o "$out/$stem.h5" -q ;;
    esac
done <"$list"

# ---- without -o: no results/ folder appears; an existing OUT survives
root=$PWD
mkdir "$tmp/cwd"
(cd "$tmp/cwd" && timeout 10 "$cs_abs" run "$root/$dir/unknown_key_top.yaml" -q) >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && [ ! -e "$tmp/cwd/results" ] && ok "a bad scenario run without -o creates no results/" ||
    not_ok "a bad scenario run without -o creates no results/ (rc $rc; $(ls -A "$tmp/cwd"))"
(cd "$tmp/cwd" && timeout 10 "$cs_abs" sweep "$root/$dir/sweep_value_breaks.yaml" -q) >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && [ ! -e "$tmp/cwd/results" ] && ok "a bad sweep without -o creates no results/" ||
    not_ok "a bad sweep without -o creates no results/ (rc $rc; $(ls -A "$tmp/cwd"))"
mkdir -p "$tmp/keep"
echo precious >"$tmp/keep/out.h5"
timeout 10 "$cs" run "$dir/zero_horizon.yaml" -o "$tmp/keep/out.h5" --force -q >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && [ "$(cat "$tmp/keep/out.h5")" = precious ] && [ "$(ls -A "$tmp/keep")" = out.h5 ] &&
    ok "a bad scenario with --force leaves an existing OUT alone" ||
    not_ok "a bad scenario with --force leaves an existing OUT alone (rc $rc; $(ls -A "$tmp/keep"))"
timeout 10 "$cs" sweep "$dir/sweep_value_breaks.yaml" -o "$tmp/keep/out.h5" --force --resume -q >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && [ "$(cat "$tmp/keep/out.h5")" = precious ] && [ "$(ls -A "$tmp/keep")" = out.h5 ] &&
    ok "a bad sweep with --force --resume leaves an existing OUT alone and no journal" ||
    not_ok "a bad sweep with --force --resume leaves an existing OUT alone and no journal (rc $rc; $(ls -A "$tmp/keep"))"
