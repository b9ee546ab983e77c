/*
 * report_counts.c - the report's "Boxes" section: the long-form counter
 * rows of /counts folded into means per counter key (rows arrive grouped
 * by key, so a key is looked up only when it changes) and grouped by
 * (point, regime, flow) in order of appearance, one grid row per group.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "clearsim/output.h"
#include "output/report_grid.h"

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

static uint32_t box_point(const void *ctx, size_t row)
{
    return ((const box_table *)ctx)->groups[row].key->point;
}

cs_status cs_report_print_counts(FILE *out, const cs_counts_table *t, const cs_point_table *pts,
                                 cs_report_format fmt)
{
    if (fmt == CS_REPORT_CSV || !t || t->nrows == 0) return CS_OK;
    box_table b;
    if (box_table_build(&b, t) != CS_OK) return CS_ERR_NOMEM;
    bool other = false;
    for (size_t g = 0; g < b.ngroups; g++) other = other || b.groups[g].has_other;
    const cs_report_grid g = { other ? K_NCOLS : K_OTHER, box_headers, box_right, b.ngroups, box_cell, &b,
                               pts, box_point };
    cs_report_grid_print(out, &g, fmt);
    free(b.keys);
    free(b.groups);
    return CS_OK;
}

