/*
 * report_effects.c - what changes between regimes and between points:
 * the paired differences of each regime to the baseline (/differences)
 * as a report section and as a table of their own, and the marginal
 * effects of a sweep's parameters (the paired difference between
 * neighbouring points, from /replications).
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "clearsim/output.h"
#include "clearsim/stats.h"
#include "output/report_grid.h"

/* ---- paired differences to the baseline ---- */

enum { D_POINT, D_REGIME, D_BASELINE, D_FLOW, D_SEGMENT, D_METRIC, D_UNIT, D_DIFF, D_UNPAIRED, D_N, D_NCOLS };
static const char *const diff_headers[D_NCOLS] = {
    "point", "regime", "baseline", "flow", "segment", "metric", "unit",
    "regime - baseline [95% CI, paired]", "unpaired CI +-", "n",
};
static const bool diff_right[D_NCOLS] = { true, false, false, false, false, false, false, true, true, true };

typedef struct diff_view {
    const cs_difference_row *const *rows;
} diff_view;

static void diff_cell(char *buf, const void *ctx, size_t row, int col, bool md)
{
    const cs_difference_row *d = ((const diff_view *)ctx)->rows[row];
    switch (col) {
    case D_POINT: snprintf(buf, CELL_MAX, "%" PRIu32, d->key.point); break;
    case D_REGIME: cs_report_label(buf, CELL_MAX, d->key.regime, md); break;
    case D_BASELINE: cs_report_label(buf, CELL_MAX, d->baseline, md); break;
    case D_FLOW: cs_report_label(buf, CELL_MAX, d->key.flow, md); break;
    case D_SEGMENT: cs_report_label(buf, CELL_MAX, d->key.segment, md); break;
    case D_METRIC: cs_report_label(buf, CELL_MAX, d->key.metric, md); break;
    case D_UNIT: cs_report_label(buf, CELL_MAX, d->key.unit, md); break;
    case D_DIFF:
        cs_report_interval(buf, d->mean, d->ci95_low, d->ci95_high);
        break;
    case D_UNPAIRED: cs_report_num(buf, CELL_MAX, d->unpaired_half_width, 4); break;
    default: snprintf(buf, CELL_MAX, "%" PRIu64, d->n); break;
    }
}

static uint32_t diff_point(const void *ctx, size_t row)
{
    return ((const diff_view *)ctx)->rows[row]->key.point;
}

/* Points in the order of their parameters' values (the first parameter
 * slowest), so a sweep's rows read along its axes whatever its design. */
static int by_parameters(const cs_point_table *pts, uint32_t a, uint32_t b)
{
    for (size_t k = 0; pts && k < pts->nparams && a < pts->npoints && b < pts->npoints; k++) {
        const double x = pts->values[a * pts->nparams + k], y = pts->values[b * pts->nparams + k];
        if (x < y) return -1;
        if (x > y) return 1;
    }
    return 0;
}

static int diff_order(const void *x, const void *y, const void *ctx)
{
    const cs_difference_row *a = *(const cs_difference_row *const *)x, *b = *(const cs_difference_row *const *)y;
    return by_parameters(ctx, a->key.point, b->key.point); /* the sort is stable: the file's order within a point */
}

cs_status cs_report_print_differences(FILE *out, const cs_difference_table *t, const cs_point_table *pts,
                                      cs_report_format fmt)
{
    if (fmt == CS_REPORT_CSV || !t || t->nrows == 0) return CS_OK;
    const cs_difference_row **rows = malloc(t->nrows * sizeof *rows);
    if (!rows) return CS_ERR_NOMEM;
    size_t n = 0;
    for (size_t i = 0; i < t->nrows; i++)
        if (cs_metric_key_is_headline(&t->rows[i].key) && t->rows[i].n > 0) rows[n++] = &t->rows[i];
    cs_status st = cs_report_sort((void *)rows, n, sizeof *rows, diff_order, pts);
    if (st == CS_OK && n > 0) {
        const diff_view v = { rows };
        const cs_report_grid g = { D_NCOLS, diff_headers, diff_right, n, diff_cell, &v, pts, diff_point };
        cs_report_grid_print(out, &g, fmt);
    }
    free(rows);
    return st;
}

/* ---- marginal effects: neighbouring points ---- */

/* Do points a and b agree on every parameter but k?  (Values compared as
 * numbers; a value that is not a number by its text.) */
static bool same_but(const cs_point_table *t, uint32_t a, uint32_t b, size_t k)
{
    for (size_t j = 0; j < t->nparams; j++) {
        if (j == k) continue;
        const double x = t->values[a * t->nparams + j], y = t->values[b * t->nparams + j];
        if (isnan(x) || isnan(y)) {
            char u[CELL_MAX], v[CELL_MAX];
            cs_point_value(u, sizeof u, t, a, j, 17);
            cs_point_value(v, sizeof v, t, b, j, 17);
            if (strcmp(u, v)) return false;
        } else if (x != y) {
            return false;
        }
    }
    return true;
}

typedef struct along {
    const cs_point_table *t;
    size_t k;
} along;

