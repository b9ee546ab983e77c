/*
 * test_sweep_tied.c - tied parameters of sweep files (docs/sweeps.md,
 * "Tied parameters"): every key a tied parameter sets, as text, as a
 * number and as the loaded scenario reads it, with values computed by
 * hand (keys set to the value, keys scaled from a base value the document
 * writes, from a documented default, from a pool's default count, from a
 * regime's own inputs or from the scenario when those inputs leave the key
 * out; durations); the /points columns of a run; and every refusal at its
 * line and column of the sweep file with its message.  Inline texts are
 * named tests/sweeps/t.yaml so that relative bases resolve in
 * tests/sweeps/ (the suites run from the repository root).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <hdf5.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "clearsim/experiment.h"
#include "clearsim/sweep.h"
#include "test_sweep_util.h"

/* a tied scan rate, lines 5-10 after HEAD PARAMS: the general class takes
 * the value, the low class keeps its ratio (defaults 0.03 and 0.06) */
#define SCAN_VALUES(v)                                                                   \
    "  - name: scan_rate\n"                                /* line 5 */                  \
    "    values: " v "\n"                                  /* line 6 */                  \
    "    sets:\n"                                          /* line 7 */                  \
    "      - path: customs.channels.general.scan\n"        /* line 8 */                  \
    "      - {path: customs.channels.low.scan, scaled: true}\n" /* line 9 */              \
    "    reference: customs.channels.general.scan\n"       /* line 10 */
#define SCAN SCAN_VALUES("[0.01, 0.04]")

static const char *key_text(const cs_sweep *s, uint32_t point, uint32_t j)
{
    return s->key_values[(size_t)point * s->nkeys + j];
}

/* Key j of point p: its text, and its number equal to what the text reads. */
static void assert_key(const cs_sweep *s, uint32_t p, uint32_t j, const char *text, double x)
{
    if (strcmp(key_text(s, p, j), text) != 0)
        fail_msg("point %u key %u (%s): want '%s', got '%s'", (unsigned)p, (unsigned)j,
                 s->keys[j].path, text, key_text(s, p, j));
    assert_double(s->key_numeric[(size_t)p * s->nkeys + j], x);
}

/* ---- the keys of loaded points ------------------------------------------ */

/* tests/sweeps/tied.yaml: a plain share x a scan rate over every credit
 * class, kept in ratio to the general class (defaults aeo 0.01, general
 * 0.03, low 0.06), also in the ship_side regime's own inputs, which leave
 * the key out (its base is the scenario's own value). */
static void test_tied_file(void **state)
{
    (void)state;
    cs_sweep s;
    cs_error err;
    memset(&err, 0, sizeof err);
    if (cs_sweep_load_file("tests/sweeps/tied.yaml", &s, &err) != CS_OK)
        fail_msg("%s:%d:%d: %s", err.file, err.line, err.column, err.message);
    assert_int_equal(s.nparams, 2);
    assert_int_equal(s.npoints, 6);
    assert_string_equal(s.params[0].name, "regimes.ship_side.ship_side");
    assert_int_equal(s.params[0].nkeys, 0);
    assert_string_equal(s.params[1].path, "");
    assert_string_equal(s.params[1].name, "scan_rate");
    assert_int_equal(s.params[1].first_key, 0);
    assert_int_equal(s.params[1].nkeys, 4);
    assert_double(s.params[1].reference_base, 0.03);
    assert_int_equal(s.nkeys, 4);
    static const char *const paths[4] = {
        "customs.channels.general.scan", "customs.channels.aeo.scan", "customs.channels.low.scan",
        "regimes.ship_side.inputs.customs.channels.low.scan"};
    static const double bases[4] = {0, 0.01, 0.06, 0.06};
    for (uint32_t j = 0; j < 4; j++) {
        assert_string_equal(s.keys[j].path, paths[j]);
        assert_int_equal(s.keys[j].param, 1);
        assert_int_equal(s.keys[j].scaled, j > 0);
        assert_double(s.keys[j].base, bases[j]);
        assert_int_equal(s.keys[j].line, 15 + (int)j); /* its entry of sets */
        assert_int_equal(s.keys[j].column, 9);
    }
    /* rate r: general r, aeo r * 0.01 / 0.03, low r * 0.06 / 0.03 = 2 r,
     * rounded to 15 significant digits */
    static const char *const rate[3] = {"0.01", "0.05", "0.09"};
    static const char *const aeo[3] = {"0.00333333333333333", "0.0166666666666667", "0.03"};
    static const char *const low[3] = {"0.02", "0.1", "0.18"};
    for (uint32_t p = 0; p < 6; p++) {
        const uint32_t i = p % 3;
        assert_string_equal(s.values[p * 2 + 1], rate[i]);
        assert_double(s.numeric[p * 2 + 1], strtod(rate[i], NULL));
        assert_key(&s, p, 0, rate[i], strtod(rate[i], NULL));
        assert_key(&s, p, 1, aeo[i], strtod(aeo[i], NULL));
        assert_key(&s, p, 2, low[i], strtod(low[i], NULL));
        assert_key(&s, p, 3, low[i], strtod(low[i], NULL));
        const cs_port_scenario *port = s.points[p].port;
        assert_double(port->channel_prob[CS_CREDIT_GENERAL][CS_CHANNEL_SCAN], strtod(rate[i], NULL));
        assert_double(port->channel_prob[CS_CREDIT_AEO][CS_CHANNEL_SCAN], strtod(aeo[i], NULL));
        assert_double(port->channel_prob[CS_CREDIT_LOW][CS_CHANNEL_SCAN], strtod(low[i], NULL));
        assert_double(port->channel_prob[CS_CREDIT_LOW][CS_CHANNEL_EXAM], 0.10); /* untouched */
        assert_double(port->regimes[1].ship_side_share, p < 3 ? 0.1 : 0.5);
        /* the overlay the sweep created: its own low scan, the rest the point's */
        const cs_port_scenario *in = port->regimes[1].inputs;
        assert_non_null(in);
        assert_null(port->regimes[0].inputs);
        assert_double(in->channel_prob[CS_CREDIT_LOW][CS_CHANNEL_SCAN], strtod(low[i], NULL));
        assert_double(in->channel_prob[CS_CREDIT_AEO][CS_CHANNEL_SCAN], strtod(aeo[i], NULL));
    }
    cs_sweep_free(&s);
    assert_empty(&s);
}

