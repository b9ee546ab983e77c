/*
 * cmd_check.c - `clearsim check`: validate a scenario or a sweep file and
 * say what running it means.
 *
 * Every error of the file is reported in one pass (the loaders go on past
 * an error: cs_scenario_check_file), in file order.  A valid scenario gets
 * a pre-flight summary: for a port, the boxes and TEU a year of each
 * flow, the vessel calls a week and each resource's offered load under
 * conventional clearance (port_preflight.c), any at or above 1 flagged;
 * for a queue, its offered load; then the memory and the wall time of
 * `run` on this machine, from a timed pilot (preflight.c).  A sweep gets
 * its points and the ranges of the same figures over them.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "clearsim/experiment.h"
#include "clearsim/port.h"
#include "clearsim/port_catalog.h"
#include "clearsim/scenario.h"
#include "clearsim/sweep.h"

/* `check` reads the file once to tell a sweep from a scenario (through
 * the loaders' reader: regular files only); unreadable: the scenario
 * loader then says why. */
static bool file_is_sweep(const char *path)
{
    char *text = NULL;
    size_t len = 0;
    cs_error err = { 0 };
    if (cs_scenario_read_file(path, &text, &len, &err) != CS_OK) return false;
    const bool sweep = cs_sweep_text_is_sweep(text, len);
    free(text);
    return sweep;
}

/* Every error in file order, the first CHECK_SHOWN of them, then how
 * many more: a long list hides the first, which may cause the others. */
#define CHECK_SHOWN 20

static int print_errors(const cs_error_list *errors, const cs_error *first)
{
    if (errors->n <= 1 && !errors->dropped) return cli_fail(errors->n ? &errors->items[0] : first);
    const size_t shown = errors->n < CHECK_SHOWN ? errors->n : CHECK_SHOWN;
    for (size_t i = 0; i < shown; i++) cli_fail(&errors->items[i]);
    const size_t more = errors->n - shown + errors->dropped;
    if (more) fprintf(stderr, "clearsim: ... and %zu more error%s\n", more, more == 1 ? "" : "s");
    fprintf(stderr, "clearsim: %s: %zu errors\n", first->file, errors->n + errors->dropped);
    return cs_status_exit_code(first->status);
}

/* A queue's offered load: service mean over servers x interarrival mean. */
static double queue_load(const cs_queue_scenario *q)
{
    return cs_dist_mean(&q->service) / (q->servers * cs_dist_mean(&q->arrival));
}

static const char *flow_names[CS_FLOW_N] = { "import", "export", "transit" };

static void print_flows(const cs_port_preflight_result *f)
{
    double boxes = 0, teu = 0;
    printf("  %-10s %14s %14s\n", "flow", "boxes/year", "TEU/year");
    for (int k = 0; k < CS_FLOW_N; k++) {
        printf("  %-10s %14.0f %14.0f\n", flow_names[k], f->boxes_per_year[k], f->teu_per_year[k]);
        boxes += f->boxes_per_year[k], teu += f->teu_per_year[k];
    }
    printf("  %-10s %14.0f %14.0f\n", "all", boxes, teu);
    printf("  vessel calls per week: %.2f\n", f->calls_per_week);
}

/* Each resource's load under the baseline and its highest over regimes;
 * a load at or above 1 is flagged in the table and warned on stderr. */
static void print_loads(const char *path, const cs_port_scenario *p, const cs_port_preflight_result *f)
{
    const uint32_t b = p->baseline;
    printf("  %-22s %8s %8s  %s\n", "resource", "servers", "load", "highest load (regime)");
    for (int k = 0; k < CS_POOL_N; k++) {
        uint32_t top = b;
        for (uint32_t r = 0; r < f->nregimes; r++)
            if (f->load[r][k] > f->load[top][k]) top = r;
        const bool over = f->load[top][k] >= 1.0;
        printf("  %-22s %8.1f %8.3f  %.3f (%s)%s\n", cs_pool_name((cs_pool)k), f->servers[b][k], f->load[b][k],
               f->load[top][k], p->regimes[top].name, over ? "  <- at or above 1" : "");
    }
    printf("  (load: mean work over mean servers, conventional paths, regime %s; docs/port-model.md)\n",
           p->regimes[b].name);
    fflush(stdout);
    for (int k = 0; k < CS_POOL_N; k++)
        for (uint32_t r = 0; r < f->nregimes; r++)
            if (f->load[r][k] >= 1.0)
                fprintf(stderr, "clearsim: warning: %s: %s: offered load %.3f under regime %s: at or above 1, "
                        "its queue grows without bound\n", path, cs_pool_name((cs_pool)k), f->load[r][k],
                        p->regimes[r].name);
}

static void human_time(double s, char *buf, size_t size)
{
    if (s < 10) snprintf(buf, size, "%.2g s", s);
    else if (s < 90) snprintf(buf, size, "%.0f s", s);
    else if (s < 5400) snprintf(buf, size, "%.1f min", s / 60);
    else snprintf(buf, size, "%.1f h", s / 3600);
}

static int print_estimate(const cs_scenario *s, int threads)
{
    cs_run_estimate e;
    cs_error err = { 0 };
    if (cs_experiment_estimate(s, threads, &e, &err) != CS_OK) return cli_fail(&err);
    char t[32];
    human_time(e.seconds, t, sizeof t);
    const uint32_t regimes = s->port ? s->port->nregimes : 1;
    printf("  run: %u replication%s x %u regime%s on %d thread%s: about %s and %.0f MiB", s->replications,
           s->replications == 1 ? "" : "s", regimes, regimes == 1 ? "" : "s", e.threads, e.threads == 1 ? "" : "s", t,
           e.bytes / (1024.0 * 1024.0));
    if (e.limit_bytes > 0) printf(" of %.0f MiB available", e.limit_bytes / (1024.0 * 1024.0));
    printf(" (a pilot of %.2f s)\n", e.pilot_seconds);
    return 0;
}

