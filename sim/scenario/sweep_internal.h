/*
 * sweep_internal.h - what the two halves of the sweep loader share: the
 * file as read and checked (sweep.c) and its expansion into validated
 * points (sweep_expand.c).  Not part of the public include/ face.
 */
#ifndef CLEARSIM_SCENARIO_SWEEP_INTERNAL_H
#define CLEARSIM_SCENARIO_SWEEP_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include "clearsim/sweep.h"
#include "scenario/override.h"

typedef enum sw_design { SW_GRID, SW_ZIP, SW_LHS } sw_design;

/* One entry of `parameters`. */
typedef struct sw_param {
    char path[128];
    int line, column;           /* of the entry */
    struct fy_node *item;       /* the entry, for errors */
    bool is_range, log;
    double from, to;            /* a range */
    uint32_t nvalues;           /* a list's length, or a grid/zip range's count */
    char (*text)[CS_SWEEP_VALUE_MAX]; /* [nvalues] (an lhs range has none) */
} sw_param;

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
} sw_load;

/* The values of a grid/zip range (from, to, nvalues, log set) into
 * p->text (sweep_expand.c). */
cs_status sw_range_values(const cs_yaml_ctx *c, sw_param *p);
/* Texts and numbers of every point into s (npoints, values, numeric). */
cs_status sw_expand(sw_load *L, cs_sweep *s);
/* Loads every point (s->points), keeps the listed regimes, sets
 * replications and seed. */
cs_status sw_load_points(sw_load *L, cs_sweep *s);

#endif
