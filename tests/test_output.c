/*
 * test_output.c - unit tests of sim/output: SHA-256, the HDF5 writer and
 * reader (/summary and /counts), the replace rules of cs_output_write, and
 * the reports (summary table and the "Boxes" section).
 *
 * Files go to a fresh mkdtemp folder per test.  "Identical runs" is checked
 * the way users check it, with `h5diff --exclude-path /run_info` (skipped if
 * h5diff is missing); the absence of object time stamps is checked directly
 * by visiting every object's header.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <hdf5.h>
#include "clearsim/model.h"
#include "clearsim/output.h"
#include "clearsim/results.h"
#include "clearsim/sha256.h"

/* ---- fixture: one temp folder per test ---- */
typedef struct fixture {
    char dir[64];
    char path[256];
} fixture;

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    if (!fx) return -1;
    snprintf(fx->dir, sizeof fx->dir, "/tmp/cs_test_output_XXXXXX");
    if (!mkdtemp(fx->dir)) {
        free(fx);
        return -1;
    }
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
    const int rc = system(cmd);
    free(fx);
    return rc == 0 ? 0 : -1;
}

static const char *in_dir(fixture *fx, const char *name)
{
    snprintf(fx->path, sizeof fx->path, "%s/%s", fx->dir, name);
    return fx->path;
}

/* ---- helpers ---- */
static const char scenario_text[] =
    "kind: queue\nname: unit\nservers: 1\n"
    "arrival: {dist: exponential, mean: 1.0}\nservice: {dist: exponential, mean: 0.9}\n"
    "customers: 1000\n";

static void set_key(cs_metric_key *k, uint32_t point, const char *regime, const char *metric,
                    const char *unit)
{
    memset(k, 0, sizeof *k);
    k->point = point;
    snprintf(k->regime, sizeof k->regime, "%s", regime);
    snprintf(k->flow, sizeof k->flow, "queue");
    snprintf(k->segment, sizeof k->segment, "all");
    snprintf(k->metric, sizeof k->metric, "%s", metric);
    snprintf(k->unit, sizeof k->unit, "%s", unit);
}

/* The kind a test's counter names play (the port model's names), else
 * headline. */
static cs_metric_kind kind_of(const char *metric)
{
    static const struct { const char *name; cs_metric_kind kind; } counts[] = {
        { "boxes_observed", CS_METRIC_COUNT_OBSERVED },
        { "boxes_observed_finished", CS_METRIC_COUNT_OBSERVED_FINISHED },
        { "boxes_generated", CS_METRIC_COUNT_GENERATED },
        { "boxes_finished", CS_METRIC_COUNT_FINISHED },
        { "boxes_rehandled", CS_METRIC_COUNT },
    };
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
        if (!strcmp(metric, counts[i].name)) return counts[i].kind;
    return CS_METRIC_HEADLINE;
}

/* A catalogue listing every metric of keys[0..n) and segment "all", and
 * the keys classified by it (as a model's catalogue would be). */
static void catalog_of(cs_catalog *c, cs_metric_key *keys, size_t n)
{
    cs_catalog_free(c);
    assert_int_equal(cs_catalog_alloc(c, n, 1), CS_OK);
    c->nmetrics = 0; /* grows as names are found */
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (cs_catalog_metric(c, keys[i].metric)) continue;
        snprintf(c->metrics[m].name, CS_LABEL_MAX, "%s", keys[i].metric);
        snprintf(c->metrics[m].unit, CS_LABEL_MAX, "%s", keys[i].unit);
        c->metrics[m++].kind = kind_of(keys[i].metric);
        c->nmetrics = m;
    }
    snprintf(c->segments[0].name, CS_LABEL_MAX, "all");
    c->segments[0].kind = CS_SEGMENT_ALL;
    assert_int_equal(cs_catalog_classify(c, keys, n, CS_ERR_INTERNAL, NULL), CS_OK);
}

/* The results' catalogue from their metric and counter keys. */
static void catalog_results(cs_results *r)
{
    const size_t n = r->nkeys + r->ncounters;
    cs_metric_key *all = calloc(n ? n : 1, sizeof *all);
    assert_non_null(all);
    memcpy(all, r->keys, r->nkeys * sizeof *all);
    if (r->ncounters) memcpy(all + r->nkeys, r->counter_keys, r->ncounters * sizeof *all);
    catalog_of(&r->catalog, all, n);
    free(all);
    assert_int_equal(cs_catalog_classify(&r->catalog, r->keys, r->nkeys, CS_ERR_INTERNAL, NULL), CS_OK);
    assert_int_equal(cs_catalog_classify(&r->catalog, r->counter_keys, r->ncounters, CS_ERR_INTERNAL, NULL), CS_OK);
    for (size_t k = 0; k < r->nkeys; k++) r->summary[k].key = r->keys[k];
}

/* count values of x into key k's histogram. */
static void hist_put(cs_results *r, size_t k, double x, uint64_t count)
{
    const int32_t key = cs_hist_key(x);
    assert_int_equal(cs_hist_bins_add(&r->hists[k], &key, &count, 1), CS_OK);
}

/* 2 keys x 3 replications, 1 resource; key 1 has an empty replication. */
static void build(cs_results *r)
{
    memset(r, 0, sizeof *r);
    assert_int_equal(cs_results_alloc(r, 2, 1, 3), CS_OK);
    r->version = "0.1.0-test";
    r->seed = 42;
    snprintf(r->scenario_name, sizeof r->scenario_name, "unit");
    r->scenario_text = scenario_text;
    r->scenario_len = strlen(scenario_text);
    cs_sha256_hex(scenario_text, r->scenario_len, r->scenario_sha256);
    set_key(&r->keys[0], 0, "base", "sojourn", "min");
    set_key(&r->keys[1], 0, "base", "wait", "min");
    const cs_rep_value v[6] = { { 100, 1.5 }, { 120, 1.75 }, { 90, 1.25 },
                                { 100, 0.5 }, { 0, NAN }, { 90, 0.25 } };
    memcpy(r->rep_values, v, sizeof v);
    hist_put(r, 0, 1.0, 150);
    hist_put(r, 0, 2.0, 160);
    hist_put(r, 1, 0.3, 190);
    r->resource_keys[0].point = 0;
    snprintf(r->resource_keys[0].regime, CS_LABEL_MAX, "base");
    snprintf(r->resource_keys[0].resource, CS_LABEL_MAX, "server");
    for (uint32_t i = 0; i < 3; i++) {
        cs_resource_value *rv = &r->resource_values[i];
        rv->window_start = 10.0;
        rv->window_end = 1000.0 + i;
        rv->capacity_mean = 1.0;
        rv->busy_mean = rv->utilisation = 0.9 - 0.01 * i;
        rv->queue_mean = 7.5;
        rv->queue_max = 40;
        rv->in_system_mean = 8.4;
        rv->arrivals = rv->completions = 990 + i;
    }
    snprintf(r->info.created, sizeof r->info.created, "2024-01-01T00:00:00Z");
    snprintf(r->info.command_line, sizeof r->info.command_line, "clearsim run unit.yaml");
    snprintf(r->info.host, sizeof r->info.host, "host-a");
    r->info.threads = 4;
    r->info.ranks = 1;
    r->info.wall_seconds = 1.25;
    cs_results_summarise(r);
    catalog_results(r);
}

