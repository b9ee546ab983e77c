/*
 * test_quantile_keys.c - per-replication quantiles as metric keys of kind
 * quantile (experiment/quantiles.c) and the interval of their mean.
 *
 * By hand: a quantile read inside its bin (cs_hist_quantile_interpolated)
 * for values of both signs and zero; the expansion of a replication's
 * outputs, keys of other kinds and an empty key among them; a D/D/1 run,
 * whose every sojourn is 0.75, end to end; the /summary row of a quantile
 * key (mean, t interval, quantiles of the replication values) and its
 * paired difference; `validate`'s check of a median, whose interval is
 * the median's (a port run under the C4 case's name).  Then what the keys are for: the 95 % interval of the
 * mean of 10 replications' p50 and p90 of the M/M/1 sojourn (rho 0.8,
 * warm-up 20 relaxation times, 50,000 customers each) covers the exact
 * quantile -ln(1 - p) / (mu - lambda) in 91 % to 99 % of 200 seeds.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "clearsim/experiment.h"
#include "clearsim/model.h"
#include "clearsim/results.h"
#include "clearsim/scenario.h"
#include "experiment/quantiles.h"

static void assert_close(double got, double want, double tol, const char *what)
{
    if (!(fabs(got - want) <= tol)) fail_msg("%s: got %.17g, want %.17g", what, got, want);
}

/* ---- a quantile inside its bin ---- */

static void test_interpolated_by_hand(void **state)
{
    (void)state;
    cs_hist h = { 0 };
    assert_true(isnan(cs_hist_quantile_interpolated(&h, 0.5)));
    /* four values of 1: bin [1, 1 + 1/64); the rank-r value of 4 reads
     * 1 + (1/64) r / 5 */
    for (int i = 0; i < 4; i++) cs_hist_add(&h, 1.0);
    assert_true(cs_hist_quantile_interpolated(&h, 0.5) == 1.0 + 2.0 / 64 / 5);  /* rank 2 */
    assert_true(cs_hist_quantile_interpolated(&h, 0.9) == 1.0 + 4.0 / 64 / 5);  /* rank ceil(3.6) = 4 */
    assert_true(cs_hist_quantile_interpolated(&h, 0.0) == 1.0 + 1.0 / 64 / 5);  /* rank 1 */
    cs_hist_clear(&h);
    /* -3, 0, 0, 2, 2, 2, 5: -3 in (-3.03125, -3] (width 2/64), 2 in
     * [2, 2.03125), 5 in [5, 5.0625) */
    const double v[] = { 2, -3, 0, 5, 2, 0, 2 };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) cs_hist_add(&h, v[i]);
    assert_true(cs_hist_quantile_interpolated(&h, 0.1) == -3.03125 + 0.03125 / 2); /* rank 1 of 1 */
    assert_true(cs_hist_quantile_interpolated(&h, 0.3) == 0.0);                    /* rank 3: zero */
    assert_true(cs_hist_quantile_interpolated(&h, 0.5) == 2.0 + 0.03125 / 4);      /* rank 4: 1st of 3 */
    assert_true(cs_hist_quantile_interpolated(&h, 0.8) == 2.0 + 0.03125 * 3 / 4);  /* rank 6: 3rd of 3 */
    assert_true(cs_hist_quantile_interpolated(&h, 1.0) == 5.0 + 0.0625 / 2);       /* rank 7 */
    cs_hist_free(&h);
}

/* ---- the expansion of a replication's outputs ---- */

/* A model of four keys: a (primary), b (interval), c (detail, empty), d
 * (count kind of the catalogue, never summarised). */
static const char *const fake_names[4] = { "a", "b", "c", "d" };
static const cs_metric_kind fake_kinds[4] = { CS_METRIC_PRIMARY, CS_METRIC_INTERVAL, CS_METRIC_DETAIL,
                                              CS_METRIC_COUNT };

