/*
 * elementary.c - portable log, exp, pow, normal quantile and log-gamma.
 *
 * Variates must be bit-identical on every x86-64 machine, and libm's log and
 * exp differ between versions and CPU dispatch paths.  cs_log and cs_exp are
 * the table-free fdlibm algorithms (Sun, 1993; error < 1 ulp), written with
 * plain IEEE double operations only, so under -ffp-contract=off every
 * compiler and CPU gives the same bits.  cs_pow keeps log(x) as a
 * double-double (about 2^-58 relative) so that y*log(x) does not amplify
 * the rounding of the logarithm.  The normal quantile is Wichura's AS241
 * (PPND16) on top of cs_log and sqrt (IEEE exact).  Log-gamma is the Stirling
 * series for x >= 10 and, below, the Taylor series of lgamma(2+z) reached by
 * exact shifts, so it stays relatively accurate even near its roots 1 and 2.
 */
#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <string.h>
#include "clearsim/rng.h"

static inline uint64_t cs_bits(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

static inline double cs_from_bits(uint64_t u)
{
    double x;
    memcpy(&x, &u, sizeof x);
    return x;
}

/* High 32 bits of a double, signed like fdlibm's GET_HIGH_WORD. */
static inline int32_t cs_high_word(double x)
{
    return (int32_t)(uint32_t)(cs_bits(x) >> 32u);
}

static inline double cs_with_high_word(double x, uint32_t hi)
{
    return cs_from_bits((cs_bits(x) & 0xffffffffULL) | ((uint64_t)hi << 32u));
}

/* ------------------------------------------------------------------ exp */

static const double cs_ln2_hi_exp[2] = {6.93147180369123816490e-01, -6.93147180369123816490e-01};
static const double cs_ln2_lo_exp[2] = {1.90821492927058770002e-10, -1.90821492927058770002e-10};
static const double cs_half_signed[2] = {0.5, -0.5};

#define CS_O_THRESHOLD 7.09782712893383973096e+02
#define CS_U_THRESHOLD (-7.45133219101941108420e+02)
#define CS_INVLN2 1.44269504088896338700e+00
#define CS_TWOM1000 9.33263618503218878990e-302
#define CS_EXP_P1 1.66666666666666019037e-01
#define CS_EXP_P2 (-2.77777777770155933842e-03)
#define CS_EXP_P3 6.61375632143793436117e-05
#define CS_EXP_P4 (-1.65339022054652515390e-06)
#define CS_EXP_P5 4.13813679705723846039e-08

/* y * 2^k for y in [0.5, 2) as produced by the exp kernel. */
static double cs_scale_pow2(double y, int k)
{
    if (k >= -1021)
        return cs_from_bits(cs_bits(y) + ((uint64_t)(int64_t)k << 52u));
    return cs_from_bits(cs_bits(y) + ((uint64_t)(int64_t)(k + 1000) << 52u)) * CS_TWOM1000;
}

/* e^(x + tail) for |x| < 709.79 and |tail| <= ulp(x): the fdlibm kernel,
 * with the tail folded into the low part of the reduced argument. */
static double cs_exp_kernel(double x, double tail)
{
    uint32_t hx = (uint32_t)cs_high_word(x);
    const int xsb = (int)(hx >> 31u);
    hx &= 0x7fffffffu;
    double hi = x, lo = -tail;
    int k = 0;
    if (hx > 0x3fd62e42u) { /* |x| > 0.5 ln2: reduce */
        if (hx < 0x3FF0A2B2u) { /* and < 1.5 ln2 */
            hi = x - cs_ln2_hi_exp[xsb];
            lo = cs_ln2_lo_exp[xsb] - tail;
            k = 1 - xsb - xsb;
        } else {
            k = (int)(CS_INVLN2 * x + cs_half_signed[xsb]);
            const double t = k;
            hi = x - t * cs_ln2_hi_exp[0];
            lo = t * cs_ln2_lo_exp[0] - tail;
        }
    } else if (hx < 0x3e300000u) { /* |x| < 2^-28 */
        return 1.0 + (x + tail);
    }
    const double r = hi - lo;
    const double t = r * r;
    const double c =
        r - t * (CS_EXP_P1 + t * (CS_EXP_P2 + t * (CS_EXP_P3 + t * (CS_EXP_P4 + t * CS_EXP_P5))));
    if (k == 0 && tail == 0.0) return 1.0 - ((r * c) / (c - 2.0) - r);
    const double y = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi);
    return k == 0 ? y : cs_scale_pow2(y, k);
}

