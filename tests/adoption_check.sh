#!/bin/sh
# adoption_check.sh FILE.h5 NSHARES NSCANS - the adoption curve of a
# ship-side sweep (grid: share outer, scan share inner, as in
# scenarios/sweeps/ship_side_adoption.yaml) must fall at every step of the
# share, for every scan share: the mean ship-side liftoff_h over all import
# boxes, averaged over replications.  Prints the curve; exits 1 if a step
# does not fall.
set -eu
file=${1:?usage: adoption_check.sh FILE.h5 NSHARES NSCANS}
nshares=${2:?}
nscans=${3:?}
cs=${CLEARSIM:-./clearsim}
# columns by name: a sweep's CSV has its parameters' columns after point
"$cs" report "$file" --format csv |
    awk -F, -v ns="$nshares" -v nc="$nscans" '
        NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
        $col["regime"] == "ship_side" && $col["flow"] == "import" && $col["segment"] == "all" &&
            $col["metric"] == "liftoff_h" { m[$1] = $col["mean"]; seen++ }
        END {
            if (seen != ns * nc) { printf "expected %d points, found %d\n", ns * nc, seen; exit 1 }
            bad = 0
            for (c = 0; c < nc; c++) {
                line = sprintf("scan level %d: liftoff_h by share step:", c)
                for (s = 0; s < ns; s++) {
                    p = s * nc + c
                    line = line sprintf(" %.2f", m[p])
                    if (s > 0 && !(m[p] < m[p - nc])) { bad++; line = line "(!)" }
                }
                print line
            }
            if (bad) { printf "%d steps do not fall\n", bad; exit 1 }
            print "every step of the share lowers the mean liftoff"
        }'
