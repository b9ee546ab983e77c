/*
 * test_precision.c - sequential stopping (run --precision):
 * cs_results_precise, cs_results_grow_replications and the run that adds
 * batches of replications.
 *
 * The decision by hand: replication means 10, 12, 14, 16 have mean 13,
 * sample sd sqrt(20/3) = 2.58199 and a 95 % half-width of
 * t(0.975, 3) x 2.58199 / 2 = 3.182446 x 1.290994 = 4.108521.  So 30 % of
 * the mean (3.9) is missed and 32 % (4.16) met; a floor of 4.2 meets any
 * relative target, one of 4.1 does not.
 *
 * The run: the stopping point is worked out from a plain run of the cap's
 * replications, batch prefix by batch prefix, with its own Welford sums;
 * the sequential run must stop there with the same values, on one thread
 * and on two.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>
#include "clearsim/experiment.h"
#include "clearsim/results.h"
#include "clearsim/scenario.h"

/* cmocka 1.1 has no assert_double_equal; NaNs never equal */
#define assert_near(a, b, tol) assert_true(fabs((double)(a) - (double)(b)) <= (tol))

static void set_key(cs_metric_key *k, cs_metric_kind kind, const char *metric)
{
    memset(k, 0, sizeof *k);
    k->kind = (uint8_t)kind;
    k->segment_kind = CS_SEGMENT_ALL;
    snprintf(k->regime, sizeof k->regime, "conv");
    snprintf(k->flow, sizeof k->flow, "import");
    snprintf(k->segment, sizeof k->segment, "all");
    snprintf(k->metric, sizeof k->metric, "%s", metric);
    snprintf(k->unit, sizeof k->unit, "h");
}

/* Key 0 headline with 10, 12, 14, 16; key 1 an interval (not headline)
 * spread wide; key 2 headline, never observed; key 3 headline, observed
 * in replication 2 only (when lonely). */
static void four_keys(cs_results *r, bool lonely)
{
    memset(r, 0, sizeof *r);
    assert_int_equal(cs_results_alloc(r, 4, 0, 4), CS_OK);
    set_key(&r->keys[0], CS_METRIC_PRIMARY, "release_h");
    set_key(&r->keys[1], CS_METRIC_INTERVAL, "t3_h");
    set_key(&r->keys[2], CS_METRIC_HEADLINE, "exam_h");
    set_key(&r->keys[3], CS_METRIC_DETAIL, "berth_wait_h");
    const double v[4] = { 10, 12, 14, 16 };
    for (int i = 0; i < 4; i++) {
        r->rep_values[0 * 4 + i] = (cs_rep_value){ 5, v[i] };
        r->rep_values[1 * 4 + i] = (cs_rep_value){ 5, 1000.0 * i };
        r->rep_values[2 * 4 + i] = (cs_rep_value){ 0, NAN };
        r->rep_values[3 * 4 + i] = (cs_rep_value){ 3, 7.0 };
        if (lonely && i != 2) r->rep_values[3 * 4 + i] = (cs_rep_value){ 0, NAN };
    }
}

static void test_precise_by_hand(void **state)
{
    (void)state;
    cs_results r;
    four_keys(&r, false);
    cs_precision_gap g;
    assert_false(cs_results_precise(&r, 0.30, 0.0, &g));
    assert_int_equal(g.key, 0);
    assert_int_equal(g.n, 4);
    assert_near(g.mean, 13.0, 1e-12);
    assert_near(g.half_width, 4.108521, 1e-5);
    assert_near(g.ratio, 4.108521 / 3.9, 1e-5);
    assert_true(cs_results_precise(&r, 0.32, 0.0, &g));
    assert_near(g.ratio, 4.108521 / 4.16, 1e-5);
    /* the floor, in the key's unit, for means near zero */
    assert_true(cs_results_precise(&r, 0.01, 4.2, NULL));
    assert_false(cs_results_precise(&r, 0.01, 4.1, NULL));
    cs_results_free(&r);
}

static void test_one_observing_replication_is_not_enough(void **state)
{
    (void)state;
    cs_results r;
    four_keys(&r, true);
    cs_precision_gap g;
    assert_false(cs_results_precise(&r, 0.5, 100.0, &g));
    assert_int_equal(g.key, 3);
    assert_int_equal(g.n, 1);
    assert_true(isinf(g.ratio));
    cs_results_free(&r);
}

