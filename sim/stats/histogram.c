/*
 * histogram.c - the shared log-linear bin layout and quantiles read from it.
 *
 * Every histogram uses the same edges, so merging is integer addition and is
 * exact in any order.  Quantiles work on bare count arrays (as stored in
 * results and files) and report the geometric middle of the bin, which
 * bounds the relative error by half a bin's log-width (< 0.8 %).
 */
#include <assert.h>
#include <math.h>
#include <string.h>
#include "clearsim/stats.h"

void cs_hist_clear(cs_hist *h)
{
    assert(h);
    memset(h, 0, sizeof *h);
}

void cs_hist_merge(cs_hist *into, const cs_hist *from)
{
    assert(into && from);
    for (int i = 0; i < CS_HIST_NBINS; i++) into->count[i] += from->count[i];
    into->total += from->total;
}

double cs_hist_edge(int i)
{
    assert(i >= 0 && i <= CS_HIST_NBINS);
    if (i == 0) return 0.0;
    if (i == CS_HIST_NBINS) return INFINITY;
    /* Bin NBINS-1 starts at 2^MAX_EXP, which this formula also gives. */
    const int e = CS_HIST_MIN_EXP + (i - 1) / CS_HIST_SUB;
    const int s = (i - 1) % CS_HIST_SUB;
    return ldexp(1.0 + (double)s / CS_HIST_SUB, e);
}

double cs_hist_quantile_counts(const uint64_t *counts, double q)
{
    assert(counts);
    assert(q >= 0.0 && q <= 1.0);
    uint64_t total = 0;
    for (int i = 0; i < CS_HIST_NBINS; i++) total += counts[i];
    if (total == 0) return NAN;
    double r = ceil(q * (double)total);
    uint64_t rank = r < 1.0 ? 1 : (r >= (double)total ? total : (uint64_t)r);
    uint64_t cum = 0;
    int b = CS_HIST_NBINS - 1;
    for (int i = 0; i < CS_HIST_NBINS; i++) {
        cum += counts[i];
        if (cum >= rank) {
            b = i;
            break;
        }
    }
    if (b == 0) return 0.0;
    if (b == CS_HIST_NBINS - 1) return cs_hist_edge(b);
    return sqrt(cs_hist_edge(b) * cs_hist_edge(b + 1));
}

double cs_hist_quantile(const cs_hist *h, double q)
{
    assert(h);
    return cs_hist_quantile_counts(h->count, q);
}
