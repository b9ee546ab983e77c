/*
 * port_metrics.c - metric keys of the port model and recording a box.
 *
 * Keys are generated once per scenario in report order: regime (scenario
 * order), flow (import, export, transit, vessel), segment (all, the five
 * channels, the three pilot paths where the regime has a pilot for that
 * flow, the C2 comparator for imports), metric.  A dense map
 * [flow][segment][metric] -> key index per regime lets a finishing box
 * update its accumulators without searching.  The time-release-study
 * decomposition is one metric per milestone, dTk_h = Tk minus the previous
 * milestone the box reached (in the flow's canonical order), recorded on
 * segment all only; for a box the intervals add up to its last milestone
 * minus its first.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "model/port_internal.h"

enum { FLOW_VESSEL = FLOW_N, FLOWS_ALL };

enum {
    SEG_ALL = 0, SEG_CH0, SEG_PILOT = SEG_CH0 + CS_CHANNEL_N, SEG_FALLBACK, SEG_NOT_ADOPTED,
    SEG_COMPARATOR, SEG_N
};

enum {
    MET_RELEASE = 0, MET_FINAL_RELEASE, MET_EXIT, MET_LIFTOFF, MET_PORT_STAY, MET_WAIT, MET_BERTH,
    MET_D0, MET_N = MET_D0 + M_COUNT
};

static const char *const flow_label[FLOWS_ALL] = { "import", "export", "transit", "vessel" };
static const char *const metric_label[MET_D0] = {
    "release_h", "final_release_h", "exit_h", "liftoff_h", "port_stay_h", "wait_h", "berth_h"
};
static const char *const milestone_label[M_COUNT] = {
    "T0", "T1", "T2", "T3", "T4", "T5", "T6s", "T6e", "T7", "T8", "T9", "T10", "final", "loaded", "depart"
};

/* Canonical milestone order of each flow (decomposition). */
static const int8_t chain_import[] = { M_T0, M_T1, M_T2, M_T3, M_T4, M_T5, M_T6S, M_T6E, M_T7, M_T8, M_T9, M_T10, -1 };
static const int8_t chain_export[] = { M_T0, M_T3, M_T4, M_T5, M_T6S, M_T6E, M_T8, M_LOADED, M_DEPART, -1 };
static const int8_t chain_transit[] = { M_T0, M_T1, M_T2, M_T3, M_T5, M_T6S, M_T6E, M_T8, M_LOADED, M_DEPART, -1 };
static const int8_t *const chains[FLOW_N] = { chain_import, chain_export, chain_transit };

size_t port_map_size(void) { return (size_t)FLOWS_ALL * SEG_N * MET_N; }

static bool has_paths(const cs_regime_spec *r, int f)
{
    if (f == FLOW_IMPORT) return r->advance_share > 0 || r->two_step_share > 0 || r->ship_side_share > 0;
    if (f == FLOW_EXPORT) return r->direct_loading_share > 0 || r->export_advance_share > 0;
    return false;
}

static bool seg_exists(const cs_regime_spec *r, int f, int seg)
{
    if (f == FLOW_VESSEL) return seg == SEG_ALL;
    if (seg >= SEG_PILOT && seg <= SEG_NOT_ADOPTED) return has_paths(r, f);
    if (seg == SEG_COMPARATOR) return f == FLOW_IMPORT;
    return true;
}

static bool metric_exists(const cs_regime_spec *r, int f, int seg, int m)
{
    if (m >= MET_D0) {
        if (f == FLOW_VESSEL || seg != SEG_ALL) return false;
        for (const int8_t *c = chains[f] + 1; *c >= 0; c++)
            if (*c == m - MET_D0) return true;
        return false;
    }
    switch (f) {
    case FLOW_IMPORT:
        if (m == MET_FINAL_RELEASE) return r->two_step_share > 0;
        return m == MET_RELEASE || m == MET_EXIT || m == MET_LIFTOFF;
    case FLOW_EXPORT:
    case FLOW_TRANSIT: return m == MET_RELEASE || m == MET_PORT_STAY;
    default: return m == MET_WAIT || m == MET_BERTH;
    }
}

static void segment_label(int seg, char *buf, size_t n)
{
    static const char *const paths[] = { "path:pilot", "path:fallback", "path:not-adopted", "comparator:first-slot" };
    if (seg == SEG_ALL) snprintf(buf, n, "all");
    else if (seg < SEG_PILOT) snprintf(buf, n, "channel:%s", cs_channel_name((cs_channel)(seg - SEG_CH0)));
    else snprintf(buf, n, "%s", paths[seg - SEG_PILOT]);
}

