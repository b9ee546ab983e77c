/*
 * model.h - what a model hands the experiment runner for one replication.
 *
 * A model describes its statistics once (its catalogue, metrics.h) and
 * declares its metric, resource and counter keys per scenario, in report
 * order; a replication then fills one Welford accumulator and one
 * histogram per metric key and one cs_resource_value per resource key.  The
 * runner owns the memory, so a model allocates nothing per observation.
 */
#ifndef CLEARSIM_MODEL_H
#define CLEARSIM_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "clearsim/error.h"
#include "clearsim/metrics.h"
#include "clearsim/scenario.h"
#include "clearsim/stats.h"

typedef struct cs_rep_out {
    size_t nmetrics;
    size_t metrics_cap;            /* metrics and hists allocated (the runner's) */
    cs_welford *metrics;           /* [nmetrics], zeroed by the runner */
    cs_hist *hists;                /* [nmetrics], cleared by the runner */
    size_t nresources;
    cs_resource_value *resources;  /* [nresources] */
    size_t ncounters;
    double *counters;              /* [ncounters]: per-replication totals */
    size_t nseries;
    uint32_t nsamples;             /* row length of `series` (the plan's longest) */
    double *series;                /* [nseries * nsamples] interval means, NaN-filled by the runner */
    uint64_t events;               /* events executed */
    uint64_t draws_cut;            /* draws beyond the model's bound, cut to it (the run warns) */
    bool want_trace;               /* set by the runner: record every box */
    bool trace_failed;             /* the trace could not grow (out of memory) */
    cs_trace_row *trace;           /* owned; grown by the model */
    size_t ntrace, trace_cap;
    double loop_seconds;           /* wall time of the event loop */
} cs_rep_out;

typedef struct cs_model {
    const char *kind;
    /* The model's metrics and segments (cs_catalog_alloc'ed into out). */
    cs_status (*catalog)(const cs_scenario *s, cs_catalog *out);
    /* Fill up to `max` keys (out may be NULL to count); returns the count. */
    size_t (*metric_keys)(const cs_scenario *s, cs_metric_key *out, size_t max);
    size_t (*resource_keys)(const cs_scenario *s, cs_resource_key *out, size_t max);
    /* Run replication `rep` of s with master seed `seed` into out. */
    cs_status (*replicate)(const cs_scenario *s, uint64_t seed, uint32_t rep, cs_rep_out *out);
    /* Per-replication totals (e.g. boxes generated, finished); may be NULL. */
    size_t (*counter_keys)(const cs_scenario *s, cs_metric_key *out, size_t max);
    /* Time series (may be NULL): keys as above, none when s has them off;
     * *spec receives the interval and aggregation, *samples the samples of
     * one series. */
    size_t (*series_keys)(const cs_scenario *s, cs_series_key *out, size_t max,
                          cs_series_spec *spec, uint32_t *samples);
    /* What one replication of s is expected to cost: events, and the bytes
     * the model holds at its peak (not the runner's buffers). */
    void (*estimate)(const cs_scenario *s, double *events, double *bytes);
    /* The names of its trace's codes; NULL: the model records no boxes. */
    const cs_trace_names *trace_names;
} cs_model;

struct cs_resource;
/* A resource's time-weighted figures at `now`, as the results store them. */
cs_resource_value cs_model_resource_value(const struct cs_resource *r, double now);

/* The model that runs scenarios of s->kind. */
const cs_model *cs_model_for(const cs_scenario *s);

/* kind: port (port.h), see port_model.c. */
extern const cs_model cs_port_model;

/* kind: queue (one multi-server FIFO station), exposed for benchmarks. */
extern const cs_model cs_queue_model;
cs_status cs_queue_replicate(const cs_queue_scenario *q, uint64_t seed, uint32_t rep,
                             cs_rep_out *out);
/* The queue's metrics, in key order, and their names. */
typedef enum cs_queue_metric { CS_QUEUE_WAIT = 0, CS_QUEUE_SOJOURN, CS_QUEUE_METRIC_N } cs_queue_metric;
const char *cs_queue_metric_name(cs_queue_metric m);

/* Stream sources (the `source` part of a stream key) used by the models. */
enum {
    CS_SRC_QUEUE_ARRIVAL = 1,
    CS_SRC_QUEUE_SERVICE = 2
};

#endif
