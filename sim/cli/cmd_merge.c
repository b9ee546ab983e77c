/*
 * cmd_merge.c - `clearsim merge OUT.h5 PART.h5...`: the shards of a sweep
 * (clearsim sweep --shard I/N) joined into the file one run would write.
 */
#include <stdio.h>
#include <string.h>
#include "cli/cli.h"
#include "clearsim/output.h"

int cmd_merge(int argc, char **argv)
{
    bool force = false;
    const char *out = NULL;
    const char *parts[4096];
    size_t n = 0;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--force")) force = true;
        else if (argv[i][0] == '-' && argv[i][1]) return cli_usage_error("unknown option '%s'", argv[i]);
        else if (!out) out = argv[i];
        else if (n == sizeof parts / sizeof parts[0]) return cli_usage_error("at most 4096 parts");
        else parts[n++] = argv[i];
    }
    if (!out || n == 0) return cli_usage_error("merge needs OUT.h5 and the parts");
    cs_error err = { 0 };
    if (cs_output_check_target(out, force, &err) != CS_OK) return cli_fail(&err);
    cs_run_info info;
    memset(&info, 0, sizeof info);
    cli_fill_run_info(&info);
    info.ranks = 1;
    if (cs_output_merge(out, parts, n, force, &info, &err) != CS_OK) return cli_fail(&err);
    fprintf(stderr, "clearsim: merged %zu parts into %s\n", n, out);
    return 0;
}
