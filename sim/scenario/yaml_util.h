/*
 * yaml_util.h - internal helpers shared by the YAML loaders (queue and port
 * scenarios, sweeps): parsing with libfyaml's diagnostics captured instead of
 * printed, node positions, key tables, typed scalar reads with precise
 * errors, and distributions.  Not part of the public include/ face.
 */
#ifndef CLEARSIM_SCENARIO_YAML_UTIL_H
#define CLEARSIM_SCENARIO_YAML_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libfyaml.h>
#include "clearsim/dist.h"
#include "clearsim/error.h"

/* Budget of the whole document, counting every alias expansion. */
#define CS_YAML_MAX_NODES 100000
#define CS_YAML_MAX_DEPTH 64
/* Largest accepted text (a scenario is a few KiB). */
#define CS_YAML_MAX_BYTES (16u * 1024u * 1024u)

/* Where a node starts (1-based), recorded from the parser's events. */
typedef struct cs_yaml_mark {
    struct fy_node *node;
    int line, column;
} cs_yaml_mark;

/* A parsed document; close it with cs_yaml_doc_close. */
typedef struct cs_yaml_doc {
    struct fy_diag *diag;
    struct fy_parser *parser;
    struct fy_document *doc;
    struct fy_node *root; /* never NULL after a successful parse */
    cs_yaml_mark *marks;  /* sorted by node address */
    size_t nmarks;
} cs_yaml_doc;

/* Where errors go: the name of the text, the caller's error value, and the
 * document whose node positions errors use (set by cs_yaml_parse). */
struct cs_warnings;
typedef struct cs_yaml_ctx {
    const char *path;
    cs_error *err;
    const cs_yaml_doc *doc;
    struct cs_warnings *warnings; /* where cs_yaml_warn writes; NULL: nowhere */
    cs_error_list *errors;        /* non-NULL: every error is kept and reading goes on */
} cs_yaml_ctx;

/* Whether a reader goes on after st: on success, and after an input error
 * when the errors are being collected (`clearsim check`).  A reader that
 * goes on skips only what depends on the value that failed. */
static inline bool cs_yaml_go_on(const cs_yaml_ctx *c, cs_status st)
{
    return st == CS_OK || (st == CS_ERR_INPUT && c->errors);
}
/* The first failure of a sequence of reads that went on. */
static inline cs_status cs_yaml_first(cs_status so_far, cs_status st)
{
    return so_far ? so_far : st;
}

/* A warning at node n, "PATH:LINE:COL: warning: ...", into c->warnings
 * (CS_ERR_NOMEM when it cannot be kept). */
