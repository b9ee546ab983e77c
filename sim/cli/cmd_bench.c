/*
 * cmd_bench.c - `clearsim bench [mm1|hold]... [-n COUNT]`: kernel throughput.
 *
 * One line per benchmark, key=value pairs, easy to parse from scripts
 * (tests/bench.sh compares mm1 against the yardstick).
 */
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include "cli/cli.h"
#include "clearsim/bench.h"

#define MM1_CUSTOMERS 10000000ull
#define HOLD_PENDING 100000ull
#define HOLD_EVENTS 10000000ull

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
            return cli_usage_error("bench port needs the port model (not built yet)");
        } else {
            return cli_usage_error("unknown benchmark '%s' (mm1, hold)", argv[i]);
        }
    }
    if (n == 0) {
        which[n++] = "mm1";
        which[n++] = "hold";
    }
    for (int i = 0; i < n; i++) {
        cs_bench_result r;
        cs_status st;
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
