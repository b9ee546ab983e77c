/*
 * dist.c - the scenario language's distributions: validation, sampling,
 * quantile, moments and exact CDF.
 *
 * Common random numbers need every variate to be a fixed function of a
 * fixed number of uniforms, so every kind with a closed-form inverse is
 * sampled as cs_dist_quantile(d, u) of ONE u = cs_rng_unit(g) in [0,1) --
 * deterministic included, which consumes its uniform anyway so that the
 * draw count never depends on the kind.  Exponential and weibull take the
 * log of w = 1 - u, which is exact and lies in (0,1].  Bernoulli is the
 * decision form u < p (a box that adopts at p also adopts at any p' > p),
 * not the inverse CDF.  Poisson searches the CDF outward from the mode, so
 * it costs O(sqrt(mean)) steps yet one uniform at any mean.  Erlang uses k
 * uniforms and gamma Marsaglia-Tsang rejection (variable count): callers
 * that need a fixed count give those their own sub-stream.  Every sampling
 * path uses only cs_log/cs_exp/cs_pow and sqrt, never libm transcendentals.
 * The CDF is exact up to rounding: erlang, gamma, poisson and the normal go
 * through the regularised incomplete gamma with a cancellation-free
 * prefactor (Loader's saddle-point form).
 */
#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "clearsim/dist.h"

static const char *const cs_dist_names[CS_DIST_COUNT_] = {
    "exponential", "deterministic", "erlang",  "gamma",     "lognormal", "uniform",
    "triangular",  "weibull",       "empirical", "bernoulli", "poisson"};

const char *cs_dist_name(cs_dist_kind kind)
{
    if ((int)kind < 0 || kind >= CS_DIST_COUNT_) return "unknown";
    return cs_dist_names[kind];
}

int cs_dist_kind_from_name(const char *name)
{
    if (!name) return -1;
    for (int i = 0; i < CS_DIST_COUNT_; i++)
        if (strcmp(name, cs_dist_names[i]) == 0) return i;
    return -1;
}

/* ------------------------------------------------ special functions */

#define CS_HALF_LOG_2PI 0.91893853320467274178
#define CS_TWO_PI 6.28318530717958647693
#define CS_EPS 1e-17
#define CS_TINY 1e-300
#define CS_MAX_ITER 100000000L

/* log(1+t), accurate for small t (Goldberg's trick on top of cs_log). */
static double cs_log1p(double t)
{
    const double u = 1.0 + t;
    if (u == 1.0) return t;
    return cs_log(u) * t / (u - 1.0);
}

/* lgamma(a+1) - [(a+0.5)log a - a + log(2 pi)/2], the Stirling remainder. */
static double cs_stirlerr(double a)
{
    if (a < 10.0)
        return cs_lgamma(a + 1.0) - (a + 0.5) * cs_log(a) + a - CS_HALF_LOG_2PI;
    const double w = 1.0 / (a * a);
    return (1.0 / 12.0 +
            w * (-1.0 / 360.0 + w * (1.0 / 1260.0 + w * (-1.0 / 1680.0 + w * (1.0 / 1188.0))))) /
           a;
}

/* a log(a/x) + x - a >= 0, without cancellation when x is near a. */
static double cs_bd0(double a, double x)
{
    if (fabs(a - x) < 0.1 * (a + x)) {
        double v = (a - x) / (a + x);
        double s = (a - x) * v;
        double ej = 2.0 * a * v;
        v *= v;
        for (int j = 1; j < 1000; j++) {
            ej *= v;
            const double s1 = s + ej / (2 * j + 1);
            if (s1 == s) return s1;
            s = s1;
        }
        return s;
    }
    return a * (cs_log(a) - cs_log(x)) + x - a;
}

/* log(x^a e^-x / Gamma(a+1)) for a >= 0, x > 0: the Poisson log-pmf at a. */
static double cs_log_poisson_term(double a, double x)
{
    if (a == 0.0) return -x;
    if (a < 10.0) return a * cs_log(x) - x - cs_lgamma(a + 1.0);
    return -cs_bd0(a, x) - 0.5 * cs_log(CS_TWO_PI * a) - cs_stirlerr(a);
}

