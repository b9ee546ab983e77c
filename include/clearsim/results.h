/*
 * results.h - the plain structs through which experiments hand their
 * outcome to the output layer (which alone knows HDF5).
 *
 * A run produces, for each metric key (point, regime, flow, segment, metric)
 * and each replication, a count and a mean of the observations, plus one
 * histogram of all observations over the shared bins of stats.h; for each
 * resource key and replication, time-weighted figures.  Summaries (mean and
 * 95 % CI over replication means, quantiles from the merged histogram) are
 * derived from these, so any split of the work merges to the same numbers.
 */
#ifndef CLEARSIM_RESULTS_H
#define CLEARSIM_RESULTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "clearsim/stats.h"

#define CS_LABEL_MAX 48
#define CS_PARAM_PATH_MAX 128

typedef struct cs_metric_key {
    uint32_t point;
    char regime[CS_LABEL_MAX];
    char flow[CS_LABEL_MAX];    /* import, export, transit, queue */
    char segment[CS_LABEL_MAX]; /* all, channel:green, path:pilot, ... */
    char metric[CS_LABEL_MAX];  /* wait, sojourn, release_h, ... */
    char unit[CS_LABEL_MAX];    /* "h", or the queue's time unit */
} cs_metric_key;

/* One replication's view of one metric key. */
typedef struct cs_rep_value {
    uint64_t count; /* observations */
    double mean;    /* NAN when count == 0 */
} cs_rep_value;

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

/* One row of /decomposition: an interval of the time-release study
 * (metric dTk_h: milestone Tk minus the previous milestone a box reached),
 * pooled over replications, and its part of the flow's mean total.  The
 * contributions of a (point, regime, flow) add up to `total`, the mean
 * time from a box's first milestone to its last. */
