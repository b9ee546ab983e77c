/*
 * test_port_model.c - the import flows of the port model, milestone by
 * milestone, on the tiny deterministic port of test_port_model.h: one call
 * at 130h (on time) with one import box.
 *
 *   A  conventional import, green (and with rehandles), document review by
 *      an officer, a full appointment slot, a regime the box is not
 *      eligible for
 *   B  advance declaration: green released at arrival; a scan box goes
 *      from the crane straight to the scan lane (compared with A's scan box,
 *      which is stacked first and taken out again); an exam box from the
 *      crane keeps the exam schedule
 *   C  two-step: release after the access check, final release later
 *   D  ship-side direct lifting: pilot, late truck, exam, scan at the quay,
 *      a truck waiting for the paper D/O, and a stale truck event
 *
 * Each expected value is computed by hand in the comment above it; the
 * truck's place inside its appointment slot is random (U_SLOT) and taken
 * from the box record.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include "test_port_model.h"

#define REGIMES                                                                          \
    "regimes:\n"                                                                         \
    "  conv: {}\n"                                                                       \
    "  advance: {advance_declaration: 1}\n"                                              \
    "  two_step: {two_step: 1}\n"                                                        \
    "  ship_side: {ship_side: 1}\n"                                                      \
    "  ship_side_quay: {ship_side: 1, ship_side_scan_at_quay: true}\n"                 \
    "  advance_aeo: {advance_declaration: 1, eligible: [aeo]}\n"
enum { R_CONV, R_ADVANCE, R_TWO_STEP, R_SHIP_SIDE, R_SHIP_SIDE_QUAY, R_ADVANCE_AEO };

static const char *const one_import = PM_BASE PM_CALL("1", "0") REGIMES;

/* Run regime r of `yaml` and return its one import record in *rc. */
static const cs_port_box_record *import_of(const cs_scenario *s, uint32_t r, pm_recs *rc)
{
    pm_run(s, r, rc);
    const cs_port_box_record *b = pm_only(rc, CS_FLOW_IMPORT);
    assert_true(b->finished);
    assert_true(b->observed);
    assert_int_equal(b->vessel, 0);
    assert_int_equal(b->credit, CS_CREDIT_GENERAL);
    assert_int_equal(b->teu, 2);
    return b;
}

/* ---- A: conventional import ---------------------------------------------- */

static void test_conventional_import(void **state)
{
    (void)state;
    cs_scenario s;
    pm_load(one_import, &s);
    pm_recs rc;
    const cs_port_box_record *b = import_of(&s, R_CONV, &rc);
    assert_int_equal(b->channel, CS_CHANNEL_GREEN);
    assert_int_equal(b->path, CS_PATH_NONE); /* no import pilot in the regime */
    /* T0 = scheduled 130 + lateness 0 (on time) */
    PM_MS(b, T0, 130.0);
    /* quarantine 2h -> a berth is free: T1 = 132; no crew test: cranes start at 132 */
    PM_MS(b, T1, 132.0);
    /* one crane move 0.125h: T2 = 132.125 */
    PM_MS(b, T2, 132.125);
    /* trader lag 4h after arrival: T3 = 134; acceptance 0.25h: T4 = T5 = 134.25 */
    PM_MS(b, T3, 134.0);
    PM_MS(b, T4, 134.25);
    PM_MS(b, T5, 134.25);
    /* green: no inspection */
    PM_NO_MS(b, T6S);
    PM_NO_MS(b, T6E);
    /* auto review 0.125h -> 134.375; payment 1h: T7 = 135.375; release T8 = T7 */
    PM_MS(b, T7, 135.375);
    PM_MS(b, T8, 135.375);
    /* paper release notice 0.25h + D/O and EIR 0.5h: T9 = 136.125 */
    PM_MS(b, T9, 136.125);
    /* stacked long before (transport 0.25h + yard crane 0.0625h: 132.4375);
     * wanted pickup T9 + 5h = 141.125 -> first slot starting at or after it:
     * [142, 143); the truck comes at 142 + U_SLOT; retrieval (1 + 0 rehandles)
     * x 0.0625h; gate-out 0.125h */
    PM_MS(b, T10, pm_slot_truck(b, 142.0) + 0.0625 + 0.125);
    assert_true(b->t[CS_MS_T10] >= 142.1875 && b->t[CS_MS_T10] < 143.1875);
    assert_int_equal(b->rehandles, 0);
    PM_NO_MS(b, FINAL);
    PM_NO_MS(b, LOADED);
    PM_NO_MS(b, DEPART);
    /* the vessel: berthed 132, works from 132, leaves after its one move */
    assert_int_equal(rc.nves, 1);
    assert_float_equal(rc.ves[0].arrival, 130.0, 1e-9);
    assert_float_equal(rc.ves[0].berthed, 132.0, 1e-9);
    assert_float_equal(rc.ves[0].ops_start, 132.0, 1e-9);
    assert_float_equal(rc.ves[0].departed, 132.125, 1e-9);
    assert_int_equal(rc.ves[0].imports, 1);
    assert_int_equal(rc.ves[0].exports, 0);
    assert_int_equal(rc.tot.generated[CS_FLOW_IMPORT], 1);
    assert_int_equal(rc.tot.finished[CS_FLOW_IMPORT], 1);
    pm_recs_free(&rc);
    cs_scenario_free(&s);
}

