/*
 * h5_append.h - columns that grow by rows: how a sweep's tables are
 * written point by point (h5_append.c; internal to sim/output).
 */
#ifndef CS_OUTPUT_H5_APPEND_H
#define CS_OUTPUT_H5_APPEND_H

#include <stdbool.h>
#include <stddef.h>
#include <hdf5.h>
#include "clearsim/error.h"
#include "output/h5_util.h"

typedef struct cs_h5_append cs_h5_append;

/* What a column is: file and memory types, 0 samples for 1-D (else rows of
 * that many values), units (NULL: none).  Appended columns are always
 * chunked and deflated, whatever the table's own writer would do. */
typedef struct cs_h5_append_spec {
    hid_t ftype, mtype;
    hsize_t samples;
    const char *units;
} cs_h5_append_spec;

/* An appender whose string columns are label_width wide (at least). */
cs_status cs_h5_append_new(size_t label_width, cs_h5_append **out);
/* While a is in use (NULL: none), the column, attribute and group helpers
 * of h5_util.c append rows to existing columns and leave existing
 * attributes and groups alone.  One thread at a time. */
void cs_h5_append_use(cs_h5_append *a);
cs_h5_append *cs_h5_append_active(void);
/* n rows of g/name (created on the first call). */
cs_status cs_h5_append_rows(cs_h5_append *a, hid_t g, const char *name, const cs_h5_append_spec *sp,
                            const void *data, size_t n);
size_t cs_h5_append_label_width(const cs_h5_append *a);
/* The width of the string column g/name, 0 when it does not exist yet. */
size_t cs_h5_append_str_width(cs_h5_append *a, hid_t g, const char *name);
/* Every buffered row to disk (the datasets stay open until free). */
cs_status cs_h5_append_finish(cs_h5_append *a);
void cs_h5_append_free(cs_h5_append *a);

#endif
