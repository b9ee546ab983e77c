/*
 * test_scenario.c - the queue scenario loader: valid files with defaults and
 * every distribution, and broken files whose error must carry the exact
 * 1-based line and column and name the rule that was broken.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "clearsim/scenario.h"
#include "scenario/yaml_util.h"

#define HEAD "kind: queue\nname: mm1\nservers: 1\n"             /* lines 1-3 */
#define ARR "arrival: {dist: exponential, mean: 1.0}\n"         /* line 4 */
#define SVC "service: {dist: exponential, mean: 0.9}\n"         /* line 5 */
#define CUST "customers: 1000\n"                                /* line 6 */
#define VALID HEAD ARR SVC CUST

static cs_status load(const char *yaml, cs_scenario *s, cs_error *err)
{
    memset(err, 0, sizeof *err);
    return cs_scenario_load_string(yaml, strlen(yaml), "t.yaml", s, err);
}

static void assert_empty(const cs_scenario *s)
{
    cs_scenario zero;
    memset(&zero, 0, sizeof zero);
    assert_memory_equal(s, &zero, sizeof zero);
}

static void expect_error_n(const char *yaml, size_t len, int line, int column,
                           const char *substr)
{
    cs_scenario s;
    cs_error err;
    memset(&err, 0, sizeof err);
    const cs_status st = cs_scenario_load_string(yaml, len, "t.yaml", &s, &err);
    if (st != CS_ERR_INPUT || err.line != line || err.column != column ||
        !strstr(err.message, substr) || strcmp(err.file, "t.yaml") != 0)
        fail_msg("want %d:%d '%s', got status %d at %d:%d: %s", line, column, substr,
                 (int)st, err.line, err.column, err.message);
    assert_empty(&s);
}

static void expect_error(const char *yaml, int line, int column, const char *substr)
{
    expect_error_n(yaml, strlen(yaml), line, column, substr);
}

/* ---- valid input ------------------------------------------------------- */

static void test_valid_defaults(void **state)
{
    (void)state;
    cs_scenario s;
    cs_error err;
    assert_int_equal(load(VALID, &s, &err), CS_OK);
    assert_int_equal(s.kind, CS_SCENARIO_QUEUE);
    assert_string_equal(s.name, "mm1");
    assert_string_equal(s.path, "t.yaml");
    assert_int_equal(s.text_len, strlen(VALID));
    assert_string_equal(s.text, VALID);
    assert_int_equal(s.queue.servers, 1);
    assert_int_equal(s.queue.customers, 1000);
    assert_int_equal(s.queue.warmup, 0);
    assert_int_equal(s.replications, 10);
    assert_int_equal(s.seed, 1);
    assert_int_equal(s.queue.arrival.kind, CS_DIST_EXPONENTIAL);
    assert_true(s.queue.arrival.a == 1.0);
    assert_true(s.queue.service.a == 0.9);
    cs_scenario_free(&s);
    assert_empty(&s);
}

static void test_valid_all_keys_block_style(void **state)
{
    (void)state;
    const char *yaml = "# an M/M/3 queue\n"
                       "kind: queue\nname: A.b_c-9\nservers: 3\n"
                       "arrival:\n  dist: erlang\n  k: 2\n  mean: &m 1.5\n"
                       "service: {dist: gamma, shape: 0.5, mean: *m}\n"
                       "customers: 1000000000000\nwarmup: 999999999999\n"
                       "replications: 100000\nseed: 9223372036854775807\n";
    cs_scenario s;
    cs_error err;
    assert_int_equal(load(yaml, &s, &err), CS_OK);
    assert_string_equal(s.name, "A.b_c-9");
    assert_int_equal(s.queue.servers, 3);
    assert_int_equal(s.queue.customers, 1000000000000ULL);
    assert_int_equal(s.queue.warmup, 999999999999ULL);
    assert_int_equal(s.replications, 100000);
    assert_int_equal(s.seed, INT64_MAX);
    assert_int_equal(s.queue.arrival.kind, CS_DIST_ERLANG);
    assert_int_equal(s.queue.arrival.k, 2);
    assert_true(s.queue.arrival.a == 1.5);
    assert_int_equal(s.queue.service.kind, CS_DIST_GAMMA);
    assert_true(s.queue.service.a == 0.5 && s.queue.service.b == 1.5);
    cs_scenario_free(&s);
}

