#!/bin/sh
# race_test.sh - output files and sweep journals on a shared file system.
#
# clearsim is run on cluster file systems where the output folder is
# shared with other users and with other jobs of the same user (a job
# array resubmitted while the first copy still runs, two users writing
# to one results folder).  What must hold there:
#
#  1. No planted symbolic link can redirect a write.  Another user who can
#     write to OUT's folder may plant links at every name clearsim might
#     create (the temporary image, OUT itself, OUT.partial/ and its
#     batch-N.tmp files), pointing at a file of ours elsewhere; clearsim
#     must never write through them: temporary files get unpredictable
#     names created with O_EXCL|O_NOFOLLOW, and an OUT that is a link is
#     never written through.  Nothing outside OUT and OUT.partial/ changes.
#  2. Two runs to one new OUT started together (no --force) do not both
#     "succeed" with one silently replacing the other: exactly one writes
#     OUT, the other exits 2 saying OUT exists; no temporary file is left.
#  3. Two resumes of one interrupted sweep (a resubmitted array task while
#     the first still runs) do not both work on the journal: one proceeds,
#     the other refuses at once (exit 2) naming the lock / the other run,
#     and the result is the file a run in one go writes.
#  4. A journal folder without its manifest (a job killed while creating
#     it) gets one consistent instruction, with or without --resume,
#     instead of each mode sending the user to the other.
#
# Runs the binary in $CLEARSIM (default ./clearsim) from the repository
# root; prints "ok - NAME" or "not ok - NAME" per check, with "# " detail
# lines (tests/run-all.sh counts them).  Works for sanitizer builds: the
# long scenario of checks 2 and 3 is calibrated on the binary under test.
set -u
cs=${CLEARSIM:-./clearsim}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
qbase=tests/sweeps/queue_base.yaml    # M/M/1, 1000 customers, 4 replications
qsweep=tests/sweeps/queue_servers.yaml # 2 points x 2 replications, a fraction of a second
t_start=$(date +%s)

ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; }
detail() { sed 's/^/# /' "$@" | head -n 12; }
check() { # check NAME COMMAND...: ok when the command exits 0
    name=$1; shift
    if "$@" >"$tmp/out" 2>"$tmp/err"; then ok "$name"; else not_ok "$name"; detail "$tmp/out" "$tmp/err"; fi
}
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
is_ours() { "$cs" report "$1" >/dev/null 2>&1; } # a clearsim file clearsim can read
same() { # same NAME A B: identical but for /run_info
    if command -v h5diff >/dev/null 2>&1; then
        # h5diff exits 0 on objects it cannot compare, so its -c report must be empty too
        check "$1" sh -c "h5diff -c --exclude-path /run_info '$2' '$3' >'$tmp/diff' && ! grep -q . '$tmp/diff'"
    else
        check "$1" sh -c "'$cs' report '$2' --format csv >'$tmp/ra' && '$cs' report '$3' --format csv >'$tmp/rb' && cmp '$tmp/ra' '$tmp/rb'"
    fi
}
out_written() { # out_written NAME FILE: held_rc 0, FILE a clearsim file and not a link
    if [ $held_rc -eq 0 ] && [ -f "$2" ] && [ ! -L "$2" ] && is_ours "$2"; then ok "$1"
    else not_ok "$1 (exit $held_rc$( [ -L "$2" ] && echo ', OUT is a link'))"; detail "$tmp/held.err"; fi
}
one_line() { # one_line FILE: exactly one line, not HDF5's error stack
    [ "$(wc -l <"$1")" -eq 1 ] && ! grep -q 'HDF5-DIAG' "$1"
}

# ---- the victim: files of ours outside every output folder, restored
# from a pristine copy before each check of part 1 (a check that wrote
# through a link must not spoil the next); each compares names and
# checksums after the check with those before.
victim=$tmp/victim
pristine=$tmp/pristine
mkdir -p "$pristine/journal"
printf 'precious data, not to be overwritten\n' >"$pristine/precious.txt"
"$cs" run "$qbase" -r 2 -q -o "$pristine/ours.h5" >/dev/null 2>"$tmp/err" || { not_ok "set-up: a small run"; detail "$tmp/err"; }
snap() { (cd "$victim" && find . -print | sort && find . -type f -exec cksum {} + | sort) >"$1"; }
fresh_victim() { rm -rf "$victim"; cp -R "$pristine" "$victim"; snap "$tmp/snap.before"; }
victim_same() { # victim_same NAME: the victim folder as the last snapshot
    snap "$tmp/snap.after"
    if cmp -s "$tmp/snap.before" "$tmp/snap.after"; then ok "$1"
    else not_ok "$1"; diff "$tmp/snap.before" "$tmp/snap.after" | sed 's/^/# /' | head -n 12; fi
}

