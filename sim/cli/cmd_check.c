/*
 * cmd_check.c - `clearsim check`: validate a scenario or a sweep file and
 * run nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include "cli/cli.h"
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

int cmd_check(int argc, char **argv)
{
    if (argc != 1) return cli_usage_error("check needs exactly one file");
    cs_error err = { 0 };
    if (file_is_sweep(argv[0])) {
        cs_sweep sw;
        if (cs_sweep_load_file(argv[0], &sw, &err) != CS_OK) return cli_fail(&err);
        char tied[48] = "";
        if (sw.nkeys) snprintf(tied, sizeof tied, ", %u keys set by tied parameters", sw.nkeys);
        printf("%s: ok (sweep %s: %u points x %u replications, %s design, %u parameters%s)\n", argv[0], sw.name,
               sw.npoints, sw.replications, sw.design, sw.nparams, tied);
        cs_sweep_free(&sw);
        return 0;
    }
    cs_scenario s;
    if (cs_scenario_load_file(argv[0], &s, &err) != CS_OK) return cli_fail(&err);
    printf("%s: ok (kind %s, name %s%s)\n", argv[0], s.kind == CS_SCENARIO_QUEUE ? "queue" : "port", s.name,
           s.warnings.n ? ", with warnings" : "");
    fflush(stdout);
    cli_print_warnings(&s.warnings);
    cs_scenario_free(&s);
    return 0;
}