static int preflight(const cs_scenario *s, int threads, bool estimate)
{
    if (s->kind == CS_SCENARIO_QUEUE) {
        const cs_queue_scenario *q = &s->queue;
        const double rho = queue_load(q);
        printf("  offered load %.3f (service mean / (servers x interarrival mean))%s\n", rho,
               rho >= 1.0 ? "  <- at or above 1" : "");
        printf("  %llu customers per replication, the first %llu as warm-up\n", (unsigned long long)q->customers,
               (unsigned long long)q->warmup);
    } else {
        cs_port_preflight_result f;
        cs_port_preflight(s->port, &f);
        print_flows(&f);
        print_loads(s->path, s->port, &f);
    }
    return estimate ? print_estimate(s, threads) : 0;
}

/* A sweep: the range over its points of the total boxes a year and of
 * each resource's load under the baseline (a queue's offered load),
 * gathered as the points are loaded (none is kept). */
typedef struct sweep_ranges {
    bool queue;
    double lo[CS_POOL_N + 1], hi[CS_POOL_N + 1];
} sweep_ranges;

static void see_point(void *ctx, uint32_t p, const cs_scenario *s)
{
    sweep_ranges *g = ctx;
    double v[CS_POOL_N + 1];
    int n = 1;
    (void)p;
    g->queue = s->kind == CS_SCENARIO_QUEUE;
    if (g->queue) {
        v[0] = queue_load(&s->queue);
    } else {
        cs_port_preflight_result f;
        cs_port_preflight(s->port, &f);
        v[0] = f.boxes_per_year[0] + f.boxes_per_year[1] + f.boxes_per_year[2];
        for (int k = 0; k < CS_POOL_N; k++) v[k + 1] = f.load[s->port->baseline][k];
        n = CS_POOL_N + 1;
    }
    for (int k = 0; k < n; k++) g->lo[k] = fmin(g->lo[k], v[k]), g->hi[k] = fmax(g->hi[k], v[k]);
}

static void print_ranges(const sweep_ranges *g)
{
    if (g->queue) {
        printf("  offered load over the points: %.3f .. %.3f%s\n", g->lo[0], g->hi[0],
               g->hi[0] >= 1.0 ? "  <- at or above 1" : "");
        return;
    }
    printf("  boxes/year over the points: %.0f .. %.0f\n", g->lo[0], g->hi[0]);
    printf("  %-22s %8s %8s   (baseline load over the points)\n", "resource", "lowest", "highest");
    for (int k = 0; k < CS_POOL_N; k++)
        printf("  %-22s %8.3f %8.3f%s\n", cs_pool_name((cs_pool)k), g->lo[k + 1], g->hi[k + 1],
               g->hi[k + 1] >= 1.0 ? "  <- at or above 1" : "");
}

int cmd_check(int argc, char **argv)
{
    const char *file = NULL;
    uint64_t threads = 0;
    bool estimate = true;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--no-estimate")) estimate = false;
        else if (!strcmp(argv[i], "-j")) {
            if (i + 1 == argc || !cli_parse_u64(argv[i + 1], &threads) || threads < 1 || threads > 4096)
                return cli_usage_error("-j needs a number of threads (1 to 4096)");
            i++;
        } else if (argv[i][0] == '-' && argv[i][1]) return cli_usage_error("unknown option '%s'", argv[i]);
        else if (file) return cli_usage_error("check needs exactly one file");
        else file = argv[i];
    }
    if (!file) return cli_usage_error("check needs exactly one file");
    cs_error err = { 0 };
    if (file_is_sweep(file)) {
        cs_sweep sw;
        cs_error_list errors = { 0 };
        sweep_ranges g;
        for (int k = 0; k <= CS_POOL_N; k++) g.lo[k] = INFINITY, g.hi[k] = -INFINITY;
        const cs_status st = cs_sweep_check_file_visit(file, &sw, &err, &errors, see_point, &g);
        const int rc = st ? print_errors(&errors, &err) : 0;
        cs_error_list_free(&errors);
        if (rc) return rc;
        char tied[48] = "";
        if (sw.nkeys) snprintf(tied, sizeof tied, ", %u keys set by tied parameters", sw.nkeys);
        printf("%s: ok (sweep %s: %u points x %u replications, %s design, %u parameters%s)\n", file, sw.name,
               sw.npoints, sw.replications, sw.design, sw.nparams, tied);
        print_ranges(&g);
        fflush(stdout);
        cli_print_warnings(&sw.points[0].warnings);
        cs_sweep_free(&sw);
        return 0;
    }
    cs_scenario s;
    cs_error_list errors = { 0 };
    if (cs_scenario_check_file(file, &s, &err, &errors) != CS_OK) {
        const int rc = print_errors(&errors, &err);
        cs_error_list_free(&errors);
        return rc;
    }
    cs_error_list_free(&errors);
    printf("%s: ok (kind %s, name %s%s)\n", file, s.kind == CS_SCENARIO_QUEUE ? "queue" : "port", s.name,
           s.warnings.n ? ", with warnings" : "");
    const int rc = preflight(&s, (int)threads, estimate);
    fflush(stdout);
    cli_print_warnings(&s.warnings);
    cs_scenario_free(&s);
    return rc;
}
