/*
 * scenario.h - scenario files (YAML) loaded into plain validated structs.
 *
 * The loader parses with libfyaml, walks the document once, and checks every
 * key against the format of docs/scenarios.md (unknown keys, wrong types, values out
 * of range are errors with the node's 1-based line and column).  Only a
 * fully valid scenario is returned; nothing is printed.  The raw text is
 * kept for /scenario and its SHA-256.
 */
#ifndef CLEARSIM_SCENARIO_H
#define CLEARSIM_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "clearsim/dist.h"
#include "clearsim/error.h"
#include "clearsim/port.h"

#define CS_NAME_MAX 64

typedef enum cs_scenario_kind {
    CS_SCENARIO_QUEUE = 0,
    CS_SCENARIO_PORT = 1
} cs_scenario_kind;

/* The longest time a queue scenario's draw may take, in its own unit: a
 * draw beyond it is cut to it and counted (draws_cut). */
#define CS_QUEUE_MAX_TIME 1e15

/* kind: queue - one multi-server FIFO station. */
typedef struct cs_queue_scenario {
    uint32_t servers;    /* >= 1 */
    cs_dist arrival;     /* interarrival times */
    cs_dist service;
    uint64_t customers;  /* arrivals per replication, >= 1 */
    uint64_t warmup;     /* < customers; statistics start at arrival warmup+1 */
} cs_queue_scenario;

/* What a valid scenario may still get wrong: one line each, "FILE:LINE:COL:
 * warning: ..." (at most CS_SCENARIO_MAX_WARNINGS kept, the rest counted). */
#define CS_SCENARIO_MAX_WARNINGS 32
typedef struct cs_warnings {
    size_t n, dropped;
    char *lines[CS_SCENARIO_MAX_WARNINGS];
} cs_warnings;
/* Free the lines and empty w. */
void cs_warnings_clear(cs_warnings *w);

typedef struct cs_scenario {
    cs_scenario_kind kind;
    char name[CS_NAME_MAX];  /* [A-Za-z0-9._-]+, names results/NAME.h5 */
    uint32_t replications;   /* default 10 */
    uint64_t seed;           /* default 1 */
    char *path;              /* as given to the loader (owned) */
    char *text;              /* the file's bytes, NUL-terminated (owned) */
    size_t text_len;
    cs_queue_scenario queue; /* valid when kind == CS_SCENARIO_QUEUE */
    cs_port_scenario *port;  /* owned; valid when kind == CS_SCENARIO_PORT, else NULL */
    cs_warnings warnings;    /* owned: said by check and run */
} cs_scenario;

/* Load and validate.  On failure *out is left empty (nothing to free) and
 * err holds FILE:LINE:COL and the message. */
cs_status cs_scenario_load_file(const char *path, cs_scenario *out, cs_error *err);
/* The same, reading on past input errors (`clearsim check`): each is
 * added to errors, which ends sorted into file order; err holds the first.
 * A value that failed keeps its default and what depends on it is not
 * checked, so a cascade of errors from one cause is avoided.  A YAML
 * syntax error ends the reading (nothing after it can be trusted). */
cs_status cs_scenario_check_file(const char *path, cs_scenario *out, cs_error *err, cs_error_list *errors);
cs_status cs_scenario_check_string(const char *text, size_t len, const char *path, cs_scenario *out, cs_error *err,
                                   cs_error_list *errors);
/* A whole regular file (never a FIFO or device: bad input) into a
 * malloc'ed NUL-terminated buffer of at most 16 MiB. */
cs_status cs_scenario_read_file(const char *path, char **text, size_t *len, cs_error *err);
/* Same from memory; `path` names the text in errors. */
cs_status cs_scenario_load_string(const char *text, size_t len, const char *path,
                                  cs_scenario *out, cs_error *err);
void cs_scenario_free(cs_scenario *s);

/* A value put at a dotted path before the scenario is read (sweeps):
 * keys joined by '.', list items as name[2] (`services[1].period`,
 * `regimes.pilot.ship_side`).  `value` is the text of a plain YAML scalar
 * (`0.3`, `2h`, `true`), inserted unquoted so numbers stay numbers. */
typedef struct cs_scenario_override {
    const char *path;
    const char *value;
} cs_scenario_override;

/* Load text with each override's value (YAML scalar text) put at its
 * dotted path; missing mappings on the way are created when the path is a
 * known key (a documented key with a default; never a regime or a list
 * item).  The path must exist in the text or be such a key; two overrides
 * may not overlap.  Errors at nodes of the text keep their FILE:LINE:COL;
 * an error about an override's value (or its path) has no position (line
 * 0) and *culprit (if not NULL) receives that override's index, else -1.
 * s->text stays the text as given (for /scenario and its SHA-256). */
cs_status cs_scenario_load_overridden(const char *text, size_t len, const char *path,
                                      const cs_scenario_override *ov, size_t nov,
                                      cs_scenario *out, cs_error *err, int *culprit);

/* Upper bound on accepted sizes (a scenario beyond them is bad input). */
#define CS_QUEUE_MAX_SERVERS 1000000u
#define CS_MAX_REPLICATIONS 100000u

#endif
