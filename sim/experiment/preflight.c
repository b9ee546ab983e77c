/*
 * preflight.c - what `clearsim run` will cost, told by `clearsim check`
 * before anything runs: its memory and its wall time on this machine.
 *
 * Memory is the plan's own estimate (the one run checks against the
 * memory it may use).  Time is measured, not assumed: a cost per event
 * depends on the regimes (a disruption's queues, a pilot's paths) and on
 * the machine, so a pilot runs one replication of every regime through
 * the same runner as `run`, on one thread, and its seconds are scaled by
 * the ratio of the model's event estimates for the whole run and for the
 * pilot (the model's estimate may be off by a constant factor; a ratio of
 * two cancels it), over the threads the replications can use (on a busy
 * machine the pilot is slowed too, the run more: the estimate assumes the
 * threads get their cores).  A pilot beyond PILOT_EVENTS is cut: its
 * port horizon, warm-up and drain
 * shortened in proportion (a queue's customers), so that `check` stays a
 * matter of seconds; the estimate is then rougher (a disruption window
 * may fall outside the pilot).
 */
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>
#include "experiment/job_plan.h"
#include "clearsim/port.h"

#define PILOT_EVENTS 2e7

static cs_status plan_estimate(const cs_scenario *s, uint32_t nrep, int threads, cs_job_estimate *e, cs_error *err)
{
    const cs_scenario *one[1] = { s };
    const uint32_t point0[1] = { 0 };
    cs_job_plan pl = { .model = cs_model_for(s), .scenarios = one, .point_ids = point0, .npoints = 1 };
    memset(e, 0, sizeof *e);
    const cs_status st = cs_job_plan_offsets(&pl, err);
    if (st == CS_OK) cs_job_plan_estimate(&pl, nrep, threads, e);
    cs_job_plan_free(&pl);
    return st;
}

/* The pilot's scenario: s, one replication, cut by the factor f < 1. */
static void cut_down(cs_scenario *s, double f)
{
    if (s->kind == CS_SCENARIO_QUEUE) {
        const uint64_t n = (uint64_t)fmax(1000.0, floor((double)s->queue.customers * f));
        if (n < s->queue.customers) {
            s->queue.warmup = (uint64_t)((double)s->queue.warmup * ((double)n / (double)s->queue.customers));
            s->queue.customers = n;
        }
        return;
    }
    cs_port_scenario *p = s->port;
    p->warmup *= f;
    p->horizon *= f;
    p->drain *= f;
}

cs_status cs_experiment_estimate(const cs_scenario *s, int threads, cs_run_estimate *out, cs_error *err)
{
    memset(out, 0, sizeof *out);
    out->threads = threads > 0 ? threads : omp_get_num_procs();
    cs_job_estimate full;
    cs_status st = plan_estimate(s, s->replications, out->threads, &full, err);
    if (st) return st;
    out->events = full.events;
    out->bytes = full.bytes;
    out->limit_bytes = full.limit_bytes;

    cs_scenario pilot;
    st = cs_scenario_load_string(s->text, s->text_len, s->path, &pilot, err);
    if (st) return st;
    cs_job_estimate small;
    st = plan_estimate(&pilot, 1, 1, &small, err);
    if (st == CS_OK && small.events > PILOT_EVENTS) {
        cut_down(&pilot, PILOT_EVENTS / small.events);
        st = plan_estimate(&pilot, 1, 1, &small, err);
    }
    if (st) {
        cs_scenario_free(&pilot);
        return st;
    }
    const cs_run_options one = { .replications = 1, .threads = 1 };
    cs_results r;
    const double t0 = omp_get_wtime();
    st = cs_experiment_run(&pilot, &one, &r, err);
    out->pilot_seconds = omp_get_wtime() - t0;
    cs_results_free(&r);
    cs_scenario_free(&pilot);
    if (st) return st;
    const uint32_t parallel = s->replications < (uint32_t)out->threads ? s->replications : (uint32_t)out->threads;
    out->seconds = small.events > 0 ? out->pilot_seconds * (full.events / small.events) / parallel : out->pilot_seconds;
    return CS_OK;
}
