/*
 * test_sweep_util.h - what the sweep suites share (test_sweep.c,
 * test_sweep_tied.c): inline sweep texts named tests/sweeps/t.yaml, so
 * relative bases resolve in tests/sweeps/ (the suites run from the
 * repository root), and the checks of a load that must work or must fail
 * at one line and column.  Include after <cmocka.h>.
 */
#ifndef CLEARSIM_TEST_SWEEP_UTIL_H
#define CLEARSIM_TEST_SWEEP_UTIL_H

#include <stdbool.h>
#include <string.h>
#include "clearsim/sweep.h"

#define T "tests/sweeps/t.yaml"
#define HEAD "kind: sweep\nname: t\nbase: port_base.yaml\n" /* lines 1-3 */
#define PARAMS "parameters:\n"                              /* line 4 after HEAD */

#define assert_double(x, want)                                                          \
    do {                                                                                \
        const double x_ = (x), w_ = (want);                                             \
        if (x_ != w_) fail_msg("%s: want %.17g, got %.17g", #x, w_, x_);                \
    } while (0)

static inline cs_status load(const char *yaml, cs_sweep *s, cs_error *err)
{
    memset(err, 0, sizeof *err);
    return cs_sweep_load_string(yaml, strlen(yaml), T, s, err);
}

static inline void load_ok(const char *yaml, cs_sweep *s)
{
    cs_error err;
    if (load(yaml, s, &err) != CS_OK)
        fail_msg("%s:%d:%d: %s", err.file, err.line, err.column, err.message);
}

/* A failed load leaves nothing to free. */
static inline void assert_empty(const cs_sweep *s)
{
    cs_sweep zero;
    memset(&zero, 0, sizeof zero);
    assert_memory_equal(s, &zero, sizeof zero);
}

/* The error of a broken sweep at T:line:column; the message contains
 * `substr` (equals it when exact). */
static inline void expect_error_at(const char *yaml, int line, int column, const char *substr, bool exact)
{
    cs_sweep s;
    cs_error err;
    const cs_status st = load(yaml, &s, &err);
    const bool text_ok = exact ? strcmp(err.message, substr) == 0 : strstr(err.message, substr) != NULL;
    if (st != CS_ERR_INPUT || err.line != line || err.column != column || !text_ok || strcmp(err.file, T) != 0)
        fail_msg("want %d:%d '%s', got status %d at %s:%d:%d: %s", line, column, substr, (int)st, err.file,
                 err.line, err.column, err.message);
    assert_empty(&s);
}

static inline void expect_error(const char *yaml, int line, int column, const char *substr)
{
    expect_error_at(yaml, line, column, substr, false);
}

#endif