/* P(a,x) by its power series, for x < a + 1. */
static double cs_gamma_p_series(double a, double x)
{
    double term = 1.0, sum = 1.0;
    for (long n = 1; n < CS_MAX_ITER; n++) {
        term *= x / (a + (double)n);
        sum += term;
        if (term < sum * CS_EPS) break;
    }
    return sum * cs_exp(cs_log_poisson_term(a, x));
}

/* Q(a,x) by Lentz's continued fraction, for x >= a + 1. */
static double cs_gamma_q_cf(double a, double x)
{
    double b = x + 1.0 - a;
    double c = 1.0 / CS_TINY;
    double d = 1.0 / b;
    double h = d;
    for (long i = 1; i < CS_MAX_ITER; i++) {
        const double an = -(double)i * ((double)i - a);
        b += 2.0;
        d = an * d + b;
        if (fabs(d) < CS_TINY) d = CS_TINY;
        c = b + an / c;
        if (fabs(c) < CS_TINY) c = CS_TINY;
        d = 1.0 / d;
        const double del = d * c;
        h *= del;
        if (fabs(del - 1.0) < CS_EPS * 4.0) break;
    }
    return h * a * cs_exp(cs_log_poisson_term(a, x));
}

/* Regularised lower (upper = false) or upper incomplete gamma. */
static double cs_gamma_inc(double a, double x, bool upper)
{
    if (x <= 0.0) return upper ? 1.0 : 0.0;
    if (isinf(x)) return upper ? 0.0 : 1.0;
    if (x < a + 1.0) {
        const double p = cs_gamma_p_series(a, x);
        return upper ? 1.0 - p : p;
    }
    const double q = cs_gamma_q_cf(a, x);
    return upper ? q : 1.0 - q;
}

static double cs_normal_cdf(double z)
{
    if (isnan(z)) return NAN;
    const double half_tail = 0.5 * cs_gamma_inc(0.5, 0.5 * z * z, true);
    return z < 0.0 ? half_tail : 1.0 - half_tail;
}

/* ------------------------------------------------ construction */

static cs_dist cs_dist_make(cs_dist_kind kind, int k, double a, double b, double c)
{
    cs_dist d;
    memset(&d, 0, sizeof d);
    d.kind = kind;
    d.k = k;
    d.a = a;
    d.b = b;
    d.c = c;
    (void)cs_dist_prepare(&d); /* invalid parameters leave d1, d2 as NAN */
    return d;
}

cs_dist cs_dist_exponential(double mean) { return cs_dist_make(CS_DIST_EXPONENTIAL, 0, mean, 0, 0); }
cs_dist cs_dist_deterministic(double value) { return cs_dist_make(CS_DIST_DETERMINISTIC, 0, value, 0, 0); }
cs_dist cs_dist_erlang(int k, double mean) { return cs_dist_make(CS_DIST_ERLANG, k, mean, 0, 0); }
cs_dist cs_dist_gamma(double shape, double mean) { return cs_dist_make(CS_DIST_GAMMA, 0, shape, mean, 0); }
cs_dist cs_dist_lognormal(double mean, double sd) { return cs_dist_make(CS_DIST_LOGNORMAL, 0, mean, sd, 0); }
cs_dist cs_dist_uniform(double min, double max) { return cs_dist_make(CS_DIST_UNIFORM, 0, min, max, 0); }
cs_dist cs_dist_weibull(double shape, double scale) { return cs_dist_make(CS_DIST_WEIBULL, 0, shape, scale, 0); }
cs_dist cs_dist_bernoulli(double p) { return cs_dist_make(CS_DIST_BERNOULLI, 0, p, 0, 0); }
cs_dist cs_dist_poisson(double mean) { return cs_dist_make(CS_DIST_POISSON, 0, mean, 0, 0); }

cs_dist cs_dist_triangular(double min, double mode, double max)
{
    return cs_dist_make(CS_DIST_TRIANGULAR, 0, min, mode, max);
}

typedef struct cs_weighted {
    double value, weight;
    size_t index;
} cs_weighted;

