/*
 * port_model.c - kind: port, the container port and its customs chain.
 *
 * A replication runs every regime of the scenario one after the other, each
 * in its own cs_sim, on the same keyed streams: the vessels and boxes are
 * the same, only the rules differ (common random numbers).  This file holds
 * the shared machinery: resource pools and their calendars, the disruption
 * overlay, the box pool, drawing durations from a box's uniforms, and the
 * cs_model interface.  The flows live in port_vessel.c, port_import.c,
 * port_export.c and port_customs.c; metrics in port_metrics.c.
 */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/port_internal.h"

_Static_assert((int)U_COUNT == (int)CS_PORT_UNIFORMS, "box uniforms and probe records agree");
_Static_assert((int)CS_MS_COUNT == (int)CS_TRACE_MILESTONES, "milestones and trace rows agree");

/* ---- durations ---- */

/* Inverse CDF by bisection, for the kinds without a closed form. */
static double invert_numerically(const cs_dist *d, double u)
{
    double lo = 0.0, hi = cs_dist_mean(d) + 1.0;
    while (cs_dist_cdf(d, hi) < u && hi < 1e12) hi *= 2.0;
    for (int i = 0; i < 64; i++) {
        const double mid = 0.5 * (lo + hi);
        if (cs_dist_cdf(d, mid) < u) lo = mid;
        else hi = mid;
    }
    return 0.5 * (lo + hi);
}

/* A draw beyond the longest horizon a port scenario may have (or not a
 * number at all) means nothing in a run: it is cut to that bound and
 * counted (the run warns), never stored as inf. */
double port_draw(port_state *st, const cs_dist *d, double u)
{
    double v;
    if (d->kind == CS_DIST_ERLANG || d->kind == CS_DIST_GAMMA) v = invert_numerically(d, u);
    else if (d->kind == CS_DIST_EXPONENTIAL) v = d->a * (0.0 - cs_log(1.0 - u));
    else v = cs_dist_quantile(d, u);
    if (v <= CS_PORT_MAX_HOURS) return v;
    st->draws_cut++;
    return CS_PORT_MAX_HOURS;
}

/* ---- resources ---- */

static void on_grant_sync(port_state *st, uint32_t type, uint32_t b)
{
    const cs_event ev = { st->sim.now, 0, type, 0, b };
    st->sim.handlers[type](&st->sim, &ev);
}

void port_acquire(port_state *st, cs_pool pool, uint32_t type, uint32_t b)
{
    if (cs_resource_request(&st->sim, &st->pools[pool], type, CS_PRIO_NORMAL, b))
        on_grant_sync(st, type, b);
}

void port_release(port_state *st, cs_pool pool)
{
    cs_resource_release_grant(&st->sim, &st->pools[pool]);
}

void port_at(port_state *st, double t, uint32_t type, uint32_t data)
{
    cs_sim_schedule(&st->sim, t < st->sim.now ? st->sim.now : t, type, CS_PRIO_NORMAL, data);
}

static cs_status pools_init(port_state *st)
{
    for (int i = 0; i < CS_POOL_N; i++) {
        const cs_pool_spec *ps = &st->p->pools[i];
        const cs_status s = cs_resource_init(&st->pools[i], &st->sim, cs_pool_name((cs_pool)i),
                                             ps->count, CS_FIFO);
        if (s != CS_OK) return s;
        if (ps->calendar.n > 0) {
            const cs_calendar cal = { ps->calendar.changes, ps->calendar.n, ps->calendar.period };
            cs_resource_follow_calendar(&st->sim, &st->pools[i], &cal, 0.0);
        }
    }
    return CS_OK;
}

