/*
 * plan_points.c - the points of a job plan: where each point's rows go,
 * and its scenario when a job needs it.
 *
 * A run's plan holds its one scenario.  A sweep's plan of 10,000 points
 * does not hold 10,000 loaded scenarios: it loads a point when a job (or
 * the writer) asks for it and keeps the few in use, plus a few recently
 * used ones, so the memory does not grow with the points.  Loading is
 * cheap beside a replication (a port point loads in about 0.1 ms), and a
 * point loads to the same scenario every time (the sweep validated it).
 *
 * The offsets pass visits every point once before anything runs: the
 * number of keys (the model's and their quantile keys: quantiles.c),
 * resources, counters and series of each (their rows' positions), the
 * largest point (what a worker allocates), the model's
 * estimate of each point's events, and the longest label and the unit of
 * all keys (a file written point by point fixes its string columns'
 * widths from the start).
 */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "experiment/job_plan.h"
#include "experiment/quantiles.h"

typedef struct cached {
    uint32_t point;    /* the point id */
    uint32_t refs;
    uint64_t used;     /* when last acquired: the least recent goes first */
    bool loaded;
    cs_scenario s;
} cached;

struct cs_scenario_cache {
    omp_lock_t lock;
    size_t n, cap, keep; /* keep: loaded points not in use kept at most */
    uint64_t clock;
    cached **slots;
};

cs_status cs_job_plan_cache_new(cs_job_plan *pl, int threads)
{
    cs_scenario_cache *c = calloc(1, sizeof *c);
    if (!c) return CS_ERR_NOMEM;
    omp_init_lock(&c->lock);
    c->keep = (size_t)(threads > 0 ? threads : omp_get_num_procs()) + 2;
    pl->cache = c;
    return CS_OK;
}

void cs_job_plan_cache_free(cs_job_plan *pl)
{
    cs_scenario_cache *c = pl->cache;
    if (!c) return;
    for (size_t i = 0; i < c->n; i++) {
        cs_scenario_free(&c->slots[i]->s);
        free(c->slots[i]);
    }
    free(c->slots);
    omp_destroy_lock(&c->lock);
    free(c);
    pl->cache = NULL;
}

/* Unused loaded points beyond what the cache keeps are freed, least
 * recently used first. */
static void trim(cs_scenario_cache *c)
{
    for (;;) {
        size_t idle = 0, oldest = SIZE_MAX;
        for (size_t i = 0; i < c->n; i++)
            if (!c->slots[i]->refs) {
                idle++;
                if (oldest == SIZE_MAX || c->slots[i]->used < c->slots[oldest]->used) oldest = i;
            }
        if (idle <= c->keep) return;
        cs_scenario_free(&c->slots[oldest]->s);
        free(c->slots[oldest]);
        c->slots[oldest] = c->slots[--c->n];
    }
}

static cached *cache_get(const cs_job_plan *pl, uint32_t point, cs_error *err)
{
    cs_scenario_cache *c = pl->cache;
    for (size_t i = 0; i < c->n; i++)
        if (c->slots[i]->point == point) return c->slots[i];
    if (c->n == c->cap) {
        const size_t cap = c->cap ? 2 * c->cap : 16;
        cached **slots = realloc(c->slots, cap * sizeof *slots);
        if (!slots) {
            cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
            return NULL;
        }
        c->slots = slots;
        c->cap = cap;
    }
    cached *e = calloc(1, sizeof *e);
    if (!e) {
        cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
        return NULL;
    }
    e->point = point;
    if (pl->load(pl->load_ctx, point, &e->s, err) != CS_OK) {
        free(e);
        return NULL;
    }
    c->slots[c->n++] = e;
    return e;
}

const cs_scenario *cs_job_plan_acquire(const cs_job_plan *pl, uint32_t i, cs_error *err)
{
    if (pl->scenarios) return pl->scenarios[i];
    cs_scenario_cache *c = pl->cache;
    omp_set_lock(&c->lock);
    cached *e = cache_get(pl, pl->point_ids[i], err);
    if (e) {
        e->refs++;
        e->used = ++c->clock;
    }
    omp_unset_lock(&c->lock);
    return e ? &e->s : NULL;
}

