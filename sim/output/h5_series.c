/*
 * h5_series.c - the analysis tables of a result file: /timeseries (interval
 * means over the run, one row of samples per series) and /decomposition
 * (the time-release-study intervals of each flow).  Layouts in
 * docs/hdf5.md.
 *
 * /timeseries stores its values as one 2-D dataset [rows, samples],
 * chunked by whole rows and compressed: a row is what a plot reads, and
 * rows of one series differ little from hour to hour.  Its key columns are
 * 1-D, one entry per row, with a `point` column like every table, so the
 * merge of shards treats it as any other table (`values` is listed in
 * `columns`; `time` is shared and copied).
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "output/h5_append.h"
#include "output/h5_columns.h"
#include "output/h5_util.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static cs_status write_values(hid_t g, const double *v, size_t rows, size_t samples)
{
    cs_h5_append *a = cs_h5_append_active();
    if (a) {
        const cs_h5_append_spec sp = { H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, samples, NULL };
        return cs_h5_append_rows(a, g, "values", &sp, v, rows);
    }
    hsize_t dims[2] = { rows, samples };
    hsize_t chunk[2] = { samples >= 65536 ? 1 : 65536 / samples, samples };
    if (chunk[0] > rows) chunk[0] = rows;
    cs_status rc = CS_ERR_IO;
    hid_t space = H5Screate_simple(2, dims, NULL);
    hid_t dcpl = cs_h5_dcpl_deflate(2, chunk);
    hid_t d = space >= 0 && dcpl >= 0
                  ? H5Dcreate2(g, "values", H5T_IEEE_F64LE, space, H5P_DEFAULT, dcpl, H5P_DEFAULT)
                  : -1;
    if (d >= 0 && H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) >= 0) rc = CS_OK;
    if (d >= 0 && H5Dclose(d) < 0) rc = CS_ERR_IO;
    if (dcpl >= 0) H5Pclose(dcpl);
    if (space >= 0) H5Sclose(space);
    return rc;
}

/* The key columns, time and attributes of /timeseries into g. */
static cs_status write_series_keys(hid_t g, const cs_results *r, const char *unit, uint32_t *u32, const char **str,
                                   double *time)
{
    static const char *const mean_columns[] = { "point", "regime", "subject", "quantity", "unit", "values" };
    static const char *const rep_columns[] = { "point",    "regime", "subject",    "quantity",
                                               "unit",     "replication", "values" };
    static const size_t label_off[] = {
        offsetof(cs_series_key, regime), offsetof(cs_series_key, subject),
        offsetof(cs_series_key, quantity), offsetof(cs_series_key, unit),
    };
    static const char *const label_name[] = { "regime", "subject", "quantity", "unit" };
    const size_t per = r->per_replication ? r->replications : 1;
    const size_t rows = r->nseries * per, ns = r->nsamples;
    const double interval = r->interval_h;
    for (size_t k = 0; k < ns; k++) time[k] = (double)k * interval;
    CS_TRY(cs_h5_attr_strs(g, "columns", r->per_replication ? rep_columns : mean_columns,
                           r->per_replication ? COUNT(rep_columns) : COUNT(mean_columns)));
    CS_TRY(cs_h5_attr_str(g, "aggregation", r->per_replication ? "replication" : "mean"));
    CS_TRY(cs_h5_attr_num(g, "interval", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &interval));
    CS_TRY(cs_h5_col_once(g, "time", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, time, ns, unit));
    for (size_t i = 0; i < rows; i++) u32[i] = r->series_keys[i / per].point;
    CS_TRY(cs_h5_col(g, "point", H5T_STD_U32LE, H5T_NATIVE_UINT32, u32, rows, NULL));
    for (size_t c = 0; c < COUNT(label_off); c++) {
        for (size_t i = 0; i < rows; i++) str[i] = (const char *)&r->series_keys[i / per] + label_off[c];
        CS_TRY(cs_h5_col_str(g, label_name[c], str, rows));
    }
    if (!r->per_replication) return CS_OK;
    for (size_t i = 0; i < rows; i++) u32[i] = (uint32_t)(i % per);
    return cs_h5_col(g, "replication", H5T_STD_U32LE, H5T_NATIVE_UINT32, u32, rows, NULL);
}

cs_status cs_h5_write_timeseries(hid_t g, const cs_results *r, cs_h5_scratch *scratch, const char *unit,
                                 bool mixed)
{
    (void)scratch, (void)mixed;
    const size_t per = r->per_replication ? r->replications : 1;
    const size_t rows = r->nseries * per, ns = r->nsamples;
    uint32_t *u32 = malloc(rows * sizeof *u32);
    const char **str = malloc(rows * sizeof *str);
    double *time = malloc(ns * sizeof *time);
    cs_status st = u32 && str && time ? write_series_keys(g, r, unit, u32, str, time) : CS_ERR_NOMEM;
    if (st == CS_OK) st = write_values(g, r->series, rows, ns);
    free(u32);
    free(str);
    free(time);
    return st;
}