static cs_status fake_catalog(const cs_scenario *s, cs_catalog *out)
{
    (void)s;
    const cs_status st = cs_catalog_alloc(out, 4, 1);
    for (int i = 0; st == CS_OK && i < 4; i++) {
        snprintf(out->metrics[i].name, sizeof out->metrics[i].name, "%s", fake_names[i]);
        out->metrics[i].kind = fake_kinds[i];
        snprintf(out->metrics[i].label, sizeof out->metrics[i].label, "label %s", fake_names[i]);
        snprintf(out->metrics[i].unit, sizeof out->metrics[i].unit, "h");
    }
    if (st == CS_OK) snprintf(out->segments[0].name, sizeof out->segments[0].name, "all");
    return st;
}

static size_t fake_keys(const cs_scenario *s, cs_metric_key *out, size_t max)
{
    (void)s;
    for (size_t i = 0; out && i < 4 && i < max; i++) {
        memset(&out[i], 0, sizeof out[i]);
        snprintf(out[i].regime, sizeof out[i].regime, "base");
        snprintf(out[i].flow, sizeof out[i].flow, "f");
        snprintf(out[i].segment, sizeof out[i].segment, "all");
        snprintf(out[i].metric, sizeof out[i].metric, "%s", fake_names[i]);
        snprintf(out[i].unit, sizeof out[i].unit, "h");
    }
    return 4;
}

static void test_expansion(void **state)
{
    (void)state;
    const cs_model fake = { .kind = "fake", .catalog = fake_catalog, .metric_keys = fake_keys };
    cs_catalog c;
    assert_int_equal(cs_quantile_catalog(&fake, NULL, &c), CS_OK);
    /* a, a.p50, a.p90, a.p99, b, c, c.p50, c.p90, c.p99, d */
    assert_int_equal(c.nmetrics, 10);
    const char *const names[10] = { "a", "a.p50", "a.p90", "a.p99", "b", "c", "c.p50", "c.p90", "c.p99", "d" };
    for (int i = 0; i < 10; i++) assert_string_equal(c.metrics[i].name, names[i]);
    assert_int_equal(c.metrics[2].kind, CS_METRIC_QUANTILE);
    assert_string_equal(c.metrics[2].label, "label a");
    assert_string_equal(c.metrics[2].unit, "h");
    assert_string_equal(cs_metric_kind_name(CS_METRIC_QUANTILE), "quantile");
    assert_false(cs_metric_kind_is_summary(CS_METRIC_QUANTILE));
    assert_false(cs_metric_kind_is_count(CS_METRIC_QUANTILE));

    cs_metric_key keys[16];
    fake_keys(NULL, keys, 4);
    assert_int_equal(cs_quantile_keys(&c, keys, 4), 10);
    for (int i = 0; i < 10; i++) assert_string_equal(keys[i].metric, names[i]);
    assert_int_equal(keys[7].kind, CS_METRIC_QUANTILE);

    /* a replication: a = 1, 2, 3, 4 (1/64-wide bins at 1, 2/64 at 2 and
     * 3, 4/64 at 4), b = 7, c nothing, d = 9 (as the runner leaves it) */
    cs_welford w[10];
    cs_hist h[10];
    memset(w, 0, sizeof w);
    memset(h, 0, sizeof h);
    cs_rep_out o = { .nmetrics = 10, .metrics_cap = 10, .metrics = w, .hists = h };
    for (int x = 1; x <= 4; x++) cs_welford_add(&w[0], x), cs_hist_add(&h[0], x);
    cs_welford_add(&w[1], 7), cs_hist_add(&h[1], 7);
    cs_welford_add(&w[3], 9), cs_hist_add(&h[3], 9);
    assert_int_equal(cs_quantile_rep_out(&c, &fake, NULL, 4, 10, &o), CS_OK);
    assert_int_equal(o.nmetrics, 10);
    /* a: mean 2.5, its histogram moved with it; p50 rank 2 (the value 2,
     * alone in [2, 2.03125)), p90 and p99 rank 4 ([4, 4.0625)) */
    assert_int_equal(w[0].n, 4);
    assert_true(w[0].mean == 2.5);
    assert_int_equal(h[0].total, 4);
    assert_int_equal(w[1].n, 4);
    assert_true(w[1].mean == 2.0 + 0.03125 / 2);
    assert_true(w[2].mean == 4.0 + 0.0625 / 2);
    assert_true(w[3].mean == 4.0 + 0.0625 / 2);
    for (int k = 1; k <= 3; k++) assert_int_equal(h[k].total, 0);
    /* b moved to 4, c (empty) to 5 with NaN quantiles of count 0, d to 9 */
    assert_true(w[4].mean == 7.0 && h[4].total == 1);
    assert_int_equal(w[5].n, 0);
    for (int k = 6; k <= 8; k++) {
        assert_int_equal(w[k].n, 0);
        assert_true(isnan(w[k].mean));
        assert_int_equal(h[k].total, 0);
    }
    assert_true(w[9].mean == 9.0 && h[9].total == 1);
    /* keys that disagree with the plan are an internal error */
    assert_int_equal(cs_quantile_rep_out(&c, &fake, NULL, 4, 9, &o), CS_ERR_INTERNAL);
    for (int k = 0; k < 10; k++) cs_hist_free(&h[k]);
    cs_catalog_free(&c);
}

