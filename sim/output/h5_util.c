/*
 * h5_util.c - the HDF5 calls the writer and reader repeat.
 *
 * Result files must compare equal with h5diff across runs, so everything
 * created here switches off object time tracking, uses explicit
 * little-endian file types chosen by the caller, and fixed-length strings
 * whose width depends only on the values.  Handles are closed on every path;
 * the result is a cs_status, never a printed HDF5 stack.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "output/h5_append.h"
#include "output/h5_util.h"

void cs_h5_quiet_begin(cs_h5_quiet *q)
{
    /* HDF5 1.10 keeps a file whose write failed (a full disk) open in its
     * tables, and its exit handler crashes closing it again: the library
     * is not torn down at exit (the process is ending anyway).  Only the
     * first call, before the library starts, can ask for that. */
    static bool started;
    if (!started) {
        started = true;
        (void)H5dont_atexit();
    }
    q->func = NULL;
    q->data = NULL;
    if (H5Eget_auto2(H5E_DEFAULT, &q->func, &q->data) < 0) {
        q->func = NULL;
        q->data = NULL;
    }
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
}

void cs_h5_quiet_end(const cs_h5_quiet *q)
{
    H5Eset_auto2(H5E_DEFAULT, q->func, q->data);
}

hid_t cs_h5_fapl(void)
{
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    if (fapl < 0) return -1;
#if H5_VERSION_GE(1, 10, 7)
    if (H5Pset_file_locking(fapl, 1, 1) < 0) {
        H5Pclose(fapl);
        return -1;
    }
#endif
    return fapl;
}

hid_t cs_h5_fcpl(void)
{
    hid_t fcpl = H5Pcreate(H5P_FILE_CREATE);
    if (fcpl < 0) return -1;
    if (H5Pset_obj_track_times(fcpl, 0) < 0) {
        H5Pclose(fcpl);
        return -1;
    }
    return fcpl;
}

hid_t cs_h5_dcpl(void)
{
    hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    if (dcpl < 0) return -1;
    if (H5Pset_obj_track_times(dcpl, 0) < 0) {
        H5Pclose(dcpl);
        return -1;
    }
    return dcpl;
}

hid_t cs_h5_group(hid_t loc, const char *name)
{
    if (cs_h5_append_active() && H5Lexists(loc, name, H5P_DEFAULT) > 0) return H5Gopen2(loc, name, H5P_DEFAULT);
    hid_t gcpl = H5Pcreate(H5P_GROUP_CREATE);
    if (gcpl < 0) return -1;
    hid_t g = -1;
    if (H5Pset_obj_track_times(gcpl, 0) >= 0)
        g = H5Gcreate2(loc, name, H5P_DEFAULT, gcpl, H5P_DEFAULT);
    H5Pclose(gcpl);
    return g;
}

/* A fixed-length UTF-8 string type of width w (>= 1). */
static hid_t str_type(size_t w, H5T_str_t pad)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    if (t < 0) return -1;
    if (H5Tset_size(t, w ? w : 1) < 0 || H5Tset_strpad(t, pad) < 0 ||
        H5Tset_cset(t, H5T_CSET_UTF8) < 0) {
        H5Tclose(t);
        return -1;
    }
    return t;
}

static cs_status write_attr(hid_t obj, const char *name, hid_t ftype, hid_t mtype, hid_t space,
                            const void *value)
{
    if (cs_h5_append_active() && H5Aexists(obj, name) > 0) return CS_OK; /* the first point's */
    hid_t a = H5Acreate2(obj, name, ftype, space, H5P_DEFAULT, H5P_DEFAULT);
    if (a < 0) return CS_ERR_IO;
    const cs_status st = CS_H5(H5Awrite(a, mtype, value));
    return H5Aclose(a) < 0 ? CS_ERR_IO : st;
}

cs_status cs_h5_attr_str(hid_t obj, const char *name, const char *value)
{
    if (!value) value = "";
    cs_status st = CS_ERR_IO;
    hid_t t = str_type(strlen(value) + 1, H5T_STR_NULLTERM);
    hid_t s = H5Screate(H5S_SCALAR);
    if (t >= 0 && s >= 0) st = write_attr(obj, name, t, t, s, value);
    if (s >= 0) H5Sclose(s);
    if (t >= 0) H5Tclose(t);
    return st;
}

/* n strings packed into n * w bytes, zero-padded; w = longest + extra
 * (a terminator's room), at least 1. */