/* An inline base that writes some keys and leaves others to their
 * defaults, and a regime whose own inputs write two of the keys. */
#define INLINE_HEAD                                                                       \
    "kind: sweep\nname: t\n"                                                              \
    "base:\n"                                                                             \
    "  kind: port\n  name: b\n  horizon: 30d\n"                                           \
    "  customs:\n    channels: {general: {scan: 0.02}, aeo: {scan: 0.005}}\n"             \
    "  traders: {ship_side_tolerance: 45min}\n"                                           \
    "  services:\n"                                                                       \
    "    - {name: s, imports: {dist: poisson, mean: 10}, exports: {dist: poisson, mean: 10}}\n" \
    "  regimes:\n"                                                                        \
    "    conventional: {}\n"                                                              \
    "    later:\n"                                                                        \
    "      ship_side: 0.2\n"                                                              \
    "      inputs:\n"                                                                     \
    "        customs.channels.low.scan: 0.1\n"                                            \
    "        customs: {reviewers: {count: 15}}\n"

static void test_tied_bases(void **state)
{
    (void)state;
    cs_sweep s;
    load_ok(INLINE_HEAD "parameters:\n"
            "  - name: scan_rate\n    values: [0.01, 0.04]\n    sets:\n"
            "      - path: customs.channels.general.scan\n"                      /* 0.02 */
            "      - {path: customs.channels.aeo.scan, scaled: true}\n"          /* 0.005 */
            "      - {path: customs.channels.low.scan, scaled: true}\n"          /* default 0.06 */
            "      - {path: regimes.later.inputs.customs.channels.low.scan, scaled: true}\n" /* 0.1 */
            "      - path: regimes.conventional.ship_side\n"                     /* set */
            "    reference: customs.channels.general.scan\n"
            "  - name: staff\n    values: [30, 60, 90]\n    sets:\n"
            "      - {path: customs.scan_lanes.count, scaled: true}\n"           /* default 4 */
            "      - path: customs.reviewers.count\n"                            /* default 30 */
            "      - {path: regimes.later.inputs.customs.reviewers.count, scaled: true}\n" /* 15 */
            "    reference: customs.reviewers.count\n"
            "  - name: lag\n    values: [2h, 6h]\n    sets:\n"
            "      - {path: traders.ship_side_tolerance, scaled: true}\n"        /* 45min, reference */
            "      - {path: traders.direct_loading_early, scaled: true}\n"       /* default 4h */
            "    reference: traders.ship_side_tolerance\n", &s);
    assert_int_equal(s.npoints, 12);
    assert_int_equal(s.nkeys, 10);
    assert_double(s.params[0].reference_base, 0.02);
    assert_double(s.params[1].reference_base, 30);
    assert_double(s.params[2].reference_base, 0.75);
    assert_int_equal(s.params[1].first_key, 5);
    assert_int_equal(s.params[2].first_key, 8);
    assert_double(s.keys[3].base, 0.1);  /* the regime's own value */
    assert_double(s.keys[5].base, 4);    /* the pool's default count */
    assert_double(s.keys[7].base, 15);
    assert_false(s.keys[8].scaled);      /* the reference takes the value itself */
    assert_double(s.keys[9].base, 4);    /* hours */
    /* point 1 * 6 + 2 * 2 + 1 = 11: scan 0.04, staff 90, lag 6h */
    static const char *const scan[2][5] = {{"0.01", "0.0025", "0.03", "0.05", "0.01"},
                                           {"0.04", "0.01", "0.12", "0.2", "0.04"}};
    static const char *const staff[3][3] = {{"4", "30", "15"}, {"8", "60", "30"},
                                            {"12", "90", "45"}};
    static const char *const lag[2][2] = {{"2h", "10.6666666666667"}, {"6h", "32"}};
    static const double lag_hours[2] = {2, 6};
    for (uint32_t p = 0; p < 12; p++) {
        const uint32_t a = p / 6, b = (p / 2) % 3, c = p % 2;
        for (uint32_t j = 0; j < 5; j++) assert_key(&s, p, j, scan[a][j], strtod(scan[a][j], NULL));
        for (uint32_t j = 0; j < 3; j++)
            assert_key(&s, p, 5 + j, staff[b][j], strtod(staff[b][j], NULL));
        assert_key(&s, p, 8, lag[c][0], lag_hours[c]); /* as written; the number in hours */
        assert_key(&s, p, 9, lag[c][1], strtod(lag[c][1], NULL));
        const cs_port_scenario *port = s.points[p].port;
        assert_double(port->channel_prob[CS_CREDIT_GENERAL][CS_CHANNEL_SCAN], strtod(scan[a][0], NULL));
        assert_double(port->channel_prob[CS_CREDIT_AEO][CS_CHANNEL_SCAN], strtod(scan[a][1], NULL));
        assert_double(port->channel_prob[CS_CREDIT_LOW][CS_CHANNEL_SCAN], strtod(scan[a][2], NULL));
        assert_double(port->regimes[0].ship_side_share, strtod(scan[a][4], NULL));
        assert_double(port->regimes[1].ship_side_share, 0.2);
        assert_int_equal(port->pools[CS_POOL_SCAN_LANES].count, atoi(staff[b][0]));
        assert_int_equal(port->pools[CS_POOL_REVIEWERS].count, atoi(staff[b][1]));
        assert_double(port->ship_side_tolerance, lag_hours[c]);
        assert_double(port->direct_loading_early, strtod(lag[c][1], NULL));
        const cs_port_scenario *in = port->regimes[1].inputs;
        assert_non_null(in);
        assert_double(in->channel_prob[CS_CREDIT_LOW][CS_CHANNEL_SCAN], strtod(scan[a][3], NULL));
        assert_double(in->channel_prob[CS_CREDIT_AEO][CS_CHANNEL_SCAN], strtod(scan[a][1], NULL));
        assert_int_equal(in->pools[CS_POOL_REVIEWERS].count, atoi(staff[b][2]));
        assert_int_equal(in->pools[CS_POOL_SCAN_LANES].count, atoi(staff[b][0]));
        assert_double(in->direct_loading_early, strtod(lag[c][1], NULL));
    }
    assert_string_equal(s.values[11 * 3 + 2], "6h");
    assert_double(s.numeric[11 * 3 + 2], 6);
    cs_sweep_free(&s);
}

