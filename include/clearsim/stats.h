/*
 * stats.h - streaming statistics: Welford accumulators, time-weighted
 * averages, mergeable log-linear histograms, Student-t intervals.
 *
 * Nothing here stores observations.  Histograms use one fixed bin layout
 * shared by every histogram in every file (so counts from replications,
 * threads, ranks and shards merge by integer addition): each power-of-two
 * octave from 2^CS_HIST_MIN_EXP to 2^CS_HIST_MAX_EXP is split into
 * CS_HIST_SUB equal sub-bins, so every bin is narrower than 1/64 of its lower
 * edge and a quantile read at the bin's geometric middle is within 0.8 % of
 * the exact sample quantile.  Bin 0 holds values below 2^CS_HIST_MIN_EXP
 * (including zero); the last bin holds values at or above 2^CS_HIST_MAX_EXP.
 */
#ifndef CLEARSIM_STATS_H
#define CLEARSIM_STATS_H

#include <stdint.h>
#include <stddef.h>
#include <string.h>

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

/* ---- histograms ---- */
#define CS_HIST_MIN_EXP (-24)
#define CS_HIST_MAX_EXP 40
#define CS_HIST_SUB_BITS 6
#define CS_HIST_SUB (1 << CS_HIST_SUB_BITS)
#define CS_HIST_NBINS (2 + (CS_HIST_MAX_EXP - CS_HIST_MIN_EXP) * CS_HIST_SUB)

typedef struct cs_hist {
    uint64_t count[CS_HIST_NBINS];
    uint64_t total;
} cs_hist;

/* Bin index of x: for a positive double, bits >> (52 - SUB_BITS) is
 * (biased exponent << SUB_BITS | top SUB_BITS of the mantissa), which is
 * the bin number up to an offset.  Negatives and values below 2^MIN_EXP
 * land in bin 0, and so does NaN; +inf and values >= 2^MAX_EXP in the last. */
static inline int cs_hist_bin(double x)
{
    int64_t bits;
    memcpy(&bits, &x, sizeof bits);
    const int64_t i = (bits >> (52 - CS_HIST_SUB_BITS)) -
                      ((int64_t)(1023 + CS_HIST_MIN_EXP) << CS_HIST_SUB_BITS) + 1;
    if (i < 1) return 0;
    if (i > CS_HIST_NBINS - 2) return x != x ? 0 : CS_HIST_NBINS - 1;
    return (int)i;
}
static inline void cs_hist_add(cs_hist *h, double x)
{
    h->count[cs_hist_bin(x)]++;
    h->total++;
}
void cs_hist_clear(cs_hist *h);
void cs_hist_merge(cs_hist *into, const cs_hist *from);
/* Lower edge of bin i (0 for bin 0); edge(CS_HIST_NBINS) = +inf.  The
 * CS_HIST_NBINS + 1 edges are what /histograms stores. */
double cs_hist_edge(int i);
/* Quantile q in [0,1] of counts over the shared bins (the total is summed
 * from counts): the bin holding the ceil(q*total)-th smallest value,
 * reported at its geometric middle; NAN when empty. */
double cs_hist_quantile_counts(const uint64_t *counts, double q);
double cs_hist_quantile(const cs_hist *h, double q);

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
