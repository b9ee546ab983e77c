/*
 * h5_merge_table.c - one table group of `clearsim merge`: the rows of every
 * part put in point order, each column rewritten in that order.
 *
 * A shard holds whole points and lists its rows point by point, so the
 * merged order is the parts' rows sorted by point (stable: one point's
 * rows come from one part, in that part's order), and every column,
 * whatever its type and shape, is rewritten in that order with the first
 * part's storage settings.  A ragged column (attribute `lengths` naming
 * the row column that counts each row's elements, as the bins of
 * /histograms) moves each row's run of elements with its row.  Strings
 * take the widest width of the parts, which is what one run would have
 * chosen.  Datasets that are not columns (/timeseries/time) are the same
 * in every part and are copied from the first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "output/h5_merge.h"
#include "output/h5_util.h"

#define MAX_RANK 8

/* ---- attributes --------------------------------------------------------- */

static herr_t copy_attr(hid_t src, const char *name, const H5A_info_t *ainfo, void *op)
{
    (void)ainfo;
    hid_t dst = *(hid_t *)op;
    if (!strcmp(name, "shard_index") || !strcmp(name, "shard_count") || !strcmp(name, "draws_cut")) return 0;
    herr_t rc = -1;
    hid_t a = H5Aopen(src, name, H5P_DEFAULT);
    hid_t t = a >= 0 ? H5Aget_type(a) : -1;
    hid_t s = a >= 0 ? H5Aget_space(a) : -1;
    if (t >= 0 && s >= 0) {
        const hssize_t n = H5Sget_simple_extent_npoints(s);
        const size_t size = (size_t)(n > 0 ? n : 1) * H5Tget_size(t);
        void *buf = calloc(1, size);
        if (buf && H5Aread(a, t, buf) >= 0) {
            hid_t b = H5Acreate2(dst, name, t, s, H5P_DEFAULT, H5P_DEFAULT);
            if (b >= 0) {
                rc = H5Awrite(b, t, buf) < 0 ? -1 : 0;
                if (H5Aclose(b) < 0) rc = -1;
            }
        }
        free(buf);
    }
    if (s >= 0) H5Sclose(s);
    if (t >= 0) H5Tclose(t);
    if (a >= 0) H5Aclose(a);
    return rc;
}

cs_status cs_h5_copy_attrs(hid_t src, hid_t dst)
{
    hsize_t idx = 0;
    return CS_H5(H5Aiterate2(src, H5_INDEX_NAME, H5_ITER_INC, &idx, copy_attr, &dst));
}

/* ---- one table group ---------------------------------------------------- */

typedef struct row_ref {
    uint32_t point;
    uint32_t part;
    uint64_t row;
} row_ref;

static int row_order(const void *x, const void *y)
{
    const row_ref *a = x, *b = y;
    if (a->point != b->point) return a->point < b->point ? -1 : 1;
    if (a->part != b->part) return a->part < b->part ? -1 : 1;
    return a->row < b->row ? -1 : a->row > b->row;
}

/* Rows (the first dimension) of d; *rank 0 when d is not 1 to MAX_RANK
 * dimensional (dims and maxdims hold MAX_RANK). */
static hsize_t rows_of(hid_t d, int *rank, hsize_t *dims, hsize_t *maxdims)
{
    *rank = 0;
    hid_t s = H5Dget_space(d);
    if (s < 0) return 0;
    const int r = H5Sget_simple_extent_ndims(s);
    if (r >= 1 && r <= MAX_RANK) *rank = H5Sget_simple_extent_dims(s, dims, maxdims);
    H5Sclose(s);
    return *rank >= 1 ? dims[0] : 0;
}