/* A key a regime's inputs leave out: its base is the scenario's own value
 * (written 0.005 at the top, default 0.01), not the key's default. */
static void test_overlay_base(void **state)
{
    (void)state;
    cs_sweep s;
    load_ok(INLINE_HEAD "parameters:\n  - name: x\n    values: [0.04]\n    sets:\n"
            "      - path: customs.channels.general.scan\n"
            "      - {path: regimes.later.inputs.customs.channels.aeo.scan, scaled: true}\n"
            "    reference: customs.channels.general.scan\n", &s);
    assert_double(s.keys[1].base, 0.005);
    assert_key(&s, 0, 1, "0.01", 0.01); /* 0.04 * 0.005 / 0.02 */
    const cs_port_scenario *port = s.points[0].port;
    assert_double(port->channel_prob[CS_CREDIT_AEO][CS_CHANNEL_SCAN], 0.005);
    assert_double(port->regimes[0].ship_side_share, 0);
    assert_null(port->regimes[0].inputs);
    assert_double(port->regimes[1].inputs->channel_prob[CS_CREDIT_AEO][CS_CHANNEL_SCAN], 0.01);
    assert_double(port->regimes[1].inputs->channel_prob[CS_CREDIT_LOW][CS_CHANNEL_SCAN], 0.1);
    cs_sweep_free(&s);
}

