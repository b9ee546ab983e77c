/*
 * test_port_model_overlay.c - overlays and resources of the port model on
 * the tiny deterministic port of test_port_model.h (one call at 130h, one
 * conventional import box unless said otherwise):
 *
 *   H  non-contact: remote quarantine, no release notice, e-D/O
 *      calendar: a gate-out lane closure holds the truck until it reopens
 *      lab: two-stage release at the exam's end, else at the lab result
 *   I  disruption: exam bays closed in a window (also two overlapping
 *      windows), crew tests before cargo operations, arrival surges
 *      the liner schedule: as many calls as fit before horizon + drain
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
    "  non_contact: {non_contact: true}\n"                                               \
    "  exam_closed:\n"                                                                   \
    "    disruptions: [{from: 134h, to: 140h, capacity: {exam_bays: 0}}]\n"              \
    "  exam_closed_twice:\n"                                                             \
    "    disruptions: [{from: 134h, to: 138h, capacity: {exam_bays: 0}},\n"              \
    "                  {from: 136h, to: 140h, capacity: {exam_bays: 0}}]\n"              \
    "  crew:\n"                                                                          \
    "    disruptions: [{from: 100h, to: 131h, crew_test: " PM_DET("6h") "}]\n"           \
    "  crew_later:\n"                                                                    \
    "    disruptions: [{from: 131h, to: 200h, crew_test: " PM_DET("6h") "}]\n"           \
    "  surge:\n"                                                                         \
    "    disruptions: [{from: 140h, to: 160h, surge: 3}]\n"
enum { R_CONV, R_NON_CONTACT, R_EXAM_CLOSED, R_EXAM_CLOSED_TWICE, R_CREW, R_CREW_LATER, R_SURGE };

static const char *const one_import = PM_BASE PM_CALL("1", "0") REGIMES;

static const cs_port_box_record *import_of(const cs_scenario *s, uint32_t r, pm_recs *rc)
{
    pm_run(s, r, rc);
    const cs_port_box_record *b = pm_only(rc, CS_FLOW_IMPORT);
    assert_true(b->finished);
    return b;
}

/* ---- H: non-contact ------------------------------------------------------ */

static void test_non_contact(void **state)
{
    (void)state;
    cs_scenario s;
    pm_load(one_import, &s);
    pm_recs rc;
    const cs_port_box_record *b = import_of(&s, R_NON_CONTACT, &rc);
    /* remote quarantine 0.25h: berth 130.25, T2 = 130.375 */
    PM_MS(b, T1, 130.25);
    PM_MS(b, T2, 130.375);
    assert_float_equal(rc.ves[0].berthed, 130.25, 1e-9);
    /* customs as in A: T3 = 134, T7 = T8 = 135.375 */
    PM_MS(b, T3, 134.0);
    PM_MS(b, T8, 135.375);
    /* no release notice, e-D/O 0.0625h: T9 = 135.4375; wanted 140.4375
     * -> slot [141, 142) */
    PM_MS(b, T9, 135.4375);
    PM_MS(b, T10, pm_slot_truck(b, 141.0) + 0.0625 + 0.125);
    pm_recs_free(&rc);
    cs_scenario_free(&s);
}

/* ---- calendars ----------------------------------------------------------- */

