/*
 * cli_options.h - every command and option of clearsim in one table: the
 * help texts, docs/cli.md and the parser's spelling rules come from it.
 */
#ifndef CLEARSIM_CLI_OPTIONS_H
#define CLEARSIM_CLI_OPTIONS_H

#include <stddef.h>
#include <stdio.h>

typedef struct cli_option {
    const char *canon; /* the spelling the command's parser reads ("-r", "--force") */
    const char *name;  /* the long name ("--reps"; the same as canon for long-only options) */
    const char *value; /* "REPS", or NULL for a flag */
    const char *help;  /* what it does and its default; NULL: not shown (for tests) */
} cli_option;

typedef struct cli_command {
    const char *name;
    const char *synopsis; /* the arguments after the command's name */
    const char *summary;  /* one line */
    const char *text;     /* more, or NULL */
    const cli_option *options; /* ends with { NULL } */
    int (*fn)(int argc, char **argv);
} cli_command;

extern const cli_command cli_commands[];
extern const size_t cli_ncommands;

const cli_command *cli_find_command(const char *name);
/* The closest of n words to word (edit distance at most 2, or a prefix),
 * or NULL. */
const char *cli_closest(const char *word, const char *const *words, size_t n);

/* argv of command c rewritten for its parser: long names and
 * --name=value as their canonical spelling and a separate value, an
 * option's value taken as given even if it starts with '-'.  Returns -1
 * with the new argc and argv set (free with cli_args_free), or an exit
 * code: 0 after printing the help for --help / -h, 2 after a usage error
 * (an unknown option, with a suggestion). */
int cli_args_normalise(const cli_command *c, int argc, char **argv, int *out_argc, char ***out_argv);
void cli_args_free(int argc, char **argv);

void cli_print_usage(FILE *out);
void cli_print_help(FILE *out, const cli_command *c);
/* docs/cli.md: every command with its options, from the same table. */
void cli_print_markdown(FILE *out);

#endif
