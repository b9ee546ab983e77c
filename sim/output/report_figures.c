/*
 * report_figures.c - which figures the HTML report draws, from the
 * tables of the file (the drawing is report_svg.c's).
 *
 *   a run: per flow, the primary and headline metrics of every regime
 *          (mean and 95 % CI), and with two regimes or more their paired
 *          differences to the baseline;
 *   a sweep: per (regime other than the baseline, flow, primary or
 *          headline metric) the paired difference to the baseline along
 *          the first parameter, one line per combination of the others
 *          (at most 8 drawn), each with its CI band; a sweep of one
 *          regime draws the means the same way.
 *
 * Only segment `all` and only keys with observations are drawn; the
 * tables hold the rest.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "clearsim/output.h"
#include "output/report_grid.h"
#include "output/report_svg.h"

#define MAX_SERIES 8

static bool figure_metric(const cs_metric_key *k)
{
    const cs_metric_kind kind = (cs_metric_kind)k->kind;
    return (kind == CS_METRIC_PRIMARY || kind == CS_METRIC_HEADLINE) && k->segment_kind == CS_SEGMENT_ALL;
}

static void open_figure(FILE *out, size_t *nfig)
{
    fprintf(out, "<figure class=\"cs-figure\" id=\"fig-%zu\">\n", ++*nfig);
}

static void close_figure(FILE *out, const char *caption)
{
    fputs("<figcaption>", out);
    cs_report_html_text(out, caption);
    fputs("</figcaption>\n</figure>\n", out);
}

/* The flows of the file's summary in order of first appearance (at most
 * 8), those with an observed figure metric. */
static size_t flows_of(const cs_summary_table *t, const char *flows[8])
{
    size_t n = 0;
    for (size_t i = 0; i < t->nrows; i++) {
        const cs_summary_row *r = &t->rows[i];
        if (!figure_metric(&r->key) || r->n == 0) continue;
        size_t k = 0;
        while (k < n && strcmp(flows[k], r->key.flow)) k++;
        if (k == n && n < 8) flows[n++] = r->key.flow;
    }
    return n;
}

/* ---- runs ---- */

static cs_status run_figures(FILE *out, const cs_report_doc *d, size_t *nfig)
{
    const cs_summary_table *t = &d->summary;
    const char *flows[8];
    const size_t nflows = flows_of(t, flows);
    cs_svg_interval *rows = malloc((t->nrows + d->differences.nrows + 1) * sizeof *rows);
    char (*labels)[2 * CS_LABEL_MAX + 8] = malloc((t->nrows + d->differences.nrows + 1) * sizeof *labels);
    if (!rows || !labels) {
        free(rows);
        free(labels);
        return CS_ERR_NOMEM;
    }
    for (size_t f = 0; f < nflows; f++) {
        size_t n = 0, regime = 0;
        for (size_t i = 0; i < t->nrows; i++) {
            const cs_summary_row *r = &t->rows[i];
            if (i && strcmp(r->key.regime, r[-1].key.regime)) regime++;
            if (strcmp(r->key.flow, flows[f]) || !figure_metric(&r->key) || r->n == 0) continue;
            snprintf(labels[n], sizeof labels[n], "%s, %s", r->key.metric, r->key.regime);
            rows[n] = (cs_svg_interval){ labels[n], r->mean, r->ci95_low, r->ci95_high, regime };
            n++;
        }
        char title[160];
        snprintf(title, sizeof title, "%s: headline metrics by regime", flows[f]);
        open_figure(out, nfig);
        cs_svg_intervals(out, title, "h", rows, n);
        close_figure(out, "Mean over replications with its 95 % confidence interval; one colour per regime.");

        n = 0;
        for (size_t i = 0; i < d->differences.nrows; i++) {
            const cs_difference_row *r = &d->differences.rows[i];
            if (strcmp(r->key.flow, flows[f]) || !figure_metric(&r->key) || r->n == 0) continue;
            snprintf(labels[n], sizeof labels[n], "%s, %s", r->key.metric, r->key.regime);
            rows[n] = (cs_svg_interval){ labels[n], r->mean, r->ci95_low, r->ci95_high, n % 8 };
            n++;
        }
        if (n == 0) continue;
        snprintf(title, sizeof title, "%s: difference to the baseline (%s)", flows[f], d->differences.rows[0].baseline);
        open_figure(out, nfig);
        cs_svg_intervals(out, title, "h (regime - baseline)", rows, n);
        close_figure(out, "Paired by replication (common random numbers): the interval of the difference, much "
                          "narrower than the two regimes' own intervals.");
    }
    free(rows);
    free(labels);
    return CS_OK;
}

/* ---- sweeps ---- */

/* The series a point belongs to: its values of every parameter but the
 * first, as text. */
static void series_name(char *buf, size_t size, const cs_point_table *pts, uint32_t p)
{
    size_t at = 0;
    buf[0] = 0;
    for (size_t k = 1; k < pts->nparams && at < size; k++) {
        char v[CELL_MAX];
        cs_point_value(v, sizeof v, pts, p, k, 4);
        at += (size_t)snprintf(buf + at, size - at, "%s%s=%s", k > 1 ? ", " : "", pts->names[k], v);
    }
    if (!buf[0]) snprintf(buf, size, "%s", "all points");
}

