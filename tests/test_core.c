/*
 * test_core.c - the kernel: event order, ties, cancellation, resources,
 * calendars and their time-weighted statistics, each against answers
 * worked out by hand.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "clearsim/resource.h"
#include "clearsim/sim.h"

/* ---- a recorder model: each handled event appends (time, data) ---- */
typedef struct recorder {
    int n;
    double t[64];
    uint64_t d[64];
    cs_timer timers[8];
} recorder;

static void record(recorder *r, double t, uint64_t d)
{
    r->t[r->n] = t;
    r->d[r->n] = d;
    r->n++;
}

static void on_record(cs_sim *sim, const cs_event *ev)
{
    record(sim->model, sim->now, ev->data);
}

static void test_time_order(void **state)
{
    (void)state;
    recorder rec = { 0 };
    cs_sim sim;
    assert_int_equal(cs_sim_init(&sim, 2, &rec), CS_OK);
    cs_sim_on(&sim, 1, on_record);
    const double times[] = { 5, 1, 4, 2, 3, 9, 0, 7, 8, 6 };
    for (int i = 0; i < 10; i++) cs_sim_schedule(&sim, times[i], 1, CS_PRIO_NORMAL, (uint64_t)times[i]);
    assert_int_equal(cs_sim_pending(&sim), 10);
    assert_int_equal(cs_sim_run(&sim, INFINITY), CS_OK);
    assert_int_equal(rec.n, 10);
    for (int i = 0; i < 10; i++) assert_true(rec.t[i] == (double)i);
    assert_int_equal(sim.events, 10);
    cs_sim_free(&sim);
}

static void test_ties_priority_then_insertion(void **state)
{
    (void)state;
    recorder rec = { 0 };
    cs_sim sim;
    cs_sim_init(&sim, 2, &rec);
    cs_sim_on(&sim, 1, on_record);
    /* all at t = 1: priority 200 (a, b), 10 (c), 128 (d, e) */
    cs_sim_schedule(&sim, 1.0, 1, 200, 'a');
    cs_sim_schedule(&sim, 1.0, 1, 200, 'b');
    cs_sim_schedule(&sim, 1.0, 1, 10, 'c');
    cs_sim_schedule(&sim, 1.0, 1, CS_PRIO_NORMAL, 'd');
    cs_sim_schedule(&sim, 1.0, 1, CS_PRIO_NORMAL, 'e');
    cs_sim_schedule(&sim, 0.5, 1, CS_PRIO_LAST, 'z');
    cs_sim_run(&sim, INFINITY);
    const char want[] = "zcdeab";
    for (int i = 0; i < 6; i++) assert_int_equal(rec.d[i], (uint64_t)want[i]);
    cs_sim_free(&sim);
}

static void test_run_until(void **state)
{
    (void)state;
    recorder rec = { 0 };
    cs_sim sim;
    cs_sim_init(&sim, 2, &rec);
    cs_sim_on(&sim, 1, on_record);
    for (int i = 1; i <= 5; i++) cs_sim_schedule(&sim, i, 1, CS_PRIO_NORMAL, i);
    cs_sim_run(&sim, 3.0); /* events at exactly `until` run */
    assert_int_equal(rec.n, 3);
    assert_true(sim.now == 3.0);
    cs_sim_run(&sim, INFINITY);
    assert_int_equal(rec.n, 5);
    cs_sim_free(&sim);
}

/* Cancels timers[1] when the event with data 100 fires. */
static void on_cancel_other(cs_sim *sim, const cs_event *ev)
{
    recorder *r = sim->model;
    on_record(sim, ev);
    if (ev->data == 100) assert_true(cs_sim_cancel(sim, r->timers[1]));
}

