/*
 * rng.h - PCG32 random streams keyed by (seed, replication, source, entity).
 *
 * clearsim never consumes one global stream in event order: every entity
 * (a customer, a vessel, a box) owns a stream derived from a key, so the
 * numbers it sees do not depend on thread count, event order or regime.
 * The generator is PCG-XSH-RR 64/32 (O'Neill 2014) with O(log n)
 * jump-ahead; unit doubles carry 53 random bits from two 32-bit outputs.
 * cs_log/cs_exp are our own portable elementary functions, so variates are
 * bit-identical on every x86-64 machine whatever libm it ships.
 */
#ifndef CLEARSIM_RNG_H
#define CLEARSIM_RNG_H

#include <stdint.h>

typedef struct cs_pcg32 {
    uint64_t state;
    uint64_t inc; /* always odd */
} cs_pcg32;

/* The reference seeding of the PCG paper: initstate and sequence selector. */
void cs_pcg32_seed(cs_pcg32 *g, uint64_t initstate, uint64_t initseq);

static inline uint32_t cs_pcg32_next(cs_pcg32 *g)
{
    const uint64_t old = g->state;
    g->state = old * 6364136223846793005ULL + g->inc;
    const uint32_t xorshifted = (uint32_t)(((old >> 18u) ^ old) >> 27u);
    const uint32_t rot = (uint32_t)(old >> 59u);
    return (xorshifted >> rot) | (xorshifted << ((32u - rot) & 31u));
}

/* Advance the stream by delta steps in O(log delta) (Brown 1994). */
void cs_pcg32_advance(cs_pcg32 *g, uint64_t delta);

/* Uniform on [0, 1) with 53 random bits: (hi 27 bits << 26 | lo 26 bits) / 2^53. */
static inline double cs_rng_unit(cs_pcg32 *g)
{
    const uint64_t hi = cs_pcg32_next(g) >> 5;
    const uint64_t lo = cs_pcg32_next(g) >> 6;
    return (double)((hi << 26) | lo) * (1.0 / 9007199254740992.0);
}

/* Uniform on (0, 1]: the same draw shifted by 2^-53, safe for log(). */
static inline double cs_rng_unit_open0(cs_pcg32 *g)
{
    const uint64_t hi = cs_pcg32_next(g) >> 5;
    const uint64_t lo = cs_pcg32_next(g) >> 6;
    return ((double)((hi << 26) | lo) + 1.0) * (1.0 / 9007199254740992.0);
}

/* SplitMix64 finaliser: the hash that turns keys into stream parameters. */
uint64_t cs_splitmix64(uint64_t *x);

/*
 * The stream of one entity.  The key (seed, replication, source, entity) is
 * hashed with SplitMix64 into the state and the increment, so distinct keys
 * give statistically independent streams.  `source` names the kind of
 * entity or decision (see CS_SRC_* in the models); regime and sweep point
 * are deliberately not part of the key (common random numbers).
 */
cs_pcg32 cs_rng_stream(uint64_t seed, uint64_t replication, uint64_t source,
                       uint64_t entity);

/* Portable natural logarithm and exponential: correctly rounded to within
 * 1 ulp on the whole double range, same bits on every IEEE-754 machine. */
double cs_log(double x);
double cs_exp(double x);
/* x^y for x > 0 via cs_exp(y * cs_log(x)) with extra precision. */
double cs_pow(double x, double y);
/* Standard normal quantile (Wichura AS241, about 1e-16 relative), built on
 * cs_log; and log-gamma for x > 0 (for Poisson by inversion). */
double cs_normal_quantile(double p);
double cs_lgamma(double x);

#endif
