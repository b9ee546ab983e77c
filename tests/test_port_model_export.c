/*
 * test_port_model_export.c - the export and transit flows of the port model
 * on the tiny deterministic port of test_port_model.h:
 *
 *   E  conventional export: gate-in, declaration after the lag, release,
 *      loading on its call, departure; roll-over to the next call when
 *      released after the cut-off
 *   F  direct loading: pilot while the vessel works and from the apron;
 *      fallback for a truck too early and for a box selected for a scan
 *   G  transit feeder -> mainline with and without the combined port
 *
 * The call is announced at 10h (130h - yard open 120h); the export truck
 * comes 24h after that unless the regime times it (direct loading).
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
    "  direct: {direct_loading: 1}\n"                                                    \
    "  combined: {combined_port: true}\n"
enum { R_CONV, R_DIRECT, R_COMBINED };

/* ---- E: conventional export ---------------------------------------------- */

static void test_conventional_export(void **state)
{
    (void)state;
    cs_scenario s;
    pm_load(PM_BASE PM_CALL("0", "1") REGIMES, &s);
    pm_recs rc;
    pm_run(&s, R_CONV, &rc);
    const cs_port_box_record *b = pm_only(&rc, CS_FLOW_EXPORT);
    assert_true(b->finished);
    assert_true(b->observed); /* gate-in plan 34h in [0, 240h) */
    assert_int_equal(b->path, CS_PATH_NONE);
    /* truck 10 + 24 = 34h; gate-in 0.125h: T0 = 34.125; stacked 34.1875 */
    PM_MS(b, T0, 34.125);
    PM_NO_MS(b, T1);
    PM_NO_MS(b, T2);
    /* declared after the lag of 10h: T3 = 44.125; acceptance 0.25h:
     * T4 = T5 = 44.375; auto review 0.125h; no duties: T8 = 44.5 */
    PM_MS(b, T3, 44.125);
    PM_MS(b, T4, 44.375);
    PM_MS(b, T5, 44.375);
    PM_NO_MS(b, T7);
    PM_MS(b, T8, 44.5);
    /* arrival 130, quarantine 2h, ops from 132; released before the
     * cut-off 132 - 12 = 120: out of the stack 0.0625h, transport 0.25h,
     * crane 0.125h: LOADED = 132.4375; nothing else to do: the vessel
     * departs at once, DEPART = 132.4375 */
    PM_MS(b, LOADED, 132.4375);
    PM_MS(b, DEPART, 132.4375);
    assert_int_equal(b->vessel, 0);
    assert_int_equal(rc.nves, 1);
    assert_float_equal(rc.ves[0].departed, 132.4375, 1e-9);
    assert_int_equal(rc.ves[0].exports, 1);
    pm_recs_free(&rc);
    cs_scenario_free(&s);
}

/* Released after the cut-off of its call: loaded on the service's next call. */
static void test_export_rolls_to_next_call(void **state)
{
    (void)state;
    cs_scenario s;
    /* calls at 130h and 430h (730h is past horizon + drain = 720h) */
    pm_load(PM_BASE
            "services:\n"
            "  - {name: main, period: 300h, first_call: 130h, on_time_share: 1,\n"
            "     imports: " PM_DET("0") ", exports: " PM_DET("1") "}\n" REGIMES,
            &s);
    s.port->export_declaration_lag = cs_dist_deterministic(90.0);
    pm_recs rc;
    pm_run(&s, R_CONV, &rc);
    assert_int_equal(rc.nves, 2);
    assert_int_equal(rc.nbox, 2);
    const cs_port_box_record *a = rc.box[0].finished ? &rc.box[0] : &rc.box[1];
    const cs_port_box_record *b = rc.box[0].finished ? &rc.box[1] : &rc.box[0];
    /* box of call 0: T0 = 34.125, T3 = 124.125, T5 = 124.375, T8 = 124.5:
     * after the cut-off 120 (before the ops start at 132): it rolls */
    assert_true(a->finished);
    assert_int_equal(a->id, 0); /* call 0, index 0 */
    PM_MS(a, T0, 34.125);
    PM_MS(a, T8, 124.5);
    /* call 1: arrival 430, ops 432, cut-off 420 >= 124.5: loaded
     * 432 + 0.0625 + 0.25 + 0.125 = 432.4375, departs then */
    assert_int_equal(a->vessel, 1);
    PM_MS(a, LOADED, 432.4375);
    PM_MS(a, DEPART, 432.4375);
    assert_float_equal(rc.ves[1].ops_start, 432.0, 1e-9);
    assert_float_equal(rc.ves[1].departed, 432.4375, 1e-9);
    /* the box of call 1 (gate-in 310 + 24 + 0.125, released 334.125 +
     * 90 + 0.375 = 424.5 > 420) rolls too, and there is no further call: it is
     * reported unfinished, on no call */
    assert_false(b->finished);
    assert_int_equal(b->id, 1u << 20);
    PM_MS(b, T8, 424.5);
    PM_NO_MS(b, LOADED);
    assert_int_equal(b->vessel, UINT32_MAX);
    assert_int_equal(rc.tot.generated[CS_FLOW_EXPORT], 2);
    assert_int_equal(rc.tot.finished[CS_FLOW_EXPORT], 1);
    pm_recs_free(&rc);
    cs_scenario_free(&s);
}