double cs_exp(double x)
{
    if (isnan(x)) return x + x;
    if (x > CS_O_THRESHOLD) return HUGE_VAL;
    if (x < CS_U_THRESHOLD) return 0.0; /* includes -inf */
    return cs_exp_kernel(x, 0.0);
}

/* ------------------------------------------------------------------ log */

#define CS_LN2_HI 6.93147180369123816490e-01 /* 32 significant bits */
#define CS_LN2_LO 1.90821492927058770002e-10
#define CS_TWO54 1.80143985094819840000e+16
#define CS_LG1 6.666666666666735130e-01
#define CS_LG2 3.999999999940941908e-01
#define CS_LG3 2.857142874366239149e-01
#define CS_LG4 2.222219843214978396e-01
#define CS_LG5 1.818357216161805012e-01
#define CS_LG6 1.531383769920937332e-01
#define CS_LG7 1.479819860511658591e-01

/* Split positive finite x into 2^k * m with m in [sqrt(2)/2, sqrt(2)). */
static double cs_log_reduce(double x, int *k_out)
{
    int32_t hx = cs_high_word(x);
    int k = 0;
    if (hx < 0x00100000) { /* subnormal: scale up */
        k -= 54;
        x *= CS_TWO54;
        hx = cs_high_word(x);
    }
    k += (hx >> 20) - 1023;
    hx &= 0x000fffff;
    const int32_t i = (hx + 0x95f64) & 0x100000;
    *k_out = k + (i >> 20);
    return cs_with_high_word(x, (uint32_t)(hx | (i ^ 0x3ff00000)));
}

/* (log(1+f) - 2s)/s as a polynomial in z = s^2 (fdlibm, error < 2^-58.45). */
static double cs_log_poly(double z)
{
    const double w = z * z;
    const double t1 = w * (CS_LG2 + w * (CS_LG4 + w * CS_LG6));
    const double t2 = z * (CS_LG1 + w * (CS_LG3 + w * (CS_LG5 + w * CS_LG7)));
    return t2 + t1;
}

double cs_log(double x)
{
    const int32_t hx0 = cs_high_word(x);
    if (hx0 < 0x00100000) {
        if (x == 0.0) return -HUGE_VAL;
        if (x < 0.0 || isnan(x)) return NAN;
    }
    if (hx0 >= 0x7ff00000) return x + x; /* +inf or nan */

    int k;
    x = cs_log_reduce(x, &k);
    const int32_t hx = cs_high_word(x) & 0x000fffff;
    const double f = x - 1.0;
    const double dk = (double)k;
    if ((0x000fffff & (2 + hx)) < 3) { /* |f| < 2^-20 */
        if (f == 0.0) return k == 0 ? 0.0 : dk * CS_LN2_HI + dk * CS_LN2_LO;
        const double r = f * f * (0.5 - 0.33333333333333333 * f);
        return k == 0 ? f - r : dk * CS_LN2_HI - ((r - dk * CS_LN2_LO) - f);
    }
    const double s = f / (2.0 + f);
    const double r = cs_log_poly(s * s);
    const int32_t i = (hx - 0x6147a) | (0x6b851 - hx);
    if (i > 0) {
        const double hfsq = 0.5 * f * f;
        if (k == 0) return f - (hfsq - s * (hfsq + r));
        return dk * CS_LN2_HI - ((hfsq - (s * (hfsq + r) + dk * CS_LN2_LO)) - f);
    }
    if (k == 0) return f - s * (f - r);
    return dk * CS_LN2_HI - ((s * (f - r) - dk * CS_LN2_LO) - f);
}

/* ------------------------------------------------------------------ pow */

/* Error-free transformations (valid without FMA under round-to-nearest). */
static void cs_two_sum(double a, double b, double *s, double *e)
{
    *s = a + b;
    const double bb = *s - a;
    *e = (a - (*s - bb)) + (b - bb);
}

static void cs_fast_two_sum(double a, double b, double *s, double *e)
{
    *s = a + b;
    *e = b - (*s - a);
}

