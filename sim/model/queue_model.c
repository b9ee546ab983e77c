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
#include <string.h>
#include "clearsim/dist.h"
#include "clearsim/model.h"
#include "clearsim/resource.h"
#include "clearsim/rng.h"
#include "clearsim/sim.h"

enum { EV_ARRIVAL = CS_EVENT_USER, EV_DEPARTURE, EV_COUNT };
enum { M_WAIT = 0, M_SOJOURN = 1, M_COUNT };

#define QUEUE_UNIT "scenario time unit"

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
        cs_welford_add(&st->out->metrics[M_WAIT], wait);
        cs_hist_add(&st->out->hists[M_WAIT], wait);
        cs_welford_add(&st->out->metrics[M_SOJOURN], sojourn);
        cs_hist_add(&st->out->hists[M_SOJOURN], sojourn);
    }
    cs_sim_schedule(sim, sim->now + service, EV_DEPARTURE, CS_PRIO_NORMAL, 0);
}

static void on_arrival(cs_sim *sim, const cs_event *ev)
{
    (void)ev;
    queue_state *st = sim->model;
    const cs_queue_scenario *q = st->q;
    if (st->arrived == q->warmup) cs_resource_reset_stats(&st->server, sim->now);
    st->arrived++;
    const double service = cs_dist_sample(&q->service, &st->service_rng);
    if (st->arrived < q->customers)
        cs_sim_schedule(sim, sim->now + cs_dist_sample(&q->arrival, &st->arrival_rng),
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
        cs_sim_schedule(&sim, cs_dist_sample(&q->arrival, &st.arrival_rng), EV_ARRIVAL,
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

static size_t queue_metric_keys(const cs_scenario *s, cs_metric_key *out, size_t max)
{
    (void)s;
    static const char *const names[M_COUNT] = { "wait", "sojourn" };
    for (size_t i = 0; out && i < M_COUNT && i < max; i++) {
        memset(&out[i], 0, sizeof out[i]);
        strcpy(out[i].regime, "base");
        strcpy(out[i].flow, "queue");
        strcpy(out[i].segment, "all");
        strcpy(out[i].metric, names[i]);
        strcpy(out[i].unit, QUEUE_UNIT);
    }
    return M_COUNT;
}

static size_t queue_resource_keys(const cs_scenario *s, cs_resource_key *out, size_t max)
{
    (void)s;
    if (out && max >= 1) {
        memset(out, 0, sizeof *out);
        strcpy(out->regime, "base");
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
    "queue", queue_metric_keys, queue_resource_keys, queue_replicate, NULL, NULL, queue_estimate
};

cs_resource_value cs_model_resource_value(const cs_resource *r, double now)
{
    const cs_resource_stats rs = cs_resource_stats_at(r, now);
    return (cs_resource_value){ rs.window_start, rs.window_end, rs.capacity_mean, rs.busy_mean,
                                rs.utilisation,  rs.queue_mean, rs.queue_max,     rs.queue_p90,
                                rs.in_system_mean, (double)rs.arrivals, (double)rs.completions };
}

const cs_model *cs_model_for(const cs_scenario *s)
{
    return s->kind == CS_SCENARIO_QUEUE ? &cs_queue_model : &cs_port_model;
}
