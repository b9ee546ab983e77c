/*
 * evlist.c - the future-event list's rare paths: growth, the split into
 * time buckets, refilling the heap from them, renumbering.  The hot push
 * and pop are inline in evlist.h, which explains the design.
 */
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "core/evlist.h"

/* Nodes live at base + 3 of a 64-byte aligned block (see evlist.h). */
static bool grow_nodes(cs_evlist *h, uint64_t need)
{
    /* cap + 3 nodes stay a multiple of 4 (whole lines): 61, 125, 253, ... */
    uint64_t cap = h->cap ? 2 * (h->cap + 3) - 3 : 61;
    while (cap < need) cap = 2 * (cap + 3) - 3;
    cs_fel_node *base = aligned_alloc(64, (cap + 3) * sizeof *base);
    if (!base) return false;
    if (h->n) memcpy(base + 3, h->a, h->n * sizeof *base);
    free(h->base);
    h->base = base;
    h->a = base + 3;
    h->cap = cap;
    return true;
}

static bool grow_bucket(cs_fel_bucket *b, uint64_t need)
{
    if (need > UINT32_MAX) return false;
    uint64_t cap = b->cap ? 2 * (uint64_t)b->cap : 64;
    while (cap < need) cap *= 2;
    if (cap > UINT32_MAX) cap = UINT32_MAX;
    cs_fel_node *v = realloc(b->v, cap * sizeof *v);
    if (!v) return false;
    b->v = v;
    b->cap = (uint32_t)cap;
    return true;
}

static bool grow_slots(cs_evlist *h)
{
    if (h->slot_cap == CS_FEL_MAX_PENDING) return false;
    uint32_t cap = h->slot_cap ? 2 * h->slot_cap : 64;
    if (cap > CS_FEL_MAX_PENDING) cap = CS_FEL_MAX_PENDING;
    cs_fel_payload *pl = realloc(h->payload, cap * sizeof *pl);
    if (!pl) return false;
    h->payload = pl;
    uint32_t *fr = realloc(h->free_slots, cap * sizeof *fr);
    if (!fr) return false;
    h->free_slots = fr;
    h->slot_cap = cap;
    return true;
}

void cs_evlist_init(cs_evlist *h)
{
    memset(h, 0, sizeof *h);
    h->open_below = INFINITY; /* one heap until split_at */
    h->open = CS_FEL_BUCKETS;
    h->split_at = CS_FEL_SPLIT_AT;
}

bool cs_evlist_reserve_slot(cs_evlist *h)
{
    return h->nfree > 0 || h->nslots < h->slot_cap || grow_slots(h);
}

void cs_evlist_free(cs_evlist *h)
{
    free(h->base);
    free(h->payload);
    free(h->free_slots);
    if (h->buckets)
        for (uint32_t i = 0; i < CS_FEL_BUCKETS; i++) free(h->buckets[i].v);
    free(h->buckets);
    free(h->overflow.v);
    cs_evlist_init(h);
}

static bool append(cs_fel_bucket *b, cs_fel_node e)
{
    if (b->n == b->cap && !grow_bucket(b, (uint64_t)b->n + 1)) return false;
    b->v[b->n++] = e;
    return true;
}

static void sift_down(cs_fel_node *a, uint64_t n, uint64_t i, cs_fel_node e)
{
    for (;;) {
        const uint64_t c = 4 * i + 1;
        if (c >= n) break;
        uint64_t m = c;
        const uint64_t end = c + 4 < n ? c + 4 : n;
        for (uint64_t j = c + 1; j < end; j++)
            if (cs_fel_before(&a[j], &a[m])) m = j;
        if (!cs_fel_before(&a[m], &e)) break;
        a[i] = a[m];
        i = m;
    }
    a[i] = e;
}

/* Empty the heap and every bucket into the overflow (renumbering, a new
 * split).  The overflow's order is lost: callers re-cut or sort it. */
static bool gather(cs_evlist *h)
{
    const uint64_t total = cs_evlist_size(h);
    if (total > h->overflow.cap && !grow_bucket(&h->overflow, total)) return false;
    cs_fel_bucket *o = &h->overflow;
    if (h->n) memcpy(o->v + o->n, h->a, h->n * sizeof *h->a);
    o->n += (uint32_t)h->n;
    h->n = 0;
    if (h->buckets)
        for (uint32_t i = 0; i < CS_FEL_BUCKETS; i++) {
            cs_fel_bucket *b = &h->buckets[i];
            if (b->n) memcpy(o->v + o->n, b->v, b->n * sizeof *b->v);
            o->n += b->n;
            b->n = 0;
        }
    h->nfar = total;
    h->open = CS_FEL_BUCKETS;
    return true;
}

/* The k-th smallest of v[0..n) (k < n), partially reordering v. */
static double select_kth(double *v, uint64_t n, uint64_t k)
{
    uint64_t lo = 0, hi = n - 1;
    while (lo < hi) {
        const double pivot = v[lo + (hi - lo) / 2];
        uint64_t i = lo, j = hi;
        while (i <= j) {
            while (v[i] < pivot) i++;
            while (v[j] > pivot) j--;
            if (i <= j) {
                const double t = v[i];
                v[i] = v[j];
                v[j] = t;
                i++;
                if (j == 0) break;
                j--;
            }
        }
        if (k <= j) hi = j;
        else if (k >= i) lo = i;
        else break;
    }
    return v[k];
}

static bool heapify_from(cs_evlist *h, const cs_fel_node *v, uint64_t m)
{
    if (m > h->cap && !grow_nodes(h, m)) return false;
    if (m) memcpy(h->a, v, m * sizeof *v);
    h->n = m;
    for (uint64_t i = m > 1 ? (m - 2) / 4 + 1 : 0; i-- > 0;) sift_down(h->a, m, i, h->a[i]);
    return true;
}

