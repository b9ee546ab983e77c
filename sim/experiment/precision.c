/*
 * precision.c - sequential stopping of a run (`run --precision REL`).
 *
 * The run goes in batches of a fixed size (the replications asked for):
 * after each whole batch, cs_results_precise looks at every headline
 * metric's 95 % CI over the replications so far, and the run stops when
 * each half-width is within REL of its |mean| or under an absolute floor,
 * or when the cap is reached.  Replication r draws only from its own
 * streams and lands at position r, and the decision is taken only between
 * whole batches, so the count reached, and the file, are the same whatever
 * the number of threads.  A fixed batch rather than one replication at a
 * time keeps every thread busy, and the first batch keeps the first look
 * from resting on two or three values.
 *
 * The results grow in place (cs_results_grow_replications): the values so
 * far stay where they are, the plan's skip list marks the replications
 * done, and only the new ones run.  Histograms and series sums simply go
 * on accumulating.  The analysis (summary, differences, ...) runs once, at
 * the end.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "experiment/job_plan.h"

/* The caller's progress, counted over the whole run rather than a batch. */
typedef struct batch_progress {
    const cs_run_options *opt;
    uint32_t done_before, total;
} batch_progress;

static void report_progress(void *ctx, uint32_t done, uint32_t total)
{
    const batch_progress *b = ctx;
    (void)total;
    b->opt->progress(b->opt->progress_ctx, b->done_before + done, b->total);
}

cs_status cs_job_plan_run_to_precision(cs_job_plan *pl, const cs_run_options *opt, uint32_t batch, uint64_t seed,
                                       cs_results *r, cs_error *err)
{
    const uint32_t cap = cs_precision_cap(opt);
    if (pl->npoints != 1 || batch == 0 || cap < batch)
        return cs_error_set(err, CS_ERR_INTERNAL, NULL, 0, 0, "sequential stopping needs one point and 1 <= batch <= cap");
    uint8_t *skip = calloc(cap, 1);
    if (!skip) return cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory for the replications");
    batch_progress bp = { .opt = opt };
    cs_run_options o = *opt;
    if (opt->progress) o.progress = report_progress, o.progress_ctx = &bp;
    pl->skip = skip;
    int threads = 1;
    double seconds = 0;
    uint32_t n = batch; /* r is laid out for the first batch */
    cs_status st = CS_OK;
    bool met = false;
    cs_precision_gap widest;
    for (;;) {
        bp.total = n;
        int used;
        double took;
        st = cs_job_plan_run(pl, &o, n, seed, r, &used, &took, err);
        if (st != CS_OK) break;
        seconds += took;
        if (used > threads) threads = used;
        met = cs_results_precise(r, opt->precision, opt->precision_floor, &widest);
        if (met || n == cap) break;
        const uint32_t next = cap - n < batch ? cap : n + batch;
        memset(skip, 1, n); /* replications [0, n) are in r */
        bp.done_before = n;
        st = cs_results_grow_replications(r, next);
        if (st != CS_OK) {
            cs_error_set(err, st, NULL, 0, 0, "out of memory for %u replications", next);
            break;
        }
        n = next;
    }
    pl->skip = NULL;
    free(skip);
    if (st != CS_OK) return st;
    r->info.precision = opt->precision;
    r->info.precision_floor = opt->precision_floor;
    r->info.precision_batch = batch;
    r->info.precision_cap = cap;
    r->info.precision_met = met;
    r->info.precision_widest = widest;
    return cs_job_plan_end(pl, r, threads, 1, seconds, err);
}
