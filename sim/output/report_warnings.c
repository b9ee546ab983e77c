/*
 * report_warnings.c - the warnings for thin data said in words: on stderr
 * after `run`, `sweep` and `report`, and as a section of the report
 * (docs/metrics.md, "Warnings for thin data").
 *
 * The findings are /warnings' raised checks: a point's warm-up, and the
 * keys whose /pooled rows are thin (replications below the minimum) or
 * missing (0 < n < replications).  A sweep can raise them for thousands
 * of keys, so stderr gets one line per kind: the number of findings and
 * the first; the file and the report keep every one.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "clearsim/output.h"
#include "output/report_grid.h"

enum { F_WARMUP, F_THIN, F_MISSING, F_KINDS };
static const char *const kind_names[F_KINDS] = { CS_WARNING_WARMUP, CS_WARNING_THIN, CS_WARNING_MISSING };

/* One finding: a raised warm-up check (w) or a key's pooled row (p). */
typedef struct finding {
    int kind;
    const cs_warning_row *w;
    const cs_pooled_row *p;
} finding;

/* Every finding, warm-ups first, then the keys in /pooled order (a key
 * both thin and missing gives two); *n of them. */
static finding *findings(const cs_warning_table *w, const cs_pooled_table *p, size_t *n)
{
    finding *f = malloc((w->nrows + 2 * p->nrows + 1) * sizeof *f);
    *n = 0;
    if (!f) return NULL;
    for (size_t i = 0; i < w->nrows; i++)
        if (!strcmp(w->rows[i].kind, CS_WARNING_WARMUP) && w->rows[i].raised) f[(*n)++] = (finding){ F_WARMUP, &w->rows[i], NULL };
    for (size_t i = 0; i < p->nrows; i++) {
        if (p->rows[i].thin) f[(*n)++] = (finding){ F_THIN, NULL, &p->rows[i] };
        if (cs_pooled_row_missing(&p->rows[i])) f[(*n)++] = (finding){ F_MISSING, NULL, &p->rows[i] };
    }
    return f;
}

static void describe(char *buf, size_t size, const finding *f)
{
    if (f->kind == F_WARMUP) {
        snprintf(buf, size,
                 "point %" PRIu32 ": warm-up %.0f customers is below the %.0f customers of 20 relaxation times that "
                 "`clearsim validate` asks: the means keep part of the empty start's bias",
                 f->w->point, f->w->value, f->w->limit);
        return;
    }
    const cs_pooled_row *p = f->p;
    const cs_metric_key *k = &p->key;
    if (f->kind == F_THIN)
        snprintf(buf, size,
                 "point %" PRIu32 ", %s/%s/%s/%s: %" PRIu32 " of %" PRIu32 " replications have fewer than %d "
                 "observations (fewest %" PRIu64 "): the 95 %% interval may cover less than 95 %%",
                 k->point, k->regime, k->flow, k->segment, k->metric, p->thin, p->replications, CS_MIN_OBSERVATIONS,
                 p->fewest);
    else
        snprintf(buf, size,
                 "point %" PRIu32 ", %s/%s/%s/%s: observed in %" PRIu64 " of %" PRIu32 " replications: /summary's "
                 "mean and interval stand on those alone; /pooled has the estimate over all",
                 k->point, k->regime, k->flow, k->segment, k->metric, p->n, p->replications);
}

void cs_warning_digest_add(cs_warning_digest *d, const cs_warning_row *w, size_t nw, const cs_pooled_row *p,
                           size_t np)
{
    for (size_t i = 0; i < nw; i++)
        if (!strcmp(w[i].kind, CS_WARNING_WARMUP) && w[i].raised && d->warmups++ == 0) d->first_warmup = w[i];
    for (size_t i = 0; i < np; i++) {
        if (p[i].thin && d->thin++ == 0) d->first_thin = p[i];
        if (cs_pooled_row_missing(&p[i]) && d->missing++ == 0) d->first_missing = p[i];
    }
}

void cs_warning_digest_print(FILE *out, const char *file, const cs_warning_digest *d)
{
    const uint64_t count[F_KINDS] = { d->warmups, d->thin, d->missing };
    const finding first[F_KINDS] = { { F_WARMUP, &d->first_warmup, NULL },
                                     { F_THIN, NULL, &d->first_thin },
                                     { F_MISSING, NULL, &d->first_missing } };
    for (int c = 0; c < F_KINDS; c++) {
        if (!count[c]) continue;
        char line[512];
        describe(line, sizeof line, &first[c]);
        if (count[c] == 1)
            fprintf(out, "clearsim: warning: %s: %s (docs/metrics.md, \"Warnings for thin data\")\n", file, line);
        else
            fprintf(out, "clearsim: warning: %s: %" PRIu64 " warnings '%s' (every one in the report), the first: %s\n",
                    file, count[c], kind_names[c], line);
    }
}

