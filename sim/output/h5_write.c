/*
 * h5_write.c - cs_output_write: a cs_results as one HDF5 file (layout in
 * docs/hdf5.md).
 *
 * Two promises shape this file.  First, a result file is never half there:
 * HDF5 builds it in memory (core driver), its image is written under a
 * temporary name in the target's own folder (so the final rename stays on
 * one file system and is atomic), fsynced, and only then renamed over the
 * target; any failure removes the temporary file.  Doing the disk I/O
 * ourselves also gives errno-based messages and keeps HDF5 1.10 away from
 * write errors, after which its H5Fclose fails and the process crashes at
 * exit.  Second, two runs of the same scenario and seed give files that
 * h5diff finds equal outside /run_info: tables are columns written in a
 * precomputed row order, strings have value-derived widths, and no object
 * header carries a time stamp.  HDF5's own error printing is silenced for
 * the whole call; failures come back as one cs_error naming the path.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "clearsim/output.h"
#include "output/h5_util.h"

#define FORMAT_TAG "clearsim-results 1"

/* Per-row buffers, sized for the longest table. */
typedef struct scratch {
    uint32_t *u32;
    uint64_t *u64;
    double *f64;
    const char **str;
    const cs_metric_key **kp;
} scratch;

typedef struct named_off {
    const char *name;
    size_t off;
    bool is_time; /* gets a units attribute */
} named_off;