/* Disruption windows: event data = window index * 2 + (0 start, 1 end). */
static void on_disruption(cs_sim *sim, const cs_event *ev)
{
    port_state *st = port_of(sim);
    const cs_disruption_spec *d = &st->regime->disruptions[ev->data >> 1];
    for (int i = 0; i < CS_POOL_N; i++) {
        if (d->capacity_factor[i] == 1.0) continue;
        /* the product over the windows in force now: windows may overlap */
        double f = 1.0;
        for (uint32_t j = 0; j < st->regime->ndisruptions; j++) {
            const cs_disruption_spec *w = &st->regime->disruptions[j];
            if (sim->now >= w->from && sim->now < w->to) f *= w->capacity_factor[i];
        }
        cs_resource_set_factor(sim, &st->pools[i], f);
    }
}

static void disruptions_start(port_state *st)
{
    for (uint32_t i = 0; i < st->regime->ndisruptions; i++) {
        const cs_disruption_spec *d = &st->regime->disruptions[i];
        cs_sim_schedule(&st->sim, d->from, EV_DISRUPTION, CS_PRIO_FIRST, 2u * i);
        cs_sim_schedule(&st->sim, d->to, EV_DISRUPTION, CS_PRIO_FIRST, 2u * i + 1);
    }
}

/* ---- boxes ---- */

static bool pool_grow(box_pool *bp)
{
    if (bp->nchunks == bp->cap_chunks) {
        const uint32_t cap = bp->cap_chunks ? 2 * bp->cap_chunks : 16;
        box **c = realloc(bp->chunks, cap * sizeof *c);
        if (!c) return false;
        bp->chunks = c;
        bp->cap_chunks = cap;
    }
    box *chunk = malloc(BOX_CHUNK * sizeof *chunk);
    if (!chunk) return false;
    bp->chunks[bp->nchunks++] = chunk;
    return true;
}

static void pool_free(box_pool *bp)
{
    for (uint32_t i = 0; i < bp->nchunks; i++) free(bp->chunks[i]);
    free(bp->chunks);
    memset(bp, 0, sizeof *bp);
}

static uint32_t box_alloc(port_state *st)
{
    box_pool *bp = &st->boxes;
    uint32_t i;
    if (bp->free_head != UINT32_MAX) {
        i = bp->free_head;
        bp->free_head = port_box(st, i)->next_free;
    } else {
        if (bp->used == bp->nchunks * BOX_CHUNK && !pool_grow(bp)) {
            st->sim.status = CS_ERR_NOMEM;
            cs_sim_stop(&st->sim);
            return UINT32_MAX;
        }
        i = bp->used++;
    }
    bp->live++;
    return i;
}

/* Whether a box adopts a pilot by per-measure shares: eligible class and
 * its adoption uniform below the share (so adopting at 20 % implies
 * adopting at 30 %). */
static bool adopts(const port_state *st, const box *bx, double share, int which)
{
    return share > 0.0 && st->regime->eligible[bx->credit] && box_u(bx, which) < share;
}

/* The category of a mix a uniform u falls in: category k takes
 * [start_k, start_k + share_k), in cs_adoption order. */
static cs_adoption mix_category(const double *share, double u)
{
    double start = 0.0;
    for (int k = CS_ADOPT_NONE + 1; k < CS_ADOPT_N; k++) {
        start += share[k];
        if (share[k] > 0.0 && u < start) return (cs_adoption)k;
    }
    return CS_ADOPT_NONE;
}

