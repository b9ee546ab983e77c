/*
 * port_fields.c - every key of a `kind: port` scenario, as tables.
 *
 * This file is the one place where the port format and its defaults are
 * written down (docs/scenarios.md copies these rows): one row per key with
 * its type, whether it is required, where the value goes and its default.
 * Time defaults are written with the unit they are documented in (MINUTES,
 * HOURS, DAYS below) and converted the way the loader converts `15min`, so
 * a default and the same value typed in a file are the same double.
 * cs_port_defaults and cs_port_scenario_free walk these tables; the readers
 * in port_yaml.c and port_lists.c do too.
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "scenario/port_yaml.h"

/* ---- names ------------------------------------------------------------ */

const char *const cs_pool_names[CS_POOL_N] = {
    "berths", "transport", "yard_cranes", "gate_in", "gate_out", "reviewers",
    "scan_lanes", "exam_bays", "quarantine_inspectors",
};
const char *const cs_channel_names[CS_CHANNEL_N] = {
    "green", "document", "scan", "exam", "lab",
};
const char *const cs_credit_names[CS_CREDIT_N] = {"aeo", "general", "low"};
const char *const cs_adoption_names[CS_ADOPT_N] = {
    "none", "advance", "two_step", "advance_two_step", "ship_side", "direct_loading",
};

const char *cs_pool_name(cs_pool p)
{
    return (unsigned)p < CS_POOL_N ? cs_pool_names[p] : "unknown";
}

const char *cs_channel_name(cs_channel c)
{
    return (unsigned)c < CS_CHANNEL_N ? cs_channel_names[c] : "unknown";
}

const char *cs_credit_name(cs_credit c)
{
    return (unsigned)c < CS_CREDIT_N ? cs_credit_names[c] : "unknown";
}

/* ---- row macros ------------------------------------------------------- */

#define SECONDS(x) ((x) / 3600.0)
#define MINUTES(x) ((x) / 60.0)
#define HOURS(x) (x)
#define DAYS(x) ((x) * 24.0)

#define DET(v) .dist = CS_DIST_DETERMINISTIC, .a = (v)
#define EXPO(m) .dist = CS_DIST_EXPONENTIAL, .a = (m)
#define UNI(lo, hi) .dist = CS_DIST_UNIFORM, .a = (lo), .b = (hi)
#define TRI(lo, mo, hi) .dist = CS_DIST_TRIANGULAR, .a = (lo), .b = (mo), .c = (hi)
#define LOGN(m, s) .dist = CS_DIST_LOGNORMAL, .a = (m), .b = (s)

#define ROW(k, t, o, ...) {.key = (k), .type = (t), .offset = (o), .def = {__VA_ARGS__}}
#define REQ(k, t, o) {.key = (k), .type = (t), .required = true, .offset = (o)}
#define GROUP(k, o, table, chk, a)                                                    \
    {.key = (k), .type = PF_GROUP, .offset = (o), .sub = (table),                     \
     .nsub = sizeof(table) / sizeof((table)[0]), .check = (chk), .arg = (a)}

#define P(m) offsetof(cs_port_scenario, m)
#define POOL(i) P(pools[i])

/* ---- pools (read into a cs_pool_spec; defaults come from the parent row) */

const cs_port_field cs_port_pool_fields[3] = {
    {.key = "count", .type = PF_COUNT, .offset = offsetof(cs_pool_spec, count)},
    {.key = "time", .type = PF_TIME_DIST, .offset = offsetof(cs_pool_spec, time)},
    {.key = "calendar", .type = PF_CALENDAR, .offset = offsetof(cs_pool_spec, calendar)},
};
const cs_port_field cs_port_berth_fields[2] = {
    {.key = "count", .type = PF_COUNT, .offset = offsetof(cs_pool_spec, count)},
    {.key = "calendar", .type = PF_CALENDAR, .offset = offsetof(cs_pool_spec, calendar)},
};

/* ---- terminal --------------------------------------------------------- */