static void test_cancellation(void **state)
{
    (void)state;
    recorder rec = { 0 };
    cs_sim sim;
    cs_sim_init(&sim, 2, &rec);
    cs_sim_on(&sim, 1, on_cancel_other);
    rec.timers[0] = cs_sim_schedule_cancellable(&sim, 1.0, 1, CS_PRIO_NORMAL, 1);
    rec.timers[1] = cs_sim_schedule_cancellable(&sim, 3.0, 1, CS_PRIO_NORMAL, 3);
    rec.timers[2] = cs_sim_schedule_cancellable(&sim, 4.0, 1, CS_PRIO_NORMAL, 4);
    cs_sim_schedule(&sim, 2.0, 1, CS_PRIO_NORMAL, 100);
    assert_true(cs_sim_cancel(&sim, rec.timers[2]));
    assert_false(cs_sim_cancel(&sim, rec.timers[2])); /* twice */
    assert_int_equal(cs_sim_pending(&sim), 3);
    cs_sim_run(&sim, INFINITY);
    assert_int_equal(rec.n, 2); /* 1 and 100; 3 cancelled at t=2, 4 before the run */
    assert_int_equal(rec.d[0], 1);
    assert_int_equal(rec.d[1], 100);
    assert_false(cs_sim_cancel(&sim, rec.timers[0])); /* already fired */
    assert_int_equal(cs_sim_pending(&sim), 0);
    /* a recycled slot does not honour a stale handle */
    const cs_timer fresh = cs_sim_schedule_cancellable(&sim, 5.0, 1, CS_PRIO_NORMAL, 5);
    assert_false(cs_sim_cancel(&sim, rec.timers[1]));
    assert_true(cs_sim_cancel(&sim, fresh));
    cs_sim_free(&sim);
}

/* Heap order under load: 10^4 pseudo-random times come out sorted. */
static void on_check_order(cs_sim *sim, const cs_event *ev)
{
    double *last = sim->model;
    assert_true(ev->time >= *last);
    *last = ev->time;
}

static void test_heap_stress(void **state)
{
    (void)state;
    double last = 0;
    cs_sim sim;
    cs_sim_init(&sim, 2, &last);
    cs_sim_on(&sim, 1, on_check_order);
    uint64_t x = 88172645463325252ull;
    for (int i = 0; i < 10000; i++) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        cs_sim_schedule(&sim, (double)(x % 1000), 1, (int)(x % 256), 0);
    }
    cs_sim_run(&sim, INFINITY);
    assert_int_equal(sim.events, 10000);
    cs_sim_free(&sim);
}

/* The event list against a plain reference heap: a hold model with
 * near, far, tied and infinite times, deep enough to split into time
 * buckets, cut new windows and renumber in mid-run, must pop exactly the
 * reference's order (time, priority, insertion). */
typedef struct ref_event {
    double time;
    int prio;
    uint64_t seq, id;
} ref_event;

typedef struct ref_hold {
    ref_event *h;
    uint64_t n, seq, next_id, fired, left, mismatches;
    uint64_t x; /* xorshift state */
} ref_hold;

static bool ref_before(const ref_event *a, const ref_event *b)
{
    if (a->time != b->time) return a->time < b->time;
    if (a->prio != b->prio) return a->prio < b->prio;
    return a->seq < b->seq;
}

