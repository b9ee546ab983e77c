/*
 * port.h - the port scenario (kind: port) as plain validated values.
 *
 * Everything the port model reads comes from here; every number is a
 * parameter with a documented default (docs/scenarios.md), never a constant
 * in the model.  Times are hours.  A scenario describes one terminal and
 * its customs office, the liner services calling there, the behaviour of
 * traders, and a list of regimes: each regime is the same port with a
 * facilitation pilot or overlay switched on for a share of the boxes.  One
 * run simulates every regime on the same vessels and boxes (common random
 * numbers).  See docs/domain.md sections 2-4 for the processes and ranges.
 */
#ifndef CLEARSIM_PORT_H
#define CLEARSIM_PORT_H

#include <stdbool.h>
#include <stdint.h>
#include "clearsim/dist.h"
#include "clearsim/resource.h"

#define CS_PORT_MAX_SERVICES 64
#define CS_PORT_MAX_REGIMES 16
#define CS_PORT_MAX_CHANGES 32
#define CS_PORT_MAX_DISRUPTIONS 8
#define CS_PORT_NAME_MAX 48

typedef enum cs_credit { CS_CREDIT_AEO = 0, CS_CREDIT_GENERAL, CS_CREDIT_LOW, CS_CREDIT_N } cs_credit;

/* Inspection channels chosen by risk targeting. */
typedef enum cs_channel {
    CS_CHANNEL_GREEN = 0,
    CS_CHANNEL_DOCUMENT,
    CS_CHANNEL_SCAN,
    CS_CHANNEL_EXAM,
    CS_CHANNEL_LAB,
    CS_CHANNEL_N
} cs_channel;

/* Capacity-limited resource pools of the port. */
typedef enum cs_pool {
    CS_POOL_BERTHS = 0,
    CS_POOL_TRANSPORT,    /* horizontal transport quay <-> yard */
    CS_POOL_YARD_CRANES,
    CS_POOL_GATE_IN,
    CS_POOL_GATE_OUT,
    CS_POOL_REVIEWERS,    /* customs document reviewers (officer pool) */
    CS_POOL_SCAN_LANES,
    CS_POOL_EXAM_BAYS,    /* exam bays with their officers */
    CS_POOL_QUARANTINE,   /* cargo quarantine inspectors (before the 2018 merger) */
    CS_POOL_N
} cs_pool;

/* The longest horizon (and drain) a port scenario may have: 20 years.  A
 * duration drawn beyond it is cut to it and counted (draws_cut). */
#define CS_PORT_MAX_HOURS 175200.0

/* A capacity calendar: capacity becomes changes[i].capacity at changes[i].at
 * (hours from time 0, repeating every `period` hours when period > 0). */
typedef struct cs_calendar_spec {
    uint32_t n; /* 0: constant capacity */
    double period;
    cs_capacity_change changes[CS_PORT_MAX_CHANGES];
} cs_calendar_spec;

typedef struct cs_pool_spec {
    uint32_t count;     /* servers (berths, lanes, cranes, officers...) */
    cs_dist time;       /* time one use takes, hours (berths: unused) */
    cs_calendar_spec calendar;
} cs_pool_spec;

typedef struct cs_service_spec {
    char name[CS_PORT_NAME_MAX];
    double period;          /* between scheduled calls */
    double first_call;      /* scheduled arrival of the first call */
    double on_time_share;   /* share of calls arriving on schedule */
    cs_dist lateness;       /* delay of a late call */
    cs_dist imports;        /* boxes discharged per call (rounded) */
    cs_dist exports;        /* export boxes booked per call (rounded) */
    double transit_share;   /* share of discharged boxes in transit to another service */
    int transit_to;         /* index of the service transit boxes leave on (-1: none) */
    bool feeder;            /* a feeder from a nearby port (flow G) */
} cs_service_spec;

/* What a box adopted of the declaration measures and pilots.  Imports:
 * advance declaration (B), two-step (C), both, ship-side lifting (D, which
 * includes an advance declaration); exports: advance declaration, direct
 * loading (F, which includes it). */
typedef enum cs_adoption {
    CS_ADOPT_NONE = 0,
    CS_ADOPT_ADVANCE,
    CS_ADOPT_TWO_STEP,
    CS_ADOPT_ADVANCE_TWO_STEP,
    CS_ADOPT_SHIP_SIDE,
    CS_ADOPT_DIRECT_LOADING,
    CS_ADOPT_N
} cs_adoption;

/* Adoption as a mix (a regime's `adoption`): per flow and credit class,
 * the share of all declarations that takes each combination of measures
 * (entries of the other flow stay 0); none takes the rest.  A box takes
 * category k when its adoption uniform lies in [start_k, start_k +
 * share_k), the categories laid out in cs_adoption order, so raising one
 * category's share keeps every box that had it. */