/* ---- F: direct loading --------------------------------------------------- */

/* One call with 8 imports (crane moves end at 132.125, 132.25, ...) and
 * one export; the cut-off is 1h so that a fallback box released at the
 * gate (after 120h) can still make its call. */
static const cs_port_box_record *direct_export(cs_scenario *s, pm_recs *rc)
{
    s->port->cutoff = 1.0;
    pm_run(s, R_DIRECT, rc);
    const cs_port_box_record *b = pm_only(rc, CS_FLOW_EXPORT);
    assert_true(b->finished);
    assert_int_equal(b->vessel, 0);
    return b;
}

static void test_direct_loading_pilot(void **state)
{
    (void)state;
    cs_scenario s;
    pm_load(PM_BASE PM_CALL("8", "1") REGIMES, &s);
    /* truck 2.4375h after the arrival: 132.4375, while the vessel works */
    s.port->direct_loading_truck = cs_dist_deterministic(2.4375);
    pm_recs rc;
    const cs_port_box_record *b = direct_export(&s, &rc);
    /* declared 24h before the truck: T3 = 108.4375, T5 = 108.6875; the
     * review ends 108.8125; release waits for the gate: T0 = T8 = 132.5625 */
    PM_MS(b, T3, 108.4375);
    PM_MS(b, T5, 108.6875);
    PM_MS(b, T0, 132.5625);
    PM_MS(b, T8, 132.5625);
    /* vessel working: straight to the quay (transport 0.25h, no stack):
     * 132.8125; the crane is on discharge move 7 (132.75-132.875), then
     * alternates to the load: LOADED = 133.0; move 8 ends 133.125 and the
     * vessel departs */
    assert_int_equal(b->path, CS_PATH_PILOT);
    PM_MS(b, LOADED, 133.0);
    PM_MS(b, DEPART, 133.125);
    pm_recs_free(&rc);

    /* truck at 131 (1h after arrival), vessel not yet berthed: gate-in
     * 131.125 (released), waits on the apron (open 4h, until 135.125); ops
     * at 132: first crane move discharges (132.125), the next loads from
     * the apron: LOADED = 132.25 */
    s.port->direct_loading_truck = cs_dist_deterministic(1.0);
    b = direct_export(&s, &rc);
    PM_MS(b, T0, 131.125);
    PM_MS(b, T8, 131.125);
    assert_int_equal(b->path, CS_PATH_PILOT);
    PM_MS(b, LOADED, 132.25);
    pm_recs_free(&rc);
    cs_scenario_free(&s);
}

static void test_direct_loading_truck_too_early(void **state)
{
    (void)state;
    cs_scenario s;
    pm_load(PM_BASE PM_CALL("8", "1") REGIMES, &s);
    /* truck at the arrival 130, apron open only 1h before berthing */
    s.port->direct_loading_truck = cs_dist_deterministic(0.0);
    s.port->direct_loading_early = 1.0;
    pm_recs rc;
    const cs_port_box_record *b = direct_export(&s, &rc);
    /* gate-in and release T0 = T8 = 130.125; on the apron until 131.125,
     * the vessel works only from 132: to the stack (131.1875) */
    PM_MS(b, T0, 130.125);
    PM_MS(b, T8, 130.125);
    assert_int_equal(b->path, CS_PATH_FALLBACK);
    /* released before the cut-off 132 - 1 = 131: loaded on the call the
     * conventional way: out of the stack 132.0625, transport 132.3125; the
     * crane is on move 3 (132.25-132.375), then loads: LOADED = 132.5 */
    PM_MS(b, LOADED, 132.5);
    PM_MS(b, DEPART, 133.125);
    pm_recs_free(&rc);
    cs_scenario_free(&s);
}

