/*
 * mpi_sweep.c - a sweep's jobs across MPI ranks (built with `make MPI=1`).
 *
 * Rank 0 coordinates and alone writes: it hands out job numbers on request
 * (dynamic: jobs differ a lot in length), receives each finished job as a
 * record (job_record.c), stores it where a single process would and
 * journals it.  Parallel HDF5 is not used: collective calls deadlock when
 * ranks do different numbers of jobs, and result files hold fixed-length
 * strings built from all rows; one writer is simpler and as fast here.
 * Every other rank runs -j OpenMP threads; each thread asks for a job and
 * sends its record itself, inside one critical section per exchange, so
 * the library must allow calls from any thread one at a time:
 * MPI_THREAD_SERIALIZED is requested, and with less a rank runs one
 * thread.  The file equals a single-process run's because jobs are keyed
 * by (point, replication) only and rows land at precomputed positions.
 */
#include "clearsim/mpi_sweep.h"
#include "experiment/job_plan.h"

#ifdef CS_WITH_MPI
#include <mpi.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "experiment/job_record.h"

enum { TAG_REQUEST = 1, TAG_JOB, TAG_RESULT, TAG_FAILED, TAG_DONE };
#define NO_JOB UINT64_MAX
/* Rank 0 gives up after this long without a message from any rank
 * (CLEARSIM_MPI_SILENCE_SECONDS): longer than any one job. */
#define SILENCE_SECONDS 3600.0

static int thread_level;
static bool abandoned; /* rank 0 gave up on a silent rank: abort, never finalize */

cs_status cs_mpi_init(int *argc, char ***argv, int *rank, int *size, cs_error *err)
{
    if (MPI_Init_thread(argc, argv, MPI_THREAD_SERIALIZED, &thread_level) != MPI_SUCCESS)
        return cs_error_set(err, CS_ERR_IO, NULL, 0, 0, "MPI_Init_thread failed");
    MPI_Comm_rank(MPI_COMM_WORLD, rank);
    MPI_Comm_size(MPI_COMM_WORLD, size);
    return CS_OK;
}

void cs_mpi_finalize(void)
{
    if (abandoned) MPI_Abort(MPI_COMM_WORLD, 1); /* a dead rank never reaches MPI_Finalize */
    MPI_Finalize();
}

bool cs_mpi_threads_ok(void)
{
    return thread_level >= MPI_THREAD_SERIALIZED;
}

void cs_mpi_rank(int *rank, int *ranks)
{
    int up = 0;
    MPI_Initialized(&up);
    *rank = 0;
    *ranks = 1;
    if (!up) return;
    MPI_Comm_rank(MPI_COMM_WORLD, rank);
    MPI_Comm_size(MPI_COMM_WORLD, ranks);
}

bool cs_mpi_all_agree(bool ok)
{
    int rank, ranks;
    cs_mpi_rank(&rank, &ranks);
    if (ranks > 1) {
        int v = ok, all = 0;
        MPI_Allreduce(&v, &all, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD);
        return all != 0;
    }
    return ok;
}

/* ---- rank 0 --------------------------------------------------------------- */

typedef struct coordinator {
    const cs_job_plan *pl;
    cs_results *r;
    uint32_t nrep;
    uint64_t njobs, next, handed, done, todo;
    uint64_t failed_job;
    int failed_status;
    const cs_run_options *opt;
} coordinator;

static uint64_t next_job(coordinator *c)
{
    const bool stop = (c->opt->cancel && *c->opt->cancel) || c->failed_job != NO_JOB ||
                      (c->pl->stop_after && c->handed >= c->pl->stop_after);
    while (!stop && c->next < c->njobs) {
        const uint64_t j = c->next++;
        if (!(c->pl->skip && c->pl->skip[j])) {
            c->handed++;
            return j;
        }
    }
    return NO_JOB;
}

