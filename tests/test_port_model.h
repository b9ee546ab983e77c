/*
 * test_port_model.h - shared helpers of the port model tests
 * (test_port_model*.c): a tiny deterministic port, record collection
 * through the probe API, and milestone assertions.
 *
 * The base port (PM_BASE) makes every duration deterministic and a power
 * of two fraction of an hour, so every milestone is exact in binary
 * floating point and can be computed by hand:
 *
 *   quarantine paper 2h (remote 0.25h)   crane move 0.125h (1 crane)
 *   transport 0.25h                      yard crane move 0.0625h
 *   gate in 0.125h, gate out 0.125h      rehandles 0 (base 0, per fill 0)
 *   appointment slots 1h, lead 0         yard open 5d (120h), cut-off 12h
 *   release notice 0.25h                 handover paper 0.5h (electronic 0.0625h)
 *   acceptance 0.25h                     auto review 0.125h (manual share 0)
 *   scan 0.125h, image review 0.25h      exam 2h (exams 08-16h), lab 48h two-stage
 *   payment 1h, access check 0.5h        complete declaration 48h, transit check 3h
 *   trader lag 4h, pickup planning 5h    export declaration lag 10h, advance lead 24h
 *   (every consignee plans; late lag 24h after 4d of free storage)
 *   export gate-in 24h after yard open   ship-side truck 0h after berthing, tolerance 0.5h
 *   direct-loading truck 2.5h after arrival, apron open 4h before berthing
 *
 * Every pool has 100 servers (no queueing) except the 2 berths; every box
 * is general credit (eligible for pilots), 2 TEU, green; tests patch the
 * struct after loading (channels, a distribution, a flag) and say so.
 */
#ifndef TEST_PORT_MODEL_H
#define TEST_PORT_MODEL_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "clearsim/port_probe.h"
#include "clearsim/scenario.h"

/* Only for the indices of a box's uniforms (U_SLOT, U_REHANDLE...): the
 * record carries the whole vector, so random parts stay exact. */
#include "model/port_internal.h"

#define PM_DET(x) "{dist: deterministic, value: " x "}"

#define PM_BASE                                                                          \
    "kind: port\nname: pm\nseed: 7\nhorizon: 10d\ndrain: 20d\n"                          \
    "terminal:\n"                                                                        \
    "  berths: {count: 2}\n"                                                             \
    "  cranes_per_vessel: 1\n"                                                           \
    "  crane_move: " PM_DET("0.125h") "\n"                                               \
    "  transport: {count: 100, time: " PM_DET("0.25h") "}\n"                             \
    "  yard_cranes: {count: 100, time: " PM_DET("0.0625h") "}\n"                         \
    "  gate_in: {count: 100, time: " PM_DET("0.125h") "}\n"                              \
    "  gate_out: {count: 100, time: " PM_DET("0.125h") "}\n"                             \
    "  yard: {capacity: 1000, rehandle_base: 0, rehandle_per_fill: 0}\n"                 \
    "  appointments: {slot: 1h, capacity: 100, lead: 0h}\n"                              \
    "  free_storage: 4d\n"                                                               \
    "  exports: {yard_open: 5d, cutoff: 12h}\n"                                          \
    "  quarantine: {paper: " PM_DET("2h") ", remote: " PM_DET("0.25h") "}\n"             \
    "  handover: {paper: " PM_DET("0.5h") ", electronic: " PM_DET("0.0625h") "}\n"       \
    "  release_notice: " PM_DET("0.25h") "\n"                                            \
    "boxes: {teu_two_share: 1, credit: {aeo: 0, general: 1, low: 0}}\n"                  \
    "customs:\n"                                                                         \
    "  channels: {general: {document: 0, scan: 0, exam: 0, lab: 0}}\n"                   \
    "  manual_review_share: 0\n"                                                         \
    "  acceptance: " PM_DET("0.25h") "\n"                                                \
    "  auto_review: " PM_DET("0.125h") "\n"                                              \
    "  reviewers: {count: 100, time: " PM_DET("0.5h") "}\n"                              \
    "  scan_lanes: {count: 100, time: " PM_DET("0.125h") "}\n"                           \
    "  image_review: " PM_DET("0.25h") "\n"                                              \
    "  exam_bays: {count: 100, time: " PM_DET("2h") "}\n"                                \
    "  exam: {cutoff_hour: 16, start_hour: 8}\n"                                         \
    "  lab: {delay: " PM_DET("48h") ", two_stage: true}\n"                               \
    "  payment: " PM_DET("1h") "\n"                                                      \
    "  access_check: " PM_DET("0.5h") "\n"                                               \
    "  complete_declaration: " PM_DET("48h") "\n"                                        \
    "  transit_check: " PM_DET("3h") "\n"                                                \
    "traders:\n"                                                                         \
    "  import_trader_lag: " PM_DET("4h") "\n"                                            \
    "  first_slot_share: 0\n"                                                            \
    "  pickup_planning: " PM_DET("5h") "\n"                                              \
    "  pickup_within_free_share: 1\n"                                                    \
    "  late_pickup_lag: " PM_DET("24h") "\n"                                             \
    "  export_declaration_lag: " PM_DET("10h") "\n"                                      \
    "  advance_lead: " PM_DET("24h") "\n"                                                \
    "  export_gate_in: " PM_DET("24h") "\n"                                              \
    "  ship_side_truck: " PM_DET("0h") "\n"                                              \
    "  ship_side_tolerance: 0.5h\n"                                                      \
    "  direct_loading_truck: " PM_DET("2.5h") "\n"                                       \
    "  direct_loading_early: 4h\n"

