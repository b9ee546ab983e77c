/*
 * cmd_sweep.c - `clearsim sweep`: every point of a sweep file, all its
 * regimes and replications, into one result file.
 *
 * Everything about the input is checked before any job runs (the sweep
 * layer loads every point).  Jobs are journaled next to OUT so that
 * --resume after a kill finishes the same file; the journal is removed
 * once OUT is written.  --shard I/N computes the points p with p % N == I
 * (for job arrays; `clearsim merge` joins the parts).
 */
#include <errno.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli/cli.h"
#include "clearsim/experiment.h"
#include "clearsim/journal.h"
#include "clearsim/mpi_sweep.h"
#include "clearsim/output.h"
#include "clearsim/sha256.h"
#include "clearsim/sweep.h"
#ifdef CS_WITH_MPI
#include <mpi.h>
#endif

#ifndef CLEARSIM_VERSION
#define CLEARSIM_VERSION "0.0.0"
#endif

typedef struct sweep_args {
    const char *file, *out;
    cs_sweep_options opt;
    bool force, quiet, resume;
    int rank, ranks;     /* MPI: this rank and their number; 0 and 1 otherwise */
} sweep_args;

/* Under MPI every rank reaches the same decisions: rank 0 says whether to
 * go on after the steps only it takes (the output, the journal). */
static bool all_agree(const sweep_args *a, bool ok)
{
#ifdef CS_WITH_MPI
    if (a->ranks > 1) {
        int v = ok;
        MPI_Bcast(&v, 1, MPI_INT, 0, MPI_COMM_WORLD);
        return v != 0;
    }
#else
    (void)a;
#endif
    return ok;
}

static cs_status execute(cs_job_plan *pl, const sweep_args *a, uint32_t nrep, uint64_t seed, cs_results *r,
                         cs_error *err)
{
#ifdef CS_WITH_MPI
    if (a->ranks > 1) return cs_mpi_sweep_execute(pl, &a->opt.run, nrep, seed, r, err);
#endif
    return cs_job_plan_execute(pl, &a->opt.run, nrep, seed, r, err);
}

static bool parse_shard(const char *s, uint32_t *i, uint32_t *n)
{
    char *end;
    errno = 0;
    const unsigned long a = strtoul(s, &end, 10);
    if (end == s || *end != '/' || errno) return false;
    const char *t = end + 1;
    const unsigned long b = strtoul(t, &end, 10);
    if (end == t || *end || errno || b == 0 || b > 1000000 || a >= b) return false;
    *i = (uint32_t)a;
    *n = (uint32_t)b;
    return true;
}

static int parse_sweep_args(int argc, char **argv, sweep_args *a)
{
    memset(a, 0, sizeof *a);
    for (int i = 0; i < argc; i++) {
        const char *s = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        uint64_t v;
        int rc;
        if (!strcmp(s, "--force")) a->force = true;
        else if (!strcmp(s, "-q") || !strcmp(s, "--quiet")) a->quiet = true;
        else if (!strcmp(s, "--resume")) a->resume = true;
        else if (!strcmp(s, "--shard")) {
            if (!val) return cli_usage_error("option --shard needs a value I/N");
            i++;
            if (!parse_shard(val, &a->opt.shard_index, &a->opt.shard_count))
                return cli_usage_error("--shard: '%s' is not I/N with 0 <= I < N", val);
        } else if (!strcmp(s, "--stop-after-jobs")) { /* tests: a deterministic interruption */
            if (!val || !cli_parse_u64(val, &v) || v == 0) return cli_usage_error("--stop-after-jobs needs a positive integer");
            i++;
            a->opt.stop_after = v;
        } else if ((rc = cli_common_option(argc, argv, &i, &a->out, &a->opt.run)) >= 0) {
            if (rc) return rc;
        } else if (s[0] == '-' && s[1]) {
            return cli_usage_error("unknown option '%s'", s);
        } else if (!a->file) {
            a->file = s;
        } else {
            return cli_usage_error("unexpected argument '%s'", s);
        }
    }
    if (!a->file) return cli_usage_error("sweep needs a sweep file");
    return 0;
}

