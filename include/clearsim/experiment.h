/*
 * experiment.h - replications of a scenario, in parallel, reproducibly.
 *
 * Replication r of a run with seed S draws only from streams keyed
 * (S, r, source, entity), and its outputs land at position r of the result
 * arrays; histograms merge by integer addition.  So the results do not
 * depend on the number of threads or on which thread ran what.
 */
#ifndef CLEARSIM_EXPERIMENT_H
#define CLEARSIM_EXPERIMENT_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include "clearsim/error.h"
#include "clearsim/results.h"
#include "clearsim/model.h"
#include "clearsim/scenario.h"

typedef struct cs_run_options {
    uint32_t replications;   /* 0: the scenario's */
    bool seed_given;
    uint64_t seed;           /* used when seed_given, else the scenario's */
    int threads;             /* 0: all cores */
    bool trace;              /* record every box of replication 0 (port scenarios) */
    bool allow_large;        /* lift the work cap (CS_WORK_CAP_EVENTS) */
    /* Optional: polled between replications; non-zero stops the run with
     * status CS_ERR_IO and the message "interrupted" (the CLI turns the
     * signal into exit 130 or 143). */
    volatile sig_atomic_t *cancel;
    /* Optional: called (from one thread at a time) after each replication. */
    void (*progress)(void *ctx, uint32_t done, uint32_t total);
    void *progress_ctx;
} cs_run_options;

/* Run all replications of s into r (allocated here; cs_results_free it).
 * Fills everything but r->info's command line, host and creation time. */
cs_status cs_experiment_run(const cs_scenario *s, const cs_run_options *opt, cs_results *r,
                            cs_error *err);

/* ---- jobs: the engine under `run` and `sweep` ---- */

/* What to run: point i of the plan is scenarios[i], reported as point
 * point_ids[i]; job j is (point j / replications, replication j %
 * replications).  The offsets are filled by cs_job_plan_run. */
typedef struct cs_job_plan {
    const cs_model *model;
    const cs_scenario *const *scenarios;
    const uint32_t *point_ids;
    uint32_t npoints;
    const uint8_t *skip;         /* optional [njobs]: non-zero = already done (resume) */
    uint64_t stop_after;         /* non-zero: stop cleanly after this many jobs (tests) */
    /* optional: called after each job, from one thread at a time is NOT
     * guaranteed: the callee locks what it shares */
    void (*on_done)(void *ctx, uint32_t i, uint32_t rep, const cs_rep_out *out);
    void *on_done_ctx;
    size_t *key_off, *res_off, *cnt_off, *ser_off; /* [npoints + 1] */
    size_t max_keys, max_res, max_cnt, max_ser;
    uint32_t nsamples;           /* of the longest point's series */
    uint32_t min_samples;        /* optional: at least this many (a sweep's longest point, so shards agree) */
    cs_series_spec series;       /* interval and aggregation (the same at every point) */
} cs_job_plan;

/* The plan's offsets and largest point (what a worker needs). */
cs_status cs_job_plan_offsets(cs_job_plan *pl, cs_error *err);
/* Fill the plan's offsets (unless done) and allocate r for them (keys filled, values
 * zero): the step before cs_job_plan_execute, where resume puts back what
 * was journaled. */
cs_status cs_job_plan_layout(cs_job_plan *pl, cs_results *r, uint32_t replications, cs_error *err);
/* Run every job not skipped into the laid-out r; frees r on failure. */
cs_status cs_job_plan_execute(cs_job_plan *pl, const cs_run_options *opt, uint32_t replications,
                              uint64_t seed, cs_results *r, cs_error *err);
/* The steps of cs_job_plan_execute around its loop, for other loops
 * (MPI): begin names the results, end summarises and takes the paired
 * differences to each point's baseline regime (both free r on failure). */
cs_status cs_job_plan_begin(const cs_job_plan *pl, uint64_t seed, cs_results *r, cs_error *err);
cs_status cs_job_plan_end(const cs_job_plan *pl, cs_results *r, int threads, int ranks,
                          double wall_seconds, cs_error *err);