/* build() plus 2 counters x 3 replications (as a port run reports them):
 * observed 100, 101, 99 and finished 98, 99, 97, so cut off 2 per
 * replication on average and 6 in all. */
static void build_with_counts(cs_results *r)
{
    build(r);
    assert_int_equal(cs_results_alloc_counters(r, 2), CS_OK);
    static const char *const names[2] = { "boxes_observed", "boxes_observed_finished" };
    for (size_t c = 0; c < 2; c++) {
        set_key(&r->counter_keys[c], 0, "base", names[c], "boxes");
        snprintf(r->counter_keys[c].flow, CS_LABEL_MAX, "import");
    }
    const double v[6] = { 100, 101, 99, 98, 99, 97 };
    memcpy(r->counter_values, v, sizeof v);
    catalog_results(r);
}

static bool same_double(double a, double b)
{
    return (isnan(a) && isnan(b)) || a == b;
}

static void assert_same_row(const cs_summary_row *a, const cs_summary_row *b)
{
    assert_int_equal(a->key.point, b->key.point);
    assert_string_equal(a->key.regime, b->key.regime);
    assert_string_equal(a->key.flow, b->key.flow);
    assert_string_equal(a->key.segment, b->key.segment);
    assert_string_equal(a->key.metric, b->key.metric);
    assert_string_equal(a->key.unit, b->key.unit);
    assert_int_equal(a->n, b->n);
    assert_true(same_double(a->mean, b->mean));
    assert_true(same_double(a->ci95_low, b->ci95_low));
    assert_true(same_double(a->ci95_high, b->ci95_high));
    assert_true(same_double(a->p50, b->p50));
    assert_true(same_double(a->p90, b->p90));
    assert_true(same_double(a->p99, b->p99));
}

