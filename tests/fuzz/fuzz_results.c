/*
 * fuzz_results.c - libFuzzer target for the shape checks of the result-file
 * readers (`clearsim report`) and of `clearsim merge`.
 *
 * The input is not HDF5 bytes (those mostly find bugs in libhdf5) but a
 * compact description of one to three result files, which the target
 * builds through the HDF5 C API in memory (core driver, no backing store),
 * writes out as images under a per-process folder (/dev/shm, else $TMPDIR
 * or /tmp) and hands to the library by path:
 *
 *   - part 0 to cs_output_is_clearsim_file, cs_output_read_catalog and
 *     every reader `clearsim report` calls (summary, counts, differences,
 *     decomposition, shares, resources, draws_cut when the library has
 *     it), each read on its own; what was read is printed in all three
 *     formats (and the headline table) into /dev/null;
 *   - all parts to cs_output_merge, as `clearsim merge OUT PART...` calls it
 *     (check the target, then merge); a merged file is read back as above.
 *
 * A returned error is fine.  A crash, a sanitizer report, a leak, a hang,
 * or a broken promise of output.h is a finding: on failure err holds the
 * status and a message and the table is zeroed; labels come back
 * NUL-terminated and kinds in range; and (error or not) no HDF5 handle is
 * left open (counted by type before and after each call).
 *
 * The description (everything past the end of the input reads as 0, so a
 * short input is a well-formed file of its template):
 *
 *   byte 0   template (% 4: 0 port run, 1 queue run, 2 and 3 sweep
 *            shard) and the number of parts given to merge ((b / 4) % 2:
 *            2 or 3)
 *   byte 1   seed of the pseudo-random fills
 *   then     operations, each one byte (low 6 bits: the operation % NOPS;
 *            high 2 bits: which parts it edits: 0 and 1 every part, 2
 *            part 0, 3 part 1, so that most edits keep the parts alike
 *            and the merge goes deep) and its operands (g: a group, % 16;
 *            c: a column of it, % its columns); see read_op and apply.
 *            Every part starts as the template (shard p of the sweep for
 *            part p).
 *
 * The groups: /summary, /replications, /histograms, /metrics, /segments,
 * /differences, /decomposition, /shares, /resources, /counts, /timeseries,
 * /trace, /points, /run_info, /scenario and /sweep (the last two are
 * datasets: their first column spec describes them).  A column has a name
 * (docs/hdf5.md's, or an unknown one), a kind (dataset, group, soft,
 * dangling, hard or external link), a rank (0..10, 11: null dataspace), a
 * length (default: the group's rows, or for a ragged column the sum of the
 * column its `lengths` attribute names), a type (fixed-length string of
 * some width, padding and character set, variable-length string, integers
 * of 1..8 bytes either sign and order, float32/64, compound, opaque,
 * enum, array), a fill (the layout's own values, constants, extremes,
 * pseudo-random bits, control characters, empty or very long strings,
 * names outside the catalogue), a storage layout and attributes.  Root,
 * group and column attributes (clearsim_version, format, seed,
 * scenario_sha256, replications, points, sweep_sha256, shard_index,
 * shard_count, columns, lengths, units, histogram format, ...) can be
 * dropped or given another type or shape.
 *
 * Build and run: make fuzz / make fuzz-ci (mk/fuzz.mk); seeds in
 * tests/fuzz/corpus/results/ (port.bin, queue.bin, sweep_shard.bin, ...).
 * FUZZ_RESULTS_VERBOSE=1 build/fuzz/fuzz_results FILE says what each call
 * returned and keeps the files it built.  A leak allocated inside libhdf5
 * (no frame pointers there) shows its clearsim caller only with
 * ASAN_OPTIONS=fast_unwind_on_malloc=0.
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <hdf5.h>
#include "fuzz_contract.h"
#include "clearsim/output.h"

#ifndef CLEARSIM_VERSION
#define CLEARSIM_VERSION "0.0.0"
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
/* Newer than the other readers: called when the library has it. */
cs_status cs_output_read_draws_cut(const char *path, uint64_t *n, cs_error *err) __attribute__((weak));
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- vocabularies ------------------------------------------------------ */

enum {
    G_SUMMARY, G_REPLICATIONS, G_HISTOGRAMS, G_METRICS, G_SEGMENTS, G_DIFFERENCES, G_DECOMPOSITION,
    G_SHARES, G_RESOURCES, G_COUNTS, G_TIMESERIES, G_TRACE, G_POINTS, G_RUN_INFO, G_SCENARIO, G_SWEEP,
    NG
};
static const char *const group_names[NG] = {
    "summary", "replications", "histograms", "metrics", "segments", "differences", "decomposition", "shares",
    "resources", "counts", "timeseries", "trace", "points", "run_info", "scenario", "sweep",
};

/* Column names (docs/hdf5.md); ids past the list are unknown names. */
static const char *const col_vocab[] = {
    "point", "regime", "flow", "segment", "metric", "n", "mean", "ci95_low", "ci95_high", "p50", "p90", "p99",
    "unit", "replication", "count", "baseline", "unpaired_half_width", "interval", "from", "to", "boxes",
    "share_of_boxes", "contribution", "share", "total", "resource", "window_start", "window_end",
    "capacity_mean", "busy_mean", "utilisation", "queue_mean", "queue_max", "queue_p90", "in_system_mean",
    "arrivals", "completions", "bins", "bin", "lower", "upper", "name", "kind", "label", "milestone",
    "description", "subject", "quantity", "time", "values", "value", "box", "vessel", "credit", "channel",
    "path", "adoption", "teu", "rehandles", "observed", "finished", "T0", "T1", "T2", "T3", "T4", "T5",
    "T6s", "T6e", "T7", "T8", "T9", "T10", "final", "loaded", "depart", "regimes.ship_side.ship_side",
    "text",
};
#define NV ((uint16_t)COUNT(col_vocab))
#define NAME_LONG 0xFFFF /* a 300-character name */

static int vocab_id(const char *name)
{
    for (unsigned i = 0; i < NV; i++)
        if (!strcmp(col_vocab[i], name)) return (int)i;
    abort(); /* the templates use the vocabulary only */
}

static const char *const attr_vocab[] = {
    "clearsim_version", "format", "seed", "scenario_sha256", "scenario_name", "replications", "points",
    "sweep_sha256", "shard_index", "shard_count", "columns", "lengths", "units", "bins_per_octave", "origin",
    "interval", "aggregation", "created", "command_line", "host", "threads", "ranks", "wall_seconds",
    "draws_cut",
};
#define NA ((uint8_t)COUNT(attr_vocab))
enum {
    A_VERSION, A_FORMAT, A_SEED, A_SCENARIO_SHA, A_SCENARIO_NAME, A_REPLICATIONS, A_POINTS, A_SWEEP_SHA,
    A_SHARD_INDEX, A_SHARD_COUNT, A_COLUMNS, A_LENGTHS, A_UNITS, A_BINS_PER_OCTAVE, A_ORIGIN, A_INTERVAL,
    A_AGGREGATION, A_CREATED, A_COMMAND_LINE, A_HOST, A_THREADS, A_RANKS, A_WALL, A_DRAWS_CUT
};

/* The catalogue every template writes: the names the key columns use. */
static const char *const cat_metrics[] = {
    "release_h", "exit_h", "wait_h", "dT3_h", "dT1_h", "boxes_observed", "boxes_observed_finished",
    "boxes_generated", "boxes_finished", "rehandles", "wait", "sojourn",
};
static const char *const cat_metric_kinds[] = {
    "primary", "headline", "detail", "interval", "interval", "count_observed", "count_observed_finished",
    "count_generated", "count_finished", "count", "headline", "primary",
};
static const char *const cat_segments[] = { "all", "channel:green", "path:pilot", "path:fallback",
                                            "comparator:first-slot" };
static const char *const cat_segment_kinds[] = { "all", "channel", "pilot", "path", "comparator" };

static const char *const port_metrics[] = { "release_h", "exit_h", "wait_h", "dT3_h" };
static const char *const queue_metrics[] = { "wait", "sojourn" };
static const char *const count_metrics[] = { "boxes_observed", "boxes_observed_finished", "boxes_generated",
                                             "boxes_finished", "rehandles" };
static const char *const interval_metrics[] = { "dT1_h", "dT3_h" };
static const char *const port_regimes[] = { "conventional", "ship_side", "advance", "two_step" };
static const char *const port_flows[] = { "import", "export", "transit" };
static const char *const resources[] = { "berths", "gate_in", "exam_bays", "scan_lanes" };

/* ---- the description --------------------------------------------------- */

enum { TMPL_PORT, TMPL_QUEUE, TMPL_SWEEP };
enum { OK_DATASET, OK_GROUP, OK_SOFT, OK_DANGLING, OK_HARD, OK_EXTERNAL, OK_N }; /* object kinds */
enum { TC_CANON, TC_STR, TC_VSTR, TC_INT, TC_FLOAT, TC_COMPOUND, TC_OPAQUE, TC_ENUM, TC_ARRAY, TC_N };
enum { RK_NULL = 11 }; /* rank 11: null dataspace */

typedef struct attr_spec {
    uint8_t name; /* attr_vocab */
    uint8_t mode;
    uint32_t param;
} attr_spec;

#define MAXATTRS 8
#define MAXCOLS 40
#define MAXROWS 320

typedef struct colspec {
    uint16_t name;  /* col_vocab id, unknown id, or NAME_LONG */
    uint8_t kind;   /* OK_* */
    uint8_t link;   /* target of a link: group (low 4 bits) and column (high 4 bits) */
    uint8_t rank;   /* 0..10, RK_NULL */
    int16_t len;    /* -1: auto */
    uint8_t d2;     /* other extents: 0 auto, else d2 - 1 */
    uint8_t tclass; /* TC_* */
    uint16_t tparam;
    uint8_t fill;
    uint32_t fparam;
    uint8_t layout;
    bool listed; /* in the group's `columns` */
    uint8_t nattrs;
    attr_spec attrs[MAXATTRS];
} colspec;

typedef struct group {
    bool present;
    uint8_t kind; /* OK_*; OK_DATASET: the object is a dataset made from cols[0] */
    uint8_t link;
    uint16_t rows;
    uint8_t ncols;
    uint8_t nattrs;
    colspec cols[MAXCOLS];
    attr_spec attrs[MAXATTRS];
} group;

typedef struct params {
    uint8_t tmpl;
    uint32_t reps, nreg, nflow, nblocks, samples, npoints, pstride, sidx, seed;
} params;

typedef struct part_model {
    params pr;
    uint8_t nroot;
    attr_spec root[16];
    group g[NG];
} part_model;

static part_model parts[3];
static unsigned nparts; /* given to merge */

