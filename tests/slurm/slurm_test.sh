#!/bin/bash
# slurm_test.sh - tools/slurm/*.sbatch on a real, one-node Slurm.
#
# Stands up a Slurm of its own (munged, slurmctld -D and slurmd -D started
# directly: no systemd, no cgroups; config, state, spool and logs in a
# temporary folder; SLURM_CONF points the client commands at it), then
# submits the lines of the block of docs/cluster.md marked for this test,
# from a folder holding links to tools/, tests/, build/ and clearsim, and
# checks every result identical to one plain `clearsim sweep` of the same
# sweep: the array merged, the array resubmitted (tasks skipped), one task
# run again alone (SHARDS), the array cancelled midway and resubmitted, the
# MPI job, cancelled midway and resubmitted.  Every daemon it started is
# stopped on exit, by PID.  Root on Debian: it installs the packages it
# needs when missing.  Prints "ok - NAME" / "not ok - NAME" and, last,
# "N passed, N failed".
#
# CLEARSIM, CLEARSIM_MPI: the binaries (default ./clearsim and
# build/mpi/clearsim, built when missing); KEEP=1 keeps the folder.
set -u
cd "$(dirname "$0")/../.." || exit 1
repo=$PWD
doc=docs/cluster.md
passed=0
failed=0
ok() { echo "ok - $1"; passed=$((passed + 1)); }
not_ok() { echo "not ok - $1"; failed=$((failed + 1)); }
cleanup() { # stop what was started (by PID), remove the folder
    trap '' INT TERM
    [ -n "$tmp" ] || return 0
    if [ -n "$ctld_pid" ] && kill -0 "$ctld_pid" 2>/dev/null; then
        local ids k
        ids=$(squeue -h -o %A 2>/dev/null | sort -u)
        if [ -n "$ids" ]; then
            scancel $ids 2>/dev/null
            for ((k = 0; k < 80; k++)); do [ -z "$(squeue -h -o %A 2>/dev/null)" ] && break; sleep 0.25; done
        fi
    fi
    local p
    for p in $slurmd_pid $ctld_pid $munged_pid; do kill "$p" 2>/dev/null; done
    for p in $slurmd_pid $ctld_pid $munged_pid; do wait "$p" 2>/dev/null; done
    # what the daemons started carries our SLURM_CONF (slurmstepd, job
    # processes): anything left of it is killed by PID
    for p in /proc/[0-9]*; do
        p=${p#/proc/}
        [ "$p" = $$ ] && continue
        if tr '\0' '\n' 2>/dev/null <"/proc/$p/environ" | grep -qxF "SLURM_CONF=$conf"; then
            [ "$(awk '{print $4}' "/proc/$p/stat" 2>/dev/null)" = $$ ] && continue # our own subshells
            echo "# killing leftover $p: $(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null)"
            kill -9 "$p" 2>/dev/null
        fi
    done
    if [ "${KEEP:-0}" = 1 ]; then echo "# kept $tmp"; else rm -rf "$tmp"; fi
}
finish() { exit 0; } # on_exit stops what was started, says the sums and sets the status
tmp="" munged_pid="" ctld_pid="" slurmd_pid=""
on_exit() {
    cleanup
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ] && exit 0
    exit 1
}
trap on_exit EXIT
trap 'not_ok "interrupted (SIGINT)"; exit 130' INT
trap 'not_ok "terminated (SIGTERM)"; exit 143' TERM
comment() { sed 's/^/# /'; }

# ---- packages
pkgs="slurmctld slurmd slurm-client slurm-wlm-basic-plugins munge openmpi-bin libopenmpi-dev libhdf5-openmpi-dev hdf5-tools"
missing=""
for p in $pkgs; do
    case "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" in
        *"install ok installed"*) ;;
        *) missing="$missing $p" ;;
    esac