/* Plain parameters are unchanged by the feature: their names are their
 * paths and no keys are listed. */
static void test_plain_unchanged(void **state)
{
    (void)state;
    cs_sweep s;
    load_ok(HEAD PARAMS "  - path: customs.channels.general.scan\n    values: [0.01]\n", &s);
    assert_int_equal(s.nkeys, 0);
    assert_null(s.keys);
    assert_null(s.key_values);
    assert_null(s.key_numeric);
    assert_string_equal(s.params[0].name, "customs.channels.general.scan");
    assert_string_equal(s.params[0].path, "customs.channels.general.scan");
    cs_sweep_free(&s);
}

/* Tied with plain set keys only: any value (here regime names), no
 * reference; a swept baseline outside the sweep's regimes is a point's
 * error at the key's entry. */
static void test_tied_set_only(void **state)
{
    (void)state;
    cs_sweep s;
#define PILOT(v, keys) "kind: sweep\nname: t\nbase: port_base.yaml\nregimes: [conventional, advance]\n" \
    PARAMS "  - name: pilot\n    values: " v "\n    sets:\n" keys /* keys from line 9 */
    load_ok(PILOT("[conventional, advance]", "      - path: baseline\n"), &s);
    assert_int_equal(s.nkeys, 1);
    assert_string_equal(key_text(&s, 1, 0), "advance");
    assert_true(isnan(s.key_numeric[0]) && isnan(s.key_numeric[1]));
    assert_true(isnan(s.numeric[1]));
    assert_int_equal(s.points[0].port->baseline, 0);
    assert_int_equal(s.points[1].port->baseline, 1);
    cs_sweep_free(&s);
    /* a name where a number belongs: at the key's entry, naming it */
    expect_error_at(PILOT("[ship_side]", "      - path: baseline\n"
                          "      - path: regimes.advance.two_step\n"), 10, 9,
                    "point 0 (pilot=ship_side; regimes.advance.two_step=ship_side): "
                    "regimes.advance.two_step: expected a number, got 'ship_side'", true);
    /* a baseline outside the sweep's regimes */
    expect_error_at(PILOT("[advance, ship_side]", "      - path: baseline\n"), 9, 9,
                    "point 1 (pilot=ship_side; baseline=ship_side): baseline: regime "
                    "'ship_side' is not among the sweep's regimes", true);
#undef PILOT
}

/* A value pushed out of its key's range: the point, the key and its value,
 * at the key's entry of sets. */
static void test_point_errors(void **state)
{
    (void)state;
    expect_error_at(HEAD PARAMS SCAN_VALUES("[0.1, 0.6]"), 9, 9,
                    "point 1 (scan_rate=0.6; customs.channels.low.scan=1.2): "
                    "customs.channels.low.scan: must be in [0, 1], got '1.2'", true);
    /* inside a regime's own inputs (base 0.1, reference 0.02: 5 x) */
    expect_error(INLINE_HEAD "parameters:\n  - name: x\n    values: [0.02, 0.3]\n    sets:\n"
                 "      - path: customs.channels.general.scan\n"
                 "      - {path: regimes.later.inputs.customs.channels.low.scan, scaled: true}\n"
                 "    reference: customs.channels.general.scan\n", 24, 9,
                 "point 1 (x=0.3; regimes.later.inputs.customs.channels.low.scan=1.5): ");
    /* a count scaled to a fraction: 50 * 4 / 30 scan lanes */
    expect_error(HEAD PARAMS "  - name: staff\n    values: [30, 50]\n    sets:\n"
                 "      - path: customs.reviewers.count\n"
                 "      - {path: customs.scan_lanes.count, scaled: true}\n"
                 "    reference: customs.reviewers.count\n", 9, 9,
                 "point 1 (staff=50; customs.scan_lanes.count=6.66666666666667): "
                 "customs.scan_lanes.count: expected an integer");
    /* values of a parameter with scaled keys are numbers or durations */
    expect_error_at(HEAD PARAMS SCAN_VALUES("[0.1, high]"), 6, 19,
                    "parameters[0].values[1]: expected a number or a duration (scan_rate has "
                    "scaled keys), got 'high'", true);
    expect_error(HEAD PARAMS SCAN_VALUES("[0.1, true]"), 6, 19, "got 'true'");
}

