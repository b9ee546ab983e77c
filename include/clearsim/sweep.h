/*
 * sweep.h - sweep files (YAML, `kind: sweep`): a parameter sweep over a
 * base scenario, loaded, expanded into points and validated.
 *
 * A sweep names a base scenario (a file, or an inline mapping), the dotted
 * paths to vary and their values (lists or ranges), or tied parameters
 * that set several keys at once (each to the value, or scaled to keep its
 * ratio to a reference key), and a design (grid, zip or Latin hypercube).
 * Loading expands every point and loads each as a full scenario (the base
 * with the point's values put at its paths) before anything runs, so a
 * bad point is an input error at load time, at the sweep file's line of
 * the parameter responsible.  The format is
 * docs/sweeps.md.  Nothing is printed; the same file gives the same points.
 */
#ifndef CLEARSIM_SWEEP_H
#define CLEARSIM_SWEEP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "clearsim/error.h"
#include "clearsim/scenario.h"

#define CS_SWEEP_MAX_PARAMS 16
#define CS_SWEEP_MAX_VALUES 10000   /* per parameter (a list or a range) */
#define CS_SWEEP_MAX_POINTS 100000u /* after expansion */
#define CS_SWEEP_VALUE_MAX 128      /* bytes of one value's text, with its NUL */
#define CS_SWEEP_MAX_TIED 32        /* keys of one tied parameter (its `sets`) */
#define CS_SWEEP_MAX_KEYS 64        /* keys of all tied parameters together */

/* A parameter is plain (one dotted path takes its values) or tied: a name
 * and the keys it sets, each to the value itself or scaled, keeping its
 * ratio to the reference key (docs/sweeps.md, "Tied parameters"). */
typedef struct cs_sweep_param {
    char path[128];      /* a plain parameter's dotted path; "" for a tied one */
    char name[128];      /* its /points column: the path, or the tied parameter's name */
    int line, column;    /* position of the parameter's entry in the sweep file */
    uint32_t first_key, nkeys; /* tied: its keys, keys[first_key .. first_key + nkeys) */
    double reference_base;     /* tied with scaled keys: the reference's base value */
} cs_sweep_param;

/* A key a tied parameter sets. */
typedef struct cs_sweep_key {
    char path[128];      /* dotted path */
    uint32_t param;      /* the parameter setting it */
    bool scaled;         /* value * base / reference_base (false: the value itself;
                          * the reference always takes the value itself) */
    double base;         /* scaled: the key's value in the base scenario
                          * (durations in hours) */
    int line, column;    /* position of its entry in the parameter's `sets` */
} cs_sweep_key;

typedef struct cs_sweep {
    char name[CS_NAME_MAX];
    char *path;               /* the sweep file as given (owned) */
    char *text; size_t text_len;   /* the sweep file's bytes (owned) */
    char *base_path;          /* resolved base file path, or NULL when inline (owned) */
    /* base scenario text (owned; for inline: the sweep text) */
    char *base_text; size_t base_text_len;
    uint32_t nparams;
    cs_sweep_param *params;
    uint32_t npoints;
    char **values;            /* [point * nparams + k]: the value text substituted */
    /* [point * nparams + k]: the value as a number (durations in hours,
     * booleans 0/1), NAN if not numeric */
    double *numeric;
    uint32_t nkeys;           /* keys set by tied parameters (0: none) */
    cs_sweep_key *keys;       /* [nkeys], by parameter, in `sets` order */
    char **key_values;        /* [point * nkeys + j]: the text put at key j */
    double *key_numeric;      /* [point * nkeys + j]: that as a number, as `numeric` */
    /* [npoints]: each fully loaded and validated, regimes filtered to the
     * sweep's list; replications and seed set from the sweep.  Opened
     * (cs_sweep_open_file) or checked with a visitor, points[0] alone
     * exists (the array has one element): cs_sweep_point loads the
     * others again. */
    cs_scenario *points;
    bool point0_only;         /* points[] holds point 0 alone */
    /* the sweep's regimes (0: the base's), for cs_sweep_point */
    uint32_t nregimes;
    char (*regimes)[CS_PORT_NAME_MAX];
    bool baseline_explicit;
    uint32_t replications;
    uint64_t seed;
    char design[8];           /* "grid", "zip", "lhs" */
    bool timeseries;          /* the points write /timeseries (default false) */
} cs_sweep;

/* Load, expand and validate every point.  On failure *out is left empty
 * (nothing to free) and err holds FILE:LINE:COL and the message; a point
 * that does not load reads "SWEEP:LINE:COL: point N (path=value, ...):
 * MESSAGE" at the entry of the parameter whose value the scenario loader
 * refused (the first parameter when it refused another node; MESSAGE then
 * starts with the loader's own FILE:LINE:COL); a tied parameter's key at
 * fault: at its entry of `sets`, "point N (name=value, ...; key=value)". */
cs_status cs_sweep_load_file(const char *path, cs_sweep *out, cs_error *err);
/* The same, reading on past input errors (`clearsim check`): every error
 * of the sweep's own keys, then, when those are valid, the first error of
 * each point that fails (an error of the base text itself once), all in
 * errors (file order); err holds the first. */
cs_status cs_sweep_check_file(const char *path, cs_sweep *out, cs_error *err, cs_error_list *errors);
cs_status cs_sweep_check_string(const char *text, size_t len, const char *path, cs_sweep *out, cs_error *err,
                                cs_error_list *errors);
/* The check in bounded memory: each valid point is shown to visit (with
 * its number) as soon as it is loaded, then freed; out keeps point 0 only
 * (points[] has one element). */
typedef void (*cs_sweep_point_fn)(void *ctx, uint32_t p, const cs_scenario *s);
cs_status cs_sweep_check_file_visit(const char *path, cs_sweep *out, cs_error *err, cs_error_list *errors,
                                    cs_sweep_point_fn visit, void *ctx);
/* As cs_sweep_load_file, in memory that does not grow with the points:
 * every point is loaded and validated, then freed, but point 0; a run
 * loads each again when it needs it (cs_sweep_point). */
cs_status cs_sweep_open_file(const char *path, cs_sweep *out, cs_error *err);
/* Point p of a loaded sweep, loaded again exactly as the sweep's
 * validation loaded it (cs_scenario_free it). */
cs_status cs_sweep_point(const cs_sweep *sw, uint32_t p, cs_scenario *out, cs_error *err);
/* The same from memory; `path` names the text in errors (NULL:
 * "<string>"), and a relative base path resolves against its folder. */
cs_status cs_sweep_load_string(const char *text, size_t len, const char *path, cs_sweep *out,
                               cs_error *err);
void cs_sweep_free(cs_sweep *s);

/* True when the YAML text has top-level `kind: sweep` (a cheap check that
 * `clearsim check` uses to dispatch; false for text that does not parse). */
bool cs_sweep_text_is_sweep(const char *text, size_t len);

#endif
