/*
 * bench.h - throughput benchmarks of the kernel (clearsim bench).
 *
 * mm1: the M/M/1 model of the kernel yardstick (interarrival mean 1.0,
 * service mean 0.9, empty at 0, run until drained) through the normal queue
 * model with statistics on; rate = customers per second of event loop.
 * hold: the classic hold model: `pending` events in the list, each step pops
 * the earliest and schedules one at now + Exp(1); rate = events per second.
 */
#ifndef CLEARSIM_BENCH_H
#define CLEARSIM_BENCH_H

#include <stdint.h>
#include "clearsim/error.h"

typedef struct cs_bench_result {
    uint64_t count;      /* customers (mm1) or events (hold) */
    double seconds;      /* event-loop wall time */
    double rate;         /* count / seconds */
    double check;        /* mm1: mean sojourn; hold: final clock */
    double expected;     /* mm1: 9.0 in theory; hold: count / pending */
} cs_bench_result;

cs_status cs_bench_mm1(uint64_t customers, uint64_t seed, cs_bench_result *out);
cs_status cs_bench_hold(uint64_t pending, uint64_t events, uint64_t seed, cs_bench_result *out);

/* port: the scenario's first regime, one replication, on this thread, with
 * the statistics of `clearsim run` on, observed window cut to horizon_h
 * hours (warm-up 0).  boxes = boxes generated, all flows. */
typedef struct cs_bench_port_result {
    uint64_t boxes, events;
    double seconds;          /* whole replication, set-up included */
    double boxes_per_s, events_per_box, ns_per_event;
} cs_bench_port_result;

struct cs_scenario;
cs_status cs_bench_port(struct cs_scenario *s, double horizon_h, cs_bench_port_result *out);

#endif
