/*
 * elementary.c - portable log, exp, pow, normal quantile and log-gamma.
 *
 * Variates must be bit-identical on every x86-64 machine, and libm's log and
 * exp differ between versions and CPU dispatch paths.  So everything here is
 * plain IEEE double arithmetic and bit manipulation: under -ffp-contract=off
 * every compiler and CPU, with or without FMA, gives the same bits.
 *
 * cs_log is the hottest function of a simulation (every exponential variate
 * is -mean*log(1-u)), so it is table-driven like the ARM optimized-routines
 * log: fdlibm's division f/(2+f) cost about half of its time.  x = 2^k z,
 * z in [0x1.6p-1, 0x1.6p0); the top 7 bits of z's mantissa pick c near z, and
 * log x = k ln2 + log c + log1p(r), r = z/c - 1, |r| < 2^-8, which a short
 * polynomial covers.  Without FMA, r = (z - c) * invc is only as good as
 * invc = RN(1/c), so each c is the double within a few thousand ulps of its
 * slice's centre whose rounded reciprocal is nearest exact (|c invc - 1| <
 * 2^-62.5); z - c is exact (Sterbenz).  k ln2_hi and log(c)_hi lie on the
 * 2^-42 grid, so their sum is exact and rounding error only reaches the
 * low-order terms.  Near x = 1 the result is too small for the table's
 * absolute error, so 1 - 2^-4 <= x < 1 + 2^-4 evaluates log1p(x - 1) with
 * r - r^2/2 kept exact.  Error <= 0.54 ulp; the table and both polynomials
 * were generated once with Python (decimal at 90 digits for log c and the
 * split of ln 2, exact rationals to choose c, Remez fits for log1p) and are
 * pasted below as hex literals.
 *
 * cs_exp is fdlibm's (Sun, 1993; error < 1 ulp).  cs_pow keeps log(x) as a
 * double-double (about 2^-58 relative, on fdlibm's reduction) so that
 * y*log(x) does not amplify the rounding of the logarithm.  The normal
 * quantile is Wichura's AS241 (PPND16) on top of cs_log and sqrt (IEEE
 * exact).  Log-gamma is the Stirling series for x >= 10 and, below, the
 * Taylor series of lgamma(2+z) reached by exact shifts, so it stays
 * relatively accurate even near its roots 1 and 2.
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

/* Table-driven log; the design and the generator are in the opening comment.
 * x = 2^k z with z in [0x1.6p-1, 0x1.6p0); entry i covers the 2^-7 slice of
 * z's mantissa and holds c near the slice centre, invc = RN(1/c) and
 * log(c) = logc_hi + logc_lo, logc_hi a multiple of 2^-42. */
#define CS_LOG_OFF UINT64_C(0x3fe6000000000000)    /* bits of 0x1.6p-1 */
#define CS_LOG_BITS 7
#define CS_LOG_NEAR1_LO UINT64_C(0x3fee000000000000) /* 1 - 2^-4 */
#define CS_LOG_NEAR1_HI UINT64_C(0x3ff1000000000000) /* 1 + 2^-4 */
#define CS_LOG_LN2_HI 0x1.62e42fefa38p-1 /* multiple of 2^-42 */
#define CS_LOG_LN2_LO 0x1.ef35793c7673p-45
/* log1p(r) - r ~ r^2 (A0 + A1 r + ... + A4 r^4), |r| < 0x1.fe1p-9:
 * absolute error 2^-62.8 */
#define CS_LOG_A0 (-0x1p-1)
#define CS_LOG_A1 0x1.55555555284ecp-2
#define CS_LOG_A2 (-0x1.ffffffff33219p-3)
#define CS_LOG_A3 0x1.999b048d08a6bp-3
#define CS_LOG_A4 (-0x1.555711f392cc3p-3)
/* log1p(r) - r + r^2/2 ~ r^3 (B1 + B2 r + ... + B10 r^9), |r| <= 2^-4:
 * error 2^-60.7 relative to r */