/* Order points by every parameter but k, then by k: neighbours along k
 * end up next to each other. */
static int along_order(const void *x, const void *y, const void *ctx)
{
    const along *a = ctx;
    const uint32_t p = *(const uint32_t *)x, q = *(const uint32_t *)y;
    const cs_point_table *t = a->t;
    for (size_t j = 0; j <= t->nparams; j++) {
        const size_t col = j < t->nparams ? j : a->k; /* k last */
        if (j == a->k) continue;
        const double u = t->values[p * t->nparams + col], v = t->values[q * t->nparams + col];
        if (u < v) return -1;
        if (u > v) return 1;
    }
    return p < q ? -1 : p > q;
}

/* The rows of /replications of point p: [first, end). Rows are ordered by
 * point, so a binary search finds them. */
static void point_rows(const cs_replication_table *r, uint32_t p, size_t *first, size_t *end)
{
    size_t lo = 0, hi = r->nrows;
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (r->rows[mid].key.point < p) lo = mid + 1;
        else hi = mid;
    }
    *first = lo;
    while (lo < r->nrows && r->rows[lo].key.point == p) lo++;
    *end = lo;
}

static bool same_key(const cs_metric_key *a, const cs_metric_key *b)
{
    return !strcmp(a->regime, b->regime) && !strcmp(a->flow, b->flow) && !strcmp(a->segment, b->segment) &&
           !strcmp(a->metric, b->metric);
}

typedef struct effect_list {
    cs_effect_row *rows;
    size_t n, cap;
} effect_list;

static cs_status effect_add(effect_list *l, const cs_effect_row *e)
{
    if (l->n == l->cap) {
        const size_t cap = l->cap ? 2 * l->cap : 64;
        cs_effect_row *r = realloc(l->rows, cap * sizeof *r);
        if (!r) return CS_ERR_NOMEM;
        l->rows = r;
        l->cap = cap;
    }
    l->rows[l->n++] = *e;
    return CS_OK;
}

/* The row of q's rows [q0, q1) with a's key and replication: usually at
 * the same offset (every point has the same keys), else searched. */
static const cs_replication_row *partner(const cs_replication_table *r, size_t a, size_t p0, size_t q0, size_t q1)
{
    const cs_replication_row *x = &r->rows[a];
    const size_t at = q0 + (a - p0);
    if (at < q1 && r->rows[at].replication == x->replication && same_key(&r->rows[at].key, &x->key))
        return &r->rows[at];
    for (size_t b = q0; b < q1; b++)
        if (r->rows[b].replication == x->replication && same_key(&r->rows[b].key, &x->key)) return &r->rows[b];
    return NULL;
}

/* The paired differences of the headline keys between points p and q
 * (q - p), replication by replication; keys in the order p first has
 * them. */
static cs_status pair_effects(const cs_replication_table *r, size_t k, uint32_t p, uint32_t q, effect_list *out)
{
    size_t p0, p1, q0, q1;
    point_rows(r, p, &p0, &p1);
    point_rows(r, q, &q0, &q1);
    const cs_metric_key **keys = malloc((p1 - p0 + 1) * sizeof *keys);
    cs_welford *w = calloc(p1 - p0 + 1, sizeof *w);
    if (!keys || !w) {
        free(keys);
        free(w);
        return CS_ERR_NOMEM;
    }
    size_t nk = 0;
    for (size_t a = p0; a < p1; a++) {
        const cs_replication_row *x = &r->rows[a];
        if (!cs_metric_key_is_headline(&x->key)) continue;
        size_t i = 0;
        while (i < nk && !same_key(keys[i], &x->key)) i++;
        if (i == nk) keys[nk++] = &x->key;
        const cs_replication_row *y = partner(r, a, p0, q0, q1);
        if (y && x->count > 0 && y->count > 0) cs_welford_add(&w[i], y->mean - x->mean);
    }
    cs_status st = CS_OK;
    for (size_t i = 0; st == CS_OK && i < nk; i++) {
        const cs_ci ci = cs_ci95_welford(&w[i]); /* NaN when n < 2, as /differences */
        const cs_effect_row e = { k, p, q, *keys[i], w[i].n, w[i].n > 0 ? w[i].mean : NAN, ci.low, ci.high };
        st = effect_add(out, &e);
    }
    free(keys);
    free(w);
    return st;
}

cs_status cs_report_effects(const cs_report_doc *doc, cs_effect_row **rows, size_t *nrows)
{
    *rows = NULL;
    *nrows = 0;
    const cs_point_table *t = &doc->points;
    effect_list l = { NULL, 0, 0 };
    uint32_t *order = malloc((t->npoints ? t->npoints : 1) * sizeof *order);
    if (!order) return CS_ERR_NOMEM;
    cs_status st = CS_OK;
    for (size_t k = 0; st == CS_OK && k < t->nparams; k++) {
        for (size_t p = 0; p < t->npoints; p++) order[p] = (uint32_t)p;
        const along a = { t, k };
        st = cs_report_sort(order, t->npoints, sizeof *order, along_order, &a);
        for (size_t i = 0; st == CS_OK && i + 1 < t->npoints; i++) {
            const uint32_t p = order[i], q = order[i + 1];
            const double u = t->values[p * t->nparams + k], v = t->values[q * t->nparams + k];
            if (!same_but(t, p, q, k) || !(u < v)) continue; /* another line, or not ordered by number */
            st = pair_effects(&doc->replications, k, p, q, &l);
        }
    }
    free(order);
    if (st != CS_OK) {
        free(l.rows);
        return st;
    }
    *rows = l.rows;
    *nrows = l.n;
    return CS_OK;
}