static size_t longest(const char *const *values, size_t n, size_t extra)
{
    size_t w = 1;
    for (size_t i = 0; i < n; i++) {
        const size_t l = (values[i] ? strlen(values[i]) : 0) + extra;
        if (l > w) w = l;
    }
    return w;
}

static char *pack_strings(const char *const *values, size_t n, size_t extra, size_t *w_out)
{
    const size_t w = *w_out ? *w_out : longest(values, n, extra);
    char *buf = calloc(n ? n : 1, w);
    if (!buf) return NULL;
    for (size_t i = 0; i < n; i++)
        if (values[i]) memcpy(buf + i * w, values[i], strlen(values[i]));
    *w_out = w;
    return buf;
}

cs_status cs_h5_attr_strs(hid_t obj, const char *name, const char *const *values, size_t n)
{
    size_t w = 0;
    char *buf = pack_strings(values, n, 1, &w);
    if (!buf) return CS_ERR_NOMEM;
    cs_status st = CS_ERR_IO;
    const hsize_t dims[1] = { n };
    hid_t t = str_type(w, H5T_STR_NULLTERM);
    hid_t s = H5Screate_simple(1, dims, NULL);
    if (t >= 0 && s >= 0) st = write_attr(obj, name, t, t, s, buf);
    if (s >= 0) H5Sclose(s);
    if (t >= 0) H5Tclose(t);
    free(buf);
    return st;
}

cs_status cs_h5_attr_num(hid_t obj, const char *name, hid_t ftype, hid_t mtype, const void *value)
{
    hid_t s = H5Screate(H5S_SCALAR);
    if (s < 0) return CS_ERR_IO;
    const cs_status st = write_attr(obj, name, ftype, mtype, s, value);
    H5Sclose(s);
    return st;
}

hid_t cs_h5_dcpl_deflate(int rank, const hsize_t *chunk)
{
    hid_t dcpl = cs_h5_dcpl();
    if (dcpl < 0) return -1;
    if (H5Pset_chunk(dcpl, rank, chunk) < 0 || H5Pset_shuffle(dcpl) < 0 ||
        H5Pset_deflate(dcpl, 4) < 0) {
        H5Pclose(dcpl);
        return -1;
    }
    return dcpl;
}

/* 1-D dataset, contiguous or (deflate) chunked, shuffled and deflated;
 * nothing is written when n == 0. */
