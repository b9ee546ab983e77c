/*
 * port_catalog.h - the port model's vocabulary: its flows, milestones,
 * pilot paths, metrics, segments and counters, each with its one table of
 * names (sim/model/port_catalog.c).
 *
 * Result files, traces and the model's catalogue (metrics.h) all spell
 * these names from here.  Code outside the model that must ask for one
 * particular metric (the C1-C4 validation, tests) names it by these
 * identifiers, never by a string of its own.
 */
#ifndef CLEARSIM_PORT_CATALOG_H
#define CLEARSIM_PORT_CATALOG_H

#include <stddef.h>
#include "clearsim/metrics.h"
#include "clearsim/port.h"

/* The flows of boxes; metrics also have the vessels as a flow. */
typedef enum cs_box_flow { CS_FLOW_IMPORT = 0, CS_FLOW_EXPORT, CS_FLOW_TRANSIT, CS_FLOW_N } cs_box_flow;
#define CS_PORT_FLOW_VESSEL CS_FLOW_N
#define CS_PORT_FLOWS (CS_FLOW_N + 1)

/* Which branch of its regime's pilot a box took. */
typedef enum cs_box_path { CS_PATH_NONE = 0, CS_PATH_PILOT, CS_PATH_FALLBACK, CS_PATH_NOT_ADOPTED, CS_PATH_N } cs_box_path;

/* Milestones of a box (docs/port-model.md).  Imports: T0 vessel arrival
 * ... T10 gate-out.  Exports and transit reuse the slots: T0 their
 * arrival (gate-in, feeder arrival), T2 the discharge (transit), T3 to T8
 * customs, LOADED and DEPART; FINAL is a two-step box's final release. */
enum {
    CS_MS_T0, CS_MS_T1, CS_MS_T2, CS_MS_T3, CS_MS_T4, CS_MS_T5, CS_MS_T6S, CS_MS_T6E,
    CS_MS_T7, CS_MS_T8, CS_MS_T9, CS_MS_T10, CS_MS_FINAL, CS_MS_LOADED, CS_MS_DEPART,
    CS_MS_COUNT
};

/* The metrics of the catalogue, in key order: the spans, then one
 * interval per milestone (CS_PORT_INTERVAL + milestone, kind interval:
 * how much later than every milestone before it in the box's process
 * order the milestone came, docs/port-model.md). */
typedef enum cs_port_metric {
    CS_PORT_RELEASE = 0,     /* release_h */
    CS_PORT_FINAL_RELEASE,   /* final_release_h */
    CS_PORT_DECL_RELEASE,    /* decl_release_h */
    CS_PORT_COMPLETION,      /* completion_h */
    CS_PORT_LODGEMENT,       /* lodgement_h */
    CS_PORT_EXIT,            /* exit_h */
    CS_PORT_LIFTOFF,         /* liftoff_h */
    CS_PORT_PORT_STAY,       /* port_stay_h */
    CS_PORT_VESSEL_WAIT,     /* wait_h */
    CS_PORT_BERTH,           /* berth_h */
    CS_PORT_SPANS
} cs_port_metric;
#define CS_PORT_INTERVAL(milestone) ((cs_port_metric)(CS_PORT_SPANS + (milestone)))

/* Segments of a flow: all, one per channel, the pilot's paths, the C2
 * comparator (imports that took the first slot). */
typedef enum cs_port_segment {
    CS_PORT_SEG_ALL = 0,
    CS_PORT_SEG_CHANNEL,     /* + channel */
    CS_PORT_SEG_PILOT = CS_PORT_SEG_CHANNEL + CS_CHANNEL_N,
    CS_PORT_SEG_FALLBACK,
    CS_PORT_SEG_NOT_ADOPTED,
    CS_PORT_SEG_COMPARATOR,
    CS_PORT_SEG_N
} cs_port_segment;

/* Per-replication box counts of each regime and box flow. */
typedef enum cs_port_counter {
    CS_PORT_BOXES_OBSERVED = 0,
    CS_PORT_BOXES_OBSERVED_FINISHED,
    CS_PORT_BOXES_GENERATED,
    CS_PORT_BOXES_FINISHED,
    CS_PORT_YARD_WAITS,          /* boxes that waited for room in a full yard */
    CS_PORT_BUILTIN_COUNTERS
} cs_port_counter;

/* Names ("unknown" out of range).  Metric names are composed for the
 * intervals (dT3_h), so they are written into buf. */
const char *cs_port_flow_name(int flow);          /* import, export, transit, vessel */
const char *cs_port_milestone_name(int milestone);
const char *cs_port_path_name(cs_box_path p);      /* none, pilot, fallback, not-adopted */
void cs_port_metric_name(cs_port_metric m, char *buf, size_t size);
void cs_port_segment_name(cs_port_segment s, char *buf, size_t size);
const char *cs_port_counter_name(cs_port_counter c);

#endif