#define CS_LOG_B1 0x1.5555555555558p-2
#define CS_LOG_B2 (-0x1.0000000000017p-2)
#define CS_LOG_B3 0x1.999999998a13cp-3
#define CS_LOG_B4 (-0x1.555555552440bp-3)
#define CS_LOG_B5 0x1.249249a0af709p-3
#define CS_LOG_B6 (-0x1.000000f00d7b3p-3)
#define CS_LOG_B7 0x1.c719bb6303aa1p-4
#define CS_LOG_B8 (-0x1.9995c7fa3025cp-4)
#define CS_LOG_B9 0x1.777534320664bp-4
#define CS_LOG_B10 (-0x1.58c8cf70c1156p-4)

struct cs_log_entry {
    double invc, logc_hi, logc_lo, c;
};

/* {invc, logc_hi, logc_lo, c}; |c * invc - 1| < 2^-62.5 for every entry. */
static const _Alignas(32) struct cs_log_entry cs_log_tab[1 << CS_LOG_BITS] = {
    {0x1.734f0c542p+0, -0x1.7cc7f7db47p-2, 0x1.f2610e008f171p-46, 0x1.60ffffffffe9fp-1},
    {0x1.713786d9c740ep+0, -0x1.76feecb946p-2, 0x1.2b1c18214e966p-44, 0x1.63000000007acp-1},
    {0x1.6f26016f26827p+0, -0x1.713e33a46bp-2, -0x1.fe1844252cc94p-44, 0x1.64ffffffff829p-1},
    {0x1.6d1a62681d322p+0, -0x1.6b85b4cffcp-2, -0x1.13154f665b7b8p-45, 0x1.66ffffffff56dp-1},
    {0x1.6b1490aa31c4bp+0, -0x1.65d558d4cep-2, -0x1.758a216b927d5p-44, 0x1.68ffffffffdf5p-1},
    {0x1.691473a88c712p+0, -0x1.602d08af07p-2, -0x1.9e3d4526f43c7p-44, 0x1.6b000000009bbp-1},
    {0x1.6719f36016ae5p+0, -0x1.5a8cadbbefp-2, 0x1.638714613c6e7p-44, 0x1.6cffffffffc25p-1},
    {0x1.6524f853b46d9p+0, -0x1.54f431b7bdp-2, -0x1.b2b0d5734512ep-44, 0x1.6f000000003e5p-1},
    {0x1.63356b88abe74p+0, -0x1.4f637ebba9p-2, -0x1.1a11ddda383dp-46, 0x1.7100000000282p-1},
    {0x1.614b36831a493p+0, -0x1.49da7f3bcap-2, -0x1.c837b10f6787fp-44, 0x1.7300000000a81p-1},
    {0x1.5f664342929b8p+0, -0x1.44591e0539p-2, -0x1.6d72a33350b16p-45, 0x1.7500000000487p-1},
    {0x1.5d867c3ece89bp+0, -0x1.3edf463c18p-2, 0x1.92e1465924013p-44, 0x1.76ffffffff99bp-1},
    {0x1.5babcc648p+0, -0x1.396ce359bdp-2, 0x1.5839c5663263dp-47, 0x1.78ffffffffa1cp-1},
    {0x1.59d61f123d17bp+0, -0x1.3401e12aeep-2, 0x1.873ab65a42c38p-44, 0x1.7affffffffab9p-1},
    {0x1.580560158p+0, -0x1.2e9e2bce11p-2, -0x1.4300c128d2dc2p-45, 0x1.7d000000005f4p-1},
    {0x1.56397ba7c4903p+0, -0x1.2941afb185p-2, 0x1.069b58e76f228p-45, 0x1.7f00000000b0cp-1},
    {0x1.54725e6bb7a02p+0, -0x1.23ec5991eap-2, 0x1.79ea29a330a1ap-47, 0x1.8100000000a29p-1},
    {0x1.52aff56a8p+0, -0x1.1e9e167889p-2, 0x1.82eaed3c8ae5ep-44, 0x1.830000000060cp-1},
    {0x1.50f22e111c0c3p+0, -0x1.1956d3b9bbp-2, -0x1.b2bf3637f39c3p-44, 0x1.85000000004a1p-1},
    {0x1.4f38f62dd548dp+0, -0x1.14167ef369p-2, 0x1.b240dbf72e2bep-49, 0x1.86ffffffff6bbp-1},
    {0x1.4d843bedc324fp+0, -0x1.0edd060b79p-2, -0x1.7badd55cd44abp-45, 0x1.88ffffffff8eap-1},
    {0x1.4bd3edda68d7fp+0, -0x1.09aa572e6cp-2, 0x1.0bdb216bf4889p-47, 0x1.8b000000002d6p-1},
    {0x1.4a27fad76p+0, -0x1.047e60cde8p-2, 0x1.210779633fe1dp-48, 0x1.8d0000000018dp-1},
    {0x1.4880522014ef8p+0, -0x1.feb2233ea4p-3, 0x1.fc1b367ef9f43p-44, 0x1.8effffffff825p-1},
    {0x1.46dce34596136p+0, -0x1.f474b134ep-3, 0x1.18199beccf7a7p-44, 0x1.90fffffffff01p-1},
    {0x1.453d9e2c779d4p+0, -0x1.ea4449f04cp-3, 0x1.e884afc8a2a2ap-47, 0x1.92ffffffffc3cp-1},
    {0x1.43a2730abe9dcp+0, -0x1.e020cc6234p-3, 0x1.669021512e5a9p-47, 0x1.950000000058fp-1},
    {0x1.420b5265e5ab6p+0, -0x1.d60a17f904p-3, 0x1.0704379d7c3bbp-46, 0x1.96ffffffffe3dp-1},
    {0x1.40782d10e6032p+0, -0x1.cc000c9db2p-3, 0x1.3b88ce2ef600fp-45, 0x1.99000000006a4p-1},
    {0x1.3ee8f42a5ae0dp+0, -0x1.c2028ab18p-3, 0x1.9200f8b987028p-44, 0x1.9b00000000142p-1},
    {0x1.3d5d991aa77f9p+0, -0x1.b811730b84p-3, 0x1.bf63df60e3ef7p-44, 0x1.9cffffffffd23p-1},
    {0x1.3bd60d923264dp+0, -0x1.ae2ca6f672p-3, 0x1.f412523a504dbp-45, 0x1.9f000000003fbp-1},
    {0x1.3a524387ad0a1p+0, -0x1.a454082e6ep-3, -0x1.2f201817d8855p-46, 0x1.a0ffffffff4bbp-1},
    {0x1.38d22d366p+0, -0x1.9a8778deb8p-3, 0x1.b8f05c10123fp-44, 0x1.a300000000b75p-1},
    {0x1.3755bd1c94b5fp+0, -0x1.90c6db9fcep-3, -0x1.4c5a802c7361ap-48, 0x1.a4ffffffff8a4p-1},
    {0x1.35dce5f9f31abp+0, -0x1.8712137512p-3, 0x1.44aaca4d0ff43p-44, 0x1.a6ffffffff6dbp-1},
    {0x1.34679ace01681p+0, -0x1.7d6903caf8p-3, 0x1.f7eedddcd0273p-44, 0x1.a8ffffffffb8dp-1},
    {0x1.32f5ced6a1bcap+0, -0x1.73cb9074fcp-3, -0x1.5a31c3f1c1d9fp-46, 0x1.ab0000000030bp-1},
    {0x1.3187758e9f25ap+0, -0x1.6a399dabcp-3, -0x1.ab70539147aep-53, 0x1.acffffffff6adp-1},
    {0x1.301c82ac4p+0, -0x1.60b3100b08p-3, -0x1.1d7526cee13d8p-45, 0x1.af0000000035ep-1},
    {0x1.2eb4ea1fed0f3p+0, -0x1.5737cc9018p-3, -0x1.512bf4cdad27fp-44, 0x1.b10000000007ep-1},
    {0x1.2d50a012d48c8p+0, -0x1.4dc7b897b8p-3, -0x1.8edf69bb24214p-44, 0x1.b300000000b53p-1},
    {0x1.2bef98e5a356fp+0, -0x1.4462b9dc9ap-3, -0x1.16b7f831c0217p-44, 0x1.b500000000261p-1},
    {0x1.2a91c92f3c76dp+0, -0x1.3b08b67582p-3, 0x1.6748724a1e3bfp-47, 0x1.b6ffffffff695p-1},
    {0x1.293725bb8p+0, -0x1.31b994d3a2p-3, -0x1.f098ee3a5101p-44, 0x1.b9000000006e4p-1},
    {0x1.27dfa38a1d039p+0, -0x1.28753bc11cp-3, 0x1.c43343208c652p-45, 0x1.baffffffffd2p-1},
    {0x1.268b37cd6p+0, -0x1.1f3b925f26p-3, 0x1.57dd3a6c20d0dp-44, 0x1.bd000000001bdp-1},
    {0x1.2539d7e917f29p+0, -0x1.160c8024b6p-3, 0x1.0b3ba39c9f449p-45, 0x1.beffffffff49fp-1},
    {0x1.23eb797176408p+0, -0x1.0ce7ecdccep-3, 0x1.d59d2e5f653acp-46, 0x1.c0ffffffffa59p-1},
    {0x1.22a0122a0111cp+0, -0x1.03cdc0a51ep-3, -0x1.27a7a0727fbdap-45, 0x1.c3000000001a3p-1},
    {0x1.2157980485a9ap+0, -0x1.f57bc7d904p-4, -0x1.0dd55f4e909f6p-45, 0x1.c4ffffffff8a3p-1},
    {0x1.2012012011dc9p+0, -0x1.e3707ee304p-4, 0x1.802c56d42d072p-44, 0x1.c70000000039cp-1},
    {0x1.1ecf43c7fb678p+0, -0x1.d179788218p-4, 0x1.ae83098d95d12p-46, 0x1.c9000000002eap-1},
    {0x1.1d8f5672e5101p+0, -0x1.bf96876a04p-4, 0x1.c08e19a032181p-44, 0x1.caffffffff5edp-1},
    {0x1.1c522fc1ce057p+0, -0x1.adc77ee5bp-4, 0x1.58e59be3d4455p-44, 0x1.cd00000000003p-1},
    {0x1.1b17c67f2b7c6p+0, -0x1.9c0c32d4dp-4, 0x1.efbc2e436f438p-46, 0x1.cf00000000517p-1},
    {0x1.19e0119e00b1bp+0, -0x1.8a6477a918p-4, 0x1.3b739d2f4b21bp-47, 0x1.d100000000abep-1},
    {0x1.18ab083902939p+0, -0x1.78d02263d4p-4, -0x1.c6b437a89aed4p-44, 0x1.d300000000461p-1},
    {0x1.1778a191bda31p+0, -0x1.674f089368p-4, -0x1.057c1b10c92bdp-44, 0x1.d4ffffffff9d5p-1},
    {0x1.1648d50fc306ap+0, -0x1.55e10050ep-4, 0x1.3e421a9f0e753p-44, 0x1.d7000000002b1p-1},
    {0x1.151b9a3fddb59p+0, -0x1.4485e03dc4p-4, 0x1.c2e6052139f0ap-45, 0x1.d8ffffffff681p-1},
    {0x1.13f0e8d344222p+0, -0x1.333d7f818p-4, 0x1.617c9ddd7543ep-45, 0x1.db0000000089fp-1},
    {0x1.12c8b89edbd0ep+0, -0x1.2207b5c78p-4, -0x1.eb63d04a71331p-44, 0x1.dd00000000647p-1},
    {0x1.11a3019a742f4p+0, -0x1.10e45b3ca8p-4, -0x1.a64f70b0467bap-44, 0x1.df00000000919p-1},
    {0x1.107fbbe011082p+0, -0x1.ffa6911ab8p-5, -0x1.344ac87301ed1p-45, 0x1.e0ffffffffffcp-1},
    {0x1.0f5edfab325f2p+0, -0x1.dda8adc68p-5, 0x1.07098eb9fa426p-46, 0x1.e2fffffffff71p-1},
    {0x1.0e40655825c49p+0, -0x1.bbcebfc688p-5, -0x1.850dbfb5b0ebfp-49, 0x1.e5000000006c9p-1},
    {0x1.0d24456359d6fp+0, -0x1.9a187b574p-5, 0x1.cd0e64a9047afp-44, 0x1.e70000000016fp-1},
    {0x1.0c0a7868b45ffp+0, -0x1.788595a36p-5, -0x1.7df5052402e0cp-48, 0x1.e8ffffffff7bp-1},
    {0x1.0af2f722ee65ep+0, -0x1.5715c4c03p-5, -0x1.8a709ad3fc75fp-46, 0x1.eb00000000baap-1},
    {0x1.09ddba6af7f75p+0, -0x1.35c8bfaa08p-5, -0x1.bd8056b70571p-44, 0x1.ed00000000744p-1},
    {0x1.08cabb37568aap+0, -0x1.149e3e4008p-5, -0x1.84c25c0c44afcp-44, 0x1.eeffffffffacdp-1},
    {0x1.07b9f29b8f052p+0, -0x1.e72bf2815p-6, -0x1.01bce22303622p-45, 0x1.f0ffffffff5cp-1},
    {0x1.06ab59c791129p+0, -0x1.a55f548c5p-6, -0x1.4a71f6aa3fbd6p-44, 0x1.f300000000376p-1},
    {0x1.059eea07270e5p+0, -0x1.63d617868p-6, 0x1.624ea20c1008bp-46, 0x1.f5000000008dep-1},
    {0x1.04949cc1669ep+0, -0x1.228fb1febp-6, -0x1.bc2f2166f23f2p-44, 0x1.f6ffffffff626p-1},
    {0x1.038c6b782431ap+0, -0x1.c317384c4p-7, -0x1.ed31c1b657baep-44, 0x1.f90000000098p-1},
    {0x1.02864fc772ee1p+0, -0x1.41929f96ap-7, -0x1.51ac9f1bac1bp-44, 0x1.faffffffff641p-1},
    {0x1.01824365179c6p+0, -0x1.812121458p-8, 0x1.553bdc775656cp-50, 0x1.fd000000000ep-1},
    {0x1.008040200fc3fp+0, -0x1.0040155dp-9, 0x1.7ad09c44aa6a4p-44, 0x1.ff0000000087ap-1},
    {0x1.fe01fe01ff406p-1, 0x1.ff00aa2ap-9, -0x1.7722d7feca75dp-44, 0x1.00ffffffff5f9p+0},
    {0x1.fa11caa02p-1, 0x1.7dc475f8p-7, -0x1.d6248b6bb4ceap-45, 0x1.02ffffffffcf7p+0},
    {0x1.f6310aca0c8a4p-1, 0x1.3cea44349p-6, 0x1.38e6fb230f58fp-46, 0x1.05000000009e9p+0},
    {0x1.f25f6442315a2p-1, 0x1.b9fc027aep-6, 0x1.5351e0958b271p-45, 0x1.06ffffffffa3cp+0},
    {0x1.ee9c7f8459bedp-1, 0x1.1b0d98923p-5, -0x1.a0b1ac85fe69ep-46, 0x1.08ffffffff88bp+0},
    {0x1.eae807abap-1, 0x1.58a5bafc9p-5, 0x1.35231aa3d471dp-47, 0x1.0b0000000010bp+0},
    {0x1.e741aa597599cp-1, 0x1.95c830ec88p-5, -0x1.751a16a57247ep-44, 0x1.0cffffffffb3p+0},
    {0x1.e3a9179dc109dp-1, 0x1.d276b8adb8p-5, 0x1.8f770db369e83p-44, 0x1.0f00000000583p+0},
    {0x1.e01e01e01df1fp-1, 0x1.075983599p-4, -0x1.30f47ec3611b3p-44, 0x1.1100000000091p+0},
    {0x1.dca01dca02727p-1, 0x1.253f62f09cp-4, 0x1.cfe879fb8cf23p-47, 0x1.12ffffffffa99p+0},
    {0x1.d92f2231e7f36p-1, 0x1.42edcbea64p-4, 0x1.38997cdf723c8p-45, 0x1.1500000000031p+0},
    {0x1.d5cac807581e2p-1, 0x1.60658a936cp-4, 0x1.8b283db2ff1f2p-45, 0x1.16ffffffff6fbp+0},
    {0x1.d272ca3fc4b66p-1, 0x1.7da766d7b8p-4, 0x1.cb4d4703b666cp-44, 0x1.1900000000976p+0},
    {0x1.cf26e5c44af27p-1, 0x1.9ab424620cp-4, 0x1.aafd16542edd6p-46, 0x1.1b00000000a28p+0},
    {0x1.cbe6d9601bb07p-1, 0x1.b78c82bb18p-4, 0x1.f5581e4b584b4p-47, 0x1.1d00000000a75p+0},
    {0x1.c8b265afb9c82p-1, 0x1.d4313d66cp-4, 0x1.f5edca37766a1p-45, 0x1.1effffffff488p+0},
    {0x1.c5894d10d457ap-1, 0x1.f0a30c0118p-4, 0x1.cc24549123e67p-46, 0x1.2100000000294p+0},
    {0x1.c26b5392ead5dp-1, 0x1.0671512ca2p-3, -0x1.6a58eacf6fbd7p-46, 0x1.22ffffffff77p+0},
    {0x1.bf583ee867cbep-1, 0x1.1478584678p-3, 0x1.f2d21a5e5115fp-44, 0x1.2500000000b01p+0},
    {0x1.bc4fd658848cdp-1, 0x1.2266f190a2p-3, 0x1.675228f0bbc4cp-44, 0x1.26ffffffff926p+0},
    {0x1.b951e2b190a35p-1, 0x1.303d718e44p-3, 0x1.8ea154b4155edp-44, 0x1.28ffffffff88dp+0},
    {0x1.b65e2e3befdeep-1, 0x1.3dfc2b0ec8p-3, -0x1.0a875b8ad77f7p-45, 0x1.2affffffff526p+0},
    {0x1.b37484ad8p-1, 0x1.4ba36f39a8p-3, -0x1.4354bb3f221e5p-44, 0x1.2d000000004b4p+0},
    {0x1.b094b31d930efp-1, 0x1.59338d997ep-3, -0x1.92d7d7a4d0365p-46, 0x1.2effffffff5fdp+0},
    {0x1.adbe87f94961dp-1, 0x1.66acd4272ap-3, -0x1.c22aa545e2cb6p-44, 0x1.30ffffffffbecp+0},
    {0x1.aaf1d2f87dc7dp-1, 0x1.740f8f5408p-3, 0x1.fd2dc42c9755ep-47, 0x1.3300000000b25p+0},
    {0x1.a82e65130d825p-1, 0x1.815c0a1438p-3, 0x1.160c9e5fb4ddfp-45, 0x1.35000000006b4p+0},
    {0x1.a5741076880cfp-1, 0x1.8e928de88ap-3, -0x1.2b4e6aab0dc04p-45, 0x1.37000000006ffp+0},
    {0x1.a2c2a87c5275bp-1, 0x1.9bb362e7dcp-3, 0x1.c29264b62066dp-45, 0x1.38ffffffff7fbp+0},
    {0x1.a01a01a01a34dp-1, 0x1.a8becfc882p-3, -0x1.4c72105c40004p-48, 0x1.3affffffffd94p+0},
    {0x1.9d79f176b6daap-1, 0x1.b5b519e8fap-3, -0x1.6266625892733p-45, 0x1.3cffffffffbcbp+0},
    {0x1.9ae24ea551e79p-1, 0x1.c2968558bep-3, -0x1.644f21c62a9bbp-44, 0x1.3effffffff56dp+0},
    {0x1.9852f0d8eb604p-1, 0x1.cf6354e0ap-3, -0x1.87e3865dbf7ep-46, 0x1.41000000008a2p+0},
    {0x1.95cbb0be37b7fp-1, 0x1.dc1bca0abep-3, -0x1.b1e4d25cfb5f7p-45, 0x1.42ffffffffcf6p+0},
    {0x1.934c67f9b29b3p-1, 0x1.e8c0252aa6p-3, 0x1.53dda20099251p-44, 0x1.4500000000294p+0},
    {0x1.90d4f12019992p-1, 0x1.f550a564b4p-3, 0x1.d221dd8085a2fp-44, 0x1.46ffffffff8dfp+0},
    {0x1.8e6527af12a82p-1, 0x1.00e6c45ad7p-2, 0x1.b54584788dee7p-47, 0x1.4900000000a85p+0},
    {0x1.8bfce8062f1b5p-1, 0x1.071b85fcd8p-2, -0x1.fe786a6e1c243p-45, 0x1.4b00000000b4dp+0},
    {0x1.899c0f6018eb5p-1, 0x1.0d46b579abp-2, -0x1.7df061c327451p-44, 0x1.4cffffffffbbp+0},
    {0x1.87427bcc0925fp-1, 0x1.136870293bp-2, -0x1.9910c9ff37b19p-44, 0x1.4f0000000004dp+0},
    {0x1.84f00c278p-1, 0x1.1980d2dd43p-2, 0x1.b7b3a7a360c9ap-45, 0x1.5100000000544p+0},
    {0x1.82a4a0182b1b7p-1, 0x1.1f8ff9e488p-2, 0x1.1f8b575b8f027p-48, 0x1.52ffffffff486p+0},
    {0x1.8060180600f82p-1, 0x1.2596010df9p-2, -0x1.8b328638ce2e8p-45, 0x1.550000000078ep+0},
    {0x1.7e225515a5571p-1, 0x1.2b9303ab89p-2, -0x1.e8182caceaff5p-45, 0x1.56ffffffffa52p+0},
    {0x1.7beb3922ep-1, 0x1.31871c9544p-2, 0x1.613eae533b376p-44, 0x1.5900000000159p+0},
    {0x1.79baa6bb635bbp-1, 0x1.3772662bfep-2, 0x1.59002cac218adp-45, 0x1.5b00000000381p+0},
    {0x1.77908119ad187p-1, 0x1.3d54fa5c1dp-2, 0x1.f15c4d3c53547p-44, 0x1.5cffffffff556p+0},
    {0x1.756cac2017608p-1, 0x1.432ef2a04ep-2, 0x1.9a7169b967fc1p-44, 0x1.5efffffffff6ep+0},
};