/* ---- /points of a run ---------------------------------------------------- */

static void read_strings_attr(hid_t obj, const char *name, char out[][64], size_t n)
{
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    assert_true(a >= 0);
    hid_t t = H5Aget_type(a), sp = H5Aget_space(a);
    assert_int_equal(H5Sget_simple_extent_npoints(sp), (hssize_t)n);
    const size_t w = H5Tget_size(t);
    char *buf = calloc(n, w);
    assert_non_null(buf);
    assert_true(H5Aread(a, t, buf) >= 0);
    for (size_t i = 0; i < n; i++) snprintf(out[i], 64, "%.*s", (int)w, buf + i * w);
    free(buf);
    H5Sclose(sp);
    H5Tclose(t);
    H5Aclose(a);
}

static void read_column(hid_t g, const char *name, double *out)
{
    hid_t d = H5Dopen2(g, name, H5P_DEFAULT);
    if (d < 0) fail_msg("no column %s", name);
    assert_true(H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out) >= 0);
    H5Dclose(d);
}

static void test_points_columns(void **state)
{
    (void)state;
    cs_sweep s;
    /* an M/M/1 queue whose load is swept: arrival mean 1.0 takes the
     * value, service mean 0.9 keeps its ratio (utilisation 0.9) */
    load_ok("kind: sweep\nname: qtied\nbase: queue_base.yaml\nreplications: 2\n" PARAMS
            "  - path: servers\n    values: [1, 2]\n"
            "  - name: arrival_scale\n    values: [0.5, 2]\n    sets:\n"
            "      - path: arrival.mean\n      - {path: service.mean, scaled: true}\n"
            "    reference: arrival.mean\n", &s);
    char dir[] = "/tmp/cs_test_sweep_tied_XXXXXX", out[64];
    assert_non_null(mkdtemp(dir));
    snprintf(out, sizeof out, "%s/q.h5", dir);
    cs_sweep_options o;
    cs_sweep_outcome outcome;
    cs_error err;
    memset(&o, 0, sizeof o);
    memset(&err, 0, sizeof err);
    o.run.threads = 1;
    if (cs_sweep_run(&s, out, &o, &outcome, &err) != CS_OK) fail_msg("%s", err.message);
    hid_t f = H5Fopen(out, H5F_ACC_RDONLY, H5P_DEFAULT);
    assert_true(f >= 0);
    hid_t g = H5Gopen2(f, "points", H5P_DEFAULT);
    assert_true(g >= 0);
    char cols[6][64], params[2][64], set_by[1][64];
    read_strings_attr(g, "columns", cols, 6);
    static const char *const want_cols[6] = {"point", "servers", "arrival_scale", "arrival.mean",
                                             "service.mean", "values"};
    for (int i = 0; i < 6; i++) assert_string_equal(cols[i], want_cols[i]);
    read_strings_attr(g, "parameters", params, 2);
    assert_string_equal(params[0], "servers");
    assert_string_equal(params[1], "arrival_scale");
    static const double want[4][4] = {{1, 0.5, 0.5, 0.45}, {1, 2, 2, 1.8},
                                      {2, 0.5, 0.5, 0.45}, {2, 2, 2, 1.8}};
    double col[4];
    for (int c = 0; c < 4; c++) {
        read_column(g, want_cols[c + 1], col);
        for (int p = 0; p < 4; p++) assert_double(col[p], want[p][c]);
    }
    hid_t d = H5Dopen2(g, "service.mean", H5P_DEFAULT);
    read_strings_attr(d, "set_by", set_by, 1);
    assert_string_equal(set_by[0], "arrival_scale");
    H5Dclose(d);
    /* values: name=value, the parameters only */
    d = H5Dopen2(g, "values", H5P_DEFAULT);
    hid_t t = H5Dget_type(d);
    const size_t w = H5Tget_size(t);
    char *text = calloc(4, w + 1), *buf = calloc(4, w);
    assert_true(H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) >= 0);
    for (int p = 0; p < 4; p++)
        snprintf(text + (size_t)p * (w + 1), w + 1, "%.*s", (int)w, buf + (size_t)p * w);
    assert_string_equal(text, "servers=1, arrival_scale=0.5");
    assert_string_equal(text + 3 * (w + 1), "servers=2, arrival_scale=2");
    free(text);
    free(buf);
    H5Tclose(t);
    H5Dclose(d);
    H5Gclose(g);
    H5Fclose(f);
    unlink(out);
    rmdir(dir);
    cs_sweep_free(&s);
}