static const cs_port_field YARD[] = {
    ROW("capacity", PF_POSITIVE, P(yard_capacity), .x = 40000),
    ROW("rehandle_base", PF_NONNEG, P(rehandle_base), .x = 0.2),
    ROW("rehandle_per_fill", PF_NONNEG, P(rehandle_per_fill), .x = 1.0),
};
static const cs_port_field APPOINTMENTS[] = {
    ROW("slot", PF_HOURS_POS, P(slot_length), .x = HOURS(1)),
    ROW("capacity", PF_COUNT, P(slot_capacity), .x = 300),
    ROW("lead", PF_HOURS, P(appointment_lead), .x = 0),
};
static const cs_port_field EXPORTS[] = {
    ROW("yard_open", PF_HOURS, P(yard_open), .x = DAYS(5)),
    ROW("cutoff", PF_HOURS, P(cutoff), .x = HOURS(12)),
};
static const cs_port_field QUARANTINE[] = {
    ROW("paper", PF_TIME_DIST, P(quarantine), TRI(HOURS(1), HOURS(2), HOURS(4))),
    ROW("remote", PF_TIME_DIST, P(quarantine_remote), UNI(MINUTES(10), MINUTES(30))),
};
static const cs_port_field HANDOVER[] = {
    ROW("paper", PF_TIME_DIST, P(handover), LOGN(HOURS(2), HOURS(1))),
    ROW("electronic", PF_TIME_DIST, P(handover_electronic), UNI(MINUTES(2), MINUTES(4))),
};
static const cs_port_field TERMINAL[] = {
    ROW("berths", PF_BERTHS, POOL(CS_POOL_BERTHS), .x = 5),
    ROW("cranes_per_vessel", PF_COUNT, P(cranes_per_vessel), .x = 4),
    {.key = "crane_calendar", .type = PF_CALENDAR, .offset = P(crane_calendar)},
    ROW("crane_move", PF_TIME_DIST, P(crane_move), EXPO(MINUTES(2.2))),
    ROW("transport", PF_POOL, POOL(CS_POOL_TRANSPORT), .x = 80,
        TRI(MINUTES(4), MINUTES(6), MINUTES(12))),
    ROW("yard_cranes", PF_POOL, POOL(CS_POOL_YARD_CRANES), .x = 40,
        TRI(MINUTES(2), MINUTES(3), MINUTES(6))),
    ROW("gate_in", PF_POOL, POOL(CS_POOL_GATE_IN), .x = 8,
        TRI(MINUTES(1), MINUTES(1.5), MINUTES(4))),
    ROW("gate_out", PF_POOL, POOL(CS_POOL_GATE_OUT), .x = 8,
        TRI(MINUTES(1), MINUTES(1.5), MINUTES(4))),
    GROUP("yard", 0, YARD, NULL, 0),
    GROUP("appointments", 0, APPOINTMENTS, NULL, 0),
    GROUP("exports", 0, EXPORTS, cs_pf_check_exports, 0),
    GROUP("quarantine", 0, QUARANTINE, NULL, 0),
    GROUP("handover", 0, HANDOVER, NULL, 0),
    ROW("release_notice", PF_TIME_DIST, P(release_notice), TRI(HOURS(0.5), HOURS(1), HOURS(3))),
    ROW("free_storage", PF_HOURS, P(free_storage), .x = DAYS(4)),
};

/* ---- boxes ------------------------------------------------------------ */

static const cs_port_field CREDIT[] = {
    ROW("aeo", PF_SHARE, P(credit_share[CS_CREDIT_AEO]), .x = 0.2),
    ROW("general", PF_SHARE, P(credit_share[CS_CREDIT_GENERAL]), .x = 0.7),
    ROW("low", PF_SHARE, P(credit_share[CS_CREDIT_LOW]), .x = 0.1),
};
static const cs_port_field BOXES[] = {
    ROW("teu_two_share", PF_SHARE, P(teu_two_share), .x = 0.6),
    GROUP("credit", 0, CREDIT, cs_pf_check_credit, 0),
};

/* ---- customs ---------------------------------------------------------- */

