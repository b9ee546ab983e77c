/*
 * port_yaml.c - a `kind: port` document into a cs_port_scenario.
 *
 * The loader starts from cs_port_defaults and overwrites what the file
 * says, walking the tables of port_fields.c: cs_pf_read checks a mapping's
 * keys against a table (unknown keys are errors at the key) and reads each
 * present value by its row type into base + offset.  Labels in messages are
 * the dotted path of the value ("terminal.exports.cutoff", "services[1].
 * period"), the same path a sweep uses.  Rules that relate two values are
 * the `check` hooks of their group, run once the group is read.  The
 * scenario is built in its own allocation and attached to the cs_scenario
 * only when everything has passed; on failure its distributions are freed
 * and so is it.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "scenario/port_yaml.h"

const char *cs_pf_join(char *buf, size_t size, const char *path, const char *key)
{
    snprintf(buf, size, "%s%s%s", path, path[0] ? "." : "", key);
    return buf;
}

/* ---- typed values ----------------------------------------------------- */

static cs_status read_hours(const cs_yaml_ctx *c, struct fy_node *n, const char *label,
                            cs_pf_type type, double *out)
{
    char desc[64];
    double v = 0.0;
    cs_status st = cs_yaml_get_duration(c, n, label, &v);
    if (st) return st;
    cs_yaml_describe(n, desc, sizeof desc);
    if (type == PF_HOURS_POS && !(v > 0.0))
        return cs_yaml_error(c, n, "%s: must be > 0, got %s", label, desc);
    if (type == PF_HOUR_OF_DAY && !(v < 24.0))
        return cs_yaml_error(c, n, "%s: must be an hour of the day in [0, 24), got %s", label,
                             desc);
    *out = v;
    return CS_OK;
}

static cs_status read_number(const cs_yaml_ctx *c, struct fy_node *n, const char *label,
                             cs_pf_type type, double *out)
{
    char desc[64];
    double v = 0.0;
    cs_status st = cs_yaml_get_double(c, n, label, &v);
    if (st) return st;
    cs_yaml_describe(n, desc, sizeof desc);
    if (type == PF_SHARE && !(v >= 0.0 && v <= 1.0))
        return cs_yaml_error(c, n, "%s: must be in [0, 1], got %s", label, desc);
    if (type == PF_NONNEG && !(v >= 0.0))
        return cs_yaml_error(c, n, "%s: must be >= 0, got %s", label, desc);
    if (type == PF_POSITIVE && !(v > 0.0))
        return cs_yaml_error(c, n, "%s: must be > 0, got %s", label, desc);
    *out = v;
    return CS_OK;
}

static cs_status read_dist(const cs_yaml_ctx *c, struct fy_node *n, const char *label,
                           cs_pf_type type, cs_dist *out)
{
    cs_dist d;
    cs_status st = type == PF_COUNT_DIST ? cs_dist_from_yaml(c, n, label, &d)
                                         : cs_dist_from_yaml_time(c, n, label, &d);
    if (st) return st;
    if (type == PF_COUNT_DIST) {
        const double mean = cs_dist_mean(&d);
        if (d.kind == CS_DIST_EMPIRICAL && d.values[0] < 0.0)
            st = cs_yaml_error(c, n, "%s: a number of boxes cannot be negative (value %g)",
                               label, d.values[0]);
        else if (!(mean <= CS_PORT_MAX_CALL_BOXES))
            st = cs_yaml_error(c, n, "%s: mean %g boxes per call, more than %g", label, mean,
                               CS_PORT_MAX_CALL_BOXES);
        if (st) {
            cs_dist_free(&d);
            return st;
        }
    }
    cs_dist_free(out);
    *out = d;
    return CS_OK;
}

/* A list of credit class names into bool[CS_CREDIT_N]. */
static cs_status read_credits(const cs_yaml_ctx *c, struct fy_node *n, const char *label,
                              bool *out)
{
    struct fy_node *seq = cs_yaml_deref(n), *item;
    char desc[64];
    if (!seq || !fy_node_is_sequence(seq)) {
        cs_yaml_describe(n, desc, sizeof desc);
        return cs_yaml_error(c, n, "%s: expected a list of credit classes (aeo, general, "
                             "low), got %s", label, desc);
    }
    bool seen[CS_CREDIT_N] = {false};
    void *it = NULL;
    for (int i = 0; (item = fy_node_sequence_iterate(seq, &it)); i++) {
        int k = 0;
        while (k < CS_CREDIT_N && !cs_yaml_scalar_eq(cs_yaml_deref(item), cs_credit_name(k))) k++;
        cs_yaml_describe(item, desc, sizeof desc);
        if (k == CS_CREDIT_N)
            return cs_yaml_error(c, item, "%s[%d]: unknown credit class %s (expected aeo, "
                                 "general or low)", label, i, desc);
        if (seen[k])
            return cs_yaml_error(c, item, "%s[%d]: credit class %s is listed twice", label, i,
                                 desc);
        seen[k] = true;
    }
    memcpy(out, seen, sizeof seen);
    return CS_OK;
}

