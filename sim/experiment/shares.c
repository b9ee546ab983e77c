/*
 * shares.c - how a flow's boxes split over the segments of the report: the
 * inspection channels and, where the regime has a pilot, its paths.
 *
 * A box is counted in a segment when it is observed there, so the boxes of
 * a segment are the observations of its first metric (the same boxes as
 * every other metric of the segment, which the model records together),
 * summed over replications; the share divides by the same count in segment
 * of kind all.  Segments are those the model declares (keys are grouped by
 * point, regime, flow, segment), so no segment name is known here.
 */
#include <stdlib.h>
#include <string.h>
#include "clearsim/results.h"

static double observations(const cs_results *r, size_t k)
{
    double n = 0;
    for (uint32_t rep = 0; rep < r->replications; rep++) n += (double)r->rep_values[k * r->replications + rep].count;
    return n;
}

/* Is key k the first of its segment (the keys of a segment are adjacent)? */
static bool opens_segment(const cs_results *r, size_t k)
{
    return k == 0 || !cs_metric_key_same_flow(&r->keys[k - 1], &r->keys[k]) || strcmp(r->keys[k - 1].segment, r->keys[k].segment);
}

cs_status cs_results_shares(cs_results *r)
{
    free(r->shares);
    r->shares = NULL;
    r->nshares = 0;
    size_t n = 0;
    for (size_t k = 0; k < r->nkeys; k++) n += opens_segment(r, k) && r->keys[k].segment_kind != CS_SEGMENT_ALL;
    if (n == 0) return CS_OK;
    cs_share_row *rows = calloc(n, sizeof *rows);
    if (!rows) return CS_ERR_NOMEM;
    size_t i = 0;
    double all = 0;
    for (size_t k = 0; k < r->nkeys; k++) {
        if (!opens_segment(r, k)) continue;
        if (k == 0 || !cs_metric_key_same_flow(&r->keys[k - 1], &r->keys[k])) all = 0; /* a new flow */
        const double boxes = observations(r, k);
        if (r->keys[k].segment_kind == CS_SEGMENT_ALL) {
            all = boxes;
            continue;
        }
        rows[i].key = r->keys[k];
        rows[i].boxes = boxes;
        rows[i].share = all > 0 ? boxes / all : 0.0;
        i++;
    }
    r->shares = rows;
    r->nshares = n;
    return CS_OK;
}
