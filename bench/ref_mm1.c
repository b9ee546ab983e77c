/*
 * ref_mm1.c - the yardstick: a hand-written M/M/c simulation.
 *
 * This is a measuring stick, not part of clearsim.  It simulates one
 * M/M/c queue and does nothing else: no scenario, no entities, no
 * statistics beyond one sum, no allocation in the steady state, every
 * call inlined into one loop.  A general kernel (clearsim's) pays for
 * what it offers on top; this program shows what the bare event loop of
 * the same model costs on the same machine, so it bounds what a general
 * kernel can reach.  Quote clearsim as customers/s and as the ratio to
 * this program, measured in the same run on the same machine
 * (tests/bench.sh does that; see bench/README.md).
 *
 * The simulation, written to be as plain as it is fast:
 *   - a binary min-heap of pending events ordered by (time, insertion
 *     sequence), so ties leave in the order they were scheduled;
 *   - PCG32, the standard PCG-XSH-RR 64/32 generator (O'Neill 2014), one
 *     stream for interarrival times and one for service times;
 *   - exponential variates by inversion, -mean * log(1 - u), u in [0, 1)
 *     from 32 random bits;
 *   - a ring buffer (power-of-two capacity, doubled when full) of arrival
 *     times for the FIFO waiting line;
 *   - c identical servers.
 * It runs exactly n arrivals, then on until the system is empty, and
 * prints one line of key=value fields:
 *
 *   ref_mm1 arrivals=N servers=C seed=S loop_s=T cust_per_s=R mean_sojourn=W theory=X
 *
 * cust_per_s is n divided by the wall time of the event loop alone
 * (clock_gettime(CLOCK_MONOTONIC) around the loop; set-up and output are
 * not timed), mean_sojourn the mean time in system over the n customers,
 * theory the M/M/c value (Erlang C; inf when the queue is unstable).
 *
 * Build and run (make bench builds it as build/release/ref_mm1):
 *
 *   cc -std=c17 -O2 -o ref_mm1 bench/ref_mm1.c -lm
 *   ./ref_mm1 [-n ARRIVALS] [-c SERVERS] [-l ARRIVAL_RATE] [-s SERVICE_MEAN] [--seed N]
 *
 * Defaults: -n 1000000 -c 1 -l 1.0 -s 0.9 --seed 12345.
 *
 * The two benchmark models (utilisation 0.9 in both):
 *   M/M/1: interarrival mean 1.0, service mean 0.9, 10^6 arrivals;
 *          theory mean time in system 0.9 / (1 - 0.9) = 9.0
 *          ./ref_mm1 -n 1000000
 *   M/M/4: arrival rate 3.6, service mean 1.0;
 *          theory (Erlang C) 2.9694
 *          ./ref_mm1 -c 4 -l 3.6 -s 1.0
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ------------------------------------------------------------- PCG32 */

typedef struct {
    uint64_t state;
    uint64_t inc; /* always odd */
} pcg32;

static inline uint32_t pcg32_next(pcg32 *g)
{
    const uint64_t old = g->state;
    g->state = old * 6364136223846793005ULL + g->inc;
    const uint32_t xorshifted = (uint32_t)(((old >> 18u) ^ old) >> 27u);
    const uint32_t rot = (uint32_t)(old >> 59u);
    return (xorshifted >> rot) | (xorshifted << ((32u - rot) & 31u));
}

/* The reference seeding (pcg32_srandom_r): initial state and stream. */
static void pcg32_seed(pcg32 *g, uint64_t initstate, uint64_t initseq)
{
    g->state = 0u;
    g->inc = (initseq << 1u) | 1u;
    (void)pcg32_next(g);
    g->state += initstate;
    (void)pcg32_next(g);
}

/* Exponential with the given mean, by inversion; u in [0, 1), 32 bits. */
static inline double expo(pcg32 *g, double mean)
{
    const double u = (double)pcg32_next(g) * (1.0 / 4294967296.0);
    return -mean * log(1.0 - u);
}

