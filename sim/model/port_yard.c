/*
 * port_yard.c - moving boxes: horizontal transport, yard cranes, gates.
 *
 * A move is a goal (stack, to inspection, back, retrieve for a truck, to
 * the quay) and a fixed plan of pool steps; the box carries its goal and
 * each step's duration comes from its own uniform.  Retrieval for a truck
 * costs extra moves for rehandles, more as the yard fills:
 * floor(base + per_fill * fill + u).  The yard count and the stacked hook
 * live here so every flow sees boxes enter and leave the stack the same way.
 * The yard holds at most yard.capacity boxes: a box takes its room when it
 * heads for the stack and keeps it while out for an inspection; when the
 * yard is full it waits at the entry (counted: yard_waits) until a box
 * leaves for a truck or a vessel.
 */
#include <math.h>
#include "model/port_internal.h"

double port_yard_fill(const port_state *st)
{
    return st->yard_count / st->p->yard_capacity;
}

static void start_move(port_state *st, uint32_t b, cs_pool first)
{
    port_acquire(st, first, first == CS_POOL_TRANSPORT ? EV_TRANSPORT_GRANTED : EV_YARD_GRANTED, b);
}

void port_move(port_state *st, uint32_t b, move_goal goal, cs_pool first)
{
    box *bx = port_box(st, b);
    bx->goal = (uint8_t)goal;
    if ((goal == GOAL_STACK || goal == GOAL_BACK) && !(bx->flags & BF_YARD_ROOM)) {
        if (st->yard_held >= st->p->yard_capacity) {
            if (first == CS_POOL_TRANSPORT) bx->flags |= BF_WAITS_TRANSPORT;
            st->yard_waits[bx->flow]++;
            idx_push(st, &st->yard_wait, b);
            return;
        }
        bx->flags |= BF_YARD_ROOM;
        st->yard_held++;
    }
    start_move(st, b, first);
}

/* A box left the yard for good: its room goes to the first box waiting. */
static void leave_yard(port_state *st, box *bx)
{
    if (!(bx->flags & BF_YARD_ROOM)) return;
    bx->flags &= ~BF_YARD_ROOM;
    st->yard_held--;
    idx_list *w = &st->yard_wait;
    if (w->head == w->n) return;
    const uint32_t next = w->a[w->head++];
    box *nb = port_box(st, next);
    const cs_pool first = nb->flags & BF_WAITS_TRANSPORT ? CS_POOL_TRANSPORT : CS_POOL_YARD_CRANES;
    nb->flags = (nb->flags & ~BF_WAITS_TRANSPORT) | BF_YARD_ROOM;
    st->yard_held++;
    start_move(st, next, first);
}

void port_box_stacked(port_state *st, uint32_t b)
{
    box *bx = port_box(st, b);
    bx->flags |= BF_IN_YARD;
    port_yard_level(st, 1.0);
    if (port_needs_inspection(bx) && !isnan(bx->t[CS_MS_T5]) && !(bx->flags & (BF_INSPECTING | BF_INSPECTED)))
        port_inspection_start(st, b);
    else
        port_quarantine_try(st, b);
    if (bx->flow == CS_FLOW_IMPORT) port_import_stacked(st, b);
    else port_export_stacked(st, b);
}

static void unstack(port_state *st, box *bx)
{
    bx->flags &= ~BF_IN_YARD;
    port_yard_level(st, -1.0);
}

static void on_transport_granted(cs_sim *sim, const cs_event *ev)
{
    port_state *st = port_of(sim);
    const uint32_t b = (uint32_t)ev->data;
    port_serve(st, b, CS_POOL_TRANSPORT, U_TRANSPORT, EV_TRANSPORT_DONE);
}

static void on_transport_done(cs_sim *sim, const cs_event *ev)
{
    port_state *st = port_of(sim);
    const uint32_t b = (uint32_t)ev->data;
    port_release(st, CS_POOL_TRANSPORT);
    switch (port_box(st, b)->goal) {
    case GOAL_STACK: port_acquire(st, CS_POOL_YARD_CRANES, EV_YARD_GRANTED, b); break;
    case GOAL_TO_INSPECTION: port_reached_inspection(st, b); break;
    default: port_quay_ready(st, b); break; /* GOAL_TO_QUAY */
    }
}