void cs_job_plan_release(const cs_job_plan *pl, uint32_t i)
{
    if (pl->scenarios) return;
    cs_scenario_cache *c = pl->cache;
    omp_set_lock(&c->lock);
    for (size_t k = 0; k < c->n; k++)
        if (c->slots[k]->point == pl->point_ids[i] && c->slots[k]->refs) {
            c->slots[k]->refs--;
            break;
        }
    trim(c);
    omp_unset_lock(&c->lock);
}

static void max_into(size_t *m, size_t v)
{
    if (v > *m) *m = v;
}

static void label_into(cs_output_shape *sh, const char *label)
{
    max_into(&sh->label_width, strlen(label));
}

/* The longest label and the unit of point s's keys (its nk metric keys,
 * quantile keys included, in mk) into pl->shape. */
static cs_status measure_labels(cs_job_plan *pl, const cs_scenario *s, const cs_metric_key *mk, size_t nk, size_t nr,
                                size_t ns, bool *first)
{
    const size_t most = nr > ns ? nr : ns;
    void *buf = malloc((most ? most : 1) * sizeof(cs_metric_key));
    if (!buf) return CS_ERR_NOMEM;
    _Static_assert(sizeof(cs_metric_key) >= sizeof(cs_resource_key) && sizeof(cs_metric_key) >= sizeof(cs_series_key),
                   "one buffer for every kind of key");
    cs_output_shape *sh = &pl->shape;
    for (size_t j = 0; j < nk; j++) {
        label_into(sh, mk[j].regime), label_into(sh, mk[j].flow), label_into(sh, mk[j].segment);
        label_into(sh, mk[j].metric), label_into(sh, mk[j].unit);
        if (*first) {
            memcpy(sh->unit, mk[j].unit, sizeof sh->unit);
            *first = false;
        } else if (!sh->mixed && strcmp(sh->unit, mk[j].unit) != 0) {
            sh->mixed = true;
            memcpy(sh->unit, "mixed", sizeof "mixed");
        }
    }
    const cs_resource_key *rk = buf;
    pl->model->resource_keys(s, buf, nr);
    for (size_t j = 0; j < nr; j++) label_into(sh, rk[j].regime), label_into(sh, rk[j].resource);
    const cs_series_key *sk = buf;
    if (ns) pl->model->series_keys(s, buf, ns, NULL, NULL);
    for (size_t j = 0; j < ns; j++) {
        label_into(sh, sk[j].regime), label_into(sh, sk[j].subject);
        label_into(sh, sk[j].quantity), label_into(sh, sk[j].unit);
    }
    free(buf);
    return CS_OK;
}

/* Point s's metric keys with their quantile keys into *keys (grown as
 * needed; *cap its room); the number into *nk. */
static cs_status expanded_keys(const cs_job_plan *pl, const cs_scenario *s, cs_metric_key **keys, size_t *cap,
                               size_t *nk)
{
    const size_t nmodel = pl->model->metric_keys(s, NULL, 0), room = (1 + CS_QUANTILE_N) * nmodel;
    if (room > *cap) {
        cs_metric_key *k = realloc(*keys, room * sizeof *k);
        if (!k) return CS_ERR_NOMEM;
        *keys = k;
        *cap = room;
    }
    if (nmodel) pl->model->metric_keys(s, *keys, nmodel);
    *nk = nmodel ? cs_quantile_keys(&pl->catalog, *keys, nmodel) : 0;
    return CS_OK;
}

/* Where each computed point's rows go: point i of the plan owns keys
 * [key_off[i], key_off[i+1]) of the results, and likewise resources and
 * counters.  Computed in point order before anything runs, so rows land at
 * positions that do not depend on completion order. */
