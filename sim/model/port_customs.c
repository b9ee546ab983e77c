/*
 * port_customs.c - the customs chain every box goes through.
 *
 * Declaration (T3) -> acceptance and risk decision (T4, T5; the channel was
 * drawn with the box, by credit class) -> document review, automatic or by
 * an officer from the reviewer pool -> duties (T7, imports) -> release (T8).
 * Two-step declarations replace review and duties on the critical path by
 * the access checks; the complete declaration follows after release and
 * gives the final release.  Transit boxes at the hub get the arrival
 * confirmation instead of a review.  Boxes selected for scan, exam or lab
 * are inspected once they are decided and physically reachable (in the
 * stack, or straight from the crane when decided before discharge): scan
 * lane and image reading; exams on the day's exam schedule (decided after
 * the cut-off hour: next day) in an exam bay; a lab sample whose result
 * releases the box, unless two-stage access releases it at the exam's end.
 * Before the 2018 merger an import selected by cargo quarantine had its
 * own inspection by quarantine inspectors after customs' (its own moves
 * from and back to the stack); merged, the selection only sends the box
 * to customs' one exam (port_box_new).  Release needs the vessel to have
 * arrived; an export's, the box at the gate, unless the customs rules let
 * an advance export declaration be released before gate-in.
 */
#include <math.h>
#include <stdlib.h>
#include "model/port_internal.h"

bool port_needs_inspection(const box *bx)
{
    return bx->channel == CS_CHANNEL_SCAN || bx->channel == CS_CHANNEL_EXAM || bx->channel == CS_CHANNEL_LAB;
}

void port_declare(port_state *st, uint32_t b)
{
    box *bx = port_box(st, b);
    bx->t[CS_MS_T3] = st->sim.now;
    port_at(st, st->sim.now + port_draw(st, &st->p->acceptance, box_u(bx, U_ACCEPT)), EV_CUSTOMS_ACCEPTED, b);
}

static void cleared(port_state *st, uint32_t b)
{
    port_box(st, b)->flags |= BF_CLEARED;
    port_check_release(st, b);
}

static void on_accepted(cs_sim *sim, const cs_event *ev)
{
    port_state *st = port_of(sim);
    const uint32_t b = (uint32_t)ev->data;
    box *bx = port_box(st, b);
    const cs_port_scenario *p = st->p;
    bx->t[CS_MS_T4] = bx->t[CS_MS_T5] = sim->now;
    if (!port_needs_inspection(bx)) {
        bx->flags |= BF_INSPECTED;
        port_quarantine_try(st, b);
    } else if (!(bx->flags & BF_DISCHARGED) && bx->flow == CS_FLOW_IMPORT) bx->flags |= BF_DIRECT_INSPECT;
    else if (bx->flags & BF_IN_YARD) port_inspection_start(st, b);
    /* otherwise it starts when the box is stacked (port_box_stacked) */
    if (bx->flags & BF_TWO_STEP)
        port_at(st, sim->now + port_draw(st, &p->access_check, box_u(bx, U_ACCESS)), EV_ACCESS_DONE, b);
    else if (bx->flow == CS_FLOW_TRANSIT)
        port_at(st, sim->now + port_draw(st, &p->transit_check, box_u(bx, U_TRANSIT)), EV_REVIEW_DONE, b);
    else if (bx->flags & BF_MANUAL)
        port_acquire(st, CS_POOL_REVIEWERS, EV_REVIEWER_GRANTED, b);
    else
        port_at(st, sim->now + port_draw(st, &p->auto_review, box_u(bx, U_REVIEW)), EV_REVIEW_DONE, b);
}

static void on_reviewer(cs_sim *sim, const cs_event *ev)
{
    port_state *st = port_of(sim);
    const uint32_t b = (uint32_t)ev->data;
    port_serve(st, b, CS_POOL_REVIEWERS, U_REVIEW, EV_REVIEW_DONE);
}

static void on_review_done(cs_sim *sim, const cs_event *ev)
{
    port_state *st = port_of(sim);
    const uint32_t b = (uint32_t)ev->data;
    box *bx = port_box(st, b);
    if ((bx->flags & BF_MANUAL) && bx->flow != CS_FLOW_TRANSIT) port_release(st, CS_POOL_REVIEWERS);
    if (bx->flow == CS_FLOW_IMPORT)
        port_at(st, sim->now + port_draw(st, &st->p->payment, box_u(bx, U_PAYMENT)), EV_PAYMENT_DONE, b);
    else
        cleared(st, b);
}

static void on_payment_done(cs_sim *sim, const cs_event *ev)
{
    port_state *st = port_of(sim);
    const uint32_t b = (uint32_t)ev->data;
    port_box(st, b)->t[CS_MS_T7] = sim->now;
    cleared(st, b);
}

static void on_access_done(cs_sim *sim, const cs_event *ev)
{
    cleared(port_of(sim), (uint32_t)ev->data);
}