cs_status cs_yaml_warn(const cs_yaml_ctx *c, struct fy_node *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Check the bytes (non-empty, no NUL, valid UTF-8, size), parse exactly one
 * document, refuse tags, undefined aliases and documents over the node or
 * depth budget.  `text` must outlive the document.  On success c->doc
 * points at out. */
cs_status cs_yaml_parse(cs_yaml_ctx *c, const char *text, size_t len, cs_yaml_doc *out);
void cs_yaml_doc_close(cs_yaml_doc *d);
/* A NUL-terminated malloc'ed copy of text[0..len) (what the loaders own);
 * NULL when out of memory. */
char *cs_yaml_text_copy(const char *text, size_t len);

/* 1-based position of a node (0, 0 when unknown).  An empty value has no
 * token of its own: it gets its key's position.  Nodes added after parsing
 * (scenario overrides) may carry a negative line of their own: see
 * cs_yaml_doc_remark. */
void cs_yaml_node_pos(const cs_yaml_doc *d, struct fy_node *n, int *line, int *column);
/* Set an input error at the node's position (and list it in c->errors);
 * returns CS_ERR_INPUT. */
cs_status cs_yaml_error(const cs_yaml_ctx *c, struct fy_node *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
cs_status cs_yaml_nomem(const cs_yaml_ctx *c);
/* The node's own mark, NULL when it has none (no fallback to its key). */
const cs_yaml_mark *cs_yaml_find_mark(const cs_yaml_doc *d, struct fy_node *n);
/* After the tree was edited: drop the marks of the `dead` nodes (freed
 * since parsing; their addresses may be reused; the array is sorted in
 * place) and add `add` (entries with a NULL node are skipped).  A mark may
 * have any non-zero line: overrides use -(k+1) so that an error at a node
 * they put there names override k.  CS_ERR_NOMEM leaves d unchanged. */
cs_status cs_yaml_doc_remark(cs_yaml_doc *d, struct fy_node **dead, size_t ndead,
                             const cs_yaml_mark *add, size_t nadd);

/* Absent, or a plain scalar with no text. */
bool cs_yaml_is_empty(struct fy_node *n);
/* Follow an alias (NULL if undefined); other nodes are returned as is. */
struct fy_node *cs_yaml_deref(struct fy_node *n);
/* A short description for messages: 'text' (quoted, truncated, control
 * characters replaced), "an empty value", "a mapping", "a sequence". */
void cs_yaml_describe(struct fy_node *n, char *buf, size_t size);
/* True when n is a scalar whose text is exactly s. */
bool cs_yaml_scalar_eq(struct fy_node *n, const char *s);

/* Walk a mapping against a table of allowed keys: values[i] receives the
 * value of keys[i] (NULL if absent).  Errors: not a mapping (at n), a key
 * that is not a scalar or not in the table (at the key), a missing required
 * key (at the mapping, naming the key).  `what` names the mapping in
 * messages ("scenario", "arrival", ...). */
typedef struct cs_yaml_key {
    const char *name;
    bool required;
} cs_yaml_key;
cs_status cs_yaml_map_fields(const cs_yaml_ctx *c, struct fy_node *map, const char *what,
                             const cs_yaml_key *keys, size_t nkeys,
                             struct fy_node **values);
/* Value of `key` in a mapping (aliases followed), NULL if absent; *keynode
 * (if not NULL) receives the key node. */
struct fy_node *cs_yaml_map_get(struct fy_node *map, const char *key,
                                struct fy_node **keynode);

/* Typed reads (yaml_values.c).  `label` starts the messages ("servers: expected ...").
 * Integers are plain decimal scalars only ([-+]?[0-9]+): 1e6, 1000000.0,
 * 0x10 and quoted numbers are refused.  Numbers are plain YAML 1.2 floats
 * or integers and must be finite. */
bool cs_yaml_parse_int(struct fy_node *n, int64_t *out);
/* The text of a plain scalar copied into buf (NUL-terminated); false if n
 * is not a plain non-empty scalar or does not fit. */
bool cs_yaml_plain_text(struct fy_node *n, char *buf, size_t size);
/* YAML 1.2 core schema float: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? */
bool cs_yaml_is_decimal(const char *s);
bool cs_yaml_parse_double(struct fy_node *n, double *out, bool *finite);
cs_status cs_yaml_get_int(const cs_yaml_ctx *c, struct fy_node *n, const char *label,
                          int64_t min, int64_t max, int64_t *out);
cs_status cs_yaml_get_double(const cs_yaml_ctx *c, struct fy_node *n, const char *label,
                             double *out);
/* The string stays owned by the document (not NUL-terminated). */
cs_status cs_yaml_get_string(const cs_yaml_ctx *c, struct fy_node *n, const char *label,
                             const char **s, size_t *len);
cs_status cs_yaml_get_bool(const cs_yaml_ctx *c, struct fy_node *n, const char *label,
                           bool *out);

/* Durations and names (yaml_values.c).  A duration is a plain scalar: a
 * number of hours (`36`), or a number and a unit s, min, h or d, joined or
 * separated by one space (`90s`, `15min`, `2.5h`, `1.5 d`); the number
 * follows cs_yaml_is_decimal.  The value is in hours.  parse: false if the
 * text is not of that form; *finite as cs_yaml_parse_double.  get: also
 * refuses infinite and negative values. */
bool cs_yaml_parse_duration(struct fy_node *n, double *hours, bool *finite);
/* The same from text (a plain scalar's): a decimal or a number and a unit;
 * .inf and .nan are not durations here. */
bool cs_yaml_duration_text(const char *s, double *hours, bool *finite);
cs_status cs_yaml_get_duration(const cs_yaml_ctx *c, struct fy_node *n, const char *label,
                               double *out);
/* A name: 1 to max_len characters from [A-Za-z0-9._-], not starting with
 * '.'; copied NUL-terminated into out (max_len + 1 bytes). */
cs_status cs_yaml_get_name(const cs_yaml_ctx *c, struct fy_node *n, const char *label,
                           size_t max_len, char *out);

/* A distribution mapping {dist: NAME, ...} (dist_yaml.c).  On failure *out
 * is left empty (nothing to free); on success free it with cs_dist_free.
 * Parameters are plain numbers. */
cs_status cs_dist_from_yaml(const cs_yaml_ctx *c, struct fy_node *n, const char *label,
                            cs_dist *out);
/* The same for a distribution of times: its time parameters (exponential
 * mean, deterministic value, erlang and gamma mean, lognormal mean and sd,
 * uniform min/max, triangular min/mode/max, weibull scale, empirical
 * values) are durations, in hours; the others (k, shape, p, weights,
 * poisson mean) stay plain numbers.  Empirical values must be >= 0. */
cs_status cs_dist_from_yaml_time(const cs_yaml_ctx *c, struct fy_node *n, const char *label,
                                 cs_dist *out);

#endif
