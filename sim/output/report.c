/*
 * report.c - the summary table as CSV, a terminal table or GitHub
 * markdown (cs_report_print), the CSV of the paired differences, and the
 * grid printer every section of the report goes through.
 *
 * CSV is a contract (docs/hdf5.md, "/summary" and "/differences"): fixed
 * header, stored row order, %.17g so values round-trip, and `nan`/`inf`
 * spelt the same on every libc (glibc would print `-nan`); a sweep's file
 * inserts one column per swept parameter after `point`.  The table and
 * markdown forms are for people: 4 significant digits, the CI beside the
 * mean, columns sized in a first pass over the cells so nothing needs to
 * be stored; the grid asks a callback for each cell and adds a sweep's
 * parameter values after the point by itself, so every table of a sweep
 * names its points.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "clearsim/output.h"
#include "output/report_grid.h"


void cs_report_num(char *buf, size_t size, double x, int digits)
{
    if (isnan(x))
        snprintf(buf, size, "nan");
    else if (isinf(x))
        snprintf(buf, size, "%s", x < 0 ? "-inf" : "inf");
    else
        snprintf(buf, size, "%.*g", digits, x);
}

/* ---- CSV ---- */

void cs_report_csv_label(FILE *out, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"') fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

/* A sweep's parameter names (after "point" in the header) or values of
 * point p (after its index in a row), each led by a comma. */
static void csv_params(FILE *out, const cs_point_table *pts, size_t p, bool header)
{
    for (size_t k = 0; pts && k < pts->nparams; k++) {
        char buf[CELL_MAX];
        fputc(',', out);
        if (header) cs_report_csv_label(out, pts->names[k]);
        else if (p >= pts->npoints) fputs("nan", out);
        else {
            cs_point_value(buf, sizeof buf, pts, p, k, 17); /* the shortest text that reads back as it */
            cs_report_csv_label(out, buf);
        }
    }
}

/* The key's point (with a sweep's parameters), regime, flow, segment,
 * metric, each but the first led by a comma; baseline after the regime
 * when given. */
static void csv_key(FILE *out, const cs_metric_key *k, const cs_point_table *pts, const char *baseline)
{
    fprintf(out, "%" PRIu32, k->point);
    csv_params(out, pts, k->point, false);
    const char *const labels[5] = { k->regime, baseline, k->flow, k->segment, k->metric };
    for (int i = 0; i < 5; i++) {
        if (!labels[i]) continue;
        fputc(',', out);
        cs_report_csv_label(out, labels[i]);
    }
}

void cs_report_csv_nums(FILE *out, const double *v, int n)
{
    for (int k = 0; k < n; k++) {
        char buf[64];
        cs_report_num(buf, sizeof buf, v[k], 17);
        fprintf(out, ",%s", buf);
    }
    fputc('\n', out);
}

static void print_csv(FILE *out, const cs_summary_table *t, const cs_point_table *pts)
{
    fputs("point", out);
    csv_params(out, pts, 0, true);
    fputs(",regime,flow,segment,metric,n,mean,ci95_low,ci95_high,p50,p90,p99\n", out);
    for (size_t i = 0; i < t->nrows; i++) {
        const cs_summary_row *r = &t->rows[i];
        const double v[6] = { r->mean, r->ci95_low, r->ci95_high, r->p50, r->p90, r->p99 };
        csv_key(out, &r->key, pts, NULL);
        fprintf(out, ",%" PRIu64, r->n);
        cs_report_csv_nums(out, v, 6);
    }
}

void cs_report_csv_differences(FILE *out, const cs_difference_table *t, const cs_point_table *pts)
{
    fputs("point", out);
    csv_params(out, pts, 0, true);
    fputs(",regime,baseline,flow,segment,metric,n,mean,ci95_low,ci95_high,unpaired_half_width\n", out);
    for (size_t i = 0; i < t->nrows; i++) {
        const cs_difference_row *d = &t->rows[i];
        const double v[4] = { d->mean, d->ci95_low, d->ci95_high, d->unpaired_half_width };
        csv_key(out, &d->key, pts, d->baseline);
        fprintf(out, ",%" PRIu64, d->n);
        cs_report_csv_nums(out, v, 4);
    }
}

/* ---- table and markdown ---- */

enum { C_POINT, C_REGIME, C_FLOW, C_SEGMENT, C_METRIC, C_UNIT, C_MEAN, C_P50, C_P90, C_P99,
       C_N, NCOLS };
static const char *const headers[NCOLS] = {
    "point", "regime", "flow", "segment", "metric", "unit",
    "mean [95% CI]", "p50", "p90", "p99", "n",
};
static const bool right_aligned[NCOLS] = {
    true, false, false, false, false, false, true, true, true, true, true,
};

void cs_report_interval(char *buf, double mean, double lo, double hi)
{
    char a[48], b[48], c[48];
    cs_report_num(a, sizeof a, mean, 4);
    cs_report_num(b, sizeof b, lo, 4);
    cs_report_num(c, sizeof c, hi, 4);
    snprintf(buf, CELL_MAX, "%s [%s, %s]", a, b, c);
}

void cs_report_label(char *buf, size_t size, const char *s, bool md)
{
    size_t j = 0;
    for (; *s && j + 2 < size; s++) {
        if (md && *s == '|') buf[j++] = '\\';
        buf[j++] = *s;
    }
    buf[j] = '\0';
}

static void cell(char *buf, const cs_summary_row *r, int col, bool md)
{
    switch (col) {
    case C_POINT: snprintf(buf, CELL_MAX, "%" PRIu32, r->key.point); break;
    case C_REGIME: cs_report_label(buf, CELL_MAX, r->key.regime, md); break;
    case C_FLOW: cs_report_label(buf, CELL_MAX, r->key.flow, md); break;
    case C_SEGMENT: cs_report_label(buf, CELL_MAX, r->key.segment, md); break;
    case C_METRIC: cs_report_label(buf, CELL_MAX, r->key.metric, md); break;
    case C_UNIT: cs_report_label(buf, CELL_MAX, r->key.unit, md); break;
    case C_MEAN:
        cs_report_interval(buf, r->mean, r->ci95_low, r->ci95_high);
        break;
    case C_P50: cs_report_num(buf, CELL_MAX, r->p50, 4); break;
    case C_P90: cs_report_num(buf, CELL_MAX, r->p90, 4); break;
    case C_P99: cs_report_num(buf, CELL_MAX, r->p99, 4); break;
    default: snprintf(buf, CELL_MAX, "%" PRIu64, r->n); break;
    }
}

static int grid_nparams(const cs_report_grid *g)
{
    if (!g->points || !g->point_of) return 0;
    return (int)(g->points->nparams < GRID_MAX_PARAMS ? g->points->nparams : GRID_MAX_PARAMS);
}

static void print_cell(FILE *out, const char *s, int width, bool right)
{
    fprintf(out, right ? "%*s" : "%-*s", width, s);
}

/* The grid's columns with a sweep's parameter columns after the point:
 * which grid column (or -1 - k for parameter k) the printed column c is. */
static int grid_ncols(const cs_report_grid *g)
{
    const int ncols = g->ncols < GRID_MAX_COLS ? g->ncols : GRID_MAX_COLS;
    return ncols + grid_nparams(g);
}

static int grid_col(const cs_report_grid *g, int c)
{
    const int np = grid_nparams(g);
    if (c == 0 || np == 0) return c;
    return c <= np ? -c : c - np;
}

static void grid_cell(const cs_report_grid *g, char *buf, size_t row, int c, bool md)
{
    const int gc = grid_col(g, c);
    if (gc >= 0) {
        g->cell(buf, g->ctx, row, gc, md);
        return;
    }
    const uint32_t p = g->point_of(g->ctx, row);
    if (p < g->points->npoints) cs_point_value(buf, CELL_MAX, g->points, p, (size_t)(-gc - 1), 4);
    else snprintf(buf, CELL_MAX, "?");
    if (md) { /* a value from the file: keep it inside its cell */
        char tmp[CELL_MAX];
        cs_report_label(tmp, sizeof tmp, buf, true);
        memcpy(buf, tmp, CELL_MAX);
    }
}

static const char *grid_header(const cs_report_grid *g, int c)
{
    const int gc = grid_col(g, c);
    return gc >= 0 ? g->headers[gc] : g->points->names[-gc - 1];
}

void cs_report_html_text(FILE *out, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        default: fputc(*s, out); break;
        }
    }
}

