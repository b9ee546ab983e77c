/*
 * h5_trace.c - the /trace group of a result file: one row per traced box
 * (cs_trace_row), in the order the results hold them (layout in
 * docs/hdf5.md).
 *
 * Traces run to millions of rows, so every column is chunked, shuffled and
 * deflated, and the per-row buffers are allocated here for the trace alone
 * (the shared table scratch stays sized for the small tables) and freed as
 * soon as the group is written.  Codes are written as their names, as the
 * model that traced the boxes names them (cs_trace_names), regimes by the
 * names the results carry; nothing depends on the clock.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "output/h5_columns.h"
#include "output/h5_util.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define NFIXED 13

static const char *const fixed_columns[NFIXED] = {
    "regime", "replication", "box", "vessel", "flow", "credit",
    "channel", "path", "adoption", "teu", "rehandles", "observed", "finished",
};

/* The code columns; those with names take them from the model's
 * cs_trace_names (offsets of the table and its length there). */
typedef struct code_col {
    const char *name;
    size_t off;                /* of the uint8_t code in cs_trace_row */
    size_t names_off, n_off;   /* in cs_trace_names; SIZE_MAX: written as a number */
} code_col;

#define NAMED(col, field, list, count)                                                            \
    { col, offsetof(cs_trace_row, field), offsetof(cs_trace_names, list), offsetof(cs_trace_names, count) }
#define NUMBER(col) { #col, offsetof(cs_trace_row, col), SIZE_MAX, SIZE_MAX }
static const code_col code_cols[] = {
    NAMED("flow", flow, flow, nflow),       NAMED("credit", credit, credit, ncredit),
    NAMED("channel", channel, channel, nchannel), NAMED("path", path, path, npath),
    NAMED("adoption", adoption, adoption, nadoption),
    NUMBER(teu), NUMBER(rehandles), NUMBER(observed), NUMBER(finished),
};

/* The names of code column c (NULL: a number) and their count. */
static const char *const *code_names(const cs_trace_names *tn, const code_col *c, size_t *n)
{
    if (c->names_off == SIZE_MAX) return NULL;
    const char *const *names;
    memcpy(&names, (const char *)tn + c->names_off, sizeof names);
    memcpy(n, (const char *)tn + c->n_off, sizeof *n);
    return names;
}

static uint8_t code(const cs_trace_row *row, size_t off)
{
    return *((const uint8_t *)row + off);
}

bool cs_h5_trace_valid(const cs_results *r)
{
    if (r->ntrace == 0) return true;
    if (!r->trace || !r->regime_names || !r->trace_names) return false;
    for (size_t i = 0; i < r->ntrace; i++) {
        const cs_trace_row *row = &r->trace[i];
        if (row->regime >= r->nregime_names) return false;
        for (size_t c = 0; c < COUNT(code_cols); c++) {
            size_t n = 0;
            if (code_names(r->trace_names, &code_cols[c], &n) && code(row, code_cols[c].off) >= n) return false;
        }
    }
    return true;
}

/* Per-row buffers for n rows: one of 8-byte cells reused by every numeric
 * column, one of string pointers. */
typedef struct trace_scratch {
    void *num;
    const char **str;
} trace_scratch;

static cs_status write_columns(hid_t g, const cs_results *r, const trace_scratch *ts)
{
    const size_t n = r->ntrace;
    const cs_trace_row *rows = r->trace;
    uint32_t *u32 = ts->num;
    uint64_t *u64 = ts->num;
    uint8_t *u8 = ts->num;
    double *f64 = ts->num;
    const char **str = ts->str;

    for (size_t i = 0; i < n; i++) str[i] = r->regime_names[rows[i].regime];
    CS_TRY(cs_h5_col_str_deflate(g, "regime", str, n));
    for (size_t i = 0; i < n; i++) u32[i] = rows[i].replication;
    CS_TRY(cs_h5_col_deflate(g, "replication", H5T_STD_U32LE, H5T_NATIVE_UINT32, u32, n, NULL));
    for (size_t i = 0; i < n; i++) u64[i] = rows[i].box;
    CS_TRY(cs_h5_col_deflate(g, "box", H5T_STD_U64LE, H5T_NATIVE_UINT64, u64, n, NULL));
    for (size_t i = 0; i < n; i++) u32[i] = rows[i].vessel;
    CS_TRY(cs_h5_col_deflate(g, "vessel", H5T_STD_U32LE, H5T_NATIVE_UINT32, u32, n, NULL));
    for (size_t c = 0; c < COUNT(code_cols); c++) {
        const code_col *cc = &code_cols[c];
        size_t nnames = 0;
        const char *const *names = code_names(r->trace_names, cc, &nnames);
        if (names) {
            for (size_t i = 0; i < n; i++) str[i] = names[code(&rows[i], cc->off)];
            CS_TRY(cs_h5_col_str_deflate(g, cc->name, str, n));
        } else {
            for (size_t i = 0; i < n; i++) u8[i] = code(&rows[i], cc->off);
            CS_TRY(cs_h5_col_deflate(g, cc->name, H5T_STD_U8LE, H5T_NATIVE_UINT8, u8, n, NULL));
        }
    }
    for (size_t m = 0; m < CS_TRACE_MILESTONES; m++) {
        for (size_t i = 0; i < n; i++) f64[i] = rows[i].t[m];
        CS_TRY(cs_h5_col_deflate(g, r->trace_names->milestone[m], H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, f64, n, "h"));
    }
    return CS_OK;
}

cs_status cs_h5_write_trace(hid_t g, const cs_results *r, cs_h5_scratch *s, const char *unit, bool mixed)
{
    (void)s, (void)unit, (void)mixed;
    const char *names[NFIXED + CS_TRACE_MILESTONES];
    memcpy(names, fixed_columns, sizeof fixed_columns);
    for (size_t m = 0; m < CS_TRACE_MILESTONES; m++) names[NFIXED + m] = r->trace_names->milestone[m];
    CS_TRY(cs_h5_attr_strs(g, "columns", names, COUNT(names)));

    const size_t n = r->ntrace ? r->ntrace : 1;
    trace_scratch ts = { malloc(n * 8), calloc(n, sizeof *ts.str) }; /* zeroed: never an unset pointer */
    const cs_status rc = ts.num && ts.str ? write_columns(g, r, &ts) : CS_ERR_NOMEM;
    free(ts.num);
    free(ts.str);
    return rc;
}