cs_adoption port_adoption(const port_state *st, const box *bx)
{
    const cs_regime_spec *r = st->regime;
    if (r->mix.given) {
        const double *share = bx->flow == CS_FLOW_IMPORT ? r->mix.imports[bx->credit] : r->mix.exports[bx->credit];
        return bx->flow == CS_FLOW_TRANSIT ? CS_ADOPT_NONE : mix_category(share, box_u(bx, U_ADOPT_A));
    }
    if (bx->flow == CS_FLOW_EXPORT) {
        if (adopts(st, bx, r->direct_loading_share, U_ADOPT_A)) return CS_ADOPT_DIRECT_LOADING;
        return adopts(st, bx, r->export_advance_share, U_ADOPT_B) ? CS_ADOPT_ADVANCE : CS_ADOPT_NONE;
    }
    if (bx->flow != CS_FLOW_IMPORT) return CS_ADOPT_NONE;
    if (adopts(st, bx, r->ship_side_share, U_ADOPT_C)) return CS_ADOPT_SHIP_SIDE;
    const bool advance = adopts(st, bx, r->advance_share, U_ADOPT_A);
    const bool two_step = adopts(st, bx, r->two_step_share, U_ADOPT_B);
    return advance && two_step ? CS_ADOPT_ADVANCE_TWO_STEP
           : advance           ? CS_ADOPT_ADVANCE
           : two_step          ? CS_ADOPT_TWO_STEP
                               : CS_ADOPT_NONE;
}

bool port_offers(const cs_regime_spec *r, cs_box_flow f, cs_adoption k)
{
    if (f == CS_FLOW_TRANSIT) return false;
    if (r->mix.given) {
        for (int c = 0; c < CS_CREDIT_N; c++)
            if ((f == CS_FLOW_IMPORT ? r->mix.imports[c][k] : r->mix.exports[c][k]) > 0.0) return true;
        return false;
    }
    if (f == CS_FLOW_EXPORT)
        return k == CS_ADOPT_ADVANCE ? r->export_advance_share > 0 : k == CS_ADOPT_DIRECT_LOADING && r->direct_loading_share > 0;
    switch (k) {
    case CS_ADOPT_ADVANCE: return r->advance_share > 0;
    case CS_ADOPT_TWO_STEP: return r->two_step_share > 0;
    case CS_ADOPT_ADVANCE_TWO_STEP: return r->advance_share > 0 && r->two_step_share > 0;
    case CS_ADOPT_SHIP_SIDE: return r->ship_side_share > 0;
    default: return false;
    }
}

bool port_offers_any(const cs_regime_spec *r, cs_box_flow f)
{
    for (int k = CS_ADOPT_NONE + 1; k < CS_ADOPT_N; k++)
        if (port_offers(r, f, (cs_adoption)k)) return true;
    return false;
}

cs_adoption port_box_adoption(const box *bx)
{
    const uint32_t f = bx->flags;
    if (bx->flow == CS_FLOW_EXPORT)
        return f & BF_DIRECT_LOAD ? CS_ADOPT_DIRECT_LOADING : f & BF_EXPORT_ADVANCE ? CS_ADOPT_ADVANCE : CS_ADOPT_NONE;
    if (f & BF_SHIP_SIDE) return CS_ADOPT_SHIP_SIDE;
    if ((f & BF_ADVANCE) && (f & BF_TWO_STEP)) return CS_ADOPT_ADVANCE_TWO_STEP;
    return f & BF_ADVANCE ? CS_ADOPT_ADVANCE : f & BF_TWO_STEP ? CS_ADOPT_TWO_STEP : CS_ADOPT_NONE;
}

static uint8_t pick_channel(const cs_port_scenario *p, uint8_t credit, double u)
{
    double acc = 0.0;
    for (int c = CS_CHANNEL_DOCUMENT; c < CS_CHANNEL_N; c++) {
        acc += p->channel_prob[credit][c];
        if (u < acc) return (uint8_t)c;
    }
    return CS_CHANNEL_GREEN;
}

