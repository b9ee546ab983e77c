/*
 * test_stats.c - unit tests of the streaming statistics and result summaries.
 *
 * Answers are hand-computed or taken from published t tables; histogram
 * quantiles are checked against exact sorted-sample quantiles of samples
 * drawn from a tiny local xorshift generator, so the test depends on nothing
 * but libm and is deterministic.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "clearsim/stats.h"
#include "clearsim/results.h"

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

/* ---- histograms ---- */
static void test_hist_edges(void **state)
{
    (void)state;
    assert_true(cs_hist_edge(0) == 0.0);
    assert_true(cs_hist_edge(1) == 0x1p-24);
    assert_true(cs_hist_edge(2) == 0x1p-24 * (1.0 + 1.0 / 64));
    assert_true(cs_hist_edge(65) == 0x1p-23);
    assert_true(cs_hist_edge(CS_HIST_NBINS - 1) == 0x1p40);
    assert_true(isinf(cs_hist_edge(CS_HIST_NBINS)) && cs_hist_edge(CS_HIST_NBINS) > 0);
    for (int i = 1; i < CS_HIST_NBINS; i++) {
        const double e = cs_hist_edge(i);
        assert_true(e > cs_hist_edge(i - 1));
        assert_int_equal(cs_hist_bin(e), i);                    /* exact edge */
        assert_int_equal(cs_hist_bin(nextafter(e, 0.0)), i - 1); /* just below */
    }
    assert_int_equal(cs_hist_bin(0.0), 0);
    assert_int_equal(cs_hist_bin(-1.0), 0);
    assert_int_equal(cs_hist_bin(NAN), 0);
    assert_int_equal(cs_hist_bin(1e-300), 0);
    assert_int_equal(cs_hist_bin(INFINITY), CS_HIST_NBINS - 1);
    assert_int_equal(cs_hist_bin(1e300), CS_HIST_NBINS - 1);
    assert_int_equal(cs_hist_bin(1.0), 1 + 24 * CS_HIST_SUB);
}

static void test_hist_random_x(void **state)
{
    (void)state;
    xs64 g = {0x9E3779B97F4A7C15ULL};
    double prev_x = 0.0;
    int prev_b = 0;
    for (int i = 0; i < 100000; i++) {
        /* log-uniform over [2^-26, 2^42), beyond both ends of the range */
        const double x = exp2(-26.0 + 68.0 * xs_unif(&g));
        const int b = cs_hist_bin(x);
        assert_true(b >= 0 && b < CS_HIST_NBINS);
        assert_true(cs_hist_edge(b) <= x && x < cs_hist_edge(b + 1));
        /* monotone in x */
        if (x < prev_x) assert_true(b <= prev_b);
        else assert_true(b >= prev_b);
        prev_x = x;
        prev_b = b;
    }
}

static void check_quantiles(double *v, size_t n, const char *what)
{
    cs_hist *h = calloc(1, sizeof *h);
    assert_non_null(h);
    for (size_t i = 0; i < n; i++) cs_hist_add(h, v[i]);
    assert_int_equal(h->total, n);
    qsort(v, n, sizeof *v, cmp_double);
    const double qs[] = {0.5, 0.9, 0.99};
    for (int j = 0; j < 3; j++) {
        const double exact = exact_quantile(v, n, qs[j]);
        const double est = cs_hist_quantile(h, qs[j]);
        assert_true(est == cs_hist_quantile_counts(h->count, qs[j]));
        const double rel = fabs(est - exact) / exact;
        if (!(rel < 0.008)) fail_msg("%s q=%g: est %g exact %g rel %g", what, qs[j], est, exact, rel);
    }
    free(h);
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
    free(v);
}

static void test_hist_quantile_special(void **state)
{
    (void)state;
    cs_hist *h = calloc(1, sizeof *h);
    assert_non_null(h);
    assert_true(isnan(cs_hist_quantile(h, 0.5)));
    cs_hist_add(h, 0.0);
    assert_true(cs_hist_quantile(h, 0.5) == 0.0);
    cs_hist_clear(h);
    cs_hist_add(h, 1e50);
    assert_true(cs_hist_quantile(h, 0.5) == 0x1p40);
    cs_hist_clear(h);
    assert_int_equal(h->total, 0);
    cs_hist_add(h, 1.0);
    assert_close(cs_hist_quantile(h, 0.5), sqrt(1.0 + 1.0 / 64), 1e-15);
    /* ranks: {1, 2, 4, 8}: q=0 -> smallest, q=0.5 -> 2nd, 0.51 -> 3rd, 1 -> largest */
    cs_hist_clear(h);
    for (int i = 0; i < 4; i++) cs_hist_add(h, ldexp(1.0, i));
    for (int i = 0; i < 4; i++) {
        const double q[] = {0.0, 0.5, 0.51, 1.0};
        assert_close(cs_hist_quantile(h, q[i]), ldexp(sqrt(1.0 + 1.0 / 64), i), 1e-14);
    }
    free(h);
}