static void ref_push(ref_hold *r, ref_event e)
{
    uint64_t i = r->n++;
    while (i > 0 && ref_before(&e, &r->h[(i - 1) / 2])) {
        r->h[i] = r->h[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    r->h[i] = e;
}

static ref_event ref_pop(ref_hold *r)
{
    const ref_event top = r->h[0], last = r->h[--r->n];
    uint64_t i = 0;
    for (;;) {
        uint64_t c = 2 * i + 1;
        if (c >= r->n) break;
        if (c + 1 < r->n && ref_before(&r->h[c + 1], &r->h[c])) c++;
        if (!ref_before(&r->h[c], &last)) break;
        r->h[i] = r->h[c];
        i = c;
    }
    if (r->n) r->h[i] = last;
    return top;
}

static uint64_t xs(ref_hold *r)
{
    r->x ^= r->x << 13; r->x ^= r->x >> 7; r->x ^= r->x << 17;
    return r->x;
}

static void ref_schedule(cs_sim *sim, ref_hold *r)
{
    const uint64_t u = xs(r);
    const double f = (double)(u >> 11) * 0x1p-53;
    double t;
    switch (u % 100) {
    case 0: t = INFINITY; break;
    case 1: case 2: case 3: case 4: t = floor(sim->now) + 1.0; break; /* ties */
    case 5: case 6: t = sim->now; break;
    default:
        t = u % 100 < 55 ? sim->now + 0.01 * f : u % 100 < 85 ? sim->now + f * 3 : sim->now + 50 + f * 900;
    }
    const int prio = (int)((u >> 8) % 4) * 60;
    ref_push(r, (ref_event){ t, prio, r->seq++, r->next_id });
    cs_sim_schedule(sim, t, 1, prio, r->next_id++);
}

static void on_ref_hold(cs_sim *sim, const cs_event *ev)
{
    ref_hold *r = sim->model;
    const ref_event want = ref_pop(r);
    if (want.id != ev->data || want.time != ev->time) r->mismatches++;
    r->fired++;
    if (r->fired == 150000) sim->fel.next_seq = (UINT64_C(1) << 32) - 3; /* renumber soon */
    if (r->left > 0) {
        r->left--;
        ref_schedule(sim, r);
        if (xs(r) % 3 == 0 && r->left > 0) { /* the list breathes: grows and shrinks */
            r->left--;
            ref_schedule(sim, r);
        }
    }
}

static void test_event_list_matches_reference(void **state)
{
    (void)state;
    ref_hold r = { .h = malloc(1000000 * sizeof(ref_event)), .left = 300000, .x = 88172645463325252ull };
    assert_non_null(r.h);
    cs_sim sim;
    cs_sim_init(&sim, 2, &r);
    cs_sim_on(&sim, 1, on_ref_hold);
    for (int i = 0; i < 40000; i++) ref_schedule(&sim, &r);
    assert_int_equal(cs_sim_run(&sim, INFINITY), CS_OK);
    assert_int_equal(r.mismatches, 0);
    assert_int_equal(r.n, 0);
    assert_int_equal(sim.events, r.next_id);
    assert_int_equal(cs_sim_pending(&sim), 0);
    cs_sim_free(&sim);
    free(r.h);
}

/* ---- resources ---- */
typedef struct station {
    cs_resource res;
    recorder rec;
    double service;
} station;

enum { EV_ARRIVE = 1, EV_DONE, EV_GRANTED, EV_N };

static void st_arrive(cs_sim *sim, const cs_event *ev)
{
    station *s = sim->model;
    if (cs_resource_request(sim, &s->res, EV_GRANTED, (int)(ev->data >> 32), ev->data))
        cs_sim_schedule(sim, sim->now + s->service, EV_DONE, CS_PRIO_NORMAL, ev->data);
}

static void st_granted(cs_sim *sim, const cs_event *ev)
{
    station *s = sim->model;
    record(&s->rec, sim->now, ev->data);
    cs_sim_schedule(sim, sim->now + s->service, EV_DONE, CS_PRIO_NORMAL, ev->data);
}

static void st_done(cs_sim *sim, const cs_event *ev)
{
    (void)ev;
    station *s = sim->model;
    cs_resource_release_grant(sim, &s->res);
}

static void station_init(cs_sim *sim, station *s, uint32_t cap, cs_discipline d, double service)
{
    memset(s, 0, sizeof *s);
    s->service = service;
    cs_sim_init(sim, EV_N, s);
    cs_sim_on(sim, EV_ARRIVE, st_arrive);
    cs_sim_on(sim, EV_DONE, st_done);
    cs_sim_on(sim, EV_GRANTED, st_granted);
    cs_resource_init(&s->res, sim, "lane", cap, d);
}

/* Single server, service 2; arrivals at 0,0,0,1 (priorities 5,9,1,0).
 * FIFO: starts 0,2,4,6.  Priority: the 1st starts at 0; then by priority
 * among those waiting at t=2: data 4 (prio 0) at 2, 3 (prio 1) at 4, 2 at 6. */
static void test_resource_fifo_and_priority(void **state)
{
    (void)state;
    const int prio[4] = { 5, 9, 1, 0 };
    const double at[4] = { 0, 0, 0, 1 };
    for (int disc = 0; disc < 2; disc++) {
        cs_sim sim;
        station s;
        station_init(&sim, &s, 1, disc ? CS_PRIORITY : CS_FIFO, 2.0);
        for (int i = 0; i < 4; i++)
            cs_sim_schedule(&sim, at[i], EV_ARRIVE, CS_PRIO_NORMAL, ((uint64_t)prio[i] << 32) | (uint64_t)(i + 1));
        cs_sim_run(&sim, INFINITY);
        assert_int_equal(s.rec.n, 3); /* grants of the three that waited */
        const uint32_t fifo[3] = { 2, 3, 4 }, byprio[3] = { 4, 3, 2 };
        for (int i = 0; i < 3; i++) {
            assert_true(s.rec.t[i] == 2.0 * (i + 1));
            assert_int_equal((uint32_t)s.rec.d[i], disc ? byprio[i] : fifo[i]);
        }
        /* busy all of [0, 8]; queue 2 on [0,1), 3 on [1,2), 2 on [2,4), 1 on [4,6) */
        const cs_resource_stats rs = cs_resource_stats_at(&s.res, sim.now);
        assert_true(sim.now == 8.0);
        assert_float_equal(rs.utilisation, 1.0, 1e-12);
        assert_float_equal(rs.queue_mean, (2 * 1 + 3 * 1 + 2 * 2 + 1 * 2) / 8.0, 1e-12);
        assert_true(rs.queue_max == 3);
        assert_int_equal(rs.arrivals, 4);
        assert_int_equal(rs.completions, 4);
        cs_resource_free(&s.res);
        cs_sim_free(&sim);
    }
}

/* A calendar closes the single lane on [2, 5) every 10 h.  Boxes arrive at
 * 0, 1, 2, 3 with service 1.5: the 1st runs [0, 1.5), the 2nd [1.5, 3.0)
 * (busy when the lane closes: it finishes), the 3rd and 4th wait for the
 * reopening at 5 and run [5, 6.5) and [6.5, 8). */
static void test_calendar_closure(void **state)
{
    (void)state;
    cs_sim sim;
    station s;
    station_init(&sim, &s, 1, CS_FIFO, 1.5);
    const cs_capacity_change changes[2] = { { 2.0, 0 }, { 5.0, 1 } };
    const cs_calendar cal = { changes, 2, 10.0 };
    cs_resource_follow_calendar(&sim, &s.res, &cal, 0.0);
    for (int i = 0; i < 4; i++) cs_sim_schedule(&sim, i, EV_ARRIVE, CS_PRIO_NORMAL, (uint64_t)(i + 1));
    cs_sim_run(&sim, 9.0);
    assert_int_equal(s.rec.n, 3);
    assert_true(s.rec.t[0] == 1.5 && s.rec.d[0] == 2);
    assert_true(s.rec.t[1] == 5.0 && s.rec.d[1] == 3);
    assert_true(s.rec.t[2] == 6.5 && s.rec.d[2] == 4);
    /* capacity 1 on [0,2), 0 on [2,5), 1 on [5,9]: mean 6/9;
     * busy [0,3) and [5,8): 6/9, so utilisation 1 */
    const cs_resource_stats rs = cs_resource_stats_at(&s.res, 9.0);
    assert_float_equal(rs.capacity_mean, 6.0 / 9.0, 1e-12);
    assert_float_equal(rs.busy_mean, 6.0 / 9.0, 1e-12);
    assert_float_equal(rs.utilisation, 1.0, 1e-12);
    /* the calendar repeats: closed again at 12 */
    cs_sim_run(&sim, 12.5);
    assert_int_equal(s.res.capacity, 0);
    cs_resource_free(&s.res);
    cs_sim_free(&sim);
}

/* Raising the capacity starts as many waiters as there are new servers. */
static void test_capacity_increase_grants(void **state)
{
    (void)state;
    cs_sim sim;
    station s;
    station_init(&sim, &s, 0, CS_FIFO, 1.0);
    for (int i = 0; i < 3; i++) cs_sim_schedule(&sim, 0.0, EV_ARRIVE, CS_PRIO_NORMAL, (uint64_t)(i + 1));
    cs_sim_run(&sim, 1.0); /* the clock stays at the last event, 0 */
    assert_int_equal(cs_resource_queue_length(&s.res), 3);
    cs_resource_set_capacity(&sim, &s.res, 2);
    cs_sim_run(&sim, INFINITY);
    assert_int_equal(s.rec.n, 3);
    assert_true(s.rec.t[0] == 0.0 && s.rec.t[1] == 0.0 && s.rec.t[2] == 1.0);
    assert_int_equal(s.rec.d[0], 1);
    assert_int_equal(s.rec.d[2], 3);
    cs_resource_free(&s.res);
    cs_sim_free(&sim);
}

/* What planning ahead reads off a calendar: the capacity in force at any
 * time, the initial one before the first change, the last change of the
 * previous cycle before the first of a later one. */
static void test_calendar_capacity_at(void **state)
{
    (void)state;
    const cs_capacity_change changes[] = { { 2.0, 0 }, { 5.0, 3 } };
    const cs_calendar cyclic = { changes, 2, 10.0 }, once = { changes, 2, 0.0 }, none = { changes, 0, 0.0 };
    assert_int_equal(cs_calendar_capacity_at(&cyclic, 1, 0.0, 0.0), 1);
    assert_int_equal(cs_calendar_capacity_at(&cyclic, 1, 0.0, 1.999), 1);
    assert_int_equal(cs_calendar_capacity_at(&cyclic, 1, 0.0, 2.0), 0);
    assert_int_equal(cs_calendar_capacity_at(&cyclic, 1, 0.0, 4.999), 0);
    assert_int_equal(cs_calendar_capacity_at(&cyclic, 1, 0.0, 5.0), 3);
    assert_int_equal(cs_calendar_capacity_at(&cyclic, 1, 0.0, 11.0), 3); /* the previous cycle's last */
    assert_int_equal(cs_calendar_capacity_at(&cyclic, 1, 0.0, 12.5), 0);
    assert_int_equal(cs_calendar_capacity_at(&cyclic, 1, 100.0, 101.0), 1); /* before its start */
    assert_int_equal(cs_calendar_capacity_at(&cyclic, 1, 100.0, 112.0), 0);
    assert_int_equal(cs_calendar_capacity_at(&once, 1, 0.0, 15.0), 3);
    assert_int_equal(cs_calendar_capacity_at(&once, 1, 0.0, 3.0), 0);
    assert_int_equal(cs_calendar_capacity_at(&none, 7, 0.0, 3.0), 7);
}

/* A factor scales the calendar's capacity: 4 lanes at 0.5 -> 2; the
 * calendar then sets 3 nominal -> round(1.5) = 2; factor 1 -> 3. */
static void test_capacity_factor(void **state)
{
    (void)state;
    cs_sim sim;
    station s;
    station_init(&sim, &s, 4, CS_FIFO, 1.0);
    cs_resource_set_factor(&sim, &s.res, 0.5);
    assert_int_equal(s.res.capacity, 2);
    cs_resource_set_capacity(&sim, &s.res, 3);
    assert_int_equal(s.res.capacity, 2);
    cs_resource_set_factor(&sim, &s.res, 0.0);
    assert_int_equal(s.res.capacity, 0);
    cs_resource_set_factor(&sim, &s.res, 1.0);
    assert_int_equal(s.res.capacity, 3);
    cs_resource_free(&s.res);
    cs_sim_free(&sim);
}

/* Sequence numbers are renumbered before they wrap: insertion order still
 * breaks ties across the renumbering (events a, b before it; c, d after). */
static void test_sequence_renumbering(void **state)
{
    (void)state;
    recorder rec = { 0 };
    cs_sim sim;
    cs_sim_init(&sim, 2, &rec);
    cs_sim_on(&sim, 1, on_record);
    cs_sim_schedule(&sim, 2.0, 1, CS_PRIO_NORMAL, 'x');
    cs_sim_schedule(&sim, 1.0, 1, CS_PRIO_NORMAL, 'a');
    sim.fel.next_seq = (UINT64_C(1) << 32) - 1; /* the next schedule is the last number */
    cs_sim_schedule(&sim, 1.0, 1, CS_PRIO_NORMAL, 'b');
    cs_sim_schedule(&sim, 1.0, 1, CS_PRIO_NORMAL, 'c'); /* renumbers first */
    assert_true(sim.fel.next_seq == 4);
    cs_sim_schedule(&sim, 1.0, 1, CS_PRIO_NORMAL, 'd');
    cs_sim_schedule(&sim, 1.0, 1, 10, 'p');
    cs_sim_run(&sim, INFINITY);
    const char want[] = "pabcdx";
    assert_int_equal(rec.n, 6);
    for (int i = 0; i < 6; i++) assert_int_equal(rec.d[i], (uint64_t)want[i]);
    cs_sim_free(&sim);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_time_order),
        cmocka_unit_test(test_ties_priority_then_insertion),
        cmocka_unit_test(test_run_until),
        cmocka_unit_test(test_cancellation),
        cmocka_unit_test(test_heap_stress),
        cmocka_unit_test(test_event_list_matches_reference),
        cmocka_unit_test(test_resource_fifo_and_priority),
        cmocka_unit_test(test_calendar_closure),
        cmocka_unit_test(test_calendar_capacity_at),
        cmocka_unit_test(test_capacity_increase_grants),
        cmocka_unit_test(test_capacity_factor),
        cmocka_unit_test(test_sequence_renumbering),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
