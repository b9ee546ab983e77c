/*
 * test_sweep.c - sweep files: designs expanded in the documented order
 * with hand-computed values, every point loaded as a scenario, and broken
 * sweeps failing at the exact 1-based line and column of the sweep file
 * with the documented message.  The small files are in
 * tests/sweeps/ (paths relative to the repository root, where the suites
 * run); inline texts are named tests/sweeps/t.yaml so that their relative
 * base paths resolve there too.  Under ASan/LSan the error cases also check
 * that no failure path leaks a half-loaded point.
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
#include "clearsim/sweep.h"
#include "test_sweep_util.h"


static void load_file_ok(const char *path, cs_sweep *s)
{
    cs_error err;
    memset(&err, 0, sizeof err);
    if (cs_sweep_load_file(path, s, &err) != CS_OK)
        fail_msg("%s:%d:%d: %s", err.file, err.line, err.column, err.message);
}

static const char *value(const cs_sweep *s, uint32_t point, uint32_t k)
{
    return s->values[(size_t)point * s->nparams + k];
}

/* ---- designs ----------------------------------------------------------- */

static void test_grid_2x3(void **state)
{
    (void)state;
    cs_sweep s;
    load_file_ok("tests/sweeps/grid.yaml", &s);
    assert_string_equal(s.name, "grid_2x3");
    assert_string_equal(s.design, "grid");
    assert_string_equal(s.path, "tests/sweeps/grid.yaml");
    assert_string_equal(s.base_path, "tests/sweeps/port_base.yaml");
    assert_int_equal(s.nparams, 2);
    assert_string_equal(s.params[0].path, "regimes.ship_side.ship_side");
    assert_int_equal(s.params[0].line, 6); /* line 1 is a comment */
    assert_int_equal(s.params[0].column, 5);
    assert_string_equal(s.params[1].path, "services[0].period");
    assert_int_equal(s.params[1].line, 8);
    /* the last parameter varies fastest */
    static const char *const want[6][2] = {{"0.1", "5d"}, {"0.1", "7d"}, {"0.1", "9d"},
                                           {"0.2", "5d"}, {"0.2", "7d"}, {"0.2", "9d"}};
    static const double hours[3] = {120, 168, 216};
    assert_int_equal(s.npoints, 6);
    for (uint32_t p = 0; p < 6; p++) {
        assert_string_equal(value(&s, p, 0), want[p][0]);
        assert_string_equal(value(&s, p, 1), want[p][1]);
        assert_double(s.numeric[p * 2], p < 3 ? 0.1 : 0.2);
        assert_double(s.numeric[p * 2 + 1], hours[p % 3]);
        const cs_port_scenario *port = s.points[p].port;
        assert_non_null(port);
        assert_double(port->regimes[1].ship_side_share, p < 3 ? 0.1 : 0.2);
        assert_double(port->services[0].period, hours[p % 3]);
        assert_double(port->services[1].period, 168); /* untouched: its default */
        assert_int_equal(port->nregimes, 3);
        assert_int_equal(port->baseline, 1);
        assert_string_equal(s.points[p].text, s.base_text); /* /scenario: the base */
        assert_int_equal(s.points[p].replications, 3);      /* the base's */
        assert_int_equal(s.points[p].seed, 5);
    }
    assert_int_equal(s.replications, 3);
    assert_int_equal(s.seed, 5);
    cs_sweep_free(&s);
    assert_empty(&s);
}

static void test_zip(void **state)
{
    (void)state;
    cs_sweep s;
    load_ok(HEAD "design: zip\n" PARAMS
            "  - path: regimes.ship_side.ship_side\n    values: [0, 0.5, 1]\n"
            "  - path: terminal.cranes_per_vessel\n    values: [3, 4, 6]\n", &s);
    assert_string_equal(s.design, "zip");
    assert_int_equal(s.npoints, 3);
    static const char *const want[3][2] = {{"0", "3"}, {"0.5", "4"}, {"1", "6"}};
    for (uint32_t p = 0; p < 3; p++) {
        assert_string_equal(value(&s, p, 0), want[p][0]);
        assert_string_equal(value(&s, p, 1), want[p][1]);
        assert_int_equal(s.points[p].port->cranes_per_vessel, atoi(want[p][1]));
    }
    cs_sweep_free(&s);
}