/* Cut new windows from the overflow (everything pending is there, the heap
 * and the buckets are empty): t0 is the earliest time, the width puts about
 * CS_FEL_TARGET events in the first window.  Only infinite times left: they
 * all go into the heap. */
static bool cut_windows(cs_evlist *h)
{
    cs_fel_bucket *o = &h->overflow;
    if (!h->buckets && !(h->buckets = calloc(CS_FEL_BUCKETS, sizeof *h->buckets))) return false;
    double *t = malloc((o->n ? o->n : 1) * sizeof *t);
    if (!t) return false;
    uint64_t m = 0;
    double tmax = 0;
    for (uint32_t i = 0; i < o->n; i++) {
        const double ti = cs_fel_time(o->v[i].time_bits);
        if (isfinite(ti)) {
            t[m++] = ti;
            if (ti > tmax) tmax = ti;
        }
    }
    if (m == 0) {
        free(t);
        h->t0 = 0;
        h->inv_w = 0;
        h->open_below = INFINITY;
        const uint32_t all = o->n;
        o->n = 0;
        h->nfar -= all;
        return heapify_from(h, o->v, all);
    }
    const double tmin = select_kth(t, m, 0);
    const double tq = select_kth(t, m, m - 1 < CS_FEL_TARGET ? m - 1 : CS_FEL_TARGET);
    /* but wide enough that nine in ten fit the windows: the rest is
     * rescanned at every cut */
    const double t90 = select_kth(t, m, m - 1 - (m - 1) / 10);
    free(t);
    double w = tq - tmin;
    if (w < (t90 - tmin) / CS_FEL_BUCKETS) w = (t90 - tmin) / CS_FEL_BUCKETS;
    if (!(w > 0)) w = (tmax - tmin) / CS_FEL_BUCKETS;
    /* windows narrower than 2^-40 of the clock would not separate times */
    const double floor_w = ldexp(tmin > 1 ? tmin : 1, -40);
    if (!(w > floor_w)) w = floor_w;
    h->t0 = tmin;
    h->inv_w = 1.0 / w;
    h->open = -1;
    h->open_below = 0;
    uint32_t keep = 0;
    for (uint32_t i = 0; i < o->n; i++) {
        const cs_fel_node e = o->v[i];
        const double x = (cs_fel_time(e.time_bits) - h->t0) * h->inv_w;
        if (x < CS_FEL_BUCKETS) {
            if (!append(&h->buckets[(uint32_t)x], e)) return false;
        } else {
            o->v[keep++] = e;
        }
    }
    o->n = keep;
    return true;
}

int cs_evlist_refill(cs_evlist *h)
{
    assert(h->n == 0);
    while (h->nfar > 0) {
        if (h->open >= CS_FEL_BUCKETS - 1) {
            if (!cut_windows(h)) return -1;
            if (h->n > 0) return 1; /* only infinite times were left */
        }
        cs_fel_bucket *b;
        do b = &h->buckets[++h->open]; while (b->n == 0 && h->open < CS_FEL_BUCKETS - 1);
        h->open_below = (double)(h->open + 1);
        if (b->n == 0) continue;
        if (!heapify_from(h, b->v, b->n)) return -1;
        h->nfar -= b->n;
        b->n = 0;
        if (b->cap > CS_FEL_KEEP) { /* buckets fill one at a time: keep little spare */
            free(b->v);
            b->v = NULL;
            b->cap = 0;
        }
        return 1;
    }
    return 0;
}

/* Everything into new windows, then open the first. */
static bool resplit(cs_evlist *h)
{
    if (!gather(h) || !cut_windows(h)) return false;
    if (h->n == 0 && cs_evlist_refill(h) < 0) return false;
    /* split again when the open window has grown eightfold, or holds a
     * quarter of the far future: its width was a poor guess */
    const uint64_t again = 8 * h->n > h->nfar / 4 ? 8 * h->n : h->nfar / 4;
    h->split_at = again > CS_FEL_SPLIT_AT ? again : CS_FEL_SPLIT_AT;
    return true;
}

bool cs_evlist_push_slow(cs_evlist *h, cs_fel_node e)
{
    const double x = (cs_fel_time(e.time_bits) - h->t0) * h->inv_w;
    if (x < h->open_below) {
        if (h->n >= h->split_at) {
            if (!resplit(h)) return false;
            return cs_evlist_push_slow(h, e) ; /* routed by the new windows */
        }
        if (h->n == h->cap && !grow_nodes(h, h->n + 1)) return false;
        cs_evlist_heap_push(h->a, h->n++, e);
        return true;
    }
    if (!append(x < CS_FEL_BUCKETS ? &h->buckets[(uint32_t)x] : &h->overflow, e)) return false;
    h->nfar++;
    return true;
}

static int node_order(const void *x, const void *y)
{
    const cs_fel_node *a = x, *b = y;
    return cs_fel_before(a, b) ? -1 : cs_fel_before(b, a) ? 1 : 0;
}

bool cs_evlist_renumber(cs_evlist *h)
{
    if (!gather(h)) return false;
    cs_fel_bucket *o = &h->overflow;
    if (o->n) qsort(o->v, o->n, sizeof *o->v, node_order);
    const uint64_t keep = (UINT64_C(0xff) << 56) | CS_FEL_SLOT_MASK;
    for (uint32_t i = 0; i < o->n; i++) o->v[i].key = (o->v[i].key & keep) | ((uint64_t)i << CS_FEL_SLOT_BITS);
    h->next_seq = o->n;
    return cut_windows(h);
}

