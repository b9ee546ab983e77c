/*
 * test_port_regimes.c - what a regime can say: inputs of its own (an
 * overlay), adoption as a mix of measures, and the milestones that show
 * where the time goes (the decomposition in process order,
 * decl_release_h, completion_h), on the tiny deterministic port of
 * test_port_model.h.
 *
 *   overlays   change only what they set (hand-computed milestones), are
 *              refused for the keys that define the experiment or create
 *              entities (each with its message), and are reached by sweep
 *              paths (put, and created where absent)
 *   mixes      shares within 3 standard errors over 10^5 boxes; the same
 *              boxes take the same category in regimes that differ
 *              elsewhere; a category keeps its boxes when its share grows;
 *              per-measure shares keep their rule box by box
 *   CRN        an export overlay leaves every import attribute, uniform and
 *              milestone as it was
 *   intervals  each milestone's interval is what it adds after those before
 *              it in the box's process order: hand-computed for a
 *              conventional and a two-step import, never negative, adding
 *              up to exit_h
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include "clearsim/experiment.h"
#include "clearsim/port_catalog.h"
#include "test_port_model.h"

static const char *const overlay_yaml = PM_BASE PM_CALL("1", "1")
    "regimes:\n"
    "  base: {}\n"
    "  slow: {inputs: {traders.import_trader_lag: " PM_DET("8h") ", customs: {payment: " PM_DET("2h") "}}}\n";
enum { R_BASE, R_SLOW };

/* ---- overlays ------------------------------------------------------------ */

/* The slow regime declares 8h after arrival (T3 = 138 instead of 134) and
 * pays in 2h instead of 1h; everything before the declaration, and the
 * export, are as in the base regime. */
static void test_overlay_changes_what_it_sets(void **state)
{
    (void)state;
    cs_scenario s;
    pm_load(overlay_yaml, &s);
    const cs_port_scenario *p = s.port, *q = p->regimes[R_SLOW].inputs;
    assert_null(p->regimes[R_BASE].inputs);
    assert_non_null(q);
    assert_true(q->import_trader_lag.a == 8.0 && p->import_trader_lag.a == 4.0);
    assert_true(q->payment.a == 2.0 && p->payment.a == 1.0);
    assert_true(q->acceptance.a == p->acceptance.a && q->pools[CS_POOL_REVIEWERS].count == 100);
    assert_int_equal(q->nservices, p->nservices);
    pm_recs a, b;
    pm_run(&s, R_BASE, &a);
    pm_run(&s, R_SLOW, &b);
    const cs_port_box_record *ia = pm_only(&a, CS_FLOW_IMPORT), *ib = pm_only(&b, CS_FLOW_IMPORT);
    PM_MS(ia, T3, 134.0);
    PM_MS(ib, T3, 138.0);
    /* acceptance 0.25h, auto review 0.125h, payment 2h: T7 = T8 = 140.375 */
    PM_MS(ib, T7, 140.375);
    PM_MS(ib, T8, 140.375);
    PM_MS(ib, T0, ia->t[CS_MS_T0]);
    PM_MS(ib, T1, ia->t[CS_MS_T1]);
    PM_MS(ib, T2, ia->t[CS_MS_T2]);
    assert_memory_equal(ia->u, ib->u, sizeof ia->u);
    const cs_port_box_record *ea = pm_only(&a, CS_FLOW_EXPORT), *eb = pm_only(&b, CS_FLOW_EXPORT);
    for (int m = 0; m < CS_MS_COUNT; m++)
        assert_true(ea->t[m] == eb->t[m] || (isnan(ea->t[m]) && isnan(eb->t[m])));
    pm_recs_free(&a);
    pm_recs_free(&b);
    cs_scenario_free(&s);
}

/* Every key that defines the experiment or creates entities is refused
 * at the key, saying which and why. */
