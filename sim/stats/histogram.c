/*
 * histogram.c - the shared bin layout, the growing runs a replication
 * fills, the sparse bins results keep, and quantiles read from either.
 *
 * A bin key is a value's sign and its top 12 + CS_HIST_SUB_BITS bits, so
 * the edges are the doubles whose lower mantissa bits are zero: exact, the
 * same on every machine, and cheap to compute from the key.  A replication
 * adds each observation to a dense run of bins around the values seen so
 * far (growing it when a value falls outside, which is rare once the first
 * values have arrived), because the models add millions of values and the
 * add must stay a shift and an increment.  Between replications only the
 * occupied bins move: results merge them as sorted (key, count) lists,
 * which is also how journals, MPI messages and files carry them.
 */
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "clearsim/stats.h"

/* Bins added around a value that falls outside its run, so that nearby
 * values do not each grow the run again. */
#define RUN_PAD 32

static double from_bits(uint64_t bits)
{
    double x;
    memcpy(&x, &bits, sizeof x);
    return x;
}

/* Lower edge of the magnitude bin m >= 1. */
static double magnitude_lower(int32_t m)
{
    return from_bits((uint64_t)(m - 1) << CS_HIST_SHIFT);
}

static double magnitude_upper(int32_t m)
{
    return m >= CS_HIST_KEY_INF ? INFINITY : from_bits((uint64_t)m << CS_HIST_SHIFT);
}

double cs_hist_lower(int32_t key)
{
    assert(key >= -CS_HIST_KEY_INF && key <= CS_HIST_KEY_INF);
    if (key == 0) return 0.0;
    return key > 0 ? magnitude_lower(key) : -magnitude_upper(-key);
}

double cs_hist_upper(int32_t key)
{
    assert(key >= -CS_HIST_KEY_INF && key <= CS_HIST_KEY_INF);
    if (key == 0) return 0.0;
    return key > 0 ? magnitude_upper(key) : -magnitude_lower(-key);
}

double cs_hist_value(int32_t key)
{
    const int32_t m = key < 0 ? -key : key;
    if (m == 0) return 0.0;
    const double lo = magnitude_lower(m), hi = magnitude_upper(m);
    double v;
    if (lo == 0.0 || isinf(lo)) v = lo;
    else if (isinf(hi)) v = lo;
    else if (lo < 0x1p-500 || hi > 0x1p500) v = lo * sqrt(hi / lo); /* lo * hi would under/overflow */
    else v = sqrt(lo * hi);
    return key < 0 ? -v : v;
}

/* ---- the runs of a replication ---- */

cs_status cs_hist_grow(cs_hist_run *r, int32_t m)
{
    assert(m >= 1 && m <= CS_HIST_KEY_INF);
    int64_t lo, hi;
    if (r->n == 0) {
        lo = (int64_t)m - RUN_PAD;
        hi = (int64_t)m + 1 + RUN_PAD;
    } else {
        /* pad by half the run's width too: a run that keeps creeping
         * outwards grows geometrically */
        const int64_t pad = RUN_PAD + r->n / 2;
        lo = r->lo;
        hi = lo + r->n;
        if (m < lo) lo = (int64_t)m - pad;
        if (m >= hi) hi = (int64_t)m + 1 + pad;
    }
    if (lo < 1) lo = 1;
    if (hi > (int64_t)CS_HIST_KEY_INF + 1) hi = (int64_t)CS_HIST_KEY_INF + 1;
    uint64_t *c = calloc((size_t)(hi - lo), sizeof *c);
    if (!c) return CS_ERR_NOMEM;
    if (r->n) memcpy(c + (r->lo - lo), r->count, r->n * sizeof *c);
    free(r->count);
    r->count = c;
    r->lo = (int32_t)lo;
    r->n = (uint32_t)(hi - lo);
    return CS_OK;
}

void cs_hist_clear(cs_hist *h)
{
    assert(h);
    if (h->pos.n) memset(h->pos.count, 0, h->pos.n * sizeof *h->pos.count);
    if (h->neg.n) memset(h->neg.count, 0, h->neg.n * sizeof *h->neg.count);
    h->total = h->zero = 0;
    h->failed = 0;
}

void cs_hist_free(cs_hist *h)
{
    if (!h) return;
    free(h->pos.count);
    free(h->neg.count);
    memset(h, 0, sizeof *h);
}

size_t cs_hist_occupied(const cs_hist *h)
{
    size_t n = h->zero != 0;
    for (uint32_t i = 0; i < h->pos.n; i++) n += h->pos.count[i] != 0;
    for (uint32_t i = 0; i < h->neg.n; i++) n += h->neg.count[i] != 0;
    return n;
}

size_t cs_hist_collect(const cs_hist *h, int32_t *key, uint64_t *count)
{
    size_t n = 0;
    for (uint32_t i = h->neg.n; i-- > 0;) /* largest magnitude first: ascending values */
        if (h->neg.count[i]) {
            key[n] = -(h->neg.lo + (int32_t)i);
            count[n++] = h->neg.count[i];
        }
    if (h->zero) {
        key[n] = 0;
        count[n++] = h->zero;
    }
    for (uint32_t i = 0; i < h->pos.n; i++)
        if (h->pos.count[i]) {
            key[n] = h->pos.lo + (int32_t)i;
            count[n++] = h->pos.count[i];
        }
    return n;
}

