/*
 * port_vessel.c - liner calls, berths, quay cranes, loading and departure.
 *
 * The schedule is fixed by the scenario: call j of service s is due at
 * first_call + j * period; its lateness and call size are drawn from the
 * call's own stream, so they are the same in every regime.  A call is
 * announced yard_open before its scheduled arrival: its import boxes are
 * created then (advance declarations can be lodged from that moment) and
 * its export window opens.  On arrival the vessel clears quarantine, waits
 * for a berth, works its crane plan (ship-side boxes first in the discharge
 * list; cranes alternate discharge and loading moves when both are waiting,
 * dual cycling) and departs when nothing is left.
 * Exports that missed the cut-off are booked on the service's next call.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "model/port_internal.h"

static bool in_window(const cs_disruption_spec *d, double t) { return t >= d->from && t < d->to; }

/* The surge factor for a call arriving at t under the regime's disruptions. */
static double surge_at(const cs_regime_spec *r, double t)
{
    double f = 1.0;
    for (uint32_t i = 0; i < r->ndisruptions; i++)
        if (in_window(&r->disruptions[i], t)) f *= r->disruptions[i].arrival_surge;
    return f;
}

static uint32_t count_of(port_state *st, const cs_dist *d, double u, double factor)
{
    const double n = floor(port_draw(st, d, u) * factor + 0.5);
    return n <= 0 ? 0 : n >= PORT_MAX_BOXES_PER_CALL ? PORT_MAX_BOXES_PER_CALL - 1 : (uint32_t)n;
}

cs_status port_vessels_init(port_state *st)
{
    const cs_port_scenario *p = st->p;
    uint32_t n = 0;
    for (uint32_t s = 0; s < p->nservices; s++) {
        const cs_service_spec *sv = &p->services[s];
        for (uint32_t j = 0; sv->first_call + j * sv->period < st->end; j++) n++; /* as the loop below */
    }
    st->vessels = calloc(n ? n : 1, sizeof *st->vessels);
    if (!st->vessels) return CS_ERR_NOMEM;
    st->nvessels = n;
    uint32_t v = 0;
    for (uint32_t s = 0; s < p->nservices; s++) {
        const cs_service_spec *sv = &p->services[s];
        st->service_next[s] = sv->first_call < st->end ? v : UINT32_MAX;
        for (uint32_t j = 0; sv->first_call + j * sv->period < st->end; j++, v++) {
            vessel *ve = &st->vessels[v];
            cs_pcg32 g = cs_rng_stream(st->seed, st->rep, SRC_VESSEL, v);
            const double u_on = cs_rng_unit(&g), u_late = cs_rng_unit(&g);
            const double u_imp = cs_rng_unit(&g), u_exp = cs_rng_unit(&g);
            ve->quarantine_u = cs_rng_unit(&g);
            ve->crew_u = cs_rng_unit(&g);
            ve->service = s;
            ve->call = j;
            ve->scheduled = sv->first_call + j * sv->period;
            ve->arrival = ve->scheduled + (u_on < sv->on_time_share ? 0.0 : port_draw(st, &sv->lateness, u_late));
            const double surge = surge_at(st->regime, ve->arrival);
            ve->nimports = count_of(st, &sv->imports, u_imp, surge);
            ve->nexports = count_of(st, &sv->exports, u_exp, surge);
            ve->next_call = sv->first_call + (j + 1) * sv->period < st->end ? v + 1 : UINT32_MAX;
            ve->observed = ve->arrival >= p->warmup && ve->arrival < p->horizon;
            ve->berthed = ve->ops_start = ve->departed = NAN;
        }
    }
    return CS_OK;
}

static void crane_next(port_state *st, uint32_t v);

/* Crane calendar: the number of cranes a vessel may use changes (data =
 * index of the change); working vessels pick up freed cranes at once. */
static void on_crane_shift(cs_sim *sim, const cs_event *ev)
{
    port_state *st = port_of(sim);
    const cs_calendar_spec *cal = &st->p->crane_calendar;
    const uint32_t i = (uint32_t)ev->data;
    st->crane_limit = cal->changes[i].capacity;
    uint32_t next = i + 1;
    double base = ev->time - cal->changes[i].at;
    if (next == cal->n && cal->period > 0) {
        next = 0;
        base += cal->period;
    }
    if (next < cal->n) port_at(st, base + cal->changes[next].at, EV_CRANE_SHIFT, next);
    for (uint32_t v = 0; v < st->nvessels; v++)
        if (st->vessels[v].state == VS_BERTHED) crane_next(st, v);
}

