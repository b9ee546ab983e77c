/*
 * evlist.h - the future-event list: a 4-ary min-heap of 16-byte nodes.
 *
 * A node is the event's time and one key word, priority << 56 | insertion
 * sequence << 24 | payload slot, so (time, priority, insertion order) is
 * two unsigned integer comparisons (simulation time is never negative, and
 * non-negative doubles order like their bit patterns), and the four
 * children of a node fill exactly
 * one 64-byte cache line (the array is offset by three nodes from a
 * line-aligned allocation).  That matters once the list is deep: a port
 * year keeps some 10^5 events pending, and a pop walks ~9 levels.  The
 * event's type, timer and data live in a payload table indexed by slot,
 * read once when the event fires.  Sequence numbers have 32 bits; before
 * they would wrap, the pending events are renumbered in their current
 * order (cs_evlist_renumber), so insertion order still breaks ties.
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

/* Room for one more node and one more payload; false on allocation failure
 * or when CS_FEL_MAX_PENDING events are pending. */
bool cs_evlist_reserve(cs_evlist *h);
void cs_evlist_free(cs_evlist *h);
/* Reassign sequence numbers 0..n-1 in the current order of the events. */
void cs_evlist_renumber(cs_evlist *h);

/* Precondition: cs_evlist_reserve succeeded. */
static inline void cs_evlist_push(cs_evlist *h, double time, int priority, uint32_t type,
                                  uint32_t timer, uint64_t data)
{
    if (h->next_seq == CS_FEL_SEQ_LIMIT) cs_evlist_renumber(h);
    const uint32_t slot = h->nfree ? h->free_slots[--h->nfree] : h->nslots++;
    h->payload[slot] = (cs_fel_payload){ type, timer, data };
    const cs_fel_node e = { cs_fel_bits(time), ((uint64_t)priority << 56) | (h->next_seq++ << CS_FEL_SLOT_BITS) | slot };
    uint64_t i = h->n++;
    cs_fel_node *a = h->a;
    while (i > 0) {
        const uint64_t p = (i - 1) >> 2;
        if (!cs_fel_before(&e, &a[p])) break;
        a[i] = a[p];
        i = p;
    }
    a[i] = e;
}

/* Remove the minimum into *out; precondition: h->n > 0.  Bottom-up: the
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
}

#endif
