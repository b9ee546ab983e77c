/*
 * resource.c - multi-server resources, their waiting lines and calendars.
 *
 * The FIFO line is a power-of-two ring buffer (O(1) both ends, no per-waiter
 * allocation); the priority line is a binary heap on (priority, arrival
 * sequence), which keeps FIFO order within a priority.  Both live in the
 * same array, chosen once at init.  Statistics are updated at each change of
 * busy servers, capacity or line length, as time-weighted areas from time
 * 0; the observation window subtracts their values when it opened rather
 * than restarting them, since a model may read them all along (the port's
 * time series sample their growth, which a restart would make negative).
 */
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "clearsim/resource.h"

cs_status cs_resource_init(cs_resource *r, cs_sim *sim, const char *name, uint32_t capacity,
                           cs_discipline discipline)
{
    memset(r, 0, sizeof *r);
    r->name = name;
    r->capacity = capacity;
    r->nominal = capacity;
    r->factor = 1.0;
    r->discipline = discipline;
    if (sim->nresources == sim->resource_cap) {
        const uint32_t cap = sim->resource_cap ? 2 * sim->resource_cap : 8;
        cs_resource **a = realloc(sim->resources, cap * sizeof *a);
        if (!a) return CS_ERR_NOMEM;
        sim->resources = a;
        sim->resource_cap = cap;
    }
    r->id = sim->nresources;
    sim->resources[sim->nresources++] = r;
    cs_timeavg_init(&r->busy_tw, sim->now, r->busy);
    cs_timeavg_init(&r->capacity_tw, sim->now, r->capacity);
    cs_timeavg_init(&r->queue_tw, sim->now, (double)r->len);
    cs_resource_reset_stats(r, sim->now);
    return CS_OK;
}

void cs_resource_free(cs_resource *r)
{
    free(r->line);
    free(r->queue_time);
    r->queue_time = NULL;
    r->line = NULL;
    r->len = r->cap = 0;
}

void cs_resource_reset_stats(cs_resource *r, double now)
{
    r->window_start = now;
    r->busy_open = cs_timeavg_area(&r->busy_tw, now);
    r->capacity_open = cs_timeavg_area(&r->capacity_tw, now);
    r->queue_open = cs_timeavg_area(&r->queue_tw, now);
    r->queue_since = now;
    if (r->queue_time) memset(r->queue_time, 0, (r->cap + 1) * sizeof *r->queue_time);
    r->queue_max = r->len;
    r->arrivals = 0;
    r->completions = 0;
}

/* ---- the line ---- */

static bool line_grow(cs_resource *r)
{
    const uint64_t cap = r->cap ? 2 * r->cap : 64;
    const uint64_t had = r->queue_time ? r->cap + 1 : 0; /* queue lengths 0..cap */
    cs_waiter *a = malloc(cap * sizeof *a);
    double *qt = realloc(r->queue_time, (cap + 1) * sizeof *qt);
    if (qt) r->queue_time = qt;
    if (!a || !qt) {
        free(a);
        return false;
    }
    memset(qt + had, 0, (cap + 1 - had) * sizeof *qt);
    if (r->discipline == CS_FIFO) {
        for (uint64_t k = 0; k < r->len; k++) a[k] = r->line[(r->head + k) & (r->cap - 1)];
        r->head = 0;
    } else if (r->len) {
        memcpy(a, r->line, r->len * sizeof *a);
    }
    free(r->line);
    r->line = a;
    r->cap = cap;
    return true;
}

static void heap_push(cs_resource *r, cs_waiter w)
{
    uint64_t i = r->len++;
    while (i > 0) {
        const uint64_t p = (i - 1) / 2;
        if (r->line[p].order <= w.order) break;
        r->line[i] = r->line[p];
        i = p;
    }
    r->line[i] = w;
}

static cs_waiter heap_pop(cs_resource *r)
{
    cs_waiter *a = r->line;
    const cs_waiter top = a[0];
    const uint64_t n = --r->len;
    if (n == 0) return top;
    const cs_waiter last = a[n];
    uint64_t i = 0;
    for (;;) {
        uint64_t c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && a[c + 1].order < a[c].order) c++;
        if (last.order <= a[c].order) break;
        a[i] = a[c];
        i = c;
    }
    a[i] = last;
    return top;
}

/* The line went from `was` waiters to r->len at now. */
static inline void queue_changed(cs_resource *r, double now, uint64_t was)
{
    r->queue_time[was] += now - r->queue_since;
    r->queue_since = now;
    cs_timeavg_set(&r->queue_tw, now, (double)r->len);
}

static bool line_push(cs_sim *sim, cs_resource *r, cs_waiter w)
{
    if (r->len == r->cap && !line_grow(r)) {
        sim->status = CS_ERR_NOMEM;
        sim->stop = true;
        return false;
    }
    if (r->discipline == CS_FIFO)
        r->line[(r->head + r->len++) & (r->cap - 1)] = w;
    else
        heap_push(r, w);
    if (r->len > r->queue_max) r->queue_max = r->len;
    queue_changed(r, sim->now, r->len - 1);
    return true;
}

static cs_waiter line_pop(cs_sim *sim, cs_resource *r)
{
    cs_waiter w;
    if (r->discipline == CS_FIFO) {
        w = r->line[r->head];
        r->head = (r->head + 1) & (r->cap - 1);
        r->len--;
    } else {
        w = heap_pop(r);
    }
    queue_changed(r, sim->now, r->len + 1);
    return w;
}