#define CH(cr, ch) P(channel_prob[cr][ch])
#define CHANNEL_ROWS(cr, doc, scan, exam, lab)                    \
    {ROW("document", PF_SHARE, CH(cr, CS_CHANNEL_DOCUMENT), .x = (doc)), \
     ROW("scan", PF_SHARE, CH(cr, CS_CHANNEL_SCAN), .x = (scan)),        \
     ROW("exam", PF_SHARE, CH(cr, CS_CHANNEL_EXAM), .x = (exam)),        \
     ROW("lab", PF_SHARE, CH(cr, CS_CHANNEL_LAB), .x = (lab))}

static const cs_port_field CHANNELS_AEO[] = CHANNEL_ROWS(CS_CREDIT_AEO, 0.10, 0.01, 0.005, 0.001);
static const cs_port_field CHANNELS_GENERAL[] =
    CHANNEL_ROWS(CS_CREDIT_GENERAL, 0.25, 0.03, 0.03, 0.005);
static const cs_port_field CHANNELS_LOW[] = CHANNEL_ROWS(CS_CREDIT_LOW, 0.40, 0.06, 0.10, 0.02);
static const cs_port_field CHANNELS[] = {
    GROUP("aeo", 0, CHANNELS_AEO, cs_pf_check_channels, CS_CREDIT_AEO),
    GROUP("general", 0, CHANNELS_GENERAL, cs_pf_check_channels, CS_CREDIT_GENERAL),
    GROUP("low", 0, CHANNELS_LOW, cs_pf_check_channels, CS_CREDIT_LOW),
};
static const cs_port_field EXAM[] = {
    ROW("cutoff_hour", PF_HOUR_OF_DAY, P(exam_cutoff_hour), .x = HOURS(16)),
    ROW("start_hour", PF_HOUR_OF_DAY, P(exam_start_hour), .x = HOURS(8)),
};
static const cs_port_field LAB[] = {
    ROW("delay", PF_TIME_DIST, P(lab), TRI(DAYS(1), DAYS(3), DAYS(7))),
    ROW("two_stage", PF_BOOL, P(two_stage_lab), .x = 1),
};
static const cs_port_field CUSTOMS_EXPORTS[] = {
    ROW("release_before_gate_in", PF_BOOL, P(export_prerelease), .x = 0),
    ROW("gate_scan", PF_BOOL, P(export_gate_scan), .x = 0),
};
static const cs_port_field CARGO_QUARANTINE[] = {
    ROW("share", PF_SHARE, P(quarantine_share), .x = 0),
    ROW("merged", PF_BOOL, P(quarantine_merged), .x = 1),
    ROW("inspectors", PF_POOL, POOL(CS_POOL_QUARANTINE), .x = 4, TRI(HOURS(1), HOURS(2), HOURS(4))),
};
static const cs_port_field CUSTOMS[] = {
    GROUP("channels", 0, CHANNELS, NULL, 0),
    ROW("manual_review_share", PF_SHARE, P(manual_review_share), .x = 0.35),
    ROW("acceptance", PF_TIME_DIST, P(acceptance), UNI(MINUTES(1), MINUTES(10))),
    ROW("auto_review", PF_TIME_DIST, P(auto_review), UNI(MINUTES(1), MINUTES(5))),
    ROW("reviewers", PF_POOL, POOL(CS_POOL_REVIEWERS), .x = 30,
        LOGN(MINUTES(30), MINUTES(20))),
    ROW("scan_lanes", PF_POOL, POOL(CS_POOL_SCAN_LANES), .x = 4,
        TRI(MINUTES(2), MINUTES(3), MINUTES(6))),
    ROW("image_review", PF_TIME_DIST, P(image_review), LOGN(MINUTES(15), MINUTES(10))),
    ROW("exam_bays", PF_POOL, POOL(CS_POOL_EXAM_BAYS), .x = 8, TRI(HOURS(2), HOURS(3), HOURS(6))),
    GROUP("exam", 0, EXAM, cs_pf_check_exam, 0),
    GROUP("lab", 0, LAB, NULL, 0),
    ROW("payment", PF_TIME_DIST, P(payment), LOGN(HOURS(2), HOURS(2))),
    ROW("access_check", PF_TIME_DIST, P(access_check), LOGN(HOURS(1), HOURS(0.5))),
    ROW("complete_declaration", PF_TIME_DIST, P(complete_declaration), UNI(DAYS(1), DAYS(14))),
    ROW("transit_check", PF_TIME_DIST, P(transit_check), LOGN(HOURS(6), HOURS(4))),
    GROUP("exports", 0, CUSTOMS_EXPORTS, NULL, 0),
    GROUP("cargo_quarantine", 0, CARGO_QUARANTINE, NULL, 0),
};