/* Rehandles: floor(base + per_fill * fill + U_REHANDLE) extra moves. */
static void test_conventional_import_rehandles(void **state)
{
    (void)state;
    cs_scenario s;
    pm_load(one_import, &s);
    /* the one box in a yard of 1024 slots: fill 1/1024; per fill 1024 -> 1 */
    s.port->yard_capacity = 1024;
    s.port->rehandle_base = 0.5;
    s.port->rehandle_per_fill = 1024;
    pm_recs rc;
    const cs_port_box_record *b = import_of(&s, R_CONV, &rc);
    /* extra = floor(0.5 + 1 + u): 1 if u < 0.5, else 2 */
    const int extra = b->u[U_REHANDLE] < 0.5 ? 1 : 2;
    assert_int_equal(b->rehandles, extra);
    /* as in test_conventional_import up to the truck at 142 + U_SLOT; the
     * yard crane makes 1 + extra moves of 0.0625h, then the gate 0.125h */
    PM_MS(b, T9, 136.125);
    PM_MS(b, T10, pm_slot_truck(b, 142.0) + (1.0 + extra) * 0.0625 + 0.125);
    pm_recs_free(&rc);
    cs_scenario_free(&s);
}

/* The document channel: review by an officer (pool time 0.5h) instead of
 * the automatic review. */
static void test_conventional_document_review(void **state)
{
    (void)state;
    cs_scenario s;
    pm_load(one_import, &s);
    pm_channel(&s, CS_CHANNEL_DOCUMENT);
    pm_recs rc;
    const cs_port_box_record *b = import_of(&s, R_CONV, &rc);
    assert_int_equal(b->channel, CS_CHANNEL_DOCUMENT);
    /* T5 = 134.25; an officer is free: review 0.5h -> 134.75; payment 1h:
     * T7 = T8 = 135.75; T9 = 136.5; wanted 141.5 -> slot [142, 143) */
    PM_MS(b, T5, 134.25);
    PM_NO_MS(b, T6S);
    PM_MS(b, T7, 135.75);
    PM_MS(b, T8, 135.75);
    PM_MS(b, T9, 136.5);
    PM_MS(b, T10, pm_slot_truck(b, 142.0) + 0.0625 + 0.125);
    pm_recs_free(&rc);
    cs_scenario_free(&s);
}

/* A full appointment slot sends the next truck to the following slot. */
static void test_appointment_slot_capacity(void **state)
{
    (void)state;
    cs_scenario s;
    pm_load(PM_BASE PM_CALL("2", "0") REGIMES, &s);
    s.port->slot_capacity = 1;
    pm_recs rc;
    pm_run(&s, R_CONV, &rc);
    assert_int_equal(rc.nbox, 2);
    /* discharged 132.125 and 132.25, both released 135.375, handed over
     * 136.125, wanting slot [142, 143): one gets it, the other [143, 144) */
    double k[2];
    for (int i = 0; i < 2; i++) {
        const cs_port_box_record *b = &rc.box[i];
        PM_MS(b, T9, 136.125);
        k[i] = floor(b->t[CS_MS_T10] - 0.1875);
        PM_MS(b, T10, pm_slot_truck(b, k[i]) + 0.0625 + 0.125);
    }
    assert_float_equal(fmin(k[0], k[1]), 142.0, 0.0);
    assert_float_equal(fmax(k[0], k[1]), 143.0, 0.0);
    pm_recs_free(&rc);
    cs_scenario_free(&s);
}

