/*
 * test_analysis.c - the analysis tables: time series, the decomposition
 * and shares tables, the p90 of a queue and a resource's observation
 * window, each against a hand-computed answer or an identity that must
 * hold exactly.
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
#include "clearsim/model.h"
#include "clearsim/resource.h"
#include "clearsim/scenario.h"

/* ---- the p90 of the time-weighted queue length (kernel) ---- */

static void request_at(cs_sim *sim, cs_resource *r, double t, int n)
{
    sim->now = t;
    for (int i = 0; i < n; i++) cs_resource_request(sim, r, CS_EVENT_USER, 0, 0);
}

/* One desk, one server: busy from 0, and 3 more requests at 8. */
static void desk_with_line(cs_sim *sim, cs_resource *r)
{
    assert_int_equal(cs_sim_init(sim, CS_EVENT_USER + 1, NULL), CS_OK);
    assert_int_equal(cs_resource_init(r, sim, "desk", 1, CS_FIFO), CS_OK);
    request_at(sim, r, 0.0, 1);
    request_at(sim, r, 8.0, 3);
}

/* One server busy from 0; 3 wait from t = 8 to 10 (each release at 10
 * hands the server on): over [0, 10] the line is 0 for 8 h (80 %) and 3
 * for 2 h, so the p90 is 3; over [0, 20] with the line back at 0 after 10,
 * 0 covers 90 % and the p90 is 0. */
static void test_queue_p90(void **state)
{
    (void)state;
    cs_sim sim;
    cs_resource r;
    desk_with_line(&sim, &r);
    sim.now = 10.0;
    assert_true(cs_resource_stats_at(&r, 10.0).queue_p90 == 3.0);
    cs_waiter next;
    for (int i = 0; i < 3; i++) assert_true(cs_resource_release(&sim, &r, &next));
    assert_true(cs_resource_stats_at(&r, 10.0).queue_p90 == 3.0);
    assert_true(cs_resource_stats_at(&r, 20.0).queue_p90 == 0.0);
    /* at 19: 0 for 17 of 19 h, 89.5 %: the p90 is still 3 */
    assert_true(cs_resource_stats_at(&r, 19.0).queue_p90 == 3.0);
    cs_resource_free(&r);
    cs_sim_free(&sim);
}

/* The same line with the window opened at 9 (cs_resource_reset_stats, as
 * at a warm-up): over [9, 10] the line is 3 all along and the requests
 * came before it opened; over [9, 20] it is 3 for 1 h of 11 (0 covers
 * 10/11 > 90 %: the p90 is 0), mean 3/11; the server passes from job to
 * job, busy 1 throughout.  The running integral is not restarted: the
 * line's area from 0 is still 3 x 2 (what the port's time series read). */
static void test_window_opens_mid_run(void **state)
{
    (void)state;
    cs_sim sim;
    cs_resource r;
    desk_with_line(&sim, &r);
    sim.now = 9.0;
    cs_resource_reset_stats(&r, 9.0);
    sim.now = 10.0;
    cs_resource_stats w = cs_resource_stats_at(&r, 10.0);
    assert_true(w.window_start == 9.0 && w.window_end == 10.0);
    assert_true(w.queue_mean == 3.0 && w.queue_p90 == 3.0 && w.queue_max == 3.0);
    assert_true(w.busy_mean == 1.0 && w.capacity_mean == 1.0 && w.utilisation == 1.0);
    assert_true(w.arrivals == 0 && w.completions == 0);
    cs_waiter next;
    for (int i = 0; i < 3; i++) assert_true(cs_resource_release(&sim, &r, &next));
    w = cs_resource_stats_at(&r, 20.0);
    assert_float_equal(w.queue_mean, 3.0 / 11.0, 1e-12);
    assert_true(w.queue_p90 == 0.0 && w.queue_max == 3.0);
    assert_true(w.busy_mean == 1.0 && w.utilisation == 1.0);
    assert_true(w.arrivals == 0 && w.completions == 3);
    assert_true(cs_timeavg_area(&r.queue_tw, 20.0) == 6.0);
    cs_resource_free(&r);
    cs_sim_free(&sim);
}

/* ---- the decomposition and shares tables from made-up replications ---- */