typedef struct dist_case {
    const char *yaml;
    cs_dist_kind kind;
    int k;
    double a, b, c;
} dist_case;

static void test_every_dist_kind(void **state)
{
    (void)state;
    static const dist_case cases[] = {
        {"{dist: exponential, mean: 2}", CS_DIST_EXPONENTIAL, 0, 2, 0, 0},
        {"{dist: deterministic, value: 0}", CS_DIST_DETERMINISTIC, 0, 0, 0, 0},
        {"{dist: erlang, k: 3, mean: 4.5}", CS_DIST_ERLANG, 3, 4.5, 0, 0},
        {"{dist: gamma, shape: 2.5, mean: 3}", CS_DIST_GAMMA, 0, 2.5, 3, 0},
        {"{dist: lognormal, mean: 1e1, sd: 0}", CS_DIST_LOGNORMAL, 0, 10, 0, 0},
        {"{dist: uniform, min: 1, max: 1}", CS_DIST_UNIFORM, 0, 1, 1, 0},
        {"{dist: triangular, min: 0, mode: 0, max: .5}", CS_DIST_TRIANGULAR, 0, 0, 0, 0.5},
        {"{dist: weibull, shape: 1.5, scale: 2}", CS_DIST_WEIBULL, 0, 1.5, 2, 0},
        {"{dist: bernoulli, p: 1}", CS_DIST_BERNOULLI, 0, 1, 0, 0},
        {"{dist: poisson, mean: 0}", CS_DIST_POISSON, 0, 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char yaml[512];
        snprintf(yaml, sizeof yaml, HEAD ARR "service: %s\n" CUST, cases[i].yaml);
        cs_scenario s;
        cs_error err;
        if (load(yaml, &s, &err) != CS_OK) fail_msg("%s: %s", cases[i].yaml, err.message);
        const cs_dist *d = &s.queue.service;
        assert_int_equal(d->kind, cases[i].kind);
        assert_int_equal(d->k, cases[i].k);
        assert_true(d->a == cases[i].a && d->b == cases[i].b && d->c == cases[i].c);
        cs_scenario_free(&s);
    }
}

static void test_empirical(void **state)
{
    (void)state;
    const char *yaml = HEAD ARR
        "service:\n  dist: empirical\n  values: [3, 1, 2.5]\n  weights:\n    - 1\n    - 2\n    - 1\n"
        CUST;
    cs_scenario s;
    cs_error err;
    if (load(yaml, &s, &err) != CS_OK) fail_msg("%s", err.message);
    const cs_dist *d = &s.queue.service;
    assert_int_equal(d->kind, CS_DIST_EMPIRICAL);
    assert_int_equal(d->n, 3);
    assert_true(d->values[0] == 1 && d->values[1] == 2.5 && d->values[2] == 3);
    assert_true(d->cum[0] == 0.5 && d->cum[1] == 0.75 && d->cum[2] == 1.0);
    cs_scenario_free(&s);
}

static void test_load_file(void **state)
{
    (void)state;
    char path[] = "/tmp/cs_test_scenario_XXXXXX";
    const int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, VALID, strlen(VALID)), (ssize_t)strlen(VALID));
    close(fd);
    cs_scenario s;
    cs_error err;
    assert_int_equal(cs_scenario_load_file(path, &s, &err), CS_OK);
    assert_string_equal(s.path, path);
    assert_string_equal(s.text, VALID);
    cs_scenario_free(&s);
    unlink(path);
    assert_int_equal(cs_scenario_load_file(path, &s, &err), CS_ERR_INPUT);
    assert_int_equal(err.line, 0);
    assert_string_equal(err.file, path);
    assert_non_null(strstr(err.message, "No such file"));
    assert_empty(&s);
}

static void test_error_format(void **state)
{
    (void)state;
    cs_scenario s;
    cs_error err;
    char buf[256];
    assert_int_equal(load(VALID "foo: 1\n", &s, &err), CS_ERR_INPUT);
    cs_error_format(&err, buf, sizeof buf);
    assert_non_null(strstr(buf, "t.yaml:7:1: error: unknown key 'foo'"));
}

