/*
 * test_quantiles.c - quantiles the models report against the exact
 * quantiles of the very sample they recorded, at any sign and scale.
 *
 * Queue: an M/M/1 run is replayed outside the kernel (Lindley's
 * recursion on the same keyed streams and the same floating-point
 * operations), so the test knows every wait and sojourn the model
 * recorded; at time scales of 1, 1e-9 and 1e13 each reported quantile
 * must be the value of the bin that holds the exact sample quantile (the
 * ceil(q n)-th smallest), so within one bin width of it; a replication's
 * own quantile, read inside that bin, must be closer still.  Port: under
 * advance declaration the time from discharge to lodgement (lodgement_h)
 * is negative for most imports (the declaration is lodged during the
 * voyage); one replication's summary quantiles are checked against the
 * times a probe sees box by box.
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
#include "clearsim/port_probe.h"
#include "clearsim/rng.h"
#include "clearsim/scenario.h"

static const double QS[] = { 0.01, 0.1, 0.5, 0.9, 0.99 };
#define NQ (sizeof QS / sizeof QS[0])

static int by_value(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The ceil(q n)-th smallest of sorted[0..n). */
static double exact_quantile(const double *sorted, size_t n, double q)
{
    const double r = ceil(q * (double)n);
    const size_t rank = r < 1.0 ? 1 : (r >= (double)n ? n : (size_t)r);
    return sorted[rank - 1];
}

/* est is the value of the bin of exact, and so within one bin width. */
static void check_quantile(double est, double exact, const char *what, double q)
{
    const int32_t key = cs_hist_key(exact);
    const double width = cs_hist_upper(key) - cs_hist_lower(key);
    if (est != cs_hist_value(key) || !(fabs(est - exact) <= fabs(width)))
        fail_msg("%s q=%g: reported %.17g, exact sample quantile %.17g (bin [%.17g, %.17g))", what, q, est, exact,
                 cs_hist_lower(key), cs_hist_upper(key));
}

/* A replication's own quantile (the quantile keys, experiment/quantiles.c)
 * is read inside the bin of the exact sample quantile; returns its
 * relative error and, in *mid, that of the bin's middle. */
static double check_interpolated(const cs_hist *h, double exact, double q, const char *what, double *mid)
{
    const double est = cs_hist_quantile_interpolated(h, q);
    const int32_t key = cs_hist_key(exact);
    const double lo = cs_hist_lower(key), hi = cs_hist_upper(key);
    if (!(est >= (lo < hi ? lo : hi) && est <= (lo < hi ? hi : lo)))
        fail_msg("%s q=%g: interpolated %.17g outside the bin [%.17g, %.17g] of the exact %.17g", what, q, est, lo, hi,
                 exact);
    *mid = exact != 0 ? fabs(cs_hist_value(key) - exact) / fabs(exact) : 0.0;
    return exact != 0 ? fabs(est - exact) / fabs(exact) : 0.0;
}

static void check_sample(double *v, size_t n, const cs_hist *h, const char *what)
{
    assert_int_equal(h->total, n);
    qsort(v, n, sizeof *v, by_value);
    double interpolated = 0, middle = 0;
    for (size_t i = 0; i < NQ; i++) {
        const double exact = exact_quantile(v, n, QS[i]);
        check_quantile(cs_hist_quantile(h, QS[i]), exact, what, QS[i]);
        double mid;
        interpolated += check_interpolated(h, exact, QS[i], what, &mid) / NQ;
        middle += mid / NQ;
    }
    /* a density across the bins: reading inside the bin beats its middle */
    printf("# %s: mean relative error of q = 0.01 ... 0.99 against the exact sample quantile: "
           "inside the bin %.2e, bin middle %.2e\n", what, interpolated, middle);
    if (!(interpolated <= 0.5 * middle)) fail_msg("%s: interpolated quantiles no better than the bin middle", what);
}

/* ---- the queue, replayed ---- */

typedef struct replay {
    double *wait, *sojourn;
    size_t n;
} replay;

/* Lindley's recursion with the queue model's streams and arithmetic:
 * arrival times accumulate interarrival draws, a customer's service is
 * drawn at its arrival, a free server starts at once (wait 0), a busy one
 * at the previous departure, which is its start plus its service. */
static void replay_mm1(const cs_queue_scenario *q, uint64_t seed, uint32_t rep, replay *out)
{
    cs_pcg32 arr = cs_rng_stream(seed, rep, CS_SRC_QUEUE_ARRIVAL, 0);
    cs_pcg32 svc = cs_rng_stream(seed, rep, CS_SRC_QUEUE_SERVICE, 0);
    out->n = 0;
    out->wait = malloc(q->customers * sizeof *out->wait);
    out->sojourn = malloc(q->customers * sizeof *out->sojourn);
    assert_non_null(out->wait);
    assert_non_null(out->sojourn);
    double t = cs_dist_sample(&q->arrival, &arr), depart = -INFINITY;
    for (uint64_t c = 1; c <= q->customers; c++) {
        const double arrival = t, service = cs_dist_sample(&q->service, &svc);
        if (c < q->customers) t = t + cs_dist_sample(&q->arrival, &arr);
        const double start = depart > arrival ? depart : arrival;
        const double wait = start - arrival;
        depart = start + service;
        if (c > q->warmup) {
            out->wait[out->n] = wait;
            out->sojourn[out->n++] = wait + service;
        }
    }
}

