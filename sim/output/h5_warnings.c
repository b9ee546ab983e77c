/*
 * h5_warnings.c - /pooled and /warnings: what a run found thin in its own
 * data (docs/hdf5.md; the rules in docs/metrics.md, "Warnings for thin
 * data").
 *
 * /pooled has a row per key, as /summary, and /warnings three rows per
 * point, one per check whether or not it warned: neither is empty where
 * /summary is not, so h5diff compares them (it cannot compare an empty
 * dataset), and both have a `point` column, so `clearsim merge` joins
 * them like the other tables.  /warnings' value and limit are counts
 * (customers, observations, replications), never times: no units.
 */
#include <stddef.h>
#include "output/h5_columns.h"
#include "output/h5_util.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

cs_status cs_h5_write_pooled(hid_t g, const cs_results *r, cs_h5_scratch *s, const char *unit, bool mixed)
{
    static const char *const columns[] = {
        "point", "regime", "flow", "segment", "metric", "replications", "n", "count", "fewest", "thin",
        "mean", "ci95_low", "ci95_high",
    };
    const size_t n = r->npooled;
    const cs_pooled_row *d = r->pooled;
    for (size_t i = 0; i < n; i++) s->kp[i] = &d[i].key;
    CS_TRY(cs_h5_attr_strs(g, "columns", columns, COUNT(columns)));
    CS_TRY(cs_h5_write_key_cols(g, n, s, mixed));
    for (size_t i = 0; i < n; i++) s->u32[i] = d[i].replications;
    CS_TRY(cs_h5_col(g, "replications", H5T_STD_U32LE, H5T_NATIVE_UINT32, s->u32, n, NULL));
    static const struct { const char *name; size_t off; } u64[] = {
        { "n", offsetof(cs_pooled_row, n) },
        { "count", offsetof(cs_pooled_row, count) },
        { "fewest", offsetof(cs_pooled_row, fewest) },
    };
    for (size_t c = 0; c < COUNT(u64); c++) {
        for (size_t i = 0; i < n; i++) s->u64[i] = *(const uint64_t *)((const char *)&d[i] + u64[c].off);
        CS_TRY(cs_h5_col(g, u64[c].name, H5T_STD_U64LE, H5T_NATIVE_UINT64, s->u64, n, NULL));
    }
    for (size_t i = 0; i < n; i++) s->u32[i] = d[i].thin;
    CS_TRY(cs_h5_col(g, "thin", H5T_STD_U32LE, H5T_NATIVE_UINT32, s->u32, n, NULL));
    static const struct { const char *name; size_t off; } f64[] = {
        { "mean", offsetof(cs_pooled_row, mean) },
        { "ci95_low", offsetof(cs_pooled_row, ci95_low) },
        { "ci95_high", offsetof(cs_pooled_row, ci95_high) },
    };
    for (size_t c = 0; c < COUNT(f64); c++) {
        for (size_t i = 0; i < n; i++) s->f64[i] = *(const double *)((const char *)&d[i] + f64[c].off);
        CS_TRY(cs_h5_col(g, f64[c].name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, s->f64, n, unit));
    }
    return CS_OK;
}

cs_status cs_h5_write_warnings(hid_t g, const cs_results *r, cs_h5_scratch *s, const char *unit, bool mixed)
{
    (void)unit, (void)mixed;
    static const char *const columns[] = { "point", "kind", "raised", "value", "limit" };
    const size_t n = r->nwarnings;
    const cs_warning_row *d = r->warnings;
    CS_TRY(cs_h5_attr_strs(g, "columns", columns, COUNT(columns)));
    for (size_t i = 0; i < n; i++) s->u32[i] = d[i].point;
    CS_TRY(cs_h5_col(g, "point", H5T_STD_U32LE, H5T_NATIVE_UINT32, s->u32, n, NULL));
    for (size_t i = 0; i < n; i++) s->str[i] = d[i].kind;
    CS_TRY(cs_h5_col_str(g, "kind", s->str, n));
    for (size_t i = 0; i < n; i++) s->u64[i] = d[i].raised;
    CS_TRY(cs_h5_col(g, "raised", H5T_STD_U64LE, H5T_NATIVE_UINT64, s->u64, n, NULL));
    for (size_t i = 0; i < n; i++) s->f64[i] = d[i].value;
    CS_TRY(cs_h5_col(g, "value", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, s->f64, n, NULL));
    for (size_t i = 0; i < n; i++) s->f64[i] = d[i].limit;
    return cs_h5_col(g, "limit", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, s->f64, n, NULL);
}
