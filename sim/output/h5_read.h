/*
 * h5_read.h - reading any table group of a result file by a list of its
 * columns (internal to sim/output): the readers of the analysis tables
 * describe their rows, h5_read.c checks and reads them.
 */
#ifndef CS_OUTPUT_H5_READ_H
#define CS_OUTPUT_H5_READ_H

#include <stddef.h>
#include "clearsim/error.h"

typedef enum cs_rcol_kind { CS_RCOL_U32, CS_RCOL_U64, CS_RCOL_F64, CS_RCOL_LABEL } cs_rcol_kind;

/* A column and where its value goes in a row struct (labels: a
 * char[CS_LABEL_MAX] field). */
typedef struct cs_rcol {
    const char *name;
    cs_rcol_kind kind;
    size_t off;
} cs_rcol;

/* The table group `group` of the clearsim file at path as a new zeroed
 * array of *nrows structs of `stride` bytes; a file without the group gives
 * 0 rows (and *rows NULL).  Bad layout: CS_ERR_INPUT; read failure:
 * CS_ERR_IO; nothing held on failure. */
cs_status cs_h5_read_table(const char *path, const char *group, size_t stride, const cs_rcol *cols, size_t ncols,
                           void **rows, size_t *nrows, cs_error *err);

#endif
