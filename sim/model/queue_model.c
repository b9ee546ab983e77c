/*
 * queue_model.c - kind: queue, one multi-server FIFO station.
 *
 * It runs on exactly the kernel, resource, streams and statistics the port
 * model uses, so validating it against queueing theory validates them.
 * Customers are numbered in arrival order; interarrival times come from the
 * arrival stream and each customer's service time from the service stream,
 * both drawn when the customer arrives, so a customer's service time does
 * not depend on when or by which server it is served.  A waiting customer
 * carries its service time as the waiter payload.  FIFO makes the k-th
 * service start the k-th customer, so the warm-up (the first `warmup`
 * customers) is skipped by counting starts; wait and sojourn are both known
 * at service start and recorded there.  The observation window for the
 * time-weighted figures opens at the arrival of customer warmup+1 and closes
 * when the system has drained.
 */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <string.h>
#include "clearsim/dist.h"
#include "clearsim/model.h"
#include "clearsim/resource.h"
#include "clearsim/rng.h"
#include "clearsim/sim.h"

enum { EV_ARRIVAL = CS_EVENT_USER, EV_DEPARTURE, EV_COUNT };
#define QUEUE_UNIT "scenario time unit"

/* The catalogue: one flow, one segment, two metrics in key order. */
static const struct {
    const char *name;
    cs_metric_kind kind;
    const char *label, *description;
} metric_table[CS_QUEUE_METRIC_N] = {
    [CS_QUEUE_WAIT] = { "wait", CS_METRIC_HEADLINE, "waiting time", "time from arrival to the start of service" },
    [CS_QUEUE_SOJOURN] = { "sojourn", CS_METRIC_PRIMARY, "sojourn time",
                           "time from arrival to departure (wait plus service)" },
};
static const char *const FLOW = "queue", *const SEGMENT = "all", *const REGIME = "base";

typedef struct queue_state {
    const cs_queue_scenario *q;
    cs_resource server;
    cs_pcg32 arrival_rng, service_rng;
    uint64_t arrived, started;
    cs_rep_out *out;
} queue_state;

