/*
 * h5_append.c - tables that grow: the rows of a sweep written point by
 * point, so the writer holds a few chunks per column instead of the sweep.
 *
 * The table writers (h5_columns.c, h5_histograms.c, h5_series.c) write a
 * whole table through cs_h5_col and friends.  While an appender is active
 * (cs_h5_append_use), those calls add their rows to the column instead:
 * the first call creates it, extendible and chunked, and later calls
 * append; attributes and groups that exist are left as they are.  So the
 * same writer code gives a run's file in one call and a sweep's file one
 * point at a time, and a table's rows are the concatenation of its points'
 * rows, as in a file written at once.
 *
 * Each column keeps one chunk of rows (128 KiB) in memory and writes it when full,
 * whole and aligned (the chunk cache is off: nothing is read back or
 * rewritten), then the remainder at the end.  Fixed-length strings cannot
 * widen once created, so a string column is created at the width the
 * caller promises for every value (the longest label of the plan); a
 * longer value later is an internal error, never a silent truncation.
 * HDF5 is called from one thread at a time (the stream's owner locks).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "output/h5_append.h"

/* A chunk's bytes before compression, the memory of one column: a sweep
 * table has over a hundred columns, so the writer holds about 16 MiB. */
#define APPEND_CHUNK_BYTES ((size_t)128 << 10)

typedef struct column {
    char *path;        /* group path / name: how a later call finds it */
    hid_t dset;
    hid_t ftype, mtype; /* copies */
    size_t row_bytes;  /* in memory (strings: the width; 2-D: a whole row) */
    size_t chunk_rows;
    size_t buffered;   /* rows in buf */
    hsize_t written;   /* rows on disk */
    hsize_t width2d;   /* samples of a 2-D column; 0: 1-D */
    unsigned char *buf;
} column;

struct cs_h5_append {
    size_t label_width;
    size_t n, cap;
    column *cols;
};

static cs_h5_append *active;

cs_h5_append *cs_h5_append_active(void)
{
    return active;
}

void cs_h5_append_use(cs_h5_append *a)
{
    active = a;
}

cs_status cs_h5_append_new(size_t label_width, cs_h5_append **out)
{
    *out = calloc(1, sizeof **out);
    if (!*out) return CS_ERR_NOMEM;
    (*out)->label_width = label_width;
    return CS_OK;
}

/* Group path + "/" + name (NULL: out of memory or HDF5 failed). */
static char *column_path(hid_t g, const char *name)
{
    const ssize_t len = H5Iget_name(g, NULL, 0);
    if (len < 0) return NULL;
    char *p = malloc((size_t)len + strlen(name) + 2);
    if (!p) return NULL;
    if (H5Iget_name(g, p, (size_t)len + 1) < 0) {
        free(p);
        return NULL;
    }
    snprintf(p + len, strlen(name) + 2, "/%s", name);
    return p;
}

static column *find(cs_h5_append *a, const char *path)
{
    for (size_t i = 0; i < a->n; i++)
        if (!strcmp(a->cols[i].path, path)) return &a->cols[i];
    return NULL;
}

/* The buffered rows onto the end of the dataset. */
static cs_status flush_column(column *c)
{
    if (!c->buffered) return CS_OK;
    const int rank = c->width2d ? 2 : 1;
    const hsize_t size[2] = { c->written + c->buffered, c->width2d };
    const hsize_t start[2] = { c->written, 0 }, count[2] = { c->buffered, c->width2d };
    if (H5Dset_extent(c->dset, size) < 0) return CS_ERR_IO;
    hid_t fs = H5Dget_space(c->dset), ms = H5Screate_simple(rank, count, NULL);
    cs_status st = CS_ERR_IO;
    if (fs >= 0 && ms >= 0 && H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, count, NULL) >= 0 &&
        H5Dwrite(c->dset, c->mtype, ms, fs, H5P_DEFAULT, c->buf) >= 0)
        st = CS_OK;
    if (ms >= 0) H5Sclose(ms);
    if (fs >= 0) H5Sclose(fs);
    if (st == CS_OK) {
        c->written += c->buffered;
        c->buffered = 0;
    }
    return st;
}