/* ---- reading the input ----------------------------------------------------- */

typedef struct rd {
    const uint8_t *p;
    size_t n, i;
} rd;

static uint8_t u8(rd *r) { return r->i < r->n ? r->p[r->i++] : 0; }
static uint16_t u16(rd *r)
{
    const uint16_t a = u8(r);
    return (uint16_t)(a | (uint16_t)(u8(r) << 8));
}
static uint32_t u32(rd *r)
{
    const uint32_t a = u16(r);
    return a | (uint32_t)u16(r) << 16;
}

static uint64_t mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

/* ---- templates -------------------------------------------------------------- */

static void add_attr(attr_spec *list, uint8_t *n, uint8_t max, uint8_t name, uint8_t mode, uint32_t param)
{
    for (uint8_t i = 0; i < *n; i++)
        if (list[i].name == name) {
            list[i].mode = mode;
            list[i].param = param;
            return;
        }
    if (*n < max) list[(*n)++] = (attr_spec){ name, mode, param };
}

static colspec *add_col(group *g, const char *name)
{
    if (g->ncols >= MAXCOLS) return NULL;
    colspec *c = &g->cols[g->ncols++];
    memset(c, 0, sizeof *c);
    c->name = (uint16_t)vocab_id(name);
    c->rank = 1;
    c->len = -1;
    c->listed = true;
    return c;
}

static void add_cols(group *g, const char *const *names, size_t n, const char *const *units, size_t nunits)
{
    for (size_t i = 0; i < n; i++) {
        colspec *c = add_col(g, names[i]);
        for (size_t u = 0; c && u < nunits; u++)
            if (!strcmp(units[u], names[i])) add_attr(c->attrs, &c->nattrs, MAXATTRS, A_UNITS, 0, 0);
    }
}

static void table(part_model *m, int gi, uint16_t rows)
{
    group *g = &m->g[gi];
    g->present = true;
    g->kind = OK_GROUP;
    g->rows = rows;
    if (gi != G_RUN_INFO) add_attr(g->attrs, &g->nattrs, MAXATTRS, A_COLUMNS, 0, 0);
}

static void template_init(part_model *m, int tmpl, unsigned p, unsigned np, uint8_t seed)
{
    memset(m, 0, sizeof *m);
    const bool port = tmpl != TMPL_QUEUE, sweep = tmpl == TMPL_SWEEP;
    m->pr = (params){ (uint8_t)tmpl, 2, port ? 2 : 1, port ? 2 : 1, sweep ? 2 : 1, 3,
                      sweep ? 2 * np : 0, sweep ? np : 0, sweep ? p : 0, seed };
    static const uint8_t root_common[] = { A_VERSION, A_SEED, A_SCENARIO_SHA, A_SCENARIO_NAME, A_REPLICATIONS,
                                           A_FORMAT, A_DRAWS_CUT };
    for (size_t i = 0; i < COUNT(root_common); i++) add_attr(m->root, &m->nroot, 16, root_common[i], 0, 0);
    if (sweep) {
        static const uint8_t root_sweep[] = { A_SWEEP_SHA, A_POINTS, A_SHARD_INDEX, A_SHARD_COUNT };
        for (size_t i = 0; i < COUNT(root_sweep); i++) add_attr(m->root, &m->nroot, 16, root_sweep[i], 0, 0);
    }
    const uint16_t keys = (uint16_t)((port ? 8 : 2) * m->pr.nblocks);
    static const char *const key[] = { "point", "regime", "flow", "segment", "metric" };

    static const char *const summary[] = { "n", "mean", "ci95_low", "ci95_high", "p50", "p90", "p99" };
    table(m, G_SUMMARY, keys);
    add_cols(&m->g[G_SUMMARY], key, 5, NULL, 0);
    add_cols(&m->g[G_SUMMARY], summary, COUNT(summary), summary + 1, 6);

    static const char *const reps[] = { "point", "regime", "replication", "flow", "segment", "metric", "count",
                                        "mean" };
    table(m, G_REPLICATIONS, (uint16_t)(keys * m->pr.reps));
    add_cols(&m->g[G_REPLICATIONS], reps, COUNT(reps), reps + 7, 1);

    table(m, G_HISTOGRAMS, keys);
    group *h = &m->g[G_HISTOGRAMS];
    add_cols(h, key, 5, NULL, 0);
    add_col(h, "bins");
    static const char *const ragged[] = { "bin", "lower", "upper", "count" };
    for (size_t i = 0; i < COUNT(ragged); i++) {
        colspec *c = add_col(h, ragged[i]);
        c->listed = false;
        add_attr(c->attrs, &c->nattrs, MAXATTRS, A_LENGTHS, 0, 0);
        if (i == 1 || i == 2) add_attr(c->attrs, &c->nattrs, MAXATTRS, A_UNITS, 0, 0);
    }
    add_attr(h->attrs, &h->nattrs, MAXATTRS, A_FORMAT, 0, 0);
    add_attr(h->attrs, &h->nattrs, MAXATTRS, A_BINS_PER_OCTAVE, 0, 0);

    static const char *const metrics[] = { "name", "kind", "label", "unit", "milestone", "description" };
    table(m, G_METRICS, (uint16_t)COUNT(cat_metrics));
    add_cols(&m->g[G_METRICS], metrics, COUNT(metrics), NULL, 0);
    add_attr(m->g[G_METRICS].attrs, &m->g[G_METRICS].nattrs, MAXATTRS, A_ORIGIN, 0, 0);
    static const char *const segments[] = { "name", "kind", "description" };
    table(m, G_SEGMENTS, (uint16_t)COUNT(cat_segments));
    add_cols(&m->g[G_SEGMENTS], segments, COUNT(segments), NULL, 0);

    static const char *const res[] = { "point", "regime", "resource", "replication", "window_start", "window_end",
                                       "capacity_mean", "busy_mean", "utilisation", "queue_mean", "queue_max",
                                       "queue_p90", "in_system_mean", "arrivals", "completions" };
    table(m, G_RESOURCES, (uint16_t)((port ? 4 : 1) * m->pr.reps * m->pr.nblocks));
    add_cols(&m->g[G_RESOURCES], res, COUNT(res), res + 4, 2);

    table(m, G_RUN_INFO, 0);
    static const uint8_t info[] = { A_CREATED, A_COMMAND_LINE, A_HOST, A_THREADS, A_RANKS, A_WALL };
    for (size_t i = 0; i < COUNT(info); i++)
        add_attr(m->g[G_RUN_INFO].attrs, &m->g[G_RUN_INFO].nattrs, MAXATTRS, info[i], 0, 0);

    group *sc = &m->g[G_SCENARIO];
    sc->present = true;
    sc->kind = OK_DATASET;
    sc->rows = 40;
    colspec *t = add_col(sc, "text");
    t->rank = 0;

    if (!port) return;
    static const char *const diff[] = { "baseline", "n", "mean", "ci95_low", "ci95_high", "unpaired_half_width" };
    table(m, G_DIFFERENCES, (uint16_t)(4 * m->pr.nblocks));
    add_cols(&m->g[G_DIFFERENCES], key, 5, NULL, 0);
    add_cols(&m->g[G_DIFFERENCES], diff, COUNT(diff), diff + 2, 4);

    static const char *const dec[] = { "point", "regime", "flow", "interval", "from", "to", "metric", "boxes",
                                       "share_of_boxes", "mean", "contribution", "share", "total" };
    static const char *const dec_units[] = { "mean", "contribution", "total" };
    table(m, G_DECOMPOSITION, (uint16_t)(4 * m->pr.nblocks));
    add_cols(&m->g[G_DECOMPOSITION], dec, COUNT(dec), dec_units, COUNT(dec_units));

    static const char *const shares[] = { "boxes", "share" };
    table(m, G_SHARES, (uint16_t)(4 * m->pr.nblocks));
    add_cols(&m->g[G_SHARES], key, 5, NULL, 0);
    add_cols(&m->g[G_SHARES], shares, COUNT(shares), NULL, 0);

    static const char *const counts[] = { "replication", "value" };
    table(m, G_COUNTS, (uint16_t)(6 * m->pr.reps * m->pr.nblocks));
    add_cols(&m->g[G_COUNTS], key, 5, NULL, 0);
    add_cols(&m->g[G_COUNTS], counts, COUNT(counts), counts + 1, 1);

    static const char *const ts[] = { "point", "regime", "subject", "quantity", "unit", "values" };
    table(m, G_TIMESERIES, (uint16_t)(2 * m->pr.nblocks));
    group *tg = &m->g[G_TIMESERIES];
    colspec *time = add_col(tg, "time");
    time->listed = false;
    add_attr(time->attrs, &time->nattrs, MAXATTRS, A_UNITS, 0, 0);
    add_cols(tg, ts, COUNT(ts), NULL, 0);
    tg->cols[tg->ncols - 1].rank = 2;
    add_attr(tg->attrs, &tg->nattrs, MAXATTRS, A_INTERVAL, 0, 0);
    add_attr(tg->attrs, &tg->nattrs, MAXATTRS, A_AGGREGATION, 0, 0);

    if (sweep) {
        static const char *const pts[] = { "point", "regimes.ship_side.ship_side", "values" };
        table(m, G_POINTS, (uint16_t)m->pr.npoints);
        add_cols(&m->g[G_POINTS], pts, COUNT(pts), NULL, 0);
        group *sw = &m->g[G_SWEEP];
        sw->present = true;
        sw->kind = OK_DATASET;
        sw->rows = 40;
        add_col(sw, "text")->rank = 0;
    } else {
        static const char *const trace[] = { "regime", "replication", "box", "vessel", "flow", "credit", "channel",
                                             "path", "adoption", "teu", "rehandles", "observed", "finished", "T0",
                                             "T3", "T10", "final", "loaded", "depart" };
        table(m, G_TRACE, 4);
        add_cols(&m->g[G_TRACE], trace, COUNT(trace), trace + 13, 6);
    }
}

/* ---- canonical contents ----------------------------------------------------- */

static const char *col_name(uint16_t id, char *buf, size_t size)
{
    if (id < NV) return col_vocab[id];
    if (id == NAME_LONG) {
        size_t n = size - 1 < 300 ? size - 1 : 300;
        memset(buf, 'c', n);
        buf[n] = '\0';
        return buf;
    }
    snprintf(buf, size, "extra_%u", (unsigned)(id - NV));
    return buf;
}

static bool is_label(int gi, const char *n)
{
    static const char *const labels[] = { "regime", "flow", "segment", "metric", "unit", "baseline", "interval",
                                          "from", "to", "resource", "name", "kind", "label", "milestone",
                                          "description", "subject", "quantity", "credit", "channel", "path",
                                          "adoption", "text" };
    if (!strcmp(n, "values")) return gi == G_POINTS;
    for (size_t i = 0; i < COUNT(labels); i++)
        if (!strcmp(labels[i], n)) return true;
    return false;
}