/* Total order (value, then input position), so qsort is deterministic. */
static int cs_weighted_cmp(const void *pa, const void *pb)
{
    const cs_weighted *x = pa, *y = pb;
    if (x->value < y->value) return -1;
    if (x->value > y->value) return 1;
    return (x->index > y->index) - (x->index < y->index);
}

/* Values are sorted so that the inverse CDF is monotone; cum holds the
 * running weight sums, which cs_dist_prepare validates and normalises.
 * Returns false on allocation failure or invalid input (arrays freed). */
bool cs_dist_empirical(cs_dist *d, const double *values, const double *weights, size_t n)
{
    assert(d && (n == 0 || (values && weights)));
    *d = cs_dist_make(CS_DIST_EMPIRICAL, 0, 0, 0, 0);
    if (n == 0 || n > CS_DIST_MAX_EMPIRICAL) return false;
    cs_weighted *tmp = malloc(n * sizeof *tmp);
    d->values = malloc(n * sizeof *d->values);
    d->cum = malloc(n * sizeof *d->cum);
    if (!tmp || !d->values || !d->cum) {
        free(tmp);
        cs_dist_free(d);
        return false;
    }
    for (size_t i = 0; i < n; i++) tmp[i] = (cs_weighted){values[i], weights[i], i};
    qsort(tmp, n, sizeof *tmp, cs_weighted_cmp);
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        d->values[i] = tmp[i].value;
        /* a negative weight is kept visible to prepare as a decrease */
        sum += tmp[i].weight;
        d->cum[i] = (tmp[i].weight < 0.0 || isnan(tmp[i].weight)) ? NAN : sum;
    }
    free(tmp);
    d->n = n;
    if (!cs_dist_prepare(d)) {
        cs_dist_free(d);
        return false;
    }
    return true;
}

bool cs_dist_copy(cs_dist *dst, const cs_dist *src)
{
    assert(dst && src);
    *dst = *src;
    if (src->kind != CS_DIST_EMPIRICAL || !src->values) return true;
    dst->values = malloc(src->n * sizeof *dst->values);
    dst->cum = malloc(src->n * sizeof *dst->cum);
    if (!dst->values || !dst->cum) {
        cs_dist_free(dst);
        return false;
    }
    memcpy(dst->values, src->values, src->n * sizeof *dst->values);
    memcpy(dst->cum, src->cum, src->n * sizeof *dst->cum);
    return true;
}

void cs_dist_free(cs_dist *d)
{
    if (!d) return;
    free(d->values);
    free(d->cum);
    d->values = NULL;
    d->cum = NULL;
    d->n = 0;
}

/* ------------------------------------------------ validation */

/* Validates and normalises the running sums; idempotent. */
static bool cs_prepare_empirical(cs_dist *d)
{
    if (d->n < 1 || d->n > CS_DIST_MAX_EMPIRICAL || !d->values || !d->cum) return false;
    double prev = 0.0;
    for (size_t i = 0; i < d->n; i++) {
        if (!isfinite(d->values[i]) || !isfinite(d->cum[i]) || d->cum[i] < prev) return false;
        prev = d->cum[i];
    }
    const double total = d->cum[d->n - 1];
    if (!(total > 0.0)) return false;
    for (size_t i = 0; i < d->n; i++) d->cum[i] /= total; /* total/total == 1 exactly */
    return true;
}

/* Poisson: d1 = pmf at the mode floor(mean), d2 = CDF at the mode. */
static void cs_prepare_poisson(cs_dist *d)
{
    const double mode = floor(d->a);
    d->d1 = d->a > 0.0 ? cs_exp(cs_log_poisson_term(mode, d->a)) : 1.0;
    d->d2 = d->a > 0.0 ? cs_gamma_inc(mode + 1.0, d->a, true) : 1.0;
}

/* Marsaglia-Tsang constants for the shape actually sampled (shape+1 below 1). */
static void cs_prepare_gamma(cs_dist *d)
{
    const double shape = d->a < 1.0 ? d->a + 1.0 : d->a;
    d->d1 = shape - 1.0 / 3.0;
    d->d2 = 1.0 / sqrt(9.0 * d->d1);
}

