/*
 * test_rng.c - PCG32 reference outputs, jump-ahead, keyed streams, golden
 * vectors, and the accuracy of the portable elementary functions.
 *
 * Golden values were generated once from this implementation: a change in
 * any of them means every simulation result changes, so it must be a
 * deliberate, versioned decision, never a side effect.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>
#include "clearsim/rng.h"

/* ------------------------------------------------------------ PCG32 */

static void test_pcg32_reference(void **state)
{
    (void)state;
    static const uint32_t want[] = {0xa15c02b7u, 0x7b47f409u, 0xba1d3330u,
                                    0x83d2f293u, 0xbfa4784bu, 0xcbed606eu};
    cs_pcg32 g;
    cs_pcg32_seed(&g, 42u, 54u);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        assert_int_equal(cs_pcg32_next(&g), want[i]);
}

static void test_pcg32_advance_matches_steps(void **state)
{
    (void)state;
    static const uint64_t steps[] = {0u, 1u, 2u, 1000u, 123457u};
    for (size_t s = 0; s < sizeof steps / sizeof steps[0]; s++) {
        cs_pcg32 a, b;
        cs_pcg32_seed(&a, 42u, 54u);
        b = a;
        for (uint64_t i = 0; i < steps[s]; i++) (void)cs_pcg32_next(&a);
        cs_pcg32_advance(&b, steps[s]);
        assert_true(a.state == b.state && a.inc == b.inc);
        assert_int_equal(cs_pcg32_next(&a), cs_pcg32_next(&b));
    }
}

static void test_pcg32_advance_back(void **state)
{
    (void)state;
    static const uint64_t steps[] = {1u, 1000u, 1000000u, UINT64_C(1) << 40, UINT64_MAX};
    cs_pcg32 start;
    cs_pcg32_seed(&start, 0x853c49e6748fea9bULL, 0xda3e39cb94b95bdbULL);
    for (size_t s = 0; s < sizeof steps / sizeof steps[0]; s++) {
        cs_pcg32 g = start;
        cs_pcg32_advance(&g, steps[s]);
        assert_true(steps[s] == 0 || g.state != start.state);
        cs_pcg32_advance(&g, (uint64_t)0 - steps[s]); /* 2^64 - n */
        assert_true(g.state == start.state);
    }
    /* advance(a) then advance(b) == advance(a + b) */
    cs_pcg32 x = start, y = start;
    cs_pcg32_advance(&x, UINT64_C(1) << 40);
    cs_pcg32_advance(&x, 777u);
    cs_pcg32_advance(&y, (UINT64_C(1) << 40) + 777u);
    assert_true(x.state == y.state);
}

static void test_pcg32_advance_golden(void **state)
{
    (void)state;
    static const uint32_t want[] = {0x11918599u, 0xe71d02ecu, 0x1fdbe22fu,
                                    0x7d34fdaeu, 0x3bffe338u, 0x6246889bu};
    cs_pcg32 g, h;
    cs_pcg32_seed(&g, 42u, 54u);
    h = g;
    cs_pcg32_advance(&g, 1000000u);
    assert_true(g.state == 0x5230a7ae1b365db8ULL);
    for (int i = 0; i < 1000000; i++) (void)cs_pcg32_next(&h);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        assert_int_equal(cs_pcg32_next(&g), want[i]);
        assert_int_equal(cs_pcg32_next(&h), want[i]);
    }
}

/* ------------------------------------------------------ unit doubles */

static void test_rng_unit_golden(void **state)
{
    (void)state;
    static const double unit[] = {0x1.42b8055ed1fdp-1,  0x1.743a6660f4bcap-1, 0x1.7f48f0b2fb581p-1,
                                  0x1.7f8d47604bffdp-1, 0x1.cc3e60be4e12ep-1, 0x1.96dc371dc035cp-3};
    static const double open0[] = {0x1.42b8055ed1fd1p-1, 0x1.743a6660f4bcbp-1, 0x1.7f48f0b2fb582p-1,
                                   0x1.7f8d47604bffep-1, 0x1.cc3e60be4e12fp-1, 0x1.96dc371dc036p-3};
    cs_pcg32 g, h;
    cs_pcg32_seed(&g, 42u, 54u);
    cs_pcg32_seed(&h, 42u, 54u);
    for (size_t i = 0; i < 6; i++) {
        assert_true(cs_rng_unit(&g) == unit[i]);
        assert_true(cs_rng_unit_open0(&h) == open0[i]);
    }
}