/* ---- inspection ---- */

/* When an exam decided at t can start: the same day if decided before
 * the cut-off hour (not before the day's first exams), else next morning. */
static double exam_time(const cs_port_scenario *p, double t)
{
    const double day = floor(t / 24.0), hour = t - 24.0 * day;
    if (hour < p->exam_start_hour) return day * 24.0 + p->exam_start_hour;
    if (hour < p->exam_cutoff_hour) return t;
    return (day + 1.0) * 24.0 + p->exam_start_hour;
}

void port_inspection_start(port_state *st, uint32_t b)
{
    box *bx = port_box(st, b);
    bx->flags |= BF_INSPECTING;
    if (bx->channel != CS_CHANNEL_SCAN) port_at(st, exam_time(st->p, st->sim.now), EV_EXAM_READY, b);
    else if (bx->flags & BF_IN_YARD) port_move(st, b, GOAL_TO_INSPECTION, CS_POOL_YARD_CRANES);
    else port_at_inspection(st, b);
}

/* The box reached the inspection area (from the stack or the crane). */
void port_at_inspection(port_state *st, uint32_t b)
{
    box *bx = port_box(st, b);
    if (bx->channel == CS_CHANNEL_SCAN) port_acquire(st, CS_POOL_SCAN_LANES, EV_SCAN_GRANTED, b);
    else port_acquire(st, CS_POOL_EXAM_BAYS, EV_EXAM_GRANTED, b);
}

/* The box reached the inspection area by transport.  One straight from the
 * crane was not scheduled yet: an exam keeps the day's exam schedule. */
void port_reached_inspection(port_state *st, uint32_t b)
{
    const box *bx = port_box(st, b);
    if (bx->flags & BF_QUARANTINING)
        port_acquire(st, CS_POOL_QUARANTINE, EV_QUARANTINE_GRANTED, b);
    else if ((bx->flags & BF_DIRECT_INSPECT) && bx->channel != CS_CHANNEL_SCAN)
        port_at(st, exam_time(st->p, st->sim.now), EV_EXAM_READY, b); /* then port_at_inspection */
    else
        port_at_inspection(st, b);
}

static void on_exam_ready(cs_sim *sim, const cs_event *ev)
{
    port_state *st = port_of(sim);
    const uint32_t b = (uint32_t)ev->data;
    box *bx = port_box(st, b);
    if (bx->flags & BF_IN_YARD) port_move(st, b, GOAL_TO_INSPECTION, CS_POOL_YARD_CRANES);
    else port_at_inspection(st, b);
}

static void on_scan_granted(cs_sim *sim, const cs_event *ev)
{
    port_state *st = port_of(sim);
    const uint32_t b = (uint32_t)ev->data;
    box *bx = port_box(st, b);
    bx->t[CS_MS_T6S] = sim->now;
    port_serve(st, b, CS_POOL_SCAN_LANES, U_SCAN, EV_SCAN_DONE);
}

static void on_scan_done(cs_sim *sim, const cs_event *ev)
{
    port_state *st = port_of(sim);
    const uint32_t b = (uint32_t)ev->data;
    port_release(st, CS_POOL_SCAN_LANES);
    port_at(st, sim->now + port_draw(st, &st->p->image_review, box_u(port_box(st, b), U_IMAGE)), EV_IMAGE_DONE, b);
}

static void on_image_done(cs_sim *sim, const cs_event *ev)
{
    port_state *st = port_of(sim);
    const uint32_t b = (uint32_t)ev->data;
    port_box(st, b)->t[CS_MS_T6E] = sim->now;
    port_inspection_done(st, b);
}

static void on_exam_granted(cs_sim *sim, const cs_event *ev)
{
    port_state *st = port_of(sim);
    const uint32_t b = (uint32_t)ev->data;
    box *bx = port_box(st, b);
    bx->t[CS_MS_T6S] = sim->now;
    port_serve(st, b, CS_POOL_EXAM_BAYS, U_EXAM, EV_EXAM_DONE);
}

static void on_exam_done(cs_sim *sim, const cs_event *ev)
{
    port_state *st = port_of(sim);
    const uint32_t b = (uint32_t)ev->data;
    box *bx = port_box(st, b);
    port_release(st, CS_POOL_EXAM_BAYS);
    bx->t[CS_MS_T6E] = sim->now;
    if (bx->channel == CS_CHANNEL_LAB) {
        bx->pending++;
        port_at(st, sim->now + port_draw(st, &st->p->lab, box_u(bx, U_LAB)), EV_LAB_DONE, b);
        if (!st->p->two_stage_lab) { /* back to the stack; released by the result */
            port_move(st, b, GOAL_BACK, CS_POOL_YARD_CRANES);
            return;
        }
    }
    port_inspection_done(st, b);
}

