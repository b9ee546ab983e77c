/*
 * test_port_behaviour.c - the behaviour facilitation works through, hand
 * computed on the tiny deterministic port of test_port_model.h:
 *
 *   pickup      booked once the D/O is in hand and the box is stacked: a
 *               release known before discharge gets a slot in the
 *               discharge window, the box still stacked and retrieved (the
 *               C2 comparator); a planner's delay counts from the D/O; a
 *               consignee who keeps the box past its free storage comes
 *               the late delay after it ends (the charge rule); a planner
 *               whose plan runs past it still comes as planned
 *   exports     released before gate-in when declared in advance and the
 *               rules allow it (release_h negative); scanned at the gate
 *   quarantine  the separate inspection before the 2018 merger, and the
 *               merged one exam, with and without a customs exam
 *   resources   their statistics cover the observation window [warmup,
 *               horizon), a calendar's servers counted as they change
 *
 * The import call arrives at 130h: T1 = 132, T2 = 132.125, stacked
 * 132.4375 (transport 0.25h, yard crane 0.0625h); conventional customs
 * T3 = 134, T5 = 134.25, T7 = T8 = 135.375, T9 = 136.125 (notice 0.25h,
 * D/O 0.5h).  Retrieval 0.0625h and gate-out 0.125h: T10 = truck + 0.1875.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include "clearsim/experiment.h"
#include "test_port_model.h"

#define REGIMES                                                                          \
    "regimes:\n"                                                                         \
    "  conv: {}\n"                                                                       \
    "  advance: {advance_declaration: 1}\n"                                              \
    "  export_advance: {export_advance: 1}\n"
enum { R_CONV, R_ADVANCE, R_EXPORT_ADVANCE };

static const char *const one_import = PM_BASE PM_CALL("1", "0") REGIMES;
static const char *const one_export = PM_BASE PM_CALL("0", "1") REGIMES;

static const cs_port_box_record *run_one(const cs_scenario *s, uint32_t regime, cs_box_flow flow, pm_recs *rc)
{
    pm_run(s, regime, rc);
    const cs_port_box_record *b = pm_only(rc, flow);
    assert_true(b->finished);
    return b;
}

/* ---- pickup ---------------------------------------------------------------- */

/* Released at arrival (130, D/O 130.75), before the discharge; the
 * consignee books the earliest slot offered once the box is stacked at
 * 132.4375: slot [133, 134) in the discharge window.  The box was stacked
 * and is retrieved all the same: lift-off 133 + U_SLOT + 0.1875 - 132.125.
 * With a booking lead of 3h: slot [136, 137).  It is C2's comparator. */
static void test_released_before_discharge_books_discharge_window(void **state)
{
    (void)state;
    cs_scenario s;
    pm_load(one_import, &s);
    s.port->first_slot_share = 1.0;
    pm_recs rc;
    const cs_port_box_record *b = run_one(&s, R_ADVANCE, CS_FLOW_IMPORT, &rc);
    PM_MS(b, T8, 130.0);
    PM_MS(b, T9, 130.75);
    PM_MS(b, T2, 132.125);
    PM_MS(b, T10, pm_slot_truck(b, 133.0) + 0.0625 + 0.125);
    assert_int_equal(b->rehandles, 0);
    pm_recs_free(&rc);

    s.port->appointment_lead = 3.0;
    b = run_one(&s, R_ADVANCE, CS_FLOW_IMPORT, &rc);
    PM_MS(b, T10, pm_slot_truck(b, 136.0) + 0.0625 + 0.125);
    pm_recs_free(&rc);

    /* the summary of a run counts it in the comparator segment */
    const cs_run_options opt = { .replications = 1, .threads = 1 };
    cs_results r;
    cs_error err = { 0 };
    assert_int_equal(cs_experiment_run(&s, &opt, &r, &err), CS_OK);
    char seg[CS_LABEL_MAX], met[CS_LABEL_MAX];
    cs_port_segment_name(CS_PORT_SEG_COMPARATOR, seg, sizeof seg);
    cs_port_metric_name(CS_PORT_LIFTOFF, met, sizeof met);
    bool found = false;
    for (size_t k = 0; k < r.nkeys; k++)
        if (!strcmp(r.keys[k].regime, "advance") && !strcmp(r.keys[k].segment, seg) &&
            !strcmp(r.keys[k].metric, met)) {
            assert_int_equal(r.rep_values[k * r.replications].count, 1);
            found = true;
        }
    assert_true(found);
    cs_results_free(&r);
    cs_scenario_free(&s);
}

