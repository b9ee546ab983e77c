/*
 * job_plan.h - the jobs of a run or sweep and the runner that executes
 * them (internal to sim/experiment).
 *
 * A plan lists points (scenarios) and the runner executes job j = (point
 * j / replications, replication j % replications).  Before anything runs
 * the plan fixes where every point's keys (the model's, each of a summary
 * kind followed by its quantile keys: quantiles.c), resources, counters
 * and series land in the results, so rows never depend on completion order.  `run`
 * is a plan of one point; a sweep (sweep_run.c) a plan of many, executed
 * over OpenMP threads here or across MPI ranks (mpi_sweep.c), with every
 * finished job journaled.
 */
#ifndef CS_EXPERIMENT_JOB_PLAN_H
#define CS_EXPERIMENT_JOB_PLAN_H

#include <stdbool.h>
#include <stdint.h>
#include "clearsim/experiment.h"
#include "clearsim/model.h"
#include "clearsim/output.h"
#include "clearsim/results.h"

typedef struct cs_scenario_cache cs_scenario_cache;

typedef struct cs_job_plan {
    const cs_model *model;
    const cs_scenario *const *scenarios; /* point i of the plan, or NULL: loaded when needed */
    /* with scenarios NULL (a sweep): point `point` (an id) loaded into out,
     * kept in cache while in use (cs_job_plan_acquire) */
    cs_status (*load)(void *ctx, uint32_t point, cs_scenario *out, cs_error *err);
    void *load_ctx;
    cs_scenario_cache *cache;
    /* the scenario that names the model's catalogue and the identity
     * (a sweep's point 0, also for a shard without points); NULL:
     * scenarios[0] */
    const cs_scenario *prototype;
    const uint32_t *point_ids;           /* ... reported as this point id (ascending) */
    uint32_t npoints;
    const uint8_t *skip;         /* optional [njobs]: non-zero = already done (resume) */
    uint64_t stop_after;         /* non-zero: stop cleanly after this many jobs (tests) */
    bool trace;                  /* job (0, 0) records every box (--trace) */
    /* optional: called after each stored job; threads may call it at
     * once, so the callee locks what it shares */
    void (*on_done)(void *ctx, uint32_t i, uint32_t rep, const cs_rep_out *out);
    void *on_done_ctx;
    /* optional: each stored job goes here instead of into the results
     * (a sweep written point by point); the runners then leave the
     * results' analysis to the callee (cs_job_plan_end only stamps them) */
    cs_status (*store)(void *ctx, uint32_t i, uint32_t rep, const cs_rep_out *out);
    void *store_ctx;
    /* optional: may a thread start a job of point i now?  The runner asks
     * again every millisecond until it may, or the run is cancelled or
     * failed (a sweep written point by point holds back a thread that
     * would run too far ahead of the writer; jobs are handed out in point
     * order, so the points it waits for are running) */
    bool (*admit)(void *ctx, uint32_t i);
    void *admit_ctx;
    bool measure;                /* offsets: also the labels' width and unit (shape) */
    /* filled by cs_job_plan_offsets */
    cs_catalog catalog;          /* the model's, with its quantile metrics (quantiles.h) */
    size_t *key_off, *res_off, *cnt_off, *ser_off; /* [npoints + 1] */
    double *events;              /* [npoints]: the model's estimate of one replication */
    char (*baselines)[CS_LABEL_MAX]; /* [npoints]: the baseline regime, "" when one regime */
    double model_bytes;          /* the largest point's model state */
    cs_output_shape shape;       /* with measure */
    size_t max_keys, max_res, max_cnt, max_ser;
    size_t quantile_keys;        /* of all points: keys of kind quantile, which hold no histogram */
    size_t max_quantile_keys;    /* of the point with the most keys */
    uint32_t nsamples;           /* of the longest point's series */
    uint32_t min_samples;        /* optional: at least this many (a sweep's longest point, so shards agree) */
    cs_series_spec series;       /* interval and aggregation (the same at every point) */
} cs_job_plan;

static inline const cs_scenario *cs_job_plan_prototype(const cs_job_plan *pl)
{
    return pl->prototype ? pl->prototype : pl->scenarios[0];
}

/* The plan's index of the point with this id, or npoints when it has
 * none. */
uint32_t cs_job_plan_find(const cs_job_plan *pl, uint32_t point);
/* Point i's scenario, loaded if need be (NULL: err says why), until the
 * matching release; threads may call both at once. */
const cs_scenario *cs_job_plan_acquire(const cs_job_plan *pl, uint32_t i, cs_error *err);
void cs_job_plan_release(const cs_job_plan *pl, uint32_t i);
/* The cache of a plan that loads its points (sized for threads). */
cs_status cs_job_plan_cache_new(cs_job_plan *pl, int threads);
void cs_job_plan_cache_free(cs_job_plan *pl);
/* A finished job into r, or through pl->store. */
cs_status cs_job_plan_store(const cs_job_plan *pl, cs_results *r, uint32_t i, uint32_t rep, const cs_rep_out *o);