cs_status cs_job_plan_offsets(cs_job_plan *pl, cs_error *err)
{
    const size_t n = pl->npoints;
    cs_catalog_free(&pl->catalog);
    if (cs_quantile_catalog(pl->model, cs_job_plan_prototype(pl), &pl->catalog) != CS_OK)
        return cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory for the job plan");
    pl->key_off = calloc(n + 1, sizeof *pl->key_off);
    pl->res_off = calloc(n + 1, sizeof *pl->res_off);
    pl->cnt_off = calloc(n + 1, sizeof *pl->cnt_off);
    pl->ser_off = calloc(n + 1, sizeof *pl->ser_off);
    pl->events = calloc(n + 1, sizeof *pl->events);
    pl->baselines = calloc(n + 1, sizeof *pl->baselines);
    if (!pl->key_off || !pl->res_off || !pl->cnt_off || !pl->ser_off || !pl->events || !pl->baselines)
        return cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory for the job plan");
    bool first = true;
    memset(&pl->shape, 0, sizeof pl->shape);
    pl->quantile_keys = pl->max_quantile_keys = 0;
    cs_metric_key *keys = NULL;
    size_t keys_cap = 0;
    for (size_t i = 0; i < n; i++) {
        const cs_scenario *s = cs_job_plan_acquire(pl, (uint32_t)i, err);
        if (!s) {
            free(keys);
            return err->status;
        }
        size_t nk = 0;
        cs_status st = expanded_keys(pl, s, &keys, &keys_cap, &nk);
        const size_t nr = pl->model->resource_keys(s, NULL, 0);
        const size_t nc = pl->model->counter_keys ? pl->model->counter_keys(s, NULL, 0) : 0;
        cs_series_spec spec = { 0 };
        uint32_t samples = 0;
        const size_t ns = pl->model->series_keys ? pl->model->series_keys(s, NULL, 0, &spec, &samples) : 0;
        double bytes = 0;
        if (pl->model->estimate) pl->model->estimate(s, &pl->events[i], &bytes);
        const cs_port_scenario *port = s->port;
        if (port && port->nregimes > 1) /* the regime the others are compared with */
            snprintf(pl->baselines[i], sizeof pl->baselines[i], "%s", port->regimes[port->baseline].name);
        if (bytes > pl->model_bytes) pl->model_bytes = bytes;
        if (st == CS_OK && pl->measure) st = measure_labels(pl, s, keys, nk, nr, ns, &first);
        const char *path = s->path;
        cs_job_plan_release(pl, (uint32_t)i);
        if (st != CS_OK) {
            free(keys);
            return cs_error_set(err, st, NULL, 0, 0, "out of memory for the job plan");
        }
        if (ns && pl->max_ser && (spec.interval != pl->series.interval ||
                                  spec.per_replication != pl->series.per_replication)) {
            free(keys);
            return cs_error_set(err, CS_ERR_INPUT, pl->scenarios ? path : NULL, 0, 0,
                                "point %u: timeseries.interval and per_replication must be the same at every point",
                                pl->point_ids[i]);
        }
        if (ns) pl->series = spec;
        if (ns && samples > pl->nsamples) pl->nsamples = samples;
        pl->ser_off[i + 1] = pl->ser_off[i] + ns;
        max_into(&pl->max_ser, ns);
        pl->key_off[i + 1] = pl->key_off[i] + nk;
        pl->res_off[i + 1] = pl->res_off[i] + nr;
        pl->cnt_off[i + 1] = pl->cnt_off[i] + nc;
        size_t nq = 0;
        for (size_t j = 0; j < nk; j++) nq += keys[j].kind == CS_METRIC_QUANTILE;
        pl->quantile_keys += nq;
        if (nk > pl->max_keys || i == 0) pl->max_quantile_keys = nq;
        max_into(&pl->max_keys, nk);
        max_into(&pl->max_res, nr);
        max_into(&pl->max_cnt, nc);
    }
    free(keys);
    if (pl->max_ser && pl->min_samples > pl->nsamples) pl->nsamples = pl->min_samples;
    return CS_OK;
}
