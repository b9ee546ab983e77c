/*
 * port_export.c - export flows E (conventional) and F (direct loading on
 * arrival), and the transit chain G (feeder -> hub, confirmation of
 * departure / combined port).
 *
 * Export boxes are booked on a call when its yard opens.  A conventional
 * box gates in inside the yard-open window, is stacked, declared after the
 * trader's lag and must be released before the cut-off (cut-off hours
 * before the vessel starts work) or it rolls to the service's next call.
 * A direct-loading box is declared before its truck comes; the truck is
 * timed to the vessel's arrival; at the gate, released and not selected,
 * it goes to the apron: loaded directly if the vessel works now or starts
 * within direct_loading_early, otherwise (early truck, late vessel,
 * selection, or the vessel gone) it falls back to the stack (path E).
 * Customs release of an export needs the box at the gate (T0).  Transit
 * boxes discharged from a feeder are either released at once (combined
 * port: their export record was closed at the feeder port) or go through
 * the hub's arrival confirmation and a second risk check, then are stacked
 * and booked on the next call of their mainline service.
 */
#include <math.h>
#include "model/port_internal.h"

void port_export_created(port_state *st, uint32_t b)
{
    box *bx = port_box(st, b);
    const cs_regime_spec *r = st->regime;
    const cs_port_scenario *p = st->p;
    const vessel *ve = &st->vessels[bx->vessel];
    const cs_adoption a = port_adoption(st, bx);
    const bool direct = a == CS_ADOPT_DIRECT_LOADING, advance = a != CS_ADOPT_NONE; /* direct loading declares in advance */
    if (direct) bx->flags |= BF_DIRECT_LOAD;
    if (advance) bx->flags |= BF_EXPORT_ADVANCE;
    /* path:* segments follow the regime's principal pilot: direct loading
     * if it has one, else advance export declaration */
    if (port_offers(r, CS_FLOW_EXPORT, CS_ADOPT_DIRECT_LOADING)) bx->path = direct ? CS_PATH_PILOT : CS_PATH_NOT_ADOPTED;
    else if (port_offers_any(r, CS_FLOW_EXPORT)) bx->path = advance ? CS_PATH_PILOT : CS_PATH_NOT_ADOPTED;
    const double planned = st->sim.now + port_draw(st, &p->export_gate_in, box_u(bx, U_TRUCK));
    const double truck = direct ? ve->arrival + port_draw(st, &p->direct_loading_truck, box_u(bx, U_TRUCK)) : planned;
    /* observed by its conventional gate-in plan, so every regime observes
     * the same boxes even where a pilot moves the truck */
    if (planned >= p->warmup && planned < p->horizon) {
        bx->flags |= BF_OBSERVED;
        st->observed_generated[CS_FLOW_EXPORT]++;
    }
    if (advance) port_at(st, truck - port_draw(st, &p->advance_lead, box_u(bx, U_LEAD)), EV_EXPORT_DECLARE, b);
    idx_push(st, &st->vessels[bx->vessel].booked, b);
    port_at(st, truck, EV_EXPORT_TRUCK, b);
}

static void on_declare(cs_sim *sim, const cs_event *ev)
{
    port_declare(port_of(sim), (uint32_t)ev->data);
}

static void on_truck(cs_sim *sim, const cs_event *ev)
{
    port_acquire(port_of(sim), CS_POOL_GATE_IN, EV_GATE_IN_GRANTED, (uint32_t)ev->data);
}

static void to_stack(port_state *st, uint32_t b, bool fallback)
{
    box *bx = port_box(st, b);
    if (fallback) bx->path = CS_PATH_FALLBACK;
    port_move(st, b, GOAL_STACK, CS_POOL_YARD_CRANES);
}

/* Released at the gate: to the apron of its call, or the stack. */
static void direct_load(port_state *st, uint32_t b)
{
    box *bx = port_box(st, b);
    const uint32_t v = bx->vessel;
    vessel *ve = v == UINT32_MAX ? NULL : &st->vessels[v];
    if (!ve || ve->state == VS_DEPARTED) {
        to_stack(st, b, true);
    } else if (ve->state == VS_BERTHED) {
        bx->path = CS_PATH_PILOT;
        ve->to_load++;
        port_move(st, b, GOAL_TO_QUAY, CS_POOL_TRANSPORT);
    } else {
        idx_push(st, &ve->apron, b);
        bx->timer = cs_sim_schedule_cancellable(&st->sim, st->sim.now + st->p->direct_loading_early,
                                                EV_APRON_TIMEOUT, CS_PRIO_NORMAL, b);
    }
}