static void on_yard_granted(cs_sim *sim, const cs_event *ev)
{
    port_state *st = port_of(sim);
    const uint32_t b = (uint32_t)ev->data;
    box *bx = port_box(st, b);
    const cs_port_scenario *p = st->p;
    const cs_dist *d = &p->pools[CS_POOL_YARD_CRANES].time;
    double t;
    switch (bx->goal) {
    case GOAL_STACK: t = port_draw(st, d, box_u(bx, U_YARD_STACK)); break;
    case GOAL_BACK: t = port_draw(st, d, box_u(bx, U_YARD_BACK)); break;
    case GOAL_RETRIEVE: {
        const double extra = floor(p->rehandle_base + p->rehandle_per_fill * port_yard_fill(st) + box_u(bx, U_REHANDLE));
        bx->rehandles = (uint8_t)(extra < 0 ? 0 : extra > 50 ? 50 : extra);
        t = (1.0 + bx->rehandles) * port_draw(st, d, box_u(bx, U_YARD_RETRIEVE));
        break;
    }
    default: t = port_draw(st, d, box_u(bx, U_YARD_OUT)); break; /* to inspection, to the quay */
    }
    port_at(st, sim->now + t, EV_YARD_DONE, b);
}

static void on_yard_done(cs_sim *sim, const cs_event *ev)
{
    port_state *st = port_of(sim);
    const uint32_t b = (uint32_t)ev->data;
    box *bx = port_box(st, b);
    port_release(st, CS_POOL_YARD_CRANES);
    switch (bx->goal) {
    case GOAL_STACK:
    case GOAL_BACK: port_box_stacked(st, b); break;
    case GOAL_RETRIEVE:
        unstack(st, bx);
        leave_yard(st, bx);
        port_acquire(st, CS_POOL_GATE_OUT, EV_GATE_OUT_GRANTED, b);
        break;
    default: /* to inspection or to the quay: horizontal transport next */
        unstack(st, bx);
        if (bx->goal == GOAL_TO_QUAY) leave_yard(st, bx);
        port_acquire(st, CS_POOL_TRANSPORT, EV_TRANSPORT_GRANTED, b);
        break;
    }
}

static void on_gate_out_granted(cs_sim *sim, const cs_event *ev)
{
    port_state *st = port_of(sim);
    const uint32_t b = (uint32_t)ev->data;
    port_serve(st, b, CS_POOL_GATE_OUT, U_GATE, EV_GATE_OUT_DONE);
}

static void on_gate_out_done(cs_sim *sim, const cs_event *ev)
{
    port_state *st = port_of(sim);
    port_release(st, CS_POOL_GATE_OUT);
    port_import_exit(st, (uint32_t)ev->data);
}

static void on_gate_in_granted(cs_sim *sim, const cs_event *ev)
{
    port_state *st = port_of(sim);
    const uint32_t b = (uint32_t)ev->data;
    port_serve(st, b, CS_POOL_GATE_IN, U_GATE, EV_GATE_IN_DONE);
}

void port_yard_handlers(cs_sim *sim)
{
    cs_sim_on(sim, EV_TRANSPORT_GRANTED, on_transport_granted);
    cs_sim_on(sim, EV_TRANSPORT_DONE, on_transport_done);
    cs_sim_on(sim, EV_YARD_GRANTED, on_yard_granted);
    cs_sim_on(sim, EV_YARD_DONE, on_yard_done);
    cs_sim_on(sim, EV_GATE_OUT_GRANTED, on_gate_out_granted);
    cs_sim_on(sim, EV_GATE_OUT_DONE, on_gate_out_done);
    cs_sim_on(sim, EV_GATE_IN_GRANTED, on_gate_in_granted);
}
