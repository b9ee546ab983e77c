/*
 * port_import.c - import flows A (conventional), B (advance declaration),
 * C (two-step) and D (ship-side direct lifting), with the overlays that
 * change their delays (H: non-contact).
 *
 * A box's regime path is fixed when it is created: ship-side, advance and
 * two-step adoption each compare one of the box's uniforms with the pilot's
 * share.  Declaration time follows from the path (after arrival plus the
 * trader's lag; during the voyage; at arrival for the summary declaration).
 * After discharge a box goes to the stack, to inspection straight from the
 * crane when it was selected before discharge, or (ship-side) waits at the
 * quay for its truck for at most the tolerance; a missing truck or a
 * selection sends it to the stack and the conventional path (fallback).
 * Pickup is the consignee's behaviour: booked once the D/O is in hand and
 * the box is in the stack (its availability), for the truck time the
 * consignee's kind wants (at once; after a planning delay counted from the
 * D/O, so a release known before discharge lets the truck come as soon as
 * the box is stacked; or past the free storage) and the first slot with
 * room a booking lead later, in the gate's hours.  A box is always stacked
 * and retrieved: booking ahead saves waiting for a slot, never the yard
 * moves.  The C2 comparator is the box released before its discharge
 * whose consignee books the earliest slot offered.
 */
#include <math.h>
#include "model/port_internal.h"

void port_import_created(port_state *st, uint32_t b)
{
    box *bx = port_box(st, b);
    const cs_regime_spec *r = st->regime;
    const cs_port_scenario *p = st->p;
    const cs_adoption a = port_adoption(st, bx);
    const bool ship_side = a == CS_ADOPT_SHIP_SIDE;
    const bool two_step = a == CS_ADOPT_TWO_STEP || a == CS_ADOPT_ADVANCE_TWO_STEP;
    if (ship_side) bx->flags |= BF_SHIP_SIDE | BF_ADVANCE;
    if (a == CS_ADOPT_ADVANCE || a == CS_ADOPT_ADVANCE_TWO_STEP) bx->flags |= BF_ADVANCE;
    if (two_step) bx->flags |= BF_TWO_STEP;
    /* path:* segments follow the regime's principal pilot: ship-side if it
     * has one, else advance / two-step declaration */
    if (port_offers(r, CS_FLOW_IMPORT, CS_ADOPT_SHIP_SIDE)) bx->path = ship_side ? CS_PATH_PILOT : CS_PATH_NOT_ADOPTED;
    else if (port_offers_any(r, CS_FLOW_IMPORT)) bx->path = a != CS_ADOPT_NONE ? CS_PATH_PILOT : CS_PATH_NOT_ADOPTED;
    const double t0 = bx->t[CS_MS_T0];
    double declare;
    if (bx->flags & BF_ADVANCE) declare = t0 - port_draw(st, &p->advance_lead, box_u(bx, U_LEAD));
    else if (two_step) declare = t0; /* the summary declaration, on arrival */
    else declare = t0 + port_draw(st, &p->import_trader_lag, box_u(bx, U_DECLARE));
    port_at(st, declare, EV_IMPORT_DECLARE, b);
}

static void on_declare(cs_sim *sim, const cs_event *ev)
{
    port_declare(port_of(sim), (uint32_t)ev->data);
}

/* Ship-side: leave the quay on the waiting truck once released and handed over. */
static void try_lift(port_state *st, uint32_t b)
{
    box *bx = port_box(st, b);
    if (!(bx->flags & BF_AT_QUAY) || !(bx->flags & BF_TRUCK_HERE) || !(bx->flags & BF_RELEASED) ||
        isnan(bx->t[CS_MS_T9]))
        return;
    bx->flags &= ~BF_AT_QUAY;
    cs_sim_cancel(&st->sim, bx->timer);
    bx->path = CS_PATH_PILOT;
    /* the consignee's truck drives from the quay to the gate (the
     * horizontal-transport time, on its own truck: no pool) */
    port_at(st, st->sim.now + port_draw(st, &st->p->pools[CS_POOL_TRANSPORT].time, box_u(bx, U_TRANSPORT)),
            EV_SHIP_SIDE_AT_GATE, b);
}

static void on_ship_side_at_gate(cs_sim *sim, const cs_event *ev)
{
    port_acquire(port_of(sim), CS_POOL_GATE_OUT, EV_GATE_OUT_GRANTED, (uint32_t)ev->data);
}