/* ---- traders ---------------------------------------------------------- */

static const cs_port_field TRADERS[] = {
    ROW("import_trader_lag", PF_TIME_DIST, P(import_trader_lag), LOGN(HOURS(36), HOURS(30))),
    ROW("first_slot_share", PF_SHARE, P(first_slot_share), .x = 0),
    ROW("pickup_planning", PF_TIME_DIST, P(pickup_planning), LOGN(HOURS(40), HOURS(40))),
    ROW("pickup_within_free_share", PF_SHARE, P(pickup_within_free_share), .x = 0.85),
    ROW("late_pickup_lag", PF_TIME_DIST, P(late_pickup_lag), LOGN(HOURS(48), HOURS(48))),
    ROW("export_declaration_lag", PF_TIME_DIST, P(export_declaration_lag),
        LOGN(HOURS(8), HOURS(6))),
    ROW("advance_lead", PF_TIME_DIST, P(advance_lead), UNI(HOURS(12), HOURS(72))),
    ROW("export_gate_in", PF_TIME_DIST, P(export_gate_in), UNI(HOURS(0), HOURS(108))),
    ROW("ship_side_truck", PF_TIME_DIST, P(ship_side_truck), UNI(HOURS(0), HOURS(3))),
    ROW("ship_side_tolerance", PF_HOURS, P(ship_side_tolerance), .x = MINUTES(30)),
    ROW("direct_loading_truck", PF_TIME_DIST, P(direct_loading_truck),
        LOGN(HOURS(8), HOURS(4))),
    ROW("direct_loading_early", PF_HOURS, P(direct_loading_early), .x = HOURS(4)),
};

/* ---- output ----------------------------------------------------------- */

static const cs_port_field TIMESERIES[] = {
    ROW("enabled", PF_BOOL, P(series.enabled), .x = 1),
    ROW("interval", PF_HOURS_POS, P(series.interval), .x = HOURS(1)),
    ROW("per_replication", PF_BOOL, P(series.per_replication), .x = 0),
};

/* ---- top level -------------------------------------------------------- */

const cs_port_field cs_port_top_fields[PT_COUNT] = {
    [PT_KIND] = {.key = "kind", .type = PF_OTHER, .required = true},
    [PT_NAME] = {.key = "name", .type = PF_OTHER, .required = true},
    [PT_REPLICATIONS] = ROW("replications", PF_OTHER, 0, .x = 10),
    [PT_SEED] = ROW("seed", PF_OTHER, 0, .x = 1),
    [PT_HORIZON] = REQ("horizon", PF_HOURS_POS, P(horizon)),
    [PT_WARMUP] = ROW("warmup", PF_HOURS, P(warmup), .x = 0),
    [PT_DRAIN] = ROW("drain", PF_HOURS, P(drain), .x = DAYS(30)),
    [PT_TERMINAL] = GROUP("terminal", 0, TERMINAL, NULL, 0),
    [PT_BOXES] = GROUP("boxes", 0, BOXES, NULL, 0),
    [PT_CUSTOMS] = GROUP("customs", 0, CUSTOMS, NULL, 0),
    [PT_TRADERS] = GROUP("traders", 0, TRADERS, NULL, 0),
    [PT_SERVICES] = {.key = "services", .type = PF_OTHER, .required = true},
    [PT_REGIMES] = {.key = "regimes", .type = PF_OTHER, .required = true},
    [PT_BASELINE] = {.key = "baseline", .type = PF_OTHER}, /* default: the first regime */
    [PT_TIMESERIES] = GROUP("timeseries", 0, TIMESERIES, NULL, 0),
};