/* A conventional release known after discharge: the consignee's planning
 * delay (5h) counts from the D/O, 136.125 -> 141.125: slot [142, 143). */
static void test_planner_counts_from_the_do(void **state)
{
    (void)state;
    cs_scenario s;
    pm_load(one_import, &s);
    pm_recs rc;
    const cs_port_box_record *b = run_one(&s, R_CONV, CS_FLOW_IMPORT, &rc);
    PM_MS(b, T9, 136.125);
    PM_MS(b, T10, pm_slot_truck(b, 142.0) + 0.0625 + 0.125);
    pm_recs_free(&rc);

    /* a plan of 120h runs past the free storage (T2 + 96h = 228.125): the
     * planner still comes as planned, 256.125 -> slot [257, 258) */
    s.port->pickup_planning = cs_dist_deterministic(120.0);
    b = run_one(&s, R_CONV, CS_FLOW_IMPORT, &rc);
    PM_MS(b, T10, pm_slot_truck(b, 257.0) + 0.0625 + 0.125);
    pm_recs_free(&rc);
    cs_scenario_free(&s);
}

/* Nobody plans: the box stays its free storage (96h from the discharge,
 * to 228.125) and the consignee comes the late delay (24h) after it ends:
 * 252.125 -> slot [253, 254).  Free storage of 2d: 204.125 -> [205, 206). */
static void test_late_consignee_after_free_storage(void **state)
{
    (void)state;
    cs_scenario s;
    pm_load(one_import, &s);
    s.port->pickup_within_free_share = 0.0;
    pm_recs rc;
    const cs_port_box_record *b = run_one(&s, R_CONV, CS_FLOW_IMPORT, &rc);
    PM_MS(b, T10, pm_slot_truck(b, 253.0) + 0.0625 + 0.125);
    pm_recs_free(&rc);
    s.port->free_storage = 48.0;
    b = run_one(&s, R_CONV, CS_FLOW_IMPORT, &rc);
    PM_MS(b, T10, pm_slot_truck(b, 205.0) + 0.0625 + 0.125);
    pm_recs_free(&rc);
    cs_scenario_free(&s);
}

/* The consignee's kind is a band of one uniform: first slot below
 * first_slot_share, planners next, the late ones above. */
static void test_pickup_bands(void **state)
{
    (void)state;
    cs_scenario s;
    pm_load(one_import, &s);
    pm_recs rc;
    const cs_port_box_record *b = run_one(&s, R_CONV, CS_FLOW_IMPORT, &rc);
    const double u = b->u[U_PICKUP];
    pm_recs_free(&rc);
    /* u just inside the first-slot band: booked at 136.125 -> [137, 138) */
    s.port->first_slot_share = u + 1e-9;
    b = run_one(&s, R_CONV, CS_FLOW_IMPORT, &rc);
    PM_MS(b, T10, pm_slot_truck(b, 137.0) + 0.0625 + 0.125);
    pm_recs_free(&rc);
    /* just above it, and all others late: [253, 254) */
    s.port->first_slot_share = u - 1e-9;
    s.port->pickup_within_free_share = 0.0;
    b = run_one(&s, R_CONV, CS_FLOW_IMPORT, &rc);
    PM_MS(b, T10, pm_slot_truck(b, 253.0) + 0.0625 + 0.125);
    pm_recs_free(&rc);
    cs_scenario_free(&s);
}

