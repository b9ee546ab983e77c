/*
 * cmd_run.c - `clearsim run`.
 *
 * run refuses an existing OUT before any work (unless --force and it is a
 * clearsim file), runs the replications with SIGINT/SIGTERM caught so an
 * interrupt leaves no file behind, writes through the output layer's
 * temporary-file-and-rename, and prints the summary table.
 *
 * Output levels (cli.h): -q errors only; the default, the table on stdout
 * and on stderr the warnings for thin data of the results (a line per
 * kind, as the file keeps them) and one line saying what was written; -v also the progress
 * (from the runner's main thread) and the time of loading, simulating and
 * writing.  stdout is flushed before any line on stderr that follows it.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "cli/cli.h"
#include "clearsim/experiment.h"
#include "clearsim/output.h"
#include "clearsim/scenario.h"
#include "clearsim/sweep.h"

typedef struct run_args {
    const char *scenario, *out;
    cs_run_options opt;
    bool force, trace, full;
    cli_level level;
} run_args;

/* --precision REL, --precision-floor ABS, --max-reps CAP: 0 when taken,
 * -1 when argv[*i] is none of them, else the usage error's exit code. */
static int precision_option(int argc, char **argv, int *i, cs_run_options *opt)
{
    const char *s = argv[*i];
    const bool rel = !strcmp(s, "--precision"), is_floor = !strcmp(s, "--precision-floor");
    if (!rel && !is_floor && strcmp(s, "--max-reps")) return -1;
    if (*i + 1 >= argc) return cli_usage_error("option %s needs a value", s);
    const char *val = argv[++*i];
    if (!rel && !is_floor) {
        uint64_t v;
        if (!cli_parse_u64(val, &v) || v < 1 || v > CS_MAX_REPLICATIONS)
            return cli_usage_error("--max-reps must be an integer between 1 and %u", CS_MAX_REPLICATIONS);
        opt->max_replications = (uint32_t)v;
        return 0;
    }
    char *end;
    const double x = strtod(val, &end);
    if (end == val || *end || !isfinite(x) || (rel ? !(x > 0 && x < 1) : x < 0))
        return cli_usage_error(rel ? "--precision must be a number between 0 and 1 (a share of the mean: 0.01 is 1 %%), "
                                     "not '%s'"
                                   : "--precision-floor must be a number >= 0, not '%s'", val);
    if (rel) opt->precision = x;
    else opt->precision_floor = x;
    return 0;
}

static int parse_run_args(int argc, char **argv, run_args *a)
{
    memset(a, 0, sizeof *a);
    a->opt.precision_floor = CS_PRECISION_FLOOR;
    bool floor_given = false;
    for (int i = 0; i < argc; i++) {
        const char *s = argv[i];
        int rc;
        if (!strcmp(s, "--force")) a->force = true;
        else if ((rc = cli_level_option(s, &a->level)) >= 0) {
            if (rc) return rc;
        } else if (!strcmp(s, "--trace")) a->trace = true;
        else if ((rc = precision_option(argc, argv, &i, &a->opt)) >= 0) {
            if (rc) return rc;
            floor_given |= !strcmp(s, "--precision-floor");
        }
        else if (!strcmp(s, "--table")) {
            if (i + 1 >= argc) return cli_usage_error("--table needs headline or full");
            const char *t = argv[++i];
            if (!strcmp(t, "headline")) a->full = false;
            else if (!strcmp(t, "full")) a->full = true;
            else return cli_usage_error("unknown table '%s' (headline or full)", t);
        } else if ((rc = cli_common_option(argc, argv, &i, &a->out, &a->opt)) >= 0) {
            if (rc) return rc;
        } else if (s[0] == '-' && s[1]) {
            return cli_usage_error("unknown option '%s'", s);
        } else if (!a->scenario) {
            a->scenario = s;
        } else {
            return cli_usage_error("unexpected argument '%s'", s);
        }
    }
    if (!a->scenario) return cli_usage_error("run needs a scenario file");
    if (a->opt.precision == 0 && (floor_given || a->opt.max_replications))
        return cli_usage_error("--precision-floor and --max-reps go with --precision");
    return 0;
}

/* The table after a run: port runs have hundreds of rows (channels,
 * paths, decomposition), so by default the run prints the regime
 * comparison (the headline rows, each with its paired difference to the
 * baseline: the report's summary code, on the results in memory), with
 * --table full every row; then the box counts read back from the file
 * just written.  The file is complete whatever happens here. */
static cs_status print_after_run(const cs_results *r, const char *out, bool full, cs_error *err)
{
    const cs_summary_table t = { r->nkeys, r->summary };
    const cs_difference_table d = { r->ndifferences, r->differences };
    if (cs_report_print_summary(stdout, &t, &d, NULL, full ? CS_SUMMARY_ALL : CS_SUMMARY_HEADLINE, true,
                                CS_REPORT_TABLE) != CS_OK)
        return cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory printing the summary (%s is written)", out);
    if (!r->ncounters) return CS_OK;
    cs_counts_table c;
    cs_status st = cs_output_read_counts(out, &c, err);
    if (st == CS_OK && c.nrows) fputs("\nBoxes (means over replications)\n", stdout);
    if (st == CS_OK && cs_report_print_counts(stdout, &c, NULL, CS_REPORT_TABLE) != CS_OK)
        st = cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory printing the box counts (%s is written)", out);
    else if (st != CS_OK) {
        char why[CS_ERROR_MSG_MAX];
        snprintf(why, sizeof why, "%s", err->message);
        cs_error_set(err, st, NULL, 0, 0, "%s (%s is written)", why, out);
    }
    cs_counts_table_free(&c);
    return st;
}

