/*
 * h5_columns.h - the table groups of a result file (/summary,
 * /replications, /histograms, /resources, /counts, /metrics, /segments,
 * /trace, /pooled, /warnings, ...), internal to sim/output.
 *
 * Each writer fills one already-created group with its `columns` attribute
 * and one 1-D dataset per column, in a row order fixed by the results
 * alone (docs/hdf5.md).  All writers share one set of per-row scratch
 * buffers, sized once for the longest table, and one signature so that the
 * file writer (h5_write.c) can drive them from a table.
 */
#ifndef CS_OUTPUT_H5_COLUMNS_H
#define CS_OUTPUT_H5_COLUMNS_H

#include <stdbool.h>
#include <stdint.h>
#include <hdf5.h>
#include "clearsim/error.h"
#include "clearsim/results.h"

/* Per-row buffers, sized for the longest table. */
typedef struct cs_h5_scratch {
    uint32_t *u32;
    uint64_t *u64;
    double *f64;
    const char **str;
    const cs_metric_key **kp;
} cs_h5_scratch;

/* CS_OK, or CS_ERR_NOMEM (nothing held). */
cs_status cs_h5_scratch_alloc(cs_h5_scratch *s, const cs_results *r);
void cs_h5_scratch_free(cs_h5_scratch *s);

/* The unit shared by keys[0..n); "mixed" (and *mixed set) when they
 * differ, "" when n == 0. */
const char *cs_h5_keys_unit(const cs_metric_key *keys, size_t n, bool *mixed);

/* The key columns point, regime, flow, segment, metric (and unit when
 * unit_col) of the n rows whose keys are s->kp[0..n). */
cs_status cs_h5_write_key_cols(hid_t g, size_t n, cs_h5_scratch *s, bool unit_col);

/* unit and mixed describe the metric keys (cs_h5_keys_unit of r->keys);
 * writers with keys of their own (counters) work theirs out.  Each returns
 * CS_OK, CS_ERR_IO (HDF5 failed) or CS_ERR_NOMEM. */
typedef cs_status (*cs_h5_table_writer)(hid_t g, const cs_results *r, cs_h5_scratch *s,
                                        const char *unit, bool mixed);

cs_status cs_h5_write_summary(hid_t g, const cs_results *r, cs_h5_scratch *s, const char *unit, bool mixed);
cs_status cs_h5_write_replications(hid_t g, const cs_results *r, cs_h5_scratch *s, const char *unit, bool mixed);
cs_status cs_h5_write_histograms(hid_t g, const cs_results *r, cs_h5_scratch *s, const char *unit, bool mixed);
/* Only for r->ndifferences > 0. */
cs_status cs_h5_write_differences(hid_t g, const cs_results *r, cs_h5_scratch *s, const char *unit, bool mixed);
/* Only for r->nresources > 0. */
cs_status cs_h5_write_resources(hid_t g, const cs_results *r, cs_h5_scratch *s, const char *unit, bool mixed);
/* Only for r->ncounters > 0. */
cs_status cs_h5_write_counts(hid_t g, const cs_results *r, cs_h5_scratch *s, const char *unit, bool mixed);

/* Fill an open (in-memory) file: CS_OK, CS_ERR_IO (HDF5 failed at
 * *where), CS_ERR_NOMEM, or CS_ERR_INPUT (bad input, err already set by
 * the filler). */
typedef cs_status (*cs_h5_filler)(hid_t f, void *ctx, const char **where, cs_error *err);
/* Build the file with fill and put it at path durably: temporary file,
 * fsync, rename; an existing path only with force and when a clearsim file. */
cs_status cs_h5_write_file(const char *path, bool force, cs_h5_filler fill, void *ctx, cs_error *err);
cs_status cs_h5_write_run_info(hid_t g, const cs_run_info *in);

/* Only for sweeps, r->npoints > 0 (h5_points.c). */
cs_status cs_h5_write_points(hid_t g, const cs_results *r, cs_h5_scratch *s, const char *unit, bool mixed);

/* Only for r->nseries > 0 / r->ndecomposition > 0 (h5_series.c). */
cs_status cs_h5_write_timeseries(hid_t g, const cs_results *r, cs_h5_scratch *s, const char *unit, bool mixed);
cs_status cs_h5_write_decomposition(hid_t g, const cs_results *r, cs_h5_scratch *s, const char *unit, bool mixed);
/* Only for r->nshares > 0. */
cs_status cs_h5_write_shares(hid_t g, const cs_results *r, cs_h5_scratch *s, const char *unit, bool mixed);

/* /pooled and /warnings, rows or none (h5_warnings.c). */
cs_status cs_h5_write_pooled(hid_t g, const cs_results *r, cs_h5_scratch *s, const char *unit, bool mixed);
cs_status cs_h5_write_warnings(hid_t g, const cs_results *r, cs_h5_scratch *s, const char *unit, bool mixed);

/* Only for r->ntrace > 0 (h5_trace.c); s is unused, the trace allocates
 * its own row buffers. */
cs_status cs_h5_write_trace(hid_t g, const cs_results *r, cs_h5_scratch *s, const char *unit, bool mixed);
/* The model's catalogue: /metrics and /segments (h5_catalog.c). */
cs_status cs_h5_write_metrics(hid_t g, const cs_results *r, cs_h5_scratch *s, const char *unit, bool mixed);
cs_status cs_h5_write_segments(hid_t g, const cs_results *r, cs_h5_scratch *s, const char *unit, bool mixed);

/* Are the trace's regime indices and codes inside their name tables? */
bool cs_h5_trace_valid(const cs_results *r);

#endif
