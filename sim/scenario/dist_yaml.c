/*
 * dist_yaml.c - a distribution mapping {dist: NAME, ...} into a cs_dist.
 *
 * One table holds, per distribution, its exact key set in the order of the
 * cs_dist fields (a, b, c) and each parameter's own constraint, so the key
 * check, the number reads and most messages come from data rather than from
 * eleven hand-written branches.  The few constraints that relate two
 * parameters (uniform, triangular) and empirical's sequences are checked by
 * hand.  Every violation is reported at the offending value and names the
 * rule; cs_dist_prepare (or cs_dist_empirical) then only derives constants.
 *
 * The table also marks the parameters that are times.  In a distribution
 * of times (cs_dist_from_yaml_time, the port scenarios) those accept a
 * duration with a unit and are stored in hours, and a unit on any other
 * parameter gets its own message; the plain reader (queue scenarios) never
 * looks at the mark, so its behaviour is the same as before units existed.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "scenario/yaml_util.h"

/* erlang draws k uniforms per variate: beyond this it is a typo, not a model */
#define ERLANG_MAX_K 1000000

typedef enum rule { R_POSITIVE, R_NONNEG, R_UNIT, R_ERLANG_K, R_SEQUENCE } rule;

typedef struct param {
    const char *key;
    rule rule;
    bool time; /* a duration in a distribution of times */
} param;

typedef struct dist_spec {
    const char *name;
    cs_dist_kind kind;
    size_t nparams;
    param p[3];
} dist_spec;

static const dist_spec SPECS[] = {
    {"exponential", CS_DIST_EXPONENTIAL, 1, {{"mean", R_POSITIVE, true}}},
    {"deterministic", CS_DIST_DETERMINISTIC, 1, {{"value", R_NONNEG, true}}},
    {"erlang", CS_DIST_ERLANG, 2, {{"k", R_ERLANG_K, false}, {"mean", R_POSITIVE, true}}},
    {"gamma", CS_DIST_GAMMA, 2, {{"shape", R_POSITIVE, false}, {"mean", R_POSITIVE, true}}},
    {"lognormal", CS_DIST_LOGNORMAL, 2, {{"mean", R_POSITIVE, true}, {"sd", R_NONNEG, true}}},
    {"uniform", CS_DIST_UNIFORM, 2, {{"min", R_NONNEG, true}, {"max", R_NONNEG, true}}},
    {"triangular", CS_DIST_TRIANGULAR, 3,
     {{"min", R_NONNEG, true}, {"mode", R_NONNEG, true}, {"max", R_NONNEG, true}}},
    {"weibull", CS_DIST_WEIBULL, 2,
     {{"shape", R_POSITIVE, false}, {"scale", R_POSITIVE, true}}},
    {"empirical", CS_DIST_EMPIRICAL, 2,
     {{"values", R_SEQUENCE, true}, {"weights", R_SEQUENCE, false}}},
    {"bernoulli", CS_DIST_BERNOULLI, 1, {{"p", R_UNIT, false}}},
    {"poisson", CS_DIST_POISSON, 1, {{"mean", R_NONNEG, false}}},
};
#define NSPECS (sizeof SPECS / sizeof SPECS[0])

static const dist_spec *find_spec(const char *s, size_t len)
{
    for (size_t i = 0; i < NSPECS; i++)
        if (strlen(SPECS[i].name) == len && memcmp(SPECS[i].name, s, len) == 0)
            return &SPECS[i];
    return NULL;
}

static cs_status unknown_dist(const cs_yaml_ctx *c, struct fy_node *n)
{
    char desc[64], list[256];
    size_t o = 0;
    for (size_t i = 0; i < NSPECS; i++)
        o += (size_t)snprintf(list + o, sizeof list - o, "%s%s", i ? ", " : "", SPECS[i].name);
    cs_yaml_describe(n, desc, sizeof desc);
    return cs_yaml_error(c, n, "unknown distribution %s (expected one of: %s)", desc, list);
}

/* A unit on a parameter that is not a time (or anywhere in a distribution
 * of counts). */
