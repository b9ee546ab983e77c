/*
 * validate_port.c - the port model against the published figures of
 * docs/domain.md section 5 (C1-C4).
 *
 * Each case is a scenario in scenarios/ports/ run through
 * cs_experiment_run, the code path of `clearsim run`; its checks name a
 * summary row (regime, flow, segment, metric), a statistic (mean or
 * median) and the accepted range, and C1 also bounds the 95 % half-width.
 * Each check carries the 95 % interval of its own statistic: a mean's
 * from the replication means, a median's from the replications' medians
 * (the quantile key metric.p50; the estimate checked stays the median of
 * all observations, /summary's p50).
 * The customs-side and trader parameters of C2-C4 must equal C1's (they
 * are frozen after the C1 fit); that is checked too, field by field.
 * --quick shortens the observed window to a third, the drain to 21 days
 * and the replications to 4, and relaxes C1's half-width bound to 5 %.
 */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <string.h>
#include "clearsim/experiment.h"
#include "clearsim/port_catalog.h"

/* A check names its row by the port model's identifiers (port_catalog.h);
 * the regimes are the case scenarios' own names. */
typedef struct port_check {
    const char *regime;
    int flow;
    cs_port_segment segment;
    cs_port_metric metric;
    bool median;         /* else the mean */
    double lo, hi;
    double max_rel_hw;   /* 0: no bound on the CI */
} port_check;

typedef struct port_case {
    const char *name;
    const char *figure;
    size_t nchecks;
    port_check checks[4];
} port_case;

#define C1_IMPORT 97.39
#define C1_EXPORT 12.29

#define IMPORT CS_FLOW_IMPORT
#define EXPORT CS_FLOW_EXPORT
#define CHANNEL(c) ((cs_port_segment)(CS_PORT_SEG_CHANNEL + (c)))
static const port_case cases[] = {
    { "c1_china_2017", "C1 China 2017 overall clearance", 2, {
        { "conventional", IMPORT, CS_PORT_SEG_ALL, CS_PORT_EXIT, false, 0.95 * C1_IMPORT, 1.05 * C1_IMPORT, 0.02 },
        { "conventional", EXPORT, CS_PORT_SEG_ALL, CS_PORT_RELEASE, false, 0.95 * C1_EXPORT, 1.05 * C1_EXPORT, 0.02 } } },
    { "c2_shenzhen_ship_side", "C2 Shenzhen ship-side lifting", 2, {
        { "ship_side", IMPORT, CS_PORT_SEG_PILOT, CS_PORT_LIFTOFF, true, 0.05, 0.25, 0 },
        { "advance", IMPORT, CS_PORT_SEG_COMPARATOR, CS_PORT_LIFTOFF, true, 2.8, 7.8, 0 } } },
    { "c3_south_china_direct_loading", "C3 South China direct loading", 2, {
        { "direct_loading", EXPORT, CS_PORT_SEG_PILOT, CS_PORT_PORT_STAY, false, 1.0, 3.0, 0 },
        { "conventional", EXPORT, CS_PORT_SEG_ALL, CS_PORT_PORT_STAY, false, 2.4 * 24, 4.8 * 24, 0 } } },
    { "c4_qingdao_ship_side", "C4 Qingdao inspection path vs ship-side", 3, {
        { "conventional", IMPORT, CHANNEL(CS_CHANNEL_SCAN), CS_PORT_LIFTOFF, true, 48.0, INFINITY, 0 },
        { "conventional", IMPORT, CHANNEL(CS_CHANNEL_EXAM), CS_PORT_LIFTOFF, true, 48.0, INFINITY, 0 },
        { "ship_side", IMPORT, CS_PORT_SEG_PILOT, CS_PORT_LIFTOFF, true, 0.0, 24.0, 0 } } },
};

/* The row a check names, spelt as the model spells it. */
typedef struct row_name {
    char segment[CS_LABEL_MAX], metric[CS_LABEL_MAX];
    const char *flow;
} row_name;

static row_name name_of(const port_check *c)
{
    row_name n;
    n.flow = cs_port_flow_name(c->flow);
    cs_port_segment_name(c->segment, n.segment, sizeof n.segment);
    cs_port_metric_name(c->metric, n.metric, sizeof n.metric);
    return n;
}

