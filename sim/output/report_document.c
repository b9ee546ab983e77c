/*
 * report_document.c - `clearsim report` as one document: what it reads
 * from a result file (cs_report_doc_read) and the order it tells it in.
 *
 *   # clearsim report: FILE
 *   the header (scenario, points, regimes, replications, seed, horizon,
 *   warm-up, version), and once, what the tables leave out
 *   ## Summary        headline metrics per regime, each with its paired
 *                     difference to the baseline
 *   ## Regimes        ### per (point, regime): #### times, decomposition,
 *                     boxes by channel and path, busiest resources
 *   ## Boxes
 *   ## Differences to the baseline
 *   ## Effects of the parameters   (sweeps: neighbouring points)
 *   ## All metrics
 *   ## Glossary       the file's metrics and segments as its catalogue
 *                     describes them
 *
 * Tables for people leave out rows without observations (a flow or
 * segment no box passed, such as transit at a port without it) and say so
 * once in the header; the CSV tables (`--table`) keep every row, as the
 * file does.  Text headings are underlined, markdown ones nest # to ####.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "clearsim/output.h"
#include "output/report_grid.h"

void cs_report_doc_free(cs_report_doc *d)
{
    cs_catalog_free(&d->catalog);
    cs_summary_table_free(&d->summary);
    cs_counts_table_free(&d->counts);
    cs_difference_table_free(&d->differences);
    cs_decomposition_table_free(&d->decomposition);
    cs_share_table_free(&d->shares);
    cs_resource_table_free(&d->resources);
    cs_point_table_free(&d->points);
    cs_replication_table_free(&d->replications);
}

cs_status cs_report_doc_read(const char *path, cs_report_doc *d, cs_error *err)
{
    memset(d, 0, sizeof *d);
    d->path = path;
    cs_status st = cs_output_read_info(path, &d->info, err);
    if (st == CS_OK) st = cs_output_read_catalog(path, &d->catalog, err);
    if (st == CS_OK) st = cs_output_read_summary(path, &d->summary, err);
    if (st == CS_OK) st = cs_output_read_counts(path, &d->counts, err);
    if (st == CS_OK) st = cs_output_read_differences(path, &d->differences, err);
    if (st == CS_OK) st = cs_output_read_decomposition(path, &d->decomposition, err);
    if (st == CS_OK) st = cs_output_read_shares(path, &d->shares, err);
    if (st == CS_OK) st = cs_output_read_resources(path, &d->resources, err);
    if (st == CS_OK) st = cs_output_read_points(path, &d->points, err);
    if (st == CS_OK && d->points.npoints > 0) st = cs_output_read_replications(path, &d->replications, err);
    if (st != CS_OK) {
        cs_report_doc_free(d);
        d->path = path;
    }
    return st;
}

/* ---- the header ---- */

static size_t count_regimes(const cs_summary_table *t)
{
    size_t n = 0; /* regimes repeat in the same order at every point */
    for (size_t i = 0; i < t->nrows && t->rows[i].key.point == t->rows[0].key.point; i++)
        if (i == 0 || strcmp(t->rows[i].key.regime, t->rows[i - 1].key.regime)) n++;
    return n;
}

static void header_line(FILE *out, cs_report_format fmt, const char *name, const char *value)
{
    if (fmt == CS_REPORT_HTML) {
        fprintf(out, "<tr><th>%s</th><td>", name);
        cs_report_html_text(out, value);
        fputs("</td></tr>\n", out);
    } else if (fmt == CS_REPORT_MARKDOWN) {
        fprintf(out, "- **%s**: %s\n", name, value);
    } else {
        fprintf(out, "  %-14s %s\n", name, value);
    }
}

