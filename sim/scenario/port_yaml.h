/*
 * port_yaml.h - internals of the `kind: port` loader, shared by its files.
 *
 * The format is data: each YAML mapping of a port scenario is a table of
 * cs_port_field rows (key, type, required, where the value goes, default),
 * in port_fields.c.  The same tables drive the key check, the typed reads
 * (port_yaml.c), the defaults (cs_port_defaults) and the release of owned
 * memory (cs_port_scenario_free), so a key cannot be read without having a
 * default, nor have a default that the docs table (docs/scenarios.md,
 * written from these rows) does not show.  What does not fit a row (lists
 * of services, the regimes mapping, calendars, cross-field rules) is read
 * by hand in port_lists.c and by the `check` hooks of groups.
 */
#ifndef CLEARSIM_SCENARIO_PORT_YAML_H
#define CLEARSIM_SCENARIO_PORT_YAML_H

#include <stddef.h>
#include "clearsim/port.h"
#include "clearsim/scenario.h"
#include "scenario/yaml_util.h"

/* Bounds beyond which a value is a typo rather than a port. */
#define CS_PORT_MAX_COUNT 1000000      /* servers of a pool, trucks per slot, cranes */
#define CS_PORT_MAX_CALL_BOXES 100000.0 /* mean imports or exports per call */
#define CS_PORT_MAX_BOXES 1e9          /* expected boxes over the horizon */
#define CS_PORT_SUM_TOL 1e-9           /* shares that must sum to 1 */

typedef enum cs_pf_type {
    PF_GROUP,       /* a nested mapping: `sub` at base + offset */
    PF_POOL,        /* {count, time, calendar}: a cs_pool_spec; default count, time */
    PF_BERTHS,      /* {count, calendar}: a cs_pool_spec without time */
    PF_HOURS,       /* double, duration >= 0 */
    PF_HOURS_POS,   /* double, duration > 0 */
    PF_HOUR_OF_DAY, /* double, duration in [0, 24) */
    PF_SHARE,       /* double, number in [0, 1] */
    PF_NONNEG,      /* double, number >= 0 */
    PF_POSITIVE,    /* double, number > 0 */
    PF_COUNT,       /* uint32_t, integer 1 .. CS_PORT_MAX_COUNT */
    PF_COUNT0,      /* uint32_t, integer 0 .. CS_PORT_MAX_COUNT */
    PF_BOOL,        /* bool */
    PF_TIME_DIST,   /* cs_dist of times (units allowed) */
    PF_TIME_DIST_OPT, /* the same, with a bool at `aux` telling it was given */
    PF_COUNT_DIST,  /* cs_dist of counts (plain numbers), mean <= CS_PORT_MAX_CALL_BOXES */
    PF_CREDITS,     /* bool[CS_CREDIT_N] from a list of credit names; default: bit mask */
    PF_CALENDAR,    /* cs_calendar_spec */
    PF_NAME,        /* char[CS_PORT_NAME_MAX] */
    PF_SERVICE_REF, /* int: a service name resolved by the caller; default -1 */
    PF_OTHER        /* read by the caller from the returned node */
} cs_pf_type;

/* A default: x for scalars (counts, shares, hours, bool 0/1, credit mask),
 * x and the distribution for pools, the distribution for dists. */
typedef struct cs_pf_default {
    double x;
    cs_dist_kind dist;
    double a, b, c;
} cs_pf_default;

typedef struct cs_port_field cs_port_field;
/* Run after a group present in the file was read: cross-field rules.
 * v[i] is the node of sub[i] (NULL if absent), base the group's struct. */
typedef cs_status (*cs_pf_check)(const cs_yaml_ctx *c, struct fy_node *map,
                                 struct fy_node *const *v, void *base, const char *path,
                                 int arg);

struct cs_port_field {
    const char *key;
    cs_pf_type type;
    bool required;
    size_t offset;          /* in the struct the table describes */
    size_t aux;             /* PF_TIME_DIST_OPT: offset of its `given` bool */
    cs_pf_default def;
    const cs_port_field *sub; /* PF_GROUP */
    size_t nsub;
    cs_pf_check check;      /* PF_GROUP, optional */
    int arg;                /* passed to check */
};

#define CS_PF_MAX_FIELDS 16

/* Row indices the callers need (tables are in this order). */
enum { PT_KIND, PT_NAME, PT_REPLICATIONS, PT_SEED, PT_HORIZON, PT_WARMUP, PT_DRAIN,
       PT_TERMINAL, PT_BOXES, PT_CUSTOMS, PT_TRADERS, PT_SERVICES, PT_REGIMES, PT_BASELINE,
       PT_TIMESERIES, PT_COUNT };
enum { PS_NAME, PS_PERIOD, PS_FIRST_CALL, PS_ON_TIME, PS_LATENESS, PS_IMPORTS, PS_EXPORTS,
       PS_TRANSIT_SHARE, PS_TRANSIT_TO, PS_FEEDER, PS_COUNT };