/* How sequential stopping ended: the count reached, or at the cap the
 * interval furthest from its target (a warning). */
static void print_precision(const cs_results *r)
{
    const cs_run_info *in = &r->info;
    if (in->precision <= 0) return;
    if (in->precision_met) {
        fprintf(stderr, "clearsim: precision %g %% (floor %g) reached after %u replications (batches of %u)\n",
                100 * in->precision, in->precision_floor, r->replications, in->precision_batch);
        return;
    }
    const cs_precision_gap *g = &in->precision_widest;
    const cs_metric_key *k = &r->keys[g->key];
    fprintf(stderr, "clearsim: warning: precision %g %% not reached at the cap of %u replications: widest, %s %s %s %s "
            "%.4g +- %.3g %s (%g x its target, over %llu replications)\n", 100 * in->precision, in->precision_cap,
            k->regime, k->flow, k->segment, k->metric, g->mean, g->half_width, k->unit, g->ratio,
            (unsigned long long)g->n);
}

int cmd_run(int argc, char **argv)
{
    run_args a;
    int rc = parse_run_args(argc, argv, &a);
    if (rc) return rc;
    const bool quiet = a.level == CLI_QUIET, verbose = a.level == CLI_VERBOSE;
    const double t_start = cli_seconds();
    cs_error err = { 0 };
    cs_scenario s;
    if (cs_scenario_load_file(a.scenario, &s, &err) != CS_OK) return cli_fail(&err);
    const double t_loaded = cli_seconds();
    if (!quiet) cli_print_warnings(&s.warnings); /* -q: errors only */
    if (a.trace && s.kind == CS_SCENARIO_QUEUE) {
        cs_scenario_free(&s);
        return cli_usage_error("--trace records boxes of port scenarios; %s is a queue scenario", a.scenario);
    }
    a.opt.trace = a.trace;
    char outbuf[4096];
    if (!a.out && (rc = cli_default_out(s.name, outbuf, sizeof outbuf)) == 0) a.out = outbuf;
    if (!rc && cs_output_check_target(a.out, a.force, &err) != CS_OK) rc = cli_fail(&err);
    if (rc) {
        cs_scenario_free(&s);
        return rc;
    }
    cli_catch_signals();
    a.opt.cancel = &cli_signal;
    cli_progress progress;
    cli_progress_start(&progress, "replications");
    if (verbose) {
        a.opt.progress = cli_progress_report;
        a.opt.progress_ctx = &progress;
    }
    cs_results r;
    const double t_run = cli_seconds();
    cs_status st = cs_experiment_run(&s, &a.opt, &r, &err);
    const double t_ran = cli_seconds();
    cli_progress_end(&progress);
    if (st == CS_OK && !cli_signal) {
        cli_fill_run_info(&r.info);
        st = cs_output_write(a.out, &r, a.force, &err);
        const double t_written = cli_seconds();
        if (st == CS_OK && !quiet) st = print_after_run(&r, a.out, a.full, &err); /* -q: errors only */
        fflush(stdout); /* the table before any line on stderr, when both go to one log */
        if (st == CS_OK) cli_warn_draws_cut(a.out, r.draws_cut);
        if (st == CS_OK && !quiet) print_precision(&r);
        if (st == CS_OK && !quiet) { /* -q: errors only; the file keeps them */
            cs_warning_digest d;
            memset(&d, 0, sizeof d);
            cs_warning_digest_add(&d, r.warnings, r.nwarnings, r.pooled, r.npooled);
            cs_warning_digest_print(stderr, a.out, &d);
        }
        if (st == CS_OK && verbose) {
            cli_print_times(t_loaded - t_start, t_ran - t_run, t_written - t_ran, cli_seconds() - t_start);
            cli_print_memory(r.estimated_bytes, 0);
        }
        if (st == CS_OK && !quiet)
            fprintf(stderr, "clearsim: wrote %s (%u replications, %.2f s)%s%s\n", a.out, r.replications,
                    r.info.wall_seconds, s.kind == CS_SCENARIO_PORT ? "; the whole report: clearsim report " : "",
                    s.kind == CS_SCENARIO_PORT ? a.out : "");
    }
    cs_results_free(&r);
    cs_scenario_free(&s);
    if (cli_signal) {
        fprintf(stderr, "%sclearsim: %s; %s not written\n", cli_line_break(), cli_signal_name(), a.out);
        return cli_signal_exit_code();
    }
    return st == CS_OK ? 0 : cli_fail(&err);
}
