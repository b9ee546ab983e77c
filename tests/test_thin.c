/*
 * test_thin.c - the warnings for thin data and the pooled estimate
 * (experiment/thin.c): each warning raised just past its boundary and not
 * at it, and the jackknife interval of the pooled ratio against a hand
 * computation.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "clearsim/experiment.h"
#include "clearsim/results.h"
#include "clearsim/scenario.h"

static void key(cs_metric_key *k, const char *segment, uint8_t kind, uint8_t segment_kind)
{
    memset(k, 0, sizeof *k);
    snprintf(k->regime, sizeof k->regime, "base");
    snprintf(k->flow, sizeof k->flow, "import");
    snprintf(k->segment, sizeof k->segment, "%s", segment);
    snprintf(k->metric, sizeof k->metric, "release_h");
    snprintf(k->unit, sizeof k->unit, "h");
    k->kind = kind;
    k->segment_kind = segment_kind;
}

/* One key of reps replications with these counts and means. */
static void one_key(cs_results *r, uint32_t reps, const uint64_t *count, const double *mean, uint8_t kind,
                    uint8_t segment_kind)
{
    memset(r, 0, sizeof *r);
    assert_int_equal(cs_results_alloc(r, 1, 0, reps), CS_OK);
    key(&r->keys[0], segment_kind == CS_SEGMENT_ALL ? "all" : "channel:scan", kind, segment_kind);
    for (uint32_t i = 0; i < reps; i++) r->rep_values[i] = (cs_rep_value){ count[i], count[i] ? mean[i] : NAN };
    assert_int_equal(cs_results_pool(r, NULL, NULL), CS_OK);
}

/* The check of this kind (the key's point is 0, so rows 0-2). */
static const cs_warning_row *check_of(const cs_results *r, const char *kind)
{
    assert_int_equal(r->nwarnings, CS_WARNING_CHECKS);
    for (size_t i = 0; i < r->nwarnings; i++)
        if (!strcmp(r->warnings[i].kind, kind)) return &r->warnings[i];
    fail_msg("no check %s", kind);
    return NULL;
}

/* Four replications with 2, 0, 1 and 3 observations of means 1, -, 4, 2:
 * totals 2 + 4 + 6 = 12 over 6 observations, pooled ratio 2.  Leaving
 * out each replication: 10/4 = 2.5, 12/6 = 2 (the empty one), 8/5 = 1.6,
 * 6/3 = 2; their mean 2.025, squared deviations 0.225625 + 0.000625 +
 * 0.180625 + 0.000625 = 0.4075, jackknife variance 3/4 x 0.4075 =
 * 0.305625; half-width t(0.975, 3) x sqrt(0.305625) = 3.182446 x 0.552834
 * = 1.759363. */
static void test_jackknife_by_hand(void **state)
{
    (void)state;
    cs_results r;
    const uint64_t count[4] = { 2, 0, 1, 3 };
    const double mean[4] = { 1, 0, 4, 2 };
    one_key(&r, 4, count, mean, CS_METRIC_PRIMARY, CS_SEGMENT_ALL);
    assert_int_equal(r.npooled, 1);
    const cs_pooled_row *p = &r.pooled[0];
    assert_string_equal(p->key.segment, "all");
    assert_int_equal(p->replications, 4);
    assert_int_equal(p->n, 3);
    assert_int_equal(p->count, 6);
    assert_int_equal(p->fewest, 0);
    assert_int_equal(p->thin, 4);
    assert_true(cs_pooled_row_missing(p));
    assert_true(p->mean == 2.0);
    const double half = 3.182446305284263 * sqrt(0.305625);
    assert_true(fabs(half - 1.7593632785866267) < 1e-12);
    assert_true(fabs(p->ci95_low - (2.0 - half)) < 1e-9);
    assert_true(fabs(p->ci95_high - (2.0 + half)) < 1e-9);
    /* and the checks: no warm-up rule; thin and missing raised once */
    const cs_warning_row *w = check_of(&r, CS_WARNING_WARMUP);
    assert_true(w->raised == 0 && isnan(w->value) && isnan(w->limit));
    w = check_of(&r, CS_WARNING_THIN);
    assert_true(w->raised == 1 && w->value == 0.0 && w->limit == CS_MIN_OBSERVATIONS);
    w = check_of(&r, CS_WARNING_MISSING);
    assert_true(w->raised == 1 && w->value == 3.0 && w->limit == 4.0);
    cs_results_free(&r);
}

