#!/usr/bin/python3
"""scan_results.py [--max N] [--dir DIR [--skip NAME]...] [FILE.h5...] - whole-file
sanity scan of clearsim result files.

With --dir, every *.h5 file under DIR (sorted, named relative to DIR) but
those named by --skip (files a suite made deliberately not clearsim files);
none found is itself a `not ok`.

For every file prints `ok - scan FILE` or `not ok - scan FILE`, the latter
followed by `# ...` lines naming the table, column, row and value of the
first N (default 10) violations and a count of all of them.  Exits 0
always: the shell suites that call it count the ok / not ok lines.

What is checked, in every table of docs/hdf5.md the file has (/summary,
/replications, /histograms, /metrics, /segments, /differences,
/decomposition, /shares, /pooled, /warnings, /resources, /counts,
/timeseries, /trace, /points), the /run_info attributes and the root attributes:

  (a) no +-inf in any float dataset or float attribute (but the edges of
      the histogram bins the layout documents as reaching infinity);
  (b) NaN only where docs/hdf5.md allows it (the NAN_RULES below, each with
      the doc's reason); every other float must be a number;
  (c) where the values are numbers: ci95_low <= mean <= ci95_high, the
      quantiles ordered (p50 <= p90 <= p99) and within the range of the
      key's occupied histogram bins (the mean too), and a resource's p90
      queue within [0, queue_max];
  (d) every column of a table has the same number of rows; the columns the
      `columns` attribute names exist; ragged columns hold sum(`lengths`
      column) entries; /timeseries/values is [rows, len(time)]; and the
      documented row counts: /histograms one row per /summary row,
      /replications one per /summary row and replication, /counts and
      /resources a whole number of rows per replication, /points the root
      attribute `points`.

Vectorised with numpy: a file of 10^5 rows per table scans in about a
second.  Needs Debian's /usr/bin/python3 with python3-h5py and numpy.
"""
import os
import sys

try:
    import numpy as np
    import h5py
except ImportError:
    print("not ok - scan: /usr/bin/python3 with h5py and numpy needed (make test installs them)")
    sys.exit(0)

TABLES = ("summary", "replications", "histograms", "metrics", "segments", "differences",
          "decomposition", "shares", "pooled", "warnings", "resources", "counts", "timeseries", "trace",
          "points")
# columns that identify a row, in the order a row's label shows them
KEY_COLUMNS = ("point", "regime", "replication", "flow", "segment", "metric", "resource",
               "subject", "quantity", "interval", "box")
# the largest magnitude bin key whose edge is an infinity: key 131008's
# upper edge is 2^1024 = inf, key 131009 holds +inf itself (both edges inf);
# negative keys mirror them (docs/hdf5.md, "The bins")
HIST_KEY_INF_EDGE = 131008
REL_TOL = 1e-9

# /trace milestone columns (docs/hdf5.md, /trace)
TRACE_MILESTONES = ("T0", "T1", "T2", "T3", "T4", "T5", "T6s", "T6e", "T7", "T8", "T9", "T10",
                    "final", "loaded", "depart")


class Violations:
    """The violations of one file: the first `limit` in detail, all counted."""

    def __init__(self, limit):
        self.limit = limit
        self.lines = []
        self.total = 0

    def add(self, where, rows, describe, why):
        """rows: the violating row indices (numpy array); describe(i) -> 'row ...: value'."""
        rows = np.asarray(rows)
        if rows.size == 0:
            return
        self.total += int(rows.shape[0])
        for i in rows[:max(0, self.limit - len(self.lines))]:
            self.lines.append("%s %s (%s)" % (where, describe(i), why))

    def note(self, text):
        self.total += 1
        if len(self.lines) < self.limit:
            self.lines.append(text)


def fmt(v):
    if isinstance(v, (bytes, np.bytes_)):
        return v.decode("utf-8", "replace")
    if isinstance(v, (float, np.floating)):
        return repr(float(v))
    return str(v)


def le(a, b):
    """a <= b up to a relative rounding tolerance (False where either is NaN)."""
    with np.errstate(invalid="ignore", over="ignore"):
        return a <= b + REL_TOL * np.maximum(np.abs(a), np.abs(b))


