/*
 * test_differences.c - paired differences to the baseline regime
 * (cs_results_differences, /differences).
 *
 * A hand-computed case: two regimes, four replications, known means; the
 * paired mean, its t interval and the Welch half-width are worked out
 * below.  Then the reason pairing exists: on the C4 port (conventional vs
 * ship-side lifting on common random numbers) the paired CI of the import
 * exit time is at most 0.7 of the CI the same replications would give as
 * independent samples.
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

static void set_key(cs_metric_key *k, const char *regime, const char *metric)
{
    memset(k, 0, sizeof *k);
    snprintf(k->regime, sizeof k->regime, "%s", regime);
    snprintf(k->flow, sizeof k->flow, "import");
    snprintf(k->segment, sizeof k->segment, "all");
    snprintf(k->metric, sizeof k->metric, "%s", metric);
    snprintf(k->unit, sizeof k->unit, "h");
}

static const char *base_is_conv(void *ctx, uint32_t point)
{
    (void)ctx, (void)point;
    return "conv";
}

static void test_hand_computed(void **state)
{
    (void)state;
    cs_results r;
    memset(&r, 0, sizeof r);
    assert_int_equal(cs_results_alloc(&r, 3, 0, 4), 0);
    set_key(&r.keys[0], "conv", "exit_h");
    set_key(&r.keys[1], "conv", "wait_h"); /* no partner in "pilot" */
    set_key(&r.keys[2], "pilot", "exit_h");
    /* conv 10, 12, 14, 16; pilot 9, 10, 12, 13: differences -1, -2, -2, -3 */
    const double conv[4] = { 10, 12, 14, 16 }, pilot[4] = { 9, 10, 12, 13 };
    for (int i = 0; i < 4; i++) {
        r.rep_values[0 * 4 + i] = (cs_rep_value){ 5, conv[i] };
        r.rep_values[1 * 4 + i] = (cs_rep_value){ 5, 1.0 };
        r.rep_values[2 * 4 + i] = (cs_rep_value){ 5, pilot[i] };
    }
    assert_int_equal(cs_results_differences(&r, base_is_conv, NULL), 0);
    assert_int_equal(r.ndifferences, 1);
    const cs_difference_row *d = &r.differences[0];
    assert_string_equal(d->key.regime, "pilot");
    assert_string_equal(d->baseline, "conv");
    assert_int_equal(d->n, 4);
    /* mean -2, sd sqrt(2/3), t(0.975, 3) = 3.182446: half-width 1.299223 */
    assert_true(fabs(d->mean + 2.0) < 1e-12);
    const double hw = 3.182446305284263 * sqrt(2.0 / 3.0) / 2.0;
    assert_true(fabs((d->ci95_high - d->ci95_low) / 2.0 - hw) < 1e-6);
    /* Welch: var conv 20/3, var pilot 10/3 (each / 4): v = 2.5;
     * df = 2.5^2 / ((5/3)^2 / 3 + (5/6)^2 / 3) = 6.25 / (25/27 + 25/108) = 5.4;
     * t(0.975, 5.4) * sqrt(2.5) */
    const double v = 2.5, df = 6.25 / (25.0 / 27.0 + 25.0 / 108.0);
    assert_true(fabs(df - 5.4) < 1e-12);
    assert_true(fabs(d->unpaired_half_width - cs_student_t_quantile(0.975, df) * sqrt(v)) < 1e-9);
    assert_true(d->unpaired_half_width > 3.8 && d->unpaired_half_width < 4.0);
    cs_results_free(&r);
}

static void test_pairing_pays(void **state)
{
    (void)state;
    cs_scenario s;
    cs_error err = { 0 };
    assert_int_equal(cs_scenario_load_file("scenarios/ports/c4_qingdao_ship_side.yaml", &s, &err), CS_OK);
    cs_run_options opt = { .replications = 4, .threads = 2 };
    cs_results r;
    assert_int_equal(cs_experiment_run(&s, &opt, &r, &err), CS_OK);
    const cs_difference_row *row = NULL;
    for (size_t i = 0; i < r.ndifferences; i++) {
        const cs_metric_key *k = &r.differences[i].key;
        if (!strcmp(k->regime, "ship_side") && !strcmp(k->flow, "import") && !strcmp(k->segment, "all") &&
            !strcmp(k->metric, "exit_h"))
            row = &r.differences[i];
    }
    assert_non_null(row);
    assert_string_equal(row->baseline, "conventional");
    assert_int_equal(row->n, 4);
    const double paired = (row->ci95_high - row->ci95_low) / 2.0;
    print_message("ship_side - conventional, import exit_h: %.3f h, paired half-width %.4f, unpaired %.4f (ratio %.3f)\n",
                  row->mean, paired, row->unpaired_half_width, paired / row->unpaired_half_width);
    assert_true(row->mean < 0.0); /* ship-side lifting shortens the stay */
    assert_true(paired <= 0.7 * row->unpaired_half_width);
    cs_results_free(&r);
    cs_scenario_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_computed),
        cmocka_unit_test(test_pairing_pays),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