static void queue_at_scale(double scale, const char *what)
{
    cs_queue_scenario q = { .servers = 1, .customers = 200000, .warmup = 10000 };
    q.arrival = cs_dist_exponential(1.0 * scale);
    q.service = cs_dist_exponential(0.8 * scale);
    cs_welford w[CS_QUEUE_METRIC_N];
    cs_hist *h = calloc(CS_QUEUE_METRIC_N, sizeof *h);
    cs_resource_value res;
    assert_non_null(h);
    memset(w, 0, sizeof w);
    cs_rep_out o = { .nmetrics = CS_QUEUE_METRIC_N, .metrics = w, .hists = h, .nresources = 1, .resources = &res };
    assert_int_equal(cs_queue_replicate(&q, 77, 3, &o), CS_OK);
    replay r;
    replay_mm1(&q, 77, 3, &r);
    assert_int_equal(r.n, q.customers - q.warmup);
    char name[96];
    snprintf(name, sizeof name, "%s wait", what);
    check_sample(r.wait, r.n, &h[CS_QUEUE_WAIT], name);
    snprintf(name, sizeof name, "%s sojourn", what);
    check_sample(r.sojourn, r.n, &h[CS_QUEUE_SOJOURN], name);
    /* the scale is really in the values: the median sojourn is about
     * scale * 0.8 * ln 2 / (1 - 0.8) */
    const double med = cs_hist_quantile(&h[CS_QUEUE_SOJOURN], 0.5) / scale;
    assert_true(med > 2.0 && med < 3.6);
    for (int k = 0; k < CS_QUEUE_METRIC_N; k++) cs_hist_free(&h[k]);
    free(h);
    free(r.wait);
    free(r.sojourn);
}

static void test_queue_times_scale_1(void **state)
{
    (void)state;
    queue_at_scale(1.0, "scale 1");
}

static void test_queue_times_scale_1e_9(void **state)
{
    (void)state;
    queue_at_scale(1e-9, "scale 1e-9");
}

static void test_queue_times_scale_1e13(void **state)
{
    (void)state;
    queue_at_scale(1e13, "scale 1e13");
}

/* ---- the port's negative time ---- */

static const char PORT[] =
    "kind: port\nname: negative\nreplications: 1\nseed: 11\nhorizon: 21d\nwarmup: 3d\ndrain: 21d\n"
    "services:\n"
    "  - {name: loop1, period: 7d, imports: {dist: triangular, min: 300, mode: 400, max: 500},\n"
    "     exports: {dist: triangular, min: 100, mode: 150, max: 200}}\n"
    "regimes:\n"
    "  conventional: {}\n"
    "  advance: {advance_declaration: 0.6}\n";

typedef struct intervals {
    double *v;
    size_t n, cap;
} intervals;

/* Discharge (T2) to lodgement (T3) of every observed finished import box:
 * the model's lodgement_h, negative for a declaration lodged before the
 * vessel discharged the box. */
static void on_box(void *ctx, const cs_port_box_record *b)
{
    intervals *iv = ctx;
    if (b->flow != CS_FLOW_IMPORT || !b->observed || !b->finished) return;
    const double prev = b->t[CS_MS_T2];
    if (isnan(prev) || isnan(b->t[CS_MS_T3])) return;
    if (iv->n == iv->cap) {
        iv->cap = iv->cap ? 2 * iv->cap : 4096;
        iv->v = realloc(iv->v, iv->cap * sizeof *iv->v);
        assert_non_null(iv->v);
    }
    iv->v[iv->n++] = b->t[CS_MS_T3] - prev;
}

static void test_port_negative_time(void **state)
{
    (void)state;
    cs_scenario s;
    cs_error err = { 0 };
    if (cs_scenario_load_string(PORT, strlen(PORT), "negative.yaml", &s, &err) != CS_OK)
        fail_msg("%d:%d: %s", err.line, err.column, err.message);
    const cs_run_options opt = { .replications = 1, .threads = 1 };
    cs_results r;
    assert_int_equal(cs_experiment_run(&s, &opt, &r, &err), CS_OK);

    intervals iv = { 0 };
    const cs_port_probe probe = { &iv, on_box, NULL };
    assert_int_equal(cs_port_run_regime(s.port, 1, s.seed, 0, &probe, NULL), CS_OK);
    assert_true(iv.n > 500);
    qsort(iv.v, iv.n, sizeof *iv.v, by_value);

    char lodgement[CS_LABEL_MAX], segment[CS_LABEL_MAX];
    cs_port_metric_name(CS_PORT_LODGEMENT, lodgement, sizeof lodgement);
    cs_port_segment_name(CS_PORT_SEG_ALL, segment, sizeof segment);
    const cs_summary_row *row = NULL;
    for (size_t k = 0; k < r.nkeys; k++) {
        const cs_metric_key *key = &r.summary[k].key;
        if (!strcmp(key->regime, "advance") && !strcmp(key->flow, cs_port_flow_name(CS_FLOW_IMPORT)) &&
            !strcmp(key->segment, segment) && !strcmp(key->metric, lodgement))
            row = &r.summary[k];
    }
    assert_non_null(row);
    assert_true(exact_quantile(iv.v, iv.n, 0.5) < 0); /* most boxes are declared before discharge */
    check_quantile(row->p50, exact_quantile(iv.v, iv.n, 0.5), "advance import lodgement", 0.5);
    check_quantile(row->p90, exact_quantile(iv.v, iv.n, 0.9), "advance import lodgement", 0.9);
    check_quantile(row->p99, exact_quantile(iv.v, iv.n, 0.99), "advance import lodgement", 0.99);
    assert_true(row->p50 < -1.0);
    free(iv.v);
    cs_results_free(&r);
    cs_scenario_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_queue_times_scale_1),
        cmocka_unit_test(test_queue_times_scale_1e_9),
        cmocka_unit_test(test_queue_times_scale_1e13),
        cmocka_unit_test(test_port_negative_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