void port_vessels_start(port_state *st)
{
    st->crane_limit = st->p->cranes_per_vessel;
    if (st->p->crane_calendar.n > 0)
        cs_sim_schedule(&st->sim, st->p->crane_calendar.changes[0].at, EV_CRANE_SHIFT, CS_PRIO_FIRST, 0);
    for (uint32_t v = 0; v < st->nvessels; v++) {
        const vessel *ve = &st->vessels[v];
        const double announce = ve->scheduled - st->p->yard_open;
        port_at(st, announce > 0 ? announce : 0, EV_CALL_ANNOUNCE, v);
        port_at(st, ve->arrival, EV_VESSEL_ARRIVE, v);
    }
}

/* The first call of service s that has not started operations, from call v on. */
static uint32_t first_open_call(const port_state *st, uint32_t v)
{
    while (v != UINT32_MAX && st->vessels[v].state >= VS_BERTHED) v = st->vessels[v].next_call;
    return v;
}

void port_book_export(port_state *st, uint32_t b, uint32_t v)
{
    box *bx = port_box(st, b);
    v = first_open_call(st, v);
    bx->vessel = v;
    if (v != UINT32_MAX) idx_push(st, &st->vessels[v].booked, b);
}

/* The terminal sequences ship-side boxes first: a stable partition. */
static void sequence_ship_side_first(port_state *st, idx_list *l)
{
    if (l->n == 0) return; /* a call without imports: l->a is NULL */
    uint32_t *tmp = malloc(l->n * sizeof *tmp);
    if (!tmp) {
        st->sim.status = CS_ERR_NOMEM;
        cs_sim_stop(&st->sim);
        return;
    }
    uint32_t k = 0;
    for (int pass = 0; pass < 2; pass++)
        for (uint32_t i = 0; i < l->n; i++)
            if (((port_box(st, l->a[i])->flags & BF_SHIP_SIDE) != 0) == (pass == 0)) tmp[k++] = l->a[i];
    memcpy(l->a, tmp, l->n * sizeof *tmp);
    free(tmp);
}

static void on_announce(cs_sim *sim, const cs_event *ev)
{
    port_state *st = port_of(sim);
    const uint32_t v = (uint32_t)ev->data;
    vessel *ve = &st->vessels[v];
    const cs_service_spec *sv = &st->p->services[ve->service];
    const uint32_t ntransit = (uint32_t)floor(ve->nimports * sv->transit_share + 0.5);
    for (uint32_t i = 0; i < ve->nimports; i++) {
        const uint64_t id = (uint64_t)v * PORT_MAX_BOXES_PER_CALL + i;
        const bool transit = i < ntransit;
        const uint32_t b = port_box_new(st, transit ? CS_FLOW_TRANSIT : CS_FLOW_IMPORT, SRC_IMPORT_BOX, id, v, ve->arrival);
        if (b == UINT32_MAX) return;
        port_box(st, b)->t[CS_MS_T0] = ve->arrival;
        if (!transit) port_import_created(st, b);
        idx_push(st, &ve->discharge, b);
    }
    sequence_ship_side_first(st, &ve->discharge);
    for (uint32_t i = 0; i < ve->nexports; i++) {
        const uint64_t id = (uint64_t)v * PORT_MAX_BOXES_PER_CALL + i;
        const uint32_t b = port_box_new(st, CS_FLOW_EXPORT, SRC_EXPORT_BOX, id, v, NAN);
        if (b == UINT32_MAX) return;
        port_export_created(st, b);
    }
}

