/*
 * h5_write.c - cs_output_write: a cs_results as one HDF5 file (layout in
 * docs/hdf5.md).
 *
 * Two promises shape this file.  First, a result file is never half there,
 * and nothing else is ever written through it: HDF5 builds the file in
 * memory (core driver) and its image is published by publish.c (a new
 * file of an unpredictable name beside the target, then a rename that
 * replaces nothing without --force).  Doing the disk I/O ourselves also
 * gives errno-based messages and keeps HDF5 1.10 away from write errors,
 * after which its H5Fclose fails and the process crashes at exit.  Second, two runs of the same scenario and seed give files that
 * h5diff finds equal outside /run_info: tables are columns written in a
 * precomputed row order (the table writers live in h5_columns.c and
 * h5_trace.c; this file keeps the root, /scenario, /run_info and the file's
 * life cycle), strings have value-derived widths, and no object header
 * carries a time stamp.
 * HDF5's own error printing is silenced for the whole call; failures come
 * back as one cs_error naming the path.
 */
#define _GNU_SOURCE /* renameat2 and RENAME_NOREPLACE */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "clearsim/output.h"
#include "output/h5_append.h"
#include "output/h5_columns.h"
#include "output/h5_util.h"
#include "output/publish.h"

#define FORMAT_TAG "clearsim-results 1"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Sweeps: the sweep's hash and size; a shard's part says which it is. */
static cs_status write_sweep_attrs(hid_t f, const cs_results *r)
{
    if (r->npoints == 0) return CS_OK;
    const uint32_t v[3] = { r->npoints, r->shard_index, r->shard_count };
    CS_TRY(cs_h5_attr_str(f, "sweep_sha256", r->sweep_sha256));
    CS_TRY(cs_h5_attr_num(f, "points", H5T_STD_U32LE, H5T_NATIVE_UINT32, &v[0]));
    if (r->shard_count == 0) return CS_OK;
    CS_TRY(cs_h5_attr_num(f, "shard_index", H5T_STD_U32LE, H5T_NATIVE_UINT32, &v[1]));
    return cs_h5_attr_num(f, "shard_count", H5T_STD_U32LE, H5T_NATIVE_UINT32, &v[2]);
}

static cs_status write_root(hid_t f, const cs_results *r)
{
    const uint64_t seed = r->seed;
    const uint32_t reps = r->replications;
    CS_TRY(cs_h5_attr_str(f, "clearsim_version", r->version ? r->version : ""));
    CS_TRY(cs_h5_attr_num(f, "seed", H5T_STD_U64LE, H5T_NATIVE_UINT64, &seed));
    CS_TRY(cs_h5_attr_str(f, "scenario_sha256", r->scenario_sha256));
    CS_TRY(cs_h5_attr_str(f, "scenario_name", r->scenario_name));
    CS_TRY(cs_h5_attr_num(f, "replications", H5T_STD_U32LE, H5T_NATIVE_UINT32, &reps));
    const uint64_t cut = r->draws_cut;
    CS_TRY(cs_h5_attr_num(f, "draws_cut", H5T_STD_U64LE, H5T_NATIVE_UINT64, &cut));
    CS_TRY(cs_h5_attr_str(f, "format", FORMAT_TAG));
    return write_sweep_attrs(f, r);
}

/* A text as one scalar fixed-length string dataset (no 64 KiB limit,
 * unlike an attribute): /scenario, and /sweep for sweeps. */