/* ---- exports ----------------------------------------------------------------- */

/* Declared 24h before its truck (34h): T3 = 10, T5 = 10.25, auto review
 * 0.125h.  Without the rule the release waits for the gate-in (T0 =
 * 34.125); with it the box is released at 10.375, release_h = -23.75. */
static void test_export_released_before_gate_in(void **state)
{
    (void)state;
    cs_scenario s;
    pm_load(one_export, &s);
    pm_recs rc;
    const cs_port_box_record *b = run_one(&s, R_EXPORT_ADVANCE, CS_FLOW_EXPORT, &rc);
    PM_MS(b, T3, 10.0);
    PM_MS(b, T0, 34.125);
    PM_MS(b, T8, 34.125);
    pm_recs_free(&rc);

    s.port->export_prerelease = true;
    b = run_one(&s, R_EXPORT_ADVANCE, CS_FLOW_EXPORT, &rc);
    PM_MS(b, T8, 10.375);
    PM_MS(b, T0, 34.125);
    /* stacked 34.1875, loaded as before: out 0.0625h, transport 0.25h,
     * crane 0.125h from ops 132 */
    PM_MS(b, LOADED, 132.4375);
    pm_recs_free(&rc);

    /* a declaration after gate-in is not released before it */
    b = run_one(&s, R_CONV, CS_FLOW_EXPORT, &rc);
    PM_MS(b, T8, 44.5);
    pm_recs_free(&rc);

    const cs_run_options opt = { .replications = 1, .threads = 1 };
    cs_results r;
    cs_error err = { 0 };
    assert_int_equal(cs_experiment_run(&s, &opt, &r, &err), CS_OK);
    char met[CS_LABEL_MAX];
    cs_port_metric_name(CS_PORT_RELEASE, met, sizeof met);
    bool found = false;
    for (size_t k = 0; k < r.nkeys; k++)
        if (!strcmp(r.summary[k].key.regime, "export_advance") && !strcmp(r.summary[k].key.flow, "export") &&
            !strcmp(r.summary[k].key.segment, "all") && !strcmp(r.summary[k].key.metric, met)) {
            assert_float_equal(r.summary[k].mean, -23.75, 1e-9);
            found = true;
        }
    assert_true(found);
    cs_results_free(&r);
    cs_scenario_free(&s);
}

/* Selected for a scan, decided at 10.25, gated in at 34.125.  In the gate
 * lane: scan 0.125h (T6s = 34.125), image 0.25h (T6e = T8 = 34.5), then
 * stacked 34.5625.  From the stack instead: stacked 34.1875, out 0.0625h
 * and transport 0.25h to the lane: T6s = 34.5, T6e = T8 = 34.875. */
static void test_export_gate_scan(void **state)
{
    (void)state;
    cs_scenario s;
    pm_load(one_export, &s);
    pm_channel(&s, CS_CHANNEL_SCAN);
    pm_recs rc;
    const cs_port_box_record *b = run_one(&s, R_EXPORT_ADVANCE, CS_FLOW_EXPORT, &rc);
    PM_MS(b, T6S, 34.5);
    PM_MS(b, T6E, 34.875);
    PM_MS(b, T8, 34.875);
    pm_recs_free(&rc);

    s.port->export_gate_scan = true;
    s.port->export_prerelease = true; /* the scan still comes first */
    b = run_one(&s, R_EXPORT_ADVANCE, CS_FLOW_EXPORT, &rc);
    PM_MS(b, T0, 34.125);
    PM_MS(b, T6S, 34.125);
    PM_MS(b, T6E, 34.5);
    PM_MS(b, T8, 34.5);
    PM_MS(b, LOADED, 132.4375);
    pm_recs_free(&rc);

    /* declared after the gate-in: not decided there, scanned from the stack */
    b = run_one(&s, R_CONV, CS_FLOW_EXPORT, &rc);
    PM_MS(b, T5, 44.375);
    PM_MS(b, T6S, 44.375 + 0.0625 + 0.25);
    pm_recs_free(&rc);
    cs_scenario_free(&s);
}