/* Append the rows of group `name` of one part (its point column). */
static cs_status part_rows(hid_t part, uint32_t p, const char *name, row_ref **rows, size_t *total, size_t *cap)
{
    char path[128];
    snprintf(path, sizeof path, "/%s/point", name);
    hid_t d = H5Dopen2(part, path, H5P_DEFAULT);
    if (d < 0) return CS_ERR_IO;
    int rank = 0;
    hsize_t dims[MAX_RANK], maxd[MAX_RANK];
    const hsize_t nr = rows_of(d, &rank, dims, maxd);
    uint32_t *pts = malloc((nr ? nr : 1) * sizeof *pts);
    cs_status st = !pts ? CS_ERR_NOMEM : rank != 1 ? CS_ERR_IO : CS_OK;
    if (st == CS_OK && nr) st = CS_H5(H5Dread(d, H5T_NATIVE_UINT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, pts));
    H5Dclose(d);
    if (st == CS_OK && *total + nr > *cap) {
        const size_t c = 2 * (*total + nr) + 16;
        row_ref *r = realloc(*rows, c * sizeof *r);
        if (r) {
            *rows = r;
            *cap = c;
        } else {
            st = CS_ERR_NOMEM;
        }
    }
    for (hsize_t i = 0; st == CS_OK && i < nr; i++) (*rows)[(*total)++] = (row_ref){ pts[i], p, i };
    free(pts);
    return st;
}

/* The merged row order of group `name` over all parts. */
static cs_status merged_rows(const cs_h5_merge_ctx *m, const char *name, row_ref **out, size_t *n)
{
    size_t total = 0, cap = 0;
    row_ref *rows = NULL;
    cs_status st = CS_OK;
    for (size_t p = 0; p < m->nparts && st == CS_OK; p++) st = part_rows(m->parts[p], (uint32_t)p, name, &rows, &total, &cap);
    if (st == CS_OK && !rows && !(rows = calloc(1, sizeof *rows))) st = CS_ERR_NOMEM;
    if (st != CS_OK) {
        free(rows);
        return st;
    }
    qsort(rows, total, sizeof *rows, row_order);
    /* a shard holds whole points: a point in two parts is a damaged or
     * foreign part, and the merged order would depend on the parts' order */
    for (size_t i = 1; i < total; i++)
        if (rows[i].point == rows[i - 1].point && rows[i].part != rows[i - 1].part) {
            free(rows);
            return CS_ERR_INPUT;
        }
    *out = rows;
    *n = total;
    return CS_OK;
}

/* The dataset creation list of part 0's column, re-chunked for n rows as
 * the writer chunks (1-D: min(n, CS_H5_CHUNK_ROWS); 2-D: one row). */
static hid_t merged_dcpl(hid_t d0, int rank, const hsize_t *dims, hsize_t n)
{
    hid_t src = H5Dget_create_plist(d0);
    if (src < 0) return -1;
    hid_t dcpl = H5Pcopy(src);
    H5Pclose(src);
    if (dcpl < 0 || H5Pget_layout(dcpl) != H5D_CHUNKED) return dcpl;
    hsize_t chunk[MAX_RANK];
    chunk[0] = rank == 1 ? (n == 0 ? 1 : n < CS_H5_CHUNK_ROWS ? n : CS_H5_CHUNK_ROWS) : 1;
    for (int k = 1; k < rank; k++) chunk[k] = dims[k];
    if (H5Pset_chunk(dcpl, rank, chunk) < 0) {
        H5Pclose(dcpl);
        return -1;
    }
    return dcpl;
}

typedef struct col_job {
    const cs_h5_merge_ctx *m;
    const char *group;
    const row_ref *rows;
    size_t nrows;
    hid_t out;
    char *columns;       /* the group's `columns` attribute, NUL-separated */
    size_t ncolumns;
    cs_status status;    /* of the first column that failed */
} col_job;

/* Is name one of the table's columns (a row per key), not a shared
 * dataset such as /histograms/edges? */
static bool is_column(const col_job *cj, const char *name)
{
    const char *c = cj->columns;
    for (size_t k = 0; k < cj->ncolumns; k++, c += strlen(c) + 1)
        if (!strcmp(c, name)) return true;
    return false;
}