static void cs_split(double a, double *hi, double *lo)
{
    const double t = 134217729.0 * a; /* 2^27 + 1 */
    *hi = t - (t - a);
    *lo = a - *hi;
}

static void cs_two_prod(double a, double b, double *p, double *e)
{
    double ah, al, bh, bl;
    *p = a * b;
    cs_split(a, &ah, &al);
    cs_split(b, &bh, &bl);
    *e = ((ah * bh - *p) + ah * bl + al * bh) + al * bl;
}

/* log(x) = *hi + *lo for positive finite x, about 2^-58 relative. */
static void cs_log_dd(double x, double *hi, double *lo)
{
    int k;
    const double m = cs_log_reduce(x, &k);
    const double f = m - 1.0; /* exact (Sterbenz) */
    double vh, vl, p, pe;
    cs_two_sum(m, 1.0, &vh, &vl);
    const double sh = f / vh;
    cs_two_prod(sh, vh, &p, &pe);
    const double sl = (((f - p) - pe) - sh * vl) / vh;
    const double r = cs_log_poly(sh * sh);
    const double dk = (double)k;
    double th, tl;
    cs_two_sum(dk * CS_LN2_HI, 2.0 * sh, &th, &tl);
    tl += 2.0 * sl + sh * r + dk * CS_LN2_LO;
    cs_fast_two_sum(th, tl, hi, lo);
}

double cs_pow(double x, double y)
{
    if (y == 0.0 || x == 1.0) return 1.0;
    if (isnan(x) || isnan(y) || x < 0.0) return NAN;
    if (x == 0.0) return y > 0.0 ? 0.0 : HUGE_VAL;
    if (isinf(x)) return y > 0.0 ? HUGE_VAL : 0.0;

    double lh, ll;
    cs_log_dd(x, &lh, &ll);
    const double guess = y * lh;
    if (isnan(guess)) return NAN;
    if (guess > 710.0) return HUGE_VAL;
    if (guess < -746.0) return 0.0;
    double ph, pe, pl;
    cs_two_prod(y, lh, &ph, &pe);
    cs_fast_two_sum(ph, pe + y * ll, &ph, &pl);
    if (ph > CS_O_THRESHOLD) return HUGE_VAL;
    if (ph < CS_U_THRESHOLD) return 0.0;
    return cs_exp_kernel(ph, pl);
}

/* ------------------------------------------------------- normal quantile */

static double cs_poly7(const double c[8], double r)
{
    return ((((((c[7] * r + c[6]) * r + c[5]) * r + c[4]) * r + c[3]) * r + c[2]) * r + c[1]) * r +
           c[0];
}

static const double cs_as241_a[8] = {
    3.3871328727963666080e0,  1.3314166789178437745e+2, 1.9715909503065514427e+3,
    1.3731693765509461125e+4, 4.5921953931549871457e+4, 6.7265770927008700853e+4,
    3.3430575583588128105e+4, 2.5090809287301226727e+3};
static const double cs_as241_b[8] = {
    1.0,                      4.2313330701600911252e+1, 6.8718700749205790830e+2,
    5.3941960214247511077e+3, 2.1213794301586595867e+4, 3.9307895800092710610e+4,
    2.8729085735721942674e+4, 5.2264952788528545610e+3};
static const double cs_as241_c[8] = {
    1.42343711074968357734e0,  4.63033784615654529590e0,  5.76949722146069140550e0,
    3.64784832476320460504e0,  1.27045825245236838258e0,  2.41780725177450611770e-1,
    2.27238449892691845833e-2, 7.74545014278341407640e-4};
static const double cs_as241_d[8] = {
    1.0,                       2.05319162663775882187e0,  1.67638483018380384940e0,
    6.89767334985100004550e-1, 1.48103976427480074590e-1, 1.51986665636164571966e-2,
    5.47593808499534494600e-4, 1.05075007164441684324e-9};
static const double cs_as241_e[8] = {
    6.65790464350110377720e0,  5.46378491116411436990e0,  1.78482653991729133580e0,
    2.96560571828504891230e-1, 2.65321895265761230930e-2, 1.24266094738807843860e-3,
    2.71155556874348757815e-5, 2.01033439929228813265e-7};