static cs_status check_no_unit(const cs_yaml_ctx *c, struct fy_node *n, const char *label,
                               bool times)
{
    double v;
    bool finite;
    char desc[64];
    if (cs_yaml_parse_double(n, &v, &finite) || !cs_yaml_parse_duration(n, &v, &finite)) return CS_OK;
    cs_yaml_describe(n, desc, sizeof desc);
    return cs_yaml_error(c, n, "%s takes no unit (%s), got %s", label,
                         times ? "only times do" : "a distribution of counts is plain numbers", desc);
}

static cs_status read_erlang_k(const cs_yaml_ctx *c, struct fy_node *n, bool times, int *k)
{
    int64_t v;
    char desc[64];
    if (!cs_yaml_parse_int(n, &v) || v < 1 || v > ERLANG_MAX_K) {
        cs_status st = check_no_unit(c, n, "erlang: k", times);
        if (st) return st;
        cs_yaml_describe(n, desc, sizeof desc);
        return cs_yaml_error(c, n, "erlang: k must be an integer >= 1 and <= %d, got %s",
                             ERLANG_MAX_K, desc);
    }
    *k = (int)v;
    return CS_OK;
}

/* A duration of any sign (the rules below judge it), in hours. */
static cs_status read_time(const cs_yaml_ctx *c, struct fy_node *n, const char *label,
                           double *out)
{
    char desc[64];
    bool finite = true;
    cs_yaml_describe(n, desc, sizeof desc);
    if (!cs_yaml_parse_duration(n, out, &finite))
        return cs_yaml_error(c, n, "%s: expected a duration (hours, or a number with unit "
                             "s, min, h or d: 90s, 15min, 2.5h, 3d), got %s", label, desc);
    if (!finite)
        return cs_yaml_error(c, n, "%s: expected a finite number, got %s", label, desc);
    return CS_OK;
}

static cs_status read_param(const cs_yaml_ctx *c, const dist_spec *s, const param *p,
                            struct fy_node *n, bool times, double *out)
{
    char label[64];
    snprintf(label, sizeof label, "%s: %s", s->name, p->key);
    cs_status st = times && p->time ? read_time(c, n, label, out)
                                    : check_no_unit(c, n, label, times);
    if (!st && !(times && p->time)) st = cs_yaml_get_double(c, n, label, out);
    if (st) return st;
    if (p->rule == R_POSITIVE && !(*out > 0.0))
        return cs_yaml_error(c, n, "%s must be > 0", label);
    if (p->rule == R_NONNEG && !(*out >= 0.0))
        return cs_yaml_error(c, n, "%s must be >= 0", label);
    if (p->rule == R_UNIT && !(*out >= 0.0 && *out <= 1.0))
        return cs_yaml_error(c, n, "%s must be in [0, 1]", label);
    return CS_OK;
}

/* Constraints between parameters; nodes[i] holds the value of p[i]. */
static cs_status check_order(const cs_yaml_ctx *c, const dist_spec *s, const double *v,
                             struct fy_node *const *nodes)
{
    if (s->kind == CS_DIST_UNIFORM && v[1] < v[0])
        return cs_yaml_error(c, nodes[1], "uniform: max must be >= min");
    if (s->kind != CS_DIST_TRIANGULAR) return CS_OK;
    if (v[1] < v[0]) return cs_yaml_error(c, nodes[1], "triangular: mode must be >= min");
    if (v[2] < v[1]) return cs_yaml_error(c, nodes[2], "triangular: max must be >= mode");
    if (!(v[0] < v[2])) return cs_yaml_error(c, nodes[2], "triangular: max must be > min");
    return CS_OK;
}

/* ---- empirical -------------------------------------------------------- */

static cs_status seq_length(const cs_yaml_ctx *c, struct fy_node *n, const char *key,
                            size_t *len)
{
    struct fy_node *s = cs_yaml_deref(n);
    char desc[64];
    if (!s || !fy_node_is_sequence(s)) {
        cs_yaml_describe(n, desc, sizeof desc);
        return cs_yaml_error(c, n, "empirical: %s must be a sequence of numbers, got %s",
                             key, desc);
    }
    const int count = fy_node_sequence_item_count(s);
    if (count < 1)
        return cs_yaml_error(c, n, "empirical: %s must have at least 1 entry", key);
    if (count > CS_DIST_MAX_EMPIRICAL)
        return cs_yaml_error(c, n, "empirical: %s must have at most %d entries", key,
                             CS_DIST_MAX_EMPIRICAL);
    *len = (size_t)count;
    return CS_OK;
}