static void test_zip_length_mismatch(void **state)
{
    (void)state;
    expect_error_at(HEAD "design: zip\n" PARAMS /* parameters: line 5, column 1 */
                    "  - path: regimes.ship_side.ship_side\n    values: [0, 0.5]\n"
                    "  - path: terminal.cranes_per_vessel\n    values: [3, 4, 6]\n",
                    5, 1, "parameters: design zip needs the same number of values for every "
                    "parameter, got 2, 3", true);
}

static void test_range_step(void **state)
{
    (void)state;
    cs_sweep s;
    /* customs is absent from the base: the documented key is added */
    load_ok(HEAD PARAMS "  - path: customs.channels.general.scan\n"
            "    range: {from: 0.01, to: 0.10, step: 0.01}\n", &s);
    static const char *const want[10] = {"0.01", "0.02", "0.03", "0.04", "0.05",
                                         "0.06", "0.07", "0.08", "0.09", "0.1"};
    assert_int_equal(s.npoints, 10);
    for (uint32_t p = 0; p < 10; p++) {
        assert_string_equal(value(&s, p, 0), want[p]);
        assert_double(s.numeric[p], strtod(want[p], NULL));
        assert_double(s.points[p].port->channel_prob[CS_CREDIT_GENERAL][CS_CHANNEL_SCAN],
                      strtod(want[p], NULL));
        /* the other channels of the class keep their defaults */
        assert_double(s.points[p].port->channel_prob[CS_CREDIT_GENERAL][CS_CHANNEL_EXAM], 0.03);
    }
    assert_double(s.numeric[9], 0.1); /* exactly `to` */
    cs_sweep_free(&s);
    /* a step that does not divide the range: n = round(0.5 / 0.15) + 1 =
     * 4, spread evenly so that `to` is the last value */
    load_ok(HEAD PARAMS "  - path: customs.channels.general.scan\n"
            "    range: {from: 0, to: 0.5, step: 0.15}\n", &s);
    assert_int_equal(s.npoints, 4);
    assert_string_equal(value(&s, 1, 0), "0.166666666666667");
    assert_string_equal(value(&s, 3, 0), "0.5");
    cs_sweep_free(&s);
    /* a range shorter than half a step keeps both ends */
    load_ok(HEAD PARAMS "  - path: customs.channels.general.scan\n"
            "    range: {from: 0.1, to: 0.2, step: 0.5}\n", &s);
    assert_int_equal(s.npoints, 2);
    assert_string_equal(value(&s, 1, 0), "0.2");
    cs_sweep_free(&s);
}

static void test_range_n_and_log(void **state)
{
    (void)state;
    cs_sweep s;
    load_ok(HEAD PARAMS "  - path: terminal.yard.capacity\n"
            "    range: {from: 1, to: 100, n: 3}\n    scale: log\n"
            "  - path: regimes.ship_side.ship_side\n    range: {from: 1, to: 0, n: 5}\n", &s);
    assert_int_equal(s.npoints, 15);
    static const char *const cap[3] = {"1", "10", "100"};
    static const char *const share[5] = {"1", "0.75", "0.5", "0.25", "0"};
    for (uint32_t p = 0; p < 15; p++) {
        assert_string_equal(value(&s, p, 0), cap[p / 5]);
        assert_string_equal(value(&s, p, 1), share[p % 5]);
    }
    assert_double(s.points[5].port->yard_capacity, 10);
    assert_double(s.points[14].port->regimes[1].ship_side_share, 0);
    cs_sweep_free(&s);
    /* from and to stay exact however many digits they have; the middle is
     * (0.1234567890123456789 + 0.5) / 2 = 0.31172839450617284 to 15 digits */
    load_ok(HEAD PARAMS "  - path: terminal.yard.rehandle_base\n"
            "    range: {from: 0.1234567890123456789, to: 0.5, n: 3}\n", &s);
    assert_double(s.numeric[0], strtod("0.1234567890123456789", NULL));
    assert_double(s.points[0].port->rehandle_base, s.numeric[0]);
    assert_string_equal(value(&s, 1, 0), "0.311728394506173");
    assert_string_equal(value(&s, 2, 0), "0.5");
    cs_sweep_free(&s);
}