static void key(cs_metric_key *k, const char *flow, const char *segment, const char *metric)
{
    memset(k, 0, sizeof *k);
    snprintf(k->regime, sizeof k->regime, "base");
    snprintf(k->flow, sizeof k->flow, "%s", flow);
    snprintf(k->segment, sizeof k->segment, "%s", segment);
    snprintf(k->metric, sizeof k->metric, "%s", metric);
    snprintf(k->unit, sizeof k->unit, "h");
}

/* Two replications.  Import: dT1_h has counts 10 and 30 with means 1 and
 * 2 (pooled mean (10 + 60) / 40 = 1.75); dT2_h counts 20 and 20, means 4
 * and 6 (mean 5); the flow finished 20 + 20 = 40 observed boxes.  So T1
 * is passed by 40 / 40 = 100 %, contributing 1.75 h; T2 by 100 %, 5 h;
 * total 6.75 h, shares 1.75 / 6.75 and 5 / 6.75.  Channel scan: 8 + 2 =
 * 10 of the 20 + 20 boxes of segment all in release_h: 25 %. */
static void test_decomposition_and_shares(void **state)
{
    (void)state;
    cs_results r;
    memset(&r, 0, sizeof r);
    assert_int_equal(cs_results_alloc(&r, 5, 0, 2), 0);
    assert_int_equal(cs_results_alloc_counters(&r, 1), 0);
    key(&r.keys[0], "import", "all", "release_h");
    key(&r.keys[1], "import", "all", "dT1_h");
    key(&r.keys[2], "import", "all", "dT2_h");
    key(&r.keys[3], "import", "channel:scan", "release_h");
    key(&r.keys[4], "import", "channel:scan", "exit_h");
    const cs_rep_value v[5][2] = {
        { { 20, 9 }, { 20, 9 } }, { { 10, 1 }, { 30, 2 } }, { { 20, 4 }, { 20, 6 } },
        { { 8, 9 }, { 2, 9 } },   { { 8, 9 }, { 2, 9 } },
    };
    memcpy(r.rep_values, v, sizeof v);
    key(&r.counter_keys[0], "import", "all", "boxes_observed_finished");
    r.counter_values[0] = 20;
    r.counter_values[1] = 20;
    /* the kinds come from the port model's catalogue, as in a run */
    assert_int_equal(cs_port_model.catalog(NULL, &r.catalog), CS_OK);
    assert_int_equal(cs_catalog_classify(&r.catalog, r.keys, r.nkeys, CS_ERR_INTERNAL, NULL), CS_OK);
    assert_int_equal(cs_catalog_classify(&r.catalog, r.counter_keys, r.ncounters, CS_ERR_INTERNAL, NULL), CS_OK);

    assert_int_equal(cs_results_decompose(&r), 0);
    assert_int_equal(r.ndecomposition, 2);
    const cs_decomposition_row *d = r.decomposition;
    assert_string_equal(d[0].from, "T0");
    assert_string_equal(d[0].to, "T1");
    assert_string_equal(d[1].from, "T1");
    assert_string_equal(d[1].to, "T2");
    assert_true(d[0].boxes == 40 && d[0].share_of_boxes == 1.0);
    assert_true(fabs(d[0].mean - 1.75) < 1e-12 && fabs(d[1].mean - 5.0) < 1e-12);
    assert_true(fabs(d[0].total - 6.75) < 1e-12 && d[1].total == d[0].total);
    assert_true(fabs(d[0].share - 1.75 / 6.75) < 1e-12 && fabs(d[0].share + d[1].share - 1.0) < 1e-12);

    /* half the boxes finished: every interval is passed by all of them,
     * the shares of boxes halve and so do the contributions */
    r.counter_values[0] = r.counter_values[1] = 40;
    assert_int_equal(cs_results_decompose(&r), 0);
    assert_true(r.decomposition[0].share_of_boxes == 0.5);
    assert_true(fabs(r.decomposition[1].contribution - 2.5) < 1e-12);

    assert_int_equal(cs_results_shares(&r), 0);
    assert_int_equal(r.nshares, 1);
    assert_string_equal(r.shares[0].key.segment, "channel:scan");
    assert_true(r.shares[0].boxes == 10 && fabs(r.shares[0].share - 0.25) < 1e-12);
    cs_results_free(&r);
}

