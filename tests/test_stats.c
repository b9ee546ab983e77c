/*
 * test_stats.c - unit tests of the streaming statistics, the histogram bin
 * layout and its quantiles, the result summaries and the metric catalogue.
 *
 * Answers are hand-computed or taken from published t tables; histogram
 * quantiles are checked against exact sorted-sample quantiles of samples
 * drawn from a tiny local xorshift generator, so the test depends on nothing
 * but libm and is deterministic.  The histogram tests pin the bin layout
 * itself (edges, the old fixed layout it must reproduce, the sign and zero
 * conventions), because files from different builds merge by bin key.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "clearsim/metrics.h"
#include "clearsim/results.h"
#include "clearsim/stats.h"

/* ---- helpers ---- */
typedef struct xs64 {
    uint64_t s;
} xs64;

static uint64_t xs_next(xs64 *g)
{
    uint64_t x = g->s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    g->s = x;
    return x * 0x2545F4914F6CDD1DULL;
}

/* Uniform in (0, 1). */
static double xs_unif(xs64 *g)
{
    return ((double)(xs_next(g) >> 11) + 0.5) * 0x1p-53;
}

static double xs_normal(xs64 *g)
{
    const double u1 = xs_unif(g), u2 = xs_unif(g);
    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

static int cmp_double(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double exact_quantile(const double *sorted, size_t n, double q)
{
    double r = ceil(q * (double)n);
    size_t rank = r < 1.0 ? 1 : (r >= (double)n ? n : (size_t)r);
    return sorted[rank - 1];
}

static void assert_close(double got, double want, double tol)
{
    if (!(fabs(got - want) <= tol)) {
        fail_msg("got %.17g, want %.17g (tol %g)", got, want, tol);
    }
}

/* Bit-for-bit equality (distinguishes -0.0 and compares NaN as equal to
 * NaN), for results that are defined exactly. */
static void assert_same(double got, double want)
{
    if (memcmp(&got, &want, sizeof got) != 0) fail_msg("got %a, want %a", got, want);
}

/* A fresh histogram the way callers make one: zeroed memory is empty. */
static cs_hist *hist_new(void)
{
    cs_hist *h = calloc(1, sizeof *h);
    assert_non_null(h);
    return h;
}

static void hist_delete(cs_hist *h)
{
    cs_hist_free(h);
    free(h);
}

/* The occupied bins of h, as cs_hist_collect lists them (caller frees). */
typedef struct collected {
    size_t n;
    int32_t *key;
    uint64_t *count;
} collected;

static collected collect(const cs_hist *h)
{
    collected c;
    c.n = cs_hist_occupied(h);
    c.key = malloc((c.n ? c.n : 1) * sizeof *c.key);
    c.count = malloc((c.n ? c.n : 1) * sizeof *c.count);
    assert_non_null(c.key);
    assert_non_null(c.count);
    assert_int_equal(cs_hist_collect(h, c.key, c.count), c.n);
    return c;
}

static void collected_free(collected *c)
{
    free(c->key);
    free(c->count);
}

/* x lies in bin key: [lower, upper) for positives, (lower, upper] for
 * negatives, and 0 only in bin 0. */
static void assert_in_bin(double x, int32_t key)
{
    const double lo = cs_hist_lower(key), hi = cs_hist_upper(key);
    int ok;
    if (key == 0) ok = x == 0.0;
    else if (key > 0) ok = x > 0.0 && lo <= x && x < hi;
    else ok = x < 0.0 && lo < x && x <= hi;
    if (!ok) fail_msg("%a is not in bin %d [%a, %a]", x, (int)key, lo, hi);
}

/* ---- Welford ---- */
static const double wdata[8] = {2, 4, 4, 4, 5, 5, 7, 9};

static void test_welford_basic(void **state)
{
    (void)state;
    cs_welford w = {0, 0.0, 0.0};
    assert_true(isnan(cs_welford_variance(&w)));
    cs_welford_add(&w, wdata[0]);
    assert_true(isnan(cs_welford_variance(&w)));
    for (int i = 1; i < 8; i++) cs_welford_add(&w, wdata[i]);
    assert_int_equal(w.n, 8);
    assert_close(w.mean, 5.0, 1e-15);
    assert_close(cs_welford_variance(&w), 32.0 / 7.0, 1e-14);
}

static void test_welford_merge(void **state)
{
    (void)state;
    cs_welford whole = {0, 0.0, 0.0}, a = {0, 0.0, 0.0}, b = {0, 0.0, 0.0};
    for (int i = 0; i < 8; i++) cs_welford_add(&whole, wdata[i]);
    for (int i = 0; i < 3; i++) cs_welford_add(&a, wdata[i]);
    for (int i = 3; i < 8; i++) cs_welford_add(&b, wdata[i]);
    cs_welford m = a;
    cs_welford_merge(&m, &b);
    assert_int_equal(m.n, whole.n);
    assert_close(m.mean, whole.mean, 1e-12);
    assert_close(m.m2, whole.m2, 1e-12);
    assert_close(cs_welford_variance(&m), 32.0 / 7.0, 1e-12);

    /* Merging an empty accumulator changes nothing; into an empty one copies. */
    const cs_welford empty = {0, 0.0, 0.0};
    cs_welford before = m;
    cs_welford_merge(&m, &empty);
    assert_int_equal(m.n, before.n);
    assert_true(m.mean == before.mean && m.m2 == before.m2);
    cs_welford e = empty;
    cs_welford_merge(&e, &whole);
    assert_int_equal(e.n, 8);
    assert_true(e.mean == whole.mean && e.m2 == whole.m2);
}

/* ---- time averages ---- */
static void test_timeavg_step(void **state)
{
    (void)state;
    cs_timeavg a;
    cs_timeavg_init(&a, 0.0, 1.0);
    assert_true(isnan(cs_timeavg_mean(&a, 0.0)));
    assert_close(cs_timeavg_area(&a, 0.0), 0.0, 0.0);
    cs_timeavg_set(&a, 2.0, 3.0); /* 1 on [0,2), 3 on [2,5) */
    assert_close(cs_timeavg_area(&a, 5.0), 11.0, 1e-15);
    assert_close(cs_timeavg_mean(&a, 5.0), 11.0 / 5.0, 1e-15);
    assert_close(cs_timeavg_mean(&a, 1.0 + 1.0), 1.0, 1e-15);
}

static void test_timeavg_reset(void **state)
{
    (void)state;
    cs_timeavg a;
    cs_timeavg_init(&a, 0.0, 1.0);
    cs_timeavg_set(&a, 2.0, 3.0);
    cs_timeavg_reset(&a, 5.0); /* warm-up ends at 5 with value 3 */
    assert_true(isnan(cs_timeavg_mean(&a, 5.0)));
    assert_close(cs_timeavg_area(&a, 5.0), 0.0, 0.0);
    assert_close(cs_timeavg_mean(&a, 7.0), 3.0, 1e-15);
    cs_timeavg_set(&a, 6.0, 0.0); /* 3 on [5,6), 0 on [6,8) */
    assert_close(cs_timeavg_area(&a, 8.0), 3.0, 1e-15);
    assert_close(cs_timeavg_mean(&a, 8.0), 1.0, 1e-15);
}

/* ---- histograms: the bin layout ---- */
static void test_hist_key_basics(void **state)
{
    (void)state;
    /* both zeros are the zero bin, whatever their sign bit */
    assert_int_equal(cs_hist_key(0.0), 0);
    assert_int_equal(cs_hist_key(-0.0), 0);
    /* 1.0 has biased exponent 1023 and a zero mantissa: 1023 * 64 + 1 */
    assert_int_equal(cs_hist_key(1.0), (int32_t)(0x3FF0000000000000ULL >> 46) + 1);
    assert_int_equal(cs_hist_key(1.0), 65473);
    assert_int_equal(cs_hist_key(-1.0), -65473);
    /* 64 bins per octave, each 1/64 of the octave's start wide */
    assert_int_equal(cs_hist_key(2.0), 65473 + 64);
    assert_int_equal(cs_hist_key(1.0 + 1.0 / 64), 65473 + 1);
    assert_int_equal(cs_hist_key(nextafter(1.0 + 1.0 / 64, 0.0)), 65473);
    assert_int_equal(cs_hist_key(1.5), 65473 + 32);
    assert_true(cs_hist_lower(65473) == 1.0 && cs_hist_upper(65473) == 1.0 + 1.0 / 64);
    assert_true(cs_hist_lower(-65473) == -(1.0 + 1.0 / 64) && cs_hist_upper(-65473) == -1.0);

    /* the ends of the doubles: exponent field 2047 is infinity */
    assert_int_equal(CS_HIST_KEY_INF, 2047 * 64 + 1);
    assert_int_equal(cs_hist_key(INFINITY), CS_HIST_KEY_INF);
    assert_int_equal(cs_hist_key(-INFINITY), -CS_HIST_KEY_INF);
    assert_int_equal(cs_hist_key(DBL_MAX), CS_HIST_KEY_INF - 1);
    assert_int_equal(cs_hist_key(-DBL_MAX), -(CS_HIST_KEY_INF - 1));
    assert_true(cs_hist_upper(CS_HIST_KEY_INF - 1) == INFINITY);
    assert_true(cs_hist_value(CS_HIST_KEY_INF) == INFINITY);
    assert_true(cs_hist_value(-CS_HIST_KEY_INF) == -INFINITY);
    /* DBL_MIN (exponent field 1) starts bin 65; the 64 bins below it split
     * the subnormals evenly, the first one starting at 0 */
    assert_int_equal(cs_hist_key(DBL_MIN), 65);
    assert_int_equal(cs_hist_key(nextafter(DBL_MIN, 0.0)), 64);
    assert_int_equal(cs_hist_key(0x1p-1074), 1);
    assert_int_equal(cs_hist_key(-0x1p-1074), -1);
    assert_true(cs_hist_lower(1) == 0.0 && cs_hist_upper(1) == 0x1p-1028);
    assert_same(cs_hist_value(0), 0.0);
}

/* Every finite bin boundary: exact edges open their own bin, the double
 * just inside (towards zero) belongs to the bin before, and the negative
 * bins mirror the positive ones. */
static void test_hist_edges_all(void **state)
{
    (void)state;
    for (int32_t k = 2; k < CS_HIST_KEY_INF; k++) {
        const double e = cs_hist_lower(k);
        assert_true(e > 0.0 && e < cs_hist_upper(k));
        assert_true(cs_hist_upper(k - 1) == e); /* bins tile the line */
        if (cs_hist_key(e) != k || cs_hist_key(nextafter(e, 0.0)) != k - 1)
            fail_msg("positive edge %a of bin %d", e, (int)k);
        if (cs_hist_key(-e) != -k || cs_hist_key(nextafter(-e, 0.0)) != -(k - 1))
            fail_msg("negative edge %a of bin %d", -e, (int)-k);
        assert_true(cs_hist_lower(-k) == -cs_hist_upper(k));
        assert_true(cs_hist_upper(-k) == -e);
        assert_true(cs_hist_value(-k) == -cs_hist_value(k));
    }
}

/* Random doubles of both signs over nearly every exponent fall in their
 * bin, and keys are monotone in the value. */
static void test_hist_random_x(void **state)
{
    (void)state;
    xs64 g = {0x9E3779B97F4A7C15ULL};
    double prev_x = 0.0;
    int32_t prev_k = 0;
    for (int i = 0; i < 200000; i++) {
        /* log-uniform from 2^-1070 (subnormal) to 2^1021 */
        const int e = -1070 + (int)(2091.0 * xs_unif(&g));
        const double m = ldexp(1.0 + xs_unif(&g), e);
        const double x = (xs_next(&g) >> 63) ? -m : m;
        const int32_t k = cs_hist_key(x);
        assert_true(k != 0 && k > -CS_HIST_KEY_INF && k < CS_HIST_KEY_INF);
        assert_in_bin(x, k);
        if (x < prev_x) assert_true(k <= prev_k);
        else assert_true(k >= prev_k);
        /* a quantile read in the bin stays inside it, with x's sign (but
         * bin 1 starts at 0 and reads 0) */
        const double v = cs_hist_value(k);
        assert_true(cs_hist_lower(k) <= v && v <= cs_hist_upper(k));
        if (k != 1 && k != -1) assert_true((v > 0.0) == (x > 0.0) && v != 0.0);
        if (fabs(x) >= DBL_MIN) assert_true(fabs(v - x) / fabs(x) < 0.008);
        prev_x = x;
        prev_k = k;
    }
}

/* The layout this one replaced: bins [2^-24, 2^40) of edges
 * ldexp(1 + s/64, e), numbered from 1 at 2^-24.  Its numbers, edges and
 * geometric middles are restated here so that the new layout is checked
 * against them, not against itself. */
#define OLD_MIN_EXP (-24)
#define OLD_MAX_EXP 40
#define OLD_NBINS (2 + (OLD_MAX_EXP - OLD_MIN_EXP) * 64)

static double old_edge(int i)
{
    const int e = OLD_MIN_EXP + (i - 1) / 64;
    const int s = (i - 1) % 64;
    return ldexp(1.0 + (double)s / 64, e);
}

/* The old bin number of x in [2^-24, 2^40), from its exponent and
 * mantissa as frexp gives them. */
static int old_bin(double x)
{
    int ex;
    const double m = frexp(x, &ex); /* x = m * 2^ex, m in [0.5, 1) */
    const int s = (int)((2.0 * m - 1.0) * 64);
    return 1 + (ex - 1 - OLD_MIN_EXP) * 64 + s;
}

/* The new key of a value is its old bin number plus a constant:
 * 2^-24's key, ((1023 - 24) << 6) + 1, minus its old number 1. */
static void check_old_layout(double x)
{
    const int i = old_bin(x);
    const double lo = old_edge(i), hi = old_edge(i + 1);
    assert_true(i >= 1 && i <= OLD_NBINS - 2);
    assert_true(lo <= x && x < hi);
    const int32_t k = cs_hist_key(x);
    if (k != i + (1023 + OLD_MIN_EXP) * 64) fail_msg("%a: key %d, old bin %d", x, (int)k, i);
    assert_true(cs_hist_lower(k) == lo && cs_hist_upper(k) == hi);
    assert_same(cs_hist_value(k), sqrt(lo * hi));
}

static void test_hist_old_layout(void **state)
{
    (void)state;
    assert_true(old_edge(1) == 0x1p-24 && old_edge(65) == 0x1p-23 && old_edge(OLD_NBINS - 1) == 0x1p40);
    for (int i = 1; i <= OLD_NBINS - 2; i++) { /* every old finite bin, at its lower edge */
        check_old_layout(old_edge(i));
        check_old_layout(nextafter(old_edge(i + 1), 0.0));
    }
    xs64 g = {0x0DDB1A5E5BAD5EEDULL};
    for (int i = 0; i < 100000; i++) {
        const double x = exp2(-24.0 + 64.0 * xs_unif(&g));
        if (x < 0x1p40) check_old_layout(x);
    }
}

/* ---- histograms: quantiles ---- */

/* est is the histogram's reading of the exact quantile: exactly the value
 * of exact's bin (the bin holding the rank-th value), hence within one bin
 * width of it, of the same sign, and within 0.8 %. */
static void check_estimate(double est, double exact, const char *what, double q)
{
    const int32_t k = cs_hist_key(exact);
    if (!(fabs(est - exact) <= cs_hist_upper(k) - cs_hist_lower(k)) ||
        (est > 0) != (exact > 0) || (est < 0) != (exact < 0))
        fail_msg("%s q=%g: est %.17g exact %.17g: not in its bin", what, q, est, exact);
    if (exact != 0.0 && !(fabs(est - exact) / fabs(exact) < 0.008))
        fail_msg("%s q=%g: est %g exact %g rel %g", what, q, est, exact, fabs(est - exact) / fabs(exact));
    assert_same(est, cs_hist_value(k));
}

static void check_quantiles(double *v, size_t n, const char *what)
{
    cs_hist *h = hist_new();
    for (size_t i = 0; i < n; i++) cs_hist_add(h, v[i]);
    assert_int_equal(h->total, n);
    collected c = collect(h);
    qsort(v, n, sizeof *v, cmp_double);
    const double qs[] = {0.01, 0.1, 0.5, 0.9, 0.99};
    for (size_t j = 0; j < sizeof qs / sizeof qs[0]; j++) {
        const double est = cs_hist_quantile(h, qs[j]);
        check_estimate(est, exact_quantile(v, n, qs[j]), what, qs[j]);
        /* the sparse form reads the same */
        assert_same(cs_hist_quantile_bins(c.key, c.count, c.n, qs[j]), est);
    }
    collected_free(&c);
    hist_delete(h);
}

static void test_hist_quantile_accuracy(void **state)
{
    (void)state;
    const size_t n = 100000;
    double *v = malloc(n * sizeof *v);
    assert_non_null(v);
    xs64 g = {0x1234567887654321ULL};
    for (size_t i = 0; i < n; i++) v[i] = exp(xs_normal(&g)); /* lognormal */
    check_quantiles(v, n, "lognormal");
    for (size_t i = 0; i < n; i++) v[i] = -log(xs_unif(&g)); /* exponential(1) */
    check_quantiles(v, n, "exponential");
    for (size_t i = 0; i < n; i++) v[i] = 3600.0 * exp(2.0 * xs_normal(&g)); /* wide */
    check_quantiles(v, n, "wide lognormal");
    for (size_t i = 0; i < n; i++) v[i] = -exp(xs_normal(&g)); /* all negative */
    check_quantiles(v, n, "negative lognormal");
    /* both signs and 5 % zeros (some -0.0): the exact median is a zero */
    for (size_t i = 0; i < n; i++) {
        const double u = xs_unif(&g);
        v[i] = u < 0.025 ? 0.0 : u < 0.05 ? -0.0 : 10.0 * xs_normal(&g);
    }
    check_quantiles(v, n, "mixed sign");
    assert_true(exact_quantile(v, n, 0.5) == 0.0); /* v is sorted now: the zero path was taken */
    /* far outside the old layout's [2^-24, 2^40) */
    for (size_t i = 0; i < n; i++) v[i] = -log(xs_unif(&g)) * 1e-9;
    check_quantiles(v, n, "exponential * 1e-9");
    for (size_t i = 0; i < n; i++) v[i] = -log(xs_unif(&g)) * 1e13;
    check_quantiles(v, n, "exponential * 1e13");
    free(v);
}

/* Quantiles of sparse bins across the zero bin, by hand. */
static void test_hist_quantile_bins_hand(void **state)
{
    (void)state;
    /* -1, 0, 0, 3: q in (0, 1/4] -> -1, (1/4, 3/4] -> 0, above -> 3 */
    const int32_t key[] = {cs_hist_key(-1.0), 0, cs_hist_key(3.0)};
    const uint64_t count[] = {1, 2, 1};
    const double m1 = -sqrt(1.0 + 1.0 / 64);
    const double v3 = sqrt(3.0 * (3.0 + 2.0 / 64)); /* 3 = 2 * (1 + 32/64), bin [3, 3 + 1/32) */
    assert_same(cs_hist_quantile_bins(key, count, 3, 0.0), m1);
    assert_same(cs_hist_quantile_bins(key, count, 3, 0.25), m1);
    assert_same(cs_hist_quantile_bins(key, count, 3, 0.26), 0.0);
    assert_same(cs_hist_quantile_bins(key, count, 3, 0.75), 0.0);
    assert_same(cs_hist_quantile_bins(key, count, 3, 0.76), v3);
    assert_same(cs_hist_quantile_bins(key, count, 3, 1.0), v3);
    assert_true(isnan(cs_hist_quantile_bins(NULL, NULL, 0, 0.5)));
    /* zero counts are no values */
    const uint64_t none[] = {0, 0, 0};
    assert_true(isnan(cs_hist_quantile_bins(key, none, 3, 0.5)));
}

static void test_hist_quantile_special(void **state)
{
    (void)state;
    cs_hist *h = hist_new();
    assert_true(isnan(cs_hist_quantile(h, 0.5)));
    cs_hist_add(h, 0.0);
    assert_same(cs_hist_quantile(h, 0.5), 0.0);
    /* beyond the old layout's top, which saturated at 2^40 */
    cs_hist_clear(h);
    cs_hist_add(h, 1e50);
    const double big = cs_hist_quantile(h, 0.5);
    assert_true(fabs(big / 1e50 - 1.0) < 1.0 / 64);
    assert_in_bin(big, cs_hist_key(1e50));
    cs_hist_clear(h);
    assert_int_equal(h->total, 0);
    cs_hist_add(h, 1.0);
    assert_same(cs_hist_quantile(h, 0.5), sqrt(1.0 + 1.0 / 64));
    cs_hist_clear(h);
    cs_hist_add(h, -1.0); /* bin (-(1 + 1/64), -1] */
    assert_same(cs_hist_quantile(h, 0.5), -sqrt(1.0 * (1.0 + 1.0 / 64)));
    /* ranks: {1, 2, 4, 8}: q=0 -> smallest, q=0.5 -> 2nd, 0.51 -> 3rd, 1 -> largest */
    cs_hist_clear(h);
    for (int i = 0; i < 4; i++) cs_hist_add(h, ldexp(1.0, i));
    const double q[] = {0.0, 0.5, 0.51, 1.0};
    for (int i = 0; i < 4; i++) assert_same(cs_hist_quantile(h, q[i]), ldexp(sqrt(1.0 + 1.0 / 64), i));
    /* NaN is never counted, of either sign */
    cs_hist_clear(h);
    cs_hist_add(h, NAN);
    cs_hist_add(h, -NAN);
    assert_int_equal(h->total, 0);
    assert_int_equal(cs_hist_occupied(h), 0);
    assert_true(isnan(cs_hist_quantile(h, 0.5)));
    /* infinities are values, read as themselves */
    cs_hist_add(h, INFINITY);
    cs_hist_add(h, -INFINITY);
    assert_int_equal(h->total, 2);
    assert_true(cs_hist_quantile(h, 0.0) == -INFINITY);
    assert_true(cs_hist_quantile(h, 1.0) == INFINITY);
    hist_delete(h);
}

/* ---- histograms: the growing runs ---- */

/* The bins h holds are exactly the (key, count) pairs listed. */
static void assert_bins(const cs_hist *h, const int32_t *key, const uint64_t *count, size_t n)
{
    collected c = collect(h);
    assert_int_equal(c.n, n);
    uint64_t total = 0;
    for (size_t i = 0; i < n; i++) {
        if (c.key[i] != key[i] || c.count[i] != count[i])
            fail_msg("bin %zu: (%d, %llu), want (%d, %llu)", i, (int)c.key[i], (unsigned long long)c.count[i],
                     (int)key[i], (unsigned long long)count[i]);
        total += count[i];
    }
    assert_int_equal(h->total, total);
    collected_free(&c);
}

static void test_hist_growth(void **state)
{
    (void)state;
    cs_hist *h = hist_new();
    /* 600 decades apart: the run first sits at 1e-300, then must reach up */
    cs_hist_add(h, 1e-300);
    cs_hist_add(h, 1e300);
    cs_hist_add(h, 1e-300);
    const int32_t k1[] = {cs_hist_key(1e-300), cs_hist_key(1e300)};
    const uint64_t c1[] = {2, 1};
    assert_bins(h, k1, c1, 2);
    hist_delete(h);

    /* growing down, then up, on both signs: earlier counts survive the copy */
    h = hist_new();
    cs_hist_add(h, 1.0);
    cs_hist_add(h, 1e13);
    cs_hist_add(h, 1e-9);
    cs_hist_add(h, 1.0);
    cs_hist_add(h, -1e-9);
    cs_hist_add(h, -1e13);
    cs_hist_add(h, 0.0);
    cs_hist_add(h, -1e-9);
    const int32_t k2[] = {cs_hist_key(-1e13), cs_hist_key(-1e-9), 0, cs_hist_key(1e-9), cs_hist_key(1.0),
                          cs_hist_key(1e13)};
    const uint64_t c2[] = {1, 2, 1, 1, 2, 1};
    assert_bins(h, k2, c2, 6);
    assert_true(k2[0] < k2[1] && k2[1] < 0 && 0 < k2[3] && k2[3] < k2[4] && k2[4] < k2[5]);
    /* the extremes of the doubles fit too */
    cs_hist_add(h, DBL_MAX);
    cs_hist_add(h, 0x1p-1074);
    assert_int_equal(h->total, 10);
    assert_int_equal(cs_hist_occupied(h), 8);
    hist_delete(h);
}

static void test_hist_clear_reuse(void **state)
{
    (void)state;
    cs_hist *h = hist_new();
    cs_hist_add(h, 3.0);
    cs_hist_add(h, -3.0);
    cs_hist_add(h, 0.0);
    const uint64_t *pos = h->pos.count, *neg = h->neg.count;
    const uint32_t npos = h->pos.n, nneg = h->neg.n;
    h->failed = 1; /* as if a value had been lost: the next replication starts clean */
    cs_hist_clear(h);
    assert_int_equal(h->total, 0);
    assert_int_equal(h->zero, 0);
    assert_int_equal(h->failed, 0);
    assert_int_equal(cs_hist_occupied(h), 0);
    assert_true(isnan(cs_hist_quantile(h, 0.5)));
    /* the memory stays for the next replication */
    assert_true(h->pos.count == pos && h->neg.count == neg);
    assert_int_equal(h->pos.n, npos);
    assert_int_equal(h->neg.n, nneg);
    cs_hist_add(h, 5.0);
    const int32_t k[] = {cs_hist_key(5.0)};
    const uint64_t c[] = {1};
    assert_bins(h, k, c, 1);
    assert_same(cs_hist_quantile(h, 0.5), cs_hist_value(k[0]));
    /* free leaves a valid empty histogram behind */
    cs_hist_add(h, 0.0);
    cs_hist_free(h);
    assert_int_equal(h->total, 0);
    assert_int_equal(h->zero, 0);
    assert_null(h->pos.count);
    assert_int_equal(cs_hist_occupied(h), 0);
    cs_hist_add(h, 5.0);
    assert_bins(h, k, c, 1);
    hist_delete(h);
}

static void test_hist_add_key_counts(void **state)
{
    (void)state;
    cs_hist *h = hist_new();
    const int32_t k2 = cs_hist_key(2.0), km = cs_hist_key(-7.0);
    cs_hist_add_key(h, k2, 3);
    cs_hist_add_key(h, 0, 2);
    cs_hist_add_key(h, km, 4);
    cs_hist_add_key(h, k2, 1);
    const int32_t k[] = {km, 0, k2};
    const uint64_t c[] = {4, 2, 4};
    assert_bins(h, k, c, 3);
    assert_int_equal(h->zero, 2);
    /* 10 values: ranks 1-4 are -7, 5-6 zero, 7-10 two */
    assert_same(cs_hist_quantile(h, 0.4), cs_hist_value(km));
    assert_same(cs_hist_quantile(h, 0.41), 0.0);
    assert_same(cs_hist_quantile(h, 0.6), 0.0);
    assert_same(cs_hist_quantile(h, 0.61), sqrt(2.0 * (2.0 + 2.0 / 64)));
    hist_delete(h);
}

static int cmp_key(const void *a, const void *b)
{
    const int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

/* Many values over many scales, in random order, so that the runs grow
 * many times each way: the bins equal a count of the sorted keys. */
static void test_hist_collect_reference(void **state)
{
    (void)state;
    const size_t n = 20000;
    int32_t *keys = malloc(n * sizeof *keys), *rk = malloc(n * sizeof *rk);
    uint64_t *rc = malloc(n * sizeof *rc);
    assert_true(keys && rk && rc);
    xs64 g = {0xC0FFEE0123456789ULL};
    cs_hist *h = hist_new();
    for (size_t i = 0; i < n; i++) {
        const double u = xs_unif(&g);
        double x = u < 0.02 ? 0.0 : ldexp(1.0 + xs_unif(&g), -200 + (int)(400.0 * xs_unif(&g)));
        if (xs_next(&g) >> 63) x = -x;
        cs_hist_add(h, x);
        keys[i] = cs_hist_key(x);
    }
    qsort(keys, n, sizeof *keys, cmp_key);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (m && rk[m - 1] == keys[i]) {
            rc[m - 1]++;
        } else {
            rk[m] = keys[i];
            rc[m++] = 1;
        }
    }
    assert_bins(h, rk, rc, m);
    hist_delete(h);
    free(keys);
    free(rk);
    free(rc);
}

/* ---- histograms: the sparse bins of results ---- */

static void assert_sparse(const cs_hist_bins *b, const int32_t *key, const uint64_t *count, size_t n)
{
    assert_int_equal(b->n, n);
    for (size_t i = 0; i < n; i++) {
        if (b->key[i] != key[i] || b->count[i] != count[i])
            fail_msg("bin %zu: (%d, %llu), want (%d, %llu)", i, (int)b->key[i], (unsigned long long)b->count[i],
                     (int)key[i], (unsigned long long)count[i]);
    }
}

static void test_hist_bins_add(void **state)
{
    (void)state;
    cs_hist_bins b;
    memset(&b, 0, sizeof b);
    const int32_t ka[] = {1, 5, 9};
    const uint64_t ca[] = {2, 1, 4};
    assert_int_equal(cs_hist_bins_add(&b, ka, ca, 3), CS_OK);
    assert_sparse(&b, ka, ca, 3);
    /* overlapping at 5, interleaved elsewhere, one below and one above */
    const int32_t kb[] = {-3, 5, 7, 12};
    const uint64_t cb[] = {1, 2, 1, 5};
    assert_int_equal(cs_hist_bins_add(&b, kb, cb, 4), CS_OK);
    const int32_t k1[] = {-3, 1, 5, 7, 9, 12};
    const uint64_t c1[] = {1, 2, 3, 1, 4, 5};
    assert_sparse(&b, k1, c1, 6);
    /* nothing to add changes nothing */
    assert_int_equal(cs_hist_bins_add(&b, NULL, NULL, 0), CS_OK);
    assert_sparse(&b, k1, c1, 6);
    /* wholly below and wholly above, and the same list again */
    const int32_t kc[] = {-100, -50, 200};
    const uint64_t cc[] = {7, 8, 9};
    assert_int_equal(cs_hist_bins_add(&b, kc, cc, 3), CS_OK);
    assert_int_equal(cs_hist_bins_add(&b, k1, c1, 6), CS_OK);
    const int32_t k2[] = {-100, -50, -3, 1, 5, 7, 9, 12, 200};
    const uint64_t c2[] = {7, 8, 2, 4, 6, 2, 8, 10, 9};
    assert_sparse(&b, k2, c2, 9);
    cs_hist_bins_free(&b);
    assert_int_equal(b.n, 0);
    assert_null(b.key);
    assert_null(b.count);
    cs_hist_bins_free(&b); /* freed bins free again as nothing */
}

/* Replications' histograms added into results equal one histogram of all
 * their values, and read the same quantiles. */
static void test_hist_bins_add_hist(void **state)
{
    (void)state;
    cs_hist *a = hist_new(), *b = hist_new(), *u = hist_new();
    xs64 g = {0x5EED5EED5EED5EEDULL};
    for (int i = 0; i < 5000; i++) {
        const double x = xs_normal(&g) * 100.0, y = exp(3.0 * xs_normal(&g)) - 20.0;
        cs_hist_add(a, x);
        cs_hist_add(b, y);
        cs_hist_add(u, x);
        cs_hist_add(u, y);
    }
    cs_hist_add(b, 0.0);
    cs_hist_add(u, 0.0);
    cs_hist_bins bins;
    memset(&bins, 0, sizeof bins);
    cs_hist empty;
    memset(&empty, 0, sizeof empty);
    assert_int_equal(cs_hist_bins_add_hist(&bins, &empty), CS_OK);
    assert_int_equal(bins.n, 0);
    assert_int_equal(cs_hist_bins_add_hist(&bins, a), CS_OK);
    assert_int_equal(cs_hist_bins_add_hist(&bins, b), CS_OK);
    collected c = collect(u);
    assert_sparse(&bins, c.key, c.count, c.n);
    for (double q = 0.0; q <= 1.0; q += 1.0 / 128)
        assert_same(cs_hist_quantile_bins(bins.key, bins.count, bins.n, q), cs_hist_quantile(u, q));
    assert_int_equal(a->total, 5000); /* sources untouched */
    assert_int_equal(b->total, 5001);
    collected_free(&c);
    cs_hist_bins_free(&bins);
    hist_delete(a);
    hist_delete(b);
    hist_delete(u);
}

/* ---- Student t and CIs ---- */
static void test_student_t_table(void **state)
{
    (void)state;
    const struct { double p, df, t, tol; } tab[] = {
        {0.975, 1, 12.706204736, 1e-6},  {0.975, 2, 4.302652730, 1e-6},
        {0.975, 5, 2.570581836, 1e-6},   {0.975, 9, 2.262157163, 1e-6},
        {0.975, 19, 2.093024054, 1e-6},  {0.975, 29, 2.045229642, 1e-6},
        {0.975, 100, 1.983971519, 1e-6}, {0.975, 1e6, 1.959966, 1e-6},
        {0.995, 4, 4.604094871, 1e-6},   {0.975, 4, 2.776445105, 1e-6},
        {0.95, 10, 1.812461123, 1e-6},   {0.99, 3, 4.540702858, 1e-6},
        {0.975, INFINITY, 1.959963985, 1e-9},
    };
    for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++) {
        const double t = cs_student_t_quantile(tab[i].p, tab[i].df);
        if (!(fabs(t - tab[i].t) <= tab[i].tol))
            fail_msg("t(%g, %g) = %.12g, want %.12g", tab[i].p, tab[i].df, t, tab[i].t);
    }
    /* decreasing in df, increasing in p */
    double prev = INFINITY;
    for (double df = 1; df < 3e5; df *= 1.7) {
        const double t = cs_student_t_quantile(0.975, df);
        assert_true(t < prev);
        prev = t;
    }
    assert_true(cs_student_t_quantile(0.9, 7) < cs_student_t_quantile(0.95, 7));
}

static void test_ci95(void **state)
{
    (void)state;
    const double v[] = {1, 2, 3, 4, 5};
    cs_ci ci = cs_ci95(v, 5);
    const double hw = 2.776445105 * sqrt(2.5) / sqrt(5.0);
    assert_int_equal(ci.n, 5);
    assert_close(ci.mean, 3.0, 1e-15);
    assert_close(ci.half_width, hw, 1e-8);
    assert_close(ci.low, 3.0 - hw, 1e-8);
    assert_close(ci.high, 3.0 + hw, 1e-8);

    const double w[] = {NAN, 1, 2, NAN, 3, 4, 5, NAN}; /* NaN skipped */
    cs_ci cw = cs_ci95(w, 8);
    assert_int_equal(cw.n, 5);
    assert_true(cw.mean == ci.mean && cw.half_width == ci.half_width);

    const double one[] = {NAN, 7.5};
    cs_ci c1 = cs_ci95(one, 2);
    assert_int_equal(c1.n, 1);
    assert_close(c1.mean, 7.5, 0.0);
    assert_true(isnan(c1.half_width) && isnan(c1.low) && isnan(c1.high));

    cs_ci c0 = cs_ci95(one, 1);
    assert_int_equal(c0.n, 0);
    assert_true(isnan(c0.mean) && isnan(c0.half_width) && isnan(c0.low) && isnan(c0.high));
    cs_ci cnone = cs_ci95(NULL, 0);
    assert_int_equal(cnone.n, 0);
    assert_true(isnan(cnone.mean));
}

/* ---- results ---- */
static void test_results_alloc_free(void **state)
{
    (void)state;
    cs_results r;
    memset(&r, 0, sizeof r);
    assert_int_equal(cs_results_alloc(&r, 0, 0, 5), CS_OK);
    assert_int_equal(r.nkeys, 0);
    cs_results_summarise(&r); /* nothing to do */
    cs_results_free(&r);
    assert_null(r.keys);

    assert_int_equal(cs_results_alloc(&r, 2, 3, 4), CS_OK);
    assert_int_equal(r.nkeys, 2);
    assert_int_equal(r.nresources, 3);
    assert_int_equal(r.replications, 4);
    for (size_t i = 0; i < 2; i++) { /* empty histograms, ready for cs_hist_bins_add */
        assert_int_equal(r.hists[i].n, 0);
        assert_null(r.hists[i].key);
        assert_null(r.hists[i].count);
    }
    for (size_t i = 0; i < 8; i++) assert_int_equal(r.rep_values[i].count, 0);
    for (size_t i = 0; i < 12; i++) assert_true(r.resource_values[i].busy_mean == 0.0);
    assert_int_equal(r.resource_keys[2].point, 0);
    assert_int_equal(r.summary[1].n, 0);
    /* bins added to a key are the results' to free */
    const int32_t k[] = {cs_hist_key(1.0)};
    const uint64_t c[] = {3};
    assert_int_equal(cs_hist_bins_add(&r.hists[1], k, c, 1), CS_OK);
    cs_results_free(&r);
    assert_null(r.keys);
    assert_null(r.rep_values);
    assert_null(r.hists);
    assert_null(r.summary);
    assert_null(r.resource_keys);
    assert_null(r.resource_values);
    assert_int_equal(r.nkeys, 0);
    assert_int_equal(r.replications, 0);

    /* a size that cannot be allocated fails cleanly */
    assert_int_equal(cs_results_alloc(&r, SIZE_MAX / 2, 0, 3), CS_ERR_NOMEM);
    assert_null(r.keys);
    assert_null(r.rep_values);
    assert_null(r.hists);
    cs_results_free(&r);
}

/* Key 0's histogram holds the observations 1..100, added as the results
 * receive them: two replications' sorted bins, the odd and the even. */
static void fill_one_to_hundred(cs_hist_bins *b)
{
    int32_t key[50];
    uint64_t count[50];
    for (int parity = 1; parity >= 0; parity--) {
        for (int i = 0; i < 50; i++) {
            key[i] = cs_hist_key((double)(2 * i + 2 - parity));
            count[i] = 1;
            if (i) assert_true(key[i] > key[i - 1]);
        }
        assert_int_equal(cs_hist_bins_add(b, key, count, 50), CS_OK);
    }
    /* 1..100 each have a bin of their own (bins are at most 1 wide below 128) */
    assert_int_equal(b->n, 100);
}

static void test_results_summarise(void **state)
{
    (void)state;
    cs_results r;
    memset(&r, 0, sizeof r);
    assert_int_equal(cs_results_alloc(&r, 2, 0, 3), CS_OK);
    r.keys[0].point = 0;
    strcpy(r.keys[0].metric, "wait");
    r.keys[1].point = 1;
    strcpy(r.keys[1].metric, "sojourn");

    /* key 0: replication means 1, 2, 3; observations 1..100 in the histogram */
    for (uint32_t i = 0; i < 3; i++) r.rep_values[i] = (cs_rep_value){10, 1.0 + i};
    fill_one_to_hundred(&r.hists[0]);
    /* key 1: means 4 and 6, replication 1 saw nothing; empty histogram */
    r.rep_values[3] = (cs_rep_value){5, 4.0};
    r.rep_values[4] = (cs_rep_value){0, 999.0};
    r.rep_values[5] = (cs_rep_value){7, 6.0};

    cs_results_summarise(&r);
    const cs_summary_row *s0 = &r.summary[0], *s1 = &r.summary[1];
    assert_string_equal(s0->key.metric, "wait");
    assert_int_equal(s0->n, 3);
    assert_close(s0->mean, 2.0, 1e-15);
    const double hw0 = 4.302652730 / sqrt(3.0);
    assert_close(s0->ci95_low, 2.0 - hw0, 1e-8);
    assert_close(s0->ci95_high, 2.0 + hw0, 1e-8);
    /* the 50th, 90th and 99th of 1..100, in their bins: 50 = 32 (1 + 36/64)
     * opens [50, 50.5); 90 = 64 (1 + 26/64) opens [90, 91); 99 [99, 100) */
    assert_same(s0->p50, sqrt(50.0 * 50.5));
    assert_same(s0->p90, sqrt(90.0 * 91.0));
    assert_same(s0->p99, sqrt(99.0 * 100.0));

    assert_string_equal(s1->key.metric, "sojourn");
    assert_int_equal(s1->key.point, 1);
    assert_int_equal(s1->n, 2);
    assert_close(s1->mean, 5.0, 1e-15);
    /* sd = sqrt(2), n = 2: half width = t(0.975, 1) */
    assert_close(s1->ci95_low, 5.0 - 12.706204736, 1e-8);
    assert_close(s1->ci95_high, 5.0 + 12.706204736, 1e-8);
    assert_true(isnan(s1->p50) && isnan(s1->p90) && isnan(s1->p99));

    cs_results_free(&r);
}

/* ---- metric and segment kinds, catalogues ---- */
static void test_kind_names(void **state)
{
    (void)state;
    /* the spellings files store: changing one breaks every file written */
    const char *const metric[CS_METRIC_KIND_N] = {
        "primary", "headline", "detail", "interval", "count_observed", "count_observed_finished",
        "count_generated", "count_finished", "count", "quantile",
    };
    const char *const segment[CS_SEGMENT_KIND_N] = {"all", "pilot", "path", "channel", "comparator"};
    for (int k = 0; k < CS_METRIC_KIND_N; k++) {
        assert_string_equal(cs_metric_kind_name((cs_metric_kind)k), metric[k]);
        cs_metric_kind got = CS_METRIC_KIND_N;
        assert_true(cs_metric_kind_parse(metric[k], &got));
        assert_int_equal(got, k);
    }
    for (int k = 0; k < CS_SEGMENT_KIND_N; k++) {
        assert_string_equal(cs_segment_kind_name((cs_segment_kind)k), segment[k]);
        cs_segment_kind got = CS_SEGMENT_KIND_N;
        assert_true(cs_segment_kind_parse(segment[k], &got));
        assert_int_equal(got, k);
    }
    /* unknown names leave the output alone; out-of-range kinds have a name
     * that parses as nothing */
    const char *const bad[] = {"", "Primary", "primary ", "counts", "unknown", "al"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cs_metric_kind m = CS_METRIC_DETAIL;
        cs_segment_kind s = CS_SEGMENT_PATH;
        assert_false(cs_metric_kind_parse(bad[i], &m));
        assert_false(cs_segment_kind_parse(bad[i], &s));
        assert_int_equal(m, CS_METRIC_DETAIL);
        assert_int_equal(s, CS_SEGMENT_PATH);
    }
    assert_string_equal(cs_metric_kind_name(CS_METRIC_KIND_N), "unknown");
    assert_string_equal(cs_segment_kind_name(CS_SEGMENT_KIND_N), "unknown");
    cs_metric_kind m;
    cs_segment_kind s;
    assert_false(cs_segment_kind_parse("primary", &s)); /* the two tables are apart */
    assert_false(cs_metric_kind_parse("all", &m));
}

/* Three metrics, two segments. */
static void make_catalog(cs_catalog *c)
{
    assert_int_equal(cs_catalog_alloc(c, 3, 2), CS_OK);
    assert_int_equal(c->nmetrics, 3);
    assert_int_equal(c->nsegments, 2);
    assert_int_equal(c->metrics[2].name[0], 0); /* zeroed */
    strcpy(c->metrics[0].name, "release_h");
    c->metrics[0].kind = CS_METRIC_PRIMARY;
    strcpy(c->metrics[1].name, "wait");
    c->metrics[1].kind = CS_METRIC_DETAIL;
    strcpy(c->metrics[2].name, "t3_h");
    c->metrics[2].kind = CS_METRIC_INTERVAL;
    strcpy(c->metrics[2].milestone, "T3");
    strcpy(c->segments[0].name, "all");
    c->segments[0].kind = CS_SEGMENT_ALL;
    strcpy(c->segments[1].name, "channel:green");
    c->segments[1].kind = CS_SEGMENT_CHANNEL;
}

static cs_metric_key make_key(const char *segment, const char *metric)
{
    cs_metric_key k;
    memset(&k, 0, sizeof k);
    k.kind = k.segment_kind = 0xEE; /* to see that classify writes them */
    strcpy(k.flow, "import");
    strcpy(k.segment, segment);
    strcpy(k.metric, metric);
    return k;
}

static void test_catalog_classify(void **state)
{
    (void)state;
    cs_catalog c;
    make_catalog(&c);
    assert_ptr_equal(cs_catalog_metric(&c, "wait"), &c.metrics[1]);
    assert_ptr_equal(cs_catalog_segment(&c, "channel:green"), &c.segments[1]);
    assert_null(cs_catalog_metric(&c, "sojourn"));
    assert_null(cs_catalog_segment(&c, "channel"));

    /* grouped keys, as models lay them out, and a switch back */
    cs_metric_key keys[5] = {
        make_key("all", "release_h"), make_key("all", "wait"), make_key("all", "t3_h"),
        make_key("channel:green", "t3_h"), make_key("all", "release_h"),
    };
    cs_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(cs_catalog_classify(&c, keys, 5, CS_ERR_INTERNAL, &err), CS_OK);
    const uint8_t kind[] = {CS_METRIC_PRIMARY, CS_METRIC_DETAIL, CS_METRIC_INTERVAL, CS_METRIC_INTERVAL,
                            CS_METRIC_PRIMARY};
    const uint8_t segment_kind[] = {CS_SEGMENT_ALL, CS_SEGMENT_ALL, CS_SEGMENT_ALL, CS_SEGMENT_CHANNEL,
                                    CS_SEGMENT_ALL};
    for (int i = 0; i < 5; i++) {
        assert_int_equal(keys[i].kind, kind[i]);
        assert_int_equal(keys[i].segment_kind, segment_kind[i]);
    }
    assert_true(cs_metric_key_is_headline(&keys[0]));  /* primary, all */
    assert_false(cs_metric_key_is_headline(&keys[2])); /* an interval */
    assert_false(cs_metric_key_is_headline(&keys[3])); /* a channel */

    /* the caller says which status a missing name is, and err names it */
    cs_metric_key unknown_metric[2] = {make_key("all", "wait"), make_key("all", "sojourn")};
    assert_int_equal(cs_catalog_classify(&c, unknown_metric, 2, CS_ERR_INPUT, &err), CS_ERR_INPUT);
    assert_int_equal(err.status, CS_ERR_INPUT);
    assert_non_null(strstr(err.message, "'sojourn'"));
    cs_metric_key unknown_segment = make_key("channel:red", "wait");
    memset(&err, 0, sizeof err);
    assert_int_equal(cs_catalog_classify(&c, &unknown_segment, 1, CS_ERR_INTERNAL, &err), CS_ERR_INTERNAL);
    assert_int_equal(err.status, CS_ERR_INTERNAL);
    assert_non_null(strstr(err.message, "'channel:red'"));
    assert_int_equal(cs_catalog_classify(&c, &unknown_segment, 1, CS_ERR_INPUT, NULL), CS_ERR_INPUT);
    cs_catalog_free(&c);
}

static void test_catalog_copy_free(void **state)
{
    (void)state;
    cs_catalog c, d;
    make_catalog(&c);
    strcpy(c.origin, "T2");
    memset(&d, 0, sizeof d);
    assert_int_equal(cs_catalog_copy(&d, &c), CS_OK);
    /* deep: the copy does not change with the original */
    assert_true(d.metrics != c.metrics && d.segments != c.segments);
    strcpy(c.metrics[1].name, "changed");
    assert_string_equal(d.metrics[1].name, "wait");
    assert_string_equal(d.metrics[2].milestone, "T3");
    assert_int_equal(d.segments[1].kind, CS_SEGMENT_CHANNEL);
    assert_string_equal(d.origin, "T2");
    cs_catalog_free(&c);
    assert_null(c.metrics);
    assert_int_equal(c.nmetrics, 0);
    cs_catalog_free(&c); /* a zeroed catalogue frees as nothing */
    cs_catalog_free(&d);
    /* an empty catalogue finds nothing */
    assert_int_equal(cs_catalog_alloc(&c, 0, 0), CS_OK);
    assert_null(cs_catalog_metric(&c, ""));
    assert_null(cs_catalog_segment(&c, "all"));
    cs_catalog_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_welford_basic),
        cmocka_unit_test(test_welford_merge),
        cmocka_unit_test(test_timeavg_step),
        cmocka_unit_test(test_timeavg_reset),
        cmocka_unit_test(test_hist_key_basics),
        cmocka_unit_test(test_hist_edges_all),
        cmocka_unit_test(test_hist_random_x),
        cmocka_unit_test(test_hist_old_layout),
        cmocka_unit_test(test_hist_quantile_accuracy),
        cmocka_unit_test(test_hist_quantile_bins_hand),
        cmocka_unit_test(test_hist_quantile_special),
        cmocka_unit_test(test_hist_growth),
        cmocka_unit_test(test_hist_clear_reuse),
        cmocka_unit_test(test_hist_add_key_counts),
        cmocka_unit_test(test_hist_collect_reference),
        cmocka_unit_test(test_hist_bins_add),
        cmocka_unit_test(test_hist_bins_add_hist),
        cmocka_unit_test(test_student_t_table),
        cmocka_unit_test(test_ci95),
        cmocka_unit_test(test_results_alloc_free),
        cmocka_unit_test(test_results_summarise),
        cmocka_unit_test(test_kind_names),
        cmocka_unit_test(test_catalog_classify),
        cmocka_unit_test(test_catalog_copy_free),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
