/*
 * h5_util.h - small HDF5 helpers shared by the result writer and reader
 * (internal to sim/output; nothing outside it includes hdf5.h).
 *
 * Every helper closes what it opens and returns a cs_status: CS_OK,
 * CS_ERR_IO when HDF5 failed, CS_ERR_NOMEM when an allocation failed.
 * Callers stop at the first failure (CS_TRY) and the file-level call
 * turns the status into one error naming the file and the object.
 */
#ifndef CS_OUTPUT_H5_UTIL_H
#define CS_OUTPUT_H5_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <hdf5.h>
#include "clearsim/error.h"

/* Return the status of expr from the enclosing function unless it is CS_OK. */
#define CS_TRY(expr)                                                           \
    do {                                                                       \
        const cs_status cs_try_status_ = (expr);                               \
        if (cs_try_status_ != CS_OK) return cs_try_status_;                    \
    } while (0)
/* CS_OK when the HDF5 call's result is not negative, else CS_ERR_IO. */
#define CS_H5(call) ((call) < 0 ? CS_ERR_IO : CS_OK)

/* HDF5's automatic error printing, switched off for a stretch of calls and
 * restored after (users never see HDF5's error stack). */
typedef struct cs_h5_quiet {
    H5E_auto2_t func;
    void *data;
} cs_h5_quiet;
void cs_h5_quiet_begin(cs_h5_quiet *q);
void cs_h5_quiet_end(const cs_h5_quiet *q);

/* File access list: locking kept, but ignored on file systems without it. */
hid_t cs_h5_fapl(void);
/* File creation list: no times in the root group's header. */
hid_t cs_h5_fcpl(void);
/* A new group with no times in its header; close with H5Gclose. */
hid_t cs_h5_group(hid_t loc, const char *name);
/* Dataset creation list with object times off (the caller adds layout). */
hid_t cs_h5_dcpl(void);
/* The same, chunked as given (rank dimensions), shuffled and deflated
 * (level 4): for large or sparse tables. */
hid_t cs_h5_dcpl_deflate(int rank, const hsize_t *chunk);

/* Scalar string attribute (fixed length, NUL-terminated, UTF-8). */
cs_status cs_h5_attr_str(hid_t obj, const char *name, const char *value);
/* 1-D string-list attribute (fixed length, NUL-terminated). */
cs_status cs_h5_attr_strs(hid_t obj, const char *name, const char *const *values, size_t n);
/* Scalar numeric attribute: ftype in the file, mtype of *value. */
cs_status cs_h5_attr_num(hid_t obj, const char *name, hid_t ftype, hid_t mtype, const void *value);

/* 1-D numeric column of n values; units (may be NULL) as an attribute. */
cs_status cs_h5_col(hid_t g, const char *name, hid_t ftype, hid_t mtype, const void *data, size_t n,
                    const char *units);
/* As cs_h5_col for a column of the table rather than of its rows (such as
 * the times of /timeseries): written by the first point of a sweep only. */
cs_status cs_h5_col_once(hid_t g, const char *name, hid_t ftype, hid_t mtype, const void *data, size_t n,
                         const char *units);
/* 1-D fixed-length string column, null-padded to the longest value (>= 1). */
cs_status cs_h5_col_str(hid_t g, const char *name, const char *const *values, size_t n);

/* Rows per chunk of the deflated columns (fewer when the column is shorter). */
#define CS_H5_CHUNK_ROWS 65536
/* As cs_h5_col and cs_h5_col_str, but chunked (min(n, CS_H5_CHUNK_ROWS)
 * rows), shuffled and deflated: for tables of millions of rows. */
cs_status cs_h5_col_deflate(hid_t g, const char *name, hid_t ftype, hid_t mtype, const void *data, size_t n,
                            const char *units);
cs_status cs_h5_col_str_deflate(hid_t g, const char *name, const char *const *values, size_t n);

/* A one-element integer attribute (any width) as u64; CS_ERR_IO when it
 * is missing or of another shape or class. */
cs_status cs_h5_read_attr_u64(hid_t obj, const char *name, uint64_t *v);
/* The same for one floating-point number. */
cs_status cs_h5_read_attr_f64(hid_t obj, const char *name, double *v);
/* src (n bytes at most, NUL-ended or not) into dst of size bytes with
 * every control character written as \xNN: labels from a file never
 * reach a terminal raw. */
void cs_h5_copy_clean(char *dst, size_t size, const char *src, size_t n);
/* Read a fixed-length string attribute into buf (truncated, NUL-terminated). */
cs_status cs_h5_read_attr_str(hid_t obj, const char *name, char *buf, size_t size);

#endif