cs_status cs_pf_read_field(const cs_yaml_ctx *c, const cs_port_field *f, struct fy_node *n, const char *path,
                           void *base)
{
    char label[256];
    struct fy_node *v[CS_PF_MAX_FIELDS];
    char *at = (char *)base + f->offset;
    int64_t count;
    cs_status st = CS_OK;
    cs_pf_join(label, sizeof label, path, f->key);
    switch (f->type) {
    case PF_GROUP:
        st = cs_pf_read(c, n, label, f->sub, f->nsub, at, v);
        if (!st && f->check) st = f->check(c, n, v, at, label, f->arg);
        return st;
    case PF_POOL: return cs_pf_read(c, n, label, cs_port_pool_fields, 3, at, v);
    case PF_BERTHS: return cs_pf_read(c, n, label, cs_port_berth_fields, 2, at, v);
    case PF_HOURS: case PF_HOURS_POS: case PF_HOUR_OF_DAY:
        return read_hours(c, n, label, f->type, (double *)(void *)at);
    case PF_SHARE: case PF_NONNEG: case PF_POSITIVE:
        return read_number(c, n, label, f->type, (double *)(void *)at);
    case PF_COUNT: case PF_COUNT0:
        st = cs_yaml_get_int(c, n, label, f->type == PF_COUNT ? 1 : 0, CS_PORT_MAX_COUNT, &count);
        if (!st) *(uint32_t *)(void *)at = (uint32_t)count;
        return st;
    case PF_BOOL: return cs_yaml_get_bool(c, n, label, (bool *)(void *)at);
    case PF_TIME_DIST: case PF_COUNT_DIST:
        return read_dist(c, n, label, f->type, (cs_dist *)(void *)at);
    case PF_TIME_DIST_OPT:
        st = read_dist(c, n, label, f->type, (cs_dist *)(void *)at);
        if (!st) *(bool *)(void *)((char *)base + f->aux) = true;
        return st;
    case PF_CREDITS: return read_credits(c, n, label, (bool *)(void *)at);
    case PF_CALENDAR: return cs_pf_read_calendar(c, n, label, (cs_calendar_spec *)(void *)at);
    case PF_NAME: return cs_yaml_get_name(c, n, label, CS_PORT_NAME_MAX - 1, at);
    case PF_SERVICE_REF: case PF_OTHER: return CS_OK; /* the caller's */
    }
    return CS_OK;
}

cs_status cs_pf_read(const cs_yaml_ctx *c, struct fy_node *map, const char *path,
                     const cs_port_field *f, size_t n, void *base, struct fy_node **values)
{
    cs_yaml_key keys[CS_PF_MAX_FIELDS] = {{NULL, false}};
    if (n > CS_PF_MAX_FIELDS)
        return cs_error_set(c->err, CS_ERR_INTERNAL, c->path, 0, 0, "%s: table too long", path);
    for (size_t i = 0; i < n; i++) keys[i] = (cs_yaml_key){f[i].key, f[i].required};
    cs_status st = cs_yaml_map_fields(c, map, path[0] ? path : "port scenario", keys, n, values);
    if (st && !fy_node_is_mapping(cs_yaml_deref(map))) return st; /* values[] unset */
    for (size_t i = 0; i < n && cs_yaml_go_on(c, st); i++)
        if (values[i]) st = cs_yaml_first(st, cs_pf_read_field(c, &f[i], values[i], path, base));
    return st;
}

/* ---- group checks ----------------------------------------------------- */

cs_status cs_pf_check_credit(const cs_yaml_ctx *c, struct fy_node *map,
                             struct fy_node *const *v, void *base, const char *path, int arg)
{
    (void)v, (void)arg;
    const double *share = ((const cs_port_scenario *)base)->credit_share;
    const double sum = share[CS_CREDIT_AEO] + share[CS_CREDIT_GENERAL] + share[CS_CREDIT_LOW];
    if (!(fabs(sum - 1.0) <= CS_PORT_SUM_TOL))
        return cs_yaml_error(c, map, "%s: the shares of aeo, general and low must sum to 1, "
                             "got %g (unset keys keep their defaults 0.2, 0.7, 0.1)",
                             path, sum);
    return CS_OK;
}

