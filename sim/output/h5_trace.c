/*
 * h5_trace.c - the /trace group of a result file: one row per traced box
 * (cs_trace_row), in the order the results hold them (layout in
 * docs/hdf5.md).
 *
 * Traces run to millions of rows, so every column is chunked, shuffled and
 * deflated, and the per-row buffers are allocated here for the trace alone
 * (the shared table scratch stays sized for the small tables) and freed as
 * soon as the group is written.  Codes are written as their names, regimes
 * by the names the results carry; nothing depends on the clock.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "output/h5_columns.h"
#include "output/h5_util.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define NFIXED 12

static const char *const fixed_columns[NFIXED] = {
    "regime", "replication", "box", "vessel", "flow", "credit",
    "channel", "path", "teu", "rehandles", "observed", "finished",
};

typedef struct code_col {
    const char *name;
    size_t off;                /* of the uint8_t code in cs_trace_row */
    const char *const *names;  /* NULL: written as a number */
    size_t nnames;
} code_col;

static const code_col code_cols[] = {
    { "flow", offsetof(cs_trace_row, flow), cs_trace_flow_names, 3 },
    { "credit", offsetof(cs_trace_row, credit), cs_trace_credit_names, 3 },
    { "channel", offsetof(cs_trace_row, channel), cs_trace_channel_names, 5 },
    { "path", offsetof(cs_trace_row, path), cs_trace_path_names, 4 },
    { "teu", offsetof(cs_trace_row, teu), NULL, 0 },
    { "rehandles", offsetof(cs_trace_row, rehandles), NULL, 0 },
    { "observed", offsetof(cs_trace_row, observed), NULL, 0 },
    { "finished", offsetof(cs_trace_row, finished), NULL, 0 },
};

static uint8_t code(const cs_trace_row *row, size_t off)
{
    return *((const uint8_t *)row + off);
}

bool cs_h5_trace_valid(const cs_results *r)
{
    if (r->ntrace == 0) return true;
    if (!r->trace || !r->regime_names) return false;
    for (size_t i = 0; i < r->ntrace; i++) {
        const cs_trace_row *row = &r->trace[i];
        if (row->regime >= r->nregime_names) return false;
        for (size_t c = 0; c < COUNT(code_cols); c++)
            if (code_cols[c].names && code(row, code_cols[c].off) >= code_cols[c].nnames)
                return false;
    }
    return true;
}

/* Per-row buffers for n rows: one of 8-byte cells reused by every numeric
 * column, one of string pointers. */
typedef struct trace_scratch {
    void *num;
    const char **str;
} trace_scratch;

static int write_columns(hid_t g, const cs_results *r, const trace_scratch *ts)
{
    const size_t n = r->ntrace;
    const cs_trace_row *rows = r->trace;
    uint32_t *u32 = ts->num;
    uint64_t *u64 = ts->num;
    uint8_t *u8 = ts->num;
    double *f64 = ts->num;
    const char **str = ts->str;

    for (size_t i = 0; i < n; i++) str[i] = r->regime_names[rows[i].regime];
    if (cs_h5_col_str_deflate(g, "regime", str, n) < 0) return -1;
    for (size_t i = 0; i < n; i++) u32[i] = rows[i].replication;
    if (cs_h5_col_deflate(g, "replication", H5T_STD_U32LE, H5T_NATIVE_UINT32, u32, n, NULL) < 0)
        return -1;
    for (size_t i = 0; i < n; i++) u64[i] = rows[i].box;
    if (cs_h5_col_deflate(g, "box", H5T_STD_U64LE, H5T_NATIVE_UINT64, u64, n, NULL) < 0)
        return -1;
    for (size_t i = 0; i < n; i++) u32[i] = rows[i].vessel;
    if (cs_h5_col_deflate(g, "vessel", H5T_STD_U32LE, H5T_NATIVE_UINT32, u32, n, NULL) < 0)
        return -1;
    for (size_t c = 0; c < COUNT(code_cols); c++) {
        const code_col *cc = &code_cols[c];
        int rc;
        if (cc->names) {
            for (size_t i = 0; i < n; i++) str[i] = cc->names[code(&rows[i], cc->off)];
            rc = cs_h5_col_str_deflate(g, cc->name, str, n);
        } else {
            for (size_t i = 0; i < n; i++) u8[i] = code(&rows[i], cc->off);
            rc = cs_h5_col_deflate(g, cc->name, H5T_STD_U8LE, H5T_NATIVE_UINT8, u8, n, NULL);
        }
        if (rc < 0) return -1;
    }
    for (size_t m = 0; m < CS_TRACE_MILESTONES; m++) {
        for (size_t i = 0; i < n; i++) f64[i] = rows[i].t[m];
        if (cs_h5_col_deflate(g, cs_trace_milestone_names[m], H5T_IEEE_F64LE,
                              H5T_NATIVE_DOUBLE, f64, n, "h") < 0)
            return -1;
    }
    return 0;
}

int cs_h5_write_trace(hid_t g, const cs_results *r, cs_h5_scratch *s, const char *unit,
                      bool mixed)
{
    (void)s, (void)unit, (void)mixed;
    const char *names[NFIXED + CS_TRACE_MILESTONES];
    memcpy(names, fixed_columns, sizeof fixed_columns);
    for (size_t m = 0; m < CS_TRACE_MILESTONES; m++)
        names[NFIXED + m] = cs_trace_milestone_names[m];
    if (cs_h5_attr_strs(g, "columns", names, COUNT(names)) < 0) return -1;

    const size_t n = r->ntrace ? r->ntrace : 1;
    trace_scratch ts = { malloc(n * 8), malloc(n * sizeof *ts.str) };
    int rc = ts.num && ts.str ? write_columns(g, r, &ts) : -2;
    free(ts.num);
    free(ts.str);
    return rc;
}