/* A new extendible column at g/name; units as an attribute (NULL: none). */
static cs_status create(cs_h5_append *a, hid_t g, const char *name, char *path, const cs_h5_append_spec *sp,
                        column **out)
{
    if (a->n == a->cap) {
        const size_t cap = a->cap ? 2 * a->cap : 64;
        column *cols = realloc(a->cols, cap * sizeof *cols);
        if (!cols) {
            free(path);
            return CS_ERR_NOMEM;
        }
        a->cols = cols;
        a->cap = cap;
    }
    column *c = &a->cols[a->n];
    memset(c, 0, sizeof *c);
    c->path = path;
    c->dset = -1;
    c->width2d = sp->samples;
    c->ftype = H5Tcopy(sp->ftype);
    c->mtype = H5Tcopy(sp->mtype);
    c->row_bytes = H5Tget_size(sp->mtype) * (sp->samples ? sp->samples : 1);
    c->chunk_rows = c->row_bytes >= APPEND_CHUNK_BYTES ? 1 : APPEND_CHUNK_BYTES / c->row_bytes;
    const int rank = sp->samples ? 2 : 1;
    const hsize_t dims[2] = { 0, sp->samples }, maxdims[2] = { H5S_UNLIMITED, sp->samples };
    const hsize_t chunk[2] = { c->chunk_rows, sp->samples };
    hid_t s = H5Screate_simple(rank, dims, maxdims);
    /* always deflated: a chunk is stored whole, and a table's last chunk
     * is mostly empty (plain, every column would cost its full chunk) */
    hid_t dcpl = cs_h5_dcpl_deflate(rank, chunk);
    hid_t dapl = H5Pcreate(H5P_DATASET_ACCESS);
    cs_status st = CS_ERR_IO;
    /* no chunk cache: whole chunks go straight to disk, nothing is read back */
    if (c->ftype >= 0 && c->mtype >= 0 && s >= 0 && dcpl >= 0 && dapl >= 0 &&
        H5Pset_chunk_cache(dapl, 0, 0, 1.0) >= 0)
        c->dset = H5Dcreate2(g, name, c->ftype, s, H5P_DEFAULT, dcpl, dapl);
    if (c->dset >= 0) st = sp->units ? cs_h5_attr_str(c->dset, "units", sp->units) : CS_OK;
    if (dapl >= 0) H5Pclose(dapl);
    if (dcpl >= 0) H5Pclose(dcpl);
    if (s >= 0) H5Sclose(s);
    a->n++; /* closed by cs_h5_append_free whatever happened */
    *out = c;
    return st;
}

cs_status cs_h5_append_rows(cs_h5_append *a, hid_t g, const char *name, const cs_h5_append_spec *sp,
                            const void *data, size_t n)
{
    char *path = column_path(g, name);
    if (!path) return CS_ERR_NOMEM;
    column *c = find(a, path);
    if (c) free(path);
    else CS_TRY(create(a, g, name, path, sp, &c));
    if (sp->samples != c->width2d || H5Tget_size(sp->mtype) * (sp->samples ? sp->samples : 1) != c->row_bytes)
        return CS_ERR_INTERNAL; /* a column's shape changed between points */
    if (!c->buf && n && !(c->buf = malloc(c->chunk_rows * c->row_bytes))) return CS_ERR_NOMEM;
    const unsigned char *p = data;
    while (n) {
        size_t take = c->chunk_rows - c->buffered;
        if (take > n) take = n;
        memcpy(c->buf + c->buffered * c->row_bytes, p, take * c->row_bytes);
        c->buffered += take;
        p += take * c->row_bytes;
        n -= take;
        if (c->buffered == c->chunk_rows) CS_TRY(flush_column(c));
    }
    return CS_OK;
}

size_t cs_h5_append_label_width(const cs_h5_append *a)
{
    return a->label_width;
}

size_t cs_h5_append_str_width(cs_h5_append *a, hid_t g, const char *name)
{
    char *path = column_path(g, name);
    const column *c = path ? find(a, path) : NULL;
    free(path);
    return c ? c->row_bytes : 0;
}

cs_status cs_h5_append_finish(cs_h5_append *a)
{
    cs_status st = CS_OK;
    for (size_t i = 0; i < a->n && st == CS_OK; i++) {
        st = flush_column(&a->cols[i]);
        free(a->cols[i].buf);
        a->cols[i].buf = NULL;
    }
    return st;
}

void cs_h5_append_free(cs_h5_append *a)
{
    if (!a) return;
    if (active == a) active = NULL;
    for (size_t i = 0; i < a->n; i++) {
        column *c = &a->cols[i];
        if (c->dset >= 0) H5Dclose(c->dset);
        if (c->ftype >= 0) H5Tclose(c->ftype);
        if (c->mtype >= 0) H5Tclose(c->mtype);
        free(c->buf);
        free(c->path);
    }
    free(a->cols);
    free(a);
}
