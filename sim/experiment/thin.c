/*
 * thin.c - warnings for thin data, and the pooled estimate of every key
 * (docs/metrics.md, "Warnings for thin data").
 *
 * /summary's interval is over replication means, so it is only as good as
 * each replication's mean: a replication with few observations has a
 * skewed, start-biased mean (the audit of issue 18 measured 90 % coverage
 * at 1,000 customers per replication), and a replication without any is
 * left out, so the mean and interval silently stand on fewer replications.
 * /pooled says per key how many observations each replication had and
 * gives the estimate that counts every observation once, with a jackknife
 * interval over all replications, the empty ones included (leaving out an
 * empty replication changes nothing, and that too is evidence of the
 * spread).  /warnings holds each check at each point, raised or not, so
 * that no table is ever empty for a point: h5diff cannot compare empty
 * datasets, and the identity of files across -j, shards and resume is
 * checked with it.
 *
 * Everything is computed from a point's rep_values in replication order,
 * so rows do not depend on threads, ranks, shards or resume.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "clearsim/results.h"
#include "clearsim/experiment.h"
#include "clearsim/stats.h"
#include "experiment/job_plan.h"

static bool observed(const cs_rep_value *v)
{
    return v->count > 0 && isfinite(v->mean);
}

/* Key k's row: its observations, the pooled ratio and its jackknife
 * interval over the R replications. */
static void pool_key(const cs_results *r, size_t k, cs_pooled_row *row)
{
    const uint32_t reps = r->replications;
    const cs_rep_value *rv = r->rep_values + k * reps;
    const bool wants = cs_metric_key_wants_minimum(&r->keys[k]);
    double total = 0.0, count = 0.0;
    memset(row, 0, sizeof *row);
    row->key = r->keys[k];
    row->replications = reps;
    row->fewest = reps ? UINT64_MAX : 0;
    for (uint32_t i = 0; i < reps; i++) {
        if (rv[i].count < row->fewest) row->fewest = rv[i].count;
        row->thin += wants && rv[i].count < CS_MIN_OBSERVATIONS;
        if (!observed(&rv[i])) continue;
        total += (double)rv[i].count * rv[i].mean;
        count += (double)rv[i].count;
        row->count += rv[i].count;
        row->n++;
    }
    /* a key no replication observed (a flow the port does not have) has
     * nothing estimated, so nothing to distrust */
    if (row->n == 0) row->thin = 0;
    row->mean = count > 0 ? total / count : NAN;
    row->ci95_low = row->ci95_high = NAN;
    /* a quantile weighted by counts is no quantile: the pooled quantiles
     * are the source row's p50, p90, p99 */
    if (row->key.kind == CS_METRIC_QUANTILE) row->mean = NAN;
    /* leaving out the only replication with observations leaves nothing
     * to estimate: no interval, as for a /summary row of n < 2 */
    if (reps < 2 || row->n < 2 || row->key.kind == CS_METRIC_QUANTILE) return;
    double loo_sum = 0.0, ss = 0.0;
    for (uint32_t i = 0; i < reps; i++)
        loo_sum += observed(&rv[i]) ? (total - (double)rv[i].count * rv[i].mean) / (count - (double)rv[i].count)
                                    : row->mean;
    const double loo_mean = loo_sum / reps;
    for (uint32_t i = 0; i < reps; i++) {
        const double loo = observed(&rv[i])
                               ? (total - (double)rv[i].count * rv[i].mean) / (count - (double)rv[i].count)
                               : row->mean;
        ss += (loo - loo_mean) * (loo - loo_mean);
    }
    const double half = cs_student_t_quantile(0.975, (double)(reps - 1)) * sqrt((double)(reps - 1) / reps * ss);
    row->ci95_low = row->mean - half;
    row->ci95_high = row->mean + half;
}

static void check(cs_warning_row *w, uint32_t point, const char *kind, double limit)
{
    w->point = point;
    snprintf(w->kind, sizeof w->kind, "%s", kind);
    w->raised = 0;
    w->value = NAN;
    w->limit = limit;
}