done
if [ -n "$missing" ]; then
    line="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y -o DPkg::Lock::Timeout=600$missing"
    if [ "$(id -u)" != 0 ]; then
        echo "slurm_test: missing packages:$missing; run as root, then again:" >&2
        echo "  $line" >&2
        not_ok "packages installed"
        finish
    fi
    echo "# installing:$missing"
    if sh -c "$line" >/tmp/slurm_test_apt.$$ 2>&1; then rm -f /tmp/slurm_test_apt.$$; else
        tail -n 20 /tmp/slurm_test_apt.$$ | comment; rm -f /tmp/slurm_test_apt.$$
        not_ok "packages installed"
        finish
    fi
fi
if [ "$(id -u)" != 0 ]; then
    # slurmd must run as root to start jobs as their user
    echo "slurm_test: slurmd needs root" >&2
    not_ok "running as root"
    finish
fi

# ---- the binaries
cs=${CLEARSIM:-./clearsim}
csm=${CLEARSIM_MPI:-build/mpi/clearsim}
if [ ! -x "$cs" ] && [ -z "${CLEARSIM:-}" ]; then make -j2 >/dev/null || { not_ok "make"; finish; }; fi
if [ ! -x "$csm" ] && [ -z "${CLEARSIM_MPI:-}" ]; then
    make CS_DEPS_OK=1 MPI=1 build/mpi/clearsim >/dev/null || { not_ok "make MPI=1"; finish; }
fi
[ -x "$cs" ] && [ -x "$csm" ] || { not_ok "binaries $cs and $csm"; finish; }
cs=$(readlink -f "$cs")
csm=$(readlink -f "$csm")
unset CLEARSIM CLEARSIM_MPI CLEARSIM_SRUN_MPI SHARDS CLEARSIM_JOURNAL_SECONDS

