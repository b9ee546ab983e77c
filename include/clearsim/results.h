/*
 * results.h - the plain structs through which experiments hand their
 * outcome to the output layer (which alone knows HDF5).
 *
 * A run produces, for each metric key (point, regime, flow, segment, metric)
 * and each replication, a count and a mean of the observations, plus one
 * histogram of all observations (its occupied bins, stats.h); for each
 * resource key and replication, time-weighted figures.  Summaries (mean and
 * 95 % CI over replication means, quantiles from the merged histogram) are
 * derived from these, so any split of the work merges to the same numbers.
 *
 * Ownership, for every function that fills a cs_results: the caller owns
 * the struct and calls cs_results_free on it afterwards, whether the call
 * succeeded or failed; a function that fails leaves it in a state that
 * frees cleanly and never frees it itself.  A zeroed cs_results frees as
 * nothing.  Pointers documented as borrowed (scenario and sweep texts,
 * point values, trace names) must outlive the results.
 */
#ifndef CLEARSIM_RESULTS_H
#define CLEARSIM_RESULTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "clearsim/error.h"
#include "clearsim/metrics.h"
#include "clearsim/stats.h"

#define CS_PARAM_PATH_MAX 128

/* One row of /summary and of the CSV report. */
typedef struct cs_summary_row {
    cs_metric_key key;
    uint64_t n; /* replications behind the CI */
    double mean, ci95_low, ci95_high, p50, p90, p99;
} cs_summary_row;

/* One row of /differences: a regime's metric minus the baseline regime's,
 * replication by replication (common random numbers pair them), with the
 * 95 % CI of that paired mean and, for comparison, the half-width the two
 * regimes' replications would give as independent samples (Welch). */
typedef struct cs_difference_row {
    cs_metric_key key;              /* regime: the one compared */
    char baseline[CS_LABEL_MAX];
    uint64_t n;                     /* replications with both observed */
    double mean, ci95_low, ci95_high;
    double unpaired_half_width;
} cs_difference_row;

/* One row of /decomposition: an interval of the time-release study (a
 * metric of kind interval: the milestone it ends at minus the previous
 * milestone a box reached), pooled over replications, and its part of the
 * flow's mean total.  The contributions of a (point, regime, flow) add up
 * to `total`, the mean time from a box's first milestone to its last. */
typedef struct cs_decomposition_row {
    cs_metric_key key;            /* segment all, an interval metric */
    char from[CS_LABEL_MAX], to[CS_LABEL_MAX]; /* milestones: T2, T3, ... */
    double boxes;                 /* observations, all replications */
    double share_of_boxes;        /* boxes / the flow's finished observed boxes */
    double mean;                  /* h, over the boxes that pass the interval */
    double contribution;          /* h, mean * share_of_boxes */
    double share;                 /* contribution / total */
    double total;                 /* h, sum of the flow's contributions */
} cs_decomposition_row;

/* One row of /shares: the share of a flow's boxes in one segment (a
 * channel or a pilot path), from the observations of the segment's first
 * metric over all replications. */
typedef struct cs_share_row {
    cs_metric_key key;            /* segment channel:..., path:...; metric: the one counted */
    double boxes;
    double share;                 /* boxes / the boxes of segment all */
} cs_share_row;

/* One row of /pooled, for every key (as /summary): the observations of
 * each replication, and the pooled ratio estimate that counts every
 * observation once, sum(count_r * mean_r) / sum(count_r) over all
 * replications, with a jackknife 95 % interval over replications (each
 * left out once, the empty ones included; Student t with R - 1 degrees of
 * freedom).  /summary's mean weighs the replications that observed the
 * key alike and leaves the rest out; the two differ where n <
 * replications.  docs/metrics.md, "Warnings for thin data". */
typedef struct cs_pooled_row {
    cs_metric_key key;
    uint32_t replications;        /* R: all of the point's */
    uint64_t n;                   /* replications with observations */
    uint64_t count;               /* observations, all replications */
    uint64_t fewest;              /* observations of the replication with fewest */
    uint32_t thin;                /* replications below CS_MIN_OBSERVATIONS, for the keys
                                   * cs_metric_key_wants_minimum; else 0 */
    double mean, ci95_low, ci95_high;
} cs_pooled_row;

/* The fewest observations a replication should have of a key the minimum
 * applies to (docs/metrics.md gives the reason). */
#define CS_MIN_OBSERVATIONS 10000

/* The keys the minimum applies to: a primary or headline metric (not
 * detail: vessel waits are a few hundred calls by nature) on a headline
 * segment. */
