/*
 * results.c - allocation and summaries of the plain result structs.
 *
 * Summaries are derived only from per-replication means and merged integer
 * histogram counts (the occupied bins of each key), so a run split over threads, ranks or shards summarises
 * to the same numbers as one run.  A key of kind quantile (a replication's
 * own p50/p90/p99 of a summary metric) has no histogram: its quantile
 * columns are those of its per-replication values.  Arrays of zero elements still get one
 * zeroed element so that callers never see NULL data pointers (which
 * memcpy/qsort and friends may not be given even with a zero length).
 */
#include <assert.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "clearsim/results.h"

static void *alloc_zeroed(size_t count, size_t size, int *failed)
{
    if (*failed) return NULL;
    if (count != 0 && size > SIZE_MAX / count) {
        *failed = 1;
        return NULL;
    }
    void *p = calloc(count ? count : 1, size);
    if (!p) *failed = 1;
    return p;
}

static size_t mul_or_max(size_t a, size_t b)
{
    return (a != 0 && b > SIZE_MAX / a) ? SIZE_MAX : a * b;
}

cs_status cs_results_alloc(cs_results *r, size_t nkeys, size_t nresources, uint32_t replications)
{
    assert(r);
    int failed = 0;
    r->keys = alloc_zeroed(nkeys, sizeof *r->keys, &failed);
    r->rep_values = alloc_zeroed(mul_or_max(nkeys, replications), sizeof *r->rep_values, &failed);
    r->hists = alloc_zeroed(nkeys, sizeof *r->hists, &failed);
    r->summary = alloc_zeroed(nkeys, sizeof *r->summary, &failed);
    r->resource_keys = alloc_zeroed(nresources, sizeof *r->resource_keys, &failed);
    r->resource_values =
        alloc_zeroed(mul_or_max(nresources, replications), sizeof *r->resource_values, &failed);
    r->nkeys = nkeys;
    r->nresources = nresources;
    r->replications = replications;
    if (failed) {
        cs_results_free(r);
        return CS_ERR_NOMEM;
    }
    return CS_OK;
}

cs_status cs_results_alloc_counters(cs_results *r, size_t ncounters)
{
    int failed = 0;
    r->counter_keys = alloc_zeroed(ncounters, sizeof *r->counter_keys, &failed);
    r->counter_values = alloc_zeroed(mul_or_max(ncounters, r->replications), sizeof *r->counter_values, &failed);
    if (failed) {
        free(r->counter_keys);
        free(r->counter_values);
        r->counter_keys = NULL;
        r->counter_values = NULL;
        return CS_ERR_NOMEM;
    }
    r->ncounters = ncounters;
    return CS_OK;
}

void cs_results_free(cs_results *r)
{
    if (!r) return;
    free(r->trace);
    free(r->regime_names);
    free(r->param_paths);
    free(r->tied_paths);
    free(r->tied_params);
    free(r->counter_keys);
    free(r->counter_values);
    free(r->keys);
    free(r->rep_values);
    for (size_t k = 0; r->hists && k < r->nkeys; k++) cs_hist_bins_free(&r->hists[k]);
    free(r->hists);
    cs_catalog_free(&r->catalog);
    free(r->summary);
    free(r->differences);
    free(r->decomposition);
    free(r->shares);
    free(r->pooled);
    free(r->warnings);
    free(r->resource_keys);
    free(r->resource_values);
    cs_results_free_series(r);
    memset(r, 0, sizeof *r);
}

/* An order-preserving integer of a finite double (-0 below +0). */
static uint64_t ordered_bits(double x)
{
    uint64_t b;
    memcpy(&b, &x, sizeof b);
    return (b >> 63) ? ~b : b | 0x8000000000000000ULL;
}

static double from_ordered(uint64_t u)
{
    const uint64_t b = (u >> 63) ? u & 0x7FFFFFFFFFFFFFFFULL : ~u;
    double x;
    memcpy(&x, &b, sizeof x);
    return x;
}

/* The rank-th smallest (1-based) of the observed replication values of
 * rv: the least u whose count of values at or below it reaches rank, found
 * by bisection over the doubles' ordered bits, 64 passes over the
 * replications; exact, and needs no copy to sort (summarising cannot
 * fail). */
static double order_statistic(const cs_rep_value *rv, uint32_t reps, uint64_t rank)
{
    uint64_t lo = 0, hi = UINT64_MAX;
    while (lo < hi) {
        const uint64_t mid = lo + (hi - lo) / 2;
        uint64_t at_or_below = 0;
        for (uint32_t i = 0; i < reps; i++)
            at_or_below += rv[i].count > 0 && isfinite(rv[i].mean) && ordered_bits(rv[i].mean) <= mid;
        if (at_or_below >= rank) hi = mid;
        else lo = mid + 1;
    }
    return from_ordered(lo);
}