/* ---- a D/D/1 run end to end ---- */

static const char DD1[] = "kind: queue\nname: dd1\nservers: 1\narrival: {dist: deterministic, value: 1.0}\n"
                          "service: {dist: deterministic, value: 0.75}\ncustomers: 1001\nwarmup: 1\n"
                          "replications: 3\nseed: 5\n";

static const cs_summary_row *row_of(const cs_results *r, const char *metric)
{
    for (size_t k = 0; k < r->nkeys; k++)
        if (!strcmp(r->summary[k].key.metric, metric)) return &r->summary[k];
    fail_msg("no row %s", metric);
    return NULL;
}

static void test_dd1_run(void **state)
{
    (void)state;
    cs_scenario s;
    cs_error err = { 0 };
    if (cs_scenario_load_string(DD1, strlen(DD1), "dd1.yaml", &s, &err) != CS_OK)
        fail_msg("%d:%d: %s", err.line, err.column, err.message);
    const cs_run_options opt = { .threads = 2 };
    cs_results r;
    assert_int_equal(cs_experiment_run(&s, &opt, &r, &err), CS_OK);
    /* wait, its three quantiles, sojourn, its three */
    assert_int_equal(r.nkeys, 8);
    assert_string_equal(r.keys[1].metric, "wait.p50");
    assert_string_equal(r.keys[7].metric, "sojourn.p99");
    assert_int_equal(r.keys[7].kind, CS_METRIC_QUANTILE);
    assert_int_equal(r.catalog.nmetrics, 8);
    /* every sojourn is 0.75, in [0.75, 0.7578125): of its 1,000 values the
     * rank-r one reads 0.75 + 0.0078125 r / 1001; every wait is 0 */
    const double p50 = 0.75 + 0.0078125 * (500.0 / 1001.0), p90 = 0.75 + 0.0078125 * (900.0 / 1001.0),
                 p99 = 0.75 + 0.0078125 * (990.0 / 1001.0);
    for (uint32_t rep = 0; rep < 3; rep++) {
        assert_int_equal(r.rep_values[5 * 3 + rep].count, 1000);
        assert_true(r.rep_values[5 * 3 + rep].mean == p50);
        assert_true(r.rep_values[6 * 3 + rep].mean == p90);
        assert_true(r.rep_values[7 * 3 + rep].mean == p99);
        assert_true(r.rep_values[1 * 3 + rep].mean == 0.0);
    }
    assert_int_equal(r.hists[5].n, 0); /* quantile keys keep no histogram */
    assert_int_equal(r.hists[4].n, 1);
    /* equal replications: mean and interval the value itself, and so are
     * the quantiles of the replication values */
    const cs_summary_row *q = row_of(&r, "sojourn.p90");
    assert_int_equal(q->n, 3);
    assert_true(q->mean == p90 && q->ci95_low == p90 && q->ci95_high == p90);
    assert_true(q->p50 == p90 && q->p90 == p90 && q->p99 == p90);
    /* the pooled row is unchanged: the bin's geometric middle */
    assert_true(row_of(&r, "sojourn")->p50 == cs_hist_value(cs_hist_key(0.75)));
    cs_results_free(&r);
    cs_scenario_free(&s);
}

