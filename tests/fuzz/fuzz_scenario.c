/*
 * fuzz_scenario.c - libFuzzer target for the scenario loader.
 *
 * Feeds each input to cs_scenario_load_string as it comes: the bytes are
 * not NUL-terminated (libFuzzer hands out exactly `size` bytes, and ASan
 * flags a read past them), so this also checks that the loader copies the
 * text before anything reads it as a C string.  A scenario that loads is
 * freed at once; leaks are reported by ASan's leak checker.
 *
 * Build and run: make fuzz / make fuzz-ci (mk/fuzz.mk).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz_contract.h"
#include "clearsim/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* `check`'s reading, which goes on past errors: the same verdict as the
 * loader, and the loader's error among those it lists (in file order). */
static void check_all_errors(const uint8_t *data, size_t size, cs_status st, const cs_error *first)
{
    cs_scenario s;
    cs_error err;
    cs_error_list errors = { 0 };
    memset(&err, 0, sizeof err);
    const cs_status all = cs_scenario_check_string((const char *)data, size, "fuzz.yaml", &s, &err, &errors);
    check_error_list(all, st, &errors, first);
    if (all == CS_OK) cs_scenario_free(&s);
    else check(all_zero(&s, sizeof s), "failed check left a non-empty value");
    cs_error_list_free(&errors);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cs_scenario s;
    cs_error err;
    memset(&err, 0, sizeof err);
    const cs_status st = cs_scenario_load_string((const char *)data, size, "fuzz.yaml", &s, &err);
    check_all_errors(data, size, st, &err);
    if (st != CS_OK) {
        check(all_zero(&s, sizeof s), "failed load left a non-empty value");
        check(err.status == st, "err.status differs from the returned status");
        check(err.message[0] != '\0', "failed load without a message");
        return 0;
    }
    check(s.text != NULL && s.text_len == size, "text length differs from the input's");
    check(size == 0 || memcmp(s.text, data, size) == 0, "text differs from the input");
    check(s.text[size] == '\0', "text not NUL-terminated");
    cs_scenario_free(&s);
    return 0;
}