/* Both: run every job not skipped into r (allocated here; cs_results_free it). */
cs_status cs_job_plan_run(cs_job_plan *pl, const cs_run_options *opt, uint32_t replications,
                          uint64_t seed, cs_results *r, cs_error *err);
/* Refused without --allow-large: more events than this in a run or sweep
 * (about 10 hours of one core at the port model's 3 million events per
 * second). */
#define CS_WORK_CAP_EVENTS 1e11

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
 * unless allow_large: CS_ERR_INPUT with a message saying what to change. */
cs_status cs_job_plan_check(const cs_job_plan *pl, uint32_t replications, int threads, bool allow_large,
                            cs_error *err);

/* Run job (point i, replication rep) into o, sized for the plan (no
 * storing: MPI workers send o instead). */
cs_status cs_job_compute(const cs_job_plan *pl, uint32_t i, uint32_t rep, uint64_t seed, cs_rep_out *o,
                         bool trace);
/* Store one finished job's outputs at its positions (also used by resume
 * to put journaled jobs back). */
void cs_job_store(const cs_job_plan *pl, cs_results *r, uint32_t i, uint32_t rep,
                  const cs_rep_out *out);
void cs_job_plan_free(cs_job_plan *pl);

/* ---- sweeps (clearsim sweep) ---- */

struct cs_sweep;
typedef struct cs_sweep_options {
    cs_run_options run;          /* threads, seed, replications (0: the sweep's), cancel, progress */
    uint32_t shard_index, shard_count; /* shard_count 0: every point */
    uint64_t stop_after;         /* tests: stop cleanly after this many jobs */
} cs_sweep_options;

/* The points a shard computes, in order (ids may be NULL: count only). */
uint32_t cs_sweep_shard_points(const struct cs_sweep *sw, const cs_sweep_options *o, uint32_t *ids);
/* The job plan of a sweep (or shard); free with cs_sweep_plan_free. */
cs_status cs_sweep_plan(const struct cs_sweep *sw, const cs_sweep_options *o, cs_job_plan *pl,
                        cs_error *err);
void cs_sweep_plan_free(cs_job_plan *pl);
/* The sweep's part of finished results: /points, /sweep, the name and the
 * base scenario's text; frees nothing on failure.  r borrows the sweep's
 * point values, so free r before the sweep. */
cs_status cs_sweep_fill_results(const struct cs_sweep *sw, const cs_sweep_options *o, cs_results *r,
                                cs_error *err);

/* ---- validation against queueing theory (clearsim validate) ---- */

typedef struct cs_validation_check {
    char name[48];        /* e.g. "mm1 wait" */
    double estimate, theory, std_error, half_width;
    double limit;         /* allowed half-width, relative to theory */
    bool pass;
    char reason[160];     /* why it failed, empty when it passed */
} cs_validation_check;

#define CS_VALIDATION_MAX_CHECKS 16
typedef struct cs_validation_case {
    char scenario[64];
    char description[96];
    uint64_t customers, warmup;
    uint32_t replications;
    double relaxation_time;     /* in the scenario's time unit */
    double warmup_relaxations;  /* warm-up length in relaxation times */
    double seconds;
    size_t nchecks;
    cs_validation_check checks[CS_VALIDATION_MAX_CHECKS];
} cs_validation_case;

/* Run the queue scenario at `path` and check it against theory (see
 * validate.c for the formulas).  quick: one sixth of the customers, 4 %
 * half-width limit instead of 1.5 %. */
cs_status cs_validate_scenario(const char *path, bool quick, int threads,
                               cs_validation_case *out, cs_error *err);

/* The port cases C1-C4 (DOMAIN.md section 5), scenarios DIR/NAME.yaml. */
size_t cs_validate_port_cases(void);
const char *cs_validate_port_case_name(size_t i);
cs_status cs_validate_port_case(const char *dir, size_t i, bool quick, int threads,
                                cs_validation_case *out, cs_error *err);

#endif
