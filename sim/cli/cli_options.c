/*
 * cli_options.c - the command line's one table of commands and options,
 * and what is derived from it: `clearsim help [COMMAND]`, `COMMAND
 * --help`, docs/cli.md (`clearsim help --markdown`, compared with the
 * file by tests/cli_test.sh), and the spelling rules every command
 * accepts: a long name for every short option, `--opt value` and
 * `--opt=value`, and "did you mean" for a mistyped option or command.
 *
 * Commands keep their own parsers; cli_args_normalise rewrites argv to
 * the canonical spellings those parsers read, so a new option is one row
 * here and one case in its command.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "cli/cli_options.h"

#define RUN_OPTIONS                                                                                          \
    { "-o", "--output", "OUT.h5", "the result file (default: results/NAME.h5, NAME from the file)" },       \
        { "-r", "--reps", "REPS", "replications per regime (default: the file's `replications`, else 10)" }, \
        { "-j", "--threads", "THREADS", "worker threads (default: every core)" },                            \
        { "-s", "--seed", "SEED", "master seed (default: the file's `seed`, else 1)" },                      \
        { "--force", "--force", NULL, "replace an existing OUT (only a clearsim result file)" },              \
        { "--allow-large", "--allow-large", NULL, "run even beyond 1e11 events (memory is checked anyway)" }

static const cli_option run_options[] = {
    RUN_OPTIONS,
    { "--trace", "--trace", NULL, "port scenarios: also write /trace, one row per box of the first replication" },
    { "--precision", "--precision", "REL", "add batches of REPS replications until every headline metric's 95 % CI "
                                           "half-width is at most REL x |mean| (e.g. 0.01) or at most the floor" },
    { "--precision-floor", "--precision-floor", "ABS", "with --precision: a half-width this small (in the metric's "
                                                       "unit) is precise enough (default 0.01: 36 s for hours)" },
    { "--max-reps", "--max-reps", "CAP", "with --precision: stop at CAP replications in any case (default 1000)" },
    { "--table", "--table", "TABLE", "headline (default: the headline rows, each with its regime's paired "
                                     "difference to the baseline) or full (every row of the results)" },
    { "-q", "--quiet", NULL, "errors only (default: the table on stdout; on stderr a line per kind of warning for thin data, then one line saying what was written)" },
    { "-v", "--verbose", NULL, "also, on stderr, progress (replications done: in place on a terminal, a line every "
                               "5 s in a log), the time of loading, simulating and writing, and the estimated and peak memory" },
    { NULL, NULL, NULL, NULL },
};

static const cli_option sweep_options[] = {
    RUN_OPTIONS,
    { "-q", "--quiet", NULL, "errors only (default: on stderr a line per kind of warning for thin data, then one line saying what was written)" },
    { "-v", "--verbose", NULL, "also, on stderr, progress (jobs done: in place on a terminal, a line every 5 s in a "
                               "log), the time of loading, simulating and writing, and the estimated and peak memory" },
    { "--shard", "--shard", "I/N", "run only the I-th of N shares of the jobs (0 <= I < N); join with merge" },
    { "--resume", "--resume", NULL, "continue an interrupted sweep from its journal OUT.partial/" },
    { "--stop-after-jobs", "--stop-after-jobs", "N", NULL },
    { NULL, NULL, NULL, NULL },
};

static const cli_option merge_options[] = {
    { "--force", "--force", NULL, "replace an existing OUT (only a clearsim result file)" },
    { NULL, NULL, NULL, NULL },
};

static const cli_option report_options[] = {
    { "--format", "--format", "FORMAT", "table (default), csv, markdown or html" },
    { "--table", "--table", "TABLE", "one table: summary, differences or effects (default: the whole report; csv: "
                                     "summary)" },
    { "-o", "--output", "OUT", "write to OUT instead of standard output (never half written)" },
    { "--force", "--force", NULL, "replace an existing OUT" },
    { NULL, NULL, NULL, NULL },
};

static const cli_option validate_options[] = {
    { "--quick", "--quick", NULL, "smaller sizes (seconds instead of minutes); the same checks" },
    { "-j", "--threads", "THREADS", "worker threads (default: every core)" },
    { NULL, NULL, NULL, NULL },
};

static const cli_option bench_options[] = {
    { "-n", "--count", "COUNT", "customers (mm1), events (hold) or a scale factor; default per benchmark" },
    { NULL, NULL, NULL, NULL },
};

static const cli_option check_options[] = {
    { "-j", "--threads", "THREADS", "threads the run's estimated time assumes (default: every core)" },
    { "--no-estimate", "--no-estimate", NULL, "skip the timed pilot run: no estimated time or memory" },
    { NULL, NULL, NULL, NULL },
};


const cli_command cli_commands[] = {
    { "run", "SCENARIO.yaml [OPTIONS]", "simulate a scenario, every regime, into one result file",
      "Prints the headline table (each regime's paired difference to the baseline beside it) and the box "
      "counts; `clearsim report OUT` tells everything.",
      run_options, cmd_run },
    { "sweep", "SWEEP.yaml [OPTIONS]", "run every point of a parameter sweep (OpenMP threads, MPI ranks)",
      "Identical results for any number of threads, ranks, shards or resumes.", sweep_options, cmd_sweep },
    { "merge", "OUT.h5 PART.h5... [--force]", "join the shards of a sweep into the file one run would write",
      NULL, merge_options, cmd_merge },
    { "report", "FILE.h5 [OPTIONS]", "tell what a result file holds: a document, one CSV table or an HTML page",
      "docs/report.md describes the document and the CSV tables.", report_options, cmd_report },
    { "check", "FILE.yaml [OPTIONS]", "validate a scenario or a sweep file: every error at once, then what running it asks",
      "A valid scenario gets a pre-flight summary: boxes and TEU a year per flow, vessel calls a week, each "
      "resource's offered load (flagged at or above 1), and the time and memory `run` will take here (from a "
      "pilot of one replication).  A sweep: its points and the ranges of those figures over them.",
      check_options, cmd_check },
    { "validate", "[OPTIONS]", "check the engine against queueing theory and the port model against C1-C4",
      NULL, validate_options, cmd_validate },
    { "bench", "[mm1|hold|port]... [OPTIONS]", "throughput figures of the kernel and the port model", NULL,
      bench_options, cmd_bench },
};
const size_t cli_ncommands = sizeof cli_commands / sizeof cli_commands[0];

static const char exit_codes[] =
    "Exit codes: 0 success; 1 runtime failure (a failed write included); 2 bad usage or input (an existing\n"
    "OUT without --force, a file that is not what it should be); 130 interrupted (SIGINT); 143 terminated\n"
    "(SIGTERM).  A run that cannot fit in memory, or of more than 1e11 events without --allow-large, is\n"
    "refused before it starts.\n";

const cli_command *cli_find_command(const char *name)
{
    for (size_t i = 0; i < cli_ncommands; i++)
        if (!strcmp(cli_commands[i].name, name)) return &cli_commands[i];
    return NULL;
}

/* ---- suggestions ---- */