/* The plan's offsets and largest point (what a worker needs). */
cs_status cs_job_plan_offsets(cs_job_plan *pl, cs_error *err);
/* Fill the offsets (unless done) and lay out r for them: keys, the
 * catalogue and the identity filled, values zero.  The step where resume
 * puts back what was journaled. */
cs_status cs_job_plan_layout(cs_job_plan *pl, cs_results *r, uint32_t replications, uint64_t seed,
                             cs_error *err);
/* r without rows: the identity and the catalogue (a sweep written point
 * by point keeps only these for the end of its file). */
cs_status cs_job_plan_layout_head(const cs_job_plan *pl, cs_results *r, uint32_t replications, uint64_t seed,
                                  cs_error *err);
/* Run every job not skipped into the laid-out r, nothing more: the
 * threads used and the wall time into *threads and *seconds. */
cs_status cs_job_plan_run(const cs_job_plan *pl, const cs_run_options *opt, uint32_t replications, uint64_t seed,
                          cs_results *r, int *threads, double *seconds, cs_error *err);
/* Sequential stopping (precision.c): a run of one point in batches of
 * `batch` replications into the laid-out r until cs_results_precise or the
 * cap, then the analysis (cs_job_plan_end); r->info says how it ended. */
cs_status cs_job_plan_run_to_precision(cs_job_plan *pl, const cs_run_options *opt, uint32_t batch, uint64_t seed,
                                       cs_results *r, cs_error *err);
/* opt's cap on replications under --precision. */
static inline uint32_t cs_precision_cap(const cs_run_options *opt)
{
    return opt->max_replications ? opt->max_replications : CS_PRECISION_MAX_REPLICATIONS;
}
/* Run every job not skipped into the laid-out r, then summarise it. */
cs_status cs_job_plan_execute(const cs_job_plan *pl, const cs_run_options *opt, uint32_t replications,
                              uint64_t seed, cs_results *r, cs_error *err);
/* The analysis after the jobs: paired differences to each point's
 * baseline, decomposition, shares, summary, series means, run info, then
 * the pooled rows and the warnings (cs_job_plan_pool). */
cs_status cs_job_plan_end(const cs_job_plan *pl, cs_results *r, int threads, int ranks,
                          double wall_seconds, cs_error *err);
/* The pooled rows and the warnings (thin.c), the warm-up checked against
 * validate's rule at each queue point of the plan. */
cs_status cs_job_plan_pool(const cs_job_plan *pl, cs_results *r, cs_error *err);
void cs_job_plan_free(cs_job_plan *pl);

/* What a plan is expected to cost (cs_job_plan_estimate). */
typedef struct cs_job_estimate {
    double events;       /* all jobs */
    double bytes;        /* results + each thread's buffers and model state */
    double limit_bytes;  /* min(available memory, cgroup limit, RLIMIT_AS) */
    char limit_what[64]; /* which of them */
} cs_job_estimate;

/* The estimate of the plan's jobs not skipped, on `threads` threads
 * (offsets must be computed). */
void cs_job_plan_estimate(const cs_job_plan *pl, uint32_t replications, int threads, cs_job_estimate *e);
/* Refuse a plan that cannot fit in memory, or whose work passes the cap
 * unless allow_large: CS_ERR_INPUT with a message saying what to change.
 * The estimated peak memory into *bytes (may be NULL). */
cs_status cs_job_plan_check(const cs_job_plan *pl, uint32_t replications, int threads, bool allow_large,
                            double *bytes, cs_error *err);

/* Run job (point i, replication rep) into o, sized for the plan (no
 * storing: MPI workers send o instead). */
cs_status cs_job_compute(const cs_job_plan *pl, uint32_t i, uint32_t rep, uint64_t seed, cs_rep_out *o,
                         bool trace);
/* Store one finished job's outputs at its positions (thread-safe; also
 * how resume puts journaled jobs back). */
cs_status cs_job_store(const cs_job_plan *pl, cs_results *r, uint32_t i, uint32_t rep, const cs_rep_out *out);

/* Output buffers sized for the plan's largest point. */
cs_status cs_rep_out_alloc(cs_rep_out *o, const cs_job_plan *pl);
void cs_rep_out_free(cs_rep_out *o);

#ifdef CS_WITH_MPI
/* Every rank calls it with the same plan (offsets filled).  Rank 0 hands
 * out the jobs not skipped and receives their records into the laid-out
 * r (and on_done), then summarises r; other ranks compute and return
 * CS_OK with r untouched. */
cs_status cs_mpi_sweep_execute(const cs_job_plan *pl, const cs_run_options *opt, uint32_t replications,
                               uint64_t seed, cs_results *r, cs_error *err);
#endif
/* Under MPI every rank learns whether all ranks are ok (a logical and
 * over the ranks); without MPI, or on one rank, ok itself. */
bool cs_mpi_all_agree(bool ok);
/* This process's rank and the number of ranks (0 and 1 without MPI). */
void cs_mpi_rank(int *rank, int *ranks);

#endif
