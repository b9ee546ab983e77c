/*
 * welford.c - merging and reading Welford accumulators.
 *
 * Accumulators are merged (threads, replications, shards) rather than
 * re-fed, so the merge uses Chan et al.'s pairwise update, which keeps the
 * moments as stable as the streaming update and makes the count exact.
 */
#include <assert.h>
#include <math.h>
#include "clearsim/stats.h"

void cs_welford_merge(cs_welford *into, const cs_welford *from)
{
    assert(into && from);
    if (from->n == 0) return;
    if (into->n == 0) {
        *into = *from;
        return;
    }
    const double na = (double)into->n, nb = (double)from->n;
    const uint64_t n = into->n + from->n;
    const double nt = (double)n;
    const double delta = from->mean - into->mean;
    const double m2 = into->m2 + from->m2 + delta * delta * (na * nb / nt);
    into->mean += delta * (nb / nt);
    into->m2 = m2;
    into->n = n;
}

double cs_welford_variance(const cs_welford *w)
{
    assert(w);
    if (w->n < 2) return NAN;
    return w->m2 / (double)(w->n - 1);
}