static cs_status write_text(hid_t f, const char *name, const char *text, size_t len)
{
    if (!text) len = 0;
    if (!len) text = "";
    cs_status st = CS_ERR_IO;
    hid_t t = H5Tcopy(H5T_C_S1);
    hid_t s = H5Screate(H5S_SCALAR);
    hid_t dcpl = cs_h5_dcpl();
    if (t >= 0 && s >= 0 && dcpl >= 0 && H5Tset_size(t, len ? len : 1) >= 0 &&
        H5Tset_strpad(t, H5T_STR_NULLPAD) >= 0 && H5Tset_cset(t, H5T_CSET_UTF8) >= 0) {
        hid_t d = H5Dcreate2(f, name, t, s, H5P_DEFAULT, dcpl, H5P_DEFAULT);
        if (d >= 0) {
            st = CS_H5(H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, text));
            if (H5Dclose(d) < 0) st = CS_ERR_IO;
        }
    }
    if (dcpl >= 0) H5Pclose(dcpl);
    if (s >= 0) H5Sclose(s);
    if (t >= 0) H5Tclose(t);
    return st;
}

cs_status cs_h5_write_run_info(hid_t g, const cs_run_info *in)
{
    const int32_t threads = in->threads, ranks = in->ranks;
    const double wall = in->wall_seconds;
    CS_TRY(cs_h5_attr_str(g, "created", in->created));
    CS_TRY(cs_h5_attr_str(g, "command_line", in->command_line));
    CS_TRY(cs_h5_attr_str(g, "host", in->host));
    CS_TRY(cs_h5_attr_num(g, "threads", H5T_STD_I32LE, H5T_NATIVE_INT32, &threads));
    CS_TRY(cs_h5_attr_num(g, "ranks", H5T_STD_I32LE, H5T_NATIVE_INT32, &ranks));
    CS_TRY(cs_h5_attr_num(g, "wall_seconds", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &wall));
    if (in->precision <= 0) return CS_OK;
    /* how sequential stopping ended (run --precision) */
    const uint32_t batch = in->precision_batch, cap = in->precision_cap;
    const int32_t met = in->precision_met;
    const double widest = in->precision_widest.ratio;
    CS_TRY(cs_h5_attr_num(g, "precision", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &in->precision));
    CS_TRY(cs_h5_attr_num(g, "precision_floor", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &in->precision_floor));
    CS_TRY(cs_h5_attr_num(g, "precision_batch", H5T_STD_U32LE, H5T_NATIVE_UINT32, &batch));
    CS_TRY(cs_h5_attr_num(g, "precision_cap", H5T_STD_U32LE, H5T_NATIVE_UINT32, &cap));
    CS_TRY(cs_h5_attr_num(g, "precision_met", H5T_STD_I32LE, H5T_NATIVE_INT32, &met));
    return cs_h5_attr_num(g, "precision_widest_ratio", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &widest);
}

static cs_status in_group(hid_t f, const char *name, cs_h5_table_writer fn, const cs_results *r, cs_h5_scratch *s,
                          const char *unit, bool mixed)
{
    hid_t g = cs_h5_group(f, name);
    if (g < 0) return CS_ERR_IO;
    cs_status st = fn(g, r, s, unit, mixed);
    if (H5Gclose(g) < 0 && st == CS_OK) st = CS_ERR_IO;
    return st;
}

static cs_status run_info_writer(hid_t g, const cs_results *r, cs_h5_scratch *s, const char *unit, bool mixed)
{
    (void)s, (void)unit, (void)mixed;
    return cs_h5_write_run_info(g, &r->info);
}

/* Does the group have rows (the tables that exist only when the model
 * reports them, /trace only for traced runs)? */
static bool has_rows(const cs_results *r, cs_h5_table_writer fn)
{
    if (fn == cs_h5_write_resources) return r->nresources > 0;
    if (fn == cs_h5_write_counts) return r->ncounters > 0;
    if (fn == cs_h5_write_trace) return r->ntrace > 0;
    if (fn == cs_h5_write_points) return r->npoints > 0;
    if (fn == cs_h5_write_differences) return r->ndifferences > 0;
    if (fn == cs_h5_write_decomposition) return r->ndecomposition > 0;
    if (fn == cs_h5_write_timeseries) return r->nseries > 0;
    if (fn == cs_h5_write_shares) return r->nshares > 0;
    return true;
}