/* ---- cargo quarantine ------------------------------------------------------- */

/* Every import selected by quarantine, its inspection 1h.  Apart (before
 * the merger): decided at 134.25 in the stack, out 0.0625h, transport
 * 0.25h, inspected 134.5625-135.5625: T8 = 135.5625 (duties were paid at
 * 135.375), T9 = 136.3125, slot [142, 143).  Merged: one customs exam
 * instead: the box goes the same way to an exam bay, T6s = 134.5625, exam
 * 2h, T8 = T6e = 136.5625. */
/* The one import, selected by a quarantine apart from customs whose
 * inspection takes 1h. */
static void load_quarantine_apart(cs_scenario *s)
{
    pm_load(one_import, s);
    s->port->quarantine_share = 1.0;
    s->port->quarantine_merged = false;
    s->port->pools[CS_POOL_QUARANTINE].time = cs_dist_deterministic(1.0);
}

static void test_quarantine_apart_and_merged(void **state)
{
    (void)state;
    cs_scenario s;
    load_quarantine_apart(&s);
    pm_recs rc;
    const cs_port_box_record *b = run_one(&s, R_CONV, CS_FLOW_IMPORT, &rc);
    assert_int_equal(b->channel, CS_CHANNEL_GREEN);
    PM_NO_MS(b, T6S);
    PM_MS(b, T7, 135.375);
    PM_MS(b, T8, 135.5625);
    PM_MS(b, T9, 136.3125);
    PM_MS(b, T10, pm_slot_truck(b, 142.0) + 0.0625 + 0.125);
    pm_recs_free(&rc);

    s.port->quarantine_merged = true;
    b = run_one(&s, R_CONV, CS_FLOW_IMPORT, &rc);
    assert_int_equal(b->channel, CS_CHANNEL_EXAM);
    PM_MS(b, T6S, 134.5625);
    PM_MS(b, T6E, 136.5625);
    PM_MS(b, T8, 136.5625);
    pm_recs_free(&rc);

    /* selected by customs for an exam too: apart, the quarantine
     * inspection follows the exam (back 0.0625h to 136.625, out 0.0625h,
     * transport 0.25h: 136.9375-137.9375); merged, the one exam */
    pm_channel(&s, CS_CHANNEL_EXAM);
    b = run_one(&s, R_CONV, CS_FLOW_IMPORT, &rc);
    PM_MS(b, T8, 136.5625);
    pm_recs_free(&rc);
    s.port->quarantine_merged = false;
    b = run_one(&s, R_CONV, CS_FLOW_IMPORT, &rc);
    PM_MS(b, T6E, 136.5625);
    PM_MS(b, T8, 137.9375);
    pm_recs_free(&rc);

    /* nobody selected: as conventional */
    s.port->quarantine_share = 0.0;
    pm_channel(&s, CS_CHANNEL_GREEN);
    b = run_one(&s, R_CONV, CS_FLOW_IMPORT, &rc);
    PM_MS(b, T8, 135.375);
    pm_recs_free(&rc);
    cs_scenario_free(&s);
}

/* Inspectors on a day shift (08-20h): selected at 134.25 (14:15) but only
 * inspected from 08:00 next day if the box reaches them after 20h; here
 * with the shift ending at 134.5 (14:30) the box arriving at 134.5625
 * waits for 08:00 on day 6 (152h): T8 = 153. */
static void test_quarantine_inspector_hours(void **state)
{
    (void)state;
    cs_scenario s;
    load_quarantine_apart(&s);
    cs_calendar_spec *c = &s.port->pools[CS_POOL_QUARANTINE].calendar;
    c->n = 3;
    c->period = 24.0;
    c->changes[0] = (cs_capacity_change){ 0.0, 0 };
    c->changes[1] = (cs_capacity_change){ 8.0, 100 };
    c->changes[2] = (cs_capacity_change){ 14.5, 0 };
    pm_recs rc;
    const cs_port_box_record *b = run_one(&s, R_CONV, CS_FLOW_IMPORT, &rc);
    PM_MS(b, T8, 153.0);
    pm_recs_free(&rc);
    cs_scenario_free(&s);
}

