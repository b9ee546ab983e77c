/*
 * evlist.h - the future-event list: a 4-ary min-heap of cs_event values.
 *
 * A 4-ary heap halves the depth of a binary heap and keeps the four children
 * of a node in one or two cache lines, which measures faster for both the
 * tiny lists of a single queue and the 10^5-event list of the hold model.
 * Events are moved as values (32 bytes); nothing points into the heap.
 * Inline because the event loop is the hottest code in clearsim.
 */
#ifndef CLEARSIM_EVLIST_H
#define CLEARSIM_EVLIST_H

#include <stdbool.h>
#include "clearsim/sim.h"

static inline bool cs_event_before(const cs_event *x, const cs_event *y)
{
    return x->time < y->time || (x->time == y->time && x->order < y->order);
}

/* Grow to hold at least one more event; false on allocation failure. */
bool cs_evlist_reserve(cs_evlist *h);
void cs_evlist_free(cs_evlist *h);

static inline void cs_evlist_push(cs_evlist *h, cs_event e)
{
    uint64_t i = h->n++;
    cs_event *a = h->a;
    while (i > 0) {
        const uint64_t p = (i - 1) >> 2;
        if (!cs_event_before(&e, &a[p])) break;
        a[i] = a[p];
        i = p;
    }
    a[i] = e;
}

/* Remove the minimum into *out; precondition: h->n > 0. */
static inline void cs_evlist_pop(cs_evlist *h, cs_event *out)
{
    cs_event *a = h->a;
    *out = a[0];
    const uint64_t n = --h->n;
    if (n == 0) return;
    const cs_event last = a[n];
    uint64_t i = 0;
    for (;;) {
        const uint64_t c = 4 * i + 1;
        if (c >= n) break;
        uint64_t m = c;
        const uint64_t end = c + 4 < n ? c + 4 : n;
        for (uint64_t j = c + 1; j < end; j++)
            if (cs_event_before(&a[j], &a[m])) m = j;
        if (!cs_event_before(&a[m], &last)) break;
        a[i] = a[m];
        i = m;
    }
    a[i] = last;
}

#endif
