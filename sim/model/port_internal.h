/*
 * port_internal.h - the port model's state, shared by its files.
 *
 * One cs_sim runs one regime of one replication.  Vessel calls come from
 * the liner schedule; boxes are created when their call is announced
 * (yard_open before the scheduled arrival), each drawing its whole vector
 * of uniforms from its own stream keyed (seed, replication, source, id),
 * so every regime sees the same boxes.  Durations are the regime's
 * distributions evaluated at the box's uniforms (inversion), so a regime
 * that swaps a distribution (non-contact handover) still pairs box by box.
 * Boxes live in a chunked pool (stable pointers, slots recycled), events
 * carry box or vessel indices.  Milestones are kept per box and turned
 * into metrics when the box finishes; nothing else is stored per box.
 */
#ifndef CLEARSIM_PORT_INTERNAL_H
#define CLEARSIM_PORT_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include "clearsim/model.h"
#include "clearsim/port_catalog.h"
#include "clearsim/port.h"
#include "clearsim/port_probe.h"
#include "clearsim/resource.h"
#include "clearsim/rng.h"
#include "clearsim/sim.h"

/* Stream sources (the `source` of a key; never the regime). */
enum { SRC_VESSEL = 10, SRC_IMPORT_BOX = 11, SRC_EXPORT_BOX = 12 };

/* A call's boxes are numbered below this; box id = call * MAX + index. */
#define PORT_MAX_BOXES_PER_CALL (1u << 20)

/* The uniforms of a box, drawn in this order at creation. */
enum {
    U_CREDIT, U_TEU, U_ADOPT_A, U_ADOPT_B, U_ADOPT_C, U_CHANNEL, U_MANUAL,
    U_DECLARE, U_LEAD, U_PICKUP, U_SLOT, U_TRUCK, U_HANDOVER, U_NOTICE,
    U_CRANE, U_TRANSPORT, U_YARD_STACK, U_YARD_OUT, U_YARD_BACK, U_YARD_RETRIEVE,
    U_REHANDLE, U_GATE, U_ACCEPT, U_REVIEW, U_PAYMENT, U_SCAN, U_IMAGE, U_EXAM,
    U_LAB, U_ACCESS, U_COMPLETE, U_TRANSIT, U_QUARANTINE, U_QUARANTINE_EXAM, U_COUNT
};

/* Flows (cs_box_flow), pilot paths (cs_box_path) and milestones (CS_MS_*)
 * are the public enums of port_catalog.h. */

/* Box flags. */
enum {
    BF_OBSERVED = 1u << 0,   /* arrived in [warmup, horizon) */
    BF_ADVANCE = 1u << 1,    /* declared during the voyage */
    BF_TWO_STEP = 1u << 2,
    BF_SHIP_SIDE = 1u << 3,  /* adopted ship-side lifting */
    BF_DIRECT_LOAD = 1u << 4,
    BF_EXPORT_ADVANCE = 1u << 5,
    BF_MANUAL = 1u << 6,     /* manual document review */
    BF_IN_YARD = 1u << 7,
    BF_CLEARED = 1u << 8,    /* customs checks done (review, payment) */
    BF_INSPECTED = 1u << 9,  /* physical checks done, or none needed */
    BF_RELEASED = 1u << 10,
    BF_DISCHARGED = 1u << 11,
    BF_AT_QUAY = 1u << 12,   /* ship-side: waiting for the truck at the quay */
    BF_TRUCK_HERE = 1u << 13,
    BF_DIRECT_INSPECT = 1u << 14, /* goes from the crane to inspection */
    BF_TRANSIT_BOOKED = 1u << 15, /* transit box booked on its mainline call */
    BF_FIRST_SLOT = 1u << 16, /* took the first appointment slot it could */
    BF_DONE = 1u << 18,       /* left the port or the vessel departed with it */
    BF_INSPECTING = 1u << 19, /* inspection under way */
    BF_PICKUP = 1u << 20,     /* pickup appointment booked */
    BF_LIVE = 1u << 21,       /* slot in use */
    BF_QUARANTINE = 1u << 22, /* selected for the separate cargo quarantine inspection, not done */
    BF_QUARANTINING = 1u << 23, /* on its way to, or at, the quarantine inspection */
    BF_YARD_ROOM = 1u << 24,  /* holds room in the yard (in it, entering, or out for an inspection) */
    BF_WAITS_TRANSPORT = 1u << 25 /* waiting for yard room: its move starts with transport */
};

typedef struct box {
    /* what nearly every event reads or writes: one cache line */
    uint32_t flags;
    uint32_t vessel;       /* import: arriving call; export/transit: call it is booked on */
    uint8_t flow, credit, channel, path, teu, rehandles, goal;
    uint16_t pending;      /* parallel customs steps still running */
    uint32_t next_free;    /* free-list link */
    cs_timer timer;        /* the pending timeout (apron, quay) */
    uint64_t id;           /* stream entity id: call * 2^20 + index */
    double t[CS_MS_COUNT];
    uint32_t u[U_COUNT];   /* the attribute vector, 32 bits each: see box_u */
} box;

