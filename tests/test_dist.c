/*
 * test_dist.c - distributions: golden samples, moments at n = 10^6,
 * Kolmogorov-Smirnov against the exact CDF, discrete frequencies, the
 * one-uniform-per-variate contract, and parameter validation.
 *
 * Statistical checks use fixed streams, so they are deterministic; the
 * thresholds (|z| < 4, KS at alpha = 0.001) say how unlikely a false
 * alarm would have been had the stream been chosen at random.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "clearsim/dist.h"

enum { N_CASES = 13, EMPIRICAL_CASE = 9 };

static const double emp_values[] = {10.0, 1.0, 5.0, 2.0};
static const double emp_weights[] = {4.0, 1.0, 3.0, 2.0};

/* The shared test set: moderately sized parameters of every kind. */
static void make_cases(cs_dist d[N_CASES])
{
    d[0] = cs_dist_exponential(2.5);
    d[1] = cs_dist_deterministic(3.0);
    d[2] = cs_dist_erlang(3, 6.0);
    d[3] = cs_dist_gamma(0.5, 2.0);
    d[4] = cs_dist_gamma(3.0, 6.0);
    d[5] = cs_dist_lognormal(5.0, 2.0);
    d[6] = cs_dist_uniform(1.0, 4.0);
    d[7] = cs_dist_triangular(1.0, 2.0, 5.0);
    d[8] = cs_dist_weibull(1.5, 3.0);
    assert_true(cs_dist_empirical(&d[EMPIRICAL_CASE], emp_values, emp_weights, 4));
    d[10] = cs_dist_bernoulli(0.3);
    d[11] = cs_dist_poisson(4.5);
    d[12] = cs_dist_poisson(250.0);
}

static void free_cases(cs_dist d[N_CASES])
{
    for (int i = 0; i < N_CASES; i++) cs_dist_free(&d[i]);
}

/* ------------------------------------------------------------ names */

static void test_names(void **state)
{
    (void)state;
    static const char *const names[] = {"exponential", "deterministic", "erlang",    "gamma",
                                        "lognormal",   "uniform",       "triangular", "weibull",
                                        "empirical",   "bernoulli",     "poisson"};
    for (int k = 0; k < CS_DIST_COUNT_; k++) {
        assert_string_equal(cs_dist_name((cs_dist_kind)k), names[k]);
        assert_int_equal(cs_dist_kind_from_name(names[k]), k);
    }
    assert_int_equal(cs_dist_kind_from_name("normal"), -1);
    assert_int_equal(cs_dist_kind_from_name("Exponential"), -1);
    assert_int_equal(cs_dist_kind_from_name(""), -1);
    assert_int_equal(cs_dist_kind_from_name(NULL), -1);
}

/* ---------------------------------------------------------- goldens */

static void test_golden_samples(void **state)
{
    (void)state;
    static const double want[N_CASES][5] = {
        {0x1.0897345737fa5p+3, 0x1.3400303d1d295p+0, 0x1.0ab8fb2e94a79p-1, 0x1.dd210ae81ee02p+2, 0x1.ad0153a9ae1eep+2},
        {0x1.8p+1, 0x1.8p+1, 0x1.8p+1, 0x1.8p+1, 0x1.8p+1},
        {0x1.55d12562628ep+2, 0x1.ca5013e8b0949p+1, 0x1.8fb5bb4c3c98cp+2, 0x1.e54c9e93c7f4cp+2, 0x1.73a83b6bd44a7p+1},
        {0x1.3c8be6876ccb8p-1, 0x1.22801f7e51161p-1, 0x1.aa45a4e42f1f3p-4, 0x1.834c600c12336p-1, 0x1.04260f3de3254p+3},
        {0x1.b2b376943c84ap+3, 0x1.77872aef80c14p+1, 0x1.7a10189660f26p+3, 0x1.350d4f4f1d975p+2, 0x1.5acd3a04c0bb2p+1},
        {0x1.28399a3e23c99p+3, 0x1.08a844c7ac00ap+2, 0x1.a69028e28a7adp+1, 0x1.173ed5f2d305fp+3, 0x1.07779c6b26ec8p+3},
        {0x1.f1f0e85be7e3cp+1, 0x1.12af2d095ea2cp+1, 0x1.9075cacccf6fcp+0, 0x1.ec891ebfe9f29p+1, 0x1.e5b49b038dfa4p+1},
        {0x1.159435889e136p+2, 0x1.236c63bf1a2ddp+1, 0x1.de0e71ec415fp+0, 0x1.0e15eebadcd0ap+2, 0x1.05fc413d5c058p+2},
        {0x1.aa35e876ee77ep+2, 0x1.d7a36838bf941p+0, 0x1.0defa98a46cf3p+0, 0x1.8dc8332626f04p+2, 0x1.729051eee54e7p+2},
        {0x1.4p+3, 0x1.4p+2, 0x1p+1, 0x1.4p+3, 0x1.4p+3},
        {0x0p+0, 0x0p+0, 0x1p+0, 0x0p+0, 0x0p+0},
        {0x1.2p+3, 0x1p+2, 0x1.8p+1, 0x1p+3, 0x1p+3},
        {0x1.17p+8, 0x1.eap+7, 0x1.d8p+7, 0x1.14p+8, 0x1.12p+8},
    };
    cs_dist d[N_CASES];
    make_cases(d);
    for (int i = 0; i < N_CASES; i++) {
        cs_pcg32 g = cs_rng_stream(2024u, 0u, 1u, 0u);
        for (int j = 0; j < 5; j++) {
            const double x = cs_dist_sample(&d[i], &g);
            if (x != want[i][j]) fail_msg("%s sample %d: %a != %a", cs_dist_name(d[i].kind), j, x, want[i][j]);
        }
    }
    free_cases(d);
}

