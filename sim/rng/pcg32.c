/*
 * pcg32.c - PCG-XSH-RR 64/32 seeding, jump-ahead and keyed streams.
 *
 * Streams are derived from keys rather than consumed in event order, so
 * the key-to-stream map must be a good hash and must never change.
 * cs_rng_stream chains SplitMix64 over the key, feeding each component
 * into the running hash with XOR before the next finaliser call:
 *
 *     x = seed;                 h = cs_splitmix64(&x);
 *     x = h ^ replication;      h = cs_splitmix64(&x);
 *     x = h ^ source;           h = cs_splitmix64(&x);
 *     x = h ^ entity;
 *     initstate = cs_splitmix64(&x);  initseq = cs_splitmix64(&x);
 *     cs_pcg32_seed(&g, initstate, initseq);
 *
 * Every step (add the golden gamma, then the bijective finaliser) is a
 * bijection of the 64-bit counter, so two keys that differ in the last
 * component always give different states; earlier components mix through
 * full avalanche rounds.  Jump-ahead is Brown's (1994) O(log n) LCG power.
 */
#include <assert.h>
#include "clearsim/rng.h"

#define CS_PCG32_MULT 6364136223846793005ULL

void cs_pcg32_seed(cs_pcg32 *g, uint64_t initstate, uint64_t initseq)
{
    assert(g);
    g->state = 0u;
    g->inc = (initseq << 1u) | 1u;
    (void)cs_pcg32_next(g);
    g->state += initstate;
    (void)cs_pcg32_next(g);
}

void cs_pcg32_advance(cs_pcg32 *g, uint64_t delta)
{
    assert(g);
    uint64_t cur_mult = CS_PCG32_MULT;
    uint64_t cur_plus = g->inc;
    uint64_t acc_mult = 1u;
    uint64_t acc_plus = 0u;
    while (delta > 0u) {
        if (delta & 1u) {
            acc_mult *= cur_mult;
            acc_plus = acc_plus * cur_mult + cur_plus;
        }
        cur_plus = (cur_mult + 1u) * cur_plus;
        cur_mult *= cur_mult;
        delta >>= 1u;
    }
    g->state = acc_mult * g->state + acc_plus;
}

uint64_t cs_splitmix64(uint64_t *x)
{
    assert(x);
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30u)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27u)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31u);
}

cs_pcg32 cs_rng_stream(uint64_t seed, uint64_t replication, uint64_t source,
                       uint64_t entity)
{
    uint64_t x = seed;
    uint64_t h = cs_splitmix64(&x);
    x = h ^ replication;
    h = cs_splitmix64(&x);
    x = h ^ source;
    h = cs_splitmix64(&x);
    x = h ^ entity;
    const uint64_t initstate = cs_splitmix64(&x);
    const uint64_t initseq = cs_splitmix64(&x);
    cs_pcg32 g;
    cs_pcg32_seed(&g, initstate, initseq);
    return g;
}