typedef struct cs_adoption_mix {
    bool given;                 /* the regime adopts by this mix, not by per-measure shares */
    double imports[CS_CREDIT_N][CS_ADOPT_N];
    double exports[CS_CREDIT_N][CS_ADOPT_N];
    /* as the file gives them: one set for every credit class, or a set per class */
    double imports_all[CS_ADOPT_N], exports_all[CS_ADOPT_N];
} cs_adoption_mix;

struct cs_port_scenario;

/* One window of the disruption overlay (flow I). */
typedef struct cs_disruption_spec {
    double from, to;                  /* hours */
    double capacity_factor[CS_POOL_N]; /* 1 = unchanged, 0 = closed */
    cs_dist crew_test;                /* extra delay before cargo operations of vessels arriving in the window */
    bool has_crew_test;
    double arrival_surge;             /* multiplier on the boxes of calls arriving in the window */
} cs_disruption_spec;

typedef struct cs_regime_spec {
    char name[CS_PORT_NAME_MAX];
    /* pilots: share of eligible boxes that adopt */
    double advance_share;      /* imports declared during the voyage (flow B) */
    double two_step_share;     /* imports under two-step declaration (flow C) */
    double ship_side_share;    /* ship-side direct lifting (flow D) */
    bool ship_side_scan_at_quay; /* selected scan boxes scanned during discharge, truck waits */
    double direct_loading_share; /* exports (flow F) */
    double export_advance_share; /* exports declared before gate-in (part of F; also alone) */
    bool combined_port;        /* confirmation of departure for transit (flow G) */
    bool non_contact;          /* overlay H */
    bool eligible[CS_CREDIT_N]; /* credit classes allowed to adopt pilots */
    cs_adoption_mix mix;       /* adoption as a mix instead of the shares above */
    uint32_t ndisruptions;
    cs_disruption_spec disruptions[CS_PORT_MAX_DISRUPTIONS];
    /* The regime's own inputs when it overlays any (`inputs`: terminal,
     * customs and trader keys; owned, without regimes), NULL: the
     * scenario's.  Keys that define the experiment or create vessels and
     * boxes are never overlaid, so every regime sees the same entities. */
    struct cs_port_scenario *inputs;
} cs_regime_spec;

/* Interval means of resource and box levels over the run (/timeseries). */
typedef struct cs_series_spec {
    bool enabled;          /* runs: default true; sweeps: the sweep's `timeseries` key */
    bool per_replication;  /* one series per replication instead of their mean */
    double interval;       /* hours per sample, > 0 */
} cs_series_spec;

/* At most this many values (regimes x series x samples) per replication. */
#define CS_PORT_MAX_SERIES_VALUES (8u << 20)