static void test_range_errors(void **state)
{
    (void)state;
#define RANGE(r) HEAD PARAMS "  - path: terminal.yard.capacity\n    range: " r "\n" /* line 6 */
    expect_error(RANGE("{from: 1, to: 2, n: 1}"), 6, 32, "n = 1 gives `from` alone");
    expect_error(RANGE("{from: 1, to: 2}"), 5, 5, "parameters[0].range: give either step or n");
    expect_error(RANGE("{from: 1, to: 2, step: 1, n: 2}"), 5, 5, "give either step or n");
    expect_error(RANGE("{from: 2, to: 1, step: 1}"), 6, 26, "to: must be >= from (2) with a step");
    expect_error(RANGE("{from: 1, to: 2, step: 0}"), 6, 35, "step: must be > 0");
    expect_error(RANGE("{from: 1, to: 2, step: 1, size: 1}"), 6, 38, "unknown key 'size'");
    expect_error(RANGE("{from: 0, to: 20000, step: 1}"), 6, 39, "20001 values, more than 10000");
    expect_error(RANGE("{from: 0, to: 1e300, step: 1e-300}"), 6, 39, "more than 10000");
    expect_error(RANGE("{from: 0, to: 10, n: 3}\n    scale: log"), 6, 19,
                 "range.from: must be > 0 on a log scale");
    expect_error(RANGE("{from: 1, to: 10, step: 1}\n    scale: log"), 7, 12,
                 "parameters[0].scale: log needs n, not step");
    expect_error(RANGE("{from: 1, to: 10, n: 2}\n    scale: cubic"), 7, 12,
                 "scale: expected linear or log, got 'cubic'");
    expect_error(RANGE("{from: '1', to: 2, n: 2}"), 6, 19, "from: expected a number, got '1'");
#undef RANGE
}

static void test_lhs(void **state)
{
    (void)state;
    cs_sweep a, b;
    load_file_ok("tests/sweeps/lhs.yaml", &a);
    load_file_ok("tests/sweeps/lhs.yaml", &b);
    enum { N = 20 };
    assert_string_equal(a.design, "lhs");
    assert_int_equal(a.npoints, N);
    assert_int_equal(a.nparams, 3);
    bool share_stratum[N] = {false}, cap_stratum[N] = {false};
    int cranes[7] = {0};
    for (uint32_t p = 0; p < N; p++) {
        for (uint32_t k = 0; k < 3; k++) assert_string_equal(value(&a, p, k), value(&b, p, k));
        /* each stratum of each range exactly once: (perm[i] + u) / N */
        const double share = a.numeric[p * 3], cap = a.numeric[p * 3 + 1];
        const int s1 = (int)floor(share * N);
        const int s2 = (int)floor((log(cap) - log(1000.0)) / (log(100000.0) - log(1000.0)) * N);
        assert_true(s1 >= 0 && s1 < N && !share_stratum[s1]);
        assert_true(s2 >= 0 && s2 < N && !cap_stratum[s2]);
        share_stratum[s1] = cap_stratum[s2] = true;
        /* a list of 4 over 20 points: each item in 5 of them */
        const int c = atoi(value(&a, p, 2));
        assert_true(c >= 3 && c <= 6);
        cranes[c]++;
        assert_double(a.points[p].port->regimes[1].ship_side_share, share);
        assert_double(a.points[p].port->yard_capacity, cap);
        assert_int_equal(a.points[p].port->cranes_per_vessel, c);
        /* regimes: [conventional, ship_side]; the baseline ship_side follows */
        assert_int_equal(a.points[p].port->nregimes, 2);
        assert_string_equal(a.points[p].port->regimes[0].name, "conventional");
        assert_int_equal(a.points[p].port->baseline, 1);
    }
    for (int c = 3; c <= 6; c++) assert_int_equal(cranes[c], 5);
    /* pinned: PCG32 stream (lhs_seed 3, 0, 1000, 0), shuffle then uniforms;
     * a change here changes every hypercube sweep */
    assert_string_equal(value(&a, 0, 0), "0.642130414032256");
    cs_sweep_free(&a);
    cs_sweep_free(&b);
}

