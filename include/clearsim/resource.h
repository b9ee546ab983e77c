/*
 * resource.h - multi-server resources with a waiting line, and capacity
 * calendars.
 *
 * A resource has `capacity` servers and a line of waiters, served FIFO or by
 * priority (lower first, FIFO within a priority).  A waiter is a value: the
 * time it joined, the event type and payload that continue its flow.  When a
 * server frees up, the caller either takes the next waiter itself
 * (cs_resource_release: the fast path a single-station model uses) or lets
 * the kernel schedule the waiter's continuation at the current time
 * (cs_resource_release_grant: the general path).  Capacity may change at
 * any time (calendars: shifts, closures); a server that is busy when the
 * capacity drops finishes its job, and nobody starts while busy >= capacity.
 * Time-weighted busy servers, capacity and queue length are running
 * integrals from time 0, which others read as they go (the port's time
 * series); the observation window (cs_resource_reset_stats at warm-up)
 * keeps their values when it opened, so its figures are their growth
 * since, and the integrals are never restarted under a reader.  Counts,
 * the longest line and the time spent at each queue length (for its
 * quantiles: one add per change, in an array that grows with the line)
 * restart with the window.
 */
#ifndef CLEARSIM_RESOURCE_H
#define CLEARSIM_RESOURCE_H

#include <stdbool.h>
#include <stdint.h>
#include "clearsim/sim.h"
#include "clearsim/stats.h"

typedef enum cs_discipline { CS_FIFO = 0, CS_PRIORITY = 1 } cs_discipline;

typedef struct cs_waiter {
    double since;    /* time it joined the line */
    uint64_t data;   /* payload of the continuation event */
    uint64_t order;  /* priority << 56 | arrival sequence (CS_PRIORITY) */
    uint32_t type;   /* continuation event type */
    uint32_t pad_;
} cs_waiter;

/* One capacity change of a calendar: at `at` (relative to the calendar's
 * start, within its period if it repeats) the capacity becomes `capacity`. */
typedef struct cs_capacity_change {
    double at;
    uint32_t capacity;
} cs_capacity_change;

typedef struct cs_calendar {
    const cs_capacity_change *changes; /* sorted by `at`, borrowed */
    uint32_t nchanges;
    double period;                     /* 0: no repetition */
} cs_calendar;

typedef struct cs_resource {
    const char *name;
    uint32_t id;           /* index in the sim's resource table */
    uint32_t capacity;     /* in force: round(nominal * factor) */
    uint32_t nominal;      /* set by cs_resource_set_capacity and calendars */
    double factor;         /* set by cs_resource_set_factor (disruptions), 1 by default */
    uint32_t busy;
    cs_discipline discipline;
    /* the line: a ring buffer (FIFO) or a binary heap by order (PRIORITY) */
    cs_waiter *line;
    uint64_t head, len, cap;
    uint64_t next_seq;
    /* statistics: integrals from time 0, and the observation window */
    cs_timeavg busy_tw, capacity_tw, queue_tw;
    double window_start;
    double busy_open, capacity_open, queue_open; /* the integrals at window_start */
    double queue_since;    /* the current queue length counts in queue_time from here */
    uint64_t queue_max;
    double *queue_time;    /* [cap + 1]: time in the window at each queue length (quantiles) */
    uint64_t arrivals, completions;
    /* calendar */
    cs_calendar calendar;
    double calendar_start;
} cs_resource;

/* Register with the sim (needed for calendars and grants). */
cs_status cs_resource_init(cs_resource *r, cs_sim *sim, const char *name,
                           uint32_t capacity, cs_discipline discipline);
void cs_resource_free(cs_resource *r);

/* Ask for a server at sim->now.  true: a server was free and is now held by
 * the caller.  false: the waiter (type, data, priority) joined the line. */
bool cs_resource_request(cs_sim *sim, cs_resource *r, uint32_t type, int priority,
                         uint64_t data);

/* Free one server.  If a waiter may start, it takes the server over and is
 * returned in *next (true); the caller continues its flow. */
bool cs_resource_release(cs_sim *sim, cs_resource *r, cs_waiter *next);
/* Free one server; a waiter that may start is granted by scheduling its
 * continuation event at now with CS_PRIO_GRANT. */
void cs_resource_release_grant(cs_sim *sim, cs_resource *r);

/* Change the nominal capacity now; freed capacity is granted to waiters. */
void cs_resource_set_capacity(cs_sim *sim, cs_resource *r, uint32_t capacity);
/* Scale the nominal capacity by factor >= 0 (rounded to the nearest
 * integer) from now on, e.g. staff shortages; calendars keep working. */
void cs_resource_set_factor(cs_sim *sim, cs_resource *r, double factor);
/* Follow `cal` from time `start`: schedules the capacity changes. */
void cs_resource_follow_calendar(cs_sim *sim, cs_resource *r, const cs_calendar *cal,
                                 double start);
/* The nominal capacity a resource of initial capacity `initial` following
 * `cal` from `start` has at time t (no factor): what planning ahead sees,
 * e.g. whether a gate will be open at a booked hour. */
uint32_t cs_calendar_capacity_at(const cs_calendar *cal, uint32_t initial, double start, double t);

static inline uint64_t cs_resource_queue_length(const cs_resource *r) { return r->len; }

/* Start the observation window at now (warm-up end): from now on the
 * statistics cover [now, the time they are read at]. */
void cs_resource_reset_stats(cs_resource *r, double now);

typedef struct cs_resource_stats {
    double window_start, window_end;
    /* utilisation: busy server-time over available server-time in the
     * window (= busy_mean / capacity_mean), so a calendar's hours count
     * with the servers they had; NaN when no server was available */
    double capacity_mean, busy_mean, utilisation, queue_mean, queue_max, in_system_mean;
    double queue_p90;      /* 90th percentile of the time-weighted queue length */
    uint64_t arrivals, completions;
} cs_resource_stats;
cs_resource_stats cs_resource_stats_at(const cs_resource *r, double now);

#endif
