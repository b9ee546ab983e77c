/*
 * report.c - cs_report_print: the summary table as CSV, a terminal table,
 * or GitHub markdown.
 *
 * CSV is a contract (DESIGN.md "Report"): fixed header, stored row order,
 * %.17g so values round-trip, and `nan`/`inf` spelt the same on every libc
 * (glibc would print `-nan`).  The table and markdown forms are for people:
 * 4 significant digits, the CI beside the mean, columns sized in a first
 * pass over the cells so nothing needs to be stored.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "clearsim/output.h"

#define CELL_MAX 192

static void fmt_num(char *buf, size_t size, double x, int digits)
{
    if (isnan(x))
        snprintf(buf, size, "nan");
    else if (isinf(x))
        snprintf(buf, size, "%s", x < 0 ? "-inf" : "inf");
    else
        snprintf(buf, size, "%.*g", digits, x);
}

/* ---- CSV ---- */

static void csv_label(FILE *out, const char *s)
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

static void print_csv(FILE *out, const cs_summary_table *t)
{
    fputs("point,regime,flow,segment,metric,n,mean,ci95_low,ci95_high,p50,p90,p99\n", out);
    for (size_t i = 0; i < t->nrows; i++) {
        const cs_summary_row *r = &t->rows[i];
        const double v[6] = { r->mean, r->ci95_low, r->ci95_high, r->p50, r->p90, r->p99 };
        fprintf(out, "%" PRIu32 ",", r->key.point);
        csv_label(out, r->key.regime);
        fputc(',', out);
        csv_label(out, r->key.flow);
        fputc(',', out);
        csv_label(out, r->key.segment);
        fputc(',', out);
        csv_label(out, r->key.metric);
        fprintf(out, ",%" PRIu64, r->n);
        for (int k = 0; k < 6; k++) {
            char buf[64];
            fmt_num(buf, sizeof buf, v[k], 17);
            fprintf(out, ",%s", buf);
        }
        fputc('\n', out);
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

/* s into buf; for markdown, '|' escaped so it cannot split a cell. */
static void label(char *buf, size_t size, const char *s, bool md)
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
    char a[48], b[48], c[48];
    switch (col) {
    case C_POINT: snprintf(buf, CELL_MAX, "%" PRIu32, r->key.point); break;
    case C_REGIME: label(buf, CELL_MAX, r->key.regime, md); break;
    case C_FLOW: label(buf, CELL_MAX, r->key.flow, md); break;
    case C_SEGMENT: label(buf, CELL_MAX, r->key.segment, md); break;
    case C_METRIC: label(buf, CELL_MAX, r->key.metric, md); break;
    case C_UNIT: label(buf, CELL_MAX, r->key.unit, md); break;
    case C_MEAN:
        fmt_num(a, sizeof a, r->mean, 4);
        fmt_num(b, sizeof b, r->ci95_low, 4);
        fmt_num(c, sizeof c, r->ci95_high, 4);
        snprintf(buf, CELL_MAX, "%s [%s, %s]", a, b, c);
        break;
    case C_P50: fmt_num(buf, CELL_MAX, r->p50, 4); break;
    case C_P90: fmt_num(buf, CELL_MAX, r->p90, 4); break;
    case C_P99: fmt_num(buf, CELL_MAX, r->p99, 4); break;
    default: snprintf(buf, CELL_MAX, "%" PRIu64, r->n); break;
    }
}

static void print_cell(FILE *out, const char *s, int width, bool right)
{
    fprintf(out, right ? "%*s" : "%-*s", width, s);
}

static void print_grid(FILE *out, const cs_summary_table *t, bool md)
{
    int width[NCOLS];
    char buf[CELL_MAX];
    for (int c = 0; c < NCOLS; c++) width[c] = (int)strlen(headers[c]);
    for (size_t i = 0; i < t->nrows; i++)
        for (int c = 0; c < NCOLS; c++) {
            cell(buf, &t->rows[i], c, md);
            const int l = (int)strlen(buf);
            if (l > width[c]) width[c] = l;
        }
    if (md) /* at least "---" under every markdown header */
        for (int c = 0; c < NCOLS; c++)
            if (width[c] < 3) width[c] = 3;

    const char *lead = md ? "| " : "", *sep = md ? " | " : "  ", *end = md ? " |\n" : "\n";
    fputs(lead, out);
    for (int c = 0; c < NCOLS; c++) {
        if (c) fputs(sep, out);
        print_cell(out, headers[c], width[c], !md && right_aligned[c]);
    }
    fputs(end, out);
    fputs(lead, out);
    for (int c = 0; c < NCOLS; c++) {
        if (c) fputs(sep, out);
        for (int k = 0; k < width[c]; k++)
            fputc(md && right_aligned[c] && k == width[c] - 1 ? ':' : '-', out);
    }
    fputs(end, out);
    for (size_t i = 0; i < t->nrows; i++) {
        fputs(lead, out);
        for (int c = 0; c < NCOLS; c++) {
            if (c) fputs(sep, out);
            cell(buf, &t->rows[i], c, md);
            print_cell(out, buf, width[c], right_aligned[c]);
        }
        fputs(end, out);
    }
}

void cs_report_print(FILE *out, const cs_summary_table *t, cs_report_format fmt)
{
    switch (fmt) {
    case CS_REPORT_CSV: print_csv(out, t); break;
    case CS_REPORT_MARKDOWN: print_grid(out, t, true); break;
    default: print_grid(out, t, false); break;
    }
}