/* The `columns` attribute as consecutive NUL-terminated names. */
static char *read_columns(hid_t g, size_t *n)
{
    *n = 0;
    hid_t a = H5Aopen(g, "columns", H5P_DEFAULT);
    if (a < 0) return NULL;
    char *out = NULL;
    hid_t t = H5Aget_type(a), s = H5Aget_space(a);
    if (t >= 0 && s >= 0 && H5Tget_class(t) == H5T_STRING && !H5Tis_variable_str(t)) {
        const size_t w = H5Tget_size(t);
        const hssize_t cnt = H5Sget_simple_extent_npoints(s);
        char *raw = cnt > 0 ? calloc((size_t)cnt, w) : NULL;
        out = raw ? calloc((size_t)cnt, w + 1) : NULL;
        if (raw && out && H5Aread(a, t, raw) >= 0) {
            size_t at = 0;
            for (hssize_t k = 0; k < cnt; k++) {
                const size_t l = strnlen(raw + (size_t)k * w, w);
                memcpy(out + at, raw + (size_t)k * w, l);
                at += l + 1;
            }
            *n = (size_t)cnt;
        } else {
            free(out);
            out = NULL;
        }
        free(raw);
    }
    if (s >= 0) H5Sclose(s);
    if (t >= 0) H5Tclose(t);
    H5Aclose(a);
    return out;
}

cs_status cs_h5_copy_object(hid_t src, const char *name, hid_t dst)
{
    hid_t ocpy = H5Pcreate(H5P_OBJECT_COPY);
    if (ocpy < 0) return CS_ERR_IO;
    const herr_t rc = H5Ocopy(src, name, dst, name, ocpy, H5P_DEFAULT);
    H5Pclose(ocpy);
    return CS_H5(rc);
}

/* Where each element of a merged column comes from. */
typedef struct elem_ref {
    uint32_t part;
    uint64_t index;
} elem_ref;

/* The lengths column `lengths` of every part, as run offsets: run r of
 * part p is [off[p][r], off[p][r + 1]).  n[p] rows each. */
static cs_status run_offsets(const col_job *cj, const char *lengths, uint64_t **off)
{
    const cs_h5_merge_ctx *m = cj->m;
    char path[256];
    snprintf(path, sizeof path, "/%s/%s", cj->group, lengths);
    cs_status st = CS_OK;
    for (size_t p = 0; p < m->nparts && st == CS_OK; p++) {
        hid_t d = H5Dopen2(m->parts[p], path, H5P_DEFAULT);
        int rank = 0;
        hsize_t dims[MAX_RANK], maxd[MAX_RANK];
        const hsize_t nr = d < 0 ? 0 : rows_of(d, &rank, dims, maxd);
        uint64_t *len = malloc((nr ? nr : 1) * sizeof *len);
        off[p] = malloc((nr + 1) * sizeof *off[p]);
        if (!len || !off[p]) st = CS_ERR_NOMEM;
        else if (d < 0 || rank != 1) st = CS_ERR_IO;
        else if (nr) st = CS_H5(H5Dread(d, H5T_NATIVE_UINT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, len));
        if (st == CS_OK) {
            off[p][0] = 0;
            for (hsize_t r = 0; r < nr; r++) off[p][r + 1] = off[p][r] + len[r];
        }
        free(len);
        if (d >= 0) H5Dclose(d);
    }
    return st;
}

/* The merged order of a column's elements: its rows, or for a ragged
 * column (attribute `lengths`) the runs of its rows. */
static cs_status element_order(const col_job *cj, hid_t d0, elem_ref **out, size_t *n)
{
    char lengths[64] = "";
    const bool ragged = H5Aexists(d0, "lengths") > 0;
    if (ragged && cs_h5_read_attr_str(d0, "lengths", lengths, sizeof lengths) != CS_OK) return CS_ERR_IO;
    uint64_t **off = ragged ? calloc(cj->m->nparts, sizeof *off) : NULL;
    cs_status st = ragged && !off ? CS_ERR_NOMEM : CS_OK;
    if (st == CS_OK && ragged) st = run_offsets(cj, lengths, off);
    size_t total = cj->nrows;
    if (st == CS_OK && ragged) {
        total = 0;
        for (size_t i = 0; i < cj->nrows; i++) {
            const uint64_t *o = off[cj->rows[i].part];
            total += o[cj->rows[i].row + 1] - o[cj->rows[i].row];
        }
    }
    elem_ref *e = st == CS_OK ? malloc((total ? total : 1) * sizeof *e) : NULL;
    if (st == CS_OK && !e) st = CS_ERR_NOMEM;
    size_t k = 0;
    for (size_t i = 0; st == CS_OK && i < cj->nrows; i++) {
        const uint32_t p = cj->rows[i].part;
        const uint64_t lo = ragged ? off[p][cj->rows[i].row] : cj->rows[i].row;
        const uint64_t hi = ragged ? off[p][cj->rows[i].row + 1] : lo + 1;
        for (uint64_t x = lo; x < hi; x++) e[k++] = (elem_ref){ p, x };
    }
    for (size_t p = 0; off && p < cj->m->nparts; p++) free(off[p]);
    free(off);
    if (st != CS_OK) {
        free(e);
        return st;
    }
    *out = e;
    *n = total;
    return CS_OK;
}

