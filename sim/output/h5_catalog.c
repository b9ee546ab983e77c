/*
 * h5_catalog.c - /metrics and /segments: the catalogue of the model that
 * wrote the file (metrics.h), so that a reader tells what each metric and
 * segment is by its kind, never by its name.  Layout in docs/hdf5.md.
 *
 * Neither table has a `point` column: the catalogue is the model's, the
 * same at every point and in every shard, so the merge copies it.
 */
#include <stddef.h>
#include <stdlib.h>
#include "output/h5_columns.h"
#include "output/h5_util.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* A string column from a char array field (offset off) of n structs. */
static cs_status label_col(hid_t g, const char *name, const void *base, size_t stride, size_t off, size_t n,
                           const char **str)
{
    for (size_t i = 0; i < n; i++) str[i] = (const char *)base + i * stride + off;
    return cs_h5_col_str(g, name, str, n);
}

cs_status cs_h5_write_metrics(hid_t g, const cs_results *r, cs_h5_scratch *s, const char *unit, bool mixed)
{
    (void)s, (void)unit, (void)mixed;
    static const char *const columns[] = { "name", "kind", "label", "unit", "milestone", "description" };
    const cs_catalog *c = &r->catalog;
    const size_t n = c->nmetrics;
    const char **str = calloc(n ? n : 1, sizeof *str);
    if (!str) return CS_ERR_NOMEM;
    cs_status st = cs_h5_attr_strs(g, "columns", columns, COUNT(columns));
    if (st == CS_OK) st = cs_h5_attr_str(g, "origin", c->origin);
    if (st == CS_OK) st = label_col(g, "name", c->metrics, sizeof *c->metrics, offsetof(cs_metric_info, name), n, str);
    for (size_t i = 0; i < n; i++) str[i] = cs_metric_kind_name(c->metrics[i].kind);
    if (st == CS_OK) st = cs_h5_col_str(g, "kind", str, n);
    if (st == CS_OK)
        st = label_col(g, "label", c->metrics, sizeof *c->metrics, offsetof(cs_metric_info, label), n, str);
    if (st == CS_OK) st = label_col(g, "unit", c->metrics, sizeof *c->metrics, offsetof(cs_metric_info, unit), n, str);
    if (st == CS_OK)
        st = label_col(g, "milestone", c->metrics, sizeof *c->metrics, offsetof(cs_metric_info, milestone), n, str);
    if (st == CS_OK)
        st = label_col(g, "description", c->metrics, sizeof *c->metrics, offsetof(cs_metric_info, description), n,
                       str);
    free(str);
    return st;
}

cs_status cs_h5_write_segments(hid_t g, const cs_results *r, cs_h5_scratch *s, const char *unit, bool mixed)
{
    (void)s, (void)unit, (void)mixed;
    static const char *const columns[] = { "name", "kind", "description" };
    const cs_catalog *c = &r->catalog;
    const size_t n = c->nsegments;
    const char **str = calloc(n ? n : 1, sizeof *str);
    if (!str) return CS_ERR_NOMEM;
    cs_status st = cs_h5_attr_strs(g, "columns", columns, COUNT(columns));
    if (st == CS_OK)
        st = label_col(g, "name", c->segments, sizeof *c->segments, offsetof(cs_segment_info, name), n, str);
    for (size_t i = 0; i < n; i++) str[i] = cs_segment_kind_name(c->segments[i].kind);
    if (st == CS_OK) st = cs_h5_col_str(g, "kind", str, n);
    if (st == CS_OK)
        st = label_col(g, "description", c->segments, sizeof *c->segments, offsetof(cs_segment_info, description), n,
                       str);
    free(str);
    return st;
}