static void on_arrive(cs_sim *sim, const cs_event *ev)
{
    port_state *st = port_of(sim);
    const uint32_t v = (uint32_t)ev->data;
    vessel *ve = &st->vessels[v];
    ve->state = VS_ARRIVED;
    const cs_dist *q = st->regime->non_contact ? &st->p->quarantine_remote : &st->p->quarantine;
    port_at(st, sim->now + port_draw(st, q, ve->quarantine_u), EV_VESSEL_QUARANTINE_DONE, v);
    port_awaiting_level(st, (double)ve->discharge.n);
    for (uint32_t i = 0; i < ve->discharge.n; i++) port_check_release(st, ve->discharge.a[i]);
}

static void on_quarantine_done(cs_sim *sim, const cs_event *ev)
{
    port_acquire(port_of(sim), CS_POOL_BERTHS, EV_BERTH_GRANTED, (uint32_t)ev->data);
}

static void on_berth(cs_sim *sim, const cs_event *ev)
{
    port_state *st = port_of(sim);
    const uint32_t v = (uint32_t)ev->data;
    vessel *ve = &st->vessels[v];
    ve->berthed = sim->now;
    double delay = 0.0;
    for (uint32_t i = 0; i < st->regime->ndisruptions; i++) {
        const cs_disruption_spec *d = &st->regime->disruptions[i];
        if (d->has_crew_test && in_window(d, ve->arrival)) delay += port_draw(st, &d->crew_test, ve->crew_u);
    }
    port_at(st, sim->now + delay, EV_OPS_START, v);
}

/* Give idle cranes of call v their next moves. */
static void crane_next(port_state *st, uint32_t v)
{
    vessel *ve = &st->vessels[v];
    const uint32_t cranes = st->p->cranes_per_vessel < st->crane_limit ? st->p->cranes_per_vessel : st->crane_limit;
    while (ve->cranes_busy < cranes) {
        /* dual cycling: with work on both lists, cranes alternate */
        const bool can_discharge = ve->discharge.head < ve->discharge.n;
        idx_list *load = ve->direct.head < ve->direct.n ? &ve->direct : &ve->ready;
        const bool can_load = load->head < load->n;
        idx_list *l = can_discharge && (!can_load || !ve->last_was_discharge) ? &ve->discharge
                    : can_load ? load : NULL;
        if (!l) break;
        ve->last_was_discharge = l == &ve->discharge;
        const uint32_t b = l->a[l->head++];
        box *bx = port_box(st, b);
        bx->goal = l == &ve->discharge ? GOAL_DISCHARGE : GOAL_LOAD;
        ve->cranes_busy++;
        port_at(st, st->sim.now + port_draw(st, &st->p->crane_move, box_u(bx, U_CRANE)), EV_CRANE_DONE, b);
    }
}

/* Loadable: in the stack, released and gated in (transit: discharged) by
 * the cut-off; a release before gate-in leaves the gate-in to meet it. */
static bool loadable(const port_state *st, const box *bx, double ops)
{
    const double ready = fmax(bx->t[CS_MS_T8], bx->t[CS_MS_T0]);
    return (bx->flags & BF_RELEASED) && (bx->flags & BF_IN_YARD) && ready <= ops - st->p->cutoff;
}

static void on_ops_start(cs_sim *sim, const cs_event *ev)
{
    port_state *st = port_of(sim);
    const uint32_t v = (uint32_t)ev->data;
    vessel *ve = &st->vessels[v];
    ve->state = VS_BERTHED;
    ve->ops_start = sim->now;
    if (st->service_next[ve->service] == v) st->service_next[ve->service] = first_open_call(st, ve->next_call);
    if (st->p->services[ve->service].feeder == false)
        for (uint32_t i = 0; i < ve->discharge.n; i++)
            if (port_box(st, ve->discharge.a[i])->flags & BF_SHIP_SIDE) {
                /* pending: the box's slot is not recycled before its truck came */
                port_box(st, ve->discharge.a[i])->pending++;
                port_at(st, sim->now + port_draw(st, &st->p->ship_side_truck, box_u(port_box(st, ve->discharge.a[i]), U_TRUCK)),
                        EV_SHIP_SIDE_TRUCK, ve->discharge.a[i]);
            }
    for (uint32_t i = 0; i < ve->booked.n; i++) {
        const uint32_t b = ve->booked.a[i];
        box *bx = port_box(st, b);
        if (bx->vessel != v) continue; /* re-booked elsewhere meanwhile */
        if (loadable(st, bx, sim->now)) {
            ve->to_load++;
            port_move(st, b, GOAL_TO_QUAY, CS_POOL_YARD_CRANES);
        } else if (!(bx->flags & BF_DIRECT_LOAD) || (bx->flags & BF_IN_YARD)) {
            port_book_export(st, b, ve->next_call); /* missed the cut-off: rolls */
        }
    }
    for (uint32_t i = 0; i < ve->apron.n; i++) {
        const uint32_t b = ve->apron.a[i];
        box *bx = port_box(st, b);
        if (!cs_sim_cancel(sim, bx->timer)) continue; /* timed out already */
        bx->path = CS_PATH_PILOT;
        ve->to_load++;
        idx_push(st, &ve->direct, b);
    }
    ve->apron.n = 0;
    crane_next(st, v);
    port_vessel_try_depart(st, v);
}