# plant DIR NAME LO HI: links to the victim at the temporary names a writer
# of DIR/NAME might use: .NAME.tmp.PID for PID in LO..HI (today's scheme),
# and the pid-less .NAME.tmp and NAME.tmp.
plant() {
    k=$3
    while [ "$k" -le "$4" ]; do ln -s "$victim/precious.txt" "$1/.$2.tmp.$k"; k=$((k + 1)); done
    ln -s "$victim/precious.txt" "$1/.$2.tmp"
    ln -s "$victim/precious.txt" "$1/$2.tmp"
}
# held_run DIR NAME COMMAND...: run COMMAND (a clearsim that writes DIR/NAME)
# with links planted for its process id.  The process waits on a FIFO until
# the links are there, then execs clearsim, so its PID ($held) is known
# before it starts (planting itself forks, so PIDs cannot be guessed ahead;
# a few neighbours are planted too).  A watchdog kills it after 120 s (a
# writer looping over taken names must not hang the suite).  Sets held_rc;
# stderr in $tmp/held.err.
held_run() {
    dir=$1 name=$2; shift 2
    rm -f "$tmp/gate" "$tmp/done"; mkfifo "$tmp/gate"
    ( read -r _ <"$tmp/gate"; exec "$@" ) >/dev/null 2>"$tmp/held.err" &
    held=$!
    plant "$dir" "$name" $((held - 8)) $((held + 8))
    ( i=0; while [ $i -lt 1200 ] && [ ! -e "$tmp/done" ]; do sleep 0.1; i=$((i + 1)); done
      [ -e "$tmp/done" ] || { echo "# killed after 120 s"; kill -KILL $held; } ) 2>/dev/null &
    dog=$!
    echo go >"$tmp/gate"
    wait $held; held_rc=$?
    : >"$tmp/done"; wait $dog
}
only_planted() { # only_planted DIR NAME: DIR holds NAME and the planted links, nothing else
    [ -z "$(cd "$1" && ls -A | grep -v -x -e "$2" -e "\.$2\.tmp\.[0-9]*" -e "\.$2\.tmp" -e "$2\.tmp")" ] &&
        [ -z "$(find "$1" -newer "$tmp/gate" -type f ! -name "$2")" ]
}

# =================== 1. planted links never redirect a write
# ---- run: links at the temporary names (today .out.h5.tmp.PID, followed
# by open(O_CREAT|O_TRUNC): the victim is overwritten with the image and
# the rename then makes OUT itself a link to it)
mkdir -p "$tmp/r1"
fresh_victim
held_run "$tmp/r1" out.h5 "$cs" run "$qbase" -r 2 -q -o "$tmp/r1/out.h5"
victim_same "run, links planted at the temporary names: nothing outside OUT changes"
out_written "run, links planted at the temporary names: exit 0 and OUT a clearsim file, not a link" "$tmp/r1/out.h5"
only_planted "$tmp/r1" out.h5 && ok "run, links planted: no temporary file left" \
    || { not_ok "run, links planted: a temporary file is left"; ls -A "$tmp/r1" | grep -v '\.tmp\.[0-9]*$' | sed 's/^/# /'; }

# ---- run: OUT itself a link to the victim
mkdir -p "$tmp/r2"
ln -s "$victim/precious.txt" "$tmp/r2/out.h5"
fresh_victim
"$cs" run "$qbase" -r 2 -q -o "$tmp/r2/out.h5" >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 2 ] && grep -q 'exists' "$tmp/err" && ok "run, OUT a planted link, no --force: exit 2, says it exists" \
    || { not_ok "run, OUT a planted link, no --force: exit 2, says it exists (exit $rc)"; detail "$tmp/err"; }
"$cs" run "$qbase" -r 2 -q -o "$tmp/r2/out.h5" --force >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 2 ] && one_line "$tmp/err" && ok "run, OUT a link to a file not clearsim's, --force: refused (exit 2)" \
    || { not_ok "run, OUT a link to a file not clearsim's, --force: refused (exit $rc)"; detail "$tmp/err"; }
