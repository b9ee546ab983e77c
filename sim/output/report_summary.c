/*
 * report_summary.c - the summary table with each regime's paired
 * difference to the baseline: the one piece of code behind the summary on
 * top of `clearsim report` (from the file's /summary and /differences)
 * and the table `clearsim run` prints (from the results in memory).
 *
 * /differences is in /summary's order without the baseline's rows, so a
 * row's difference is found by a scan that only moves forward; a row whose
 * baseline has no such key (a pilot path) has none.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "clearsim/output.h"
#include "output/report_grid.h"

/* Logical columns; a table shows a subset, in this order. */
enum { S_POINT, S_REGIME, S_FLOW, S_SEGMENT, S_METRIC, S_UNIT, S_MEAN, S_P50, S_P90, S_P99, S_N, S_DIFF,
       S_NCOLS };
static const char *const sum_headers[S_NCOLS] = {
    "point", "regime", "flow", "segment", "metric", "unit", "mean [95% CI]", "p50", "p90", "p99", "n",
    "- baseline [95% CI, paired]",
};
static const bool sum_right[S_NCOLS] = { true, false, false, false, false, false, true, true, true, true, true, true };

typedef struct sum_view {
    const cs_summary_row **rows;
    const cs_difference_row **diff; /* per row, or NULL */
    bool *baseline;                 /* per row: the baseline regime's */
    int cols[S_NCOLS];              /* grid column -> logical column */
} sum_view;

static void sum_cell(char *buf, const void *ctx, size_t row, int col, bool md)
{
    const sum_view *v = ctx;
    const cs_summary_row *r = v->rows[row];
    const cs_difference_row *d = v->diff[row];
    switch (v->cols[col]) {
    case S_POINT: snprintf(buf, CELL_MAX, "%" PRIu32, r->key.point); break;
    case S_REGIME: cs_report_label(buf, CELL_MAX, r->key.regime, md); break;
    case S_FLOW: cs_report_label(buf, CELL_MAX, r->key.flow, md); break;
    case S_SEGMENT: cs_report_label(buf, CELL_MAX, r->key.segment, md); break;
    case S_METRIC: cs_report_label(buf, CELL_MAX, r->key.metric, md); break;
    case S_UNIT: cs_report_label(buf, CELL_MAX, r->key.unit, md); break;
    case S_MEAN: cs_report_interval(buf, r->mean, r->ci95_low, r->ci95_high); break;
    case S_P50: cs_report_num(buf, CELL_MAX, r->p50, 4); break;
    case S_P90: cs_report_num(buf, CELL_MAX, r->p90, 4); break;
    case S_P99: cs_report_num(buf, CELL_MAX, r->p99, 4); break;
    case S_N: snprintf(buf, CELL_MAX, "%" PRIu64, r->n); break;
    default:
        if (d) cs_report_interval(buf, d->mean, d->ci95_low, d->ci95_high);
        else snprintf(buf, CELL_MAX, v->baseline[row] ? "(baseline)" : "-");
        break;
    }
}

static uint32_t sum_point(const void *ctx, size_t row)
{
    return ((const sum_view *)ctx)->rows[row]->key.point;
}

static bool same_row_key(const cs_metric_key *a, const cs_metric_key *b)
{
    return a->point == b->point && !strcmp(a->regime, b->regime) && !strcmp(a->flow, b->flow) &&
           !strcmp(a->segment, b->segment) && !strcmp(a->metric, b->metric);
}

static bool shown(const cs_summary_row *r, cs_summary_rows rows)
{
    if (rows == CS_SUMMARY_ALL) return true;
    const cs_metric_kind k = (cs_metric_kind)r->key.kind;
    const bool kind = rows == CS_SUMMARY_REPORT ? k == CS_METRIC_PRIMARY || k == CS_METRIC_HEADLINE
                                                : cs_metric_kind_is_summary(k);
    return kind && cs_segment_kind_is_headline((cs_segment_kind)r->key.segment_kind) && r->n > 0;
}

cs_status cs_report_print_summary(FILE *out, const cs_summary_table *t, const cs_difference_table *d,
                                  const cs_point_table *points, cs_summary_rows rows, bool quantiles,
                                  cs_report_format fmt)
{
    if (fmt == CS_REPORT_CSV) return CS_OK;
    sum_view v = { malloc((t->nrows + 1) * sizeof *v.rows), malloc((t->nrows + 1) * sizeof *v.diff),
                   malloc((t->nrows + 1) * sizeof *v.baseline), { 0 } };
    if (!v.rows || !v.diff || !v.baseline) {
        free(v.rows);
        free(v.diff);
        free(v.baseline);
        return CS_ERR_NOMEM;
    }
    const cs_difference_row *dr = d ? d->rows : NULL;
    const size_t nd = d ? d->nrows : 0;
    size_t n = 0, j = 0;
    const char *base = NULL; /* the baseline of the current point (NULL: none) */
    for (size_t i = 0; i < t->nrows; i++) {
        const cs_summary_row *r = &t->rows[i];
        if (i == 0 || r->key.point != r[-1].key.point) {
            while (j < nd && dr[j].key.point < r->key.point) j++;
            base = j < nd && dr[j].key.point == r->key.point ? dr[j].baseline : NULL;
        }
        if (!shown(r, rows)) continue;
        const bool baseline = base && !strcmp(base, r->key.regime);
        const cs_difference_row *diff = NULL;
        for (size_t s = j; !baseline && s < nd && dr[s].key.point == r->key.point && !diff; s++)
            if (same_row_key(&dr[s].key, &r->key)) {
                diff = &dr[s];
                j = s + 1;
            }
        v.rows[n] = r;
        v.baseline[n] = baseline;
        v.diff[n++] = diff;
    }
    const char *headers[S_NCOLS];
    bool right[S_NCOLS];
    int ncols = 0;
    for (int c = 0; c < S_NCOLS; c++) {
        if (!quantiles && c >= S_P50 && c <= S_N) continue;
        if (c == S_DIFF && nd == 0) continue;
        v.cols[ncols] = c;
        headers[ncols] = sum_headers[c];
        right[ncols++] = sum_right[c];
    }
    const cs_report_grid g = { ncols, headers, right, n, sum_cell, &v, points, sum_point };
    cs_report_grid_print(out, &g, fmt);
    free(v.rows);
    free(v.diff);
    free(v.baseline);
    return CS_OK;
}