static void print_header(FILE *out, const cs_report_doc *d, cs_report_format fmt, size_t left_out)
{
    const cs_report_info *in = &d->info;
    char title[512], v[256];
    snprintf(title, sizeof title, fmt == CS_REPORT_MARKDOWN ? "clearsim report: `%s`" : "clearsim report: %s",
             d->path);
    if (fmt == CS_REPORT_HTML) {
        cs_report_heading(out, fmt, 1, title);
        fputs("<table class=\"meta\">\n", out);
    } else if (fmt == CS_REPORT_MARKDOWN) {
        fprintf(out, "# %s\n\n", title);
    } else {
        fprintf(out, "%s\n", title);
        for (size_t k = strlen(title); k > 0; k--) fputc('=', out);
        fputs("\n\n", out);
    }
    header_line(out, fmt, "scenario", in->scenario[0] ? in->scenario : "(unnamed)");
    if (in->sweep) {
        snprintf(v, sizeof v, "%zu points", d->points.npoints);
        for (size_t k = 0; k < d->points.nparams; k++) {
            const size_t at = strlen(v);
            snprintf(v + at, sizeof v - at, "%s%s", k ? ", " : " over ", d->points.names[k]);
        }
        header_line(out, fmt, "sweep", v);
    }
    size_t nreg = count_regimes(&d->summary), at = 0;
    v[0] = 0;
    for (size_t i = 0; i < d->summary.nrows && nreg; i++) {
        const cs_summary_row *r = &d->summary.rows[i];
        if (r->key.point != d->summary.rows[0].key.point) break;
        if (i && !strcmp(r->key.regime, r[-1].key.regime)) continue;
        at += (size_t)snprintf(v + at, at < sizeof v ? sizeof v - at : 0, "%s%s", at ? ", " : "", r->key.regime);
        if (at >= sizeof v) break;
    }
    header_line(out, fmt, "regimes", v[0] ? v : "-");
    if (d->differences.nrows) header_line(out, fmt, "baseline", d->differences.rows[0].baseline);
    snprintf(v, sizeof v, "%" PRIu64, in->replications);
    header_line(out, fmt, "replications", v);
    snprintf(v, sizeof v, "%" PRIu64, in->seed);
    header_line(out, fmt, "seed", v);
    if (!isnan(in->horizon)) {
        snprintf(v, sizeof v, "%.6g %s, warm-up %.6g %s", in->horizon, in->time_unit, in->warmup, in->time_unit);
        header_line(out, fmt, "horizon", v);
    }
    snprintf(v, sizeof v, "clearsim %s%s%s", in->version, in->created[0] ? ", written " : "", in->created);
    header_line(out, fmt, "version", v);
    if (left_out) {
        snprintf(v, sizeof v,
                 "%zu summary rows without observations (a flow or segment no box passed) are left out of the "
                 "tables below; `--format csv` keeps every row",
                 left_out);
        header_line(out, fmt, "left out", v);
    }
    if (fmt == CS_REPORT_HTML) fputs("</table>\n", out);
}

/* ---- the summary on top: headline metrics with their difference ---- */

enum { S_POINT, S_REGIME, S_FLOW, S_SEGMENT, S_METRIC, S_UNIT, S_MEAN, S_DIFF, S_NCOLS };
static const char *const sum_headers[S_NCOLS] = {
    "point", "regime", "flow", "segment", "metric", "unit", "mean [95% CI]", "- baseline [95% CI, paired]",
};
static const bool sum_right[S_NCOLS] = { true, false, false, false, false, false, true, true };

typedef struct sum_view {
    const cs_summary_row **rows;
    const cs_difference_row **diff; /* per row, or NULL */
    bool *baseline;                 /* per row: the baseline regime's */
} sum_view;