/* ---------------------------------------------------------- moments */

static void check_moments(const cs_dist *d, uint64_t entity)
{
    const int n = 1000000;
    const double mu = cs_dist_mean(d), var = cs_dist_variance(d);
    cs_pcg32 g = cs_rng_stream(77u, 0u, 2u, entity);
    double s1 = 0.0, s2 = 0.0, s4 = 0.0;
    for (int i = 0; i < n; i++) {
        const double x = cs_dist_sample(d, &g) - mu;
        s1 += x;
        s2 += x * x;
        s4 += x * x * x * x;
    }
    if (var == 0.0) {
        assert_true(s1 == 0.0 && s2 == 0.0);
        return;
    }
    const double z_mean = (s1 / n) / sqrt(var / n);
    const double v_hat = s2 / n; /* unbiased: centred at the exact mean */
    const double z_var = (v_hat - var) / sqrt((s4 / n - v_hat * v_hat) / n);
    if (!(fabs(z_mean) < 4.0) || !(fabs(z_var) < 4.0))
        fail_msg("%s: z(mean) = %.3f, z(var) = %.3f", cs_dist_name(d->kind), z_mean, z_var);
}

static void test_moments(void **state)
{
    (void)state;
    cs_dist d[N_CASES];
    make_cases(d);
    for (int i = 0; i < N_CASES; i++) check_moments(&d[i], (uint64_t)i);
    free_cases(d);
}

static void test_exact_moments(void **state)
{
    (void)state;
    cs_dist d[N_CASES];
    make_cases(d);
    assert_true(cs_dist_mean(&d[4]) == 6.0 && cs_dist_variance(&d[4]) == 12.0);
    assert_true(cs_dist_mean(&d[7]) == 8.0 / 3.0);
    assert_true(fabs(cs_dist_variance(&d[7]) - 13.0 / 18.0) < 1e-15);
    assert_true(fabs(cs_dist_mean(&d[8]) - 3.0 * tgamma(1.0 + 1.0 / 1.5)) < 1e-14);
    assert_true(fabs(cs_dist_mean(&d[EMPIRICAL_CASE]) - 6.0) < 1e-14);
    assert_true(fabs(cs_dist_variance(&d[EMPIRICAL_CASE]) - 12.4) < 1e-13);
    free_cases(d);
}

/* --------------------------------------------------- Kolmogorov-Smirnov */