double cs_hist_quantile(const cs_hist *h, double q)
{
    const size_t n = cs_hist_occupied(h);
    int32_t *key = malloc((n ? n : 1) * sizeof *key);
    uint64_t *count = malloc((n ? n : 1) * sizeof *count);
    double v = NAN;
    if (key && count) v = cs_hist_quantile_bins(key, count, cs_hist_collect(h, key, count), q);
    free(key);
    free(count);
    return v;
}

/* The j-th of the c values of bin key, as if spread evenly over it. */
static double within_bin(int32_t key, uint64_t j, uint64_t c)
{
    const double lo = cs_hist_lower(key), hi = cs_hist_upper(key), width = hi - lo;
    /* the zero bin, and the top finite bins whose width overflows */
    if (key == 0 || !isfinite(width)) return cs_hist_value(key);
    return lo + width * ((double)j / ((double)c + 1.0));
}

double cs_hist_quantile_interpolated(const cs_hist *h, double q)
{
    assert(q >= 0.0 && q <= 1.0);
    if (h->total == 0) return NAN;
    const double r = ceil(q * (double)h->total);
    const uint64_t rank = r < 1.0 ? 1 : (r >= (double)h->total ? h->total : (uint64_t)r);
    uint64_t cum = 0;
    for (uint32_t i = h->neg.n; i-- > 0;) { /* ascending values, as cs_hist_collect */
        const uint64_t c = h->neg.count[i];
        if (c && cum + c >= rank) return within_bin(-(h->neg.lo + (int32_t)i), rank - cum, c);
        cum += c;
    }
    if (h->zero && cum + h->zero >= rank) return 0.0;
    cum += h->zero;
    for (uint32_t i = 0; i < h->pos.n; i++) {
        const uint64_t c = h->pos.count[i];
        if (c && cum + c >= rank) return within_bin(h->pos.lo + (int32_t)i, rank - cum, c);
        cum += c;
    }
    return NAN; /* counts short of total: values were lost (h->failed) */
}

/* ---- occupied bins ---- */

/* b's arrays resized for n bins (CS_ERR_NOMEM: the bins as they were). */
static cs_status bins_resize(cs_hist_bins *b, size_t n)
{
    int32_t *k = realloc(b->key, (n ? n : 1) * sizeof *k);
    if (!k) return CS_ERR_NOMEM;
    b->key = k;
    uint64_t *c = realloc(b->count, (n ? n : 1) * sizeof *c);
    if (!c) return CS_ERR_NOMEM;
    b->count = c;
    return CS_OK;
}

cs_status cs_hist_bins_add(cs_hist_bins *b, const int32_t *key, const uint64_t *count, size_t n)
{
    if (n == 0) return CS_OK;
    for (size_t x = 1; x < n; x++) assert(key[x - 1] < key[x]);
    /* merged in place from the back, so the lists are never copied whole:
     * results merge every replication of every key this way */
    const size_t total = b->n + n;
    if (bins_resize(b, total) != CS_OK) return CS_ERR_NOMEM;
    size_t i = b->n, j = n, at = total;
    while (j > 0) {
        if (i > 0 && b->key[i - 1] > key[j - 1]) {
            at--, i--;
            b->key[at] = b->key[i];
            b->count[at] = b->count[i];
        } else if (i > 0 && b->key[i - 1] == key[j - 1]) {
            at--, i--, j--;
            b->key[at] = b->key[i];
            b->count[at] = b->count[i] + count[j];
        } else {
            at--, j--;
            b->key[at] = key[j];
            b->count[at] = count[j];
        }
    }
    /* [0, i) stayed in place; [at, total) follows it, zero counts dropped */
    size_t m = i;
    for (size_t x = at; x < total; x++)
        if (b->count[x]) {
            b->key[m] = b->key[x];
            b->count[m++] = b->count[x];
        }
    b->n = m; /* the arrays keep their room: the next merge needs about as much */
    return CS_OK;
}

cs_status cs_hist_bins_add_hist(cs_hist_bins *b, const cs_hist *h)
{
    const size_t n = cs_hist_occupied(h);
    if (n == 0) return CS_OK;
    int32_t *key = malloc(n * sizeof *key);
    uint64_t *count = malloc(n * sizeof *count);
    cs_status st = key && count ? CS_OK : CS_ERR_NOMEM;
    if (st == CS_OK) st = cs_hist_bins_add(b, key, count, cs_hist_collect(h, key, count));
    free(key);
    free(count);
    return st;
}

void cs_hist_bins_free(cs_hist_bins *b)
{
    if (!b) return;
    free(b->key);
    free(b->count);
    memset(b, 0, sizeof *b);
}

double cs_hist_quantile_bins(const int32_t *key, const uint64_t *count, size_t n, double q)
{
    assert(q >= 0.0 && q <= 1.0);
    uint64_t total = 0;
    for (size_t i = 0; i < n; i++) total += count[i];
    if (total == 0) return NAN;
    const double r = ceil(q * (double)total);
    const uint64_t rank = r < 1.0 ? 1 : (r >= (double)total ? total : (uint64_t)r);
    uint64_t cum = 0;
    for (size_t i = 0; i < n; i++) {
        cum += count[i];
        if (cum >= rank) return cs_hist_value(key[i]);
    }
    return cs_hist_value(key[n - 1]);
}