static cs_status col(hid_t g, const char *name, hid_t ftype, hid_t mtype, const void *data, size_t n,
                     const char *units, bool deflate)
{
    cs_h5_append *a = cs_h5_append_active();
    if (a) {
        const cs_h5_append_spec sp = { ftype, mtype, 0, units };
        return cs_h5_append_rows(a, g, name, &sp, data, n);
    }
    const hsize_t dims[1] = { n };
    const hsize_t chunk[1] = { n == 0 ? 1 : n < CS_H5_CHUNK_ROWS ? n : CS_H5_CHUNK_ROWS };
    hid_t s = H5Screate_simple(1, dims, NULL);
    hid_t dcpl = deflate ? cs_h5_dcpl_deflate(1, chunk) : cs_h5_dcpl();
    hid_t d = -1;
    cs_status st = CS_ERR_IO;
    if (s >= 0 && dcpl >= 0)
        d = H5Dcreate2(g, name, ftype, s, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    if (d >= 0) {
        st = CS_OK;
        if (n && H5Dwrite(d, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0) st = CS_ERR_IO;
        if (st == CS_OK && units) st = cs_h5_attr_str(d, "units", units);
        if (H5Dclose(d) < 0 && st == CS_OK) st = CS_ERR_IO;
    }
    if (dcpl >= 0) H5Pclose(dcpl);
    if (s >= 0) H5Sclose(s);
    return st;
}

static cs_status col_str(hid_t g, const char *name, const char *const *values, size_t n, bool deflate)
{
    size_t w = 0;
    cs_h5_append *a = cs_h5_append_active();
    if (a) { /* appended: every point's rows at the width of the first */
        w = cs_h5_append_str_width(a, g, name);
        const size_t need = longest(values, n, 0);
        if (!w) w = need > cs_h5_append_label_width(a) ? need : cs_h5_append_label_width(a);
        if (need > w) return CS_ERR_INTERNAL;
    }
    char *buf = pack_strings(values, n, 0, &w);
    if (!buf) return CS_ERR_NOMEM;
    cs_status st = CS_ERR_IO;
    hid_t t = str_type(w, H5T_STR_NULLPAD);
    if (t >= 0) {
        st = col(g, name, t, t, buf, n, NULL, deflate);
        H5Tclose(t);
    }
    free(buf);
    return st;
}

cs_status cs_h5_col_once(hid_t g, const char *name, hid_t ftype, hid_t mtype, const void *data, size_t n,
                         const char *units)
{
    cs_h5_append *a = cs_h5_append_active();
    if (a && H5Lexists(g, name, H5P_DEFAULT) > 0) return CS_OK;
    cs_h5_append_use(NULL);
    const cs_status st = col(g, name, ftype, mtype, data, n, units, false);
    cs_h5_append_use(a);
    return st;
}

cs_status cs_h5_col(hid_t g, const char *name, hid_t ftype, hid_t mtype, const void *data, size_t n,
                    const char *units)
{
    return col(g, name, ftype, mtype, data, n, units, false);
}

cs_status cs_h5_col_deflate(hid_t g, const char *name, hid_t ftype, hid_t mtype, const void *data, size_t n,
                            const char *units)
{
    return col(g, name, ftype, mtype, data, n, units, true);
}

cs_status cs_h5_col_str(hid_t g, const char *name, const char *const *values, size_t n)
{
    return col_str(g, name, values, n, false);
}

cs_status cs_h5_col_str_deflate(hid_t g, const char *name, const char *const *values, size_t n)
{
    return col_str(g, name, values, n, true);
}

/* One attribute of class cls, one element, read as mem into v. */
static cs_status read_attr_one(hid_t obj, const char *name, H5T_class_t cls, hid_t mem, void *v)
{
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    if (a < 0) return CS_ERR_IO;
    hid_t t = H5Aget_type(a), sp = H5Aget_space(a);
    /* one element: a larger attribute would overrun v */
    const bool ok = t >= 0 && sp >= 0 && H5Tget_class(t) == cls && H5Sget_simple_extent_npoints(sp) == 1 &&
                    H5Aread(a, mem, v) >= 0;
    if (sp >= 0) H5Sclose(sp);
    if (t >= 0) H5Tclose(t);
    H5Aclose(a);
    return ok ? CS_OK : CS_ERR_IO;
}

cs_status cs_h5_read_attr_u64(hid_t obj, const char *name, uint64_t *v)
{
    *v = 0;
    return read_attr_one(obj, name, H5T_INTEGER, H5T_NATIVE_UINT64, v);
}

cs_status cs_h5_read_attr_f64(hid_t obj, const char *name, double *v)
{
    *v = 0;
    return read_attr_one(obj, name, H5T_FLOAT, H5T_NATIVE_DOUBLE, v);
}

void cs_h5_copy_clean(char *dst, size_t size, const char *src, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n && src[i]; i++) {
        const unsigned char c = (unsigned char)src[i];
        if (c >= 0x20 && c != 0x7f) {
            if (o + 1 >= size) break;
            dst[o++] = (char)c;
        } else {
            if (o + 4 >= size) break;
            snprintf(dst + o, 5, "\\x%02x", c);
            o += 4;
        }
    }
    dst[o] = '\0';
}

cs_status cs_h5_read_attr_str(hid_t obj, const char *name, char *buf, size_t size)
{
    if (size == 0) return CS_ERR_IO;
    buf[0] = '\0';
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    if (a < 0) return CS_ERR_IO;
    cs_status st = CS_ERR_IO;
    hid_t ft = H5Aget_type(a), sp = H5Aget_space(a);
    /* one fixed-length string: an array of them would overrun the buffer */
    if (ft >= 0 && sp >= 0 && H5Sget_simple_extent_npoints(sp) == 1 && H5Tget_class(ft) == H5T_STRING &&
        H5Tis_variable_str(ft) == 0) {
        const size_t w = H5Tget_size(ft);
        char *tmp = calloc(w + 1, 1);
        if (!tmp) st = CS_ERR_NOMEM;
        hid_t mt = tmp ? H5Tcopy(ft) : -1; /* same cset: HDF5 will not convert it */
        if (mt >= 0 && H5Tset_strpad(mt, H5T_STR_NULLPAD) < 0) {
            H5Tclose(mt);
            mt = -1;
        }
        if (mt >= 0 && H5Aread(a, mt, tmp) >= 0) {
            cs_h5_copy_clean(buf, size, tmp, w);
            st = CS_OK;
        }
        if (mt >= 0) H5Tclose(mt);
        free(tmp);
    }
    if (sp >= 0) H5Sclose(sp);
    if (ft >= 0) H5Tclose(ft);
    H5Aclose(a);
    return st;
}
