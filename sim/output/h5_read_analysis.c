/*
 * h5_read_analysis.c - reading the analysis tables back for the report:
 * /decomposition, /shares and /resources, each as its column list for the
 * generic table reader (h5_read.c).  Files without a table (queue runs,
 * files of older versions) give no rows.
 */
#include <stddef.h>
#include <stdlib.h>
#include "clearsim/output.h"
#include "output/h5_read.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define KEY(s, f) offsetof(s, key.f)

cs_status cs_output_read_decomposition(const char *path, cs_decomposition_table *out, cs_error *err)
{
    typedef cs_decomposition_row R;
    static const cs_rcol cols[] = {
        { "point", CS_RCOL_U32, KEY(R, point) },         { "regime", CS_RCOL_LABEL, KEY(R, regime) },
        { "flow", CS_RCOL_LABEL, KEY(R, flow) },         { "metric", CS_RCOL_LABEL, KEY(R, metric) },
        { "from", CS_RCOL_LABEL, offsetof(R, from) },    { "to", CS_RCOL_LABEL, offsetof(R, to) },
        { "boxes", CS_RCOL_F64, offsetof(R, boxes) },    { "share_of_boxes", CS_RCOL_F64, offsetof(R, share_of_boxes) },
        { "mean", CS_RCOL_F64, offsetof(R, mean) },      { "contribution", CS_RCOL_F64, offsetof(R, contribution) },
        { "share", CS_RCOL_F64, offsetof(R, share) },    { "total", CS_RCOL_F64, offsetof(R, total) },
    };
    void *rows;
    const cs_status st = cs_h5_read_table(path, "decomposition", sizeof(R), cols, COUNT(cols), &rows, &out->nrows, err);
    out->rows = rows;
    return st;
}

cs_status cs_output_read_shares(const char *path, cs_share_table *out, cs_error *err)
{
    typedef cs_share_row R;
    static const cs_rcol cols[] = {
        { "point", CS_RCOL_U32, KEY(R, point) },     { "regime", CS_RCOL_LABEL, KEY(R, regime) },
        { "flow", CS_RCOL_LABEL, KEY(R, flow) },     { "segment", CS_RCOL_LABEL, KEY(R, segment) },
        { "metric", CS_RCOL_LABEL, KEY(R, metric) }, { "boxes", CS_RCOL_F64, offsetof(R, boxes) },
        { "share", CS_RCOL_F64, offsetof(R, share) },
    };
    void *rows;
    const cs_status st = cs_h5_read_table(path, "shares", sizeof(R), cols, COUNT(cols), &rows, &out->nrows, err);
    out->rows = rows;
    return st;
}

cs_status cs_output_read_resources(const char *path, cs_resource_table *out, cs_error *err)
{
    typedef cs_resource_row R;
#define V(f) offsetof(R, value.f)
    static const cs_rcol cols[] = {
        { "point", CS_RCOL_U32, KEY(R, point) },
        { "regime", CS_RCOL_LABEL, KEY(R, regime) },
        { "resource", CS_RCOL_LABEL, KEY(R, resource) },
        { "replication", CS_RCOL_U32, offsetof(R, replication) },
        { "window_start", CS_RCOL_F64, V(window_start) },
        { "window_end", CS_RCOL_F64, V(window_end) },
        { "capacity_mean", CS_RCOL_F64, V(capacity_mean) },
        { "busy_mean", CS_RCOL_F64, V(busy_mean) },
        { "utilisation", CS_RCOL_F64, V(utilisation) },
        { "queue_mean", CS_RCOL_F64, V(queue_mean) },
        { "queue_max", CS_RCOL_F64, V(queue_max) },
        { "queue_p90", CS_RCOL_F64, V(queue_p90) },
        { "in_system_mean", CS_RCOL_F64, V(in_system_mean) },
        { "arrivals", CS_RCOL_F64, V(arrivals) },
        { "completions", CS_RCOL_F64, V(completions) },
    };
#undef V
    void *rows;
    const cs_status st = cs_h5_read_table(path, "resources", sizeof(R), cols, COUNT(cols), &rows, &out->nrows, err);
    out->rows = rows;
    return st;
}

/* The rows of each table are one allocation. */
#define TABLE_FREE(fn, type)                                                   \
    void fn(type *t)                                                           \
    {                                                                          \
        if (!t) return;                                                        \
        free(t->rows);                                                         \
        t->rows = NULL;                                                        \
        t->nrows = 0;                                                          \
    }
TABLE_FREE(cs_decomposition_table_free, cs_decomposition_table)
TABLE_FREE(cs_share_table_free, cs_share_table)
TABLE_FREE(cs_resource_table_free, cs_resource_table)