/* -------------------------------------------------------- event heap */

enum { ARRIVAL, DEPARTURE };

typedef struct {
    double time;
    uint64_t seq;   /* insertion order: breaks ties in time */
    double arrived; /* DEPARTURE: when the customer arrived */
    int kind;
} event;

typedef struct {
    event *a; /* a[0] is the earliest */
    size_t n;
    uint64_t next_seq;
} heap;

static inline int before(const event *x, const event *y)
{
    return x->time < y->time || (x->time == y->time && x->seq < y->seq);
}

/* The capacity is fixed: at most one arrival and c departures pending. */
static inline void heap_push(heap *h, double time, int kind, double arrived)
{
    event e = {time, h->next_seq++, arrived, kind};
    size_t i = h->n++;
    while (i > 0) {
        const size_t p = (i - 1) / 2;
        if (!before(&e, &h->a[p])) break;
        h->a[i] = h->a[p];
        i = p;
    }
    h->a[i] = e;
}

static inline event heap_pop(heap *h)
{
    const event top = h->a[0];
    const size_t n = --h->n;
    if (n > 0) {
        const event last = h->a[n];
        size_t i = 0;
        for (;;) {
            size_t c = 2 * i + 1;
            if (c >= n) break;
            if (c + 1 < n && before(&h->a[c + 1], &h->a[c])) c++;
            if (!before(&h->a[c], &last)) break;
            h->a[i] = h->a[c];
            i = c;
        }
        h->a[i] = last;
    }
    return top;
}

/* ------------------------------------------------- FIFO waiting line */

typedef struct {
    double *a;   /* arrival times */
    size_t mask; /* capacity - 1, capacity a power of two */
    size_t head;
    size_t n;
} ring;

static int ring_init(ring *r, size_t cap)
{
    r->a = malloc(cap * sizeof *r->a);
    r->mask = cap - 1;
    r->head = 0;
    r->n = 0;
    return r->a != NULL;
}

/* Double the capacity, unwrapping the contents to the front. */
static int ring_grow(ring *r)
{
    const size_t cap = r->mask + 1;
    double *b = malloc(2 * cap * sizeof *b);
    if (!b) return 0;
    for (size_t i = 0; i < r->n; i++) b[i] = r->a[(r->head + i) & r->mask];
    free(r->a);
    r->a = b;
    r->mask = 2 * cap - 1;
    r->head = 0;
    return 1;
}

static inline int ring_push(ring *r, double x)
{
    if (r->n > r->mask && !ring_grow(r)) return 0;
    r->a[(r->head + r->n++) & r->mask] = x;
    return 1;
}

static inline double ring_pop(ring *r)
{
    const double x = r->a[r->head];
    r->head = (r->head + 1) & r->mask;
    r->n--;
    return x;
}

/* ------------------------------------------------------------ theory */

/* Mean time in system of M/M/c (Erlang C); inf when unstable. */
static double mmc_sojourn(double rate, double service_mean, unsigned long c)
{
    const double a = rate * service_mean; /* offered load in erlangs */
    const double rho = a / (double)c;
    if (!(rho < 1.0)) return INFINITY;
    double term = 1.0, sum = 0.0; /* term = a^k / k! */
    for (unsigned long k = 0; k < c; k++) {
        sum += term;
        term *= a / (double)(k + 1);
    }
    const double tail = term / (1.0 - rho);
    const double p_wait = tail / (sum + tail);
    return p_wait * service_mean / ((double)c * (1.0 - rho)) + service_mean;
}

/* -------------------------------------------------------- command line */

static void usage(FILE *f)
{
    fprintf(f, "usage: ref_mm1 [-n ARRIVALS] [-c SERVERS] [-l ARRIVAL_RATE] "
               "[-s SERVICE_MEAN] [--seed N]\n"
               "defaults: -n 1000000 -c 1 -l 1.0 -s 0.9 --seed 12345\n");
}

