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
    double in_system_mean;  /* busy + waiting, time-averaged (Little's L) */
    double arrivals;        /* requests that arrived inside the window */
    double completions;
} cs_resource_value;

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

    size_t nresources;
    cs_resource_key *resource_keys;
    cs_resource_value *resource_values; /* [resource * replications + rep] */

    size_t ncounters;
    cs_metric_key *counter_keys; /* per-replication totals: boxes generated, finished... */
    double *counter_values;      /* [counter * replications + rep] */

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
/* Fill r->summary from rep_values and hist_counts. */
void cs_results_summarise(cs_results *r);
/* Fill r->differences: every key of a regime other than its point's
 * baseline (baseline(ctx, point) names it; NULL: none) against the
 * baseline's key with the same flow, segment and metric.  -1 when out of
 * memory. */
int cs_results_differences(cs_results *r, const char *(*baseline)(void *ctx, uint32_t point), void *ctx);

#endif
