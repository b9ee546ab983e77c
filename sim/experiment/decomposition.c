/*
 * decomposition.c - the time-release-study decomposition of each flow's
 * clearance time, from the interval metrics the model records.
 *
 * A metric of kind interval (segment of kind all) is, for each box, what
 * the milestone it ends at (its catalogue entry names it) adds to the box's
 * time, as the model defines it (docs/port-model.md for the port's), such
 * that a box's intervals add up to its last milestone minus its first.
 * Rows come in catalogue order; `from` is the row before, a label.  Pooled
 * over replications (observations weighted, not replication means),
 * interval k's contribution to the mean total per box is its sum over
 * boxes divided by the flow's boxes, mean_k * share_k; the contributions
 * add up to the mean total.  The flow's boxes are its counter of kind count_observed_finished
 * (the boxes whose milestones were recorded); without one, the largest
 * interval count.  A flow starts at the catalogue's origin milestone.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "clearsim/results.h"

static bool is_interval(const cs_metric_key *k)
{
    return k->segment_kind == CS_SEGMENT_ALL && k->kind == CS_METRIC_INTERVAL;
}

/* The flow's finished observed boxes over all replications; -1: no counter. */
static double flow_boxes(const cs_results *r, const cs_metric_key *k)
{
    for (size_t c = 0; c < r->ncounters; c++) {
        const cs_metric_key *ck = &r->counter_keys[c];
        if (!cs_metric_key_same_flow(ck, k) || ck->kind != CS_METRIC_COUNT_OBSERVED_FINISHED) continue;
        double sum = 0;
        for (uint32_t rep = 0; rep < r->replications; rep++) sum += r->counter_values[c * r->replications + rep];
        return sum;
    }
    return -1;
}

/* The milestone an interval metric ends at, from the catalogue. */
static const char *interval_end(const cs_results *r, const cs_metric_key *k)
{
    const cs_metric_info *m = cs_catalog_metric(&r->catalog, k->metric);
    return m ? m->milestone : k->metric;
}

/* Shares and the total of one flow's rows [first, end). */
static void close_flow(const cs_results *r, cs_decomposition_row *rows, size_t first, size_t end)
{
    double boxes = flow_boxes(r, &rows[first].key), total = 0;
    for (size_t j = first; j < end; j++)
        if (boxes < 0 || rows[j].boxes > boxes) boxes = rows[j].boxes;
    for (size_t j = first; j < end; j++) {
        rows[j].share_of_boxes = boxes > 0 ? rows[j].boxes / boxes : 0.0;
        rows[j].contribution = rows[j].boxes > 0 ? rows[j].mean * rows[j].share_of_boxes : 0.0;
        total += rows[j].contribution;
    }
    for (size_t j = first; j < end; j++) {
        rows[j].total = total;
        rows[j].share = total != 0 ? rows[j].contribution / total : 0.0;
    }
}

cs_status cs_results_decompose(cs_results *r)
{
    size_t n = 0;
    for (size_t k = 0; k < r->nkeys; k++) n += is_interval(&r->keys[k]);
    free(r->decomposition);
    r->decomposition = NULL;
    r->ndecomposition = 0;
    if (n == 0) return CS_OK;
    cs_decomposition_row *rows = calloc(n, sizeof *rows);
    if (!rows) return CS_ERR_NOMEM;
    size_t i = 0, first = 0;
    for (size_t k = 0; k < r->nkeys; k++) {
        const cs_metric_key *key = &r->keys[k];
        if (!is_interval(key)) continue;
        cs_decomposition_row *row = &rows[i];
        row->key = *key;
        const bool starts = i == 0 || !cs_metric_key_same_flow(&rows[i - 1].key, key);
        if (starts) {
            if (i > 0) close_flow(r, rows, first, i);
            first = i;
        }
        snprintf(row->from, sizeof row->from, "%s", starts ? r->catalog.origin : rows[i - 1].to);
        snprintf(row->to, sizeof row->to, "%s", interval_end(r, key));
        double sum = 0, count = 0;
        for (uint32_t rep = 0; rep < r->replications; rep++) {
            const cs_rep_value *v = &r->rep_values[k * r->replications + rep];
            if (v->count == 0) continue;
            count += (double)v->count;
            sum += (double)v->count * v->mean;
        }
        row->boxes = count;
        row->mean = count > 0 ? sum / count : NAN; /* no box passed: no mean (its contribution is 0) */
        i++;
    }
    close_flow(r, rows, first, i);
    r->decomposition = rows;
    r->ndecomposition = n;
    return CS_OK;
}
