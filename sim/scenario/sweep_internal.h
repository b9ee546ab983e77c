/*
 * sweep_internal.h - what the parts of the sweep loader share: the file as
 * read and checked (sweep.c, tied parameters in sweep_tied.c) and its
 * expansion into validated points (sweep_expand.c, the keys of tied
 * parameters in sweep_tied.c).  Not part of the public include/ face.
 */
#ifndef CLEARSIM_SCENARIO_SWEEP_INTERNAL_H
#define CLEARSIM_SCENARIO_SWEEP_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include "clearsim/sweep.h"
#include "scenario/override.h"

typedef enum sw_design { SW_GRID, SW_ZIP, SW_LHS } sw_design;

#define SW_PATH_MAX 128 /* bytes of a dotted path, with its NUL */

/* The most points a sweep may expand to.  The fuzz targets (mk/fuzz.mk)
 * build with FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION, where a much lower
 * cap keeps every input within libFuzzer's time limit: a sweep's points are
 * each loaded from the base text, about 0.6 ms a point under the
 * sanitizers, so a ready 10,000-point sweep (and its mutations, whose check
 * goes on through every point) took over 5 s.  Reaching the cap is the same
 * error either way. */
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
#define SW_MAX_POINTS 1000u
#else
#define SW_MAX_POINTS CS_SWEEP_MAX_POINTS
#endif

/* One entry of `parameters`. */
typedef struct sw_param {
    char path[SW_PATH_MAX];           /* plain; "" when tied */
    char name[64];              /* tied; "" when plain */
    int line, column;           /* of the entry */
    struct fy_node *item;       /* the entry, for errors */
    bool is_range, log;
    double from, to;            /* a range */
    uint32_t nvalues;           /* a list's length, or a grid/zip range's count */
    char (*text)[CS_SWEEP_VALUE_MAX]; /* [nvalues] (an lhs range has none) */
    bool tied;                  /* given `sets` rather than `path` */
    uint32_t first_key, nkeys;  /* tied: its keys in sw_load.keys */
    bool scaled;                /* tied: some key is scaled (values must be numbers) */
    char reference[SW_PATH_MAX]; /* tied with scaled keys */
    double reference_base;
} sw_param;

/* One entry of a tied parameter's `sets`. */
typedef struct sw_key {
    char path[SW_PATH_MAX];
    uint32_t param, index;      /* parameters[param].sets[index] */
    bool scaled, reference;     /* reference: the parameter's reference key */
    double base;                /* scaled: its base value */
    int line, column;           /* of the entry */
    struct fy_node *item, *path_node;
} sw_key;

/* The sweep file once read: everything the expansion needs. */
typedef struct sw_load {
    cs_yaml_ctx c;              /* the sweep file */
    cs_yaml_doc doc;
    cs_yaml_doc base_doc;       /* a base file, parsed */
    struct fy_node *base_root;  /* in doc (inline base) or base_doc */
    cs_scenario_kind kind;
    struct fy_node *params_key, *regimes_key;
    sw_design design;
    uint32_t lhs_points;
    uint64_t lhs_seed;
    bool has_replications, has_seed, baseline_explicit;
    uint32_t nregimes;          /* 0: keep all */
    char regimes[CS_PORT_MAX_REGIMES][CS_PORT_NAME_MAX];
    uint32_t nparams;
    sw_param params[CS_SWEEP_MAX_PARAMS];
    uint32_t nkeys;
    sw_key keys[CS_SWEEP_MAX_KEYS];
    /* check: each point is shown to visit once loaded, then freed (but
     * point 0, whose warnings are the base's) */
    cs_sweep_point_fn visit;
    void *visit_ctx;
    bool keep_point0_only;      /* free each point p > 0 once validated */
} sw_load;

/* The dotted path at n (parameter k's path, or a key of its sets; `label`
 * names it in errors) into path: its syntax, not one of the sweep's own
 * keys, a key of the base scenario, moved by no earlier parameter
 * (sweep.c). */
cs_status sw_read_path(sw_load *L, uint32_t k, struct fy_node *n, const char *label,
                       char path[SW_PATH_MAX]);

/* Tied parameters (sweep_tied.c). */
/* Parameter k's name, sets and reference (the entry's nodes; name and
 * reference may be NULL). */
cs_status sw_read_tied(sw_load *L, uint32_t k, struct fy_node *name, struct fy_node *sets,
                       struct fy_node *reference);
/* A path parameter k moves (its path, or a key in its sets, `label` naming
 * it) against every path moved before it: the same key, or one inside the
 * other, is an error at n. */
cs_status sw_check_moved(const sw_load *L, uint32_t k, const char *path, struct fy_node *n,
                         const char *label);
/* True when some parameter moves the key `path` (a plain path or a key of
 * a tied parameter). */
bool sw_moves(const sw_load *L, const char *path);
/* The key texts and numbers of every point (s->keys, key_values,
 * key_numeric), after sw_expand. */
cs_status sw_expand_keys(const sw_load *L, cs_sweep *s);

/* The sweep file's own keys, its base and its parameters into L and s
 * (sweep.c), before the expansion. */
cs_status sw_read_sweep(sw_load *L, cs_sweep *s);

/* The values of a grid/zip range (from, to, nvalues, log set) into
 * p->text (sweep_expand.c). */
cs_status sw_range_values(const cs_yaml_ctx *c, sw_param *p);
/* Texts and numbers of every point into s (npoints, values, numeric). */
cs_status sw_expand(sw_load *L, cs_sweep *s);
/* Loads every point (s->points), keeps the listed regimes, sets
 * replications and seed; with L->visit, shows each to it and keeps only
 * point 0. */
cs_status sw_load_points(sw_load *L, cs_sweep *s);

#endif