/* The groups of a result file, in the order they are written.  per_point:
 * a sweep's file gets the group's rows point by point (the rows of each
 * point follow the previous point's); always: the group exists even
 * without rows. */
static const struct {
    const char *name, *path;
    cs_h5_table_writer fn;
    bool per_point, always;
} groups[] = {
    { "summary", "/summary", cs_h5_write_summary, true, true },
    { "replications", "/replications", cs_h5_write_replications, true, true },
    { "histograms", "/histograms", cs_h5_write_histograms, true, true },
    { "metrics", "/metrics", cs_h5_write_metrics, false, true },
    { "segments", "/segments", cs_h5_write_segments, false, true },
    { "differences", "/differences", cs_h5_write_differences, true, false },
    { "decomposition", "/decomposition", cs_h5_write_decomposition, true, false },
    { "shares", "/shares", cs_h5_write_shares, true, false },
    { "pooled", "/pooled", cs_h5_write_pooled, true, true },
    { "warnings", "/warnings", cs_h5_write_warnings, true, true },
    { "resources", "/resources", cs_h5_write_resources, true, false },
    { "counts", "/counts", cs_h5_write_counts, true, false },
    { "timeseries", "/timeseries", cs_h5_write_timeseries, true, false },
    { "trace", "/trace", cs_h5_write_trace, false, false },
    { "points", "/points", cs_h5_write_points, false, false },
    { "run_info", "/run_info", run_info_writer, false, true },
};

/* Which groups write_groups writes. */
typedef enum group_pick { ALL_GROUPS, POINT_GROUPS, OTHER_GROUPS } group_pick;

static cs_status write_groups(hid_t f, const cs_results *r, cs_h5_scratch *s, const char *unit, bool mixed,
                              group_pick pick, const char **where)
{
    for (size_t i = 0; i < COUNT(groups); i++) {
        const bool mine = pick == ALL_GROUPS || (pick == POINT_GROUPS) == groups[i].per_point;
        /* a sweep without points (an empty shard) still has its tables */
        const bool empty_table = pick == OTHER_GROUPS && groups[i].per_point && groups[i].always &&
                                 H5Lexists(f, groups[i].name, H5P_DEFAULT) <= 0;
        if (!(mine || empty_table) || !has_rows(r, groups[i].fn)) continue;
        *where = groups[i].path;
        CS_TRY(in_group(f, groups[i].name, groups[i].fn, r, s, unit, mixed));
    }
    return CS_OK;
}

/* The root, /scenario and /sweep. */
static cs_status write_head(hid_t f, const cs_results *r, const char **where)
{
    *where = "the root attributes";
    CS_TRY(write_root(f, r));
    *where = "/scenario";
    CS_TRY(write_text(f, "scenario", r->scenario_text, r->scenario_len));
    *where = "/sweep";
    if (r->sweep_text) CS_TRY(write_text(f, "sweep", r->sweep_text, r->sweep_len));
    return CS_OK;
}

/* Everything into an open file; *where names the object that failed. */
static cs_status write_all(hid_t f, const cs_results *r, cs_h5_scratch *s, const char **where)
{
    bool mixed;
    const char *unit = cs_h5_keys_unit(r->keys, r->nkeys, &mixed);
    CS_TRY(write_head(f, r, where));
    return write_groups(f, r, s, unit, mixed, ALL_GROUPS, where);
}

/* Everything about OUT that can be known before a run: a name (not empty,
 * not a folder, short enough for the temporary name beside it), a folder
 * that exists, and either nothing there or, with --force, a regular
 * clearsim file (never a link: it is not followed, nor replaced). */
cs_status cs_output_check_target(const char *path, bool force, cs_error *err)
{
    return cs_publish_check(path, force, cs_output_is_clearsim_file, "a clearsim file", err);
}

/* Build the whole file in memory (HDF5's core driver, no backing store)
 * and hand back its image.  HDF5 thus never meets a failing disk: in 1.10 an
 * H5Fclose that fails on a write error leaves the library in a state that
 * crashes at exit, so all file I/O is done by write_image instead. */