/* One replication with observations: the ratio is its mean, and leaving
 * it out leaves nothing, so no interval. */
static void test_pooled_one_replication(void **state)
{
    (void)state;
    cs_results r;
    const uint64_t count[3] = { 0, 5, 0 };
    const double mean[3] = { 0, 7.5, 0 };
    one_key(&r, 3, count, mean, CS_METRIC_PRIMARY, CS_SEGMENT_CHANNEL);
    assert_true(r.pooled[0].mean == 7.5);
    assert_true(isnan(r.pooled[0].ci95_low) && isnan(r.pooled[0].ci95_high));
    assert_int_equal(check_of(&r, CS_WARNING_MISSING)->raised, 1);
    /* a channel is not a headline segment: the minimum does not apply */
    assert_int_equal(r.pooled[0].thin, 0);
    assert_int_equal(check_of(&r, CS_WARNING_THIN)->raised, 0);
    assert_true(isnan(check_of(&r, CS_WARNING_THIN)->value));
    cs_results_free(&r);
}

/* n == replications: not missing; n == replications - 1: missing. */
static void test_missing_boundary(void **state)
{
    (void)state;
    cs_results r;
    const uint64_t all[3] = { 1, 1, 1 }, one_short[3] = { 1, 0, 1 };
    const double mean[3] = { 1, 2, 3 };
    one_key(&r, 3, all, mean, CS_METRIC_INTERVAL, CS_SEGMENT_ALL);
    assert_false(cs_pooled_row_missing(&r.pooled[0]));
    assert_int_equal(check_of(&r, CS_WARNING_MISSING)->raised, 0);
    assert_true(r.pooled[0].mean == 2.0); /* 6 / 3, the /summary mean too */
    cs_results_free(&r);
    one_key(&r, 3, one_short, mean, CS_METRIC_INTERVAL, CS_SEGMENT_ALL);
    assert_true(cs_pooled_row_missing(&r.pooled[0]));
    assert_int_equal(check_of(&r, CS_WARNING_MISSING)->raised, 1);
    assert_true(r.pooled[0].mean == 2.0); /* (1 + 3) / 2 */
    cs_results_free(&r);
    /* no replication observed it: nothing estimated, nothing said */
    const uint64_t none[3] = { 0, 0, 0 };
    one_key(&r, 3, none, mean, CS_METRIC_PRIMARY, CS_SEGMENT_ALL);
    assert_false(cs_pooled_row_missing(&r.pooled[0]));
    assert_int_equal(r.pooled[0].thin, 0);
    assert_true(isnan(r.pooled[0].mean));
    assert_int_equal(check_of(&r, CS_WARNING_MISSING)->raised + check_of(&r, CS_WARNING_THIN)->raised, 0);
    cs_results_free(&r);
}

/* Exactly the minimum: not thin; one fewer in one replication: thin, on
 * the primary and headline kinds of a headline segment only. */
