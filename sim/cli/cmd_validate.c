/*
 * cmd_validate.c - `clearsim validate [--quick] [-j N]`: the engine against
 * queueing theory, one line per check and a closing count.  Each line
 * shows the 95 % interval of the statistic it checks: a port case's
 * median gets the interval of the replications' medians, not the mean's.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "cli/cli.h"
#include "clearsim/experiment.h"

static const char *const cases[] = {
    "mm1", "mm4", "md1", "me2", "mm2", "mg1_lognormal",
};

int cmd_validate(int argc, char **argv)
{
    bool quick = false;
    int threads = 0;
    for (int i = 0; i < argc; i++) {
        uint64_t v;
        if (!strcmp(argv[i], "--quick")) quick = true;
        else if (!strcmp(argv[i], "-j") && i + 1 < argc && cli_parse_u64(argv[i + 1], &v) && v >= 1 && v <= 4096) {
            threads = (int)v;
            i++;
        } else return cli_usage_error("validate: unexpected argument '%s'", argv[i]);
    }
    char dir[4096];
    cli_scenario_dir(dir, sizeof dir);
    unsigned passed = 0, failed = 0;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/queue/%s.yaml", dir, cases[c]);
        cs_validation_case vc;
        cs_error err = { 0 };
        if (cs_validate_scenario(path, quick, threads, &vc, &err) != CS_OK) {
            cli_fail(&err);
            failed++;
            continue;
        }
        printf("%s: %s; %llu customers (warm-up %llu, %.0f relaxation times), %u replications, %.1f s\n",
               vc.scenario, vc.description, (unsigned long long)vc.customers,
               (unsigned long long)vc.warmup,
               vc.warmup_relaxations, vc.replications, vc.seconds);
        for (size_t k = 0; k < vc.nchecks; k++) {
            const cs_validation_check *ch = &vc.checks[k];
            if (isnan(ch->std_error))
                printf("  %s  %-22s L %.6g vs lambda*W %.6g (worst replication, limit %.0f%%)%s%s\n",
                       ch->pass ? "PASS" : "FAIL", ch->name, ch->estimate, ch->theory,
                       100.0 * ch->limit, ch->pass ? "" : ": ", ch->reason);
            else
                printf("  %s  %-22s %.6g (95%% CI +-%.4g = %.2f%%, limit %.1f%%) theory %.6g, z = %+.2f%s%s\n",
                       ch->pass ? "PASS" : "FAIL", ch->name, ch->estimate, ch->half_width,
                       100.0 * ch->half_width / ch->theory, 100.0 * ch->limit, ch->theory,
                       (ch->estimate - ch->theory) / ch->std_error, ch->pass ? "" : ": ", ch->reason);
            if (ch->pass) passed++;
            else failed++;
        }
    }
    char ports[4200];
    snprintf(ports, sizeof ports, "%s/ports", dir);
    for (size_t c = 0; c < cs_validate_port_cases(); c++) {
        cs_validation_case vc;
        cs_error err = { 0 };
        if (cs_validate_port_case(ports, c, quick, threads, &vc, &err) != CS_OK) {
            cli_fail(&err);
            failed++;
            continue;
        }
        printf("%s: %s; %u replications, %.1f s\n", vc.scenario, vc.description, vc.replications, vc.seconds);
        for (size_t k = 0; k < vc.nchecks; k++) {
            const cs_validation_check *ch = &vc.checks[k];
            if (isnan(ch->estimate))
                printf("  %s  %s%s%s\n", ch->pass ? "PASS" : "FAIL", ch->name, ch->pass ? "" : ": ", ch->reason);
            else
                printf("  %s  %-44s %.4g h (95%% CI [%.4g, %.4g]) accepted [%.4g, %.4g]%s%s\n",
                       ch->pass ? "PASS" : "FAIL", ch->name, ch->estimate, ch->ci_low, ch->ci_high, ch->theory, ch->limit,
                       ch->pass ? "" : ": ", ch->reason);
            if (ch->pass) passed++;
            else failed++;
        }
    }
    printf("validate%s: %u checks passed, %u failed\n", quick ? " --quick" : "", passed, failed);
    return failed ? EXIT_RUNTIME : 0;
}
