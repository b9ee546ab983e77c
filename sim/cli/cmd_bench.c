/*
 * cmd_bench.c - `clearsim bench [mm1|hold]... [-n COUNT]`: kernel throughput.
 *
 * One line per benchmark, key=value pairs, easy to parse from scripts
 * (tests/bench.sh compares mm1 against the yardstick).
 */
#define _DEFAULT_SOURCE /* wait4: the child's own peak memory */
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include "clearsim/scenario.h"
#include "cli/cli.h"
#include "clearsim/bench.h"

#define MM1_CUSTOMERS 10000000ull
#define HOLD_PENDING 100000ull
#define HOLD_EVENTS 10000000ull

/* One port run of `months` in a child process, so that its peak memory
 * (ru_maxrss) is its own; returns the child's ru_maxrss in KiB, or -1. */
static long port_child(const char *path, double months)
{
    fflush(stdout);
    const pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        cs_error err = { 0 };
        cs_scenario s;
        if (cs_scenario_load_file(path, &s, &err) != CS_OK || s.kind != CS_SCENARIO_PORT) _exit(cli_fail(&err) ? 2 : 2);
        cs_bench_port_result r;
        const cs_status st = cs_bench_port(&s, months * 365.0 * 24.0 / 12.0, &r);
        cs_scenario_free(&s);
        if (st != CS_OK) _exit(1);
        printf("port months=%g boxes=%llu events=%llu seconds=%.2f boxes_per_s=%.0f events_per_box=%.2f ns_per_event=%.1f",
               months, (unsigned long long)r.boxes, (unsigned long long)r.events, r.seconds, r.boxes_per_s,
               r.events_per_box, r.ns_per_event);
        fflush(stdout);
        _exit(0);
    }
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return -1;
    printf(" max_rss_kib=%ld\n", ru.ru_maxrss);
    return ru.ru_maxrss;
}

/* The bench port scenario: a year of ~12 million boxes, one regime, one
 * thread; and the peak memory of 12 months against 1 month. */
static int bench_port(void)
{
    char dir[4096], path[4200];
    snprintf(path, sizeof path, "%s/bench/port_year.yaml", cli_scenario_dir(dir, sizeof dir));
    const long one = port_child(path, 1), twelve = port_child(path, 12);
    if (one < 0 || twelve < 0) {
        fprintf(stderr, "clearsim: bench port failed (%s)\n", path);
        return EXIT_RUNTIME;
    }
    const double bound = 1.1 * (double)one + 16.0 * 1024.0;
    printf("port memory: 12 months %ld KiB, 1 month %ld KiB, bound 1.1 x 1 month + 16 MiB = %.0f KiB: %s\n",
           twelve, one, bound, (double)twelve <= bound ? "within" : "EXCEEDED");
    return 0;
}

int cmd_bench(int argc, char **argv)
{
    const char *which[8];
    int n = 0;
    uint64_t count = 0;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "-n")) {
            if (i + 1 >= argc || !cli_parse_u64(argv[i + 1], &count) || count == 0)
                return cli_usage_error("-n needs a positive integer");
            i++;
        } else if (!strcmp(argv[i], "mm1") || !strcmp(argv[i], "hold")) {
            if (n < 8) which[n++] = argv[i];
        } else if (!strcmp(argv[i], "port")) {
            if (n < 8) which[n++] = argv[i];
        } else {
            return cli_usage_error("unknown benchmark '%s' (mm1, hold, port)", argv[i]);
        }
    }
    if (n == 0) {
        which[n++] = "mm1";
        which[n++] = "hold";
    }
    for (int i = 0; i < n; i++) {
        cs_bench_result r;
        cs_status st;
        if (!strcmp(which[i], "port")) {
            const int rc = bench_port();
            if (rc) return rc;
            continue;
        }
        if (!strcmp(which[i], "mm1")) {
            st = cs_bench_mm1(count ? count : MM1_CUSTOMERS, 12345, &r);
            if (st == CS_OK)
            {
                struct rusage ru;
                getrusage(RUSAGE_SELF, &ru);
                printf("mm1 customers=%llu loop_s=%.4f cust_per_s=%.0f mean_sojourn=%.4f (theory %.4f) max_rss_kib=%ld\n",
                       (unsigned long long)r.count, r.seconds, r.rate, r.check, r.expected, ru.ru_maxrss);
            }
        } else {
            st = cs_bench_hold(HOLD_PENDING, count ? count : HOLD_EVENTS, 12345, &r);
            if (st == CS_OK)
                printf("hold pending=%llu events=%llu loop_s=%.4f ev_per_s=%.0f clock=%.1f (expected %.1f)\n",
                       HOLD_PENDING, (unsigned long long)r.count, r.seconds, r.rate, r.check, r.expected);
        }
        if (st != CS_OK) {
            fprintf(stderr, "clearsim: bench %s failed: out of memory\n", which[i]);
            return EXIT_RUNTIME;
        }
        fflush(stdout);
    }
    return 0;
}