static void print_html_grid(FILE *out, const cs_report_grid *g, const bool *right)
{
    char buf[CELL_MAX];
    const int ncols = grid_ncols(g);
    fputs("<table>\n<thead><tr>", out);
    for (int c = 0; c < ncols; c++) {
        fputs(right[c] ? "<th class=\"num\">" : "<th>", out);
        cs_report_html_text(out, grid_header(g, c));
        fputs("</th>", out);
    }
    fputs("</tr></thead>\n<tbody>\n", out);
    for (size_t i = 0; i < g->nrows; i++) {
        fputs("<tr>", out);
        for (int c = 0; c < ncols; c++) {
            grid_cell(g, buf, i, c, false);
            fputs(right[c] ? "<td class=\"num\">" : "<td>", out);
            cs_report_html_text(out, buf);
            fputs("</td>", out);
        }
        fputs("</tr>\n", out);
    }
    fputs("</tbody>\n</table>\n", out);
}

void cs_report_grid_print(FILE *out, const cs_report_grid *g, cs_report_format fmt)
{
    const bool md = fmt == CS_REPORT_MARKDOWN;
    int width[GRID_MAX_COLS + GRID_MAX_PARAMS];
    bool right[GRID_MAX_COLS + GRID_MAX_PARAMS];
    char buf[CELL_MAX], head[CELL_MAX];
    const int ncols = grid_ncols(g);
    for (int c = 0; c < ncols; c++) {
        const int gc = grid_col(g, c);
        cs_report_label(head, sizeof head, grid_header(g, c), md);
        width[c] = (int)strlen(head);
        right[c] = gc < 0 || g->right[gc];
    }
    if (fmt == CS_REPORT_HTML) {
        print_html_grid(out, g, right);
        return;
    }
    for (size_t i = 0; i < g->nrows; i++)
        for (int c = 0; c < ncols; c++) {
            grid_cell(g, buf, i, c, md);
            const int l = (int)strlen(buf);
            if (l > width[c]) width[c] = l;
        }
    if (md) /* at least "---" under every markdown header */
        for (int c = 0; c < ncols; c++)
            if (width[c] < 3) width[c] = 3;

    const char *lead = md ? "| " : "", *sep = md ? " | " : "  ", *end = md ? " |\n" : "\n";
    fputs(lead, out);
    for (int c = 0; c < ncols; c++) {
        if (c) fputs(sep, out);
        cs_report_label(head, sizeof head, grid_header(g, c), md);
        print_cell(out, head, width[c], !md && right[c]);
    }
    fputs(end, out);
    fputs(lead, out);
    for (int c = 0; c < ncols; c++) {
        if (c) fputs(sep, out);
        for (int k = 0; k < width[c]; k++)
            fputc(md && right[c] && k == width[c] - 1 ? ':' : '-', out);
    }
    fputs(end, out);
    for (size_t i = 0; i < g->nrows; i++) {
        fputs(lead, out);
        for (int c = 0; c < ncols; c++) {
            if (c) fputs(sep, out);
            grid_cell(g, buf, i, c, md);
            print_cell(out, buf, width[c], right[c]);
        }
        fputs(end, out);
    }
}