/* Attribute k as a uniform in (0, 1): 32 bits are plenty for inversion
 * (the largest exponential draw is 22.2 means) and halve both the box's
 * share of the cache and the generator calls at creation. */
static inline double box_u(const box *bx, int k)
{
    return ((double)bx->u[k] + 0.5) * 0x1p-32;
}

#define BOX_CHUNK_BITS 12
#define BOX_CHUNK (1u << BOX_CHUNK_BITS)

typedef struct box_pool {
    box **chunks;
    uint32_t nchunks, cap_chunks;
    uint32_t used;         /* slots ever handed out */
    uint32_t free_head;    /* UINT32_MAX: empty */
    uint64_t live;
} box_pool;

typedef enum vessel_state { VS_ANNOUNCED = 0, VS_ARRIVED, VS_BERTHED, VS_DEPARTED } vessel_state;

typedef struct idx_list {
    uint32_t *a;
    uint32_t n, cap, head;
} idx_list;

typedef struct vessel {
    uint32_t service, call;
    uint32_t next_call;     /* vessel index of the service's next call, UINT32_MAX: none */
    double scheduled, arrival, berthed, ops_start, departed;
    uint32_t nimports, nexports;
    uint8_t state;
    bool observed;
    bool last_was_discharge;
    uint32_t cranes_busy;
    uint32_t to_load;        /* boxes on the load list not yet loaded */
    idx_list discharge;      /* import boxes in discharge order */
    idx_list ready;          /* export boxes at the quay, ready to load */
    idx_list direct;         /* direct-loading boxes at the quay: loaded first */
    idx_list booked;         /* export/transit boxes booked on this call */
    idx_list apron;          /* direct-loading boxes waiting for berthing */
    idx_list onboard;        /* loaded boxes, finished at departure */
    double quarantine_u, crew_u;
} vessel;

/* Per (flow, segment, metric) accumulator slots of one regime. */
typedef struct metric_map {
    int32_t *slot;           /* [CS_FLOW_N][SEG_N][MET_N] -> metric index or -1 */
} metric_map;

typedef struct port_state {
    const cs_port_scenario *p;
    const cs_regime_spec *regime;
    uint32_t regime_index;
    uint64_t seed;
    uint32_t rep;
    cs_sim sim;
    cs_resource pools[CS_POOL_N];
    box_pool boxes;
    vessel *vessels;
    uint32_t nvessels;
    double end;              /* horizon + drain */
    double yard_count;
    uint32_t crane_limit;    /* cranes a vessel may use now (crane calendar) */
    uint32_t service_next[CS_PORT_MAX_SERVICES]; /* first call of each service not yet working */
    uint32_t *slot_used;     /* appointments per slot */
    uint32_t nslots;
    cs_rep_out *out;
    const int32_t *metric_slot; /* this regime's slice of the metric map, NULL: none */
    const cs_port_probe *probe;
    /* levels over time, for the time series */
    cs_timeavg yard_tw;      /* boxes in the yard (yard_count) */
    cs_timeavg awaiting_tw;  /* boxes arrived and not yet released by customs */
    double *series_row;      /* this regime's first row in out->series, NULL: no series */
    uint32_t samples;        /* samples taken */
    double sample_area[CS_POOL_N * 3 + 2]; /* integrals at the last sample */
    /* conservation counters per flow */
    uint64_t generated[CS_FLOW_N], finished[CS_FLOW_N];
    uint64_t observed_generated[CS_FLOW_N], observed_finished[CS_FLOW_N];
    uint64_t draws_cut;      /* draws beyond CS_PORT_MAX_HOURS, cut to it */
    /* the yard's room: boxes in it, on their way in, or out for an
     * inspection and coming back; boxes waiting at its entry when full */
    double yard_held;
    idx_list yard_wait;
    uint64_t yard_waits[CS_FLOW_N];
} port_state;

