/*
 * test_port_scenario.c - the `kind: port` loader: a minimal file gets every
 * documented default, a full file puts every key into its field, durations
 * accept their units, the reference hub loads, and broken files fail with
 * the exact 1-based line and column of the offending node and a message
 * naming the rule.  Run under ASan/LSan, the broken cases also check that
 * no error path leaks (several fail after an empirical distribution, which
 * owns memory, was read).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "clearsim/scenario.h"
#include "scenario/port_yaml.h"

#define HEAD "kind: port\nname: hub\nhorizon: 120d\n" /* lines 1-3 */
#define SVC                                                                                 \
    "services:\n"                                                                           \
    "  - {name: s1, imports: {dist: poisson, mean: 100}, exports: {dist: poisson, mean: 100}}\n"
#define REG "regimes:\n  base: {}\n" /* lines 6-7 */
#define VALID HEAD SVC REG            /* appended keys start at line 8 */

static cs_status load(const char *yaml, cs_scenario *s, cs_error *err)
{
    memset(err, 0, sizeof *err);
    return cs_scenario_load_string(yaml, strlen(yaml), "t.yaml", s, err);
}

static void load_ok(const char *yaml, cs_scenario *s)
{
    cs_error err;
    if (load(yaml, s, &err) != CS_OK)
        fail_msg("%d:%d: %s", err.line, err.column, err.message);
    assert_int_equal(s->kind, CS_SCENARIO_PORT);
    assert_non_null(s->port);
}

static void assert_empty(const cs_scenario *s)
{
    cs_scenario zero;
    memset(&zero, 0, sizeof zero);
    assert_memory_equal(s, &zero, sizeof zero);
}

static void expect_error(const char *yaml, int line, int column, const char *substr)
{
    cs_scenario s;
    cs_error err;
    const cs_status st = load(yaml, &s, &err);
    if (st != CS_ERR_INPUT || err.line != line || err.column != column ||
        !strstr(err.message, substr) || strcmp(err.file, "t.yaml") != 0)
        fail_msg("want %d:%d '%s', got status %d at %d:%d: %s", line, column, substr,
                 (int)st, err.line, err.column, err.message);
    assert_empty(&s);
}

static void assert_dist(const cs_dist *d, cs_dist_kind kind, double a, double b, double c)
{
    if (d->kind != kind || d->a != a || d->b != b || d->c != c)
        fail_msg("want %s(%.17g, %.17g, %.17g), got %s(%.17g, %.17g, %.17g)",
                 cs_dist_name(kind), a, b, c, cs_dist_name(d->kind), d->a, d->b, d->c);
}