static bool cs_params_valid(const cs_dist *d)
{
    const double a = d->a, b = d->b, c = d->c;
    switch (d->kind) {
    case CS_DIST_EXPONENTIAL: return a > 0.0;
    case CS_DIST_DETERMINISTIC: return a >= 0.0;
    case CS_DIST_ERLANG: return d->k >= 1 && a > 0.0;
    case CS_DIST_GAMMA: return a > 0.0 && b > 0.0;
    case CS_DIST_LOGNORMAL: return a > 0.0 && b >= 0.0;
    case CS_DIST_UNIFORM: return 0.0 <= a && a <= b;
    case CS_DIST_TRIANGULAR: return 0.0 <= a && a <= b && b <= c && a < c;
    case CS_DIST_WEIBULL: return a > 0.0 && b > 0.0;
    case CS_DIST_EMPIRICAL: return true; /* checked on the arrays */
    case CS_DIST_BERNOULLI: return 0.0 <= a && a <= 1.0;
    case CS_DIST_POISSON: return a >= 0.0;
    default: return false;
    }
}

bool cs_dist_prepare(cs_dist *d)
{
    assert(d);
    d->d1 = NAN; /* stays NAN if the parameters are invalid */
    d->d2 = NAN;
    if (!isfinite(d->a) || !isfinite(d->b) || !isfinite(d->c) || !cs_params_valid(d)) return false;
    d->d1 = 0.0;
    d->d2 = 0.0;
    switch (d->kind) {
    case CS_DIST_ERLANG: d->d1 = d->a / d->k; break;
    case CS_DIST_GAMMA: cs_prepare_gamma(d); break;
    case CS_DIST_LOGNORMAL: {
        /* sigma^2 = log(1 + cv^2), by logs where cv^2 would overflow */
        const double cv = d->b / d->a;
        const double s2 = cv < 1e150 ? cs_log1p(cv * cv) : 2.0 * (cs_log(d->b) - cs_log(d->a));
        d->d1 = cs_log(d->a) - 0.5 * s2;
        d->d2 = sqrt(s2);
        break;
    }
    case CS_DIST_TRIANGULAR:
        d->d1 = (d->b - d->a) / (d->c - d->a);
        d->d2 = d->c - d->a;
        break;
    case CS_DIST_WEIBULL: d->d1 = 1.0 / d->a; break;
    case CS_DIST_EMPIRICAL:
        if (cs_prepare_empirical(d)) return true;
        d->d1 = d->d2 = NAN;
        return false;
    case CS_DIST_POISSON: cs_prepare_poisson(d); break;
    default: break;
    }
    return true;
}

/* ------------------------------------------------ quantiles */

static double cs_quantile_triangular(const cs_dist *d, double u)
{
    if (u < d->d1) return d->a + sqrt(u * d->d2 * (d->b - d->a));
    return d->c - sqrt((1.0 - u) * d->d2 * (d->c - d->b));
}

/* Smallest index whose cumulative weight exceeds u. */
static double cs_quantile_empirical(const cs_dist *d, double u)
{
    size_t lo = 0, hi = d->n - 1;
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (d->cum[mid] > u) hi = mid;
        else lo = mid + 1;
    }
    return d->values[lo];
}

/* Smallest k with F(k) > u, walking from the mode with the pmf recurrence. */
static double cs_quantile_poisson(const cs_dist *d, double u)
{
    const double mean = d->a;
    if (mean == 0.0) return 0.0;
    double k = floor(mean), p = d->d1, f = d->d2;
    if (u < f) {
        while (k > 0.0 && f - p > u) {
            f -= p;
            p *= k / mean;
            k -= 1.0;
        }
        return k;
    }
    while (f <= u) {
        k += 1.0;
        p *= mean / k;
        if (p == 0.0) break; /* far tail: rounding left f just below u */
        f += p;
    }
    return k;
}