/* ---- the yard's room --------------------------------------------------------- */

/* A yard of room for one box, two imports: A (discharged 132.125) takes
 * the room; B (132.25) waits at the entry, counted.  A leaves on its
 * truck (slot [142, 143): 142 + U_SLOT, retrieved 0.0625h later) and B
 * goes in then (transport 0.25h, yard crane 0.0625h); B's consignee,
 * planned since 141.125, books at once: the next slot [143, 144). */
static void test_full_yard_blocks_entry(void **state)
{
    (void)state;
    cs_scenario s;
    pm_load(PM_BASE PM_CALL("2", "0") REGIMES, &s);
    s.port->yard_capacity = 1.0;
    pm_recs rc;
    pm_run(&s, R_CONV, &rc);
    assert_int_equal(rc.nbox, 2);
    const cs_port_box_record *a = rc.box[0].t[CS_MS_T2] < rc.box[1].t[CS_MS_T2] ? &rc.box[0] : &rc.box[1];
    const cs_port_box_record *b = a == &rc.box[0] ? &rc.box[1] : &rc.box[0];
    PM_MS(a, T2, 132.125);
    PM_MS(b, T2, 132.25);
    PM_MS(a, T10, pm_slot_truck(a, 142.0) + 0.0625 + 0.125);
    const double b_in = pm_slot_truck(a, 142.0) + 0.0625 + 0.25 + 0.0625;
    assert_true(b_in < 143.0);
    PM_MS(b, T10, pm_slot_truck(b, 143.0) + 0.0625 + 0.125);
    assert_int_equal(rc.tot.yard_waits[CS_FLOW_IMPORT], 1);
    pm_recs_free(&rc);
    /* room for both: nobody waits */
    s.port->yard_capacity = 2.0;
    pm_run(&s, R_CONV, &rc);
    assert_int_equal(rc.tot.yard_waits[CS_FLOW_IMPORT], 0);
    pm_recs_free(&rc);
    cs_scenario_free(&s);
}

/* ---- the resources' window ------------------------------------------------- */

/* The window of /resources is [warmup, horizon) = [128, 134): one berth
 * until the calendar adds two at 133.  The call of 24 imports and 1 export
 * arrives at 130 (observed) and berths at 132 (quarantine 2h); its 25 crane
 * moves of 0.125h keep the berth until 135.125, past the horizon.  Berths:
 * capacity 1 x 5h + 3 x 1h = 8 server-hours, busy [132, 134) = 2: capacity
 * mean 8/6, busy mean 2/6, utilisation 2/8 = 0.25 (the mean of the six
 * hours' ratios, (1 + 1/3) / 6 = 2/9, is not it), one request inside the
 * window and no release.  The export's truck comes at 34 (yard open 10h +
 * 24h; gate-in 0.125h: T0 = 34.125): before the warm-up, so gate_in has no
 * request, release or busy time in the window (the whole run has one of
 * each).
 * tests/sweeps/window_calendar.yaml is the same port, for the report's and
 * the plots' tests: it gives the same figures. */
static const cs_resource_value *resource_of(const cs_results *r, const char *regime, const char *resource)
{
    for (size_t k = 0; k < r->nresources; k++)
        if (!strcmp(r->resource_keys[k].regime, regime) && !strcmp(r->resource_keys[k].resource, resource))
            return &r->resource_values[k * r->replications];
    fail_msg("no resource %s/%s", regime, resource);
    return NULL;
}