static void test_rng_unit_range(void **state)
{
    (void)state;
    cs_pcg32 g = cs_rng_stream(7u, 0u, 0u, 0u);
    double sum = 0.0;
    const int n = 1000000;
    for (int i = 0; i < n; i++) {
        const double u = cs_rng_unit(&g);
        assert_true(u >= 0.0 && u < 1.0);
        assert_true(u * 9007199254740992.0 == floor(u * 9007199254740992.0)); /* on the 2^-53 grid */
        const double v = cs_rng_unit_open0(&g);
        assert_true(v > 0.0 && v <= 1.0);
        sum += u;
    }
    const double z = (sum / n - 0.5) / sqrt(1.0 / 12.0 / n);
    assert_true(fabs(z) < 4.0);
}

/* ---------------------------------------------------------- streams */

static void test_splitmix64_reference(void **state)
{
    (void)state;
    /* Vigna's splitmix64.c seeded with 1234567 */
    static const uint64_t want[] = {6457827717110365317ULL, 3203168211198807973ULL,
                                    9817491932198370423ULL, 4593380528125082431ULL,
                                    16408922859458223821ULL};
    uint64_t x = 1234567u;
    for (size_t i = 0; i < 5; i++) assert_true(cs_splitmix64(&x) == want[i]);
}

static void test_rng_stream_golden(void **state)
{
    (void)state;
    static const uint32_t want[] = {0xe1a6c417u, 0x3a8a1e5bu, 0x9882a373u,
                                    0xb92e386au, 0xed3a8972u, 0xa59dfed2u};
    cs_pcg32 g = cs_rng_stream(1u, 2u, 3u, 4u);
    assert_true(g.state == 0xddf85ecf17578c25ULL);
    assert_true(g.inc == 0xa9b633eda5b2d7f5ULL);
    for (size_t i = 0; i < 6; i++) assert_int_equal(cs_pcg32_next(&g), want[i]);
}

static void test_rng_stream_keys_distinct(void **state)
{
    (void)state;
    const cs_pcg32 base = cs_rng_stream(1u, 2u, 3u, 4u);
    const cs_pcg32 again = cs_rng_stream(1u, 2u, 3u, 4u);
    assert_true(base.state == again.state && base.inc == again.inc);
    const cs_pcg32 other[] = {cs_rng_stream(2u, 2u, 3u, 4u), cs_rng_stream(1u, 3u, 3u, 4u),
                              cs_rng_stream(1u, 2u, 4u, 4u), cs_rng_stream(1u, 2u, 3u, 5u),
                              cs_rng_stream(1u, 2u, 4u, 3u), cs_rng_stream(4u, 3u, 2u, 1u)};
    for (size_t i = 0; i < sizeof other / sizeof other[0]; i++) {
        assert_true(other[i].state != base.state);
        assert_true(other[i].inc != base.inc);
        assert_int_equal(other[i].inc & 1u, 1u);
    }
    /* neighbouring entities: first outputs should agree about 1 time in 2^32 */
    int equal = 0;
    cs_pcg32 prev = cs_rng_stream(9u, 0u, 1u, 0u);
    uint32_t prev_out = cs_pcg32_next(&prev);
    for (uint64_t e = 1; e < 10000; e++) {
        cs_pcg32 g = cs_rng_stream(9u, 0u, 1u, e);
        const uint32_t out = cs_pcg32_next(&g);
        equal += out == prev_out;
        prev_out = out;
    }
    assert_true(equal <= 1);
}

/* Means of the first unit of consecutive entity streams are uniform. */
static void test_rng_stream_first_draws_uniform(void **state)
{
    (void)state;
    const int n = 200000;
    double sum = 0.0, sum_prod = 0.0, prev = 0.5;
    for (int e = 0; e < n; e++) {
        cs_pcg32 g = cs_rng_stream(1u, 0u, 5u, (uint64_t)e);
        const double u = cs_rng_unit(&g);
        sum += u;
        sum_prod += (u - 0.5) * (prev - 0.5);
        prev = u;
    }
    assert_true(fabs((sum / n - 0.5) / sqrt(1.0 / 12.0 / n)) < 4.0);
    /* lag-1 correlation across entities: sd of the product is 1/12 */
    assert_true(fabs(sum_prod / n / (1.0 / 12.0 / sqrt((double)n))) < 4.0);
}

/* ---------------------------------------------- elementary functions */

static double rel_err(double got, double want)
{
    if (got == want) return 0.0;
    return fabs(got - want) / fabs(want);
}

static void test_log_accuracy(void **state)
{
    (void)state;
    cs_pcg32 g = cs_rng_stream(11u, 0u, 0u, 0u);
    double worst = 0.0, worst_near1 = 0.0;
    for (int i = 0; i < 1000000; i++) {
        /* any positive normal or subnormal double, uniform in exponent */
        const int e = (int)(cs_pcg32_next(&g) % 2098u) - 1074;
        const double x = ldexp(1.0 + cs_rng_unit(&g), e);
        worst = fmax(worst, rel_err(cs_log(x), log(x)));
        const double y = 0.5 + 1.5 * cs_rng_unit(&g); /* [0.5, 2): the hard range */
        worst_near1 = fmax(worst_near1, rel_err(cs_log(y), log(y)));
    }
    assert_true(worst < 4e-16);
    assert_true(worst_near1 < 4e-16);
}