/* Each tests/bad file names its expected error in its first line. */
static void test_bad_files(void **state)
{
    (void)state;
    static const char *const files[] = {"unknown_key", "negative_mean", "string_number",
                                        "erlang_k0"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[128], first[256], want[200];
        int line, column;
        snprintf(path, sizeof path, "tests/bad/%s.yaml", files[i]);
        FILE *f = fopen(path, "r");
        if (!f) skip(); /* run from elsewhere than the repository root */
        assert_non_null(fgets(first, sizeof first, f));
        fclose(f);
        first[strcspn(first, "\n")] = '\0';
        assert_int_equal(sscanf(first, "# expect: %d:%d: %199[^\n]", &line, &column, want), 3);
        cs_scenario s;
        cs_error err;
        assert_int_equal(cs_scenario_load_file(path, &s, &err), CS_ERR_INPUT);
        if (err.line != line || err.column != column || !strstr(err.message, want))
            fail_msg("%s: want %d:%d %s, got %d:%d %s", path, line, column, want, err.line,
                     err.column, err.message);
    }
}

/* ---- broken input ------------------------------------------------------ */

#define BAD(fname, yaml, line, column, substr) \
    static void fname(void **state) { (void)state; expect_error(yaml, line, column, substr); }

BAD(test_unknown_key, VALID "foo: 1\n", 7, 1, "unknown key 'foo'")
BAD(test_negative_mean, HEAD "arrival: {dist: exponential, mean: -1}\n" SVC CUST, 4, 36,
    "exponential: mean must be > 0")
BAD(test_zero_mean, HEAD "arrival: {dist: exponential, mean: 0}\n" SVC CUST, 4, 36,
    "exponential: mean must be > 0")
BAD(test_string_number, HEAD ARR "service: {dist: exponential, mean: fast}\n" CUST, 5, 36,
    "exponential: mean: expected a number, got 'fast'")
BAD(test_quoted_number, HEAD ARR "service: {dist: exponential, mean: \"1\"}\n" CUST, 5, 36,
    "expected a number")
BAD(test_erlang_k0, HEAD ARR "service: {dist: erlang, k: 0, mean: 1}\n" CUST, 5, 28,
    "erlang: k must be an integer >= 1")
BAD(test_erlang_k_fraction, HEAD ARR "service: {dist: erlang, k: 1.5, mean: 1}\n" CUST, 5, 28,
    "erlang: k must be an integer >= 1")
BAD(test_missing_name, "kind: queue\nservers: 1\n" ARR SVC CUST, 1, 1,
    "missing required key 'name'")
BAD(test_missing_servers, "kind: queue\nname: mm1\n" ARR SVC CUST, 1, 1,
    "missing required key 'servers'")
BAD(test_missing_kind, "name: mm1\nservers: 1\n" ARR SVC CUST, 1, 1,
    "missing required key 'kind'")
BAD(test_servers_zero, "kind: queue\nname: mm1\nservers: 0\n" ARR SVC CUST, 3, 10,
    "servers: expected an integer in [1, 1000000]")
BAD(test_servers_empty, "kind: queue\nname: mm1\nservers:\n" ARR SVC CUST, 3, 1,
    "servers: expected an integer, got an empty value")
BAD(test_customers_float_spelling, HEAD ARR SVC "customers: 1e6\n", 6, 12,
    "customers: expected an integer, got '1e6'")
BAD(test_customers_too_many, HEAD ARR SVC "customers: 1000000000001\n", 6, 12,
    "customers: expected an integer in [1, 1000000000000]")
BAD(test_warmup_not_below_customers, VALID "warmup: 1000\n", 7, 9,
    "warmup must be < customers (1000)")
BAD(test_replications_zero, VALID "replications: 0\n", 7, 15, "replications: expected an integer")
BAD(test_seed_negative, VALID "seed: -1\n", 7, 7, "seed: expected an integer")
BAD(test_seed_overflow, VALID "seed: 99999999999999999999\n", 7, 7,
    "seed: expected an integer in [0, 9223372036854775807]")
BAD(test_inf, HEAD "arrival: {dist: exponential, mean: .inf}\n" SVC CUST, 4, 36,
    "expected a finite number, got '.inf'")
BAD(test_nan, HEAD ARR "service: {dist: exponential, mean: .nan}\n" CUST, 5, 36,
    "expected a finite number, got '.nan'")
BAD(test_overflowing_number, HEAD ARR "service: {dist: exponential, mean: 1e999}\n" CUST, 5,
    36, "expected a finite number")
BAD(test_unknown_dist, HEAD "arrival: {dist: expo, mean: 1}\n" SVC CUST, 4, 17,
    "unknown distribution 'expo'")
