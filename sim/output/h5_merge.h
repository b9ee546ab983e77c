/*
 * h5_merge.h - merging the shards of a sweep (internal to sim/output): the
 * file level in h5_merge.c, one table group in h5_merge_table.c.
 */
#ifndef CS_OUTPUT_H5_MERGE_H
#define CS_OUTPUT_H5_MERGE_H

#include <stddef.h>
#include <hdf5.h>
#include "clearsim/error.h"
#include "clearsim/results.h"

typedef struct cs_h5_merge_ctx {
    hid_t *parts;   /* the open parts, shard files */
    size_t nparts;
    const cs_run_info *info;
} cs_h5_merge_ctx;

/* Every part's layout checked on its own and against the first's
 * (h5_merge_check.c): bad input naming the part and the object. */
cs_status cs_h5_merge_check(const cs_h5_merge_ctx *m, const char *const *paths, cs_error *err);
/* The table group `name` of every part, rows in point order, into f. */
cs_status cs_h5_merge_table(const cs_h5_merge_ctx *m, hid_t f, const char *name);
/* Copy every attribute of src to dst but a shard's own. */
cs_status cs_h5_copy_attrs(hid_t src, hid_t dst);
/* Copy object name of src to dst, same name. */
cs_status cs_h5_copy_object(hid_t src, const char *name, hid_t dst);

#endif