/* ---- list items ------------------------------------------------------- */

#define S(m) offsetof(cs_service_spec, m)
const cs_port_field cs_port_service_fields[PS_COUNT] = {
    [PS_NAME] = REQ("name", PF_NAME, S(name)),
    [PS_PERIOD] = ROW("period", PF_HOURS_POS, S(period), .x = DAYS(7)),
    [PS_FIRST_CALL] = ROW("first_call", PF_HOURS, S(first_call), .x = 0),
    [PS_ON_TIME] = ROW("on_time_share", PF_SHARE, S(on_time_share), .x = 0.6),
    [PS_LATENESS] = ROW("lateness", PF_TIME_DIST, S(lateness), LOGN(HOURS(48), HOURS(36))),
    [PS_IMPORTS] = REQ("imports", PF_COUNT_DIST, S(imports)),
    [PS_EXPORTS] = REQ("exports", PF_COUNT_DIST, S(exports)),
    [PS_TRANSIT_SHARE] = ROW("transit_share", PF_SHARE, S(transit_share), .x = 0),
    [PS_TRANSIT_TO] = ROW("transit_to", PF_SERVICE_REF, S(transit_to), .x = -1),
    [PS_FEEDER] = ROW("feeder", PF_BOOL, S(feeder), .x = 0),
};

/* ---- adoption mixes: categories of each flow, once or per credit class */

#define MIX(m) offsetof(cs_adoption_mix, m)
#define IMPORT_CATS(field)                                                                          \
    ROW("advance", PF_SHARE, MIX(field[CS_ADOPT_ADVANCE]), .x = 0), \
    ROW("two_step", PF_SHARE, MIX(field[CS_ADOPT_TWO_STEP]), .x = 0), \
    ROW("advance_two_step", PF_SHARE, MIX(field[CS_ADOPT_ADVANCE_TWO_STEP]), .x = 0), \
    ROW("ship_side", PF_SHARE, MIX(field[CS_ADOPT_SHIP_SIDE]), .x = 0)
#define EXPORT_CATS(field)                                                                          \
    ROW("advance", PF_SHARE, MIX(field[CS_ADOPT_ADVANCE]), .x = 0), \
    ROW("direct_loading", PF_SHARE, MIX(field[CS_ADOPT_DIRECT_LOADING]), .x = 0)
static const cs_port_field IMPORT_AEO[] = { IMPORT_CATS(imports[CS_CREDIT_AEO]) };
static const cs_port_field IMPORT_GENERAL[] = { IMPORT_CATS(imports[CS_CREDIT_GENERAL]) };
static const cs_port_field IMPORT_LOW[] = { IMPORT_CATS(imports[CS_CREDIT_LOW]) };
static const cs_port_field EXPORT_AEO[] = { EXPORT_CATS(exports[CS_CREDIT_AEO]) };
static const cs_port_field EXPORT_GENERAL[] = { EXPORT_CATS(exports[CS_CREDIT_GENERAL]) };
static const cs_port_field EXPORT_LOW[] = { EXPORT_CATS(exports[CS_CREDIT_LOW]) };
/* A flow's mix: its categories (every credit class alike), or a set per
 * class; cs_pf_check_mix knows the positions (categories, then classes). */
static const cs_port_field IMPORT_MIX[] = {
    IMPORT_CATS(imports_all),
    GROUP("aeo", 0, IMPORT_AEO, NULL, 0), GROUP("general", 0, IMPORT_GENERAL, NULL, 0),
    GROUP("low", 0, IMPORT_LOW, NULL, 0),
};
static const cs_port_field EXPORT_MIX[] = {
    EXPORT_CATS(exports_all),
    GROUP("aeo", 0, EXPORT_AEO, NULL, 0), GROUP("general", 0, EXPORT_GENERAL, NULL, 0),
    GROUP("low", 0, EXPORT_LOW, NULL, 0),
};
static const cs_port_field ADOPTION[] = {
    GROUP("import", 0, IMPORT_MIX, cs_pf_check_mix, 0),
    GROUP("export", 0, EXPORT_MIX, cs_pf_check_mix, 1),
};