static void test_gate_closed_by_calendar(void **state)
{
    (void)state;
    cs_scenario s;
    pm_load(one_import, &s);
    /* gate-out lanes: 100 until 140h, none from 140h to 150h, then 100 */
    cs_calendar_spec *c = &s.port->pools[CS_POOL_GATE_OUT].calendar;
    c->n = 3;
    c->period = 0.0;
    c->changes[0] = (cs_capacity_change){ 0.0, 100 };
    c->changes[1] = (cs_capacity_change){ 140.0, 0 };
    c->changes[2] = (cs_capacity_change){ 150.0, 100 };
    pm_recs rc;
    const cs_port_box_record *b = import_of(&s, R_CONV, &rc);
    /* as in A: T9 = 136.125, wanted 141.125; no slot is offered while the
     * gate is closed: the first is [150, 151) */
    PM_MS(b, T9, 136.125);
    PM_MS(b, T10, pm_slot_truck(b, 150.0) + 0.0625 + 0.125);
    pm_recs_free(&rc);

    /* closed from 142.5h: the slot [142, 143) is offered, but the truck
     * (142 + U_SLOT > 142.5) finds the lane closed once the box is
     * retrieved; it opens at 150, gate-out 0.125h: T10 = 150.125 */
    c->changes[1].at = 142.5;
    b = import_of(&s, R_CONV, &rc);
    assert_true(b->u[U_SLOT] > 0.5);
    PM_MS(b, T10, 150.125);
    pm_recs_free(&rc);

    /* a closure that ends before the truck changes nothing */
    c->changes[1].at = 138.0;
    c->changes[2].at = 141.0;
    b = import_of(&s, R_CONV, &rc);
    PM_MS(b, T10, pm_slot_truck(b, 142.0) + 0.0625 + 0.125);
    pm_recs_free(&rc);
    cs_scenario_free(&s);
}

/* A crane calendar: the vessel's one crane is off shift from 131h to 135h.
 * As in A the vessel berths at 132, but no crane may work until 135: the
 * discharge starts then, T2 = 135 + 0.125.  With two cranes per vessel
 * and the calendar allowing one, two boxes discharge one after the other
 * (132.125, 132.25) instead of together. */
static void test_crane_calendar(void **state)
{
    (void)state;
    cs_scenario s;
    pm_load(one_import, &s);
    cs_calendar_spec *c = &s.port->crane_calendar;
    c->n = 3;
    c->period = 0.0;
    c->changes[0] = (cs_capacity_change){ 0.0, 1 };
    c->changes[1] = (cs_capacity_change){ 131.0, 0 };
    c->changes[2] = (cs_capacity_change){ 135.0, 1 };
    pm_recs rc;
    const cs_port_box_record *b = import_of(&s, R_CONV, &rc);
    PM_MS(b, T1, 132.0);
    PM_MS(b, T2, 135.125);
    pm_recs_free(&rc);
    cs_scenario_free(&s);

    static const char *const two_imports = PM_BASE PM_CALL("2", "0") REGIMES;
    pm_load(two_imports, &s);
    s.port->cranes_per_vessel = 2;
    pm_run(&s, R_CONV, &rc);
    double t2[2] = { NAN, NAN };
    size_t k = 0;
    for (size_t i = 0; i < rc.nbox && k < 2; i++) t2[k++] = rc.box[i].t[CS_MS_T2];
    assert_int_equal(k, 2);
    assert_float_equal(t2[0] + t2[1], 132.125 + 132.125, 1e-9); /* two cranes at once */
    pm_recs_free(&rc);
    c = &s.port->crane_calendar;
    c->n = 1;
    c->period = 0.0;
    c->changes[0] = (cs_capacity_change){ 0.0, 1 };
    pm_run(&s, R_CONV, &rc);
    k = 0;
    for (size_t i = 0; i < rc.nbox && k < 2; i++) t2[k++] = rc.box[i].t[CS_MS_T2];
    assert_float_equal(t2[0] + t2[1], 132.125 + 132.25, 1e-9); /* one after the other */
    pm_recs_free(&rc);
    cs_scenario_free(&s);
}

/* ---- lab, two-stage ------------------------------------------------------ */

