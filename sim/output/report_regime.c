/*
 * report_regime.c - the report's reading of each regime: its clearance
 * times, the time-release-study decomposition of each flow, how its boxes
 * split over channels and pilot paths, and its busiest resources.
 *
 * One section per (point, regime), in the summary's order, built from the
 * analysis tables of the file (/decomposition, /shares, /resources), each
 * a grid of the shared printer.  Rows of a table that belong to the
 * section are found by a linear scan: a report reads a file once, and the
 * tables are small next to the simulation that made them.
 */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "clearsim/output.h"
#include "output/report_grid.h"

#define BUSIEST 5

typedef struct section {
    uint32_t point;
    const char *regime;
} section;

static bool in_section(const section *s, uint32_t point, const char *regime)
{
    return s->point == point && !strcmp(s->regime, regime);
}

static void heading(FILE *out, cs_report_format fmt, int level, const char *text)
{
    cs_report_heading(out, fmt, level, text);
}

/* ---- clearance times: the headline rows of the summary ---- */

typedef struct rows_view {
    const void **rows;
} rows_view;

static bool headline(const cs_metric_key *k)
{
    return k->segment_kind == CS_SEGMENT_ALL && cs_metric_kind_is_summary((cs_metric_kind)k->kind);
}

static const char *const times_headers[] = { "flow", "metric", "mean [95% CI]", "p50", "p90", "unit" };
static const bool times_right[] = { false, false, true, true, true, false };

static void times_cell(char *buf, const void *ctx, size_t row, int col, bool md)
{
    const cs_summary_row *r = ((const rows_view *)ctx)->rows[row];
    switch (col) {
    case 0: cs_report_label(buf, CELL_MAX, r->key.flow, md); break;
    case 1: cs_report_label(buf, CELL_MAX, r->key.metric, md); break;
    case 2:
        cs_report_interval(buf, r->mean, r->ci95_low, r->ci95_high);
        break;
    case 3: cs_report_num(buf, CELL_MAX, r->p50, 4); break;
    case 4: cs_report_num(buf, CELL_MAX, r->p90, 4); break;
    default: cs_report_label(buf, CELL_MAX, r->key.unit, md); break;
    }
}

/* ---- the decomposition ---- */

static const char *const dec_headers[] = { "milestone", "boxes passing", "mean h", "per box h", "share of total" };
static const bool dec_right[] = { false, true, true, true, true };

static void percent(char *buf, double share)
{
    if (isnan(share)) snprintf(buf, CELL_MAX, "nan");
    else snprintf(buf, CELL_MAX, "%.1f %%", 100.0 * share);
}

/* rows[0..n) of one flow, then a total row (row n, rows[n] == NULL); every
 * row of a flow carries the flow's total. */
static void dec_cell(char *buf, const void *ctx, size_t row, int col, bool md)
{
    const rows_view *v = ctx;
    const cs_decomposition_row *d = v->rows[row];
    if (!d) {
        const cs_decomposition_row *first = v->rows[0];
        if (col == 0) snprintf(buf, CELL_MAX, md ? "**total**" : "total");
        else if (col == 3) cs_report_num(buf, CELL_MAX, first->total, 4);
        else if (col == 4) percent(buf, 1.0);
        else buf[0] = 0;
        return;
    }
    switch (col) {
    case 0: snprintf(buf, CELL_MAX, "%s", d->to); break;
    case 1: percent(buf, d->share_of_boxes); break;
    case 2: cs_report_num(buf, CELL_MAX, d->mean, 4); break;
    case 3: cs_report_num(buf, CELL_MAX, d->contribution, 4); break;
    default: percent(buf, d->share); break;
    }
}

