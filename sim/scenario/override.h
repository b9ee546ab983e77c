/*
 * override.h - internals shared by the scenario loader, its overrides and
 * the sweep loader: the key schema of both scenario kinds (which dotted
 * paths name a documented key), and loading a scenario whose root is a node
 * of a larger document with values put at dotted paths first.
 *
 * A dotted path is keys joined by '.', list items written name[2]:
 * `terminal.yard.capacity`, `services[1].period`,
 * `regimes.epidemic.disruptions[0].to`.  Keys are [A-Za-z0-9_-]+; a regime
 * name may also hold dots, so against a document an existing key is matched
 * longest first.  Not part of the public include/ face.
 */
#ifndef CLEARSIM_SCENARIO_OVERRIDE_H
#define CLEARSIM_SCENARIO_OVERRIDE_H

#include <stdbool.h>
#include <stddef.h>
#include "clearsim/scenario.h"
#include "scenario/port_yaml.h"
#include "scenario/yaml_util.h"

/* ---- the key schema (scenario_keys.c) --------------------------------- */

typedef enum cs_key_kind {
    CS_KEY_NONE,    /* not a key of the format */
    CS_KEY_TABLE,   /* a mapping described by a table of rows */
    CS_KEY_REGIMES, /* the regimes mapping: its keys are regime names */
    CS_KEY_LIST,    /* a list whose items are mappings of a table */
    CS_KEY_ANY,     /* a queue distribution: any key one level down */
    CS_KEY_OPAQUE,  /* a documented key whose inside has no table (a port
                     * distribution, calendar, credit list): only what the
                     * document holds can be addressed */
    CS_KEY_LEAF     /* a scalar value */
} cs_key_kind;

typedef struct cs_key_ctx {
    cs_key_kind kind;
    const cs_port_field *f; /* TABLE, REGIMES, LIST: the rows of the mapping or item */
    size_t n;
    bool queue;             /* the queue format (distributions are CS_KEY_ANY) */
    bool overlay;           /* inside a regime's inputs: nothing there is required */
    const cs_port_field *row; /* the row whose inside this is (NULL at the top, in lists) */
} cs_key_ctx;

cs_key_ctx cs_key_root(cs_scenario_kind kind);
/* The context of `key` (len bytes) inside a mapping of context ctx; NONE
 * when the format has no such key (a regime name is any name). */
cs_key_ctx cs_key_child(cs_key_ctx ctx, const char *key, size_t len);
/* The context of an item of a list of context ctx. */
cs_key_ctx cs_key_item(cs_key_ctx ctx);
/* True when `key`, absent from a mapping of context ctx, may be put there:
 * a documented key with a default (never a regime, a list item or a
 * required key, except in a regime's overlay, whose loader then says why
 * a regime may not set the keys it refuses). */
bool cs_key_creatable(cs_key_ctx ctx, const char *key, size_t len);

/* The documented default of `key` in a mapping of context ctx when it is a
 * number (a share, a count, hours; a pool's count from the pool's row);
 * false for keys without one (required keys, distributions, booleans,
 * names, lists). */
bool cs_key_default_number(cs_key_ctx ctx, const char *key, size_t len, double *x);

/* Length of the key at the start of `rest` (up to '.', '[' or the end). */
size_t cs_path_key_len(const char *rest);
/* Parses "[N]" at *rest; advances past it. */
bool cs_path_index(const char **rest, long *index);
/* Keys of [A-Za-z0-9_-] joined by '.', each optionally followed by [N]. */
bool cs_path_syntax_ok(const char *path);

/* Whether a dotted path names a key of the format, whatever the document
 * holds: any regime name and any list index are accepted. */
bool cs_port_key_known(const char *dotted);
bool cs_queue_key_known(const char *dotted);

/* ---- paths against a document (override.c) ---------------------------- */

typedef enum cs_path_result {
    CS_PATH_OK,
    CS_PATH_SYNTAX,  /* not a dotted path */
    CS_PATH_UNKNOWN, /* neither in the document nor a documented key that can be added */
    CS_PATH_NOMEM
} cs_path_result;

/* The kind a scenario root says it is; false when it says neither. */
bool cs_scenario_root_kind(struct fy_node *root, cs_scenario_kind *kind);
/* Whether `path` can take a value in the scenario whose root is `root`
 * (aliases are followed; nothing is changed). */
cs_path_result cs_override_check(struct fy_node *root, cs_scenario_kind kind,
                                 const char *path);

/* The value `path` (which cs_override_check accepted) has in the scenario
 * before any override, as a number (durations in hours): */
typedef enum cs_base_kind {
    CS_BASE_NUMBER,  /* the document writes a number or a duration: *x */
    CS_BASE_DEFAULT, /* the document leaves it out; its documented default: *x */
    CS_BASE_OTHER,   /* the document writes something else: described in desc */
    CS_BASE_NONE     /* left out, and no default that is a number */
} cs_base_kind;
/* A key a regime's `inputs` leave out has the scenario's own value (the
 * path without `regimes.NAME.inputs.`). */
cs_base_kind cs_override_base(struct fy_node *root, cs_scenario_kind kind, const char *path,
                              double *x, char *desc, size_t size);

/* cs_scenario_load_overridden where the scenario is the value of the
 * top-level key `root_key` of the text (NULL: the whole text).  Errors at
 * the nodes of the text keep their positions in it. */
cs_status cs_scenario_load_at(const char *text, size_t len, const char *path,
                              const char *root_key, const cs_scenario_override *ov,
                              size_t nov, cs_scenario *out, cs_error *err, int *culprit);

/* ---- the loader's own parts (scenario.c) ------------------------------ */

/* The walk after parsing: kind, then the queue or port reader, from root. */
cs_status cs_scenario_read_root(const cs_yaml_ctx *c, struct fy_node *root, cs_scenario *s);
/* The bytes a loader owns: the file at path (text NULL: a regular file,
 * at most 16 MiB) or a NUL-terminated copy of text[0..len); a failure is
 * also listed in errors when given (check). */
cs_status cs_scenario_own_text(const char *path, const char *text, size_t len, char **copy, size_t *copy_len,
                               cs_error *err, cs_error_list *errors);

#endif
