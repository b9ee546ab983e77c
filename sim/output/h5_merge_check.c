/*
 * h5_merge_check.c - the shape of every part, checked before `merge`
 * reads a byte of data.
 *
 * Shards come from other jobs, other users' folders, damaged disks: the
 * merge must not trust their shape.  Each part's layout is described (its
 * root objects; for every table group, the point column's length and each
 * dataset's rank, dimensions and type class), checked on its own (every
 * column of the `columns` list present and as long as the point column, a
 * ragged column as long as its row lengths add up to, ranks within bounds,
 * no variable-length data or attribute anywhere: clearsim writes none, and
 * copying them would need their memory reclaimed), and compared with the
 * first part's: the same objects, the same columns with the same classes,
 * ranks and inner dimensions, other datasets of the same size.  A
 * part that fails is bad input naming the part and the object, so the
 * merge below reads only what it expects, and any part order gives the
 * same file (the first part is a template only once all agree).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "output/h5_merge.h"
#include "output/h5_util.h"

#define MAX_RANK 8
#define MAX_OBJECTS 64 /* per group: clearsim writes at most ~30 */

typedef struct ds_shape {
    char name[64];
    int rank;
    hsize_t dims[MAX_RANK];
    H5T_class_t cls;
    bool vlen;            /* a variable-length string */
    char lengths[64];     /* a ragged column's row-length column, else "" */
    bool column;          /* listed in the group's `columns`, or ragged */
} ds_shape;

typedef struct obj_shape {
    char name[64];
    bool group;
    bool table;           /* a group with a point column */
    size_t nds;
    ds_shape ds[MAX_OBJECTS];
} obj_shape;

typedef struct file_shape {
    size_t nobj;
    obj_shape obj[MAX_OBJECTS];
} file_shape;

typedef struct check_ctx {
    file_shape *fs;
    obj_shape *cur;
    const char *problem; /* static text: what is wrong */
    char where[160];     /* the object */
} check_ctx;

static herr_t fail_at(check_ctx *c, const char *problem, const char *g, const char *d)
{
    c->problem = problem;
    snprintf(c->where, sizeof c->where, "/%s%s%s", g, d ? "/" : "", d ? d : "");
    return -1;
}

/* H5Aiterate's callback: an attribute of fixed-size data only. */
static herr_t fixed_attr(hid_t obj, const char *name, const H5A_info_t *info, void *op)
{
    (void)info, (void)op;
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    hid_t t = a >= 0 ? H5Aget_type(a) : -1;
    const bool ok = t >= 0 && H5Tis_variable_str(t) == 0 && H5Tdetect_class(t, H5T_VLEN) == 0;
    if (t >= 0) H5Tclose(t);
    if (a >= 0) H5Aclose(a);
    return ok ? 0 : -1;
}

static bool attrs_fixed(hid_t obj)
{
    hsize_t idx = 0;
    return H5Aiterate2(obj, H5_INDEX_NAME, H5_ITER_INC, &idx, fixed_attr, NULL) >= 0;
}

static bool shape_of(hid_t g, const char *name, ds_shape *s)
{
    memset(s, 0, sizeof *s);
    snprintf(s->name, sizeof s->name, "%s", name);
    hid_t d = H5Dopen2(g, name, H5P_DEFAULT);
    if (d < 0) return false;
    hid_t sp = H5Dget_space(d), t = H5Dget_type(d);
    bool ok = sp >= 0 && t >= 0;
    const int r = ok ? H5Sget_simple_extent_ndims(sp) : -1;
    ok = ok && r >= 0 && r <= MAX_RANK;
    if (ok) {
        s->rank = r;
        ok = H5Sget_simple_extent_dims(sp, s->dims, NULL) == r;
        s->cls = H5Tget_class(t);
        s->vlen = s->cls == H5T_STRING && H5Tis_variable_str(t) > 0;
        ok = !s->vlen && H5Tdetect_class(t, H5T_VLEN) == 0 && attrs_fixed(d);
    }
    if (ok && H5Aexists(d, "lengths") > 0)
        ok = cs_h5_read_attr_str(d, "lengths", s->lengths, sizeof s->lengths) == CS_OK && s->lengths[0];
    if (t >= 0) H5Tclose(t);
    if (sp >= 0) H5Sclose(sp);
    H5Dclose(d);
    return ok;
}

static herr_t one_dataset(hid_t g, const char *name, const H5L_info_t *info, void *op)
{
    (void)info;
    check_ctx *c = op;
    obj_shape *o = c->cur;
    H5O_info_t oi;
    if (strlen(name) >= sizeof o->ds[0].name) return fail_at(c, "a name too long", o->name, NULL);
    if (H5Oget_info_by_name(g, name, &oi, H5P_DEFAULT) < 0 || oi.type != H5O_TYPE_DATASET)
        return fail_at(c, "not a dataset", o->name, name);
    if (o->nds == MAX_OBJECTS) return fail_at(c, "too many datasets", o->name, NULL);
    if (!shape_of(g, name, &o->ds[o->nds]))
        return fail_at(c, "a dataset of rank above 8, of variable-length data or unreadable", o->name, name);
    o->nds++;
    return 0;
}