static int parse_u64(const char *s, uint64_t *out)
{
    if (!s || !*s || *s == '-') return 0;
    char *end;
    errno = 0;
    const unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end) return 0;
    *out = (uint64_t)v;
    return 1;
}

static int parse_pos(const char *s, double *out)
{
    if (!s || !*s) return 0;
    char *end;
    errno = 0;
    const double v = strtod(s, &end);
    if (errno || *end || !(v > 0.0) || !isfinite(v)) return 0;
    *out = v;
    return 1;
}

static int bad(const char *opt)
{
    fprintf(stderr, "ref_mm1: %s needs a positive number\n", opt);
    usage(stderr);
    return 2;
}

int main(int argc, char **argv)
{
    uint64_t n = 1000000, c = 1, seed = 12345;
    double rate = 1.0, service_mean = 0.9;
    for (int i = 1; i < argc; i += 2) { /* every option takes a value */
        const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(o, "-h") || !strcmp(o, "--help")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(o, "-n")) {
            if (!parse_u64(v, &n) || n == 0) return bad(o);
        } else if (!strcmp(o, "-c")) {
            if (!parse_u64(v, &c) || c == 0 || c > 1000000) return bad(o);
        } else if (!strcmp(o, "-l")) {
            if (!parse_pos(v, &rate)) return bad(o);
        } else if (!strcmp(o, "-s")) {
            if (!parse_pos(v, &service_mean)) return bad(o);
        } else if (!strcmp(o, "--seed")) {
            if (!parse_u64(v, &seed)) return bad(o);
        } else {
            fprintf(stderr, "ref_mm1: unknown option '%s'\n", o);
            usage(stderr);
            return 2;
        }
    }

    const double inter_mean = 1.0 / rate;
    pcg32 arr_rng, srv_rng;
    pcg32_seed(&arr_rng, seed, 1u);
    pcg32_seed(&srv_rng, seed, 2u);
    heap h = {malloc((size_t)(c + 1) * sizeof(event)), 0, 0};
    ring line;
    if (!h.a || !ring_init(&line, 4096)) {
        fprintf(stderr, "ref_mm1: out of memory\n");
        return 1;
    }

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);

    uint64_t arrivals = 1, busy = 0;
    double sojourn_sum = 0.0;
    heap_push(&h, expo(&arr_rng, inter_mean), ARRIVAL, 0.0);
    while (h.n > 0) {
        const event e = heap_pop(&h);
        const double now = e.time;
        if (e.kind == ARRIVAL) {
            if (busy < c) {
                busy++;
                heap_push(&h, now + expo(&srv_rng, service_mean), DEPARTURE, now);
            } else if (!ring_push(&line, now)) {
                fprintf(stderr, "ref_mm1: out of memory\n");
                return 1;
            }
            if (arrivals < n) {
                arrivals++;
                heap_push(&h, now + expo(&arr_rng, inter_mean), ARRIVAL, 0.0);
            }
        } else {
            sojourn_sum += now - e.arrived;
            if (line.n > 0) {
                const double arrived = ring_pop(&line);
                heap_push(&h, now + expo(&srv_rng, service_mean), DEPARTURE, arrived);
            } else {
                busy--;
            }
        }
    }

    clock_gettime(CLOCK_MONOTONIC, &t1);
    const double secs = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);

    printf("ref_mm1 arrivals=%" PRIu64 " servers=%" PRIu64 " seed=%" PRIu64
           " loop_s=%.4f cust_per_s=%.0f mean_sojourn=%.4f theory=%.4f\n",
           n, c, seed, secs, (double)n / secs, sojourn_sum / (double)n,
           mmc_sojourn(rate, service_mean, (unsigned long)c));
    free(h.a);
    free(line.a);
    return 0;
}
