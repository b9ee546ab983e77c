/*
 * h5_columns.c - the table groups of a result file, one writer per group
 * (layout in docs/hdf5.md).
 *
 * A table is a group of equally long 1-D columns.  Rows are laid out first
 * into the shared scratch buffers, in an order computed from the results
 * alone, and each column is then written in one call; key columns (point,
 * regime, flow, segment, metric and, when units differ, unit) come from one
 * helper shared by every table keyed by cs_metric_key.  Nothing here
 * depends on the clock or the machine, so identical results give identical
 * groups (h5diff finds them equal).
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "output/h5_columns.h"
#include "output/h5_util.h"

typedef struct named_off {
    const char *name;
    size_t off;
    bool is_time; /* gets a units attribute */
} named_off;

static const char *const summary_columns[] = {
    "point", "regime", "flow", "segment", "metric", "n",
    "mean", "ci95_low", "ci95_high", "p50", "p90", "p99",
};
static const named_off summary_f64[] = {
    { "mean", offsetof(cs_summary_row, mean), true },
    { "ci95_low", offsetof(cs_summary_row, ci95_low), true },
    { "ci95_high", offsetof(cs_summary_row, ci95_high), true },
    { "p50", offsetof(cs_summary_row, p50), true },
    { "p90", offsetof(cs_summary_row, p90), true },
    { "p99", offsetof(cs_summary_row, p99), true },
};
static const named_off key_labels[] = {
    { "regime", offsetof(cs_metric_key, regime), false },
    { "flow", offsetof(cs_metric_key, flow), false },
    { "segment", offsetof(cs_metric_key, segment), false },
    { "metric", offsetof(cs_metric_key, metric), false },
};
static const char *const replication_columns[] = {
    "point", "regime", "replication", "flow", "segment", "metric", "count", "mean",
};
static const char *const resource_columns[] = {
    "point", "regime", "resource", "replication", "window_start", "window_end",
    "capacity_mean", "busy_mean", "utilisation", "queue_mean", "queue_max",
    "queue_p90", "in_system_mean", "arrivals", "completions",
};
static const named_off resource_f64[] = {
    { "window_start", offsetof(cs_resource_value, window_start), true },
    { "window_end", offsetof(cs_resource_value, window_end), true },
    { "capacity_mean", offsetof(cs_resource_value, capacity_mean), false },
    { "busy_mean", offsetof(cs_resource_value, busy_mean), false },
    { "utilisation", offsetof(cs_resource_value, utilisation), false },
    { "queue_mean", offsetof(cs_resource_value, queue_mean), false },
    { "queue_max", offsetof(cs_resource_value, queue_max), false },
    { "queue_p90", offsetof(cs_resource_value, queue_p90), false },
    { "in_system_mean", offsetof(cs_resource_value, in_system_mean), false },
    { "arrivals", offsetof(cs_resource_value, arrivals), false },
    { "completions", offsetof(cs_resource_value, completions), false },
};
static const char *const difference_columns[] = {
    "point", "regime", "flow", "segment", "metric", "baseline", "n",
    "mean", "ci95_low", "ci95_high", "unpaired_half_width",
};
static const named_off difference_f64[] = {
    { "mean", offsetof(cs_difference_row, mean), true },
    { "ci95_low", offsetof(cs_difference_row, ci95_low), true },
    { "ci95_high", offsetof(cs_difference_row, ci95_high), true },
    { "unpaired_half_width", offsetof(cs_difference_row, unpaired_half_width), true },
};
static const char *const counts_columns[] = {
    "point", "regime", "flow", "segment", "metric", "replication", "value",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static double field_f64(const void *base, size_t off)
{
    double v;
    memcpy(&v, (const char *)base + off, sizeof v);
    return v;
}

void cs_h5_scratch_free(cs_h5_scratch *s)
{
    free(s->u32);
    free(s->u64);
    free(s->f64);
    free(s->str);
    free(s->kp);
    memset(s, 0, sizeof *s);
}

cs_status cs_h5_scratch_alloc(cs_h5_scratch *s, const cs_results *r)
{
    const size_t reps = r->replications;
    size_t n = r->nkeys * reps;
    if (r->nresources * reps > n) n = r->nresources * reps;
    if (r->ncounters * reps > n) n = r->ncounters * reps;
    if (r->nkeys > n) n = r->nkeys;
    if (r->nwarnings > n) n = r->nwarnings;
    if (n == 0) n = 1;
    s->u32 = malloc(n * sizeof *s->u32);
    s->u64 = malloc(n * sizeof *s->u64);
    s->f64 = malloc(n * sizeof *s->f64);
    s->str = malloc(n * sizeof *s->str);
    s->kp = malloc(n * sizeof *s->kp);
    if (s->u32 && s->u64 && s->f64 && s->str && s->kp) return CS_OK;
    cs_h5_scratch_free(s);
    return CS_ERR_NOMEM;
}

const char *cs_h5_keys_unit(const cs_metric_key *keys, size_t n, bool *mixed)
{
    *mixed = false;
    if (n == 0) return "";
    for (size_t k = 1; k < n; k++)
        if (strcmp(keys[k].unit, keys[0].unit) != 0) {
            *mixed = true;
            return "mixed";
        }
    return keys[0].unit;
}

/* point, regime, flow, segment, metric (and unit when units are mixed) of
 * the rows whose keys are s->kp[0..n). */
cs_status cs_h5_write_key_cols(hid_t g, size_t n, cs_h5_scratch *s, bool unit_col)
{
    for (size_t i = 0; i < n; i++) s->u32[i] = s->kp[i]->point;
    CS_TRY(cs_h5_col(g, "point", H5T_STD_U32LE, H5T_NATIVE_UINT32, s->u32, n, NULL));
    for (size_t c = 0; c < COUNT(key_labels); c++) {
        for (size_t i = 0; i < n; i++) s->str[i] = (const char *)s->kp[i] + key_labels[c].off;
        CS_TRY(cs_h5_col_str(g, key_labels[c].name, s->str, n));
    }
    if (!unit_col) return CS_OK;
    for (size_t i = 0; i < n; i++) s->str[i] = s->kp[i]->unit;
    return cs_h5_col_str(g, "unit", s->str, n);
}

/* The float64 columns cols of n rows of size stride from base. */
static cs_status write_f64_cols(hid_t g, const void *base, size_t stride, size_t n, const named_off *cols,
                                size_t ncols, double *buf, const char *unit)
{
    for (size_t c = 0; c < ncols; c++) {
        for (size_t i = 0; i < n; i++) buf[i] = field_f64((const char *)base + i * stride, cols[c].off);
        CS_TRY(cs_h5_col(g, cols[c].name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, buf, n, cols[c].is_time ? unit : NULL));
    }
    return CS_OK;
}

cs_status cs_h5_write_summary(hid_t g, const cs_results *r, cs_h5_scratch *s, const char *unit, bool mixed)
{
    const size_t n = r->nkeys;
    for (size_t i = 0; i < n; i++) s->kp[i] = &r->summary[i].key;
    CS_TRY(cs_h5_attr_strs(g, "columns", summary_columns, COUNT(summary_columns)));
    CS_TRY(cs_h5_write_key_cols(g, n, s, mixed));
    for (size_t i = 0; i < n; i++) s->u64[i] = r->summary[i].n;
    CS_TRY(cs_h5_col(g, "n", H5T_STD_U64LE, H5T_NATIVE_UINT64, s->u64, n, NULL));
    return write_f64_cols(g, r->summary, sizeof *r->summary, n, summary_f64, COUNT(summary_f64), s->f64, unit);
}

/* Rows in key order (point, regime, flow, segment, metric). */
cs_status cs_h5_write_differences(hid_t g, const cs_results *r, cs_h5_scratch *s, const char *unit, bool mixed)
{
    const size_t n = r->ndifferences;
    for (size_t i = 0; i < n; i++) s->kp[i] = &r->differences[i].key;
    CS_TRY(cs_h5_attr_strs(g, "columns", difference_columns, COUNT(difference_columns)));
    CS_TRY(cs_h5_write_key_cols(g, n, s, mixed));
    for (size_t i = 0; i < n; i++) s->str[i] = r->differences[i].baseline;
    CS_TRY(cs_h5_col_str(g, "baseline", s->str, n));
    for (size_t i = 0; i < n; i++) s->u64[i] = r->differences[i].n;
    CS_TRY(cs_h5_col(g, "n", H5T_STD_U64LE, H5T_NATIVE_UINT64, s->u64, n, NULL));
    return write_f64_cols(g, r->differences, sizeof *r->differences, n, difference_f64, COUNT(difference_f64),
                          s->f64, unit);
}

/* Rows by point, regime, replication, then key order inside the (point,
 * regime) run; keys arrive sorted, so each run is a contiguous block. */
cs_status cs_h5_write_replications(hid_t g, const cs_results *r, cs_h5_scratch *s, const char *unit, bool mixed)
{
    const size_t reps = r->replications;
    const size_t n = r->nkeys * reps;
    size_t row = 0;
    for (size_t a = 0; a < r->nkeys;) {
        size_t b = a + 1;
        while (b < r->nkeys && r->keys[b].point == r->keys[a].point &&
               strcmp(r->keys[b].regime, r->keys[a].regime) == 0)
            b++;
        for (size_t rep = 0; rep < reps; rep++)
            for (size_t k = a; k < b; k++, row++) {
                const cs_rep_value *v = &r->rep_values[k * reps + rep];
                s->kp[row] = &r->keys[k];
                s->u32[row] = (uint32_t)rep; /* after the key columns use it */
                s->u64[row] = v->count;
                s->f64[row] = v->mean;
            }
        a = b;
    }
    CS_TRY(cs_h5_attr_strs(g, "columns", replication_columns, COUNT(replication_columns)));
    CS_TRY(cs_h5_col(g, "replication", H5T_STD_U32LE, H5T_NATIVE_UINT32, s->u32, n, NULL));
    CS_TRY(cs_h5_col(g, "count", H5T_STD_U64LE, H5T_NATIVE_UINT64, s->u64, n, NULL));
    CS_TRY(cs_h5_col(g, "mean", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, s->f64, n, unit));
    return cs_h5_write_key_cols(g, n, s, mixed);
}

cs_status cs_h5_write_resources(hid_t g, const cs_results *r, cs_h5_scratch *s, const char *unit, bool mixed)
{
    (void)mixed;
    const size_t reps = r->replications;
    const size_t n = r->nresources * reps;
    static const named_off res_labels[] = {
        { "regime", offsetof(cs_resource_key, regime), false },
        { "resource", offsetof(cs_resource_key, resource), false },
    };
    CS_TRY(cs_h5_attr_strs(g, "columns", resource_columns, COUNT(resource_columns)));
    for (size_t i = 0; i < n; i++) s->u32[i] = r->resource_keys[i / reps].point;
    CS_TRY(cs_h5_col(g, "point", H5T_STD_U32LE, H5T_NATIVE_UINT32, s->u32, n, NULL));
    for (size_t c = 0; c < COUNT(res_labels); c++) {
        for (size_t i = 0; i < n; i++) s->str[i] = (const char *)&r->resource_keys[i / reps] + res_labels[c].off;
        CS_TRY(cs_h5_col_str(g, res_labels[c].name, s->str, n));
    }
    for (size_t i = 0; i < n; i++) s->u32[i] = (uint32_t)(i % reps);
    CS_TRY(cs_h5_col(g, "replication", H5T_STD_U32LE, H5T_NATIVE_UINT32, s->u32, n, NULL));
    return write_f64_cols(g, r->resource_values, sizeof *r->resource_values, n, resource_f64, COUNT(resource_f64),
                          s->f64, unit);
}

/* Rows in counter_values order: counter key, then replication.  The units
 * are the counter keys' own ("boxes"), not the metric keys'. */
cs_status cs_h5_write_counts(hid_t g, const cs_results *r, cs_h5_scratch *s, const char *unit, bool mixed)
{
    (void)unit, (void)mixed;
    bool cmixed;
    const char *cunit = cs_h5_keys_unit(r->counter_keys, r->ncounters, &cmixed);
    const size_t reps = r->replications;
    const size_t n = r->ncounters * reps;
    for (size_t i = 0; i < n; i++) {
        s->kp[i] = &r->counter_keys[i / reps];
        s->u32[i] = (uint32_t)(i % reps); /* after the key columns use it */
    }
    CS_TRY(cs_h5_attr_strs(g, "columns", counts_columns, COUNT(counts_columns)));
    CS_TRY(cs_h5_col(g, "replication", H5T_STD_U32LE, H5T_NATIVE_UINT32, s->u32, n, NULL));
    CS_TRY(cs_h5_col(g, "value", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, r->counter_values, n, cunit));
    return cs_h5_write_key_cols(g, n, s, cmixed);
}