static void progress(void *ctx, uint32_t done, uint32_t total)
{
    fprintf(stderr, "\r%s: job %u/%u", (const char *)ctx, done, total);
    if (done == total) fputs("\n", stderr);
}

static void journal_job(void *ctx, uint32_t i, uint32_t rep, const cs_rep_out *out)
{
    cs_journal_record(ctx, i, rep, out);
}

static void fill_journal_id(const cs_sweep *sw, const sweep_args *a, uint64_t jobs, cs_journal_id *id)
{
    memset(id, 0, sizeof *id);
    id->version = CLEARSIM_VERSION;
    cs_sha256_hex(sw->text, sw->text_len, id->sweep_sha256);
    cs_sha256_hex(sw->base_text, sw->base_text_len, id->base_sha256);
    id->seed = a->opt.run.seed_given ? a->opt.run.seed : sw->seed;
    id->replications = a->opt.run.replications ? a->opt.run.replications : sw->replications;
    id->shard_index = a->opt.shard_index;
    id->shard_count = a->opt.shard_count;
    id->jobs = jobs;
}

/* Lay out, replay the journal, run the rest with every job journaled.
 * Under MPI only rank 0 holds results and the journal. */
static cs_status run_journaled(const cs_sweep *sw, sweep_args *a, cs_journal **jp, cs_results *r,
                               uint64_t *replayed, cs_error *err)
{
    cs_job_plan pl;
    cs_status st = cs_sweep_plan(sw, &a->opt, &pl, err);
    if (!all_agree(a, st == CS_OK)) return st != CS_OK ? st : cs_error_set(err, CS_ERR_IO, NULL, 0, 0, "rank 0 failed");
    const uint32_t nrep = a->opt.run.replications ? a->opt.run.replications : sw->replications;
    const uint64_t seed = a->opt.run.seed_given ? a->opt.run.seed : sw->seed;
    const uint64_t njobs = (uint64_t)pl.npoints * nrep;
    uint8_t *skip = calloc(njobs ? njobs : 1, 1);
    if (!skip) st = cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    if (st == CS_OK) st = cs_job_plan_offsets(&pl, err);
    if (st == CS_OK)
        st = cs_job_plan_check(&pl, nrep, a->opt.run.threads > 0 ? a->opt.run.threads : omp_get_num_procs(),
                               a->opt.run.allow_large, err);
    if (a->rank == 0) {
        cs_journal_id id;
        fill_journal_id(sw, a, njobs, &id);
        if (st == CS_OK) st = cs_journal_open(a->out, &id, a->resume, jp, err);
        if (st == CS_OK) st = cs_job_plan_layout(&pl, r, nrep, err);
        if (st == CS_OK && a->resume && (st = cs_journal_replay(*jp, &pl, r, skip, replayed, err)) != CS_OK)
            cs_results_free(r);
    }
    if (!all_agree(a, st == CS_OK)) {
        if (st == CS_OK) {
            if (a->rank == 0) cs_results_free(r);
            st = cs_error_set(err, CS_ERR_IO, NULL, 0, 0, "rank 0 failed");
        }
    } else {
        pl.skip = skip;
        pl.stop_after = a->opt.stop_after;
        pl.on_done = journal_job;
        pl.on_done_ctx = *jp;
        st = execute(&pl, a, nrep, seed, r, err);
        /* what finished goes to disk, also when the run stopped early */
        if (a->rank == 0 && cs_journal_flush(*jp) != 0 && st == CS_OK) {
            cs_results_free(r);
            st = cs_error_set(err, CS_ERR_IO, NULL, 0, 0, "%s", cs_journal_failure(*jp));
        }
        if (a->rank == 0 && st == CS_OK && (st = cs_sweep_fill_results(sw, &a->opt, r, err)) != CS_OK)
            cs_results_free(r);
    }
    free(skip);
    cs_sweep_plan_free(&pl);
    return st;
}