/* The datasets of column name in every part; *ft the file type (strings
 * widened to the widest part) and *mt the memory type. */
static cs_status open_parts(const col_job *cj, const char *name, hid_t *ds, hid_t *ft, hid_t *mt)
{
    char path[256];
    snprintf(path, sizeof path, "/%s/%s", cj->group, name);
    size_t width = 0;
    for (size_t p = 0; p < cj->m->nparts; p++) {
        if ((ds[p] = H5Dopen2(cj->m->parts[p], path, H5P_DEFAULT)) < 0) return CS_ERR_IO;
        hid_t t = H5Dget_type(ds[p]);
        if (t < 0) return CS_ERR_IO;
        if (H5Tget_size(t) > width) width = H5Tget_size(t);
        H5Tclose(t);
    }
    hid_t ft0 = H5Dget_type(ds[0]); /* read-only: work on a copy */
    if (ft0 < 0) return CS_ERR_IO;
    *ft = H5Tcopy(ft0);
    H5Tclose(ft0);
    if (*ft < 0) return CS_ERR_IO;
    if (H5Tget_class(*ft) == H5T_STRING)
        return (*mt = H5Tcopy(*ft)) < 0 || H5Tset_size(*mt, width) < 0 || H5Tset_size(*ft, width) < 0 ? CS_ERR_IO
                                                                                                      : CS_OK;
    return (*mt = H5Tget_native_type(*ft, H5T_DIR_ASCEND)) < 0 ? CS_ERR_IO : CS_OK;
}

/* Every part's data of the column, each element rowbytes long; the parts
 * must agree in rank and in every dimension but the first. */
static cs_status read_parts(const col_job *cj, const hid_t *ds, hid_t mt, int rank, const hsize_t *dims,
                            size_t rowbytes, char **bufs)
{
    for (size_t p = 0; p < cj->m->nparts; p++) {
        int rk = 0;
        hsize_t dp[MAX_RANK], mp[MAX_RANK];
        const hsize_t nr = rows_of(ds[p], &rk, dp, mp);
        if (rk != rank) return CS_ERR_IO;
        for (int k = 1; k < rank; k++)
            if (dp[k] != dims[k]) return CS_ERR_IO;
        if (!(bufs[p] = malloc(nr ? nr * rowbytes : 1))) return CS_ERR_NOMEM;
        if (nr && H5Dread(ds[p], mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, bufs[p]) < 0) return CS_ERR_IO;
    }
    return CS_OK;
}

/* The merged column, element by element, into the output group. */
static cs_status write_merged(const col_job *cj, const char *name, const hid_t *ds, hid_t ft, hid_t mt, int rank,
                              hsize_t *dims, hsize_t *maxd, size_t rowbytes, char **bufs)
{
    elem_ref *e = NULL;
    size_t n = 0;
    CS_TRY(element_order(cj, ds[0], &e, &n));
    char *merged = malloc(n ? n * rowbytes : 1);
    hid_t space = -1, dcpl = -1, out = -1;
    cs_status st = merged ? CS_OK : CS_ERR_NOMEM;
    for (size_t i = 0; st == CS_OK && i < n; i++)
        memcpy(merged + i * rowbytes, bufs[e[i].part] + e[i].index * rowbytes, rowbytes);
    dims[0] = n;
    if (maxd[0] != H5S_UNLIMITED) maxd[0] = n;
    if (st == CS_OK && (space = H5Screate_simple(rank, dims, maxd)) < 0) st = CS_ERR_IO;
    if (st == CS_OK && (dcpl = merged_dcpl(ds[0], rank, dims, n)) < 0) st = CS_ERR_IO;
    if (st == CS_OK && (out = H5Dcreate2(cj->out, name, ft, space, H5P_DEFAULT, dcpl, H5P_DEFAULT)) < 0) st = CS_ERR_IO;
    if (st == CS_OK && n) st = CS_H5(H5Dwrite(out, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, merged));
    if (st == CS_OK) st = cs_h5_copy_attrs(ds[0], out);
    if (out >= 0 && H5Dclose(out) < 0 && st == CS_OK) st = CS_ERR_IO;
    if (dcpl >= 0) H5Pclose(dcpl);
    if (space >= 0) H5Sclose(space);
    free(merged);
    free(e);
    return st;
}