typedef struct sweep_line {
    char name[256];
    cs_svg_point *pts;
    size_t n;
} sweep_line;

/* The line chart of one (regime, flow, metric): from /differences when
 * diff, else from /summary. */
static cs_status sweep_figure(FILE *out, const cs_report_doc *d, const cs_metric_key *key, bool diff, size_t *nfig)
{
    const cs_point_table *pts = &d->points;
    sweep_line *lines = calloc(MAX_SERIES, sizeof *lines);
    if (!lines) return CS_ERR_NOMEM;
    size_t nl = 0;
    cs_status st = CS_OK;
    const size_t nrows = diff ? d->differences.nrows : d->summary.nrows;
    for (size_t i = 0; st == CS_OK && i < nrows; i++) {
        const cs_metric_key *k = diff ? &d->differences.rows[i].key : &d->summary.rows[i].key;
        if (strcmp(k->regime, key->regime) || strcmp(k->flow, key->flow) || strcmp(k->segment, key->segment) ||
            strcmp(k->metric, key->metric) || k->point >= pts->npoints)
            continue;
        char name[256];
        series_name(name, sizeof name, pts, k->point);
        size_t l = 0;
        while (l < nl && strcmp(lines[l].name, name)) l++;
        if (l == nl) {
            if (nl == MAX_SERIES) continue;
            snprintf(lines[nl].name, sizeof lines[nl].name, "%s", name);
            if (!(lines[nl].pts = malloc(pts->npoints * sizeof *lines[nl].pts))) st = CS_ERR_NOMEM;
            nl++;
        }
        if (st != CS_OK) break;
        const double x = pts->values[(size_t)k->point * pts->nparams];
        cs_svg_point p;
        if (diff) {
            const cs_difference_row *r = &d->differences.rows[i];
            p = (cs_svg_point){ x, r->n ? r->mean : NAN, r->ci95_low, r->ci95_high };
        } else {
            const cs_summary_row *r = &d->summary.rows[i];
            p = (cs_svg_point){ x, r->n ? r->mean : NAN, r->ci95_low, r->ci95_high };
        }
        size_t at = lines[l].n++; /* insertion by x */
        while (at > 0 && lines[l].pts[at - 1].x > x) {
            lines[l].pts[at] = lines[l].pts[at - 1];
            at--;
        }
        lines[l].pts[at] = p;
    }
    if (st == CS_OK && nl > 0) {
        cs_svg_series series[MAX_SERIES];
        for (size_t l = 0; l < nl; l++) series[l] = (cs_svg_series){ lines[l].name, lines[l].pts, lines[l].n };
        char title[256], ylabel[128];
        if (diff) {
            snprintf(title, sizeof title, "%s %s: %s - %s", key->flow, key->metric, key->regime,
                     d->differences.rows[0].baseline);
            snprintf(ylabel, sizeof ylabel, "difference (%s)", key->unit);
        } else {
            snprintf(title, sizeof title, "%s %s: %s", key->flow, key->metric, key->regime);
            snprintf(ylabel, sizeof ylabel, "mean (%s)", key->unit);
        }
        open_figure(out, nfig);
        cs_svg_lines(out, title, pts->names[0], ylabel, series, nl);
        close_figure(out, diff ? "Paired difference to the baseline at each point with its 95 % confidence band "
                                 "(every point sees the same vessels and boxes)."
                               : "Mean at each point with its 95 % confidence band.");
    }
    for (size_t l = 0; l < nl; l++) free(lines[l].pts);
    free(lines);
    return st;
}

static cs_status sweep_figures(FILE *out, const cs_report_doc *d, size_t *nfig)
{
    const bool diff = d->differences.nrows > 0;
    const size_t nrows = diff ? d->differences.nrows : d->summary.nrows;
    cs_status st = CS_OK;
    /* one figure per key of the first point */
    for (size_t i = 0; st == CS_OK && i < nrows; i++) {
        const cs_metric_key *k = diff ? &d->differences.rows[i].key : &d->summary.rows[i].key;
        const uint64_t n = diff ? d->differences.rows[i].n : d->summary.rows[i].n;
        if (k->point != (diff ? d->differences.rows[0].key.point : d->summary.rows[0].key.point)) break;
        if (figure_metric(k) && n > 0) st = sweep_figure(out, d, k, diff, nfig);
    }
    return st;
}

cs_status cs_report_print_figures(FILE *out, const cs_report_doc *d)
{
    size_t nfig = 0;
    const bool sweep = d->points.npoints > 0 && d->points.nparams > 0;
    const cs_status st = sweep ? sweep_figures(out, d, &nfig) : run_figures(out, d, &nfig);
    if (st == CS_OK && nfig == 0) cs_report_para(out, CS_REPORT_HTML, "No metric with observations to draw.");
    return st;
}