void port_quay_ready(port_state *st, uint32_t b)
{
    const box *bx = port_box(st, b);
    const uint32_t v = bx->vessel;
    const bool direct = (bx->flags & BF_DIRECT_LOAD) && bx->path == CS_PATH_PILOT;
    idx_push(st, direct ? &st->vessels[v].direct : &st->vessels[v].ready, b);
    crane_next(st, v);
}

static void on_crane_done(cs_sim *sim, const cs_event *ev)
{
    port_state *st = port_of(sim);
    const uint32_t b = (uint32_t)ev->data;
    box *bx = port_box(st, b);
    const uint32_t v = bx->vessel;
    vessel *ve = &st->vessels[v];
    ve->cranes_busy--;
    if (bx->goal == GOAL_DISCHARGE) {
        bx->t[CS_MS_T1] = ve->berthed;
        bx->t[CS_MS_T2] = sim->now;
        bx->flags |= BF_DISCHARGED;
        if (bx->flow == CS_FLOW_IMPORT) port_import_discharged(st, b);
        else port_transit_discharged(st, b);
    } else {
        bx->t[CS_MS_LOADED] = sim->now;
        ve->to_load--;
        idx_push(st, &ve->onboard, b);
    }
    crane_next(st, v);
    port_vessel_try_depart(st, v);
}

void port_vessel_try_depart(port_state *st, uint32_t v)
{
    vessel *ve = &st->vessels[v];
    if (ve->state != VS_BERTHED || ve->cranes_busy || ve->to_load || ve->discharge.head < ve->discharge.n) return;
    ve->state = VS_DEPARTED;
    ve->departed = st->sim.now;
    port_release(st, CS_POOL_BERTHS);
    if (ve->observed && st->metric_slot) port_record_vessel(st, ve);
    for (uint32_t i = 0; i < ve->onboard.n; i++) {
        port_box(st, ve->onboard.a[i])->t[CS_MS_DEPART] = st->sim.now;
        port_box_done(st, ve->onboard.a[i]);
    }
    ve->onboard.n = 0;
    /* free the call's lists: nothing refers to them any more */
    free(ve->discharge.a);
    free(ve->ready.a);
    free(ve->direct.a);
    memset(&ve->direct, 0, sizeof ve->direct);
    free(ve->booked.a);
    free(ve->onboard.a);
    memset(&ve->discharge, 0, sizeof ve->discharge);
    memset(&ve->ready, 0, sizeof ve->ready);
    memset(&ve->booked, 0, sizeof ve->booked);
    memset(&ve->onboard, 0, sizeof ve->onboard);
}

uint32_t port_transit_call(const port_state *st, uint32_t service)
{
    return st->service_next[service];
}

void port_vessel_handlers(cs_sim *sim)
{
    cs_sim_on(sim, EV_CALL_ANNOUNCE, on_announce);
    cs_sim_on(sim, EV_VESSEL_ARRIVE, on_arrive);
    cs_sim_on(sim, EV_VESSEL_QUARANTINE_DONE, on_quarantine_done);
    cs_sim_on(sim, EV_BERTH_GRANTED, on_berth);
    cs_sim_on(sim, EV_OPS_START, on_ops_start);
    cs_sim_on(sim, EV_CRANE_DONE, on_crane_done);
    cs_sim_on(sim, EV_CRANE_SHIFT, on_crane_shift);
}