static void window_figures_ok(const cs_results *r)
{
    const cs_resource_value *b = resource_of(r, "conv", "berths");
    assert_float_equal(b->window_start, 128.0, 0.0);
    assert_float_equal(b->window_end, 134.0, 0.0);
    assert_float_equal(b->capacity_mean, 8.0 / 6.0, 1e-12);
    assert_float_equal(b->busy_mean, 2.0 / 6.0, 1e-12);
    assert_float_equal(b->utilisation, 0.25, 1e-12);
    assert_float_equal(b->queue_mean, 0.0, 0.0);
    assert_float_equal(b->arrivals, 1.0, 0.0);
    assert_float_equal(b->completions, 0.0, 0.0);
    const cs_resource_value *g = resource_of(r, "conv", "gate_in");
    assert_float_equal(g->window_start, 128.0, 0.0);
    assert_float_equal(g->window_end, 134.0, 0.0);
    assert_float_equal(g->capacity_mean, 100.0, 0.0);
    assert_float_equal(g->busy_mean, 0.0, 0.0);
    assert_float_equal(g->utilisation, 0.0, 0.0);
    assert_float_equal(g->arrivals, 0.0, 0.0);
    assert_float_equal(g->completions, 0.0, 0.0);
}

static void test_resource_window(void **state)
{
    (void)state;
    static const char text[] = PM_BASE PM_CALL("24", "1") REGIMES;
    const cs_scenario_override ov[] = { { "horizon", "134h" }, { "warmup", "128h" }, { "terminal.berths.count", "1" } };
    cs_scenario s;
    cs_error err = { 0 };
    if (cs_scenario_load_overridden(text, strlen(text), "pm.yaml", ov, sizeof ov / sizeof ov[0], &s, &err, NULL) != CS_OK)
        fail_msg("%d:%d: %s", err.line, err.column, err.message);
    /* the berths' calendar, patched in: 3 from 133h on, once */
    cs_calendar_spec *cal = &s.port->pools[CS_POOL_BERTHS].calendar;
    cal->n = 1;
    cal->period = 0.0;
    cal->changes[0] = (cs_capacity_change){ 133.0, 3 };
    /* the timeline the figures rest on */
    pm_recs rc;
    pm_run(&s, R_CONV, &rc);
    assert_int_equal(rc.nves, 1);
    assert_float_equal(rc.ves[0].berthed, 132.0, 1e-9);
    assert_float_equal(rc.ves[0].departed, 135.125, 1e-9);
    const cs_port_box_record *e = pm_only(&rc, CS_FLOW_EXPORT);
    PM_MS(e, T0, 34.125);
    pm_recs_free(&rc);

    const cs_run_options opt = { .replications = 1, .threads = 1 };
    cs_results r;
    assert_int_equal(cs_experiment_run(&s, &opt, &r, &err), CS_OK);
    window_figures_ok(&r);
    cs_results_free(&r);
    cs_scenario_free(&s);

    /* the file the shell tests run (skipped outside the repository root) */
    const char *path = "tests/sweeps/window_calendar.yaml";
    FILE *f = fopen(path, "r");
    if (!f) skip();
    fclose(f);
    if (cs_scenario_load_file(path, &s, &err) != CS_OK) fail_msg("%s:%d:%d: %s", path, err.line, err.column, err.message);
    assert_int_equal(cs_experiment_run(&s, &opt, &r, &err), CS_OK);
    window_figures_ok(&r);
    cs_results_free(&r);
    cs_scenario_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_released_before_discharge_books_discharge_window),
        cmocka_unit_test(test_planner_counts_from_the_do),
        cmocka_unit_test(test_late_consignee_after_free_storage),
        cmocka_unit_test(test_pickup_bands),
        cmocka_unit_test(test_export_released_before_gate_in),
        cmocka_unit_test(test_export_gate_scan),
        cmocka_unit_test(test_quarantine_apart_and_merged),
        cmocka_unit_test(test_quarantine_inspector_hours),
        cmocka_unit_test(test_full_yard_blocks_entry),
        cmocka_unit_test(test_resource_window),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
