/*
 * sim.c - the simulation context and its event loop.
 *
 * The loop peeks at the earliest event, stops if it lies beyond `until`,
 * pops it, drops it if it was cancelled, advances the clock and calls the
 * handler of its type.  That is all: models build everything else from
 * handlers, resources and calendars.  Allocation failures set sim->status
 * and stop the loop instead of aborting, so a library caller can report
 * them.
 */
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "clearsim/resource.h"
#include "clearsim/sim.h"
#include "core/evlist.h"

enum { TIMER_FREE = 0, TIMER_PENDING = 1, TIMER_CANCELLED = 2 };

/* Kernel handler: a calendar's capacity change (data = resource id << 32 | index). */
static void on_capacity(cs_sim *sim, const cs_event *ev)
{
    cs_resource *r = sim->resources[ev->data >> 32];
    const uint32_t i = (uint32_t)ev->data;
    const cs_calendar *cal = &r->calendar;
    cs_resource_set_capacity(sim, r, cal->changes[i].capacity);
    /* schedule the next change; a repeating calendar wraps to the next period */
    uint32_t next = i + 1;
    double base = ev->time - cal->changes[i].at;
    if (next == cal->nchanges) {
        if (cal->period <= 0) return;
        next = 0;
        base += cal->period;
    }
    cs_sim_schedule(sim, base + cal->changes[next].at, CS_EVENT_CAPACITY, CS_PRIO_FIRST,
                    ((uint64_t)r->id << 32) | next);
}

cs_status cs_sim_init(cs_sim *sim, uint32_t ntypes, void *model)
{
    assert(ntypes >= CS_EVENT_USER);
    memset(sim, 0, sizeof *sim);
    cs_evlist_init(&sim->fel);
    sim->handlers = calloc(ntypes, sizeof *sim->handlers);
    if (!sim->handlers) return CS_ERR_NOMEM;
    sim->nhandlers = ntypes;
    sim->model = model;
    sim->handlers[CS_EVENT_CAPACITY] = on_capacity;
    return CS_OK;
}

void cs_sim_free(cs_sim *sim)
{
    cs_evlist_free(&sim->fel);
    free(sim->handlers);
    free(sim->timer_gen);
    free(sim->timer_state);
    free(sim->timer_free);
    free(sim->resources);
    memset(sim, 0, sizeof *sim);
}

void cs_sim_on(cs_sim *sim, uint32_t type, cs_handler handler)
{
    assert(type >= CS_EVENT_USER && type < sim->nhandlers);
    sim->handlers[type] = handler;
}

/* The rare path of push_event, kept out of line so the common path needs
 * no stack frame. */
static __attribute__((noinline, cold)) void out_of_memory(cs_sim *sim)
{
    sim->status = CS_ERR_NOMEM;
    sim->stop = true;
}

static inline void push_event(cs_sim *sim, double time, uint32_t type, int priority,
                              uint64_t data, uint32_t timer)
{
    assert(time >= sim->now && time >= 0.0 && !isnan(time));
    assert(priority >= CS_PRIO_FIRST && priority <= CS_PRIO_LAST);
    assert(type < sim->nhandlers && sim->handlers[type]);
    cs_evlist *h = &sim->fel;
    if (__builtin_expect(h->nfree == 0 && h->nslots == h->slot_cap, 0) && !cs_evlist_reserve_slot(h)) {
        out_of_memory(sim);
        return;
    }
    if (__builtin_expect(!cs_evlist_push(h, time, priority, type, timer, data), 0)) out_of_memory(sim);
}

void cs_sim_schedule(cs_sim *sim, double time, uint32_t type, int priority, uint64_t data)
{
    push_event(sim, time, type, priority, data, 0);
}

static bool grow_timers(cs_sim *sim)
{
    const uint32_t cap = sim->timer_cap ? 2 * sim->timer_cap : 64;
    uint32_t *gen = realloc(sim->timer_gen, cap * sizeof *gen);
    if (!gen) return false;
    sim->timer_gen = gen;
    uint8_t *state = realloc(sim->timer_state, cap * sizeof *state);
    if (!state) return false;
    sim->timer_state = state;
    uint32_t *fr = realloc(sim->timer_free, cap * sizeof *fr);
    if (!fr) return false;
    sim->timer_free = fr;
    sim->timer_cap = cap;
    return true;
}

cs_timer cs_sim_schedule_cancellable(cs_sim *sim, double time, uint32_t type, int priority,
                                     uint64_t data)
{
    uint32_t slot;
    if (sim->nfree > 0) {
        slot = sim->timer_free[--sim->nfree];
    } else {
        if (sim->ntimers == sim->timer_cap && !grow_timers(sim)) {
            sim->status = CS_ERR_NOMEM;
            sim->stop = true;
            return (cs_timer){ 0, 0 };
        }
        slot = sim->ntimers++;
        sim->timer_gen[slot] = 0;
    }
    sim->timer_state[slot] = TIMER_PENDING;
    push_event(sim, time, type, priority, data, slot + 1);
    return (cs_timer){ slot + 1, sim->timer_gen[slot] };
}

bool cs_sim_cancel(cs_sim *sim, cs_timer t)
{
    if (t.slot == 0 || t.slot > sim->ntimers) return false;
    const uint32_t slot = t.slot - 1;
    if (sim->timer_gen[slot] != t.gen || sim->timer_state[slot] != TIMER_PENDING) return false;
    sim->timer_state[slot] = TIMER_CANCELLED;
    sim->cancelled_pending++;
    return true;
}

uint64_t cs_sim_pending(const cs_sim *sim)
{
    return cs_evlist_size(&sim->fel) - sim->cancelled_pending;
}

/* A popped cancellable event: free its slot; true if it must still fire. */
static bool retire_timer(cs_sim *sim, uint32_t timer)
{
    const uint32_t slot = timer - 1;
    const bool fire = sim->timer_state[slot] == TIMER_PENDING;
    if (!fire) sim->cancelled_pending--;
    sim->timer_state[slot] = TIMER_FREE;
    sim->timer_gen[slot]++;
    sim->timer_free[sim->nfree++] = slot;
    return fire;
}

cs_status cs_sim_run(cs_sim *sim, double until)
{
    cs_evlist *fel = &sim->fel;
    cs_handler *handlers = sim->handlers;
    sim->stop = sim->status != CS_OK;
    while (!sim->stop) {
        if (fel->n == 0) {
            const int r = cs_evlist_refill(fel);
            if (r == 0) break;
            if (r < 0) {
                out_of_memory(sim);
                break;
            }
        }
        if (cs_fel_time(fel->a[0].time_bits) > until) break;
        cs_event ev;
        cs_evlist_pop(fel, &ev);
        if (ev.timer && !retire_timer(sim, ev.timer)) continue;
        sim->now = ev.time;
        sim->events++;
        handlers[ev.type](sim, &ev);
    }
    return sim->status;
}