static void test_thin_boundary(void **state)
{
    (void)state;
    cs_results r;
    const uint64_t enough[2] = { CS_MIN_OBSERVATIONS, CS_MIN_OBSERVATIONS + 5 };
    const uint64_t short_one[2] = { CS_MIN_OBSERVATIONS, CS_MIN_OBSERVATIONS - 1 };
    const double mean[2] = { 1, 2 };
    one_key(&r, 2, enough, mean, CS_METRIC_PRIMARY, CS_SEGMENT_ALL);
    assert_int_equal(r.pooled[0].thin, 0);
    assert_int_equal(check_of(&r, CS_WARNING_THIN)->raised, 0);
    assert_true(check_of(&r, CS_WARNING_THIN)->value == CS_MIN_OBSERVATIONS);
    cs_results_free(&r);
    one_key(&r, 2, short_one, mean, CS_METRIC_HEADLINE, CS_SEGMENT_PILOT);
    assert_int_equal(r.pooled[0].thin, 1);
    assert_int_equal(r.pooled[0].fewest, CS_MIN_OBSERVATIONS - 1);
    assert_int_equal(check_of(&r, CS_WARNING_THIN)->raised, 1);
    assert_true(check_of(&r, CS_WARNING_THIN)->value == CS_MIN_OBSERVATIONS - 1);
    cs_results_free(&r);
    one_key(&r, 2, short_one, mean, CS_METRIC_DETAIL, CS_SEGMENT_ALL); /* vessel waits */
    assert_int_equal(check_of(&r, CS_WARNING_THIN)->raised, 0);
    cs_results_free(&r);
    one_key(&r, 2, short_one, mean, CS_METRIC_INTERVAL, CS_SEGMENT_ALL);
    assert_int_equal(check_of(&r, CS_WARNING_THIN)->raised, 0);
    cs_results_free(&r);
}

/* M/D/1 with arrivals every 4 and service 1: rho 1/4, relaxation time
 * (1 + 0)/2 / (1 x (1 - 1/2)^2) = 2, so 20 relaxation times are 40 time
 * units, 10 customers.  A warm-up of 10 passes, 9 warns, in a run. */
static const char md1[] = "kind: queue\nname: md1\nservers: 1\narrival: {dist: exponential, mean: 4}\n"
                          "service: {dist: deterministic, value: 1}\ncustomers: %d\nwarmup: %d\n"
                          "replications: 2\nseed: 3\n";

static void run_md1(int customers, int warmup, cs_results *r)
{
    char text[512];
    snprintf(text, sizeof text, md1, customers, warmup);
    cs_scenario s;
    cs_error err = { 0 };
    assert_int_equal(cs_scenario_load_string(text, strlen(text), "md1.yaml", &s, &err), CS_OK);
    assert_true(cs_queue_warmup_rule(&s.queue) == 10.0);
    const cs_run_options opt = { .threads = 1 };
    assert_int_equal(cs_experiment_run(&s, &opt, r, &err), CS_OK);
    cs_scenario_free(&s);
}

static void test_warmup_boundary(void **state)
{
    (void)state;
    cs_results r;
    run_md1(10 + CS_MIN_OBSERVATIONS, 10, &r);
    const cs_warning_row *w = check_of(&r, CS_WARNING_WARMUP);
    assert_true(w->raised == 0 && w->value == 10.0 && w->limit == 10.0);
    assert_int_equal(check_of(&r, CS_WARNING_THIN)->raised, 0);
    cs_results_free(&r);
    run_md1(9 + CS_MIN_OBSERVATIONS, 9, &r);
    w = check_of(&r, CS_WARNING_WARMUP);
    assert_true(w->raised == 1 && w->value == 9.0 && w->limit == 10.0);
    assert_int_equal(check_of(&r, CS_WARNING_THIN)->raised, 0);
    cs_results_free(&r);
    /* one observation short of the minimum: thin, for wait and sojourn */
    run_md1(9 + CS_MIN_OBSERVATIONS, 10, &r);
    assert_int_equal(check_of(&r, CS_WARNING_WARMUP)->raised, 0);
    assert_int_equal(check_of(&r, CS_WARNING_THIN)->raised, 2);
    assert_true(check_of(&r, CS_WARNING_THIN)->value == CS_MIN_OBSERVATIONS - 1);
    cs_results_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jackknife_by_hand),
        cmocka_unit_test(test_pooled_one_replication),
        cmocka_unit_test(test_missing_boundary),
        cmocka_unit_test(test_thin_boundary),
        cmocka_unit_test(test_warmup_boundary),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