/* ---- the summary row of a quantile key, and its difference ---- */

static void set_key(cs_metric_key *k, const char *regime, const char *metric, cs_metric_kind kind)
{
    memset(k, 0, sizeof *k);
    snprintf(k->regime, sizeof k->regime, "%s", regime);
    snprintf(k->flow, sizeof k->flow, "import");
    snprintf(k->segment, sizeof k->segment, "all");
    snprintf(k->metric, sizeof k->metric, "%s", metric);
    snprintf(k->unit, sizeof k->unit, "h");
    k->kind = (uint8_t)kind;
}

static const char *base_is_conv(void *ctx, uint32_t point)
{
    (void)ctx, (void)point;
    return "conv";
}

static void test_summary_row_by_hand(void **state)
{
    (void)state;
    enum { REPS = 12 };
    cs_results r;
    memset(&r, 0, sizeof r);
    assert_int_equal(cs_results_alloc(&r, 3, 0, REPS), CS_OK);
    set_key(&r.keys[0], "conv", "release_h.p90", CS_METRIC_QUANTILE);
    set_key(&r.keys[1], "conv", "lodgement_h.p50", CS_METRIC_QUANTILE);
    set_key(&r.keys[2], "pilot", "release_h.p90", CS_METRIC_QUANTILE);
    /* conv: 3 1 4 1 5 9 2 6 5 3 and two replications without an
     * observation; negative values and zero: -1 -3 0 2 */
    const double a[REPS] = { 3, 1, 4, 1, 5, 9, 2, 6, 5, 3, NAN, NAN };
    const double b[4] = { -1, -3, 0, 2 };
    for (int i = 0; i < REPS; i++) {
        r.rep_values[0 * REPS + i] = (cs_rep_value){ isnan(a[i]) ? 0 : 100, a[i] };
        r.rep_values[1 * REPS + i] = (cs_rep_value){ i < 4 ? 100 : 0, i < 4 ? b[i] : NAN };
        /* pilot: conv minus 1, 2, 1, 2, ...: differences -1, -2, ... */
        r.rep_values[2 * REPS + i] = (cs_rep_value){ isnan(a[i]) ? 0 : 100, a[i] - 1 - (i % 2) };
    }
    cs_results_summarise(&r);
    const cs_summary_row *row = &r.summary[0];
    /* n 10, mean 39/10; sum of squares 207 - 39^2/10 = 54.9, variance 6.1;
     * t(0.975, 9) = 2.262157163: half-width 2.262157 sqrt(0.61) = 1.766788 */
    assert_int_equal(row->n, 10);
    assert_close(row->mean, 3.9, 1e-12, "mean");
    assert_close((row->ci95_high - row->ci95_low) / 2.0, 2.262157163 * sqrt(0.61), 1e-8, "half-width");
    assert_close((row->ci95_high + row->ci95_low) / 2.0, 3.9, 1e-12, "centre");
    /* sorted 1 1 2 3 3 4 5 5 6 9: p50 the 5th (3), p90 the 9th (6), p99
     * the ceil(9.9) = 10th (9) */
    assert_true(row->p50 == 3.0 && row->p90 == 6.0 && row->p99 == 9.0);
    /* sorted -3 -1 0 2: p50 the 2nd, p90 and p99 the 4th */
    row = &r.summary[1];
    assert_int_equal(row->n, 4);
    assert_true(row->p50 == -1.0 && row->p90 == 2.0 && row->p99 == 2.0);
    assert_close(row->mean, -0.5, 1e-12, "mean of -1 -3 0 2");
    /* the paired difference pilot - conv: -1, -2 alternating over the 10
     * observed replications: mean -1.5, sd sqrt(10/36) */
    assert_int_equal(cs_results_differences(&r, base_is_conv, NULL), CS_OK);
    assert_int_equal(r.ndifferences, 1);
    const cs_difference_row *d = &r.differences[0];
    assert_string_equal(d->key.metric, "release_h.p90");
    assert_int_equal(d->n, 10);
    assert_close(d->mean, -1.5, 1e-12, "difference");
    assert_close((d->ci95_high - d->ci95_low) / 2.0, 2.262157163 * sqrt(2.5 / 9.0 / 10.0), 1e-8, "paired half-width");
    cs_results_free(&r);
}

