/*
 * h5_read.c - recognising clearsim result files and reading their tables
 * back into row structs.
 *
 * The reader is what `report` and `--force` rely on, and both meet files of
 * unknown origin, so nothing here trusts the file: each column is checked
 * for class, rank and length before it is read, labels are truncated to the
 * struct's width, and HDF5's error printing stays off.  A file that is not
 * HDF5 or lacks the layout is bad input (exit 2), and so is a file of an
 * older histogram format, with a message saying how to rewrite it; a read
 * that fails inside a well-formed file is an I/O error (exit 1).  Every
 * table is read the same way, from a list of its columns (h5_read.h), and
 * rows keyed by a metric learn the kinds of their metric and segment from
 * the file's own catalogue, so the layers above select rows by kind.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "clearsim/output.h"
#include "output/h5_read.h"
#include "output/h5_util.h"

#ifndef CLEARSIM_VERSION
#define CLEARSIM_VERSION "0.0.0"
#endif

/* Only regular files are opened: HDF5 would block on a FIFO forever. */
static bool is_hdf5(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) return false;
#if H5_VERSION_GE(1, 12, 0)
    return H5Fis_accessible(path, H5P_DEFAULT) > 0;
#else
    return H5Fis_hdf5(path) > 0;
#endif
}

/* Open read-only (regular files only); -1 on failure. */
static hid_t open_ro(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) return -1;
    hid_t fapl = cs_h5_fapl();
    if (fapl < 0) return -1;
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, fapl);
    H5Pclose(fapl);
    return f;
}

bool cs_output_is_clearsim_file(const char *path)
{
    cs_h5_quiet q;
    cs_h5_quiet_begin(&q);
    bool ok = false;
    if (path && is_hdf5(path)) {
        hid_t f = open_ro(path);
        if (f >= 0) {
            ok = H5Aexists(f, "clearsim_version") > 0;
            H5Fclose(f);
        }
    }
    cs_h5_quiet_end(&q);
    return ok;
}

/* ---- columns: CS_OK, CS_ERR_INPUT (not our layout), CS_ERR_IO, CS_ERR_NOMEM ---- */

hid_t cs_h5_open_col(hid_t g, const char *name, H5T_class_t cls, size_t *n)
{
    if (H5Lexists(g, name, H5P_DEFAULT) <= 0) return -1;
    hid_t d = H5Dopen2(g, name, H5P_DEFAULT);
    if (d < 0) return -1;
    hid_t s = H5Dget_space(d), t = H5Dget_type(d);
    hsize_t dims[1] = { 0 };
    bool ok = s >= 0 && t >= 0 && H5Sget_simple_extent_ndims(s) == 1 &&
              H5Sget_simple_extent_dims(s, dims, NULL) == 1 && H5Tget_class(t) == cls &&
              (cls != H5T_STRING || H5Tis_variable_str(t) == 0);
    if (ok && *n == SIZE_MAX) *n = (size_t)dims[0];
    ok = ok && (size_t)dims[0] == *n;
    if (t >= 0) H5Tclose(t);
    if (s >= 0) H5Sclose(s);
    if (!ok) {
        H5Dclose(d);
        return -1;
    }
    return d;
}