static cs_status build_image(const char *path, const char *name, cs_h5_filler fill, void *ctx,
                             void **image, size_t *size, cs_error *err)
{
    const char *where = "the file";
    hid_t fcpl = cs_h5_fcpl(), fapl = H5Pcreate(H5P_FILE_ACCESS);
    hid_t f = -1;
    if (fcpl >= 0 && fapl >= 0 && H5Pset_fapl_core(fapl, (size_t)1 << 20, 0) >= 0)
        f = H5Fcreate(name, H5F_ACC_TRUNC, fcpl, fapl);
    cs_status st = f < 0 ? CS_ERR_IO : fill(f, ctx, &where, err);
    *image = NULL;
    if (st == CS_OK) {
        where = "the file image";
        const ssize_t n = H5Fflush(f, H5F_SCOPE_GLOBAL) < 0 ? -1 : H5Fget_file_image(f, NULL, 0);
        if (n > 0 && !(*image = malloc((size_t)n))) st = CS_ERR_NOMEM;
        else if (n > 0 && H5Fget_file_image(f, *image, (size_t)n) == n) *size = (size_t)n;
        else st = CS_ERR_IO;
    }
    if (f >= 0 && H5Fclose(f) < 0 && st == CS_OK) st = CS_ERR_IO;
    if (fapl >= 0) H5Pclose(fapl);
    if (fcpl >= 0) H5Pclose(fcpl);
    if (st == CS_OK) return CS_OK;
    free(*image);
    *image = NULL;
    if (st == CS_ERR_NOMEM) return cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory writing %s", path);
    if (st == CS_ERR_INPUT) return st; /* the filler set err: bad input */
    return cs_error_set(err, CS_ERR_IO, NULL, 0, 0, "cannot write %s: HDF5 failed writing %s", path, where);
}

typedef struct results_ctx {
    const cs_results *r;
    cs_h5_scratch *scratch;
} results_ctx;

static cs_status results_filler(hid_t f, void *ctx, const char **where, cs_error *err)
{
    (void)err;
    const results_ctx *c = ctx;
    return write_all(f, c->r, c->scratch, where);
}

cs_status cs_output_write(const char *path, const cs_results *r, bool force, cs_error *err)
{
    if (!path || !*path || path[strlen(path) - 1] == '/')
        return cs_error_set(err, CS_ERR_INPUT, NULL, 0, 0, "'%s' is not a file name",
                            path ? path : "");
    if (r->nkeys && (!r->keys || !r->rep_values || !r->hists || !r->summary))
        return cs_error_set(err, CS_ERR_INTERNAL, NULL, 0, 0,
                            "results for %s are incomplete (not summarised)", path);
    if (r->nresources && (!r->resource_keys || !r->resource_values || !r->replications))
        return cs_error_set(err, CS_ERR_INTERNAL, NULL, 0, 0,
                            "resource results for %s are incomplete", path);
    if (r->ncounters && (!r->counter_keys || !r->counter_values || !r->replications))
        return cs_error_set(err, CS_ERR_INTERNAL, NULL, 0, 0,
                            "counter results for %s are incomplete", path);
    if (!cs_h5_trace_valid(r))
        return cs_error_set(err, CS_ERR_INTERNAL, NULL, 0, 0,
                            "trace results for %s are incomplete", path);

    results_ctx c = { r, NULL };
    cs_h5_scratch sc;
    if (cs_h5_scratch_alloc(&sc, r) != CS_OK)
        return cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory writing %s", path);
    c.scratch = &sc;
    const cs_status st = cs_h5_write_file(path, force, results_filler, &c, err);
    cs_h5_scratch_free(&sc);
    return st;
}