class Table:
    """One table group: columns read on demand and cached."""

    def __init__(self, name, group):
        self.name = name
        self.g = group
        self.rows = None
        self._cache = {}

    def __contains__(self, col):
        return col in self.g and isinstance(self.g[col], h5py.Dataset)

    def __getitem__(self, col):
        if col not in self._cache:
            self._cache[col] = self.g[col][()]
        return self._cache[col]

    def label(self, row):
        """The key of row `row` as text: [0/conventional/import/all/release_h]."""
        parts = []
        for c in KEY_COLUMNS:
            if c in self and self.g[c].ndim == 1 and "lengths" not in self.g[c].attrs:
                col = self[c]
                if row < col.shape[0]:
                    parts.append(("%s %s" % (c, fmt(col[row]))) if c in ("replication", "box") else fmt(col[row]))
        return "[" + "/".join(parts) + "]" if parts else ""


def group_totals(table, keys, weights):
    """For every row, the sum of `weights` over the rows sharing its `keys` columns."""
    codes = np.zeros(len(weights), dtype=np.int64)
    for k in keys:
        if k not in table:
            continue
        _, inv = np.unique(table[k], return_inverse=True)
        codes = codes * (int(inv.max()) + 1 if inv.size else 1) + inv
    _, inv = np.unique(codes, return_inverse=True)
    sums = np.bincount(inv, weights=np.asarray(weights, dtype=np.float64))
    return sums[inv]


# ---- (b) where NaN is allowed: (table, column) -> rule(scanner, table) returning
# (allowed mask, name of the context shown for a disallowed NaN, context values).
# Every float column not listed here must not hold NaN.

def rule_count(col, *, below=1):
    def rule(_s, t):
        c = t[col]
        return c < below, col, c
    return rule


def rule_pooled(below):
    # /pooled: NaN for a key of kind quantile (no pooled ratio of
    # quantiles), else as rule_count("n", below)
    def rule(s, t):
        kinds = s.tables.get("metrics")
        quantile = set()
        if kinds is not None and "name" in kinds and "kind" in kinds:
            quantile = {n for n, k in zip(kinds["name"], kinds["kind"]) if k == b"quantile"}
        q = np.array([m in quantile for m in t["metric"]], dtype=bool)
        c = t["n"]
        return (c < below) | q, "n", c
    return rule


def rule_decomposition_total(_s, t):
    # a (point, regime, flow) with no interval observations at all has no
    # mean total per box: its total and shares are missing values
    tot = group_totals(t, ("point", "regime", "flow"), t["boxes"])
    return tot == 0, "boxes of the flow", tot


def rule_decomposition_share(s, t):
    allowed_total, _, tot = rule_decomposition_total(s, t)
    return (t["boxes"] == 0) | allowed_total, "boxes", t["boxes"]


def rule_resource_utilisation(_s, t):
    c = t["capacity_mean"]
    return c == 0, "capacity_mean", c


def rule_warmup_limit(_s, t):
    k = t["kind"]
    return (k == b"warmup") & (t["raised"] == 0), "kind", k


def rule_anything(_s, t):
    return None, None, None


