/*
 * ci.c - Student-t quantiles and 95 % confidence intervals.
 *
 * Hill's (1970, ACM algorithm 396) approximation gives a start good to a few
 * digits; safeguarded Newton steps on the exact t tail (a regularised
 * incomplete beta by continued fraction) then make it good to ~1e-12.
 * log Gamma differences are computed here (Stirling series + recurrence)
 * rather than with lgamma(), which writes the global signgam and so is not
 * safe to call from several threads; everything is deterministic.  For
 * df > 1e5, where the continued fraction needs many terms and loses digits,
 * a four-term Cornish-Fisher expansion about the normal quantile is exact to
 * rounding instead.
 */
#include <assert.h>
#include <float.h>
#include <math.h>
#include "clearsim/stats.h"

#define CS_PI 3.14159265358979323846
#define CS_LN_PI 1.14472988584940017414
#define CS_SQRT2 1.41421356237309504880

/* Stirling series of ln Gamma(z) less its leading terms, for z >= 20. */
static double stirling_tail(double z)
{
    const double r = 1.0 / z, r2 = r * r;
    return r * (1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260 - r2 * (1.0 / 1680))));
}

/* ln Gamma(a + 1/2) - ln Gamma(a), a > 0, without cancellation. */
static double lgamma_half_diff(double a)
{
    assert(a > 0.0);
    double shift = 0.0;
    while (a < 20.0) { /* Gamma(a+3/2)/Gamma(a+1) = (a+1/2)/a * Gamma(a+1/2)/Gamma(a) */
        shift -= log1p(0.5 / a);
        a += 1.0;
    }
    return shift + a * log1p(0.5 / a) + 0.5 * log(a) - 0.5 + stirling_tail(a + 0.5) -
           stirling_tail(a);
}

/* Continued fraction for the incomplete beta (modified Lentz). */
static double beta_cf(double a, double b, double x)
{
    const double tiny = 1e-300;
    const double qab = a + b, qap = a + 1.0, qam = a - 1.0;
    double c = 1.0, d = 1.0 - qab * x / qap;
    if (fabs(d) < tiny) d = tiny;
    d = 1.0 / d;
    double h = d;
    for (int m = 1; m <= 200000; m++) {
        const double m2 = 2.0 * m;
        double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if (fabs(d) < tiny) d = tiny;
        c = 1.0 + aa / c;
        if (fabs(c) < tiny) c = tiny;
        d = 1.0 / d;
        h *= d * c;
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if (fabs(d) < tiny) d = tiny;
        c = 1.0 + aa / c;
        if (fabs(c) < tiny) c = tiny;
        d = 1.0 / d;
        const double del = d * c;
        h *= del;
        if (fabs(del - 1.0) < 1e-16) break;
    }
    return h;
}

/* Upper tail P(T > t) of Student's t with v degrees of freedom, t >= 0:
 * 0.5 * I_x(v/2, 1/2) with x = v/(v+t^2), 1-x = t^2/(v+t^2). */
static double t_upper(double t, double v)
{
    if (t <= 0.0) return 0.5;
    const double a = 0.5 * v, b = 0.5;
    const double t2 = t * t;
    const double lnx = -log1p(t2 / v);
    const double x = exp(lnx);
    const double lny = 2.0 * log(t) - log(v + t2);
    const double y = t2 / (v + t2);
    const double lbeta = 0.5 * CS_LN_PI - lgamma_half_diff(a); /* ln B(a, 1/2) */
    const double front = exp(a * lnx + b * lny - lbeta);
    if (x < (a + 1.0) / (a + b + 2.0)) return 0.5 * front * beta_cf(a, b, x) / a;
    return 0.5 * (1.0 - front * beta_cf(b, a, y) / b);
}

static double t_pdf(double t, double v)
{
    return exp(lgamma_half_diff(0.5 * v) - 0.5 * log(v * CS_PI) -
               0.5 * (v + 1.0) * log1p(t * t / v));
}

/* z with P(Z > z) = q, 0 < q < 0.5: Abramowitz-Stegun 26.2.23, then Newton. */
static double normal_upper_quantile(double q)
{
    const double s = sqrt(-2.0 * log(q));
    double z = s - (2.515517 + s * (0.802853 + s * 0.010328)) /
                       (1.0 + s * (1.432788 + s * (0.189269 + s * 0.001308)));
    for (int i = 0; i < 50; i++) {
        const double f = 0.5 * erfc(z / CS_SQRT2) - q;
        const double dens = exp(-0.5 * z * z) / sqrt(2.0 * CS_PI);
        const double step = f / dens;
        z += step;
        if (fabs(step) <= 4.0 * DBL_EPSILON * fabs(z)) break;
    }
    return z;
}