static void test_overlay_refusals(void **state)
{
    (void)state;
    static const struct {
        const char *set, *message;
    } bad[] = {
        { "horizon: 20d", "a regime cannot set horizon: it defines the experiment" },
        { "warmup: 1d", "a regime cannot set warmup: it defines the experiment" },
        { "drain: 1d", "a regime cannot set drain: it defines the experiment" },
        { "seed: 3", "a regime cannot set seed: it defines the experiment" },
        { "replications: 3", "a regime cannot set replications: it defines the experiment" },
        { "timeseries: {interval: 2h}", "a regime cannot set timeseries: it defines the experiment" },
        { "regimes: {}", "a regime cannot set regimes: it defines the experiment" },
        { "baseline: base", "a regime cannot set baseline: it defines the experiment" },
        { "name: other", "a regime cannot set name: it defines the experiment" },
        { "services: []", "a regime cannot set services: it creates vessels or boxes" },
        { "boxes.credit.aeo: 0.5", "a regime cannot set boxes: it creates vessels or boxes" },
        { "boxes: {teu_two_share: 0.5}", "a regime cannot set boxes: it creates vessels or boxes" },
        { "traders.no_such_lag: 3h", "regimes.x.inputs.traders.no_such_lag: not an input of the scenario" },
        { "traders.import_trader_lag.value: 3h", "traders.import_trader_lag is one value: set it whole" },
        { "customs.channels.general.exam: 2", "customs.channels.general.exam: must be in [0, 1]" },
        { "customs.channels.general.exam: 0.7\n      customs.channels.general.scan: 0.7",
          "customs.channels.general: document + scan + exam + lab must be <= 1" },
        { "terminal.exports.cutoff: 200h", "terminal.exports: cutoff (200 h) must be < yard_open" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char yaml[8192];
        snprintf(yaml, sizeof yaml, "%s%sregimes:\n  base: {}\n  x:\n    inputs:\n      %s\n", PM_BASE,
                 PM_CALL("1", "1"), bad[i].set);
        cs_scenario s;
        cs_error err = { 0 };
        const cs_status st = cs_scenario_load_string(yaml, strlen(yaml), "pm.yaml", &s, &err);
        if (st != CS_ERR_INPUT || !strstr(err.message, bad[i].message) || err.line < 50)
            fail_msg("%s: status %d at line %d: %s", bad[i].set, (int)st, err.line, err.message);
    }
}

/* A sweep reaches a value inside an overlay by its path, and may create
 * an overlay key (and the overlay) where there is none. */
static void test_overlay_sweep_paths(void **state)
{
    (void)state;
    const cs_scenario_override ov[] = {
        { "regimes.slow.inputs.traders.import_trader_lag.value", "6h" },
        { "regimes.base.inputs.customs.reviewers.count", "7" },
    };
    cs_scenario s;
    cs_error err = { 0 };
    int culprit;
    if (cs_scenario_load_overridden(overlay_yaml, strlen(overlay_yaml), "pm.yaml", ov, 2, &s, &err, &culprit) != CS_OK)
        fail_msg("%d:%d: %s (override %d)", err.line, err.column, err.message, culprit);
    const cs_port_scenario *p = s.port;
    assert_true(p->regimes[R_SLOW].inputs->import_trader_lag.a == 6.0);
    assert_true(p->regimes[R_SLOW].inputs->payment.a == 2.0); /* the rest of the overlay stays */
    assert_non_null(p->regimes[R_BASE].inputs);
    assert_int_equal(p->regimes[R_BASE].inputs->pools[CS_POOL_REVIEWERS].count, 7);
    assert_int_equal(p->pools[CS_POOL_REVIEWERS].count, 100); /* the scenario's own is untouched */
    cs_scenario_free(&s);
    /* a refused key is refused through a sweep path too */
    const cs_scenario_override bad[] = { { "regimes.slow.inputs.horizon", "20d" } };
    assert_int_equal(cs_scenario_load_overridden(overlay_yaml, strlen(overlay_yaml), "pm.yaml", bad, 1, &s, &err,
                                                 &culprit),
                     CS_ERR_INPUT);
    if (!strstr(err.message, "a regime cannot set horizon")) fail_msg("%s", err.message);
}

/* ---- adoption mixes -------------------------------------------------------- */

#define MIX_IMPORTS "100000"
static const char *const mix_yaml = PM_BASE PM_CALL(MIX_IMPORTS, "0")
    "regimes:\n"
    "  mix: {adoption: {import: {advance: 0.3, two_step: 0.2, advance_two_step: 0.1, ship_side: 0.15}}}\n"
    "  mix_elsewhere: {adoption: {import: {advance: 0.3, two_step: 0.2, advance_two_step: 0.1, ship_side: 0.15}},\n"
    "                  inputs: {traders.import_trader_lag: " PM_DET("9h") "}}\n"
    "  more_advance: {adoption: {import: {advance: 0.4, two_step: 0.2, advance_two_step: 0.1, ship_side: 0.15}}}\n"
    "  more_ship_side: {adoption: {import: {advance: 0.3, two_step: 0.2, advance_two_step: 0.1, ship_side: 0.3}}}\n"
    "  per_measure: {advance_declaration: 0.3, two_step: 0.2, ship_side: 0.15}\n"
    "  by_class: {adoption: {import: {general: {ship_side: 0.5}, aeo: {advance: 1}}}}\n";
enum { M_MIX, M_ELSEWHERE, M_MORE_ADVANCE, M_MORE_SHIP_SIDE, M_PER_MEASURE, M_BY_CLASS };

/* The adoption of every import box of regime r, by box index (ids are the
 * index within the one call). */
static uint8_t *adoptions(const cs_scenario *s, uint32_t r, pm_recs *rc)
{
    pm_run(s, r, rc);
    const size_t n = (size_t)atol(MIX_IMPORTS);
    uint8_t *a = calloc(n, 1);
    assert_non_null(a);
    size_t seen = 0;
    for (size_t i = 0; i < rc->nbox; i++) {
        const cs_port_box_record *b = &rc->box[i];
        if (b->flow != CS_FLOW_IMPORT) continue;
        assert_true(b->id < n);
        a[b->id] = b->adoption;
        seen++;
    }
    assert_int_equal(seen, n);
    return a;
}

static void test_mix_shares(void **state)
{
    (void)state;
    cs_scenario s;
    pm_load(mix_yaml, &s);
    pm_recs rc;
    uint8_t *a = adoptions(&s, M_MIX, &rc);
    const double n = atof(MIX_IMPORTS);
    const double want[CS_ADOPT_N] = { [CS_ADOPT_NONE] = 0.25, [CS_ADOPT_ADVANCE] = 0.3, [CS_ADOPT_TWO_STEP] = 0.2,
                                      [CS_ADOPT_ADVANCE_TWO_STEP] = 0.1, [CS_ADOPT_SHIP_SIDE] = 0.15 };
    double count[CS_ADOPT_N] = { 0 };
    for (size_t i = 0; i < (size_t)n; i++) count[a[i]]++;
    for (int k = 0; k < CS_ADOPT_N; k++) {
        const double p = want[k], sd = sqrt(p * (1 - p) / n);
        if (!(fabs(count[k] / n - p) <= 3 * sd + 1e-12))
            fail_msg("%s: share %g, want %g +- %g", cs_adoption_names[k], count[k] / n, p, 3 * sd);
    }
    /* the box's category is where its adoption uniform falls */
    for (size_t i = 0; i < rc.nbox; i++) {
        const double u = rc.box[i].u[U_ADOPT_A];
        const cs_adoption k = u < 0.3 ? CS_ADOPT_ADVANCE : u < 0.5 ? CS_ADOPT_TWO_STEP : u < 0.6 ? CS_ADOPT_ADVANCE_TWO_STEP
                            : u < 0.75 ? CS_ADOPT_SHIP_SIDE : CS_ADOPT_NONE;
        assert_int_equal(rc.box[i].adoption, k);
    }
    free(a);
    pm_recs_free(&rc);
    cs_scenario_free(&s);
}

static void test_mix_same_boxes_and_monotone(void **state)
{
    (void)state;
    cs_scenario s;
    pm_load(mix_yaml, &s);
    pm_recs r0, r1, r2, r3;
    uint8_t *mix = adoptions(&s, M_MIX, &r0), *elsewhere = adoptions(&s, M_ELSEWHERE, &r1);
    uint8_t *adv = adoptions(&s, M_MORE_ADVANCE, &r2), *ship = adoptions(&s, M_MORE_SHIP_SIDE, &r3);
    const size_t n = (size_t)atol(MIX_IMPORTS);
    size_t grown_adv = 0, grown_ship = 0;
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(mix[i], elsewhere[i]); /* a regime that differs elsewhere */
        if (mix[i] == CS_ADOPT_ADVANCE) assert_int_equal(adv[i], CS_ADOPT_ADVANCE);
        if (mix[i] == CS_ADOPT_SHIP_SIDE) assert_int_equal(ship[i], CS_ADOPT_SHIP_SIDE);
        grown_adv += adv[i] == CS_ADOPT_ADVANCE && mix[i] != CS_ADOPT_ADVANCE;
        grown_ship += ship[i] == CS_ADOPT_SHIP_SIDE && mix[i] != CS_ADOPT_SHIP_SIDE;
    }
    assert_true(grown_adv > n / 20 && grown_ship > n / 10); /* the shares did grow */
    free(mix), free(elsewhere), free(adv), free(ship);
    pm_recs_free(&r0), pm_recs_free(&r1), pm_recs_free(&r2), pm_recs_free(&r3);
    cs_scenario_free(&s);
}

