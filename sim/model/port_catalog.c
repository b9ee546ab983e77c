/*
 * port_catalog.c - the port model's names and its catalogue: one table per
 * concept (flows, milestones, pilot paths, spans, counters, segments), from
 * which the metric keys, the trace's code names and the /metrics and
 * /segments tables of result files are all spelt.
 *
 * A span metric is a milestone minus an earlier one, given per flow, so
 * adding a metric of any kind is one row here: the keys, the recording
 * (port_metrics.c) and every layer above the model follow from the row.
 * Interval metrics (kind interval) are generated, one per milestone of a
 * flow's chain.  A build may append rows (CS_PORT_EXTRA_CATALOG names a
 * file defining PORT_EXTRA_SPANS and PORT_EXTRA_COUNTERS): the tests use
 * it to show that the layers above the model pick up metrics by kind.
 */
#include <stdio.h>
#include <string.h>
#include "model/port_internal.h"

#ifdef CS_PORT_EXTRA_CATALOG
#include CS_PORT_EXTRA_CATALOG
#else
#define PORT_EXTRA_SPANS
#define PORT_EXTRA_COUNTERS
#endif

static const char *const flow_names[CS_PORT_FLOWS] = { "import", "export", "transit", "vessel" };

static const char *const milestone_names[CS_MS_COUNT] = {
    "T0", "T1", "T2", "T3", "T4", "T5", "T6s", "T6e", "T7", "T8", "T9", "T10", "final", "loaded", "depart",
};
static const char *const milestone_labels[CS_MS_COUNT] = {
    [CS_MS_T0] = "arrival (imports: the vessel's; exports: gate-in; transit: the feeder's)",
    [CS_MS_T1] = "berthing",
    [CS_MS_T2] = "discharge",
    [CS_MS_T3] = "declaration lodged",
    [CS_MS_T4] = "declaration accepted",
    [CS_MS_T5] = "risk decision",
    [CS_MS_T6S] = "inspection start",
    [CS_MS_T6E] = "inspection end",
    [CS_MS_T7] = "duties paid",
    [CS_MS_T8] = "customs release",
    [CS_MS_T9] = "carrier release (delivery order)",
    [CS_MS_T10] = "gate-out",
    [CS_MS_FINAL] = "final customs release (two-step)",
    [CS_MS_LOADED] = "loaded on the vessel",
    [CS_MS_DEPART] = "the vessel's departure",
};

static const char *const path_names[CS_PATH_N] = { "none", "pilot", "fallback", "not-adopted" };

#define NO (-1)
/* end and start milestones per flow: import, export, transit, vessel
 * (vessels: T0 arrival, T1 berthing, depart). */