void cs_warnings_print(FILE *out, const char *file, const cs_warning_table *w, const cs_pooled_table *p)
{
    cs_warning_digest d;
    memset(&d, 0, sizeof d);
    cs_warning_digest_add(&d, w->rows, w->nrows, p->rows, p->nrows);
    cs_warning_digest_print(out, file, &d);
}

/* ---- the report's section ---- */

enum { W_POINT, W_KIND, W_REGIME, W_FLOW, W_SEGMENT, W_METRIC, W_REPS, W_FOUND, W_LIMIT, W_POOLED, W_NCOLS };
static const char *const headers[W_NCOLS] = {
    "point", "warning", "regime", "flow", "segment", "metric", "replications", "found", "limit",
    "pooled mean [95% CI]",
};
static const bool right[W_NCOLS] = { true, false, false, false, false, false, true, true, true, true };

static void label_cell(char *buf, const finding *f, size_t off, bool md)
{
    cs_report_label(buf, CELL_MAX, f->p ? (const char *)&f->p->key + off : "-", md);
}

static void warning_cell(char *buf, const void *ctx, size_t row, int col, bool md)
{
    const finding *f = (const finding *)ctx + row;
    const cs_pooled_row *p = f->p;
    switch (col) {
    case W_POINT: snprintf(buf, CELL_MAX, "%" PRIu32, p ? p->key.point : f->w->point); break;
    case W_KIND: snprintf(buf, CELL_MAX, "%s", kind_names[f->kind]); break;
    case W_REGIME: label_cell(buf, f, offsetof(cs_metric_key, regime), md); break;
    case W_FLOW: label_cell(buf, f, offsetof(cs_metric_key, flow), md); break;
    case W_SEGMENT: label_cell(buf, f, offsetof(cs_metric_key, segment), md); break;
    case W_METRIC: label_cell(buf, f, offsetof(cs_metric_key, metric), md); break;
    case W_REPS: /* those the finding concerns */
        if (f->kind == F_WARMUP) snprintf(buf, CELL_MAX, "all");
        else snprintf(buf, CELL_MAX, "%" PRIu64, f->kind == F_THIN ? p->thin : p->replications - p->n);
        break;
    case W_FOUND:
        if (f->kind == F_WARMUP) cs_report_num(buf, CELL_MAX, f->w->value, 6);
        else snprintf(buf, CELL_MAX, "%" PRIu64, f->kind == F_THIN ? p->fewest : p->n);
        break;
    case W_LIMIT:
        if (f->kind == F_WARMUP) cs_report_num(buf, CELL_MAX, f->w->limit, 6);
        else if (f->kind == F_THIN) snprintf(buf, CELL_MAX, "%d", CS_MIN_OBSERVATIONS);
        else snprintf(buf, CELL_MAX, "%" PRIu32, p->replications);
        break;
    default:
        if (f->kind == F_MISSING) cs_report_interval(buf, p->mean, p->ci95_low, p->ci95_high);
        else snprintf(buf, CELL_MAX, "-");
        break;
    }
}

static uint32_t warning_point(const void *ctx, size_t row)
{
    const finding *f = (const finding *)ctx + row;
    return f->p ? f->p->key.point : f->w->point;
}

cs_status cs_report_print_warnings(FILE *out, const cs_warning_table *w, const cs_pooled_table *p,
                                   const cs_point_table *pts, cs_report_format fmt)
{
    if (fmt == CS_REPORT_CSV) return CS_OK;
    size_t n;
    finding *f = findings(w, p, &n);
    if (!f) return CS_ERR_NOMEM;
    if (n) {
        cs_report_heading(out, fmt, 2, "Warnings for thin data");
        cs_report_para(out, fmt,
                       "warmup: a queue's warm-up below the 20 relaxation times `clearsim validate` asks (found and "
                       "limit in customers); thin: replications with fewer observations than the minimum (found: "
                       "the fewest); missing: replications without an observation of the key, so its summary "
                       "stands on the others (found: the replications that observed it), beside the pooled "
                       "estimate over all replications with its jackknife interval (docs/metrics.md, \"Warnings "
                       "for thin data\").");
        const cs_report_grid grid = { W_NCOLS, headers, right, n, warning_cell, f, pts, warning_point };
        cs_report_grid_print(out, &grid, fmt);
    }
    free(f);
    return CS_OK;
}