static void test_lhs_keys(void **state)
{
    (void)state;
    expect_error(HEAD "design: lhs\n" PARAMS "  - path: horizon\n    values: [30d]\n", 4, 9,
                 "design: lhs needs `points`");
    expect_error(HEAD "points: 4\n" PARAMS "  - path: horizon\n    values: [30d]\n", 4, 1,
                 "points: only for design lhs");
    expect_error(HEAD "lhs_seed: 4\n" PARAMS "  - path: horizon\n    values: [30d]\n", 4, 1,
                 "lhs_seed: only for design lhs");
    expect_error(HEAD "design: lhs\npoints: 100001\n" PARAMS "  - path: horizon\n"
                 "    values: [30d]\n", 5, 9, "points: expected an integer in [1, 100000]");
    expect_error(HEAD "design: lhs\npoints: 4\n" PARAMS "  - path: horizon\n"
                 "    range: {from: 20, to: 40, n: 3}\n", 8, 31,
                 "parameters[0].range.n: not with design lhs");
    expect_error(HEAD "design: hypercube\n" PARAMS "  - path: horizon\n    values: [30d]\n", 4,
                 9, "design: expected grid, zip or lhs, got 'hypercube'");
}

/* ---- keys and paths ---------------------------------------------------- */

static void test_unknown_keys(void **state)
{
    (void)state;
    expect_error(HEAD "paramters:\n  - path: horizon\n    values: [30d]\n", 4, 1,
                 "unknown key 'paramters' in sweep");
    expect_error(HEAD PARAMS "  - path: horizon\n    valuse: [30d]\n", 6, 5,
                 "unknown key 'valuse' in parameters[0]");
    expect_error("kind: sweep\nname: t\n" PARAMS "  - path: horizon\n    values: [30d]\n", 1, 1,
                 "sweep: missing required key 'base'");
    expect_error("kind: port\nname: t\n", 1, 7, "kind: expected 'sweep', got 'port'");
    expect_error(HEAD PARAMS "  - path: horizon\n", 5, 5,
                 "parameters[0]: give either values or range");
    expect_error(HEAD PARAMS "  - path: horizon\n    values: [30d]\n"
                 "    range: {from: 1, to: 2, n: 2}\n", 5, 5,
                 "parameters[0]: give either values or range");
    expect_error(HEAD PARAMS "  - path: horizon\n    values: [30d]\n    scale: log\n", 7, 5,
                 "parameters[0].scale: only a range has a scale");
    expect_error(HEAD PARAMS "  - path: horizon\n    values: [30d, \"40d\"]\n", 6, 19,
                 "parameters[0].values[1]: expected a plain scalar");
    expect_error(HEAD PARAMS "  - path: horizon\n    values: []\n", 6, 13,
                 "parameters[0].values: expected 1 to 10000 values, got 0");
    expect_error(HEAD "replications: 0\n" PARAMS "  - path: horizon\n    values: [30d]\n", 4,
                 15, "replications: expected an integer in [1, 100000]");
    expect_error(HEAD "parameters: []\n", 4, 13, "parameters: the list is empty");
}

static void test_bad_path(void **state)
{
    (void)state;
    expect_error_at(HEAD PARAMS "  - path: horizon\n    values: [30d]\n"
                    "  - path: customs.chanels.general.scan\n    values: [0.1]\n", 7, 11,
                    "parameters[1].path: 'customs.chanels.general.scan' is not a key of the "
                    "scenario", true);
    expect_error(HEAD PARAMS "  - path: services[2].period\n    values: [1d]\n", 5, 11,
                 "'services[2].period' is not a key of the scenario"); /* 2 services */
    expect_error(HEAD PARAMS "  - path: regimes.pilot.ship_side\n    values: [1]\n", 5, 11,
                 "is not a key of the scenario"); /* regimes are never added */
    expect_error(HEAD PARAMS "  - path: terminal.crane_move.mean\n    values: [1]\n", 5, 11,
                 "is not a key of the scenario"); /* a default distribution has no keys */
    expect_error(HEAD PARAMS "  - path: horizon.x\n    values: [1]\n", 5, 11,
                 "is not a key of the scenario"); /* below a scalar */
    expect_error(HEAD PARAMS "  - path: services..period\n    values: [1]\n", 5, 11,
                 "'services..period' is not a dotted path");
    expect_error(HEAD PARAMS "  - path: seed\n    values: [1]\n", 5, 11,
                 "'seed' cannot be swept (the sweep has its own key for it)");
    expect_error(HEAD PARAMS "  - path: terminal.yard.capacity\n    values: [1]\n"
                 "  - path: terminal.yard\n    values: [1]\n", 7, 11,
                 "'terminal.yard' overlaps parameters[0].path 'terminal.yard.capacity'");
    expect_error(HEAD PARAMS "  - path: horizon\n    values: [1]\n  - path: horizon\n"
                 "    values: [2]\n", 7, 11, "'horizon' overlaps parameters[0].path 'horizon'");
}