static const double cs_as241_f[8] = {
    1.0,                       5.99832206555887937690e-1, 1.36929880922735805310e-1,
    1.48753612908506148525e-2, 7.86869131145613259100e-4, 1.84631831751005468180e-5,
    1.42151175831644588870e-7, 2.04426310338993978564e-15};

double cs_normal_quantile(double p)
{
    if (isnan(p) || p < 0.0 || p > 1.0) return NAN;
    if (p == 0.0) return -HUGE_VAL;
    if (p == 1.0) return HUGE_VAL;
    const double q = p - 0.5;
    if (fabs(q) <= 0.425) {
        const double r = 0.180625 - q * q;
        return q * cs_poly7(cs_as241_a, r) / cs_poly7(cs_as241_b, r);
    }
    double r = sqrt(-cs_log(q < 0.0 ? p : 1.0 - p));
    double val;
    if (r <= 5.0) {
        r -= 1.6;
        val = cs_poly7(cs_as241_c, r) / cs_poly7(cs_as241_d, r);
    } else {
        r -= 5.0;
        val = cs_poly7(cs_as241_e, r) / cs_poly7(cs_as241_f, r);
    }
    return q < 0.0 ? -val : val;
}

/* ----------------------------------------------------------- log-gamma */

#define CS_HALF_LOG_2PI 0.91893853320467274178

/* Stirling series for x >= 10: truncation error below 2e-18. */
static double cs_lgamma_stirling(double x)
{
    const double w = 1.0 / (x * x);
    const double series =
        (1.0 / 12.0 +
         w * (-1.0 / 360.0 +
              w * (1.0 / 1260.0 +
                   w * (-1.0 / 1680.0 +
                        w * (1.0 / 1188.0 +
                             w * (-691.0 / 360360.0 + w * (1.0 / 156.0 + w * (-3617.0 / 122400.0)))))))) /
        x;
    return (x - 0.5) * cs_log(x) - x + CS_HALF_LOG_2PI + series;
}

/* lgamma(2+z) = sum_k c[k-1] z^k, c_1 = 1 - Euler's gamma,
 * c_k = (-1)^k (zeta(k) - 1)/k; 30 terms reach 2^-60 for |z| <= 1/2. */
static const double cs_lgamma2_coef[30] = {
    4.22784335098467139393e-1, 3.22467033424113218236e-1, -6.73523010531980951332e-2,
    2.0580808427784547879e-2, -7.38555102867398526627e-3, 2.89051033074152328575e-3,
    -1.19275391170326097711e-3, 5.09669524743042422336e-4, -2.23154758453579379761e-4,
    9.94575127818085337146e-5, -4.49262367381331417002e-5, 2.05072127756706915532e-5,
    -9.43948827526839590399e-6, 4.37486678990748780418e-6, -2.03921575380136623678e-6,
    9.55141213040741983286e-7, -4.49246919876456604329e-7, 2.12071848055546658692e-7,
    -1.00432248239680996087e-7, 4.76981016936398056576e-8, -2.27110946089431649103e-8,
    1.08386592148969540911e-8, -5.18347504197004665512e-9, 2.48367454380247831719e-9,
    -1.19214014058609120744e-9, 5.73136724167886201333e-10, -2.75952288512423314518e-10,
    1.33047643742444894815e-10, -6.42296456383810002208e-11, 3.10442477473222727624e-11,
};

static double cs_lgamma2_series(double z)
{
    double s = 0.0;
    for (int k = 29; k >= 0; k--) s = s * z + cs_lgamma2_coef[k];
    return s * z;
}

double cs_lgamma(double x)
{
    if (isnan(x) || x < 0.0) return NAN;
    if (x == 0.0 || isinf(x)) return HUGE_VAL;
    if (x < 0x1p-54) return -cs_log(x); /* lgamma(x) = -log(x) - gamma*x + ... */
    if (x < 0.5) return cs_lgamma2_series(x) - cs_log(x * (1.0 + x));
    if (x < 1.5) return cs_lgamma2_series(x - 1.0) - cs_log(x); /* x - 1 exact */
    if (x >= 10.0) return cs_lgamma_stirling(x);
    /* shift down to [1.5, 2.5): x - j is exact since its ulp <= ulp(x) */
    double prod = 1.0;
    while (x >= 2.5) {
        x -= 1.0;
        prod *= x;
    }
    return cs_lgamma2_series(x - 2.0) + cs_log(prod);
}