static void wait_at_quay(port_state *st, uint32_t b)
{
    box *bx = port_box(st, b);
    bx->flags |= BF_AT_QUAY;
    bx->timer = cs_sim_schedule_cancellable(&st->sim, st->sim.now + st->p->ship_side_tolerance,
                                            EV_SHIP_SIDE_GIVE_UP, CS_PRIO_NORMAL, b);
    try_lift(st, b);
}

static void fallback_to_stack(port_state *st, uint32_t b)
{
    box *bx = port_box(st, b);
    bx->flags &= ~BF_AT_QUAY;
    bx->path = CS_PATH_FALLBACK;
    if ((bx->flags & BF_DIRECT_INSPECT) && !(bx->flags & (BF_INSPECTING | BF_INSPECTED))) {
        bx->flags |= BF_INSPECTING;
        port_move(st, b, GOAL_TO_INSPECTION, CS_POOL_TRANSPORT);
    } else {
        port_move(st, b, GOAL_STACK, CS_POOL_TRANSPORT);
    }
}

static void ship_side_discharged(port_state *st, uint32_t b)
{
    box *bx = port_box(st, b);
    if (bx->flags & BF_QUARANTINE) {
        fallback_to_stack(st, b); /* the quarantine inspection is from the stack */
    } else if (!port_needs_inspection(bx)) {
        wait_at_quay(st, b);
    } else if (bx->channel == CS_CHANNEL_SCAN && st->regime->ship_side_scan_at_quay && !isnan(bx->t[CS_MS_T5])) {
        bx->flags |= BF_AT_QUAY | BF_INSPECTING; /* scanned during discharge, the truck waits */
        port_at_inspection(st, b);
    } else {
        fallback_to_stack(st, b);
    }
}

void port_import_discharged(port_state *st, uint32_t b)
{
    box *bx = port_box(st, b);
    if (bx->flags & BF_SHIP_SIDE) {
        ship_side_discharged(st, b);
    } else if ((bx->flags & BF_DIRECT_INSPECT) && !(bx->flags & (BF_INSPECTING | BF_INSPECTED))) {
        bx->flags |= BF_INSPECTING;
        port_move(st, b, GOAL_TO_INSPECTION, CS_POOL_TRANSPORT);
    } else {
        port_move(st, b, GOAL_STACK, CS_POOL_TRANSPORT);
    }
}

void port_import_released(port_state *st, uint32_t b)
{
    box *bx = port_box(st, b);
    const cs_port_scenario *p = st->p;
    const bool nc = st->regime->non_contact;
    const double notice = nc ? 0.0 : port_draw(st, &p->release_notice, box_u(bx, U_NOTICE));
    const double handover = port_draw(st, nc ? &p->handover_electronic : &p->handover, box_u(bx, U_HANDOVER));
    port_at(st, st->sim.now + notice + handover, EV_HANDOVER_DONE, b);
    if (bx->flags & BF_TWO_STEP) {
        bx->pending++;
        port_at(st, st->sim.now + port_draw(st, &p->complete_declaration, box_u(bx, U_COMPLETE)), EV_COMPLETE_DECLARATION, b);
    }
    /* a ship-side box scanned at the quay: its tolerance runs from the decision */
    if ((bx->flags & BF_AT_QUAY) && (bx->flags & BF_INSPECTING)) {
        bx->flags &= ~BF_INSPECTING;
        wait_at_quay(st, b);
    }
}

/* Whether the out-gate's calendar has it open at t (disruptions are not
 * known when booking). */
static bool gate_open(const port_state *st, double t)
{
    const cs_pool_spec *g = &st->p->pools[CS_POOL_GATE_OUT];
    const cs_calendar cal = { g->calendar.changes, g->calendar.n, g->calendar.period };
    return cs_calendar_capacity_at(&cal, g->count, 0.0, t) > 0;
}

/* The first slot starting at or after t with room, in the gate's hours. */
static uint32_t first_free_slot(const port_state *st, double t)
{
    const double len = st->p->slot_length;
    uint32_t k = (uint32_t)ceil(t / len);
    while (k < st->nslots && (st->slot_used[k] >= st->p->slot_capacity || !gate_open(st, k * len))) k++;
    return k;
}

/* Booked once the consignee holds the D/O (T9) and the box is in the stack
 * (now): when the truck is wanted, by the consignee's kind (one uniform,
 * three bands).  First slot: at once.  Planners: their planning delay from
 * the D/O, so a release known before discharge has them ready when the box
 * is stacked.  The rest keep the box past its free storage (from discharge)
 * and come their own delay after it ends.  The slot starts a booking lead
 * later, in the gate's hours. */