static void test_known_but_absent_keys(void **state)
{
    (void)state;
    cs_sweep s;
    /* traders and terminal.appointments are absent from the base; advance
     * is a regime written `advance:` alone (an empty value) */
    load_ok(HEAD PARAMS "  - path: traders.first_slot_share\n    values: [0, 0.5]\n"
            "  - path: regimes.advance.two_step\n    values: [0.25]\n"
            "  - path: terminal.appointments.lead\n    values: [2h]\n", &s);
    assert_int_equal(s.npoints, 2);
    assert_double(s.points[1].port->first_slot_share, 0.5);
    assert_double(s.points[1].port->regimes[2].two_step_share, 0.25);
    assert_double(s.points[1].port->appointment_lead, 2);
    assert_double(s.points[1].port->slot_length, 1); /* its sibling's default */
    assert_double(s.numeric[5], 2);
    cs_sweep_free(&s);
}

static void test_list_index_and_alias(void **state)
{
    (void)state;
    cs_sweep s;
    /* loop1 writes `imports: &call {...}` and `exports: *call` */
    load_ok(HEAD PARAMS "  - path: services[1].period\n    values: [3d, 4d]\n"
            "  - path: services[0].exports.mean\n    values: [10]\n", &s);
    assert_int_equal(s.npoints, 2);
    for (uint32_t p = 0; p < 2; p++) {
        const cs_port_scenario *port = s.points[p].port;
        assert_double(port->services[1].period, p ? 96 : 72);
        assert_double(port->services[0].exports.a, 10);
        assert_double(port->services[0].imports.a, 100); /* the anchor is not changed */
    }
    cs_sweep_free(&s);
}

/* ---- point validation -------------------------------------------------- */

static void test_point_error(void **state)
{
    (void)state;
    expect_error_at(HEAD PARAMS "  - path: regimes.ship_side.ship_side\n"
                    "    values: [0.5, 1.2]\n", 5, 5,
                    "point 1 (regimes.ship_side.ship_side=1.2): regimes.ship_side.ship_side: "
                    "must be in [0, 1], got '1.2'", true);
    /* the second parameter is at fault: its entry, and every value listed */
    expect_error_at(HEAD PARAMS "  - path: services[0].period\n    values: [7d, 0h]\n"
                    "  - path: regimes.ship_side.ship_side\n    values: [0.5, 1.5]\n", 7, 5,
                    "point 1 (services[0].period=7d, regimes.ship_side.ship_side=1.5): "
                    "regimes.ship_side.ship_side: must be in [0, 1], got '1.5'", true);
    expect_error_at(HEAD PARAMS "  - path: services[0].period\n    values: [7d, 0h]\n"
                    "  - path: regimes.ship_side.ship_side\n    values: [0.5]\n", 5, 5,
                    "point 1 (services[0].period=0h, regimes.ship_side.ship_side=0.5): "
                    "services[0].period: must be > 0, got '0h'", true);
    /* a key added by the sweep: the loader's rule on its new mapping */
    expect_error(HEAD PARAMS "  - path: boxes.credit.aeo\n    values: [0.2, 0.5]\n", 5, 5,
                 "point 1 (boxes.credit.aeo=0.5): boxes.credit: the shares of aeo, general "
                 "and low must sum to 1");
    /* the loader refuses a node of the base: its position stays in the text */
    expect_error_at(HEAD PARAMS "  - path: terminal.exports.yard_open\n    values: [5d, 6h]\n",
                    5, 5, "point 1 (terminal.exports.yard_open=6h): "
                    "tests/sweeps/port_base.yaml:11:21: terminal.exports: cutoff (12 h) must "
                    "be < yard_open (6 h)", true);
    /* a whole distribution replaced by a number */
    expect_error(HEAD PARAMS "  - path: terminal.crane_move\n    values: [2]\n", 5, 5,
                 "point 0 (terminal.crane_move=2): terminal.crane_move: expected a distribution");
}

