/*
 * report_document.c - `clearsim report` as one document: what it reads
 * from a result file (cs_report_doc_read) and the order it tells it in.
 *
 *   # clearsim report: FILE
 *   the header (scenario, points, regimes, replications, seed, horizon,
 *   warm-up, version), and once, what the tables leave out
 *   ## Warnings for thin data   (only when a check warned:
 *                     report_warnings.c)
 *   ## Summary        headline metrics per regime, each with its paired
 *                     difference to the baseline (report_summary.c,
 *                     shared with the table of `clearsim run`)
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
 * once in the header, and the rows and glossary entries of the quantile
 * keys (docs/metrics.md, "Per-replication quantiles"); the CSV tables
 * (`--table`) keep every row, as the file does.  Text headings are underlined, markdown ones nest # to ####.
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
    cs_warning_table_free(&d->warnings);
    cs_pooled_table_free(&d->pooled);
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
    if (st == CS_OK) st = cs_output_read_warnings(path, &d->warnings, err);
    if (st == CS_OK) st = cs_output_read_pooled(path, &d->pooled, err);
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
    if (in->precision > 0)
        snprintf(v, sizeof v, "%" PRIu64 " (run --precision %g: %s)", in->replications, in->precision,
                 in->precision_met ? "every headline interval within it" : "stopped at the cap, not reached");
    else
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

/* ---- the glossary ---- */

static const char *const glossary_headers[] = { "metric", "unit", "kind", "meaning" };
static const bool glossary_right[] = { false, false, false, false };

static void glossary_cell(char *buf, const void *ctx, size_t row, int col, bool md)
{
    const cs_metric_info *m = ((const cs_metric_info *const *)ctx)[row];
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

/* The metrics the report shows rows of: not the quantile keys, whose
 * rows only the file and its CSV hold. */
static cs_status print_glossary(FILE *out, const cs_report_doc *d, cs_report_format fmt)
{
    const cs_metric_info **shown = malloc((d->catalog.nmetrics + 1) * sizeof *shown);
    if (!shown) return CS_ERR_NOMEM;
    size_t n = 0;
    for (size_t i = 0; i < d->catalog.nmetrics; i++)
        if (d->catalog.metrics[i].kind != CS_METRIC_QUANTILE) shown[n++] = &d->catalog.metrics[i];
    cs_report_para(out, fmt, "Definitions in full: docs/metrics.md of the clearsim sources.");
    const cs_report_grid g = { 4, glossary_headers, glossary_right, n, glossary_cell, shown, NULL, NULL };
    cs_report_grid_print(out, &g, fmt);
    free(shown);
    if (d->catalog.nsegments) {
        if (fmt != CS_REPORT_HTML) fputc('\n', out);
        const cs_report_grid s = { 3, segment_headers, glossary_right, d->catalog.nsegments, segment_cell,
                                   &d->catalog, NULL, NULL };
        cs_report_grid_print(out, &s, fmt);
    }
    return CS_OK;
}

/* ---- the document ---- */

static void effect_heading(FILE *out, const cs_report_doc *d, size_t k, cs_report_format fmt)
{
    char title[CELL_MAX + 96];
    snprintf(title, sizeof title, "Along %s (the next value, every other parameter the same)", d->points.names[k]);
    cs_report_heading(out, fmt, 3, title);
}

/* The summary rows with observations (what tables for people show), and
 * how many rows have none.  Rows of quantile keys are neither: their
 * p50/p90/p99 columns mean the spread of replication values, which a
 * table beside the pooled quantiles would blur; the file and the CSV keep
 * them. */
static cs_status observed_rows(const cs_summary_table *t, cs_summary_table *kept, size_t *left_out)
{
    kept->rows = malloc((t->nrows + 1) * sizeof *kept->rows);
    kept->nrows = 0;
    *left_out = 0;
    if (!kept->rows) return CS_ERR_NOMEM;
    for (size_t i = 0; i < t->nrows; i++) {
        if (t->rows[i].key.kind == CS_METRIC_QUANTILE) continue;
        if (t->rows[i].n > 0) kept->rows[kept->nrows++] = t->rows[i];
        else (*left_out)++;
    }
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
    size_t left_out;
    if (observed_rows(&d->summary, &kept, &left_out) != CS_OK) return CS_ERR_NOMEM;
    const cs_point_table *pts = d->points.npoints ? &d->points : NULL;
    if (fmt == CS_REPORT_HTML) html_open(out, d);
    print_header(out, d, fmt, left_out);
    cs_status st = cs_report_print_warnings(out, &d->warnings, &d->pooled, pts, fmt);
    cs_report_heading(out, fmt, 2, d->differences.nrows ? "Summary: headline metrics and their difference to the "
                                                           "baseline"
                                                         : "Summary: headline metrics");
    if (st == CS_OK)
        st = cs_report_print_summary(out, &d->summary, &d->differences, &d->points, CS_SUMMARY_REPORT, false, fmt);
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
        st = print_glossary(out, d, fmt);
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