/* Per-measure shares keep their rule: ship-side on its own uniform, else
 * advance and two-step each on theirs (both possible); per-class mixes
 * give each class its own. */
static void test_per_measure_and_per_class(void **state)
{
    (void)state;
    cs_scenario s;
    pm_load(mix_yaml, &s);
    pm_recs rc;
    free(adoptions(&s, M_PER_MEASURE, &rc));
    size_t both = 0;
    for (size_t i = 0; i < rc.nbox; i++) {
        const double *u = rc.box[i].u;
        const bool ship = u[U_ADOPT_C] < 0.15, adv = !ship && u[U_ADOPT_A] < 0.3, two = !ship && u[U_ADOPT_B] < 0.2;
        const cs_adoption k = ship ? CS_ADOPT_SHIP_SIDE : adv && two ? CS_ADOPT_ADVANCE_TWO_STEP
                            : adv ? CS_ADOPT_ADVANCE : two ? CS_ADOPT_TWO_STEP : CS_ADOPT_NONE;
        assert_int_equal(rc.box[i].adoption, k);
        both += k == CS_ADOPT_ADVANCE_TWO_STEP;
    }
    assert_true(both > 1000); /* independent shares overlap: about 0.85 x 0.3 x 0.2 */
    pm_recs_free(&rc);
    /* by class: every box is general credit here, so half take ship-side */
    free(adoptions(&s, M_BY_CLASS, &rc));
    for (size_t i = 0; i < rc.nbox; i++)
        assert_int_equal(rc.box[i].adoption, rc.box[i].u[U_ADOPT_A] < 0.5 ? CS_ADOPT_SHIP_SIDE : CS_ADOPT_NONE);
    pm_recs_free(&rc);
    cs_scenario_free(&s);
}