/* The three checks of the point whose keys (and pooled rows) are [a, e). */
static void point_checks(const cs_results *r, size_t a, size_t e, cs_warning_row *w, double warmup, double rule)
{
    const uint32_t point = r->keys[a].point;
    check(&w[0], point, CS_WARNING_WARMUP, rule);
    w[0].value = warmup;
    w[0].raised = warmup < rule; /* false for a NaN rule */
    check(&w[1], point, CS_WARNING_THIN, CS_MIN_OBSERVATIONS);
    check(&w[2], point, CS_WARNING_MISSING, r->replications);
    for (size_t k = a; k < e; k++) {
        const cs_pooled_row *p = &r->pooled[k];
        if (cs_metric_key_wants_minimum(&p->key) && p->n > 0 && !((double)p->fewest >= w[1].value))
            w[1].value = (double)p->fewest;
        w[1].raised += p->thin > 0;
        if (!cs_pooled_row_missing(p)) continue;
        w[2].raised++;
        if (!((double)p->n >= w[2].value)) w[2].value = (double)p->n;
    }
}

cs_status cs_results_pool(cs_results *r, bool (*warmup)(void *ctx, uint32_t point, double *w, double *rule),
                          void *ctx)
{
    free(r->pooled);
    free(r->warnings);
    r->pooled = NULL;
    r->warnings = NULL;
    r->npooled = r->nwarnings = 0;
    size_t points = 0;
    for (size_t k = 0; k < r->nkeys; k++) points += k == 0 || r->keys[k].point != r->keys[k - 1].point;
    r->pooled = calloc(r->nkeys ? r->nkeys : 1, sizeof *r->pooled);
    r->warnings = calloc(points ? CS_WARNING_CHECKS * points : 1, sizeof *r->warnings);
    if (!r->pooled || !r->warnings) return CS_ERR_NOMEM; /* cs_results_free frees either */
    for (size_t k = 0; k < r->nkeys; k++) pool_key(r, k, &r->pooled[k]);
    r->npooled = r->nkeys;
    for (size_t a = 0; a < r->nkeys;) { /* one point's keys: [a, e) */
        size_t e = a;
        while (e < r->nkeys && r->keys[e].point == r->keys[a].point) e++;
        double have = NAN, rule = NAN;
        if (!(warmup && warmup(ctx, r->keys[a].point, &have, &rule))) have = rule = NAN;
        point_checks(r, a, e, r->warnings + r->nwarnings, have, rule);
        r->nwarnings += CS_WARNING_CHECKS;
        a = e;
    }
    return CS_OK;
}

/* The warm-up of the plan's point with this id against validate's rule:
 * queue scenarios only (a port's warm-up is in hours, and its relaxation
 * has no formula). */
typedef struct plan_ctx {
    const cs_job_plan *pl;
    cs_error *err;
    cs_status st; /* a point that failed to load: the warnings would be incomplete */
} plan_ctx;

static bool plan_warmup(void *ctx, uint32_t point, double *have, double *rule)
{
    plan_ctx *c = ctx;
    const cs_job_plan *pl = c->pl;
    if (cs_job_plan_prototype(pl)->kind != CS_SCENARIO_QUEUE) return false; /* no point to load */
    const uint32_t lo = cs_job_plan_find(pl, point);
    if (lo == pl->npoints) return false;
    const cs_scenario *s = cs_job_plan_acquire(pl, lo, c->err);
    if (!s) {
        if (c->st == CS_OK) c->st = c->err->status;
        return false;
    }
    const bool queue = s->kind == CS_SCENARIO_QUEUE;
    if (queue) {
        *have = (double)s->queue.warmup;
        *rule = cs_queue_warmup_rule(&s->queue);
    }
    cs_job_plan_release(pl, lo);
    return queue;
}

cs_status cs_job_plan_pool(const cs_job_plan *pl, cs_results *r, cs_error *err)
{
    plan_ctx c = { pl, err, CS_OK };
    const cs_status st = cs_results_pool(r, plan_warmup, &c);
    if (st != CS_OK) return cs_error_set(err, st, NULL, 0, 0, "out of memory for the warnings");
    return c.st;
}