#define R(m) offsetof(cs_regime_spec, m)
const cs_port_field cs_port_regime_fields[PR_COUNT] = {
    [PR_ADVANCE] = ROW("advance_declaration", PF_SHARE, R(advance_share), .x = 0),
    [PR_TWO_STEP] = ROW("two_step", PF_SHARE, R(two_step_share), .x = 0),
    [PR_SHIP_SIDE] = ROW("ship_side", PF_SHARE, R(ship_side_share), .x = 0),
    [PR_SCAN_AT_QUAY] = ROW("ship_side_scan_at_quay", PF_BOOL, R(ship_side_scan_at_quay), .x = 0),
    [PR_DIRECT_LOADING] = ROW("direct_loading", PF_SHARE, R(direct_loading_share), .x = 0),
    [PR_EXPORT_ADVANCE] = ROW("export_advance", PF_SHARE, R(export_advance_share), .x = 0),
    [PR_COMBINED_PORT] = ROW("combined_port", PF_BOOL, R(combined_port), .x = 0),
    [PR_NON_CONTACT] = ROW("non_contact", PF_BOOL, R(non_contact), .x = 0),
    /* bit i: credit class i; default aeo and general */
    [PR_ELIGIBLE] = ROW("eligible", PF_CREDITS, R(eligible),
                        .x = (1 << CS_CREDIT_AEO) | (1 << CS_CREDIT_GENERAL)),
    [PR_DISRUPTIONS] = {.key = "disruptions", .type = PF_OTHER},
    [PR_ADOPTION] = GROUP("adoption", R(mix), ADOPTION, NULL, 0),
    [PR_INPUTS] = {.key = "inputs", .type = PF_OTHER}, /* port_overlay.c */
};

#define D(m) offsetof(cs_disruption_spec, m)
#define FACTOR(name, pool) ROW(name, PF_SHARE, D(capacity_factor[pool]), .x = 1)
static const cs_port_field CAPACITY[CS_POOL_N] = { /* keys: the pool names, in order */
    FACTOR("berths", CS_POOL_BERTHS), FACTOR("transport", CS_POOL_TRANSPORT),
    FACTOR("yard_cranes", CS_POOL_YARD_CRANES), FACTOR("gate_in", CS_POOL_GATE_IN),
    FACTOR("gate_out", CS_POOL_GATE_OUT), FACTOR("reviewers", CS_POOL_REVIEWERS),
    FACTOR("scan_lanes", CS_POOL_SCAN_LANES), FACTOR("exam_bays", CS_POOL_EXAM_BAYS),
    FACTOR("quarantine_inspectors", CS_POOL_QUARANTINE),
};
const cs_port_field cs_port_disruption_fields[PD_COUNT] = {
    [PD_FROM] = REQ("from", PF_HOURS, D(from)),
    [PD_TO] = REQ("to", PF_HOURS, D(to)),
    [PD_CAPACITY] = GROUP("capacity", 0, CAPACITY, NULL, 0),
    [PD_CREW_TEST] = {.key = "crew_test", .type = PF_TIME_DIST_OPT, .offset = D(crew_test),
                      .aux = D(has_crew_test), .def = {DET(0)}},
    [PD_SURGE] = ROW("surge", PF_POSITIVE, D(arrival_surge), .x = 1),
};