/* ---- common random numbers across an export overlay ---------------------- */

static void test_export_overlay_leaves_imports(void **state)
{
    (void)state;
    static const char *const yaml = PM_BASE PM_CALL("50", "50")
        "regimes:\n"
        "  base: {adoption: {import: {advance: 0.5}, export: {advance: 0.5}}}\n"
        "  exports_slow: {adoption: {import: {advance: 0.5}, export: {advance: 0.5}},\n"
        "                 inputs: {traders: {export_declaration_lag: " PM_DET("30h") "}}}\n";
    cs_scenario s;
    pm_load(yaml, &s);
    pm_recs a, b;
    pm_run(&s, 0, &a);
    pm_run(&s, 1, &b);
    assert_int_equal(a.nbox, b.nbox);
    size_t imports = 0, exports_moved = 0;
    for (size_t i = 0; i < a.nbox; i++) {
        const cs_port_box_record *x = &a.box[i];
        const cs_port_box_record *y = NULL;
        for (size_t j = 0; j < b.nbox && !y; j++)
            if (b.box[j].id == x->id && b.box[j].flow == x->flow) y = &b.box[j];
        assert_non_null(y);
        if (x->flow == CS_FLOW_EXPORT) {
            exports_moved += !(x->t[CS_MS_T3] == y->t[CS_MS_T3]);
            continue;
        }
        imports++;
        assert_int_equal(x->channel, y->channel);
        assert_int_equal(x->adoption, y->adoption);
        assert_int_equal(x->credit, y->credit);
        assert_memory_equal(x->u, y->u, sizeof x->u);
        for (int m = 0; m < CS_MS_COUNT; m++)
            assert_true(x->t[m] == y->t[m] || (isnan(x->t[m]) && isnan(y->t[m])));
    }
    assert_int_equal(imports, 50);
    assert_true(exports_moved > 0); /* the overlay did act, on exports */
    pm_recs_free(&a);
    pm_recs_free(&b);
    cs_scenario_free(&s);
}