/* ---- time series of a port run ---- */

static const char *PORT =
    "kind: port\n"
    "name: series\n"
    "seed: 3\n"
    "horizon: 6d\n"
    "warmup: 1d\n"
    "drain: 4d\n"
    "customs:\n"
    "  reviewers: {count: 20, calendar: {period: 24h, changes: [{at: 0h, count: 10}, {at: 8h, count: 30}, "
    "{at: 20.5h, count: 10}]}}\n"
    "services:\n"
    "  - {name: loop, period: 2d, first_call: 6h, imports: {dist: deterministic, value: 200},\n"
    "     exports: {dist: deterministic, value: 0}}\n"
    "regimes:\n"
    "  conventional: {}\n"
    "  ship_side: {ship_side: 0.5}\n";

static cs_status run_port(const char *extra, uint32_t reps, int threads, cs_results *r)
{
    char text[2048];
    snprintf(text, sizeof text, "%s%s", PORT, extra);
    cs_scenario s;
    cs_error err = { 0 };
    cs_status st = cs_scenario_load_string(text, strlen(text), "series.yaml", &s, &err);
    if (st != CS_OK) fail_msg("%s:%d:%d: %s", err.file, err.line, err.column, err.message);
    const cs_run_options opt = { .replications = reps, .threads = threads };
    st = cs_experiment_run(&s, &opt, r, &err);
    cs_scenario_free(&s);
    return st;
}

static const double *series_of(const cs_results *r, const char *regime, const char *subject, const char *quantity)
{
    for (size_t i = 0; i < r->nseries; i++) {
        const cs_series_key *k = &r->series_keys[i];
        if (!strcmp(k->regime, regime) && !strcmp(k->subject, subject) && !strcmp(k->quantity, quantity))
            return r->series + i * (r->per_replication ? r->replications : 1) * r->nsamples;
    }
    fail_msg("no series %s/%s/%s", regime, subject, quantity);
    return NULL;
}

/* 10 days of 1 h samples.  The reviewers' capacity follows its calendar
 * hour by hour: 10 before 8:00, 30 until 20:00, the hour 20:00-21:00 half
 * at 30 and half at 10 (20), then 10.  Nothing has arrived before the
 * first call at 6:00 (no exports): no boxes in the yard or awaiting
 * release. */
static void test_series_by_hand(void **state)
{
    (void)state;
    cs_results r;
    assert_int_equal(run_port("", 2, 2, &r), CS_OK);
    assert_int_equal(r.nsamples, 240);
    assert_true(r.interval_h == 1.0 && !r.per_replication);
    assert_int_equal(r.nseries, 2 * (CS_POOL_N * 4 + 2)); /* 9 pools */
    assert_int_equal(CS_POOL_N, 9);
    const double *cap = series_of(&r, "conventional", "reviewers", "capacity");
    for (uint32_t k = 0; k < r.nsamples; k++) {
        const unsigned hour = k % 24;
        const double want = hour < 8 ? 10 : hour < 20 ? 30 : hour == 20 ? 20 : 10;
        if (fabs(cap[k] - want) > 1e-6) fail_msg("reviewers at hour %u: %g, want %g", k, cap[k], want);
    }
    const double *yard = series_of(&r, "ship_side", "yard", "boxes_in_yard");
    const double *waiting = series_of(&r, "ship_side", "customs", "awaiting_release");
    for (int k = 0; k < 6; k++) assert_true(yard[k] == 0.0 && waiting[k] == 0.0);
    double most = 0;
    for (uint32_t k = 0; k < r.nsamples; k++) {
        assert_true(waiting[k] >= 0.0 && yard[k] >= 0.0);
        if (waiting[k] > most) most = waiting[k];
    }
    assert_true(most > 0.0); /* boxes did wait for release */
    cs_results_free(&r);
}

/* The hourly means of a resource over the observation window [warmup,
 * horizon) = [24h, 144h) (samples 24 .. 143) average to the /resources
 * time-averages of the same replication (the samples split one integral,
 * which the window does not restart); utilisation is busy over capacity
 * in each hour, and over the window the summed busy over the summed
 * capacity (the reviewers' calendar makes that differ from a mean of the
 * hours' ratios). */