/* Only eligible credit classes adopt a pilot: general credit under a
 * regime open to AEO traders only follows flow A. */
static void test_pilot_eligibility(void **state)
{
    (void)state;
    cs_scenario s;
    pm_load(one_import, &s);
    pm_recs rc;
    const cs_port_box_record *b = import_of(&s, R_ADVANCE_AEO, &rc);
    assert_int_equal(b->path, CS_PATH_NOT_ADOPTED);
    /* as in A: T3 = 134 (after arrival), T8 = 135.375 */
    PM_MS(b, T3, 134.0);
    PM_MS(b, T8, 135.375);
    pm_recs_free(&rc);
    cs_scenario_free(&s);
}

/* ---- B: advance declaration ---------------------------------------------- */

static void test_advance_green_released_at_arrival(void **state)
{
    (void)state;
    cs_scenario s;
    pm_load(one_import, &s);
    pm_recs rc;
    const cs_port_box_record *b = import_of(&s, R_ADVANCE, &rc);
    assert_int_equal(b->path, CS_PATH_PILOT);
    PM_MS(b, T0, 130.0);
    /* lodged 24h before arrival (the box exists from the announcement at
     * 10h): T3 = 106, T4 = T5 = 106.25, review 106.375, paid T7 = 107.375 */
    PM_MS(b, T3, 106.0);
    PM_MS(b, T5, 106.25);
    PM_MS(b, T7, 107.375);
    /* release waits for the vessel: T8 = T0 = 130; T9 = 130 + 0.75 */
    PM_MS(b, T8, 130.0);
    PM_MS(b, T9, 130.75);
    /* discharge as in A: T1 = 132, T2 = 132.125; stacked 132.4375.  The
     * consignee planned from the D/O: wanted 130.75 + 5 = 135.75, after the
     * stacking -> slot [136, 137); the box still goes through the yard */
    PM_MS(b, T1, 132.0);
    PM_MS(b, T2, 132.125);
    PM_NO_MS(b, T6S);
    PM_MS(b, T10, pm_slot_truck(b, 136.0) + 0.0625 + 0.125);
    pm_recs_free(&rc);
    cs_scenario_free(&s);
}

static void test_advance_scan_from_crane(void **state)
{
    (void)state;
    cs_scenario s;
    pm_load(one_import, &s);
    pm_channel(&s, CS_CHANNEL_SCAN);
    pm_recs rc;
    const cs_port_box_record *b = import_of(&s, R_ADVANCE, &rc);
    assert_int_equal(b->channel, CS_CHANNEL_SCAN);
    /* decided at T5 = 106.25, before the discharge; paid T7 = 107.375 */
    PM_MS(b, T5, 106.25);
    PM_MS(b, T7, 107.375);
    /* T2 = 132.125; transport 0.25h straight to the scan lane, no yard
     * crane move first: T6s = 132.375 */
    PM_MS(b, T2, 132.125);
    PM_MS(b, T6S, 132.375);
    /* scan 0.125h + image review 0.25h: T6e = 132.75 = T8 */
    PM_MS(b, T6E, 132.75);
    PM_MS(b, T8, 132.75);
    /* back to the stack (yard crane 0.0625h: 132.8125); T9 = 133.5;
     * wanted 138.5 -> slot [139, 140) */
    PM_MS(b, T9, 133.5);
    PM_MS(b, T10, pm_slot_truck(b, 139.0) + 0.0625 + 0.125);
    pm_recs_free(&rc);

    /* The conventional scan box for contrast: stacked at 132.4375, decided
     * T5 = 134.25, then out of the stack (yard crane 0.0625h) and transport
     * 0.25h: T6s = 134.5625, T6e = 134.9375; release at payment T7 =
     * 135.375 (after the scan); T9 = 136.125 -> slot [142, 143) */
    b = import_of(&s, R_CONV, &rc);
    PM_MS(b, T6S, 134.5625);
    PM_MS(b, T6E, 134.9375);
    PM_MS(b, T7, 135.375);
    PM_MS(b, T8, 135.375);
    PM_MS(b, T10, pm_slot_truck(b, 142.0) + 0.0625 + 0.125);
    pm_recs_free(&rc);
    cs_scenario_free(&s);
}

/* An exam decided before the discharge keeps the exam schedule (exams start
 * 08-16h; later: next morning) when the box comes straight from the crane,
 * as it does for a box taken out of the stack. */
