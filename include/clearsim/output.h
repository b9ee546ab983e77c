/*
 * output.h - HDF5 result files and the report built from them.
 *
 * Files are written to a temporary name in the target folder, flushed,
 * closed and renamed, so a failure never leaves a truncated OUT.  See
 * docs/hdf5.md for the layout.
 */
#ifndef CLEARSIM_OUTPUT_H
#define CLEARSIM_OUTPUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "clearsim/error.h"
#include "clearsim/results.h"

/* Write r to path.  An existing path is replaced only with force and only if
 * it is a clearsim file (CS_ERR_INPUT otherwise). */
cs_status cs_output_write(const char *path, const cs_results *r, bool force, cs_error *err);
/* May path be written: absent, or (with force) a clearsim file?  The same
 * check cs_output_write makes, for commands that decide before running. */
cs_status cs_output_check_target(const char *path, bool force, cs_error *err);

/* A sweep's result file written point by point, so the writer holds the
 * points in flight rather than the sweep: the file grows as NAME in a
 * private folder (dfd, named dir in messages) and is published at OUT,
 * synced and renamed, only when whole.  Its tables equal those
 * cs_output_write gives for all the points at once (h5diff); string
 * columns are label_width wide. */
typedef struct cs_output_stream cs_output_stream;
/* The most HDF5 keeps of the growing file's metadata, bytes. */
#define CS_OUTPUT_METADATA_CACHE (1 << 20)
typedef struct cs_output_shape {
    size_t label_width;     /* the longest label of any key of any point */
    char unit[CS_LABEL_MAX]; /* the metric keys' unit ("mixed" when they differ) */
    bool mixed;
} cs_output_shape;
cs_status cs_output_stream_open(int dfd, const char *dir, const char *name, const cs_output_shape *shape,
                                cs_output_stream **out, cs_error *err);
/* The rows of one point (a cs_results of its keys alone), in point order. */
cs_status cs_output_stream_point(cs_output_stream *s, const cs_results *point, cs_error *err);
/* The rest from rest (no keys: identity, catalogue, /points, /run_info),
 * then the file at path (force: replacing a clearsim file). */
cs_status cs_output_stream_publish(cs_output_stream *s, const cs_results *rest, const char *path, bool force,
                                   cs_error *err);
/* Closes; the file is removed unless published. */
void cs_output_stream_free(cs_output_stream *s);
/* Join the shards of a sweep (clearsim sweep --shard I/N, every I once)
 * into out, the file one run of the whole sweep writes (h5diff-equal but
 * for /run_info, which info fills).  Parts of different sweeps are bad
 * input. */
cs_status cs_output_merge(const char *out, const char *const *parts, size_t nparts, bool force,
                          const cs_run_info *info, cs_error *err);

/* True if path is an HDF5 file with the clearsim_version root attribute. */
bool cs_output_is_clearsim_file(const char *path);

/* The readers below accept clearsim files of this version's result format
 * only: an older file is refused (CS_ERR_INPUT) with a message saying how
 * to rewrite it.  Keys come back with the kinds the file's catalogue
 * gives their metric and segment.  A table a file lacks (queue runs have
 * no /counts) gives no rows; out is zeroed on failure. */

/* The catalogue of the model that wrote the file (/metrics, /segments). */
cs_status cs_output_read_catalog(const char *path, cs_catalog *out, cs_error *err);
/* The durations the run drew beyond its model's bound and cut to it (the
 * root attribute draws_cut; 0 when absent). */
cs_status cs_output_read_draws_cut(const char *path, uint64_t *n, cs_error *err);

typedef struct cs_summary_table {
    size_t nrows;
    cs_summary_row *rows;
} cs_summary_table;

cs_status cs_output_read_summary(const char *path, cs_summary_table *out, cs_error *err);
void cs_summary_table_free(cs_summary_table *t);

/* /counts in long form: one row per counter key (unit "boxes" for port
 * runs) and replication, in the file's order: counter key, then
 * replication. */
typedef struct cs_count_row {
    cs_metric_key key;
    uint32_t replication;
    double value;
} cs_count_row;
typedef struct cs_counts_table {
    size_t nrows;
    cs_count_row *rows;
} cs_counts_table;

cs_status cs_output_read_counts(const char *path, cs_counts_table *out, cs_error *err);
void cs_counts_table_free(cs_counts_table *t);

/* /pooled and /warnings (docs/hdf5.md): a file without them (written
 * before they were) gives no rows. */
typedef struct cs_pooled_table {
    size_t nrows;
    cs_pooled_row *rows;
} cs_pooled_table;
typedef struct cs_warning_table {
    size_t nrows;
    cs_warning_row *rows;
} cs_warning_table;
cs_status cs_output_read_pooled(const char *path, cs_pooled_table *out, cs_error *err);
cs_status cs_output_read_warnings(const char *path, cs_warning_table *out, cs_error *err);
void cs_pooled_table_free(cs_pooled_table *t);
void cs_warning_table_free(cs_warning_table *t);
/* The findings of /warnings and /pooled rows (one point's, or a whole
 * file's, in order) added to d. */