/* ---- events ---- */
enum {
    EV_CALL_ANNOUNCE = CS_EVENT_USER,
    EV_VESSEL_ARRIVE,
    EV_VESSEL_QUARANTINE_DONE,
    EV_BERTH_GRANTED,
    EV_OPS_START,
    EV_CRANE_DONE,
    EV_DISRUPTION,
    EV_CRANE_SHIFT,
    EV_IMPORT_DECLARE,
    EV_CUSTOMS_ACCEPTED,
    EV_REVIEWER_GRANTED,
    EV_REVIEW_DONE,
    EV_PAYMENT_DONE,
    EV_ACCESS_DONE,
    EV_TRANSPORT_GRANTED,
    EV_TRANSPORT_DONE,
    EV_YARD_GRANTED,
    EV_YARD_DONE,
    EV_SCAN_GRANTED,
    EV_SCAN_DONE,
    EV_IMAGE_DONE,
    EV_EXAM_READY,
    EV_EXAM_GRANTED,
    EV_EXAM_DONE,
    EV_LAB_DONE,
    EV_HANDOVER_DONE,
    EV_TRUCK_ARRIVE,
    EV_GATE_OUT_GRANTED,
    EV_GATE_OUT_DONE,
    EV_SHIP_SIDE_TRUCK,
    EV_SHIP_SIDE_GIVE_UP,
    EV_SHIP_SIDE_AT_GATE,
    EV_EXPORT_TRUCK,
    EV_GATE_IN_GRANTED,
    EV_GATE_IN_DONE,
    EV_EXPORT_DECLARE,
    EV_APRON_TIMEOUT,
    EV_COMPLETE_DECLARATION,
    EV_QUARANTINE_GRANTED,
    EV_QUARANTINE_DONE,
    EV_SAMPLE,
    EV_WINDOW,
    EV_COUNT
};

/* What a box does next after a yard or transport move (box->goal). */
typedef enum move_goal {
    GOAL_STACK = 0,      /* discharged or gated-in box into the stack */
    GOAL_TO_INSPECTION,  /* stack -> scan lane / exam bay */
    GOAL_BACK,           /* inspection -> stack */
    GOAL_RETRIEVE,       /* stack -> truck (imports) */
    GOAL_TO_QUAY,        /* stack -> quay crane (exports, transit) */
    GOAL_DISCHARGE,      /* quay crane: ship -> quay */
    GOAL_LOAD            /* quay crane: quay -> ship */
} move_goal;

/* ---- port_model.c ---- */
static inline box *port_box(port_state *st, uint32_t i)
{
    return &st->boxes.chunks[i >> BOX_CHUNK_BITS][i & (BOX_CHUNK - 1)];
}
static inline port_state *port_of(cs_sim *sim) { return sim->model; }
double port_draw(port_state *st, const cs_dist *d, double u);
/* Ask for one server of a pool: continue with event `type` now (sync) or when granted. */
void port_acquire(port_state *st, cs_pool pool, uint32_t type, uint32_t b);
void port_release(port_state *st, cs_pool pool);
void port_at(port_state *st, double t, uint32_t type, uint32_t data);
uint32_t port_box_new(port_state *st, cs_box_flow f, uint64_t source, uint64_t id, uint32_t vessel, double arrival);
void port_box_finish(port_state *st, uint32_t b);
/* The box is physically done; it is finished once nothing is pending. */
void port_box_done(port_state *st, uint32_t b);
void port_box_try_finish(port_state *st, uint32_t b);
/* What box bx adopts under the regime: per-measure shares (each on its own
 * uniform, eligible classes only) or the regime's mix (one uniform,
 * U_ADOPT_A); transit boxes adopt nothing. */
cs_adoption port_adoption(const port_state *st, const box *bx);
/* Does the regime offer category k to flow f (some share > 0)? */
bool port_offers(const cs_regime_spec *r, cs_box_flow f, cs_adoption k);
bool port_offers_any(const cs_regime_spec *r, cs_box_flow f);
/* What the box adopted, from its flags. */
cs_adoption port_box_adoption(const box *bx);
bool idx_push(port_state *st, idx_list *l, uint32_t v);

/* ---- port_vessel.c ---- */
cs_status port_vessels_init(port_state *st);
void port_vessels_start(port_state *st);
void port_vessel_handlers(cs_sim *sim);
void port_quay_ready(port_state *st, uint32_t b);        /* export/transit box at the quay */
void port_vessel_try_depart(port_state *st, uint32_t v);
uint32_t port_transit_call(const port_state *st, uint32_t service);
void port_book_export(port_state *st, uint32_t b, uint32_t v); /* book on call v (rolls forward if departed) */

/* ---- port_customs.c ---- */
void port_customs_handlers(cs_sim *sim);
void port_declare(port_state *st, uint32_t b);           /* lodge the declaration now (T3) */
void port_inspection_start(port_state *st, uint32_t b);  /* the box is where it can be inspected */
bool port_needs_inspection(const box *bx);
void port_check_release(port_state *st, uint32_t b);
void port_at_inspection(port_state *st, uint32_t b);
void port_reached_inspection(port_state *st, uint32_t b); /* by transport (from the stack or the crane) */
void port_inspection_done(port_state *st, uint32_t b);
/* Start the separate cargo quarantine inspection if the box is due one
 * and ready for it (decided, customs inspection over, in the stack). */
void port_quarantine_try(port_state *st, uint32_t b);

