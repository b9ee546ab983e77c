/*
 * main.c - clearsim's entry point: dispatch to a subcommand (the table of
 * commands and options is cli_options.c's), and make sure whatever went to
 * standard output arrived.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "cli/cli.h"
#include "cli/cli_options.h"

#ifndef CLEARSIM_VERSION
#define CLEARSIM_VERSION "0.0.0"
#endif

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
        cli_print_usage(stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || (!strcmp(cmd, "help") && argc == 2)) {
        cli_print_usage(stdout);
        return 0;
    }
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
        printf("clearsim %s\n", CLEARSIM_VERSION);
        return 0;
    }
    if (!strcmp(cmd, "help")) {
        if (!strcmp(argv[2], "--markdown")) {
            cli_print_markdown(stdout);
            return 0;
        }
        const cli_command *c = cli_find_command(argv[2]);
        if (c) {
            cli_print_help(stdout, c);
            return 0;
        }
        cmd = argv[2];
    }
    const cli_command *c = cli_find_command(cmd);
    if (!c) {
        const char *names[16];
        for (size_t i = 0; i < cli_ncommands && i < 15; i++) names[i] = cli_commands[i].name;
        names[cli_ncommands < 15 ? cli_ncommands : 15] = "help";
        const char *near = cli_closest(cmd, names, (cli_ncommands < 15 ? cli_ncommands : 15) + 1);
        if (near) return cli_usage_error("unknown command '%s' (did you mean '%s'?)", cmd, near);
        return cli_usage_error("unknown command '%s'", cmd);
    }
    int nargc;
    char **nargv;
    const int rc = cli_args_normalise(c, argc - 2, argv + 2, &nargc, &nargv);
    if (rc >= 0) return rc;
    const int code = c->fn(nargc, nargv);
    cli_args_free(nargc, nargv);
    return code;
}
