/*
 * report.c - cs_report_print: the summary table as CSV, a terminal table,
 * or GitHub markdown; cs_report_print_counts: the box counters as a second
 * section of the table and markdown forms; cs_report_print_differences: the
 * paired differences to the baseline regime as a third.
 *
 * CSV is a contract (docs/hdf5.md, "/summary"): fixed header, stored row order,
 * %.17g so values round-trip, and `nan`/`inf` spelt the same on every libc
 * (glibc would print `-nan`).  The table and markdown forms are for people:
 * 4 significant digits, the CI beside the mean, columns sized in a first
 * pass over the cells so nothing needs to be stored.  Both sections go
 * through one grid printer that asks a callback for each cell.  The box
 * section first folds the long-form counter rows into means per counter key
 * (rows arrive grouped by key, so a key is looked up only when it changes)
 * and groups the keys by (point, regime, flow) in order of appearance.
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
            cs_report_num(buf, sizeof buf, v[k], 17);
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
    char a[48], b[48], c[48];
    switch (col) {
    case C_POINT: snprintf(buf, CELL_MAX, "%" PRIu32, r->key.point); break;
    case C_REGIME: cs_report_label(buf, CELL_MAX, r->key.regime, md); break;
    case C_FLOW: cs_report_label(buf, CELL_MAX, r->key.flow, md); break;
    case C_SEGMENT: cs_report_label(buf, CELL_MAX, r->key.segment, md); break;
    case C_METRIC: cs_report_label(buf, CELL_MAX, r->key.metric, md); break;
    case C_UNIT: cs_report_label(buf, CELL_MAX, r->key.unit, md); break;
    case C_MEAN:
        cs_report_num(a, sizeof a, r->mean, 4);
        cs_report_num(b, sizeof b, r->ci95_low, 4);
        cs_report_num(c, sizeof c, r->ci95_high, 4);
        snprintf(buf, CELL_MAX, "%s [%s, %s]", a, b, c);
        break;
    case C_P50: cs_report_num(buf, CELL_MAX, r->p50, 4); break;
    case C_P90: cs_report_num(buf, CELL_MAX, r->p90, 4); break;
    case C_P99: cs_report_num(buf, CELL_MAX, r->p99, 4); break;
    default: snprintf(buf, CELL_MAX, "%" PRIu64, r->n); break;
    }
}

static void print_cell(FILE *out, const char *s, int width, bool right)
{
    fprintf(out, right ? "%*s" : "%-*s", width, s);
}

void cs_report_grid_print(FILE *out, const cs_report_grid *g, bool md)
{
    int width[GRID_MAX_COLS];
    char buf[CELL_MAX];
    const int ncols = g->ncols < GRID_MAX_COLS ? g->ncols : GRID_MAX_COLS;
    for (int c = 0; c < ncols; c++) width[c] = (int)strlen(g->headers[c]);
    for (size_t i = 0; i < g->nrows; i++)
        for (int c = 0; c < ncols; c++) {
            g->cell(buf, g->ctx, i, c, md);
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
        print_cell(out, g->headers[c], width[c], !md && g->right[c]);
    }
    fputs(end, out);
    fputs(lead, out);
    for (int c = 0; c < ncols; c++) {
        if (c) fputs(sep, out);
        for (int k = 0; k < width[c]; k++)
            fputc(md && g->right[c] && k == width[c] - 1 ? ':' : '-', out);
    }
    fputs(end, out);
    for (size_t i = 0; i < g->nrows; i++) {
        fputs(lead, out);
        for (int c = 0; c < ncols; c++) {
            if (c) fputs(sep, out);
            g->cell(buf, g->ctx, i, c, md);
            print_cell(out, buf, width[c], g->right[c]);
        }
        fputs(end, out);
    }
}

static void summary_cell(char *buf, const void *ctx, size_t row, int col, bool md)
{
    const cs_summary_table *t = ctx;
    cell(buf, &t->rows[row], col, md);
}

static void print_summary_grid(FILE *out, const cs_summary_table *t, bool md)
{
    const cs_report_grid g = { NCOLS, headers, right_aligned, t->nrows, summary_cell, t };
    cs_report_grid_print(out, &g, md);
}

void cs_report_print(FILE *out, const cs_summary_table *t, cs_report_format fmt)
{
    switch (fmt) {
    case CS_REPORT_CSV: print_csv(out, t); break;
    case CS_REPORT_MARKDOWN: print_summary_grid(out, t, true); break;
    default: print_summary_grid(out, t, false); break;
    }
}

cs_status cs_report_print_headline(FILE *out, const cs_summary_table *t, cs_report_format fmt)
{
    cs_summary_row *rows = malloc((t->nrows ? t->nrows : 1) * sizeof *rows);
    if (!rows) return CS_ERR_NOMEM;
    size_t n = 0;
    for (size_t k = 0; k < t->nrows; k++)
        if (cs_metric_key_is_headline(&t->rows[k].key)) rows[n++] = t->rows[k];
    const cs_summary_table h = { n, rows };
    cs_report_print(out, &h, fmt);
    free(rows);
    return CS_OK;
}

/* ---- the box counters ---- */