static void test_regimes(void **state)
{
    (void)state;
    cs_sweep s;
    load_ok(HEAD "regimes: [advance, ship_side]\n" PARAMS
            "  - path: regimes.ship_side.ship_side\n    values: [0.4]\n", &s);
    const cs_port_scenario *port = s.points[0].port;
    assert_int_equal(port->nregimes, 2);
    assert_string_equal(port->regimes[0].name, "advance");
    assert_string_equal(port->regimes[1].name, "ship_side");
    assert_double(port->regimes[1].ship_side_share, 0.4);
    assert_int_equal(port->baseline, 1); /* the base names it */
    cs_sweep_free(&s);

    /* a swept baseline: checked per point */
    load_ok(HEAD "regimes: [conventional, advance]\n" PARAMS
            "  - path: baseline\n    values: [conventional, advance]\n", &s);
    assert_int_equal(s.points[0].port->baseline, 0);
    assert_int_equal(s.points[1].port->baseline, 1);
    assert_true(isnan(s.numeric[0]));
    cs_sweep_free(&s);

    expect_error_at(HEAD "regimes: [conventional, nope]\n" PARAMS
                    "  - path: horizon\n    values: [30d]\n", 4, 25,
                    "regimes[1]: no regime 'nope' in the base scenario (its regimes: "
                    "conventional, ship_side, advance)", true);
    expect_error(HEAD "regimes: [advance, advance]\n" PARAMS
                 "  - path: horizon\n    values: [30d]\n", 4, 20,
                 "regimes[1]: regime 'advance' is listed twice");
    expect_error_at(HEAD "regimes: [conventional, advance]\n" PARAMS
                    "  - path: horizon\n    values: [30d]\n", 4, 1,
                    "regimes: the base scenario's baseline 'ship_side' must be one of them",
                    true);
    expect_error_at(HEAD "regimes: [conventional, advance]\n" PARAMS
                    "  - path: baseline\n    values: [advance, ship_side]\n", 6, 5,
                    "point 1 (baseline=ship_side): baseline: regime 'ship_side' is not among "
                    "the sweep's regimes", true);
    expect_error(HEAD "regimes: conventional\n" PARAMS "  - path: horizon\n    values: [30d]\n",
                 4, 10, "regimes: expected a list of regime names");
}

/* ---- bases ------------------------------------------------------------- */

static void test_inline_base(void **state)
{
    (void)state;
    static const char *const yaml =
        "kind: sweep\nname: inl\n"
        "base:\n"
        "  kind: queue\n  name: q\n  servers: 1\n"        /* lines 4-6 */
        "  arrival: {dist: exponential, mean: 1}\n"       /* line 7 */
        "  service: {dist: exponential, mean: 0.5}\n"     /* line 8 */
        "  customers: 100\n"                               /* line 9 */
        "parameters:\n"
        "  - path: service.mean\n    values: [0.5, 0.8, 1.2]\n";
    cs_sweep s;
    load_ok(yaml, &s);
    assert_null(s.base_path);
    assert_int_equal(s.base_text_len, strlen(yaml));
    assert_string_equal(s.base_text, yaml);
    assert_int_equal(s.npoints, 3);
    assert_int_equal(s.points[2].kind, CS_SCENARIO_QUEUE);
    assert_double(s.points[2].queue.service.a, 1.2);
    assert_double(s.points[2].queue.arrival.a, 1);
    assert_int_equal(s.replications, 10); /* the queue format's defaults */
    assert_int_equal(s.seed, 1);
    cs_sweep_free(&s);
    /* an error at a node of the inline base is at its line of the sweep */
    expect_error_at("kind: sweep\nname: inl\nbase:\n  kind: queue\n  name: q\n  servers: 1\n"
                    "  arrival: {dist: exponential, mean: 1}\n"
                    "  service: {dist: exponential, mean: 0.5}\n"
                    "  customers: 100\n  warmup: 100\n"
                    "parameters:\n  - path: servers\n    values: [2]\n", 12, 5,
                    "point 0 (servers=2): " T ":10:11: warmup must be < customers (100), "
                    "got 100", true);
    expect_error("kind: sweep\nname: inl\nbase: [1]\nparameters:\n  - path: servers\n"
                 "    values: [2]\n", 3, 7, "base: expected a scenario file's path or an inline");
    expect_error("kind: sweep\nname: inl\nbase: {kind: sweep}\nparameters:\n  - path: servers\n"
                 "    values: [2]\n", 3, 7, "base: the inline base is a sweep; a sweep's base is a scenario");
}

