/*
 * port_metrics.c - metric keys of the port model and recording a box.
 *
 * Keys are generated once per scenario in report order: regime (scenario
 * order), flow (import, export, transit, vessel), segment (all, the five
 * channels, the three pilot paths where the regime has a pilot for that
 * flow, the C2 comparator for imports), metric (the catalogue's order,
 * port_catalog.c).  A dense map [flow][segment][metric] -> key index per
 * regime lets a finishing box update its accumulators without searching.
 * Every metric is a difference of two milestones: a span, as its
 * catalogue row gives it per flow, or a decomposition interval, recorded
 * on segment all only.  A box's milestones follow the process order of
 * its kind (its flow and, for imports, its declaration procedure:
 * port_orders), and processes run in parallel (a declaration may come
 * before or after the discharge), so the interval of milestone k is how
 * much later than every milestone before it in that order, and than the
 * origin T0, it came: the growth of the running maximum, never negative.
 * For a box the intervals add up to its latest milestone minus T0 (exit_h
 * for imports).  Vessels record their spans with T0 their arrival, T1
 * their berthing and depart their departure.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "model/port_internal.h"

#define SEG_N CS_PORT_SEG_N

static size_t metric_n(void)
{
    return port_metric_count();
}

size_t port_map_size(void)
{
    return (size_t)CS_PORT_FLOWS * SEG_N * metric_n();
}

static bool has_paths(const cs_regime_spec *r, int f)
{
    return f < CS_FLOW_N && port_offers_any(r, (cs_box_flow)f);
}

static bool offers_two_step(const cs_regime_spec *r)
{
    return port_offers(r, CS_FLOW_IMPORT, CS_ADOPT_TWO_STEP) || port_offers(r, CS_FLOW_IMPORT, CS_ADOPT_ADVANCE_TWO_STEP);
}

static bool seg_exists(const cs_regime_spec *r, int f, int seg)
{
    if (f == CS_PORT_FLOW_VESSEL) return seg == CS_PORT_SEG_ALL;
    if (seg >= CS_PORT_SEG_PILOT && seg <= CS_PORT_SEG_NOT_ADOPTED) return has_paths(r, f);
    if (seg == CS_PORT_SEG_COMPARATOR) return f == CS_FLOW_IMPORT;
    return true;
}

static bool in_chain(int f, int milestone)
{
    for (const int8_t *c = port_chains[f] + 1; *c >= 0; c++)
        if (*c == milestone) return true;
    return false;
}

static bool metric_exists(const cs_regime_spec *r, int f, int seg, int m)
{
    const port_span *sp = port_metric_span(m);
    if (!sp) return f != CS_PORT_FLOW_VESSEL && seg == CS_PORT_SEG_ALL && in_chain(f, m - CS_PORT_SPANS);
    if (sp->end[f] < 0 || (sp->two_step && !offers_two_step(r))) return false;
    return sp->kind != CS_METRIC_INTERVAL || seg == CS_PORT_SEG_ALL;
}

size_t port_metric_keys(const cs_port_scenario *p, cs_metric_key *out, size_t max, int32_t *map)
{
    size_t k = 0;
    const size_t per = port_map_size(), nm = metric_n();
    for (uint32_t r = 0; r < p->nregimes; r++) {
        const cs_regime_spec *rs = &p->regimes[r];
        for (int f = 0; f < CS_PORT_FLOWS; f++)
            for (int seg = 0; seg < SEG_N; seg++)
                for (size_t m = 0; m < nm; m++) {
                    const size_t at = r * per + ((size_t)f * SEG_N + seg) * nm + m;
                    if (!seg_exists(rs, f, seg) || !metric_exists(rs, f, seg, (int)m)) {
                        if (map) map[at] = -1;
                        continue;
                    }
                    if (map) map[at] = (int32_t)k;
                    if (out && k < max) {
                        cs_metric_key *key = &out[k];
                        memset(key, 0, sizeof *key);
                        snprintf(key->regime, sizeof key->regime, "%s", rs->name);
                        snprintf(key->flow, sizeof key->flow, "%s", cs_port_flow_name(f));
                        cs_port_segment_name((cs_port_segment)seg, key->segment, sizeof key->segment);
                        cs_port_metric_name((cs_port_metric)m, key->metric, sizeof key->metric);
                        snprintf(key->unit, sizeof key->unit, "h");
                    }
                    k++;
                }
    }
    return k;
}

size_t port_counter_keys(const cs_port_scenario *p, cs_metric_key *out, size_t max)
{
    const size_t per_flow = port_ncounters, n = (size_t)p->nregimes * CS_FLOW_N * per_flow;
    for (size_t i = 0; out && i < n && i < max; i++) {
        memset(&out[i], 0, sizeof out[i]);
        snprintf(out[i].regime, sizeof out[i].regime, "%s", p->regimes[i / (CS_FLOW_N * per_flow)].name);
        snprintf(out[i].flow, sizeof out[i].flow, "%s", cs_port_flow_name((int)((i / per_flow) % CS_FLOW_N)));
        cs_port_segment_name(CS_PORT_SEG_ALL, out[i].segment, sizeof out[i].segment);
        snprintf(out[i].metric, sizeof out[i].metric, "%s", port_counters[i % per_flow].name);
        snprintf(out[i].unit, sizeof out[i].unit, "boxes");
    }
    return n;
}

static inline void rec(port_state *st, int f, int seg, size_t m, double value)
{
    const int32_t slot = st->metric_slot[((size_t)f * SEG_N + seg) * metric_n() + m];
    if (slot < 0 || !isfinite(value)) return;
    cs_welford_add(&st->out->metrics[slot], value);
    cs_hist_add(&st->out->hists[slot], value);
}

static void rec_segments(port_state *st, const box *bx, size_t m, double value)
{
    rec(st, bx->flow, CS_PORT_SEG_ALL, m, value);
    rec(st, bx->flow, CS_PORT_SEG_CHANNEL + bx->channel, m, value);
    if (bx->path != CS_PATH_NONE) rec(st, bx->flow, CS_PORT_SEG_PILOT + bx->path - CS_PATH_PILOT, m, value);
    if (bx->flags & BF_FIRST_SLOT) rec(st, bx->flow, CS_PORT_SEG_COMPARATOR, m, value);
}

/* The span metric m of flow f over milestones t; NAN where it is not
 * recorded or a milestone was skipped. */