/* The count kinds with a column of their own, in column order. */
enum { B_OBSERVED, B_OBS_FINISHED, B_GENERATED, B_FINISHED, B_NKNOWN };
static const cs_metric_kind box_kinds[B_NKNOWN] = {
    CS_METRIC_COUNT_OBSERVED, CS_METRIC_COUNT_OBSERVED_FINISHED, CS_METRIC_COUNT_GENERATED, CS_METRIC_COUNT_FINISHED,
};

enum { K_POINT, K_REGIME, K_FLOW, K_OBSERVED, K_FINISHED, K_CUT, K_CUT_TOTAL, K_GENERATED,
       K_ALL_FINISHED, K_OTHER, K_NCOLS };
static const char *const box_headers[K_NCOLS] = {
    "point", "regime", "flow", "observed", "finished", "cut off", "cut off total",
    "all generated", "all finished", "other",
};
static const bool box_right[K_NCOLS] = {
    true, false, false, true, true, true, true, true, true, false,
};

/* One distinct counter key: its values summed over replications. */
typedef struct box_key {
    const cs_metric_key *key;
    size_t group;
    double sum;
    size_t n;
    bool known; /* shown in one of the named columns */
} box_key;

/* One (point, regime, flow): the named counters as key index + 1 (0: absent). */
typedef struct box_group {
    const cs_metric_key *key;
    size_t known[B_NKNOWN];
    bool has_other;
} box_group;

typedef struct box_table {
    box_key *keys;
    size_t nkeys;
    box_group *groups;
    size_t ngroups;
} box_table;

static bool same_counter(const cs_metric_key *a, const cs_metric_key *b)
{
    return cs_metric_key_same_flow(a, b) && strcmp(a->segment, b->segment) == 0 &&
           strcmp(a->metric, b->metric) == 0;
}

static size_t box_group_of(box_table *b, const cs_metric_key *key)
{
    for (size_t g = b->ngroups; g-- > 0;) /* newest first: keys come grouped */
        if (cs_metric_key_same_flow(b->groups[g].key, key)) return g;
    box_group *g = &b->groups[b->ngroups];
    memset(g, 0, sizeof *g);
    g->key = key;
    return b->ngroups++;
}

/* A new distinct key, filed under its group. */
static size_t box_key_add(box_table *b, const cs_metric_key *key)
{
    box_key *k = &b->keys[b->nkeys];
    memset(k, 0, sizeof *k);
    k->key = key;
    k->group = box_group_of(b, key);
    box_group *g = &b->groups[k->group];
    if (key->segment_kind == CS_SEGMENT_ALL)
        for (int c = 0; c < B_NKNOWN && !k->known; c++)
            if (key->kind == box_kinds[c] && g->known[c] == 0) {
                g->known[c] = b->nkeys + 1;
                k->known = true;
            }
    if (!k->known) g->has_other = true;
    return b->nkeys++;
}