enum { PR_ADVANCE, PR_TWO_STEP, PR_SHIP_SIDE, PR_SCAN_AT_QUAY, PR_DIRECT_LOADING,
       PR_EXPORT_ADVANCE, PR_COMBINED_PORT, PR_NON_CONTACT, PR_ELIGIBLE, PR_DISRUPTIONS,
       PR_ADOPTION, PR_INPUTS, PR_COUNT };
enum { PD_FROM, PD_TO, PD_CAPACITY, PD_CREW_TEST, PD_SURGE, PD_COUNT };
enum { PC_PERIOD, PC_CHANGES, PC_COUNT };
enum { PCH_AT, PCH_COUNT, PCH_N };

/* The tables (port_fields.c). */
extern const cs_port_field cs_port_top_fields[PT_COUNT];
extern const cs_port_field cs_port_service_fields[PS_COUNT];
extern const cs_port_field cs_port_regime_fields[PR_COUNT];
extern const cs_port_field cs_port_disruption_fields[PD_COUNT];
extern const cs_port_field cs_port_calendar_fields[PC_COUNT];
extern const cs_port_field cs_port_change_fields[PCH_N];
extern const cs_port_field cs_port_pool_fields[3];  /* count, time, calendar */
extern const cs_port_field cs_port_berth_fields[2]; /* count, calendar */

/* Defaults of one table into base (port_fields.c); nothing is allocated. */
void cs_pf_apply_defaults(const cs_port_field *f, size_t n, void *base);
void cs_port_disruption_defaults(cs_disruption_spec *d);
/* What one regime's disruption windows own (a sweep drops regimes). */
void cs_port_regime_free(cs_regime_spec *r);
/* channel_prob[k][GREEN] = 1 - the other channels of class k. */
void cs_port_set_green(cs_port_scenario *p);
/* dst: a deep copy of src's inputs and services, without regimes
 * (CS_ERR_NOMEM: nothing held). */
cs_status cs_port_copy_inputs(cs_port_scenario *dst, const cs_port_scenario *src);

/* Group checks (port_yaml.c). */
cs_status cs_pf_check_credit(const cs_yaml_ctx *c, struct fy_node *map,
                             struct fy_node *const *v, void *base, const char *path, int arg);
cs_status cs_pf_check_channels(const cs_yaml_ctx *c, struct fy_node *map,
                               struct fy_node *const *v, void *base, const char *path, int arg);
cs_status cs_pf_check_exports(const cs_yaml_ctx *c, struct fy_node *map,
                              struct fy_node *const *v, void *base, const char *path, int arg);
/* An adoption mix of one flow (arg: 0 imports, 1 exports): categories of
 * that flow only, one set or a set per credit class, sums <= 1. */
cs_status cs_pf_check_mix(const cs_yaml_ctx *c, struct fy_node *map, struct fy_node *const *v, void *base,
                          const char *path, int arg);
cs_status cs_pf_check_exam(const cs_yaml_ctx *c, struct fy_node *map,
                           struct fy_node *const *v, void *base, const char *path, int arg);

/* Reads a mapping against a table into base (port_yaml.c).  values
 * (CS_PF_MAX_FIELDS) receives every row's node; `path` is the mapping's
 * dotted path ("" at the top), used in messages. */
cs_status cs_pf_read(const cs_yaml_ctx *c, struct fy_node *map, const char *path,
                     const cs_port_field *f, size_t n, void *base, struct fy_node **values);
/* One value node n of row f into base, labelled path.key in messages. */
cs_status cs_pf_read_field(const cs_yaml_ctx *c, const cs_port_field *f, struct fy_node *n, const char *path,
                           void *base);
/* "path.key" (or "key" at the top) into buf. */
const char *cs_pf_join(char *buf, size_t size, const char *path, const char *key);

/* The parts read by hand (port_lists.c). */
cs_status cs_pf_read_calendar(const cs_yaml_ctx *c, struct fy_node *n, const char *path,
                              cs_calendar_spec *cal);
cs_status cs_pf_read_services(const cs_yaml_ctx *c, struct fy_node *n, double horizon,
                              cs_port_scenario *p);
cs_status cs_pf_read_regimes(const cs_yaml_ctx *c, struct fy_node *n, struct fy_node *baseline,
                             cs_port_scenario *p);
/* A regime's `inputs` (port_overlay.c): r->inputs becomes p's inputs with
 * the overlay's values put at their dotted paths; label is the regime's. */
cs_status cs_pf_read_overlay(const cs_yaml_ctx *c, struct fy_node *n, const char *label, const cs_port_scenario *p,
                             cs_regime_spec *r);

/* The whole `kind: port` document (port_yaml.c): fills s->name,
 * s->replications, s->seed and s->port (allocated).  On failure s->port
 * stays NULL and nothing is left allocated. */
cs_status cs_port_from_yaml(const cs_yaml_ctx *c, struct fy_node *root, cs_scenario *s);

#endif