/* The canonical type class of a column: 's' label, 'u' uint32, 'U'
 * uint64, 'i' int32, 'b' uint8, 'f' float64. */
static char canon_type(int gi, const char *n)
{
    if (is_label(gi, n)) return 's';
    if (!strcmp(n, "point") || !strcmp(n, "replication") || !strcmp(n, "bins") || !strcmp(n, "vessel")) return 'u';
    if (!strcmp(n, "n") || !strcmp(n, "box") || (!strcmp(n, "count") && gi != G_HISTOGRAMS)) return 'U';
    if (!strcmp(n, "count")) return 'U';
    if (!strcmp(n, "bin")) return 'i';
    if (!strcmp(n, "teu") || !strcmp(n, "rehandles") || !strcmp(n, "observed") || !strcmp(n, "finished"))
        return 'b';
    return 'f';
}

/* Where row `row` of group gi sits among the part's keys. */
typedef struct keypos {
    uint32_t point, kb; /* key index inside its point block */
    uint32_t block;     /* keys per block */
    uint32_t rep;
} keypos;

static keypos key_of(const part_model *m, int gi, uint64_t row)
{
    const params *pr = &m->pr;
    const bool per_rep = gi == G_REPLICATIONS || gi == G_COUNTS || gi == G_RESOURCES;
    const uint32_t div = per_rep && pr->reps ? pr->reps : 1;
    const uint64_t k = row / div;
    const uint64_t rows = m->g[gi].rows ? m->g[gi].rows : 1;
    const uint64_t nk = (rows + div - 1) / div;
    const uint32_t nb = pr->nblocks ? pr->nblocks : 1;
    uint64_t bs = (nk + nb - 1) / nb;
    if (bs == 0) bs = 1;
    uint64_t b = k / bs;
    if (b >= nb) b = nb - 1;
    return (keypos){ (uint32_t)(pr->sidx + pr->pstride * b), (uint32_t)(k % bs), (uint32_t)bs,
                     (uint32_t)(row % div) };
}

typedef struct num {
    uint64_t u;
    double d;
} num;

static num num_of(double d)
{
    num v = { 0, d };
    if (d >= 0 && d < 1.8e19) v.u = (uint64_t)d;
    else if (d < 0 && d > -9.2e18) v.u = (uint64_t)(int64_t)d;
    return v;
}

static num canon_num(const part_model *m, int gi, const char *n, uint64_t row)
{
    const keypos k = key_of(m, gi, row);
    if (!strcmp(n, "point")) return num_of(gi == G_POINTS ? (double)row : k.point);
    if (!strcmp(n, "replication")) return num_of(gi == G_TRACE ? 0 : k.rep);
    if (!strcmp(n, "n")) return num_of(m->pr.reps);
    if (!strcmp(n, "count")) return num_of(gi == G_HISTOGRAMS ? 1 + (double)(row % 4) : 3 + (double)(row % 5));
    if (!strcmp(n, "bins")) return num_of(1 + (double)(row % 3));
    if (!strcmp(n, "bin")) return num_of(1000 + (double)row);
    if (!strcmp(n, "lower")) return num_of(1 + (double)row);
    if (!strcmp(n, "upper")) return num_of(2 + (double)row);
    if (!strcmp(n, "box")) return num_of((double)row);
    if (!strcmp(n, "vessel")) return num_of((double)(row / 2));
    if (!strcmp(n, "teu")) return num_of(1 + (double)(row % 2));
    if (!strcmp(n, "observed") || !strcmp(n, "finished")) return num_of(1);
    if (!strcmp(n, "time")) return num_of((double)row);
    if (!strcmp(n, "value")) return num_of(50 + (double)(k.kb % 3));
    if (!strcmp(n, "share") || !strcmp(n, "share_of_boxes") || !strcmp(n, "utilisation"))
        return num_of(0.25 + 0.125 * (double)(row % 4));
    if (!strcmp(n, "regimes.ship_side.ship_side")) return num_of(0.1 * (double)row);
    return num_of(1.5 + 0.25 * (double)(row % 7) + (double)(strlen(n) % 3));
}

static const char *pick(const char *const *list, size_t n, uint64_t i) { return list[i % n]; }

/* The canonical label of row `row` of column n of group gi into buf. */
static void canon_str(const part_model *m, int gi, const char *n, uint64_t row, char *buf, size_t size)
{
    const keypos k = key_of(m, gi, row);
    const bool port = m->pr.tmpl != TMPL_QUEUE;
    const uint32_t nreg = m->pr.nreg ? m->pr.nreg : 1, nflow = m->pr.nflow ? m->pr.nflow : 1;
    const char *s = "x";
    if (!strcmp(n, "text")) {
        static const char text[] = "name: fuzz\nkind: queue\nreplications: 2\n";
        size_t len = m->g[gi].rows < size - 1 ? m->g[gi].rows : size - 1;
        for (size_t i = 0; i < len; i++) buf[i] = text[i % (sizeof text - 1)];
        buf[len] = '\0';
        return;
    }
    if (!strcmp(n, "regime")) {
        if (gi == G_TRACE) s = pick(port_regimes, nreg, row / 2);
        else s = port ? pick(port_regimes, COUNT(port_regimes), (uint64_t)k.kb * nreg / k.block) : "base";
    } else if (!strcmp(n, "flow")) {
        s = port ? pick(port_flows, nflow < COUNT(port_flows) ? nflow : COUNT(port_flows), k.kb) : "queue";
    } else if (!strcmp(n, "segment")) {
        if (gi == G_COUNTS) s = k.kb % 7 == 6 ? "channel:green" : "all";
        else if (gi == G_SHARES) s = pick(cat_segments + 1, 2, k.kb);
        else s = pick(cat_segments, 3, k.kb / nflow / 2);
    } else if (!strcmp(n, "metric")) {
        if (gi == G_COUNTS) s = pick(count_metrics, COUNT(count_metrics), k.kb / nflow);
        else if (gi == G_DECOMPOSITION) s = pick(interval_metrics, COUNT(interval_metrics), k.kb / nflow);
        else if (port) s = pick(port_metrics, COUNT(port_metrics), k.kb / nflow);
        else s = pick(queue_metrics, COUNT(queue_metrics), k.kb);
    } else if (!strcmp(n, "unit")) {
        s = gi == G_COUNTS ? "boxes" : gi == G_TIMESERIES ? "share" : port ? "h" : "time unit";
    } else if (!strcmp(n, "baseline")) {
        s = "conventional";
    } else if (!strcmp(n, "interval")) {
        s = row % 2 ? "T0-T3" : "T0-T1";
    } else if (!strcmp(n, "from")) {
        s = "T0";
    } else if (!strcmp(n, "to")) {
        s = row % 2 ? "T3" : "T1";
    } else if (!strcmp(n, "resource") || !strcmp(n, "subject")) {
        s = pick(resources, COUNT(resources), k.kb);
    } else if (!strcmp(n, "quantity")) {
        s = row % 2 ? "queue_length" : "utilisation";
    } else if (!strcmp(n, "name")) {
        s = gi == G_SEGMENTS ? pick(cat_segments, COUNT(cat_segments), row)
                             : pick(cat_metrics, COUNT(cat_metrics), row);
    } else if (!strcmp(n, "kind")) {
        s = gi == G_SEGMENTS ? pick(cat_segment_kinds, COUNT(cat_segment_kinds), row)
                             : pick(cat_metric_kinds, COUNT(cat_metric_kinds), row);
    } else if (!strcmp(n, "label")) {
        s = "a few words";
    } else if (!strcmp(n, "milestone")) {
        s = row % COUNT(cat_metrics) == 3 ? "T3" : row % COUNT(cat_metrics) == 4 ? "T1" : "";
    } else if (!strcmp(n, "description")) {
        s = "what it measures";
    } else if (!strcmp(n, "values")) {
        snprintf(buf, size, "regimes.ship_side.ship_side=%.1f", 0.1 * (double)row);
        return;
    } else if (!strcmp(n, "credit")) {
        s = "aeo";
    } else if (!strcmp(n, "channel")) {
        s = "green";
    } else if (!strcmp(n, "path") || !strcmp(n, "adoption")) {
        s = "none";
    }
    snprintf(buf, size, "%s", s);
}

/* ---- fills ---------------------------------------------------------------------- */

static const num extremes[] = {
    { 0, 0.0 },
    { UINT64_MAX, -1.0 },
    { UINT32_MAX, 4294967295.0 },
    { (uint64_t)1 << 32, 4294967296.0 },
    { (uint64_t)1 << 31, 2147483648.0 },
    { (uint64_t)1 << 63, -9.2233720368547758e18 },
    { (uint64_t)1 << 40, 1099511627776.0 },
    { 7, NAN },
    { 1000000, INFINITY },
    { 65536, -INFINITY },
    { UINT64_MAX / 2, 1e308 },
    { 3, 5e-324 },
    { 65535, -0.0 },
};

static num fill_num(const part_model *m, int gi, const colspec *c, const char *n, uint64_t e, uint64_t row)
{
    const uint32_t p = c->fparam;
    switch (c->fill % 8) {
    case 1: return num_of((double)(int32_t)p);
    case 2: return num_of((double)row * (double)(int32_t)p);
    case 3: return extremes[(row + p) % COUNT(extremes)];
    case 4: {
        const uint64_t h = mix(((uint64_t)m->pr.seed << 32) ^ ((uint64_t)p << 8) ^ mix(e));
        num v;
        v.u = h;
        memcpy(&v.d, &h, sizeof v.d);
        return v;
    }
    case 5: return num_of((double)m->g[gi].rows - (double)row);
    case 6: return canon_num(m, gi, n, row + p % 1024);
    case 7:
        if ((row + 1) % (p % 7 + 1) == 0) return extremes[(row / (p % 7 + 1) + (p >> 8)) % COUNT(extremes)];
        return canon_num(m, gi, n, row);
    default: return canon_num(m, gi, n, row);
    }
}

#define STR_MAX 4200

/* Element e (row `row`) of a string column into buf; its length (may
 * hold NULs). */
