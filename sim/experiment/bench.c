/*
 * bench.c - the kernel benchmarks behind `clearsim bench`.
 *
 * mm1 calls the queue model exactly as a replication of `clearsim run`
 * does (statistics, histograms and resource accounting on), so the figure
 * is what users get, not a stripped-down loop.  hold keeps the event list
 * full (10^5 events) to exercise what M/M/1 never does: a deep heap.
 */
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>
#include "clearsim/bench.h"
#include "clearsim/model.h"
#include "clearsim/scenario.h"
#include "clearsim/rng.h"
#include "clearsim/sim.h"

cs_status cs_bench_mm1(uint64_t customers, uint64_t seed, cs_bench_result *out)
{
    cs_queue_scenario q = { .servers = 1, .customers = customers, .warmup = 0 };
    q.arrival = cs_dist_exponential(1.0);
    q.service = cs_dist_exponential(0.9);
    cs_welford metrics[2] = { { 0, 0, 0 }, { 0, 0, 0 } };
    cs_hist *hists = calloc(2, sizeof *hists);
    cs_resource_value res;
    if (!hists) return CS_ERR_NOMEM;
    cs_rep_out o = { .nmetrics = 2, .metrics = metrics, .hists = hists, .nresources = 1, .resources = &res };
    const cs_status st = cs_queue_replicate(&q, seed, 0, &o);
    for (int k = 0; k < 2; k++) cs_hist_free(&hists[k]);
    free(hists);
    out->count = customers;
    out->seconds = o.loop_seconds;
    out->rate = (double)customers / o.loop_seconds;
    out->check = metrics[1].mean;
    out->expected = 9.0;
    return st;
}

typedef struct hold_state {
    cs_pcg32 rng;
    uint64_t remaining;
} hold_state;

static void on_hold(cs_sim *sim, const cs_event *ev)
{
    hold_state *h = sim->model;
    if (h->remaining-- == 0) {
        cs_sim_stop(sim);
        return;
    }
    cs_sim_schedule(sim, sim->now - cs_log(cs_rng_unit_open0(&h->rng)), CS_EVENT_USER,
                    CS_PRIO_NORMAL, ev->data);
}

cs_status cs_bench_hold(uint64_t pending, uint64_t events, uint64_t seed, cs_bench_result *out)
{
    hold_state h = { cs_rng_stream(seed, 0, 0, 0), events };
    cs_sim sim;
    cs_status st = cs_sim_init(&sim, CS_EVENT_USER + 1, &h);
    if (st != CS_OK) return st;
    cs_sim_on(&sim, CS_EVENT_USER, on_hold);
    for (uint64_t i = 0; i < pending; i++)
        cs_sim_schedule(&sim, -cs_log(cs_rng_unit_open0(&h.rng)), CS_EVENT_USER, CS_PRIO_NORMAL, i);
    const double t0 = omp_get_wtime();
    st = cs_sim_run(&sim, INFINITY);
    out->seconds = omp_get_wtime() - t0;
    out->count = events;
    out->rate = (double)events / out->seconds;
    out->check = sim.now;
    out->expected = (double)events / (double)pending;
    cs_sim_free(&sim);
    return st;
}

/* The boxes generated: the counters of kind count_generated. */
static cs_status generated_boxes(const cs_model *m, const cs_scenario *s, const double *counters, size_t n,
                                 uint64_t *boxes)
{
    *boxes = 0;
    cs_metric_key *keys = calloc(n ? n : 1, sizeof *keys);
    cs_catalog cat = { 0 };
    cs_status st = keys ? m->catalog(s, &cat) : CS_ERR_NOMEM;
    if (st == CS_OK) {
        m->counter_keys(s, keys, n);
        st = cs_catalog_classify(&cat, keys, n, CS_ERR_INTERNAL, NULL);
    }
    for (size_t i = 0; st == CS_OK && i < n; i++)
        if (keys[i].kind == CS_METRIC_COUNT_GENERATED) *boxes += (uint64_t)counters[i];
    cs_catalog_free(&cat);
    free(keys);
    return st;
}

cs_status cs_bench_port(cs_scenario *s, double horizon_h, cs_bench_port_result *out)
{
    const cs_model *m = cs_model_for(s);
    s->port->horizon = horizon_h;
    s->port->warmup = 0;
    s->port->nregimes = 1;
    const size_t nkeys = m->metric_keys(s, NULL, 0), nres = m->resource_keys(s, NULL, 0);
    const size_t ncounters = m->counter_keys(s, NULL, 0);
    cs_rep_out o = { .nmetrics = nkeys, .metrics = calloc(nkeys, sizeof(cs_welford)),
                     .hists = calloc(nkeys, sizeof(cs_hist)), .nresources = nres,
                     .resources = calloc(nres, sizeof(cs_resource_value)), .ncounters = ncounters,
                     .counters = calloc(ncounters, sizeof(double)) };
    cs_status st = CS_ERR_NOMEM;
    if (o.metrics && o.hists && o.resources && o.counters) {
        const double t0 = omp_get_wtime();
        st = m->replicate(s, s->seed, 0, &o);
        out->seconds = omp_get_wtime() - t0;
    }
    if (st == CS_OK) st = generated_boxes(m, s, o.counters, ncounters, &out->boxes);
    out->events = o.events;
    out->boxes_per_s = (double)out->boxes / out->seconds;
    out->events_per_box = (double)out->events / (double)out->boxes;
    out->ns_per_event = 1e9 * out->seconds / (double)out->events;
    for (size_t k = 0; o.hists && k < nkeys; k++) cs_hist_free(&o.hists[k]);
    free(o.metrics);
    free(o.hists);
    free(o.resources);
    free(o.counters);
    return st;
}
