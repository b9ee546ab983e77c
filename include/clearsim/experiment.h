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
#include "clearsim/scenario.h"

typedef struct cs_run_options {
    uint32_t replications;   /* 0: the scenario's */
    bool seed_given;
    uint64_t seed;           /* used when seed_given, else the scenario's */
    int threads;             /* 0: all cores */
    bool trace;              /* record every box of replication 0 (port scenarios) */
    bool allow_large;        /* lift the work cap (CS_WORK_CAP_EVENTS) */
    /* Sequential stopping (runs only): with precision > 0 the run starts
     * with `replications` (the batch) and adds a batch of as many while
     * some headline metric's 95 % CI half-width is above precision x |mean|
     * and above precision_floor (in the metric's unit): cs_results_precise
     * after each whole batch, so the count never depends on the threads.
     * It stops at max_replications (0: CS_PRECISION_MAX_REPLICATIONS)
     * whatever the intervals; r->info says which. */
    double precision;
    double precision_floor;
    uint32_t max_replications;
    /* Optional: polled between replications; non-zero stops the run with
     * status CS_ERR_IO and the message "interrupted" (the CLI turns the
     * signal into exit 130 or 143). */
    volatile sig_atomic_t *cancel;
    /* Optional: told how many jobs (a run: replications) of how many are
     * done, on the calling thread only: over threads after each job that
     * thread ran itself and once at the end with done == total (not after
     * a failure or an interruption); over MPI ranks on rank 0 after each
     * job a rank sends back.  Nothing it does changes the results. */
    void (*progress)(void *ctx, uint32_t done, uint32_t total);
    void *progress_ctx;
} cs_run_options;

/* Refused without --allow-large: more events than this in a run or sweep
 * (about 10 hours of one core at the port model's 3 million events per
 * second). */
#define CS_WORK_CAP_EVENTS 1e11

/* --precision: the cap on replications unless --max-reps, and the floor
 * under which a half-width meets any target unless --precision-floor
 * (0.01 of the metric's unit: 36 s for the port's hours) */
#define CS_PRECISION_MAX_REPLICATIONS 1000u
#define CS_PRECISION_FLOOR 0.01

/* Run all replications of s into r (cs_results_free it afterwards,
 * whatever the status: results.h).  Fills everything but r->info's
 * command line, host and creation time (cs_run_info_stamp). */
cs_status cs_experiment_run(const cs_scenario *s, const cs_run_options *opt, cs_results *r,
                            cs_error *err);

/* What `run` of s with its replications on `threads` threads (0: all
 * cores) will cost (`clearsim check`): memory from the plan's estimate,
 * wall time from a timed pilot run scaled by the model's event estimates
 * (preflight.c). */
typedef struct cs_run_estimate {
    int threads;
    double events;         /* the model's estimate, the whole run */
    double bytes;          /* peak memory */
    double limit_bytes;    /* the memory this process may use (<= 0: unknown) */
    double pilot_seconds;  /* the pilot's wall time */
    double seconds;        /* the run's estimated wall time */
} cs_run_estimate;
cs_status cs_experiment_estimate(const cs_scenario *s, int threads, cs_run_estimate *out, cs_error *err);

/* This process's resident memory now (VmRSS) and at its peak so far
 * (VmHWM), in bytes; 0 where /proc does not say. */
double cs_memory_resident(void);
double cs_memory_peak(void);

/* The creation time (now, ISO 8601 UTC) and host of /run_info. */
void cs_run_info_stamp(cs_run_info *info);

/* ---- sweeps (clearsim sweep) ---- */

struct cs_sweep;
typedef struct cs_sweep_options {
    cs_run_options run;          /* threads, seed, replications (0: the sweep's), cancel, progress */
    uint32_t shard_index, shard_count; /* shard_count 0: every point */
    bool resume;                 /* finish the journal OUT.partial/ of an interrupted run */
    bool force;                  /* replace an existing OUT (a clearsim file) */
    const char *command_line;    /* for /run_info */
    uint64_t stop_after;         /* tests: stop cleanly after this many jobs */
} cs_sweep_options;

/* What a sweep run did. */
typedef struct cs_sweep_outcome {
    bool wrote;                  /* this process wrote OUT (rank 0 of an MPI run) */
    uint32_t points;             /* points computed (those of the shard) */
    uint32_t replications;
    uint64_t replayed;           /* jobs taken from the journal */
    uint64_t draws_cut;          /* durations cut to the model's bound (warn when > 0) */
    int ranks;
    double wall_seconds;         /* running the jobs */
    double write_seconds;        /* writing what was left of OUT after the jobs */
    uint32_t most_points_held;   /* points in memory at once, waiting for replications or their turn */
    double estimated_bytes;      /* the peak memory the plan was priced at */
    cs_warning_digest warnings;  /* what stderr says of /warnings and /pooled (rank 0) */
} cs_sweep_outcome;

/* Every point of the sweep (or of its shard: the points p with p %
 * shard_count == shard_index), all regimes and replications, into the
 * result file out: planned and priced before anything runs, executed over
 * this process's threads and, in an MPI build, over every rank (each rank
 * calls it; rank 0 coordinates and writes), every finished job journaled
 * in OUT.partial/ and the journal removed once out is written.  With
 * resume, the journal's jobs are put back first and the file equals an
 * uninterrupted run's.  An interruption (run.cancel) or a failure keeps
 * the journal; an interruption returns CS_ERR_IO "interrupted". */
cs_status cs_sweep_run(const struct cs_sweep *sw, const char *out, const cs_sweep_options *o,
                       cs_sweep_outcome *outcome, cs_error *err);
/* The points a shard computes, in order (ids may be NULL: count only). */
uint32_t cs_sweep_shard_points(const struct cs_sweep *sw, const cs_sweep_options *o, uint32_t *ids);

/* ---- validation against queueing theory (clearsim validate) ---- */

typedef struct cs_validation_check {
    char name[48];        /* e.g. "mm1 wait" */
    double estimate, theory, std_error, half_width;
    double ci_low, ci_high; /* the 95 % interval of the statistic checked (a median's for a median) */
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

/* The warm-up, in customers, that validate asks of a queue scenario: 20
 * relaxation times at its arrival rate (validate.c gives the formula).
 * `run` and `sweep` warn below it.  NaN without a steady state (rho >= 1). */
double cs_queue_warmup_rule(const cs_queue_scenario *q);

/* The port cases C1-C4 (docs/domain.md section 5), scenarios DIR/NAME.yaml. */
size_t cs_validate_port_cases(void);
const char *cs_validate_port_case_name(size_t i);
cs_status cs_validate_port_case(const char *dir, size_t i, bool quick, int threads,
                                cs_validation_case *out, cs_error *err);

#endif