static void test_advance_exam_from_crane_waits_for_schedule(void **state)
{
    (void)state;
    cs_scenario s;
    pm_load(PM_BASE
            "services:\n"
            "  - {name: main, period: 2000h, first_call: 140h, on_time_share: 1,\n"
            "     imports: " PM_DET("1") ", exports: " PM_DET("0") "}\n" REGIMES,
            &s);
    pm_channel(&s, CS_CHANNEL_EXAM);
    pm_recs rc;
    const cs_port_box_record *b = import_of(&s, R_ADVANCE, &rc);
    /* T0 = 140 (day 5, 20:00); T3 = 116, T5 = 116.25, T7 = 117.375 */
    PM_MS(b, T5, 116.25);
    PM_MS(b, T7, 117.375);
    /* berth 142, T2 = 142.125; transport 0.25h to the exam area: 142.375
     * (22:22, after the 16h cut-off) -> next morning 144 + 8: T6s = 152,
     * exam 2h: T6e = T8 = 154 */
    PM_MS(b, T2, 142.125);
    PM_MS(b, T6S, 152.0);
    PM_MS(b, T6E, 154.0);
    PM_MS(b, T8, 154.0);
    /* back in the stack 154.0625; T9 = 154.75; wanted 159.75 -> slot 160 */
    PM_MS(b, T10, pm_slot_truck(b, 160.0) + 0.0625 + 0.125);
    pm_recs_free(&rc);

    /* conventional: stacked 142.4375; T3 = 144, T5 = 144.25 (00:15 of day
     * 6) -> exam ready at 152, out of the stack 0.0625h + transport 0.25h:
     * T6s = 152.3125 */
    b = import_of(&s, R_CONV, &rc);
    PM_MS(b, T5, 144.25);
    PM_MS(b, T6S, 152.3125);
    pm_recs_free(&rc);
    cs_scenario_free(&s);
}

/* ---- C: two-step declaration --------------------------------------------- */

static void test_two_step(void **state)
{
    (void)state;
    cs_scenario s;
    pm_load(one_import, &s);
    pm_recs rc;
    const cs_port_box_record *b = import_of(&s, R_TWO_STEP, &rc);
    assert_int_equal(b->path, CS_PATH_PILOT);
    /* summary declaration at arrival: T3 = 130, T4 = T5 = 130.25 */
    PM_MS(b, T3, 130.0);
    PM_MS(b, T5, 130.25);
    /* only the access check (0.5h) on the critical path: T8 = 130.75, no
     * payment before release */
    PM_MS(b, T8, 130.75);
    /* the complete declaration and duties 48h after release:
     * FINAL = T7 = 178.75 */
    PM_MS(b, FINAL, 178.75);
    PM_MS(b, T7, 178.75);
    /* T9 = 130.75 + 0.75 = 131.5; planned 5h from the D/O: wanted 136.5
     * (stacked at 132.4375) -> slot [137, 138) */
    PM_MS(b, T9, 131.5);
    PM_MS(b, T2, 132.125);
    PM_MS(b, T10, pm_slot_truck(b, 137.0) + 0.0625 + 0.125);
    pm_recs_free(&rc);
    cs_scenario_free(&s);
}

/* ---- D: ship-side direct lifting ----------------------------------------- */

/* Declared T3 = 106, paid T7 = 107.375, released at arrival T8 = 130,
 * handed over T9 = 130.75; berthed and working at 132; discharged first
 * T2 = 132.125.  These hold for every green ship-side case below. */
static void ship_side_common(const cs_port_box_record *b)
{
    PM_MS(b, T0, 130.0);
    PM_MS(b, T3, 106.0);
    PM_MS(b, T7, 107.375);
    PM_MS(b, T1, 132.0);
    PM_MS(b, T2, 132.125);
}

static void test_ship_side_pilot(void **state)
{
    (void)state;
    cs_scenario s;
    pm_load(one_import, &s);
    pm_recs rc;
    const cs_port_box_record *b = import_of(&s, R_SHIP_SIDE, &rc);
    ship_side_common(b);
    PM_MS(b, T8, 130.0);
    PM_MS(b, T9, 130.75);
    /* the truck is at the quay from 132 (0h after berthing); the box is
     * lifted onto it at discharge, no yard: the truck drives to the gate
     * (the transport time 0.25h, its own truck) and leaves (gate-out
     * 0.125h): T10 = T2 + 0.375 = 132.5 */
    assert_int_equal(b->path, CS_PATH_PILOT);
    PM_MS(b, T10, 132.5);
    assert_int_equal(b->rehandles, 0);
    pm_recs_free(&rc);
    cs_scenario_free(&s);
}