const cs_port_field cs_port_calendar_fields[PC_COUNT] = {
    [PC_PERIOD] = ROW("period", PF_HOURS, offsetof(cs_calendar_spec, period), .x = HOURS(24)),
    [PC_CHANGES] = {.key = "changes", .type = PF_OTHER, .required = true},
};
const cs_port_field cs_port_change_fields[PCH_N] = {
    [PCH_AT] = REQ("at", PF_HOURS, offsetof(cs_capacity_change, at)),
    [PCH_COUNT] = REQ("count", PF_COUNT0, offsetof(cs_capacity_change, capacity)),
};

/* ---- defaults and release --------------------------------------------- */

static cs_dist default_dist(const cs_pf_default *d)
{
    cs_dist x;
    memset(&x, 0, sizeof x);
    x.kind = d->dist;
    x.a = d->a, x.b = d->b, x.c = d->c;
    cs_dist_prepare(&x); /* the table's parameters are valid */
    return x;
}

void cs_pf_apply_defaults(const cs_port_field *f, size_t n, void *base)
{
    for (size_t i = 0; i < n; i++) {
        char *at = (char *)base + f[i].offset;
        const double x = f[i].def.x;
        if (f[i].required) continue;
        switch (f[i].type) {
        case PF_GROUP: cs_pf_apply_defaults(f[i].sub, f[i].nsub, at); break;
        case PF_POOL:
        case PF_BERTHS: {
            cs_pool_spec *pool = (cs_pool_spec *)(void *)at;
            pool->count = (uint32_t)x;
            pool->time = f[i].type == PF_POOL ? default_dist(&f[i].def)
                                              : cs_dist_deterministic(0.0);
            pool->calendar.n = 0;
            break;
        }
        case PF_HOURS: case PF_HOURS_POS: case PF_HOUR_OF_DAY:
        case PF_SHARE: case PF_NONNEG: case PF_POSITIVE: *(double *)(void *)at = x; break;
        case PF_COUNT: case PF_COUNT0: *(uint32_t *)(void *)at = (uint32_t)x; break;
        case PF_BOOL: *(bool *)(void *)at = x != 0; break;
        case PF_TIME_DIST: case PF_COUNT_DIST: *(cs_dist *)(void *)at = default_dist(&f[i].def); break;
        case PF_TIME_DIST_OPT:
            *(cs_dist *)(void *)at = default_dist(&f[i].def);
            *(bool *)(void *)((char *)base + f[i].aux) = false;
            break;
        case PF_CREDITS:
            for (int k = 0; k < CS_CREDIT_N; k++) ((bool *)(void *)at)[k] = ((int)x >> k) & 1;
            break;
        case PF_SERVICE_REF: *(int *)(void *)at = (int)x; break;
        case PF_CALENDAR: case PF_NAME: case PF_OTHER: break;
        }
    }
}

static void free_dists(const cs_port_field *f, size_t n, void *base)
{
    for (size_t i = 0; i < n; i++) {
        char *at = (char *)base + f[i].offset;
        switch (f[i].type) {
        case PF_GROUP: free_dists(f[i].sub, f[i].nsub, at); break;
        case PF_POOL: case PF_BERTHS: cs_dist_free(&((cs_pool_spec *)(void *)at)->time); break;
        case PF_TIME_DIST: case PF_TIME_DIST_OPT: case PF_COUNT_DIST:
            cs_dist_free((cs_dist *)(void *)at);
            break;
        default: break;
        }
    }
}

/* dst's distributions, copied from src's field by field (dst a shallow copy
 * of src): each gets arrays of its own.  After a failure (false) the
 * remaining ones are detached (no arrays), so freeing dst frees only its own. */
static bool copy_dists(const cs_port_field *f, size_t n, void *dst, const void *src, bool ok)
{
    for (size_t i = 0; i < n; i++) {
        char *to = (char *)dst + f[i].offset;
        const char *from = (const char *)src + f[i].offset;
        cs_dist *d = NULL;
        const cs_dist *s = NULL;
        switch (f[i].type) {
        case PF_GROUP: ok = copy_dists(f[i].sub, f[i].nsub, to, from, ok); continue;
        case PF_POOL: case PF_BERTHS:
            d = &((cs_pool_spec *)(void *)to)->time;
            s = &((const cs_pool_spec *)(const void *)from)->time;
            break;
        case PF_TIME_DIST: case PF_TIME_DIST_OPT: case PF_COUNT_DIST:
            d = (cs_dist *)(void *)to;
            s = (const cs_dist *)(const void *)from;
            break;
        default: continue;
        }
        if (ok) ok = cs_dist_copy(d, s);
        else d->values = d->cum = NULL;
    }
    return ok;
}