cs_status cs_pf_check_channels(const cs_yaml_ctx *c, struct fy_node *map,
                               struct fy_node *const *v, void *base, const char *path, int arg)
{
    (void)v;
    const double *prob = ((const cs_port_scenario *)base)->channel_prob[arg];
    double sum = 0.0;
    for (int ch = CS_CHANNEL_DOCUMENT; ch < CS_CHANNEL_N; ch++) sum += prob[ch];
    if (!(sum <= 1.0 + CS_PORT_SUM_TOL))
        return cs_yaml_error(c, map, "%s: document + scan + exam + lab must be <= 1 (green "
                             "takes the rest), got %g", path, sum);
    return CS_OK;
}

cs_status cs_pf_check_exports(const cs_yaml_ctx *c, struct fy_node *map,
                              struct fy_node *const *v, void *base, const char *path, int arg)
{
    (void)map, (void)arg;
    const cs_port_scenario *p = base;
    if (p->cutoff < p->yard_open) return CS_OK;
    struct fy_node *at = v[1] ? v[1] : v[0]; /* the cutoff if given */
    return cs_yaml_error(c, at, "%s: cutoff (%g h) must be < yard_open (%g h)", path, p->cutoff,
                         p->yard_open);
}

cs_status cs_pf_check_exam(const cs_yaml_ctx *c, struct fy_node *map,
                           struct fy_node *const *v, void *base, const char *path, int arg)
{
    (void)map, (void)arg;
    const cs_port_scenario *p = base;
    if (p->exam_start_hour <= p->exam_cutoff_hour) return CS_OK;
    struct fy_node *at = v[1] ? v[1] : v[0]; /* the start_hour if given */
    return cs_yaml_error(c, at, "%s: start_hour (%g) must be <= cutoff_hour (%g)", path,
                         p->exam_start_hour, p->exam_cutoff_hour);
}

cs_status cs_pf_check_mix(const cs_yaml_ctx *c, struct fy_node *map, struct fy_node *const *v, void *base,
                          const char *path, int arg)
{
    static const cs_adoption cats[2][4] = {
        { CS_ADOPT_ADVANCE, CS_ADOPT_TWO_STEP, CS_ADOPT_ADVANCE_TWO_STEP, CS_ADOPT_SHIP_SIDE },
        { CS_ADOPT_ADVANCE, CS_ADOPT_DIRECT_LOADING },
    };
    cs_adoption_mix *m = base;
    const size_t ncat = arg ? 2 : 4;
    double(*by_class)[CS_ADOPT_N] = arg ? m->exports : m->imports;
    const double *all = arg ? m->exports_all : m->imports_all;
    bool per_class = false, alike = false;
    for (size_t k = 0; k < ncat; k++) alike |= v[k] != NULL;
    for (int k = 0; k < CS_CREDIT_N; k++) per_class |= v[ncat + (size_t)k] != NULL;
    if (alike && per_class)
        return cs_yaml_error(c, map, "%s: give the shares of every credit class alike (advance: 0.5, ...) or per "
                             "class (aeo: {advance: 0.5}, ...), not both", path);
    if (!per_class)
        for (int k = 0; k < CS_CREDIT_N; k++) memcpy(by_class[k], all, sizeof by_class[k]);
    for (int k = 0; k < CS_CREDIT_N; k++) {
        double sum = 0.0;
        for (size_t i = 0; i < ncat; i++) sum += by_class[k][cats[arg][i]];
        if (sum <= 1.0 + CS_PORT_SUM_TOL) continue;
        struct fy_node *at = per_class && v[ncat + (size_t)k] ? v[ncat + (size_t)k] : map;
        return cs_yaml_error(c, at, "%s%s%s: the shares add up to %g, more than 1 (none takes the rest)", path,
                             per_class ? "." : "", per_class ? cs_credit_name((cs_credit)k) : "", sum);
    }
    return CS_OK;
}

/* ---- top level -------------------------------------------------------- */