#define assert_double(x, want)                                                          \
    do {                                                                                \
        const double x_ = (x), w_ = (want);                                             \
        if (x_ != w_) fail_msg("%s: want %.17g, got %.17g", #x, w_, x_);                \
    } while (0)

/* ---- defaults ---------------------------------------------------------- */

static void test_defaults(void **state)
{
    (void)state;
    cs_scenario s;
    load_ok(VALID, &s);
    const cs_port_scenario *p = s.port;
    assert_string_equal(s.name, "hub");
    assert_int_equal(s.replications, 10);
    assert_int_equal(s.seed, 1);
    assert_double(p->horizon, 2880);
    assert_double(p->warmup, 0);
    assert_double(p->drain, 720);
    /* terminal */
    assert_int_equal(p->pools[CS_POOL_BERTHS].count, 5);
    assert_int_equal(p->cranes_per_vessel, 4);
    assert_dist(&p->crane_move, CS_DIST_EXPONENTIAL, 2.2 / 60, 0, 0);
    assert_int_equal(p->pools[CS_POOL_TRANSPORT].count, 80);
    assert_dist(&p->pools[CS_POOL_TRANSPORT].time, CS_DIST_TRIANGULAR, 4 / 60.0, 0.1, 0.2);
    assert_int_equal(p->pools[CS_POOL_YARD_CRANES].count, 40);
    assert_dist(&p->pools[CS_POOL_YARD_CRANES].time, CS_DIST_TRIANGULAR, 2 / 60.0, 0.05, 0.1);
    for (int g = CS_POOL_GATE_IN; g <= CS_POOL_GATE_OUT; g++) {
        assert_int_equal(p->pools[g].count, 8);
        assert_dist(&p->pools[g].time, CS_DIST_TRIANGULAR, 1 / 60.0, 0.025, 4 / 60.0);
    }
    assert_double(p->yard_capacity, 40000);
    assert_double(p->rehandle_base, 0.2);
    assert_double(p->rehandle_per_fill, 1.0);
    assert_double(p->slot_length, 1);
    assert_int_equal(p->slot_capacity, 300);
    assert_double(p->yard_open, 120);
    assert_double(p->cutoff, 12);
    assert_dist(&p->quarantine, CS_DIST_TRIANGULAR, 1, 2, 4);
    assert_dist(&p->quarantine_remote, CS_DIST_UNIFORM, 10 / 60.0, 0.5, 0);
    assert_dist(&p->handover, CS_DIST_LOGNORMAL, 2, 1, 0);
    assert_dist(&p->handover_electronic, CS_DIST_UNIFORM, 2 / 60.0, 4 / 60.0, 0);
    assert_dist(&p->release_notice, CS_DIST_TRIANGULAR, 0.5, 1, 3);
    /* boxes */
    assert_double(p->teu_two_share, 0.6);
    assert_double(p->credit_share[CS_CREDIT_AEO], 0.2);
    assert_double(p->credit_share[CS_CREDIT_GENERAL], 0.7);
    assert_double(p->credit_share[CS_CREDIT_LOW], 0.1);
    /* customs */
    static const double ch[CS_CREDIT_N][CS_CHANNEL_N] = {
        {0, 0.10, 0.01, 0.005, 0.001}, {0, 0.25, 0.03, 0.03, 0.005}, {0, 0.40, 0.06, 0.10, 0.02}};
    for (int k = 0; k < CS_CREDIT_N; k++) {
        double other = 0;
        for (int c = CS_CHANNEL_DOCUMENT; c < CS_CHANNEL_N; c++) {
            assert_double(p->channel_prob[k][c], ch[k][c]);
            other += ch[k][c];
        }
        assert_double(p->channel_prob[k][CS_CHANNEL_GREEN], 1.0 - other);
    }
    assert_double(p->manual_review_share, 0.35);
    assert_dist(&p->acceptance, CS_DIST_UNIFORM, 1 / 60.0, 10 / 60.0, 0);
    assert_dist(&p->auto_review, CS_DIST_UNIFORM, 1 / 60.0, 5 / 60.0, 0);
    assert_int_equal(p->pools[CS_POOL_REVIEWERS].count, 30);
    assert_dist(&p->pools[CS_POOL_REVIEWERS].time, CS_DIST_LOGNORMAL, 0.5, 20 / 60.0, 0);
    assert_int_equal(p->pools[CS_POOL_SCAN_LANES].count, 4);
    assert_dist(&p->pools[CS_POOL_SCAN_LANES].time, CS_DIST_TRIANGULAR, 2 / 60.0, 0.05, 0.1);
    assert_dist(&p->image_review, CS_DIST_LOGNORMAL, 0.25, 10 / 60.0, 0);
    assert_int_equal(p->pools[CS_POOL_EXAM_BAYS].count, 8);
    assert_dist(&p->pools[CS_POOL_EXAM_BAYS].time, CS_DIST_TRIANGULAR, 2, 3, 6);
    assert_double(p->exam_cutoff_hour, 16);
    assert_double(p->exam_start_hour, 8);
    assert_dist(&p->lab, CS_DIST_TRIANGULAR, 24, 72, 168);
    assert_true(p->two_stage_lab);
    assert_dist(&p->payment, CS_DIST_LOGNORMAL, 2, 2, 0);
    assert_dist(&p->access_check, CS_DIST_LOGNORMAL, 1, 0.5, 0);
    assert_dist(&p->complete_declaration, CS_DIST_UNIFORM, 24, 336, 0);
    assert_dist(&p->transit_check, CS_DIST_LOGNORMAL, 6, 4, 0);
    assert_false(p->export_prerelease);
    assert_false(p->export_gate_scan);
    assert_double(p->quarantine_share, 0);
    assert_true(p->quarantine_merged);
    assert_int_equal(p->pools[CS_POOL_QUARANTINE].count, 4);
    assert_dist(&p->pools[CS_POOL_QUARANTINE].time, CS_DIST_TRIANGULAR, 1, 2, 4);
    assert_double(p->free_storage, 96);
    /* traders */
    assert_dist(&p->import_trader_lag, CS_DIST_LOGNORMAL, 36, 30, 0);
    assert_dist(&p->pickup_planning, CS_DIST_LOGNORMAL, 40, 40, 0);
    assert_double(p->pickup_within_free_share, 0.85);
    assert_dist(&p->late_pickup_lag, CS_DIST_LOGNORMAL, 48, 48, 0);
    assert_dist(&p->export_declaration_lag, CS_DIST_LOGNORMAL, 8, 6, 0);
    assert_dist(&p->advance_lead, CS_DIST_UNIFORM, 12, 72, 0);
    assert_dist(&p->export_gate_in, CS_DIST_UNIFORM, 0, 108, 0);
    assert_dist(&p->ship_side_truck, CS_DIST_UNIFORM, 0, 3, 0);
    assert_double(p->ship_side_tolerance, 0.5);
    assert_dist(&p->direct_loading_truck, CS_DIST_LOGNORMAL, 8, 4, 0);
    assert_double(p->direct_loading_early, 4);
    for (int g = 0; g < CS_POOL_N; g++) assert_int_equal(p->pools[g].calendar.n, 0);
    /* the one service and the one regime */
    assert_int_equal(p->nservices, 1);
    const cs_service_spec *sv = &p->services[0];
    assert_string_equal(sv->name, "s1");
    assert_double(sv->period, 168);
    assert_double(sv->first_call, 0);
    assert_double(sv->on_time_share, 0.6);
    assert_dist(&sv->lateness, CS_DIST_LOGNORMAL, 48, 36, 0);
    assert_dist(&sv->imports, CS_DIST_POISSON, 100, 0, 0);
    assert_dist(&sv->exports, CS_DIST_POISSON, 100, 0, 0);
    assert_double(sv->transit_share, 0);
    assert_int_equal(sv->transit_to, -1);
    assert_false(sv->feeder);
    assert_int_equal(p->nregimes, 1);
    assert_int_equal(p->baseline, 0);
    const cs_regime_spec *r = &p->regimes[0];
    assert_string_equal(r->name, "base");
    assert_double(r->advance_share + r->two_step_share + r->ship_side_share, 0);
    assert_double(r->direct_loading_share + r->export_advance_share, 0);
    assert_false(r->ship_side_scan_at_quay || r->combined_port || r->non_contact);
    assert_true(r->eligible[CS_CREDIT_AEO] && r->eligible[CS_CREDIT_GENERAL]);
    assert_false(r->eligible[CS_CREDIT_LOW]);
    assert_int_equal(r->ndisruptions, 0);
    /* every fixed field but horizon is cs_port_defaults' */
    cs_port_scenario *d = malloc(sizeof *d);
    assert_non_null(d);
    cs_port_defaults(d);
    assert_int_equal(d->nservices, 0);
    assert_int_equal(d->nregimes, 0);
    d->horizon = p->horizon;
    assert_memory_equal(d, p, offsetof(cs_port_scenario, nservices));
    cs_port_scenario_free(d);
    free(d);
    cs_scenario_free(&s);
    assert_empty(&s);
}

/* A regime written as `name:` alone, and list item defaults by hand. */
static void test_item_defaults(void **state)
{
    (void)state;
    cs_scenario s;
    load_ok(HEAD SVC "regimes:\n  a:\n  b: {non_contact: true}\n", &s);
    assert_int_equal(s.port->nregimes, 2);
    assert_string_equal(s.port->regimes[0].name, "a");
    assert_false(s.port->regimes[0].non_contact);
    assert_true(s.port->regimes[1].non_contact);
    cs_service_spec sv;
    cs_port_service_defaults(&sv);
    assert_double(sv.period, 168);
    assert_int_equal(sv.transit_to, -1);
    cs_regime_spec r;
    cs_port_regime_defaults(&r);
    assert_true(r.eligible[CS_CREDIT_AEO] && r.eligible[CS_CREDIT_GENERAL] && !r.eligible[CS_CREDIT_LOW]);
    cs_scenario_free(&s);
}

static void test_names(void **state)
{
    (void)state;
    static const char *const pools[] = {"berths", "transport", "yard_cranes", "gate_in", "gate_out",
                                        "reviewers", "scan_lanes", "exam_bays", "quarantine_inspectors"};
    static const char *const channels[] = {"green", "document", "scan", "exam", "lab"};
    static const char *const credits[] = {"aeo", "general", "low"};
    for (int i = 0; i < CS_POOL_N; i++) {
        assert_string_equal(cs_pool_name(i), pools[i]);
        /* the capacity keys of a disruption are the pool names, in order */
        assert_string_equal(cs_port_disruption_fields[PD_CAPACITY].sub[i].key, pools[i]);
    }
    for (int i = 0; i < CS_CHANNEL_N; i++) assert_string_equal(cs_channel_name(i), channels[i]);
    for (int i = 0; i < CS_CREDIT_N; i++) assert_string_equal(cs_credit_name(i), credits[i]);
    assert_string_equal(cs_pool_name(CS_POOL_N), "unknown");
    assert_string_equal(cs_channel_name(CS_CHANNEL_N), "unknown");
    assert_string_equal(cs_credit_name(CS_CREDIT_N), "unknown");
}

/* ---- durations --------------------------------------------------------- */

static void test_durations(void **state)
{
    (void)state;
    static const struct { const char *text; double hours; } ok[] = {
        {"90s", 0.025}, {"15min", 0.25}, {"2.5h", 2.5}, {"3d", 72}, {"1.5 d", 36},
        {"36", 36}, {"0", 0}, {"0.5", 0.5}, {"1e3s", 1000 / 3600.0}, {".5h", 0.5},
        {"30 min", 0.5}, {"+2h", 2}, {"-0h", 0},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        char yaml[512];
        snprintf(yaml, sizeof yaml, VALID "traders:\n  ship_side_tolerance: %s\n", ok[i].text);
        cs_scenario s;
        load_ok(yaml, &s);
        if (s.port->ship_side_tolerance != ok[i].hours)
            fail_msg("%s: want %.17g h, got %.17g", ok[i].text, ok[i].hours,
                     s.port->ship_side_tolerance);
        cs_scenario_free(&s);
    }
    static const char *const bad[] = {"3x", "3 x", "1.5  d", "d", "3D", "'3d'", "3dd", "0x10h",
                                      "h3", "3h30min", "1,5h", "\"2h\""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char yaml[512];
        snprintf(yaml, sizeof yaml, VALID "traders:\n  ship_side_tolerance: %s\n", bad[i]);
        cs_scenario s;
        cs_error err;
        if (load(yaml, &s, &err) != CS_ERR_INPUT ||
            !strstr(err.message, "ship_side_tolerance: expected a duration"))
            fail_msg("%s: accepted or wrong message: %s", bad[i], err.message);
        assert_empty(&s);
    }
}

/* Units inside distributions of times; counts stay plain numbers. */
static void test_dist_units(void **state)
{
    (void)state;
    cs_scenario s;
    load_ok(VALID "customs:\n"
                  "  payment: {dist: erlang, k: 3, mean: 90s}\n"
                  "  access_check: {dist: gamma, shape: 2.5, mean: 1.5 d}\n"
                  "  transit_check: {dist: weibull, shape: 1.5, scale: 30min}\n"
                  "  complete_declaration: {dist: empirical, values: [2d, 12h, 1], weights: [1, 1, 2]}\n"
                  "  auto_review: {dist: deterministic, value: 45s}\n",
            &s);
    const cs_port_scenario *p = s.port;
    assert_int_equal(p->payment.k, 3);
    assert_dist(&p->payment, CS_DIST_ERLANG, 0.025, 0, 0);
    assert_dist(&p->access_check, CS_DIST_GAMMA, 2.5, 36, 0);
    assert_dist(&p->transit_check, CS_DIST_WEIBULL, 1.5, 0.5, 0);
    assert_int_equal(p->complete_declaration.n, 3);
    assert_double(p->complete_declaration.values[0], 1);
    assert_double(p->complete_declaration.values[1], 12);
    assert_double(p->complete_declaration.values[2], 48);
    assert_dist(&p->auto_review, CS_DIST_DETERMINISTIC, 0.0125, 0, 0);
    cs_scenario_free(&s);
}

/* ---- every key --------------------------------------------------------- */

/* Every key, in two halves (one literal would pass the 4095 characters C
 * compilers must support), joined by full_text(). */
static const char FULL_HEAD[] =
    "kind: port\n"
    "name: full.hub-1\n"
    "replications: 7\n"
    "seed: 99\n"
    "horizon: 100d\n"
    "warmup: 10d\n"
    "drain: 20d\n"
    "terminal:\n"
    "  berths: {count: 3, calendar: {period: 0, changes: [{at: 0h, count: 3}, {at: 2d, count: 1}]}}\n"
    "  cranes_per_vessel: 6\n"
    "  crane_move: {dist: deterministic, value: 2min}\n"
    "  transport:\n"
    "    count: 81\n"
    "    time: {dist: exponential, mean: 5min}\n"
    "    calendar: {changes: [{at: 0, count: 40}, {at: 12h, count: 81}]}\n"
    "  yard_cranes: {count: 41, time: {dist: uniform, min: 1min, max: 2min}}\n"
    "  gate_in: {count: 9, time: {dist: erlang, k: 3, mean: 90s}}\n"
    "  gate_out: {count: 10, time: {dist: gamma, shape: 2, mean: 2min}}\n"
    "  yard: {capacity: 50000, rehandle_base: 0.3, rehandle_per_fill: 1.5}\n"
    "  appointments: {slot: 30min, capacity: 150}\n"
    "  free_storage: 3d\n"
    "  exports: {yard_open: 10d, cutoff: 1d}\n"
    "  quarantine: {paper: {dist: weibull, shape: 1.5, scale: 2h}, remote: {dist: deterministic, value: 20min}}\n"
    "  handover: {paper: {dist: lognormal, mean: 3h, sd: 2h}, electronic: {dist: deterministic, value: 3min}}\n"
    "  release_notice: {dist: empirical, values: [30min, 1h, 2h], weights: [1, 2, 1]}\n"
    "boxes:\n"
    "  teu_two_share: 0.5\n"
    "  credit: {aeo: 0.3, general: 0.6, low: 0.1}\n"
    ;
static const char FULL_TAIL[] =
    "customs:\n"
    "  channels:\n"
    "    aeo: {document: 0.11, scan: 0.02, exam: 0.006, lab: 0.002}\n"
    "    general: {document: 0.26, scan: 0.04, exam: 0.04, lab: 0.006}\n"
    "    low: {document: 0.41, scan: 0.07, exam: 0.11, lab: 0.03}\n"
    "  manual_review_share: 0.4\n"
    "  acceptance: {dist: uniform, min: 2min, max: 12min}\n"
    "  auto_review: {dist: uniform, min: 2min, max: 6min}\n"
    "  reviewers:\n"
    "    count: 31\n"
    "    time: {dist: lognormal, mean: 25min, sd: 15min}\n"
    "    calendar: {period: 24h, changes: [{at: 0h, count: 10}, {at: 8h, count: 31}, {at: 20h, count: 0}]}\n"
    "  scan_lanes: {count: 5, time: {dist: triangular, min: 2min, mode: 2.5min, max: 3.5min}}\n"
    "  image_review: {dist: lognormal, mean: 12min, sd: 8min}\n"
    "  exam_bays: {count: 9, time: {dist: triangular, min: 2h, mode: 2.5h, max: 5h}}\n"
    "  exam: {cutoff_hour: 15, start_hour: 7.5}\n"
    "  lab: {delay: {dist: triangular, min: 2d, mode: 3d, max: 6d}, two_stage: false}\n"
    "  payment: {dist: lognormal, mean: 3h, sd: 1h}\n"
    "  access_check: {dist: lognormal, mean: 2h, sd: 1h}\n"
    "  complete_declaration: {dist: uniform, min: 2d, max: 10d}\n"
    "  transit_check: {dist: lognormal, mean: 5h, sd: 3h}\n"
    "  exports: {release_before_gate_in: true, gate_scan: true}\n"
    "  cargo_quarantine: {share: 0.04, merged: false, inspectors: {count: 3, time: {dist: deterministic, value: 90min}}}\n"
    "traders:\n"
    "  import_trader_lag: {dist: lognormal, mean: 30h, sd: 20h}\n"
    "  pickup_planning: {dist: lognormal, mean: 1.5 d, sd: 1d}\n"
    "  pickup_within_free_share: 0.7\n"
    "  late_pickup_lag: {dist: lognormal, mean: 2d, sd: 2d}\n"
    "  export_declaration_lag: {dist: lognormal, mean: 7h, sd: 5h}\n"
    "  advance_lead: {dist: uniform, min: 10h, max: 60h}\n"
    "  export_gate_in: {dist: uniform, min: 1h, max: 100h}\n"
    "  ship_side_truck: {dist: uniform, min: 0.5h, max: 2h}\n"
    "  ship_side_tolerance: 15min\n"
    "  direct_loading_truck: {dist: lognormal, mean: 6h, sd: 3h}\n"
    "  direct_loading_early: 3h\n"
    "services:\n"
    "  - name: main\n"
    "    period: 6d\n"
    "    first_call: 12h\n"
    "    on_time_share: 0.5\n"
    "    lateness: {dist: exponential, mean: 1d}\n"
    "    imports: {dist: triangular, min: 1000, mode: 1500, max: 2000}\n"
    "    exports: {dist: empirical, values: [100, 200], weights: [1, 3]}\n"
    "    transit_share: 0\n"
    "    feeder: false\n"
    "  - name: fdr\n"
    "    period: 2d\n"
    "    first_call: 90s\n"
    "    on_time_share: 0.9\n"
    "    lateness: {dist: exponential, mean: 4h}\n"
    "    imports: {dist: poisson, mean: 300}\n"
    "    exports: {dist: poisson, mean: 250}\n"
    "    transit_share: 0.8\n"
    "    transit_to: main\n"
    "    feeder: true\n"
    "regimes:\n"
    "  conv: {}\n"
    "  pilot:\n"
    "    advance_declaration: 0.57\n"
    "    two_step: 0.3\n"
    "    ship_side: 0.2\n"
    "    ship_side_scan_at_quay: true\n"
    "    direct_loading: 0.25\n"
    "    export_advance: 0.61\n"
    "    combined_port: true\n"
    "    non_contact: true\n"
    "    eligible: [low, aeo]\n"
    "    disruptions:\n"
    "      - from: 30d\n"
    "        to: 60d\n"
    "        capacity: {berths: 0.9, transport: 0.8, yard_cranes: 0.7, gate_in: 0.6,\n"
    "                   gate_out: 0.5, reviewers: 0.4, scan_lanes: 0.3, exam_bays: 0.2,\n"
    "                   quarantine_inspectors: 0.1}\n"
    "        crew_test: {dist: triangular, min: 6h, mode: 6.5h, max: 7h}\n"
    "        surge: 1.5\n"
    "      - {from: 70d, to: 71d}\n"
    "baseline: pilot\n";

static const char *full_text(void)
{
    static char text[sizeof FULL_HEAD + sizeof FULL_TAIL];
    snprintf(text, sizeof text, "%s%s", FULL_HEAD, FULL_TAIL);
    return text;
}

static void test_every_key(void **state)
{
    (void)state;
    cs_scenario s;
    load_ok(full_text(), &s);
    const cs_port_scenario *p = s.port;
    assert_string_equal(s.name, "full.hub-1");
    assert_int_equal(s.replications, 7);
    assert_int_equal(s.seed, 99);
    assert_double(p->horizon, 2400);
    assert_double(p->warmup, 240);
    assert_double(p->drain, 480);
    /* terminal */
    const cs_pool_spec *b = &p->pools[CS_POOL_BERTHS];
    assert_int_equal(b->count, 3);
    assert_dist(&b->time, CS_DIST_DETERMINISTIC, 0, 0, 0); /* unused */
    assert_int_equal(b->calendar.n, 2);
    assert_double(b->calendar.period, 0);
    assert_double(b->calendar.changes[0].at, 0);
    assert_int_equal(b->calendar.changes[0].capacity, 3);
    assert_double(b->calendar.changes[1].at, 48);
    assert_int_equal(b->calendar.changes[1].capacity, 1);
    assert_int_equal(p->cranes_per_vessel, 6);
    assert_dist(&p->crane_move, CS_DIST_DETERMINISTIC, 2 / 60.0, 0, 0);
    const cs_pool_spec *t = &p->pools[CS_POOL_TRANSPORT];
    assert_int_equal(t->count, 81);
    assert_dist(&t->time, CS_DIST_EXPONENTIAL, 5 / 60.0, 0, 0);
    assert_int_equal(t->calendar.n, 2);
    assert_double(t->calendar.period, 24); /* the calendar's default period */
    assert_double(t->calendar.changes[1].at, 12);
    assert_int_equal(t->calendar.changes[0].capacity, 40);
    assert_int_equal(t->calendar.changes[1].capacity, 81);
    assert_int_equal(p->pools[CS_POOL_YARD_CRANES].count, 41);
    assert_dist(&p->pools[CS_POOL_YARD_CRANES].time, CS_DIST_UNIFORM, 1 / 60.0, 2 / 60.0, 0);
    assert_int_equal(p->pools[CS_POOL_GATE_IN].count, 9);
    assert_dist(&p->pools[CS_POOL_GATE_IN].time, CS_DIST_ERLANG, 0.025, 0, 0);
    assert_int_equal(p->pools[CS_POOL_GATE_IN].time.k, 3);
    assert_int_equal(p->pools[CS_POOL_GATE_OUT].count, 10);
    assert_dist(&p->pools[CS_POOL_GATE_OUT].time, CS_DIST_GAMMA, 2, 2 / 60.0, 0);
    assert_double(p->yard_capacity, 50000);
    assert_double(p->rehandle_base, 0.3);
    assert_double(p->rehandle_per_fill, 1.5);
    assert_double(p->slot_length, 0.5);
    assert_int_equal(p->slot_capacity, 150);
    assert_double(p->yard_open, 240);
    assert_double(p->cutoff, 24);
    assert_dist(&p->quarantine, CS_DIST_WEIBULL, 1.5, 2, 0);
    assert_dist(&p->quarantine_remote, CS_DIST_DETERMINISTIC, 20 / 60.0, 0, 0);
    assert_dist(&p->handover, CS_DIST_LOGNORMAL, 3, 2, 0);
    assert_dist(&p->handover_electronic, CS_DIST_DETERMINISTIC, 0.05, 0, 0);
    assert_int_equal(p->release_notice.kind, CS_DIST_EMPIRICAL);
    assert_int_equal(p->release_notice.n, 3);
    assert_double(p->release_notice.values[0], 0.5);
    assert_double(p->release_notice.values[2], 2);
    assert_double(p->release_notice.cum[0], 0.25);
    /* boxes */
    assert_double(p->teu_two_share, 0.5);
    assert_double(p->credit_share[CS_CREDIT_AEO], 0.3);
    assert_double(p->credit_share[CS_CREDIT_GENERAL], 0.6);
    assert_double(p->credit_share[CS_CREDIT_LOW], 0.1);
    /* customs */
    static const double ch[CS_CREDIT_N][CS_CHANNEL_N] = {
        {0, 0.11, 0.02, 0.006, 0.002}, {0, 0.26, 0.04, 0.04, 0.006}, {0, 0.41, 0.07, 0.11, 0.03}};
    for (int k = 0; k < CS_CREDIT_N; k++) {
        double other = 0;
        for (int c = CS_CHANNEL_DOCUMENT; c < CS_CHANNEL_N; c++) {
            assert_double(p->channel_prob[k][c], ch[k][c]);
            other += ch[k][c];
        }
        assert_double(p->channel_prob[k][CS_CHANNEL_GREEN], 1.0 - other);
    }
    assert_double(p->manual_review_share, 0.4);
    assert_dist(&p->acceptance, CS_DIST_UNIFORM, 2 / 60.0, 0.2, 0);
    assert_dist(&p->auto_review, CS_DIST_UNIFORM, 2 / 60.0, 0.1, 0);
    const cs_pool_spec *rv = &p->pools[CS_POOL_REVIEWERS];
    assert_int_equal(rv->count, 31);
    assert_dist(&rv->time, CS_DIST_LOGNORMAL, 25 / 60.0, 0.25, 0);
    assert_int_equal(rv->calendar.n, 3);
    assert_double(rv->calendar.period, 24);
    assert_double(rv->calendar.changes[2].at, 20);
    assert_int_equal(rv->calendar.changes[1].capacity, 31);
    assert_int_equal(rv->calendar.changes[2].capacity, 0);
    assert_int_equal(p->pools[CS_POOL_SCAN_LANES].count, 5);
    assert_dist(&p->pools[CS_POOL_SCAN_LANES].time, CS_DIST_TRIANGULAR, 2 / 60.0,
                2.5 / 60.0, 3.5 / 60.0);
    assert_dist(&p->image_review, CS_DIST_LOGNORMAL, 0.2, 8 / 60.0, 0);
    assert_int_equal(p->pools[CS_POOL_EXAM_BAYS].count, 9);
    assert_dist(&p->pools[CS_POOL_EXAM_BAYS].time, CS_DIST_TRIANGULAR, 2, 2.5, 5);
    assert_int_equal(p->pools[CS_POOL_EXAM_BAYS].calendar.n, 0);
    assert_double(p->exam_cutoff_hour, 15);
    assert_double(p->exam_start_hour, 7.5);
    assert_dist(&p->lab, CS_DIST_TRIANGULAR, 48, 72, 144);
    assert_false(p->two_stage_lab);
    assert_dist(&p->payment, CS_DIST_LOGNORMAL, 3, 1, 0);
    assert_dist(&p->access_check, CS_DIST_LOGNORMAL, 2, 1, 0);
    assert_dist(&p->complete_declaration, CS_DIST_UNIFORM, 48, 240, 0);
    assert_dist(&p->transit_check, CS_DIST_LOGNORMAL, 5, 3, 0);
    assert_true(p->export_prerelease);
    assert_true(p->export_gate_scan);
    assert_double(p->quarantine_share, 0.04);
    assert_false(p->quarantine_merged);
    assert_int_equal(p->pools[CS_POOL_QUARANTINE].count, 3);
    assert_dist(&p->pools[CS_POOL_QUARANTINE].time, CS_DIST_DETERMINISTIC, 1.5, 0, 0);
    assert_double(p->free_storage, 72);
    /* traders */
    assert_dist(&p->import_trader_lag, CS_DIST_LOGNORMAL, 30, 20, 0);
    assert_dist(&p->pickup_planning, CS_DIST_LOGNORMAL, 36, 24, 0);
    assert_double(p->pickup_within_free_share, 0.7);
    assert_dist(&p->late_pickup_lag, CS_DIST_LOGNORMAL, 48, 48, 0);
    assert_dist(&p->export_declaration_lag, CS_DIST_LOGNORMAL, 7, 5, 0);
    assert_dist(&p->advance_lead, CS_DIST_UNIFORM, 10, 60, 0);
    assert_dist(&p->export_gate_in, CS_DIST_UNIFORM, 1, 100, 0);
    assert_dist(&p->ship_side_truck, CS_DIST_UNIFORM, 0.5, 2, 0);
    assert_double(p->ship_side_tolerance, 0.25);
    assert_dist(&p->direct_loading_truck, CS_DIST_LOGNORMAL, 6, 3, 0);
    assert_double(p->direct_loading_early, 3);
    /* services */
    assert_int_equal(p->nservices, 2);
    const cs_service_spec *m = &p->services[0], *f = &p->services[1];
    assert_string_equal(m->name, "main");
    assert_double(m->period, 144);
    assert_double(m->first_call, 12);
    assert_double(m->on_time_share, 0.5);
    assert_dist(&m->lateness, CS_DIST_EXPONENTIAL, 24, 0, 0);
    assert_dist(&m->imports, CS_DIST_TRIANGULAR, 1000, 1500, 2000);
    assert_int_equal(m->exports.kind, CS_DIST_EMPIRICAL);
    assert_double(m->exports.values[1], 200);
    assert_double(m->transit_share, 0);
    assert_int_equal(m->transit_to, -1);
    assert_false(m->feeder);
    assert_string_equal(f->name, "fdr");
    assert_double(f->period, 48);
    assert_double(f->first_call, 0.025);
    assert_double(f->on_time_share, 0.9);
    assert_dist(&f->lateness, CS_DIST_EXPONENTIAL, 4, 0, 0);
    assert_dist(&f->imports, CS_DIST_POISSON, 300, 0, 0);
    assert_dist(&f->exports, CS_DIST_POISSON, 250, 0, 0);
    assert_double(f->transit_share, 0.8);
    assert_int_equal(f->transit_to, 0);
    assert_true(f->feeder);
    /* regimes */
    assert_int_equal(p->nregimes, 2);
    assert_int_equal(p->baseline, 1);
    assert_string_equal(p->regimes[0].name, "conv");
    const cs_regime_spec *r = &p->regimes[1];
    assert_string_equal(r->name, "pilot");
    assert_double(r->advance_share, 0.57);
    assert_double(r->two_step_share, 0.3);
    assert_double(r->ship_side_share, 0.2);
    assert_true(r->ship_side_scan_at_quay);
    assert_double(r->direct_loading_share, 0.25);
    assert_double(r->export_advance_share, 0.61);
    assert_true(r->combined_port);
    assert_true(r->non_contact);
    assert_true(r->eligible[CS_CREDIT_AEO] && r->eligible[CS_CREDIT_LOW]);
    assert_false(r->eligible[CS_CREDIT_GENERAL]);
    assert_int_equal(r->ndisruptions, 2);
    const cs_disruption_spec *d = &r->disruptions[0];
    assert_double(d->from, 720);
    assert_double(d->to, 1440);
    static const double factor[CS_POOL_N] = {0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1};
    for (int i = 0; i < CS_POOL_N; i++) assert_double(d->capacity_factor[i], factor[i]);
    assert_true(d->has_crew_test);
    assert_dist(&d->crew_test, CS_DIST_TRIANGULAR, 6, 6.5, 7);
    assert_double(d->arrival_surge, 1.5);
    d = &r->disruptions[1];
    assert_double(d->from, 1680);
    assert_double(d->to, 1704);
    for (int i = 0; i < CS_POOL_N; i++) assert_double(d->capacity_factor[i], 1);
    assert_false(d->has_crew_test);
    assert_double(d->arrival_surge, 1);
    cs_scenario_free(&s);
    assert_empty(&s);
}

/* The reference hub of scenarios/ports loads (skipped outside the repository root). */
static void test_reference_hub(void **state)
{
    (void)state;
    const char *path = "scenarios/ports/reference_hub.yaml";
    FILE *f = fopen(path, "r");
    if (!f) skip();
    fclose(f);
    cs_scenario s;
    cs_error err;
    if (cs_scenario_load_file(path, &s, &err) != CS_OK)
        fail_msg("%s:%d:%d: %s", path, err.line, err.column, err.message);
    const cs_port_scenario *p = s.port;
    assert_string_equal(s.name, "reference_hub");
    assert_int_equal(s.replications, 10);
    assert_double(p->horizon, 2880);
    assert_double(p->warmup, 336);
    assert_double(p->drain, 1440);
    assert_int_equal(p->pools[CS_POOL_BERTHS].count, 5);
    assert_int_equal(p->nservices, 7);
    int feeders = 0, mainline = 0;
    for (uint32_t i = 0; i < p->nservices; i++) {
        const cs_service_spec *sv = &p->services[i];
        if (sv->feeder) {
            feeders++;
            assert_double(sv->period, 48);
            assert_double(sv->transit_share, 1);
            assert_true(sv->transit_to >= 0 && !p->services[sv->transit_to].feeder);
        } else {
            mainline++;
            assert_double(sv->period, 168);
            assert_int_equal(sv->imports.kind, CS_DIST_TRIANGULAR);
            assert_true(sv->imports.a >= 1500 && sv->imports.c <= 2500);
            assert_true(sv->exports.a >= 1500 && sv->exports.c <= 2500);
        }
    }
    assert_int_equal(feeders, 1);
    assert_int_equal(mainline, 6);
    static const char *const regimes[] = {"conventional", "advance", "two_step", "ship_side",
                                          "direct_loading", "combined_port", "non_contact",
                                          "epidemic"};
    assert_int_equal(p->nregimes, 8);
    for (int i = 0; i < 8; i++) assert_string_equal(p->regimes[i].name, regimes[i]);
    assert_int_equal(p->baseline, 0);
    assert_double(p->regimes[1].advance_share, 0.57);
    assert_double(p->regimes[2].two_step_share, 0.3);
    assert_double(p->regimes[3].ship_side_share, 0.3);
    assert_double(p->regimes[4].direct_loading_share, 0.3);
    assert_double(p->regimes[4].export_advance_share, 0.61);
    assert_true(p->regimes[5].combined_port);
    assert_true(p->regimes[6].non_contact);
    const cs_regime_spec *e = &p->regimes[7];
    assert_int_equal(e->ndisruptions, 1);
    assert_double(e->disruptions[0].from, 720);
    assert_double(e->disruptions[0].to, 1440);
    assert_double(e->disruptions[0].capacity_factor[CS_POOL_REVIEWERS], 0.5);
    assert_double(e->disruptions[0].capacity_factor[CS_POOL_EXAM_BAYS], 0.5);
    assert_double(e->disruptions[0].capacity_factor[CS_POOL_GATE_IN], 0.7);
    assert_double(e->disruptions[0].capacity_factor[CS_POOL_GATE_OUT], 0.7);
    assert_double(e->disruptions[0].capacity_factor[CS_POOL_BERTHS], 1);
    assert_true(e->disruptions[0].has_crew_test);
    assert_dist(&e->disruptions[0].crew_test, CS_DIST_TRIANGULAR, 6, 6.5, 7);
    cs_scenario_free(&s);
}

/* Limits: exactly CS_PORT_MAX_SERVICES services load, one more does not. */
static void test_service_limit(void **state)
{
    (void)state;
    const size_t size = 64 * 1024;
    char *yaml = malloc(size);
    assert_non_null(yaml);
    for (int extra = 0; extra <= 1; extra++) {
        size_t o = (size_t)snprintf(yaml, size, HEAD "services:\n");
        for (int i = 0; i < CS_PORT_MAX_SERVICES + extra; i++)
            o += (size_t)snprintf(yaml + o, size - o,
                                  "  - {name: s%d, imports: {dist: poisson, mean: 1}, "
                                  "exports: {dist: poisson, mean: 1}}\n", i);
        snprintf(yaml + o, size - o, REG);
        cs_scenario s;
        cs_error err;
        const cs_status st = load(yaml, &s, &err);
        if (!extra) {
            assert_int_equal(st, CS_OK);
            assert_int_equal(s.port->nservices, CS_PORT_MAX_SERVICES);
            cs_scenario_free(&s);
        } else {
            assert_int_equal(st, CS_ERR_INPUT);
            assert_int_equal(err.line, 5 + CS_PORT_MAX_SERVICES);
            assert_int_equal(err.column, 5);
            assert_non_null(strstr(err.message, "services: at most 64 services"));
        }
    }
    free(yaml);
}

/* ---- broken input ------------------------------------------------------ */

#define BAD(fname, yaml, line, column, substr) \
    static void fname(void **state) { (void)state; expect_error(yaml, line, column, substr); }

BAD(test_unknown_top_key,
    VALID "foo: 1\n",
    8, 1, "unknown key 'foo' in port scenario")
BAD(test_unknown_terminal_key,
    VALID "terminal: {berth: {count: 1}}\n",
    8, 12, "unknown key 'berth' in terminal")
BAD(test_unknown_pool_key,
    VALID "terminal:\n  transport: {count: 5, speed: 2}\n",
    9, 25, "unknown key 'speed' in terminal.transport")
BAD(test_berths_have_no_time,
    VALID "terminal: {berths: {count: 5, time: {dist: exponential, mean: 1}}}\n",
    8, 31, "unknown key 'time' in terminal.berths")
BAD(test_unknown_exam_key,
    VALID "customs:\n  exam: {cutoff_hour: 16, start: 8}\n",
    9, 27, "unknown key 'start' in customs.exam")
BAD(test_unknown_traders_key,
    VALID "traders: {pickup_lag: 1h}\n",
    8, 11, "unknown key 'pickup_lag' in traders")
BAD(test_unknown_service_key,
    HEAD "services:\n  - {name: s1, imports: {dist: poisson, mean: 1}, exports: {dist: poisson, mean: 1}, color: red}\n" REG,
    5, 86, "unknown key 'color' in services[0]")
BAD(test_unknown_regime_key,
    HEAD SVC "regimes:\n  base: {advance: 0.5}\n",
    7, 10, "unknown key 'advance' in regimes.base")
BAD(test_unknown_disruption_key,
    HEAD SVC "regimes:\n  epi:\n    disruptions:\n      - {from: 1d, to: 2d, factor: 0.5}\n",
    9, 28, "unknown key 'factor' in regimes.epi.disruptions[0]")
BAD(test_unknown_calendar_key,
    VALID "terminal:\n  gate_in: {calendar: {period: 24h, shifts: []}}\n",
    9, 37, "unknown key 'shifts' in terminal.gate_in.calendar")
BAD(test_bad_duration_unit,
    VALID "drain: 3x\n",
    8, 8, "drain: expected a duration (hours, or a number with unit s, min, h or d")
BAD(test_duration_two_spaces,
    VALID "drain: 1.5  d\n",
    8, 8, "drain: expected a duration")
BAD(test_duration_quoted,
    VALID "drain: '3d'\n",
    8, 8, "drain: expected a duration")
BAD(test_duration_upper_case_unit,
    VALID "drain: 3D\n",
    8, 8, "drain: expected a duration")
BAD(test_negative_duration,
    VALID "warmup: -1d\n",
    8, 9, "warmup: must be >= 0, got '-1d'")
BAD(test_negative_dist_time,
    VALID "traders:\n  advance_lead: {dist: uniform, min: -2h, max: 3h}\n",
    9, 38, "uniform: min must be >= 0")
BAD(test_infinite_duration,
    VALID "drain: 1e999d\n",
    8, 8, "drain: expected a finite duration")
BAD(test_credit_sum,
    VALID "boxes:\n  credit: {aeo: 0.3, general: 0.7, low: 0.1}\n",
    9, 11, "boxes.credit: the shares of aeo, general and low must sum to 1, got 1.1")
BAD(test_credit_partial_sum,
    VALID "boxes:\n  credit:\n    aeo: 0.3\n",
    10, 5, "boxes.credit: the shares of aeo, general and low must sum to 1")
BAD(test_channels_sum,
    VALID "customs:\n  channels:\n    low: {document: 0.5, scan: 0.3, exam: 0.2, lab: 0.1}\n",
    10, 10, "customs.channels.low: document + scan + exam + lab must be <= 1")
BAD(test_share_above_one,
    HEAD SVC "regimes:\n  pilot: {two_step: 1.2}\n",
    7, 21, "regimes.pilot.two_step: must be in [0, 1], got '1.2'")
BAD(test_share_negative,
    VALID "boxes: {teu_two_share: -0.1}\n",
    8, 24, "boxes.teu_two_share: must be in [0, 1]")
BAD(test_unknown_pool_in_capacity,
    HEAD SVC "regimes:\n  epi:\n    disruptions:\n      - {from: 1d, to: 2d, capacity: {cranes: 0.5}}\n",
    9, 39, "unknown key 'cranes' in regimes.epi.disruptions[0].capacity (expected one of: berths, transport, yard_cranes, gate_in, gate_out, reviewers, scan_lanes, exam_bays, quarantine_inspectors)")
BAD(test_capacity_factor_above_one,
    HEAD SVC "regimes:\n  epi:\n    disruptions:\n      - {from: 1d, to: 2d, capacity: {gate_in: 1.5}}\n",
    9, 48, "regimes.epi.disruptions[0].capacity.gate_in: must be in [0, 1]")
BAD(test_disruption_to_before_from,
    HEAD SVC "regimes:\n  epi:\n    disruptions:\n      - {from: 2d, to: 1d}\n",
    9, 24, "regimes.epi.disruptions[0].to: must be > from (48 h), got '1d'")
BAD(test_surge_zero,
    HEAD SVC "regimes:\n  epi:\n    disruptions:\n      - {from: 1d, to: 2d, surge: 0}\n",
    9, 35, "surge: must be > 0")
BAD(test_transit_to_unknown,
    HEAD "services:\n  - {name: s1, imports: {dist: poisson, mean: 1}, exports: {dist: poisson, mean: 1}, transit_share: 1, transit_to: nowhere}\n" REG,
    5, 116, "services[0].transit_to: no service named 'nowhere'")
BAD(test_transit_to_itself,
    HEAD "services:\n  - {name: s1, imports: {dist: poisson, mean: 1}, exports: {dist: poisson, mean: 1}, transit_to: s1}\n" REG,
    5, 98, "services[0].transit_to: a service cannot transit to itself")
BAD(test_transit_to_missing,
    HEAD "services:\n  - name: s2\n    imports: {dist: poisson, mean: 1}\n    exports: {dist: poisson, mean: 1}\n    transit_share: 0.5\n" REG,
    5, 5, "services[0]: transit_to is required when transit_share > 0")
BAD(test_baseline_unknown,
    VALID "baseline: other\n",
    8, 11, "baseline: no regime named 'other' (regimes: base)")
BAD(test_regimes_as_list,
    HEAD SVC "regimes:\n  - base\n",
    7, 3, "regimes: expected a mapping from regime names to their definitions, got a sequence")
BAD(test_regimes_empty,
    HEAD SVC "regimes: {}\n",
    6, 10, "regimes: at least one regime is required")
BAD(test_regime_bad_name,
    HEAD SVC "regimes:\n  bad/name: {}\n",
    7, 3, "regime name: must be 1 to 47 characters")
BAD(test_duplicate_regime,
    HEAD SVC "regimes:\n  a: {}\n  a: {}\n",
    8, 3, "duplicate key")
BAD(test_duplicate_service_name,
    HEAD "services:\n  - {name: s1, imports: {dist: poisson, mean: 1}, exports: {dist: poisson, mean: 1}}\n  - {name: s1, imports: {dist: poisson, mean: 1}, exports: {dist: poisson, mean: 1}}\n" REG,
    6, 12, "services[1].name: duplicate service name 's1' (also services[0])")
BAD(test_service_bad_name,
    HEAD "services:\n  - {name: 'a b', imports: {dist: poisson, mean: 1}, exports: {dist: poisson, mean: 1}}\n" REG,
    5, 12, "services[0].name: must be 1 to 47 characters")
BAD(test_calendar_at_not_increasing,
    VALID "terminal:\n  gate_in: {count: 2, calendar: {period: 24h, changes: [{at: 8h, count: 1}, {at: 8h, count: 2}]}}\n",
    9, 82, "terminal.gate_in.calendar.changes[1].at: must be > the previous change's at (8 h)")
BAD(test_calendar_at_not_below_period,
    VALID "terminal:\n  gate_in: {count: 2, calendar: {period: 12h, changes: [{at: 0h, count: 1}, {at: 12h, count: 2}]}}\n",
    9, 82, "terminal.gate_in.calendar.changes[1].at: must be < the calendar's period (12 h)")
BAD(test_calendar_no_changes,
    VALID "customs:\n  reviewers: {calendar: {period: 24h, changes: []}}\n",
    9, 48, "customs.reviewers.calendar.changes: at least one change is required")
BAD(test_calendar_missing_count,
    VALID "customs:\n  reviewers: {calendar: {changes: [{at: 1h}]}}\n",
    9, 36, "customs.reviewers.calendar.changes[0]: missing required key 'count'")
BAD(test_horizon_not_above_warmup,
    "kind: port\nname: hub\nhorizon: 10d\nwarmup: 10d\n" SVC REG,
    4, 9, "warmup: must be < horizon (240 h), got '10d'")
BAD(test_horizon_zero,
    "kind: port\nname: hub\nhorizon: 0h\n" SVC REG,
    3, 10, "horizon: must be > 0")
BAD(test_missing_services,
    HEAD REG,
    1, 1, "port scenario: missing required key 'services'")
BAD(test_missing_horizon,
    "kind: port\nname: hub\n" SVC REG,
    1, 1, "port scenario: missing required key 'horizon'")
BAD(test_missing_imports,
    HEAD "services:\n  - {name: s1, exports: {dist: poisson, mean: 1}}\n" REG,
    5, 5, "services[0]: missing required key 'imports'")
BAD(test_services_empty,
    HEAD "services: []\n" REG,
    4, 11, "services: at least one service is required")
BAD(test_services_mapping,
    HEAD "services: {name: s1}\n" REG,
    4, 11, "services: expected a list of services, got a mapping")
BAD(test_count_zero,
    VALID "customs:\n  reviewers: {count: 0}\n",
    9, 22, "customs.reviewers.count: expected an integer in [1, 1000000], got '0'")
BAD(test_count_fraction,
    VALID "terminal: {cranes_per_vessel: 2.5}\n",
    8, 31, "terminal.cranes_per_vessel: expected an integer")
BAD(test_cutoff_not_below_yard_open,
    VALID "terminal:\n  exports: {yard_open: 12h, cutoff: 12h}\n",
    9, 37, "terminal.exports: cutoff (12 h) must be < yard_open (12 h)")
BAD(test_yard_open_below_default_cutoff,
    VALID "terminal:\n  exports: {yard_open: 6h}\n",
    9, 24, "terminal.exports: cutoff (12 h) must be < yard_open (6 h)")
BAD(test_exam_start_after_cutoff,
    VALID "customs:\n  exam: {cutoff_hour: 10, start_hour: 11}\n",
    9, 39, "customs.exam: start_hour (11) must be <= cutoff_hour (10)")
BAD(test_exam_hour_24,
    VALID "customs:\n  exam: {cutoff_hour: 24}\n",
    9, 23, "customs.exam.cutoff_hour: must be an hour of the day in [0, 24), got '24'")
BAD(test_yard_capacity_zero,
    VALID "terminal:\n  yard: {capacity: 0}\n",
    9, 20, "terminal.yard.capacity: must be > 0")
BAD(test_absurd_horizon,
    "kind: port\nname: hub\nhorizon: 7301d\n" SVC REG,
    3, 10, "horizon: at most 175200 h (20 years), got '7301d'")
BAD(test_absurd_drain,
    VALID "drain: 200000\n",
    8, 8, "drain: at most 175200 h (20 years)")
BAD(test_absurd_box_count,
    HEAD "services:\n  - {name: s1, imports: {dist: poisson, mean: 50}, exports: {dist: poisson, mean: 50}}\n  - {name: s2, period: 30s, imports: {dist: poisson, mean: 2000}, exports: {dist: poisson, mean: 2000}}\n" REG,
    6, 5, "services[1]: with service 's2' about 1.38e+09 boxes call in the horizon of 2880 h, more than 10^9")
BAD(test_call_too_big,
    HEAD "services:\n  - {name: s1, imports: {dist: deterministic, value: 200000}, exports: {dist: poisson, mean: 1}}\n" REG,
    5, 25, "services[0].imports: mean 200000 boxes per call, more than 100000")
BAD(test_count_dist_negative,
    HEAD "services:\n  - {name: s1, imports: {dist: empirical, values: [-1, 2], weights: [1, 1]}, exports: {dist: poisson, mean: 1}}\n" REG,
    5, 25, "services[0].imports: a number of boxes cannot be negative")
BAD(test_count_dist_with_unit,
    HEAD "services:\n  - {name: s1, imports: {dist: poisson, mean: 3h}, exports: {dist: poisson, mean: 1}}\n" REG,
    5, 47, "services[0].imports: poisson: mean takes no unit (a distribution of counts is plain numbers), got '3h'")
BAD(test_eligible_unknown_class,
    HEAD SVC "regimes:\n  p: {eligible: [aeo, vip]}\n",
    7, 23, "regimes.p.eligible[1]: unknown credit class 'vip' (expected aeo, general or low)")
BAD(test_eligible_duplicate,
    HEAD SVC "regimes:\n  p: {eligible: [aeo, aeo]}\n",
    7, 23, "regimes.p.eligible[1]: credit class 'aeo' is listed twice")
BAD(test_eligible_not_list,
    HEAD SVC "regimes:\n  p: {eligible: aeo}\n",
    7, 17, "regimes.p.eligible: expected a list of credit classes")
BAD(test_unit_in_erlang_k,
    VALID "terminal:\n  crane_move: {dist: erlang, k: 2h, mean: 2min}\n",
    9, 33, "erlang: k takes no unit (only times do), got '2h'")
BAD(test_unit_in_gamma_shape,
    VALID "customs:\n  payment: {dist: gamma, shape: 2min, mean: 2h}\n",
    9, 33, "gamma: shape takes no unit (only times do), got '2min'")
BAD(test_unit_in_weights,
    VALID "customs:\n  payment: {dist: empirical, values: [1h, 2h], weights: [1h, 1]}\n",
    9, 58, "empirical: weights[0] takes no unit")
BAD(test_negative_empirical_time,
    VALID "customs:\n  payment: {dist: empirical, values: [-1h, 2h], weights: [1, 1]}\n",
    9, 39, "empirical: values[0] must be >= 0")
BAD(test_bad_unit_in_dist,
    VALID "customs:\n  payment: {dist: lognormal, mean: 2hours, sd: 1h}\n",
    9, 36, "lognormal: mean: expected a duration")
BAD(test_bool_not_bool,
    VALID "customs:\n  lab: {two_stage: yes}\n",
    9, 20, "customs.lab.two_stage: expected true or false, got 'yes'")
BAD(test_port_replications_zero,
    VALID "replications: 0\n",
    8, 15, "replications: expected an integer in [1, 100000]")
BAD(test_port_bad_name,
    "kind: port\nname: a/b\nhorizon: 120d\n" SVC REG,
    2, 7, "name: must be 1 to 63 characters")
BAD(test_leak_after_empirical,
    VALID "terminal: {release_notice: {dist: empirical, values: [1h, 2h], weights: [1, 1]}}\ncustoms: {foo: 1}\n",
    9, 11, "unknown key 'foo' in customs")
BAD(test_leak_after_service_empirical,
    HEAD "services:\n  - {name: s1, imports: {dist: empirical, values: [1, 2], weights: [1, 1]}, exports: {dist: poisson, mean: 1}}\n  - {name: s1, imports: {dist: poisson, mean: 1}, exports: {dist: poisson, mean: 1}}\n" REG,
    6, 12, "duplicate service name")
BAD(test_leak_after_crew_test,
    HEAD SVC "regimes:\n  epi:\n    disruptions:\n      - {from: 1d, to: 2d, crew_test: {dist: empirical, values: [6h, 7h], weights: [1, 1]}}\n      - {from: 3d, to: 2d}\n",
    10, 24, "to: must be > from")

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_item_defaults),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_durations),
        cmocka_unit_test(test_dist_units),
        cmocka_unit_test(test_every_key),
        cmocka_unit_test(test_reference_hub),
        cmocka_unit_test(test_service_limit),
        cmocka_unit_test(test_unknown_top_key),
        cmocka_unit_test(test_unknown_terminal_key),
        cmocka_unit_test(test_unknown_pool_key),
        cmocka_unit_test(test_berths_have_no_time),
        cmocka_unit_test(test_unknown_exam_key),
        cmocka_unit_test(test_unknown_traders_key),
        cmocka_unit_test(test_unknown_service_key),
        cmocka_unit_test(test_unknown_regime_key),
        cmocka_unit_test(test_unknown_disruption_key),
        cmocka_unit_test(test_unknown_calendar_key),
        cmocka_unit_test(test_bad_duration_unit),
        cmocka_unit_test(test_duration_two_spaces),
        cmocka_unit_test(test_duration_quoted),
        cmocka_unit_test(test_duration_upper_case_unit),
        cmocka_unit_test(test_negative_duration),
        cmocka_unit_test(test_negative_dist_time),
        cmocka_unit_test(test_infinite_duration),
        cmocka_unit_test(test_credit_sum),
        cmocka_unit_test(test_credit_partial_sum),
        cmocka_unit_test(test_channels_sum),
        cmocka_unit_test(test_share_above_one),
        cmocka_unit_test(test_share_negative),
        cmocka_unit_test(test_unknown_pool_in_capacity),
        cmocka_unit_test(test_capacity_factor_above_one),
        cmocka_unit_test(test_disruption_to_before_from),
        cmocka_unit_test(test_surge_zero),
        cmocka_unit_test(test_transit_to_unknown),
        cmocka_unit_test(test_transit_to_itself),
        cmocka_unit_test(test_transit_to_missing),
        cmocka_unit_test(test_baseline_unknown),
        cmocka_unit_test(test_regimes_as_list),
        cmocka_unit_test(test_regimes_empty),
        cmocka_unit_test(test_regime_bad_name),
        cmocka_unit_test(test_duplicate_regime),
        cmocka_unit_test(test_duplicate_service_name),
        cmocka_unit_test(test_service_bad_name),
        cmocka_unit_test(test_calendar_at_not_increasing),
        cmocka_unit_test(test_calendar_at_not_below_period),
        cmocka_unit_test(test_calendar_no_changes),
        cmocka_unit_test(test_calendar_missing_count),
        cmocka_unit_test(test_horizon_not_above_warmup),
        cmocka_unit_test(test_horizon_zero),
        cmocka_unit_test(test_missing_services),
        cmocka_unit_test(test_missing_horizon),
        cmocka_unit_test(test_missing_imports),
        cmocka_unit_test(test_services_empty),
        cmocka_unit_test(test_services_mapping),
        cmocka_unit_test(test_count_zero),
        cmocka_unit_test(test_count_fraction),
        cmocka_unit_test(test_cutoff_not_below_yard_open),
        cmocka_unit_test(test_yard_open_below_default_cutoff),
        cmocka_unit_test(test_exam_start_after_cutoff),
        cmocka_unit_test(test_exam_hour_24),
        cmocka_unit_test(test_yard_capacity_zero),
        cmocka_unit_test(test_absurd_horizon),
        cmocka_unit_test(test_absurd_drain),
        cmocka_unit_test(test_absurd_box_count),
        cmocka_unit_test(test_call_too_big),
        cmocka_unit_test(test_count_dist_negative),
        cmocka_unit_test(test_count_dist_with_unit),
        cmocka_unit_test(test_eligible_unknown_class),
        cmocka_unit_test(test_eligible_duplicate),
        cmocka_unit_test(test_eligible_not_list),
        cmocka_unit_test(test_unit_in_erlang_k),
        cmocka_unit_test(test_unit_in_gamma_shape),
        cmocka_unit_test(test_unit_in_weights),
        cmocka_unit_test(test_negative_empirical_time),
        cmocka_unit_test(test_bad_unit_in_dist),
        cmocka_unit_test(test_bool_not_bool),
        cmocka_unit_test(test_port_replications_zero),
        cmocka_unit_test(test_port_bad_name),
        cmocka_unit_test(test_leak_after_empirical),
        cmocka_unit_test(test_leak_after_service_empirical),
        cmocka_unit_test(test_leak_after_crew_test),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