# ---- the commands of the doc
block=$(awk '/<!-- tests\/slurm\/slurm_test.sh runs the lines of the next block -->/ {m = 1; next}
             m == 1 && /^```/ {m = 2; next}  m == 2 && /^```/ {exit}  m == 2' "$doc")
line_array=$(grep -m1 '^sbatch --array=0-[0-9]* .*sweep_array.sbatch' <<<"$block")
line_merge=$(grep -m1 '^\./clearsim merge ' <<<"$block")
line_one=$(grep -m1 '^sbatch --array=[0-9]* --export=ALL,SHARDS=[0-9]* .*sweep_array.sbatch' <<<"$block")
line_mpi=$(grep -m1 '^sbatch .*sweep_mpi.sbatch' <<<"$block")
if [ -n "$line_array" ] && [ -n "$line_merge" ] && [ -n "$line_one" ] && [ -n "$line_mpi" ]; then
    ok "the commands of $doc"
    printf '%s\n' "$block" | comment
else
    not_ok "the commands of $doc (a block after the marker: array, merge, one task, MPI)"
    finish
fi
# the words after the script: SWEEP OUT OPTIONS...
after() { # after LINE SCRIPT: sets sweep, out and opts
    local w i
    read -ra w <<<"$1"
    for ((i = 0; i < ${#w[@]}; i++)); do [[ ${w[i]} == *"$2" ]] && break; done
    sweep=${w[i + 1]} out=${w[i + 2]} opts=("${w[@]:i+3}")
}
after "$line_array" sweep_array.sbatch
arr_sweep=$sweep arr_prefix=$out arr_opts=("${opts[@]}")
nshards=$(sed 's/^sbatch --array=0-\([0-9]*\) .*/\1/' <<<"$line_array")
nshards=$((nshards + 1))
merged=$(awk '{print $3}' <<<"$line_merge")
one=$(sed 's/^sbatch --array=\([0-9]*\) .*/\1/' <<<"$line_one")
after "$line_mpi" sweep_mpi.sbatch
mpi_sweep=$sweep mpi_out=$out mpi_opts=("${opts[@]}")

# ---- a one-node Slurm
tmp=$(mktemp -d /tmp/clearsim-slurm.XXXXXX)
chmod 711 "$tmp" # munged wants every folder above its socket searchable
run=$tmp/run     # the submit folder
mkdir -p "$run/build/mpi" "$tmp/munge" "$tmp/state" "$tmp/spool" "$tmp/log"
ln -s "$repo/tools" "$repo/tests" "$run/"
ln -s "$cs" "$run/clearsim"
ln -s "$csm" "$run/build/mpi/clearsim"
conf=$tmp/slurm.conf
export SLURM_CONF=$conf

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port=16817
while ! port_free $port || ! port_free $((port + 1)); do port=$((port + 2)); done

if command -v mungekey >/dev/null; then
    mungekey -c -k "$tmp/munge/munge.key" >/dev/null
else
    dd if=/dev/urandom of="$tmp/munge/munge.key" bs=1024 count=1 2>/dev/null
fi
chmod 400 "$tmp/munge/munge.key"
chmod 755 "$tmp/munge"
munged -F --key-file="$tmp/munge/munge.key" --socket="$tmp/munge/munge.sock" \
    --log-file="$tmp/log/munged.log" --pid-file="$tmp/munge/munged.pid" --seed-file="$tmp/munge/munged.seed" \
    >"$tmp/log/munged.out" 2>&1 &
munged_pid=$!
for ((k = 0; k < 100; k++)); do munge -S "$tmp/munge/munge.sock" -n >/dev/null 2>&1 && break; sleep 0.1; done

node=$(slurmd -C 2>/dev/null | grep -m1 '^NodeName=')
name=$(sed 's/^NodeName=\([^ ]*\).*/\1/' <<<"$node")
cat >"$conf" <<EOF
# a one-node Slurm for tests/slurm/slurm_test.sh
ClusterName=clearsimtest
SlurmctldHost=$name(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$tmp/munge/munge.sock
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/log/slurmctld.log
SlurmdLogFile=$tmp/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
KillWait=5
MinJobAge=3600
InactiveLimit=0
$node NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=test Nodes=$name Default=YES MaxTime=INFINITE State=UP
EOF
slurmctld -D -i >"$tmp/log/slurmctld.out" 2>&1 &
ctld_pid=$!
slurmd -D >"$tmp/log/slurmd.out" 2>&1 &
slurmd_pid=$!
state=""
for ((k = 0; k < 240; k++)); do
    state=$(sinfo -h -n "$name" -o %t 2>/dev/null)
    [ "$state" = idle ] && break
    sleep 0.25
done
if [ "$state" = idle ]; then
    ok "one-node Slurm up ($name: $(sed 's/^NodeName=[^ ]* //' <<<"$node"))"
else
    not_ok "one-node Slurm up (node state '$state')"
    tail -n 20 "$tmp"/log/*.out "$tmp"/log/*.log 2>/dev/null | comment
    finish
fi
if srun --mpi=list 2>&1 | grep -q '^[[:space:]]*pmix$'; then ok "srun --mpi=list lists pmix"; else
    not_ok "srun --mpi=list lists pmix"; srun --mpi=list 2>&1 | comment
fi

# ---- helpers
jobid=""
submit() { # submit LINE: run it in the submit folder, sets jobid
    local o
    o=$(cd "$run" && eval "$1" 2>&1)
    jobid=$(sed -n 's/^Submitted batch job \([0-9]*\).*/\1/p' <<<"$o")
    [ -n "$jobid" ] || { echo "$o" | comment; return 1; }
}
wait_job() { # wait_job ID: until Slurm no longer lists it pending or running (3 min at most)
    local k
    for ((k = 0; k < 720; k++)); do
        [ -z "$(squeue -h -j "$1" -o %i 2>/dev/null)" ] && return 0
        sleep 0.25
    done
    return 1
}
states() { scontrol -o show job "$1" 2>/dev/null | grep -o 'JobState=[A-Z_]* .*ExitCode=[0-9:]*' | sed 's/ .* / /'; }
all_completed() { # all_completed ID: every task COMPLETED, exit 0
    local s
    s=$(states "$1")
    [ -n "$s" ] && ! grep -qv 'JobState=COMPLETED ExitCode=0:0' <<<"$s"
}
logs() { cat "$run/clearsim-shard-$1"_*.log "$run/clearsim-sweep-$1.log" 2>/dev/null; } # logs ID
run_job() { # run_job NAME LINE: submit, wait, every task done with exit 0
    if ! submit "$2"; then not_ok "$1 (sbatch)"; return 1; fi
    if ! wait_job "$jobid"; then not_ok "$1 (job $jobid still queued after 3 min)"; scancel "$jobid"; return 1; fi
    if all_completed "$jobid"; then ok "$1"; return 0; fi
    not_ok "$1"
    states "$jobid" | comment
    logs "$jobid" | tail -n 30 | comment
    return 1
}
same() { # same NAME A B: identical but for /run_info (h5diff -c must say nothing too)
    if [ -f "$2" ] && [ -f "$3" ] && h5diff -c --exclude-path /run_info "$2" "$3" >"$tmp/diff" 2>&1 && ! grep -q . "$tmp/diff"; then
        ok "$1"
    else
        not_ok "$1"
        head -n 20 "$tmp/diff" 2>/dev/null | comment
    fi
}
ref_file() { # ref_file SWEEP OPTS...: a plain run of the sweep, once per set of options
    local key f
    key=$(printf '%s\n' "$@" | cksum | cut -d' ' -f1)
    f=$tmp/ref-$key.h5
    [ -f "$f" ] || (cd "$run" && ./clearsim sweep "$@" -o "$f" -q) || return 1
    echo "$f"
}
sums() { (cd "$run" && cksum "$arr_prefix".shard-*-of-"$nshards".h5 2>/dev/null); }
wait_batches() { # wait_batches GLOB N: until N journal batches exist (1 min at most)
    local k
    for ((k = 0; k < 600; k++)); do
        [ "$(cd "$run" && eval "ls -d $1/batch-*" 2>/dev/null | wc -l)" -ge "$2" ] && return 0
        sleep 0.1
    done
    return 1
}

start=$(date +%s)
ref_arr=$(ref_file "$arr_sweep" "${arr_opts[@]}") && ok "plain sweep $arr_sweep ${arr_opts[*]}" ||
    not_ok "plain sweep $arr_sweep ${arr_opts[*]}"
npoints=$(h5dump -a /points "$ref_arr" 2>/dev/null | sed -n 's/^ *(0): \([0-9]*\)$/\1/p' | head -n 1)

# ---- the array: N tasks (more than the points: some parts empty), merged
if run_job "array of $nshards tasks (${npoints:-?} points)" "$line_array"; then
    n=$(cd "$run" && ls "$arr_prefix".shard-*-of-"$nshards".h5 2>/dev/null | wc -l)
    [ "$n" -eq "$nshards" ] && ok "array wrote $nshards parts" || not_ok "array wrote $nshards parts ($n)"
fi
(cd "$run" && eval "$line_merge") >"$tmp/out" 2>&1 && ok "merge the parts" || { not_ok "merge the parts"; comment <"$tmp/out"; }
same "array merged identical to one run" "$ref_arr" "$run/$merged"

# ---- the whole array again: every task finds its part and exits 0
before=$(sums)
if run_job "array resubmitted" "$line_array"; then
    n=$(logs "$jobid" | grep -c 'is already written')
    [ "$n" -eq "$nshards" ] && ok "resubmitted: all $nshards tasks skipped" || not_ok "resubmitted: all $nshards tasks skipped ($n)"
    [ "$(sums)" = "$before" ] && ok "resubmitted: parts untouched" || not_ok "resubmitted: parts untouched"
fi

# ---- one task again, alone: refused without SHARDS, then as the doc says
line_noshards=${line_one/ --export=ALL,SHARDS=$nshards/}
if submit "$line_noshards" && wait_job "$jobid"; then
    s=$(states "$jobid")
    if grep -q 'JobState=FAILED ExitCode=2:0' <<<"$s" && logs "$jobid" | grep -q 'SHARDS'; then
        ok "task $one alone without SHARDS refused (exit 2, says SHARDS)"
    else
        not_ok "task $one alone without SHARDS refused"; { echo "$s"; logs "$jobid"; } | comment
    fi
else
    not_ok "task $one alone without SHARDS refused (sbatch)"
fi
rm -f "$run/$arr_prefix.shard-$one-of-$nshards.h5" "$run/$merged"
if run_job "task $one alone (SHARDS=$nshards)" "$line_one"; then
    logs "$jobid" | grep -q "wrote $arr_prefix.shard-$one-of-$nshards.h5" && ok "task $one rewrote its part" ||
        { not_ok "task $one rewrote its part"; logs "$jobid" | comment; }
fi
(cd "$run" && eval "$line_merge") >"$tmp/out" 2>&1 || comment <"$tmp/out"
same "merged with task $one run alone identical to one run" "$ref_arr" "$run/$merged"

# ---- the array cancelled midway, then resubmitted
rm -f "$run/$arr_prefix".shard-*.h5 "$run/$merged"
export CLEARSIM_JOURNAL_SECONDS=0 # a batch per job: progress to see
if submit "$line_array"; then
    if wait_batches "$arr_prefix.shard-*.h5.partial" 2; then
        scancel "$jobid"
        wait_job "$jobid"
        n=$(cd "$run" && ls -d "$arr_prefix".shard-*.h5.partial 2>/dev/null | wc -l)
        parts=$(cd "$run" && ls "$arr_prefix".shard-*-of-"$nshards".h5 2>/dev/null | wc -l)
        [ "$n" -ge 1 ] && [ "$parts" -lt "$nshards" ] && ok "array cancelled midway: $parts parts, $n journals" ||
            not_ok "array cancelled midway ($parts parts, $n journals: make the sweep longer)"
    else
        not_ok "array cancelled midway (no journal batch within a minute)"
        scancel "$jobid"; wait_job "$jobid"
    fi
else
    not_ok "array cancelled midway (sbatch)"
fi
unset CLEARSIM_JOURNAL_SECONDS
if run_job "cancelled array resubmitted" "$line_array"; then
    r=$(logs "$jobid" | grep -c 'resuming shard')
    s=$(logs "$jobid" | grep -c 'is already written')
    echo "# $s tasks skipped, $r resumed, $((nshards - s - r)) started"
    [ "$r" -ge 1 ] && ok "resubmitted array resumed the cancelled tasks ($r)" || not_ok "resubmitted array resumed the cancelled tasks"
    logs "$jobid" | grep -q ' [1-9][0-9]* jobs resumed from the journal' && ok "the resumed tasks took journaled jobs" ||
        not_ok "the resumed tasks took journaled jobs"
fi
(cd "$run" && eval "$line_merge") >"$tmp/out" 2>&1 || comment <"$tmp/out"
same "cancelled + resubmitted array merged identical to one run" "$ref_arr" "$run/$merged"
left=$(cd "$run" && ls -d "$arr_prefix".shard-*.partial 2>/dev/null)
[ -z "$left" ] && ok "no journal left" || not_ok "no journal left: $left"

# ---- MPI: two ranks on one node
ref_mpi=$(ref_file "$mpi_sweep" "${mpi_opts[@]}") || not_ok "plain sweep $mpi_sweep ${mpi_opts[*]}"
cpu0() { # cpu0 ID: CPU seconds x100 of rank 0 of job ID so far (empty if not found)
    local p
    for p in /proc/[0-9]*; do
        tr '\0' '\n' 2>/dev/null <"$p/environ" | grep -qx "SLURM_JOB_ID=$1" || continue
        tr '\0' '\n' 2>/dev/null <"$p/environ" | grep -qx 'SLURM_PROCID=0' || continue
        [ "$(cat "$p/comm" 2>/dev/null)" = clearsim ] || continue
        awk '{print $14 + $15}' "$p/stat" 2>/dev/null
        return
    done
}
if submit "$line_mpi"; then
    # rank 0 coordinates: how much CPU does it take while the other computes?
    a="" t0=""
    for ((k = 0; k < 200; k++)); do a=$(cpu0 "$jobid"); [ -n "$a" ] && break; sleep 0.05; done
    if [ -n "$a" ]; then
        t0=$(date +%s.%N); sleep 2; b=$(cpu0 "$jobid"); t1=$(date +%s.%N)
        [ -n "$b" ] && echo "# rank 0 used $(awk -v a="$a" -v b="$b" -v t0="$t0" -v t1="$t1" -v hz="$(getconf CLK_TCK)" \
            'BEGIN {printf "%.0f", 100 * (b - a) / hz / (t1 - t0)}') % of a core over 2 s while rank 1 computed"
    fi
    if wait_job "$jobid" && all_completed "$jobid"; then ok "MPI job ($line_mpi)"; else
        not_ok "MPI job"; { states "$jobid"; logs "$jobid"; } | tail -n 30 | comment
    fi
    logs "$jobid" | grep -q ', 2 ranks,' && ok "MPI job ran on 2 ranks" || { not_ok "MPI job ran on 2 ranks"; logs "$jobid" | comment; }
else
    not_ok "MPI job (sbatch)"
fi
same "MPI job identical to one run" "$ref_mpi" "$run/$mpi_out"

# ---- MPI cancelled midway, then resubmitted
rm -f "$run/$mpi_out"
export CLEARSIM_JOURNAL_SECONDS=0
if submit "$line_mpi"; then
    if wait_batches "$mpi_out.partial" 3; then
        scancel "$jobid"
        wait_job "$jobid"
        if [ ! -e "$run/$mpi_out" ] && [ -f "$run/$mpi_out.partial/manifest" ]; then
            ok "MPI job cancelled midway: no file, a journal"
        else
            not_ok "MPI job cancelled midway: no file, a journal (make the sweep longer?)"
        fi
    else
        not_ok "MPI job cancelled midway (no journal batch within a minute)"
        scancel "$jobid"; wait_job "$jobid"
    fi
else
    not_ok "MPI job cancelled midway (sbatch)"
fi
unset CLEARSIM_JOURNAL_SECONDS
if run_job "cancelled MPI job resubmitted" "$line_mpi"; then
    logs "$jobid" | grep -q 'resuming from the journal' && logs "$jobid" | grep -q ' [1-9][0-9]* jobs resumed from the journal' &&
        ok "resubmitted MPI job resumed from the journal" || { not_ok "resubmitted MPI job resumed from the journal"; logs "$jobid" | comment; }
fi
same "cancelled + resubmitted MPI job identical to one run" "$ref_mpi" "$run/$mpi_out"
[ ! -e "$run/$mpi_out.partial" ] && ok "no MPI journal left" || not_ok "no MPI journal left"
before=$(cksum <"$run/$mpi_out" 2>/dev/null)
if run_job "finished MPI job resubmitted" "$line_mpi"; then
    logs "$jobid" | grep -q 'is already written' && [ "$(cksum <"$run/$mpi_out")" = "$before" ] &&
        ok "resubmitted MPI job skipped, file untouched" || not_ok "resubmitted MPI job skipped, file untouched"
fi

# ---- why --mpi=pmix: Slurm's default (none) fails in MPI_Init
none_out=results/none.h5
line_none="CLEARSIM_SRUN_MPI=none ${line_mpi/ $mpi_out / $none_out }"
if submit "$line_none" && wait_job "$jobid"; then
    s=$(states "$jobid")
    if grep -q 'JobState=FAILED' <<<"$s" && logs "$jobid" | grep -q 'srun --mpi=none' && logs "$jobid" | grep -q 'MPI_Init'; then
        ok "CLEARSIM_SRUN_MPI=none is used, and fails in MPI_Init"
    else
        not_ok "CLEARSIM_SRUN_MPI=none is used, and fails in MPI_Init"; { echo "$s"; logs "$jobid" | tail -n 20; } | comment
    fi
else
    not_ok "CLEARSIM_SRUN_MPI=none (sbatch)"
fi

echo "# jobs and checks: $(($(date +%s) - start)) s"
finish