victim_same "run, OUT a planted link: the file it points at is unchanged"
# the same with the victim a clearsim file: --force may replace OUT (the
# link), never write through it
mkdir -p "$tmp/r3"
ln -s "$victim/ours.h5" "$tmp/r3/out.h5"
fresh_victim
"$cs" run "$qbase" -r 3 -q -o "$tmp/r3/out.h5" --force >/dev/null 2>"$tmp/err"; rc=$?
echo "# OUT a link to another clearsim file, --force: exit $rc$( [ -L "$tmp/r3/out.h5" ] && echo ', OUT still the link' || echo ', the link replaced')"
victim_same "run, OUT a link to a clearsim file, --force: the file it points at is unchanged"
# a dangling link at OUT must not create its target
mkdir -p "$tmp/r4"
ln -s "$victim/created-by-run.h5" "$tmp/r4/out.h5"
fresh_victim
"$cs" run "$qbase" -r 2 -q -o "$tmp/r4/out.h5" >/dev/null 2>"$tmp/err"; rc=$?
echo "# OUT a dangling link: exit $rc"
victim_same "run, OUT a dangling link: its target is not created"

# ---- sweep: links at the temporary names of the output
mkdir -p "$tmp/s1"
"$cs" sweep "$qsweep" -j 1 -q -o "$tmp/qs_ref.h5" >/dev/null 2>"$tmp/err" || { not_ok "set-up: the small sweep in one go"; detail "$tmp/err"; }
fresh_victim
held_run "$tmp/s1" s.h5 "$cs" sweep "$qsweep" -j 1 -q -o "$tmp/s1/s.h5"
victim_same "sweep, links planted at the temporary names: nothing outside OUT changes"
out_written "sweep, links planted at the temporary names: exit 0 and OUT a clearsim file, not a link" "$tmp/s1/s.h5"

# ---- sweep: OUT.partial planted as a link to a folder of ours.  A fresh
# sweep must not journal into it; a --resume must not replay, extend nor
# (when done) empty it, even when it holds a valid journal of this sweep
# (a copy is easy to make: the manifest names no path).
mkdir -p "$tmp/s2" "$tmp/j"
"$cs" sweep "$qsweep" -j 1 -q -o "$tmp/j/x.h5" --stop-after-jobs 1 >/dev/null 2>&1
cp -R "$tmp/j/x.h5.partial/." "$pristine/journal/" 2>/dev/null
[ -f "$pristine/journal/manifest" ] || not_ok "set-up: an interrupted journal of the small sweep"
ln -s "$victim/journal" "$tmp/s2/s.h5.partial"
fresh_victim
"$cs" sweep "$qsweep" -j 1 -q -o "$tmp/s2/s.h5" >/dev/null 2>"$tmp/err"; rc=$?
echo "# fresh sweep, OUT.partial a planted link: exit $rc: $(head -n 1 "$tmp/err")"
victim_same "fresh sweep, OUT.partial a planted link: the folder it points at is unchanged"
fresh_victim
CLEARSIM_JOURNAL_SECONDS=0 timeout 120 "$cs" sweep "$qsweep" -j 1 -q -o "$tmp/s2/s.h5" --resume >/dev/null 2>"$tmp/err"; rc=$?
echo "# --resume, OUT.partial a planted link to a copy of the journal: exit $rc: $(head -n 1 "$tmp/err")"
victim_same "--resume, OUT.partial a planted link to a journal: the folder it points at is unchanged"

# ---- sweep --resume: links at the batch-N.tmp names inside the journal
# (the journal folder is ours, but a group-writable or shared folder lets
# others in; batch-N.tmp is opened O_CREAT|O_TRUNC today)
mkdir -p "$tmp/s3"
"$cs" sweep "$qsweep" -j 1 -q -o "$tmp/s3/s.h5" --stop-after-jobs 1 >/dev/null 2>&1
if [ -f "$tmp/s3/s.h5.partial/manifest" ]; then
    k=0
    while [ $k -lt 32 ]; do ln -s "$victim/precious.txt" "$tmp/s3/s.h5.partial/$(printf 'batch-%08d.tmp' $k)"; k=$((k + 1)); done
    fresh_victim
    CLEARSIM_JOURNAL_SECONDS=0 timeout 120 "$cs" sweep "$qsweep" -j 1 -q -o "$tmp/s3/s.h5" --resume >/dev/null 2>"$tmp/err"; rc=$?
    victim_same "--resume, links planted at batch-N.tmp: nothing outside the journal changes"
    if [ $rc -eq 0 ]; then
        same "--resume, links planted at batch-N.tmp: finishes identical to one run" "$tmp/qs_ref.h5" "$tmp/s3/s.h5"
    elif one_line "$tmp/err"; then
        ok "--resume, links planted at batch-N.tmp: refused with one line (exit $rc)"; detail "$tmp/err"
    else
        not_ok "--resume, links planted at batch-N.tmp: neither finished nor refused clearly (exit $rc)"; detail "$tmp/err"
    fi