static void on_lab_done(cs_sim *sim, const cs_event *ev)
{
    port_state *st = port_of(sim);
    const uint32_t b = (uint32_t)ev->data;
    box *bx = port_box(st, b);
    bx->pending--;
    if (!st->p->two_stage_lab) {
        bx->flags |= BF_INSPECTED;
        port_quarantine_try(st, b);
        port_check_release(st, b);
    }
    port_box_try_finish(st, b);
}

/* ---- the separate cargo quarantine inspection ---- */

void port_quarantine_try(port_state *st, uint32_t b)
{
    box *bx = port_box(st, b);
    const uint32_t ready = BF_QUARANTINE | BF_INSPECTED | BF_IN_YARD;
    if ((bx->flags & ready) != ready || (bx->flags & BF_QUARANTINING) || isnan(bx->t[CS_MS_T5])) return;
    bx->flags |= BF_QUARANTINING;
    port_move(st, b, GOAL_TO_INSPECTION, CS_POOL_YARD_CRANES);
}

static void on_quarantine_granted(cs_sim *sim, const cs_event *ev)
{
    port_state *st = port_of(sim);
    const uint32_t b = (uint32_t)ev->data;
    port_serve(st, b, CS_POOL_QUARANTINE, U_QUARANTINE_EXAM, EV_QUARANTINE_DONE);
}

static void on_quarantine_done(cs_sim *sim, const cs_event *ev)
{
    port_state *st = port_of(sim);
    const uint32_t b = (uint32_t)ev->data;
    box *bx = port_box(st, b);
    port_release(st, CS_POOL_QUARANTINE);
    bx->flags &= ~(BF_QUARANTINE | BF_QUARANTINING);
    port_move(st, b, GOAL_BACK, CS_POOL_YARD_CRANES);
    port_check_release(st, b);
}

/* Inspection over: the box goes back to the stack (ship-side scans at the
 * quay are handled by the import flow) and may be released. */
void port_inspection_done(port_state *st, uint32_t b)
{
    box *bx = port_box(st, b);
    bx->flags |= BF_INSPECTED;
    if (!(bx->flags & BF_AT_QUAY)) port_move(st, b, GOAL_BACK, CS_POOL_YARD_CRANES);
    port_check_release(st, b);
}

void port_check_release(port_state *st, uint32_t b)
{
    box *bx = port_box(st, b);
    if ((bx->flags & BF_RELEASED) || !(bx->flags & BF_CLEARED) || !(bx->flags & BF_INSPECTED) ||
        (bx->flags & BF_QUARANTINE))
        return;
    if (bx->flow == CS_FLOW_IMPORT && st->vessels[bx->vessel].state < VS_ARRIVED) return;
    const bool at_gate = !isnan(bx->t[CS_MS_T0]);
    if (bx->flow == CS_FLOW_EXPORT && !at_gate && !(st->p->export_prerelease && (bx->flags & BF_EXPORT_ADVANCE)))
        return; /* not at the gate yet */
    bx->flags |= BF_RELEASED;
    bx->t[CS_MS_T8] = st->sim.now;
    if (at_gate) port_awaiting_level(st, -1.0); /* else it never waited */
    if (bx->flow == CS_FLOW_IMPORT) port_import_released(st, b);
    else port_export_released(st, b);
}

static void on_complete_declaration(cs_sim *sim, const cs_event *ev)
{
    port_state *st = port_of(sim);
    const uint32_t b = (uint32_t)ev->data;
    box *bx = port_box(st, b);
    bx->t[CS_MS_FINAL] = bx->t[CS_MS_T7] = sim->now;
    bx->pending--;
    port_box_try_finish(st, b);
}

void port_customs_handlers(cs_sim *sim)
{
    cs_sim_on(sim, EV_CUSTOMS_ACCEPTED, on_accepted);
    cs_sim_on(sim, EV_REVIEWER_GRANTED, on_reviewer);
    cs_sim_on(sim, EV_REVIEW_DONE, on_review_done);
    cs_sim_on(sim, EV_PAYMENT_DONE, on_payment_done);
    cs_sim_on(sim, EV_ACCESS_DONE, on_access_done);
    cs_sim_on(sim, EV_EXAM_READY, on_exam_ready);
    cs_sim_on(sim, EV_SCAN_GRANTED, on_scan_granted);
    cs_sim_on(sim, EV_SCAN_DONE, on_scan_done);
    cs_sim_on(sim, EV_IMAGE_DONE, on_image_done);
    cs_sim_on(sim, EV_EXAM_GRANTED, on_exam_granted);
    cs_sim_on(sim, EV_EXAM_DONE, on_exam_done);
    cs_sim_on(sim, EV_LAB_DONE, on_lab_done);
    cs_sim_on(sim, EV_COMPLETE_DECLARATION, on_complete_declaration);
    cs_sim_on(sim, EV_QUARANTINE_GRANTED, on_quarantine_granted);
    cs_sim_on(sim, EV_QUARANTINE_DONE, on_quarantine_done);
}