static void test_grow_keeps_values(void **state)
{
    (void)state;
    cs_results r;
    memset(&r, 0, sizeof r);
    assert_int_equal(cs_results_alloc(&r, 2, 1, 3), CS_OK);
    assert_int_equal(cs_results_alloc_counters(&r, 2), CS_OK);
    assert_int_equal(cs_results_alloc_series(&r, 1, 2, 1.0, true), CS_OK);
    for (int k = 0; k < 2; k++)
        for (int i = 0; i < 3; i++) {
            r.rep_values[k * 3 + i] = (cs_rep_value){ (uint64_t)(k + 1), 10.0 * k + i };
            r.counter_values[k * 3 + i] = 100.0 * k + i;
        }
    for (int i = 0; i < 3; i++) {
        r.resource_values[i].busy_mean = i + 0.5;
        r.series[i * 2] = i, r.series[i * 2 + 1] = -i;
    }
    assert_int_equal(cs_results_grow_replications(&r, 5), CS_OK);
    assert_int_equal(r.replications, 5);
    for (int k = 0; k < 2; k++)
        for (int i = 0; i < 5; i++) {
            const cs_rep_value v = r.rep_values[k * 5 + i];
            assert_int_equal(v.count, i < 3 ? (uint64_t)(k + 1) : 0);
            if (i < 3) assert_near(v.mean, 10.0 * k + i, 0);
            assert_near(r.counter_values[k * 5 + i], i < 3 ? 100.0 * k + i : 0, 0);
        }
    for (int i = 0; i < 5; i++) {
        assert_near(r.resource_values[i].busy_mean, i < 3 ? i + 0.5 : 0, 0);
        if (i < 3) {
            assert_near(r.series[i * 2], i, 0);
            assert_near(r.series[i * 2 + 1], -i, 0);
        } else {
            assert_true(isnan(r.series[i * 2]) && isnan(r.series[i * 2 + 1]));
        }
    }
    cs_results_free(&r);
}

static const char QUEUE[] = "kind: queue\n"
                            "name: precision\n"
                            "servers: 1\n"
                            "arrival: {dist: exponential, mean: 1.0}\n"
                            "service: {dist: exponential, mean: 0.8}\n"
                            "customers: 4000\n"
                            "warmup: 400\n"
                            "replications: 4\n"
                            "seed: 21\n";

/* The first multiple of batch (or the cap) at which every key's mean over
 * the replications so far has a half-width within rel of it: from the
 * plain run's values, with sums of its own. */
static uint32_t stop_by_hand(const cs_results *full, uint32_t batch, uint32_t cap, double rel)
{
    for (uint32_t n = batch;; n = n + batch > cap ? cap : n + batch) {
        bool all = true;
        for (size_t k = 0; k < full->nkeys; k++) {
            if (!cs_metric_key_is_headline(&full->keys[k])) continue; /* what --precision watches */
            double sum = 0, sq = 0;
            for (uint32_t i = 0; i < n; i++) sum += full->rep_values[k * cap + i].mean;
            const double mean = sum / n;
            for (uint32_t i = 0; i < n; i++) {
                const double d = full->rep_values[k * cap + i].mean - mean;
                sq += d * d;
            }
            const double half = cs_student_t_quantile(0.975, n - 1.0) * sqrt(sq / (n - 1)) / sqrt((double)n);
            if (half > rel * fabs(mean)) all = false;
        }
        if (all || n == cap) return n;
    }
}

static void test_run_stops_where_the_values_say(void **state)
{
    (void)state;
    cs_scenario s;
    cs_error err;
    assert_int_equal(cs_scenario_load_string(QUEUE, strlen(QUEUE), "precision.yaml", &s, &err), CS_OK);
    enum { CAP = 60, BATCH = 4 };
    const double rel = 0.05;
    cs_run_options fixed = { .replications = CAP, .threads = 2 };
    cs_results full;
    assert_int_equal(cs_experiment_run(&s, &fixed, &full, &err), CS_OK);
    const uint32_t n = stop_by_hand(&full, BATCH, CAP, rel);
    assert_true(n > BATCH && n < CAP); /* stops neither at once nor at the cap */
    for (int threads = 1; threads <= 2; threads++) {
        cs_run_options o = { .replications = BATCH, .threads = threads, .precision = rel, .max_replications = CAP };
        cs_results r;
        assert_int_equal(cs_experiment_run(&s, &o, &r, &err), CS_OK);
        assert_int_equal(r.replications, n);
        assert_true(r.info.precision_met);
        assert_int_equal(r.info.precision_batch, BATCH);
        for (size_t k = 0; k < r.nkeys; k++)
            for (uint32_t i = 0; i < n; i++) {
                assert_int_equal(r.rep_values[k * n + i].count, full.rep_values[k * CAP + i].count);
                assert_near(r.rep_values[k * n + i].mean, full.rep_values[k * CAP + i].mean, 0);
            }
        cs_results_free(&r);
    }
    /* a target it cannot reach: the cap, said */
    cs_run_options o = { .replications = BATCH, .threads = 2, .precision = 1e-4, .max_replications = 10 };
    cs_results r;
    assert_int_equal(cs_experiment_run(&s, &o, &r, &err), CS_OK);
    assert_int_equal(r.replications, 10);
    assert_false(r.info.precision_met);
    assert_true(r.info.precision_widest.ratio > 1);
    cs_results_free(&r);
    /* a cap below the first batch is refused */
    o.max_replications = BATCH - 1;
    assert_int_equal(cs_experiment_run(&s, &o, &r, &err), CS_ERR_INPUT);
    cs_results_free(&r);
    cs_results_free(&full);
    cs_scenario_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_precise_by_hand),
        cmocka_unit_test(test_one_observing_replication_is_not_enough),
        cmocka_unit_test(test_grow_keeps_values),
        cmocka_unit_test(test_run_stops_where_the_values_say),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