static inline uint64_t bits_of(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

static inline double double_of(uint64_t u)
{
    double x;
    memcpy(&x, &u, sizeof x);
    return x;
}

static inline void start_service(cs_sim *sim, queue_state *st, double since, double service)
{
    if (++st->started > st->q->warmup) {
        const double wait = sim->now - since;
        const double sojourn = wait + service;
        cs_welford_add(&st->out->metrics[CS_QUEUE_WAIT], wait);
        cs_hist_add(&st->out->hists[CS_QUEUE_WAIT], wait);
        cs_welford_add(&st->out->metrics[CS_QUEUE_SOJOURN], sojourn);
        cs_hist_add(&st->out->hists[CS_QUEUE_SOJOURN], sojourn);
    }
    cs_sim_schedule(sim, sim->now + service, EV_DEPARTURE, CS_PRIO_NORMAL, 0);
}

/* A draw beyond the bound of a queue scenario's times (or not a number)
 * is cut to it and counted: the run warns, nothing stores inf. */
static double draw(queue_state *st, const cs_dist *d, cs_pcg32 *g)
{
    const double v = cs_dist_sample(d, g);
    if (v <= CS_QUEUE_MAX_TIME) return v;
    st->out->draws_cut++;
    return CS_QUEUE_MAX_TIME;
}

static void on_arrival(cs_sim *sim, const cs_event *ev)
{
    (void)ev;
    queue_state *st = sim->model;
    const cs_queue_scenario *q = st->q;
    if (st->arrived == q->warmup) cs_resource_reset_stats(&st->server, sim->now);
    st->arrived++;
    const double service = draw(st, &q->service, &st->service_rng);
    if (st->arrived < q->customers)
        cs_sim_schedule(sim, sim->now + draw(st, &q->arrival, &st->arrival_rng),
                        EV_ARRIVAL, CS_PRIO_NORMAL, 0);
    if (cs_resource_request(sim, &st->server, EV_DEPARTURE, CS_PRIO_NORMAL, bits_of(service)))
        start_service(sim, st, sim->now, service);
}

static void on_departure(cs_sim *sim, const cs_event *ev)
{
    (void)ev;
    queue_state *st = sim->model;
    cs_waiter next;
    if (cs_resource_release(sim, &st->server, &next))
        start_service(sim, st, next.since, double_of(next.data));
}

cs_status cs_queue_replicate(const cs_queue_scenario *q, uint64_t seed, uint32_t rep,
                             cs_rep_out *out)
{
    queue_state st = { .q = q, .out = out };
    st.arrival_rng = cs_rng_stream(seed, rep, CS_SRC_QUEUE_ARRIVAL, 0);
    st.service_rng = cs_rng_stream(seed, rep, CS_SRC_QUEUE_SERVICE, 0);
    cs_sim sim;
    cs_status status = cs_sim_init(&sim, EV_COUNT, &st);
    if (status != CS_OK) return status;
    cs_sim_on(&sim, EV_ARRIVAL, on_arrival);
    cs_sim_on(&sim, EV_DEPARTURE, on_departure);
    status = cs_resource_init(&st.server, &sim, "server", q->servers, CS_FIFO);
    if (status == CS_OK) {
        cs_sim_schedule(&sim, draw(&st, &q->arrival, &st.arrival_rng), EV_ARRIVAL,
                        CS_PRIO_NORMAL, 0);
        const double t0 = omp_get_wtime();
        status = cs_sim_run(&sim, INFINITY);
        out->loop_seconds = omp_get_wtime() - t0;
        out->events = sim.events;
        out->resources[0] = cs_model_resource_value(&st.server, sim.now);
    }
    cs_resource_free(&st.server);
    cs_sim_free(&sim);
    return status;
}

const char *cs_queue_metric_name(cs_queue_metric m)
{
    return (unsigned)m < CS_QUEUE_METRIC_N ? metric_table[m].name : "unknown";
}

static cs_status queue_catalog(const cs_scenario *s, cs_catalog *out)
{
    (void)s;
    const cs_status st = cs_catalog_alloc(out, CS_QUEUE_METRIC_N, 1);
    if (st != CS_OK) return st;
    for (size_t i = 0; i < CS_QUEUE_METRIC_N; i++) {
        cs_metric_info *m = &out->metrics[i];
        snprintf(m->name, sizeof m->name, "%s", metric_table[i].name);
        m->kind = metric_table[i].kind;
        snprintf(m->label, sizeof m->label, "%s", metric_table[i].label);
        snprintf(m->unit, sizeof m->unit, "%s", QUEUE_UNIT);
        snprintf(m->description, sizeof m->description, "%s", metric_table[i].description);
    }
    snprintf(out->segments[0].name, sizeof out->segments[0].name, "%s", SEGMENT);
    out->segments[0].kind = CS_SEGMENT_ALL;
    snprintf(out->segments[0].description, sizeof out->segments[0].description, "every customer after the warm-up");
    return CS_OK;
}

static size_t queue_metric_keys(const cs_scenario *s, cs_metric_key *out, size_t max)
{
    (void)s;
    for (size_t i = 0; out && i < CS_QUEUE_METRIC_N && i < max; i++) {
        memset(&out[i], 0, sizeof out[i]);
        snprintf(out[i].regime, sizeof out[i].regime, "%s", REGIME);
        snprintf(out[i].flow, sizeof out[i].flow, "%s", FLOW);
        snprintf(out[i].segment, sizeof out[i].segment, "%s", SEGMENT);
        snprintf(out[i].metric, sizeof out[i].metric, "%s", metric_table[i].name);
        snprintf(out[i].unit, sizeof out[i].unit, "%s", QUEUE_UNIT);
    }
    return CS_QUEUE_METRIC_N;
}

static size_t queue_resource_keys(const cs_scenario *s, cs_resource_key *out, size_t max)
{
    (void)s;
    if (out && max >= 1) {
        memset(out, 0, sizeof *out);
        snprintf(out->regime, sizeof out->regime, "%s", REGIME);
        strcpy(out->resource, "server");
    }
    return 1;
}

static cs_status queue_replicate(const cs_scenario *s, uint64_t seed, uint32_t rep,
                                 cs_rep_out *out)
{
    return cs_queue_replicate(&s->queue, seed, rep, out);
}

/* Two events per customer; the waiting line is the memory, at most every
 * customer when the station is overloaded. */
static void queue_estimate(const cs_scenario *s, double *events, double *bytes)
{
    const cs_queue_scenario *q = &s->queue;
    const double rho = cs_dist_mean(&q->service) / (cs_dist_mean(&q->arrival) * q->servers);
    const double line = rho < 1.0 ? 1e5 : (double)q->customers;
    *events = 2.0 * (double)q->customers;
    *bytes = (line < (double)q->customers ? line : (double)q->customers) * sizeof(cs_waiter);
}

const cs_model cs_queue_model = {
    "queue", queue_catalog, queue_metric_keys, queue_resource_keys, queue_replicate, NULL, NULL, queue_estimate, NULL
};