static cs_status print_decomposition(FILE *out, const cs_decomposition_table *t, const section *s,
                                     cs_report_format fmt)
{
    const void **rows = malloc((t->nrows + 1) * sizeof *rows);
    if (!rows) return CS_ERR_NOMEM;
    size_t i = 0;
    while (i < t->nrows) {
        const cs_decomposition_row *first = &t->rows[i];
        size_t n = 0;
        for (; i < t->nrows && !strcmp(t->rows[i].key.flow, first->key.flow) &&
               in_section(s, t->rows[i].key.point, t->rows[i].key.regime);
             i++)
            rows[n++] = &t->rows[i];
        if (n == 0) {
            i++;
            continue;
        }
        double boxes = 0;
        for (size_t k = 0; k < n; k++) boxes += ((const cs_decomposition_row *)rows[k])->boxes;
        if (!(boxes > 0)) continue; /* a flow no box passed: the report says once that such rows are left out */
        rows[n] = NULL;
        char title[192];
        snprintf(title, sizeof title, "Time-release decomposition, %s (what each milestone adds after those before "
                 "it in the box's process order)", first->key.flow);
        heading(out, fmt, 4, title);
        const rows_view v = { rows };
        const cs_report_grid g = { 5, dec_headers, dec_right, n + 1, dec_cell, &v, NULL, NULL };
        cs_report_grid_print(out, &g, fmt);
    }
    free(rows);
    return CS_OK;
}

/* ---- boxes by channel and path ---- */

static const char *const share_headers[] = { "flow", "segment", "share of boxes", "boxes (all replications)" };
static const bool share_right[] = { false, false, true, true };

static void share_cell(char *buf, const void *ctx, size_t row, int col, bool md)
{
    const cs_share_row *r = ((const rows_view *)ctx)->rows[row];
    switch (col) {
    case 0: cs_report_label(buf, CELL_MAX, r->key.flow, md); break;
    case 1: cs_report_label(buf, CELL_MAX, r->key.segment, md); break;
    case 2: percent(buf, r->share); break;
    default: snprintf(buf, CELL_MAX, "%.0f", r->boxes); break;
    }
}

/* ---- busiest resources ----
 *
 * Utilisation has one definition, /resources' (docs/metrics.md): busy
 * server-time over available server-time in the observation window.  Over
 * replications it stays that, the server-times added up (each replication's
 * means times its window's length), not a mean of the replications'
 * ratios; the queues are means over replications. */

typedef struct busy_row {
    const char *resource;
    double utilisation, queue_mean, queue_p90, queue_max;
    double busy_time, capacity_time;
    size_t n;
} busy_row;

static int by_utilisation(const void *x, const void *y)
{
    const busy_row *a = x, *b = y;
    const double ua = isnan(a->utilisation) ? -1 : a->utilisation, ub = isnan(b->utilisation) ? -1 : b->utilisation;
    if (ua != ub) return ua > ub ? -1 : 1;
    return strcmp(a->resource, b->resource);
}

static const char *const busy_headers[] = { "resource", "utilisation", "mean queue", "p90 queue", "max queue" };
static const bool busy_right[] = { false, true, true, true, true };

static void busy_cell(char *buf, const void *ctx, size_t row, int col, bool md)
{
    const busy_row *r = &((const busy_row *)ctx)[row];
    switch (col) {
    case 0: cs_report_label(buf, CELL_MAX, r->resource, md); break;
    case 1: percent(buf, r->utilisation); break;
    case 2: cs_report_num(buf, CELL_MAX, r->queue_mean, 3); break;
    case 3: cs_report_num(buf, CELL_MAX, r->queue_p90, 3); break;
    default: cs_report_num(buf, CELL_MAX, r->queue_max, 4); break;
    }
}