/* One call of one service at 130h (on time), announced at 10h (130 - yard
 * open), the period far beyond horizon + drain (720h): a single call. */
#define PM_CALL(imports, exports)                                                        \
    "services:\n"                                                                        \
    "  - {name: main, period: 2000h, first_call: 130h, on_time_share: 1,\n"              \
    "     imports: " PM_DET(imports) ", exports: " PM_DET(exports) "}\n"

typedef struct pm_recs {
    cs_port_box_record *box;
    size_t nbox, capbox;
    cs_port_vessel_record *ves;
    size_t nves, capves;
    cs_port_totals tot;
} pm_recs;

static inline void pm_on_box(void *ctx, const cs_port_box_record *r)
{
    pm_recs *rc = ctx;
    if (rc->nbox == rc->capbox) {
        rc->capbox = rc->capbox ? 2 * rc->capbox : 64;
        rc->box = realloc(rc->box, rc->capbox * sizeof *rc->box);
        if (!rc->box) abort();
    }
    rc->box[rc->nbox++] = *r;
}

static inline void pm_on_vessel(void *ctx, const cs_port_vessel_record *r)
{
    pm_recs *rc = ctx;
    if (rc->nves == rc->capves) {
        rc->capves = rc->capves ? 2 * rc->capves : 16;
        rc->ves = realloc(rc->ves, rc->capves * sizeof *rc->ves);
        if (!rc->ves) abort();
    }
    rc->ves[rc->nves++] = *r;
}

static inline void pm_recs_free(pm_recs *rc)
{
    free(rc->box);
    free(rc->ves);
    memset(rc, 0, sizeof *rc);
}

/* Load scenario text; fails the test with the loader's message. */
static inline void pm_load(const char *yaml, cs_scenario *s)
{
    cs_error err;
    memset(&err, 0, sizeof err);
    if (cs_scenario_load_string(yaml, strlen(yaml), "pm.yaml", s, &err) != CS_OK)
        fail_msg("scenario: %d:%d: %s", err.line, err.column, err.message);
    assert_int_equal(s->kind, CS_SCENARIO_PORT);
}

/* Run one regime (replication 0) and collect every box and vessel record. */
static inline void pm_run(const cs_scenario *s, uint32_t regime, pm_recs *rc)
{
    memset(rc, 0, sizeof *rc);
    const cs_port_probe probe = { rc, pm_on_box, pm_on_vessel };
    assert_int_equal(cs_port_run_regime(s->port, regime, s->seed, 0, &probe, &rc->tot), CS_OK);
}

/* Force the channel of every (general credit) box. */
static inline void pm_channel(cs_scenario *s, cs_channel c)
{
    for (int k = 0; k < CS_CHANNEL_N; k++) s->port->channel_prob[CS_CREDIT_GENERAL][k] = k == (int)c ? 1.0 : 0.0;
}

/* The only record of a flow (the test fails unless there is exactly one). */
static inline const cs_port_box_record *pm_only(const pm_recs *rc, cs_box_flow flow)
{
    const cs_port_box_record *found = NULL;
    size_t n = 0;
    for (size_t i = 0; i < rc->nbox; i++)
        if (rc->box[i].flow == flow) {
            found = &rc->box[i];
            n++;
        }
    if (n != 1) fail_msg("want exactly one box of flow %d, got %zu", (int)flow, n);
    return found;
}

static const char *const pm_ms_names[CS_MS_COUNT] = {
    "T0", "T1", "T2", "T3", "T4", "T5", "T6s", "T6e", "T7", "T8", "T9", "T10", "FINAL", "LOADED", "DEPART"
};

/* A milestone equals its hand computation (within 1e-9 h). */
#define PM_MS(r, ms, want)                                                                    \
    do {                                                                                      \
        const double got_ = (r)->t[CS_MS_##ms], want_ = (want);                               \
        if (!(fabs(got_ - want_) <= 1e-9))                                                    \
            fail_msg("box %llu %s: want %.10g, got %.10g", (unsigned long long)(r)->id,       \
                     pm_ms_names[CS_MS_##ms], want_, got_);                                   \
    } while (0)

/* A milestone the box never reached. */
#define PM_NO_MS(r, ms)                                                                       \
    do {                                                                                      \
        if (!isnan((r)->t[CS_MS_##ms]))                                                       \
            fail_msg("box %llu %s: want unset, got %.10g", (unsigned long long)(r)->id,       \
                     pm_ms_names[CS_MS_##ms], (r)->t[CS_MS_##ms]);                            \
    } while (0)

/* The truck arrival inside appointment slot k (1h slots): k + U_SLOT. */
static inline double pm_slot_truck(const cs_port_box_record *r, double k)
{
    assert_true(r->u[U_SLOT] >= 0.0 && r->u[U_SLOT] < 1.0);
    return (k + r->u[U_SLOT]) * 1.0;
}

#endif
