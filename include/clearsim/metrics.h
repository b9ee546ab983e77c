/*
 * metrics.h - what a model measures, and how the layers above it tell
 * one measurement from another.
 *
 * A model owns a catalogue: every metric it records (name, kind, label,
 * unit, description; for a decomposition interval the milestone it ends at),
 * every segment it splits a flow into (name, kind) and, for box traces,
 * the names of its codes.  Result files store the catalogue (/metrics,
 * /segments).  Every layer above the model selects by kind, never by a
 * metric's or a segment's name: the run summary and the report show the
 * summary kinds, the decomposition takes the intervals and the count of
 * finished observed boxes, the report's box table the count kinds, and
 * the plot tool does the same from the file.  So a metric added to a
 * model's catalogue shows wherever its kind is shown, with no change
 * above the model.
 *
 * The keys and rows here are the plain values a replication hands the
 * experiment runner (model.h) and the runner hands the output layer
 * (results.h); nothing here allocates per observation.
 */
#ifndef CLEARSIM_METRICS_H
#define CLEARSIM_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "clearsim/error.h"

#define CS_LABEL_MAX 48
#define CS_DESCRIPTION_MAX 160

/* What a metric is.  Names as files store them: cs_metric_kind_name. */
typedef enum cs_metric_kind {
    CS_METRIC_PRIMARY = 0,     /* "primary": a flow's main time (its release; a queue's sojourn) */
    CS_METRIC_HEADLINE,        /* "headline": further times of a flow's summary */
    CS_METRIC_DETAIL,          /* "detail": summarised, not a clearance time (vessel waits) */
    CS_METRIC_INTERVAL,        /* "interval": a milestone minus the previous one a box reached */
    CS_METRIC_COUNT_OBSERVED,  /* "count_observed": boxes that arrived in the observation window */
    CS_METRIC_COUNT_OBSERVED_FINISHED, /* "count_observed_finished": of those, the finished */
    CS_METRIC_COUNT_GENERATED, /* "count_generated": all boxes, warm-up included */
    CS_METRIC_COUNT_FINISHED,  /* "count_finished": all boxes finished */
    CS_METRIC_COUNT,           /* "count": any other per-replication total */
    CS_METRIC_QUANTILE,        /* "quantile": a summary metric's p50/p90/p99 in each replication
                                * (the experiment layer derives it: experiment/quantiles.c) */
    CS_METRIC_KIND_N
} cs_metric_kind;

/* What a segment of a flow is. */
typedef enum cs_segment_kind {
    CS_SEGMENT_ALL = 0,        /* "all": every observation of the flow */
    CS_SEGMENT_PILOT,          /* "pilot": the boxes that took the regime's pilot */
    CS_SEGMENT_PATH,           /* "path": the other paths of a pilot */
    CS_SEGMENT_CHANNEL,        /* "channel": one inspection channel */
    CS_SEGMENT_COMPARATOR,     /* "comparator": a group defined for comparison */
    CS_SEGMENT_KIND_N
} cs_segment_kind;

const char *cs_metric_kind_name(cs_metric_kind k);
const char *cs_segment_kind_name(cs_segment_kind k);
/* The kind named name; false when there is none. */
bool cs_metric_kind_parse(const char *name, cs_metric_kind *out);
bool cs_segment_kind_parse(const char *name, cs_segment_kind *out);

/* The kinds a run's summary, a report's times and its differences show. */
static inline bool cs_metric_kind_is_summary(cs_metric_kind k)
{
    return k == CS_METRIC_PRIMARY || k == CS_METRIC_HEADLINE || k == CS_METRIC_DETAIL;
}
/* The kinds that are per-replication totals (/counts), not observations. */
static inline bool cs_metric_kind_is_count(cs_metric_kind k)
{
    return k >= CS_METRIC_COUNT_OBSERVED && k <= CS_METRIC_COUNT;
}
/* The segments a run's summary and a report's differences show. */
static inline bool cs_segment_kind_is_headline(cs_segment_kind k)
{
    return k == CS_SEGMENT_ALL || k == CS_SEGMENT_PILOT;
}

typedef struct cs_metric_info {
    char name[CS_LABEL_MAX];
    cs_metric_kind kind;
    char label[CS_LABEL_MAX];     /* a few words for axes and headings */
    char unit[CS_LABEL_MAX];
    char milestone[CS_LABEL_MAX]; /* intervals: the milestone they end at; else "" */
    char description[CS_DESCRIPTION_MAX];
} cs_metric_info;

