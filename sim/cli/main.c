/*
 * main.c - clearsim's entry point: dispatch to a subcommand.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "cli/cli.h"

#ifndef CLEARSIM_VERSION
#define CLEARSIM_VERSION "0.0.0"
#endif

static const char usage[] =
    "usage:\n"
    "  clearsim run SCENARIO.yaml [-o OUT.h5] [-r REPS] [-j THREADS] [-s SEED] [--trace] [--force] [--allow-large] [-q]\n"
    "  clearsim sweep SWEEP.yaml [-o OUT.h5] [-r REPS] [-j THREADS] [-s SEED] [--shard I/N] [--resume] [--force] [--allow-large] [-q]\n"
    "  clearsim merge OUT.h5 PART.h5... [--force]   join the shards of a sweep\n"
    "  clearsim report FILE.h5 [--format table|csv|markdown|html] [--table summary|differences|effects]\n"
    "                  [-o OUT] [--force]\n"
    "  clearsim check FILE.yaml          validate a scenario or sweep, run nothing\n"
    "  clearsim validate [--quick] [-j THREADS]   queueing-theory checks of the engine\n"
    "  clearsim bench [mm1|hold|port]... [-n COUNT]  throughput figures\n"
    "  clearsim --help | --version\n"
    "\n"
    "Exit codes: 0 success, 1 runtime failure, 2 bad usage or input,\n"
    "130 interrupted (SIGINT), 143 terminated (SIGTERM).  A run that cannot fit in memory,\n"
    "or of more than 1e11 events without --allow-large, is refused before it starts.\n";

int cli_argc;
char **cli_argv;

/* Whatever went to stdout must have arrived: a full disk, /dev/full or a
 * closed stdout make the command fail (exit 1, one line), never a silent
 * truncated report. */
static int finish_stdout(int rc)
{
    errno = 0;
    const int failed = fflush(stdout) != 0 || ferror(stdout);
    const int saved = errno;
    if (fclose(stdout) != 0 || failed) {
        const int e = failed ? saved : errno;
        fprintf(stderr, "clearsim: cannot write the output: %s\n", e ? strerror(e) : "write error");
        return rc ? rc : EXIT_RUNTIME;
    }
    return rc;
}

static int run_command(int argc, char **argv);

int main(int argc, char **argv)
{
    return finish_stdout(run_command(argc, argv));
}

static int run_command(int argc, char **argv)
{
    cli_argc = argc;
    cli_argv = argv;
    if (argc < 2) {
        fputs(usage, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        fputs(usage, stdout);
        return 0;
    }
    if (!strcmp(cmd, "--version")) {
        printf("clearsim %s\n", CLEARSIM_VERSION);
        return 0;
    }
    static const struct { const char *name; int (*fn)(int, char **); } cmds[] = {
        { "run", cmd_run },           { "check", cmd_check }, { "report", cmd_report },
        { "validate", cmd_validate }, { "bench", cmd_bench },   { "sweep", cmd_sweep },
        { "merge", cmd_merge },
    };
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
        if (!strcmp(cmd, cmds[i].name)) return cmds[i].fn(argc - 2, argv + 2);
    fprintf(stderr, "clearsim: unknown command '%s'\n%s", cmd, usage);
    return EXIT_USAGE;
}