static double span_value(const port_span *sp, int f, const double *t)
{
    if (sp->end[f] < 0) return NAN;
    double end = t[sp->end[f]];
    if (isnan(end) && sp->end_else >= 0) end = t[sp->end_else];
    return end - t[sp->start[f]];
}

/* The process order of the box's decomposition. */
static port_order order_of(const box *bx)
{
    if (bx->flow == CS_FLOW_EXPORT) return PORT_ORDER_EXPORT;
    if (bx->flow == CS_FLOW_TRANSIT) return PORT_ORDER_TRANSIT;
    const bool advance = (bx->flags & BF_ADVANCE) != 0, two_step = (bx->flags & BF_TWO_STEP) != 0;
    if (advance) return two_step ? PORT_ORDER_ADVANCE_TWO_STEP : PORT_ORDER_ADVANCE;
    return two_step ? PORT_ORDER_TWO_STEP : PORT_ORDER_IMPORT;
}

void port_record(port_state *st, const box *bx)
{
    const size_t nm = metric_n();
    for (size_t m = 0; m < nm; m++) {
        const port_span *sp = port_metric_span((int)m);
        if (!sp || sp->end[bx->flow] < 0) continue;
        const double v = span_value(sp, bx->flow, bx->t);
        if (sp->kind == CS_METRIC_INTERVAL) rec(st, bx->flow, CS_PORT_SEG_ALL, m, v);
        else rec_segments(st, bx, m, v);
    }
    double top = bx->t[CS_MS_T0];
    if (isnan(top)) return;
    for (const int8_t *c = port_orders[order_of(bx)]; *c >= 0; c++) {
        const double v = bx->t[*c];
        if (isnan(v)) continue;
        rec(st, bx->flow, CS_PORT_SEG_ALL, CS_PORT_SPANS + (size_t)*c, v > top ? v - top : 0.0);
        if (v > top) top = v;
    }
}

void port_record_vessel(port_state *st, const vessel *v)
{
    double t[CS_MS_COUNT];
    for (int k = 0; k < CS_MS_COUNT; k++) t[k] = NAN;
    t[CS_MS_T0] = v->arrival;
    t[CS_MS_T1] = v->berthed;
    t[CS_MS_DEPART] = v->departed;
    const size_t nm = metric_n();
    for (size_t m = 0; m < nm; m++) {
        const port_span *sp = port_metric_span((int)m);
        if (sp && sp->end[CS_PORT_FLOW_VESSEL] >= 0)
            rec(st, CS_PORT_FLOW_VESSEL, CS_PORT_SEG_ALL, m, span_value(sp, CS_PORT_FLOW_VESSEL, t));
    }
}