static int cmp_double(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void check_ks(const cs_dist *d, uint64_t entity)
{
    const size_t n = 100000;
    double *x = malloc(n * sizeof *x);
    assert_non_null(x);
    cs_pcg32 g = cs_rng_stream(99u, 0u, 3u, entity);
    for (size_t i = 0; i < n; i++) x[i] = cs_dist_sample(d, &g);
    qsort(x, n, sizeof *x, cmp_double);
    double dmax = 0.0;
    for (size_t i = 0; i < n; i++) {
        const double f = cs_dist_cdf(d, x[i]);
        dmax = fmax(dmax, fmax(f - (double)i / n, (double)(i + 1) / n - f));
    }
    free(x);
    const double crit = sqrt(-log(0.0005) / 2.0) / sqrt((double)n);
    if (!(dmax < crit)) fail_msg("%s: KS D = %.5f >= %.5f", cs_dist_name(d->kind), dmax, crit);
}

static void test_ks_continuous(void **state)
{
    (void)state;
    cs_dist d[N_CASES];
    make_cases(d);
    for (int i = 0; i < N_CASES; i++)
        if (i != 1 && i < EMPIRICAL_CASE) check_ks(&d[i], (uint64_t)i);
    const cs_dist extra[] = {cs_dist_erlang(1, 0.5), cs_dist_erlang(40, 3.0), cs_dist_gamma(0.05, 1.0),
                             cs_dist_lognormal(1.0, 0.1), cs_dist_weibull(0.5, 2.0)};
    for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++) check_ks(&extra[i], 100u + i);
    free_cases(d);
}

/* ----------------------------------------------------- discrete kinds */

/* F_hat(k) against the exact CDF at each k in [lo, hi]. */
static void check_discrete(const cs_dist *d, double lo, double hi, uint64_t entity)
{
    enum { NK = 64 };
    const int n = 400000;
    assert_true(hi - lo < NK);
    int count[NK] = {0};
    cs_pcg32 g = cs_rng_stream(55u, 0u, 4u, entity);
    int below = 0;
    for (int i = 0; i < n; i++) {
        const double x = cs_dist_sample(d, &g);
        assert_true(x == floor(x) || d->kind == CS_DIST_EMPIRICAL);
        if (x < lo) below++;
        else if (x <= hi) count[(int)(x - lo)]++;
    }
    int cum = below;
    for (int k = 0; k <= (int)(hi - lo); k++) {
        cum += count[k];
        const double f = cs_dist_cdf(d, lo + k);
        if (f <= 0.0 || f >= 1.0) continue;
        const double z = ((double)cum / n - f) / sqrt(f * (1.0 - f) / n);
        if (!(fabs(z) < 4.0)) fail_msg("%s at %g: z = %.3f", cs_dist_name(d->kind), lo + k, z);
    }
}

static void test_discrete_frequencies(void **state)
{
    (void)state;
    cs_dist d[N_CASES];
    make_cases(d);
    check_discrete(&d[EMPIRICAL_CASE], 0.0, 11.0, 1u);
    check_discrete(&d[10], 0.0, 1.0, 2u);
    check_discrete(&d[11], 0.0, 20.0, 3u);
    check_discrete(&d[12], 220.0, 280.0, 4u);
    const cs_dist p0 = cs_dist_poisson(0.0), psmall = cs_dist_poisson(0.01);
    check_discrete(&psmall, 0.0, 3.0, 5u);
    cs_pcg32 g = cs_rng_stream(1u, 1u, 1u, 1u);
    for (int i = 0; i < 1000; i++) assert_true(cs_dist_sample(&p0, &g) == 0.0);
    free_cases(d);
}

static void test_poisson_exact_cdf(void **state)
{
    (void)state;
    const cs_dist d = cs_dist_poisson(4.5);
    double pmf = exp(-4.5), cdf = 0.0;
    for (int k = 0; k < 30; k++) {
        cdf += pmf;
        assert_true(fabs(cs_dist_cdf(&d, k) - cdf) < 1e-15);
        assert_true(cs_dist_cdf(&d, k + 0.5) == cs_dist_cdf(&d, k));
        pmf *= 4.5 / (k + 1);
    }
    assert_true(cs_dist_cdf(&d, -0.5) == 0.0);
    /* a large mean: quantile and CDF agree, one uniform still suffices */
    const cs_dist big = cs_dist_poisson(1e6);
    static const double us[] = {0.0, 1e-9, 0.001, 0.3, 0.5, 0.7, 0.999, 0.999999};
    for (size_t i = 0; i < sizeof us / sizeof us[0]; i++) {
        const double k = cs_dist_quantile(&big, us[i]);
        assert_true(cs_dist_cdf(&big, k) > us[i] - 1e-12);
        assert_true(k == 0.0 || cs_dist_cdf(&big, k - 1.0) <= us[i] + 1e-12);
    }
    assert_true(fabs(cs_dist_quantile(&big, 0.5) - 1e6) <= 1.0);
}