static inline bool cs_metric_key_wants_minimum(const cs_metric_key *k)
{
    return (k->kind == CS_METRIC_PRIMARY || k->kind == CS_METRIC_HEADLINE) &&
           cs_segment_kind_is_headline((cs_segment_kind)k->segment_kind);
}

/* Is the key of this pooled row observed in some replications but not all? */
static inline bool cs_pooled_row_missing(const cs_pooled_row *p)
{
    /* a quantile key misses what its source key misses: counted once */
    return p->n > 0 && p->n < p->replications && p->key.kind != CS_METRIC_QUANTILE;
}

/* The checks of /warnings, in their row order, as files name them. */
#define CS_WARNING_WARMUP "warmup"   /* a queue's warm-up below validate's rule */
#define CS_WARNING_THIN "thin"       /* keys with replications below the minimum */
#define CS_WARNING_MISSING "missing" /* keys some replications did not observe */
#define CS_WARNING_CHECKS 3

/* One row of /warnings: one check at one point, whether or not it warned
 * (so every point has its three rows).  raised: warmup 1 when the
 * warm-up is below the rule, thin and missing the keys concerned (their
 * /pooled rows say which); value and limit: warmup the warm-up and the
 * rule in customers (NaN: no rule, a port or rho >= 1), thin the fewest
 * observations of a replication of a key the minimum applies to (NaN:
 * none) and CS_MIN_OBSERVATIONS, missing the fewest replications that
 * observed a missing key (NaN: none) and the replications. */
typedef struct cs_warning_row {
    uint32_t point;
    char kind[CS_LABEL_MAX];      /* CS_WARNING_... */
    uint64_t raised;
    double value, limit;
} cs_warning_row;

/* What stderr says of the warnings: per check, how many findings (a
 * raised warm-up, a thin key, a missing key) and the first of them, in
 * point and key order.  Kept as a sweep's points are written, so that the
 * summary never needs the whole /pooled table in memory. */
typedef struct cs_warning_digest {
    uint64_t warmups, thin, missing;
    cs_warning_row first_warmup;
    cs_pooled_row first_thin, first_missing;
} cs_warning_digest;

/* Series values are summed over replications as integers of this many
 * fractional bits, so the mean does not depend on the order replications
 * finish in (resolution 2^-20, about 1e-6). */
#define CS_SERIES_FRACTION_BITS 20

/* The headline key furthest from its precision target (ratio: 95 % CI
 * half-width over the target; > 1 misses it; INFINITY with fewer than two
 * replications that observed it). */
typedef struct cs_precision_gap {
    size_t key;
    uint64_t n;
    double mean, half_width, ratio;
} cs_precision_gap;

typedef struct cs_run_info {
    char created[64];       /* ISO 8601 UTC */
    char command_line[4096];
    char host[256];
    int threads;
    int ranks;
    double wall_seconds;
    /* sequential stopping (run --precision; precision 0: a fixed count) */
    double precision, precision_floor;
    uint32_t precision_batch, precision_cap;
    bool precision_met;
    cs_precision_gap precision_widest; /* at the end */
} cs_run_info;