const port_span port_spans[] = {
    [CS_PORT_RELEASE] = { "release_h", CS_METRIC_PRIMARY, "customs release time",
                          "customs release: arrival (T0) to customs release (T8); two-step: the release for pickup",
                          { CS_MS_T8, CS_MS_T8, CS_MS_T8, NO }, { CS_MS_T0, CS_MS_T0, CS_MS_T0, NO }, NO, false, NULL },
    [CS_PORT_FINAL_RELEASE] = { "final_release_h", CS_METRIC_HEADLINE, "final release time",
                                "two-step: arrival (T0) to the final release after the complete declaration",
                                { CS_MS_FINAL, NO, NO, NO }, { CS_MS_T0, NO, NO, NO }, CS_MS_T8, true, NULL },
    [CS_PORT_DECL_RELEASE] = { "decl_release_h", CS_METRIC_HEADLINE, "declaration to release",
                               "declaration lodged (T3) to customs release (T8): where customs' own time goes",
                               { CS_MS_T8, CS_MS_T8, NO, NO }, { CS_MS_T3, CS_MS_T3, NO, NO }, NO, false, NULL },
    [CS_PORT_COMPLETION] = { "completion_h", CS_METRIC_DETAIL, "two-step completion",
                             "two-step: release for pickup (T8) to the final release after the complete "
                             "declaration and its duties",
                             { CS_MS_FINAL, NO, NO, NO }, { CS_MS_T8, NO, NO, NO }, NO, true, NULL },
    [CS_PORT_LODGEMENT] = { "lodgement_h", CS_METRIC_DETAIL, "time to lodgement",
                            "imports: discharge (T2) to the declaration lodged (T3); exports: gate-in (T0) to "
                            "it; negative when lodged that long before (an advance declaration)",
                            { CS_MS_T3, CS_MS_T3, NO, NO }, { CS_MS_T2, CS_MS_T0, NO, NO }, NO, false, NULL },
    [CS_PORT_EXIT] = { "exit_h", CS_METRIC_HEADLINE, "time to gate-out", "vessel arrival (T0) to gate-out (T10)",
                       { CS_MS_T10, NO, NO, NO }, { CS_MS_T0, NO, NO, NO }, NO, false, NULL },
    [CS_PORT_LIFTOFF] = { "liftoff_h", CS_METRIC_HEADLINE, "lift-off time", "discharge (T2) to gate-out (T10): time in the port",
                          { CS_MS_T10, NO, NO, NO }, { CS_MS_T2, NO, NO, NO }, NO, false, NULL },
    [CS_PORT_PORT_STAY] = { "port_stay_h", CS_METRIC_HEADLINE, "port stay",
                            "exports: gate-in (T0) to loading; transit: discharge (T2) to loading",
                            { NO, CS_MS_LOADED, CS_MS_LOADED, NO }, { NO, CS_MS_T0, CS_MS_T2, NO }, NO, false, NULL },
    [CS_PORT_VESSEL_WAIT] = { "wait_h", CS_METRIC_DETAIL, "vessel wait for a berth", "a vessel's arrival to its berthing",
                              { NO, NO, NO, CS_MS_T1 }, { NO, NO, NO, CS_MS_T0 }, NO, false, NULL },
    [CS_PORT_BERTH] = { "berth_h", CS_METRIC_DETAIL, "time at berth", "a vessel's berthing to its departure",
                        { NO, NO, NO, CS_MS_DEPART }, { NO, NO, NO, CS_MS_T1 }, NO, false, NULL },
    PORT_EXTRA_SPANS
};
const size_t port_nspans = sizeof port_spans / sizeof port_spans[0];

const port_counter port_counters[] = {
    [CS_PORT_BOXES_OBSERVED] = { "boxes_observed", CS_METRIC_COUNT_OBSERVED, "observed boxes",
                                 "boxes generated in the observation window (after warm-up, before the horizon)",
                                 CS_PORT_BOXES_OBSERVED },
    [CS_PORT_BOXES_OBSERVED_FINISHED] = { "boxes_observed_finished", CS_METRIC_COUNT_OBSERVED_FINISHED,
                                          "finished observed boxes",
                                          "of the observed boxes, those finished by the end of the run",
                                          CS_PORT_BOXES_OBSERVED_FINISHED },
    [CS_PORT_BOXES_GENERATED] = { "boxes_generated", CS_METRIC_COUNT_GENERATED, "generated boxes",
                                  "all boxes generated, warm-up included", CS_PORT_BOXES_GENERATED },
    [CS_PORT_BOXES_FINISHED] = { "boxes_finished", CS_METRIC_COUNT_FINISHED, "finished boxes", "all boxes finished",
                                 CS_PORT_BOXES_FINISHED },
    [CS_PORT_YARD_WAITS] = { "yard_waits", CS_METRIC_COUNT, "boxes that waited for yard room",
                             "boxes that found the yard full (terminal.yard.capacity) and waited at its entry for "
                             "a box to leave", CS_PORT_YARD_WAITS },
    PORT_EXTRA_COUNTERS
};
const size_t port_ncounters = sizeof port_counters / sizeof port_counters[0];

/* The canonical milestone order of each box flow (the decomposition). */
static const int8_t chain_import[] = { CS_MS_T0, CS_MS_T1, CS_MS_T2, CS_MS_T3, CS_MS_T4, CS_MS_T5, CS_MS_T6S,
                                       CS_MS_T6E, CS_MS_T7, CS_MS_T8, CS_MS_T9, CS_MS_T10, NO };
static const int8_t chain_export[] = { CS_MS_T0, CS_MS_T3, CS_MS_T4, CS_MS_T5, CS_MS_T6S,
                                       CS_MS_T6E, CS_MS_T8, CS_MS_LOADED, CS_MS_DEPART, NO };