NAN_RULES = {
    # /summary: "n: replications behind the CI (those with observations)";
    # the mean of replication means and the quantiles of all observations
    # are missing when no replication observed the key (n = 0) -
    # Conventions: "Missing values are NaN (... the mean of a replication
    # with no observations)".
    ("summary", "mean"): rule_count("n"),
    ("summary", "p50"): rule_count("n"),
    ("summary", "p90"): rule_count("n"),
    ("summary", "p99"): rule_count("n"),
    # /summary: "Student-t 95 % interval (NaN when n < 2)"
    ("summary", "ci95_low"): rule_count("n", below=2),
    ("summary", "ci95_high"): rule_count("n", below=2),
    # /differences: n = "replications where both regimes observed the
    # metric"; no pairs, no mean; "(NaN when n < 2)" for the interval, and
    # the Welch half-width needs two replications as well
    ("differences", "mean"): rule_count("n"),
    ("differences", "ci95_low"): rule_count("n", below=2),
    ("differences", "ci95_high"): rule_count("n", below=2),
    ("differences", "unpaired_half_width"): rule_count("n", below=2),
    # /replications: "mean of those observations (NaN when count is 0)"
    ("replications", "mean"): rule_count("count"),
    # /decomposition: `boxes` = "observations of the interval, all
    # replications"; without observations the interval has no mean, so no
    # contribution (mean x share_of_boxes) and no share; share_of_boxes is
    # boxes over the flow's finished boxes (0 / 0 for a flow without any).
    # A flow without any interval observation has no total either.
    ("decomposition", "mean"): rule_count("boxes"),
    ("decomposition", "contribution"): rule_count("boxes"),
    ("decomposition", "share_of_boxes"): rule_count("boxes"),
    ("decomposition", "share"): rule_decomposition_share,
    ("decomposition", "total"): rule_decomposition_total,
    # /shares: "`boxes` over those of segment `all`" - a segment without
    # observed boxes in a flow without any is 0 / 0
    ("shares", "share"): rule_count("boxes"),
    # /pooled: a key no replication observed has no ratio; "jackknife 95 %
    # interval ... NaN when n < 2", and both for a quantile key
    ("pooled", "mean"): rule_pooled(1),
    ("pooled", "ci95_low"): rule_pooled(2),
    ("pooled", "ci95_high"): rule_pooled(2),
    # /warnings: a check that raised nothing may have found nothing to
    # measure (value NaN); a warm-up without a rule (ports, rho >= 1) has
    # no limit either
    ("warnings", "value"): rule_count("raised"),
    ("warnings", "limit"): rule_warmup_limit,
    # /resources: utilisation = busy_mean / capacity_mean; a resource with no
    # servers over the whole window has no utilisation (0 / 0) - the rule
    # docs/hdf5.md gives for /timeseries utilisation ("NaN while the
    # resource is closed") and the Conventions' "Missing values are NaN"
    ("resources", "utilisation"): rule_resource_utilisation,
    # /points: "the value as a number (... NaN when not a number)" - the
    # parameter columns, named by their paths (Scanner.check_nan)
    # /trace: milestones, "NaN where skipped or not reached"
    **{("trace", m): rule_anything for m in TRACE_MILESTONES},
    # /timeseries/values: see Scanner.timeseries_nan_allowed
}