static int sweep_main(sweep_args *a)
{
    cs_error err = { 0 };
    cs_sweep sw;
    if (cs_sweep_load_file(a->file, &sw, &err) != CS_OK) return a->rank == 0 ? cli_fail(&err) : EXIT_USAGE;
    char outbuf[4096], name[CS_NAME_MAX + 32];
    if (a->opt.shard_count) snprintf(name, sizeof name, "%s.shard-%u-of-%u", sw.name, a->opt.shard_index, a->opt.shard_count);
    else snprintf(name, sizeof name, "%s", sw.name);
    int rc = 0;
    if (a->rank == 0) {
        if (!a->out && (rc = cli_default_out(name, outbuf, sizeof outbuf)) == 0) a->out = outbuf;
        if (!rc) rc = cli_check_out_free(a->out, a->force);
    }
    if (!all_agree(a, rc == 0)) {
        cs_sweep_free(&sw);
        return rc ? rc : EXIT_USAGE;
    }
    cli_catch_signals();
    a->opt.run.cancel = &cli_signal;
    if (a->rank == 0 && !a->quiet && isatty(2)) {
        a->opt.run.progress = progress;
        a->opt.run.progress_ctx = sw.name;
    }
    cs_results r;
    cs_journal *j = NULL;
    uint64_t replayed = 0;
    cs_status st = run_journaled(&sw, a, &j, &r, &replayed, &err);
    if (a->rank != 0) {
        cs_sweep_free(&sw);
        return st == CS_OK ? 0 : EXIT_RUNTIME;
    }
    if (st == CS_OK && !cli_signal) {
        cli_fill_run_info(&r.info);
        st = cs_output_write(a->out, &r, a->force, &err);
        if (st == CS_OK) {
            cs_journal_close(j, true);
            j = NULL;
            if (!a->quiet)
                fprintf(stderr, "clearsim: wrote %s (%u points%s, %u replications, %llu jobs resumed from the journal, %d rank%s, %.2f s); every row: clearsim report %s\n",
                        a->out, cs_sweep_shard_points(&sw, &a->opt, NULL), a->opt.shard_count ? " of this shard" : "",
                        r.replications, (unsigned long long)replayed, a->ranks, a->ranks > 1 ? "s" : "",
                        r.info.wall_seconds, a->out);
        }
        cs_results_free(&r);
    } else if (st == CS_OK) {
        cs_results_free(&r);
    }
    cs_journal_close(j, false);
    cs_sweep_free(&sw);
    if (cli_signal) {
        fprintf(stderr, "%sclearsim: %s; %s not written; finished jobs are journaled: rerun with --resume\n",
                cli_line_break(), cli_signal_name(), a->out);
        return cli_signal_exit_code();
    }
    return st == CS_OK ? 0 : cli_fail(&err);
}

int cmd_sweep(int argc, char **argv)
{
    sweep_args a;
    int rc = parse_sweep_args(argc, argv, &a);
    if (rc) return rc;
    a.rank = 0;
    a.ranks = 1;
#ifdef CS_WITH_MPI
    if (cs_mpi_init(NULL, NULL, &a.rank, &a.ranks) != 0) {
        fprintf(stderr, "clearsim: MPI_Init_thread failed\n");
        return EXIT_RUNTIME;
    }
    if (a.rank == 0 && a.ranks > 1 && !cs_mpi_threads_ok())
        fprintf(stderr, "clearsim: the MPI library does not grant MPI_THREAD_SERIALIZED: one thread per rank\n");
#endif
    rc = sweep_main(&a);
#ifdef CS_WITH_MPI
    cs_mpi_finalize();
#endif
    return rc;
}