static void test_relative_base(void **state)
{
    (void)state;
    cs_sweep s;
    load_file_ok("tests/sweeps/queue_servers.yaml", &s);
    assert_string_equal(s.base_path, "tests/sweeps/../sweeps/queue_base.yaml");
    assert_string_equal(s.points[0].path, s.base_path);
    cs_sweep_free(&s);
    /* a string's relative base resolves against the folder of its name */
    load_ok("kind: sweep\nname: t\nbase: ../sweeps/queue_base.yaml\n" PARAMS
            "  - path: servers\n    values: [3]\n", &s);
    assert_string_equal(s.base_path, "tests/sweeps/../sweeps/queue_base.yaml");
    assert_int_equal(s.points[0].queue.servers, 3);
    cs_sweep_free(&s);
    expect_error_at("kind: sweep\nname: t\nbase: nope.yaml\n" PARAMS
                    "  - path: servers\n    values: [3]\n", 3, 7,
                    "base: cannot open: No such file or directory: tests/sweeps/nope.yaml", true);
}

static void test_queue_base(void **state)
{
    (void)state;
    cs_sweep s;
    load_file_ok("tests/sweeps/queue_servers.yaml", &s);
    assert_string_equal(s.design, "zip");
    assert_int_equal(s.npoints, 2);
    assert_int_equal(s.replications, 2); /* the sweep's, not the base's 4 */
    assert_int_equal(s.seed, 11);
    for (uint32_t p = 0; p < 2; p++) {
        assert_int_equal(s.points[p].kind, CS_SCENARIO_QUEUE);
        assert_int_equal(s.points[p].queue.servers, p + 1);
        assert_double(s.points[p].queue.arrival.a, p ? 1.5 : 1.0);
        assert_int_equal(s.points[p].replications, 2);
        assert_int_equal(s.points[p].seed, 11);
    }
    assert_string_equal(value(&s, 1, 1), "1.5");
    cs_sweep_free(&s);
#define QHEAD "kind: sweep\nname: t\nbase: queue_base.yaml\n"
    expect_error(QHEAD "regimes: [base]\n" PARAMS "  - path: servers\n    values: [2]\n", 4, 1,
                 "regimes: the base is a queue scenario, which has no regimes");
    expect_error(QHEAD PARAMS "  - path: servers.count\n    values: [2]\n", 5, 11,
                 "'servers.count' is not a key of the scenario");
    expect_error(QHEAD PARAMS "  - path: terminal.berths\n    values: [2]\n", 5, 11,
                 "'terminal.berths' is not a key of the scenario");
    /* arrival.* is a queue key; exponential takes no k */
    expect_error(QHEAD PARAMS "  - path: arrival.k\n    values: [2]\n", 5, 5,
                 "point 0 (arrival.k=2): arrival: unknown key 'k' in exponential");
    expect_error_at(QHEAD PARAMS "  - path: servers\n    values: [2, 1.5]\n", 5, 5,
                    "point 1 (servers=1.5): servers: expected an integer, got '1.5'", true);
#undef QHEAD
}

/* cs_sweep_open_file keeps point 0 only, and cs_sweep_point loads any
 * point again exactly as the eager load did: the same text, replications,
 * seed, kind and, for ports, regimes (filtered, in the sweep's order), the
 * baseline and the series switch. */
static void test_open_and_point(void **state)
{
    (void)state;
    static const char *const files[] = {
        "tests/sweeps/grid.yaml", "tests/sweeps/lhs.yaml", "tests/sweeps/tied.yaml",
        "tests/sweeps/queue_servers.yaml", "scenarios/sweeps/ship_side_scan.yaml",
        "tests/sweeps/one_point.yaml",
    };
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        cs_sweep eager, lazy;
        cs_error err;
        load_file_ok(files[f], &eager);
        if (cs_sweep_open_file(files[f], &lazy, &err) != CS_OK) fail_msg("%s: %s", files[f], err.message);
        assert_int_equal(lazy.npoints, eager.npoints);
        assert_non_null(lazy.points[0].text); /* the only one held */
        for (uint32_t p = 0; p < eager.npoints; p++) {
            cs_scenario sc;
            if (cs_sweep_point(&lazy, p, &sc, &err) != CS_OK) fail_msg("%s point %u: %s", files[f], p, err.message);
            const cs_scenario *want = &eager.points[p];
            assert_int_equal(sc.kind, want->kind);
            assert_int_equal(sc.replications, want->replications);
            assert_int_equal(sc.seed, want->seed);
            assert_int_equal(sc.text_len, want->text_len);
            assert_memory_equal(sc.text, want->text, sc.text_len);
            assert_int_equal(sc.warnings.n, p == 0 ? want->warnings.n : 0);
            if (sc.kind == CS_SCENARIO_QUEUE) {
                assert_int_equal(sc.queue.servers, want->queue.servers);
                assert_double(sc.queue.arrival.a, want->queue.arrival.a);
            } else {
                assert_int_equal(sc.port->nregimes, want->port->nregimes);
                for (uint32_t g = 0; g < sc.port->nregimes; g++)
                    assert_string_equal(sc.port->regimes[g].name, want->port->regimes[g].name);
                assert_int_equal(sc.port->baseline, want->port->baseline);
                assert_int_equal(sc.port->series.enabled, want->port->series.enabled);
            }
            cs_scenario_free(&sc);
        }
        cs_scenario none;
        assert_int_equal(cs_sweep_point(&lazy, lazy.npoints, &none, &err), CS_ERR_INTERNAL);
        cs_sweep_free(&lazy);
        cs_sweep_free(&eager);
    }
}