class Scanner:
    def __init__(self, path, limit):
        self.path = path
        self.v = Violations(limit)
        self.f = None
        self.tables = {}

    # ---- entry point
    def run(self):
        try:
            self.f = h5py.File(self.path, "r")
        except (OSError, ValueError) as e:
            self.v.note("cannot open as HDF5: %s" % (e,))
            return self.v
        with self.f:
            if "clearsim_version" not in self.f.attrs:
                self.v.note("not a clearsim result file (no root attribute clearsim_version)")
                return self.v
            for name in TABLES:
                if name in self.f and isinstance(self.f[name], h5py.Group):
                    self.tables[name] = Table(name, self.f[name])
            self.check_lengths()          # (d)
            self.check_floats()           # (a), (b)
            self.check_attributes()       # (a), (b) for attributes
            self.check_order()            # (c)
        return self.v

    # ---- (d) row counts
    def check_lengths(self):
        v = self.v
        for name, t in self.tables.items():
            g = t.g
            if "columns" in g.attrs:
                for c in g.attrs["columns"]:
                    c = fmt(c)
                    if c not in t:
                        v.note("/%s: column %s listed in `columns` is missing" % (name, c))
            rows = {}
            for c, ds in g.items():
                if not isinstance(ds, h5py.Dataset):
                    continue
                if name == "timeseries" and c in ("time", "values"):
                    continue
                if "lengths" in ds.attrs:
                    lc = fmt(ds.attrs["lengths"])
                    if lc not in t:
                        v.note("/%s/%s: its `lengths` column %s is missing" % (name, c, lc))
                        continue
                    want = int(np.sum(t[lc], dtype=np.uint64))
                    if ds.ndim != 1 or ds.shape[0] != want:
                        v.note("/%s/%s: %s entries, want sum(%s) = %d" % (name, c, ds.shape, lc, want))
                    continue
                if ds.ndim != 1:
                    v.note("/%s/%s: shape %s, want one dimension" % (name, c, ds.shape))
                    continue
                rows[c] = ds.shape[0]
            if len(set(rows.values())) > 1:
                common = max(set(rows.values()), key=list(rows.values()).count)
                for c, n in rows.items():
                    if n != common:
                        v.note("/%s/%s: %d rows, the other columns %d" % (name, c, n, common))
            n_rows = max(set(rows.values()), key=list(rows.values()).count) if rows else None
            t.rows = n_rows
            if name == "timeseries" and "values" in g:
                vs = g["values"].shape
                nt = g["time"].shape[0] if "time" in g else None
                if len(vs) != 2 or (n_rows is not None and vs[0] != n_rows) or (nt is not None and vs[1] != nt):
                    v.note("/timeseries/values: shape %s, want (%s rows, %s samples)" % (vs, n_rows, nt))
        reps = self.f.attrs.get("replications")
        s = self.tables.get("summary")
        if s is not None and s.rows is not None:
            h = self.tables.get("histograms")
            if h is not None and h.rows is not None and h.rows != s.rows:
                v.note("/histograms: %d key rows, want one per /summary row (%d)" % (h.rows, s.rows))
            r = self.tables.get("replications")
            if r is not None and r.rows is not None and reps is not None and r.rows != s.rows * int(reps):
                v.note("/replications: %d rows, want /summary rows x replications = %d x %d" % (r.rows, s.rows, reps))
        for name in ("counts", "resources"):
            t = self.tables.get(name)
            if t is not None and t.rows is not None and reps and t.rows % int(reps):
                v.note("/%s: %d rows, not a whole number per replication (replications = %d)" % (name, t.rows, reps))
        p = self.tables.get("points")
        if p is not None and p.rows is not None and "points" in self.f.attrs and p.rows != int(self.f.attrs["points"]):
            v.note("/points: %d rows, want the root attribute points = %d" % (p.rows, self.f.attrs["points"]))

    # ---- (a), (b) float datasets
    def check_floats(self):
        found = []
        self.f.visititems(lambda n, o: found.append(n) if isinstance(o, h5py.Dataset) and o.dtype.kind == "f" else None)
        for path in found:
            parts = path.split("/")
            table = self.tables.get(parts[0]) if len(parts) == 2 else None
            ds = self.f[path]
            if table is not None and parts[1] in table:
                data = table[parts[1]]
            else:
                data = ds[()]
            data = np.asarray(data)
            self.check_inf(path, table, ds, data)
            self.check_nan(path, table, parts[-1], data)

    def describe(self, table, data, path):
        """describe(i) for the rows of a 1-D column or the (row, sample) of values."""
        ragged = table is not None and "lengths" in self.f[path].attrs
        starts = None
        if ragged:
            starts = np.concatenate([[0], np.cumsum(table[fmt(self.f[path].attrs["lengths"])], dtype=np.int64)])

        def d(i):
            if data.ndim == 2:
                r, s = np.unravel_index(int(i), data.shape)
                lab = table.label(r) if table is not None else ""
                return "row %d %s sample %d: %s" % (r, lab, s, fmt(data[r, s]))
            if ragged:
                k = int(np.searchsorted(starts, i, side="right") - 1)
                return "entry %d (key row %d %s): %s" % (i, k, table.label(k), fmt(data[i]))
            lab = table.label(int(i)) if table is not None else ""
            return "row %d %s: %s" % (i, lab, fmt(data.flat[int(i)]))
        return d

    def check_inf(self, path, table, ds, data):
        inf = np.isinf(data)
        if not inf.any():
            return
        if table is not None and table.name == "histograms" and ds.attrs.get("lengths") is not None \
                and path.split("/")[1] in ("lower", "upper") and "bin" in table:
            # documented: the upper edge of key 131008 is 2^1024 = +inf and
            # key 131009 holds +inf itself (lower = upper = +inf); negative
            # keys mirror them.  Any other infinite edge is a violation.
            b = np.abs(table["bin"].astype(np.int64))
            if b.shape == inf.shape:
                inf &= b < HIST_KEY_INF_EDGE
        self.v.add("/" + path, np.flatnonzero(inf), self.describe(table, data, path), "infinite")

    def check_nan(self, path, table, col, data):
        nan = np.isnan(data)
        if not nan.any():
            return
        ctx_name = ctx = None
        if table is not None:
            name = table.name
            if name == "timeseries" and col == "values":
                allowed = self.timeseries_nan_allowed(table, data)
                nan &= ~allowed
                why = "NaN outside a closed resource's utilisation and a point's end"
                self.v.add("/" + path, np.flatnonzero(nan), self.describe(table, data, path), why)
                return
            if name == "points" and col != "point":
                # /points: "NaN when not a number"
                return
            rule = NAN_RULES.get((name, col))
            if rule is not None:
                allowed, ctx_name, ctx = rule(self, table)
                if allowed is None:
                    return
                if allowed.shape == nan.shape:
                    nan &= ~allowed
        bad = np.flatnonzero(nan)
        if ctx_name is not None and ctx is not None and ctx.shape == data.shape:
            base = self.describe(table, data, path)
            self.v.add("/" + path, bad, lambda i: "%s, %s = %s" % (base(i), ctx_name, fmt(ctx[int(i)])), "NaN where not allowed")
        else:
            self.v.add("/" + path, bad, self.describe(table, data, path), "NaN where not allowed")

    def timeseries_nan_allowed(self, t, values):
        """/timeseries/values: where docs/hdf5.md allows NaN.

        - utilisation "NaN while the resource is closed": the same row's
          capacity (servers, interval mean) is 0 in that sample;
        - "NaN past the end of a point shorter than the sweep's longest"
          (sweeps: files with /points): samples after the last one where
          any capacity row of the point has a value.
        """
        allowed = np.zeros(values.shape, dtype=bool)
        if values.ndim != 2 or t.rows is None or values.shape[0] != t.rows:
            return allowed
        n = values.shape[0]

        def col(c):
            return t[c] if c in t else np.zeros(n, dtype=np.uint8)
        point, regime, subject, quantity, rep = (col(c) for c in ("point", "regime", "subject", "quantity", "replication"))
        cap_of = {}
        for r in np.flatnonzero(quantity == b"capacity"):
            cap_of[(point[r], regime[r], subject[r], rep[r])] = r
        util = np.flatnonzero(quantity == b"utilisation")
        cap = np.array([cap_of.get((point[r], regime[r], subject[r], rep[r]), -1) for r in util], dtype=np.int64)
        have = cap >= 0
        util, cap = util[have], cap[have]
        if util.size:
            allowed[util] |= values[cap] == 0
        if "points" in self.f:
            caps = quantity == b"capacity"
            for p in np.unique(point):
                rows = point == p
                ref = rows & caps if (rows & caps).any() else rows
                live = np.flatnonzero((~np.isnan(values[ref])).any(axis=0))
                end = live[-1] + 1 if live.size else 0
                allowed[np.ix_(rows, np.arange(values.shape[1]) >= end)] = True
        return allowed

    # ---- (a), (b) attributes
    def check_attributes(self):
        objs = [("/", self.f)]
        self.f.visititems(lambda n, o: objs.append(("/" + n, o)))
        for where, o in objs:
            for k, a in o.attrs.items():
                a = np.asarray(a)
                if a.dtype.kind != "f":
                    continue
                bad = np.flatnonzero(~np.isfinite(a))
                what = "root attribute %s" % k if where == "/" else "%s attribute %s" % (where, k)
                self.v.add(what, bad, lambda i, a=a: "entry %d: %s" % (i, fmt(a.flat[int(i)])), "not a finite number")

    # ---- (c) orders
    def ordered(self, t, lo_col, hi_col, lo, hi, why):
        """Flag rows where both are numbers and lo > hi (beyond rounding)."""
        with np.errstate(invalid="ignore"):
            bad = ~np.isnan(lo) & ~np.isnan(hi) & ~le(lo, hi)
        self.v.add("/%s/%s" % (t.name, lo_col), np.flatnonzero(bad),
                   lambda i: "row %d %s: %s > %s = %s" % (i, t.label(int(i)), fmt(lo[int(i)]), hi_col, fmt(hi[int(i)])), why)

    def check_order(self):
        for name in ("summary", "differences", "pooled"):
            t = self.tables.get(name)
            if t is None or not all(c in t for c in ("mean", "ci95_low", "ci95_high")):
                continue
            if not (t["mean"].shape == t["ci95_low"].shape == t["ci95_high"].shape):
                continue
            self.ordered(t, "ci95_low", "mean", t["ci95_low"], t["mean"], "mean outside its CI")
            self.ordered(t, "mean", "ci95_high", t["mean"], t["ci95_high"], "mean outside its CI")
        s = self.tables.get("summary")
        if s is not None and all(c in s for c in ("p50", "p90", "p99")) \
                and s["p50"].shape == s["p90"].shape == s["p99"].shape:
            self.ordered(s, "p50", "p90", s["p50"], s["p90"], "quantiles out of order")
            self.ordered(s, "p90", "p99", s["p90"], s["p99"], "quantiles out of order")
            self.check_hist_range(s)
        r = self.tables.get("resources")
        if r is not None and all(c in r for c in ("queue_p90", "queue_max", "queue_mean")) \
                and r["queue_p90"].shape == r["queue_max"].shape == r["queue_mean"].shape:
            self.ordered(r, "queue_p90", "queue_max", r["queue_p90"], r["queue_max"], "p90 queue above its maximum")
            self.ordered(r, "queue_mean", "queue_max", r["queue_mean"], r["queue_max"], "mean queue above its maximum")
            q = r["queue_p90"]
            self.v.add("/resources/queue_p90", np.flatnonzero(q < 0),
                       lambda i: "row %d %s: %s" % (i, r.label(int(i)), fmt(q[int(i)])), "negative p90 queue")

    def check_hist_range(self, s):
        """Quantiles and mean within the key's occupied bins [first lower, last upper]."""
        h = self.tables.get("histograms")
        if h is None or not all(c in h for c in ("bins", "lower", "upper")):
            return
        bins = h["bins"].astype(np.int64)
        if bins.shape != s["p50"].shape or int(bins.sum()) != h["lower"].shape[0] or h["upper"].shape != h["lower"].shape:
            return  # reported under (d)
        start = np.concatenate([[0], np.cumsum(bins)])[:-1]
        occ = bins > 0
        lo = np.full(bins.shape, np.nan)
        hi = np.full(bins.shape, np.nan)
        lo[occ] = h["lower"][start[occ]]
        hi[occ] = h["upper"][start[occ] + bins[occ] - 1]
        for c in ("mean", "p50", "p90", "p99"):
            if c not in s:
                continue
            x = s[c]
            with np.errstate(invalid="ignore"):
                below = ~np.isnan(x) & ~np.isnan(lo) & ~le(lo, x)
                above = ~np.isnan(x) & ~np.isnan(hi) & ~le(x, hi)
            self.v.add("/summary/%s" % c, np.flatnonzero(below),
                       lambda i, x=x: "row %d %s: %s < lowest bin edge %s" % (i, s.label(int(i)), fmt(x[int(i)]), fmt(lo[int(i)])),
                       "outside the key's observations")
            self.v.add("/summary/%s" % c, np.flatnonzero(above),
                       lambda i, x=x: "row %d %s: %s > highest bin edge %s" % (i, s.label(int(i)), fmt(x[int(i)]), fmt(hi[int(i)])),
                       "outside the key's observations")