/* ---- intervals in process order ------------------------------------------ */

/* The decomposition row of metric d<ms>_h of a regime's imports. */
static const cs_decomposition_row *interval(const cs_results *r, const char *regime, int ms)
{
    char name[CS_LABEL_MAX];
    cs_port_metric_name(CS_PORT_INTERVAL(ms), name, sizeof name);
    for (size_t i = 0; i < r->ndecomposition; i++) {
        const cs_decomposition_row *d = &r->decomposition[i];
        if (!strcmp(d->key.regime, regime) && !strcmp(d->key.flow, cs_port_flow_name(CS_FLOW_IMPORT)) &&
            !strcmp(d->key.metric, name))
            return d;
    }
    fail_msg("no interval %s of %s", name, regime);
    return NULL;
}

static const cs_summary_row *summary(const cs_results *r, const char *regime, cs_port_metric m)
{
    char name[CS_LABEL_MAX];
    cs_port_metric_name(m, name, sizeof name);
    for (size_t k = 0; k < r->nkeys; k++)
        if (!strcmp(r->summary[k].key.regime, regime) && !strcmp(r->summary[k].key.metric, name) &&
            !strcmp(r->summary[k].key.flow, cs_port_flow_name(CS_FLOW_IMPORT)) &&
            !strcmp(r->summary[k].key.segment, "all"))
            return &r->summary[k];
    fail_msg("no %s of %s", name, regime);
    return NULL;
}

/* One import box, conventional and two-step (milestones of
 * test_port_model.c).  Conventional, in the order T1 T2 T3 T4 T5 T6s T6e
 * T7 T8 T9 T10 from T0 = 130: T1 132 adds 2, T2 132.125 adds 0.125, T3 134
 * adds 1.875, T4 = T5 134.25 add 0.25 and 0, T7 = T8 135.375 add 1.125
 * and 0, T9 136.125 adds 0.75, T10 the rest.  Two-step, in the order T1
 * T2 T3 T4 T5 T6s T6e T8 T9 T10 (its duties, T7, come after release):
 * T1 adds 2, T2 0.125, the summary declaration T3 = 130 and its T4 = T5 =
 * 130.25, T8 130.75 and T9 131.5 came before 132.125 and add 0, T10 the
 * rest.  decl_release_h: 1.375 and 0.75; completion_h (two-step): 48. */
static void test_intervals_in_process_order(void **state)
{
    (void)state;
    static const char *const yaml = PM_BASE PM_CALL("1", "0")
        "regimes:\n  conv: {}\n  two_step: {two_step: 1}\n";
    cs_scenario s;
    pm_load(yaml, &s);
    const cs_run_options opt = { .replications = 1, .threads = 1 };
    cs_results r;
    cs_error err = { 0 };
    assert_int_equal(cs_experiment_run(&s, &opt, &r, &err), CS_OK);
    static const struct { int ms; double conv, two_step; } want[] = {
        { CS_MS_T1, 2, 2 },      { CS_MS_T2, 0.125, 0.125 }, { CS_MS_T3, 1.875, 0 }, { CS_MS_T4, 0.25, 0 },
        { CS_MS_T5, 0, 0 },      { CS_MS_T8, 0, 0 },         { CS_MS_T9, 0.75, 0 },
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        assert_float_equal(interval(&r, "conv", want[i].ms)->mean, want[i].conv, 1e-9);
        assert_float_equal(interval(&r, "two_step", want[i].ms)->mean, want[i].two_step, 1e-9);
    }
    assert_float_equal(interval(&r, "conv", CS_MS_T7)->mean, 1.125, 1e-9);
    const cs_decomposition_row *t7 = interval(&r, "two_step", CS_MS_T7);
    assert_true(t7->boxes == 0); /* reported apart */
    assert_true(isnan(t7->mean) && t7->contribution == 0.0); /* no box: no mean, nothing to the total */
    const char *regimes[2] = { "conv", "two_step" };
    for (int g = 0; g < 2; g++) {
        const double exit_h = summary(&r, regimes[g], CS_PORT_EXIT)->mean, t10 = interval(&r, regimes[g], CS_MS_T10)->mean;
        assert_float_equal(t10, exit_h - (g ? 2.125 : 6.125), 1e-9);
        assert_float_equal(interval(&r, regimes[g], CS_MS_T10)->total, exit_h, 1e-9);
    }
    assert_float_equal(summary(&r, "conv", CS_PORT_DECL_RELEASE)->mean, 1.375, 1e-9);
    assert_float_equal(summary(&r, "two_step", CS_PORT_DECL_RELEASE)->mean, 0.75, 1e-9);
    assert_float_equal(summary(&r, "two_step", CS_PORT_COMPLETION)->mean, 48.0, 1e-9);
    cs_results_free(&r);
    cs_scenario_free(&s);
}

