/*
 * h5_read_tables.c - the tables `clearsim report` reads back (/summary,
 * /counts, /replications, /differences, /decomposition, /shares,
 * /resources, /pooled, /warnings), each as
 * the list of its columns for the table reader (h5_read.c).  Rows keyed
 * by a metric get the kinds of their metric and segment from the file's
 * catalogue.  Files without an optional table (queue runs) give no rows.
 */
#include <stddef.h>
#include <stdlib.h>
#include "clearsim/output.h"
#include "output/h5_read.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define KEY(s, f) offsetof(s, key.f)
#define KEY_COLS(R)                                                                                       \
    { "point", CS_RCOL_U32, KEY(R, point) }, { "regime", CS_RCOL_LABEL, KEY(R, regime) },                 \
        { "flow", CS_RCOL_LABEL, KEY(R, flow) }, { "segment", CS_RCOL_LABEL, KEY(R, segment) },         \
        { "metric", CS_RCOL_LABEL, KEY(R, metric) }

/* Read spec into the table t (every table struct has nrows and rows). */
#define READ_INTO(t, spec)                                                     \
    do {                                                                       \
        void *rows_;                                                           \
        const cs_status st_ = cs_h5_read_table(path, &(spec), &rows_, &(t)->nrows, err); \
        (t)->rows = rows_;                                                     \
        return st_;                                                            \
    } while (0)

cs_status cs_output_read_summary(const char *path, cs_summary_table *out, cs_error *err)
{
    typedef cs_summary_row R;
    static const cs_rcol cols[] = {
        KEY_COLS(R),
        { "n", CS_RCOL_U64, offsetof(R, n) },
        { "mean", CS_RCOL_F64, offsetof(R, mean) },
        { "ci95_low", CS_RCOL_F64, offsetof(R, ci95_low) },
        { "ci95_high", CS_RCOL_F64, offsetof(R, ci95_high) },
        { "p50", CS_RCOL_F64, offsetof(R, p50) },
        { "p90", CS_RCOL_F64, offsetof(R, p90) },
        { "p99", CS_RCOL_F64, offsetof(R, p99) },
    };
    static const cs_h5_table_spec spec = { "summary", true, sizeof(R), cols, COUNT(cols), offsetof(R, key), "mean" };
    READ_INTO(out, spec);
}

cs_status cs_output_read_counts(const char *path, cs_counts_table *out, cs_error *err)
{
    typedef cs_count_row R;
    static const cs_rcol cols[] = {
        KEY_COLS(R),
        { "replication", CS_RCOL_U32, offsetof(R, replication) },
        { "value", CS_RCOL_F64, offsetof(R, value) },
    };
    static const cs_h5_table_spec spec = { "counts", false, sizeof(R), cols, COUNT(cols), offsetof(R, key), "value" };
    READ_INTO(out, spec);
}

cs_status cs_output_read_replications(const char *path, cs_replication_table *out, cs_error *err)
{
    typedef cs_replication_row R;
    static const cs_rcol cols[] = {
        KEY_COLS(R),
        { "replication", CS_RCOL_U32, offsetof(R, replication) },
        { "count", CS_RCOL_U64, offsetof(R, count) },
        { "mean", CS_RCOL_F64, offsetof(R, mean) },
    };
    static const cs_h5_table_spec spec = { "replications", false, sizeof(R), cols, COUNT(cols), offsetof(R, key),
                                           "mean" };
    READ_INTO(out, spec);
}

cs_status cs_output_read_differences(const char *path, cs_difference_table *out, cs_error *err)
{
    typedef cs_difference_row R;
    static const cs_rcol cols[] = {
        KEY_COLS(R),
        { "baseline", CS_RCOL_LABEL, offsetof(R, baseline) },
        { "n", CS_RCOL_U64, offsetof(R, n) },
        { "mean", CS_RCOL_F64, offsetof(R, mean) },
        { "ci95_low", CS_RCOL_F64, offsetof(R, ci95_low) },
        { "ci95_high", CS_RCOL_F64, offsetof(R, ci95_high) },
        { "unpaired_half_width", CS_RCOL_F64, offsetof(R, unpaired_half_width) },
    };
    static const cs_h5_table_spec spec = { "differences", false, sizeof(R), cols, COUNT(cols), offsetof(R, key),
                                           "mean" };
    READ_INTO(out, spec);
}

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
    static const cs_h5_table_spec spec = { "decomposition", false, sizeof(R), cols, COUNT(cols), SIZE_MAX, NULL };
    READ_INTO(out, spec);
}

cs_status cs_output_read_shares(const char *path, cs_share_table *out, cs_error *err)
{
    typedef cs_share_row R;
    static const cs_rcol cols[] = {
        KEY_COLS(R),
        { "boxes", CS_RCOL_F64, offsetof(R, boxes) },
        { "share", CS_RCOL_F64, offsetof(R, share) },
    };
    static const cs_h5_table_spec spec = { "shares", false, sizeof(R), cols, COUNT(cols), offsetof(R, key), NULL };
    READ_INTO(out, spec);
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
    static const cs_h5_table_spec spec = { "resources", false, sizeof(R), cols, COUNT(cols), SIZE_MAX, NULL };
    READ_INTO(out, spec);
}

cs_status cs_output_read_pooled(const char *path, cs_pooled_table *out, cs_error *err)
{
    typedef cs_pooled_row R;
    static const cs_rcol cols[] = {
        KEY_COLS(R),
        { "replications", CS_RCOL_U32, offsetof(R, replications) },
        { "n", CS_RCOL_U64, offsetof(R, n) },
        { "count", CS_RCOL_U64, offsetof(R, count) },
        { "fewest", CS_RCOL_U64, offsetof(R, fewest) },
        { "thin", CS_RCOL_U32, offsetof(R, thin) },
        { "mean", CS_RCOL_F64, offsetof(R, mean) },
        { "ci95_low", CS_RCOL_F64, offsetof(R, ci95_low) },
        { "ci95_high", CS_RCOL_F64, offsetof(R, ci95_high) },
    };
    static const cs_h5_table_spec spec = { "pooled", false, sizeof(R), cols, COUNT(cols), offsetof(R, key), "mean" };
    READ_INTO(out, spec);
}

cs_status cs_output_read_warnings(const char *path, cs_warning_table *out, cs_error *err)
{
    typedef cs_warning_row R;
    static const cs_rcol cols[] = {
        { "point", CS_RCOL_U32, offsetof(R, point) },
        { "kind", CS_RCOL_LABEL, offsetof(R, kind) },
        { "raised", CS_RCOL_U64, offsetof(R, raised) },
        { "value", CS_RCOL_F64, offsetof(R, value) },
        { "limit", CS_RCOL_F64, offsetof(R, limit) },
    };
    static const cs_h5_table_spec spec = { "warnings", false, sizeof(R), cols, COUNT(cols), SIZE_MAX, NULL };
    READ_INTO(out, spec);
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
TABLE_FREE(cs_summary_table_free, cs_summary_table)
TABLE_FREE(cs_counts_table_free, cs_counts_table)
TABLE_FREE(cs_difference_table_free, cs_difference_table)
TABLE_FREE(cs_decomposition_table_free, cs_decomposition_table)
TABLE_FREE(cs_share_table_free, cs_share_table)
TABLE_FREE(cs_resource_table_free, cs_resource_table)
TABLE_FREE(cs_replication_table_free, cs_replication_table)
TABLE_FREE(cs_pooled_table_free, cs_pooled_table)
TABLE_FREE(cs_warning_table_free, cs_warning_table)