double cs_dist_quantile(const cs_dist *d, double u)
{
    assert(d && !isnan(d->d1)); /* cs_dist_prepare accepted d */
    if (!(u >= 0.0 && u <= 1.0)) return NAN;
    switch (d->kind) {
    case CS_DIST_EXPONENTIAL: return d->a * (0.0 - cs_log(1.0 - u));
    case CS_DIST_DETERMINISTIC: return d->a;
    case CS_DIST_UNIFORM: return d->a + u * (d->b - d->a);
    case CS_DIST_TRIANGULAR: return cs_quantile_triangular(d, u);
    case CS_DIST_WEIBULL: return d->b * cs_pow(0.0 - cs_log(1.0 - u), d->d1);
    case CS_DIST_LOGNORMAL:
        if (d->b == 0.0) return d->a;
        return cs_exp(d->d1 + d->d2 * cs_normal_quantile(u));
    case CS_DIST_EMPIRICAL: return cs_quantile_empirical(d, u);
    case CS_DIST_BERNOULLI: return u >= 1.0 - d->a ? 1.0 : 0.0;
    case CS_DIST_POISSON: return cs_quantile_poisson(d, u);
    default: return NAN; /* erlang, gamma: no closed-form inverse */
    }
}

/* ------------------------------------------------ sampling */

/* -log of a product of k uniforms in (0,1], logged every 16 factors
 * (16 * 53 bits stays far above the smallest normal double). */
static double cs_sample_erlang(const cs_dist *d, cs_pcg32 *g)
{
    double acc = 0.0, prod = 1.0;
    for (int i = 0; i < d->k; i++) {
        prod *= cs_rng_unit_open0(g);
        if ((i & 15) == 15) {
            acc += cs_log(prod);
            prod = 1.0;
        }
    }
    acc += cs_log(prod);
    return d->d1 * (0.0 - acc);
}

/* Standard normal by inversion; u == 0 (probability 2^-53) is redrawn. */
static double cs_std_normal(cs_pcg32 *g)
{
    double u;
    do u = cs_rng_unit(g);
    while (u == 0.0);
    return cs_normal_quantile(u);
}

/* Marsaglia & Tsang (2000); shape < 1 boosted by U^(1/shape) drawn last. */
static double cs_sample_gamma(const cs_dist *d, cs_pcg32 *g)
{
    const double dd = d->d1, c = d->d2;
    double x, v;
    for (;;) {
        do {
            x = cs_std_normal(g);
            v = 1.0 + c * x;
        } while (v <= 0.0);
        v = v * v * v;
        const double u = cs_rng_unit_open0(g);
        const double x2 = x * x;
        if (u < 1.0 - 0.0331 * x2 * x2) break;
        if (cs_log(u) < 0.5 * x2 + dd * (1.0 - v + cs_log(v))) break;
    }
    double y = dd * v;
    if (d->a < 1.0) y *= cs_pow(cs_rng_unit_open0(g), 1.0 / d->a);
    return y * (d->b / d->a);
}

double cs_dist_sample_general(const cs_dist *d, cs_pcg32 *g)
{
    assert(d && g);
    assert(!isnan(d->d1)); /* cs_dist_prepare accepted d */
    switch (d->kind) {
    case CS_DIST_ERLANG: return cs_sample_erlang(d, g);
    case CS_DIST_GAMMA: return cs_sample_gamma(d, g);
    case CS_DIST_BERNOULLI: return cs_rng_unit(g) < d->a ? 1.0 : 0.0;
    default: return cs_dist_quantile(d, cs_rng_unit(g));
    }
}

/* ------------------------------------------------ moments */

static double cs_empirical_moment(const cs_dist *d, double centre, int power)
{
    double sum = 0.0, prev = 0.0;
    for (size_t i = 0; i < d->n; i++) {
        const double w = d->cum[i] - prev, dv = d->values[i] - centre;
        prev = d->cum[i];
        sum += w * (power == 1 ? dv : dv * dv);
    }
    return sum;
}

double cs_dist_mean(const cs_dist *d)
{
    assert(d);
    switch (d->kind) {
    case CS_DIST_GAMMA: return d->b;
    case CS_DIST_UNIFORM: return 0.5 * (d->a + d->b);
    case CS_DIST_TRIANGULAR: return (d->a + d->b + d->c) / 3.0;
    case CS_DIST_WEIBULL: return d->b * cs_exp(cs_lgamma(1.0 + 1.0 / d->a));
    case CS_DIST_EMPIRICAL: return cs_empirical_moment(d, 0.0, 1);
    default: return d->a; /* exponential .. lognormal, bernoulli, poisson */
    }
}