else
    not_ok "set-up: an interrupted journal for the batch-N.tmp check"
fi

# ---- merge: OUT obeys the same rules; links at its temporary names
mkdir -p "$tmp/m"
for i in 0 1; do "$cs" sweep "$qsweep" -j 1 -q --shard $i/2 -o "$tmp/part$i.h5" >/dev/null 2>&1; done
ln -s "$victim/precious.txt" "$tmp/m/link.h5"
fresh_victim
"$cs" merge "$tmp/m/link.h5" "$tmp/part0.h5" "$tmp/part1.h5" >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 2 ] && grep -q 'exists' "$tmp/err" && ok "merge, OUT a planted link, no --force: exit 2, says it exists" \
    || { not_ok "merge, OUT a planted link, no --force: exit 2, says it exists (exit $rc)"; detail "$tmp/err"; }
"$cs" merge "$tmp/m/link.h5" "$tmp/part0.h5" "$tmp/part1.h5" --force >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 2 ] && one_line "$tmp/err" && ok "merge, OUT a link to a file not clearsim's, --force: refused (exit 2)" \
    || { not_ok "merge, OUT a link to a file not clearsim's, --force: refused (exit $rc)"; detail "$tmp/err"; }
victim_same "merge, OUT a planted link: the file it points at is unchanged"
fresh_victim
held_run "$tmp/m" m.h5 "$cs" merge "$tmp/m/m.h5" "$tmp/part0.h5" "$tmp/part1.h5"
victim_same "merge, links planted at the temporary names: nothing outside OUT changes"
out_written "merge, links planted at the temporary names: exit 0 and OUT a clearsim file, not a link" "$tmp/m/m.h5"

# ---- report writes nothing beside its input (it needs no temporary name)
mkdir -p "$tmp/rep"
cp "$tmp/qs_ref.h5" "$tmp/rep/a.h5"
"$cs" report "$tmp/rep/a.h5" >"$tmp/rep.txt" 2>"$tmp/err"; rc=$?
[ $rc -eq 0 ] && [ "$(ls -A "$tmp/rep")" = a.h5 ] && ok "report FILE > x: exit 0, nothing created beside FILE" \
    || { not_ok "report FILE > x (exit $rc): $(ls -A "$tmp/rep" | tr '\n' ' ')"; detail "$tmp/err"; }

# =================== calibration: a run that takes ~4 s with -j 1 here
cal=$tmp/cal
mkdir -p "$cal"
scenario() { # scenario CUSTOMERS FILE: queue_base with more customers
    sed "s/^customers: .*/customers: $1/; s/^name: .*/name: race_long/" "$qbase" >"$2"
}
c=250000 ms=1
while :; do
    scenario $c "$cal/q.yaml"
    t0=$(now_ms)
    "$cs" run "$cal/q.yaml" -r 4 -j 1 -q -o "$cal/c.h5" >/dev/null 2>"$tmp/err" || { not_ok "calibration run"; detail "$tmp/err"; break; }
    ms=$(( $(now_ms) - t0 ))
    rm -f "$cal/c.h5"
    [ $ms -ge 400 ] || [ $c -ge 64000000 ] && break
    c=$((c * 4))
done
[ $ms -gt 0 ] || ms=1
customers=$(( c * 4000 / ms ))
long=$tmp/long.yaml
scenario $customers "$long"
echo "# calibration: $c customers x 4 replications took $ms ms with -j 1; the long run uses $customers (~4 s)"