static cs_status read_run(const cs_yaml_ctx *c, struct fy_node *const *v, cs_scenario *s)
{
    int64_t reps = (int64_t)cs_port_top_fields[PT_REPLICATIONS].def.x;
    int64_t seed = (int64_t)cs_port_top_fields[PT_SEED].def.x;
    cs_status st = CS_OK;
    if (v[PT_REPLICATIONS])
        st = cs_yaml_get_int(c, v[PT_REPLICATIONS], "replications", 1, CS_MAX_REPLICATIONS, &reps);
    if (cs_yaml_go_on(c, st) && v[PT_SEED])
        st = cs_yaml_first(st, cs_yaml_get_int(c, v[PT_SEED], "seed", 0, INT64_MAX, &seed));
    if (st) return st;
    s->replications = (uint32_t)reps;
    s->seed = (uint64_t)seed;
    return CS_OK;
}

static cs_status check_times(const cs_yaml_ctx *c, struct fy_node *const *v,
                             const cs_port_scenario *p)
{
    char desc[64];
    if (p->horizon > CS_PORT_MAX_HOURS) {
        cs_yaml_describe(v[PT_HORIZON], desc, sizeof desc);
        return cs_yaml_error(c, v[PT_HORIZON], "horizon: at most %g h (20 years), got %s",
                             CS_PORT_MAX_HOURS, desc);
    }
    if (!(p->warmup < p->horizon)) {
        cs_yaml_describe(v[PT_WARMUP], desc, sizeof desc);
        return cs_yaml_error(c, v[PT_WARMUP], "warmup: must be < horizon (%g h), got %s",
                             p->horizon, desc);
    }
    if (p->drain > CS_PORT_MAX_HOURS) {
        cs_yaml_describe(v[PT_DRAIN], desc, sizeof desc);
        return cs_yaml_error(c, v[PT_DRAIN], "drain: at most %g h (20 years), got %s",
                             CS_PORT_MAX_HOURS, desc);
    }
    return CS_OK;
}

/* The time series must fit in memory: regimes x series x samples values
 * per replication and thread. */
static cs_status check_series(const cs_yaml_ctx *c, struct fy_node *const *v, struct fy_node *root,
                              const cs_port_scenario *p)
{
    if (!p->series.enabled) return CS_OK;
    const uint64_t samples = cs_port_series_samples(p);
    const double values = (double)samples * p->nregimes * CS_PORT_SERIES_PER_REGIME;
    if (values <= CS_PORT_MAX_SERIES_VALUES) return CS_OK;
    struct fy_node *at = v[PT_TIMESERIES] ? v[PT_TIMESERIES] : root;
    return cs_yaml_error(c, at,
                         "timeseries: %llu samples of %g h x %u regimes x %d series is %.3g values per "
                         "replication, more than %u; set timeseries.interval longer (or "
                         "timeseries.enabled: false)",
                         (unsigned long long)samples, p->series.interval, p->nregimes,
                         CS_PORT_SERIES_PER_REGIME, values, CS_PORT_MAX_SERIES_VALUES);
}

/* Going on past errors (check), a stage runs when what it reads is there
 * and the rules that relate values run only when those values were read:
 * a failed horizon keeps its default, and the times are not compared. */
cs_status cs_port_from_yaml(const cs_yaml_ctx *c, struct fy_node *root, cs_scenario *s)
{
    cs_port_scenario *p = malloc(sizeof *p);
    if (!p) return cs_yaml_nomem(c);
    cs_port_defaults(p);
    struct fy_node *v[CS_PF_MAX_FIELDS];
    cs_status st = cs_pf_read(c, root, "", cs_port_top_fields, PT_COUNT, p, v);
    const cs_status fields = st;
    if (cs_yaml_go_on(c, st) && v[PT_NAME])
        st = cs_yaml_first(st, cs_yaml_get_name(c, v[PT_NAME], "name", CS_NAME_MAX - 1, s->name));
    if (cs_yaml_go_on(c, st)) st = cs_yaml_first(st, read_run(c, v, s));
    if (cs_yaml_go_on(c, st) && !fields) st = cs_yaml_first(st, check_times(c, v, p));
    if (cs_yaml_go_on(c, st) && v[PT_SERVICES])
        st = cs_yaml_first(st, cs_pf_read_services(c, v[PT_SERVICES], p->horizon, p));
    if (cs_yaml_go_on(c, st) && v[PT_REGIMES])
        st = cs_yaml_first(st, cs_pf_read_regimes(c, v[PT_REGIMES], v[PT_BASELINE], p));
    if (!st) st = check_series(c, v, root, p);
    if (st) {
        cs_port_scenario_free(p);
        free(p);
        return st;
    }
    cs_port_set_green(p);
    s->port = p;
    return CS_OK;
}