/* The columns of /decomposition, interval names built into s->str. */
static cs_status write_decomposition_cols(hid_t g, const cs_results *r, cs_h5_scratch *s, const char *unit)
{
    static const char *const columns[] = {
        "point", "regime", "flow", "interval", "from", "to", "metric", "boxes",
        "share_of_boxes", "mean", "contribution", "share", "total",
    };
    static const struct {
        const char *name;
        size_t off;
    } labels[] = {
        { "regime", offsetof(cs_decomposition_row, key.regime) },
        { "flow", offsetof(cs_decomposition_row, key.flow) },
        { "from", offsetof(cs_decomposition_row, from) },
        { "to", offsetof(cs_decomposition_row, to) },
        { "metric", offsetof(cs_decomposition_row, key.metric) },
    };
    static const struct {
        const char *name;
        size_t off;
        bool is_time;
    } numbers[] = {
        { "boxes", offsetof(cs_decomposition_row, boxes), false },
        { "share_of_boxes", offsetof(cs_decomposition_row, share_of_boxes), false },
        { "mean", offsetof(cs_decomposition_row, mean), true },
        { "contribution", offsetof(cs_decomposition_row, contribution), true },
        { "share", offsetof(cs_decomposition_row, share), false },
        { "total", offsetof(cs_decomposition_row, total), true },
    };
    const size_t n = r->ndecomposition;
    const cs_decomposition_row *d = r->decomposition;
    for (size_t i = 0; i < n; i++) s->u32[i] = d[i].key.point;
    CS_TRY(cs_h5_attr_strs(g, "columns", columns, COUNT(columns)));
    CS_TRY(cs_h5_col(g, "point", H5T_STD_U32LE, H5T_NATIVE_UINT32, s->u32, n, NULL));
    CS_TRY(cs_h5_col_str(g, "interval", s->str, n));
    for (size_t c = 0; c < COUNT(labels); c++) {
        for (size_t i = 0; i < n; i++) s->str[i] = (const char *)&d[i] + labels[c].off;
        CS_TRY(cs_h5_col_str(g, labels[c].name, s->str, n));
    }
    for (size_t c = 0; c < COUNT(numbers); c++) {
        for (size_t i = 0; i < n; i++) memcpy(&s->f64[i], (const char *)&d[i] + numbers[c].off, sizeof(double));
        CS_TRY(cs_h5_col(g, numbers[c].name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, s->f64, n,
                         numbers[c].is_time ? unit : NULL));
    }
    return CS_OK;
}

cs_status cs_h5_write_decomposition(hid_t g, const cs_results *r, cs_h5_scratch *s, const char *unit, bool mixed)
{
    (void)mixed;
    const size_t n = r->ndecomposition;
    char(*interval)[2 * CS_LABEL_MAX + 1] = malloc((n ? n : 1) * sizeof *interval);
    if (!interval) return CS_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        snprintf(interval[i], sizeof interval[i], "%s-%s", r->decomposition[i].from, r->decomposition[i].to);
        s->str[i] = interval[i];
    }
    const cs_status st = write_decomposition_cols(g, r, s, unit);
    free(interval);
    return st;
}

cs_status cs_h5_write_shares(hid_t g, const cs_results *r, cs_h5_scratch *s, const char *unit, bool mixed)
{
    (void)unit, (void)mixed;
    static const char *const columns[] = { "point", "regime", "flow", "segment", "metric", "boxes", "share" };
    static const size_t label_off[] = {
        offsetof(cs_share_row, key.regime), offsetof(cs_share_row, key.flow),
        offsetof(cs_share_row, key.segment), offsetof(cs_share_row, key.metric),
    };
    const size_t n = r->nshares;
    const cs_share_row *d = r->shares;
    for (size_t i = 0; i < n; i++) s->u32[i] = d[i].key.point;
    CS_TRY(cs_h5_attr_strs(g, "columns", columns, COUNT(columns)));
    CS_TRY(cs_h5_col(g, "point", H5T_STD_U32LE, H5T_NATIVE_UINT32, s->u32, n, NULL));
    for (size_t c = 0; c < COUNT(label_off); c++) {
        for (size_t i = 0; i < n; i++) s->str[i] = (const char *)&d[i] + label_off[c];
        CS_TRY(cs_h5_col_str(g, columns[c + 1], s->str, n));
    }
    for (size_t i = 0; i < n; i++) s->f64[i] = d[i].boxes;
    CS_TRY(cs_h5_col(g, "boxes", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, s->f64, n, NULL));
    for (size_t i = 0; i < n; i++) s->f64[i] = d[i].share;
    return cs_h5_col(g, "share", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, s->f64, n, NULL);
}