/* The next message for rank 0.  A blocking MPI_Probe polls in most MPI
 * libraries (Open MPI spins a core), and rank 0 mostly waits: it polls
 * with MPI_Iprobe and sleeps between polls, from 50 us doubling to 10 ms
 * while nothing comes (jobs take seconds: the added latency is noise).
 * false: silence for `silence` seconds. */
static bool wait_message(MPI_Status *ms, double silence)
{
    long ns = 50000;
    const double t0 = MPI_Wtime();
    for (;;) {
        int flag = 0;
        MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, ms);
        if (flag) return true;
        if (MPI_Wtime() - t0 > silence) return false;
        const struct timespec ts = { 0, ns };
        nanosleep(&ts, NULL);
        if (ns < 10000000) ns *= 2;
    }
}

static double silence_seconds(void)
{
    const char *v = getenv("CLEARSIM_MPI_SILENCE_SECONDS");
    char *end = NULL;
    const double s = v ? strtod(v, &end) : 0.0;
    return v && end != v && s > 0.0 ? s : SILENCE_SECONDS;
}

static cs_status coordinate(coordinator *c, int size, cs_error *err)
{
    const double silence = silence_seconds();
    cs_rep_out o;
    if (cs_rep_out_alloc(&o, c->pl) != CS_OK) return cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    int active = size - 1;
    char *buf = NULL;
    size_t cap = 0;
    cs_status st = CS_OK;
    while (active > 0) {
        MPI_Status ms;
        if (!wait_message(&ms, silence)) { /* a rank died and the library did not say so */
            abandoned = true;
            st = cs_error_set(err, CS_ERR_IO, NULL, 0, 0, "no word from %d of %d worker rank%s for %g s "
                              "(CLEARSIM_MPI_SILENCE_SECONDS): a rank died? the journal keeps the finished jobs "
                              "(--resume)", active, size - 1, size == 2 ? "" : "s", silence);
            break;
        }
        int count = 0;
        MPI_Get_count(&ms, MPI_BYTE, &count);
        if ((size_t)count > cap) {
            char *b = realloc(buf, (size_t)count);
            if (!b) MPI_Abort(MPI_COMM_WORLD, 1);
            buf = b;
            cap = (size_t)count;
        }
        MPI_Recv(buf, count, MPI_BYTE, ms.MPI_SOURCE, ms.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        if (ms.MPI_TAG == TAG_REQUEST) {
            const uint64_t j = next_job(c);
            MPI_Send(&j, 1, MPI_UINT64_T, ms.MPI_SOURCE, TAG_JOB, MPI_COMM_WORLD);
        } else if (ms.MPI_TAG == TAG_RESULT) {
            const char *p = buf;
            uint32_t i, rep;
            cs_status rs = cs_job_record_decode(&p, buf + count, c->pl, c->nrep, &i, &rep, &o);
            if (rs == CS_OK) rs = cs_job_plan_store(c->pl, c->r, i, rep, &o);
            if (rs != CS_OK) {
                st = rs == CS_ERR_NOMEM ? cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory storing a job")
                                        : cs_error_set(err, CS_ERR_INTERNAL, NULL, 0, 0, "a rank sent a damaged job record");
                if (c->failed_job == NO_JOB) c->failed_job = 0;
                continue;
            }
            if (c->pl->on_done) c->pl->on_done(c->pl->on_done_ctx, i, rep, &o);
            c->done++;
            if (c->opt->progress) c->opt->progress(c->opt->progress_ctx, (uint32_t)c->done, (uint32_t)c->todo);
        } else if (ms.MPI_TAG == TAG_FAILED) {
            uint64_t v[2];
            memcpy(v, buf, sizeof v);
            if (v[0] < c->failed_job) {
                c->failed_job = v[0];
                c->failed_status = (int)v[1];
            }
        } else if (ms.MPI_TAG == TAG_DONE) {
            active--;
        }
    }
    free(buf);
    cs_rep_out_free(&o);
    return st;
}

/* ---- other ranks ---------------------------------------------------------- */

static void work(const cs_job_plan *pl, uint32_t nrep, uint64_t seed, int threads)
{
#pragma omp parallel num_threads(threads)
    {
        cs_rep_out o;
        cs_bytes rec = { 0 };
        const bool ok = cs_rep_out_alloc(&o, pl) == CS_OK;
        for (;;) {
            uint64_t j = NO_JOB;
            const char nothing = 0;
#pragma omp critical(cs_mpi)
            {
                MPI_Send(&nothing, 0, MPI_BYTE, 0, TAG_REQUEST, MPI_COMM_WORLD);
                MPI_Recv(&j, 1, MPI_UINT64_T, 0, TAG_JOB, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            }
            if (j == NO_JOB) break;
            const uint32_t i = (uint32_t)(j / nrep), rep = (uint32_t)(j % nrep);
            const cs_status st = ok ? cs_job_compute(pl, i, rep, seed, &o, false) : CS_ERR_NOMEM;
            rec.len = 0;
            if (st == CS_OK && cs_job_record_encode(&rec, i, rep, &o) == CS_OK) {
#pragma omp critical(cs_mpi)
                MPI_Send(rec.data, (int)rec.len, MPI_BYTE, 0, TAG_RESULT, MPI_COMM_WORLD);
            } else {
                const uint64_t v[2] = { j, (uint64_t)(st != CS_OK ? st : CS_ERR_NOMEM) };
#pragma omp critical(cs_mpi)
                MPI_Send(v, (int)sizeof v, MPI_BYTE, 0, TAG_FAILED, MPI_COMM_WORLD);
            }
        }
        cs_bytes_free(&rec);
        if (ok) cs_rep_out_free(&o);
    }
    const char nothing = 0;
    MPI_Send(&nothing, 0, MPI_BYTE, 0, TAG_DONE, MPI_COMM_WORLD);
}

cs_status cs_mpi_sweep_execute(const cs_job_plan *pl, const cs_run_options *opt, uint32_t nrep, uint64_t seed,
                               cs_results *r, cs_error *err)
{
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int threads = opt->threads > 0 ? opt->threads : omp_get_num_procs();
    if (!cs_mpi_threads_ok()) threads = 1;
    if (rank != 0) {
        work(pl, nrep, seed, threads);
        return CS_OK;
    }
    const double t0 = MPI_Wtime();
    coordinator c = { .pl = pl, .r = r, .nrep = nrep, .njobs = (uint64_t)pl->npoints * nrep,
                      .failed_job = NO_JOB, .opt = opt };
    for (uint64_t j = 0; j < c.njobs; j++) c.todo += !(pl->skip && pl->skip[j]);
    cs_status st = coordinate(&c, size, err);
    if (st == CS_OK) {
        if (opt->cancel && *opt->cancel) st = cs_error_set(err, CS_ERR_IO, NULL, 0, 0, "interrupted");
        else if (c.failed_job != NO_JOB)
            st = cs_error_set(err, c.failed_status == CS_ERR_NOMEM ? CS_ERR_NOMEM : CS_ERR_IO, NULL, 0, 0,
                              "point %u replication %u failed on a worker rank",
                              pl->point_ids[c.failed_job / nrep], (uint32_t)(c.failed_job % nrep));
        else if (pl->stop_after && c.handed < c.todo)
            st = cs_error_set(err, CS_ERR_IO, NULL, 0, 0, "stopped after %llu jobs", (unsigned long long)pl->stop_after);
    }
    if (st != CS_OK) return st;
    return cs_job_plan_end(pl, r, threads, size, MPI_Wtime() - t0, err);
}

#else
/* this build has no MPI (see `make MPI=1`): one rank that agrees with itself */
void cs_mpi_rank(int *rank, int *ranks)
{
    *rank = 0;
    *ranks = 1;
}

bool cs_mpi_all_agree(bool ok)
{
    return ok;
}
#endif