/* x in [1 - 2^-4, 1 + 2^-4): r = x - 1 is exact and the result is about r,
 * so r - r^2/2 is kept as an exact hi + lo (rhi has 26 bits, rhi^2 is exact)
 * and only the r^3 tail carries rounding error. */
static double cs_log_near1(double x)
{
    const double r = x - 1.0;
    const double r2 = r * r;
    const double r3 = r * r2;
    const double q =
        r3 * (CS_LOG_B1 + r * CS_LOG_B2 + r2 * CS_LOG_B3 +
              r3 * (CS_LOG_B4 + r * CS_LOG_B5 + r2 * CS_LOG_B6 +
                    r3 * (CS_LOG_B7 + r * CS_LOG_B8 + r2 * CS_LOG_B9 + r3 * CS_LOG_B10)));
    const double w = r * 0x1p27;
    const double rhi = (r + w) - w;
    const double rlo = r - rhi;
    const double h2 = -0.5 * (rhi * rhi);
    const double hi = r + h2;
    const double lo = ((r - hi) + h2) - 0.5 * rlo * (rhi + r);
    return (q + lo) + hi;
}

double cs_log(double x)
{
    uint64_t ix = cs_bits(x);
    if (ix - CS_LOG_NEAR1_LO < CS_LOG_NEAR1_HI - CS_LOG_NEAR1_LO) return cs_log_near1(x);
    const uint32_t top = (uint32_t)(ix >> 48);
    if (top - 0x0010u >= 0x7ff0u - 0x0010u) { /* zero, subnormal, negative, inf, nan */
        if ((ix << 1) == 0) return -HUGE_VAL;
        if (isnan(x)) return x + x;
        if (top & 0x8000u) return NAN;
        if (top >= 0x7ff0u) return x; /* +inf */
        ix = cs_bits(x * 0x1p52) - (UINT64_C(52) << 52); /* wraps; k absorbs it */
    }
    const uint64_t tmp = ix - CS_LOG_OFF;
    const struct cs_log_entry *t = &cs_log_tab[(tmp >> (52 - CS_LOG_BITS)) % (1u << CS_LOG_BITS)];
    const int k = (int)((tmp >> 52) ^ 0x800u) - 0x800; /* sign-extend 12 bits */
    const double z = cs_from_bits(ix - (tmp & (UINT64_C(0xfff) << 52)));
    const double r = (z - t->c) * t->invc; /* z - c exact (Sterbenz) */
    const double kd = (double)k;
    const double w = kd * CS_LOG_LN2_HI + t->logc_hi; /* exact: both on the 2^-42 grid */
    const double hi = w + r;
    const double lo = ((w - hi) + r) + (kd * CS_LOG_LN2_LO + t->logc_lo); /* |w| > |r| */
    const double r2 = r * r;
    const double p =
        r2 * CS_LOG_A0 + r * r2 * (CS_LOG_A1 + r * CS_LOG_A2 + r2 * (CS_LOG_A3 + r * CS_LOG_A4));
    return (lo + p) + hi;
}

/* ------------------------------------------------------------------ pow */

/* fdlibm's reduction, kept for the double-double log inside cs_pow. */
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