static void summary_cell(char *buf, const void *ctx, size_t row, int col, bool md)
{
    const cs_summary_table *t = ctx;
    cell(buf, &t->rows[row], col, md);
}

static uint32_t summary_point(const void *ctx, size_t row)
{
    return ((const cs_summary_table *)ctx)->rows[row].key.point;
}

static void print_summary_grid(FILE *out, const cs_summary_table *t, const cs_point_table *pts, cs_report_format fmt)
{
    const cs_report_grid g = { NCOLS, headers, right_aligned, t->nrows, summary_cell, t, pts, summary_point };
    cs_report_grid_print(out, &g, fmt);
}

void cs_report_print(FILE *out, const cs_summary_table *t, const cs_point_table *pts, cs_report_format fmt)
{
    switch (fmt) {
    case CS_REPORT_CSV: print_csv(out, t, pts); break;
    default: print_summary_grid(out, t, pts, fmt); break;
    }
}

/* ---- a stable sort with a context (qsort has none and is not stable) ---- */

static void merge_runs(char *a, char *tmp, size_t n, size_t mid, size_t size, cs_report_cmp cmp, const void *ctx)
{
    size_t i = 0, j = mid, k = 0;
    while (i < mid && j < n) {
        if (cmp(a + j * size, a + i * size, ctx) < 0) memcpy(tmp + k++ * size, a + j++ * size, size);
        else memcpy(tmp + k++ * size, a + i++ * size, size);
    }
    memcpy(tmp + k * size, a + i * size, (mid - i) * size);
    k += mid - i;
    memcpy(tmp + k * size, a + j * size, (n - j) * size);
    memcpy(a, tmp, n * size);
}

