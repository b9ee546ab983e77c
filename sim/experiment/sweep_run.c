/*
 * sweep_run.c - `clearsim sweep` below the command line: a sweep (or one
 * shard of it) as one job plan, run over threads and MPI ranks, journaled,
 * and written to its result file.
 *
 * The sweep layer (scenario/sweep.c) has already loaded and validated every
 * point, keeping point 0 only; the plan loads each point again when its
 * jobs run, and rank 0 writes each point's rows as the point completes
 * (point_stream.c), so memory holds the points in flight, not the sweep.
 * The file grows in the journal's private folder and is published at OUT
 * when whole.  A shard computes the whole points p with p % N == I; its rows
 * carry the sweep's point numbers, so parts merge by point.  Before any job
 * runs, OUT must be free (or replaceable), the plan is priced, and the
 * journal OUT.partial/ is opened (or, resuming, replayed into the results);
 * each finished job is journaled, so a killed sweep loses only the jobs
 * since the last batch.  Under MPI every rank computes the same plan;
 * rank 0 alone checks OUT, holds the journal and the results and writes,
 * and the ranks agree at each step whether to go on, so one rank's failure
 * stops them all.  The results name the sweep (results/NAME.h5), keep the
 * base scenario's text for /scenario and the sweep's for /sweep.
 */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "clearsim/output.h"
#include "clearsim/sha256.h"
#include "clearsim/sweep.h"
#include "experiment/job_plan.h"
#include "experiment/journal.h"
#include "experiment/point_stream.h"

/* The result file as it grows, in the journal's private folder. */
#define STREAM_FILE "results.h5"

#ifndef CLEARSIM_VERSION
#define CLEARSIM_VERSION "0.0.0"
#endif

uint32_t cs_sweep_shard_points(const cs_sweep *sw, const cs_sweep_options *o, uint32_t *ids)
{
    uint32_t n = 0;
    for (uint32_t p = 0; p < sw->npoints; p++)
        if (o->shard_count == 0 || p % o->shard_count == o->shard_index) {
            if (ids) ids[n] = p;
            n++;
        }
    return n;
}

/* The plan's loader: a point of the sweep, loaded again. */
static cs_status load_point(void *ctx, uint32_t point, cs_scenario *out, cs_error *err)
{
    return cs_sweep_point(ctx, point, out, err);
}

/* Every shard pads its time series to the whole sweep's longest point, so
 * the parts merge row by row (a pass over every point: only with series). */
static cs_status longest_series(const cs_sweep *sw, cs_job_plan *pl, cs_error *err)
{
    for (uint32_t p = 0; sw->timeseries && pl->model->series_keys && p < sw->npoints; p++) {
        cs_scenario sc;
        const cs_status st = cs_sweep_point(sw, p, &sc, err);
        if (st != CS_OK) return st;
        uint32_t samples = 0;
        if (pl->model->series_keys(&sc, NULL, 0, NULL, &samples) && samples > pl->min_samples)
            pl->min_samples = samples;
        cs_scenario_free(&sc);
    }
    return CS_OK;
}

/* The job plan of the sweep's shard (free with plan_free): points loaded
 * when jobs need them, a few at a time. */