typedef struct cs_port_scenario {
    double horizon;     /* boxes arriving in [warmup, horizon) are observed */
    double warmup;
    double drain;       /* observed boxes still unfinished at horizon + drain are cut off */

    /* terminal */
    cs_pool_spec pools[CS_POOL_N];
    uint32_t cranes_per_vessel;
    cs_calendar_spec crane_calendar; /* quay cranes a vessel may use over time (shifts); n = 0: always cranes_per_vessel */
    cs_dist crane_move;           /* quay crane, per move */
    double yard_capacity;         /* boxes */
    double rehandle_base;         /* expected extra yard moves per retrieval at an empty yard */
    double rehandle_per_fill;     /* ... growth per unit of yard fill */
    double slot_length;           /* truck appointment slot */
    uint32_t slot_capacity;       /* trucks per slot */
    double appointment_lead;      /* a slot starts no sooner than this after its booking */
    double free_storage;          /* imports stay free this long after discharge; charges after */
    double yard_open;             /* exports may gate in this long before the scheduled call */
    double cutoff;                /* exports must be released this long before berthing */
    cs_dist quarantine;           /* vessel quarantine before berthing (paper) */
    cs_dist quarantine_remote;    /* the same with non-contact */
    cs_dist handover;             /* carrier D/O + EIR after release (paper) */
    cs_dist handover_electronic;  /* the same with non-contact */
    cs_dist release_notice;       /* customs release reaching the terminal (paper) */

    /* boxes */
    double teu_two_share;         /* share of 40 ft boxes (2 TEU); the rest 1 TEU */
    double credit_share[CS_CREDIT_N];

    /* customs */
    double channel_prob[CS_CREDIT_N][CS_CHANNEL_N]; /* green = 1 - the others */
    double manual_review_share;   /* of declarations not in the document channel */
    cs_dist acceptance;           /* T3 -> T4 */
    cs_dist auto_review;          /* automatic review */
    cs_dist image_review;         /* scan image reading */
    double exam_cutoff_hour;      /* exam decided before this hour of day: same day */
    double exam_start_hour;       /* first exams of a day */
    cs_dist lab;                  /* lab result delay */
    bool two_stage_lab;           /* release before the lab result */
    cs_dist payment;              /* duties paid after the decision */
    cs_dist access_check;         /* two-step: access checks on the critical path */
    cs_dist complete_declaration; /* two-step: complete declaration after release */
    cs_dist transit_check;        /* hub arrival confirmation of transit boxes (no combined port) */
    bool export_prerelease;       /* an export declared in advance may be released before gate-in */
    bool export_gate_scan;        /* exports selected for a scan are scanned at the gate-in */
    double quarantine_share;      /* imports selected for cargo quarantine inspection */
    bool quarantine_merged;       /* true: inspected in customs' one exam (after 2018); false: apart */

    /* trader behaviour (the calibrated parameters) */
    cs_dist import_trader_lag;    /* vessel arrival -> declaration, conventional */
    double first_slot_share;      /* consignees who book the earliest slot offered */
    cs_dist pickup_planning;      /* carrier release -> booking, the other consignees */
    double pickup_within_free_share; /* of those, the share who pick up as planned, not after free time */
    cs_dist late_pickup_lag;      /* the rest: end of free storage -> wanted pickup */
    cs_dist export_declaration_lag; /* gate-in -> export declaration */
    cs_dist advance_lead;         /* advance declaration: hours before vessel arrival */
    cs_dist export_gate_in;       /* exports: hours after the yard opens that the truck comes */
    cs_dist ship_side_truck;      /* ship-side truck arrival after berthing */
    double ship_side_tolerance;   /* truck must be at the quay within this of the discharge */
    cs_dist direct_loading_truck; /* direct-loading truck arrival after the vessel's arrival */
    double direct_loading_early;  /* apron accepts trucks this long before berthing */

    /* sized to what the file lists (a sweep keeps one scenario per point,
     * so a fixed array of the maxima would cost 50 KB a point) */
    uint32_t nservices;
    cs_service_spec *services;    /* [nservices], owned */
    uint32_t nregimes;
    uint32_t baseline;            /* index of the regime differences are taken against */
    cs_regime_spec *regimes;      /* [nregimes], owned */

    cs_series_spec series;        /* output: the time series */
} cs_port_scenario;

/* Series per regime (resources x 4 quantities, the yard, customs) and
 * samples of a run of p: ceil((horizon + drain) / interval). */
#define CS_PORT_SERIES_PER_REGIME (CS_POOL_N * 4 + 2)
uint64_t cs_port_series_samples(const cs_port_scenario *p);

/* What a scenario asks of its terminal, from its inputs alone (`clearsim
 * check`; port_preflight.c says how): flows indexed by cs_box_flow, loads
 * by regime and pool: the pool's mean work over its mean servers under
 * conventional clearance (>= 1: the queue grows without bound). */
typedef struct cs_port_preflight_result {
    double boxes_per_year[3], teu_per_year[3]; /* import, export, transit */
    double calls_per_week;
    uint32_t nregimes;
    double servers[CS_PORT_MAX_REGIMES][CS_POOL_N];
    double load[CS_PORT_MAX_REGIMES][CS_POOL_N];
} cs_port_preflight_result;
void cs_port_preflight(const cs_port_scenario *p, cs_port_preflight_result *out);

/* The names used in scenario files and results ("unknown" out of range). */
extern const char *const cs_pool_names[CS_POOL_N];
extern const char *const cs_channel_names[CS_CHANNEL_N];
extern const char *const cs_credit_names[CS_CREDIT_N];
extern const char *const cs_adoption_names[CS_ADOPT_N];
const char *cs_pool_name(cs_pool p);
const char *cs_channel_name(cs_channel c);
const char *cs_credit_name(cs_credit c);

/* Every documented default (docs/scenarios.md), no services and no
 * regimes; channel_prob[k][GREEN] is 1 - the other channels.  Nothing is
 * allocated.  The loader starts from this. */
void cs_port_defaults(cs_port_scenario *p);
/* The defaults of one list item (name empty, imports/exports unset). */
void cs_port_service_defaults(cs_service_spec *s);
void cs_port_regime_defaults(cs_regime_spec *r);
/* Free what the distributions of the first nservices services, nregimes
 * regimes (and their ndisruptions windows) and of the fixed fields own
 * (empirical arrays), and the service and regime arrays; p itself is not
 * freed. */
void cs_port_scenario_free(cs_port_scenario *p);

#endif