/* time: the entries are durations (a distribution of times' values);
 * times: in a distribution of times at all (a unit elsewhere is refused). */
static cs_status read_seq(const cs_yaml_ctx *c, struct fy_node *n, const char *key,
                          bool nonneg, bool time, bool times, double *out)
{
    void *it = NULL;
    struct fy_node *item;
    char label[64];
    for (size_t i = 0; (item = fy_node_sequence_iterate(cs_yaml_deref(n), &it)); i++) {
        snprintf(label, sizeof label, "empirical: %s[%zu]", key, i);
        cs_status st = time ? read_time(c, item, label, &out[i])
                            : check_no_unit(c, item, label, times);
        if (!st && !time) st = cs_yaml_get_double(c, item, label, &out[i]);
        if (st) return st;
        if (nonneg && !(out[i] >= 0.0)) return cs_yaml_error(c, item, "%s must be >= 0", label);
    }
    return CS_OK;
}

static cs_status check_weight_sum(const cs_yaml_ctx *c, struct fy_node *n, const double *w,
                                  size_t len)
{
    double sum = 0.0;
    for (size_t i = 0; i < len; i++) sum += w[i];
    if (!(sum > 0.0)) return cs_yaml_error(c, n, "empirical: weights must sum to > 0");
    if (!isfinite(sum)) return cs_yaml_error(c, n, "empirical: weights must have a finite sum");
    return CS_OK;
}

static cs_status read_empirical(const cs_yaml_ctx *c, struct fy_node *const *nodes,
                                bool times, cs_dist *out)
{
    size_t nv, nw;
    cs_status st = seq_length(c, nodes[0], "values", &nv);
    if (!st) st = seq_length(c, nodes[1], "weights", &nw);
    if (st) return st;
    if (nv != nw)
        return cs_yaml_error(c, nodes[1], "empirical: values and weights must have the "
                             "same length (%zu values, %zu weights)", nv, nw);
    double *v = malloc(nv * sizeof *v), *w = malloc(nv * sizeof *w);
    if (!v || !w) st = cs_yaml_nomem(c);
    if (!st) st = read_seq(c, nodes[0], "values", times, times, times, v);
    if (!st) st = read_seq(c, nodes[1], "weights", true, false, times, w);
    if (!st) st = check_weight_sum(c, nodes[1], w, nv);
    if (!st && !cs_dist_empirical(out, v, w, nv)) st = cs_yaml_nomem(c);
    free(v);
    free(w);
    return st;
}

/* ---- the mapping ------------------------------------------------------ */

static cs_status read_spec(const cs_yaml_ctx *c, struct fy_node *n, const char *label,
                           const dist_spec **spec)
{
    struct fy_node *m = cs_yaml_deref(n), *name;
    char desc[64];
    if (!m || !fy_node_is_mapping(m)) {
        cs_yaml_describe(n, desc, sizeof desc);
        return cs_yaml_error(c, n, "%s: expected a distribution {dist: NAME, ...}, got %s",
                             label, desc);
    }
    if (!(name = cs_yaml_map_get(m, "dist", NULL)))
        return cs_yaml_error(c, n, "%s: missing required key 'dist'", label);
    const char *s;
    size_t len;
    cs_status st = cs_yaml_get_string(c, name, "dist", &s, &len);
    if (st) return st;
    *spec = find_spec(s, len);
    return *spec ? CS_OK : unknown_dist(c, name);
}

/* A bare number where a sibling time of the same distribution carries a
 * unit ({dist: lognormal, mean: 30, sd: 10min}) is hours, as documented,
 * but more likely a unit forgotten: said, with the fix. */
static cs_status warn_bare_times(const cs_yaml_ctx *c, const dist_spec *s, struct fy_node *const *nodes)
{
    double v;
    bool finite;
    const param *unit = NULL;
    struct fy_node *unit_node = NULL;
    for (size_t i = 0; i < s->nparams; i++)
        if (s->p[i].time && !cs_yaml_parse_double(nodes[i], &v, &finite)) {
            unit = &s->p[i];
            unit_node = nodes[i];
        }
    if (!unit) return CS_OK;
    char with[64], bare[64];
    cs_yaml_describe(unit_node, with, sizeof with);
    for (size_t i = 0; i < s->nparams; i++) {
        if (!s->p[i].time || !cs_yaml_parse_double(nodes[i], &v, &finite)) continue;
        cs_yaml_describe(nodes[i], bare, sizeof bare);
        const cs_status st = cs_yaml_warn(c, nodes[i], "%s: %s: the bare number %s means hours while %s has a unit "
                                          "(%s): write the unit (e.g. %gh, or %gmin if minutes were meant)",
                                          s->name, s->p[i].key, bare, unit->key, with, v, v);
        if (st) return st;
    }
    return CS_OK;
}

