/*
 * fuzz_contract.h - what both loaders promise (scenario.h, sweep.h), as
 * checks the fuzz targets make on every input: on failure the value is
 * left empty and err holds the status and a message; on success the value
 * keeps the text as given, NUL-terminated.  A breach aborts, which
 * libFuzzer reports as a crash.
 */
#ifndef CLEARSIM_FUZZ_CONTRACT_H
#define CLEARSIM_FUZZ_CONTRACT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "clearsim/error.h"

static inline void check(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "fuzz: contract broken: %s\n", what);
        abort();
    }
}

static inline int all_zero(const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        if (b[i]) return 0;
    return 1;
}

/* `check` reads on past errors: it must reach the loader's verdict st,
 * list nothing on success, and list the loader's error `first` (unless
 * dropped) among errors in file order. */
static inline void check_error_list(cs_status all, cs_status st, const cs_error_list *errors, const cs_error *first)
{
    check(all == st, "check and load disagree on the verdict");
    if (all == CS_OK) {
        check(errors->n == 0, "a valid file with listed errors");
        return;
    }
    int found = 0;
    for (size_t i = 0; i < errors->n; i++) {
        const cs_error *e = &errors->items[i];
        found |= e->line == first->line && e->column == first->column && !strcmp(e->message, first->message);
        check(i == 0 || errors->items[i - 1].line < e->line ||
                  (errors->items[i - 1].line == e->line && errors->items[i - 1].column <= e->column),
              "errors out of file order");
    }
    check(found || st != CS_ERR_INPUT || errors->dropped, "the loader's error is not among check's");
}

#endif