typedef struct cs_decomposition_row {
    cs_metric_key key;            /* segment all, metric dTk_h */
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

typedef struct cs_resource_key {
    uint32_t point;
    char regime[CS_LABEL_MAX];
    char resource[CS_LABEL_MAX];
} cs_resource_key;

/* Time-weighted figures of one resource in one replication, over the
 * observation window [window_start, window_end]. */
typedef struct cs_resource_value {
    double window_start, window_end;
    double capacity_mean;   /* time-average of the number of servers */
    double busy_mean;       /* time-average of busy servers */
    double utilisation;     /* busy_mean / capacity_mean */
    double queue_mean;      /* time-average of the waiting line */
    double queue_max;
    double queue_p90;       /* 90th percentile of the time-weighted waiting line */
    double in_system_mean;  /* busy + waiting, time-averaged (Little's L) */
    double arrivals;        /* requests that arrived inside the window */
    double completions;
} cs_resource_value;

/* One time series: an interval mean of a quantity over the run.  Subject
 * is a resource (quantities utilisation, queue_length, busy, capacity) or
 * what a level counts in (yard: boxes_in_yard; customs: awaiting_release). */
typedef struct cs_series_key {
    uint32_t point;
    char regime[CS_LABEL_MAX];
    char subject[CS_LABEL_MAX];
    char quantity[CS_LABEL_MAX];
    char unit[CS_LABEL_MAX];     /* share, waiting, servers, boxes */
} cs_series_key;

/* Series values are summed over replications as integers of this many
 * fractional bits, so the mean does not depend on the order replications
 * finish in (resolution 2^-20, about 1e-6). */
#define CS_SERIES_FRACTION_BITS 20

/* One box of a traced run (`--trace`): who it is and its milestones in
 * hours (NaN where skipped); milestone slots as CS_TRACE_MILESTONES names
 * them.  Rows come from the first replication of every regime. */
#define CS_TRACE_MILESTONES 15
typedef struct cs_trace_row {
    uint32_t regime;        /* index into the scenario's regimes */
    uint32_t replication;
    uint64_t box;           /* call index * 2^20 + index within the call */
    uint32_t vessel;        /* arriving call (imports), or the call it loaded on */
    uint8_t flow, credit, channel, path, teu, rehandles, observed, finished;
    double t[CS_TRACE_MILESTONES];
} cs_trace_row;

/* Names: flows, credit classes, channels, paths, milestones (for output). */
extern const char *const cs_trace_flow_names[3];
extern const char *const cs_trace_credit_names[3];
extern const char *const cs_trace_channel_names[5];
extern const char *const cs_trace_path_names[4];
extern const char *const cs_trace_milestone_names[CS_TRACE_MILESTONES];

typedef struct cs_run_info {
    char created[64];       /* ISO 8601 UTC */
    char command_line[4096];
    char host[256];
    int threads;
    int ranks;
    double wall_seconds;
} cs_run_info;

typedef struct cs_results {
    const char *version;
    uint64_t seed;
    char scenario_name[64];
    const char *scenario_text; /* borrowed */
    size_t scenario_len;
    char scenario_sha256[65];  /* lower-case hex */
    uint32_t replications;

    size_t nkeys;
    cs_metric_key *keys;       /* ordered: point, regime, flow, segment, metric */
    cs_rep_value *rep_values;  /* [key * replications + rep] */
    uint64_t *hist_counts;     /* [key * CS_HIST_NBINS + bin], summed over reps */
    cs_summary_row *summary;   /* nkeys rows, filled by cs_results_summarise */
    size_t ndifferences;       /* filled by cs_results_differences */
    cs_difference_row *differences;

    size_t ndecomposition;       /* filled by cs_results_decompose */
    cs_decomposition_row *decomposition;

    size_t nshares;              /* filled by cs_results_shares */
    cs_share_row *shares;

    size_t nresources;
    cs_resource_key *resource_keys;
    cs_resource_value *resource_values; /* [resource * replications + rep] */

    size_t ncounters;
    cs_metric_key *counter_keys; /* per-replication totals: boxes generated, finished... */
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

    size_t ntrace;               /* --trace: rows, sorted by (regime, box) */
    cs_trace_row *trace;
    char (*regime_names)[CS_LABEL_MAX]; /* [nregime_names], for the trace */
    size_t nregime_names;

    /* Sweeps (npoints > 0): the parameters and every point's values, for
     * /points; all borrowed from the sweep.  A shard (shard_count > 0)
     * holds the points p with p % shard_count == shard_index. */
    uint32_t npoints, nparams;
    char (*param_paths)[CS_PARAM_PATH_MAX]; /* [nparams], owned */
    char *const *point_values;        /* [point * nparams + k]: the text substituted */
    const double *point_numeric;      /* [point * nparams + k]: NAN if not a number */
    const char *sweep_text;           /* the sweep file, for /sweep */
    size_t sweep_len;
    char sweep_sha256[65];
    uint32_t shard_index, shard_count;

    cs_run_info info;
} cs_results;

/* Allocate the arrays for nkeys x replications and nresources (zeroed).
 * Returns 0, or -1 on allocation failure (nothing leaked). */
int cs_results_alloc(cs_results *r, size_t nkeys, size_t nresources, uint32_t replications);
void cs_results_free(cs_results *r);
/* Allocate the counter arrays (zeroed); -1 on allocation failure. */
int cs_results_alloc_counters(cs_results *r, size_t ncounters);
/* Time series of nseries keys x nsamples (keys zeroed, values NaN); 0, or
 * -1 when out of memory (nothing held).  Then each job adds its rows
 * [first, first + nrows) of replication rep (thread-safe), and finish
 * turns the sums into means (per_replication: nothing to do). */
int cs_results_alloc_series(cs_results *r, size_t nseries, uint32_t nsamples, double interval_h,
                            bool per_replication);
void cs_results_add_series(cs_results *r, size_t first, uint32_t rep, const double *rows, size_t nrows);
void cs_results_finish_series(cs_results *r);
void cs_results_free_series(cs_results *r);
/* Fill r->decomposition from the interval metrics (segment all, metric
 * d<milestone>_h) and the boxes_observed_finished counters; -1 when out
 * of memory.  Flows start at T0. */
int cs_results_decompose(cs_results *r);
/* Fill r->shares: for every (point, regime, flow) with segments besides
 * `all`, each segment's boxes; -1 when out of memory. */
int cs_results_shares(cs_results *r);
/* Fill r->summary from rep_values and hist_counts. */
void cs_results_summarise(cs_results *r);
/* Fill r->differences: every key of a regime other than its point's
 * baseline (baseline(ctx, point) names it; NULL: none) against the
 * baseline's key with the same flow, segment and metric.  -1 when out of
 * memory. */
int cs_results_differences(cs_results *r, const char *(*baseline)(void *ctx, uint32_t point), void *ctx);

#endif