/* ---- refusals ------------------------------------------------------------ */

static void test_shape_errors(void **state)
{
    (void)state;
    expect_error(HEAD PARAMS "  - values: [1]\n", 5, 5,
                 "parameters[0]: missing required key 'path' (a plain parameter) or 'sets'");
    expect_error(HEAD PARAMS "  - path: horizon\n    values: [30d]\n    sets: []\n", 5, 5,
                 "give either path (a plain parameter) or sets (a tied parameter), not both");
    expect_error_at(HEAD PARAMS "  - path: horizon\n    name: h\n    values: [30d]\n", 6, 5,
                    "parameters[0].name: only a tied parameter (one with sets) has a name", true);
    expect_error(HEAD PARAMS "  - path: horizon\n    reference: horizon\n    values: [30d]\n", 6, 5,
                 "parameters[0].reference: only a tied parameter");
    expect_error(HEAD PARAMS "  - values: [1]\n    sets:\n      - path: horizon\n", 5, 5,
                 "parameters[0]: a tied parameter (one with sets) needs a name");
    expect_error_at(HEAD PARAMS "  - name: h\n    values: [1]\n    sets: []\n", 7, 11,
                    "parameters[0].sets: the list is empty; a tied parameter sets 1 to 32 keys "
                    "{path, scaled}", true);
    expect_error(HEAD PARAMS "  - name: h\n    values: [1]\n    sets: horizon\n", 7, 11,
                 "parameters[0].sets: expected a list of 1 to 32 keys {path, scaled}, got 'horizon'");
    expect_error(HEAD PARAMS "  - name: h\n    values: [1]\n    sets:\n      - horizon\n", 8, 9,
                 "parameters[0].sets[0]");
    expect_error(HEAD PARAMS "  - name: h\n    values: [1]\n    sets:\n      - {path: horizon, "
                 "scale: true}\n", 8, 25, "parameters[0].sets[0]: unknown key 'scale'; a key that "
                 "keeps its ratio to the reference is written `scaled: true`");
    expect_error(HEAD PARAMS "  - name: h\n    values: [1]\n    sets:\n      - {path: horizon, "
                 "scaled: yes}\n", 8, 33, "parameters[0].sets[0].scaled: expected true or false");
    char yaml[4096];
    int o = snprintf(yaml, sizeof yaml, HEAD PARAMS "  - name: h\n    values: [1]\n    sets:\n");
    for (int k = 0; k < 33; k++)
        o += snprintf(yaml + o, sizeof yaml - (size_t)o, "      - path: services[0].period\n");
    expect_error(yaml, 8, 7, "parameters[0].sets: at most 32 keys, got 33");
    /* 64 keys in all: three parameters of 32, 32 and 1 distinct keys */
    static const char *const regimes[3] = {"conventional", "ship_side", "advance"};
    static const char *const classes[3] = {"aeo", "general", "low"};
    static const char *const channels[4] = {"document", "scan", "exam", "lab"};
    static const char *const cats[4] = {"advance", "two_step", "advance_two_step", "ship_side"};
    char keys[65][96];
    int nk = 0;
    for (int r = 0; r < 4; r++) /* the scenario's channels, then each regime's own */
        for (int c = 0; c < 3; c++)
            for (int h = 0; h < 4; h++)
                snprintf(keys[nk++], sizeof keys[0], "%s%s%scustoms.channels.%s.%s",
                         r ? "regimes." : "", r ? regimes[r - 1] : "", r ? ".inputs." : "",
                         classes[c], channels[h]);
    for (int r = 0; r < 3; r++)
        for (int c = 0; c < 4; c++)
            snprintf(keys[nk++], sizeof keys[0], "regimes.%s.adoption.import.%s", regimes[r], cats[c]);
    static const char *const more[5] = {"terminal.yard.capacity", "terminal.yard.rehandle_base",
                                        "terminal.yard.rehandle_per_fill",
                                        "terminal.cranes_per_vessel", "warmup"};
    for (int i = 0; i < 5; i++) snprintf(keys[nk++], sizeof keys[0], "%s", more[i]);
    assert_int_equal(nk, 65);
    char big[8192];
    o = snprintf(big, sizeof big, HEAD PARAMS);
    for (int k = 0; k < 65; k++) {
        if (k % 32 == 0)
            o += snprintf(big + o, sizeof big - (size_t)o, "  - name: p%d\n    values: [1]\n"
                          "    sets:\n", k / 32);
        o += snprintf(big + o, sizeof big - (size_t)o, "      - path: %s\n", keys[k]);
    }
    /* the third parameter's entry: after 2 x (3 + 32) lines from line 5 */
    expect_error_at(big, 5 + 70 + 3, 9, "parameters[2].sets[0]: at most 64 keys in all the tied "
                    "parameters together", true);
}