static void test_empirical(void **state)
{
    (void)state;
    static const double v[] = {3.0, 7.0, 1.0, 9.0};
    static const double w[] = {1.0, 0.0, 2.0, 0.0}; /* 7 and 9 never drawn */
    cs_dist d, c;
    assert_true(cs_dist_empirical(&d, v, w, 4));
    assert_true(cs_dist_copy(&c, &d));
    cs_dist_free(&d);
    assert_null(d.values);
    cs_pcg32 g = cs_rng_stream(3u, 3u, 3u, 3u);
    for (int i = 0; i < 100000; i++) {
        const double x = cs_dist_sample(&c, &g);
        assert_true(x == 1.0 || x == 3.0);
    }
    assert_true(cs_dist_quantile(&c, 0.0) == 1.0);
    assert_true(cs_dist_quantile(&c, 0.6666) == 1.0);
    assert_true(cs_dist_quantile(&c, 0.6667) == 3.0);
    assert_true(cs_dist_quantile(&c, 0.999999) == 3.0);
    assert_true(fabs(cs_dist_cdf(&c, 2.0) - 2.0 / 3.0) < 1e-15);
    assert_true(cs_dist_cdf(&c, 0.5) == 0.0 && cs_dist_cdf(&c, 9.0) == 1.0);
    cs_dist_free(&c);
    cs_dist_free(&c); /* idempotent */
}

/* --------------------------------------- inversion contract, quantiles */

static void test_one_uniform_per_variate(void **state)
{
    (void)state;
    cs_dist d[N_CASES];
    make_cases(d);
    for (int i = 0; i < N_CASES; i++) {
        if (d[i].kind == CS_DIST_ERLANG || d[i].kind == CS_DIST_GAMMA) continue;
        cs_pcg32 g = cs_rng_stream(8u, 0u, 0u, (uint64_t)i), h = g;
        for (int j = 0; j < 1000; j++) {
            const double x = cs_dist_sample(&d[i], &g);
            const double u = cs_rng_unit(&h);
            assert_true(g.state == h.state);
            if (d[i].kind == CS_DIST_BERNOULLI) assert_true(x == (u < 0.3 ? 1.0 : 0.0));
            else assert_true(x == cs_dist_quantile(&d[i], u));
        }
    }
    /* erlang uses exactly k uniforms */
    const cs_dist e = cs_dist_erlang(37, 2.0);
    cs_pcg32 g = cs_rng_stream(8u, 1u, 0u, 0u), h = g;
    (void)cs_dist_sample(&e, &g);
    cs_pcg32_advance(&h, 2u * 37u);
    assert_true(g.state == h.state);
    free_cases(d);
}

static void test_quantile_cdf_roundtrip(void **state)
{
    (void)state;
    cs_dist d[N_CASES];
    make_cases(d);
    for (int i = 0; i < N_CASES; i++) {
        const cs_dist_kind k = d[i].kind;
        if (k == CS_DIST_ERLANG || k == CS_DIST_GAMMA) {
            assert_true(isnan(cs_dist_quantile(&d[i], 0.5)));
            continue;
        }
        if (k == CS_DIST_DETERMINISTIC || k >= CS_DIST_EMPIRICAL) continue;
        double prev = -INFINITY;
        for (int j = 0; j < 1000; j++) {
            const double u = (j + 0.5) / 1000.0;
            const double x = cs_dist_quantile(&d[i], u);
            assert_true(x > prev);
            prev = x;
            if (!(fabs(cs_dist_cdf(&d[i], x) - u) < 1e-13))
                fail_msg("%s: cdf(quantile(%g)) = %.17g", cs_dist_name(k), u, cs_dist_cdf(&d[i], x));
        }
        assert_true(cs_dist_quantile(&d[i], 0.0) >= 0.0);
        assert_true(isnan(cs_dist_quantile(&d[i], -0.1)) && isnan(cs_dist_quantile(&d[i], NAN)));
    }
    free_cases(d);
}