static const int8_t chain_transit[] = { CS_MS_T0, CS_MS_T1, CS_MS_T2, CS_MS_T3, CS_MS_T5, CS_MS_T6S,
                                        CS_MS_T6E, CS_MS_T8, CS_MS_LOADED, CS_MS_DEPART, NO };
const int8_t *const port_chains[CS_FLOW_N] = { chain_import, chain_export, chain_transit };

/* The process order of each kind of box, after its origin T0 (the
 * decomposition): an advance declaration is lodged, reviewed and paid
 * during the voyage, before the vessel arrives; two-step boxes pay their
 * duties (T7) with the complete declaration after release, so T7 is not in
 * their release chain (completion_h reports it). */
static const int8_t order_import[] = { CS_MS_T1, CS_MS_T2, CS_MS_T3, CS_MS_T4, CS_MS_T5, CS_MS_T6S,
                                       CS_MS_T6E, CS_MS_T7, CS_MS_T8, CS_MS_T9, CS_MS_T10, NO };
static const int8_t order_advance[] = { CS_MS_T3, CS_MS_T4, CS_MS_T5, CS_MS_T7, CS_MS_T1, CS_MS_T2,
                                        CS_MS_T6S, CS_MS_T6E, CS_MS_T8, CS_MS_T9, CS_MS_T10, NO };
static const int8_t order_two_step[] = { CS_MS_T1, CS_MS_T2, CS_MS_T3, CS_MS_T4, CS_MS_T5, CS_MS_T6S,
                                         CS_MS_T6E, CS_MS_T8, CS_MS_T9, CS_MS_T10, NO };
static const int8_t order_advance_two_step[] = { CS_MS_T3, CS_MS_T4, CS_MS_T5, CS_MS_T1, CS_MS_T2, CS_MS_T6S,
                                                 CS_MS_T6E, CS_MS_T8, CS_MS_T9, CS_MS_T10, NO };
const int8_t *const port_orders[PORT_ORDER_N] = {
    [PORT_ORDER_IMPORT] = order_import,
    [PORT_ORDER_ADVANCE] = order_advance,
    [PORT_ORDER_TWO_STEP] = order_two_step,
    [PORT_ORDER_ADVANCE_TWO_STEP] = order_advance_two_step,
    [PORT_ORDER_EXPORT] = chain_export + 1,
    [PORT_ORDER_TRANSIT] = chain_transit + 1,
};

static const struct {
    const char *prefix; /* the name: prefix, or prefix + the channel's name */
    cs_segment_kind kind;
    const char *description;
} segments[] = {
    { "all", CS_SEGMENT_ALL, "every observed box of the flow" },
    { "channel:", CS_SEGMENT_CHANNEL, "the boxes the risk decision sent to this customs channel" },
    { "path:pilot", CS_SEGMENT_PILOT, "the boxes that took the regime's pilot" },
    { "path:fallback", CS_SEGMENT_PATH, "boxes that adopted the pilot but fell back to the conventional path" },
    { "path:not-adopted", CS_SEGMENT_PATH, "boxes that did not adopt the regime's pilot" },
    { "comparator:first-slot", CS_SEGMENT_COMPARATOR,
      "imports released before discharge whose consignee booked the earliest slot offered: the C2 comparator" },
};

/* The row of segments[] that segment s is. */
static size_t segment_row(cs_port_segment s)
{
    if (s == CS_PORT_SEG_ALL) return 0;
    if (s < CS_PORT_SEG_PILOT) return 1;
    return 2 + (size_t)(s - CS_PORT_SEG_PILOT);
}

const char *cs_port_flow_name(int flow)
{
    return flow >= 0 && flow < CS_PORT_FLOWS ? flow_names[flow] : "unknown";
}

const char *cs_port_milestone_name(int milestone)
{
    return milestone >= 0 && milestone < CS_MS_COUNT ? milestone_names[milestone] : "unknown";
}

const char *cs_port_path_name(cs_box_path p)
{
    return (unsigned)p < CS_PATH_N ? path_names[p] : "unknown";
}

