/*
 * test_override.c - scenarios loaded with values put at dotted paths (the
 * mechanism under every sweep point): values replace scalars, list items
 * and aliased content without touching the anchor, documented keys absent
 * from the text are added, and an error names the override whose value
 * was refused (or keeps the text's position when another node was at
 * fault).  Also the key schema that decides which absent keys can be added.
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
#include "scenario/override.h"

#define assert_double(x, want)                                                          \
    do {                                                                                \
        const double x_ = (x), w_ = (want);                                             \
        if (x_ != w_) fail_msg("%s: want %.17g, got %.17g", #x, w_, x_);                \
    } while (0)

static void test_overridden(void **state)
{
    (void)state;
    static const char *const q = "kind: queue\nname: q\nservers: 1\n"
                                 "arrival: {dist: exponential, mean: 1}\n"
                                 "service: {dist: exponential, mean: 0.5}\ncustomers: 10\n";
    cs_scenario s;
    cs_error err;
    int culprit = 7;
    const cs_scenario_override ok[2] = {{"servers", "3"}, {"warmup", "4"}};
    assert_int_equal(cs_scenario_load_overridden(q, strlen(q), "q.yaml", ok, 2, &s, &err,
                                                 &culprit), CS_OK);
    assert_int_equal(culprit, -1);
    assert_int_equal(s.queue.servers, 3);
    assert_int_equal(s.queue.warmup, 4); /* absent from the text: added */
    assert_string_equal(s.text, q);
    cs_scenario_free(&s);

    const cs_scenario_override bad[2] = {{"servers", "2"}, {"customers", "ten"}};
    memset(&err, 0, sizeof err);
    assert_int_equal(cs_scenario_load_overridden(q, strlen(q), "q.yaml", bad, 2, &s, &err,
                                                 &culprit), CS_ERR_INPUT);
    assert_int_equal(culprit, 1);
    assert_int_equal(err.line, 0);
    assert_string_equal(err.message, "customers: expected an integer, got 'ten'");

    const cs_scenario_override unknown[1] = {{"arrival.mean.x", "1"}};
    assert_int_equal(cs_scenario_load_overridden(q, strlen(q), "q.yaml", unknown, 1, &s, &err,
                                                 &culprit), CS_ERR_INPUT);
    assert_int_equal(culprit, 0);
    assert_string_equal(err.message, "arrival.mean.x: not a key of the scenario");

    const cs_scenario_override overlap[2] = {{"arrival", "1"}, {"arrival.mean", "2"}};
    assert_int_equal(cs_scenario_load_overridden(q, strlen(q), "q.yaml", overlap, 2, &s, &err,
                                                 &culprit), CS_ERR_INPUT);
    assert_int_equal(culprit, 1);

    const cs_scenario_override multiline[1] = {{"servers", "2\n3"}};
    assert_int_equal(cs_scenario_load_overridden(q, strlen(q), "q.yaml", multiline, 1, &s, &err,
                                                 &culprit), CS_ERR_INPUT);
    assert_int_equal(culprit, 0);

    /* an error at a node of the text keeps its position; no culprit */
    const cs_scenario_override warm[1] = {{"customers", "5"}};
    static const char *const qw = "kind: queue\nname: q\nservers: 1\n"
                                  "arrival: {dist: exponential, mean: 1}\n"
                                  "service: {dist: exponential, mean: 0.5}\ncustomers: 10\n"
                                  "warmup: 6\n";
    assert_int_equal(cs_scenario_load_overridden(qw, strlen(qw), "q.yaml", warm, 1, &s, &err,
                                                 &culprit), CS_ERR_INPUT);
    assert_int_equal(culprit, -1);
    assert_int_equal(err.line, 7);
    assert_int_equal(err.column, 9);
}

