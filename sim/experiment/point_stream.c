/*
 * point_stream.c - a sweep's results written point by point, so the
 * writer holds the points in flight, not the sweep.
 *
 * Every stored job (from a thread, from an MPI rank, or replayed from the
 * journal) lands in its point's own results, laid out for that point
 * alone.  When a point's last replication is in, the point is complete:
 * it is analysed on its own (summary, paired differences, decomposition,
 * shares, series means: all of them per point, so the rows equal those of
 * the sweep analysed at once) and, once every earlier point is written,
 * its rows are appended to the file.  Points complete out of order (jobs
 * differ in length), so complete points wait in a reorder buffer until
 * the one before them is written; jobs are handed out in point order, so
 * the buffer holds about as many points as there are threads.
 *
 * Any thread that completes a point may write, one at a time (a lock
 * tried, never waited for while jobs run: a thread that finds the writer
 * busy goes back to work and the writer picks its point up); whatever is
 * left is written at the end.
 *
 * One slow job must not let the buffer grow: while it runs, the other
 * threads would complete point after point behind it (seen: 9 points held
 * on 2 threads of a loaded machine instead of 3).  So a thread may start
 * a job of point i only while i < next + window (cs_point_stream_admit,
 * the plan's admit hook); otherwise it writes what it can and waits
 * (runner.c) for the point at `next`, which other threads are running
 * already (jobs are handed out in point order).
 *
 * The first failure is kept and stops the stream; the sweep then reports
 * it instead of the job's.
 */
#include <omp.h>
#include <stdlib.h>
#include <string.h>
#include "experiment/point_stream.h"

typedef struct point_slot {
    uint32_t left;      /* replications not stored yet */
    cs_job_plan one;    /* the plan of this point alone */
    cs_results r;
} point_slot;

struct cs_point_stream {
    const cs_job_plan *pl;
    uint32_t nrep;
    uint64_t seed;
    cs_output_stream *out;
    omp_lock_t lock;      /* slots, next, failure */
    omp_lock_t writing;   /* the file */
    point_slot **slots;   /* [npoints]: NULL before the first job and after the write */
    uint32_t next;        /* the next point to write */
    uint32_t window;      /* points a job may run ahead of next (0: any) */
    uint32_t in_memory, most_in_memory;
    uint64_t draws_cut;
    cs_warning_digest digest; /* of the points written */
    cs_status failed;
    cs_error err;
};

