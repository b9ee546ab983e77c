/*
 * decomposition.c - the time-release-study decomposition of each flow's
 * clearance time, from the interval metrics the model records.
 *
 * A model names an interval metric d<milestone>_h (segment all): for each
 * box, that milestone minus the previous one the box reached, in the flow's
 * order; so a box's intervals add up to its last milestone minus its first.
 * Pooled over replications (observations weighted, not replication means),
 * interval k's contribution to the mean total per box is its sum over boxes
 * divided by the flow's boxes, mean_k * share_k; the contributions add up to
 * the mean total.  The flow's boxes are its boxes_observed_finished counter
 * (the boxes whose milestones were recorded); without it, the largest
 * interval count.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "clearsim/results.h"

static bool is_interval(const cs_metric_key *k)
{
    const size_t n = strlen(k->metric);
    return !strcmp(k->segment, "all") && n > 3 && k->metric[0] == 'd' && !strcmp(k->metric + n - 2, "_h");
}

static bool same_flow(const cs_metric_key *a, const cs_metric_key *b)
{
    return a->point == b->point && !strcmp(a->regime, b->regime) && !strcmp(a->flow, b->flow);
}

/* The flow's finished observed boxes over all replications; -1: no counter. */
static double flow_boxes(const cs_results *r, const cs_metric_key *k)
{
    for (size_t c = 0; c < r->ncounters; c++) {
        if (!same_flow(&r->counter_keys[c], k) || strcmp(r->counter_keys[c].metric, "boxes_observed_finished"))
            continue;
        double sum = 0;
        for (uint32_t rep = 0; rep < r->replications; rep++) sum += r->counter_values[c * r->replications + rep];
        return sum;
    }
    return -1;
}

int cs_results_decompose(cs_results *r)
{
    size_t n = 0;
    for (size_t k = 0; k < r->nkeys; k++) n += is_interval(&r->keys[k]);
    free(r->decomposition);
    r->decomposition = NULL;
    r->ndecomposition = 0;
    if (n == 0) return 0;
    cs_decomposition_row *rows = calloc(n, sizeof *rows);
    if (!rows) return -1;
    size_t i = 0, first = 0;
    for (size_t k = 0; k < r->nkeys; k++) {
        const cs_metric_key *key = &r->keys[k];
        if (!is_interval(key)) continue;
        cs_decomposition_row *row = &rows[i];
        row->key = *key;
        const bool starts = i == 0 || !same_flow(&rows[i - 1].key, key);
        if (starts) first = i;
        snprintf(row->from, sizeof row->from, "%s", starts ? "T0" : rows[i - 1].to);
        snprintf(row->to, sizeof row->to, "%.*s", (int)(strlen(key->metric) - 3), key->metric + 1);
        double sum = 0, count = 0;
        for (uint32_t rep = 0; rep < r->replications; rep++) {
            const cs_rep_value *v = &r->rep_values[k * r->replications + rep];
            if (v->count == 0) continue;
            count += (double)v->count;
            sum += (double)v->count * v->mean;
        }
        row->boxes = count;
        row->mean = count > 0 ? sum / count : 0.0;
        i++;
        /* the flow's last interval: shares and the total */
        if (k + 1 < r->nkeys && is_interval(&r->keys[k + 1]) && same_flow(&r->keys[k + 1], key)) continue;
        double boxes = flow_boxes(r, key), total = 0;
        for (size_t j = first; j < i; j++)
            if (boxes < 0 || rows[j].boxes > boxes) boxes = rows[j].boxes;
        for (size_t j = first; j < i; j++) {
            rows[j].share_of_boxes = boxes > 0 ? rows[j].boxes / boxes : 0.0;
            rows[j].contribution = rows[j].mean * rows[j].share_of_boxes;
            total += rows[j].contribution;
        }
        for (size_t j = first; j < i; j++) {
            rows[j].total = total;
            rows[j].share = total != 0 ? rows[j].contribution / total : 0.0;
        }
    }
    r->decomposition = rows;
    r->ndecomposition = n;
    return 0;
}
