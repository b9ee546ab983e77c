/*
 * runner.c - jobs (point, replication) over OpenMP threads into a cs_results.
 *
 * A run is a plan of one point; a sweep a plan of many.  Each thread owns
 * one cs_rep_out buffer sized for the largest point; jobs are handed out
 * dynamically (they can differ a lot in length), write their
 * per-replication values at positions fixed before anything runs, and add
 * their histogram bins under a lock: integer addition, so the order does
 * not matter.  An error fails the run with the error of the lowest failing
 * job, so even failures are reproducible.
 */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "clearsim/sha256.h"
#include "experiment/job_plan.h"
#include "experiment/quantiles.h"

#ifndef CLEARSIM_VERSION
#define CLEARSIM_VERSION "0.0.0"
#endif

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
}

void cs_run_info_stamp(cs_run_info *info)
{
    const time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(info->created, sizeof info->created, "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (gethostname(info->host, sizeof info->host) != 0) snprintf(info->host, sizeof info->host, "unknown");
    info->host[sizeof info->host - 1] = 0;
}

/* Version, seed, scenario, regime names and the model's names. */
static cs_status fill_identity(const cs_job_plan *pl, uint64_t seed, cs_results *r)
{
    const cs_scenario *s = cs_job_plan_prototype(pl);
    r->version = CLEARSIM_VERSION;
    r->seed = seed;
    snprintf(r->scenario_name, sizeof r->scenario_name, "%s", s->name);
    r->scenario_text = s->text;
    r->scenario_len = s->text_len;
    cs_sha256_hex(s->text, s->text_len, r->scenario_sha256);
    r->trace_names = pl->model->trace_names;
    if (s->kind != CS_SCENARIO_PORT) return CS_OK;
    r->regime_names = calloc(s->port->nregimes ? s->port->nregimes : 1, sizeof *r->regime_names);
    if (!r->regime_names) return CS_ERR_NOMEM;
    r->nregime_names = s->port->nregimes;
    for (uint32_t i = 0; i < s->port->nregimes; i++)
        snprintf(r->regime_names[i], sizeof r->regime_names[i], "%s", s->port->regimes[i].name);
    return CS_OK;
}

/* The keys of every point at their offsets, classified by the catalogue. */
static cs_status fill_keys(const cs_job_plan *pl, cs_results *r, cs_error *err)
{
    for (size_t i = 0; i < pl->npoints; i++) {
        const cs_scenario *s = cs_job_plan_acquire(pl, (uint32_t)i, err);
        if (!s) return err->status;
        const uint32_t point = pl->point_ids[i];
        cs_metric_key *k = r->keys + pl->key_off[i];
        const size_t nk = pl->key_off[i + 1] - pl->key_off[i];
        const size_t nmodel = pl->model->metric_keys(s, NULL, 0);
        if (nmodel) pl->model->metric_keys(s, k, nmodel);
        if (nmodel && cs_quantile_keys(&r->catalog, k, nmodel) != nk) {
            cs_job_plan_release(pl, (uint32_t)i);
            return cs_error_set(err, CS_ERR_INTERNAL, NULL, 0, 0, "point %u: its keys changed since the plan", point);
        }
        for (size_t j = 0; j < nk; j++) k[j].point = point;
        cs_resource_key *rk = r->resource_keys + pl->res_off[i];
        const size_t nr = pl->res_off[i + 1] - pl->res_off[i];
        pl->model->resource_keys(s, rk, nr);
        for (size_t j = 0; j < nr; j++) rk[j].point = point;
        cs_metric_key *ck = r->counter_keys + pl->cnt_off[i];
        const size_t nc = pl->cnt_off[i + 1] - pl->cnt_off[i];
        if (nc) pl->model->counter_keys(s, ck, nc);
        for (size_t j = 0; j < nc; j++) ck[j].point = point;
        const size_t ns = pl->ser_off[i + 1] - pl->ser_off[i];
        if (ns) pl->model->series_keys(s, r->series_keys + pl->ser_off[i], ns, NULL, NULL);
        for (size_t j = 0; j < ns; j++) r->series_keys[pl->ser_off[i] + j].point = point;
        cs_job_plan_release(pl, (uint32_t)i);
    }
    const cs_status st = cs_catalog_classify(&r->catalog, r->keys, r->nkeys, CS_ERR_INTERNAL, err);
    return st != CS_OK ? st : cs_catalog_classify(&r->catalog, r->counter_keys, r->ncounters, CS_ERR_INTERNAL, err);
}

cs_status cs_job_plan_layout(cs_job_plan *pl, cs_results *r, uint32_t nrep, uint64_t seed, cs_error *err)
{
    memset(r, 0, sizeof *r);
    if (!pl->key_off) {
        const cs_status st = cs_job_plan_offsets(pl, err);
        if (st != CS_OK) return st;
    }
    const size_t n = pl->npoints;
    cs_status st = cs_results_alloc(r, pl->key_off[n], pl->res_off[n], nrep);
    if (st == CS_OK) st = cs_results_alloc_counters(r, pl->cnt_off[n]);
    if (st == CS_OK)
        st = cs_results_alloc_series(r, pl->ser_off[n], pl->nsamples, pl->series.interval, pl->series.per_replication);
    if (st == CS_OK) st = cs_catalog_copy(&r->catalog, &pl->catalog);
    if (st == CS_OK) st = fill_identity(pl, seed, r);
    if (st != CS_OK) return cs_error_set(err, st, NULL, 0, 0, "out of memory for the results");
    return fill_keys(pl, r, err);
}

cs_status cs_job_plan_layout_head(const cs_job_plan *pl, cs_results *r, uint32_t nrep, uint64_t seed, cs_error *err)
{
    memset(r, 0, sizeof *r);
    cs_status st = cs_results_alloc(r, 0, 0, nrep);
    if (st == CS_OK) st = cs_quantile_catalog(pl->model, cs_job_plan_prototype(pl), &r->catalog);
    if (st == CS_OK) st = fill_identity(pl, seed, r);
    return st == CS_OK ? CS_OK : cs_error_set(err, st, NULL, 0, 0, "out of memory for the results");
}

void cs_job_plan_free(cs_job_plan *pl)
{
    cs_catalog_free(&pl->catalog);
    free(pl->events);
    free(pl->baselines);
    pl->events = NULL;
    pl->baselines = NULL;
    free(pl->key_off);
    free(pl->res_off);
    free(pl->cnt_off);
    free(pl->ser_off);
    pl->key_off = pl->res_off = pl->cnt_off = pl->ser_off = NULL;
}

cs_status cs_job_store(const cs_job_plan *pl, cs_results *r, uint32_t i, uint32_t rep, const cs_rep_out *o)
{
    const uint32_t nrep = r->replications;
    const size_t k0 = pl->key_off[i], r0 = pl->res_off[i], c0 = pl->cnt_off[i];
    cs_status st = CS_OK;
    for (size_t k = 0; k < o->nmetrics; k++) {
        cs_rep_value *v = &r->rep_values[(k0 + k) * nrep + rep];
        v->count = o->metrics[k].n;
        v->mean = o->metrics[k].n ? o->metrics[k].mean : NAN;
    }
    /* integer addition commutes: the sums do not depend on which job of
     * which thread came first; the lock keeps each key's bins a list */
#pragma omp critical(cs_runner_hists)
    for (size_t k = 0; k < o->nmetrics && st == CS_OK; k++) st = cs_hist_bins_add_hist(&r->hists[k0 + k], &o->hists[k]);
    for (size_t j = 0; j < o->nresources; j++) r->resource_values[(r0 + j) * nrep + rep] = o->resources[j];
    for (size_t j = 0; j < o->ncounters; j++) r->counter_values[(c0 + j) * nrep + rep] = o->counters[j];
    if (o->nseries) cs_results_add_series(r, pl->ser_off[i], rep, o->series, o->nseries);
#pragma omp atomic
    r->draws_cut += o->draws_cut;
    return st;
}

cs_status cs_job_compute(const cs_job_plan *pl, uint32_t i, uint32_t rep, uint64_t seed, cs_rep_out *o,
                         bool trace)
{
    o->nmetrics = pl->key_off[i + 1] - pl->key_off[i];
    o->nresources = pl->res_off[i + 1] - pl->res_off[i];
    o->ncounters = pl->cnt_off[i + 1] - pl->cnt_off[i];
    o->nseries = pl->ser_off[i + 1] - pl->ser_off[i];
    o->nsamples = pl->nsamples;
    for (size_t k = 0; k < o->nseries * o->nsamples; k++) o->series[k] = NAN;
    memset(o->metrics, 0, o->nmetrics * sizeof *o->metrics);
    for (size_t k = 0; k < o->nmetrics; k++) cs_hist_clear(&o->hists[k]);
    memset(o->resources, 0, o->nresources * sizeof *o->resources);
    memset(o->counters, 0, o->ncounters * sizeof *o->counters);
    o->want_trace = trace;
    o->draws_cut = 0;
    o->trace_failed = false;
    o->ntrace = 0;
    const cs_scenario *s = cs_job_plan_acquire(pl, i, NULL);
    if (!s) return CS_ERR_NOMEM;
    cs_status st = pl->model->replicate(s, seed, rep, o);
    for (size_t k = 0; k < o->nmetrics && st == CS_OK; k++)
        if (o->hists[k].failed) st = CS_ERR_NOMEM;
    /* the replication's own quantiles, before its histograms merge */
    const size_t nmodel = pl->model->metric_keys(s, NULL, 0);
    if (st == CS_OK) st = cs_quantile_rep_out(&pl->catalog, pl->model, s, nmodel, o->nmetrics, o);
    cs_job_plan_release(pl, i);
    return st;
}

/* Run job (point i of the plan, replication rep) in o and store it; job
 * (0, 0) records the trace when the plan asks for one. */
static cs_status run_job(const cs_job_plan *pl, cs_results *r, cs_rep_out *o, uint32_t i, uint32_t rep,
                         uint64_t seed)
{
    const bool trace = pl->trace && i == 0 && rep == 0;
    cs_status st = cs_job_compute(pl, i, rep, seed, o, trace);
    if (st != CS_OK) return st;
    if (trace) take_trace(r, o);
    st = cs_job_plan_store(pl, r, i, rep, o);
    if (st == CS_OK && pl->on_done) pl->on_done(pl->on_done_ctx, i, rep, o);
    return st;
}

uint32_t cs_job_plan_find(const cs_job_plan *pl, uint32_t point)
{
    uint32_t lo = 0, hi = pl->npoints;
    while (lo < hi) { /* point ids ascend */
        const uint32_t mid = lo + (hi - lo) / 2;
        if (pl->point_ids[mid] < point) lo = mid + 1;
        else hi = mid;
    }
    return lo < pl->npoints && pl->point_ids[lo] == point ? lo : pl->npoints;
}

/* The baseline regime of the plan's point with this id (NULL: none). */
static const char *plan_baseline(void *ctx, uint32_t point)
{
    const cs_job_plan *pl = ctx;
    const uint32_t i = cs_job_plan_find(pl, point);
    if (i == pl->npoints) return NULL;
    return pl->baselines[i][0] ? pl->baselines[i] : NULL;
}

cs_status cs_job_plan_store(const cs_job_plan *pl, cs_results *r, uint32_t i, uint32_t rep, const cs_rep_out *o)
{
    return pl->store ? pl->store(pl->store_ctx, i, rep, o) : cs_job_store(pl, r, i, rep, o);
}

cs_status cs_job_plan_end(const cs_job_plan *pl, cs_results *r, int threads, int ranks, double wall_seconds,
                          cs_error *err)
{
    r->info.threads = threads;
    r->info.ranks = ranks;
    r->info.wall_seconds = wall_seconds;
    if (pl->store) return CS_OK; /* the callee analyses each point */
    cs_status st = cs_results_differences(r, plan_baseline, (void *)pl);
    if (st == CS_OK) st = cs_results_decompose(r);
    if (st == CS_OK) st = cs_results_shares(r);
    if (st != CS_OK) return cs_error_set(err, st, NULL, 0, 0, "out of memory for the analysis tables");
    cs_results_summarise(r);
    cs_results_finish_series(r);
    return cs_job_plan_pool(pl, r, err);
}

/* What the threads share while jobs run (reported: what the calling
 * thread last told opt->progress; it alone reads and writes it). */
typedef struct run_state {
    uint64_t failed_job, done, begun, todo, reported;
    cs_status failed_status;
    bool cancelled;
} run_state;

/* Wait until the plan admits a job of point i; false when the run is
 * cancelled meanwhile (the job is then not run) or has failed (a job the
 * wait depends on may be the one that failed). */
static bool admitted(const cs_job_plan *pl, const cs_run_options *opt, run_state *rs, uint32_t i)
{
    while (!pl->admit(pl->admit_ctx, i)) {
        bool stop;
        cs_status failed;
#pragma omp atomic read
        stop = rs->cancelled;
#pragma omp atomic read
        failed = rs->failed_status;
        if (opt->cancel && *opt->cancel) {
#pragma omp atomic write
            rs->cancelled = true;
            stop = true;
        }
        if (stop || failed != CS_OK) return false;
        nanosleep(&(struct timespec){ .tv_nsec = 1000000 }, NULL); /* 1 ms: jobs last far longer */
    }
    return true;
}

/* The loop of one thread over the jobs it is handed. */
static void run_jobs(const cs_job_plan *pl, const cs_run_options *opt, uint32_t nrep, uint64_t seed,
                     cs_results *r, run_state *rs)
{
    cs_rep_out w;
    const bool ok = cs_rep_out_alloc(&w, pl) == CS_OK;
    const uint64_t njobs = (uint64_t)pl->npoints * nrep;
#pragma omp for schedule(dynamic, 1)
    for (uint64_t j = 0; j < njobs; j++) {
        if (pl->skip && pl->skip[j]) continue;
        bool skip;
#pragma omp atomic read
        skip = rs->cancelled;
        if (skip) continue;
        uint64_t started;
#pragma omp atomic capture
        started = ++rs->begun;
        if ((opt->cancel && *opt->cancel) || (pl->stop_after && started > pl->stop_after)) {
#pragma omp atomic write
            rs->cancelled = true;
            continue;
        }
        const uint32_t i = (uint32_t)(j / nrep), rep = (uint32_t)(j % nrep);
        if (pl->admit && !admitted(pl, opt, rs, i)) continue;
        const cs_status st = ok ? run_job(pl, r, &w, i, rep, seed) : CS_ERR_NOMEM;
        uint64_t done;
#pragma omp critical(cs_runner_state)
        {
            if (st != CS_OK && j < rs->failed_job) {
                rs->failed_job = j;
#pragma omp atomic write
                rs->failed_status = st; /* also read outside the lock (admitted) */
            }
            done = ++rs->done;
        }
        /* progress is told by the calling thread only (the team's master),
         * after each of its own jobs: it may print, and it never sees, let
         * alone touches, what the jobs compute */
        if (opt->progress && omp_get_thread_num() == 0 && done > rs->reported) {
            rs->reported = done;
            opt->progress(opt->progress_ctx, (uint32_t)done, (uint32_t)rs->todo);
        }
    }
    if (ok) cs_rep_out_free(&w);
}

cs_status cs_job_plan_run(const cs_job_plan *pl, const cs_run_options *opt, uint32_t nrep, uint64_t seed,
                          cs_results *r, int *threads_used, double *seconds, cs_error *err)
{
    const uint64_t njobs = (uint64_t)pl->npoints * nrep;
    run_state rs = { .failed_job = UINT64_MAX, .failed_status = CS_OK };
    for (uint64_t j = 0; j < njobs; j++) rs.todo += !(pl->skip && pl->skip[j]);
    int threads = opt->threads > 0 ? opt->threads : omp_get_num_procs();
    if ((uint64_t)threads > rs.todo) threads = rs.todo ? (int)rs.todo : 1;
    const double t0 = omp_get_wtime();
#pragma omp parallel num_threads(threads)
    run_jobs(pl, opt, nrep, seed, r, &rs);
    /* the jobs other threads finished last: the count at the end */
    if (opt->progress && rs.done > rs.reported && !rs.cancelled && rs.failed_status == CS_OK)
        opt->progress(opt->progress_ctx, (uint32_t)rs.done, (uint32_t)rs.todo);
    *threads_used = threads;
    *seconds = omp_get_wtime() - t0;

    const uint32_t fp = rs.failed_job == UINT64_MAX ? 0 : pl->point_ids[rs.failed_job / nrep];
    const uint32_t frep = (uint32_t)(rs.failed_job % (nrep ? nrep : 1));
    if (rs.cancelled && pl->stop_after && !(opt->cancel && *opt->cancel))
        return cs_error_set(err, CS_ERR_IO, NULL, 0, 0, "stopped after %llu jobs", (unsigned long long)pl->stop_after);
    if (rs.cancelled) return cs_error_set(err, CS_ERR_IO, NULL, 0, 0, "interrupted");
    if (rs.failed_status == CS_ERR_NOMEM)
        return cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory in point %u replication %u", fp, frep);
    if (rs.failed_status != CS_OK)
        return cs_error_set(err, rs.failed_status, cs_job_plan_prototype(pl)->path, 0, 0, "point %u replication %u failed",
                            fp, frep);
    return CS_OK;
}

cs_status cs_job_plan_execute(const cs_job_plan *pl, const cs_run_options *opt, uint32_t nrep, uint64_t seed,
                              cs_results *r, cs_error *err)
{
    int threads;
    double seconds;
    const cs_status st = cs_job_plan_run(pl, opt, nrep, seed, r, &threads, &seconds, err);
    return st == CS_OK ? cs_job_plan_end(pl, r, threads, 1, seconds, err) : st;
}

cs_status cs_experiment_run(const cs_scenario *s, const cs_run_options *opt, cs_results *r, cs_error *err)
{
    memset(r, 0, sizeof *r);
    const uint32_t nrep = opt->replications ? opt->replications : s->replications;
    const uint64_t seed = opt->seed_given ? opt->seed : s->seed;
    const cs_scenario *one[1] = { s };
    const uint32_t point0[1] = { 0 };
    double estimated = 0;
    cs_job_plan pl = { .model = cs_model_for(s), .scenarios = one, .point_ids = point0, .npoints = 1,
                       .trace = opt->trace };
    /* sequential stopping is priced at its cap: the most it may run */
    const uint32_t most = opt->precision > 0 ? cs_precision_cap(opt) : nrep;
    cs_status st = opt->precision > 0 && most < nrep
                       ? cs_error_set(err, CS_ERR_INPUT, NULL, 0, 0,
                                      "the cap on replications (%u) is below the first batch (%u)", most, nrep)
                       : cs_job_plan_offsets(&pl, err);
    if (st == CS_OK)
        st = cs_job_plan_check(&pl, most, opt->threads > 0 ? opt->threads : omp_get_num_procs(), opt->allow_large,
                               &estimated, err);
    if (st == CS_OK) st = cs_job_plan_layout(&pl, r, nrep, seed, err);
    r->estimated_bytes = estimated;
    if (st == CS_OK && opt->precision > 0) st = cs_job_plan_run_to_precision(&pl, opt, nrep, seed, r, err);
    else if (st == CS_OK) st = cs_job_plan_execute(&pl, opt, nrep, seed, r, err);
    cs_job_plan_free(&pl);
    return st;
}
