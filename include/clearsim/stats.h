/*
 * stats.h - streaming statistics: Welford accumulators, time-weighted
 * averages, mergeable log-linear histograms, Student-t intervals.
 *
 * Nothing here stores observations.  Histograms share one bin layout over
 * every double (see "histograms" below), so they merge by integer addition
 * and read quantiles within 0.8 % for values of any sign and scale.
 */
#ifndef CLEARSIM_STATS_H
#define CLEARSIM_STATS_H

#include <assert.h>
#include <stdint.h>
#include <stddef.h>
#include <string.h>
#include "clearsim/error.h"

/* ---- Welford mean / variance ---- */
typedef struct cs_welford {
    uint64_t n;
    double mean;
    double m2;
} cs_welford;

static inline void cs_welford_add(cs_welford *w, double x)
{
    w->n++;
    const double d = x - w->mean;
    w->mean += d / (double)w->n;
    w->m2 += d * (x - w->mean);
}
/* Chan et al. parallel merge: exact for counts, stable for the moments. */
void cs_welford_merge(cs_welford *into, const cs_welford *from);
double cs_welford_variance(const cs_welford *w); /* sample variance, NAN if n < 2 */

/* ---- time-weighted average of a piecewise-constant signal ---- */
typedef struct cs_timeavg {
    double start;   /* start of the observation window */
    double last_t;  /* time of the last change */
    double value;   /* current value */
    double area;    /* integral of value over [start, last_t] */
} cs_timeavg;

void cs_timeavg_init(cs_timeavg *a, double t, double value);
static inline void cs_timeavg_set(cs_timeavg *a, double t, double value)
{
    a->area += a->value * (t - a->last_t);
    a->last_t = t;
    a->value = value;
}
/* Restart the window at t keeping the current value (warm-up end). */
void cs_timeavg_reset(cs_timeavg *a, double t);
/* Mean over [start, t]; NAN for an empty window. */
double cs_timeavg_mean(const cs_timeavg *a, double t);
/* Integral over [start, t]. */
double cs_timeavg_area(const cs_timeavg *a, double t);

/* ---- histograms ----
 *
 * One bin layout for every histogram of every file, so counts from
 * replications, threads, ranks and shards merge by integer addition.  It
 * covers every double: a value's bin is its sign, its exponent and the top
 * CS_HIST_SUB_BITS bits of its mantissa, so each power-of-two octave of the
 * normal doubles (2^-1022 to the largest) is split into CS_HIST_SUB equal
 * bins, each at most 1/64 of its lower edge wide; the subnormals below
 * share 64 bins of equal absolute width.  Bins are named by a signed key:
 * 0 holds exactly zero, k > 0 the positive values in [cs_hist_lower(k),
 * cs_hist_upper(k)), -k the negative values mirrored, (-cs_hist_upper(k),
 * -cs_hist_lower(k)]; +-CS_HIST_KEY_INF hold the infinities.  Ascending
 * keys are ascending values.  A quantile is read at the geometric middle
 * of its bin: within 0.8 % of the exact sample quantile, and of its sign,
 * for any normal double (time values far below 2^-1022 h do not occur).
 * NaN is never counted.
 *
 * A replication fills a cs_hist: two dense runs of bins (one per sign)
 * that grow to cover the values seen, so adding is O(1); its memory grows
 * with the range of the values (64 bins per octave), not their number.
 * Results keep only the occupied bins (cs_hist_bins), which is also what
 * files store.
 */
#define CS_HIST_SUB_BITS 6
#define CS_HIST_SUB (1 << CS_HIST_SUB_BITS)
#define CS_HIST_SHIFT (52 - CS_HIST_SUB_BITS)
#define CS_HIST_KEY_INF ((int32_t)(0x7FF0000000000000ULL >> CS_HIST_SHIFT) + 1)
/* The version of the bin layout and of its storage in result files. */
#define CS_HIST_FORMAT 2

/* The key of x (not NaN). */
static inline int32_t cs_hist_key(double x)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    const uint64_t mag = bits & 0x7FFFFFFFFFFFFFFFULL;
    if (mag == 0) return 0;
    const int32_t k = (int32_t)(mag >> CS_HIST_SHIFT) + 1;
    return (bits >> 63) ? -k : k;
}
/* The edges of bin key (see above: a negative bin excludes its lower
 * edge, a positive one its upper), and the value a quantile in it reads:
 * its geometric middle, 0 for the zero bin, +-inf for the infinite ones. */
double cs_hist_lower(int32_t key);
double cs_hist_upper(int32_t key);
double cs_hist_value(int32_t key);

