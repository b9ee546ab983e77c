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
#include <unistd.h>
#include "cli/cli.h"

volatile sig_atomic_t cli_signal = 0;

int cli_fail(const cs_error *err)
{
    char buf[CS_ERROR_FILE_MAX + CS_ERROR_MSG_MAX + 64];
    cs_error_format(err, buf, sizeof buf);
    fprintf(stderr, "clearsim: %s\n", buf);
    return cs_status_exit_code(err->status);
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
    if (!s || !*s || *s == '-' || *s == '+') return false;
    errno = 0;
    char *end;
    const unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end) return false;
    *out = v;
    return true;
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