BAD(test_missing_dist_key, HEAD "arrival: {mean: 1}\n" SVC CUST, 4, 10,
    "arrival: missing required key 'dist'")
BAD(test_dist_not_mapping, HEAD "arrival: 1.0\n" SVC CUST, 4, 10,
    "arrival: expected a distribution")
BAD(test_extra_key_in_dist, HEAD "arrival: {dist: exponential, mean: 1, sd: 2}\n" SVC CUST, 4,
    39, "unknown key 'sd' in exponential")
BAD(test_missing_key_in_dist, HEAD "arrival:\n  dist: gamma\n  mean: 1\n" SVC CUST, 5, 3,
    "gamma: missing required key 'shape'")
BAD(test_uniform_max_below_min, HEAD ARR "service: {dist: uniform, min: 2, max: 1}\n" CUST, 5,
    39, "uniform: max must be >= min")
BAD(test_triangular_min_eq_max,
    HEAD ARR "service: {dist: triangular, min: 2, mode: 2, max: 2}\n" CUST, 5, 51,
    "triangular: max must be > min")
BAD(test_lognormal_negative_sd, HEAD ARR "service: {dist: lognormal, mean: 1, sd: -0.5}\n" CUST,
    5, 41, "lognormal: sd must be >= 0")
BAD(test_empirical_length_mismatch,
    HEAD ARR "service: {dist: empirical, values: [1, 2, 3], weights: [1, 1]}\n" CUST, 5, 56,
    "values and weights must have the same length")
BAD(test_empirical_weights_zero,
    HEAD ARR "service: {dist: empirical, values: [1, 2], weights: [0, 0]}\n" CUST, 5, 53,
    "empirical: weights must sum to > 0")
BAD(test_empirical_weight_negative,
    HEAD ARR "service: {dist: empirical, values: [1, 2], weights: [1, -1]}\n" CUST, 5, 57,
    "empirical: weights[1] must be >= 0")
BAD(test_empirical_empty, HEAD ARR "service: {dist: empirical, values: [], weights: []}\n" CUST,
    5, 36, "empirical: values must have at least 1 entry")
BAD(test_bernoulli_p_above_one, HEAD ARR "service: {dist: bernoulli, p: 1.5}\n" CUST, 5, 31,
    "bernoulli: p must be in [0, 1]")
BAD(test_syntax_unclosed_bracket, "kind: queue\nname: mm1\nservers: [1, 2\ncustomers: 5\n", 5, 1,
    "invalid YAML")
BAD(test_syntax_bad_indent, "kind: queue\nname: mm1\n  servers: 1\n", 2, 7, "invalid YAML")
BAD(test_duplicate_key, "kind: queue\nname: a\nname: b\n", 3, 1, "duplicate key")
BAD(test_top_level_list, "- kind: queue\n- name: mm1\n", 1, 1,
    "the top level must be a mapping, got a sequence")
BAD(test_top_level_scalar, "hello\n", 1, 1, "the top level must be a mapping, got 'hello'")
BAD(test_empty_document, "", 1, 1, "empty document")
BAD(test_comment_only_document, "# nothing here\n", 1, 1, "empty document")
BAD(test_two_documents, VALID "---\n" VALID, 7, 1, "only one YAML document")
BAD(test_bad_name, "kind: queue\nname: a/b\nservers: 1\n" ARR SVC CUST, 2, 7,
    "name: must be 1 to 63 characters")
BAD(test_name_leading_dot, "kind: queue\nname: .hidden\nservers: 1\n" ARR SVC CUST, 2, 7,
    "not starting with '.'")
BAD(test_name_quoted_position, "kind: queue\nname: 'a/b'\nservers: 1\n" ARR SVC CUST, 2, 7,
    "name: must be 1 to 63 characters")
BAD(test_alias_position, HEAD ARR SVC "customers: &c 1000\nwarmup: *c\n", 7, 9,
    "warmup must be < customers (1000)")
BAD(test_name_not_string, "kind: queue\nname: [a]\nservers: 1\n" ARR SVC CUST, 2, 7,
    "name: expected a string, got a sequence")
BAD(test_kind_port, "kind: port\nname: x\n", 1, 1, "port scenario: missing required key 'horizon'")
BAD(test_kind_unknown, "kind: ship\nname: x\n", 1, 7, "kind: expected 'queue' or 'port'")
BAD(test_tag_refused, "kind: queue\nname: mm1\nservers: !!int 1\n" ARR SVC CUST, 3, 16,
    "YAML tags are not supported")