/* Distance in ulps between two finite doubles of the same sign. */
static uint64_t ulp_dist(double a, double b)
{
    uint64_t ua, ub;
    memcpy(&ua, &a, sizeof ua);
    memcpy(&ub, &b, sizeof ub);
    return ua > ub ? ua - ub : ub - ua;
}

/* Within 1 ulp of glibc (itself < 0.52 ulp) where the result is smallest
 * relative to its error: near 1, across the edge of cs_log's near-1 path
 * at 1 +/- 2^-4, and on the exponential-variate range (0, 1]. */
static void test_log_ulp(void **state)
{
    (void)state;
    cs_pcg32 g = cs_rng_stream(15u, 0u, 0u, 0u);
    uint64_t worst = 0;
    for (int i = 0; i < 1000000; i++) {
        const double x[3] = {1.0 + ldexp(2.0 * cs_rng_unit(&g) - 1.0, -10),
                             1.0 + ldexp(2.0 * cs_rng_unit(&g) - 1.0, -3), cs_rng_unit_open0(&g)};
        for (int j = 0; j < 3; j++) {
            const uint64_t d = ulp_dist(cs_log(x[j]), log(x[j]));
            if (d > worst) worst = d;
        }
    }
    assert_true(worst <= 1);
}

static void test_exp_accuracy(void **state)
{
    (void)state;
    cs_pcg32 g = cs_rng_stream(12u, 0u, 0u, 0u);
    double worst = 0.0;
    for (int i = 0; i < 1000000; i++) {
        const double x = -708.0 + 1417.0 * cs_rng_unit(&g); /* normal results */
        worst = fmax(worst, rel_err(cs_exp(x), exp(x)));
        const double y = -1.0 + 2.0 * cs_rng_unit(&g);
        worst = fmax(worst, rel_err(cs_exp(y), exp(y)));
        const double t = ldexp(cs_rng_unit(&g) - 0.5, -(int)(cs_pcg32_next(&g) % 60u));
        worst = fmax(worst, rel_err(cs_exp(t), exp(t)));
    }
    assert_true(worst < 4e-16);
    /* subnormal results: within one subnormal ulp */
    for (double x = -745.0; x < -708.5; x += 0.37)
        assert_true(fabs(cs_exp(x) - exp(x)) <= 0x1p-1074);
}

static void test_log_exp_special(void **state)
{
    (void)state;
    assert_true(cs_log(0.0) == -INFINITY);
    assert_true(cs_log(-0.0) == -INFINITY);
    assert_true(isnan(cs_log(-1.0)));
    assert_true(isnan(cs_log(-INFINITY)));
    assert_true(isnan(cs_log(NAN)));
    assert_true(cs_log(INFINITY) == INFINITY);
    assert_true(cs_log(1.0) == 0.0);
    assert_true(cs_log(0x1p-1074) == log(0x1p-1074));
    assert_true(rel_err(cs_log(0x1.8p-1070), log(0x1.8p-1070)) < 4e-16);
    assert_true(rel_err(cs_log(0x1.fffffffffffffp+1023), log(0x1.fffffffffffffp+1023)) < 4e-16);
    assert_true(cs_log(2.0) == 0x1.62e42fefa39efp-1);

    assert_true(cs_exp(0.0) == 1.0);
    assert_true(cs_exp(-0.0) == 1.0);
    assert_true(cs_exp(INFINITY) == INFINITY);
    assert_true(cs_exp(-INFINITY) == 0.0);
    assert_true(isnan(cs_exp(NAN)));
    assert_true(cs_exp(710.0) == INFINITY);
    assert_true(cs_exp(1e308) == INFINITY);
    assert_true(cs_exp(-746.0) == 0.0);
    assert_true(cs_exp(-1e308) == 0.0);
    assert_true(cs_exp(709.78) < INFINITY);
    assert_true(rel_err(cs_exp(709.78), exp(709.78)) < 4e-16);
    assert_true(rel_err(cs_exp(1.0), 0x1.5bf0a8b145769p+1) < 4e-16); /* fdlibm: 1 ulp above */
    assert_true(cs_exp(1e-300) == 1.0);
}

