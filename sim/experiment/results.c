/*
 * results.c - allocation and summaries of the plain result structs.
 *
 * Summaries are derived only from per-replication means and merged integer
 * histogram counts, so a run split over threads, ranks or shards summarises
 * to the same numbers as one run.  Arrays of zero elements still get one
 * zeroed element so that callers never see NULL data pointers (which
 * memcpy/qsort and friends may not be given even with a zero length).
 */
#include <assert.h>
#include <math.h>
#include <stdint.h>
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

int cs_results_alloc(cs_results *r, size_t nkeys, size_t nresources, uint32_t replications)
{
    assert(r);
    int failed = 0;
    r->keys = alloc_zeroed(nkeys, sizeof *r->keys, &failed);
    r->rep_values = alloc_zeroed(mul_or_max(nkeys, replications), sizeof *r->rep_values, &failed);
    r->hist_counts = alloc_zeroed(mul_or_max(nkeys, CS_HIST_NBINS), sizeof *r->hist_counts, &failed);
    r->summary = alloc_zeroed(nkeys, sizeof *r->summary, &failed);
    r->resource_keys = alloc_zeroed(nresources, sizeof *r->resource_keys, &failed);
    r->resource_values =
        alloc_zeroed(mul_or_max(nresources, replications), sizeof *r->resource_values, &failed);
    if (failed) {
        cs_results_free(r);
        return -1;
    }
    r->nkeys = nkeys;
    r->nresources = nresources;
    r->replications = replications;
    return 0;
}

int cs_results_alloc_counters(cs_results *r, size_t ncounters)
{
    int failed = 0;
    r->counter_keys = alloc_zeroed(ncounters, sizeof *r->counter_keys, &failed);
    r->counter_values = alloc_zeroed(mul_or_max(ncounters, r->replications), sizeof *r->counter_values, &failed);
    if (failed) {
        free(r->counter_keys);
        free(r->counter_values);
        r->counter_keys = NULL;
        r->counter_values = NULL;
        return -1;
    }
    r->ncounters = ncounters;
    return 0;
}

void cs_results_free(cs_results *r)
{
    if (!r) return;
    free(r->trace);
    free(r->regime_names);
    free(r->param_paths);
    free(r->counter_keys);
    free(r->counter_values);
    free(r->keys);
    free(r->rep_values);
    free(r->hist_counts);
    free(r->summary);
    free(r->resource_keys);
    free(r->resource_values);
    memset(r, 0, sizeof *r);
}

void cs_results_summarise(cs_results *r)
{
    assert(r);
    if (r->nkeys == 0) return;
    assert(r->keys && r->rep_values && r->hist_counts && r->summary);
    const uint32_t reps = r->replications;
    for (size_t k = 0; k < r->nkeys; k++) {
        const cs_rep_value *rv = r->rep_values + k * reps;
        const uint64_t *counts = r->hist_counts + k * CS_HIST_NBINS;
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
        row->p50 = cs_hist_quantile_counts(counts, 0.50);
        row->p90 = cs_hist_quantile_counts(counts, 0.90);
        row->p99 = cs_hist_quantile_counts(counts, 0.99);
    }
}