/* Bins [lo, lo + n) of one sign, by magnitude key (|key|). */
typedef struct cs_hist_run {
    int32_t lo;
    uint32_t n;
    uint64_t *count;
} cs_hist_run;

typedef struct cs_hist {
    uint64_t total;    /* values counted */
    uint64_t zero;     /* values equal to 0 */
    cs_hist_run pos, neg;
    int failed;        /* a run could not grow: values were lost (out of memory) */
} cs_hist;

/* Make run r cover magnitude key m (CS_ERR_NOMEM leaves it as it was). */
cs_status cs_hist_grow(cs_hist_run *r, int32_t m);

/* Add count values of bin key (|key| <= CS_HIST_KEY_INF). */
static inline void cs_hist_add_key(cs_hist *h, int32_t key, uint64_t count)
{
    assert(key >= -CS_HIST_KEY_INF && key <= CS_HIST_KEY_INF);
    if (key == 0) {
        h->zero += count;
    } else {
        cs_hist_run *r = key > 0 ? &h->pos : &h->neg;
        const int32_t m = key > 0 ? key : -key;
        if ((uint32_t)(m - r->lo) >= r->n && cs_hist_grow(r, m) != CS_OK) {
            h->failed = 1;
            return;
        }
        r->count[m - r->lo] += count;
    }
    h->total += count;
}
static inline void cs_hist_add(cs_hist *h, double x)
{
    if (x == x) cs_hist_add_key(h, cs_hist_key(x), 1);
}
/* Counts back to zero; the runs keep their memory for the next use. */
void cs_hist_clear(cs_hist *h);
void cs_hist_free(cs_hist *h);
/* Occupied bins, and (key, count) of each in ascending key order into
 * arrays of at least cs_hist_occupied(h) elements; returns the number. */
size_t cs_hist_occupied(const cs_hist *h);
size_t cs_hist_collect(const cs_hist *h, int32_t *key, uint64_t *count);
/* Quantile q in [0, 1] of the values counted (NAN when empty, or when
 * out of memory; values lost to a failed run, h->failed, are not in it). */
double cs_hist_quantile(const cs_hist *h, double q);
/* Quantile q in [0, 1] of the values counted, read inside its bin: the
 * ceil(q*total)-th smallest value is the j-th of the c values of its bin,
 * taken as lower + (upper - lower) * j / (c + 1), where j of c values
 * spread evenly over the bin would expect it (for a negative bin, counted
 * from its lower edge, the larger magnitude).  So it moves with the
 * sample within a bin instead of sticking to the bin's middle: well below
 * the binning error where the values have a density (a per-replication
 * quantile averaged over replications), and never more than the bin's
 * width (1/64 of the value) where they pile up on one value.  The zero
 * and infinite bins read 0 and +-inf; NAN when empty.  No allocation. */
double cs_hist_quantile_interpolated(const cs_hist *h, double q);

/* The occupied bins of a histogram, ascending keys, counts > 0. */
typedef struct cs_hist_bins {
    size_t n;
    int32_t *key;
    uint64_t *count;
} cs_hist_bins;

/* Add n bins (strictly ascending keys; zero counts are dropped) into b;
 * CS_ERR_NOMEM leaves b as it was. */
cs_status cs_hist_bins_add(cs_hist_bins *b, const int32_t *key, const uint64_t *count, size_t n);
/* Add a replication's histogram into b. */
cs_status cs_hist_bins_add_hist(cs_hist_bins *b, const cs_hist *h);
void cs_hist_bins_free(cs_hist_bins *b);
/* Quantile q in [0, 1] of n bins (ascending keys): the value of the bin
 * holding the ceil(q*total)-th smallest value; NAN when empty. */
double cs_hist_quantile_bins(const int32_t *key, const uint64_t *count, size_t n, double q);

/* ---- confidence intervals across replications ---- */
/* Two-sided Student-t quantile t_{p, df} for p in (0.5, 1), df >= 1
 * (Hill 1970 algorithm 396, own implementation; exact to ~1e-9). */
double cs_student_t_quantile(double p, double df);

typedef struct cs_ci {
    uint64_t n;
    double mean;
    double half_width; /* NAN when n < 2 */
    double low, high;
} cs_ci;

/* 95 % Student-t interval for the mean of n values (NAN values skipped). */
cs_ci cs_ci95(const double *values, size_t n);
/* The same from the Welford accumulator of the values. */
cs_ci cs_ci95_welford(const cs_welford *w);

#endif