static void test_pow(void **state)
{
    (void)state;
    cs_pcg32 g = cs_rng_stream(13u, 0u, 0u, 0u);
    double worst = 0.0;
    for (int i = 0; i < 300000; i++) {
        const double x = ldexp(1.0 + cs_rng_unit(&g), (int)(cs_pcg32_next(&g) % 40u) - 20);
        const double y = -30.0 + 60.0 * cs_rng_unit(&g);
        const double want = pow(x, y);
        if (want > 0x1p-1022 && want < INFINITY) worst = fmax(worst, rel_err(cs_pow(x, y), want));
    }
    assert_true(worst < 4e-16);
    assert_true(cs_pow(2.0, 10.0) == 1024.0);
    assert_true(rel_err(cs_pow(9.0, 0.5), 3.0) < 4e-16);
    assert_true(cs_pow(5.0, 0.0) == 1.0);
    assert_true(cs_pow(1.0, NAN) == 1.0);
    assert_true(cs_pow(0.0, 2.0) == 0.0);
    assert_true(cs_pow(0.0, -2.0) == INFINITY);
    assert_true(cs_pow(INFINITY, 2.0) == INFINITY);
    assert_true(cs_pow(10.0, 400.0) == INFINITY);
    assert_true(cs_pow(10.0, -400.0) == 0.0);
    assert_true(isnan(cs_pow(-2.0, 2.0)));
    assert_true(isnan(cs_pow(NAN, 2.0)));
}

static void test_normal_quantile(void **state)
{
    (void)state;
    assert_true(rel_err(cs_normal_quantile(0.975), 1.959963984540054) < 1e-15);
    assert_true(cs_normal_quantile(0.5) == 0.0);
    assert_true(rel_err(cs_normal_quantile(1e-10), -6.361340902404056) < 1e-15);
    assert_true(rel_err(cs_normal_quantile(0.025), -1.959963984540054) < 1e-15);
    assert_true(rel_err(cs_normal_quantile(0.8413447460685429), 1.0) < 1e-14);
    assert_true(rel_err(cs_normal_quantile(1e-300), -37.0470962993612) < 1e-14);
    assert_true(cs_normal_quantile(0.0) == -INFINITY);
    assert_true(cs_normal_quantile(1.0) == INFINITY);
    assert_true(isnan(cs_normal_quantile(-0.1)) && isnan(cs_normal_quantile(1.1)));
    assert_true(isnan(cs_normal_quantile(NAN)));
    /* round trip through libm's erfc over the whole range, and monotonicity */
    double prev = -INFINITY;
    for (int i = 1; i < 10000; i++) {
        const double p = i / 10000.0;
        const double z = cs_normal_quantile(p);
        assert_true(z > prev);
        prev = z;
        assert_true(fabs(0.5 * erfc(-z / sqrt(2.0)) - p) < 1e-15 + 1e-14 * p);
    }
}

static void test_lgamma(void **state)
{
    (void)state;
    assert_true(cs_lgamma(1.0) == 0.0 && cs_lgamma(2.0) == 0.0);
    assert_true(fabs(cs_lgamma(0.5) - 0.5723649429247001) < 1e-15);
    assert_true(rel_err(cs_lgamma(101.0), 363.73937555556347) < 1e-15);
    assert_true(cs_lgamma(0.0) == INFINITY);
    assert_true(isnan(cs_lgamma(-1.0)) && isnan(cs_lgamma(NAN)));
    assert_true(rel_err(cs_lgamma(1e-300), log(1e300)) < 1e-15);
    cs_pcg32 g = cs_rng_stream(14u, 0u, 0u, 0u);
    double worst = 0.0;
    for (int i = 0; i < 200000; i++) {
        const double x = ldexp(cs_rng_unit_open0(&g), (int)(cs_pcg32_next(&g) % 40u) - 10);
        const double want = lgamma(x);
        worst = fmax(worst, rel_err(cs_lgamma(x), want));
        /* near the roots 1 and 2 */
        const double r = (i & 1 ? 1.0 : 2.0) + ldexp(cs_rng_unit(&g) - 0.5, -(int)(i % 40));
        worst = fmax(worst, rel_err(cs_lgamma(r), lgamma(r)));
    }
    assert_true(worst < 1e-14);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pcg32_reference),
        cmocka_unit_test(test_pcg32_advance_matches_steps),
        cmocka_unit_test(test_pcg32_advance_back),
        cmocka_unit_test(test_pcg32_advance_golden),
        cmocka_unit_test(test_rng_unit_golden),
        cmocka_unit_test(test_rng_unit_range),
        cmocka_unit_test(test_splitmix64_reference),
        cmocka_unit_test(test_rng_stream_golden),
        cmocka_unit_test(test_rng_stream_keys_distinct),
        cmocka_unit_test(test_rng_stream_first_draws_uniform),
        cmocka_unit_test(test_log_accuracy),
        cmocka_unit_test(test_log_ulp),
        cmocka_unit_test(test_exp_accuracy),
        cmocka_unit_test(test_log_exp_special),
        cmocka_unit_test(test_pow),
        cmocka_unit_test(test_normal_quantile),
        cmocka_unit_test(test_lgamma),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
