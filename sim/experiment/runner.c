/*
 * runner.c - replications over OpenMP threads into a cs_results.
 *
 * Each thread owns one cs_rep_out buffer and one histogram accumulator;
 * replications are handed out dynamically (they can differ a lot in
 * length), write their per-replication values at their own index, and add
 * their histogram counts to the thread's accumulator.  The accumulators are
 * summed at the end: integer addition, so the order does not matter.  An
 * error in any replication fails the run with the error of the lowest
 * failing replication, so even failures are reproducible.
 */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "clearsim/experiment.h"
#include "clearsim/model.h"
#include "clearsim/sha256.h"

#ifndef CLEARSIM_VERSION
#define CLEARSIM_VERSION "0.0.0"
#endif

typedef struct worker {
    cs_rep_out out;
    uint64_t *hist_acc; /* [nkeys * CS_HIST_NBINS] */
} worker;

static void worker_free(worker *w)
{
    free(w->out.trace);
    free(w->out.counters);
    free(w->out.metrics);
    free(w->out.hists);
    free(w->out.resources);
    free(w->hist_acc);
}

static bool worker_alloc(worker *w, size_t nkeys, size_t nres, size_t ncounters)
{
    memset(w, 0, sizeof *w);
    w->out.nmetrics = nkeys;
    w->out.nresources = nres;
    w->out.ncounters = ncounters;
    w->out.counters = calloc(ncounters ? ncounters : 1, sizeof *w->out.counters);
    w->out.metrics = calloc(nkeys ? nkeys : 1, sizeof *w->out.metrics);
    w->out.hists = calloc(nkeys ? nkeys : 1, sizeof *w->out.hists);
    w->out.resources = calloc(nres ? nres : 1, sizeof *w->out.resources);
    w->hist_acc = calloc(nkeys ? nkeys * CS_HIST_NBINS : 1, sizeof *w->hist_acc);
    if (w->out.metrics && w->out.hists && w->out.resources && w->hist_acc && w->out.counters) return true;
    worker_free(w);
    return false;
}

static int trace_order(const void *x, const void *y)
{
    const cs_trace_row *a = x, *b = y;
    if (a->regime != b->regime) return a->regime < b->regime ? -1 : 1;
    return a->box < b->box ? -1 : a->box > b->box;
}

/* Replication 0's box records become the results' trace (sorted, so the
 * order does not depend on when boxes finished). */
static void take_trace(cs_results *r, cs_rep_out *o)
{
    qsort(o->trace, o->ntrace, sizeof *o->trace, trace_order);
    r->trace = o->trace;
    r->ntrace = o->ntrace;
    o->trace = NULL;
    o->ntrace = o->trace_cap = 0;
    o->want_trace = false;
}

/* Run one replication in w and store its outputs in r. */
static cs_status run_one(const cs_model *m, const cs_scenario *s, cs_results *r, worker *w,
                         uint32_t rep)
{
    cs_rep_out *o = &w->out;
    memset(o->metrics, 0, o->nmetrics * sizeof *o->metrics);
    memset(o->hists, 0, o->nmetrics * sizeof *o->hists);
    memset(o->resources, 0, o->nresources * sizeof *o->resources);
    memset(o->counters, 0, o->ncounters * sizeof *o->counters);
    o->want_trace = rep == 0 && r->ntrace == SIZE_MAX; /* only replication 0 reads or takes it */
    o->ntrace = 0;
    const cs_status st = m->replicate(s, r->seed, rep, o);
    if (st != CS_OK) return st;
    if (o->want_trace) take_trace(r, o);
    const uint32_t nrep = r->replications;
    for (size_t k = 0; k < o->nmetrics; k++) {
        cs_rep_value *v = &r->rep_values[k * nrep + rep];
        v->count = o->metrics[k].n;
        v->mean = o->metrics[k].n ? o->metrics[k].mean : NAN;
        uint64_t *acc = &w->hist_acc[k * CS_HIST_NBINS];
        for (int b = 0; b < CS_HIST_NBINS; b++) acc[b] += o->hists[k].count[b];
    }
    for (size_t i = 0; i < o->nresources; i++) r->resource_values[i * nrep + rep] = o->resources[i];
    for (size_t i = 0; i < o->ncounters; i++) r->counter_values[i * nrep + rep] = o->counters[i];
    return CS_OK;
}