/* Quantile q of the n observed replication values: the ceil(q n)-th
 * smallest, as the pooled quantiles count (NAN when n = 0). */
static double replication_quantile(const cs_rep_value *rv, uint32_t reps, uint64_t n, double q)
{
    if (n == 0) return NAN;
    const double r = ceil(q * (double)n);
    return order_statistic(rv, reps, r < 1.0 ? 1 : (r >= (double)n ? n : (uint64_t)r));
}

void cs_results_summarise(cs_results *r)
{
    assert(r);
    if (r->nkeys == 0) return;
    assert(r->keys && r->rep_values && r->hists && r->summary);
    const uint32_t reps = r->replications;
    for (size_t k = 0; k < r->nkeys; k++) {
        const cs_rep_value *rv = r->rep_values + k * reps;
        const cs_hist_bins *h = &r->hists[k];
        cs_welford w = { 0, 0.0, 0.0 };
        for (uint32_t i = 0; i < reps; i++)
            if (rv[i].count > 0 && isfinite(rv[i].mean)) cs_welford_add(&w, rv[i].mean);
        const cs_ci ci = cs_ci95_welford(&w);
        cs_summary_row *row = &r->summary[k];
        row->key = r->keys[k];
        row->n = ci.n;
        row->mean = ci.mean;
        row->ci95_low = ci.low;
        row->ci95_high = ci.high;
        if (row->key.kind == CS_METRIC_QUANTILE) {
            /* a quantile key has no histogram: its columns describe the
             * spread of its per-replication values */
            row->p50 = replication_quantile(rv, reps, w.n, 0.50);
            row->p90 = replication_quantile(rv, reps, w.n, 0.90);
            row->p99 = replication_quantile(rv, reps, w.n, 0.99);
            continue;
        }
        row->p50 = cs_hist_quantile_bins(h->key, h->count, h->n, 0.50);
        row->p90 = cs_hist_quantile_bins(h->key, h->count, h->n, 0.90);
        row->p99 = cs_hist_quantile_bins(h->key, h->count, h->n, 0.99);
    }
}

static bool same_series(const cs_metric_key *a, const cs_metric_key *b)
{
    return !strcmp(a->flow, b->flow) && !strcmp(a->segment, b->segment) && !strcmp(a->metric, b->metric);
}

/* One difference row of key k against baseline key b. */
static void difference(const cs_results *r, size_t k, size_t b, cs_difference_row *row)
{
    const uint32_t reps = r->replications;
    const cs_rep_value *x = r->rep_values + k * reps, *y = r->rep_values + b * reps;
    cs_welford d = { 0, 0.0, 0.0 }, wx = { 0, 0.0, 0.0 }, wy = { 0, 0.0, 0.0 };
    for (uint32_t i = 0; i < reps; i++) {
        const bool hx = x[i].count > 0 && isfinite(x[i].mean), hy = y[i].count > 0 && isfinite(y[i].mean);
        if (hx) cs_welford_add(&wx, x[i].mean);
        if (hy) cs_welford_add(&wy, y[i].mean);
        if (hx && hy) cs_welford_add(&d, x[i].mean - y[i].mean);
    }
    const cs_ci ci = cs_ci95_welford(&d);
    row->key = r->keys[k];
    snprintf(row->baseline, sizeof row->baseline, "%s", r->keys[b].regime);
    row->n = ci.n;
    row->mean = ci.mean;
    row->ci95_low = ci.low;
    row->ci95_high = ci.high;
    row->unpaired_half_width = NAN;
    if (wx.n >= 2 && wy.n >= 2) {
        /* Welch: the half-width were the replications independent */
        const double vx = cs_welford_variance(&wx) / (double)wx.n, vy = cs_welford_variance(&wy) / (double)wy.n;
        const double v = vx + vy;
        const double df = v > 0 ? v * v / (vx * vx / (double)(wx.n - 1) + vy * vy / (double)(wy.n - 1)) : 1.0;
        row->unpaired_half_width = cs_student_t_quantile(0.975, df > 1.0 ? df : 1.0) * sqrt(v);
    }
}