static const char *const summary_columns[] = {
    "point", "regime", "flow", "segment", "metric", "n",
    "mean", "ci95_low", "ci95_high", "p50", "p90", "p99",
};
static const named_off summary_f64[] = {
    { "mean", offsetof(cs_summary_row, mean), true },
    { "ci95_low", offsetof(cs_summary_row, ci95_low), true },
    { "ci95_high", offsetof(cs_summary_row, ci95_high), true },
    { "p50", offsetof(cs_summary_row, p50), true },
    { "p90", offsetof(cs_summary_row, p90), true },
    { "p99", offsetof(cs_summary_row, p99), true },
};
static const named_off key_labels[] = {
    { "regime", offsetof(cs_metric_key, regime), false },
    { "flow", offsetof(cs_metric_key, flow), false },
    { "segment", offsetof(cs_metric_key, segment), false },
    { "metric", offsetof(cs_metric_key, metric), false },
};
static const char *const replication_columns[] = {
    "point", "regime", "replication", "flow", "segment", "metric", "count", "mean",
};
static const char *const histogram_columns[] = {
    "point", "regime", "flow", "segment", "metric", "counts",
};
static const char *const resource_columns[] = {
    "point", "regime", "resource", "replication", "window_start", "window_end",
    "capacity_mean", "busy_mean", "utilisation", "queue_mean", "queue_max",
    "in_system_mean", "arrivals", "completions",
};
static const named_off resource_f64[] = {
    { "window_start", offsetof(cs_resource_value, window_start), true },
    { "window_end", offsetof(cs_resource_value, window_end), true },
    { "capacity_mean", offsetof(cs_resource_value, capacity_mean), false },
    { "busy_mean", offsetof(cs_resource_value, busy_mean), false },
    { "utilisation", offsetof(cs_resource_value, utilisation), false },
    { "queue_mean", offsetof(cs_resource_value, queue_mean), false },
    { "queue_max", offsetof(cs_resource_value, queue_max), false },
    { "in_system_mean", offsetof(cs_resource_value, in_system_mean), false },
    { "arrivals", offsetof(cs_resource_value, arrivals), false },
    { "completions", offsetof(cs_resource_value, completions), false },
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static double field_f64(const void *base, size_t off)
{
    double v;
    memcpy(&v, (const char *)base + off, sizeof v);
    return v;
}

/* The unit shared by all metric keys; "mixed" (and *mixed set) when they
 * differ, "" without keys. */
static const char *file_unit(const cs_results *r, bool *mixed)
{
    *mixed = false;
    if (r->nkeys == 0) return "";
    for (size_t k = 1; k < r->nkeys; k++)
        if (strcmp(r->keys[k].unit, r->keys[0].unit) != 0) {
            *mixed = true;
            return "mixed";
        }
    return r->keys[0].unit;
}

/* point, regime, flow, segment, metric (and unit when units are mixed) of
 * the rows whose keys are s->kp[0..n). */
static int write_key_cols(hid_t g, size_t n, scratch *s, bool unit_col)
{
    for (size_t i = 0; i < n; i++) s->u32[i] = s->kp[i]->point;
    if (cs_h5_col(g, "point", H5T_STD_U32LE, H5T_NATIVE_UINT32, s->u32, n, NULL) < 0)
        return -1;
    for (size_t c = 0; c < COUNT(key_labels); c++) {
        for (size_t i = 0; i < n; i++)
            s->str[i] = (const char *)s->kp[i] + key_labels[c].off;
        if (cs_h5_col_str(g, key_labels[c].name, s->str, n) < 0) return -1;
    }
    if (unit_col) {
        for (size_t i = 0; i < n; i++) s->str[i] = s->kp[i]->unit;
        if (cs_h5_col_str(g, "unit", s->str, n) < 0) return -1;
    }
    return 0;
}

static int write_root(hid_t f, const cs_results *r)
{
    const uint64_t seed = r->seed;
    const uint32_t reps = r->replications;
    return cs_h5_attr_str(f, "clearsim_version", r->version ? r->version : "") < 0 ||
                   cs_h5_attr_num(f, "seed", H5T_STD_U64LE, H5T_NATIVE_UINT64, &seed) < 0 ||
                   cs_h5_attr_str(f, "scenario_sha256", r->scenario_sha256) < 0 ||
                   cs_h5_attr_str(f, "scenario_name", r->scenario_name) < 0 ||
                   cs_h5_attr_num(f, "replications", H5T_STD_U32LE, H5T_NATIVE_UINT32,
                                  &reps) < 0 ||
                   cs_h5_attr_str(f, "format", FORMAT_TAG) < 0
               ? -1
               : 0;
}

/* The scenario text as one scalar fixed-length string (no 64 KiB limit,
 * unlike an attribute). */
static int write_scenario(hid_t f, const cs_results *r)
{
    const size_t len = r->scenario_text ? r->scenario_len : 0;
    const char *text = len ? r->scenario_text : "";
    int rc = -1;
    hid_t t = H5Tcopy(H5T_C_S1);
    hid_t s = H5Screate(H5S_SCALAR);
    hid_t dcpl = cs_h5_dcpl();
    if (t >= 0 && s >= 0 && dcpl >= 0 && H5Tset_size(t, len ? len : 1) >= 0 &&
        H5Tset_strpad(t, H5T_STR_NULLPAD) >= 0 && H5Tset_cset(t, H5T_CSET_UTF8) >= 0) {
        hid_t d = H5Dcreate2(f, "scenario", t, s, H5P_DEFAULT, dcpl, H5P_DEFAULT);
        if (d >= 0) {
            rc = H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, text) < 0 ? -1 : 0;
            if (H5Dclose(d) < 0) rc = -1;
        }
    }
    if (dcpl >= 0) H5Pclose(dcpl);
    if (s >= 0) H5Sclose(s);
    if (t >= 0) H5Tclose(t);
    return rc;
}

static int write_summary(hid_t g, const cs_results *r, scratch *s, const char *unit, bool mixed)
{
    const size_t n = r->nkeys;
    for (size_t i = 0; i < n; i++) s->kp[i] = &r->summary[i].key;
    if (cs_h5_attr_strs(g, "columns", summary_columns, COUNT(summary_columns)) < 0 ||
        write_key_cols(g, n, s, mixed) < 0)
        return -1;
    for (size_t i = 0; i < n; i++) s->u64[i] = r->summary[i].n;
    if (cs_h5_col(g, "n", H5T_STD_U64LE, H5T_NATIVE_UINT64, s->u64, n, NULL) < 0) return -1;
    for (size_t c = 0; c < COUNT(summary_f64); c++) {
        for (size_t i = 0; i < n; i++) s->f64[i] = field_f64(&r->summary[i], summary_f64[c].off);
        if (cs_h5_col(g, summary_f64[c].name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, s->f64, n,
                      unit) < 0)
            return -1;
    }
    return 0;
}