/* ---- port_yard.c: transport, yard cranes, gates ---- */
void port_yard_handlers(cs_sim *sim);
void port_box_stacked(port_state *st, uint32_t b);
void port_move(port_state *st, uint32_t b, move_goal goal, cs_pool first);
double port_yard_fill(const port_state *st);

/* ---- port_import.c / port_export.c ---- */
void port_import_handlers(cs_sim *sim);
void port_export_handlers(cs_sim *sim);
void port_import_created(port_state *st, uint32_t b);
void port_import_discharged(port_state *st, uint32_t b);
void port_import_released(port_state *st, uint32_t b);
void port_import_stacked(port_state *st, uint32_t b);
void port_import_exit(port_state *st, uint32_t b);
void port_export_created(port_state *st, uint32_t b);
void port_export_released(port_state *st, uint32_t b);
void port_transit_discharged(port_state *st, uint32_t b);
void port_export_stacked(port_state *st, uint32_t b);

/* ---- port_series.c: the time series ---- */
/* Levels move: boxes into (+1) or out of (-1) the yard, arriving at or
 * released from customs. */
static inline void port_yard_level(port_state *st, double delta)
{
    st->yard_count += delta;
    cs_timeavg_set(&st->yard_tw, st->sim.now, st->yard_count);
}
static inline void port_awaiting_level(port_state *st, double delta)
{
    cs_timeavg_set(&st->awaiting_tw, st->sim.now, st->awaiting_tw.value + delta);
}
/* Start sampling (when out asks for series); the last, partial sample. */
void port_series_start(port_state *st);
void port_series_finish(port_state *st);
size_t port_series_keys(const cs_scenario *s, cs_series_key *out, size_t max, cs_series_spec *spec,
                        uint32_t *samples);

/* ---- port_catalog.c: names and the tables of metrics and counters ---- */
/* A span metric: per flow (import, export, transit, vessel) the milestone
 * it ends at minus the one it starts at (-1: not recorded in that flow). */
typedef struct port_span {
    const char *name;
    cs_metric_kind kind;
    const char *label, *description;
    int8_t end[CS_PORT_FLOWS], start[CS_PORT_FLOWS];
    int8_t end_else;       /* where the end milestone is skipped, this one (-1: none) */
    bool two_step;         /* only in regimes with two-step declaration */
    const char *milestone; /* kind interval: the milestone it ends at (segment all only) */
} port_span;

/* A per-replication total of each regime and box flow: one of the totals
 * the run keeps (source). */
typedef struct port_counter {
    const char *name;
    cs_metric_kind kind;
    const char *label, *description;
    cs_port_counter source;
} port_counter;

extern const port_span port_spans[];
extern const size_t port_nspans;
extern const port_counter port_counters[];
extern const size_t port_ncounters;
/* Each box flow's milestones in their canonical order, ended by -1: the
 * decomposition's rows. */
extern const int8_t *const port_chains[CS_FLOW_N];
/* The process orders a box's decomposition follows after its origin T0,
 * each ended by -1 (a subset of its flow's chain). */
typedef enum port_order {
    PORT_ORDER_IMPORT, PORT_ORDER_ADVANCE, PORT_ORDER_TWO_STEP, PORT_ORDER_ADVANCE_TWO_STEP,
    PORT_ORDER_EXPORT, PORT_ORDER_TRANSIT, PORT_ORDER_N
} port_order;
extern const int8_t *const port_orders[PORT_ORDER_N];
extern const cs_trace_names port_trace_names;
/* Metrics: CS_PORT_SPANS built-in spans, an interval per milestone, then
 * any appended spans; the span of metric m, NULL for the intervals. */
size_t port_metric_count(void);
const port_span *port_metric_span(int m);
cs_status port_catalog(const cs_scenario *s, cs_catalog *out);

/* ---- port_metrics.c ---- */
/* Keys of all regimes in report order; map (if not NULL) gets, per regime,
 * port_map_size() slots [flow][segment][metric] -> key index or -1. */
size_t port_metric_keys(const cs_port_scenario *p, cs_metric_key *out, size_t max, int32_t *map);
size_t port_map_size(void);
/* Counter keys of all regimes: regime, box flow, counter. */
size_t port_counter_keys(const cs_port_scenario *p, cs_metric_key *out, size_t max);
void port_record(port_state *st, const box *bx);
void port_record_vessel(port_state *st, const vessel *v);

/* Box b, holding one server of pool, is served for one draw of the pool's
 * time on the box's uniform u; event `done` follows.  Inline: it is on
 * every service's path. */
static inline void port_serve(port_state *st, uint32_t b, cs_pool pool, int u, uint32_t done)
{
    port_at(st, st->sim.now + port_draw(st, &st->p->pools[pool].time, box_u(port_box(st, b), u)), done, b);
}

#endif