static cs_status print_busiest(FILE *out, const cs_resource_table *t, const section *s, cs_report_format fmt)
{
    busy_row *rows = calloc(t->nrows ? t->nrows : 1, sizeof *rows);
    if (!rows) return CS_ERR_NOMEM;
    size_t n = 0;
    for (size_t i = 0; i < t->nrows; i++) {
        const cs_resource_row *r = &t->rows[i];
        if (!in_section(s, r->key.point, r->key.regime)) continue;
        if (n == 0 || strcmp(rows[n - 1].resource, r->key.resource))
            rows[n++] = (busy_row){ r->key.resource, 0, 0, 0, 0, 0, 0, 0 };
        busy_row *b = &rows[n - 1]; /* rows of a resource are adjacent (one per replication) */
        const double span = r->value.window_end - r->value.window_start;
        if (span > 0) { /* an empty window has no server-time */
            b->busy_time += r->value.busy_mean * span;
            b->capacity_time += r->value.capacity_mean * span;
        }
        b->queue_mean += r->value.queue_mean;
        b->queue_p90 += r->value.queue_p90;
        if (r->value.queue_max > b->queue_max) b->queue_max = r->value.queue_max;
        b->n++;
    }
    for (size_t i = 0; i < n; i++) {
        /* 0 / 0, a resource closed in every window: NaN, sorted last */
        rows[i].utilisation = rows[i].busy_time / rows[i].capacity_time;
        rows[i].queue_mean /= (double)rows[i].n;
        rows[i].queue_p90 /= (double)rows[i].n;
    }
    if (n > 0) {
        qsort(rows, n, sizeof *rows, by_utilisation);
        heading(out, fmt, 4, "Busiest resources in the observation window (utilisation: busy / available "
                             "server-time; queues: means over replications, in waiting requests)");
        const cs_report_grid g = { 5, busy_headers, busy_right, n < BUSIEST ? n : BUSIEST, busy_cell, rows, NULL, NULL };
        cs_report_grid_print(out, &g, fmt);
    }
    free(rows);
    return CS_OK;
}

/* ---- sections ---- */

static cs_status print_section(FILE *out, const cs_report_inputs *in, const section *s, cs_report_format fmt,
                               bool sweep)
{
    char title[CELL_MAX * 2];
    if (sweep) cs_report_point_title(title, sizeof title, in->points, s->point, s->regime);
    else snprintf(title, sizeof title, "Regime %s", s->regime);
    heading(out, fmt, 3, title);
    const void **rows = malloc((in->summary->nrows + in->shares->nrows + 1) * sizeof *rows);
    if (!rows) return CS_ERR_NOMEM;
    size_t n = 0;
    for (size_t i = 0; i < in->summary->nrows; i++) {
        const cs_summary_row *r = &in->summary->rows[i];
        if (in_section(s, r->key.point, r->key.regime) && headline(&r->key) && r->n > 0) rows[n++] = r;
    }
    const rows_view v = { rows };
    if (n > 0) {
        heading(out, fmt, 4, "Clearance times");
        const cs_report_grid g = { 6, times_headers, times_right, n, times_cell, &v, NULL, NULL };
        cs_report_grid_print(out, &g, fmt);
    }
    if (print_decomposition(out, in->decomposition, s, fmt) != CS_OK) {
        free(rows);
        return CS_ERR_NOMEM;
    }
    n = 0;
    for (size_t i = 0; i < in->shares->nrows; i++)
        if (in_section(s, in->shares->rows[i].key.point, in->shares->rows[i].key.regime)) rows[n++] = &in->shares->rows[i];
    if (n > 0) {
        heading(out, fmt, 4, "Boxes by channel and path");
        const cs_report_grid g = { 4, share_headers, share_right, n, share_cell, &v, NULL, NULL };
        cs_report_grid_print(out, &g, fmt);
    }
    free(rows);
    return print_busiest(out, in->resources, s, fmt);
}

cs_status cs_report_print_regimes(FILE *out, const cs_report_inputs *in, cs_report_format fmt)
{
    if (fmt == CS_REPORT_CSV) return CS_OK;
    const bool sweep = in->points && in->points->npoints > 0;
    for (size_t i = 0; i < in->summary->nrows; i++) {
        const cs_summary_row *r = &in->summary->rows[i];
        if (i > 0 && r->key.point == r[-1].key.point && !strcmp(r->key.regime, r[-1].key.regime)) continue;
        const section s = { r->key.point, r->key.regime };
        if (print_section(out, in, &s, fmt, sweep) != CS_OK) return CS_ERR_NOMEM;
    }
    return CS_OK;
}