cs_status cs_h5_write_file(const char *path, bool force, cs_h5_filler fill, void *ctx, cs_error *err)
{
    cs_h5_quiet q;
    cs_h5_quiet_begin(&q);
    cs_status st = cs_output_check_target(path, force, err);
    if (st == CS_OK) {
        void *image = NULL;
        size_t size = 0;
        st = build_image(path, ".clearsim-image", fill, ctx, &image, &size, err);
        if (st == CS_OK) st = cs_publish(path, force, image, size, err);
        free(image);
    }
    cs_h5_quiet_end(&q);
    return st;
}

/* ---- a sweep's file, point by point ------------------------------------ */

struct cs_output_stream {
    hid_t f;
    cs_h5_append *a;
    int dfd;               /* the private folder the file grows in */
    char *name;            /* its name there */
    char *shown;           /* the file's name in messages */
    cs_output_shape shape;
    bool published;
};

/* The system's reason behind an HDF5 write failure, when errno still
 * holds one that a user can act on ("" otherwise). */
static const char *disk_reason(int e)
{
    return e == ENOSPC || e == EDQUOT || e == EFBIG || e == EIO || e == EROFS ? strerror(e) : "";
}

static cs_status stream_fail(cs_output_stream *s, cs_status st, const char *where, cs_error *err)
{
    const char *why = disk_reason(errno);
    if (st == CS_ERR_NOMEM) return cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory writing %s", s->shown);
    if (st == CS_ERR_INTERNAL)
        return cs_error_set(err, CS_ERR_INTERNAL, NULL, 0, 0, "cannot write %s: a point's %s does not fit the "
                            "columns of the points before it", s->shown, where);
    return cs_error_set(err, CS_ERR_IO, NULL, 0, 0, "cannot write %s: HDF5 failed writing %s%s%s%s", s->shown, where,
                        *why ? " (" : "", why, *why ? ")" : "");
}

/* HDF5's metadata cache grows with the file's chunk indexes up to 32 MiB
 * by default; a sweep's file of 10,000 points has over 100,000 chunks,
 * written once each and never read back, so a small cache loses nothing
 * and keeps the writer's memory flat. */
static cs_status small_metadata_cache(hid_t fapl)
{
    H5AC_cache_config_t c;
    memset(&c, 0, sizeof c);
    c.version = H5AC__CURR_CACHE_CONFIG_VERSION;
    if (H5Pget_mdc_config(fapl, &c) < 0) return CS_ERR_IO;
    c.set_initial_size = true;
    c.initial_size = (size_t)1 << 20;
    c.min_size = (size_t)1 << 20;
    c.max_size = (size_t)CS_OUTPUT_METADATA_CACHE;
    /* and HDF5's free lists, which keep freed blocks for reuse (up to
     * 21 MiB by default): 1 MiB in all */
    if (H5set_free_list_limits(256 << 10, 64 << 10, 256 << 10, 64 << 10, 512 << 10, 128 << 10) < 0) return CS_ERR_IO;
    return CS_H5(H5Pset_mdc_config(fapl, &c));
}