static void test_cdf_special_cases(void **state)
{
    (void)state;
    /* erlang(1) and gamma(shape 1) are exponential; gamma(2) has a closed form */
    const cs_dist ex = cs_dist_exponential(2.0), er = cs_dist_erlang(1, 2.0), ga = cs_dist_gamma(1.0, 2.0);
    const cs_dist g2 = cs_dist_gamma(2.0, 1.0);
    for (double x = 0.01; x < 60.0; x *= 1.3) {
        const double f = -expm1(-x / 2.0);
        assert_true(fabs(cs_dist_cdf(&ex, x) - f) < 1e-15);
        assert_true(fabs(cs_dist_cdf(&er, x) - f) < 1e-15 * fmax(1.0, x));
        assert_true(fabs(cs_dist_cdf(&ga, x) - f) < 1e-15 * fmax(1.0, x));
        const double f2 = 1.0 - exp(-2.0 * x) * (1.0 + 2.0 * x);
        assert_true(fabs(cs_dist_cdf(&g2, x) - f2) < 1e-14);
    }
    assert_true(cs_dist_cdf(&er, -1.0) == 0.0 && cs_dist_cdf(&er, INFINITY) == 1.0);
    /* lognormal: median exp(mu); sd = 0 is the mean exactly */
    const cs_dist ln = cs_dist_lognormal(5.0, 2.0);
    assert_true(fabs(cs_dist_cdf(&ln, exp(ln.d1)) - 0.5) < 1e-15);
    assert_true(fabs(cs_dist_cdf(&ln, exp(ln.d1 + ln.d2)) - 0.8413447460685429) < 1e-15);
    const cs_dist l0 = cs_dist_lognormal(3.7, 0.0);
    cs_pcg32 g = cs_rng_stream(1u, 2u, 3u, 4u);
    for (int i = 0; i < 100; i++) assert_true(cs_dist_sample(&l0, &g) == 3.7);
    assert_true(cs_dist_cdf(&l0, 3.6) == 0.0 && cs_dist_cdf(&l0, 3.7) == 1.0);
    cs_dist wide = cs_dist_lognormal(1e-200, 1e200); /* cv^2 overflows a double */
    assert_true(cs_dist_prepare(&wide) && isfinite(wide.d1) && isfinite(wide.d2));
    assert_true(fabs(wide.d2 - sqrt(800.0 * log(10.0))) < 1e-12); /* sigma^2 = log(1 + 1e800) */
    /* degenerate uniform, deterministic, bernoulli */
    const cs_dist u0 = cs_dist_uniform(2.0, 2.0), det = cs_dist_deterministic(0.0);
    assert_true(cs_dist_sample(&u0, &g) == 2.0 && cs_dist_sample(&det, &g) == 0.0);
    const cs_dist b = cs_dist_bernoulli(0.3);
    assert_true(fabs(cs_dist_cdf(&b, 0.5) - 0.7) < 1e-15 && cs_dist_quantile(&b, 0.69) == 0.0 && cs_dist_quantile(&b, 0.71) == 1.0);
}

/* ------------------------------------------------------- validation */

static cs_dist raw(cs_dist_kind kind, int k, double a, double b, double c)
{
    cs_dist d;
    memset(&d, 0, sizeof d);
    d.kind = kind;
    d.k = k;
    d.a = a;
    d.b = b;
    d.c = c;
    return d;
}