/* Rows by point, regime, replication, then key order inside the (point,
 * regime) run; keys arrive sorted, so each run is a contiguous block. */
static int write_replications(hid_t g, const cs_results *r, scratch *s, const char *unit,
                              bool mixed)
{
    const size_t reps = r->replications;
    const size_t n = r->nkeys * reps;
    size_t row = 0;
    for (size_t a = 0; a < r->nkeys;) {
        size_t b = a + 1;
        while (b < r->nkeys && r->keys[b].point == r->keys[a].point &&
               strcmp(r->keys[b].regime, r->keys[a].regime) == 0)
            b++;
        for (size_t rep = 0; rep < reps; rep++)
            for (size_t k = a; k < b; k++, row++) {
                const cs_rep_value *v = &r->rep_values[k * reps + rep];
                s->kp[row] = &r->keys[k];
                s->u32[row] = (uint32_t)rep; /* after the key columns use it */
                s->u64[row] = v->count;
                s->f64[row] = v->mean;
            }
        a = b;
    }
    if (cs_h5_attr_strs(g, "columns", replication_columns, COUNT(replication_columns)) < 0 ||
        cs_h5_col(g, "replication", H5T_STD_U32LE, H5T_NATIVE_UINT32, s->u32, n, NULL) < 0 ||
        cs_h5_col(g, "count", H5T_STD_U64LE, H5T_NATIVE_UINT64, s->u64, n, NULL) < 0 ||
        cs_h5_col(g, "mean", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, s->f64, n, unit) < 0)
        return -1;
    return write_key_cols(g, n, s, mixed);
}

/* counts[nkeys][NBINS]: one chunk per key row, shuffled and deflated (most
 * bins are empty). */
static int write_counts(hid_t g, const cs_results *r)
{
    const hsize_t dims[2] = { r->nkeys, CS_HIST_NBINS };
    const hsize_t maxdims[2] = { H5S_UNLIMITED, CS_HIST_NBINS };
    const hsize_t chunk[2] = { 1, CS_HIST_NBINS };
    int rc = -1;
    hid_t s = H5Screate_simple(2, dims, maxdims);
    hid_t dcpl = cs_h5_dcpl();
    if (s >= 0 && dcpl >= 0 && H5Pset_chunk(dcpl, 2, chunk) >= 0 && H5Pset_shuffle(dcpl) >= 0 &&
        H5Pset_deflate(dcpl, 4) >= 0) {
        hid_t d = H5Dcreate2(g, "counts", H5T_STD_U64LE, s, H5P_DEFAULT, dcpl, H5P_DEFAULT);
        if (d >= 0) {
            rc = 0;
            if (r->nkeys && H5Dwrite(d, H5T_NATIVE_UINT64, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                                     r->hist_counts) < 0)
                rc = -1;
            if (H5Dclose(d) < 0) rc = -1;
        }
    }
    if (dcpl >= 0) H5Pclose(dcpl);
    if (s >= 0) H5Sclose(s);
    return rc;
}

static int write_histograms(hid_t g, const cs_results *r, scratch *s, const char *unit,
                            bool mixed)
{
    double edges[CS_HIST_NBINS + 1];
    for (int i = 0; i <= CS_HIST_NBINS; i++) edges[i] = cs_hist_edge(i);
    for (size_t i = 0; i < r->nkeys; i++) s->kp[i] = &r->keys[i];
    if (cs_h5_attr_strs(g, "columns", histogram_columns, COUNT(histogram_columns)) < 0 ||
        cs_h5_col(g, "edges", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, edges, CS_HIST_NBINS + 1,
                  unit) < 0 ||
        write_counts(g, r) < 0)
        return -1;
    return write_key_cols(g, r->nkeys, s, mixed);
}