cs_status cs_output_stream_open(int dfd, const char *dir, const char *name, const cs_output_shape *shape,
                                cs_output_stream **out, cs_error *err)
{
    *out = NULL;
    cs_output_stream *s = calloc(1, sizeof *s);
    const size_t size = strlen(dir) + strlen(name) + 32;
    char *h5path = malloc(size > 64 ? size : 64);
    if (s) {
        s->f = -1;
        s->dfd = dfd;
        s->shape = *shape;
        s->name = strdup(name);
        s->shown = malloc(size);
    }
    if (!s || !h5path || !s->name || !s->shown || cs_h5_append_new(shape->label_width, &s->a) != CS_OK) {
        free(h5path);
        cs_output_stream_free(s);
        return cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    snprintf(s->shown, size, "%s/%s", dir, name);
    /* HDF5 opens by name: through the folder's descriptor where /proc
     * shows it, so the folder cannot be swapped under the open */
    snprintf(h5path, size > 64 ? size : 64, "/proc/self/fd/%d/%s", dfd, name);
    if (faccessat(AT_FDCWD, h5path, F_OK, 0) != 0 && errno == ENOENT) {
        char probe[48];
        snprintf(probe, sizeof probe, "/proc/self/fd/%d", dfd);
        if (access(probe, F_OK) != 0) snprintf(h5path, size, "%s/%s", dir, name);
    }
    (void)unlinkat(dfd, name, 0); /* what a killed run left */
    cs_h5_quiet q;
    cs_h5_quiet_begin(&q);
    hid_t fcpl = cs_h5_fcpl(), fapl = cs_h5_fapl();
    if (fcpl >= 0 && fapl >= 0 && small_metadata_cache(fapl) == CS_OK)
        s->f = H5Fcreate(h5path, H5F_ACC_EXCL, fcpl, fapl);
    if (fapl >= 0) H5Pclose(fapl);
    if (fcpl >= 0) H5Pclose(fcpl);
    cs_h5_quiet_end(&q);
    free(h5path);
    if (s->f < 0) {
        const cs_status st = cs_error_set(err, CS_ERR_IO, NULL, 0, 0, "cannot create %s", s->shown);
        cs_output_stream_free(s);
        return st;
    }
    *out = s;
    return CS_OK;
}

cs_status cs_output_stream_point(cs_output_stream *s, const cs_results *r, cs_error *err)
{
    cs_h5_scratch sc;
    if (cs_h5_scratch_alloc(&sc, r) != CS_OK) return stream_fail(s, CS_ERR_NOMEM, "", err);
    const char *where = "the tables";
    cs_h5_quiet q;
    cs_h5_quiet_begin(&q);
    cs_h5_append_use(s->a);
    const cs_status st = write_groups(s->f, r, &sc, s->shape.unit, s->shape.mixed, POINT_GROUPS, &where);
    cs_h5_append_use(NULL);
    cs_h5_quiet_end(&q);
    cs_h5_scratch_free(&sc);
    return st == CS_OK ? CS_OK : stream_fail(s, st, where, err);
}

cs_status cs_output_stream_publish(cs_output_stream *s, const cs_results *rest, const char *path, bool force,
                                   cs_error *err)
{
    cs_h5_scratch sc;
    if (cs_h5_scratch_alloc(&sc, rest) != CS_OK) return stream_fail(s, CS_ERR_NOMEM, "", err);
    const char *where = "the tables";
    cs_h5_quiet q;
    cs_h5_quiet_begin(&q);
    cs_status st = cs_h5_append_finish(s->a);
    if (st == CS_OK) st = write_head(s->f, rest, &where);
    if (st == CS_OK) st = write_groups(s->f, rest, &sc, s->shape.unit, s->shape.mixed, OTHER_GROUPS, &where);
    cs_h5_append_free(s->a);
    s->a = NULL;
    /* H5Fclose can return success after failed writes: flush first */
    if (st == CS_OK && H5Fflush(s->f, H5F_SCOPE_GLOBAL) < 0) st = CS_ERR_IO, where = "the file";
    if (H5Fclose(s->f) < 0 && st == CS_OK) st = CS_ERR_IO, where = "the file";
    s->f = -1;
    cs_h5_quiet_end(&q);
    cs_h5_scratch_free(&sc);
    if (st != CS_OK) return stream_fail(s, st, where, err);
    st = cs_output_check_target(path, force, err);
    if (st == CS_OK) st = cs_publish_at(s->dfd, s->name, path, force, err);
    s->published = st == CS_OK;
    return st;
}

void cs_output_stream_free(cs_output_stream *s)
{
    if (!s) return;
    cs_h5_quiet q;
    cs_h5_quiet_begin(&q);
    cs_h5_append_free(s->a);
    if (s->f >= 0) H5Fclose(s->f);
    cs_h5_quiet_end(&q);
    if (!s->published && s->name) (void)unlinkat(s->dfd, s->name, 0);
    free(s->name);
    free(s->shown);
    free(s);
}