static void test_limits(void **state)
{
    (void)state;
    expect_error_at(HEAD PARAMS "  - path: terminal.yard.capacity\n"
                    "    range: {from: 1, to: 400, n: 400}\n"
                    "  - path: regimes.ship_side.ship_side\n"
                    "    range: {from: 0, to: 1, n: 300}\n", 4, 1,
                    "parameters: the grid has 120000 points (400 x 300), more than 100000", true);
    char yaml[4096];
    int o = snprintf(yaml, sizeof yaml, HEAD PARAMS);
    for (int k = 0; k < 17; k++)
        o += snprintf(yaml + o, sizeof yaml - (size_t)o,
                      "  - path: regimes.ship_side.eligible[%d]\n    values: [aeo]\n", k);
    expect_error(yaml, 5, 11, "parameters[0].path: 'regimes.ship_side.eligible[0]' is not a key");
    o = snprintf(yaml, sizeof yaml, HEAD PARAMS);
    static const char *const keys[17] = {
        "horizon", "warmup", "drain", "baseline", "terminal.cranes_per_vessel",
        "terminal.yard.capacity", "terminal.yard.rehandle_base", "terminal.appointments.slot",
        "terminal.appointments.capacity", "terminal.release_notice", "boxes.teu_two_share",
        "customs.manual_review_share", "customs.exam.cutoff_hour", "customs.lab.two_stage",
        "traders.first_slot_share", "traders.ship_side_tolerance", "services[0].period"};
    for (int k = 0; k < 17; k++)
        o += snprintf(yaml + o, sizeof yaml - (size_t)o, "  - path: %s\n    values: [1]\n",
                      keys[k]);
    expect_error(yaml, 37, 5, "parameters: at most 16 parameters"); /* item 17: line 5 + 32 */
}

static void test_text_is_sweep(void **state)
{
    (void)state;
    static const char *const yes = "# a sweep\nkind: sweep\nname: x\n";
    static const char *const flow = "{name: x, kind: sweep}";
    static const char *const no = "kind: queue\n";
    static const char *const broken = "kind: [sweep\n";
    assert_true(cs_sweep_text_is_sweep(yes, strlen(yes)));
    assert_true(cs_sweep_text_is_sweep(flow, strlen(flow)));
    assert_false(cs_sweep_text_is_sweep(no, strlen(no)));
    assert_false(cs_sweep_text_is_sweep(broken, strlen(broken)));
    assert_false(cs_sweep_text_is_sweep("", 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grid_2x3),
        cmocka_unit_test(test_zip),
        cmocka_unit_test(test_zip_length_mismatch),
        cmocka_unit_test(test_range_step),
        cmocka_unit_test(test_range_n_and_log),
        cmocka_unit_test(test_range_errors),
        cmocka_unit_test(test_lhs),
        cmocka_unit_test(test_lhs_keys),
        cmocka_unit_test(test_unknown_keys),
        cmocka_unit_test(test_bad_path),
        cmocka_unit_test(test_known_but_absent_keys),
        cmocka_unit_test(test_list_index_and_alias),
        cmocka_unit_test(test_point_error),
        cmocka_unit_test(test_regimes),
        cmocka_unit_test(test_inline_base),
        cmocka_unit_test(test_relative_base),
        cmocka_unit_test(test_queue_base),
        cmocka_unit_test(test_open_and_point),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_text_is_sweep),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
