/*
 * fuzz_sweep.c - libFuzzer target for the sweep loader.
 *
 * Feeds each input to cs_sweep_load_string as it comes (not NUL-terminated).
 * The text is named FUZZ_SWEEP_PATH, a file in tests/sweeps/ that need not
 * exist: a relative `base:` then resolves against that folder, where small
 * base scenarios live (cli_base.yaml, port_base.yaml, queue_base.yaml), so
 * inputs reach the expansion and the loading of every point.  The fuzzer
 * must therefore run from the repository root (mk/fuzz.mk does).  A sweep
 * that loads is freed at once.
 *
 * Build and run: make fuzz / make fuzz-ci (mk/fuzz.mk).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz_contract.h"
#include "clearsim/sweep.h"

#ifndef FUZZ_SWEEP_PATH
#define FUZZ_SWEEP_PATH "tests/sweeps/fuzz.yaml"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK_POINTS 64u

/* `check`'s reading, which goes on past errors: the same verdict as the
 * loader, and the loader's error among those it lists (in file order). */
static void check_all_errors(const uint8_t *data, size_t size, cs_status st, const cs_error *first)
{
    cs_sweep s;
    cs_error err;
    cs_error_list errors = { 0 };
    memset(&err, 0, sizeof err);
    const cs_status all = cs_sweep_check_string((const char *)data, size, FUZZ_SWEEP_PATH, &s, &err, &errors);
    check_error_list(all, st, &errors, first);
    if (all == CS_OK) cs_sweep_free(&s);
    else check(all_zero(&s, sizeof s), "failed check left a non-empty value");
    cs_error_list_free(&errors);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cs_sweep s;
    cs_error err;
    memset(&err, 0, sizeof err);
    const cs_status st = cs_sweep_load_string((const char *)data, size, FUZZ_SWEEP_PATH, &s, &err);
    /* the second reading, of check, only where loading was cheap: a sweep
     * of thousands of points (a seed fails at point 4990) twice passes
     * the time limit under the sanitizers before the fuzz build capped
     * the points at 1,000) */
    unsigned point = 0;
    const bool many = st == CS_OK ? s.npoints > FUZZ_CHECK_POINTS
                                  : sscanf(err.message, "point %u (", &point) == 1 && point > FUZZ_CHECK_POINTS;
    if (!many) check_all_errors(data, size, st, &err);
    if (st != CS_OK) {
        check(all_zero(&s, sizeof s), "failed load left a non-empty value");
        check(err.status == st, "err.status differs from the returned status");
        check(err.message[0] != '\0', "failed load without a message");
        return 0;
    }
    check(s.text != NULL && s.text_len == size, "text length differs from the input's");
    check(size == 0 || memcmp(s.text, data, size) == 0, "text differs from the input");
    check(s.text[size] == '\0', "text not NUL-terminated");
    cs_sweep_free(&s);
    return 0;
}