static cs_status box_table_build(box_table *b, const cs_counts_table *t)
{
    b->keys = malloc(t->nrows * sizeof *b->keys);
    b->groups = malloc(t->nrows * sizeof *b->groups);
    b->nkeys = b->ngroups = 0;
    if (!b->keys || !b->groups) {
        free(b->keys);
        free(b->groups);
        return CS_ERR_NOMEM;
    }
    size_t cur = 0;
    for (size_t i = 0; i < t->nrows; i++) {
        const cs_metric_key *key = &t->rows[i].key;
        if (b->nkeys == 0 || !same_counter(b->keys[cur].key, key)) {
            cur = b->nkeys;
            for (size_t k = 0; k < b->nkeys; k++)
                if (same_counter(b->keys[k].key, key)) {
                    cur = k;
                    break;
                }
            if (cur == b->nkeys) cur = box_key_add(b, key);
        }
        b->keys[cur].sum += t->rows[i].value;
        b->keys[cur].n++;
    }
    return CS_OK;
}

/* Counts are whole numbers per replication; their means need not be. */
static void fmt_count(char *buf, size_t size, double x)
{
    if (isfinite(x) && x == floor(x) && fabs(x) < 1e15)
        snprintf(buf, size, "%.0f", x);
    else
        cs_report_num(buf, size, x, 6);
}

/* The group's named counter c, or NULL when absent. */
static const box_key *box_known(const box_table *b, size_t g, int c)
{
    const size_t k = b->groups[g].known[c];
    return k ? &b->keys[k - 1] : NULL;
}

static void box_mean_cell(char *buf, const box_key *k)
{
    if (k)
        fmt_count(buf, CELL_MAX, k->sum / (double)k->n);
    else
        snprintf(buf, CELL_MAX, "-");
}

/* "name: mean, ..." of the group's other counters ("name[segment]" off
 * the segment of kind all); cut short at the cell's width. */
static void box_other_cell(char *buf, const box_table *b, size_t g, bool md)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < b->nkeys && len + 1 < CELL_MAX; k++) {
        const box_key *bk = &b->keys[k];
        if (bk->group != g || bk->known) continue;
        char name[2 * CS_LABEL_MAX + 4], lab[CELL_MAX], num[48];
        if (bk->key->segment_kind == CS_SEGMENT_ALL)
            snprintf(name, sizeof name, "%s", bk->key->metric);
        else
            snprintf(name, sizeof name, "%s[%s]", bk->key->metric, bk->key->segment);
        cs_report_label(lab, sizeof lab, name, md);
        fmt_count(num, sizeof num, bk->sum / (double)bk->n);
        const int w = snprintf(buf + len, CELL_MAX - len, "%s%s: %s", len ? ", " : "", lab, num);
        if (w < 0) break;
        len += (size_t)w;
    }
    if (len >= CELL_MAX) buf[CELL_MAX - 1] = '\0';
}

static void box_cell(char *buf, const void *ctx, size_t row, int col, bool md)
{
    const box_table *b = ctx;
    const cs_metric_key *key = b->groups[row].key;
    const box_key *obs = box_known(b, row, B_OBSERVED);
    const box_key *fin = box_known(b, row, B_OBS_FINISHED);
    switch (col) {
    case K_POINT: snprintf(buf, CELL_MAX, "%" PRIu32, key->point); break;
    case K_REGIME: cs_report_label(buf, CELL_MAX, key->regime, md); break;
    case K_FLOW: cs_report_label(buf, CELL_MAX, key->flow, md); break;
    case K_OBSERVED: box_mean_cell(buf, obs); break;
    case K_FINISHED: box_mean_cell(buf, fin); break;
    case K_CUT:
        if (obs && fin)
            fmt_count(buf, CELL_MAX, obs->sum / (double)obs->n - fin->sum / (double)fin->n);
        else
            snprintf(buf, CELL_MAX, "-");
        break;
    case K_CUT_TOTAL:
        if (obs && fin)
            fmt_count(buf, CELL_MAX, obs->sum - fin->sum);
        else
            snprintf(buf, CELL_MAX, "-");
        break;
    case K_GENERATED: box_mean_cell(buf, box_known(b, row, B_GENERATED)); break;
    case K_ALL_FINISHED: box_mean_cell(buf, box_known(b, row, B_FINISHED)); break;
    default: box_other_cell(buf, b, row, md); break;
    }
}