/* Where u falls inside the band [lo, lo + width), as a uniform of its own
 * (kept below 1 where rounding leaves the last band a hair too narrow). */
static double in_band(double u, double lo, double width)
{
    const double v = (u - lo) / width;
    return v < 1.0 ? v : 1.0 - 0x1p-33;
}

static double wanted_pickup(port_state *st, const box *bx, bool *first)
{
    const cs_port_scenario *p = st->p;
    const double now = st->sim.now, u = box_u(bx, U_PICKUP);
    const double first_share = p->first_slot_share;
    const double plan_share = (1.0 - first_share) * p->pickup_within_free_share;
    *first = u < first_share;
    if (*first) return now;
    double w;
    if (u < first_share + plan_share)
        w = bx->t[CS_MS_T9] + port_draw(st, &p->pickup_planning, in_band(u, first_share, plan_share));
    else
        w = bx->t[CS_MS_T2] + p->free_storage +
            port_draw(st, &p->late_pickup_lag, in_band(u, first_share + plan_share, 1.0 - first_share - plan_share));
    return w > now ? w : now;
}

static void book_pickup(port_state *st, uint32_t b)
{
    box *bx = port_box(st, b);
    const cs_port_scenario *p = st->p;
    bx->flags |= BF_PICKUP;
    bool first;
    const uint32_t k = first_free_slot(st, wanted_pickup(st, bx, &first) + p->appointment_lead);
    if (k >= st->nslots) return; /* no slot before the end: cut off */
    st->slot_used[k]++;
    if (first && !(bx->flags & BF_SHIP_SIDE) && bx->t[CS_MS_T8] <= bx->t[CS_MS_T2]) bx->flags |= BF_FIRST_SLOT;
    port_at(st, (k + box_u(bx, U_SLOT)) * p->slot_length, EV_TRUCK_ARRIVE, b);
}

static void on_handover_done(cs_sim *sim, const cs_event *ev)
{
    port_state *st = port_of(sim);
    const uint32_t b = (uint32_t)ev->data;
    box *bx = port_box(st, b);
    bx->t[CS_MS_T9] = sim->now;
    if (bx->flags & BF_AT_QUAY) try_lift(st, b);
    else if ((bx->flags & BF_IN_YARD) && !(bx->flags & BF_PICKUP)) book_pickup(st, b);
}

void port_import_stacked(port_state *st, uint32_t b)
{
    const box *bx = port_box(st, b);
    if ((bx->flags & BF_RELEASED) && !isnan(bx->t[CS_MS_T9]) && !(bx->flags & BF_PICKUP)) book_pickup(st, b);
}

static void on_truck(cs_sim *sim, const cs_event *ev)
{
    port_move(port_of(sim), (uint32_t)ev->data, GOAL_RETRIEVE, CS_POOL_YARD_CRANES);
}

static void on_ship_side_truck(cs_sim *sim, const cs_event *ev)
{
    port_state *st = port_of(sim);
    const uint32_t b = (uint32_t)ev->data;
    port_box(st, b)->flags |= BF_TRUCK_HERE;
    port_box(st, b)->pending--; /* the box may finish now (see on_ops_start) */
    try_lift(st, b);
    port_box_try_finish(st, b);
}

static void on_give_up(cs_sim *sim, const cs_event *ev)
{
    port_state *st = port_of(sim);
    const uint32_t b = (uint32_t)ev->data;
    /* the tolerance is for the truck: one at the quay waits for the D/O */
    if ((port_box(st, b)->flags & (BF_AT_QUAY | BF_TRUCK_HERE)) == BF_AT_QUAY) fallback_to_stack(st, b);
}

void port_import_exit(port_state *st, uint32_t b)
{
    port_box(st, b)->t[CS_MS_T10] = st->sim.now;
    port_box_done(st, b);
}

void port_import_handlers(cs_sim *sim)
{
    cs_sim_on(sim, EV_IMPORT_DECLARE, on_declare);
    cs_sim_on(sim, EV_HANDOVER_DONE, on_handover_done);
    cs_sim_on(sim, EV_TRUCK_ARRIVE, on_truck);
    cs_sim_on(sim, EV_SHIP_SIDE_TRUCK, on_ship_side_truck);
    cs_sim_on(sim, EV_SHIP_SIDE_GIVE_UP, on_give_up);
    cs_sim_on(sim, EV_SHIP_SIDE_AT_GATE, on_ship_side_at_gate);
    port_yard_handlers(sim);
}