static void test_prepare_rejects(void **state)
{
    (void)state;
    const cs_dist bad[] = {
        raw(CS_DIST_ERLANG, 0, 1.0, 0, 0),      raw(CS_DIST_ERLANG, -2, 1.0, 0, 0),
        raw(CS_DIST_ERLANG, 2, 0.0, 0, 0),      raw(CS_DIST_EXPONENTIAL, 0, -1.0, 0, 0),
        raw(CS_DIST_EXPONENTIAL, 0, 0.0, 0, 0), raw(CS_DIST_DETERMINISTIC, 0, -0.5, 0, 0),
        raw(CS_DIST_GAMMA, 0, 0.0, 1.0, 0),     raw(CS_DIST_GAMMA, 0, 2.0, -1.0, 0),
        raw(CS_DIST_LOGNORMAL, 0, -1.0, 1.0, 0), raw(CS_DIST_LOGNORMAL, 0, 1.0, -0.1, 0),
        raw(CS_DIST_UNIFORM, 0, 2.0, 1.0, 0),   raw(CS_DIST_UNIFORM, 0, -1.0, 1.0, 0),
        raw(CS_DIST_TRIANGULAR, 0, 1.0, 1.0, 1.0), raw(CS_DIST_TRIANGULAR, 0, 1.0, 3.0, 2.0),
        raw(CS_DIST_TRIANGULAR, 0, -1.0, 0.0, 2.0), raw(CS_DIST_WEIBULL, 0, 0.0, 1.0, 0),
        raw(CS_DIST_WEIBULL, 0, 1.0, 0.0, 0),   raw(CS_DIST_BERNOULLI, 0, 1.5, 0, 0),
        raw(CS_DIST_BERNOULLI, 0, -0.1, 0, 0),  raw(CS_DIST_POISSON, 0, -1.0, 0, 0),
        raw(CS_DIST_EXPONENTIAL, 0, NAN, 0, 0), raw(CS_DIST_EXPONENTIAL, 0, INFINITY, 0, 0),
        raw(CS_DIST_DETERMINISTIC, 0, INFINITY, 0, 0), raw(CS_DIST_UNIFORM, 0, 0.0, INFINITY, 0),
        raw(CS_DIST_POISSON, 0, NAN, 0, 0),     raw(CS_DIST_TRIANGULAR, 0, 0.0, 1.0, NAN),
        raw(CS_DIST_BERNOULLI, 0, 0.5, NAN, 0), raw(CS_DIST_COUNT_, 0, 1.0, 0, 0),
        raw(CS_DIST_EMPIRICAL, 0, 0, 0, 0),
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cs_dist d = bad[i];
        if (cs_dist_prepare(&d)) fail_msg("case %zu (%s) accepted", i, cs_dist_name(d.kind));
    }
    const cs_dist good[] = {
        raw(CS_DIST_ERLANG, 1, 1.0, 0, 0),        raw(CS_DIST_DETERMINISTIC, 0, 0.0, 0, 0),
        raw(CS_DIST_UNIFORM, 0, 0.0, 0.0, 0),     raw(CS_DIST_TRIANGULAR, 0, 0.0, 0.0, 1.0),
        raw(CS_DIST_TRIANGULAR, 0, 0.0, 1.0, 1.0), raw(CS_DIST_LOGNORMAL, 0, 1.0, 0.0, 0),
        raw(CS_DIST_BERNOULLI, 0, 0.0, 0, 0),     raw(CS_DIST_BERNOULLI, 0, 1.0, 0, 0),
        raw(CS_DIST_POISSON, 0, 0.0, 0, 0),
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        cs_dist d = good[i];
        if (!cs_dist_prepare(&d)) fail_msg("good case %zu (%s) rejected", i, cs_dist_name(d.kind));
    }
}

static void test_empirical_rejects(void **state)
{
    (void)state;
    static const double v[] = {1.0, 2.0, 3.0};
    static const double zero[] = {0.0, 0.0, 0.0};
    static const double neg[] = {1.0, -0.5, 1.0};
    static const double nan_w[] = {1.0, NAN, 1.0};
    static const double inf_w[] = {1.0, INFINITY, 1.0};
    static const double nan_v[] = {1.0, NAN, 3.0};
    static const double ok[] = {1.0, 1.0, 1.0};
    cs_dist d;
    assert_false(cs_dist_empirical(&d, v, zero, 3));
    assert_null(d.values);
    assert_false(cs_dist_empirical(&d, v, neg, 3));
    assert_false(cs_dist_empirical(&d, v, nan_w, 3));
    assert_false(cs_dist_empirical(&d, v, inf_w, 3));
    assert_false(cs_dist_empirical(&d, nan_v, ok, 3));
    assert_false(cs_dist_empirical(&d, v, ok, 0));
    assert_true(cs_dist_empirical(&d, v, ok, 3));
    assert_true(cs_dist_prepare(&d)); /* idempotent */
    assert_true(d.cum[2] == 1.0);
    cs_dist_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_golden_samples),
        cmocka_unit_test(test_moments),
        cmocka_unit_test(test_exact_moments),
        cmocka_unit_test(test_ks_continuous),
        cmocka_unit_test(test_discrete_frequencies),
        cmocka_unit_test(test_poisson_exact_cdf),
        cmocka_unit_test(test_empirical),
        cmocka_unit_test(test_one_uniform_per_variate),
        cmocka_unit_test(test_quantile_cdf_roundtrip),
        cmocka_unit_test(test_cdf_special_cases),
        cmocka_unit_test(test_prepare_rejects),
        cmocka_unit_test(test_empirical_rejects),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
