/*
 * test_decomposition.c - the time-release-study decomposition adds up.
 *
 * dTk_h is milestone Tk minus the previous milestone the box reached, so
 * for boxes that pass every milestone the interval means must add up to the
 * mean total, exit_h = T10 - T0, up to rounding.  The port here is the
 * small sweep-test port (random durations, two services) with every import
 * box in the scan channel, so every box passes T6s/T6e; the conventional
 * regime's import rows are checked.
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
#include "clearsim/scenario.h"

static char *read_text(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char buf[1 << 16];
    *len = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[*len] = 0;
    return buf;
}

static void test_intervals_add_up(void **state)
{
    (void)state;
    size_t len;
    const char *text = read_text("tests/sweeps/cli_base.yaml", &len);
    const cs_scenario_override ov[] = {
        { "boxes.credit.aeo", "0" }, { "boxes.credit.low", "0" }, { "boxes.credit.general", "1" },
        { "customs.channels.general.document", "0" }, { "customs.channels.general.scan", "1" },
        { "customs.channels.general.exam", "0" }, { "customs.channels.general.lab", "0" },
    };
    cs_scenario s;
    cs_error err = { 0 };
    int culprit;
    if (cs_scenario_load_overridden(text, len, "cli_base.yaml", ov, sizeof ov / sizeof ov[0], &s, &err, &culprit) != CS_OK)
        fail_msg("%d:%d: %s (override %d)", err.line, err.column, err.message, culprit);
    cs_run_options opt = { .replications = 3, .threads = 2 };
    cs_results r;
    assert_int_equal(cs_experiment_run(&s, &opt, &r, &err), CS_OK);
    double sum = 0, exit_mean = NAN;
    int intervals = 0;
    uint64_t n_exit = 0;
    for (size_t k = 0; k < r.nkeys; k++) {
        const cs_summary_row *row = &r.summary[k];
        if (strcmp(row->key.regime, "conventional") || strcmp(row->key.flow, "import") ||
            strcmp(row->key.segment, "all"))
            continue;
        if (!strcmp(row->key.metric, "exit_h")) {
            exit_mean = row->mean;
            n_exit = row->n;
        } else if (row->key.metric[0] == 'd' && row->key.metric[1] == 'T' && row->n > 0) {
            sum += row->mean;
            intervals++;
        }
    }
    print_message("import: %d intervals add up to %.9f h, exit_h %.9f h\n", intervals, sum, exit_mean);
    assert_int_equal(n_exit, 3);
    assert_int_equal(intervals, 11); /* T1 T2 T3 T4 T5 T6s T6e T7 T8 T9 T10 */
    assert_true(exit_mean > 0);
    assert_true(fabs(sum - exit_mean) <= 1e-9 * exit_mean);

    /* /decomposition pools the replications: its contributions add up to
     * its total, which is the pooled mean of exit_h (T10 - T0) */
    double pooled = 0, boxes = 0, contributions = 0, total = NAN;
    for (size_t k = 0; k < r.nkeys; k++) {
        const cs_metric_key *key = &r.keys[k];
        if (strcmp(key->regime, "conventional") || strcmp(key->flow, "import") || strcmp(key->segment, "all") ||
            strcmp(key->metric, "exit_h"))
            continue;
        for (uint32_t rep = 0; rep < r.replications; rep++) {
            const cs_rep_value *v = &r.rep_values[k * r.replications + rep];
            pooled += (double)v->count * v->mean;
            boxes += (double)v->count;
        }
    }
    pooled /= boxes;
    int rows = 0;
    for (size_t i = 0; i < r.ndecomposition; i++) {
        const cs_decomposition_row *d = &r.decomposition[i];
        if (strcmp(d->key.regime, "conventional") || strcmp(d->key.flow, "import")) continue;
        assert_true(d->share_of_boxes == 1.0); /* every box passes every milestone */
        contributions += d->contribution;
        total = d->total;
        rows++;
    }
    print_message("/decomposition: %d rows, total %.9f h, pooled exit_h %.9f h\n", rows, total, pooled);
    assert_int_equal(rows, 11);
    assert_true(fabs(contributions - total) <= 1e-9 * total);
    assert_true(fabs(total - pooled) <= 1e-9 * pooled);
    cs_results_free(&r);
    cs_scenario_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_intervals_add_up),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