uint32_t port_box_new(port_state *st, cs_box_flow f, uint64_t source, uint64_t id, uint32_t vessel_index,
                      double arrival)
{
    const uint32_t i = box_alloc(st);
    if (i == UINT32_MAX) return i;
    box *bx = port_box(st, i);
    bx->id = id;
    cs_pcg32 g = cs_rng_stream(st->seed, st->rep, source, id);
    for (int k = 0; k < U_COUNT; k++) bx->u[k] = cs_pcg32_next(&g);
    for (int k = 0; k < CS_MS_COUNT; k++) bx->t[k] = NAN;
    const cs_port_scenario *p = st->p;
    bx->flags = BF_LIVE;
    bx->flow = (uint8_t)f;
    bx->vessel = vessel_index;
    const double u = box_u(bx, U_CREDIT);
    bx->credit = u < p->credit_share[CS_CREDIT_AEO] ? CS_CREDIT_AEO
               : u < p->credit_share[CS_CREDIT_AEO] + p->credit_share[CS_CREDIT_GENERAL] ? CS_CREDIT_GENERAL
               : CS_CREDIT_LOW;
    bx->teu = box_u(bx, U_TEU) < p->teu_two_share ? 2 : 1;
    bx->channel = pick_channel(p, bx->credit, box_u(bx, U_CHANNEL));
    bx->path = CS_PATH_NONE;
    bx->rehandles = 0;
    bx->goal = 0;
    bx->pending = 0;
    if (box_u(bx, U_MANUAL) < p->manual_review_share || bx->channel == CS_CHANNEL_DOCUMENT) bx->flags |= BF_MANUAL;
    /* cargo quarantine: merged into customs, its selection is one more
     * reason for customs' one exam; apart, its own inspection after them */
    if (f == CS_FLOW_IMPORT && box_u(bx, U_QUARANTINE) < p->quarantine_share) {
        if (!p->quarantine_merged) bx->flags |= BF_QUARANTINE;
        else if (bx->channel != CS_CHANNEL_LAB) bx->channel = CS_CHANNEL_EXAM;
    }
    if (arrival >= p->warmup && arrival < p->horizon) bx->flags |= BF_OBSERVED;
    st->generated[f]++;
    if (bx->flags & BF_OBSERVED) st->observed_generated[f]++;
    return i;
}

static void probe_box(port_state *st, const box *bx, bool finished)
{
    cs_port_box_record r;
    r.regime = st->regime_index;
    r.id = bx->id;
    r.flow = bx->flow;
    r.credit = bx->credit;
    r.channel = bx->channel;
    r.path = bx->path;
    r.teu = bx->teu;
    r.rehandles = bx->rehandles;
    r.adoption = (uint8_t)port_box_adoption(bx);
    r.observed = (bx->flags & BF_OBSERVED) != 0;
    r.finished = finished;
    r.vessel = bx->vessel;
    memcpy(r.t, bx->t, sizeof r.t);
    for (int k = 0; k < U_COUNT; k++) r.u[k] = box_u(bx, k);
    st->probe->on_box(st->probe->ctx, &r);
}

void port_box_finish(port_state *st, uint32_t b)
{
    box *bx = port_box(st, b);
    st->finished[bx->flow]++;
    if (bx->flags & BF_OBSERVED) {
        st->observed_finished[bx->flow]++;
        if (st->metric_slot) port_record(st, bx);
    }
    if (st->probe && st->probe->on_box) probe_box(st, bx, true);
    bx->flags &= ~BF_LIVE;
    bx->next_free = st->boxes.free_head;
    st->boxes.free_head = b;
    st->boxes.live--;
}

/* At the end: report what is still in the system, and the vessels. */
static void probe_end(port_state *st)
{
    if (!st->probe) return;
    if (st->probe->on_box)
        for (uint32_t i = 0; i < st->boxes.used; i++)
            if (port_box(st, i)->flags & BF_LIVE) probe_box(st, port_box(st, i), false);
    if (!st->probe->on_vessel) return;
    for (uint32_t v = 0; v < st->nvessels; v++) {
        const vessel *ve = &st->vessels[v];
        const cs_port_vessel_record r = { st->regime_index, v, ve->service, ve->call, ve->scheduled,
                                          ve->arrival, ve->berthed, ve->ops_start, ve->departed,
                                          ve->nimports, ve->nexports };
        st->probe->on_vessel(st->probe->ctx, &r);
    }
}

void port_box_try_finish(port_state *st, uint32_t b)
{
    const box *bx = port_box(st, b);
    if ((bx->flags & BF_DONE) && bx->pending == 0) port_box_finish(st, b);
}

