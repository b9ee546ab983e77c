/*
 * port_preflight.c - what a port scenario asks of its terminal, from its
 * inputs alone (`clearsim check`): the boxes and TEU a year of each flow,
 * the vessel calls a week, and the offered load of every resource.
 *
 * The load of a pool is its work per hour (boxes that use it x the mean
 * of its time) over its mean number of servers (a calendar's
 * time-weighted mean; a calendar that does not repeat, over the run).
 * The boxes per pool follow the conventional path of docs/port-model.md,
 * with each regime's own inputs (channels, times, pools):
 *   berths        every call: (its imports + exports + the transit boxes
 *                 it loads) x crane move / cranes per vessel
 *   transport     discharge to the stack (imports, transit) and stack to
 *                 the quay (exports, transit): I + 2T + E trips
 *   yard cranes   stack and retrieve each box (2I + 2T + 2E), one move
 *                 more per inspected box, and retrieval rehandles at an
 *                 empty yard (I x rehandle_base)
 *   gate in/out   one truck per export / per import
 *   reviewers     imports and exports reviewed by an officer: the
 *                 document channel and manual_review_share of the rest
 *   scan lanes    boxes of every flow in the scan channel
 *   exam bays     boxes in the exam and lab channels (and imports that
 *                 cargo quarantine sends to customs' exam once merged)
 *   quarantine    imports selected by cargo quarantine before the merger
 * What the pilots move off a pool (ship-side boxes skip the stack), the
 * yard's fill (more rehandles) and disruption windows are not counted:
 * these loads are those of conventional clearance, the upper bound for
 * the terminal's pools.  tests/cli_test.sh checks them by hand on the
 * default scenario, and against the utilisation its run measures.
 */
#include <string.h>
#include "clearsim/port.h"
#include "clearsim/port_catalog.h"

#define HOURS_PER_YEAR (365.25 * 24.0)
#define HOURS_PER_WEEK (7.0 * 24.0)

/* Mean servers of a pool over its calendar (over `span` if it does not repeat). */
static double mean_servers(const cs_pool_spec *pool, double span)
{
    const cs_calendar_spec *cal = &pool->calendar;
    if (cal->n == 0) return pool->count;
    const double length = cal->period > 0.0 ? cal->period : span;
    /* a repeating calendar wraps: before its first change the last holds */
    double level = cal->period > 0.0 ? cal->changes[cal->n - 1].capacity : pool->count, at = 0.0, sum = 0.0;
    for (uint32_t i = 0; i < cal->n && cal->changes[i].at < length; i++) {
        sum += level * (cal->changes[i].at - at);
        at = cal->changes[i].at;
        level = cal->changes[i].capacity;
    }
    sum += level * (length - at);
    return length > 0.0 ? sum / length : pool->count;
}

/* P(channel) over the credit classes. */
static double channel_share(const cs_port_scenario *p, cs_channel ch)
{
    double s = 0.0;
    for (int k = 0; k < CS_CREDIT_N; k++) s += p->credit_share[k] * p->channel_prob[k][ch];
    return s;
}

/* Boxes per hour of each flow, and the transit boxes each service loads. */
static void flows(const cs_port_scenario *p, double rate[CS_FLOW_N])
{
    memset(rate, 0, CS_FLOW_N * sizeof rate[0]);
    for (uint32_t i = 0; i < p->nservices; i++) {
        const cs_service_spec *sv = &p->services[i];
        const double in = cs_dist_mean(&sv->imports) / sv->period;
        rate[CS_FLOW_IMPORT] += in * (1.0 - sv->transit_share);
        rate[CS_FLOW_TRANSIT] += in * sv->transit_share;
        rate[CS_FLOW_EXPORT] += cs_dist_mean(&sv->exports) / sv->period;
    }
}