/* Whole file into a malloc'd buffer (NUL-terminated); NULL if unreadable. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *nb = realloc(buf, 2 * cap + 1);
            if (!nb) free(buf);
            buf = nb;
            cap *= 2;
        }
    }
    fclose(f);
    if (buf) buf[n] = '\0';
    *len = n;
    return buf;
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static int count_temp_files(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    for (struct dirent *e; (e = readdir(d));)
        if (strstr(e->d_name, ".tmp.")) n++;
    closedir(d);
    return n;
}

static bool have_h5diff(void)
{
    return system("command -v h5diff >/dev/null 2>&1") == 0;
}

static int h5diff(const char *a, const char *b)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "h5diff --exclude-path /run_info '%s' '%s' >/dev/null 2>&1", a, b);
    const int rc = system(cmd);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static cs_status write_ok(const char *path, const cs_results *r, bool force)
{
    cs_error err = { 0 };
    const cs_status st = cs_output_write(path, r, force, &err);
    if (st != CS_OK) print_error("cs_output_write: %s\n", err.message);
    return st;
}

/* ---- SHA-256 ---- */
static void test_sha256_vectors(void **state)
{
    (void)state;
    char hex[65];
    cs_sha256_hex("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    cs_sha256_hex("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *m448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    cs_sha256_hex(m448, strlen(m448), hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    char *million = malloc(1000000);
    assert_non_null(million);
    memset(million, 'a', 1000000);
    cs_sha256_hex(million, 1000000, hex);
    free(million);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* ---- writer and reader ---- */
static void test_roundtrip_summary(void **state)
{
    fixture *fx = *state;
    cs_results r;
    build(&r);
    const char *path = in_dir(fx, "a.h5");
    assert_int_equal(write_ok(path, &r, false), CS_OK);
    assert_true(cs_output_is_clearsim_file(path));

    cs_summary_table t;
    cs_error err = { 0 };
    assert_int_equal(cs_output_read_summary(path, &t, &err), CS_OK);
    assert_int_equal(t.nrows, r.nkeys);
    for (size_t i = 0; i < t.nrows; i++) assert_same_row(&t.rows[i], &r.summary[i]);
    assert_int_equal(t.rows[0].n, 3);
    assert_int_equal(t.rows[1].n, 2);
    assert_string_equal(t.rows[1].key.unit, "min");
    cs_summary_table_free(&t);
    assert_null(t.rows);
    assert_int_equal(count_temp_files(fx->dir), 0);
    cs_results_free(&r);
}

/* Root attributes, a /scenario over 64 KiB, and the /replications order. */
static void test_layout_details(void **state)
{
    fixture *fx = *state;
    cs_results r;
    memset(&r, 0, sizeof r);
    assert_int_equal(cs_results_alloc(&r, 3, 0, 3), 0);
    r.version = "0.1.0-test";
    r.seed = 0xfedcba9876543210u;
    const size_t big = 100000;
    char *text = malloc(big);
    assert_non_null(text);
    for (size_t i = 0; i < big; i++) text[i] = (char)('a' + i % 26);
    r.scenario_text = text;
    r.scenario_len = big;
    cs_sha256_hex(text, big, r.scenario_sha256);
    set_key(&r.keys[0], 0, "base", "sojourn", "h");
    set_key(&r.keys[1], 0, "base", "wait", "h");
    set_key(&r.keys[2], 0, "pilot", "wait", "h");
    for (size_t k = 0; k < 3; k++)
        for (size_t i = 0; i < 3; i++)
            r.rep_values[k * 3 + i] = (cs_rep_value){ 10, (double)(10 * k + i) };
    cs_results_summarise(&r);
    const char *path = in_dir(fx, "layout.h5");
    assert_int_equal(write_ok(path, &r, false), CS_OK);

    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    assert_true(f >= 0);
    uint64_t seed = 0;
    hid_t a = H5Aopen(f, "seed", H5P_DEFAULT);
    assert_true(H5Aread(a, H5T_NATIVE_UINT64, &seed) >= 0);
    H5Aclose(a);
    assert_true(seed == 0xfedcba9876543210u);

    hid_t d = H5Dopen2(f, "scenario", H5P_DEFAULT);
    hid_t t = H5Dget_type(d);
    assert_int_equal(H5Tget_size(t), big);
    char *back = malloc(big);
    assert_non_null(back);
    assert_true(H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, back) >= 0);
    assert_memory_equal(back, text, big);
    char sha[65];
    cs_sha256_hex(back, big, sha);
    assert_string_equal(sha, r.scenario_sha256);
    free(back);
    H5Tclose(t);
    H5Dclose(d);

    /* base: rep-major over its two keys; then pilot. */
    const double want_mean[9] = { 0, 10, 1, 11, 2, 12, 20, 21, 22 };
    const uint32_t want_rep[9] = { 0, 0, 1, 1, 2, 2, 0, 1, 2 };
    double mean[9];
    uint32_t rep[9];
    d = H5Dopen2(f, "replications/mean", H5P_DEFAULT);
    assert_true(H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, mean) >= 0);
    H5Dclose(d);
    d = H5Dopen2(f, "replications/replication", H5P_DEFAULT);
    assert_true(H5Dread(d, H5T_NATIVE_UINT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, rep) >= 0);
    H5Dclose(d);
    for (int i = 0; i < 9; i++) {
        assert_true(mean[i] == want_mean[i]);
        assert_int_equal(rep[i], want_rep[i]);
    }
    assert_true(H5Lexists(f, "resources", H5P_DEFAULT) == 0); /* no resources: no group */
    assert_true(H5Lexists(f, "counts", H5P_DEFAULT) == 0);    /* no counters: no group */
    H5Fclose(f);
    free(text);
    cs_results_free(&r);
}

static void test_identical_runs_h5diff(void **state)
{
    fixture *fx = *state;
    if (!have_h5diff()) skip();
    cs_results r;
    build(&r);
    char a[256], b[256], c[256], d[256];
    snprintf(a, sizeof a, "%s", in_dir(fx, "a.h5"));
    snprintf(b, sizeof b, "%s", in_dir(fx, "b.h5"));
    snprintf(c, sizeof c, "%s", in_dir(fx, "c.h5"));
    snprintf(d, sizeof d, "%s", in_dir(fx, "d.h5"));
    assert_int_equal(write_ok(a, &r, false), CS_OK);
    assert_int_equal(write_ok(b, &r, false), CS_OK);
    assert_int_equal(h5diff(a, b), 0);

    snprintf(r.info.created, sizeof r.info.created, "2031-12-31T23:59:59Z");
    snprintf(r.info.host, sizeof r.info.host, "another-host.example");
    snprintf(r.info.command_line, sizeof r.info.command_line, "clearsim run -j 64 unit.yaml");
    r.info.threads = 64;
    r.info.ranks = 8;
    r.info.wall_seconds = 99.5;
    assert_int_equal(write_ok(c, &r, false), CS_OK);
    assert_int_equal(h5diff(a, c), 0);

    r.rep_values[1].mean += 0.5;
    cs_results_summarise(&r);
    assert_int_equal(write_ok(d, &r, false), CS_OK);
    assert_int_not_equal(h5diff(a, d), 0);
    cs_results_free(&r);
}

#if H5_VERSION_GE(1, 12, 0)
static herr_t check_times(hid_t obj, const char *name, const H5O_info2_t *info, void *data)
#else
static herr_t check_times(hid_t obj, const char *name, const H5O_info_t *info, void *data)
#endif
{
    (void)obj, (void)name;
    int *objects = data;
    (*objects)++;
    return info->atime == 0 && info->mtime == 0 && info->ctime == 0 && info->btime == 0 ? 0 : 1;
}

static void test_no_object_times(void **state)
{
    fixture *fx = *state;
    cs_results r;
    build_with_counts(&r);
    const char *path = in_dir(fx, "a.h5");
    assert_int_equal(write_ok(path, &r, false), CS_OK);
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    assert_true(f >= 0);
    int objects = 0;
#if H5_VERSION_GE(1, 12, 0)
    herr_t rc = H5Ovisit3(f, H5_INDEX_NAME, H5_ITER_INC, check_times, &objects, H5O_INFO_TIME);
#else
    herr_t rc = H5Ovisit2(f, H5_INDEX_NAME, H5_ITER_INC, check_times, &objects, H5O_INFO_TIME);
#endif
    H5Fclose(f);
    assert_int_equal(rc, 0); /* a non-zero time stops the visit with 1 */
    assert_true(objects > 40);  /* root, 7 groups, all columns */
    cs_results_free(&r);
}

static void test_existing_without_force(void **state)
{
    fixture *fx = *state;
    cs_results r;
    build(&r);
    cs_error err = { 0 };
    const char *path = in_dir(fx, "text.h5");
    write_text(path, "not hdf5\n");
    assert_int_equal(cs_output_write(path, &r, false, &err), CS_ERR_INPUT);
    assert_non_null(strstr(err.message, "exists (use --force to replace it)"));
    size_t len;
    char *back = slurp(path, &len);
    assert_string_equal(back, "not hdf5\n");
    free(back);

    /* a clearsim file is not replaced without force either */
    assert_int_equal(write_ok(in_dir(fx, "a.h5"), &r, false), CS_OK);
    size_t len0, len1;
    char *before = slurp(fx->path, &len0);
    r.rep_values[0].mean = 7.0;
    cs_results_summarise(&r);
    assert_int_equal(cs_output_write(fx->path, &r, false, &err), CS_ERR_INPUT);
    char *after = slurp(fx->path, &len1);
    assert_int_equal(len0, len1);
    assert_memory_equal(before, after, len0);
    free(before);
    free(after);
    assert_int_equal(count_temp_files(fx->dir), 0);
    cs_results_free(&r);
}

static void test_force_keeps_foreign_file(void **state)
{
    fixture *fx = *state;
    cs_results r;
    build(&r);
    cs_error err = { 0 };
    const char *path = in_dir(fx, "notes.txt");
    write_text(path, "precious\n");
    assert_int_equal(cs_output_write(path, &r, true, &err), CS_ERR_INPUT);
    assert_non_null(strstr(err.message, "exists and is not a clearsim file (or is a link); not replaced"));
    size_t len;
    char *back = slurp(path, &len);
    assert_string_equal(back, "precious\n");
    free(back);

    /* an HDF5 file that is not ours is kept too */
    hid_t f = H5Fcreate(in_dir(fx, "other.h5"), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    assert_true(f >= 0);
    H5Fclose(f);
    assert_false(cs_output_is_clearsim_file(fx->path));
    assert_int_equal(cs_output_write(fx->path, &r, true, &err), CS_ERR_INPUT);
    /* and so is a folder */
    assert_int_equal(mkdir(in_dir(fx, "sub.h5"), 0777), 0);
    assert_int_equal(cs_output_write(fx->path, &r, true, &err), CS_ERR_INPUT);
    assert_int_equal(count_temp_files(fx->dir), 0);
    cs_results_free(&r);
}

static void test_force_replaces_clearsim_file(void **state)
{
    fixture *fx = *state;
    cs_results r;
    build(&r);
    const char *path = in_dir(fx, "a.h5");
    assert_int_equal(write_ok(path, &r, false), CS_OK);
    r.rep_values[0].mean = r.rep_values[1].mean = r.rep_values[2].mean = 42.0;
    cs_results_summarise(&r);
    assert_int_equal(write_ok(path, &r, true), CS_OK);
    cs_summary_table t;
    cs_error err = { 0 };
    assert_int_equal(cs_output_read_summary(path, &t, &err), CS_OK);
    assert_true(t.rows[0].mean == 42.0);
    cs_summary_table_free(&t);
    assert_int_equal(count_temp_files(fx->dir), 0);
    cs_results_free(&r);
}

static void test_unwritable_folder(void **state)
{
    fixture *fx = *state;
    cs_results r;
    build(&r);
    write_text(in_dir(fx, "plain"), "a file, not a folder\n");
    char path[300];
    snprintf(path, sizeof path, "%s/out.h5", fx->path);
    cs_error err = { 0 };
    /* refused before anything is written: the folder is a file */
    assert_int_equal(cs_output_write(path, &r, false, &err), CS_ERR_INPUT);
    assert_non_null(strstr(err.message, path));
    assert_non_null(strstr(err.message, "is not a folder"));
    assert_int_equal(count_temp_files(fx->dir), 0);
    assert_int_equal(cs_output_write(path, &r, true, &err), CS_ERR_INPUT);
    assert_int_equal(count_temp_files(fx->dir), 0);
    cs_results_free(&r);
}

/* A write that fails half-way (the file size limit, like a full disk)
 * gives CS_ERR_IO naming the path and leaves neither OUT nor a temp file,
 * and the process still exits normally (HDF5 1.10 crashes at exit after an
 * H5Fclose that hit a write error; the writer keeps HDF5 off the disk).
 * Run in a child so the limit does not outlive the test. */
static void test_write_failure_leaves_nothing(void **state)
{
    fixture *fx = *state;
    const char *path = in_dir(fx, "big.h5");
    fflush(NULL);
    const pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        cs_results r;
        build(&r);
        signal(SIGXFSZ, SIG_IGN);
        const struct rlimit lim = { 8192, 8192 };
        if (setrlimit(RLIMIT_FSIZE, &lim) != 0) _exit(99);
        cs_error err = { 0 };
        const cs_status st = cs_output_write(path, &r, false, &err);
        const bool named = strstr(err.message, path) != NULL;
        cs_results_free(&r);
        exit(st == CS_ERR_IO && named ? 0 : 10 + (int)st); /* exit: runs HDF5's atexit */
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    struct stat st;
    assert_int_not_equal(stat(path, &st), 0);
    assert_int_equal(count_temp_files(fx->dir), 0);
}

/* cs_output_* silence HDF5's error printing only while they run. */
static void test_error_handler_restored(void **state)
{
    fixture *fx = *state;
    H5E_auto2_t before = NULL, after = NULL;
    void *before_data = NULL, *after_data = NULL;
    assert_true(H5Eget_auto2(H5E_DEFAULT, &before, &before_data) >= 0);
    cs_results r;
    build(&r);
    assert_int_equal(write_ok(in_dir(fx, "a.h5"), &r, false), CS_OK);
    cs_error err = { 0 };
    assert_int_equal(cs_output_write(fx->path, &r, false, &err), CS_ERR_INPUT);
    assert_false(cs_output_is_clearsim_file(in_dir(fx, "missing.h5")));
    assert_true(H5Eget_auto2(H5E_DEFAULT, &after, &after_data) >= 0);
    assert_true(before == after && before_data == after_data);
    assert_non_null(after); /* HDF5's default printer is still installed */
    cs_results_free(&r);
}

static void test_read_errors(void **state)
{
    fixture *fx = *state;
    cs_summary_table t;
    cs_error err = { 0 };
    assert_int_equal(cs_output_read_summary(in_dir(fx, "missing.h5"), &t, &err), CS_ERR_INPUT); /* bad input: exit 2 */
    assert_false(cs_output_is_clearsim_file(fx->path));
    write_text(in_dir(fx, "text.h5"), "hello\n");
    assert_int_equal(cs_output_read_summary(fx->path, &t, &err), CS_ERR_INPUT);
    assert_non_null(strstr(err.message, "is not a clearsim result file"));
    assert_false(cs_output_is_clearsim_file(fx->path));
    hid_t f = H5Fcreate(in_dir(fx, "other.h5"), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    assert_true(f >= 0);
    H5Fclose(f);
    assert_int_equal(cs_output_read_summary(fx->path, &t, &err), CS_ERR_INPUT);
    assert_null(t.rows);
}

static void test_empty_and_mixed_units(void **state)
{
    fixture *fx = *state;
    cs_results r;
    memset(&r, 0, sizeof r);
    assert_int_equal(cs_results_alloc(&r, 0, 0, 5), 0);
    r.version = "0.1.0-test";
    const char *path = in_dir(fx, "empty.h5");
    assert_int_equal(write_ok(path, &r, false), CS_OK);
    cs_summary_table t;
    cs_error err = { 0 };
    assert_int_equal(cs_output_read_summary(path, &t, &err), CS_OK);
    assert_int_equal(t.nrows, 0);
    cs_summary_table_free(&t);
    cs_results_free(&r);

    build(&r);
    snprintf(r.keys[1].unit, CS_LABEL_MAX, "h");
    cs_results_summarise(&r);
    path = in_dir(fx, "mixed.h5");
    assert_int_equal(write_ok(path, &r, false), CS_OK);
    assert_int_equal(cs_output_read_summary(path, &t, &err), CS_OK);
    assert_string_equal(t.rows[0].key.unit, "min");
    assert_string_equal(t.rows[1].key.unit, "h");
    cs_summary_table_free(&t);
    cs_results_free(&r);
}

/* ---- /counts ---- */

/* A string attribute of object path in f (fixed-length). */
static void read_str_attr(hid_t f, const char *path, const char *name, char *buf, size_t size)
{
    hid_t o = H5Oopen(f, path, H5P_DEFAULT);
    assert_true(o >= 0);
    hid_t a = H5Aopen(o, name, H5P_DEFAULT);
    assert_true(a >= 0);
    hid_t t = H5Aget_type(a);
    assert_true(H5Tget_size(t) <= size);
    memset(buf, 0, size);
    assert_true(H5Aread(a, t, buf) >= 0);
    H5Tclose(t);
    H5Aclose(a);
    H5Oclose(o);
}

static void test_counts_roundtrip(void **state)
{
    fixture *fx = *state;
    cs_results r;
    build_with_counts(&r);
    const char *path = in_dir(fx, "counts.h5");
    assert_int_equal(write_ok(path, &r, false), CS_OK);

    cs_counts_table t;
    cs_error err = { 0 };
    assert_int_equal(cs_output_read_counts(path, &t, &err), CS_OK);
    assert_int_equal(t.nrows, 6);
    for (size_t i = 0; i < t.nrows; i++) { /* counter key, then replication */
        const cs_metric_key *want = &r.counter_keys[i / 3];
        const cs_count_row *row = &t.rows[i];
        assert_int_equal(row->key.point, want->point);
        assert_string_equal(row->key.regime, want->regime);
        assert_string_equal(row->key.flow, "import");
        assert_string_equal(row->key.segment, "all");
        assert_string_equal(row->key.metric, want->metric);
        assert_string_equal(row->key.unit, "boxes");
        assert_int_equal(row->key.kind, i < 3 ? CS_METRIC_COUNT_OBSERVED : CS_METRIC_COUNT_OBSERVED_FINISHED);
        assert_int_equal(row->key.segment_kind, CS_SEGMENT_ALL);
        assert_int_equal(row->replication, i % 3);
        assert_true(row->value == r.counter_values[i]);
    }
    cs_counts_table_free(&t);
    assert_null(t.rows);
    assert_int_equal(t.nrows, 0);

    /* the layout as other tools see it */
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    assert_true(f >= 0);
    char units[16];
    read_str_attr(f, "counts/value", "units", units, sizeof units);
    assert_string_equal(units, "boxes");
    read_str_attr(f, "summary/mean", "units", units, sizeof units);
    assert_string_equal(units, "min"); /* the metric keys keep their own unit */
    hid_t g = H5Gopen2(f, "counts", H5P_DEFAULT);
    hid_t a = H5Aopen(g, "columns", H5P_DEFAULT);
    hid_t at = H5Aget_type(a), as = H5Aget_space(a);
    assert_int_equal(H5Sget_simple_extent_npoints(as), 7);
    const size_t w = H5Tget_size(at);
    char *cols = calloc(7, w);
    assert_non_null(cols);
    assert_true(H5Aread(a, at, cols) >= 0);
    static const char *const want_cols[7] = { "point", "regime", "flow", "segment",
                                              "metric", "replication", "value" };
    for (int i = 0; i < 7; i++) assert_string_equal(cols + (size_t)i * w, want_cols[i]);
    free(cols);
    H5Sclose(as);
    H5Tclose(at);
    H5Aclose(a);
    assert_true(H5Lexists(g, "unit", H5P_DEFAULT) == 0); /* one unit: no unit column */
    hid_t d = H5Dopen2(g, "value", H5P_DEFAULT);
    hid_t dt = H5Dget_type(d);
    assert_true(H5Tequal(dt, H5T_IEEE_F64LE) > 0);
    H5Tclose(dt);
    H5Dclose(d);
    d = H5Dopen2(g, "replication", H5P_DEFAULT);
    dt = H5Dget_type(d);
    assert_true(H5Tequal(dt, H5T_STD_U32LE) > 0);
    H5Tclose(dt);
    H5Dclose(d);
    H5Gclose(g);
    H5Fclose(f);
    cs_results_free(&r);

    /* a file without counters (a queue run) reads as none */
    build(&r);
    path = in_dir(fx, "queue.h5");
    assert_int_equal(write_ok(path, &r, false), CS_OK);
    assert_int_equal(cs_output_read_counts(path, &t, &err), CS_OK);
    assert_int_equal(t.nrows, 0);
    cs_counts_table_free(&t);
    cs_results_free(&r);

    /* and what is not a result file fails as for the summary */
    assert_int_equal(cs_output_read_counts(in_dir(fx, "missing.h5"), &t, &err), CS_ERR_INPUT);
    write_text(in_dir(fx, "text.h5"), "hello\n");
    assert_int_equal(cs_output_read_counts(fx->path, &t, &err), CS_ERR_INPUT);
    assert_non_null(strstr(err.message, "is not a clearsim result file"));
    f = H5Fcreate(in_dir(fx, "other.h5"), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    assert_true(f >= 0);
    H5Fclose(f);
    assert_int_equal(cs_output_read_counts(fx->path, &t, &err), CS_ERR_INPUT);
    assert_null(t.rows);
}

/* Counter keys of mixed units get a unit column, and come back per row. */
static void test_counts_mixed_units(void **state)
{
    fixture *fx = *state;
    cs_results r;
    build_with_counts(&r);
    snprintf(r.counter_keys[1].unit, CS_LABEL_MAX, "teu");
    const char *path = in_dir(fx, "mixed.h5");
    assert_int_equal(write_ok(path, &r, false), CS_OK);
    cs_counts_table t;
    cs_error err = { 0 };
    assert_int_equal(cs_output_read_counts(path, &t, &err), CS_OK);
    assert_int_equal(t.nrows, 6);
    assert_string_equal(t.rows[0].key.unit, "boxes");
    assert_string_equal(t.rows[5].key.unit, "teu");
    cs_counts_table_free(&t);
    cs_results_free(&r);
}

static void test_counts_identical_h5diff(void **state)
{
    fixture *fx = *state;
    if (!have_h5diff()) skip();
    cs_results r;
    build_with_counts(&r);
    char a[256], b[256], c[256];
    snprintf(a, sizeof a, "%s", in_dir(fx, "a.h5"));
    snprintf(b, sizeof b, "%s", in_dir(fx, "b.h5"));
    snprintf(c, sizeof c, "%s", in_dir(fx, "c.h5"));
    assert_int_equal(write_ok(a, &r, false), CS_OK);
    snprintf(r.info.created, sizeof r.info.created, "2031-12-31T23:59:59Z");
    r.info.wall_seconds = 7.0;
    assert_int_equal(write_ok(b, &r, false), CS_OK);
    assert_int_equal(h5diff(a, b), 0);
    r.counter_values[4] += 1.0;
    assert_int_equal(write_ok(c, &r, false), CS_OK);
    assert_int_not_equal(h5diff(a, c), 0);
    cs_results_free(&r);
}

/* ---- /trace ---- */

/* build() plus 3 traced boxes over 2 regimes (base, pilot); box 1 skipped
 * T2 and everything after T9, box 2 (pilot) every milestone past T1. */
static void build_with_trace(cs_results *r)
{
    build(r);
    r->nregime_names = 2;
    r->regime_names = calloc(2, sizeof *r->regime_names);
    r->ntrace = 3;
    r->trace_names = cs_port_model.trace_names; /* the codes the port model writes */
    r->trace = calloc(3, sizeof *r->trace);
    assert_non_null(r->regime_names);
    assert_non_null(r->trace);
    snprintf(r->regime_names[0], CS_LABEL_MAX, "base");
    snprintf(r->regime_names[1], CS_LABEL_MAX, "pilot");
    for (size_t i = 0; i < 3; i++) {
        cs_trace_row *row = &r->trace[i];
        row->regime = i < 2 ? 0 : 1;
        row->box = ((uint64_t)(i + 1) << 20) + i;
        row->vessel = (uint32_t)(i + 1);
        row->flow = (uint8_t)i;
        row->credit = (uint8_t)(2 - i);
        row->channel = (uint8_t)(i * 2);
        row->path = (uint8_t)(i + 1);
        row->adoption = (uint8_t)(i * 2);
        row->teu = (uint8_t)(1 + i % 2);
        row->rehandles = (uint8_t)i;
        row->observed = 1;
        row->finished = i != 2;
        for (size_t m = 0; m < CS_TRACE_MILESTONES; m++)
            row->t[m] = 10.0 * (double)i + 0.5 * (double)m;
    }
    r->trace[1].t[2] = NAN;
    for (size_t m = 11; m < CS_TRACE_MILESTONES; m++) r->trace[1].t[m] = NAN;
    for (size_t m = 2; m < CS_TRACE_MILESTONES; m++) r->trace[2].t[m] = NAN;
}

/* A /trace dataset: chunked, with at least one filter (deflate among them). */
static void assert_deflated(hid_t d)
{
    hid_t dcpl = H5Dget_create_plist(d);
    assert_true(dcpl >= 0);
    assert_int_equal(H5Pget_layout(dcpl), H5D_CHUNKED);
    const int nf = H5Pget_nfilters(dcpl);
    assert_true(nf >= 1);
    bool deflate = false;
    for (int i = 0; i < nf; i++) {
        unsigned flags = 0, cd[4];
        size_t ncd = 4;
        char name[32];
        if (H5Pget_filter2(dcpl, (unsigned)i, &flags, &ncd, cd, sizeof name, name, NULL) ==
            H5Z_FILTER_DEFLATE)
            deflate = true;
    }
    assert_true(deflate);
    H5Pclose(dcpl);
}

/* The three rows of the deflated string column `name` are `want`. */
static void assert_str_column(hid_t f, const char *name, const char *const want[3])
{
    hid_t d = H5Dopen2(f, name, H5P_DEFAULT);
    assert_true(d >= 0);
    hid_t dt = H5Dget_type(d);
    assert_int_equal(H5Tget_class(dt), H5T_STRING);
    const size_t w = H5Tget_size(dt);
    char *cells = calloc(3, w);
    assert_non_null(cells);
    assert_true(H5Dread(d, dt, H5S_ALL, H5S_ALL, H5P_DEFAULT, cells) >= 0);
    assert_deflated(d);
    H5Tclose(dt);
    H5Dclose(d);
    for (size_t i = 0; i < 3; i++) {
        char one[CS_LABEL_MAX] = { 0 };
        memcpy(one, cells + i * w, w < sizeof one ? w : sizeof one - 1);
        assert_string_equal(one, want[i]);
    }
    free(cells);
}

static void test_trace_roundtrip(void **state)
{
    fixture *fx = *state;
    cs_results r;
    build_with_trace(&r);
    const char *path = in_dir(fx, "trace.h5");
    assert_int_equal(write_ok(path, &r, false), CS_OK);

    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    assert_true(f >= 0);
    uint64_t box[3];
    hid_t d = H5Dopen2(f, "trace/box", H5P_DEFAULT);
    assert_true(d >= 0);
    assert_true(H5Dread(d, H5T_NATIVE_UINT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, box) >= 0);
    assert_deflated(d);
    H5Dclose(d);
    for (int i = 0; i < 3; i++) assert_true(box[i] == r.trace[i].box);

    double t10[3];
    d = H5Dopen2(f, "trace/T10", H5P_DEFAULT);
    assert_true(d >= 0);
    hid_t dt = H5Dget_type(d);
    assert_true(H5Tequal(dt, H5T_IEEE_F64LE) > 0);
    H5Tclose(dt);
    assert_true(H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, t10) >= 0);
    assert_deflated(d);
    H5Dclose(d);
    assert_true(t10[0] == 5.5);
    assert_true(isnan(t10[1]));
    assert_true(isnan(t10[2]));
    char units[8];
    read_str_attr(f, "trace/T10", "units", units, sizeof units);
    assert_string_equal(units, "h");
    read_str_attr(f, "trace/depart", "units", units, sizeof units);
    assert_string_equal(units, "h");

    static const char *const want_regime[3] = { "base", "base", "pilot" };
    assert_str_column(f, "trace/regime", want_regime);
    static const char *const want_adoption[3] = { "none", "two_step", "ship_side" };
    assert_str_column(f, "trace/adoption", want_adoption);

    uint8_t finished[3];
    d = H5Dopen2(f, "trace/finished", H5P_DEFAULT);
    assert_true(H5Dread(d, H5T_NATIVE_UINT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, finished) >= 0);
    H5Dclose(d);
    assert_int_equal(finished[0], 1);
    assert_int_equal(finished[2], 0);

    /* columns: 13 fixed, then the milestones */
    hid_t g = H5Gopen2(f, "trace", H5P_DEFAULT);
    hid_t a = H5Aopen(g, "columns", H5P_DEFAULT);
    hid_t at = H5Aget_type(a), as = H5Aget_space(a);
    const hssize_t ncols = H5Sget_simple_extent_npoints(as);
    assert_int_equal(ncols, 13 + CS_TRACE_MILESTONES);
    const size_t cw = H5Tget_size(at);
    char *cols = calloc((size_t)ncols, cw);
    assert_non_null(cols);
    assert_true(H5Aread(a, at, cols) >= 0);
    assert_string_equal(cols, "regime");
    assert_string_equal(cols + 7 * cw, "path");
    assert_string_equal(cols + 8 * cw, "adoption");
    assert_string_equal(cols + 13 * cw, "T0");
    assert_string_equal(cols + (size_t)(ncols - 1) * cw, "depart");
    for (hssize_t i = 0; i < ncols; i++)
        assert_true(H5Lexists(g, cols + (size_t)i * cw, H5P_DEFAULT) > 0);
    free(cols);
    H5Sclose(as);
    H5Tclose(at);
    H5Aclose(a);
    H5Gclose(g);
    H5Fclose(f);

    /* no trace rows: no group; out-of-table codes are refused */
    r.ntrace = 0;
    path = in_dir(fx, "notrace.h5");
    assert_int_equal(write_ok(path, &r, false), CS_OK);
    f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    assert_true(f >= 0);
    assert_true(H5Lexists(f, "trace", H5P_DEFAULT) == 0);
    H5Fclose(f);
    r.ntrace = 3;
    r.trace[2].regime = 2;
    cs_error err = { 0 };
    assert_int_equal(cs_output_write(in_dir(fx, "bad.h5"), &r, false, &err), CS_ERR_INTERNAL);
    assert_int_equal(access(fx->path, F_OK), -1);
    cs_results_free(&r);
}

/* Identical traces (NaNs included) compare equal outside /run_info. */
static void test_trace_identical_h5diff(void **state)
{
    fixture *fx = *state;
    if (!have_h5diff()) skip();
    cs_results r;
    build_with_trace(&r);
    char a[256], b[256], c[256];
    snprintf(a, sizeof a, "%s", in_dir(fx, "a.h5"));
    snprintf(b, sizeof b, "%s", in_dir(fx, "b.h5"));
    snprintf(c, sizeof c, "%s", in_dir(fx, "c.h5"));
    assert_int_equal(write_ok(a, &r, false), CS_OK);
    snprintf(r.info.created, sizeof r.info.created, "2031-12-31T23:59:59Z");
    r.info.wall_seconds = 7.0;
    assert_int_equal(write_ok(b, &r, false), CS_OK);
    assert_int_equal(h5diff(a, b), 0);
    r.trace[0].t[10] += 1.0;
    assert_int_equal(write_ok(c, &r, false), CS_OK);
    assert_int_not_equal(h5diff(a, c), 0);
    cs_results_free(&r);
}

/* ---- report ---- */
static char *render(const cs_summary_table *t, cs_report_format fmt)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    cs_report_print(f, t, NULL, fmt);
    assert_int_equal(fclose(f), 0);
    return buf;
}

static void fill_rows(cs_summary_row rows[2])
{
    memset(rows, 0, 2 * sizeof rows[0]);
    set_key(&rows[0].key, 0, "base", "sojourn", "min");
    rows[0].n = 3;
    rows[0].mean = 1.5;
    rows[0].ci95_low = 1.0;
    rows[0].ci95_high = 2.0;
    rows[0].p50 = 0.1;
    rows[0].p90 = 2.5;
    rows[0].p99 = INFINITY;
    set_key(&rows[1].key, 1, "pilot", "release_h", "h");
    snprintf(rows[1].key.flow, CS_LABEL_MAX, "import");
    snprintf(rows[1].key.segment, CS_LABEL_MAX, "channel:green");
    rows[1].n = 1;
    rows[1].mean = 0.25;
    rows[1].ci95_low = rows[1].ci95_high = NAN;
    rows[1].p50 = rows[1].p90 = rows[1].p99 = -NAN;
}

static void test_report_csv(void **state)
{
    (void)state;
    cs_summary_row rows[2];
    fill_rows(rows);
    const cs_summary_table t = { 2, rows };
    char *csv = render(&t, CS_REPORT_CSV);
    assert_string_equal(csv,
                        "point,regime,flow,segment,metric,n,mean,ci95_low,ci95_high,p50,p90,p99\n"
                        "0,base,queue,all,sojourn,3,1.5,1,2,0.10000000000000001,2.5,inf\n"
                        "1,pilot,import,channel:green,release_h,1,0.25,nan,nan,nan,nan,nan\n");
    free(csv);
    const cs_summary_table empty = { 0, NULL };
    csv = render(&empty, CS_REPORT_CSV);
    assert_string_equal(csv,
                        "point,regime,flow,segment,metric,n,mean,ci95_low,ci95_high,p50,p90,p99\n");
    free(csv);
}

static void test_report_table_and_markdown(void **state)
{
    (void)state;
    cs_summary_row rows[2];
    fill_rows(rows);
    const cs_summary_table t = { 2, rows };
    char *table = render(&t, CS_REPORT_TABLE);
    assert_non_null(strstr(table, "1.5 [1, 2]"));
    assert_non_null(strstr(table, "0.25 [nan, nan]"));
    assert_non_null(strstr(table, "channel:green"));
    /* every line as wide as the header: the columns are aligned */
    const size_t w = strcspn(table, "\n");
    for (const char *p = table; *p; p += strcspn(p, "\n") + 1)
        assert_int_equal(strcspn(p, "\n"), w);
    free(table);

    char *md = render(&t, CS_REPORT_MARKDOWN);
    assert_int_equal(strncmp(md, "| point | regime", 16), 0);
    const char *sep = strchr(md, '\n') + 1;
    assert_int_equal(strncmp(sep, "| ----: | ------ |", 18), 0);
    assert_non_null(strstr(md, " 1.5 [1, 2] |"));
    int lines = 0;
    for (const char *p = md; *p; p++) lines += *p == '\n';
    assert_int_equal(lines, 4);
    free(md);
}

static char *render_counts(const cs_counts_table *t, cs_report_format fmt)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    cs_report_print_counts(f, t, NULL, fmt);
    assert_int_equal(fclose(f), 0);
    return buf;
}

/* Two (regime, flow) groups over 2 replications: base/import with all four
 * named counters, pilot/export with observed only and one counter the
 * report does not know. */
#define NCOUNT_ROWS 12
static void fill_counts(cs_counts_table *t, cs_count_row *rows_out)
{
    static const struct { const char *regime, *flow, *metric; double v0, v1; } rows[] = {
        { "base", "import", "boxes_observed", 100, 100 },
        { "base", "import", "boxes_observed_finished", 97, 99 },
        { "base", "import", "boxes_generated", 130, 132 },
        { "base", "import", "boxes_finished", 127, 131 },
        { "pilot", "export", "boxes_observed", 40, 41 },
        { "pilot", "export", "boxes_rehandled", 5, 5 },
    };
    for (size_t i = 0; i < NCOUNT_ROWS; i++) {
        cs_count_row *c = &rows_out[i];
        set_key(&c->key, 0, rows[i / 2].regime, rows[i / 2].metric, "boxes");
        snprintf(c->key.flow, CS_LABEL_MAX, "%s", rows[i / 2].flow);
        c->key.kind = (uint8_t)kind_of(rows[i / 2].metric);
        c->key.segment_kind = CS_SEGMENT_ALL;
        c->replication = (uint32_t)(i % 2);
        c->value = i % 2 ? rows[i / 2].v1 : rows[i / 2].v0;
    }
    *t = (cs_counts_table){ NCOUNT_ROWS, rows_out };
}

/* The line of text that contains needle (copied into line). */
static void line_with(const char *text, const char *needle, char *line, size_t size)
{
    const char *p = strstr(text, needle);
    assert_non_null(p);
    while (p > text && p[-1] != '\n') p--;
    const size_t l = strcspn(p, "\n");
    assert_true(l < size);
    memcpy(line, p, l);
    line[l] = '\0';
}

/* Runs of spaces in s as one space (markdown cells are padded). */
static void squeeze(char *s)
{
    char *d = s;
    for (const char *p = s; *p; p++)
        if (*p != ' ' || d == s || d[-1] != ' ') *d++ = *p;
    *d = '\0';
}

static void test_report_counts(void **state)
{
    (void)state;
    cs_count_row rows[NCOUNT_ROWS];
    cs_counts_table t;
    fill_counts(&t, rows);

    char *table = render_counts(&t, CS_REPORT_TABLE);
    const char *grid = table; /* the section's heading is the document's */
    char head[512], base[512], pilot[512];
    line_with(grid, "point", head, sizeof head);
    assert_non_null(strstr(head, "observed"));
    assert_non_null(strstr(head, "cut off total"));
    assert_non_null(strstr(head, "all generated"));
    assert_non_null(strstr(head, "other"));
    /* observed 100, finished 98, cut off 2 (4 in all), generated 131, finished 129 */
    line_with(grid, "base", base, sizeof base);
    assert_non_null(strstr(base, "  100  "));
    assert_non_null(strstr(base, "  98  "));
    assert_non_null(strstr(base, "  2  "));
    assert_non_null(strstr(base, "  4  "));
    assert_non_null(strstr(base, "  131  "));
    assert_non_null(strstr(base, "  129  "));
    line_with(grid, "pilot", pilot, sizeof pilot);
    assert_non_null(strstr(pilot, "40.5"));
    assert_non_null(strstr(pilot, "boxes_rehandled: 5"));
    assert_non_null(strstr(pilot, "  -  ")); /* no finished counter: no cut off */
    const size_t w = strcspn(grid, "\n"); /* aligned columns */
    for (const char *p = grid; *p; p += strcspn(p, "\n") + 1)
        assert_int_equal(strcspn(p, "\n"), w);
    int lines = 0;
    for (const char *p = grid; *p; p++) lines += *p == '\n';
    assert_int_equal(lines, 4); /* header, rule, 2 groups */
    free(table);

    char *md = render_counts(&t, CS_REPORT_MARKDOWN);
    assert_int_equal(strncmp(md, "| point | regime", 16), 0);
    line_with(md, "| base", base, sizeof base);
    squeeze(base);
    assert_non_null(strstr(base, "| 100 |"));
    assert_non_null(strstr(base, "| 98 |"));
    assert_non_null(strstr(base, "| 2 |"));
    assert_non_null(strstr(base, "| 4 |"));
    assert_non_null(strstr(md, "| ----: | ------ |")); /* numbers right-aligned */
    free(md);

    /* CSV stays the one summary table; no counters, no section */
    char *csv = render_counts(&t, CS_REPORT_CSV);
    assert_string_equal(csv, "");
    free(csv);
    const cs_counts_table none = { 0, NULL };
    char *empty = render_counts(&none, CS_REPORT_TABLE);
    assert_string_equal(empty, "");
    free(empty);

    /* without unknown counters there is no "other" column */
    t.nrows = 8;
    table = render_counts(&t, CS_REPORT_TABLE);
    assert_null(strstr(table, "other"));
    free(table);
}

/* What the writer stores, the reader and the report agree on. */
static void test_counts_file_to_report(void **state)
{
    fixture *fx = *state;
    cs_results r;
    build_with_counts(&r);
    const char *path = in_dir(fx, "a.h5");
    assert_int_equal(write_ok(path, &r, false), CS_OK);
    cs_counts_table t;
    cs_error err = { 0 };
    assert_int_equal(cs_output_read_counts(path, &t, &err), CS_OK);
    char *md = render_counts(&t, CS_REPORT_MARKDOWN);
    char line[512];
    line_with(md, "| base", line, sizeof line);
    squeeze(line);
    assert_non_null(strstr(line, "| import |"));
    assert_non_null(strstr(line, "| 100 | 98 | 2 | 6 | - | - |"));
    free(md);
    cs_counts_table_free(&t);
    cs_results_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256_vectors),
        cmocka_unit_test_setup_teardown(test_roundtrip_summary, setup, teardown),
        cmocka_unit_test_setup_teardown(test_layout_details, setup, teardown),
        cmocka_unit_test_setup_teardown(test_identical_runs_h5diff, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_object_times, setup, teardown),
        cmocka_unit_test_setup_teardown(test_existing_without_force, setup, teardown),
        cmocka_unit_test_setup_teardown(test_force_keeps_foreign_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_force_replaces_clearsim_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unwritable_folder, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_failure_leaves_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_error_handler_restored, setup, teardown),
        cmocka_unit_test_setup_teardown(test_read_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_and_mixed_units, setup, teardown),
        cmocka_unit_test_setup_teardown(test_counts_roundtrip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_counts_mixed_units, setup, teardown),
        cmocka_unit_test_setup_teardown(test_counts_identical_h5diff, setup, teardown),
        cmocka_unit_test_setup_teardown(test_counts_file_to_report, setup, teardown),
        cmocka_unit_test_setup_teardown(test_trace_roundtrip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_trace_identical_h5diff, setup, teardown),
        cmocka_unit_test(test_report_csv),
        cmocka_unit_test(test_report_table_and_markdown),
        cmocka_unit_test(test_report_counts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