BAD(test_recursive_alias, VALID "warmup: &w [*w]\n", 7, 13, "alias")
BAD(test_alias_bomb,
    "a: &a [x, x, x, x, x, x, x, x, x]\n"
    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
    "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
    "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
    "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
    "i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]\n",
    6, 8, "document too large or too deeply nested")

static void test_deep_nesting(void **state)
{
    (void)state;
    char yaml[256] = "a: ";
    for (int i = 0; i < 100; i++) strcat(yaml, "[");
    for (int i = 0; i < 100; i++) strcat(yaml, "]");
    strcat(yaml, "\n");
    /* found in the bytes, before parsing: the 65th '[' (column 3 + 65) */
    expect_error(yaml, 1, 68, "depth");
}

static void test_alias_depth(void **state)
{
    (void)state;
    char yaml[512] = "a: &a ";
    for (int i = 0; i < 60; i++) strcat(yaml, "[");
    for (int i = 0; i < 60; i++) strcat(yaml, "]");
    strcat(yaml, "\nb: [[[[[[[[[[*a]]]]]]]]]]\n");
    expect_error(yaml, 2, 14, "too deeply nested");
}

/* Event 100001 is item 99996 of x: its column is 5 + 3 * 99995. */
static void test_too_many_nodes(void **state)
{
    (void)state;
    const size_t items = 200000;
    char *yaml = malloc(32 + 3 * items);
    assert_non_null(yaml);
    char *p = yaml + sprintf(yaml, "kind: queue\nx: [");
    for (size_t i = 0; i < items; i++) p += sprintf(p, i ? ", 1" : "1");
    strcpy(p, "]\n");
    expect_error(yaml, 2, 5 + 3 * 99995, "document too large");
    free(yaml);
}

/* The generic helpers the port and sweep loaders will reuse. */
static void test_yaml_helpers(void **state)
{
    (void)state;
    static const char text[] = "a: true\nb: False\nc: yes\nd: 'x y'\ne: 0x10\nf: +5\ng: 5.\n"
                               "h: -.5e-3\ni: [1]\n";
    cs_error err;
    cs_yaml_ctx c = {"h.yaml", &err, NULL, NULL, NULL};
    cs_yaml_doc doc;
    assert_int_equal(cs_yaml_parse(&c, text, sizeof text - 1, &doc), CS_OK);
    struct fy_node *r = doc.root, *k = NULL;
    bool b = false;
    int64_t i = 0;
    double x = 0;
    const char *s;
    size_t len;
    assert_int_equal(cs_yaml_get_bool(&c, cs_yaml_map_get(r, "a", NULL), "a", &b), CS_OK);
    assert_true(b);
    assert_int_equal(cs_yaml_get_bool(&c, cs_yaml_map_get(r, "b", NULL), "b", &b), CS_OK);
    assert_false(b);
    assert_int_equal(cs_yaml_get_bool(&c, cs_yaml_map_get(r, "c", &k), "c", &b), CS_ERR_INPUT);
    assert_string_equal(err.message, "c: expected true or false, got 'yes'");
    assert_int_equal(err.line, 3);
    assert_int_equal(err.column, 4);
    int line, column;
    cs_yaml_node_pos(&doc, k, &line, &column);
    assert_true(line == 3 && column == 1);
    assert_int_equal(cs_yaml_get_string(&c, cs_yaml_map_get(r, "d", NULL), "d", &s, &len), CS_OK);
    assert_true(len == 3 && memcmp(s, "x y", 3) == 0);
    assert_int_equal(cs_yaml_get_int(&c, cs_yaml_map_get(r, "e", NULL), "e", 0, 99, &i),
                     CS_ERR_INPUT);
    assert_int_equal(cs_yaml_get_int(&c, cs_yaml_map_get(r, "f", NULL), "f", 0, 99, &i), CS_OK);
    assert_int_equal(i, 5);
    assert_int_equal(cs_yaml_get_double(&c, cs_yaml_map_get(r, "g", NULL), "g", &x), CS_OK);
    assert_true(x == 5.0);
    assert_int_equal(cs_yaml_get_double(&c, cs_yaml_map_get(r, "h", NULL), "h", &x), CS_OK);
    assert_true(x == -0.0005);
    assert_int_equal(cs_yaml_get_double(&c, cs_yaml_map_get(r, "i", NULL), "i", &x), CS_ERR_INPUT);
    assert_string_equal(err.message, "i: expected a number, got a sequence");
    assert_int_equal(err.line, 9);
    assert_int_equal(err.column, 4);
    cs_yaml_doc_close(&doc);
}