static cs_status prepare_results(const cs_scenario *s, const cs_model *m, uint32_t nrep,
                                 uint64_t seed, cs_results *r, cs_error *err)
{
    memset(r, 0, sizeof *r);
    const size_t nkeys = m->metric_keys(s, NULL, 0);
    const size_t nres = m->resource_keys(s, NULL, 0);
    if (cs_results_alloc(r, nkeys, nres, nrep) != 0)
        return cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory for the results");
    m->metric_keys(s, r->keys, nkeys);
    m->resource_keys(s, r->resource_keys, nres);
    const size_t ncounters = m->counter_keys ? m->counter_keys(s, NULL, 0) : 0;
    if (cs_results_alloc_counters(r, ncounters) != 0) {
        cs_results_free(r);
        return cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory for the results");
    }
    if (ncounters) m->counter_keys(s, r->counter_keys, ncounters);
    if (s->kind == CS_SCENARIO_PORT) {
        r->regime_names = calloc(s->port->nregimes, sizeof *r->regime_names);
        if (!r->regime_names) {
            cs_results_free(r);
            return cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory for the results");
        }
        r->nregime_names = s->port->nregimes;
        for (uint32_t i = 0; i < s->port->nregimes; i++)
            snprintf(r->regime_names[i], sizeof r->regime_names[i], "%s", s->port->regimes[i].name);
    }
    r->version = CLEARSIM_VERSION;
    r->seed = seed;
    snprintf(r->scenario_name, sizeof r->scenario_name, "%s", s->name);
    r->scenario_text = s->text;
    r->scenario_len = s->text_len;
    cs_sha256_hex(s->text, s->text_len, r->scenario_sha256);
    return CS_OK;
}

cs_status cs_experiment_run(const cs_scenario *s, const cs_run_options *opt, cs_results *r,
                            cs_error *err)
{
    const cs_model *m = cs_model_for(s);
    if (!m) return cs_error_set(err, CS_ERR_INPUT, s->path, 0, 0, "no model for this kind");
    const uint32_t nrep = opt->replications ? opt->replications : s->replications;
    const uint64_t seed = opt->seed_given ? opt->seed : s->seed;
    cs_status st = prepare_results(s, m, nrep, seed, r, err);
    if (st != CS_OK) return st;
    if (opt->trace) r->ntrace = SIZE_MAX; /* replication 0 takes it */

    int threads = opt->threads > 0 ? opt->threads : omp_get_num_procs();
    if ((uint32_t)threads > nrep) threads = (int)nrep;
    const double t0 = omp_get_wtime();
    uint32_t failed_rep = UINT32_MAX, done = 0;
    cs_status failed_status = CS_OK;
    bool cancelled = false;

#pragma omp parallel num_threads(threads)
    {
        worker w;
        const bool ok = worker_alloc(&w, r->nkeys, r->nresources, r->ncounters);
#pragma omp for schedule(dynamic, 1)
        for (uint32_t rep = 0; rep < nrep; rep++) {
            bool skip;
#pragma omp atomic read
            skip = cancelled;
            if (skip) continue;
            if (opt->cancel && *opt->cancel) {
#pragma omp atomic write
                cancelled = true;
                continue;
            }
            const cs_status rs = ok ? run_one(m, s, r, &w, rep) : CS_ERR_NOMEM;
#pragma omp critical(cs_runner_state)
            {
                if (rs != CS_OK && rep < failed_rep) {
                    failed_rep = rep;
                    failed_status = rs;
                }
                done++;
                if (opt->progress) opt->progress(opt->progress_ctx, done, nrep);
            }
        }
        if (ok) {
#pragma omp critical(cs_runner_hist)
            for (size_t i = 0; i < r->nkeys * CS_HIST_NBINS; i++) r->hist_counts[i] += w.hist_acc[i];
            worker_free(&w);
        }
    }

    if (cancelled) st = cs_error_set(err, CS_ERR_IO, NULL, 0, 0, "interrupted");
    else if (failed_status == CS_ERR_NOMEM)
        st = cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory in replication %u", failed_rep);
    else if (failed_status != CS_OK)
        st = cs_error_set(err, failed_status, s->path, 0, 0, "replication %u failed", failed_rep);
    if (st == CS_OK && r->ntrace == SIZE_MAX) r->ntrace = 0; /* the model records no boxes */
    if (st != CS_OK) {
        if (r->ntrace == SIZE_MAX) r->ntrace = 0;
        cs_results_free(r);
        return st;
    }
    cs_results_summarise(r);
    r->info.threads = threads;
    r->info.ranks = 1;
    r->info.wall_seconds = omp_get_wtime() - t0;
    return CS_OK;
}
