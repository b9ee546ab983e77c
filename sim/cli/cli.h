/*
 * cli.h - shared pieces of the command-line front end.
 *
 * Only cli/ prints, exits, or decides exit codes; every subcommand returns
 * the process exit code to main.
 */
#ifndef CLEARSIM_CLI_H
#define CLEARSIM_CLI_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include "clearsim/error.h"
#include "clearsim/results.h"

enum { EXIT_USAGE = 2, EXIT_RUNTIME = 1, EXIT_SIGINT = 130, EXIT_SIGTERM = 143 };

int cmd_run(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
int cmd_merge(int argc, char **argv);

/* Print "clearsim: <formatted error>" on stderr and return the exit code. */
int cli_fail(const cs_error *err);
/* The warning for n > 0 durations cut to the model's bound in file. */
void cli_warn_draws_cut(const char *file, uint64_t n);
/* A scenario's warnings on stderr, one line each. */
struct cs_warnings;
void cli_print_warnings(const struct cs_warnings *w);
/* Print "clearsim: MESSAGE" (usage errors) and return 2. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The options run and sweep share: -o OUT, -r REPS, -j THREADS, -s SEED
 * at argv[*i] (its value consumed).  -1: not one of them; 0: taken; else
 * the exit code of a usage error (printed). */
struct cs_run_options;
int cli_common_option(int argc, char **argv, int *i, const char **out, struct cs_run_options *opt);

/* Parse a non-negative integer option value; false on garbage. */
bool cli_parse_u64(const char *s, uint64_t *out);

/* The output levels of run and sweep: -q errors only; the default, the
 * table (run) on stdout and one summary line on stderr; -v adds progress
 * and timings on stderr.  stdout is flushed before any line on stderr
 * that follows it. */
typedef enum cli_level { CLI_QUIET = -1, CLI_NORMAL = 0, CLI_VERBOSE = 1 } cli_level;
/* -q / --quiet or -v / --verbose at argv[i] into *level: -1 not one of
 * them; 0 taken; else the exit code of a usage error (both given). */
int cli_level_option(const char *arg, cli_level *level);

/* Seconds on a monotonic clock. */
double cli_seconds(void);
/* -v: "clearsim: time: load ..., simulation ..., write ..., total ..." on stderr. */
void cli_print_times(double load, double simulation, double write, double total);
/* -v: the memory the run was priced at beside what it took at its peak
 * (a sweep: and the most points its writer held, 0: not said). */
void cli_print_memory(double estimated_bytes, uint32_t points_held);
/* -v: a run's or a sweep's progress on stderr, told by the runner on the
 * main thread (cs_run_options.progress with this as its context): on a
 * terminal one line updated in place, in a log a line every few seconds;
 * the last count always. */
typedef struct cli_progress {
    const char *what; /* "replications", "jobs" */
    double start, last;
    bool tty, open;   /* stderr is a terminal; its line is not ended yet */
    int width;        /* the longest line written there */
} cli_progress;
void cli_progress_start(cli_progress *p, const char *what);
void cli_progress_report(void *ctx, uint32_t done, uint32_t total);
/* End the terminal's progress line, if open (before any other line). */
void cli_progress_end(cli_progress *p);

/* SIGINT/SIGTERM set this flag (the last signal number) instead of killing. */
extern volatile sig_atomic_t cli_signal;
void cli_catch_signals(void);
int cli_signal_exit_code(void);
/* "interrupted (SIGINT)" or "terminated (SIGTERM)", for the one line said. */
const char *cli_signal_name(void);
/* "\n" when stderr is a terminal (to end the progress line or the ^C
 * echo), else "": a log gets exactly one line. */
const char *cli_line_break(void);

/* The folder of ready scenarios: $CLEARSIM_SCENARIOS, ./scenarios, or
 * PREFIX/share/clearsim/scenarios beside the installed binary. */
const char *cli_scenario_dir(char *buf, unsigned long size);

/* Creation time, host and command line of /run_info. */
void cli_fill_run_info(cs_run_info *info);
/* The default OUT: results/NAME.h5, creating results/; 0 or an exit code. */
int cli_default_out(const char *name, char *buf, size_t size);

/* The command line as one string (for /run_info). */
void cli_command_line(int argc, char **argv, char *buf, unsigned long size);
extern int cli_argc;
extern char **cli_argv;

#endif