static size_t edit_distance(const char *a, const char *b)
{
    const size_t n = strlen(a), m = strlen(b);
    if (n > 64 || m > 64) return 99;
    size_t row[65];
    for (size_t j = 0; j <= m; j++) row[j] = j;
    for (size_t i = 1; i <= n; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= m; j++) {
            const size_t up = row[j];
            const size_t sub = diag + (a[i - 1] != b[j - 1]);
            size_t best = up + 1 < row[j - 1] + 1 ? up + 1 : row[j - 1] + 1;
            row[j] = sub < best ? sub : best;
            diag = up;
        }
    }
    return row[m];
}

const char *cli_closest(const char *word, const char *const *words, size_t n)
{
    const char *best = NULL;
    size_t best_d = 3; /* at most 2 edits */
    const size_t len = strlen(word);
    for (size_t i = 0; i < n; i++) {
        size_t d = edit_distance(word, words[i]);
        if (len >= 3 && !strncmp(words[i], word, len)) d = 1; /* an unambiguous start */
        if (d < best_d) {
            best_d = d;
            best = words[i];
        }
    }
    return best;
}

/* ---- help ---- */

void cli_print_usage(FILE *out)
{
    fputs("usage: clearsim COMMAND [ARGS]   (clearsim help COMMAND, or COMMAND --help, for its options)\n\n", out);
    for (size_t i = 0; i < cli_ncommands; i++)
        fprintf(out, "  %-9s %s\n", cli_commands[i].name, cli_commands[i].summary);
    fputs("  help      this list, or a command's options: clearsim help COMMAND\n"
          "\n  -V, --version   the version;  -h, --help   this list\n\n",
          out);
    fputs(exit_codes, out);
}

static void option_label(char *buf, size_t size, const cli_option *o)
{
    if (strcmp(o->canon, o->name))
        snprintf(buf, size, "%s, %s%s%s", o->canon, o->name, o->value ? " " : "", o->value ? o->value : "");
    else
        snprintf(buf, size, "%s%s%s", o->name, o->value ? " " : "", o->value ? o->value : "");
}

void cli_print_help(FILE *out, const cli_command *c)
{
    fprintf(out, "usage: clearsim %s %s\n\n%s.\n", c->name, c->synopsis, c->summary);
    if (c->text) fprintf(out, "%s\n", c->text);
    fputs("\noptions:\n", out);
    for (const cli_option *o = c->options; o->canon; o++) {
        if (!o->help) continue;
        char label[96];
        option_label(label, sizeof label, o);
        fprintf(out, "  %-26s %s\n", label, o->help);
    }
    fprintf(out, "  %-26s %s\n\n", "-h, --help", "this help");
    fputs(exit_codes, out);
}