static int write_resources(hid_t g, const cs_results *r, scratch *s, const char *unit)
{
    const size_t reps = r->replications;
    const size_t n = r->nresources * reps;
    static const named_off res_labels[] = {
        { "regime", offsetof(cs_resource_key, regime), false },
        { "resource", offsetof(cs_resource_key, resource), false },
    };
    if (cs_h5_attr_strs(g, "columns", resource_columns, COUNT(resource_columns)) < 0) return -1;
    for (size_t i = 0; i < n; i++) s->u32[i] = r->resource_keys[i / reps].point;
    if (cs_h5_col(g, "point", H5T_STD_U32LE, H5T_NATIVE_UINT32, s->u32, n, NULL) < 0) return -1;
    for (size_t c = 0; c < COUNT(res_labels); c++) {
        for (size_t i = 0; i < n; i++)
            s->str[i] = (const char *)&r->resource_keys[i / reps] + res_labels[c].off;
        if (cs_h5_col_str(g, res_labels[c].name, s->str, n) < 0) return -1;
    }
    for (size_t i = 0; i < n; i++) s->u32[i] = (uint32_t)(i % reps);
    if (cs_h5_col(g, "replication", H5T_STD_U32LE, H5T_NATIVE_UINT32, s->u32, n, NULL) < 0)
        return -1;
    for (size_t c = 0; c < COUNT(resource_f64); c++) {
        for (size_t i = 0; i < n; i++)
            s->f64[i] = field_f64(&r->resource_values[i], resource_f64[c].off);
        if (cs_h5_col(g, resource_f64[c].name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, s->f64, n,
                      resource_f64[c].is_time ? unit : NULL) < 0)
            return -1;
    }
    return 0;
}

static int write_run_info(hid_t g, const cs_run_info *in)
{
    const int32_t threads = in->threads, ranks = in->ranks;
    const double wall = in->wall_seconds;
    return cs_h5_attr_str(g, "created", in->created) < 0 ||
                   cs_h5_attr_str(g, "command_line", in->command_line) < 0 ||
                   cs_h5_attr_str(g, "host", in->host) < 0 ||
                   cs_h5_attr_num(g, "threads", H5T_STD_I32LE, H5T_NATIVE_INT32, &threads) < 0 ||
                   cs_h5_attr_num(g, "ranks", H5T_STD_I32LE, H5T_NATIVE_INT32, &ranks) < 0 ||
                   cs_h5_attr_num(g, "wall_seconds", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                                  &wall) < 0
               ? -1
               : 0;
}

typedef int (*group_writer)(hid_t g, const cs_results *r, scratch *s, const char *unit,
                            bool mixed);

static int in_group(hid_t f, const char *name, group_writer fn, const cs_results *r, scratch *s,
                    const char *unit, bool mixed)
{
    hid_t g = cs_h5_group(f, name);
    if (g < 0) return -1;
    int rc = fn(g, r, s, unit, mixed);
    if (H5Gclose(g) < 0) rc = -1;
    return rc;
}

static int resources_writer(hid_t g, const cs_results *r, scratch *s, const char *unit,
                            bool mixed)
{
    (void)mixed;
    return write_resources(g, r, s, unit);
}

static int run_info_writer(hid_t g, const cs_results *r, scratch *s, const char *unit,
                           bool mixed)
{
    (void)s, (void)unit, (void)mixed;
    return write_run_info(g, &r->info);
}