static cs_status plan_sweep(const cs_sweep *sw, const cs_sweep_options *o, cs_job_plan *pl, cs_error *err)
{
    memset(pl, 0, sizeof *pl);
    if (o->shard_count && o->shard_index >= o->shard_count)
        return cs_error_set(err, CS_ERR_INPUT, NULL, 0, 0, "shard %u/%u: the index must be below the count",
                            o->shard_index, o->shard_count);
    const uint32_t n = cs_sweep_shard_points(sw, o, NULL);
    uint32_t *ids = malloc((n ? n : 1) * sizeof *ids);
    if (!ids || cs_job_plan_cache_new(pl, o->run.threads) != CS_OK) {
        free(ids);
        return cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    cs_sweep_shard_points(sw, o, ids);
    pl->model = cs_model_for(&sw->points[0]);
    pl->prototype = &sw->points[0]; /* a shard may hold no point: more shards than points */
    pl->load = load_point;
    pl->load_ctx = (void *)sw;
    pl->point_ids = ids;
    pl->npoints = n;
    pl->measure = true;
    return longest_series(sw, pl, err);
}

static void plan_free(cs_job_plan *pl)
{
    free((void *)pl->point_ids);
    cs_job_plan_cache_free(pl);
    cs_job_plan_free(pl);
    memset(pl, 0, sizeof *pl);
}

/* The sweep's part of the results: /points, /sweep, the name and the base
 * scenario's text (r borrows the sweep's point values). */
static cs_status fill_sweep_results(const cs_sweep *sw, const cs_sweep_options *o, cs_results *r, cs_error *err)
{
    r->param_paths = calloc(sw->nparams ? sw->nparams : 1, sizeof *r->param_paths);
    r->tied_paths = calloc(sw->nkeys ? sw->nkeys : 1, sizeof *r->tied_paths);
    r->tied_params = calloc(sw->nkeys ? sw->nkeys : 1, sizeof *r->tied_params);
    if (!r->param_paths || !r->tied_paths || !r->tied_params)
        return cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (uint32_t k = 0; k < sw->nparams; k++) /* a plain parameter's path, a tied one's name */
        snprintf(r->param_paths[k], sizeof r->param_paths[k], "%s", sw->params[k].name);
    for (uint32_t j = 0; j < sw->nkeys; j++) {
        snprintf(r->tied_paths[j], sizeof r->tied_paths[j], "%s", sw->keys[j].path);
        r->tied_params[j] = sw->keys[j].param;
    }
    r->ntied = sw->nkeys;
    r->tied_numeric = sw->key_numeric;
    r->npoints = sw->npoints;
    r->nparams = sw->nparams;
    r->point_values = sw->values;
    r->point_numeric = sw->numeric;
    r->sweep_text = sw->text;
    r->sweep_len = sw->text_len;
    cs_sha256_hex(sw->text, sw->text_len, r->sweep_sha256);
    r->shard_index = o->shard_count ? o->shard_index : 0;
    r->shard_count = o->shard_count;
    snprintf(r->scenario_name, sizeof r->scenario_name, "%s", sw->name);
    r->scenario_text = sw->base_text;
    r->scenario_len = sw->base_text_len;
    cs_sha256_hex(sw->base_text, sw->base_text_len, r->scenario_sha256);
    return CS_OK;
}

static void journal_id(const cs_sweep *sw, const cs_sweep_options *o, uint64_t jobs, cs_journal_id *id)
{
    memset(id, 0, sizeof *id);
    id->version = CLEARSIM_VERSION;
    cs_sha256_hex(sw->text, sw->text_len, id->sweep_sha256);
    cs_sha256_hex(sw->base_text, sw->base_text_len, id->base_sha256);
    id->seed = o->run.seed_given ? o->run.seed : sw->seed;
    id->replications = o->run.replications ? o->run.replications : sw->replications;
    id->shard_index = o->shard_index;
    id->shard_count = o->shard_count;
    id->jobs = jobs;
}

static void journal_job(void *ctx, uint32_t i, uint32_t rep, const cs_rep_out *out)
{
    cs_journal_record(ctx, i, rep, out);
}

/* What one sweep run holds, on every rank (results and journal on rank 0). */
typedef struct sweep_job {
    const cs_sweep *sw;
    const cs_sweep_options *o;
    const char *out;
    int rank, ranks;
    uint32_t nrep;
    uint64_t seed;
    cs_job_plan plan;
    uint8_t *skip;
    cs_results r;         /* rank 0: what is not per point (identity, catalogue, /points) */
    cs_journal *journal;
    cs_output_stream *file;
    cs_point_stream *points;
    double estimated_bytes;
} sweep_job;

/* Every rank goes on only if all are fine; a rank that is fine itself
 * learns that another failed. */
static cs_status agree(cs_status st, cs_error *err)
{
    if (cs_mpi_all_agree(st == CS_OK)) return CS_OK;
    return st != CS_OK ? st : cs_error_set(err, CS_ERR_IO, NULL, 0, 0, "another MPI rank failed");
}

/* OUT free, the plan priced, the journal opened or replayed: every
 * decision before a job runs. */
static cs_status prepare(sweep_job *s, uint64_t *replayed, cs_error *err)
{
    cs_status st = s->rank == 0 ? cs_output_check_target(s->out, s->o->force, err) : CS_OK;
    if ((st = agree(st, err)) != CS_OK) return st;
    st = plan_sweep(s->sw, s->o, &s->plan, err);
    if (st == CS_OK) st = cs_job_plan_offsets(&s->plan, err);
    if (st == CS_OK)
        st = cs_job_plan_check(&s->plan, s->nrep, s->o->run.threads > 0 ? s->o->run.threads : omp_get_num_procs(),
                               s->o->run.allow_large, &s->estimated_bytes, err);
    const uint64_t njobs = (uint64_t)s->plan.npoints * s->nrep;
    if (st == CS_OK && !(s->skip = calloc(njobs ? njobs : 1, 1)))
        st = cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    if (st == CS_OK && s->rank == 0) {
        cs_journal_id id;
        journal_id(s->sw, s->o, njobs, &id);
        st = cs_journal_open(s->out, &id, s->o->resume, &s->journal, err);
        if (st == CS_OK) st = cs_job_plan_layout_head(&s->plan, &s->r, s->nrep, s->seed, err);
        if (st == CS_OK)
            st = cs_output_stream_open(cs_journal_dirfd(s->journal), cs_journal_dir(s->journal), STREAM_FILE,
                                       &s->plan.shape, &s->file, err);
        if (st == CS_OK) st = cs_point_stream_open(&s->plan, s->nrep, s->seed, s->file, &s->points, err);
        if (st == CS_OK) {
            s->plan.store = cs_point_stream_store;
            s->plan.store_ctx = s->points;
            /* the points in flight the estimate prices (limits.c): two
             * per thread and one being written */
            const int threads = s->o->run.threads > 0 ? s->o->run.threads : omp_get_num_procs();
            cs_point_stream_set_window(s->points, 2u * (uint32_t)threads + 1u);
            s->plan.admit = cs_point_stream_admit;
            s->plan.admit_ctx = s->points;
        }
        if (st == CS_OK && s->o->resume) st = cs_journal_replay(s->journal, &s->plan, &s->r, s->skip, replayed, err);
        if (st != CS_OK && s->points) cs_point_stream_failure(s->points, err);
    }
    return agree(st, err);
}

/* The jobs not done yet, each journaled; what finished goes to disk, also
 * when the run stops early. */
static cs_status execute(sweep_job *s, cs_error *err)
{
    s->plan.skip = s->skip;
    s->plan.stop_after = s->o->stop_after;
    s->plan.on_done = journal_job;
    s->plan.on_done_ctx = s->journal;
    cs_status st;
#ifdef CS_WITH_MPI
    if (s->ranks > 1) st = cs_mpi_sweep_execute(&s->plan, &s->o->run, s->nrep, s->seed, &s->r, err);
    else
#endif
        st = cs_job_plan_execute(&s->plan, &s->o->run, s->nrep, s->seed, &s->r, err);
    if (s->points) cs_point_stream_failure(s->points, err); /* the writer's error, not the job's */
    if (s->rank == 0 && cs_journal_flush(s->journal) != CS_OK && st == CS_OK)
        st = cs_error_set(err, CS_ERR_IO, NULL, 0, 0, "%s", cs_journal_failure(s->journal));
    return st;
}

/* Rank 0: the last points and the rest of the file, then it is published
 * and the journal is done. */
static cs_status write_out(sweep_job *s, cs_sweep_outcome *outcome, cs_error *err)
{
    cs_status st = fill_sweep_results(s->sw, s->o, &s->r, err);
    if (st != CS_OK) return st;
    cs_run_info_stamp(&s->r.info);
    snprintf(s->r.info.command_line, sizeof s->r.info.command_line, "%s", s->o->command_line ? s->o->command_line : "");
    const double t0 = omp_get_wtime();
    st = cs_point_stream_finish(s->points, &s->r.draws_cut, err);
    if (st == CS_OK) st = cs_output_stream_publish(s->file, &s->r, s->out, s->o->force, err);
    outcome->write_seconds = omp_get_wtime() - t0; /* the rest of the file: the points went as they finished */
    outcome->most_points_held = cs_point_stream_most_in_memory(s->points);
    outcome->warnings = *cs_point_stream_warnings(s->points);
    outcome->estimated_bytes = s->estimated_bytes;
    if (st != CS_OK) return st;
    cs_journal_close(s->journal, true);
    s->journal = NULL;
    outcome->wrote = true;
    outcome->draws_cut = s->r.draws_cut;
    outcome->wall_seconds = s->r.info.wall_seconds;
    return CS_OK;
}

cs_status cs_sweep_run(const cs_sweep *sw, const char *out, const cs_sweep_options *o, cs_sweep_outcome *outcome,
                       cs_error *err)
{
    sweep_job s;
    memset(&s, 0, sizeof s);
    memset(outcome, 0, sizeof *outcome);
    s.sw = sw;
    s.o = o;
    s.out = out;
    s.nrep = o->run.replications ? o->run.replications : sw->replications;
    s.seed = o->run.seed_given ? o->run.seed : sw->seed;
    cs_mpi_rank(&s.rank, &s.ranks);
    outcome->ranks = s.ranks;
    outcome->replications = s.nrep;
    outcome->points = cs_sweep_shard_points(sw, o, NULL);
    cs_status st = prepare(&s, &outcome->replayed, err);
    if (st == CS_OK) st = execute(&s, err);
    if (st == CS_OK && s.rank == 0) st = write_out(&s, outcome, err);
    cs_point_stream_free(s.points);
    cs_output_stream_free(s.file); /* before the journal's folder closes: the file lies in it */
    cs_journal_close(s.journal, false);
    cs_results_free(&s.r);
    free(s.skip);
    plan_free(&s.plan);
    return st;
}
