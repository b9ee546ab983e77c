/*
 * h5_merge.c - `clearsim merge`: the shards of a sweep joined into the file
 * one run would have written.
 *
 * Every table of a result file (/summary, /replications, /histograms,
 * /resources, /counts) has a `point` column and lists its rows point by
 * point, and a shard holds whole points.  So merging needs no knowledge of
 * the tables: the rows of all parts are put in point order (a stable order:
 * one point's rows come from one part, in that part's order) and every
 * column, whatever its type and shape, is rewritten in that order with the
 * part's storage settings.  Strings take the widest width of the parts,
 * which is what one run would have chosen.  /scenario, /sweep and /points
 * are the same in every part and are copied; the root attributes too,
 * without the shard's own.  Parts are checked first: same sweep, base
 * scenario, version, seed and replications, every shard of I/N exactly once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "clearsim/output.h"
#include "output/h5_columns.h"
#include "output/h5_util.h"

typedef struct merge_ctx {
    hid_t *parts;
    size_t nparts;
    const cs_run_info *info;
} merge_ctx;

/* ---- attributes --------------------------------------------------------- */

static herr_t copy_attr(hid_t src, const char *name, const H5A_info_t *ainfo, void *op)
{
    (void)ainfo;
    hid_t dst = *(hid_t *)op;
    if (!strcmp(name, "shard_index") || !strcmp(name, "shard_count")) return 0;
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

static int copy_attrs(hid_t src, hid_t dst)
{
    hsize_t idx = 0;
    return H5Aiterate2(src, H5_INDEX_NAME, H5_ITER_INC, &idx, copy_attr, &dst) < 0 ? -1 : 0;
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

static hsize_t rows_of(hid_t d, int *rank, hsize_t *dims, hsize_t *maxdims)
{
    *rank = 0;
    hid_t s = H5Dget_space(d);
    if (s < 0) return 0;
    *rank = H5Sget_simple_extent_dims(s, dims, maxdims);
    H5Sclose(s);
    return *rank >= 1 ? dims[0] : 0;
}

/* The merged row order of group `name` over all parts. */
static row_ref *merged_rows(const merge_ctx *m, const char *name, size_t *n)
{
    size_t total = 0, cap = 0;
    row_ref *rows = NULL;
    for (size_t p = 0; p < m->nparts; p++) {
        char path[128];
        snprintf(path, sizeof path, "/%s/point", name);
        hid_t d = H5Dopen2(m->parts[p], path, H5P_DEFAULT);
        if (d < 0) goto fail;
        int rank = 0;
        hsize_t dims[8], maxd[8];
        const hsize_t nr = rows_of(d, &rank, dims, maxd);
        uint32_t *pts = malloc((nr ? nr : 1) * sizeof *pts);
        if (!pts || rank != 1 || (nr && H5Dread(d, H5T_NATIVE_UINT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, pts) < 0)) {
            free(pts);
            H5Dclose(d);
            goto fail;
        }
        H5Dclose(d);
        if (total + nr > cap) {
            cap = 2 * (total + nr) + 16;
            row_ref *r = realloc(rows, cap * sizeof *rows);
            if (!r) {
                free(pts);
                goto fail;
            }
            rows = r;
        }
        for (hsize_t i = 0; i < nr; i++) rows[total++] = (row_ref){ pts[i], (uint32_t)p, i };
        free(pts);
    }
    qsort(rows, total, sizeof *rows, row_order);
    *n = total;
    return rows ? rows : calloc(1, sizeof *rows);
fail:
    free(rows);
    return NULL;
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
    hsize_t chunk[8];
    chunk[0] = rank == 1 ? (n == 0 ? 1 : n < CS_H5_CHUNK_ROWS ? n : CS_H5_CHUNK_ROWS) : 1;
    for (int k = 1; k < rank; k++) chunk[k] = dims[k];
    if (H5Pset_chunk(dcpl, rank, chunk) < 0) {
        H5Pclose(dcpl);
        return -1;
    }
    return dcpl;
}

typedef struct col_job {
    const merge_ctx *m;
    const char *group;
    const row_ref *rows;
    size_t nrows;
    hid_t out;
    char *columns;       /* the group's `columns` attribute, NUL-separated */
    size_t ncolumns;
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

static int copy_object(hid_t src, const char *name, hid_t dst)
{
    hid_t ocpy = H5Pcreate(H5P_OBJECT_COPY);
    if (ocpy < 0) return -1;
    const herr_t rc = H5Ocopy(src, name, dst, name, ocpy, H5P_DEFAULT);
    H5Pclose(ocpy);
    return rc < 0 ? -1 : 0;
}

/* One column of every part, rewritten in merged row order. */
static herr_t merge_column(hid_t g0, const char *name, const H5L_info_t *info, void *op)
{
    (void)info;
    const col_job *cj = op;
    if (!is_column(cj, name)) return copy_object(g0, name, cj->out) < 0 ? -1 : 0;
    const merge_ctx *m = cj->m;
    herr_t rc = -1;
    hid_t *ds = calloc(m->nparts, sizeof *ds);
    char **bufs = calloc(m->nparts, sizeof *bufs);
    hid_t ft = -1, mt = -1, dcpl = -1, space = -1, out = -1;
    char *merged = NULL;
    int rank = 0;
    hsize_t dims[8], maxd[8];
    if (!ds || !bufs) goto done;
    char path[256];
    snprintf(path, sizeof path, "/%s/%s", cj->group, name);
    size_t width = 0;
    for (size_t p = 0; p < m->nparts; p++) ds[p] = -1;
    for (size_t p = 0; p < m->nparts; p++) {
        if ((ds[p] = H5Dopen2(m->parts[p], path, H5P_DEFAULT)) < 0) goto done;
        hid_t t = H5Dget_type(ds[p]);
        if (t < 0) goto done;
        if (H5Tget_size(t) > width) width = H5Tget_size(t);
        H5Tclose(t);
    }
    hid_t ft0 = H5Dget_type(ds[0]); /* read-only: work on a copy */
    if (ft0 < 0) goto done;
    ft = H5Tcopy(ft0);
    H5Tclose(ft0);
    if (ft < 0) goto done;
    if (H5Tget_class(ft) == H5T_STRING) {
        if ((mt = H5Tcopy(ft)) < 0 || H5Tset_size(mt, width) < 0 || H5Tset_size(ft, width) < 0) goto done;
    } else if ((mt = H5Tget_native_type(ft, H5T_DIR_ASCEND)) < 0) {
        goto done;
    }
    const size_t esize = H5Tget_size(mt);
    rows_of(ds[0], &rank, dims, maxd);
    if (rank < 1 || rank > 8) goto done;
    size_t rowbytes = esize;
    for (int k = 1; k < rank; k++) rowbytes *= (size_t)dims[k];
    for (size_t p = 0; p < m->nparts; p++) {
        int rk = 0;
        hsize_t dp[8], mp[8];
        const hsize_t nr = rows_of(ds[p], &rk, dp, mp);
        if (rk != rank) goto done;
        for (int k = 1; k < rank; k++)
            if (dp[k] != dims[k]) goto done;
        if (!(bufs[p] = malloc(nr ? nr * rowbytes : 1))) goto done;
        if (nr && H5Dread(ds[p], mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, bufs[p]) < 0) goto done;
    }
    if (!(merged = malloc(cj->nrows ? cj->nrows * rowbytes : 1))) goto done;
    for (size_t i = 0; i < cj->nrows; i++)
        memcpy(merged + i * rowbytes, bufs[cj->rows[i].part] + cj->rows[i].row * rowbytes, rowbytes);
    dims[0] = cj->nrows;
    if (maxd[0] != H5S_UNLIMITED) maxd[0] = cj->nrows;
    if ((space = H5Screate_simple(rank, dims, maxd)) < 0) goto done;
    if ((dcpl = merged_dcpl(ds[0], rank, dims, cj->nrows)) < 0) goto done;
    if ((out = H5Dcreate2(cj->out, name, ft, space, H5P_DEFAULT, dcpl, H5P_DEFAULT)) < 0) goto done;
    if (cj->nrows && H5Dwrite(out, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, merged) < 0) goto done;
    rc = copy_attrs(ds[0], out) < 0 ? -1 : 0;
done:
    if (out >= 0 && H5Dclose(out) < 0) rc = -1;
    if (dcpl >= 0) H5Pclose(dcpl);
    if (space >= 0) H5Sclose(space);
    if (mt >= 0) H5Tclose(mt);
    if (ft >= 0) H5Tclose(ft);
    for (size_t p = 0; ds && p < m->nparts; p++)
        if (ds[p] >= 0) H5Dclose(ds[p]);
    for (size_t p = 0; bufs && p < m->nparts; p++) free(bufs[p]);
    free(bufs);
    free(ds);
    free(merged);
    return rc;
}

static int merge_group(const merge_ctx *m, hid_t f, const char *name)
{
    size_t n = 0;
    row_ref *rows = merged_rows(m, name, &n);
    if (!rows) return -1;
    int rc = -1;
    hid_t g = cs_h5_group(f, name);
    hid_t g0 = H5Gopen2(m->parts[0], name, H5P_DEFAULT);
    if (g >= 0 && g0 >= 0 && copy_attrs(g0, g) == 0) {
        col_job cj = { m, name, rows, n, g, NULL, 0 };
        cj.columns = read_columns(g0, &cj.ncolumns);
        hsize_t idx = 0;
        if (cj.columns) rc = H5Literate(g0, H5_INDEX_NAME, H5_ITER_INC, &idx, merge_column, &cj) < 0 ? -1 : 0;
        free(cj.columns);
    }
    if (g0 >= 0) H5Gclose(g0);
    if (g >= 0 && H5Gclose(g) < 0) rc = -1;
    free(rows);
    return rc;
}

/* ---- the file ----------------------------------------------------------- */

typedef struct root_job {
    const merge_ctx *m;
    hid_t f;
    const char **where;
} root_job;

static herr_t merge_root_object(hid_t r0, const char *name, const H5L_info_t *info, void *op)
{
    (void)info;
    const root_job *rj = op;
    *rj->where = !strcmp(name, "run_info") ? "/run_info" : !strcmp(name, "points") ? "/points" : "a table";
    if (!strcmp(name, "run_info")) {
        hid_t g = cs_h5_group(rj->f, name);
        if (g < 0) return -1;
        const int rc = cs_h5_write_run_info(g, rj->m->info);
        return H5Gclose(g) < 0 || rc < 0 ? -1 : 0;
    }
    /* a group with a `point` column is a table; /scenario, /sweep and
     * /points are the same in every part */
    H5O_info_t oi;
    bool table = false;
    if (strcmp(name, "points") != 0 && H5Oget_info_by_name(r0, name, &oi, H5P_DEFAULT) >= 0 && oi.type == H5O_TYPE_GROUP) {
        hid_t g = H5Gopen2(r0, name, H5P_DEFAULT);
        table = g >= 0 && H5Lexists(g, "point", H5P_DEFAULT) > 0;
        if (g >= 0) H5Gclose(g);
    }
    if (table) return merge_group(rj->m, rj->f, name) < 0 ? -1 : 0;
    return copy_object(r0, name, rj->f);
}

static int merge_filler(hid_t f, void *ctx, const char **where)
{
    const merge_ctx *m = ctx;
    *where = "the root attributes";
    if (copy_attrs(m->parts[0], f) < 0) return -1;
    root_job rj = { m, f, where };
    hsize_t idx = 0;
    return H5Literate(m->parts[0], H5_INDEX_NAME, H5_ITER_INC, &idx, merge_root_object, &rj) < 0 ? -1 : 0;
}

/* ---- checks ------------------------------------------------------------- */

typedef struct part_id {
    char version[64], sweep[65], scenario[65];
    uint64_t seed;
    uint32_t reps, points, shard_index, shard_count;
} part_id;

static int read_u32_attr(hid_t f, const char *name, uint32_t *v)
{
    hid_t a = H5Aopen(f, name, H5P_DEFAULT);
    if (a < 0) return -1;
    const int rc = H5Aread(a, H5T_NATIVE_UINT32, v) < 0 ? -1 : 0;
    H5Aclose(a);
    return rc;
}

static int read_part_id(hid_t f, part_id *id)
{
    memset(id, 0, sizeof *id);
    hid_t a = H5Aopen(f, "seed", H5P_DEFAULT);
    if (a < 0) return -1;
    const herr_t r = H5Aread(a, H5T_NATIVE_UINT64, &id->seed);
    H5Aclose(a);
    if (r < 0) return -1;
    return cs_h5_read_attr_str(f, "clearsim_version", id->version, sizeof id->version) < 0 ||
                   cs_h5_read_attr_str(f, "sweep_sha256", id->sweep, sizeof id->sweep) < 0 ||
                   cs_h5_read_attr_str(f, "scenario_sha256", id->scenario, sizeof id->scenario) < 0 ||
                   read_u32_attr(f, "replications", &id->reps) < 0 ||
                   read_u32_attr(f, "points", &id->points) < 0 ||
                   read_u32_attr(f, "shard_index", &id->shard_index) < 0 ||
                   read_u32_attr(f, "shard_count", &id->shard_count) < 0
               ? -1
               : 0;
}

static cs_status check_parts(const merge_ctx *m, const char *const *paths, cs_error *err)
{
    part_id first, id;
    uint8_t *seen = NULL;
    cs_status st = CS_OK;
    for (size_t p = 0; p < m->nparts && st == CS_OK; p++) {
        if (read_part_id(m->parts[p], p ? &id : &first) < 0) {
            st = cs_error_set(err, CS_ERR_INPUT, paths[p], 0, 0,
                              "not a shard of a sweep (clearsim sweep --shard I/N writes those)");
            break;
        }
        if (p == 0) {
            if (m->nparts != first.shard_count) {
                st = cs_error_set(err, CS_ERR_INPUT, paths[0], 0, 0, "is shard %u/%u: %u parts needed, %zu given",
                                  first.shard_index, first.shard_count, first.shard_count, m->nparts);
                break;
            }
            if (!(seen = calloc(first.shard_count, 1))) {
                st = cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
                break;
            }
            id = first;
        } else if (strcmp(id.version, first.version) || strcmp(id.sweep, first.sweep) ||
                   strcmp(id.scenario, first.scenario) || id.seed != first.seed || id.reps != first.reps ||
                   id.points != first.points || id.shard_count != first.shard_count) {
            st = cs_error_set(err, CS_ERR_INPUT, paths[p], 0, 0,
                              "is not a shard of the same sweep as %s (sweep, scenario, version, seed, replications or shard count differ)",
                              paths[0]);
            break;
        }
        if (id.shard_index >= first.shard_count || seen[id.shard_index]++) {
            st = cs_error_set(err, CS_ERR_INPUT, paths[p], 0, 0, "shard %u/%u given twice", id.shard_index,
                              first.shard_count);
            break;
        }
    }
    free(seen);
    return st;
}

cs_status cs_output_merge(const char *out, const char *const *paths, size_t nparts, bool force,
                          const cs_run_info *info, cs_error *err)
{
    if (nparts == 0) return cs_error_set(err, CS_ERR_INPUT, NULL, 0, 0, "merge needs the parts");
    cs_h5_quiet q;
    cs_h5_quiet_begin(&q);
    merge_ctx m = { calloc(nparts, sizeof(hid_t)), nparts, info };
    cs_status st = m.parts ? CS_OK : cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (size_t p = 0; m.parts && p < nparts; p++) m.parts[p] = -1;
    for (size_t p = 0; st == CS_OK && p < nparts; p++) {
        if (!cs_output_is_clearsim_file(paths[p])) {
            st = cs_error_set(err, CS_ERR_INPUT, paths[p], 0, 0, "not a clearsim result file");
            break;
        }
        hid_t fapl = cs_h5_fapl();
        m.parts[p] = fapl < 0 ? -1 : H5Fopen(paths[p], H5F_ACC_RDONLY, fapl);
        if (fapl >= 0) H5Pclose(fapl);
        if (m.parts[p] < 0) st = cs_error_set(err, CS_ERR_IO, paths[p], 0, 0, "cannot open");
    }
    if (st == CS_OK) st = check_parts(&m, paths, err);
    if (st == CS_OK) st = cs_h5_write_file(out, force, merge_filler, &m, err);
    for (size_t p = 0; m.parts && p < nparts; p++)
        if (m.parts[p] >= 0) H5Fclose(m.parts[p]);
    free(m.parts);
    cs_h5_quiet_end(&q);
    return st;
}