/* ---- requests and releases ---- */

bool cs_resource_request(cs_sim *sim, cs_resource *r, uint32_t type, int priority,
                         uint64_t data)
{
    assert(priority >= CS_PRIO_FIRST && priority <= CS_PRIO_LAST);
    r->arrivals++;
    if (r->busy < r->capacity && r->len == 0) {
        r->busy++;
        cs_timeavg_set(&r->busy_tw, sim->now, r->busy);
        return true;
    }
    const cs_waiter w = { sim->now, data, ((uint64_t)priority << 56) | r->next_seq++, type, 0 };
    line_push(sim, r, w);
    return false;
}

bool cs_resource_release(cs_sim *sim, cs_resource *r, cs_waiter *next)
{
    assert(r->busy > 0);
    r->completions++;
    if (r->len > 0 && r->busy <= r->capacity) {
        *next = line_pop(sim, r); /* the server passes straight to the waiter */
        return true;
    }
    r->busy--;
    cs_timeavg_set(&r->busy_tw, sim->now, r->busy);
    return false;
}

/* Start waiters while servers are free, each by its continuation event. */
static void grant_waiters(cs_sim *sim, cs_resource *r)
{
    while (r->len > 0 && r->busy < r->capacity) {
        const cs_waiter w = line_pop(sim, r);
        r->busy++;
        cs_sim_schedule(sim, sim->now, w.type, CS_PRIO_GRANT, w.data);
    }
    cs_timeavg_set(&r->busy_tw, sim->now, r->busy);
}

void cs_resource_release_grant(cs_sim *sim, cs_resource *r)
{
    assert(r->busy > 0);
    r->completions++;
    r->busy--;
    grant_waiters(sim, r);
}

static void apply_capacity(cs_sim *sim, cs_resource *r)
{
    r->capacity = r->factor == 1.0 ? r->nominal : (uint32_t)floor(r->nominal * r->factor + 0.5);
    cs_timeavg_set(&r->capacity_tw, sim->now, r->capacity);
    grant_waiters(sim, r);
}

void cs_resource_set_capacity(cs_sim *sim, cs_resource *r, uint32_t capacity)
{
    r->nominal = capacity;
    apply_capacity(sim, r);
}

void cs_resource_set_factor(cs_sim *sim, cs_resource *r, double factor)
{
    assert(factor >= 0.0);
    r->factor = factor;
    apply_capacity(sim, r);
}

void cs_resource_follow_calendar(cs_sim *sim, cs_resource *r, const cs_calendar *cal,
                                 double start)
{
    assert(cal->nchanges > 0);
    assert(cal->period <= 0 || cal->changes[cal->nchanges - 1].at < cal->period);
    r->calendar = *cal;
    r->calendar_start = start;
    cs_sim_schedule(sim, start + cal->changes[0].at, CS_EVENT_CAPACITY, CS_PRIO_FIRST,
                    (uint64_t)r->id << 32);
}

uint32_t cs_calendar_capacity_at(const cs_calendar *cal, uint32_t initial, double start, double t)
{
    if (cal->nchanges == 0 || !(t >= start + cal->changes[0].at)) return initial;
    double x = t - start;
    if (cal->period > 0) {
        x -= floor(x / cal->period) * cal->period;
        /* before the cycle's first change: the previous cycle's last one */
        if (x < cal->changes[0].at) return cal->changes[cal->nchanges - 1].capacity;
    }
    uint32_t c = initial;
    for (uint32_t i = 0; i < cal->nchanges && cal->changes[i].at <= x; i++) c = cal->changes[i].capacity;
    return c;
}

/* The smallest length the line was at or below for share q of the window
 * (the open stretch since the last change counts at the current length). */
static double queue_quantile(const cs_resource *r, double now, double q)
{
    const double window = now - r->window_start;
    if (!(window > 0.0)) return NAN;
    const double open = now - r->queue_since;
    double below = 0.0;
    for (uint64_t len = 0; r->queue_time && len <= r->cap; len++) {
        below += r->queue_time[len] + (len == r->len ? open : 0.0);
        if (below >= q * window) return (double)len;
    }
    return (double)r->len; /* rounding: the rest is at the current length */
}

/* The mean of an integral over the window [window_start, now]. */
static double window_mean(const cs_resource *r, const cs_timeavg *a, double open, double now)
{
    const double span = now - r->window_start;
    return span > 0.0 ? (cs_timeavg_area(a, now) - open) / span : NAN;
}

cs_resource_stats cs_resource_stats_at(const cs_resource *r, double now)
{
    cs_resource_stats s;
    s.window_start = r->window_start;
    s.window_end = now;
    s.capacity_mean = window_mean(r, &r->capacity_tw, r->capacity_open, now);
    s.busy_mean = window_mean(r, &r->busy_tw, r->busy_open, now);
    /* the one definition: busy server-time over available server-time (the
     * window's length cancels); 0 / 0 for a pool closed all along: NaN */
    s.utilisation = s.busy_mean / s.capacity_mean;
    s.queue_mean = window_mean(r, &r->queue_tw, r->queue_open, now);
    s.queue_max = (double)r->queue_max;
    s.queue_p90 = queue_quantile(r, now, 0.9);
    s.in_system_mean = s.busy_mean + s.queue_mean;
    s.arrivals = r->arrivals;
    s.completions = r->completions;
    return s;
}