void cs_warning_digest_add(cs_warning_digest *d, const cs_warning_row *w, size_t nw, const cs_pooled_row *p,
                           size_t np);
/* d on out, one line per kind of warning: how many findings and the
 * first (a sweep's thousands of keys make a few lines); file names the
 * result file. */
void cs_warning_digest_print(FILE *out, const char *file, const cs_warning_digest *d);
/* The two above for a file's tables, read whole (run, report). */
void cs_warnings_print(FILE *out, const char *file, const cs_warning_table *w, const cs_pooled_table *p);

/* /differences: paired differences to the baseline regime. */
typedef struct cs_difference_table {
    size_t nrows;
    cs_difference_row *rows;
} cs_difference_table;

cs_status cs_output_read_differences(const char *path, cs_difference_table *out, cs_error *err);
void cs_difference_table_free(cs_difference_table *t);

/* The analysis tables (docs/hdf5.md); a file without one gives no rows. */
typedef struct cs_decomposition_table {
    size_t nrows;
    cs_decomposition_row *rows;
} cs_decomposition_table;
typedef struct cs_share_table {
    size_t nrows;
    cs_share_row *rows;
} cs_share_table;
/* /resources: one row per (resource key, replication). */
typedef struct cs_resource_row {
    cs_resource_key key;
    uint32_t replication;
    cs_resource_value value;
} cs_resource_row;
typedef struct cs_resource_table {
    size_t nrows;
    cs_resource_row *rows;
} cs_resource_table;

cs_status cs_output_read_decomposition(const char *path, cs_decomposition_table *out, cs_error *err);
cs_status cs_output_read_shares(const char *path, cs_share_table *out, cs_error *err);
cs_status cs_output_read_resources(const char *path, cs_resource_table *out, cs_error *err);
void cs_decomposition_table_free(cs_decomposition_table *t);
void cs_share_table_free(cs_share_table *t);
void cs_resource_table_free(cs_resource_table *t);

/* /points of a sweep: the swept parameters (the columns the group's
 * `parameters` attribute lists, else every numeric column) and each
 * point's values.  A run has none (npoints 0). */
typedef struct cs_point_table {
    size_t npoints, nparams;
    char **names;   /* nparams: dotted paths, or a tied parameter's name */
    double *values; /* [point * nparams + k]; NaN where not a number */
    char **text;    /* npoints: the point as text, "name=value, ..." */
} cs_point_table;

cs_status cs_output_read_points(const char *path, cs_point_table *out, cs_error *err);
void cs_point_table_free(cs_point_table *t);
/* Point p's value of parameter k as text (numbers with `digits`
 * significant digits, or for 17 the shortest text that reads back as the
 * same double; other values as the point's text has them). */
void cs_point_value(char *buf, size_t size, const cs_point_table *t, size_t p, size_t k, int digits);

/* /replications: a metric key's mean in one replication. */
typedef struct cs_replication_row {
    cs_metric_key key;
    uint32_t replication;
    uint64_t count; /* observations behind the mean (0: none, mean NaN) */
    double mean;
} cs_replication_row;
typedef struct cs_replication_table {
    size_t nrows;
    cs_replication_row *rows;
} cs_replication_table;

cs_status cs_output_read_replications(const char *path, cs_replication_table *out, cs_error *err);
void cs_replication_table_free(cs_replication_table *t);

/* What the report's header says (root attributes and /run_info). */
typedef struct cs_report_info {
    char scenario[CS_LABEL_MAX + 16];
    char version[32];
    char created[64];
    uint64_t seed, replications;
    bool sweep;
    /* run --precision (/run_info): the target (0: a fixed count) and
     * whether every headline key met it (else the cap stopped the run) */
    double precision;
    bool precision_met;
    /* from the scenario (the command line loads it): the horizon and
     * warm-up in the scenario's unit; NaN when unknown */
    double horizon, warmup;
    char time_unit[16];
} cs_report_info;

cs_status cs_output_read_info(const char *path, cs_report_info *out, cs_error *err);
/* /scenario as text (*text NULL when absent; the caller frees it). */
cs_status cs_output_read_scenario_text(const char *path, char **text, size_t *len, cs_error *err);

typedef enum cs_report_format {
    CS_REPORT_TABLE = 0,
    CS_REPORT_CSV,
    CS_REPORT_MARKDOWN,
    CS_REPORT_HTML /* a self-contained page (the whole document only) */
} cs_report_format;

/* Render the summary rows; the CSV form is the one summary table of docs/hdf5.md. */
void cs_report_print(FILE *out, const cs_summary_table *t, const cs_point_table *points, cs_report_format fmt);

/* The sections below return CS_OK, or CS_ERR_NOMEM (the section is then
 * incomplete and the caller should fail). */

/* Which rows of a summary table cs_report_print_summary shows. */
typedef enum cs_summary_rows {
    CS_SUMMARY_REPORT = 0, /* the report's summary: primary and headline kinds on the headline
                            * segments (all, pilot), rows with observations */
    CS_SUMMARY_HEADLINE,   /* a run's comparison: every summary kind (primary, headline, detail) on
                            * the headline segments, rows with observations */
    CS_SUMMARY_ALL         /* every row, with observations or not */
} cs_summary_rows;