/* Hill (1970) algorithm 396: t with two-sided tail probability P. */
static double hill_start(double P, double n)
{
    if (n == 1.0) return 1.0 / tan(P * CS_PI / 2.0);
    if (n == 2.0) return sqrt(2.0 / (P * (2.0 - P)) - 2.0);
    const double a = 1.0 / (n - 0.5);
    const double b = 48.0 / (a * a);
    double c = ((20700.0 * a / b - 98.0) * a - 16.0) * a + 96.36;
    const double d = ((94.5 / (b + c) - 3.0) / b + 1.0) * sqrt(a * CS_PI / 2.0) * n;
    double y = pow(d * P, 2.0 / n);
    if ((n < 2.1 && P > 0.5) || y > 0.05 + a) {
        const double x = -normal_upper_quantile(0.5 * P);
        y = x * x;
        if (n < 5.0) c += 0.3 * (n - 4.5) * (x + 0.6);
        c = (((0.05 * d * x - 5.0) * x - 7.0) * x - 2.0) * x + b + c;
        y = (((((0.4 * y + 6.3) * y + 36.0) * y + 94.5) / c - y - 3.0) / b + 1.0) * x;
        y = expm1(a * y * y);
    } else {
        y = ((1.0 / (((n + 6.0) / (n * y) - 0.089 * d - 0.822) * (n + 2.0) * 3.0) +
              0.5 / (n + 4.0)) * y - 1.0) * (n + 1.0) / (n + 2.0) + 1.0 / y;
    }
    return sqrt(n * y);
}

double cs_student_t_quantile(double p, double df)
{
    assert(p > 0.0 && p < 1.0);
    assert(df >= 1.0);
    if (p == 0.5) return 0.0;
    if (p < 0.5) return -cs_student_t_quantile(1.0 - p, df);
    const double q = 1.0 - p; /* upper tail, exact for p >= 0.5 */

    if (df > 1e5) { /* Cornish-Fisher (A&S 26.7.5); the next term is O(df^-5) */
        const double z = normal_upper_quantile(q), z2 = z * z;
        const double g1 = (z2 + 1.0) * z / 4.0;
        const double g2 = ((5.0 * z2 + 16.0) * z2 + 3.0) * z / 96.0;
        const double g3 = (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) * z / 384.0;
        const double g4 =
            ((((79.0 * z2 + 776.0) * z2 + 1482.0) * z2 - 1920.0) * z2 - 945.0) * z / 92160.0;
        return z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df;
    }

    double t = hill_start(2.0 * q, df);
    if (!(t > 0.0) || !isfinite(t)) t = 1.0;
    double lo = 0.0, hi = INFINITY; /* t_upper(lo) > q > t_upper(hi) */
    for (int i = 0; i < 200; i++) {
        const double f = t_upper(t, df) - q;
        if (f == 0.0) break;
        if (f > 0.0) lo = t;
        else hi = t;
        double next = t + f / t_pdf(t, df);
        if (!(next > lo && next < hi)) next = isinf(hi) ? 2.0 * t : 0.5 * (lo + hi);
        const double tol = 4.0 * DBL_EPSILON * next;
        if (fabs(next - t) <= tol || hi - lo <= tol) {
            t = next;
            break;
        }
        t = next;
    }
    return t;
}

cs_ci cs_ci95_welford(const cs_welford *w)
{
    cs_ci ci = {w->n, NAN, NAN, NAN, NAN};
    if (w->n == 0) return ci;
    ci.mean = w->mean;
    if (w->n < 2) return ci;
    const double sd = sqrt(cs_welford_variance(w));
    ci.half_width = cs_student_t_quantile(0.975, (double)(w->n - 1)) * sd / sqrt((double)w->n);
    ci.low = ci.mean - ci.half_width;
    ci.high = ci.mean + ci.half_width;
    return ci;
}

cs_ci cs_ci95(const double *values, size_t n)
{
    assert(values || n == 0);
    cs_welford w = {0, 0.0, 0.0};
    for (size_t i = 0; i < n; i++)
        if (isfinite(values[i])) cs_welford_add(&w, values[i]);
    return cs_ci95_welford(&w);
}