static size_t fill_str(const part_model *m, int gi, const colspec *c, const char *n, uint64_t e, uint64_t row,
                       char *buf)
{
    const uint32_t p = c->fparam;
    size_t len;
    switch (c->fill % 10) {
    case 1: buf[0] = '\0'; return 0;
    case 2: {
        static const char ctl[] = "\x01\t\n\r\x1b[31m\x7f|,\"\b";
        len = (size_t)snprintf(buf, STR_MAX, "%s%llu", ctl + (row + p) % 8, (unsigned long long)row);
        return len;
    }
    case 3:
        len = (p % 4096) + (row % 3);
        memset(buf, 'A' + (int)(row % 26), len);
        buf[len] = '\0';
        return len;
    case 4: {
        len = (p % 64) + (size_t)(mix(e ^ p) % 8);
        uint64_t h = mix(((uint64_t)m->pr.seed << 40) ^ p ^ (e << 8));
        for (size_t i = 0; i < len; i++, h = mix(h)) buf[i] = (char)(h & 0xff);
        buf[len] = '\0';
        return len;
    }
    case 5: return (size_t)snprintf(buf, STR_MAX, "zz_%llu", (unsigned long long)(row + p));
    case 6: {
        char tmp[256];
        canon_str(m, gi, n, row, tmp, sizeof tmp);
        return (size_t)snprintf(buf, STR_MAX, "%s|\"%s\",\r\n|", tmp, tmp);
    }
    case 7: {
        static const char utf[] = "\xc3\xbc\xe6\x97\xa5\xe6\x9c\xac\xf0\x9f\x9a\xa2\xc3";
        len = 0;
        for (uint32_t i = 0; i < 1 + p % 40 && len + sizeof utf < STR_MAX; i++, len += sizeof utf - 1)
            memcpy(buf + len, utf, sizeof utf - 1);
        buf[len] = '\0';
        return len;
    }
    case 8: return (size_t)snprintf(buf, STR_MAX, "%d", (int)(int32_t)(p + (uint32_t)row));
    case 9:
        /* canonical, from another row: keys out of order, repeated */
        canon_str(m, gi, n, row + p % 1024, buf, STR_MAX);
        return strlen(buf);
    default:
        canon_str(m, gi, n, row, buf, STR_MAX);
        return strlen(buf);
    }
}

/* ---- building a part -------------------------------------------------------- */

typedef struct shape {
    int rank; /* -1: null, 0: scalar */
    hsize_t dims[H5S_MAX_RANK];
    uint64_t elems, inner;
} shape;

static const colspec *find_col(const group *g, const char *name)
{
    char buf[320];
    for (unsigned i = 0; i < g->ncols; i++)
        if (!strcmp(col_name(g->cols[i].name, buf, sizeof buf), name)) return &g->cols[i];
    return NULL;
}

static void shape_of(const part_model *m, int gi, const colspec *c, shape *s, int depth);

/* A ragged column's default length: the sum of its lengths column. */
static uint64_t ragged_len(const part_model *m, int gi, const colspec *c, int depth)
{
    const group *g = &m->g[gi];
    for (unsigned a = 0; a < c->nattrs; a++) {
        if (c->attrs[a].name != A_LENGTHS || c->attrs[a].mode != 0 || depth > 0) continue;
        const colspec *lc = find_col(g, "bins");
        if (!lc || lc == c) break;
        shape ls;
        shape_of(m, gi, lc, &ls, depth + 1);
        uint64_t sum = 0;
        char buf[320];
        const char *ln = col_name(lc->name, buf, sizeof buf);
        for (uint64_t e = 0; e < ls.elems && sum < 4000; e++) sum += fill_num(m, gi, lc, ln, e, e / ls.inner).u;
        return sum < 4000 ? sum : 4000;
    }
    return g->rows;
}

static void shape_of(const part_model *m, int gi, const colspec *c, shape *s, int depth)
{
    memset(s, 0, sizeof *s);
    char buf[320];
    const char *n = col_name(c->name, buf, sizeof buf);
    uint64_t len = c->len >= 0 ? (uint64_t)c->len : !strcmp(n, "time") && gi == G_TIMESERIES ? m->pr.samples
                                                                                              : ragged_len(m, gi, c, depth);
    if (len > 4000) len = 4000;
    if (c->rank >= RK_NULL) {
        s->rank = -1;
        s->inner = 1;
        return;
    }
    s->rank = c->rank > 10 ? 10 : c->rank;
    if (s->rank == 0) {
        s->elems = s->inner = 1;
        return;
    }
    uint64_t d = c->d2 ? (uint64_t)(c->d2 - 1) : gi == G_TIMESERIES && !strcmp(n, "values") ? m->pr.samples : 1;
    s->dims[0] = len;
    s->inner = 1;
    for (int k = 1; k < s->rank; k++) {
        s->dims[k] = d;
        s->inner *= d;
    }
    if (s->inner > 4096 || len * s->inner > 65536) {
        for (int k = 1; k < s->rank; k++) s->dims[k] = 1;
        s->inner = 1;
    }
    s->elems = len * s->inner;
}

/* File and memory types of a column; *cls the class written ('s' fixed
 * string, 'v' vlen string, 'i' signed, 'u' unsigned, 'f' float, 'c'
 * compound, 'o' opaque, 'e' enum, 'a' array). */
typedef struct ctype {
    char cls;
    hid_t ft, mt;
    size_t width; /* fixed strings: 0 auto */
    bool fl;      /* arrays: of float64 */
} ctype;

typedef struct cpd {
    int32_t a;
    double b;
} cpd;

static void ctype_close(ctype *t)
{
    if (t->ft >= 0) H5Tclose(t->ft);
    if (t->mt >= 0) H5Tclose(t->mt);
    t->ft = t->mt = -1;
}

static bool make_type(int gi, const colspec *c, const char *n, ctype *t)
{
    t->ft = t->mt = -1;
    t->width = 0;
    t->fl = false;
    const uint16_t w = c->tparam;
    unsigned tc = c->tclass % TC_N;
    if (tc == TC_CANON) {
        switch (canon_type(gi, n)) {
        case 's': tc = TC_STR; break;
        case 'u': t->cls = 'u'; t->ft = H5Tcopy(H5T_STD_U32LE); break;
        case 'U': t->cls = 'u'; t->ft = H5Tcopy(H5T_STD_U64LE); break;
        case 'i': t->cls = 'i'; t->ft = H5Tcopy(H5T_STD_I32LE); break;
        case 'b': t->cls = 'u'; t->ft = H5Tcopy(H5T_STD_U8LE); break;
        default: t->cls = 'f'; t->ft = H5Tcopy(H5T_IEEE_F64LE); break;
        }
        if (tc == TC_CANON) {
            t->mt = H5Tcopy(t->cls == 'f' ? H5T_NATIVE_DOUBLE : t->cls == 'i' ? H5T_NATIVE_INT64 : H5T_NATIVE_UINT64);
            return t->ft >= 0 && t->mt >= 0;
        }
    }
    switch (tc) {
    case TC_STR: {
        static const H5T_str_t pads[] = { H5T_STR_NULLPAD, H5T_STR_NULLTERM, H5T_STR_SPACEPAD, H5T_STR_NULLPAD };
        t->cls = 's';
        t->width = w & 0x0fff;
        t->ft = H5Tcopy(H5T_C_S1);
        if (t->ft < 0 || H5Tset_strpad(t->ft, pads[(w >> 12) & 3]) < 0 ||
            H5Tset_cset(t->ft, (w >> 14) & 1 ? H5T_CSET_ASCII : H5T_CSET_UTF8) < 0)
            return false;
        t->mt = H5Tcopy(t->ft); /* sized once the width is known */
        break;
    }
    case TC_VSTR:
        t->cls = 'v';
        t->ft = H5Tcopy(H5T_C_S1);
        if (t->ft < 0 || H5Tset_size(t->ft, H5T_VARIABLE) < 0 ||
            H5Tset_cset(t->ft, (w & 1) ? H5T_CSET_ASCII : H5T_CSET_UTF8) < 0)
            return false;
        t->mt = H5Tcopy(t->ft);
        break;
    case TC_INT: {
        const hid_t le_u[] = { H5T_STD_U8LE, H5T_STD_U16LE, H5T_STD_U32LE, H5T_STD_U64LE };
        const hid_t le_s[] = { H5T_STD_I8LE, H5T_STD_I16LE, H5T_STD_I32LE, H5T_STD_I64LE };
        const hid_t be_u[] = { H5T_STD_U8BE, H5T_STD_U16BE, H5T_STD_U32BE, H5T_STD_U64BE };
        const hid_t be_s[] = { H5T_STD_I8BE, H5T_STD_I16BE, H5T_STD_I32BE, H5T_STD_I64BE };
        const bool sgn = w & 4, be = w & 8;
        t->cls = sgn ? 'i' : 'u';
        t->ft = H5Tcopy((be ? (sgn ? be_s : be_u) : (sgn ? le_s : le_u))[w & 3]);
        t->mt = H5Tcopy(sgn ? H5T_NATIVE_INT64 : H5T_NATIVE_UINT64);
        break;
    }
    case TC_FLOAT:
        t->cls = 'f';
        t->ft = H5Tcopy(w & 1 ? (w & 2 ? H5T_IEEE_F32BE : H5T_IEEE_F32LE) : (w & 2 ? H5T_IEEE_F64BE : H5T_IEEE_F64LE));
        t->mt = H5Tcopy(H5T_NATIVE_DOUBLE);
        break;
    case TC_COMPOUND:
        t->cls = 'c';
        t->mt = H5Tcreate(H5T_COMPOUND, sizeof(cpd));
        if (t->mt < 0 || H5Tinsert(t->mt, w & 1 ? "b" : "a", HOFFSET(cpd, a), H5T_NATIVE_INT32) < 0 ||
            H5Tinsert(t->mt, w & 1 ? "a" : "b", HOFFSET(cpd, b), H5T_NATIVE_DOUBLE) < 0)
            return false;
        t->ft = H5Tcopy(t->mt);
        if (t->ft >= 0 && (w & 2)) H5Tpack(t->ft);
        break;
    case TC_OPAQUE:
        t->cls = 'o';
        t->ft = H5Tcreate(H5T_OPAQUE, 1 + (w % 16));
        if (t->ft >= 0) H5Tset_tag(t->ft, "fuzz");
        t->mt = t->ft >= 0 ? H5Tcopy(t->ft) : -1;
        break;
    case TC_ENUM: {
        t->cls = 'e';
        t->ft = H5Tenum_create(H5T_NATIVE_UINT8);
        uint8_t v0 = 0, v1 = 1;
        if (t->ft < 0 || H5Tenum_insert(t->ft, "a", &v0) < 0 || H5Tenum_insert(t->ft, "b", &v1) < 0) return false;
        t->mt = H5Tcopy(t->ft);
        break;
    }
    default: {
        t->cls = 'a';
        t->fl = w & 4;
        const hsize_t ad[1] = { 1 + (hsize_t)(w % 3) };
        t->ft = H5Tarray_create2(w & 4 ? H5T_IEEE_F64LE : H5T_STD_U32LE, 1, ad);
        t->mt = H5Tarray_create2(w & 4 ? H5T_NATIVE_DOUBLE : H5T_NATIVE_UINT32, 1, ad);
        break;
    }
    }
    return t->ft >= 0 && t->mt >= 0;
}