cs_status cs_report_print_counts(FILE *out, const cs_counts_table *t, cs_report_format fmt)
{
    if (fmt == CS_REPORT_CSV || !t || t->nrows == 0) return CS_OK;
    const bool md = fmt == CS_REPORT_MARKDOWN;
    box_table b;
    if (box_table_build(&b, t) != CS_OK) return CS_ERR_NOMEM;
    fputs(md ? "\n### Boxes\n\n" : "\nBoxes\n", out);
    bool other = false;
    for (size_t g = 0; g < b.ngroups; g++) other = other || b.groups[g].has_other;
    const cs_report_grid g = { other ? K_NCOLS : K_OTHER, box_headers, box_right, b.ngroups, box_cell, &b };
    cs_report_grid_print(out, &g, md);
    free(b.keys);
    free(b.groups);
    return CS_OK;
}

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
    char a[48], b[48], c[48];
    switch (col) {
    case D_POINT: snprintf(buf, CELL_MAX, "%" PRIu32, d->key.point); break;
    case D_REGIME: cs_report_label(buf, CELL_MAX, d->key.regime, md); break;
    case D_BASELINE: cs_report_label(buf, CELL_MAX, d->baseline, md); break;
    case D_FLOW: cs_report_label(buf, CELL_MAX, d->key.flow, md); break;
    case D_SEGMENT: cs_report_label(buf, CELL_MAX, d->key.segment, md); break;
    case D_METRIC: cs_report_label(buf, CELL_MAX, d->key.metric, md); break;
    case D_UNIT: cs_report_label(buf, CELL_MAX, d->key.unit, md); break;
    case D_DIFF:
        cs_report_num(a, sizeof a, d->mean, 4);
        cs_report_num(b, sizeof b, d->ci95_low, 4);
        cs_report_num(c, sizeof c, d->ci95_high, 4);
        snprintf(buf, CELL_MAX, "%s [%s, %s]", a, b, c);
        break;
    case D_UNPAIRED: cs_report_num(buf, CELL_MAX, d->unpaired_half_width, 4); break;
    default: snprintf(buf, CELL_MAX, "%" PRIu64, d->n); break;
    }
}

cs_status cs_report_print_differences(FILE *out, const cs_difference_table *t, cs_report_format fmt)
{
    if (fmt == CS_REPORT_CSV || !t || t->nrows == 0) return CS_OK;
    const bool md = fmt == CS_REPORT_MARKDOWN;
    const cs_difference_row **rows = malloc(t->nrows * sizeof *rows);
    if (!rows) return CS_ERR_NOMEM;
    size_t n = 0;
    for (size_t i = 0; i < t->nrows; i++)
        if (cs_metric_key_is_headline(&t->rows[i].key)) rows[n++] = &t->rows[i];
    if (n > 0) {
        fputs(md ? "\n### Differences to the baseline (paired by replication)\n\n"
                 : "\nDifferences to the baseline (paired by replication)\n", out);
        const diff_view v = { rows };
        const cs_report_grid g = { D_NCOLS, diff_headers, diff_right, n, diff_cell, &v };
        cs_report_grid_print(out, &g, md);
    }
    free(rows);
    return CS_OK;
}
