/*
 * port_series.c - the port's time series: interval means of each resource's
 * utilisation, waiting line, busy and available servers, and of the boxes
 * in the yard and awaiting customs release.
 *
 * Everything sampled is already a time integral (the resources' and the
 * levels' cs_timeavg), so a sample is the integral's growth since the last
 * one divided by the interval: a periodic event every `interval` hours from
 * time 0, and a last, shorter sample at the end of the run.  Nothing is
 * stored per event or per box.  Rows per regime, in key order: for each
 * pool utilisation, queue_length, busy, capacity; then the yard, customs.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "model/port_internal.h"

enum { Q_UTILISATION, Q_QUEUE, Q_BUSY, Q_CAPACITY, Q_PER_POOL };
enum { A_BUSY, A_CAPACITY, A_QUEUE, A_PER_POOL };
#define A_YARD (CS_POOL_N * A_PER_POOL)
#define A_AWAITING (A_YARD + 1)

static const char *const quantity_name[Q_PER_POOL] = { "utilisation", "queue_length", "busy", "capacity" };
static const char *const quantity_unit[Q_PER_POOL] = { "share", "waiting", "servers", "servers" };

/* Each integral at t, in sample_area order. */
static void areas_at(const port_state *st, double t, double *a)
{
    for (int i = 0; i < CS_POOL_N; i++) {
        const cs_resource *r = &st->pools[i];
        a[i * A_PER_POOL + A_BUSY] = cs_timeavg_area(&r->busy_tw, t);
        a[i * A_PER_POOL + A_CAPACITY] = cs_timeavg_area(&r->capacity_tw, t);
        a[i * A_PER_POOL + A_QUEUE] = cs_timeavg_area(&r->queue_tw, t);
    }
    a[A_YARD] = cs_timeavg_area(&st->yard_tw, t);
    a[A_AWAITING] = cs_timeavg_area(&st->awaiting_tw, t);
}

/* Sample st->samples covers [start, t]. */
static void take_sample(port_state *st, double t)
{
    const double start = st->samples * st->p->series.interval;
    const double span = t - start;
    double a[A_AWAITING + 1], d[A_AWAITING + 1];
    areas_at(st, t, a);
    for (int k = 0; k <= A_AWAITING; k++) {
        d[k] = span > 0 ? (a[k] - st->sample_area[k]) / span : NAN;
        st->sample_area[k] = a[k];
    }
    const size_t stride = st->out->nsamples;
    double *row = st->series_row + st->samples;
    for (int i = 0; i < CS_POOL_N; i++, row += Q_PER_POOL * stride) {
        const double busy = d[i * A_PER_POOL + A_BUSY], cap = d[i * A_PER_POOL + A_CAPACITY];
        /* a closed resource has no utilisation (NaN), not a zero one */
        row[Q_UTILISATION * stride] = cap > 0 ? busy / cap : NAN;
        row[Q_QUEUE * stride] = d[i * A_PER_POOL + A_QUEUE];
        row[Q_BUSY * stride] = busy;
        row[Q_CAPACITY * stride] = cap;
    }
    row[0] = d[A_YARD];
    row[stride] = d[A_AWAITING];
    st->samples++;
}

static void on_sample(cs_sim *sim, const cs_event *ev)
{
    (void)ev;
    port_state *st = port_of(sim);
    take_sample(st, sim->now);
    const double next = (st->samples + 1) * st->p->series.interval;
    if (next < st->end) cs_sim_schedule(sim, next, EV_SAMPLE, CS_PRIO_LAST, 0);
}

void port_series_start(port_state *st)
{
    cs_sim_on(&st->sim, EV_SAMPLE, on_sample);
    if (!st->out || !st->out->nseries) return;
    st->series_row = st->out->series + (size_t)st->regime_index * CS_PORT_SERIES_PER_REGIME * st->out->nsamples;
    if (st->p->series.interval < st->end)
        cs_sim_schedule(&st->sim, st->p->series.interval, EV_SAMPLE, CS_PRIO_LAST, 0);
}

void port_series_finish(port_state *st)
{
    if (!st->series_row) return;
    if (st->samples < cs_port_series_samples(st->p)) take_sample(st, st->end);
}

size_t port_series_keys(const cs_scenario *s, cs_series_key *out, size_t max, cs_series_spec *spec,
                        uint32_t *samples)
{
    const cs_port_scenario *p = s->port;
    if (spec) *spec = p->series;
    if (samples) *samples = p->series.enabled ? (uint32_t)cs_port_series_samples(p) : 0;
    if (!p->series.enabled) return 0;
    size_t k = 0;
    for (uint32_t r = 0; r < p->nregimes; r++)
        for (int j = 0; j < CS_PORT_SERIES_PER_REGIME; j++, k++) {
            if (!out || k >= max) continue;
            cs_series_key *key = &out[k];
            memset(key, 0, sizeof *key);
            snprintf(key->regime, sizeof key->regime, "%s", p->regimes[r].name);
            const char *subject, *quantity, *unit = "boxes";
            if (j < CS_POOL_N * Q_PER_POOL) {
                subject = cs_pool_name((cs_pool)(j / Q_PER_POOL));
                quantity = quantity_name[j % Q_PER_POOL];
                unit = quantity_unit[j % Q_PER_POOL];
            } else if (j == CS_POOL_N * Q_PER_POOL) {
                subject = "yard";
                quantity = "boxes_in_yard";
            } else {
                subject = "customs";
                quantity = "awaiting_release";
            }
            snprintf(key->subject, sizeof key->subject, "%s", subject);
            snprintf(key->quantity, sizeof key->quantity, "%s", quantity);
            snprintf(key->unit, sizeof key->unit, "%s", unit);
        }
    return k;
}