static void test_overridden_lists_and_aliases(void **state)
{
    (void)state;
    /* a list item replaced, an alias item among them, a mapping alias */
    static const char *const q = "kind: queue\nname: q\nservers: 1\n"
                                 "arrival: &a {dist: exponential, mean: 1}\n"
                                 "service: {dist: empirical, values: [&v 1, *v, 4], "
                                 "weights: [1, 1, 2]}\n"
                                 "customers: 10\n";
    cs_scenario s;
    cs_error err;
    int culprit;
    memset(&err, 0, sizeof err);
    const cs_scenario_override ov[1] = {{"service.values[1]", "3"}};
    if (cs_scenario_load_overridden(q, strlen(q), "q.yaml", ov, 1, &s, &err, &culprit))
        fail_msg("%d:%d: %s", err.line, err.column, err.message);
    assert_int_equal(s.queue.service.n, 3);
    assert_double(s.queue.service.values[0], 1);
    assert_double(s.queue.service.values[1], 3);
    assert_double(s.queue.service.values[2], 4);
    cs_scenario_free(&s);
    /* `service: *a`: changing service leaves arrival (the anchor) alone */
    static const char *const q2 = "kind: queue\nname: q\nservers: 1\n"
                                  "arrival: &a {dist: exponential, mean: 1}\n"
                                  "service: *a\ncustomers: 10\n";
    const cs_scenario_override ov2[1] = {{"service.mean", "0.25"}};
    if (cs_scenario_load_overridden(q2, strlen(q2), "q.yaml", ov2, 1, &s, &err, &culprit))
        fail_msg("%d:%d: %s", err.line, err.column, err.message);
    assert_double(s.queue.arrival.a, 1);
    assert_double(s.queue.service.a, 0.25);
    cs_scenario_free(&s);
    /* an anchored list holding an alias, itself aliased later: copying the
     * first list must not lose the anchors the second alias needs */
    static const char *const q5 = "kind: queue\nname: q\nservers: 1\n"
                                  "arrival: {dist: empirical, values: &v [&one 1, *one], "
                                  "weights: [1, 1]}\n"
                                  "service: {dist: empirical, values: *v, weights: [1, 1]}\n"
                                  "customers: 10\n";
    const cs_scenario_override ov5[1] = {{"service.values[0]", "3"}};
    if (cs_scenario_load_overridden(q5, strlen(q5), "q.yaml", ov5, 1, &s, &err, &culprit))
        fail_msg("%d:%d: %s", err.line, err.column, err.message);
    assert_double(s.queue.arrival.values[0], 1);
    assert_double(s.queue.arrival.values[1], 1);
    assert_double(s.queue.service.values[0], 1); /* [3, 1], kept sorted */
    assert_double(s.queue.service.values[1], 3);
    cs_scenario_free(&s);
    /* an error in a copy of aliased content keeps the anchor's position */
    static const char *const q3 = "kind: queue\nname: q\nservers: 1\n"
                                  "arrival: &a {dist: exponential, mean: -1}\n"
                                  "service: *a\ncustomers: 10\n";
    const cs_scenario_override ov3[1] = {{"arrival.mean", "2"}};
    assert_int_equal(cs_scenario_load_overridden(q3, strlen(q3), "q.yaml", ov3, 1, &s, &err,
                                                 &culprit), CS_ERR_INPUT);
    assert_int_equal(culprit, -1);
    assert_int_equal(err.line, 4);
    assert_int_equal(err.column, 39); /* the -1 after     assert_int_equal(err.column, 37);a */
    /* list items are never added */
    const cs_scenario_override ov4[1] = {{"service.values[3]", "3"}};
    assert_int_equal(cs_scenario_load_overridden(q, strlen(q), "q.yaml", ov4, 1, &s, &err,
                                                 &culprit), CS_ERR_INPUT);
    assert_int_equal(culprit, 0);
}

static void test_key_schema(void **state)
{
    (void)state;
    assert_true(cs_port_key_known("customs.channels.general.scan"));
    assert_false(cs_port_key_known("customs.chanels.general.scan"));
    assert_true(cs_port_key_known("horizon"));
    assert_true(cs_port_key_known("terminal.transport.count"));
    assert_true(cs_port_key_known("terminal.berths.calendar"));
    assert_false(cs_port_key_known("terminal.berths.time")); /* berths take no time */
    assert_false(cs_port_key_known("terminal.transport.time.mean"));
    assert_true(cs_port_key_known("services[3].period"));
    assert_false(cs_port_key_known("services.period"));
    assert_true(cs_port_key_known("regimes.pilot.ship_side"));
    assert_true(cs_port_key_known("regimes.a.b.ship_side")); /* a regime name with a dot */
    assert_true(cs_port_key_known("regimes.epidemic.disruptions[0].capacity.gate_in"));
    assert_false(cs_port_key_known("regimes.epidemic.disruptions[0].capacity.gates"));
    assert_false(cs_port_key_known("horizon.x"));
    assert_false(cs_port_key_known("a..b"));
    assert_true(cs_queue_key_known("arrival.mean"));
    assert_true(cs_queue_key_known("warmup"));
    assert_false(cs_queue_key_known("servers.x"));
    assert_false(cs_queue_key_known("regimes"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_overridden),
        cmocka_unit_test(test_overridden_lists_and_aliases),
        cmocka_unit_test(test_key_schema),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