size_t cs_validate_port_cases(void) { return sizeof cases / sizeof cases[0]; }
const char *cs_validate_port_case_name(size_t i) { return cases[i].name; }

static const cs_summary_row *find_row(const cs_results *r, const char *regime, const row_name *n, const char *metric)
{
    for (size_t k = 0; k < r->nkeys; k++) {
        const cs_metric_key *key = &r->summary[k].key;
        if (!strcmp(key->regime, regime) && !strcmp(key->flow, n->flow) && !strcmp(key->segment, n->segment) &&
            !strcmp(key->metric, metric))
            return &r->summary[k];
    }
    return NULL;
}

static void evaluate(cs_validation_case *vc, const cs_results *r, const port_check *c, bool quick)
{
    cs_validation_check *ch = &vc->checks[vc->nchecks++];
    const row_name n = name_of(c);
    snprintf(ch->name, sizeof ch->name, "%.7s %.21s %.11s %.4s", n.flow, n.segment, n.metric,
             c->median ? "p50" : "mean");
    /* a median's interval is that of the replications' own medians (the
     * quantile key metric.p50), not the mean's */
    char p50[CS_LABEL_MAX + 8];
    snprintf(p50, sizeof p50, "%s.p50", n.metric);
    const cs_summary_row *row = find_row(r, c->regime, &n, n.metric);
    const cs_summary_row *ci = c->median ? find_row(r, c->regime, &n, p50) : row;
    ch->pass = false;
    ch->theory = c->lo;
    ch->limit = c->hi;
    if (!row || !ci) {
        snprintf(ch->reason, sizeof ch->reason, "no row %s/%s/%s/%s", c->regime, n.flow, n.segment,
                 row ? p50 : n.metric);
        return;
    }
    ch->estimate = c->median ? row->p50 : row->mean;
    ch->ci_low = ci->ci95_low;
    ch->ci_high = ci->ci95_high;
    ch->half_width = (ci->ci95_high - ci->ci95_low) / 2.0;
    ch->std_error = NAN;
    const double max_hw = quick && c->max_rel_hw > 0 ? 0.05 : c->max_rel_hw;
    if (!(ch->estimate >= c->lo && ch->estimate <= c->hi))
        snprintf(ch->reason, sizeof ch->reason, "%.4g outside [%.4g, %.4g]", ch->estimate, c->lo, c->hi);
    else if (max_hw > 0 && !(ch->half_width <= max_hw * ch->estimate))
        snprintf(ch->reason, sizeof ch->reason, "95%% half-width %.2f%% exceeds %.0f%%",
                 100.0 * ch->half_width / ch->estimate, 100.0 * max_hw);
    else
        ch->pass = true;
}

static bool same_dist(const cs_dist *a, const cs_dist *b)
{
    return a->kind == b->kind && a->k == b->k && a->a == b->a && a->b == b->b && a->c == b->c;
}