/* ---- printing the effects ---- */

enum { E_POINT, E_NEXT, E_VALUE, E_REGIME, E_FLOW, E_SEGMENT, E_METRIC, E_UNIT, E_CHANGE, E_N, E_NCOLS };
static const char *const effect_headers[E_NCOLS] = {
    "point", "next point", "next value", "regime", "flow", "segment", "metric", "unit",
    "change [95% CI, paired]", "n",
};
static const bool effect_right[E_NCOLS] = { true, true, true, false, false, false, false, false, true, true };

typedef struct effect_view {
    const cs_effect_row *rows; /* of one parameter */
    const cs_point_table *pts;
} effect_view;

static void effect_cell(char *buf, const void *ctx, size_t row, int col, bool md)
{
    const effect_view *v = ctx;
    const cs_effect_row *e = &v->rows[row];
    switch (col) {
    case E_POINT: snprintf(buf, CELL_MAX, "%" PRIu32, e->from); break;
    case E_NEXT: snprintf(buf, CELL_MAX, "%" PRIu32, e->to); break;
    case E_VALUE: cs_point_value(buf, CELL_MAX, v->pts, e->to, e->param, 4); break;
    case E_REGIME: cs_report_label(buf, CELL_MAX, e->key.regime, md); break;
    case E_FLOW: cs_report_label(buf, CELL_MAX, e->key.flow, md); break;
    case E_SEGMENT: cs_report_label(buf, CELL_MAX, e->key.segment, md); break;
    case E_METRIC: cs_report_label(buf, CELL_MAX, e->key.metric, md); break;
    case E_UNIT: cs_report_label(buf, CELL_MAX, e->key.unit, md); break;
    case E_CHANGE:
        cs_report_interval(buf, e->mean, e->ci95_low, e->ci95_high);
        break;
    default: snprintf(buf, CELL_MAX, "%" PRIu64, e->n); break;
    }
}

static uint32_t effect_point(const void *ctx, size_t row)
{
    return ((const effect_view *)ctx)->rows[row].from;
}

/* One grid per parameter, each after a heading printed by heading(k). */
cs_status cs_report_print_effects(FILE *out, const cs_report_doc *doc, cs_report_format fmt,
                                  void (*heading)(FILE *out, const cs_report_doc *doc, size_t param, cs_report_format fmt))
{
    cs_effect_row *rows;
    size_t n;
    if (cs_report_effects(doc, &rows, &n) != CS_OK) return CS_ERR_NOMEM;
    if (fmt == CS_REPORT_CSV) {
        fputs("parameter,point,next_point,value,next_value,regime,flow,segment,metric,n,mean,ci95_low,ci95_high\n", out);
        for (size_t i = 0; i < n; i++) {
            const cs_effect_row *e = &rows[i];
            char u[CELL_MAX], v[CELL_MAX];
            cs_point_value(u, sizeof u, &doc->points, e->from, e->param, 17);
            cs_point_value(v, sizeof v, &doc->points, e->to, e->param, 17);
            cs_report_csv_label(out, doc->points.names[e->param]);
            fprintf(out, ",%" PRIu32 ",%" PRIu32 ",", e->from, e->to);
            cs_report_csv_label(out, u);
            fputc(',', out);
            cs_report_csv_label(out, v);
            const char *const labels[4] = { e->key.regime, e->key.flow, e->key.segment, e->key.metric };
            for (int k = 0; k < 4; k++) {
                fputc(',', out);
                cs_report_csv_label(out, labels[k]);
            }
            fprintf(out, ",%" PRIu64, e->n);
            const double x[3] = { e->mean, e->ci95_low, e->ci95_high };
            cs_report_csv_nums(out, x, 3);
        }
    } else {
        size_t kept = 0; /* tables for people: the keys observed at both points */
        for (size_t i = 0; i < n; i++)
            if (rows[i].n > 0) rows[kept++] = rows[i];
        n = kept;
        if (n == 0)
            cs_report_para(out, fmt, "No two points differ in one parameter only (a zip or lhs design), or none "
                                     "observed a metric at both.");
        for (size_t i = 0; i < n;) {
            size_t j = i;
            while (j < n && rows[j].param == rows[i].param) j++;
            heading(out, doc, rows[i].param, fmt);
            const effect_view v = { rows + i, &doc->points };
            const cs_report_grid g = { E_NCOLS, effect_headers, effect_right, j - i, effect_cell, &v, &doc->points,
                                       effect_point };
            cs_report_grid_print(out, &g, fmt);
            i = j;
        }
    }
    free(rows);
    return CS_OK;
}