static void test_lab_two_stage(void **state)
{
    (void)state;
    cs_scenario s;
    pm_load(one_import, &s);
    pm_channel(&s, CS_CHANNEL_LAB);
    pm_recs rc;
    const cs_port_box_record *b = import_of(&s, R_CONV, &rc);
    assert_int_equal(b->channel, CS_CHANNEL_LAB);
    /* stacked 132.4375; T5 = 134.25 (14:15, inside the exam hours): out of
     * the stack 0.0625h + transport 0.25h: T6s = 134.5625; exam 2h:
     * T6e = 136.5625; paid T7 = 135.375 */
    PM_MS(b, T6S, 134.5625);
    PM_MS(b, T6E, 136.5625);
    PM_MS(b, T7, 135.375);
    /* two-stage: released at the exam's end, T8 = 136.5625 (the lab result
     * comes at 184.5625); T9 = 137.3125; back in the stack 136.625:
     * wanted 142.3125 -> slot [143, 144) */
    PM_MS(b, T8, 136.5625);
    PM_MS(b, T9, 137.3125);
    PM_MS(b, T10, pm_slot_truck(b, 143.0) + 0.0625 + 0.125);
    pm_recs_free(&rc);

    /* single stage: released by the lab result, T8 = 136.5625 + 48 =
     * 184.5625; T9 = 185.3125; wanted 190.3125 -> slot [191, 192) */
    s.port->two_stage_lab = false;
    b = import_of(&s, R_CONV, &rc);
    PM_MS(b, T6E, 136.5625);
    PM_MS(b, T8, 184.5625);
    PM_MS(b, T9, 185.3125);
    PM_MS(b, T10, pm_slot_truck(b, 191.0) + 0.0625 + 0.125);
    pm_recs_free(&rc);
    cs_scenario_free(&s);
}

/* ---- I: disruptions ------------------------------------------------------ */

static void test_disruption_closes_exam_bays(void **state)
{
    (void)state;
    cs_scenario s;
    pm_load(one_import, &s);
    pm_channel(&s, CS_CHANNEL_EXAM);
    pm_recs rc;
    const cs_port_box_record *b = import_of(&s, R_CONV, &rc);
    /* undisturbed: at the exam bay at 134.5625 (as the lab box) */
    PM_MS(b, T6S, 134.5625);
    pm_recs_free(&rc);

    /* bays closed 134-140h: the box waits at the bay until 140: T6s = 140,
     * T6e = T8 = 142 (paid 135.375); T9 = 142.75; back in the stack
     * 142.0625: wanted 147.75 -> slot [148, 149) */
    b = import_of(&s, R_EXAM_CLOSED, &rc);
    PM_MS(b, T6S, 140.0);
    PM_MS(b, T6E, 142.0);
    PM_MS(b, T8, 142.0);
    PM_MS(b, T10, pm_slot_truck(b, 148.0) + 0.0625 + 0.125);
    pm_recs_free(&rc);

    /* two overlapping windows, 134-138h and 136-140h: closed until the
     * later one ends, T6s = 140 */
    b = import_of(&s, R_EXAM_CLOSED_TWICE, &rc);
    PM_MS(b, T6S, 140.0);
    PM_MS(b, T8, 142.0);
    pm_recs_free(&rc);
    cs_scenario_free(&s);
}

static void test_disruption_crew_test(void **state)
{
    (void)state;
    cs_scenario s;
    pm_load(one_import, &s);
    pm_recs rc;
    /* arrival 130 inside [100, 131): berthed 132, crew test 6h, cargo
     * operations from 138: T2 = 138.125 */
    const cs_port_box_record *b = import_of(&s, R_CREW, &rc);
    assert_float_equal(rc.ves[0].berthed, 132.0, 1e-9);
    assert_float_equal(rc.ves[0].ops_start, 138.0, 1e-9);
    PM_MS(b, T1, 132.0);
    PM_MS(b, T2, 138.125);
    /* customs does not wait for the discharge: T3 = 134, T8 = 135.375,
     * T9 = 136.125; planned 5h: wanted 141.125, after the stacking at
     * 138.4375 -> slot [142, 143) */
    PM_MS(b, T8, 135.375);
    PM_MS(b, T10, pm_slot_truck(b, 142.0) + 0.0625 + 0.125);
    pm_recs_free(&rc);

    /* a window from 131h does not hold a vessel that arrived at 130 */
    b = import_of(&s, R_CREW_LATER, &rc);
    assert_float_equal(rc.ves[0].ops_start, 132.0, 1e-9);
    PM_MS(b, T2, 132.125);
    pm_recs_free(&rc);
    cs_scenario_free(&s);
}