/* The default scenario, shortened: the two-step regime's import intervals
 * are never negative and add up to its exit_h over the same boxes. */
static void test_default_two_step_decomposition(void **state)
{
    (void)state;
    FILE *f = fopen("scenarios/default.yaml", "rb");
    assert_non_null(f);
    static char text[1 << 16];
    const size_t len = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    const cs_scenario_override ov[] = { { "horizon", "30d" }, { "warmup", "7d" }, { "drain", "30d" },
                                        { "timeseries.enabled", "false" } };
    cs_scenario s;
    cs_error err = { 0 };
    int culprit;
    if (cs_scenario_load_overridden(text, len, "default.yaml", ov, 4, &s, &err, &culprit) != CS_OK)
        fail_msg("%d:%d: %s", err.line, err.column, err.message);
    const cs_run_options opt = { .replications = 2, .threads = 2 };
    cs_results r;
    assert_int_equal(cs_experiment_run(&s, &opt, &r, &err), CS_OK);
    double total = 0, sum = 0, boxes = 0;
    size_t rows = 0;
    for (size_t i = 0; i < r.ndecomposition; i++) {
        const cs_decomposition_row *d = &r.decomposition[i];
        if (strcmp(d->key.regime, "two_step") || strcmp(d->key.flow, cs_port_flow_name(CS_FLOW_IMPORT))) continue;
        if (!(d->mean >= 0)) fail_msg("%s: mean %g < 0", d->key.metric, d->mean);
        sum += d->contribution;
        total = d->total;
        rows++;
    }
    assert_true(rows >= 10);
    /* exit_h pooled over the replications' boxes, as the decomposition pools */
    char name[CS_LABEL_MAX];
    cs_port_metric_name(CS_PORT_EXIT, name, sizeof name);
    double pooled = 0;
    for (size_t k = 0; k < r.nkeys; k++) {
        const cs_metric_key *key = &r.keys[k];
        if (strcmp(key->regime, "two_step") || strcmp(key->metric, name) || key->segment_kind != CS_SEGMENT_ALL)
            continue;
        for (uint32_t rep = 0; rep < r.replications; rep++) {
            const cs_rep_value *v = &r.rep_values[k * r.replications + rep];
            pooled += (double)v->count * v->mean;
            boxes += (double)v->count;
        }
    }
    assert_true(boxes > 1000);
    assert_float_equal(sum, total, 1e-9 * total);
    assert_float_equal(total, pooled / boxes, 1e-9 * total);
    cs_results_free(&r);
    cs_scenario_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_overlay_changes_what_it_sets),
        cmocka_unit_test(test_overlay_refusals),
        cmocka_unit_test(test_overlay_sweep_paths),
        cmocka_unit_test(test_mix_shares),
        cmocka_unit_test(test_mix_same_boxes_and_monotone),
        cmocka_unit_test(test_per_measure_and_per_class),
        cmocka_unit_test(test_export_overlay_leaves_imports),
        cmocka_unit_test(test_intervals_in_process_order),
        cmocka_unit_test(test_default_two_step_decomposition),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