void cli_print_markdown(FILE *out)
{
    fputs("# The command line\n\n"
          "Generated by `clearsim help --markdown` from the table the parser uses\n"
          "(`sim/cli/cli_options.c`); `make test` checks that this page is current.\n\n"
          "Every option has a long name; `--name value` and `--name=value` are the same, and an\n"
          "option's value is taken as given even when it starts with `-`.  `clearsim help COMMAND`\n"
          "and `clearsim COMMAND --help` print a command's options; a mistyped command or option\n"
          "gets the closest one suggested.\n\n",
          out);
    for (size_t i = 0; i < cli_ncommands; i++) {
        const cli_command *c = &cli_commands[i];
        fprintf(out, "## `clearsim %s`\n\n```\nclearsim %s %s\n```\n\n%s.", c->name, c->name, c->synopsis, c->summary);
        if (c->text) fprintf(out, " %s", c->text);
        fputs("\n\n", out);
        bool any = false;
        for (const cli_option *o = c->options; o->canon; o++) {
            if (!o->help) continue;
            if (!any) fputs("| option | meaning |\n|---|---|\n", out);
            any = true;
            char label[96];
            option_label(label, sizeof label, o);
            fprintf(out, "| `%s` | %s |\n", label, o->help);
        }
        fputs(any ? "\n" : "No options.\n\n", out);
    }
    fputs("## Exit codes\n\n", out);
    fputs(exit_codes, out);
}

/* ---- normalising argv ---- */

static const cli_option *find_option(const cli_command *c, const char *s, size_t len)
{
    for (const cli_option *o = c->options; o->canon; o++)
        if ((strlen(o->canon) == len && !strncmp(o->canon, s, len)) ||
            (strlen(o->name) == len && !strncmp(o->name, s, len)))
            return o;
    return NULL;
}

static int unknown_option(const cli_command *c, const char *s)
{
    const char *names[64];
    size_t n = 0;
    for (const cli_option *o = c->options; o->canon && n < 62; o++)
        if (o->help) names[n++] = o->name;
    names[n++] = "--help";
    const size_t len = strcspn(s, "=");
    char word[128];
    snprintf(word, sizeof word, "%.*s", (int)(len < sizeof word ? len : sizeof word - 1), s);
    const char *near = cli_closest(word, names, n);
    if (near)
        return cli_usage_error("%s: unknown option '%s' (did you mean '%s'?)", c->name, word, near);
    return cli_usage_error("%s: unknown option '%s'", c->name, word);
}

void cli_args_free(int argc, char **argv)
{
    for (int i = 0; argv && i < argc; i++) free(argv[i]);
    free(argv);
}

int cli_args_normalise(const cli_command *c, int argc, char **argv, int *out_argc, char ***out_argv)
{
    char **v = calloc((size_t)argc * 2 + 1, sizeof *v);
    int n = 0;
    if (!v) goto nomem;
#define PUSH(s, len)                                                      \
    do {                                                                  \
        if (!(v[n] = strndup((s), (len)))) goto nomem;                    \
        n++;                                                              \
    } while (0)
    bool options_end = false;
    for (int i = 0; i < argc; i++) {
        const char *s = argv[i];
        if (options_end || s[0] != '-' || !s[1]) {
            PUSH(s, strlen(s));
            continue;
        }
        if (!strcmp(s, "--")) {
            options_end = true;
            continue;
        }
        if (!strcmp(s, "--help") || !strcmp(s, "-h")) {
            cli_args_free(n, v);
            cli_print_help(stdout, c);
            return 0;
        }
        const char *eq = s[1] == '-' ? strchr(s, '=') : NULL;
        const size_t len = eq ? (size_t)(eq - s) : strlen(s);
        const cli_option *o = find_option(c, s, len);
        if (!o) {
            cli_args_free(n, v);
            return unknown_option(c, s);
        }
        PUSH(o->canon, strlen(o->canon));
        if (!o->value) {
            if (eq) {
                cli_args_free(n, v);
                return cli_usage_error("%s: option %s takes no value", c->name, o->name);
            }
            continue;
        }
        if (eq) PUSH(eq + 1, strlen(eq + 1));
        else if (i + 1 < argc) {
            i++;
            PUSH(argv[i], strlen(argv[i]));
        } /* a missing value: the command's parser says so */
    }
#undef PUSH
    *out_argc = n;
    *out_argv = v;
    return -1;
nomem:
    cli_args_free(n, v);
    fputs("clearsim: out of memory\n", stderr);
    return EXIT_RUNTIME;
}