/* Everything into an open file; *where names the object that failed. */
static int write_all(hid_t f, const cs_results *r, scratch *s, const char **where)
{
    static const struct {
        const char *name, *path;
        group_writer fn;
    } groups[] = {
        { "summary", "/summary", write_summary },
        { "replications", "/replications", write_replications },
        { "histograms", "/histograms", write_histograms },
        { "resources", "/resources", resources_writer },
        { "run_info", "/run_info", run_info_writer },
    };
    bool mixed;
    const char *unit = file_unit(r, &mixed);
    *where = "the root attributes";
    if (write_root(f, r) < 0) return -1;
    *where = "/scenario";
    if (write_scenario(f, r) < 0) return -1;
    for (size_t i = 0; i < COUNT(groups); i++) {
        if (r->nresources == 0 && groups[i].fn == resources_writer) continue;
        *where = groups[i].path;
        if (in_group(f, groups[i].name, groups[i].fn, r, s, unit, mixed) < 0) return -1;
    }
    return 0;
}

static void scratch_free(scratch *s)
{
    free(s->u32);
    free(s->u64);
    free(s->f64);
    free(s->str);
    free(s->kp);
}

static int scratch_alloc(scratch *s, const cs_results *r)
{
    size_t n = r->nkeys * (size_t)r->replications;
    if (r->nresources * (size_t)r->replications > n) n = r->nresources * (size_t)r->replications;
    if (r->nkeys > n) n = r->nkeys;
    if (n == 0) n = 1;
    s->u32 = malloc(n * sizeof *s->u32);
    s->u64 = malloc(n * sizeof *s->u64);
    s->f64 = malloc(n * sizeof *s->f64);
    s->str = malloc(n * sizeof *s->str);
    s->kp = malloc(n * sizeof *s->kp);
    if (s->u32 && s->u64 && s->f64 && s->str && s->kp) return 0;
    scratch_free(s);
    return -1;
}

/* May path be (re)placed?  A path we cannot stat is left to the create
 * step, whose errno names the real problem. */
static cs_status check_target(const char *path, bool force, cs_error *err)
{
    struct stat st;
    if (stat(path, &st) != 0) return CS_OK;
    if (!force)
        return cs_error_set(err, CS_ERR_INPUT, NULL, 0, 0,
                            "%s exists (use --force to replace it)", path);
    if (!S_ISREG(st.st_mode) || !cs_output_is_clearsim_file(path))
        return cs_error_set(err, CS_ERR_INPUT, NULL, 0, 0,
                            "%s exists and is not a clearsim file; not replaced", path);
    return CS_OK;
}

/* DIR/.NAME.tmp.PID beside path, or NULL (out of memory). */
static char *temp_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    const size_t dlen = slash ? (size_t)(slash - path) + 1 : 0;
    const size_t size = strlen(path) + 32;
    char *tmp = malloc(size);
    if (!tmp) return NULL;
    snprintf(tmp, size, "%.*s.%s.tmp.%ld", (int)dlen, path, path + dlen, (long)getpid());
    return tmp;
}

/* fsync a folder so a rename in it is durable. */
static int sync_dir(const char *dir)
{
    const int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd < 0) return -1;
    const int rc = fsync(fd);
    close(fd);
    return rc;
}

static int sync_parent(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return sync_dir(".");
    if (slash == path) return sync_dir("/");
    char *dir = strndup(path, (size_t)(slash - path));
    if (!dir) return -1;
    const int rc = sync_dir(dir);
    free(dir);
    return rc;
}

/* Build the whole file in memory (HDF5's core driver, no backing store)
 * and hand back its image.  HDF5 thus never meets a failing disk: in 1.10 an
 * H5Fclose that fails on a write error leaves the library in a state that
 * crashes at exit, so all file I/O is done by write_image instead. */