static const ds_shape *find_ds(const obj_shape *o, const char *name)
{
    for (size_t k = 0; k < o->nds; k++)
        if (!strcmp(o->ds[k].name, name)) return &o->ds[k];
    return NULL;
}

/* The sum of the row lengths of a ragged column (an unsigned column of the
 * table's rows), or -1 when unreadable. */
static long long lengths_sum(hid_t g, const char *name, hsize_t rows)
{
    hid_t d = H5Dopen2(g, name, H5P_DEFAULT);
    if (d < 0) return -1;
    uint64_t *v = malloc((rows ? rows : 1) * sizeof *v);
    long long sum = v ? 0 : -1;
    if (v && rows && H5Dread(d, H5T_NATIVE_UINT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) < 0) sum = -1;
    for (hsize_t i = 0; sum >= 0 && i < rows; i++) {
        if (v[i] > (1ull << 40)) sum = -1; /* no row holds a trillion elements */
        else sum += (long long)v[i];
    }
    free(v);
    H5Dclose(d);
    return sum;
}

/* Mark the datasets the group's `columns` attribute lists (and the
 * ragged ones); false when the attribute is missing, not fixed-length
 * strings, or names a dataset the group lacks. */
static bool mark_columns(hid_t g, obj_shape *o)
{
    if (H5Aexists(g, "columns") <= 0) return false;
    hid_t a = H5Aopen(g, "columns", H5P_DEFAULT);
    hid_t t = a >= 0 ? H5Aget_type(a) : -1, sp = a >= 0 ? H5Aget_space(a) : -1;
    const hssize_t n = sp >= 0 ? H5Sget_simple_extent_npoints(sp) : -1;
    const size_t w = t >= 0 ? H5Tget_size(t) : 0;
    bool ok = t >= 0 && H5Tget_class(t) == H5T_STRING && H5Tis_variable_str(t) == 0 && n >= 1 && n <= 256 && w &&
              w < 256;
    char *names = ok ? calloc((size_t)n, w) : NULL;
    ok = ok && names && H5Aread(a, t, names) >= 0;
    for (hssize_t k = 0; ok && k < n; k++) {
        char name[256];
        snprintf(name, sizeof name, "%.*s", (int)strnlen(names + (size_t)k * w, w), names + (size_t)k * w);
        ds_shape *s = NULL;
        for (size_t j = 0; j < o->nds && !s; j++)
            if (!strcmp(o->ds[j].name, name)) s = &o->ds[j];
        if (!s) ok = false;
        else s->column = true;
    }
    /* ragged columns, and the per-row unit of mixed units (docs/hdf5.md:
     * a column, not listed) */
    for (size_t j = 0; j < o->nds; j++)
        if (o->ds[j].lengths[0] || !strcmp(o->ds[j].name, "unit")) o->ds[j].column = true;
    free(names);
    if (sp >= 0) H5Sclose(sp);
    if (t >= 0) H5Tclose(t);
    if (a >= 0) H5Aclose(a);
    return ok;
}

/* A table group: the point column, the columns list, every column's
 * length. */
static herr_t check_table(hid_t g, check_ctx *c)
{
    obj_shape *o = c->cur;
    const ds_shape *pt = find_ds(o, "point");
    if (!pt || pt->rank != 1 || pt->cls != H5T_INTEGER) return fail_at(c, "no 1-D integer point column", o->name, "point");
    const hsize_t rows = pt->dims[0];
    if (!mark_columns(g, o)) return fail_at(c, "no columns attribute, or one naming a missing dataset", o->name, NULL);
    for (size_t k = 0; k < o->nds; k++) {
        const ds_shape *s = &o->ds[k];
        if (!s->column) continue; /* shared (as /timeseries/time): the same in every part */
        if (s->rank < 1) return fail_at(c, "a scalar where a column belongs", o->name, s->name);
        if (s->lengths[0]) {
            const ds_shape *len = find_ds(o, s->lengths);
            if (!len || len->rank != 1 || len->cls != H5T_INTEGER || len->dims[0] != rows || len->lengths[0])
                return fail_at(c, "a ragged column whose lengths column is not one integer per row", o->name, s->name);
            if (lengths_sum(g, s->lengths, rows) != (long long)s->dims[0])
                return fail_at(c, "a ragged column whose length is not the sum of its row lengths", o->name, s->name);
        } else if (s->dims[0] != rows) {
            return fail_at(c, "columns of different lengths", o->name, s->name);
        }
    }
    return 0;
}