/* ---- `validate`: a median's check carries the median's interval ---- */

/* A small port under the name of the C4 case (its checks: the median
 * lift-off of conventional's scan and exam channels and of ship_side's
 * pilot path). */
static const char C4[] =
    "kind: port\nname: c4_small\nreplications: 4\nseed: 9\nhorizon: 21d\nwarmup: 3d\ndrain: 21d\n"
    "services:\n"
    "  - {name: loop1, period: 7d, imports: {dist: triangular, min: 300, mode: 400, max: 500},\n"
    "     exports: {dist: triangular, min: 100, mode: 150, max: 200}}\n"
    "regimes:\n  conventional: {}\n  ship_side: {ship_side: 0.3}\n";

static const cs_summary_row *find_row(const cs_results *r, const char *regime, const char *segment, const char *metric)
{
    for (size_t k = 0; k < r->nkeys; k++) {
        const cs_metric_key *key = &r->summary[k].key;
        if (!strcmp(key->regime, regime) && !strcmp(key->flow, "import") && !strcmp(key->segment, segment) &&
            !strcmp(key->metric, metric))
            return &r->summary[k];
    }
    fail_msg("no row %s %s %s", regime, segment, metric);
    return NULL;
}

static void test_validate_median_interval(void **state)
{
    (void)state;
    char dir[] = "/tmp/cs_quantile_keys_XXXXXX", path[sizeof dir + 40];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/c4_qingdao_ship_side.yaml", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(C4, f);
    fclose(f);
    cs_validation_case vc;
    cs_error err = { 0 };
    assert_string_equal(cs_validate_port_case_name(3), "c4_qingdao_ship_side");
    assert_int_equal(cs_validate_port_case(dir, 3, false, 2, &vc, &err), CS_OK);
    /* the same run by hand: the check's estimate is the pooled median, its
     * interval the replications' medians' (liftoff_h.p50), not the mean's */
    cs_scenario s;
    assert_int_equal(cs_scenario_load_file(path, &s, &err), CS_OK);
    const cs_run_options opt = { .threads = 2 };
    cs_results r;
    assert_int_equal(cs_experiment_run(&s, &opt, &r, &err), CS_OK);
    const char *const regime[3] = { "conventional", "conventional", "ship_side" };
    const char *const segment[3] = { "channel:scan", "channel:exam", "path:pilot" };
    for (int c = 0; c < 3; c++) {
        const cs_validation_check *ch = &vc.checks[c];
        const cs_summary_row *pooled = find_row(&r, regime[c], segment[c], "liftoff_h");
        const cs_summary_row *median = find_row(&r, regime[c], segment[c], "liftoff_h.p50");
        assert_true(median->n >= 2);
        assert_true(ch->estimate == pooled->p50);
        assert_true(ch->ci_low == median->ci95_low && ch->ci_high == median->ci95_high);
        assert_true(ch->half_width == (median->ci95_high - median->ci95_low) / 2.0);
        assert_true(ch->ci_low != pooled->ci95_low);
    }
    cs_results_free(&r);
    cs_scenario_free(&s);
    remove(path);
    rmdir(dir);
}