void port_box_done(port_state *st, uint32_t b)
{
    port_box(st, b)->flags |= BF_DONE;
    port_box_try_finish(st, b);
}

bool idx_push(port_state *st, idx_list *l, uint32_t v)
{
    if (l->n == l->cap) {
        const uint32_t cap = l->cap ? 2 * l->cap : 16;
        uint32_t *a = realloc(l->a, cap * sizeof *a);
        if (!a) {
            st->sim.status = CS_ERR_NOMEM;
            cs_sim_stop(&st->sim);
            return false;
        }
        l->a = a;
        l->cap = cap;
    }
    l->a[l->n++] = v;
    return true;
}

/* ---- one regime of one replication ---- */

static void state_free(port_state *st)
{
    for (uint32_t v = 0; v < st->nvessels; v++) {
        free(st->vessels[v].discharge.a);
        free(st->vessels[v].ready.a);
        free(st->vessels[v].direct.a);
        free(st->vessels[v].onboard.a);
        free(st->vessels[v].booked.a);
        free(st->vessels[v].apron.a);
    }
    free(st->vessels);
    free(st->yard_wait.a);
    free(st->slot_used);
    for (int i = 0; i < CS_POOL_N; i++) cs_resource_free(&st->pools[i]);
    pool_free(&st->boxes);
    cs_sim_free(&st->sim);
}

/* The resources' statistics cover the boxes' observation window
 * [warmup, horizon), not the warm-up (a port filling up from empty) nor
 * the drain (whose arrivals nobody observes): they restart at the warm-up
 * and are taken at the horizon, while the run goes on into the drain.
 * Both events run first at their time, like the calendars' changes (an
 * instant weighs nothing in a time average): a request at the warm-up is
 * inside the window, one at the horizon outside, as for a box's arrival.
 * Event data: 0 opens the window, 1 closes it. */
static void on_window(cs_sim *sim, const cs_event *ev)
{
    port_state *st = port_of(sim);
    for (int i = 0; i < CS_POOL_N; i++) {
        if (ev->data == 0) cs_resource_reset_stats(&st->pools[i], sim->now);
        else st->out->resources[st->regime_index * CS_POOL_N + i] = cs_model_resource_value(&st->pools[i], sim->now);
    }
}

static void window_schedule(port_state *st)
{
    cs_sim_on(&st->sim, EV_WINDOW, on_window);
    if (!st->out) return; /* a probe's run: nothing to take */
    cs_sim_schedule(&st->sim, st->p->warmup, EV_WINDOW, CS_PRIO_FIRST, 0);
    cs_sim_schedule(&st->sim, st->p->horizon, EV_WINDOW, CS_PRIO_FIRST, 1);
}