cs_status cs_report_sort(void *base, size_t n, size_t size, cs_report_cmp cmp, const void *ctx)
{
    if (n < 2) return CS_OK;
    char *tmp = malloc(n * size), *a = base;
    if (!tmp) return CS_ERR_NOMEM;
    for (size_t width = 1; width < n; width *= 2) /* bottom-up: runs of width, 2 width, ... */
        for (size_t lo = 0; lo + width < n; lo += 2 * width) {
            const size_t len = lo + 2 * width < n ? 2 * width : n - lo;
            merge_runs(a + lo * size, tmp, len, width, size, cmp, ctx);
        }
    free(tmp);
    return CS_OK;
}

void cs_report_heading(FILE *out, cs_report_format fmt, int level, const char *text)
{
    if (fmt == CS_REPORT_HTML) {
        fprintf(out, "<h%d>", level);
        cs_report_html_text(out, text);
        fprintf(out, "</h%d>\n", level);
    } else if (fmt == CS_REPORT_MARKDOWN) {
        fprintf(out, "\n%.*s %s\n\n", level, "######", text);
    } else {
        fprintf(out, "\n%s\n", text);
        if (level > 3) return;
        for (size_t k = strlen(text); k > 0; k--) fputc(level < 3 ? '=' : '-', out);
        fputc('\n', out);
    }
}

void cs_report_para(FILE *out, cs_report_format fmt, const char *text)
{
    if (fmt == CS_REPORT_HTML) {
        fputs("<p>", out);
        cs_report_html_text(out, text);
        fputs("</p>\n", out);
    } else {
        fprintf(out, fmt == CS_REPORT_MARKDOWN ? "%s\n\n" : "%s\n", text);
    }
}

void cs_report_point_title(char *buf, size_t size, const cs_point_table *pts, uint32_t point, const char *regime)
{
    size_t at = (size_t)snprintf(buf, size, "Point %" PRIu32, point);
    for (size_t k = 0; pts && point < pts->npoints && k < pts->nparams && at < size; k++) {
        char v[CELL_MAX];
        cs_point_value(v, sizeof v, pts, point, k, 4);
        at += (size_t)snprintf(buf + at, size - at, "%s%s=%s", k ? ", " : " (", pts->names[k], v);
        if (k + 1 == pts->nparams && at < size) at += (size_t)snprintf(buf + at, size - at, ")");
    }
    if (regime && at < size) snprintf(buf + at, size - at, ", regime %s", regime);
}