typedef struct cs_results {
    const char *version;
    uint64_t seed;
    char scenario_name[64];
    const char *scenario_text; /* borrowed */
    size_t scenario_len;
    char scenario_sha256[65];  /* lower-case hex */
    uint32_t replications;
    uint64_t draws_cut;        /* draws beyond the model's bound, cut to it: the run warns */

    size_t nkeys;
    cs_metric_key *keys;       /* ordered: point, regime, flow, segment, metric */
    cs_rep_value *rep_values;  /* [key * replications + rep] */
    cs_hist_bins *hists;       /* [key]: occupied bins, summed over reps */
    cs_summary_row *summary;   /* nkeys rows, filled by cs_results_summarise */
    size_t ndifferences;       /* filled by cs_results_differences */
    cs_difference_row *differences;

    size_t ndecomposition;       /* filled by cs_results_decompose */
    cs_decomposition_row *decomposition;

    size_t nshares;              /* filled by cs_results_shares */
    cs_share_row *shares;

    size_t npooled;              /* filled by cs_results_pool: nkeys rows */
    cs_pooled_row *pooled;
    size_t nwarnings;            /* filled by cs_results_pool: three rows per point */
    cs_warning_row *warnings;

    size_t nresources;
    cs_resource_key *resource_keys;
    cs_resource_value *resource_values; /* [resource * replications + rep] */

    size_t ncounters;
    cs_metric_key *counter_keys; /* per-replication totals (count kinds): boxes generated, finished... */
    double *counter_values;      /* [counter * replications + rep] */

    /* Time series (/timeseries): nseries keys of nsamples samples each,
     * every interval_h hours from time 0; NaN past a point's end.  With
     * per_replication the values are [(series * replications + rep) *
     * nsamples + k], else the means over replications [series * nsamples
     * + k], accumulated in series_sum / series_n while jobs run. */
    size_t nseries;
    cs_series_key *series_keys;
    uint32_t nsamples;
    double interval_h;
    bool per_replication;
    double *series;
    int64_t *series_sum;
    uint32_t *series_n;

    cs_catalog catalog;          /* the model's metrics and segments (owned) */

    size_t ntrace;               /* --trace: rows, sorted by (regime, box) */
    cs_trace_row *trace;
    const cs_trace_names *trace_names; /* the model's (borrowed), for the trace */
    char (*regime_names)[CS_LABEL_MAX]; /* [nregime_names], for the trace */
    size_t nregime_names;

    /* Sweeps (npoints > 0): the parameters and every point's values, for
     * /points; all borrowed from the sweep.  A shard (shard_count > 0)
     * holds the points p with p % shard_count == shard_index. */
    uint32_t npoints, nparams;
    char (*param_paths)[CS_PARAM_PATH_MAX]; /* [nparams], owned */
    char *const *point_values;        /* [point * nparams + k]: the text substituted */
    const double *point_numeric;      /* [point * nparams + k]: NAN if not a number */
    /* the keys tied parameters set: a /points column each */
    uint32_t ntied;
    char (*tied_paths)[CS_PARAM_PATH_MAX]; /* [ntied], owned */
    uint32_t *tied_params;            /* [ntied], owned: the parameter setting it */
    const double *tied_numeric;       /* [point * ntied + j] */
    const char *sweep_text;           /* the sweep file, for /sweep */
    size_t sweep_len;
    char sweep_sha256[65];
    uint32_t shard_index, shard_count;

    cs_run_info info;
    double estimated_bytes;      /* the peak memory the run was priced at (not written) */
} cs_results;

/* Allocate the arrays for nkeys x replications and nresources (zeroed). */
cs_status cs_results_alloc(cs_results *r, size_t nkeys, size_t nresources, uint32_t replications);
void cs_results_free(cs_results *r);
/* Allocate the counter arrays (zeroed). */
cs_status cs_results_alloc_counters(cs_results *r, size_t ncounters);
/* Time series of nseries keys x nsamples (keys zeroed, values NaN).  Then
 * each job adds its rows [first, first + nrows) of replication rep
 * (thread-safe), and finish turns the sums into means (per_replication:
 * nothing to do). */
cs_status cs_results_alloc_series(cs_results *r, size_t nseries, uint32_t nsamples, double interval_h,
                                  bool per_replication);
void cs_results_add_series(cs_results *r, size_t first, uint32_t rep, const double *rows, size_t nrows);
void cs_results_finish_series(cs_results *r);
void cs_results_free_series(cs_results *r);
/* Fill r->decomposition from the keys of kind interval (segment all) and
 * the counters of kind count_observed_finished; flows start at the
 * catalogue's origin. */
cs_status cs_results_decompose(cs_results *r);
/* Fill r->shares: for every (point, regime, flow) with segments besides
 * the one of kind all, each segment's boxes. */
cs_status cs_results_shares(cs_results *r);
/* Fill r->pooled (a row per key) and r->warnings (three rows per point)
 * from rep_values (experiment/thin.c).  warmup(ctx, point, &w, &rule)
 * gives a point's warm-up and validate's rule for it, in customers
 * (false: no rule; warmup NULL: no point has one). */
cs_status cs_results_pool(cs_results *r, bool (*warmup)(void *ctx, uint32_t point, double *w, double *rule),
                          void *ctx);
/* Fill r->summary from rep_values and hists. */
void cs_results_summarise(cs_results *r);
/* Fill r->differences: every key of a regime other than its point's
 * baseline (baseline(ctx, point) names it; NULL: none) against the
 * baseline's key with the same flow, segment and metric. */
cs_status cs_results_differences(cs_results *r, const char *(*baseline)(void *ctx, uint32_t point), void *ctx);

/* Room for more replications (sequential stopping): the per-replication
 * arrays re-laid for `replications` (>= r->replications), the values so far
 * kept at their positions, the new ones zero (series NaN). */
cs_status cs_results_grow_replications(cs_results *r, uint32_t replications);

/* Does every headline key (cs_metric_key_is_headline) observed in some
 * replication have a 95 % CI half-width, over the replications that
 * observed it (as /summary computes it), of at most rel x |mean| or at most
 * abs_floor (in the key's unit)?  Keys never observed are passed over.  The
 * widest gap into *widest (may be NULL). */
bool cs_results_precise(const cs_results *r, double rel, double abs_floor, cs_precision_gap *widest);

#endif
