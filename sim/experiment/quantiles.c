/*
 * quantiles.c - per-replication p50, p90 and p99 of every summary metric,
 * kept as metric keys of kind quantile (release_h.p90), so that their mean
 * over replications gets a confidence interval like any other mean.
 *
 * The pooled quantiles of /summary come from all replications' merged
 * histogram and have no interval: the replications are pooled before the
 * quantile is read.  Read in each replication instead, a quantile is one
 * number per replication, independent across replications like the
 * replication means, and the Student-t interval of their mean covers the
 * quantile the replications estimate (tests/test_quantile_keys.c measures
 * the coverage on M/M/1).  The models know nothing of this: the runner
 * expands each point's keys here, right after the model laid them out and
 * right after a replication filled them, so every path that carries a job
 * (the results, the journal, MPI messages, a sweep's point stream) carries
 * the quantile keys as ordinary keys with ordinary values, and a resume, a
 * merge or any thread count gives the same numbers.  A quantile is read
 * inside its bin (cs_hist_quantile_interpolated), not at the bin's
 * middle: the middle rounds each replication's quantile by up to 0.8 %,
 * which the spread of short replications hides (about 2 % for the median
 * of 50,000 M/M/1 customers) but long ones do not: replications whose
 * sample quantiles share a bin would read one value and the interval
 * would measure the bins, not the sampling error.  Quantile keys keep no
 * histogram (the source key's histogram holds the observations).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "experiment/quantiles.h"

const double cs_quantile_levels[CS_QUANTILE_N] = { 0.50, 0.90, 0.99 };
const char *const cs_quantile_suffixes[CS_QUANTILE_N] = { ".p50", ".p90", ".p99" };

static const char *const level_words[CS_QUANTILE_N] = { "median", "90th percentile", "99th percentile" };

cs_status cs_quantile_catalog(const cs_model *m, const cs_scenario *s, cs_catalog *out)
{
    cs_catalog model = { 0 };
    cs_status st = m->catalog(s, &model);
    if (st != CS_OK) return st;
    size_t nsum = 0;
    for (size_t i = 0; i < model.nmetrics; i++) nsum += cs_metric_kind_is_summary(model.metrics[i].kind);
    st = cs_catalog_alloc(out, model.nmetrics + CS_QUANTILE_N * nsum, model.nsegments);
    if (st != CS_OK) {
        cs_catalog_free(&model);
        return st;
    }
    size_t at = 0;
    for (size_t i = 0; i < model.nmetrics; i++) {
        const cs_metric_info *src = &model.metrics[i];
        out->metrics[at++] = *src;
        for (int q = 0; cs_metric_kind_is_summary(src->kind) && q < CS_QUANTILE_N; q++) {
            cs_metric_info *d = &out->metrics[at++];
            memset(d, 0, sizeof *d);
            snprintf(d->name, sizeof d->name, "%.*s%s", (int)(sizeof d->name - 5), src->name,
                     cs_quantile_suffixes[q]);
            d->kind = CS_METRIC_QUANTILE;
            memcpy(d->label, src->label, sizeof d->label);
            memcpy(d->unit, src->unit, sizeof d->unit);
            snprintf(d->description, sizeof d->description, "%s of %s in each replication", level_words[q],
                     src->name);
        }
    }
    if (model.nsegments) memcpy(out->segments, model.segments, model.nsegments * sizeof *out->segments);
    memcpy(out->origin, model.origin, sizeof out->origin);
    cs_catalog_free(&model);
    return CS_OK;
}

static bool is_summary(const cs_catalog *c, const cs_metric_key *k)
{
    const cs_metric_info *m = cs_catalog_metric(c, k->metric);
    return m && cs_metric_kind_is_summary(m->kind);
}

/* The quantile key q of source key k. */
static void quantile_key(const cs_metric_key *k, int q, cs_metric_key *out)
{
    *out = *k;
    snprintf(out->metric, sizeof out->metric, "%.*s%s", (int)(sizeof out->metric - 5), k->metric,
             cs_quantile_suffixes[q]);
    out->kind = CS_METRIC_QUANTILE;
}

size_t cs_quantile_keys(const cs_catalog *c, cs_metric_key *keys, size_t n)
{
    size_t total = n;
    for (size_t j = 0; j < n; j++) total += CS_QUANTILE_N * is_summary(c, &keys[j]);
    /* from the back: a key only moves up, into slots already emptied */
    size_t at = total;
    for (size_t j = n; j-- > 0;) {
        const cs_metric_key src = keys[j];
        if (is_summary(c, &src))
            for (int q = CS_QUANTILE_N; q-- > 0;) quantile_key(&src, q, &keys[--at]);
        keys[--at] = src;
    }
    return total;
}

cs_status cs_quantile_rep_out(const cs_catalog *c, const cs_model *m, const cs_scenario *s, size_t nmodel,
                              size_t nexpanded, cs_rep_out *o)
{
    cs_metric_key *keys = malloc((nmodel ? nmodel : 1) * sizeof *keys);
    if (!keys) return CS_ERR_NOMEM;
    m->metric_keys(s, keys, nmodel);
    size_t total = nmodel;
    for (size_t j = 0; j < nmodel; j++) total += CS_QUANTILE_N * is_summary(c, &keys[j]);
    if (total != nexpanded || total > o->metrics_cap) {
        free(keys);
        return CS_ERR_INTERNAL;
    }
    size_t at = total;
    for (size_t j = nmodel; j-- > 0;) {
        const cs_welford w = o->metrics[j];
        if (is_summary(c, &keys[j])) {
            double v[CS_QUANTILE_N];
            for (int q = 0; q < CS_QUANTILE_N; q++)
                v[q] = cs_hist_quantile_interpolated(&o->hists[j], cs_quantile_levels[q]);
            for (int q = CS_QUANTILE_N; q-- > 0;) {
                at--;
                /* the slot's histogram may hold a moved key's: keep its
                 * memory for the next job, not its counts */
                cs_hist_clear(&o->hists[at]);
                o->metrics[at] = (cs_welford){ .n = isnan(v[q]) ? 0 : w.n, .mean = v[q], .m2 = 0.0 };
            }
        }
        at--;
        if (at != j) { /* the source's histogram moves with it; the buffers swap owners */
            const cs_hist h = o->hists[at];
            o->hists[at] = o->hists[j];
            o->hists[j] = h;
        }
        o->metrics[at] = w;
    }
    free(keys);
    o->nmetrics = total;
    return CS_OK;
}