/* One regime of one replication.  out and map may be NULL (no statistics). */
static cs_status run_regime(const cs_port_scenario *p, uint32_t r, uint64_t seed, uint32_t rep,
                            cs_rep_out *out, const int32_t *map, const cs_port_probe *probe,
                            cs_port_totals *totals)
{
    port_state st;
    memset(&st, 0, sizeof st);
    st.p = p;
    st.regime = &p->regimes[r];
    if (st.regime->inputs) st.p = st.regime->inputs; /* the regime's overlay: same entities, other inputs */
    st.regime_index = r;
    st.seed = seed;
    st.rep = rep;
    st.out = out;
    st.metric_slot = map;
    st.probe = probe;
    st.end = p->horizon + p->drain;
    st.boxes.free_head = UINT32_MAX;
    cs_status s = cs_sim_init(&st.sim, EV_COUNT, &st);
    if (s != CS_OK) return s;
    cs_sim_on(&st.sim, EV_DISRUPTION, on_disruption);
    port_vessel_handlers(&st.sim);
    port_customs_handlers(&st.sim);
    port_import_handlers(&st.sim);
    port_export_handlers(&st.sim);
    st.nslots = (uint32_t)ceil(st.end / p->slot_length) + 2;
    st.slot_used = calloc(st.nslots, sizeof *st.slot_used);
    s = st.slot_used ? pools_init(&st) : CS_ERR_NOMEM;
    if (s == CS_OK) s = port_vessels_init(&st);
    if (s == CS_OK) {
        window_schedule(&st);
        disruptions_start(&st);
        port_vessels_start(&st);
        port_series_start(&st);
        s = cs_sim_run(&st.sim, st.end);
        port_series_finish(&st);
        memset(totals, 0, sizeof *totals);
        totals->events = st.sim.events;
        for (int f = 0; f < CS_FLOW_N; f++) {
            totals->generated[f] = st.generated[f];
            totals->finished[f] = st.finished[f];
            totals->observed[f] = st.observed_generated[f];
            totals->observed_finished[f] = st.observed_finished[f];
            totals->yard_waits[f] = st.yard_waits[f];
        }
        totals->draws_cut = st.draws_cut;
        if (out) out->draws_cut += st.draws_cut;
        probe_end(&st);
    }
    state_free(&st);
    return s;
}

cs_status cs_port_run_regime(const cs_port_scenario *p, uint32_t regime, uint64_t seed, uint32_t rep,
                             const cs_port_probe *probe, cs_port_totals *totals)
{
    cs_port_totals scratch;
    return run_regime(p, regime, seed, rep, NULL, NULL, probe, totals ? totals : &scratch);
}

/* A box's id in /trace, apart from its stream id.  The stream id numbers
 * the boxes a call discharges (import, transit) and those it loads
 * (export) each from 0, the stream's source telling them apart, so it
 * repeats across flows; the trace id folds that side into the number:
 * call * 2^21 + side * 2^20 + index within the call and side (side 0
 * discharged, 1 loaded).  So it is unique within a regime of a
 * replication, the same box's in every regime (the regimes pair box by
 * box), fixed by the schedule alone and never by threads or event order,
 * and it only relabels: the streams stay keyed by the stream id, so every
 * other dataset is what it was. */
static uint64_t trace_id(const cs_port_box_record *b)
{
    const uint64_t call = b->id / PORT_MAX_BOXES_PER_CALL, index = b->id % PORT_MAX_BOXES_PER_CALL;
    const uint64_t side = b->flow == CS_FLOW_EXPORT;
    return (2 * call + side) * PORT_MAX_BOXES_PER_CALL + index;
}

/* --trace: every box record becomes a trace row of the replication output. */
static void trace_box(void *ctx, const cs_port_box_record *b)
{
    cs_rep_out *o = ctx;
    if (o->trace_failed) return;
    if (o->ntrace == o->trace_cap) {
        const size_t cap = o->trace_cap ? 2 * o->trace_cap : 4096;
        cs_trace_row *t = realloc(o->trace, cap * sizeof *t);
        if (!t) {
            o->trace_failed = true;
            return;
        }
        o->trace = t;
        o->trace_cap = cap;
    }
    cs_trace_row *row = &o->trace[o->ntrace++];
    row->regime = b->regime;
    row->replication = 0;
    row->box = trace_id(b);
    row->vessel = b->vessel;
    row->flow = b->flow;
    row->credit = b->credit;
    row->channel = b->channel;
    row->path = b->path;
    row->teu = b->teu;
    row->rehandles = b->rehandles;
    row->adoption = b->adoption;
    row->observed = b->observed;
    row->finished = b->finished;
    memcpy(row->t, b->t, sizeof row->t);
}