static void test_nul_byte(void **state)
{
    (void)state;
    static const char yaml[] = "kind: queue\nname: m\0m1\n";
    expect_error_n(yaml, sizeof yaml - 1, 2, 8, "NUL byte"); /* at the NUL itself */
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    /* at the first byte of the broken character */
    expect_error("kind: queue\nname: m\xc3\x28\n", 2, 8, "not valid UTF-8");
    expect_error("kind: queue\nname: \xed\xa0\x80\n", 2, 7, "not valid UTF-8"); /* surrogate */
    expect_error("kind: queue\nname: \xc0\xaf\n", 2, 7, "not valid UTF-8");     /* overlong */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_defaults),
        cmocka_unit_test(test_valid_all_keys_block_style),
        cmocka_unit_test(test_every_dist_kind),
        cmocka_unit_test(test_empirical),
        cmocka_unit_test(test_load_file),
        cmocka_unit_test(test_error_format),
        cmocka_unit_test(test_bad_files),
        cmocka_unit_test(test_unknown_key),
        cmocka_unit_test(test_negative_mean),
        cmocka_unit_test(test_zero_mean),
        cmocka_unit_test(test_string_number),
        cmocka_unit_test(test_quoted_number),
        cmocka_unit_test(test_erlang_k0),
        cmocka_unit_test(test_erlang_k_fraction),
        cmocka_unit_test(test_missing_name),
        cmocka_unit_test(test_missing_servers),
        cmocka_unit_test(test_missing_kind),
        cmocka_unit_test(test_servers_zero),
        cmocka_unit_test(test_servers_empty),
        cmocka_unit_test(test_customers_float_spelling),
        cmocka_unit_test(test_customers_too_many),
        cmocka_unit_test(test_warmup_not_below_customers),
        cmocka_unit_test(test_replications_zero),
        cmocka_unit_test(test_seed_negative),
        cmocka_unit_test(test_seed_overflow),
        cmocka_unit_test(test_inf),
        cmocka_unit_test(test_nan),
        cmocka_unit_test(test_overflowing_number),
        cmocka_unit_test(test_unknown_dist),
        cmocka_unit_test(test_missing_dist_key),
        cmocka_unit_test(test_dist_not_mapping),
        cmocka_unit_test(test_extra_key_in_dist),
        cmocka_unit_test(test_missing_key_in_dist),
        cmocka_unit_test(test_uniform_max_below_min),
        cmocka_unit_test(test_triangular_min_eq_max),
        cmocka_unit_test(test_lognormal_negative_sd),
        cmocka_unit_test(test_empirical_length_mismatch),
        cmocka_unit_test(test_empirical_weights_zero),
        cmocka_unit_test(test_empirical_weight_negative),
        cmocka_unit_test(test_empirical_empty),
        cmocka_unit_test(test_bernoulli_p_above_one),
        cmocka_unit_test(test_syntax_unclosed_bracket),
        cmocka_unit_test(test_syntax_bad_indent),
        cmocka_unit_test(test_duplicate_key),
        cmocka_unit_test(test_top_level_list),
        cmocka_unit_test(test_top_level_scalar),
        cmocka_unit_test(test_empty_document),
        cmocka_unit_test(test_comment_only_document),
        cmocka_unit_test(test_two_documents),
        cmocka_unit_test(test_bad_name),
        cmocka_unit_test(test_name_leading_dot),
        cmocka_unit_test(test_name_quoted_position),
        cmocka_unit_test(test_alias_position),
        cmocka_unit_test(test_name_not_string),
        cmocka_unit_test(test_kind_port),
        cmocka_unit_test(test_kind_unknown),
        cmocka_unit_test(test_tag_refused),
        cmocka_unit_test(test_recursive_alias),
        cmocka_unit_test(test_alias_bomb),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_alias_depth),
        cmocka_unit_test(test_too_many_nodes),
        cmocka_unit_test(test_yaml_helpers),
        cmocka_unit_test(test_nul_byte),
        cmocka_unit_test(test_invalid_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