static cs_status build_image(const char *path, const char *name, const cs_results *r,
                             void **image, size_t *size, cs_error *err)
{
    scratch s;
    if (scratch_alloc(&s, r) < 0)
        return cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory writing %s", path);
    const char *where = "the file";
    hid_t fcpl = cs_h5_fcpl(), fapl = H5Pcreate(H5P_FILE_ACCESS);
    hid_t f = -1;
    if (fcpl >= 0 && fapl >= 0 && H5Pset_fapl_core(fapl, (size_t)1 << 20, 0) >= 0)
        f = H5Fcreate(name, H5F_ACC_TRUNC, fcpl, fapl);
    int rc = f < 0 ? -1 : write_all(f, r, &s, &where);
    bool nomem = false;
    *image = NULL;
    if (rc == 0) {
        where = "the file image";
        const ssize_t n = H5Fflush(f, H5F_SCOPE_GLOBAL) < 0 ? -1 : H5Fget_file_image(f, NULL, 0);
        if (n > 0 && !(*image = malloc((size_t)n))) nomem = true;
        if (n > 0 && *image && H5Fget_file_image(f, *image, (size_t)n) == n)
            *size = (size_t)n;
        else
            rc = -1;
    }
    if (f >= 0 && H5Fclose(f) < 0) rc = -1;
    if (fapl >= 0) H5Pclose(fapl);
    if (fcpl >= 0) H5Pclose(fcpl);
    scratch_free(&s);
    if (rc == 0) return CS_OK;
    free(*image);
    *image = NULL;
    if (nomem)
        return cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory writing %s", path);
    return cs_error_set(err, CS_ERR_IO, NULL, 0, 0, "cannot write %s: HDF5 failed writing %s", path,
                        where);
}

static int write_fd(int fd, const char *buf, size_t n)
{
    while (n > 0) {
        const ssize_t w = write(fd, buf, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) {
            if (w == 0) errno = EIO;
            return -1;
        }
        buf += w;
        n -= (size_t)w;
    }
    return 0;
}

/* The image into tmp, fsynced.  On failure tmp may exist (caller unlinks). */
static cs_status write_image(const char *path, const char *tmp, const void *image, size_t size,
                             cs_error *err)
{
    const int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (fd < 0)
        return cs_error_set(err, CS_ERR_IO, NULL, 0, 0, "cannot create %s: %s", path,
                            strerror(errno));
    int rc = write_fd(fd, image, size) < 0 || fsync(fd) < 0 ? -1 : 0;
    const int saved = errno;
    if (close(fd) < 0 && rc == 0) rc = -1;
    else errno = saved;
    if (rc < 0)
        return cs_error_set(err, CS_ERR_IO, NULL, 0, 0, "cannot write %s: %s", path,
                            strerror(errno));
    return CS_OK;
}

cs_status cs_output_write(const char *path, const cs_results *r, bool force, cs_error *err)
{
    if (!path || !*path || path[strlen(path) - 1] == '/')
        return cs_error_set(err, CS_ERR_INPUT, NULL, 0, 0, "'%s' is not a file name",
                            path ? path : "");
    if (r->nkeys && (!r->keys || !r->rep_values || !r->hist_counts || !r->summary))
        return cs_error_set(err, CS_ERR_INTERNAL, NULL, 0, 0,
                            "results for %s are incomplete (not summarised)", path);
    if (r->nresources && (!r->resource_keys || !r->resource_values || !r->replications))
        return cs_error_set(err, CS_ERR_INTERNAL, NULL, 0, 0,
                            "resource results for %s are incomplete", path);

    cs_h5_quiet q;
    cs_h5_quiet_begin(&q);
    cs_status st = check_target(path, force, err);
    char *tmp = NULL;
    if (st == CS_OK && !(tmp = temp_name(path)))
        st = cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory writing %s", path);
    if (st == CS_OK) {
        void *image = NULL;
        size_t size = 0;
        st = build_image(path, tmp, r, &image, &size, err);
        if (st == CS_OK) st = write_image(path, tmp, image, size, err);
        free(image);
        if (st == CS_OK && rename(tmp, path) != 0)
            st = cs_error_set(err, CS_ERR_IO, NULL, 0, 0, "cannot rename %s to %s: %s", tmp,
                              path, strerror(errno));
        if (st != CS_OK)
            unlink(tmp);
        else
            (void)sync_parent(path); /* best effort: the data itself is synced */
    }
    free(tmp);
    cs_h5_quiet_end(&q);
    return st;
}