double cs_dist_variance(const cs_dist *d)
{
    assert(d);
    const double a = d->a, b = d->b, c = d->c;
    switch (d->kind) {
    case CS_DIST_EXPONENTIAL: return a * a;
    case CS_DIST_DETERMINISTIC: return 0.0;
    case CS_DIST_ERLANG: return a * a / d->k;
    case CS_DIST_GAMMA: return b * b / a;
    case CS_DIST_LOGNORMAL: return b * b;
    case CS_DIST_UNIFORM: return (b - a) * (b - a) / 12.0;
    case CS_DIST_TRIANGULAR: return (a * a + b * b + c * c - a * b - a * c - b * c) / 18.0;
    case CS_DIST_WEIBULL: {
        const double g1 = cs_exp(cs_lgamma(1.0 + 1.0 / a));
        const double g2 = cs_exp(cs_lgamma(1.0 + 2.0 / a));
        return b * b * (g2 - g1 * g1);
    }
    case CS_DIST_EMPIRICAL: return cs_empirical_moment(d, cs_dist_mean(d), 2);
    case CS_DIST_BERNOULLI: return a * (1.0 - a);
    case CS_DIST_POISSON: return a;
    default: return NAN;
    }
}

/* ------------------------------------------------ CDF */

static double cs_cdf_triangular(const cs_dist *d, double x)
{
    if (x <= d->a) return 0.0;
    if (x >= d->c) return 1.0;
    if (x <= d->b) return (x - d->a) * (x - d->a) / (d->d2 * (d->b - d->a));
    return 1.0 - (d->c - x) * (d->c - x) / (d->d2 * (d->c - d->b));
}

static double cs_cdf_empirical(const cs_dist *d, double x)
{
    double f = 0.0, prev = 0.0;
    for (size_t i = 0; i < d->n; i++) {
        if (d->values[i] <= x) f += d->cum[i] - prev;
        prev = d->cum[i];
    }
    return f > 1.0 ? 1.0 : f;
}

static double cs_cdf_lognormal(const cs_dist *d, double x)
{
    if (x <= 0.0) return 0.0;
    if (d->b == 0.0) return x < d->a ? 0.0 : 1.0;
    return cs_normal_cdf((cs_log(x) - d->d1) / d->d2);
}

static double cs_cdf_uniform(const cs_dist *d, double x)
{
    if (x < d->a) return 0.0;
    if (x >= d->b) return 1.0;
    return (x - d->a) / (d->b - d->a);
}

double cs_dist_cdf(const cs_dist *d, double x)
{
    assert(d);
    if (isnan(x)) return NAN;
    switch (d->kind) {
    case CS_DIST_EXPONENTIAL: return x <= 0.0 ? 0.0 : 1.0 - cs_exp(-x / d->a);
    case CS_DIST_DETERMINISTIC: return x < d->a ? 0.0 : 1.0;
    case CS_DIST_ERLANG: return cs_gamma_inc((double)d->k, x / d->d1, false);
    case CS_DIST_GAMMA: return cs_gamma_inc(d->a, x * d->a / d->b, false);
    case CS_DIST_LOGNORMAL: return cs_cdf_lognormal(d, x);
    case CS_DIST_UNIFORM: return cs_cdf_uniform(d, x);
    case CS_DIST_TRIANGULAR: return cs_cdf_triangular(d, x);
    case CS_DIST_WEIBULL: return x <= 0.0 ? 0.0 : 1.0 - cs_exp(-cs_pow(x / d->b, d->a));
    case CS_DIST_EMPIRICAL: return cs_cdf_empirical(d, x);
    case CS_DIST_BERNOULLI: return x < 0.0 ? 0.0 : (x < 1.0 ? 1.0 - d->a : 1.0);
    case CS_DIST_POISSON:
        if (x < 0.0) return 0.0;
        if (d->a == 0.0 || isinf(x)) return 1.0;
        return cs_gamma_inc(floor(x) + 1.0, d->a, true);
    default: return NAN;
    }
}
