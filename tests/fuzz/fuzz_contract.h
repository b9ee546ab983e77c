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

#endif