/* The column's data in memory type t->mt (fixed strings: t sized here);
 * NULL when there is nothing to write.  *vlen: the strings to free. */
static void *make_data(const part_model *m, int gi, const colspec *c, const char *n, const shape *s, ctype *t,
                       char ***vlen)
{
    *vlen = NULL;
    const uint64_t E = s->elems;
    if (t->cls == 's') {
        char *tmp = malloc(STR_MAX + 1);
        if (!tmp) return NULL;
        size_t w = t->width;
        if (w == 0) {
            w = 1;
            for (uint64_t e = 0; e < E; e++) {
                const size_t l = fill_str(m, gi, c, n, e, e / s->inner, tmp);
                if (l > w) w = l;
            }
        }
        if (E * w > ((size_t)1 << 20)) w = ((size_t)1 << 20) / (E ? E : 1);
        if (w == 0) w = 1;
        char *buf = calloc(E ? E : 1, w);
        for (uint64_t e = 0; buf && e < E; e++) {
            const size_t l = fill_str(m, gi, c, n, e, e / s->inner, tmp);
            memcpy(buf + e * w, tmp, l < w ? l : w);
        }
        free(tmp);
        if (H5Tset_size(t->ft, w) < 0 || H5Tset_size(t->mt, w) < 0) {
            free(buf);
            return NULL;
        }
        return buf;
    }
    if (t->cls == 'v') {
        char **ptr = calloc(E ? E : 1, sizeof *ptr);
        char *tmp = malloc(STR_MAX + 1);
        for (uint64_t e = 0; ptr && tmp && e < E; e++) {
            const size_t l = fill_str(m, gi, c, n, e, e / s->inner, tmp);
            ptr[e] = malloc(l + 1);
            if (ptr[e]) {
                memcpy(ptr[e], tmp, l);
                ptr[e][l] = '\0';
            }
        }
        free(tmp);
        *vlen = ptr;
        return ptr;
    }
    const size_t esize = H5Tget_size(t->mt);
    char *buf = calloc(E ? E : 1, esize ? esize : 1);
    if (!buf) return NULL;
    for (uint64_t e = 0; e < E; e++) {
        const num v = fill_num(m, gi, c, n, e, e / s->inner);
        char *dst = buf + e * esize;
        switch (t->cls) {
        case 'f': memcpy(dst, &v.d, sizeof v.d); break;
        case 'i':
        case 'u': memcpy(dst, &v.u, sizeof v.u); break;
        case 'c': {
            const cpd x = { (int32_t)v.u, v.d };
            memcpy(dst, &x, sizeof x);
            break;
        }
        case 'e': dst[0] = (char)(v.u & 1); break;
        case 'a':
            if (t->fl) {
                for (size_t k = 0; k < esize / sizeof(double); k++) memcpy(dst + k * sizeof(double), &v.d, sizeof v.d);
            } else {
                const uint32_t u = (uint32_t)v.u;
                for (size_t k = 0; k + sizeof u <= esize; k += sizeof u) memcpy(dst + k, &u, sizeof u);
            }
            break;
        default:
            for (size_t k = 0; k < esize; k++) dst[k] = (char)(mix(v.u + k) & 0xff);
            break;
        }
    }
    return buf;
}

/* ---- attributes ---- */

typedef enum { ON_ROOT, ON_GROUP, ON_COLUMN } attr_on;

static void attr_write(hid_t obj, const char *name, hid_t ft, hid_t mt, hid_t space, const void *buf)
{
    if (ft < 0 || mt < 0 || space < 0) return;
    if (H5Aexists(obj, name) > 0) H5Adelete(obj, name);
    hid_t a = H5Acreate2(obj, name, ft, space, H5P_DEFAULT, H5P_DEFAULT);
    if (a >= 0) {
        if (buf) H5Awrite(a, mt, buf);
        H5Aclose(a);
    }
}

static void attr_str(hid_t obj, const char *name, const char *value, size_t width, H5T_str_t pad)
{
    hid_t t = H5Tcopy(H5T_C_S1), s = H5Screate(H5S_SCALAR);
    const size_t l = strlen(value);
    if (width == 0) width = l + 1;
    char *buf = calloc(width, 1);
    if (buf) memcpy(buf, value, l < width ? l : width);
    if (t >= 0 && buf && H5Tset_size(t, width) >= 0 && H5Tset_strpad(t, pad) >= 0 &&
        H5Tset_cset(t, H5T_CSET_UTF8) >= 0)
        attr_write(obj, name, t, t, s, buf);
    free(buf);
    if (s >= 0) H5Sclose(s);
    if (t >= 0) H5Tclose(t);
}

static void attr_strs(hid_t obj, const char *name, const char *const *v, size_t n, H5T_str_t pad)
{
    size_t w = 1;
    for (size_t i = 0; i < n; i++)
        if (strlen(v[i]) + 1 > w) w = strlen(v[i]) + 1;
    char *buf = calloc(n ? n : 1, w);
    const hsize_t dims[1] = { n };
    hid_t t = H5Tcopy(H5T_C_S1), s = H5Screate_simple(1, dims, NULL);
    for (size_t i = 0; buf && i < n; i++) memcpy(buf + i * w, v[i], strlen(v[i]));
    if (buf && t >= 0 && H5Tset_size(t, w) >= 0 && H5Tset_strpad(t, pad) >= 0 && H5Tset_cset(t, H5T_CSET_UTF8) >= 0)
        attr_write(obj, name, t, t, s, buf);
    free(buf);
    if (s >= 0) H5Sclose(s);
    if (t >= 0) H5Tclose(t);
}

static void attr_num(hid_t obj, const char *name, hid_t ft, hid_t mt, const void *v)
{
    hid_t s = H5Screate(H5S_SCALAR);
    attr_write(obj, name, ft, mt, s, v);
    if (s >= 0) H5Sclose(s);
}

/* The canonical text of a string attribute (NULL: not a string one). */
static const char *canon_attr_text(uint8_t name, attr_on on)
{
    switch (name) {
    case A_VERSION: return CLEARSIM_VERSION;
    case A_FORMAT: return on == ON_ROOT ? "clearsim-results 1" : NULL;
    case A_SCENARIO_SHA: return "5d41402abc4b2a76b9719d911017c592ae6f35c2b6f1e0f8e8e3a5c4d1f0a9b7";
    case A_SWEEP_SHA: return "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    case A_SCENARIO_NAME: return "fuzz";
    case A_LENGTHS: return "bins";
    case A_UNITS: return "h";
    case A_ORIGIN: return "T0";
    case A_AGGREGATION: return "mean";
    case A_CREATED: return "2000-01-01T00:00:00Z";
    case A_COMMAND_LINE: return "clearsim sweep fuzz.yaml";
    case A_HOST: return "fuzz";
    default: return NULL;
    }
}

static void put_attr(hid_t obj, const part_model *m, const group *g, const colspec *col, const attr_spec *a,
                     attr_on on, unsigned p)
{
    const char *name = attr_vocab[a->name % NA];
    const uint32_t prm = a->param;
    const char *text = canon_attr_text(a->name % NA, on);
    if (a->name == A_UNITS && col) {
        char buf[320];
        if (!strcmp(col_name(col->name, buf, sizeof buf), "value")) text = "boxes";
    }
    switch (a->mode % 15) {
    case 0:
        if (a->name == A_DRAWS_CUT) {
            const uint64_t v = p; /* the merge adds the parts' */
            attr_num(obj, name, H5T_STD_U64LE, H5T_NATIVE_UINT64, &v);
        } else if (a->name == A_COLUMNS) {
            const char *names[MAXCOLS];
            static char bufs[MAXCOLS][320];
            size_t n = 0;
            if (g && on == ON_GROUP)
                for (unsigned i = 0; i < g->ncols; i++)
                    if (g->cols[i].listed) {
                        names[n] = col_name(g->cols[i].name, bufs[n], sizeof bufs[n]);
                        n++;
                    }
            if (!g || on != ON_GROUP) names[n++] = "point";
            attr_strs(obj, name, names, n, H5T_STR_NULLTERM);
        } else if (text) {
            attr_str(obj, name, text, 0, H5T_STR_NULLTERM);
        } else if (a->name == A_SEED) {
            const uint64_t v = 42;
            attr_num(obj, name, H5T_STD_U64LE, H5T_NATIVE_UINT64, &v);
        } else if (a->name == A_INTERVAL || a->name == A_WALL) {
            const double v = 1.0;
            attr_num(obj, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &v);
        } else if (a->name == A_THREADS || a->name == A_RANKS) {
            const int32_t v = 1;
            attr_num(obj, name, H5T_STD_I32LE, H5T_NATIVE_INT32, &v);
        } else {
            uint32_t v = 0;
            switch (a->name) {
            case A_FORMAT: v = 2; break;
            case A_REPLICATIONS: v = m->pr.reps; break;
            case A_POINTS: v = m->pr.npoints; break;
            case A_SHARD_INDEX: v = p; break;
            case A_SHARD_COUNT: v = nparts; break;
            case A_BINS_PER_OCTAVE: v = 64; break;
            default: v = 1; break;
            }
            attr_num(obj, name, H5T_STD_U32LE, H5T_NATIVE_UINT32, &v);
        }
        break;
    case 1: /* absent */
        if (H5Aexists(obj, name) > 0) H5Adelete(obj, name);
        break;
    case 2: {
        char *buf = malloc(STR_MAX + 1);
        if (!buf) break;
        switch (prm % 6) {
        case 0: snprintf(buf, STR_MAX, "%s", text ? text : "2"); break;
        case 1: buf[0] = '\0'; break;
        case 2: snprintf(buf, STR_MAX, "\x1b[1m\t|,\"\n%u", prm >> 8); break;
        case 3: {
            const size_t l = (prm >> 8) % 2000;
            memset(buf, 'L', l);
            buf[l] = '\0';
            break;
        }
        case 4: {
            char nb[320];
            snprintf(buf, STR_MAX, "%s", col_name((uint16_t)((prm >> 8) % (NV + 2u)), nb, sizeof nb));
            break;
        }
        default: snprintf(buf, STR_MAX, "%d", (int32_t)prm >> 8); break;
        }
        attr_str(obj, name, buf, 0, (prm >> 3) & 1 ? H5T_STR_NULLPAD : H5T_STR_NULLTERM);
        free(buf);
        break;
    }
    case 3: attr_num(obj, name, H5T_STD_U32LE, H5T_NATIVE_UINT32, &prm); break;
    case 4: {
        const uint64_t v = (uint64_t)prm * 0x100000001ull;
        attr_num(obj, name, H5T_STD_U64LE, H5T_NATIVE_UINT64, &v);
        break;
    }
    case 5: {
        const double v = prm == UINT32_MAX ? NAN : prm == UINT32_MAX - 1 ? INFINITY : (double)(int32_t)prm / 4.0;
        attr_num(obj, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &v);
        break;
    }
    case 6: {
        const char *v[5] = { text ? text : "point", "regime", "", "bins", "point" };
        attr_strs(obj, name, v, prm % 6 < 5 ? prm % 6 : 5, (prm >> 3) & 1 ? H5T_STR_NULLPAD : H5T_STR_NULLTERM);
        break;
    }
    case 7: {
        hid_t t = H5Tcopy(H5T_C_S1), s = H5Screate(H5S_SCALAR);
        const char *v = text ? text : "x";
        if (t >= 0 && H5Tset_size(t, H5T_VARIABLE) >= 0) attr_write(obj, name, t, t, s, &v);
        if (s >= 0) H5Sclose(s);
        if (t >= 0) H5Tclose(t);
        break;
    }
    case 8: {
        const int8_t v = (int8_t)(prm | 0x80);
        attr_num(obj, name, H5T_STD_I8LE, H5T_NATIVE_INT8, &v);
        break;
    }
    case 9: attr_str(obj, name, text ? text : "bins", 1 + prm % 300, (prm >> 9) & 1 ? H5T_STR_SPACEPAD : H5T_STR_NULLPAD); break;
    case 10: {
        hid_t t = H5Tcopy(H5T_C_S1), s = H5Screate(H5S_NULL);
        if (t >= 0 && H5Tset_size(t, 8) >= 0) attr_write(obj, name, t, t, s, NULL);
        if (s >= 0) H5Sclose(s);
        if (t >= 0) H5Tclose(t);
        break;
    }
    case 11: {
        const uint32_t v[4] = { prm, 2, 3, 4 };
        const hsize_t dims[2] = { 2, 2 };
        hid_t s = H5Screate_simple(2, dims, NULL);
        attr_write(obj, name, H5T_STD_U32LE, H5T_NATIVE_UINT32, s, v);
        if (s >= 0) H5Sclose(s);
        break;
    }
    case 12: {
        hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(cpd)), s = H5Screate(H5S_SCALAR);
        const cpd v = { (int32_t)prm, 1.0 };
        if (t >= 0 && H5Tinsert(t, "a", HOFFSET(cpd, a), H5T_NATIVE_INT32) >= 0 &&
            H5Tinsert(t, "b", HOFFSET(cpd, b), H5T_NATIVE_DOUBLE) >= 0)
            attr_write(obj, name, t, t, s, &v);
        if (s >= 0) H5Sclose(s);
        if (t >= 0) H5Tclose(t);
        break;
    }
    case 13: {
        const uint32_t v[3] = { prm, 2, 2 };
        const hsize_t dims[1] = { 1 + prm % 3 };
        hid_t s = H5Screate_simple(1, dims, NULL);
        attr_write(obj, name, H5T_STD_U32LE, H5T_NATIVE_UINT32, s, v);
        if (s >= 0) H5Sclose(s);
        break;
    }
    default: {
        const int32_t v = -(int32_t)(prm % 1000) - 1;
        attr_num(obj, name, H5T_STD_I32LE, H5T_NATIVE_INT32, &v);
        break;
    }
    }
}