/* One regime's counters, per box flow in the catalogue's order. */
static void store_counters(double *c, const cs_port_totals *t)
{
    const uint64_t *const total[CS_PORT_BUILTIN_COUNTERS] = {
        [CS_PORT_BOXES_OBSERVED] = t->observed, [CS_PORT_BOXES_OBSERVED_FINISHED] = t->observed_finished,
        [CS_PORT_BOXES_GENERATED] = t->generated, [CS_PORT_BOXES_FINISHED] = t->finished,
        [CS_PORT_YARD_WAITS] = t->yard_waits,
    };
    for (int f = 0; f < CS_FLOW_N; f++)
        for (size_t k = 0; k < port_ncounters; k++)
            c[(size_t)f * port_ncounters + k] = (double)total[port_counters[k].source][f];
}

static cs_status port_replicate(const cs_scenario *s, uint64_t seed, uint32_t rep, cs_rep_out *out)
{
    const cs_port_probe tracer = { out, trace_box, NULL };
    const cs_port_scenario *p = s->port;
    const size_t per = port_map_size();
    int32_t *map = malloc(per * p->nregimes * sizeof *map);
    if (!map) return CS_ERR_NOMEM;
    port_metric_keys(p, NULL, 0, map);
    const double t0 = omp_get_wtime();
    cs_status st = CS_OK;
    for (uint32_t r = 0; r < p->nregimes && st == CS_OK; r++) {
        cs_port_totals t;
        st = run_regime(p, r, seed, rep, out, map + r * per, out->want_trace ? &tracer : NULL, &t);
        if (st == CS_OK && out->trace_failed) st = CS_ERR_NOMEM;
        if (st != CS_OK) break;
        out->events += t.events;
        if (out->ncounters) store_counters(out->counters + (size_t)r * CS_FLOW_N * port_ncounters, &t);
    }
    out->loop_seconds = omp_get_wtime() - t0;
    free(map);
    return st;
}

static size_t port_keys(const cs_scenario *s, cs_metric_key *out, size_t max)
{
    return port_metric_keys(s->port, out, max, NULL);
}

static size_t port_resource_keys(const cs_scenario *s, cs_resource_key *out, size_t max)
{
    const cs_port_scenario *p = s->port;
    const size_t n = (size_t)p->nregimes * CS_POOL_N;
    for (size_t i = 0; out && i < n && i < max; i++) {
        memset(&out[i], 0, sizeof out[i]);
        snprintf(out[i].regime, sizeof out[i].regime, "%s", p->regimes[i / CS_POOL_N].name);
        snprintf(out[i].resource, sizeof out[i].resource, "%s", cs_pool_name((cs_pool)(i % CS_POOL_N)));
    }
    return n;
}

static size_t port_counter_keys_of(const cs_scenario *s, cs_metric_key *out, size_t max)
{
    return port_counter_keys(s->port, out, max);
}

/* Events and peak memory of one replication, every regime: ~12 events per
 * box (docs/engine.md measures 11.4), and at the peak the boxes of about
 * three weeks of calls alive at once (the yard opens 5 days before a call,
 * pickups and drains take the rest), every call's vessel with its lists. */
static void port_estimate(const cs_scenario *s, double *events, double *bytes)
{
    const cs_port_scenario *p = s->port;
    const double span = p->horizon + p->drain;
    double boxes = 0, calls = 0, live = 0;
    for (uint32_t i = 0; i < p->nservices; i++) {
        const cs_service_spec *sv = &p->services[i];
        const double per_call = cs_dist_mean(&sv->imports) + cs_dist_mean(&sv->exports);
        calls += span / sv->period + 1;
        boxes += per_call * (span / sv->period + 1);
        live += per_call * (21.0 * 24.0 / sv->period + 1);
    }
    if (live > boxes) live = boxes;
    *events = 12.0 * boxes * p->nregimes;
    *bytes = live * (double)sizeof(box) + calls * (double)sizeof(vessel) + boxes * 6.0 * sizeof(uint32_t) +
             span / p->slot_length * sizeof(uint32_t);
}

const cs_model cs_port_model = {
    "port", port_catalog, port_keys, port_resource_keys, port_replicate, port_counter_keys_of, port_series_keys,
    port_estimate, &port_trace_names,
};