# =================== 2. two runs to one new OUT started together
# Each run checks that OUT is new when it starts (both see no OUT), so the
# guarantee must come from how OUT is put in place (an exclusive link or
# rename that fails when OUT exists), not from a check before it: a check
# followed by rename(2) lets the later run silently replace the first
# run's file when both finish within the window between check and rename.
# The runs take ~4 s each so they overlap whatever the start-up cost.
mkdir -p "$tmp/two"
t0=$(now_ms)
for i in 1 2; do
    ( timeout 300 "$cs" run "$long" -r 4 -j 1 -q -o "$tmp/two/out.h5" >/dev/null 2>"$tmp/two$i.err"
      echo $? >"$tmp/two$i.rc"; now_ms >"$tmp/two$i.end" ) &
done
wait
rc1=$(cat "$tmp/two1.rc") rc2=$(cat "$tmp/two2.rc")
echo "# two concurrent runs: exit $rc1 after $(( $(cat "$tmp/two1.end") - t0 )) ms, exit $rc2 after $(( $(cat "$tmp/two2.end") - t0 )) ms"
if [ "$rc1" -eq 0 ] && [ "$rc2" -eq 2 ]; then loser=2
elif [ "$rc1" -eq 2 ] && [ "$rc2" -eq 0 ]; then loser=1
else loser=; fi
[ -n "$loser" ] && ok "two runs to one new OUT: exactly one exits 0, the other 2" \
    || { not_ok "two runs to one new OUT: exactly one exits 0, the other 2 (exits $rc1, $rc2)"; detail "$tmp/two1.err" "$tmp/two2.err"; }
[ -n "$loser" ] && echo "# the other run: $(head -n 1 "$tmp/two$loser.err")"
[ -n "$loser" ] && grep -q 'exists' "$tmp/two$loser.err" && ok "two runs to one new OUT: the loser says OUT exists" \
    || { not_ok "two runs to one new OUT: the loser says OUT exists"; detail "$tmp/two1.err" "$tmp/two2.err"; }
is_ours "$tmp/two/out.h5" && ok "two runs to one new OUT: OUT is a valid clearsim file" \
    || not_ok "two runs to one new OUT: OUT is not a valid clearsim file"
[ "$(ls -A "$tmp/two")" = out.h5 ] && ok "two runs to one new OUT: no temporary file left" \
    || { not_ok "two runs to one new OUT: files left: $(ls -A "$tmp/two" | tr '\n' ' ')"; }

# =================== 3. two resumes of one interrupted sweep
# 2 points x 3 replications of the long scenario (each job ~1 s): stopped
# after 2 jobs, 4 jobs (~4 s) are left to the resume that wins.
cat >"$tmp/long_sweep.yaml" <<YAML
kind: sweep
name: race_sweep
base: long.yaml
replications: 3
seed: 11
parameters:
  - path: servers
    values: [1, 2]
YAML
sw3=$tmp/long_sweep.yaml
mkdir -p "$tmp/res"
check "long sweep in one go (reference)" timeout 300 "$cs" sweep "$sw3" -j 2 -q -o "$tmp/res_ref.h5"
CLEARSIM_JOURNAL_SECONDS=0 timeout 300 "$cs" sweep "$sw3" -j 1 -q -o "$tmp/res/out.h5" --stop-after-jobs 2 >/dev/null 2>"$tmp/err"
[ -f "$tmp/res/out.h5.partial/manifest" ] && [ ! -e "$tmp/res/out.h5" ] \
    && ok "long sweep stopped after 2 jobs: a journal, no OUT" \
    || { not_ok "long sweep stopped after 2 jobs: a journal, no OUT"; detail "$tmp/err"; }
t0=$(now_ms)
for i in 1 2; do
    ( CLEARSIM_JOURNAL_SECONDS=0 timeout 300 "$cs" sweep "$sw3" -j 1 -q -o "$tmp/res/out.h5" --resume >/dev/null 2>"$tmp/res$i.err"
      echo $? >"$tmp/res$i.rc"; now_ms >"$tmp/res$i.end" ) &
done
wait
rc1=$(cat "$tmp/res1.rc") rc2=$(cat "$tmp/res2.rc")
e1=$(( $(cat "$tmp/res1.end") - t0 )) e2=$(( $(cat "$tmp/res2.end") - t0 ))
echo "# two concurrent resumes: exit $rc1 after $e1 ms, exit $rc2 after $e2 ms"
if [ "$rc1" -eq 0 ] && [ "$rc2" -eq 2 ]; then loser=2 le=$e2 we=$e1
elif [ "$rc1" -eq 2 ] && [ "$rc2" -eq 0 ]; then loser=1 le=$e1 we=$e2
else loser=; fi
[ -n "$loser" ] && ok "two resumes of one sweep: exactly one exits 0, the other 2" \
    || { not_ok "two resumes of one sweep: exactly one exits 0, the other 2 (exits $rc1, $rc2)"; detail "$tmp/res1.err" "$tmp/res2.err"; }