/* One column of every part, rewritten in merged row order. */
static cs_status merge_one_column(const col_job *cj, const char *name)
{
    const cs_h5_merge_ctx *m = cj->m;
    hid_t *ds = calloc(m->nparts, sizeof *ds);
    char **bufs = calloc(m->nparts, sizeof *bufs);
    hid_t ft = -1, mt = -1;
    int rank = 0;
    hsize_t dims[MAX_RANK], maxd[MAX_RANK];
    cs_status st = ds && bufs ? CS_OK : CS_ERR_NOMEM;
    for (size_t p = 0; ds && p < m->nparts; p++) ds[p] = -1;
    if (st == CS_OK) st = open_parts(cj, name, ds, &ft, &mt);
    if (st == CS_OK) {
        rows_of(ds[0], &rank, dims, maxd);
        if (rank < 1) st = CS_ERR_IO;
    }
    size_t rowbytes = st == CS_OK ? H5Tget_size(mt) : 0;
    for (int k = 1; k < rank; k++) rowbytes *= (size_t)dims[k];
    if (st == CS_OK) st = read_parts(cj, ds, mt, rank, dims, rowbytes, bufs);
    if (st == CS_OK) st = write_merged(cj, name, ds, ft, mt, rank, dims, maxd, rowbytes, bufs);
    if (mt >= 0) H5Tclose(mt);
    if (ft >= 0) H5Tclose(ft);
    for (size_t p = 0; ds && p < m->nparts; p++)
        if (ds[p] >= 0) H5Dclose(ds[p]);
    for (size_t p = 0; bufs && p < m->nparts; p++) free(bufs[p]);
    free(bufs);
    free(ds);
    return st;
}

/* H5Literate's callback: a table column is merged, anything else copied. */
static herr_t merge_column(hid_t g0, const char *name, const H5L_info_t *info, void *op)
{
    (void)info;
    col_job *cj = op;
    hid_t d = H5Dopen2(g0, name, H5P_DEFAULT);
    const bool ragged = d >= 0 && H5Aexists(d, "lengths") > 0;
    if (d >= 0) H5Dclose(d);
    const bool column = is_column(cj, name) || ragged || !strcmp(name, "unit"); /* as h5_merge_check.c */
    cj->status = column ? merge_one_column(cj, name) : cs_h5_copy_object(g0, name, cj->out);
    return cj->status == CS_OK ? 0 : -1;
}

cs_status cs_h5_merge_table(const cs_h5_merge_ctx *m, hid_t f, const char *name)
{
    size_t n = 0;
    row_ref *rows = NULL;
    CS_TRY(merged_rows(m, name, &rows, &n));
    cs_status st = CS_ERR_IO;
    hid_t g = cs_h5_group(f, name);
    hid_t g0 = H5Gopen2(m->parts[0], name, H5P_DEFAULT);
    if (g >= 0 && g0 >= 0 && cs_h5_copy_attrs(g0, g) == CS_OK) {
        col_job cj = { m, name, rows, n, g, NULL, 0, CS_OK };
        cj.columns = read_columns(g0, &cj.ncolumns);
        hsize_t idx = 0;
        if (cj.columns && H5Literate(g0, H5_INDEX_NAME, H5_ITER_INC, &idx, merge_column, &cj) >= 0) st = CS_OK;
        else if (cj.status != CS_OK) st = cj.status;
        free(cj.columns);
    }
    if (g0 >= 0) H5Gclose(g0);
    if (g >= 0 && H5Gclose(g) < 0 && st == CS_OK) st = CS_ERR_IO;
    free(rows);
    return st;
}