/* ---- datasets and groups ---- */

static hid_t make_dcpl(const colspec *c, const shape *s, bool *write)
{
    *write = true;
    hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    if (dcpl < 0) return -1;
    const unsigned layout = c->layout % 8;
    if (s->rank >= 1 && (layout == 1 || layout == 2 || layout == 4 || layout == 6)) {
        hsize_t chunk[H5S_MAX_RANK];
        for (int k = 0; k < s->rank; k++) chunk[k] = s->dims[k] ? (k == 0 && s->dims[k] > 64 ? 64 : s->dims[k]) : 1;
        H5Pset_chunk(dcpl, s->rank, chunk);
        if (layout == 2) {
            H5Pset_shuffle(dcpl);
            H5Pset_deflate(dcpl, 4);
        }
        if (layout == 4) H5Pset_fletcher32(dcpl);
    } else if (layout == 3) {
        H5Pset_layout(dcpl, H5D_COMPACT);
    } else if (layout == 5) {
        *write = false; /* storage never written: reads give the fill value */
    } else if (layout == 7 && s->rank >= 1) {
        hsize_t chunk[H5S_MAX_RANK];
        for (int k = 0; k < s->rank; k++) chunk[k] = 1;
        H5Pset_chunk(dcpl, s->rank, chunk);
        H5Pset_alloc_time(dcpl, H5D_ALLOC_TIME_INCR);
        *write = false;
    }
    return dcpl;
}

static void put_col_attrs(hid_t d, const part_model *m, const group *g, const colspec *c, unsigned p)
{
    for (unsigned a = 0; a < c->nattrs; a++) put_attr(d, m, g, c, &c->attrs[a], ON_COLUMN, p);
}