[ -n "$loser" ] && echo "# the other resume: $(head -n 1 "$tmp/res$loser.err")"
# promptly: the loser is refused at once, not when the winner is done
[ -n "$loser" ] && [ "$le" -lt "$we" ] && one_line "$tmp/res$loser.err" && grep -Eqi 'lock|another|in use|running|busy' "$tmp/res$loser.err" \
    && ok "two resumes of one sweep: the other refuses before the first finishes, naming the lock / other run" \
    || { not_ok "two resumes of one sweep: the other refuses before the first finishes, naming the lock / other run"; detail "$tmp/res1.err" "$tmp/res2.err"; }
if [ ! -e "$tmp/res/out.h5" ]; then
    echo "# no OUT after the two resumes: resuming once more"
    CLEARSIM_JOURNAL_SECONDS=0 timeout 300 "$cs" sweep "$sw3" -j 2 -q -o "$tmp/res/out.h5" --resume >/dev/null 2>"$tmp/err" \
        || { echo "# the last resume failed:"; detail "$tmp/err"; }
fi
is_ours "$tmp/res/out.h5" && ok "two resumes of one sweep: OUT reports fine" || not_ok "two resumes of one sweep: OUT does not report"
same "two resumes of one sweep: OUT identical to one run" "$tmp/res_ref.h5" "$tmp/res/out.h5"
[ "$(ls -A "$tmp/res")" = out.h5 ] && ok "two resumes of one sweep: no journal nor temporary file left" \
    || not_ok "two resumes of one sweep: files left: $(ls -A "$tmp/res" | tr '\n' ' ')"

# =================== 4. a journal folder without its manifest
# (a job killed between creating OUT.partial/ and renaming its manifest
# into place): both modes exit 2 with one line giving the same advice,
# not "run without --resume" on one side and "resume it with --resume" on
# the other.
mkdir -p "$tmp/nm/s.h5.partial"
: >"$tmp/nm/s.h5.partial/manifest.tmp"
"$cs" sweep "$qsweep" -j 1 -q -o "$tmp/nm/s.h5" --resume >/dev/null 2>"$tmp/nm1.err"; rc1=$?
"$cs" sweep "$qsweep" -j 1 -q -o "$tmp/nm/s.h5" >/dev/null 2>"$tmp/nm2.err"; rc2=$?
echo "# --resume: exit $rc1: $(head -n 1 "$tmp/nm1.err")"
echo "# no --resume: exit $rc2: $(head -n 1 "$tmp/nm2.err")"
[ $rc1 -eq 2 ] && one_line "$tmp/nm1.err" && ok "journal without manifest, --resume: exit 2, one line" \
    || { not_ok "journal without manifest, --resume: exit 2, one line (exit $rc1)"; detail "$tmp/nm1.err"; }
[ $rc2 -eq 2 ] && one_line "$tmp/nm2.err" && ok "journal without manifest, no --resume: exit 2, one line" \
    || { not_ok "journal without manifest, no --resume: exit 2, one line (exit $rc2)"; detail "$tmp/nm2.err"; }
# consistent: neither sends the user to the other mode (which refuses too),
# and both give the one instruction that works: remove the folder
if ! grep -qi 'without --resume' "$tmp/nm1.err" && ! grep -Eqi 'with --resume|resume it' "$tmp/nm2.err" \
    && grep -qi 'remove' "$tmp/nm1.err" && grep -qi 'remove' "$tmp/nm2.err"; then
    ok "journal without manifest: the same advice with and without --resume"
else
    not_ok "journal without manifest: the same advice with and without --resume"; detail "$tmp/nm1.err" "$tmp/nm2.err"
fi
[ ! -e "$tmp/nm/s.h5" ] && [ -d "$tmp/nm/s.h5.partial" ] && ok "journal without manifest: no OUT written, the folder left" \
    || not_ok "journal without manifest: no OUT written, the folder left"

echo "# race_test.sh took $(( $(date +%s) - t_start )) s"
exit 0