static cs_status read_params(const cs_yaml_ctx *c, const dist_spec *s,
                             struct fy_node *const *nodes, bool times, cs_dist *out)
{
    double v[3] = {0.0, 0.0, 0.0};
    size_t nv = 0;
    cs_status st = CS_OK;
    for (size_t i = 0; i < s->nparams && !st; i++) {
        if (s->p[i].rule == R_ERLANG_K) st = read_erlang_k(c, nodes[i], times, &out->k);
        else st = read_param(c, s, &s->p[i], nodes[i], times, &v[nv++]);
    }
    if (!st) st = check_order(c, s, v, nodes);
    if (!st && times) st = warn_bare_times(c, s, nodes);
    out->a = v[0], out->b = v[1], out->c = v[2];
    return st;
}

static cs_status read_dist_body(const cs_yaml_ctx *c, struct fy_node *n, const char *label,
                                bool times, cs_dist *out);

/* "LABEL: MESSAGE" unless the message starts with the label already. */
static void relabel(cs_error *e, const char *label)
{
    if (!e || !strncmp(e->message, label, strlen(label))) return;
    const cs_error was = *e; /* cs_error_set writes where it would read */
    cs_error_set(e, was.status, was.file[0] ? was.file : NULL, was.line, was.column, "%s: %s", label, was.message);
}

/* Errors inside a distribution name the key it is at ("terminal.crane_move:
 * exponential: mean must be > 0"), not only the distribution. */
static cs_status read_dist(const cs_yaml_ctx *c, struct fy_node *n, const char *label,
                           bool times, cs_dist *out)
{
    const size_t listed = c->errors ? c->errors->n : 0;
    const cs_status st = read_dist_body(c, n, label, times, out);
    if (st != CS_ERR_INPUT || !label || !label[0]) return st;
    relabel(c->err, label);
    for (size_t i = listed; c->errors && i < c->errors->n; i++) relabel(&c->errors->items[i], label);
    return st;
}

static cs_status read_dist_body(const cs_yaml_ctx *c, struct fy_node *n, const char *label,
                                bool times, cs_dist *out)
{
    memset(out, 0, sizeof *out);
    const dist_spec *s = NULL;
    cs_status st = read_spec(c, n, label, &s);
    if (st) return st;
    cs_yaml_key keys[4] = {{"dist", true}};
    for (size_t i = 0; i < s->nparams; i++) keys[i + 1] = (cs_yaml_key){s->p[i].key, true};
    struct fy_node *values[4];
    st = cs_yaml_map_fields(c, n, s->name, keys, s->nparams + 1, values);
    if (st) return st;
    if (s->kind == CS_DIST_EMPIRICAL) return read_empirical(c, values + 1, times, out);
    cs_dist d;
    memset(&d, 0, sizeof d);
    d.kind = s->kind;
    st = read_params(c, s, values + 1, times, &d);
    if (st) return st;
    if (!cs_dist_prepare(&d))
        return cs_yaml_error(c, n, "%s: parameters out of range", s->name);
    /* parameters each in range can still give draws of no finite size
     * (weibull of shape 0.002: a mean of 10^1100): refused, never run */
    if (!isfinite(cs_dist_mean(&d)) || !isfinite(cs_dist_variance(&d)))
        return cs_yaml_error(c, n, "%s: its mean or variance is not finite in double precision (a shape or "
                             "spread that extreme has no finite draws to simulate)", s->name);
    *out = d;
    return CS_OK;
}

cs_status cs_dist_from_yaml(const cs_yaml_ctx *c, struct fy_node *n, const char *label,
                            cs_dist *out)
{
    return read_dist(c, n, label, false, out);
}

cs_status cs_dist_from_yaml_time(const cs_yaml_ctx *c, struct fy_node *n, const char *label,
                                 cs_dist *out)
{
    return read_dist(c, n, label, true, out);
}