static void test_name_errors(void **state)
{
    (void)state;
#define NAMED(name) HEAD PARAMS "  - name: " name "\n    values: [1]\n    sets:\n" \
                    "      - path: terminal.cranes_per_vessel\n"
    expect_error(NAMED("'scan rate'"), 5, 11, "parameters[0].name: must be 1 to 63 characters "
                 "from [A-Za-z0-9._-], not starting with '.', got 'scan rate'");
    expect_error(NAMED("values"), 5, 11, "parameters[0].name: 'values' is a column of /points "
                 "of its own");
    expect_error(NAMED("point"), 5, 11, "'point' is a column of /points of its own");
    expect_error_at(NAMED("horizon"), 5, 11, "parameters[0].name: 'horizon' is a key of the "
                    "scenario; give the tied parameter a name of its own (its /points column "
                    "holds the swept value, which must not pass for that key's)", true);
    /* a key the base leaves out is a key of the scenario too */
    expect_error(NAMED("customs.channels.low.scan"), 5, 11, "is a key of the scenario");
    expect_error(HEAD PARAMS "  - path: horizon\n    values: [30d]\n"
                 "  - name: horizon\n    values: [1]\n    sets:\n"
                 "      - path: terminal.cranes_per_vessel\n", 7, 11,
                 "parameters[1].name: 'horizon' is already the path of parameters[0]");
    expect_error_at(HEAD PARAMS "  - name: n\n    values: [3]\n    sets:\n"
                    "      - path: terminal.cranes_per_vessel\n"
                    "  - name: n\n    values: [1]\n    sets:\n      - path: horizon\n", 9, 11,
                    "parameters[1].name: 'n' is already the name of parameters[0]", true);
#undef NAMED
}

static void test_path_errors(void **state)
{
    (void)state;
    expect_error_at(HEAD PARAMS SCAN_VALUES("[0.01]") "  - name: x\n    values: [1]\n    sets:\n"
                    "      - path: customs.chanels.aeo.scan\n", 14, 15,
                    "parameters[1].sets[0].path: 'customs.chanels.aeo.scan' is not a key of the "
                    "scenario", true);
    expect_error(HEAD PARAMS "  - name: x\n    values: [1]\n    sets:\n      - path: seed\n", 8,
                 15, "parameters[0].sets[0].path: 'seed' cannot be swept");
    /* tied twice in one parameter, and in two */
    expect_error_at(HEAD PARAMS "  - name: x\n    values: [0.1]\n    sets:\n"
                    "      - path: customs.channels.low.scan\n"
                    "      - path: customs.channels.low.scan\n", 9, 15,
                    "parameters[0].sets[1].path: 'customs.channels.low.scan' is tied twice: also "
                    "parameters[0].sets[0] (of x)", true);
    expect_error_at(HEAD PARAMS SCAN "  - name: y\n    values: [0.1]\n    sets:\n"
                    "      - path: customs.channels.low.scan\n", 14, 15,
                    "parameters[1].sets[0].path: 'customs.channels.low.scan' is tied twice: also "
                    "parameters[0].sets[1] (of scan_rate)", true);
    /* also swept as a plain parameter, before or after */
    expect_error_at(HEAD PARAMS "  - path: customs.channels.low.scan\n    values: [0.1]\n"
                    "  - name: y\n    values: [0.1]\n    sets:\n"
                    "      - path: customs.channels.low.scan\n", 10, 15,
                    "parameters[1].sets[0].path: 'customs.channels.low.scan' is also swept as a "
                    "plain parameter, parameters[0].path", true);
    expect_error_at(HEAD PARAMS SCAN "  - path: customs.channels.low.scan\n    values: [0.1]\n",
                    11, 11, "parameters[1].path: 'customs.channels.low.scan' is already set by "
                    "the tied parameter scan_rate (parameters[0].sets[1])", true);
    /* one inside the other */
    expect_error_at(HEAD PARAMS SCAN "  - path: customs.channels.low\n    values: [0.1]\n",
                    11, 11, "parameters[1].path: 'customs.channels.low' overlaps "
                    "parameters[0].sets[1].path 'customs.channels.low.scan'", true);
    expect_error(HEAD PARAMS "  - path: terminal.yard\n    values: [1]\n"
                 "  - name: y\n    values: [0.1]\n    sets:\n"
                 "      - path: terminal.yard.capacity\n", 10, 15,
                 "'terminal.yard.capacity' overlaps parameters[0].path 'terminal.yard'");
}