/* The parameters C1 fixed: customs side and trader behaviour. */
static const char *frozen_difference(const cs_port_scenario *a, const cs_port_scenario *b)
{
    if (memcmp(a->channel_prob, b->channel_prob, sizeof a->channel_prob)) return "channel probabilities";
    if (a->manual_review_share != b->manual_review_share) return "manual_review_share";
    static const cs_pool pools[] = { CS_POOL_REVIEWERS, CS_POOL_SCAN_LANES, CS_POOL_EXAM_BAYS, CS_POOL_QUARANTINE };
    for (size_t i = 0; i < sizeof pools / sizeof pools[0]; i++)
        if (a->pools[pools[i]].count != b->pools[pools[i]].count ||
            !same_dist(&a->pools[pools[i]].time, &b->pools[pools[i]].time))
            return cs_pool_name(pools[i]);
    const struct { const cs_dist *x, *y; const char *name; } d[] = {
        { &a->acceptance, &b->acceptance, "acceptance" }, { &a->auto_review, &b->auto_review, "auto_review" },
        { &a->image_review, &b->image_review, "image_review" }, { &a->lab, &b->lab, "lab" },
        { &a->payment, &b->payment, "payment" }, { &a->access_check, &b->access_check, "access_check" },
        { &a->complete_declaration, &b->complete_declaration, "complete_declaration" },
        { &a->transit_check, &b->transit_check, "transit_check" },
        { &a->import_trader_lag, &b->import_trader_lag, "import_trader_lag" },
        { &a->pickup_planning, &b->pickup_planning, "pickup_planning" },
        { &a->late_pickup_lag, &b->late_pickup_lag, "late_pickup_lag" },
        { &a->export_declaration_lag, &b->export_declaration_lag, "export_declaration_lag" },
        { &a->advance_lead, &b->advance_lead, "advance_lead" },
    };
    for (size_t i = 0; i < sizeof d / sizeof d[0]; i++)
        if (!same_dist(d[i].x, d[i].y)) return d[i].name;
    if (a->first_slot_share != b->first_slot_share) return "first_slot_share";
    if (a->pickup_within_free_share != b->pickup_within_free_share) return "pickup_within_free_share";
    if (a->quarantine_share != b->quarantine_share) return "cargo_quarantine.share";
    if (a->exam_cutoff_hour != b->exam_cutoff_hour || a->exam_start_hour != b->exam_start_hour) return "exam hours";
    if (a->two_stage_lab != b->two_stage_lab) return "two_stage_lab";
    return NULL;
}

static void check_frozen(cs_validation_case *vc, const cs_port_scenario *p, const char *dir)
{
    cs_validation_check *ch = &vc->checks[vc->nchecks++];
    snprintf(ch->name, sizeof ch->name, "customs parameters frozen at C1");
    ch->estimate = ch->theory = ch->half_width = ch->std_error = ch->limit = ch->ci_low = ch->ci_high = NAN;
    char path[4200];
    snprintf(path, sizeof path, "%s/%s.yaml", dir, cases[0].name);
    cs_scenario c1;
    cs_error err;
    if (cs_scenario_load_file(path, &c1, &err) != CS_OK) {
        snprintf(ch->reason, sizeof ch->reason, "cannot load the C1 scenario");
        ch->pass = false;
        return;
    }
    const char *diff = frozen_difference(c1.port, p);
    ch->pass = diff == NULL;
    if (diff) snprintf(ch->reason, sizeof ch->reason, "%s differs from C1", diff);
    cs_scenario_free(&c1);
}

cs_status cs_validate_port_case(const char *dir, size_t i, bool quick, int threads, cs_validation_case *vc,
                                cs_error *err)
{
    memset(vc, 0, sizeof *vc);
    const port_case *pc = &cases[i];
    char path[4200];
    snprintf(path, sizeof path, "%s/%s.yaml", dir, pc->name);
    cs_scenario s;
    cs_status st = cs_scenario_load_file(path, &s, err);
    if (st != CS_OK) return st;
    if (s.kind != CS_SCENARIO_PORT) {
        cs_scenario_free(&s);
        return cs_error_set(err, CS_ERR_INPUT, path, 0, 0, "not a port scenario");
    }
    cs_port_scenario *p = s.port;
    if (quick) {
        p->horizon = p->warmup + (p->horizon - p->warmup) / 3.0;
        p->drain = p->drain < 21 * 24.0 ? p->drain : 21 * 24.0;
        if (s.replications > 4) s.replications = 4;
    }
    snprintf(vc->scenario, sizeof vc->scenario, "%s", pc->name);
    snprintf(vc->description, sizeof vc->description, "%s", pc->figure);
    vc->replications = s.replications;
    const cs_run_options opt = { .threads = threads };
    cs_results r;
    const double t0 = omp_get_wtime();
    st = cs_experiment_run(&s, &opt, &r, err);
    vc->seconds = omp_get_wtime() - t0;
    if (st == CS_OK) {
        for (size_t k = 0; k < pc->nchecks; k++) evaluate(vc, &r, &pc->checks[k], quick);
        if (i > 0) check_frozen(vc, p, dir);
        cs_results_free(&r);
    }
    cs_scenario_free(&s);
    return st;
}