/* Berth-hours per hour: each call's moves over its cranes. */
static double berth_work(const cs_port_scenario *scen, const cs_port_scenario *in)
{
    const double per_move = cs_dist_mean(&in->crane_move) / in->cranes_per_vessel;
    double work = 0.0;
    for (uint32_t i = 0; i < scen->nservices; i++) {
        const cs_service_spec *sv = &scen->services[i];
        double moves = cs_dist_mean(&sv->imports) + cs_dist_mean(&sv->exports);
        for (uint32_t j = 0; j < scen->nservices; j++) /* transit boxes loaded on this call */
            if (scen->services[j].transit_to == (int)i)
                moves += cs_dist_mean(&scen->services[j].imports) * scen->services[j].transit_share *
                         sv->period / scen->services[j].period;
        work += moves * per_move / sv->period;
    }
    return work;
}

static void regime_loads(const cs_port_scenario *scen, const cs_port_scenario *in, const double *rate,
                         double work[CS_POOL_N])
{
    const double I = rate[CS_FLOW_IMPORT], E = rate[CS_FLOW_EXPORT], T = rate[CS_FLOW_TRANSIT];
    const double all = I + E + T;
    const double doc = channel_share(in, CS_CHANNEL_DOCUMENT), scan = channel_share(in, CS_CHANNEL_SCAN);
    const double exam = channel_share(in, CS_CHANNEL_EXAM), lab = channel_share(in, CS_CHANNEL_LAB);
    const double manual = in->manual_review_share + (1.0 - in->manual_review_share) * doc;
    const double selected = I * in->quarantine_share;
    /* merged, a selected import not already bound for the lab goes to the exam */
    const double merged = in->quarantine_merged ? selected * (1.0 - exam - lab) : 0.0;
    const double inspected = all * (scan + exam + lab) + merged;
#define MEAN_TIME(pool) cs_dist_mean(&in->pools[pool].time)
    work[CS_POOL_BERTHS] = berth_work(scen, in);
    work[CS_POOL_TRANSPORT] = (I + 2.0 * T + E) * MEAN_TIME(CS_POOL_TRANSPORT);
    work[CS_POOL_YARD_CRANES] = (2.0 * all + inspected + I * in->rehandle_base) * MEAN_TIME(CS_POOL_YARD_CRANES);
    work[CS_POOL_GATE_IN] = E * MEAN_TIME(CS_POOL_GATE_IN);
    work[CS_POOL_GATE_OUT] = I * MEAN_TIME(CS_POOL_GATE_OUT);
    work[CS_POOL_REVIEWERS] = (I + E) * manual * MEAN_TIME(CS_POOL_REVIEWERS);
    work[CS_POOL_SCAN_LANES] = all * scan * MEAN_TIME(CS_POOL_SCAN_LANES);
    work[CS_POOL_EXAM_BAYS] = (all * (exam + lab) + merged) * MEAN_TIME(CS_POOL_EXAM_BAYS);
    work[CS_POOL_QUARANTINE] = in->quarantine_merged ? 0.0 : selected * MEAN_TIME(CS_POOL_QUARANTINE);
#undef MEAN_TIME
}

void cs_port_preflight(const cs_port_scenario *p, cs_port_preflight_result *out)
{
    memset(out, 0, sizeof *out);
    double rate[CS_FLOW_N];
    flows(p, rate);
    const double teu = 1.0 + p->teu_two_share;
    for (int f = 0; f < CS_FLOW_N; f++) {
        out->boxes_per_year[f] = rate[f] * HOURS_PER_YEAR;
        out->teu_per_year[f] = out->boxes_per_year[f] * teu;
    }
    for (uint32_t i = 0; i < p->nservices; i++) out->calls_per_week += HOURS_PER_WEEK / p->services[i].period;
    out->nregimes = p->nregimes;
    for (uint32_t r = 0; r < p->nregimes; r++) {
        const cs_port_scenario *in = p->regimes[r].inputs ? p->regimes[r].inputs : p;
        double work[CS_POOL_N];
        regime_loads(p, in, rate, work);
        for (int k = 0; k < CS_POOL_N; k++) {
            out->servers[r][k] = mean_servers(&in->pools[k], p->horizon + p->drain);
            out->load[r][k] = out->servers[r][k] > 0.0 ? work[k] / out->servers[r][k] : 0.0;
        }
    }
}