static void test_direct_loading_selected_for_scan(void **state)
{
    (void)state;
    cs_scenario s;
    pm_load(PM_BASE PM_CALL("8", "1") REGIMES, &s);
    pm_channel(&s, CS_CHANNEL_SCAN);
    s.port->direct_loading_truck = cs_dist_deterministic(0.0);
    pm_recs rc;
    const cs_port_box_record *b = direct_export(&s, &rc);
    /* declared 106, decided T5 = 106.25: selected; gate-in T0 = 130.125,
     * not released: to the stack (130.1875), out again (130.25), transport
     * to the scan lane: T6s = 130.5, scan 0.125h + image 0.25h:
     * T6e = T8 = 130.875; back in the stack 130.9375 */
    PM_MS(b, T5, 106.25);
    PM_MS(b, T0, 130.125);
    PM_MS(b, T6S, 130.5);
    PM_MS(b, T6E, 130.875);
    PM_MS(b, T8, 130.875);
    assert_int_equal(b->path, CS_PATH_FALLBACK);
    /* before the cut-off 131: loaded as in the early-truck case */
    PM_MS(b, LOADED, 132.5);
    pm_recs_free(&rc);
    cs_scenario_free(&s);
}

/* ---- G: transit feeder -> mainline --------------------------------------- */

/* Service 0 (vessel 0) is the mainline calling at 200h; service 1
 * (vessel 1) a feeder at 130h whose one box is in transit to it. */
static const char *const transit_port =
    PM_BASE
    "services:\n"
    "  - {name: main, period: 2000h, first_call: 200h, on_time_share: 1,\n"
    "     imports: " PM_DET("0") ", exports: " PM_DET("0") "}\n"
    "  - {name: fdr, period: 2000h, first_call: 130h, on_time_share: 1, feeder: true,\n"
    "     transit_share: 1, transit_to: main,\n"
    "     imports: " PM_DET("1") ", exports: " PM_DET("0") "}\n" REGIMES;

static const cs_port_box_record *transit_box(const cs_scenario *s, uint32_t r, pm_recs *rc)
{
    pm_run(s, r, rc);
    const cs_port_box_record *b = pm_only(rc, CS_FLOW_TRANSIT);
    assert_true(b->finished);
    assert_true(b->observed);
    assert_int_equal(b->id, 1u << 20); /* call (vessel) 1, index 0 */
    /* feeder arrival T0 = 130, berth 132, crane: T2 = 132.125 */
    PM_MS(b, T0, 130.0);
    PM_MS(b, T1, 132.0);
    PM_MS(b, T2, 132.125);
    /* loaded on the mainline call (vessel 0): arrival 200, ops 202, out of
     * the stack 0.0625h, transport 0.25h, crane 0.125h: 202.4375 */
    assert_int_equal(b->vessel, 0);
    PM_MS(b, LOADED, 202.4375);
    PM_MS(b, DEPART, 202.4375);
    PM_NO_MS(b, T7);
    PM_NO_MS(b, T10);
    return b;
}

static void test_transit_combined_port(void **state)
{
    (void)state;
    cs_scenario s;
    pm_load(transit_port, &s);
    pm_recs rc;
    const cs_port_box_record *b = transit_box(&s, R_COMBINED, &rc);
    /* cleared at the feeder port: released at discharge, T8 = T2, no
     * second declaration */
    PM_MS(b, T8, 132.125);
    PM_NO_MS(b, T3);
    PM_NO_MS(b, T5);
    pm_recs_free(&rc);
    cs_scenario_free(&s);
}

static void test_transit_arrival_confirmation(void **state)
{
    (void)state;
    cs_scenario s;
    pm_load(transit_port, &s);
    pm_recs rc;
    const cs_port_box_record *b = transit_box(&s, R_CONV, &rc);
    /* declared at the hub at discharge T3 = 132.125, T4 = T5 = 132.375;
     * arrival confirmation 3h: T8 = 135.375 (stacked at 132.4375, booked
     * on the mainline once released) */
    PM_MS(b, T3, 132.125);
    PM_MS(b, T5, 132.375);
    PM_MS(b, T8, 135.375);
    pm_recs_free(&rc);
    cs_scenario_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conventional_export),
        cmocka_unit_test(test_export_rolls_to_next_call),
        cmocka_unit_test(test_direct_loading_pilot),
        cmocka_unit_test(test_direct_loading_truck_too_early),
        cmocka_unit_test(test_direct_loading_selected_for_scan),
        cmocka_unit_test(test_transit_combined_port),
        cmocka_unit_test(test_transit_arrival_confirmation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
