/*
 * port_probe.h - watching one regime of a port run box by box.
 *
 * The port model streams its statistics and keeps nothing per finished box;
 * a probe is how tests (hand-computed mechanisms, conservation, common
 * random numbers) and the box trace see individual boxes and vessels.  A
 * box is reported when it finishes, or at the end of the run if it is still
 * in the system (finished = false).
 */
#ifndef CLEARSIM_PORT_PROBE_H
#define CLEARSIM_PORT_PROBE_H

#include <stdbool.h>
#include <stdint.h>
#include "clearsim/error.h"
#include "clearsim/port.h"
#include "clearsim/port_catalog.h"

/* The attribute vector of a box: uniforms drawn at its creation. */
#define CS_PORT_UNIFORMS 34

typedef struct cs_port_box_record {
    uint32_t regime;
    uint64_t id;          /* stream id: call index * 2^20 + index within the call, a
                           * call's discharged (import, transit) and loaded (export)
                           * boxes each from 0: unique only with the flow */
    uint8_t flow, credit, channel, path, teu, rehandles;
    uint8_t adoption;     /* cs_adoption: what it adopted under the regime */
    bool observed;        /* arrived in [warmup, horizon) */
    bool finished;
    uint32_t vessel;      /* arriving call (imports), or the call it loaded on */
    double t[CS_MS_COUNT];
    double u[CS_PORT_UNIFORMS]; /* the attribute vector drawn at creation */
} cs_port_box_record;

typedef struct cs_port_vessel_record {
    uint32_t regime, vessel, service, call;
    double scheduled, arrival, berthed, ops_start, departed;
    uint32_t imports, exports;
} cs_port_vessel_record;

typedef struct cs_port_probe {
    void *ctx;
    void (*on_box)(void *ctx, const cs_port_box_record *r);       /* may be NULL */
    void (*on_vessel)(void *ctx, const cs_port_vessel_record *r); /* may be NULL; at the end */
} cs_port_probe;

/* Totals of one regime run, per flow (import, export, transit). */
typedef struct cs_port_totals {
    uint64_t generated[3], finished[3], observed[3], observed_finished[3];
    uint64_t yard_waits[3]; /* boxes that waited for room in a full yard */
    uint64_t events;
    uint64_t draws_cut;  /* durations drawn beyond CS_PORT_MAX_HOURS, cut to it */
} cs_port_totals;

/* Run regime `regime` of replication `rep` with `seed`, reporting to probe
 * (may be NULL); statistics are discarded.  For tests and traces. */
cs_status cs_port_run_regime(const cs_port_scenario *p, uint32_t regime, uint64_t seed, uint32_t rep,
                             const cs_port_probe *probe, cs_port_totals *totals);

#endif