cs_status cs_results_differences(cs_results *r, const char *(*baseline)(void *ctx, uint32_t point), void *ctx)
{
    free(r->differences);
    r->differences = NULL;
    r->ndifferences = 0;
    cs_difference_row *rows = calloc(r->nkeys ? r->nkeys : 1, sizeof *rows);
    if (!rows) return CS_ERR_NOMEM;
    size_t n = 0;
    for (size_t a = 0; a < r->nkeys;) { /* one point's keys: [a, e) */
        size_t e = a;
        while (e < r->nkeys && r->keys[e].point == r->keys[a].point) e++;
        const char *base = baseline(ctx, r->keys[a].point);
        for (size_t k = a; base && k < e; k++) {
            if (!strcmp(r->keys[k].regime, base)) continue;
            for (size_t b = a; b < e; b++)
                if (!strcmp(r->keys[b].regime, base) && same_series(&r->keys[b], &r->keys[k])) {
                    difference(r, k, b, &rows[n++]);
                    break;
                }
        }
        a = e;
    }
    r->differences = rows;
    r->ndifferences = n;
    return CS_OK;
}

/* rows x old_reps elements of `size` bytes, laid out [row * reps + rep],
 * copied into rows x new_reps (the new replications zeroed); NULL when
 * out of memory (old kept). */
static void *restride(const void *old, size_t rows, size_t size, uint32_t old_reps, uint32_t new_reps)
{
    const size_t n = mul_or_max(rows, new_reps);
    if (n == SIZE_MAX || (n && size > SIZE_MAX / n)) return NULL;
    unsigned char *to = calloc(n ? n : 1, size);
    if (!to) return NULL;
    for (size_t i = 0; i < rows; i++)
        memcpy(to + i * new_reps * size, (const unsigned char *)old + i * old_reps * size, old_reps * size);
    return to;
}

cs_status cs_results_grow_replications(cs_results *r, uint32_t replications)
{
    assert(r && replications >= r->replications);
    const uint32_t old = r->replications;
    if (replications == old) return CS_OK;
    /* per-replication series: one row of nsamples values per (series, rep) */
    const size_t row = r->nsamples * sizeof(double);
    const bool series = r->per_replication && r->nseries && r->nsamples;
    cs_rep_value *rv = restride(r->rep_values, r->nkeys, sizeof *rv, old, replications);
    cs_resource_value *res = restride(r->resource_values, r->nresources, sizeof *res, old, replications);
    double *cnt = restride(r->counter_values, r->ncounters, sizeof *cnt, old, replications);
    double *ser = series ? restride(r->series, r->nseries, row, old, replications) : NULL;
    if (!rv || !res || !cnt || (series && !ser)) {
        free(rv), free(res), free(cnt), free(ser);
        return CS_ERR_NOMEM;
    }
    if (series)
        for (size_t i = 0; i < r->nseries; i++)
            for (size_t k = (size_t)old * r->nsamples; k < (size_t)replications * r->nsamples; k++)
                ser[i * replications * r->nsamples + k] = NAN;
    free(r->rep_values), free(r->resource_values), free(r->counter_values);
    r->rep_values = rv, r->resource_values = res, r->counter_values = cnt;
    if (series) free(r->series), r->series = ser;
    r->replications = replications;
    return CS_OK;
}

bool cs_results_precise(const cs_results *r, double rel, double abs_floor, cs_precision_gap *widest)
{
    assert(r && rel > 0 && abs_floor >= 0);
    bool met = true;
    double worst = -1;
    if (widest) memset(widest, 0, sizeof *widest);
    for (size_t k = 0; k < r->nkeys; k++) {
        if (!cs_metric_key_is_headline(&r->keys[k])) continue;
        const cs_rep_value *rv = r->rep_values + k * r->replications;
        cs_welford w = { 0, 0.0, 0.0 };
        for (uint32_t i = 0; i < r->replications; i++)
            if (rv[i].count > 0 && isfinite(rv[i].mean)) cs_welford_add(&w, rv[i].mean);
        if (w.n == 0) continue; /* never observed: nothing to estimate */
        const cs_ci ci = cs_ci95_welford(&w);
        /* how far past its target the interval is: <= 1 meets it */
        const double target = fmax(rel * fabs(ci.mean), abs_floor);
        const double ratio = w.n < 2 || !isfinite(ci.half_width) ? INFINITY
                             : target > 0 ? ci.half_width / target
                             : ci.half_width > 0 ? INFINITY : 0;
        if (ratio > 1) met = false;
        if (ratio > worst) {
            worst = ratio;
            if (widest) *widest = (cs_precision_gap){ .key = k, .n = w.n, .mean = ci.mean,
                                                      .half_width = ci.half_width, .ratio = ratio };
        }
    }
    return met;
}