const port_span *port_metric_span(int m)
{
    if (m < CS_PORT_SPANS) return &port_spans[m];
    if (m < CS_PORT_SPANS + CS_MS_COUNT) return NULL;
    return &port_spans[m - CS_MS_COUNT];
}

void cs_port_metric_name(cs_port_metric m, char *buf, size_t size)
{
    const int i = (int)m;
    if (i < 0 || i >= (int)port_metric_count()) snprintf(buf, size, "unknown");
    else if (port_metric_span(i)) snprintf(buf, size, "%s", port_metric_span(i)->name);
    else snprintf(buf, size, "d%s_h", milestone_names[i - CS_PORT_SPANS]);
}

void cs_port_segment_name(cs_port_segment s, char *buf, size_t size)
{
    if ((unsigned)s >= CS_PORT_SEG_N) snprintf(buf, size, "unknown");
    else if (s >= CS_PORT_SEG_CHANNEL && s < CS_PORT_SEG_PILOT)
        snprintf(buf, size, "%s%s", segments[1].prefix, cs_channel_name((cs_channel)(s - CS_PORT_SEG_CHANNEL)));
    else snprintf(buf, size, "%s", segments[segment_row(s)].prefix);
}

const char *cs_port_counter_name(cs_port_counter c)
{
    return (size_t)c < port_ncounters ? port_counters[c].name : "unknown";
}

size_t port_metric_count(void)
{
    return port_nspans + CS_MS_COUNT;
}

/* Catalogue entry of metric m. */
static void describe_metric(int m, cs_metric_info *info)
{
    cs_port_metric_name((cs_port_metric)m, info->name, sizeof info->name);
    snprintf(info->unit, sizeof info->unit, "h");
    const port_span *sp = port_metric_span(m);
    if (sp) {
        info->kind = sp->kind;
        snprintf(info->label, sizeof info->label, "%s", sp->label);
        snprintf(info->description, sizeof info->description, "%s", sp->description);
        if (sp->milestone) snprintf(info->milestone, sizeof info->milestone, "%s", sp->milestone);
        return;
    }
    const int ms = m - CS_PORT_SPANS;
    info->kind = CS_METRIC_INTERVAL;
    snprintf(info->label, sizeof info->label, "to %s", milestone_labels[ms]);
    snprintf(info->milestone, sizeof info->milestone, "%s", milestone_names[ms]);
    snprintf(info->description, sizeof info->description,
             "how much later than every milestone before it in the box's process order the box reached %s "
             "(%s); 0 when no later", milestone_names[ms], milestone_labels[ms]);
}

cs_status port_catalog(const cs_scenario *s, cs_catalog *out)
{
    (void)s;
    const size_t nmetrics = port_metric_count();
    const cs_status st = cs_catalog_alloc(out, nmetrics + port_ncounters, CS_PORT_SEG_N);
    if (st != CS_OK) return st;
    for (size_t m = 0; m < nmetrics; m++) describe_metric((int)m, &out->metrics[m]);
    for (size_t c = 0; c < port_ncounters; c++) {
        cs_metric_info *info = &out->metrics[nmetrics + c];
        snprintf(info->name, sizeof info->name, "%s", port_counters[c].name);
        info->kind = port_counters[c].kind;
        snprintf(info->label, sizeof info->label, "%s", port_counters[c].label);
        snprintf(info->unit, sizeof info->unit, "boxes");
        snprintf(info->description, sizeof info->description, "%s", port_counters[c].description);
    }
    for (int g = 0; g < CS_PORT_SEG_N; g++) {
        cs_segment_info *seg = &out->segments[g];
        cs_port_segment_name((cs_port_segment)g, seg->name, sizeof seg->name);
        seg->kind = segments[segment_row((cs_port_segment)g)].kind;
        snprintf(seg->description, sizeof seg->description, "%s", segments[segment_row((cs_port_segment)g)].description);
    }
    snprintf(out->origin, sizeof out->origin, "%s", milestone_names[CS_MS_T0]);
    return CS_OK;
}

const cs_trace_names port_trace_names = {
    flow_names, CS_FLOW_N, cs_credit_names, CS_CREDIT_N, cs_channel_names, CS_CHANNEL_N,
    path_names, CS_PATH_N, cs_adoption_names, CS_ADOPT_N, milestone_names,
};
