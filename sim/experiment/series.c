/*
 * series.c - time series in the results: stored per replication, or summed
 * over replications while jobs finish and turned into means at the end.
 *
 * The mean must not depend on which replication finished first, and
 * floating-point addition is not associative; so each value is rounded to
 * a multiple of 2^-CS_SERIES_FRACTION_BITS and summed as a 64-bit integer
 * (atomically: integer addition commutes), with a count of the
 * replications that had a value (NaN: none, e.g. a closed resource's
 * utilisation, or past the end of a shorter point).  Memory is then one
 * sum and one count per sample, whatever the number of replications.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "clearsim/results.h"

static const double SCALE = (double)(1ull << CS_SERIES_FRACTION_BITS);

cs_status cs_results_alloc_series(cs_results *r, size_t nseries, uint32_t nsamples, double interval_h,
                                  bool per_replication)
{
    r->interval_h = interval_h;
    r->per_replication = per_replication;
    if (nseries == 0 || nsamples == 0) return CS_OK;
    const size_t rows = per_replication ? nseries * r->replications : nseries;
    if (rows / nseries != (per_replication ? r->replications : 1u) || rows > SIZE_MAX / sizeof(double) / nsamples)
        return CS_ERR_NOMEM;
    const size_t n = rows * nsamples;
    r->series_keys = calloc(nseries, sizeof *r->series_keys);
    r->series = malloc(n * sizeof *r->series);
    if (!per_replication) {
        r->series_sum = calloc(n, sizeof *r->series_sum);
        r->series_n = calloc(n, sizeof *r->series_n);
    }
    if (!r->series_keys || !r->series || (!per_replication && (!r->series_sum || !r->series_n))) {
        cs_results_free_series(r);
        return CS_ERR_NOMEM;
    }
    for (size_t k = 0; k < n; k++) r->series[k] = NAN;
    r->nseries = nseries;
    r->nsamples = nsamples;
    return CS_OK;
}

void cs_results_free_series(cs_results *r)
{
    free(r->series_keys);
    free(r->series);
    free(r->series_sum);
    free(r->series_n);
    r->series_keys = NULL;
    r->series = NULL;
    r->series_sum = NULL;
    r->series_n = NULL;
    r->nseries = 0;
    r->nsamples = 0;
}

void cs_results_add_series(cs_results *r, size_t first, uint32_t rep, const double *rows, size_t nrows)
{
    const size_t ns = r->nsamples;
    if (r->per_replication) {
        for (size_t j = 0; j < nrows; j++)
            memcpy(r->series + ((first + j) * r->replications + rep) * ns, rows + j * ns, ns * sizeof *rows);
        return;
    }
    int64_t *sum = r->series_sum + first * ns;
    uint32_t *cnt = r->series_n + first * ns;
    for (size_t k = 0; k < nrows * ns; k++) {
        if (isnan(rows[k])) continue;
        const int64_t q = llround(rows[k] * SCALE);
#pragma omp atomic
        sum[k] += q;
#pragma omp atomic
        cnt[k]++;
    }
}

void cs_results_finish_series(cs_results *r)
{
    if (r->per_replication || !r->series_sum) return;
    const size_t n = r->nseries * r->nsamples;
    for (size_t k = 0; k < n; k++)
        r->series[k] = r->series_n[k] ? (double)r->series_sum[k] / SCALE / r->series_n[k] : NAN;
    free(r->series_sum);
    free(r->series_n);
    r->series_sum = NULL;
    r->series_n = NULL;
}