/* The summary table of the report and of `clearsim run` (one piece of
 * code for both; the report reads its tables from the file, a run hands
 * over its results in memory): the rows `rows` selects, in t's order,
 * each with its mean and 95 % CI (with quantiles also p50, p90, p99 and
 * n) and, when d has rows, a last column with the regime's paired
 * difference to its point's baseline and its 95 % CI ("(baseline)" on
 * the baseline's rows, "-" where the baseline has no such key, such as a
 * pilot path).  d is /differences (in t's order, without the baseline's
 * rows) or NULL.  Table, markdown and HTML forms; nothing for CSV. */
cs_status cs_report_print_summary(FILE *out, const cs_summary_table *t, const cs_difference_table *d,
                                  const cs_point_table *points, cs_summary_rows rows, bool quantiles,
                                  cs_report_format fmt);
/* Render the box counters as a "Boxes" section to follow cs_report_print:
 * a blank line, the title ("Boxes", or "### Boxes" in markdown) and one
 * row per (point, regime, flow) of means over replications of the count
 * kinds: observed, finished (of the observed), cut off (observed -
 * finished) with its total over replications, and all generated / all
 * finished boxes.  Counters of kind count appear as "name: mean" in a last
 * column.  Prints nothing for CSV (the CSV stays one table) or when t has
 * no rows. */
cs_status cs_report_print_counts(FILE *out, const cs_counts_table *t, const cs_point_table *points,
                                 cs_report_format fmt);
/* The paired differences of the headline rows (as CS_SUMMARY_HEADLINE)
 * as a further section of the table and markdown forms: regime - baseline
 * with its paired 95 % CI and the unpaired half-width beside it.  Nothing
 * for CSV or no rows. */
cs_status cs_report_print_differences(FILE *out, const cs_difference_table *t, const cs_point_table *points,
                                      cs_report_format fmt);

/* What the per-regime sections read (all from one file). */
typedef struct cs_report_inputs {
    const cs_summary_table *summary;
    const cs_decomposition_table *decomposition;
    const cs_share_table *shares;
    const cs_resource_table *resources;
    const cs_point_table *points; /* a sweep's, or NULL */
} cs_report_inputs;
/* One section per (point, regime), table and markdown forms: the clearance
 * times (summary kinds, segment of kind all), the time-release decomposition of each flow with
 * each interval's share of the total, the share of boxes by channel and
 * path, and the busiest resources (mean utilisation, mean and p90 queue).
 * Nothing for CSV. */
cs_status cs_report_print_regimes(FILE *out, const cs_report_inputs *in, cs_report_format fmt);

/* ---- the whole report ---- */

/* Everything a report reads from one result file. */
typedef struct cs_report_doc {
    const char *path;
    cs_report_info info;
    cs_catalog catalog;
    cs_summary_table summary;
    cs_counts_table counts;
    cs_difference_table differences;
    cs_decomposition_table decomposition;
    cs_share_table shares;
    cs_resource_table resources;
    cs_point_table points;
    cs_replication_table replications; /* read for sweeps only (the effects) */
    cs_warning_table warnings;
    cs_pooled_table pooled;
} cs_report_doc;

cs_status cs_report_doc_read(const char *path, cs_report_doc *doc, cs_error *err);
void cs_report_doc_free(cs_report_doc *doc);

/* The table `clearsim report --table` prints. */
typedef enum cs_report_table {
    CS_TABLE_DOCUMENT = 0, /* table and markdown: the whole report; CSV: summary */
    CS_TABLE_SUMMARY,
    CS_TABLE_DIFFERENCES,
    CS_TABLE_EFFECTS
} cs_report_table;

/* The marginal effect of one parameter: the paired difference of a
 * headline metric between two neighbouring points (the parameter at the
 * next value it takes, every other parameter the same), replication by
 * replication (every point sees the same vessels and boxes). */
typedef struct cs_effect_row {
    size_t param;        /* index into the points' parameters */
    uint32_t from, to;   /* points */
    cs_metric_key key;   /* the metric (point: from) */
    uint64_t n;          /* replications observed at both points */
    double mean, ci95_low, ci95_high;
} cs_effect_row;

/* The effects of every parameter of doc's sweep, by parameter, then
 * point, then key; none for a run or a design without neighbours (lhs). */
cs_status cs_report_effects(const cs_report_doc *doc, cs_effect_row **rows, size_t *nrows);

/* The report of doc as a document (table, markdown) or one table:
 * CS_ERR_NOMEM when out of memory (the output is then incomplete). */
cs_status cs_report_print_document(FILE *out, const cs_report_doc *doc, cs_report_table table,
                                   cs_report_format fmt);

/* May path take a report: absent, or (with force) a regular file. */
cs_status cs_report_check_target(const char *path, bool force, cs_error *err);
/* The report at path, never half written (a temporary file beside it,
 * renamed into place; an existing path replaced only with force). */
cs_status cs_report_write_file(const char *path, bool force, const cs_report_doc *doc, cs_report_table table,
                               cs_report_format fmt, cs_error *err);

#endif