/* Dataset `name` in loc from column spec c of group gi. */
static void make_dataset(hid_t loc, const char *name, const part_model *m, int gi, const colspec *c, unsigned p)
{
    char nb[320];
    const char *n = col_name(c->name, nb, sizeof nb);
    shape s;
    shape_of(m, gi, c, &s, 0);
    ctype t;
    char **vlen = NULL;
    void *data = NULL;
    hid_t space = -1, dcpl = -1, d = -1;
    bool write = true;
    if (!make_type(gi, c, n, &t)) goto done;
    data = make_data(m, gi, c, n, &s, &t, &vlen);
    if (s.rank < 0) space = H5Screate(H5S_NULL);
    else if (s.rank == 0) space = H5Screate(H5S_SCALAR);
    else {
        hsize_t maxd[H5S_MAX_RANK];
        for (int k = 0; k < s.rank; k++) maxd[k] = s.dims[k];
        if (c->layout % 8 == 6) maxd[0] = H5S_UNLIMITED;
        space = H5Screate_simple(s.rank, s.dims, maxd);
    }
    dcpl = make_dcpl(c, &s, &write);
    if (space < 0 || dcpl < 0) goto done;
    d = H5Dcreate2(loc, name, t.ft, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    if (d < 0) { /* the layout does not fit (compact too big, ...): plain */
        if (s.rank >= 0 && c->layout % 8 == 6) {
            H5Sclose(space);
            space = s.rank == 0 ? H5Screate(H5S_SCALAR) : H5Screate_simple(s.rank, s.dims, NULL);
        }
        d = H5Dcreate2(loc, name, t.ft, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        write = true;
    }
    if (d < 0) goto done;
    if (write && data && s.elems > 0) H5Dwrite(d, t.mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, data);
    put_col_attrs(d, m, &m->g[gi], c, p);
    H5Dclose(d);
done:
    if (vlen) {
        for (uint64_t e = 0; e < s.elems; e++) free(vlen[e]);
        free(vlen);
    } else {
        free(data);
    }
    if (dcpl >= 0) H5Pclose(dcpl);
    if (space >= 0) H5Sclose(space);
    ctype_close(&t);
}

/* The absolute path of the column (or group) a link points at. */
static void link_target(const part_model *m, uint8_t link, bool column, char *buf, size_t size)
{
    const group *g = &m->g[link % NG];
    if (!column || g->ncols == 0 || g->kind != OK_GROUP) {
        snprintf(buf, size, "/%s", group_names[link % NG]);
        return;
    }
    char nb[320];
    snprintf(buf, size, "/%s/%s", group_names[link % NG], col_name(g->cols[(link >> 4) % g->ncols].name, nb, sizeof nb));
}

static void make_link(hid_t loc, const char *name, const part_model *m, uint8_t kind, uint8_t link, bool column)
{
    char target[400];
    link_target(m, link, column, target, sizeof target);
    switch (kind) {
    case OK_SOFT: H5Lcreate_soft(target, loc, name, H5P_DEFAULT, H5P_DEFAULT); break;
    case OK_DANGLING: H5Lcreate_soft("/no/such/object", loc, name, H5P_DEFAULT, H5P_DEFAULT); break;
    case OK_HARD: H5Lcreate_hard(loc, target, loc, name, H5P_DEFAULT, H5P_DEFAULT); break;
    case OK_EXTERNAL: H5Lcreate_external("clearsim-fuzz-no-such-file.h5", target, loc, name, H5P_DEFAULT, H5P_DEFAULT); break;
    default: break;
    }
}

static void make_group(hid_t f, const part_model *m, int gi, unsigned p)
{
    const group *g = &m->g[gi];
    const char *name = group_names[gi];
    if (g->kind == OK_DATASET) {
        if (g->ncols) make_dataset(f, name, m, gi, &g->cols[0], p);
        else make_dataset(f, name, m, gi, &(colspec){ .name = (uint16_t)vocab_id("text"), .len = -1 }, p);
        return;
    }
    if (g->kind != OK_GROUP) return; /* links come last */
    hid_t h = H5Gcreate2(f, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (h < 0) return;
    char nb[320];
    for (unsigned i = 0; i < g->ncols; i++) {
        const colspec *c = &g->cols[i];
        const char *cn = col_name(c->name, nb, sizeof nb);
        if (c->kind == OK_DATASET) {
            make_dataset(h, cn, m, gi, c, p);
        } else if (c->kind == OK_GROUP) {
            hid_t sub = H5Gcreate2(h, cn, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
            if (sub >= 0) {
                put_col_attrs(sub, m, g, c, p);
                H5Gclose(sub);
            }
        }
    }
    for (unsigned a = 0; a < g->nattrs; a++) put_attr(h, m, g, NULL, &g->attrs[a], ON_GROUP, p);
    H5Gclose(h);
}

static void make_links(hid_t f, const part_model *m)
{
    char nb[320];
    for (int gi = 0; gi < NG; gi++) {
        const group *g = &m->g[gi];
        if (!g->present) continue;
        if (g->kind != OK_GROUP && g->kind != OK_DATASET) {
            make_link(f, group_names[gi], m, g->kind, g->link, false);
            continue;
        }
        if (g->kind != OK_GROUP) continue;
        hid_t h = H5Gopen2(f, group_names[gi], H5P_DEFAULT);
        if (h < 0) continue;
        for (unsigned i = 0; i < g->ncols; i++) {
            const colspec *c = &g->cols[i];
            if (c->kind >= OK_SOFT && H5Lexists(h, col_name(c->name, nb, sizeof nb), H5P_DEFAULT) <= 0)
                make_link(h, col_name(c->name, nb, sizeof nb), m, c->kind, c->link, true);
        }
        H5Gclose(h);
    }
}

/* ---- the per-process folder ---------------------------------------------- */

static char dir[256];
static bool verbose; /* FUZZ_RESULTS_VERBOSE set: say what each call returned, keep the files */
static char part_path[3][300], out_path[300];
static FILE *devnull;

static void remove_dir(const char *d)
{
    DIR *dp = opendir(d);
    if (!dp) return;
    struct dirent *de;
    char p[600];
    while ((de = readdir(dp)))
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
            snprintf(p, sizeof p, "%s/%s", d, de->d_name);
            unlink(p);
        }
    closedir(dp);
    rmdir(d);
}

static void cleanup(void)
{
    if (dir[0] && !verbose) remove_dir(dir);
}

/* Folders of fuzzers that died (a crash skips atexit). */
static void remove_stale(const char *base)
{
    DIR *dp = opendir(base);
    if (!dp) return;
    struct dirent *de;
    static const char prefix[] = "clearsim-fuzz-results.";
    char p[600];
    while ((de = readdir(dp))) {
        if (strncmp(de->d_name, prefix, sizeof prefix - 1)) continue;
        const long pid = strtol(de->d_name + sizeof prefix - 1, NULL, 10);
        if (pid <= 0 || (kill((pid_t)pid, 0) != 0 && errno == ESRCH)) {
            snprintf(p, sizeof p, "%s/%s", base, de->d_name);
            remove_dir(p);
        }
    }
    closedir(dp);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    if (H5open() < 0) abort();
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    struct stat st;
    const char *tmp = getenv("TMPDIR");
    const char *base = stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) && access("/dev/shm", W_OK) == 0 ? "/dev/shm"
                       : tmp && *tmp                                                                   ? tmp
                                                                                                       : "/tmp";
    remove_stale(base);
    snprintf(dir, sizeof dir, "%s/clearsim-fuzz-results.%ld", base, (long)getpid());
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
        perror(dir);
        abort();
    }
    atexit(cleanup);
    verbose = getenv("FUZZ_RESULTS_VERBOSE") != NULL;
    if (verbose) fprintf(stderr, "fuzz_results: files in %s (kept)\n", dir);
    for (int p = 0; p < 3; p++) snprintf(part_path[p], sizeof part_path[p], "%s/part%d.h5", dir, p);
    snprintf(out_path, sizeof out_path, "%s/merged.h5", dir);
    devnull = fopen("/dev/null", "w");
    if (!devnull) abort();
    return 0;
}

/* Build part p in memory and write its image to part_path[p]. */
static bool build_part(unsigned p)
{
    const part_model *m = &parts[p];
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    char name[64];
    snprintf(name, sizeof name, "clearsim-fuzz-image-%u", p);
    hid_t f = fapl >= 0 && H5Pset_fapl_core(fapl, (size_t)1 << 16, 0) >= 0
                  ? H5Fcreate(name, H5F_ACC_TRUNC, H5P_DEFAULT, fapl)
                  : -1;
    if (fapl >= 0) H5Pclose(fapl);
    if (f < 0) return false;
    for (unsigned a = 0; a < m->nroot; a++) put_attr(f, m, NULL, NULL, &m->root[a], ON_ROOT, p);
    for (int gi = 0; gi < NG; gi++)
        if (m->g[gi].present) make_group(f, m, gi, p);
    make_links(f, m);
    bool ok = false;
    if (H5Fflush(f, H5F_SCOPE_GLOBAL) >= 0) {
        const ssize_t n = H5Fget_file_image(f, NULL, 0);
        void *image = n > 0 ? malloc((size_t)n) : NULL;
        if (image && H5Fget_file_image(f, image, (size_t)n) == n) {
            FILE *fp = fopen(part_path[p], "wb");
            ok = fp && fwrite(image, 1, (size_t)n, fp) == (size_t)n;
            if (fp && fclose(fp) != 0) ok = false;
        }
        free(image);
    }
    H5Fclose(f);
    return ok;
}

/* ---- the operations -------------------------------------------------------- */

enum {
    OP_GROUP_PRESENT, OP_GROUP_KIND, OP_GROUP_ROWS, OP_COL_DROP, OP_COL_ADD, OP_COL_RANK, OP_COL_LEN, OP_COL_TYPE,
    OP_COL_FILL, OP_COL_ATTR, OP_GROUP_ATTR, OP_ROOT_ATTR, OP_COL_KIND, OP_COL_LAYOUT, OP_COL_DIMS, OP_PARAM,
    OP_COL_LISTED, OP_COL_RENAME, NOPS
};

typedef struct op {
    uint8_t code, g, c, a, b;
    uint16_t w;
    uint32_t x;
} op;

static void apply(part_model *m, const op *o)
{
    group *g = &m->g[o->g % NG];
    colspec *c = g->ncols ? &g->cols[o->c % g->ncols] : NULL;
    switch (o->code) {
    case OP_GROUP_PRESENT: g->present = !g->present; break;
    case OP_GROUP_KIND:
        g->kind = o->a % OK_N;
        g->link = o->b;
        break;
    case OP_GROUP_ROWS: g->rows = (uint16_t)(o->w % MAXROWS); break;
    case OP_COL_DROP:
        if (c) {
            memmove(c, c + 1, (size_t)(g->cols + g->ncols - (c + 1)) * sizeof *c);
            g->ncols--;
        }
        break;
    case OP_COL_ADD: {
        if (g->ncols >= MAXCOLS) break;
        colspec *n = &g->cols[g->ncols++];
        memset(n, 0, sizeof *n);
        n->name = o->w % (NV + 8u) < NV + 7u ? (uint16_t)(o->w % (NV + 8u)) : NAME_LONG;
        n->rank = 1;
        n->len = -1;
        n->listed = !(o->a & 1);
        break;
    }
    case OP_COL_RANK:
        if (c) c->rank = o->a % 12;
        break;
    case OP_COL_LEN:
        if (c) c->len = o->w == 0xffff ? -1 : (int16_t)(o->w % MAXROWS);
        break;
    case OP_COL_TYPE:
        if (c) {
            c->tclass = o->a % TC_N;
            c->tparam = o->w;
        }
        break;
    case OP_COL_FILL:
        if (c) {
            c->fill = o->a;
            c->fparam = o->x;
        }
        break;
    case OP_COL_ATTR:
        if (c) add_attr(c->attrs, &c->nattrs, MAXATTRS, o->a % NA, o->b, o->x);
        break;
    case OP_GROUP_ATTR: add_attr(g->attrs, &g->nattrs, MAXATTRS, o->a % NA, o->b, o->x); break;
    case OP_ROOT_ATTR: add_attr(m->root, &m->nroot, 16, o->a % NA, o->b, o->x); break;
    case OP_COL_KIND:
        if (c) {
            c->kind = o->a % OK_N;
            c->link = o->b;
        }
        break;
    case OP_COL_LAYOUT:
        if (c) c->layout = o->a;
        break;
    case OP_COL_DIMS:
        if (c) c->d2 = o->a % 9;
        break;
    case OP_PARAM: {
        const uint32_t v = o->w % 64;
        switch (o->a % 8) {
        case 0: m->pr.reps = v; break;
        case 1: m->pr.nreg = v; break;
        case 2: m->pr.nflow = v; break;
        case 3: m->pr.nblocks = v; break;
        case 4: m->pr.samples = v; break;
        case 5: m->pr.npoints = v; break;
        case 6: m->pr.pstride = v; break;
        default: m->pr.sidx = v; break;
        }
        break;
    }
    case OP_COL_LISTED:
        if (c) c->listed = !c->listed;
        break;
    case OP_COL_RENAME:
        if (c) c->name = o->w % (NV + 8u) < NV + 7u ? (uint16_t)(o->w % (NV + 8u)) : NAME_LONG;
        break;
    default: break;
    }
}

/* One operation off the input: its code and the operands it takes. */
static op read_op(rd *r, uint8_t *target)
{
    const uint8_t b = u8(r);
    op o;
    memset(&o, 0, sizeof o);
    o.code = (uint8_t)((b & 63) % NOPS);
    *target = b >> 6;
    switch (o.code) {
    case OP_GROUP_PRESENT: o.g = u8(r); break;
    case OP_GROUP_KIND: o.g = u8(r), o.a = u8(r), o.b = u8(r); break;
    case OP_GROUP_ROWS: o.g = u8(r), o.w = u16(r); break;
    case OP_COL_DROP:
    case OP_COL_LISTED: o.g = u8(r), o.c = u8(r); break;
    case OP_COL_ADD: o.g = u8(r), o.w = u8(r), o.a = u8(r); break;
    case OP_COL_RANK:
    case OP_COL_LAYOUT:
    case OP_COL_DIMS: o.g = u8(r), o.c = u8(r), o.a = u8(r); break;
    case OP_COL_LEN: o.g = u8(r), o.c = u8(r), o.w = u16(r); break;
    case OP_COL_TYPE: o.g = u8(r), o.c = u8(r), o.a = u8(r), o.w = u16(r); break;
    case OP_COL_FILL: o.g = u8(r), o.c = u8(r), o.a = u8(r), o.x = u32(r); break;
    case OP_COL_ATTR: o.g = u8(r), o.c = u8(r), o.a = u8(r), o.b = u8(r), o.x = u32(r); break;
    case OP_GROUP_ATTR: o.g = u8(r), o.a = u8(r), o.b = u8(r), o.x = u32(r); break;
    case OP_ROOT_ATTR: o.a = u8(r), o.b = u8(r), o.x = u32(r); break;
    case OP_COL_KIND: o.g = u8(r), o.c = u8(r), o.a = u8(r), o.b = u8(r); break;
    case OP_PARAM: o.a = u8(r), o.w = u8(r); break;
    case OP_COL_RENAME: o.g = u8(r), o.c = u8(r), o.w = u8(r); break;
    default: break;
    }
    return o;
}

/* ---- the library's promises ------------------------------------------------ */

static const H5I_type_t id_types[] = { H5I_FILE, H5I_GROUP, H5I_DATATYPE, H5I_DATASPACE, H5I_DATASET, H5I_ATTR,
                                       H5I_GENPROP_LST };
static hsize_t ids_before[COUNT(id_types)];

static void ids_snapshot(void)
{
    for (size_t i = 0; i < COUNT(id_types); i++)
        if (H5Inmembers(id_types[i], &ids_before[i]) < 0) ids_before[i] = 0;
}

static void ids_check(const char *call)
{
    static const char *const what[] = { "file", "group", "datatype", "dataspace", "dataset", "attribute",
                                         "property list" };
    for (size_t i = 0; i < COUNT(id_types); i++) {
        hsize_t n = 0;
        if (H5Inmembers(id_types[i], &n) < 0) n = 0;
        if (n != ids_before[i]) {
            fprintf(stderr, "fuzz: contract broken: %s left %lld HDF5 %s handle(s) open\n", call,
                    (long long)n - (long long)ids_before[i], what[i]);
            abort();
        }
    }
}

static void check_failure(cs_status st, const cs_error *err, const void *out, size_t size, const char *call)
{
    if (verbose) fprintf(stderr, "fuzz_results: %s: %d %s\n", call, (int)st, st == CS_OK ? "" : err->message);
    if (st == CS_OK) return;
    if (err->status != st || err->message[0] == '\0' || !all_zero(out, size)) {
        fprintf(stderr, "fuzz: contract broken: %s failed (status %d) with err.status %d, message '%s'%s\n", call,
                (int)st, (int)err->status, err->message, all_zero(out, size) ? "" : ", output not zeroed");
        abort();
    }
    check(st == CS_ERR_INPUT || st == CS_ERR_IO || st == CS_ERR_NOMEM, "a reader failed with an unexpected status");
}

static void check_label(const char *s, size_t size, const char *what)
{
    if (strnlen(s, size) >= size) {
        fprintf(stderr, "fuzz: contract broken: %s label not NUL-terminated\n", what);
        abort();
    }
}

static void check_key(const cs_metric_key *k, bool classified, const char *what)
{
    check_label(k->regime, sizeof k->regime, what);
    check_label(k->flow, sizeof k->flow, what);
    check_label(k->segment, sizeof k->segment, what);
    check_label(k->metric, sizeof k->metric, what);
    check_label(k->unit, sizeof k->unit, what);
    if (classified && (k->kind >= CS_METRIC_KIND_N || k->segment_kind >= CS_SEGMENT_KIND_N)) {
        fprintf(stderr, "fuzz: contract broken: %s key with kinds %u/%u out of range\n", what, k->kind,
                k->segment_kind);
        abort();
    }
}

#define CHECK_ROWS(t, what) check((t).nrows == 0 || (t).rows != NULL, what " rows missing")

/* Everything `clearsim report` does with a file, each reader on its own. */
static void report(const char *path)
{
    cs_error err;
    cs_status st;
    ids_snapshot();
    (void)cs_output_is_clearsim_file(path);
    ids_check("cs_output_is_clearsim_file");

    if (cs_output_read_draws_cut) {
        uint64_t cut = 0;
        memset(&err, 0, sizeof err);
        st = cs_output_read_draws_cut(path, &cut, &err);
        ids_check("cs_output_read_draws_cut");
        if (verbose) fprintf(stderr, "fuzz_results: cs_output_read_draws_cut: %d %s\n", (int)st, err.message);
        check(st == CS_OK || (err.status == st && err.message[0]), "cs_output_read_draws_cut failed without a message");
    }

    cs_catalog cat;
    memset(&err, 0, sizeof err);
    st = cs_output_read_catalog(path, &cat, &err);
    ids_check("cs_output_read_catalog");
    check_failure(st, &err, &cat, sizeof cat, "cs_output_read_catalog");
    for (size_t i = 0; st == CS_OK && i < cat.nmetrics; i++) {
        check_label(cat.metrics[i].name, CS_LABEL_MAX, "catalogue");
        check_label(cat.metrics[i].description, CS_DESCRIPTION_MAX, "catalogue");
        check((unsigned)cat.metrics[i].kind < CS_METRIC_KIND_N, "catalogue metric kind out of range");
    }
    for (size_t i = 0; st == CS_OK && i < cat.nsegments; i++)
        check((unsigned)cat.segments[i].kind < CS_SEGMENT_KIND_N, "catalogue segment kind out of range");
    cs_catalog_free(&cat);

    cs_summary_table sum;
    cs_counts_table cnt;
    cs_difference_table dif;
    cs_decomposition_table dec;
    cs_share_table shr;
    cs_resource_table res;

#define READ(fn, t, what)                                                                                          \
    do {                                                                                                           \
        memset(&err, 0, sizeof err);                                                                               \
        st = fn(path, &t, &err);                                                                                   \
        ids_check(#fn);                                                                                            \
        check_failure(st, &err, &t, sizeof t, #fn);                                                                \
        CHECK_ROWS(t, what);                                                                                       \
    } while (0)

    READ(cs_output_read_summary, sum, "summary");
    for (size_t i = 0; i < sum.nrows; i++) check_key(&sum.rows[i].key, true, "summary");
    READ(cs_output_read_counts, cnt, "counts");
    for (size_t i = 0; i < cnt.nrows; i++) check_key(&cnt.rows[i].key, true, "counts");
    READ(cs_output_read_differences, dif, "differences");
    for (size_t i = 0; i < dif.nrows; i++) {
        check_key(&dif.rows[i].key, true, "differences");
        check_label(dif.rows[i].baseline, CS_LABEL_MAX, "differences");
    }
    READ(cs_output_read_decomposition, dec, "decomposition");
    for (size_t i = 0; i < dec.nrows; i++) {
        check_key(&dec.rows[i].key, false, "decomposition");
        check_label(dec.rows[i].from, CS_LABEL_MAX, "decomposition");
        check_label(dec.rows[i].to, CS_LABEL_MAX, "decomposition");
    }
    READ(cs_output_read_shares, shr, "shares");
    for (size_t i = 0; i < shr.nrows; i++) check_key(&shr.rows[i].key, true, "shares");
    READ(cs_output_read_resources, res, "resources");
    for (size_t i = 0; i < res.nrows; i++) {
        check_label(res.rows[i].key.regime, CS_LABEL_MAX, "resources");
        check_label(res.rows[i].key.resource, CS_LABEL_MAX, "resources");
    }
#undef READ

    static const cs_report_format fmts[] = { CS_REPORT_TABLE, CS_REPORT_CSV, CS_REPORT_MARKDOWN };
    for (size_t f = 0; f < COUNT(fmts); f++) {
        const cs_report_inputs in = { &sum, &dec, &shr, &res, NULL };
        check(cs_report_print_regimes(devnull, &in, fmts[f]) == CS_OK, "cs_report_print_regimes failed");
        check(cs_report_print_counts(devnull, &cnt, NULL, fmts[f]) == CS_OK, "cs_report_print_counts failed");
        check(cs_report_print_differences(devnull, &dif, NULL, fmts[f]) == CS_OK,
              "cs_report_print_differences failed");
        for (int rows = CS_SUMMARY_REPORT; rows <= CS_SUMMARY_ALL; rows++)
            check(cs_report_print_summary(devnull, &sum, &dif, NULL, (cs_summary_rows)rows, rows != CS_SUMMARY_REPORT,
                                          fmts[f]) == CS_OK,
                  "cs_report_print_summary failed");
        cs_report_print(devnull, &sum, NULL, fmts[f]);
    }
    /* the whole document as `clearsim report` builds it: /points,
     * /replications and the effects too, every table in every form */
    cs_report_doc doc;
    memset(&err, 0, sizeof err);
    st = cs_report_doc_read(path, &doc, &err);
    ids_check("cs_report_doc_read");
    if (st == CS_OK) {
        static const cs_report_table tables[] = { CS_TABLE_DOCUMENT, CS_TABLE_SUMMARY, CS_TABLE_DIFFERENCES,
                                                  CS_TABLE_EFFECTS };
        for (size_t k = 0; k < COUNT(tables); k++)
            for (size_t f = 0; f < COUNT(fmts); f++)
                check(cs_report_print_document(devnull, &doc, tables[k], fmts[f]) == CS_OK,
                      "cs_report_print_document failed");
        cs_report_doc_free(&doc);
    } else {
        check(err.message[0] != 0, "cs_report_doc_read failed without a message");
    }
    fflush(devnull);
    cs_summary_table_free(&sum);
    cs_counts_table_free(&cnt);
    cs_difference_table_free(&dif);
    cs_decomposition_table_free(&dec);
    cs_share_table_free(&shr);
    cs_resource_table_free(&res);
}

/* `clearsim merge OUT PART...`; a merged file is read back. */
static void merge(void)
{
    const char *paths[3] = { part_path[0], part_path[1], part_path[2] };
    cs_error err;
    memset(&err, 0, sizeof err);
    unlink(out_path);
    ids_snapshot();
    cs_status st = cs_output_check_target(out_path, false, &err);
    check(st == CS_OK, "cs_output_check_target refused an absent target");
    static cs_run_info info;
    memset(&info, 0, sizeof info);
    snprintf(info.created, sizeof info.created, "2000-01-01T00:00:00Z");
    snprintf(info.command_line, sizeof info.command_line, "clearsim merge OUT PART...");
    snprintf(info.host, sizeof info.host, "fuzz");
    info.threads = info.ranks = 1;
    st = cs_output_merge(out_path, paths, nparts, false, &info, &err);
    ids_check("cs_output_merge");
    if (verbose) fprintf(stderr, "fuzz_results: cs_output_merge of %u parts: %d %s\n", nparts, (int)st, err.message);
    if (st != CS_OK) {
        check(err.status == st && err.message[0] != '\0', "cs_output_merge failed without its status or a message");
        struct stat sb;
        check(stat(out_path, &sb) != 0, "cs_output_merge failed but left its output");
        return;
    }
    report(out_path);
    if (!verbose) unlink(out_path);
}

/* No temporary file of the merge's may stay behind (.merged.h5.tmp.PID). */
static void check_no_temp(void)
{
    DIR *dp = opendir(dir);
    if (!dp) return;
    struct dirent *de;
    bool left = false;
    while ((de = readdir(dp)))
        if (!strncmp(de->d_name, ".merged.h5.tmp", 14)) left = true;
    closedir(dp);
    check(!left, "cs_output_merge left its temporary file");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rd r = { data, size, 0 };
    const uint8_t head = u8(&r);
    const int tmpl = head % 4 == 3 ? TMPL_SWEEP : head % 4; /* half the inputs can merge */
    nparts = 2 + (head / 4) % 2;
    const uint8_t seed = u8(&r);
    for (unsigned p = 0; p < 3; p++) template_init(&parts[p], tmpl, p, nparts, seed);
    for (unsigned nops = 0; r.i < r.n && nops < 4096; nops++) {
        uint8_t target;
        const op o = read_op(&r, &target);
        for (unsigned p = 0; p < 3; p++)
            if (target < 2 || target - 2 == p) apply(&parts[p], &o);
    }
    bool built = true;
    for (unsigned p = 0; p < nparts && built; p++) built = build_part(p);
    check(H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL) == 0, "the target left an HDF5 object open");
    if (!built) return 0;
    report(part_path[0]);
    merge();
    check_no_temp();
    return 0;
}