static void sum_cell(char *buf, const void *ctx, size_t row, int col, bool md)
{
    const sum_view *v = ctx;
    const cs_summary_row *r = v->rows[row];
    const cs_difference_row *d = v->diff[row];
    switch (col) {
    case S_POINT: snprintf(buf, CELL_MAX, "%" PRIu32, r->key.point); break;
    case S_REGIME: cs_report_label(buf, CELL_MAX, r->key.regime, md); break;
    case S_FLOW: cs_report_label(buf, CELL_MAX, r->key.flow, md); break;
    case S_SEGMENT: cs_report_label(buf, CELL_MAX, r->key.segment, md); break;
    case S_METRIC: cs_report_label(buf, CELL_MAX, r->key.metric, md); break;
    case S_UNIT: cs_report_label(buf, CELL_MAX, r->key.unit, md); break;
    case S_MEAN: cs_report_interval(buf, r->mean, r->ci95_low, r->ci95_high); break;
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

static cs_status print_summary(FILE *out, const cs_report_doc *d, cs_report_format fmt)
{
    const cs_summary_table *t = &d->summary;
    sum_view v = { malloc((t->nrows + 1) * sizeof *v.rows), malloc((t->nrows + 1) * sizeof *v.diff),
                   malloc((t->nrows + 1) * sizeof *v.baseline) };
    if (!v.rows || !v.diff || !v.baseline) {
        free(v.rows);
        free(v.diff);
        free(v.baseline);
        return CS_ERR_NOMEM;
    }
    size_t n = 0, j = 0;
    for (size_t i = 0; i < t->nrows; i++) {
        const cs_summary_row *r = &t->rows[i];
        const cs_metric_kind k = (cs_metric_kind)r->key.kind;
        if (!(k == CS_METRIC_PRIMARY || k == CS_METRIC_HEADLINE) ||
            !cs_segment_kind_is_headline((cs_segment_kind)r->key.segment_kind) || r->n == 0)
            continue;
        /* /differences is in /summary's order, without the baseline's
         * rows: the matching row is ahead, at the same point */
        const cs_difference_row *diff = NULL;
        const cs_difference_row *dr = d->differences.rows;
        while (j < d->differences.nrows && dr[j].key.point < r->key.point) j++;
        const bool baseline = j < d->differences.nrows && !strcmp(dr[j].baseline, r->key.regime);
        for (size_t s = j; !baseline && s < d->differences.nrows && dr[s].key.point == r->key.point && !diff; s++)
            if (same_row_key(&dr[s].key, &r->key)) {
                diff = &dr[s];
                j = s + 1;
            }
        v.rows[n] = r;
        v.baseline[n] = baseline;
        v.diff[n++] = diff;
    }
    const bool pairs = d->differences.nrows > 0;
    const cs_report_grid g = { pairs ? S_NCOLS : S_DIFF, sum_headers, sum_right, n, sum_cell, &v, &d->points,
                               sum_point };
    cs_report_grid_print(out, &g, fmt);
    free(v.rows);
    free(v.diff);
    free(v.baseline);
    return CS_OK;
}

/* ---- the glossary ---- */

static const char *const glossary_headers[] = { "metric", "unit", "kind", "meaning" };
static const bool glossary_right[] = { false, false, false, false };

static void glossary_cell(char *buf, const void *ctx, size_t row, int col, bool md)
{
    const cs_metric_info *m = &((const cs_catalog *)ctx)->metrics[row];
    switch (col) {
    case 0: cs_report_label(buf, CELL_MAX, m->name, md); break;
    case 1: cs_report_label(buf, CELL_MAX, m->unit, md); break;
    case 2: cs_report_label(buf, CELL_MAX, cs_metric_kind_name(m->kind), md); break;
    default:
        if (m->milestone[0]) {
            char tmp[CS_DESCRIPTION_MAX + CS_LABEL_MAX + 16];
            snprintf(tmp, sizeof tmp, "%s (ends at %s)", m->description, m->milestone);
            cs_report_label(buf, CELL_MAX, tmp, md);
        } else {
            cs_report_label(buf, CELL_MAX, m->description, md);
        }
        break;
    }
}

static const char *const segment_headers[] = { "segment", "kind", "meaning" };

static void segment_cell(char *buf, const void *ctx, size_t row, int col, bool md)
{
    const cs_segment_info *s = &((const cs_catalog *)ctx)->segments[row];
    if (col == 0) cs_report_label(buf, CELL_MAX, s->name, md);
    else if (col == 1) cs_report_label(buf, CELL_MAX, cs_segment_kind_name(s->kind), md);
    else cs_report_label(buf, CELL_MAX, s->description, md);
}

static void print_glossary(FILE *out, const cs_report_doc *d, cs_report_format fmt)
{
    cs_report_para(out, fmt, "Definitions in full: docs/metrics.md of the clearsim sources.");
    const cs_report_grid g = { 4, glossary_headers, glossary_right, d->catalog.nmetrics, glossary_cell,
                               &d->catalog, NULL, NULL };
    cs_report_grid_print(out, &g, fmt);
    if (d->catalog.nsegments) {
        if (fmt != CS_REPORT_HTML) fputc('\n', out);
        const cs_report_grid s = { 3, segment_headers, glossary_right, d->catalog.nsegments, segment_cell,
                                   &d->catalog, NULL, NULL };
        cs_report_grid_print(out, &s, fmt);
    }
}

/* ---- the document ---- */

static void effect_heading(FILE *out, const cs_report_doc *d, size_t k, cs_report_format fmt)
{
    char title[CELL_MAX + 96];
    snprintf(title, sizeof title, "Along %s (the next value, every other parameter the same)", d->points.names[k]);
    cs_report_heading(out, fmt, 3, title);
}

/* The summary rows with observations (what tables for people show). */
static cs_status observed_rows(const cs_summary_table *t, cs_summary_table *kept)
{
    kept->rows = malloc((t->nrows + 1) * sizeof *kept->rows);
    kept->nrows = 0;
    if (!kept->rows) return CS_ERR_NOMEM;
    for (size_t i = 0; i < t->nrows; i++)
        if (t->rows[i].n > 0) kept->rows[kept->nrows++] = t->rows[i];
    return CS_OK;
}

/* The page around an HTML report: it loads nothing (default-src 'none'),
 * styles and the figures are inline. */
static void html_open(FILE *out, const cs_report_doc *d)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
          "img-src data:\">\n<title>clearsim report: ",
          out);
    cs_report_html_text(out, d->path);
    fputs("</title>\n<style>\n"
          "body{font-family:sans-serif;max-width:1200px;margin:1em auto;padding:0 1em;color:#222}\n"
          "table{border-collapse:collapse;margin:0.5em 0 1em;font-size:0.85em}\n"
          "th,td{border:1px solid #ccc;padding:2px 6px;text-align:left;white-space:nowrap}\n"
          "th{background:#f2f2f2}\ntd.num,th.num{text-align:right;font-variant-numeric:tabular-nums}\n"
          "table.meta th{width:9em}\nfigure{margin:1em 0}\nfigcaption{font-size:0.85em;color:#555}\n"
          "h1{font-size:1.5em}h2{font-size:1.3em;border-bottom:1px solid #ccc}h3{font-size:1.1em}h4{font-size:1em}\n"
          "</style>\n</head>\n<body>\n",
          out);
}

