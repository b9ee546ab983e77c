/*
 * cli_util.c - error printing, option values, signals, paths.
 *
 * The signal flag is the one piece of global state in clearsim: a handler
 * can reach nothing else.  The runner polls it between replications.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "cli/cli.h"
#include "clearsim/output.h"
#include "clearsim/experiment.h"
#include "clearsim/scenario.h"

volatile sig_atomic_t cli_signal = 0;

int cli_fail(const cs_error *err)
{
    char buf[CS_ERROR_FILE_MAX + CS_ERROR_MSG_MAX + 64];
    cs_error_format(err, buf, sizeof buf);
    fprintf(stderr, "clearsim: %s\n", buf);
    return cs_status_exit_code(err->status);
}

void cli_warn_draws_cut(const char *file, uint64_t n)
{
    if (n == 0) return;
    fprintf(stderr, "clearsim: warning: %s: %llu duration%s drawn longer than any scenario may last (%g h for "
            "ports, %g time units for queues) and cut to that: a distribution's tail is too long "
            "(docs/scenarios.md, \"Distributions\")\n", file, (unsigned long long)n, n == 1 ? " was" : "s were",
            CS_PORT_MAX_HOURS, CS_QUEUE_MAX_TIME);
}

void cli_print_warnings(const cs_warnings *w)
{
    for (size_t i = 0; i < w->n; i++) fprintf(stderr, "clearsim: %s\n", w->lines[i]);
    if (w->dropped) fprintf(stderr, "clearsim: ... and %zu more warnings\n", w->dropped);
}

int cli_usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("clearsim: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputs(" (see clearsim --help)\n", stderr);
    va_end(ap);
    return EXIT_USAGE;
}

bool cli_parse_u64(const char *s, uint64_t *out)
{
    /* digits only: strtoull would skip blanks and take a sign, so " -1"
     * would wrap round to 2^64 - 1 */
    if (!s || !*s) return false;
    for (const char *c = s; *c; c++)
        if (*c < '0' || *c > '9') return false;
    errno = 0;
    char *end;
    const unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end) return false;
    *out = v;
    return true;
}

int cli_level_option(const char *arg, cli_level *level)
{
    cli_level l;
    if (!strcmp(arg, "-q") || !strcmp(arg, "--quiet")) l = CLI_QUIET;
    else if (!strcmp(arg, "-v") || !strcmp(arg, "--verbose")) l = CLI_VERBOSE;
    else return -1;
    if (*level != CLI_NORMAL && *level != l)
        return cli_usage_error("-q (--quiet) and -v (--verbose) exclude each other");
    *level = l;
    return 0;
}

void cli_print_times(double load, double simulation, double write, double total)
{
    fprintf(stderr, "clearsim: time: load %.3f s, simulation %.3f s, write %.3f s, total %.3f s\n", load, simulation,
            write, total);
}

void cli_print_memory(double estimated_bytes, uint32_t points_held)
{
    fprintf(stderr, "clearsim: memory: estimated %.1f MiB, peak %.1f MiB (VmHWM)", estimated_bytes / 1048576.0,
            cs_memory_peak() / 1048576.0);
    if (points_held) fprintf(stderr, "; at most %u point%s held at once", points_held, points_held > 1 ? "s" : "");
    fputc('\n', stderr);
}

double cli_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The least time between two progress lines: a terminal's line is
 * rewritten in place, a log gets a new line each time. */
#define PROGRESS_TTY_SECONDS 0.2
#define PROGRESS_LOG_SECONDS 5.0

void cli_progress_start(cli_progress *p, const char *what)
{
    p->what = what;
    p->start = p->last = cli_seconds();
    p->tty = isatty(STDERR_FILENO);
    p->open = false;
    p->width = 0;
}

