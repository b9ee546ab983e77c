/*
 * h5_util.h - small HDF5 helpers shared by the result writer and reader
 * (internal to sim/output; nothing outside it includes hdf5.h).
 *
 * Every helper closes what it opens and returns 0 or -1, so callers chain
 * them with || and turn any failure into one error naming the file.
 */
#ifndef CS_OUTPUT_H5_UTIL_H
#define CS_OUTPUT_H5_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <hdf5.h>

/* HDF5's automatic error printing, switched off for a stretch of calls and
 * restored after (users never see HDF5's error stack). */
typedef struct cs_h5_quiet {
    H5E_auto2_t func;
    void *data;
} cs_h5_quiet;
void cs_h5_quiet_begin(cs_h5_quiet *q);
void cs_h5_quiet_end(const cs_h5_quiet *q);

/* The helpers here, and the table writers and readers, return -1 for any
 * failure; one that could not allocate also notes it, so the file writer
 * and the reader can say "out of memory" instead of blaming HDF5.  Take
 * clears the note.  (Result files are written and read by one thread.) */
void cs_h5_note_nomem(void);
bool cs_h5_take_nomem(void);

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
int cs_h5_attr_str(hid_t obj, const char *name, const char *value);
/* 1-D string-list attribute (fixed length, NUL-terminated). */
int cs_h5_attr_strs(hid_t obj, const char *name, const char *const *values, size_t n);
/* Scalar numeric attribute: ftype in the file, mtype of *value. */
int cs_h5_attr_num(hid_t obj, const char *name, hid_t ftype, hid_t mtype, const void *value);

/* 1-D numeric column of n values; units (may be NULL) as an attribute. */
int cs_h5_col(hid_t g, const char *name, hid_t ftype, hid_t mtype, const void *data,
              size_t n, const char *units);
/* 1-D fixed-length string column, null-padded to the longest value (>= 1). */
int cs_h5_col_str(hid_t g, const char *name, const char *const *values, size_t n);

/* Rows per chunk of the deflated columns (fewer when the column is shorter). */
#define CS_H5_CHUNK_ROWS 65536
/* As cs_h5_col and cs_h5_col_str, but chunked (min(n, CS_H5_CHUNK_ROWS)
 * rows), shuffled and deflated: for tables of millions of rows. */
int cs_h5_col_deflate(hid_t g, const char *name, hid_t ftype, hid_t mtype, const void *data,
                      size_t n, const char *units);
int cs_h5_col_str_deflate(hid_t g, const char *name, const char *const *values, size_t n);

/* Read a fixed-length string attribute into buf (truncated, NUL-terminated). */
int cs_h5_read_attr_str(hid_t obj, const char *name, char *buf, size_t size);

#endif