static void test_ship_side_truck_late(void **state)
{
    (void)state;
    cs_scenario s;
    pm_load(one_import, &s);
    s.port->ship_side_truck = cs_dist_deterministic(1.0);
    pm_recs rc;
    const cs_port_box_record *b = import_of(&s, R_SHIP_SIDE, &rc);
    ship_side_common(b);
    /* the truck comes at 133, after T2 + tolerance = 132.625: the box goes
     * to the stack (transport 0.25h + yard crane 0.0625h: 132.9375); D/O at
     * 130.75, planned 5h: wanted 135.75 -> slot [136, 137) */
    assert_int_equal(b->path, CS_PATH_FALLBACK);
    PM_MS(b, T10, pm_slot_truck(b, 136.0) + 0.0625 + 0.125);
    pm_recs_free(&rc);
    cs_scenario_free(&s);
}

static void test_ship_side_exam_fallback(void **state)
{
    (void)state;
    cs_scenario s;
    pm_load(one_import, &s);
    pm_channel(&s, CS_CHANNEL_EXAM);
    pm_recs rc;
    const cs_port_box_record *b = import_of(&s, R_SHIP_SIDE, &rc);
    ship_side_common(b);
    assert_int_equal(b->path, CS_PATH_FALLBACK);
    /* decided T5 = 106.25 before the discharge: from the crane (132.125)
     * straight to the exam area, transport 0.25h: 132.375, 12:22 of day 5,
     * inside the exam hours 08-16: T6s = 132.375, exam 2h: T6e = 134.375 */
    PM_MS(b, T6S, 132.375);
    PM_MS(b, T6E, 134.375);
    /* released after the exam: T8 = 134.375, T9 = 135.125; back in the
     * stack at 134.4375: wanted 140.125 -> slot [141, 142), by appointment */
    PM_MS(b, T8, 134.375);
    PM_MS(b, T9, 135.125);
    PM_MS(b, T10, pm_slot_truck(b, 141.0) + 0.0625 + 0.125);
    pm_recs_free(&rc);
    cs_scenario_free(&s);
}

static void test_ship_side_scan_at_quay(void **state)
{
    (void)state;
    cs_scenario s;
    pm_load(one_import, &s);
    pm_channel(&s, CS_CHANNEL_SCAN);
    pm_recs rc;
    const cs_port_box_record *b = import_of(&s, R_SHIP_SIDE_QUAY, &rc);
    ship_side_common(b);
    /* scanned at the quay at discharge: T6s = T2 = 132.125; scan 0.125h +
     * image 0.25h: T6e = T8 = 132.5 */
    PM_MS(b, T6S, 132.125);
    PM_MS(b, T6E, 132.5);
    PM_MS(b, T8, 132.5);
    /* the paper D/O takes 0.75h: T9 = 133.25, later than the tolerance
     * (132.5 + 0.5 = 133), but the truck has waited at the quay since 132:
     * it takes the box at T9; drive 0.25h + gate-out 0.125h: T10 = 133.625 */
    PM_MS(b, T9, 133.25);
    assert_int_equal(b->path, CS_PATH_PILOT);
    PM_MS(b, T10, 133.625);
    pm_recs_free(&rc);

    /* without scan at the quay the scan box falls back: from the crane to
     * the scan lane (T6s = 132.375) and on by appointment */
    b = import_of(&s, R_SHIP_SIDE, &rc);
    assert_int_equal(b->path, CS_PATH_FALLBACK);
    PM_MS(b, T6S, 132.375);
    PM_MS(b, T8, 132.75);
    pm_recs_free(&rc);
    cs_scenario_free(&s);
}

/* The tolerance is for the truck: a truck at the quay waits for a slow paper
 * D/O rather than the box going to the stack (docs/domain.md, flow D: a
 * truck not there within the tolerance sends the box to the yard). */