static void test_reference_errors(void **state)
{
    (void)state;
    /* scaled without a reference: at the first scaled key's `scaled` */
    expect_error_at(HEAD PARAMS "  - name: x\n    values: [0.1]\n    sets:\n"
                    "      - path: customs.channels.general.scan\n"
                    "      - {path: customs.channels.low.scan, scaled: true}\n", 9, 51,
                    "parameters[0].sets[1].scaled: a scaled key needs the parameter's "
                    "`reference`: the key of sets whose base value the parameter's value "
                    "replaces", true);
    expect_error_at(HEAD PARAMS "  - name: x\n    values: [0.1]\n    sets:\n"
                    "      - path: customs.channels.general.scan\n"
                    "    reference: customs.channels.general.scan\n", 9, 16,
                    "parameters[0].reference: no key of sets is scaled (scaled: true), so there "
                    "is no ratio to keep", true);
    expect_error_at(HEAD PARAMS "  - name: x\n    values: [0.1]\n    sets:\n"
                    "      - {path: customs.channels.low.scan, scaled: true}\n"
                    "    reference: customs.channels.general.scan\n", 9, 16,
                    "parameters[0].reference: 'customs.channels.general.scan' is not one of the "
                    "keys of parameters[0].sets", true);
    /* a reference whose base value is 0: written, or its default */
    expect_error_at(HEAD PARAMS "  - name: x\n    values: [0.1]\n    sets:\n"
                    "      - path: traders.first_slot_share\n"
                    "      - {path: customs.channels.low.scan, scaled: true}\n"
                    "    reference: traders.first_slot_share\n", 10, 16,
                    "parameters[0].reference: 'traders.first_slot_share' is 0 in the base "
                    "scenario (its default); the scaled keys keep their ratio to it, which 0 "
                    "cannot give", true);
    expect_error(HEAD PARAMS "  - name: x\n    values: [0.1]\n    sets:\n"
                 "      - path: regimes.conventional.ship_side\n"
                 "      - {path: customs.channels.low.scan, scaled: true}\n"
                 "    reference: regimes.conventional.ship_side\n", 10, 16,
                 "'regimes.conventional.ship_side' is 0 in the base scenario (its default)");
    /* the reference's base: the regime's own inputs, or the scenario's
     * value when they leave it out */
    expect_error(INLINE_HEAD "parameters:\n  - name: x\n    values: [0.1]\n    sets:\n"
                 "      - {path: customs.channels.general.scan, scaled: true}\n"
                 "      - path: regimes.later.inputs.traders.first_slot_share\n"
                 "    reference: regimes.later.inputs.traders.first_slot_share\n", 25, 16,
                 "'regimes.later.inputs.traders.first_slot_share' is 0 in the base scenario (its "
                 "default)");
    /* a scaled key without a number to scale */
    expect_error_at(HEAD PARAMS "  - name: x\n    values: [0.1]\n    sets:\n"
                    "      - path: customs.channels.general.scan\n"
                    "      - {path: baseline, scaled: true}\n"
                    "    reference: customs.channels.general.scan\n", 9, 16,
                    "parameters[0].sets[1].path: 'baseline' is 'ship_side' in the base scenario, "
                    "not a number to scale", true);
    expect_error("kind: sweep\nname: t\nbase: queue_base.yaml\n" PARAMS
                 "  - name: x\n    values: [1]\n    sets:\n      - path: service.mean\n"
                 "      - {path: service.k, scaled: true}\n    reference: service.mean\n", 9, 16,
                 "parameters[0].sets[1].path: 'service.k' is not in "
                 "the base scenario and has no default that is a number; write its value in the "
                 "base to scale");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tied_file),
        cmocka_unit_test(test_tied_bases),
        cmocka_unit_test(test_overlay_base),
        cmocka_unit_test(test_plain_unchanged),
        cmocka_unit_test(test_tied_set_only),
        cmocka_unit_test(test_point_errors),
        cmocka_unit_test(test_points_columns),
        cmocka_unit_test(test_shape_errors),
        cmocka_unit_test(test_name_errors),
        cmocka_unit_test(test_path_errors),
        cmocka_unit_test(test_reference_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
