/*
 * sim.h - the discrete-event kernel: clock, future-event list, dispatch.
 *
 * A cs_sim is one simulation's whole mutable state (no globals), so any
 * number run side by side on threads.  Events are small values: a time, an
 * order word (priority in the top 8 bits, insertion sequence below, so ties
 * break by (time, priority, insertion order)), a type that selects the
 * handler, and 64 bits of payload for the model.  The future-event list is
 * a 4-ary min-heap (see evlist.h); at most 2^24 events may be pending.  Cancellation is opt-in:
 * cs_sim_schedule_cancellable hands out a generation-checked timer handle,
 * and a cancelled event is dropped when it reaches the top, so events that
 * can never be cancelled pay nothing for the feature.
 */
#ifndef CLEARSIM_SIM_H
#define CLEARSIM_SIM_H

#include <stdbool.h>
#include <stdint.h>
#include "clearsim/error.h"

typedef struct cs_event {
    double time;
    uint64_t order;  /* ties break on this: priority first, then insertion order */
    uint32_t type;   /* handler index */
    uint32_t timer;  /* 0, or timer slot + 1 for cancellable events */
    uint64_t data;   /* model payload */
} cs_event;

/* Priorities: lower runs first among events at the same time. */
#define CS_PRIO_FIRST 0
#define CS_PRIO_GRANT 16   /* a resource handing a freed server to a waiter */
#define CS_PRIO_NORMAL 128
#define CS_PRIO_LAST 255

/* Event types below CS_EVENT_USER belong to the kernel. */
enum { CS_EVENT_CAPACITY = 0, CS_EVENT_USER = 1 };

typedef struct cs_sim cs_sim;
typedef void (*cs_handler)(cs_sim *sim, const cs_event *ev);

/* The future-event list (see core/evlist.h): a 4-ary heap of 16-byte nodes
 * (time; priority << 56 | insertion sequence << 24 | payload slot) whose
 * four children share one 64-byte cache line, holding the near future, and
 * time buckets holding the far future; the payloads by slot. */
typedef struct cs_fel_node {
    uint64_t time_bits; /* the bits of a time >= 0: ordered like the time */
    uint64_t key;
} cs_fel_node;

typedef struct cs_fel_payload {
    uint32_t type;
    uint32_t timer;
    uint64_t data;
} cs_fel_payload;

typedef struct cs_fel_bucket {
    cs_fel_node *v;
    uint32_t n, cap;
} cs_fel_bucket;

typedef struct cs_evlist {
    cs_fel_node *base;        /* 64-byte aligned allocation */
    cs_fel_node *a;           /* the heap: base + 3, so children groups are line-aligned */
    uint64_t n, cap;          /* nodes in the heap */
    uint64_t next_seq;        /* < 2^32; renumbered when it would wrap */
    cs_fel_payload *payload;  /* [slot] */
    uint32_t *free_slots;
    uint32_t nfree, nslots, slot_cap;
    /* the far future: bucket k holds the times t with floor((t - t0) * inv_w) = k */
    double t0, inv_w;
    double open_below;        /* heap iff (t - t0) * inv_w < open_below */
    int64_t open;             /* the last bucket moved into the heap */
    uint64_t nfar;            /* nodes in buckets and overflow */
    uint64_t split_at;        /* heap size that starts bucketing */
    cs_fel_bucket *buckets;   /* CS_FEL_BUCKETS of them */
    cs_fel_bucket overflow;   /* beyond the last bucket */
} cs_evlist;

typedef struct cs_timer {
    uint32_t slot; /* slot + 1; 0 = null handle */
    uint32_t gen;
} cs_timer;

struct cs_resource;

struct cs_sim {
    double now;             /* read-only for models */
    cs_evlist fel;
    uint64_t events;        /* executed so far */
    cs_handler *handlers;
    uint32_t nhandlers;
    void *model;            /* the model's context, for handlers */
    /* cancellable-event slots */
    uint32_t *timer_gen;
    uint8_t *timer_state;
    uint32_t *timer_free;
    uint32_t ntimers, timer_cap, nfree;
    uint64_t cancelled_pending;
    /* resources driven by calendars */
    struct cs_resource **resources;
    uint32_t nresources, resource_cap;
    bool stop;
    cs_status status;       /* CS_ERR_NOMEM after a failed allocation */
};

/* ntypes: number of event types, kernel's included (>= CS_EVENT_USER). */
cs_status cs_sim_init(cs_sim *sim, uint32_t ntypes, void *model);
void cs_sim_free(cs_sim *sim);
void cs_sim_on(cs_sim *sim, uint32_t type, cs_handler handler);

/* Schedule an event at absolute time >= now. */
void cs_sim_schedule(cs_sim *sim, double time, uint32_t type, int priority, uint64_t data);
cs_timer cs_sim_schedule_cancellable(cs_sim *sim, double time, uint32_t type,
                                     int priority, uint64_t data);
/* True if the event was pending and is now cancelled; false if it already
 * fired, was cancelled before, or the handle is null. */
bool cs_sim_cancel(cs_sim *sim, cs_timer timer);
/* Events waiting to fire (cancelled ones excluded). */
uint64_t cs_sim_pending(const cs_sim *sim);

/* Execute events in order while their time <= until (use INFINITY to run
 * until the list is empty) and nobody called cs_sim_stop.  Returns
 * sim->status. */
cs_status cs_sim_run(cs_sim *sim, double until);
static inline void cs_sim_stop(cs_sim *sim) { sim->stop = true; }

#endif