static void test_hist_merge(void **state)
{
    (void)state;
    cs_hist *a = calloc(1, sizeof *a), *b = calloc(1, sizeof *b);
    assert_non_null(a);
    assert_non_null(b);
    cs_hist_add(a, 1.0);
    cs_hist_add(a, 2.0);
    cs_hist_add(b, 2.0);
    cs_hist_add(b, 0.0);
    cs_hist_add(b, 1e9);
    cs_hist_merge(a, b);
    assert_int_equal(a->total, 5);
    assert_int_equal(a->count[cs_hist_bin(1.0)], 1);
    assert_int_equal(a->count[cs_hist_bin(2.0)], 2);
    assert_int_equal(a->count[0], 1);
    assert_int_equal(a->count[cs_hist_bin(1e9)], 1);
    uint64_t sum = 0;
    for (int i = 0; i < CS_HIST_NBINS; i++) sum += a->count[i];
    assert_int_equal(sum, 5);
    assert_int_equal(b->total, 3); /* source untouched */
    free(a);
    free(b);
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
    assert_int_equal(cs_results_alloc(&r, 0, 0, 5), 0);
    assert_int_equal(r.nkeys, 0);
    cs_results_summarise(&r); /* nothing to do */
    cs_results_free(&r);
    assert_null(r.keys);

    assert_int_equal(cs_results_alloc(&r, 2, 3, 4), 0);
    assert_int_equal(r.nkeys, 2);
    assert_int_equal(r.nresources, 3);
    assert_int_equal(r.replications, 4);
    for (size_t i = 0; i < 2 * CS_HIST_NBINS; i++) assert_int_equal(r.hist_counts[i], 0);
    for (size_t i = 0; i < 8; i++) assert_int_equal(r.rep_values[i].count, 0);
    for (size_t i = 0; i < 12; i++) assert_true(r.resource_values[i].busy_mean == 0.0);
    assert_int_equal(r.resource_keys[2].point, 0);
    assert_int_equal(r.summary[1].n, 0);
    cs_results_free(&r);
    assert_null(r.keys);
    assert_null(r.rep_values);
    assert_null(r.hist_counts);
    assert_null(r.summary);
    assert_null(r.resource_keys);
    assert_null(r.resource_values);
    assert_int_equal(r.nkeys, 0);
    assert_int_equal(r.replications, 0);

    /* a size that cannot be allocated fails cleanly */
    assert_int_equal(cs_results_alloc(&r, SIZE_MAX / 2, 0, 3), -1);
    assert_null(r.keys);
    assert_null(r.rep_values);
    cs_results_free(&r);
}

static void test_results_summarise(void **state)
{
    (void)state;
    cs_results r;
    memset(&r, 0, sizeof r);
    assert_int_equal(cs_results_alloc(&r, 2, 0, 3), 0);
    r.keys[0].point = 0;
    strcpy(r.keys[0].metric, "wait");
    r.keys[1].point = 1;
    strcpy(r.keys[1].metric, "sojourn");

    /* key 0: replication means 1, 2, 3; observations 1..100 in the histogram */
    for (uint32_t i = 0; i < 3; i++) r.rep_values[i] = (cs_rep_value){10, 1.0 + i};
    uint64_t *c0 = r.hist_counts;
    for (int v = 1; v <= 100; v++) c0[cs_hist_bin((double)v)]++;
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
    const double want_q[] = {50, 90, 99};
    const double got_q[] = {s0->p50, s0->p90, s0->p99};
    for (int j = 0; j < 3; j++) {
        const int b = cs_hist_bin(want_q[j]);
        assert_close(got_q[j], sqrt(cs_hist_edge(b) * cs_hist_edge(b + 1)), 1e-12);
        assert_true(fabs(got_q[j] - want_q[j]) / want_q[j] < 0.01);
    }

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_welford_basic),
        cmocka_unit_test(test_welford_merge),
        cmocka_unit_test(test_timeavg_step),
        cmocka_unit_test(test_timeavg_reset),
        cmocka_unit_test(test_hist_edges),
        cmocka_unit_test(test_hist_random_x),
        cmocka_unit_test(test_hist_quantile_accuracy),
        cmocka_unit_test(test_hist_quantile_special),
        cmocka_unit_test(test_hist_merge),
        cmocka_unit_test(test_student_t_table),
        cmocka_unit_test(test_ci95),
        cmocka_unit_test(test_results_alloc_free),
        cmocka_unit_test(test_results_summarise),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