static void metric_label_of(int m, char *buf, size_t n)
{
    if (m < MET_D0) snprintf(buf, n, "%s", metric_label[m]);
    else snprintf(buf, n, "d%s_h", milestone_label[m - MET_D0]);
}

size_t port_metric_keys(const cs_port_scenario *p, cs_metric_key *out, size_t max, int32_t *map)
{
    size_t k = 0;
    const size_t per = port_map_size();
    for (uint32_t r = 0; r < p->nregimes; r++) {
        const cs_regime_spec *rs = &p->regimes[r];
        for (int f = 0; f < FLOWS_ALL; f++)
            for (int seg = 0; seg < SEG_N; seg++)
                for (int m = 0; m < MET_N; m++) {
                    const size_t at = r * per + ((size_t)f * SEG_N + seg) * MET_N + m;
                    if (!seg_exists(rs, f, seg) || !metric_exists(rs, f, seg, m)) {
                        if (map) map[at] = -1;
                        continue;
                    }
                    if (map) map[at] = (int32_t)k;
                    if (out && k < max) {
                        cs_metric_key *key = &out[k];
                        memset(key, 0, sizeof *key);
                        snprintf(key->regime, sizeof key->regime, "%s", rs->name);
                        snprintf(key->flow, sizeof key->flow, "%s", flow_label[f]);
                        segment_label(seg, key->segment, sizeof key->segment);
                        metric_label_of(m, key->metric, sizeof key->metric);
                        snprintf(key->unit, sizeof key->unit, "h");
                    }
                    k++;
                }
    }
    return k;
}

static inline void rec(port_state *st, int f, int seg, int m, double value)
{
    const int32_t slot = st->metric_slot[((size_t)f * SEG_N + seg) * MET_N + m];
    if (slot < 0 || !isfinite(value)) return;
    cs_welford_add(&st->out->metrics[slot], value);
    cs_hist_add(&st->out->hists[slot], value);
}

static void rec_segments(port_state *st, const box *bx, int m, double value)
{
    rec(st, bx->flow, SEG_ALL, m, value);
    rec(st, bx->flow, SEG_CH0 + bx->channel, m, value);
    if (bx->path != PATH_NONE) rec(st, bx->flow, SEG_PILOT + bx->path - PATH_PILOT, m, value);
    if (bx->flags & BF_FIRST_SLOT) rec(st, bx->flow, SEG_COMPARATOR, m, value);
}

void port_record(port_state *st, const box *bx)
{
    const double *t = bx->t;
    switch (bx->flow) {
    case FLOW_IMPORT:
        rec_segments(st, bx, MET_RELEASE, t[M_T8] - t[M_T0]);
        rec_segments(st, bx, MET_FINAL_RELEASE, (isnan(t[M_FINAL]) ? t[M_T8] : t[M_FINAL]) - t[M_T0]);
        rec_segments(st, bx, MET_EXIT, t[M_T10] - t[M_T0]);
        rec_segments(st, bx, MET_LIFTOFF, t[M_T10] - t[M_T2]);
        break;
    case FLOW_EXPORT:
        rec_segments(st, bx, MET_RELEASE, t[M_T8] - t[M_T0]);
        rec_segments(st, bx, MET_PORT_STAY, t[M_LOADED] - t[M_T0]);
        break;
    default:
        rec_segments(st, bx, MET_RELEASE, t[M_T8] - t[M_T0]);
        rec_segments(st, bx, MET_PORT_STAY, t[M_LOADED] - t[M_T2]);
        break;
    }
    double prev = NAN;
    for (const int8_t *c = chains[bx->flow]; *c >= 0; c++) {
        const double v = t[*c];
        if (isnan(v)) continue;
        if (!isnan(prev)) rec(st, bx->flow, SEG_ALL, MET_D0 + *c, v - prev);
        prev = v;
    }
}

void port_record_vessel(port_state *st, const vessel *v)
{
    rec(st, FLOW_VESSEL, SEG_ALL, MET_WAIT, v->berthed - v->arrival);
    rec(st, FLOW_VESSEL, SEG_ALL, MET_BERTH, v->departed - v->berthed);
}
