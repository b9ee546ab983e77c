/*
 * h5_read.h - reading the tables of a result file (internal to
 * sim/output): a table is described by its group and the columns that go
 * into a row struct, h5_read.c checks and reads them.
 */
#ifndef CS_OUTPUT_H5_READ_H
#define CS_OUTPUT_H5_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <hdf5.h>
#include "clearsim/error.h"

typedef enum cs_rcol_kind { CS_RCOL_U32, CS_RCOL_U64, CS_RCOL_F64, CS_RCOL_LABEL } cs_rcol_kind;

/* A column and where its value goes in a row struct (labels: a
 * char[CS_LABEL_MAX] field). */
typedef struct cs_rcol {
    const char *name;
    cs_rcol_kind kind;
    size_t off;
} cs_rcol;

typedef struct cs_h5_table_spec {
    const char *group;      /* e.g. "summary" */
    bool required;          /* a file without it is not a result file; else it gives 0 rows */
    size_t stride;          /* bytes per row struct */
    const cs_rcol *cols;
    size_t ncols;
    /* the rows' cs_metric_key (SIZE_MAX: none): its kinds are set from the
     * file's catalogue (/metrics, /segments), its unit from the per-row
     * unit column or else from the units attribute of units_from */
    size_t key_off;
    const char *units_from;
} cs_h5_table_spec;

/* The table as a new zeroed array of *nrows structs; a file without an
 * optional group gives 0 rows (and *rows NULL).  A file that is not HDF5,
 * not clearsim's, of another histogram format or with a bad layout:
 * CS_ERR_INPUT; a read failure: CS_ERR_IO; nothing held on failure. */
cs_status cs_h5_read_table(const char *path, const cs_h5_table_spec *spec, void **rows, size_t *nrows,
                           cs_error *err);

/* Dataset name of g, checked to be 1-D of n rows (n == SIZE_MAX: learnt)
 * and of class cls (strings: fixed-length); -1 otherwise. */
hid_t cs_h5_open_col(hid_t g, const char *name, H5T_class_t cls, size_t *n);

typedef cs_status (*cs_h5_file_reader)(hid_t f, const char *path, void *out, cs_error *err);
/* Open path as a clearsim result file of this format, quietly (a missing,
 * damaged, foreign or older file is CS_ERR_INPUT naming it), and hand it
 * to fn. */
cs_status cs_h5_with_result_file(const char *path, cs_h5_file_reader fn, void *out, cs_error *err);

#endif