/* ---- coverage of the interval of a quantile's mean ---- */

/* M/M/1, lambda 0.8, mu 1: relaxation time 1 / (mu (1 - sqrt(0.8))^2) =
 * 89.72, so 20 of them are 1,436 arrivals; then 50,000 customers. */
static const char MM1[] = "kind: queue\nname: mm1_quantiles\nservers: 1\narrival: {dist: exponential, mean: 1.25}\n"
                          "service: {dist: exponential, mean: 1.0}\ncustomers: 51436\nwarmup: 1436\n"
                          "replications: 10\nseed: 1\n";
#define SEEDS 200

static void test_mm1_quantile_coverage(void **state)
{
    (void)state;
    cs_scenario s;
    cs_error err = { 0 };
    if (cs_scenario_load_string(MM1, strlen(MM1), "mm1_quantiles.yaml", &s, &err) != CS_OK)
        fail_msg("%d:%d: %s", err.line, err.column, err.message);
    /* the sojourn of FIFO M/M/1 is exponential with rate mu - lambda */
    const double rate = 1.0 - 0.8;
    const char *const metric[3] = { "sojourn.p50", "sojourn.p90", "sojourn.p99" };
    const double p[3] = { 0.5, 0.9, 0.99 };
    unsigned covered[3] = { 0 }, mean_covered = 0;
    double rel_hw[3] = { 0 };
    const double t0 = omp_get_wtime();
    for (uint64_t seed = 1; seed <= SEEDS; seed++) {
        const cs_run_options opt = { .seed_given = true, .seed = seed, .threads = 2 };
        cs_results r;
        assert_int_equal(cs_experiment_run(&s, &opt, &r, &err), CS_OK);
        for (int i = 0; i < 3; i++) {
            const cs_summary_row *row = row_of(&r, metric[i]);
            const double truth = -log(1.0 - p[i]) / rate;
            assert_int_equal(row->n, 10);
            covered[i] += row->ci95_low <= truth && truth <= row->ci95_high;
            rel_hw[i] += (row->ci95_high - row->ci95_low) / 2.0 / truth / SEEDS;
        }
        const cs_summary_row *m = row_of(&r, "sojourn");
        mean_covered += m->ci95_low <= 1.0 / rate && 1.0 / rate <= m->ci95_high;
        cs_results_free(&r);
    }
    for (int i = 0; i < 3; i++)
        printf("# %s: 95 %% CI covers %.4g in %u of %d seeds (%.3f), mean half-width %.2f %%\n", metric[i],
               -log(1.0 - p[i]) / rate, covered[i], SEEDS, covered[i] / (double)SEEDS, 100.0 * rel_hw[i]);
    printf("# sojourn mean: covered in %u of %d seeds; %.1f s\n", mean_covered, SEEDS, omp_get_wtime() - t0);
    for (int i = 0; i < 2; i++) { /* p50, p90 */
        const double cov = covered[i] / (double)SEEDS;
        if (!(cov >= 0.91 && cov <= 0.99)) fail_msg("%s: coverage %.3f outside [0.91, 0.99]", metric[i], cov);
    }
    cs_scenario_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_interpolated_by_hand),
        cmocka_unit_test(test_expansion),
        cmocka_unit_test(test_dd1_run),
        cmocka_unit_test(test_summary_row_by_hand),
        cmocka_unit_test(test_validate_median_interval),
        cmocka_unit_test(test_mm1_quantile_coverage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
