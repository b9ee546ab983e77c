/*
 * evlist.h - the future-event list: a 4-ary min-heap of 16-byte nodes for
 * the near future, time buckets for the far future.
 *
 * A node is the event's time and one key word, priority << 56 | insertion
 * sequence << 24 | payload slot, so (time, priority, insertion order) is
 * two unsigned integer comparisons (simulation time is never negative, and
 * non-negative doubles order like their bit patterns), and the four
 * children of a node fill exactly one 64-byte cache line (the array is
 * offset by three nodes from a line-aligned allocation).  The event's
 * type, timer and data live in a payload table indexed by slot, read once
 * when the event fires.
 *
 * Why buckets: a port year keeps some 2 x 10^5 events pending, most of
 * them days ahead (pickups, lab results, the next call of a service).  In
 * one heap every pop walks ~9 levels of a 3 MiB array, a cache miss per
 * level.  So once the heap passes split_at nodes, time is cut into
 * CS_FEL_BUCKETS windows of width 1/inv_w from t0, chosen so that the
 * first window holds about CS_FEL_TARGET of the pending events: an event
 * whose window is open goes into the heap, a later one is appended to its
 * window's bucket (or to the overflow beyond the last window).  When the
 * heap runs empty the next non-empty bucket is heapified into it; when the
 * windows run out the overflow is cut into new ones.  The window index is
 * a monotone function of the time, so every heap event precedes every
 * bucketed one and the order is exactly the single heap's: outputs do not
 * change.  Sequence numbers have 32 bits; before they would wrap, the
 * pending events are renumbered in their current order
 * (cs_evlist_renumber), so insertion order still breaks ties.
 * Inline because the event loop is the hottest code in clearsim.
 */
#ifndef CLEARSIM_EVLIST_H
#define CLEARSIM_EVLIST_H

#include <stdbool.h>
#include "clearsim/sim.h"

#define CS_FEL_SLOT_BITS 24
#define CS_FEL_SLOT_MASK ((UINT64_C(1) << CS_FEL_SLOT_BITS) - 1)
#define CS_FEL_SEQ_LIMIT (UINT64_C(1) << 32)
#define CS_FEL_MAX_PENDING (UINT32_C(1) << CS_FEL_SLOT_BITS)
#define CS_FEL_BUCKETS 1024
#define CS_FEL_TARGET 256
#define CS_FEL_KEEP 256
#define CS_FEL_SPLIT_AT 16384

#include <string.h>

static inline bool cs_fel_before(const cs_fel_node *x, const cs_fel_node *y)
{
    return x->time_bits < y->time_bits || (x->time_bits == y->time_bits && x->key < y->key);
}

static inline uint64_t cs_fel_bits(double t)
{
    t += 0.0; /* -0.0 becomes +0.0 */
    uint64_t b;
    memcpy(&b, &t, sizeof b);
    return b;
}

static inline double cs_fel_time(uint64_t bits)
{
    double t;
    memcpy(&t, &bits, sizeof t);
    return t;
}

void cs_evlist_init(cs_evlist *h);
/* Room for one more payload; false on allocation failure or when
 * CS_FEL_MAX_PENDING events are pending. */
bool cs_evlist_reserve_slot(cs_evlist *h);
void cs_evlist_free(cs_evlist *h);
/* Reassign sequence numbers 0..n-1 in the current order of the events;
 * false on allocation failure. */
bool cs_evlist_renumber(cs_evlist *h);
/* The rare paths of a push: a full heap or bucket, the first split. */
bool cs_evlist_push_slow(cs_evlist *h, cs_fel_node e);
/* Heap empty: move the next non-empty bucket into it.  1 if the heap now
 * holds events, 0 if none are pending, -1 on allocation failure. */
int cs_evlist_refill(cs_evlist *h);

static inline uint64_t cs_evlist_size(const cs_evlist *h)
{
    return h->n + h->nfar;
}

static inline void cs_evlist_heap_push(cs_fel_node *a, uint64_t i, cs_fel_node e)
{
    while (i > 0) {
        const uint64_t p = (i - 1) >> 2;
        if (!cs_fel_before(&e, &a[p])) break;
        a[i] = a[p];
        i = p;
    }
    a[i] = e;
}

/* Precondition: cs_evlist_reserve_slot succeeded.  False on allocation
 * failure. */
static inline bool cs_evlist_push(cs_evlist *h, double time, int priority, uint32_t type,
                                  uint32_t timer, uint64_t data)
{
    if (h->next_seq == CS_FEL_SEQ_LIMIT && !cs_evlist_renumber(h)) return false;
    const uint32_t slot = h->nfree ? h->free_slots[--h->nfree] : h->nslots++;
    h->payload[slot] = (cs_fel_payload){ type, timer, data };
    const cs_fel_node e = { cs_fel_bits(time), ((uint64_t)priority << 56) | (h->next_seq++ << CS_FEL_SLOT_BITS) | slot };
    const double x = (time - h->t0) * h->inv_w;
    if (x < h->open_below) {
        if (__builtin_expect(h->n == h->cap || h->n == h->split_at, 0)) return cs_evlist_push_slow(h, e);
        cs_evlist_heap_push(h->a, h->n++, e);
        return true;
    }
    cs_fel_bucket *b = x < CS_FEL_BUCKETS ? &h->buckets[(uint32_t)x] : &h->overflow;
    if (__builtin_expect(b->n == b->cap, 0)) return cs_evlist_push_slow(h, e);
    b->v[b->n++] = e;
    h->nfar++;
    return true;
}

/* Remove the heap's minimum, the earliest event, into *out; precondition:
 * h->n > 0 (cs_evlist_refill).  Bottom-up: the
 * hole left at the root walks down to a leaf along the smaller children
 * (no comparison with the moved node on the way), then the last node
 * sifts up from there; it usually belongs near the bottom anyway. */
static inline void cs_evlist_pop(cs_evlist *h, cs_event *out)
{
    cs_fel_node *a = h->a;
    const cs_fel_node top = a[0];
    const uint32_t slot = (uint32_t)(top.key & CS_FEL_SLOT_MASK);
    const cs_fel_payload pl = h->payload[slot];
    h->free_slots[h->nfree++] = slot;
    *out = (cs_event){ cs_fel_time(top.time_bits), top.key, pl.type, pl.timer, pl.data };
    const uint64_t n = --h->n;
    if (n == 0) return;
    const cs_fel_node last = a[n];
    uint64_t i = 0;
    for (;;) {
        const uint64_t c = 4 * i + 1;
        if (c >= n) break;
        uint64_t m = c;
        const uint64_t end = c + 4 < n ? c + 4 : n;
        for (uint64_t j = c + 1; j < end; j++)
            if (cs_fel_before(&a[j], &a[m])) m = j;
        a[i] = a[m];
        i = m;
    }
    while (i > 0) {
        const uint64_t p = (i - 1) >> 2;
        if (!cs_fel_before(&last, &a[p])) break;
        a[i] = a[p];
        i = p;
    }
    a[i] = last;
    /* the next event's payload is likely cold (scheduled long ago): fetch
     * it while this event's handler runs */
    __builtin_prefetch(&h->payload[a[0].key & CS_FEL_SLOT_MASK]);
}

#endif