cs_status cs_port_copy_inputs(cs_port_scenario *dst, const cs_port_scenario *src)
{
    *dst = *src;
    dst->regimes = NULL;
    dst->nregimes = 0;
    dst->services = NULL;
    dst->nservices = 0;
    bool ok = copy_dists(cs_port_top_fields, PT_COUNT, dst, src, true);
    if (ok && src->nservices && (dst->services = malloc(src->nservices * sizeof *dst->services))) {
        memcpy(dst->services, src->services, src->nservices * sizeof *dst->services);
        dst->nservices = src->nservices;
        for (uint32_t i = 0; i < src->nservices; i++)
            ok = copy_dists(cs_port_service_fields, PS_COUNT, &dst->services[i], &src->services[i], ok);
    } else if (src->nservices) {
        ok = false;
    }
    if (ok) return CS_OK;
    cs_port_scenario_free(dst);
    return CS_ERR_NOMEM;
}

void cs_port_set_green(cs_port_scenario *p)
{
    for (int k = 0; k < CS_CREDIT_N; k++) {
        double other = 0.0;
        for (int ch = CS_CHANNEL_DOCUMENT; ch < CS_CHANNEL_N; ch++) other += p->channel_prob[k][ch];
        p->channel_prob[k][CS_CHANNEL_GREEN] = other < 1.0 ? 1.0 - other : 0.0;
    }
}

uint64_t cs_port_series_samples(const cs_port_scenario *p)
{
    const double n = ceil((p->horizon + p->drain) / p->series.interval);
    return n < 1.0 ? 1 : n > 1e18 ? UINT64_MAX : (uint64_t)n;
}

void cs_port_defaults(cs_port_scenario *p)
{
    memset(p, 0, sizeof *p);
    cs_pf_apply_defaults(cs_port_top_fields, PT_COUNT, p);
    cs_port_set_green(p);
}

void cs_port_service_defaults(cs_service_spec *s)
{
    memset(s, 0, sizeof *s);
    cs_pf_apply_defaults(cs_port_service_fields, PS_COUNT, s);
}

void cs_port_regime_defaults(cs_regime_spec *r)
{
    memset(r, 0, sizeof *r);
    cs_pf_apply_defaults(cs_port_regime_fields, PR_COUNT, r);
}

void cs_port_disruption_defaults(cs_disruption_spec *d)
{
    memset(d, 0, sizeof *d);
    cs_pf_apply_defaults(cs_port_disruption_fields, PD_COUNT, d);
}

void cs_port_scenario_free(cs_port_scenario *p)
{
    if (!p) return;
    free_dists(cs_port_top_fields, PT_COUNT, p);
    for (uint32_t i = 0; p->services && i < p->nservices && i < CS_PORT_MAX_SERVICES; i++)
        free_dists(cs_port_service_fields, PS_COUNT, &p->services[i]);
    for (uint32_t i = 0; p->regimes && i < p->nregimes && i < CS_PORT_MAX_REGIMES; i++)
        cs_port_regime_free(&p->regimes[i]);
    free(p->services);
    free(p->regimes);
    p->services = NULL;
    p->regimes = NULL;
    p->nservices = p->nregimes = 0;
}

void cs_port_regime_free(cs_regime_spec *r)
{
    for (uint32_t k = 0; k < r->ndisruptions && k < CS_PORT_MAX_DISRUPTIONS; k++)
        free_dists(cs_port_disruption_fields, PD_COUNT, &r->disruptions[k]);
    if (r->inputs) {
        cs_port_scenario_free(r->inputs);
        free(r->inputs);
        r->inputs = NULL;
    }
}