void cli_progress_report(void *ctx, uint32_t done, uint32_t total)
{
    cli_progress *p = ctx;
    const double now = cli_seconds(), t = now - p->start;
    if (done < total && now - p->last < (p->tty ? PROGRESS_TTY_SECONDS : PROGRESS_LOG_SECONDS)) return;
    p->last = now;
    char left[64] = "";
    if (done > 0 && done < total)
        snprintf(left, sizeof left, ", about %.0f s left", t * (double)(total - done) / (double)done);
    char line[160];
    const int len = snprintf(line, sizeof line, "clearsim: %u/%u %s done, %.1f s%s", done, total, p->what, t, left);
    fprintf(stderr, "%s%s", p->tty ? "\r" : "", line);
    if (p->tty && len < p->width) fprintf(stderr, "%*s", p->width - len, ""); /* cover the longer line before */
    if (len > p->width) p->width = len;
    p->open = p->tty && done < total;
    if (!p->open) fputc('\n', stderr);
}

void cli_progress_end(cli_progress *p)
{
    if (p->open) fputc('\n', stderr);
    p->open = false;
}

static void on_signal(int sig)
{
    cli_signal = sig;
}

void cli_catch_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

int cli_signal_exit_code(void)
{
    return cli_signal == SIGTERM ? EXIT_SIGTERM : EXIT_SIGINT;
}

const char *cli_signal_name(void)
{
    return cli_signal == SIGTERM ? "terminated (SIGTERM)" : "interrupted (SIGINT)";
}

const char *cli_line_break(void)
{
    return isatty(STDERR_FILENO) ? "\n" : "";
}

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *cli_scenario_dir(char *buf, unsigned long size)
{
    const char *env = getenv("CLEARSIM_SCENARIOS");
    if (env && *env) {
        snprintf(buf, size, "%s", env);
        return buf;
    }
    if (is_dir("scenarios/queue")) {
        snprintf(buf, size, "scenarios");
        return buf;
    }
    char exe[4096];
    const ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = 0;
        char *slash = strrchr(exe, '/');
        if (slash) *slash = 0;
        snprintf(buf, size, "%s/scenarios", exe);
        if (is_dir(buf)) return buf;
        snprintf(buf, size, "%s/../share/clearsim/scenarios", exe);
        if (is_dir(buf)) return buf;
    }
    snprintf(buf, size, "scenarios");
    return buf;
}

void cli_command_line(int argc, char **argv, char *buf, unsigned long size)
{
    size_t used = 0;
    buf[0] = 0;
    for (int i = 0; i < argc && used + 1 < size; i++) {
        const int w = snprintf(buf + used, size - used, "%s%s", i ? " " : "", argv[i]);
        if (w < 0) break;
        used += (size_t)w;
    }
}

void cli_fill_run_info(cs_run_info *info)
{
    cs_run_info_stamp(info);
    cli_command_line(cli_argc, cli_argv, info->command_line, sizeof info->command_line);
}

int cli_default_out(const char *name, char *buf, size_t size)
{
    if (mkdir("results", 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "clearsim: cannot create results/: %s\n", strerror(errno));
        return EXIT_RUNTIME;
    }
    snprintf(buf, size, "results/%s.h5", name);
    return 0;
}

int cli_common_option(int argc, char **argv, int *i, const char **out, struct cs_run_options *opt)
{
    const char *s = argv[*i];
    if (!strcmp(s, "--allow-large")) {
        opt->allow_large = true;
        return 0;
    }
    if (strcmp(s, "-o") && strcmp(s, "-r") && strcmp(s, "-j") && strcmp(s, "-s")) return -1;
    if (*i + 1 >= argc) return cli_usage_error("option %s needs a value", s);
    const char *val = argv[++*i];
    if (s[1] == 'o') {
        *out = val;
        return 0;
    }
    uint64_t v;
    if (!cli_parse_u64(val, &v)) return cli_usage_error("option %s: '%s' is not a non-negative integer", s, val);
    if (s[1] == 'r') {
        if (v < 1 || v > CS_MAX_REPLICATIONS) return cli_usage_error("-r must be between 1 and %u", CS_MAX_REPLICATIONS);
        opt->replications = (uint32_t)v;
    } else if (s[1] == 'j') {
        if (v < 1 || v > 4096) return cli_usage_error("-j must be between 1 and 4096");
        opt->threads = (int)v;
    } else {
        opt->seed_given = true;
        opt->seed = v;
    }
    return 0;
}