def files_under(folder, skip):
    """The *.h5 files under folder, sorted, relative to it."""
    found = []
    for root, _dirs, names in os.walk(folder):
        for n in names:
            if n.endswith(".h5") and n not in skip:
                found.append(os.path.relpath(os.path.join(root, n), folder))
    return sorted(found)


def main(argv):
    usage = "usage: scan_results.py [--max N] [--dir DIR [--skip NAME]...] [FILE.h5...]"
    limit = 10
    files = []
    folder = None
    skip = set()
    args = iter(argv)
    try:
        for a in args:
            if a == "--max":
                limit = int(next(args))
            elif a == "--dir":
                folder = next(args)
            elif a == "--skip":
                skip.add(next(args))
            elif a in ("-h", "--help"):
                print(__doc__.strip())
                return 0
            else:
                files.append(a)
    except (StopIteration, ValueError):
        print(usage, file=sys.stderr)
        return 0
    if folder is not None:
        found = files_under(folder, skip)
        if not found:
            print("not ok - scan: no result files kept in %s" % folder)
        os.chdir(folder)
        files += found
    for path in files:
        try:
            v = Scanner(path, limit).run()
        except Exception as e:  # a scanner bug or an unreadable object: say so, keep going
            v = Violations(limit)
            v.note("scan failed: %s: %s" % (type(e).__name__, e))
        if v.total == 0:
            print("ok - scan %s" % path)
        else:
            print("not ok - scan %s" % path)
            for line in v.lines:
                print("# " + line)
            if v.total > len(v.lines):
                print("# ... %d violations in all" % v.total)
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