cs_status cs_point_stream_open(const cs_job_plan *pl, uint32_t nrep, uint64_t seed, cs_output_stream *out,
                               cs_point_stream **ps, cs_error *err)
{
    cs_point_stream *s = calloc(1, sizeof *s);
    if (s) s->slots = calloc(pl->npoints ? pl->npoints : 1, sizeof *s->slots);
    if (!s || !s->slots) {
        free(s);
        return cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    s->pl = pl;
    s->nrep = nrep;
    s->seed = seed;
    s->out = out;
    omp_init_lock(&s->lock);
    omp_init_lock(&s->writing);
    *ps = s;
    return CS_OK;
}

static void slot_free(point_slot *p)
{
    if (!p) return;
    cs_results_free(&p->r);
    cs_job_plan_free(&p->one);
    free(p);
}

void cs_point_stream_free(cs_point_stream *s)
{
    if (!s) return;
    for (uint32_t i = 0; i < s->pl->npoints; i++) slot_free(s->slots[i]);
    free(s->slots);
    omp_destroy_lock(&s->lock);
    omp_destroy_lock(&s->writing);
    free(s);
}

/* The first failure stops the stream (under s->lock). */
static cs_status fail(cs_point_stream *s, const cs_error *e)
{
    if (s->failed == CS_OK) {
        s->failed = e->status;
        s->err = *e;
    }
    return s->failed;
}

/* Point i's results, laid out for it alone (under s->lock). */
static point_slot *slot_new(cs_point_stream *s, uint32_t i, cs_error *e)
{
    const cs_job_plan *pl = s->pl;
    point_slot *p = calloc(1, sizeof *p);
    if (!p) {
        cs_error_set(e, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
        return NULL;
    }
    p->left = s->nrep;
    cs_job_plan *one = &p->one;
    one->model = pl->model;
    one->scenarios = pl->scenarios ? &pl->scenarios[i] : NULL;
    one->load = pl->load;
    one->load_ctx = pl->load_ctx;
    one->cache = pl->cache;
    one->prototype = cs_job_plan_prototype(pl);
    one->point_ids = &pl->point_ids[i];
    one->npoints = 1;
    one->min_samples = pl->nsamples; /* every point's series as long as the plan's */
    if (cs_job_plan_layout(one, &p->r, s->nrep, s->seed, e) != CS_OK) {
        slot_free(p);
        return NULL;
    }
    return p;
}

/* Point i: analysed, written, freed (holding s->writing). */
static cs_status write_point(cs_point_stream *s, point_slot *p, cs_error *e)
{
    cs_status st = cs_job_plan_end(&p->one, &p->r, 0, 0, 0.0, e);
    if (st == CS_OK) st = cs_output_stream_point(s->out, &p->r, e);
    if (st == CS_OK) /* in point order: the first finding of each kind is the file's first */
        cs_warning_digest_add(&s->digest, p->r.warnings, p->r.nwarnings, p->r.pooled, p->r.npooled);
    s->draws_cut += p->r.draws_cut;
    slot_free(p);
    return st;
}

/* Write every complete point that comes next; blocking: wait for the
 * writer instead of leaving the work to it. */
static void drain(cs_point_stream *s, bool blocking)
{
    if (blocking) omp_set_lock(&s->writing);
    else if (!omp_test_lock(&s->writing)) return;
    for (;;) {
        omp_set_lock(&s->lock);
        point_slot *p = s->failed == CS_OK && s->next < s->pl->npoints ? s->slots[s->next] : NULL;
        const bool ready = p && p->left == 0;
        if (ready) s->slots[s->next] = NULL;
        omp_unset_lock(&s->lock);
        if (!ready) break;
        cs_error e;
        const cs_status st = write_point(s, p, &e);
        omp_set_lock(&s->lock);
        s->next++;
        s->in_memory--;
        if (st != CS_OK) fail(s, &e);
        omp_unset_lock(&s->lock);
    }
    omp_unset_lock(&s->writing);
}

cs_status cs_point_stream_store(void *ctx, uint32_t i, uint32_t rep, const cs_rep_out *o)
{
    cs_point_stream *s = ctx;
    cs_error e;
    omp_set_lock(&s->lock);
    point_slot *p = s->failed == CS_OK ? s->slots[i] : NULL;
    if (s->failed == CS_OK && !p) {
        if ((p = s->slots[i] = slot_new(s, i, &e)) != NULL) {
            if (++s->in_memory > s->most_in_memory) s->most_in_memory = s->in_memory;
        } else {
            fail(s, &e);
        }
    }
    cs_status st = s->failed;
    omp_unset_lock(&s->lock);
    if (st != CS_OK) return st;
    /* the point stays in memory until its last replication is in: only
     * this job writes its own positions */
    st = cs_job_store(&p->one, &p->r, 0, rep, o);
    omp_set_lock(&s->lock);
    if (st != CS_OK) fail(s, &(cs_error){ .status = st, .message = "out of memory" });
    else p->left--;
    st = s->failed;
    omp_unset_lock(&s->lock);
    if (st == CS_OK) drain(s, false);
    return st;
}

void cs_point_stream_set_window(cs_point_stream *s, uint32_t window)
{
    s->window = window;
}

bool cs_point_stream_admit(void *ctx, uint32_t i)
{
    cs_point_stream *s = ctx;
    omp_set_lock(&s->lock);
    bool go = s->window == 0 || s->failed != CS_OK || i < s->next + s->window;
    omp_unset_lock(&s->lock);
    if (go) return true;
    drain(s, false); /* while waiting, write what is complete */
    omp_set_lock(&s->lock);
    go = s->failed != CS_OK || i < s->next + s->window;
    omp_unset_lock(&s->lock);
    return go;
}

cs_status cs_point_stream_failure(const cs_point_stream *s, cs_error *err)
{
    if (s->failed != CS_OK) *err = s->err;
    return s->failed;
}

cs_status cs_point_stream_finish(cs_point_stream *s, uint64_t *draws_cut, cs_error *err)
{
    drain(s, true);
    if (s->failed != CS_OK) return cs_point_stream_failure(s, err);
    if (s->next < s->pl->npoints)
        return cs_error_set(err, CS_ERR_INTERNAL, NULL, 0, 0, "point %u of the sweep was not complete",
                            s->pl->point_ids[s->next]);
    *draws_cut = s->draws_cut;
    return CS_OK;
}

const cs_warning_digest *cs_point_stream_warnings(const cs_point_stream *s)
{
    return &s->digest;
}

uint32_t cs_point_stream_most_in_memory(const cs_point_stream *s)
{
    return s->most_in_memory;
}