static void test_series_add_up(void **state)
{
    (void)state;
    cs_results r;
    assert_int_equal(run_port("timeseries: {per_replication: true}\n", 2, 1, &r), CS_OK);
    assert_true(r.per_replication && r.interval_h == 1.0);
    const uint32_t from = 24, to = 144;
    const double span = (double)(to - from);
    for (size_t res = 0; res < r.nresources; res++) {
        const cs_resource_key *rk = &r.resource_keys[res];
        const double *busy = series_of(&r, rk->regime, rk->resource, "busy");
        const double *queue = series_of(&r, rk->regime, rk->resource, "queue_length");
        const double *cap = series_of(&r, rk->regime, rk->resource, "capacity");
        const double *util = series_of(&r, rk->regime, rk->resource, "utilisation");
        for (uint32_t rep = 0; rep < r.replications; rep++) {
            const cs_resource_value *v = &r.resource_values[res * r.replications + rep];
            const size_t off = (size_t)rep * r.nsamples;
            double b = 0, q = 0, c = 0;
            for (uint32_t k = 0; k < r.nsamples; k++) {
                if (k >= from && k < to) {
                    b += busy[off + k] * r.interval_h;
                    q += queue[off + k] * r.interval_h;
                    c += cap[off + k] * r.interval_h;
                }
                if (cap[off + k] > 0) assert_true(fabs(util[off + k] - busy[off + k] / cap[off + k]) < 1e-12);
            }
            assert_true(v->window_start == 24.0 && v->window_end == 144.0);
            if (fabs(b / span - v->busy_mean) > 1e-9 * (1 + v->busy_mean) ||
                fabs(q / span - v->queue_mean) > 1e-9 * (1 + v->queue_mean) ||
                fabs(c / span - v->capacity_mean) > 1e-9 * v->capacity_mean ||
                fabs(b / c - v->utilisation) > 1e-9)
                fail_msg("%s/%s rep %u: busy %g vs %g, queue %g vs %g, utilisation %g vs %g", rk->regime, rk->resource,
                         rep, b / span, v->busy_mean, q / span, v->queue_mean, b / c, v->utilisation);
        }
    }
    cs_results_free(&r);
}

/* The mean series is the same on 1 and 2 threads, bit for bit, and is the
 * mean of the per-replication series to within the fixed-point step. */
static void test_series_mean(void **state)
{
    (void)state;
    cs_results one, two, each;
    assert_int_equal(run_port("", 3, 1, &one), CS_OK);
    assert_int_equal(run_port("", 3, 2, &two), CS_OK);
    assert_int_equal(run_port("timeseries: {per_replication: true}\n", 3, 2, &each), CS_OK);
    assert_int_equal(one.nseries, two.nseries);
    const size_t n = one.nseries * one.nsamples;
    assert_memory_equal(one.series, two.series, n * sizeof *one.series);
    const double step = ldexp(1.0, -CS_SERIES_FRACTION_BITS);
    for (size_t i = 0; i < one.nseries; i++)
        for (uint32_t k = 0; k < one.nsamples; k++) {
            double sum = 0;
            int m = 0;
            for (uint32_t rep = 0; rep < 3; rep++) {
                const double x = each.series[(i * 3 + rep) * each.nsamples + k];
                if (!isnan(x)) sum += x, m++;
            }
            const double mean = one.series[i * one.nsamples + k];
            if (m == 0) assert_true(isnan(mean));
            else if (fabs(mean - sum / m) > step) fail_msg("series %zu sample %u: %.17g vs %.17g", i, k, mean, sum / m);
        }
    cs_results_free(&one);
    cs_results_free(&two);
    cs_results_free(&each);
}

/* Off: no series at all. */
static void test_series_off(void **state)
{
    (void)state;
    cs_results r;
    assert_int_equal(run_port("timeseries: {enabled: false}\n", 1, 1, &r), CS_OK);
    assert_int_equal(r.nseries, 0);
    cs_results_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_queue_p90),
        cmocka_unit_test(test_window_opens_mid_run),
        cmocka_unit_test(test_decomposition_and_shares),
        cmocka_unit_test(test_series_by_hand),
        cmocka_unit_test(test_series_add_up),
        cmocka_unit_test(test_series_mean),
        cmocka_unit_test(test_series_off),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
