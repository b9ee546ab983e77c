/*
 * h5_read.c - recognising clearsim result files and reading /summary,
 * /counts and /differences back.
 *
 * The reader is what `report` and `--force` rely on, and both meet files of
 * unknown origin, so nothing here trusts the file: each column is checked
 * for class, rank and length before it is read, labels are truncated to the
 * struct's width, and HDF5's error printing stays off.  A file that is not
 * HDF5 or lacks the layout is bad input (exit 2); a read that fails inside a
 * well-formed file is an I/O error (exit 1).  Label and unit columns are
 * read into any array of structs (base, stride, field offset), so the
 * summary rows and the count keys share one reader.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "clearsim/output.h"
#include "output/h5_read.h"
#include "output/h5_util.h"

static bool is_hdf5(const char *path)
{
#if H5_VERSION_GE(1, 12, 0)
    return H5Fis_accessible(path, H5P_DEFAULT) > 0;
#else
    return H5Fis_hdf5(path) > 0;
#endif
}

/* Open read-only; -1 on failure. */
static hid_t open_ro(const char *path)
{
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

typedef enum { RD_OK = 0, RD_BAD = -1, RD_IO = -2 } rd_status;

/* Open dataset name in g and check it is 1-D of n rows (n == SIZE_MAX:
 * learn n) and of class cls. */
static hid_t open_col(hid_t g, const char *name, H5T_class_t cls, size_t *n)
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
static rd_status read_num(hid_t g, const char *name, H5T_class_t cls, hid_t mtype, void *buf,
                          size_t n)
{
    hid_t d = open_col(g, name, cls, &n);
    if (d < 0) return RD_BAD;
    rd_status rc = RD_OK;
    if (n && H5Dread(d, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) rc = RD_IO;
    H5Dclose(d);
    return rc;
}

/* A fixed-length string column into the char[CS_LABEL_MAX] field at offset
 * off of each of the n structs of size stride from base. */
static rd_status read_labels(hid_t g, const char *name, void *base, size_t stride, size_t n,
                             size_t off)
{
    hid_t d = open_col(g, name, H5T_STRING, &n);
    if (d < 0) return RD_BAD;
    rd_status rc = RD_IO;
    hid_t ft = H5Dget_type(d);
    const size_t w = ft >= 0 ? H5Tget_size(ft) : 0;
    char *buf = w ? calloc(n ? n : 1, w) : NULL;
    if (w && !buf) cs_h5_note_nomem();
    /* the file's own type (HDF5 does not convert between ASCII and UTF-8),
     * null-padded so a full-width value has no terminator to lose */
    hid_t mt = ft >= 0 ? H5Tcopy(ft) : -1;
    if (buf && mt >= 0 && H5Tset_strpad(mt, H5T_STR_NULLPAD) >= 0 &&
        (n == 0 || H5Dread(d, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) >= 0)) {
        for (size_t i = 0; i < n; i++) {
            char *dst = (char *)base + i * stride + off;
            size_t l = strnlen(buf + i * w, w);
            if (l > CS_LABEL_MAX - 1) l = CS_LABEL_MAX - 1;
            memcpy(dst, buf + i * w, l);
            dst[l] = '\0';
        }
        rc = RD_OK;
    }
    if (mt >= 0) H5Tclose(mt);
    if (ft >= 0) H5Tclose(ft);
    free(buf);
    H5Dclose(d);
    return rc;
}

/* Units into the unit field at offset off: the per-row unit column when
 * units are mixed, else the units attribute of the value column vcol. */
static rd_status read_units(hid_t g, const char *vcol, void *base, size_t stride, size_t n,
                            size_t off)
{
    if (H5Lexists(g, "unit", H5P_DEFAULT) > 0)
        return read_labels(g, "unit", base, stride, n, off);
    char unit[CS_LABEL_MAX] = "";
    hid_t d = H5Dopen2(g, vcol, H5P_DEFAULT);
    if (d < 0) return RD_BAD;
    if (H5Aexists(d, "units") > 0 && cs_h5_read_attr_str(d, "units", unit, sizeof unit) < 0) {
        H5Dclose(d);
        return RD_IO;
    }
    H5Dclose(d);
    for (size_t i = 0; i < n; i++) memcpy((char *)base + i * stride + off, unit, sizeof unit);
    return RD_OK;
}

/* regime, flow, segment, metric of a cs_metric_key at offset koff of each
 * struct. */
static rd_status read_key_labels(hid_t g, void *base, size_t stride, size_t n, size_t koff)
{
    static const struct { const char *name; size_t off; } labels[] = {
        { "regime", offsetof(cs_metric_key, regime) },
        { "flow", offsetof(cs_metric_key, flow) },
        { "segment", offsetof(cs_metric_key, segment) },
        { "metric", offsetof(cs_metric_key, metric) },
    };
    rd_status rc = RD_OK;
    for (size_t c = 0; c < sizeof labels / sizeof labels[0] && rc == RD_OK; c++)
        rc = read_labels(g, labels[c].name, base, stride, n, koff + labels[c].off);
    return rc;
}

typedef struct real_col {
    const char *name;
    size_t off;
} real_col;

/* Rows keyed by a cs_metric_key at koff, with a replication count at noff
 * and the double columns reals (units from `mean`): /summary and
 * /differences.  tmp holds n 8-byte values. */
static rd_status read_keyed_rows(hid_t g, void *base, size_t stride, size_t n, void *tmp, size_t koff,
                                 size_t noff, const real_col *reals, size_t nreals)
{
    rd_status rc;
    uint32_t *u32 = tmp;
    uint64_t *u64 = tmp;
    double *f64 = tmp;
    char *row = base;
    if ((rc = read_num(g, "point", H5T_INTEGER, H5T_NATIVE_UINT32, u32, n))) return rc;
    for (size_t i = 0; i < n; i++)
        memcpy(row + i * stride + koff + offsetof(cs_metric_key, point), &u32[i], sizeof u32[i]);
    if ((rc = read_num(g, "n", H5T_INTEGER, H5T_NATIVE_UINT64, u64, n))) return rc;
    for (size_t i = 0; i < n; i++) memcpy(row + i * stride + noff, &u64[i], sizeof u64[i]);
    for (size_t c = 0; c < nreals; c++) {
        if ((rc = read_num(g, reals[c].name, H5T_FLOAT, H5T_NATIVE_DOUBLE, f64, n))) return rc;
        for (size_t i = 0; i < n; i++) memcpy(row + i * stride + reals[c].off, &f64[i], sizeof f64[i]);
    }
    if ((rc = read_key_labels(g, base, stride, n, koff))) return rc;
    return read_units(g, "mean", base, stride, n, koff + offsetof(cs_metric_key, unit));
}

static rd_status read_rows(hid_t g, cs_summary_row *rows, size_t n, void *tmp)
{
    static const real_col reals[] = {
        { "mean", offsetof(cs_summary_row, mean) },
        { "ci95_low", offsetof(cs_summary_row, ci95_low) },
        { "ci95_high", offsetof(cs_summary_row, ci95_high) },
        { "p50", offsetof(cs_summary_row, p50) },
        { "p90", offsetof(cs_summary_row, p90) },
        { "p99", offsetof(cs_summary_row, p99) },
    };
    return read_keyed_rows(g, rows, sizeof *rows, n, tmp, offsetof(cs_summary_row, key),
                           offsetof(cs_summary_row, n), reals, sizeof reals / sizeof reals[0]);
}

static cs_status not_ours(cs_error *err, const char *path, const char *what)
{
    return cs_error_set(err, CS_ERR_INPUT, NULL, 0, 0, "%s is not a clearsim result file%s",
                        path, what);
}

/* A read status as the caller's status; group names the table. */
static cs_status rd_error(rd_status rc, const char *path, const char *group, cs_error *err)
{
    if (rc != RD_OK && cs_h5_take_nomem())
        return cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory reading %s", path);
    if (rc == RD_BAD)
        return cs_error_set(err, CS_ERR_INPUT, NULL, 0, 0,
                            "%s is not a clearsim result file (bad %s)", path, group);
    if (rc == RD_IO)
        return cs_error_set(err, CS_ERR_IO, NULL, 0, 0, "cannot read %s: HDF5 read failed",
                            path);
    return CS_OK;
}

/* The number of rows of table group g, learnt from its point column. */
static bool table_rows(hid_t g, size_t *n)
{
    *n = SIZE_MAX;
    hid_t d = open_col(g, "point", H5T_INTEGER, n);
    if (d < 0) return false;
    H5Dclose(d);
    return true;
}

static cs_status read_summary(hid_t f, const char *path, cs_summary_table *out, cs_error *err)
{
    if (H5Lexists(f, "summary", H5P_DEFAULT) <= 0) return not_ours(err, path, "");
    hid_t g = H5Gopen2(f, "summary", H5P_DEFAULT);
    if (g < 0) return not_ours(err, path, "");
    cs_status st = CS_OK;
    size_t n;
    if (!table_rows(g, &n)) {
        st = not_ours(err, path, "");
    } else {
        cs_summary_row *rows = calloc(n ? n : 1, sizeof *rows);
        void *tmp = malloc((n ? n : 1) * sizeof(double));
        if (!rows || !tmp)
            st = cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory reading %s", path);
        else
            st = rd_error(read_rows(g, rows, n, tmp), path, "/summary", err);
        free(tmp);
        if (st == CS_OK) {
            out->nrows = n;
            out->rows = rows;
        } else {
            free(rows);
        }
    }
    H5Gclose(g);
    return st;
}

static rd_status read_count_rows(hid_t g, cs_counts_table *t, size_t n, uint32_t *point)
{
    rd_status rc;
    if ((rc = read_num(g, "point", H5T_INTEGER, H5T_NATIVE_UINT32, point, n))) return rc;
    for (size_t i = 0; i < n; i++) t->keys[i].point = point[i];
    if ((rc = read_num(g, "replication", H5T_INTEGER, H5T_NATIVE_UINT32, t->replication, n)) ||
        (rc = read_num(g, "value", H5T_FLOAT, H5T_NATIVE_DOUBLE, t->value, n)) ||
        (rc = read_key_labels(g, t->keys, sizeof *t->keys, n, 0)))
        return rc;
    return read_units(g, "value", t->keys, sizeof *t->keys, n, offsetof(cs_metric_key, unit));
}

/* /counts, or nothing when the file has none (a queue run). */
static cs_status read_counts(hid_t f, const char *path, cs_counts_table *out, cs_error *err)
{
    if (H5Lexists(f, "counts", H5P_DEFAULT) <= 0) return CS_OK;
    hid_t g = H5Gopen2(f, "counts", H5P_DEFAULT);
    if (g < 0) return not_ours(err, path, " (bad /counts)");
    cs_status st = CS_OK;
    size_t n;
    if (!table_rows(g, &n)) {
        st = not_ours(err, path, " (bad /counts)");
    } else {
        cs_counts_table t = { n, NULL, NULL, NULL };
        t.keys = calloc(n ? n : 1, sizeof *t.keys);
        t.replication = calloc(n ? n : 1, sizeof *t.replication);
        t.value = calloc(n ? n : 1, sizeof *t.value);
        uint32_t *point = calloc(n ? n : 1, sizeof *point);
        if (!t.keys || !t.replication || !t.value || !point)
            st = cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory reading %s", path);
        else
            st = rd_error(read_count_rows(g, &t, n, point), path, "/counts", err);
        free(point);
        if (st == CS_OK)
            *out = t;
        else
            cs_counts_table_free(&t);
    }
    H5Gclose(g);
    return st;
}

static rd_status read_difference_rows(hid_t g, cs_difference_row *rows, size_t n, void *tmp)
{
    static const real_col reals[] = {
        { "mean", offsetof(cs_difference_row, mean) },
        { "ci95_low", offsetof(cs_difference_row, ci95_low) },
        { "ci95_high", offsetof(cs_difference_row, ci95_high) },
        { "unpaired_half_width", offsetof(cs_difference_row, unpaired_half_width) },
    };
    const rd_status rc = read_keyed_rows(g, rows, sizeof *rows, n, tmp, offsetof(cs_difference_row, key),
                                         offsetof(cs_difference_row, n), reals, sizeof reals / sizeof reals[0]);
    return rc ? rc : read_labels(g, "baseline", rows, sizeof *rows, n, offsetof(cs_difference_row, baseline));
}

/* /differences, or nothing when the file has none (one regime, queues). */
static cs_status read_differences(hid_t f, const char *path, cs_difference_table *out, cs_error *err)
{
    if (H5Lexists(f, "differences", H5P_DEFAULT) <= 0) return CS_OK;
    hid_t g = H5Gopen2(f, "differences", H5P_DEFAULT);
    if (g < 0) return not_ours(err, path, " (bad /differences)");
    cs_status st = CS_OK;
    size_t n;
    if (!table_rows(g, &n)) {
        st = not_ours(err, path, " (bad /differences)");
    } else {
        cs_difference_row *rows = calloc(n ? n : 1, sizeof *rows);
        void *tmp = calloc(n ? n : 1, sizeof(uint64_t));
        if (!rows || !tmp)
            st = cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory reading %s", path);
        else
            st = rd_error(read_difference_rows(g, rows, n, tmp), path, "/differences", err);
        free(tmp);
        if (st == CS_OK) {
            out->nrows = n;
            out->rows = rows;
        } else {
            free(rows);
        }
    }
    H5Gclose(g);
    return st;
}

typedef cs_status (*table_reader)(hid_t f, const char *path, void *out, cs_error *err);

static cs_status differences_reader(hid_t f, const char *path, void *out, cs_error *err)
{
    return read_differences(f, path, out, err);
}

static cs_status summary_reader(hid_t f, const char *path, void *out, cs_error *err)
{
    return read_summary(f, path, out, err);
}

static cs_status counts_reader(hid_t f, const char *path, void *out, cs_error *err)
{
    return read_counts(f, path, out, err);
}

/* Open path as a clearsim result file, quietly, and hand it to fn. */
static cs_status with_result_file(const char *path, table_reader fn, void *out, cs_error *err)
{
    struct stat st_buf;
    if (stat(path, &st_buf) != 0)
        return cs_error_set(err, CS_ERR_IO, NULL, 0, 0, "cannot open %s: %s", path,
                            strerror(errno));
    cs_h5_quiet q;
    cs_h5_quiet_begin(&q);
    cs_status st;
    if (!S_ISREG(st_buf.st_mode) || !is_hdf5(path)) {
        st = not_ours(err, path, "");
    } else {
        hid_t f = open_ro(path);
        if (f < 0)
            st = cs_error_set(err, CS_ERR_IO, NULL, 0, 0, "cannot open %s: HDF5 open failed",
                              path);
        else if (H5Aexists(f, "clearsim_version") <= 0)
            st = not_ours(err, path, "");
        else
            st = fn(f, path, out, err);
        if (f >= 0) H5Fclose(f);
    }
    cs_h5_quiet_end(&q);
    return st;
}

cs_status cs_output_read_summary(const char *path, cs_summary_table *out, cs_error *err)
{
    out->nrows = 0;
    out->rows = NULL;
    return with_result_file(path, summary_reader, out, err);
}

void cs_summary_table_free(cs_summary_table *t)
{
    if (!t) return;
    free(t->rows);
    t->rows = NULL;
    t->nrows = 0;
}

cs_status cs_output_read_counts(const char *path, cs_counts_table *out, cs_error *err)
{
    memset(out, 0, sizeof *out);
    return with_result_file(path, counts_reader, out, err);
}

void cs_counts_table_free(cs_counts_table *t)
{
    if (!t) return;
    free(t->keys);
    free(t->replication);
    free(t->value);
    memset(t, 0, sizeof *t);
}

cs_status cs_output_read_differences(const char *path, cs_difference_table *out, cs_error *err)
{
    memset(out, 0, sizeof *out);
    return with_result_file(path, differences_reader, out, err);
}

void cs_difference_table_free(cs_difference_table *t)
{
    if (!t) return;
    free(t->rows);
    memset(t, 0, sizeof *t);
}

/* ---- any table, by a column list ------------------------------------- */

typedef struct table_job {
    const char *group;
    size_t stride;
    const cs_rcol *cols;
    size_t ncols;
    void *rows;
    size_t nrows;
} table_job;

static rd_status read_rcols(hid_t g, const table_job *j, size_t n, void *tmp)
{
    rd_status rc = RD_OK;
    char *base = j->rows;
    for (size_t c = 0; c < j->ncols && rc == RD_OK; c++) {
        const cs_rcol *col = &j->cols[c];
        if (col->kind == CS_RCOL_LABEL) {
            rc = read_labels(g, col->name, base, j->stride, n, col->off);
            continue;
        }
        const bool is_f64 = col->kind == CS_RCOL_F64;
        const size_t w = col->kind == CS_RCOL_U32 ? sizeof(uint32_t) : sizeof(uint64_t);
        const hid_t mt = is_f64 ? H5T_NATIVE_DOUBLE : w == 4 ? H5T_NATIVE_UINT32 : H5T_NATIVE_UINT64;
        rc = read_num(g, col->name, is_f64 ? H5T_FLOAT : H5T_INTEGER, mt, tmp, n);
        for (size_t i = 0; rc == RD_OK && i < n; i++) memcpy(base + i * j->stride + col->off, (char *)tmp + i * w, w);
    }
    return rc;
}

static cs_status table_reader_fn(hid_t f, const char *path, void *out, cs_error *err)
{
    table_job *j = out;
    if (H5Lexists(f, j->group, H5P_DEFAULT) <= 0) return CS_OK;
    char what[64], gpath[48];
    snprintf(what, sizeof what, " (bad /%s)", j->group);
    snprintf(gpath, sizeof gpath, "/%s", j->group);
    hid_t g = H5Gopen2(f, j->group, H5P_DEFAULT);
    if (g < 0) return not_ours(err, path, what);
    size_t n;
    cs_status st = CS_OK;
    if (!table_rows(g, &n)) {
        st = not_ours(err, path, what);
    } else {
        void *tmp = malloc((n ? n : 1) * sizeof(uint64_t));
        j->rows = calloc(n ? n : 1, j->stride);
        if (!tmp || !j->rows)
            st = cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory reading %s", path);
        else
            st = rd_error(read_rcols(g, j, n, tmp), path, gpath, err);
        free(tmp);
        if (st == CS_OK) j->nrows = n;
    }
    H5Gclose(g);
    return st;
}

cs_status cs_h5_read_table(const char *path, const char *group, size_t stride, const cs_rcol *cols, size_t ncols,
                           void **rows, size_t *nrows, cs_error *err)
{
    table_job j = { group, stride, cols, ncols, NULL, 0 };
    const cs_status st = with_result_file(path, table_reader_fn, &j, err);
    if (st != CS_OK) {
        free(j.rows);
        j.rows = NULL;
        j.nrows = 0;
    }
    *rows = j.rows;
    *nrows = j.nrows;
    return st;
}