typedef struct cs_segment_info {
    char name[CS_LABEL_MAX];
    cs_segment_kind kind;
    char description[CS_DESCRIPTION_MAX];
} cs_segment_info;

/* A model's metrics and segments, in the order its keys use them. */
typedef struct cs_catalog {
    size_t nmetrics;
    cs_metric_info *metrics;
    size_t nsegments;
    cs_segment_info *segments;
    char origin[CS_LABEL_MAX]; /* the milestone each flow's decomposition starts at ("" without) */
} cs_catalog;

/* Room for n metrics and m segments, zeroed, in a catalogue that holds
 * nothing yet (zeroed or freed); free with cs_catalog_free (a zeroed
 * catalogue frees as nothing). */
cs_status cs_catalog_alloc(cs_catalog *c, size_t nmetrics, size_t nsegments);
void cs_catalog_free(cs_catalog *c);
/* A deep copy into an empty catalogue. */
cs_status cs_catalog_copy(cs_catalog *to, const cs_catalog *from);
/* The entry of that name, or NULL. */
const cs_metric_info *cs_catalog_metric(const cs_catalog *c, const char *name);
const cs_segment_info *cs_catalog_segment(const cs_catalog *c, const char *name);

/* The key of one statistic: which point, regime, flow, segment and metric
 * it belongs to.  kind and segment_kind repeat what the catalogue says of
 * metric and segment (cs_catalog_classify fills them). */
typedef struct cs_metric_key {
    uint32_t point;
    uint8_t kind;               /* cs_metric_kind of metric */
    uint8_t segment_kind;       /* cs_segment_kind of segment */
    char regime[CS_LABEL_MAX];
    char flow[CS_LABEL_MAX];    /* import, export, transit, queue, ... */
    char segment[CS_LABEL_MAX]; /* all, channel:green, path:pilot, ... */
    char metric[CS_LABEL_MAX];  /* release_h, wait, ... */
    char unit[CS_LABEL_MAX];    /* "h", or the queue's time unit */
} cs_metric_key;

/* A row of a run's comparison: a summary kind on a headline segment. */
static inline bool cs_metric_key_is_headline(const cs_metric_key *k)
{
    return cs_metric_kind_is_summary((cs_metric_kind)k->kind) &&
           cs_segment_kind_is_headline((cs_segment_kind)k->segment_kind);
}

/* Set the kinds of keys[0..n) from c.  A key whose metric or segment c
 * does not list: CS_ERR_INTERNAL from a model's own keys, CS_ERR_INPUT
 * from a file (the caller says which), with the name in err. */
cs_status cs_catalog_classify(const cs_catalog *c, cs_metric_key *keys, size_t n, cs_status missing,
                              cs_error *err);

/* Same point, regime and flow? */
bool cs_metric_key_same_flow(const cs_metric_key *a, const cs_metric_key *b);

/* One replication's view of one metric key. */
typedef struct cs_rep_value {
    uint64_t count; /* observations */
    double mean;    /* NAN when count == 0 */
} cs_rep_value;

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

/* One box of a traced run (`--trace`): who it is and its milestones in
 * hours (NaN where skipped).  The codes and the milestone slots are named
 * by the model's cs_trace_names. */
#define CS_TRACE_MILESTONES 15
typedef struct cs_trace_row {
    uint32_t regime;        /* index into the scenario's regimes */
    uint32_t replication;
    uint64_t box;           /* trace id, unique in a regime: call * 2^21 + side * 2^20 + index
                             * (side 0 discharged: import, transit; 1 loaded: export) */
    uint32_t vessel;        /* arriving call (imports), or the call it loaded on */
    uint8_t flow, credit, channel, path, adoption, teu, rehandles, observed, finished;
    double t[CS_TRACE_MILESTONES];
} cs_trace_row;

/* The names of a trace's codes, as the model that wrote it defines them. */
typedef struct cs_trace_names {
    const char *const *flow;
    size_t nflow;
    const char *const *credit;
    size_t ncredit;
    const char *const *channel;
    size_t nchannel;
    const char *const *path;
    size_t npath;
    const char *const *adoption;
    size_t nadoption;
    const char *const *milestone; /* CS_TRACE_MILESTONES */
} cs_trace_names;

#endif