/* A surge multiplies the boxes of calls arriving in its window: a call due
 * at 130h, 20h late, arrives at 150h inside [140, 160): 3 boxes, not 1.
 * The same call on time arrives outside the window: 1 box. */
static void test_disruption_surge_by_arrival(void **state)
{
    (void)state;
    cs_scenario s;
    pm_load(one_import, &s);
    s.port->services[0].on_time_share = 0.0;
    s.port->services[0].lateness = cs_dist_deterministic(20.0);
    pm_recs rc;
    pm_run(&s, R_SURGE, &rc);
    assert_int_equal(rc.nves, 1);
    assert_float_equal(rc.ves[0].scheduled, 130.0, 1e-9);
    assert_float_equal(rc.ves[0].arrival, 150.0, 1e-9);
    assert_int_equal(rc.ves[0].imports, 3);
    assert_int_equal(rc.tot.generated[CS_FLOW_IMPORT], 3);
    pm_recs_free(&rc);

    s.port->services[0].on_time_share = 1.0;
    pm_run(&s, R_SURGE, &rc);
    assert_int_equal(rc.ves[0].imports, 1);
    pm_recs_free(&rc);

    /* a call due inside the window (145h) but arriving after it (165h) */
    s.port->services[0].first_call = 145.0;
    s.port->services[0].on_time_share = 0.0;
    pm_run(&s, R_SURGE, &rc);
    assert_float_equal(rc.ves[0].arrival, 165.0, 1e-9);
    assert_int_equal(rc.ves[0].imports, 1);
    pm_recs_free(&rc);
    cs_scenario_free(&s);
}

/* ---- the liner schedule -------------------------------------------------- */

/* Every call j with first_call + j * period < horizon + drain exists, once:
 * a 65-minute period with horizon + drain = 214.5h, where the quotient
 * 214.5 / (65/60) rounds to 197.99999999999997 but call 198 is due at
 * 198 * (65/60) = 214.49999999999997 < 214.5. */
static void test_schedule_has_every_call(void **state)
{
    (void)state;
    cs_scenario s;
    pm_load("kind: port\nname: pm\nhorizon: 190.5h\ndrain: 24h\n"
            "services:\n"
            "  - {name: fast, period: 65min, first_call: 0h, on_time_share: 1,\n"
            "     imports: " PM_DET("0") ", exports: " PM_DET("0") "}\n"
            "regimes:\n  conv: {}\n",
            &s);
    const cs_service_spec *sv = &s.port->services[0];
    const double end = s.port->horizon + s.port->drain;
    uint32_t calls = 0;
    while (sv->first_call + calls * sv->period < end) calls++;
    assert_int_equal(calls, 199);
    pm_recs rc;
    pm_run(&s, 0, &rc);
    assert_int_equal(rc.nves, calls);
    for (uint32_t v = 0; v < rc.nves; v++) {
        assert_int_equal(rc.ves[v].vessel, v);
        assert_int_equal(rc.ves[v].call, v);
        assert_float_equal(rc.ves[v].scheduled, sv->first_call + v * sv->period, 1e-9);
    }
    pm_recs_free(&rc);
    cs_scenario_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_non_contact),
        cmocka_unit_test(test_gate_closed_by_calendar),
        cmocka_unit_test(test_crane_calendar),
        cmocka_unit_test(test_lab_two_stage),
        cmocka_unit_test(test_disruption_closes_exam_bays),
        cmocka_unit_test(test_disruption_crew_test),
        cmocka_unit_test(test_disruption_surge_by_arrival),
        cmocka_unit_test(test_schedule_has_every_call),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