/* A numeric column into buf (n values of mtype). */
static cs_status read_num(hid_t g, const char *name, H5T_class_t cls, hid_t mtype, void *buf, size_t n)
{
    hid_t d = cs_h5_open_col(g, name, cls, &n);
    if (d < 0) return CS_ERR_INPUT;
    cs_status rc = CS_OK;
    if (n && H5Dread(d, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) rc = CS_ERR_IO;
    H5Dclose(d);
    return rc;
}

/* A fixed-length string column into the char[width] field at offset off
 * of each of the n structs of size stride from base. */
static cs_status read_labels(hid_t g, const char *name, void *base, size_t stride, size_t n, size_t off,
                             size_t width)
{
    hid_t d = cs_h5_open_col(g, name, H5T_STRING, &n);
    if (d < 0) return CS_ERR_INPUT;
    cs_status rc = CS_ERR_IO;
    hid_t ft = H5Dget_type(d);
    const size_t w = ft >= 0 ? H5Tget_size(ft) : 0;
    char *buf = w ? calloc(n ? n : 1, w) : NULL;
    if (w && !buf) rc = CS_ERR_NOMEM;
    /* the file's own type (HDF5 does not convert between ASCII and UTF-8),
     * null-padded so a full-width value has no terminator to lose */
    hid_t mt = ft >= 0 ? H5Tcopy(ft) : -1;
    if (buf && mt >= 0 && H5Tset_strpad(mt, H5T_STR_NULLPAD) >= 0 &&
        (n == 0 || H5Dread(d, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) >= 0)) {
        for (size_t i = 0; i < n; i++) cs_h5_copy_clean((char *)base + i * stride + off, width, buf + i * w, w);
        rc = CS_OK;
    }
    if (mt >= 0) H5Tclose(mt);
    if (ft >= 0) H5Tclose(ft);
    free(buf);
    H5Dclose(d);
    return rc;
}

/* Units into the unit field at offset off: the per-row unit column when
 * units are mixed, else the units attribute of the value column vcol. */
static cs_status read_units(hid_t g, const char *vcol, void *base, size_t stride, size_t n, size_t off)
{
    if (H5Lexists(g, "unit", H5P_DEFAULT) > 0) return read_labels(g, "unit", base, stride, n, off, CS_LABEL_MAX);
    char unit[CS_LABEL_MAX] = "";
    hid_t d = H5Dopen2(g, vcol, H5P_DEFAULT);
    if (d < 0) return CS_ERR_INPUT;
    const cs_status st = H5Aexists(d, "units") > 0 ? cs_h5_read_attr_str(d, "units", unit, sizeof unit) : CS_OK;
    H5Dclose(d);
    if (st != CS_OK) return st;
    for (size_t i = 0; i < n; i++) memcpy((char *)base + i * stride + off, unit, sizeof unit);
    return CS_OK;
}

static cs_status not_ours(cs_error *err, const char *path, const char *what)
{
    return cs_error_set(err, CS_ERR_INPUT, NULL, 0, 0, "%s is not a clearsim result file%s", path, what);
}

/* A column reader's status as an error; group names the table. */
static cs_status read_error(cs_status rc, const char *path, const char *group, cs_error *err)
{
    if (rc == CS_ERR_NOMEM) return cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory reading %s", path);
    if (rc == CS_ERR_INPUT)
        return cs_error_set(err, CS_ERR_INPUT, NULL, 0, 0, "%s is not a clearsim result file (bad /%s)", path, group);
    if (rc != CS_OK) return cs_error_set(err, CS_ERR_IO, NULL, 0, 0, "cannot read %s: HDF5 read failed", path);
    return CS_OK;
}

/* ---- the catalogue ---------------------------------------------------- */

/* A kind column (names) into the enum field at off of n structs. */
static cs_status read_kinds(hid_t g, void *base, size_t stride, size_t n, size_t off, bool metric)
{
    char(*names)[CS_LABEL_MAX] = calloc(n ? n : 1, sizeof *names);
    if (!names) return CS_ERR_NOMEM;
    cs_status st = read_labels(g, "kind", names, sizeof *names, n, 0, CS_LABEL_MAX);
    for (size_t i = 0; i < n && st == CS_OK; i++) {
        cs_metric_kind mk;
        cs_segment_kind sk;
        const bool ok = metric ? cs_metric_kind_parse(names[i], &mk) : cs_segment_kind_parse(names[i], &sk);
        if (!ok) st = CS_ERR_INPUT;
        else if (metric) memcpy((char *)base + i * stride + off, &mk, sizeof mk);
        else memcpy((char *)base + i * stride + off, &sk, sizeof sk);
    }
    free(names);
    return st;
}

/* A text column of a catalogue table: where it goes and how wide. */
typedef struct text_col {
    const char *name;
    size_t off, width;
} text_col;

/* Catalogue table `group` (no point column: its rows are counted by
 * `name`) into a new array of *n rows: the text columns cols and `kind`. */
static cs_status read_catalog_table(hid_t f, const char *group, size_t stride, const text_col *cols, size_t ncols,
                                    size_t kind_off, bool metric, void **rows, size_t *n)
{
    hid_t g = H5Gopen2(f, group, H5P_DEFAULT);
    if (g < 0) return CS_ERR_INPUT;
    *n = SIZE_MAX;
    hid_t d = cs_h5_open_col(g, "name", H5T_STRING, n);
    cs_status st = d < 0 ? CS_ERR_INPUT : CS_OK;
    if (d >= 0) H5Dclose(d);
    if (st == CS_OK && !(*rows = calloc(*n ? *n : 1, stride))) st = CS_ERR_NOMEM;
    for (size_t c = 0; c < ncols && st == CS_OK; c++)
        st = read_labels(g, cols[c].name, *rows, stride, *n, cols[c].off, cols[c].width);
    if (st == CS_OK) st = read_kinds(g, *rows, stride, *n, kind_off, metric);
    H5Gclose(g);
    return st;
}

/* The origin attribute of /metrics (none: ""). */
static cs_status read_origin(hid_t f, char *origin, size_t size)
{
    hid_t g = H5Gopen2(f, "metrics", H5P_DEFAULT);
    if (g < 0) return CS_ERR_INPUT;
    const cs_status st = H5Aexists(g, "origin") > 0 ? cs_h5_read_attr_str(g, "origin", origin, size) : CS_OK;
    H5Gclose(g);
    return st;
}

/* The file's catalogue (c zeroed on failure). */
static cs_status read_catalog(hid_t f, const char *path, cs_catalog *c, cs_error *err)
{
    typedef cs_metric_info M;
    typedef cs_segment_info S;
    static const text_col metric_cols[] = {
        { "name", offsetof(M, name), CS_LABEL_MAX },           { "label", offsetof(M, label), CS_LABEL_MAX },
        { "unit", offsetof(M, unit), CS_LABEL_MAX },           { "milestone", offsetof(M, milestone), CS_LABEL_MAX },
        { "description", offsetof(M, description), CS_DESCRIPTION_MAX },
    };
    static const text_col segment_cols[] = {
        { "name", offsetof(S, name), CS_LABEL_MAX },
        { "description", offsetof(S, description), CS_DESCRIPTION_MAX },
    };
    memset(c, 0, sizeof *c);
    void *metrics = NULL, *segments = NULL;
    cs_status st = read_catalog_table(f, "metrics", sizeof(M), metric_cols, sizeof metric_cols / sizeof metric_cols[0],
                                      offsetof(M, kind), true, &metrics, &c->nmetrics);
    c->metrics = metrics;
    if (st == CS_OK)
        st = read_catalog_table(f, "segments", sizeof(S), segment_cols, sizeof segment_cols / sizeof segment_cols[0],
                                offsetof(S, kind), false, &segments, &c->nsegments);
    c->segments = segments;
    if (st == CS_OK) st = read_origin(f, c->origin, sizeof c->origin);
    if (st != CS_OK) cs_catalog_free(c);
    return read_error(st, path, st == CS_OK ? "" : "metrics or /segments", err);
}

/* ---- files ------------------------------------------------------------ */

/* Files of another histogram format are refused with the way out. */
static cs_status check_format(hid_t f, const char *path, cs_error *err)
{
    uint32_t format = 1; /* files before the format attribute */
    hid_t g = H5Lexists(f, "histograms", H5P_DEFAULT) > 0 ? H5Gopen2(f, "histograms", H5P_DEFAULT) : -1;
    if (g >= 0 && H5Aexists(g, "format") > 0) {
        uint64_t v = 0;
        format = cs_h5_read_attr_u64(g, "format", &v) == CS_OK && v <= UINT32_MAX ? (uint32_t)v : 0;
    }
    if (g >= 0) H5Gclose(g);
    if (format == CS_HIST_FORMAT) return CS_OK;
    char version[64] = "";
    cs_h5_read_attr_str(f, "clearsim_version", version, sizeof version);
    return cs_error_set(err, CS_ERR_INPUT, NULL, 0, 0,
                        "%s was written by clearsim %s in result format %u; clearsim %s reads format %u: run its "
                        "scenario or sweep again with this version (clearsim run / clearsim sweep) to rewrite it",
                        path, version[0] ? version : "(unknown)", format, CLEARSIM_VERSION, CS_HIST_FORMAT);
}

cs_status cs_h5_with_result_file(const char *path, cs_h5_file_reader fn, void *out, cs_error *err)
{
    struct stat st_buf;
    /* a missing, truncated or foreign input is bad input (exit 2), as for
     * every command; only a read failing inside a sound file is I/O */
    if (stat(path, &st_buf) != 0)
        return cs_error_set(err, CS_ERR_INPUT, NULL, 0, 0, "cannot open %s: %s", path, strerror(errno));
    cs_h5_quiet q;
    cs_h5_quiet_begin(&q);
    cs_status st;
    if (!S_ISREG(st_buf.st_mode) || !is_hdf5(path)) {
        st = not_ours(err, path, "");
    } else {
        hid_t f = open_ro(path);
        if (f < 0) st = cs_error_set(err, CS_ERR_INPUT, NULL, 0, 0, "cannot open %s: damaged or truncated HDF5", path);
        else if (H5Aexists(f, "clearsim_version") <= 0) st = not_ours(err, path, "");
        else if ((st = check_format(f, path, err)) == CS_OK) st = fn(f, path, out, err);
        if (f >= 0) H5Fclose(f);
    }
    cs_h5_quiet_end(&q);
    return st;
}

static cs_status catalog_reader(hid_t f, const char *path, void *out, cs_error *err)
{
    return read_catalog(f, path, out, err);
}

cs_status cs_output_read_catalog(const char *path, cs_catalog *out, cs_error *err)
{
    memset(out, 0, sizeof *out);
    return cs_h5_with_result_file(path, catalog_reader, out, err);
}

static cs_status draws_cut_reader(hid_t f, const char *path, void *out, cs_error *err)
{
    (void)path, (void)err;
    uint64_t *n = out;
    *n = 0; /* files before the attribute, or a part without it: none counted */
    if (H5Aexists(f, "draws_cut") > 0 && cs_h5_read_attr_u64(f, "draws_cut", n) != CS_OK)
        return cs_error_set(err, CS_ERR_INPUT, NULL, 0, 0, "%s is not a clearsim result file (bad draws_cut)", path);
    return CS_OK;
}

cs_status cs_output_read_draws_cut(const char *path, uint64_t *n, cs_error *err)
{
    return cs_h5_with_result_file(path, draws_cut_reader, n, err);
}

/* ---- any table, by a column list ------------------------------------- */

typedef struct table_job {
    const cs_h5_table_spec *spec;
    void *rows;
    size_t nrows;
} table_job;

static cs_status read_rcols(hid_t g, const table_job *j, size_t n, void *tmp)
{
    const cs_h5_table_spec *sp = j->spec;
    cs_status rc = CS_OK;
    char *base = j->rows;
    for (size_t c = 0; c < sp->ncols && rc == CS_OK; c++) {
        const cs_rcol *col = &sp->cols[c];
        if (col->kind == CS_RCOL_LABEL) {
            rc = read_labels(g, col->name, base, sp->stride, n, col->off, CS_LABEL_MAX);
            continue;
        }
        const bool is_f64 = col->kind == CS_RCOL_F64;
        const size_t w = col->kind == CS_RCOL_U32 ? sizeof(uint32_t) : sizeof(uint64_t);
        const hid_t mt = is_f64 ? H5T_NATIVE_DOUBLE : w == 4 ? H5T_NATIVE_UINT32 : H5T_NATIVE_UINT64;
        rc = read_num(g, col->name, is_f64 ? H5T_FLOAT : H5T_INTEGER, mt, tmp, n);
        for (size_t i = 0; rc == CS_OK && i < n; i++) memcpy(base + i * sp->stride + col->off, (char *)tmp + i * w, w);
    }
    if (rc == CS_OK && sp->key_off != SIZE_MAX && sp->units_from)
        rc = read_units(g, sp->units_from, base, sp->stride, n, sp->key_off + offsetof(cs_metric_key, unit));
    return rc;
}

/* The kinds of the rows' keys from the file's catalogue. */
static cs_status classify_rows(hid_t f, const char *path, const table_job *j, cs_error *err)
{
    cs_catalog c;
    cs_status st = read_catalog(f, path, &c, err);
    for (size_t i = 0; i < j->nrows && st == CS_OK; i++) {
        cs_metric_key *k = (cs_metric_key *)((char *)j->rows + i * j->spec->stride + j->spec->key_off);
        cs_error why;
        if (cs_catalog_classify(&c, k, 1, CS_ERR_INPUT, &why) != CS_OK)
            st = cs_error_set(err, CS_ERR_INPUT, NULL, 0, 0, "%s is not a clearsim result file (bad /%s: %s)", path,
                              j->spec->group, why.message);
    }
    cs_catalog_free(&c);
    return st;
}

static cs_status table_reader(hid_t f, const char *path, void *out, cs_error *err)
{
    table_job *j = out;
    const char *group = j->spec->group;
    char what[64];
    snprintf(what, sizeof what, " (bad /%s)", group);
    if (H5Lexists(f, group, H5P_DEFAULT) <= 0) return j->spec->required ? not_ours(err, path, "") : CS_OK;
    hid_t g = H5Gopen2(f, group, H5P_DEFAULT);
    if (g < 0) return not_ours(err, path, what);
    size_t n = SIZE_MAX;
    hid_t d = cs_h5_open_col(g, "point", H5T_INTEGER, &n);
    cs_status st = CS_OK;
    if (d < 0) {
        st = not_ours(err, path, what);
    } else {
        H5Dclose(d);
        void *tmp = malloc((n ? n : 1) * sizeof(uint64_t));
        j->rows = calloc(n ? n : 1, j->spec->stride);
        if (!tmp || !j->rows) st = cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory reading %s", path);
        else st = read_error(read_rcols(g, j, n, tmp), path, group, err);
        free(tmp);
        if (st == CS_OK) j->nrows = n;
    }
    H5Gclose(g);
    if (st == CS_OK && j->spec->key_off != SIZE_MAX) st = classify_rows(f, path, j, err);
    return st;
}

cs_status cs_h5_read_table(const char *path, const cs_h5_table_spec *spec, void **rows, size_t *nrows,
                           cs_error *err)
{
    table_job j = { spec, NULL, 0 };
    const cs_status st = cs_h5_with_result_file(path, table_reader, &j, err);
    if (st != CS_OK) {
        free(j.rows);
        j.rows = NULL;
        j.nrows = 0;
    }
    *rows = j.rows;
    *nrows = j.nrows;
    return st;
}