static cs_status print_whole(FILE *out, const cs_report_doc *d, cs_report_format fmt)
{
    cs_summary_table kept;
    if (observed_rows(&d->summary, &kept) != CS_OK) return CS_ERR_NOMEM;
    const cs_point_table *pts = d->points.npoints ? &d->points : NULL;
    if (fmt == CS_REPORT_HTML) html_open(out, d);
    print_header(out, d, fmt, d->summary.nrows - kept.nrows);
    cs_report_heading(out, fmt, 2, d->differences.nrows ? "Summary: headline metrics and their difference to the "
                                                           "baseline"
                                                         : "Summary: headline metrics");
    cs_status st = print_summary(out, d, fmt);
    if (st == CS_OK && fmt == CS_REPORT_HTML) {
        cs_report_heading(out, fmt, 2, "Figures");
        st = cs_report_print_figures(out, d);
    }
    const cs_report_inputs in = { &kept, &d->decomposition, &d->shares, &d->resources, pts };
    if (st == CS_OK) {
        cs_report_heading(out, fmt, 2, "Regimes");
        st = cs_report_print_regimes(out, &in, fmt);
    }
    if (st == CS_OK && d->counts.nrows) {
        cs_report_heading(out, fmt, 2, "Boxes (means over replications)");
        st = cs_report_print_counts(out, &d->counts, pts, fmt);
    }
    if (st == CS_OK && d->differences.nrows) {
        cs_report_heading(out, fmt, 2, "Differences to the baseline (paired by replication)");
        st = cs_report_print_differences(out, &d->differences, pts, fmt);
    }
    if (st == CS_OK && pts) {
        cs_report_heading(out, fmt, 2, "Effects of the parameters (paired differences between neighbouring points)");
        st = cs_report_print_effects(out, d, fmt, effect_heading);
    }
    if (st == CS_OK) {
        cs_report_heading(out, fmt, 2, "All metrics");
        cs_report_print(out, &kept, pts, fmt);
        cs_report_heading(out, fmt, 2, "Glossary");
        print_glossary(out, d, fmt);
    }
    if (fmt == CS_REPORT_HTML) fputs("</body>\n</html>\n", out);
    cs_summary_table_free(&kept);
    return st;
}

cs_status cs_report_print_document(FILE *out, const cs_report_doc *d, cs_report_table table, cs_report_format fmt)
{
    const cs_point_table *pts = d->points.npoints ? &d->points : NULL;
    switch (table) {
    case CS_TABLE_DIFFERENCES:
        if (fmt == CS_REPORT_CSV) cs_report_csv_differences(out, &d->differences, pts);
        else return cs_report_print_differences(out, &d->differences, pts, fmt);
        return CS_OK;
    case CS_TABLE_EFFECTS: return cs_report_print_effects(out, d, fmt, effect_heading);
    case CS_TABLE_SUMMARY: cs_report_print(out, &d->summary, pts, fmt); return CS_OK;
    default:
        if (fmt == CS_REPORT_CSV) {
            cs_report_print(out, &d->summary, pts, fmt);
            return CS_OK;
        }
        return print_whole(out, d, fmt);
    }
}