static void test_ship_side_truck_waits_for_handover(void **state)
{
    (void)state;
    cs_scenario s;
    pm_load(one_import, &s);
    s.port->handover = cs_dist_deterministic(3.0);
    pm_recs rc;
    const cs_port_box_record *b = import_of(&s, R_SHIP_SIDE, &rc);
    ship_side_common(b);
    /* released at arrival T8 = 130; notice 0.25h + D/O 3h: T9 = 133.25,
     * past T2 + tolerance (132.625); the truck is there since 132 and
     * takes the box at T9: drive 0.25h + gate 0.125h: T10 = 133.625 */
    PM_MS(b, T8, 130.0);
    PM_MS(b, T9, 133.25);
    assert_int_equal(b->path, CS_PATH_PILOT);
    PM_MS(b, T10, 133.625);
    pm_recs_free(&rc);

    /* a truck that is not there by then still sends the box to the stack:
     * truck at 133 (1h after berthing) > 132.625; stacked 132.9375,
     * booked at T9 = 133.25: wanted 138.25 -> slot [139, 140) */
    s.port->ship_side_truck = cs_dist_deterministic(1.0);
    b = import_of(&s, R_SHIP_SIDE, &rc);
    assert_int_equal(b->path, CS_PATH_FALLBACK);
    PM_MS(b, T10, pm_slot_truck(b, 139.0) + 0.0625 + 0.125);
    pm_recs_free(&rc);
    cs_scenario_free(&s);
}

/* A ship-side truck that comes after its box has left must not act on the
 * box that reuses the box's slot: box A (call at 130h) falls back and
 * leaves by appointment around 138h; its truck comes at 132 + 130.25 =
 * 262.25h.  Box B (second service, announced at 140h, so allocated after A
 * left) is at the quay from 262.125 to 262.625 waiting for its own truck
 * (262 + 130.25 = 392.25h): it must fall back, not leave on A's truck. */
static void test_ship_side_stale_truck(void **state)
{
    (void)state;
    cs_scenario s;
    pm_load(PM_BASE
            "services:\n"
            "  - {name: a, period: 2000h, first_call: 130h, on_time_share: 1,\n"
            "     imports: " PM_DET("1") ", exports: " PM_DET("0") "}\n"
            "  - {name: b, period: 2000h, first_call: 260h, on_time_share: 1,\n"
            "     imports: " PM_DET("1") ", exports: " PM_DET("0") "}\n" REGIMES,
            &s);
    s.port->ship_side_truck = cs_dist_deterministic(130.25);
    pm_recs rc;
    pm_run(&s, R_SHIP_SIDE, &rc);
    assert_int_equal(rc.nbox, 2);
    const cs_port_box_record *a = rc.box[0].vessel == 0 ? &rc.box[0] : &rc.box[1];
    const cs_port_box_record *b = rc.box[0].vessel == 0 ? &rc.box[1] : &rc.box[0];
    assert_int_equal(a->vessel, 0);
    assert_int_equal(b->vessel, 1);
    assert_true(a->finished && b->finished);
    /* A: T2 = 132.125, gives up at 132.625, stacked 132.9375; D/O 130.75
     * planned 5h -> slot [136, 137) */
    assert_int_equal(a->path, CS_PATH_FALLBACK);
    PM_MS(a, T10, pm_slot_truck(a, 136.0) + 0.0625 + 0.125);
    /* B: T0 = 260, T8 = 260, T9 = 260.75, T2 = 262.125; gives up at
     * 262.625, stacked 262.9375; wanted 265.75 -> slot [266, 267) */
    PM_MS(b, T2, 262.125);
    assert_int_equal(b->path, CS_PATH_FALLBACK);
    PM_MS(b, T10, pm_slot_truck(b, 266.0) + 0.0625 + 0.125);
    pm_recs_free(&rc);
    cs_scenario_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conventional_import),
        cmocka_unit_test(test_conventional_import_rehandles),
        cmocka_unit_test(test_conventional_document_review),
        cmocka_unit_test(test_appointment_slot_capacity),
        cmocka_unit_test(test_pilot_eligibility),
        cmocka_unit_test(test_advance_green_released_at_arrival),
        cmocka_unit_test(test_advance_scan_from_crane),
        cmocka_unit_test(test_advance_exam_from_crane_waits_for_schedule),
        cmocka_unit_test(test_two_step),
        cmocka_unit_test(test_ship_side_pilot),
        cmocka_unit_test(test_ship_side_truck_late),
        cmocka_unit_test(test_ship_side_exam_fallback),
        cmocka_unit_test(test_ship_side_scan_at_quay),
        cmocka_unit_test(test_ship_side_truck_waits_for_handover),
        cmocka_unit_test(test_ship_side_stale_truck),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