/* A box decided for a scan before its gate-in is scanned at the gate when
 * the customs rules say so (Yangshan, 2019). */
static bool gate_scan(const port_state *st, const box *bx)
{
    return st->p->export_gate_scan && bx->channel == CS_CHANNEL_SCAN && !isnan(bx->t[CS_MS_T5]) &&
           !(bx->flags & (BF_INSPECTING | BF_INSPECTED));
}

static void on_gate_in_done(cs_sim *sim, const cs_event *ev)
{
    port_state *st = port_of(sim);
    const uint32_t b = (uint32_t)ev->data;
    box *bx = port_box(st, b);
    port_release(st, CS_POOL_GATE_IN);
    bx->t[CS_MS_T0] = sim->now;
    if (!(bx->flags & BF_RELEASED)) port_awaiting_level(st, 1.0); /* released before gate-in: never waits */
    port_check_release(st, b);
    if (gate_scan(st, bx)) {
        /* scanned in the gate lane, then stacked (port_inspection_done) */
        bx->flags |= BF_INSPECTING;
        if (bx->flags & BF_DIRECT_LOAD) bx->path = CS_PATH_FALLBACK;
        port_at_inspection(st, b);
        return;
    }
    if (bx->flags & BF_DIRECT_LOAD) {
        if (bx->flags & BF_RELEASED) direct_load(st, b);
        else to_stack(st, b, true);
        return;
    }
    to_stack(st, b, false);
    if (!(bx->flags & BF_EXPORT_ADVANCE))
        port_at(st, sim->now + port_draw(st, &st->p->export_declaration_lag, box_u(bx, U_DECLARE)), EV_EXPORT_DECLARE, b);
}

static void on_apron_timeout(cs_sim *sim, const cs_event *ev)
{
    to_stack(port_of(sim), (uint32_t)ev->data, true);
}

/* A released transit box in the stack is booked on its mainline service. */
static void book_transit(port_state *st, uint32_t b)
{
    box *bx = port_box(st, b);
    if (!(bx->flags & BF_RELEASED) || !(bx->flags & BF_IN_YARD) || (bx->flags & BF_TRANSIT_BOOKED)) return;
    bx->flags |= BF_TRANSIT_BOOKED;
    const int to = st->p->services[st->vessels[bx->vessel].service].transit_to;
    port_book_export(st, b, to < 0 ? UINT32_MAX : port_transit_call(st, (uint32_t)to));
}

void port_export_released(port_state *st, uint32_t b)
{
    if (port_box(st, b)->flow == CS_FLOW_TRANSIT) book_transit(st, b);
}

void port_export_stacked(port_state *st, uint32_t b)
{
    box *bx = port_box(st, b);
    if (bx->flow == CS_FLOW_TRANSIT && !(bx->flags & BF_TRANSIT_BOOKED)) {
        book_transit(st, b);
        return;
    }
    /* stacked after its call started work: it rolls to the next call */
    if (bx->vessel != UINT32_MAX && st->vessels[bx->vessel].state >= VS_BERTHED)
        port_book_export(st, b, st->vessels[bx->vessel].next_call);
}

void port_transit_discharged(port_state *st, uint32_t b)
{
    box *bx = port_box(st, b);
    if (st->regime->combined_port) {
        bx->flags |= BF_CLEARED | BF_INSPECTED | BF_RELEASED;
        bx->t[CS_MS_T8] = st->sim.now;
        port_awaiting_level(st, -1.0);
    } else {
        port_declare(st, b);
    }
    port_move(st, b, GOAL_STACK, CS_POOL_TRANSPORT);
}

void port_export_handlers(cs_sim *sim)
{
    cs_sim_on(sim, EV_EXPORT_DECLARE, on_declare);
    cs_sim_on(sim, EV_EXPORT_TRUCK, on_truck);
    cs_sim_on(sim, EV_GATE_IN_DONE, on_gate_in_done);
    cs_sim_on(sim, EV_APRON_TIMEOUT, on_apron_timeout);
}