static herr_t one_root_object(hid_t f, const char *name, const H5L_info_t *info, void *op)
{
    (void)info;
    check_ctx *c = op;
    file_shape *fs = c->fs;
    if (strlen(name) >= sizeof fs->obj[0].name) return fail_at(c, "a name too long", name, NULL);
    if (fs->nobj == MAX_OBJECTS) return fail_at(c, "too many objects", name, NULL);
    obj_shape *o = &fs->obj[fs->nobj++];
    memset(o, 0, sizeof *o);
    snprintf(o->name, sizeof o->name, "%s", name);
    H5O_info_t oi;
    if (H5Oget_info_by_name(f, name, &oi, H5P_DEFAULT) < 0) return fail_at(c, "an unreadable object", name, NULL);
    o->group = oi.type == H5O_TYPE_GROUP;
    if (!o->group) return oi.type == H5O_TYPE_DATASET ? 0 : fail_at(c, "an object of an unknown type", name, NULL);
    hid_t g = H5Gopen2(f, name, H5P_DEFAULT);
    if (g < 0) return fail_at(c, "an unreadable group", name, NULL);
    if (!attrs_fixed(g)) {
        H5Gclose(g);
        return fail_at(c, "an attribute of variable-length data", name, NULL);
    }
    c->cur = o;
    hsize_t idx = 0;
    herr_t rc = H5Literate(g, H5_INDEX_NAME, H5_ITER_INC, &idx, one_dataset, c);
    if (rc >= 0 && strcmp(name, "points") != 0 && find_ds(o, "point")) {
        o->table = true;
        rc = check_table(g, c);
    }
    H5Gclose(g);
    return rc < 0 ? -1 : 0;
}

static const obj_shape *find_obj(const file_shape *fs, const char *name)
{
    for (size_t k = 0; k < fs->nobj; k++)
        if (!strcmp(fs->obj[k].name, name)) return &fs->obj[k];
    return NULL;
}

/* What differs between a part (b) and the first (a), or NULL. */
static const char *difference(const file_shape *a, const file_shape *b, char *where, size_t size)
{
    const file_shape *x[2] = { a, b };
    for (int side = 0; side < 2; side++)
        for (size_t k = 0; k < x[side]->nobj; k++) {
            const obj_shape *o = &x[side]->obj[k], *p = find_obj(x[!side], o->name);
            snprintf(where, size, "/%s", o->name);
            if (!p) return side ? "only in this part" : "missing in this part";
            if (o->group != p->group || o->table != p->table || o->nds != p->nds)
                return "a different kind of object or a different set of columns";
            for (size_t j = 0; j < o->nds; j++) {
                const ds_shape *s = &o->ds[j], *t = find_ds(p, s->name);
                snprintf(where, size, "/%s/%s", o->name, s->name);
                if (!t) return "a different set of columns";
                if (s->cls != t->cls || s->vlen != t->vlen || s->rank != t->rank || strcmp(s->lengths, t->lengths) ||
                    s->column != t->column)
                    return "a column of another type or rank";
                for (int r = 1; r < s->rank; r++)
                    if (s->dims[r] != t->dims[r]) return "a column of other inner dimensions";
                if (!s->column && s->rank >= 1 && s->dims[0] != t->dims[0]) return "a shared dataset of another size";
            }
        }
    return NULL;
}

cs_status cs_h5_merge_check(const cs_h5_merge_ctx *m, const char *const *paths, cs_error *err)
{
    file_shape *shapes = calloc(2, sizeof *shapes);
    if (!shapes) return cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    cs_status st = CS_OK;
    for (size_t p = 0; p < m->nparts && st == CS_OK; p++) {
        check_ctx c = { &shapes[p ? 1 : 0], NULL, NULL, "" };
        memset(c.fs, 0, sizeof *c.fs);
        hsize_t idx = 0;
        if (!attrs_fixed(m->parts[p])) {
            st = cs_error_set(err, CS_ERR_INPUT, paths[p], 0, 0, "not a clearsim result file: a root attribute of "
                              "variable-length data");
            break;
        }
        if (H5Literate(m->parts[p], H5_INDEX_NAME, H5_ITER_INC, &idx, one_root_object, &c) < 0) {
            st = cs_error_set(err, CS_ERR_INPUT, paths[p], 0, 0, "not a clearsim result file: %s has %s",
                              c.problem ? c.where : "the file", c.problem ? c.problem : "an unreadable layout");
            break;
        }
        char where[160];
        const char *why = p ? difference(&shapes[0], &shapes[1], where, sizeof where) : NULL;
        if (why)
            st = cs_error_set(err, CS_ERR_INPUT, paths[p], 0, 0,
                              "%s differs from %s (%s); the parts of one sweep have one layout", where, paths[0],
                              why);
    }
    free(shapes);
    return st;
}
