/*
 * sweep.c - a sweep file read and checked key by key (docs/sweeps.md).
 *
 * The sweep is parsed with the scenario loader's helpers, so it follows the
 * same rules (one document, no tags, alias budget, unknown keys and wrong
 * types are errors at FILE:LINE:COL).  The base scenario is parsed once
 * here, only to check the sweep against it: that each path exists in it or
 * is a documented key that can be added, and that the listed regimes are
 * its own.  A tied parameter's name, keys and reference are read and
 * checked in sweep_tied.c.  Whether each point is a valid scenario is left
 * to the scenario loader itself (sweep_expand.c), so no rule of the format
 * is written twice.  Everything is built in a local value handed out only
 * when every point has loaded (sweep_load.c: the entry points).
 */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "scenario/sweep_internal.h"

enum { K_KIND, K_NAME, K_BASE, K_REPLICATIONS, K_SEED, K_REGIMES, K_DESIGN, K_POINTS,
       K_LHS_SEED, K_PARAMETERS, K_TIMESERIES, K_COUNT };

static const cs_yaml_key TOP_KEYS[K_COUNT] = {
    {"kind", true}, {"name", true}, {"base", true}, {"replications", false},
    {"seed", false}, {"regimes", false}, {"design", false}, {"points", false},
    {"lhs_seed", false}, {"parameters", true}, {"timeseries", false},
};

enum { P_PATH, P_VALUES, P_RANGE, P_SCALE, P_NAME, P_SETS, P_REFERENCE, P_COUNT };
static const cs_yaml_key PARAM_KEYS[P_COUNT] = {
    {"path", false}, {"values", false}, {"range", false}, {"scale", false},
    {"name", false}, {"sets", false}, {"reference", false}, /* a tied parameter (sweep_tied.c) */
};

enum { R_FROM, R_TO, R_STEP, R_N, R_COUNT };
static const cs_yaml_key RANGE_KEYS[R_COUNT] = {
    {"from", true}, {"to", true}, {"step", false}, {"n", false},
};

static struct fy_node *key_node(struct fy_node *map, const char *key)
{
    struct fy_node *k = NULL;
    cs_yaml_map_get(map, key, &k);
    return k;
}

static bool is_seq(struct fy_node *n)
{
    n = cs_yaml_deref(n);
    return n && fy_node_is_sequence(n);
}

/* ---- top level -------------------------------------------------------- */

static cs_status read_design(sw_load *L, struct fy_node *root, struct fy_node *const *v)
{
    const cs_yaml_ctx *c = &L->c;
    char desc[64];
    int64_t x;
    cs_yaml_describe(v[K_DESIGN], desc, sizeof desc);
    if (!v[K_DESIGN] || cs_yaml_scalar_eq(cs_yaml_deref(v[K_DESIGN]), "grid")) L->design = SW_GRID;
    else if (cs_yaml_scalar_eq(cs_yaml_deref(v[K_DESIGN]), "zip")) L->design = SW_ZIP;
    else if (cs_yaml_scalar_eq(cs_yaml_deref(v[K_DESIGN]), "lhs")) L->design = SW_LHS;
    else return cs_yaml_error(c, v[K_DESIGN], "design: expected grid, zip or lhs, got %s", desc);
    if (L->design != SW_LHS) {
        if (v[K_POINTS])
            return cs_yaml_error(c, key_node(root, "points"), "points: only for design lhs "
                                 "(a grid or zip has as many points as its values give)");
        if (v[K_LHS_SEED])
            return cs_yaml_error(c, key_node(root, "lhs_seed"), "lhs_seed: only for design lhs");
        return CS_OK;
    }
    if (!v[K_POINTS]) return cs_yaml_error(c, v[K_DESIGN], "design: lhs needs `points`");
    cs_status st = cs_yaml_get_int(c, v[K_POINTS], "points", 1, SW_MAX_POINTS, &x);
    if (st) return st;
    L->lhs_points = (uint32_t)x;
    L->lhs_seed = 1;
    if (v[K_LHS_SEED]) {
        st = cs_yaml_get_int(c, v[K_LHS_SEED], "lhs_seed", 0, INT64_MAX, &x);
        L->lhs_seed = (uint64_t)x;
    }
    return st;
}

static cs_status read_run(sw_load *L, struct fy_node *const *v, cs_sweep *s)
{
    int64_t x;
    cs_status st = CS_OK;
    L->has_replications = v[K_REPLICATIONS] != NULL;
    L->has_seed = v[K_SEED] != NULL;
    if (v[K_REPLICATIONS]) {
        st = cs_yaml_get_int(&L->c, v[K_REPLICATIONS], "replications", 1, CS_MAX_REPLICATIONS, &x);
        s->replications = (uint32_t)x;
    }
    if (!st && v[K_SEED]) {
        st = cs_yaml_get_int(&L->c, v[K_SEED], "seed", 0, INT64_MAX, &x);
        s->seed = (uint64_t)x;
    }
    if (!st && v[K_TIMESERIES]) st = cs_yaml_get_bool(&L->c, v[K_TIMESERIES], "timeseries", &s->timeseries);
    return st;
}

/* ---- base ------------------------------------------------------------- */

/* base relative to the folder of the sweep file (as given, not realpath'd:
 * messages then show the path the user can follow). */
static char *resolve(const char *sweep_path, const char *base, size_t len)
{
    const char *slash = strrchr(sweep_path, '/');
    const size_t dir = base[0] == '/' || !slash ? 0 : (size_t)(slash - sweep_path) + 1;
    char *r = malloc(dir + len + 1);
    if (!r) return NULL;
    memcpy(r, sweep_path, dir);
    memcpy(r + dir, base, len);
    r[dir + len] = '\0';
    return r;
}

static cs_status read_base_file(sw_load *L, struct fy_node *b, cs_sweep *s)
{
    const char *name;
    size_t len;
    cs_status st = cs_yaml_get_string(&L->c, b, "base", &name, &len);
    if (st) return st;
    if (memchr(name, '\0', len)) return cs_yaml_error(&L->c, b, "base: not a file path");
    s->base_path = resolve(s->path, name, len);
    if (!s->base_path) return cs_yaml_nomem(&L->c);
    cs_error e;
    memset(&e, 0, sizeof e);
    st = cs_scenario_read_file(s->base_path, &s->base_text, &s->base_text_len, &e);
    if (st == CS_ERR_INPUT) /* the reason first: a long path may be cut short */
        return cs_yaml_error(&L->c, b, "base: %s: %s", e.message, s->base_path);
    if (st) return cs_error_set(L->c.err, st, s->path, 0, 0, "%s", e.message);
    cs_yaml_ctx bc = {s->base_path, L->c.err, NULL, NULL, NULL};
    st = cs_yaml_parse(&bc, s->base_text, s->base_text_len, &L->base_doc);
    L->base_root = st ? NULL : L->base_doc.root;
    return st;
}

static cs_status read_base(sw_load *L, struct fy_node *b, cs_sweep *s)
{
    struct fy_node *m = cs_yaml_deref(b);
    char desc[64];
    cs_status st = CS_OK;
    if (m && fy_node_is_mapping(m)) { /* inline: the points are read from the sweep text */
        L->base_root = m;
        s->base_text = malloc(s->text_len + 1);
        if (!s->base_text) return cs_yaml_nomem(&L->c);
        memcpy(s->base_text, s->text, s->text_len + 1);
        s->base_text_len = s->text_len;
    } else if (m && fy_node_is_scalar(m) && !fy_node_is_alias(b)) {
        st = read_base_file(L, b, s);
    } else {
        cs_yaml_describe(b, desc, sizeof desc);
        return cs_yaml_error(&L->c, b, "base: expected a scenario file's path or an inline "
                             "scenario (a mapping), got %s", desc);
    }
    if (st || cs_scenario_root_kind(L->base_root, &L->kind)) return st;
    if (cs_yaml_scalar_eq(cs_yaml_deref(cs_yaml_map_get(L->base_root, "kind", NULL)), "sweep"))
        return cs_yaml_error(&L->c, b, "base: %s is a sweep; a sweep's base is a scenario (kind queue or port)",
                             s->base_path ? s->base_path : "the inline base");
    /* neither queue nor port: the scenario loader's own message says why */
    cs_scenario tmp;
    const bool inline_base = s->base_path == NULL;
    st = cs_scenario_load_at(s->base_text, s->base_text_len,
                             inline_base ? s->path : s->base_path, inline_base ? "base" : NULL,
                             NULL, 0, &tmp, L->c.err, NULL);
    if (st) return st;
    cs_scenario_free(&tmp);
    return cs_error_set(L->c.err, CS_ERR_INTERNAL, s->path, 0, 0, "base: unreadable kind");
}

/* ---- regimes ---------------------------------------------------------- */

static void regime_list(struct fy_node *regimes, char *buf, size_t size)
{
    void *it = NULL;
    struct fy_node_pair *p;
    size_t o = 0, len;
    buf[0] = '\0';
    while ((p = fy_node_mapping_iterate(regimes, &it)) && o < size) {
        const char *k = fy_node_get_scalar(cs_yaml_deref(fy_node_pair_key(p)), &len);
        const int w = snprintf(buf + o, size - o, "%s%.*s", o ? ", " : "", k ? (int)len : 0,
                               k ? k : "");
        if (w < 0) break;
        o += (size_t)w;
    }
}

static cs_status read_regimes(sw_load *L, struct fy_node *root, struct fy_node *n)
{
    const cs_yaml_ctx *c = &L->c;
    struct fy_node *seq = cs_yaml_deref(n), *item;
    struct fy_node *base = cs_yaml_deref(cs_yaml_map_get(L->base_root, "regimes", NULL));
    char desc[64], list[1024], label[32];
    L->regimes_key = key_node(root, "regimes");
    if (L->kind == CS_SCENARIO_QUEUE)
        return cs_yaml_error(c, L->regimes_key, "regimes: the base is a queue scenario, which "
                             "has no regimes");
    cs_yaml_describe(n, desc, sizeof desc);
    if (!seq || !fy_node_is_sequence(seq))
        return cs_yaml_error(c, n, "regimes: expected a list of regime names, got %s", desc);
    if (fy_node_sequence_item_count(seq) <= 0)
        return cs_yaml_error(c, n, "regimes: at least one regime is required");
    void *it = NULL;
    while ((item = fy_node_sequence_iterate(seq, &it))) {
        const uint32_t i = L->nregimes;
        snprintf(label, sizeof label, "regimes[%u]", (unsigned)i);
        if (i == CS_PORT_MAX_REGIMES)
            return cs_yaml_error(c, item, "regimes: at most %d regimes", CS_PORT_MAX_REGIMES);
        cs_status st = cs_yaml_get_name(c, item, label, CS_PORT_NAME_MAX - 1, L->regimes[i]);
        if (st) return st;
        cs_yaml_describe(item, desc, sizeof desc);
        if (!base || !fy_node_is_mapping(base) || !cs_yaml_map_get(base, L->regimes[i], NULL)) {
            regime_list(base && fy_node_is_mapping(base) ? base : NULL, list, sizeof list);
            return cs_yaml_error(c, item, "%s: no regime %s in the base scenario (its "
                                 "regimes: %s)", label, desc, list);
        }
        for (uint32_t j = 0; j < i; j++)
            if (strcmp(L->regimes[j], L->regimes[i]) == 0)
                return cs_yaml_error(c, item, "%s: regime %s is listed twice", label, desc);
        L->nregimes++;
    }
    return CS_OK;
}

/* A baseline the base names must be kept (a swept one is checked per point). */
static cs_status check_baseline(sw_load *L)
{
    struct fy_node *b = cs_yaml_deref(cs_yaml_map_get(L->base_root, "baseline", NULL));
    const bool swept = sw_moves(L, "baseline");
    L->baseline_explicit = b != NULL || swept;
    if (!L->nregimes || !b || !fy_node_is_scalar(b) || fy_node_is_alias(b) || swept) return CS_OK;
    for (uint32_t i = 0; i < L->nregimes; i++)
        if (cs_yaml_scalar_eq(b, L->regimes[i])) return CS_OK;
    char desc[64];
    cs_yaml_describe(b, desc, sizeof desc);
    return cs_yaml_error(&L->c, L->regimes_key, "regimes: the base scenario's baseline %s "
                         "must be one of them", desc);
}

/* ---- parameters ------------------------------------------------------- */

cs_status sw_read_path(sw_load *L, uint32_t k, struct fy_node *n, const char *label,
                       char path[SW_PATH_MAX])
{
    const cs_yaml_ctx *c = &L->c;
    static const char *const own[] = {"kind", "name", "replications", "seed"};
    const char *s;
    size_t len;
    cs_status st = cs_yaml_get_string(c, n, label, &s, &len);
    if (st) return st;
    if (len >= SW_PATH_MAX)
        return cs_yaml_error(c, n, "%s: at most %d characters", label, SW_PATH_MAX - 1);
    memcpy(path, s, len);
    path[len] = '\0';
    if (memchr(s, '\0', len) || !cs_path_syntax_ok(path))
        return cs_yaml_error(c, n, "%s: '%s' is not a dotted path (keys joined by '.', list "
                             "items as name[2])", label, path);
    for (size_t i = 0; i < sizeof own / sizeof own[0]; i++)
        if (strcmp(path, own[i]) == 0)
            return cs_yaml_error(c, n, "%s: '%s' cannot be swept%s", label, path,
                                 i >= 2 ? " (the sweep has its own key for it)" : "");
    const cs_path_result r = cs_override_check(L->base_root, L->kind, path);
    if (r == CS_PATH_NOMEM) return cs_yaml_nomem(c);
    if (r != CS_PATH_OK)
        return cs_yaml_error(c, n, "%s: '%s' is not a key of the scenario", label, path);
    return sw_check_moved(L, k, path, n, label);
}

static cs_status read_values(sw_load *L, uint32_t k, struct fy_node *n, const char *label)
{
    const cs_yaml_ctx *c = &L->c;
    sw_param *p = &L->params[k];
    struct fy_node *seq = cs_yaml_deref(n), *item;
    char desc[64];
    cs_yaml_describe(n, desc, sizeof desc);
    if (!seq || !fy_node_is_sequence(seq))
        return cs_yaml_error(c, n, "%s: expected a list of values, got %s", label, desc);
    const int count = fy_node_sequence_item_count(seq);
    if (count < 1 || count > CS_SWEEP_MAX_VALUES)
        return cs_yaml_error(c, n, "%s: expected 1 to %d values, got %d", label,
                             CS_SWEEP_MAX_VALUES, count);
    p->text = malloc((size_t)count * sizeof *p->text);
    if (!p->text) return cs_yaml_nomem(c);
    void *it = NULL;
    for (uint32_t i = 0; (item = fy_node_sequence_iterate(seq, &it)); i++) {
        if (!cs_yaml_plain_text(item, p->text[i], sizeof p->text[i])) {
            cs_yaml_describe(item, desc, sizeof desc);
            return cs_yaml_error(c, item, "%s[%u]: expected a plain scalar (a number, a "
                                 "duration, true/false or a name; at most %d characters), "
                                 "got %s", label, (unsigned)i, CS_SWEEP_VALUE_MAX - 1, desc);
        }
        double x;
        bool finite;
        if (p->scaled && !(cs_yaml_duration_text(p->text[i], &x, &finite) && finite)) {
            cs_yaml_describe(item, desc, sizeof desc);
            return cs_yaml_error(c, item, "%s[%u]: expected a number or a duration (%s has "
                                 "scaled keys), got %s", label, (unsigned)i, p->name, desc);
        }
        p->nvalues = i + 1;
    }
    return CS_OK;
}

static cs_status read_count(sw_load *L, sw_param *p, struct fy_node *const *r,
                            const char *label)
{
    const cs_yaml_ctx *c = &L->c;
    double step;
    int64_t n;
    char desc[64], kl[80];
    if (!r[R_STEP] == !r[R_N])
        return cs_yaml_error(c, p->item, "%s: give either step or n", label);
    if (r[R_N]) {
        cs_status st = cs_yaml_get_int(c, r[R_N], cs_pf_join(kl, sizeof kl, label, "n"), 1,
                                       CS_SWEEP_MAX_VALUES, &n);
        if (st) return st;
        if (n == 1 && p->from != p->to)
            return cs_yaml_error(c, r[R_N], "%s: n = 1 gives `from` alone, so to must equal "
                                 "from (%g), got %g", kl, p->from, p->to);
        p->nvalues = (uint32_t)n;
        return CS_OK;
    }
    cs_status st = cs_yaml_get_double(c, r[R_STEP], cs_pf_join(kl, sizeof kl, label, "step"),
                                      &step);
    if (st) return st;
    cs_yaml_describe(r[R_STEP], desc, sizeof desc);
    if (!(step > 0.0)) return cs_yaml_error(c, r[R_STEP], "%s: must be > 0, got %s", kl, desc);
    if (p->to < p->from)
        return cs_yaml_error(c, r[R_TO], "%s.to: must be >= from (%g) with a step; a "
                             "decreasing range takes n", label, p->from);
    const double q = (p->to - p->from) / step, whole = floor(q + 0.5);
    if (!(q + 1.0 <= CS_SWEEP_MAX_VALUES + 0.5)) /* also an infinite quotient */
        return cs_yaml_error(c, r[R_STEP], "%s: (to - from) / step + 1 = %.10g values, more "
                             "than %d", kl, q + 1.0, CS_SWEEP_MAX_VALUES);
    /* n = round((to - from) / step) + 1 and `to` is always a value: the
     * values are spread evenly from `from` to `to`, so a step that does not
     * divide the range is adjusted to one that does (0..1 by 0.3: 0, 1/3,
     * 2/3, 1), and a range shorter than half a step keeps both ends */
    p->nvalues = (uint32_t)(whole > 0.0 || p->to == p->from ? whole : 1.0) + 1;
    return CS_OK;
}

static cs_status read_range(sw_load *L, uint32_t k, struct fy_node *n, const char *label,
                            struct fy_node *scale)
{
    const cs_yaml_ctx *c = &L->c;
    sw_param *p = &L->params[k];
    struct fy_node *r[R_COUNT];
    char rl[64];
    snprintf(rl, sizeof rl, "%s.range", label);
    char kl[80];
    cs_status st = cs_yaml_map_fields(c, n, rl, RANGE_KEYS, R_COUNT, r);
    if (!st) st = cs_yaml_get_double(c, r[R_FROM], cs_pf_join(kl, sizeof kl, rl, "from"), &p->from);
    if (!st) st = cs_yaml_get_double(c, r[R_TO], cs_pf_join(kl, sizeof kl, rl, "to"), &p->to);
    if (st) return st;
    p->is_range = true;
    if (p->log && !(p->from > 0.0))
        return cs_yaml_error(c, r[R_FROM], "%s.from: must be > 0 on a log scale", rl);
    if (p->log && !(p->to > 0.0))
        return cs_yaml_error(c, r[R_TO], "%s.to: must be > 0 on a log scale", rl);
    if (L->design == SW_LHS) {
        const int bad = r[R_STEP] ? R_STEP : r[R_N] ? R_N : -1;
        if (bad >= 0)
            return cs_yaml_error(c, key_node(n, RANGE_KEYS[bad].name), "%s.%s: not with "
                                 "design lhs (it draws the values between from and to)", rl,
                                 RANGE_KEYS[bad].name);
        return CS_OK;
    }
    if (p->log && r[R_STEP])
        return cs_yaml_error(c, scale, "%s.scale: log needs n, not step", label);
    st = read_count(L, p, r, rl);
    return st ? st : sw_range_values(c, p);
}

static cs_status read_param(sw_load *L, uint32_t k, struct fy_node *item)
{
    const cs_yaml_ctx *c = &L->c;
    sw_param *p = &L->params[k];
    struct fy_node *v[P_COUNT];
    char label[48], desc[64];
    snprintf(label, sizeof label, "parameters[%u]", (unsigned)k);
    p->item = item;
    cs_yaml_node_pos(&L->doc, item, &p->line, &p->column);
    cs_status st = cs_yaml_map_fields(c, item, label, PARAM_KEYS, P_COUNT, v);
    if (st) return st;
    if (!v[P_PATH] == !v[P_SETS])
        return cs_yaml_error(c, item, "%s: %s", label, v[P_PATH]
                             ? "give either path (a plain parameter) or sets (a tied "
                               "parameter), not both"
                             : "missing required key 'path' (a plain parameter) or 'sets' (a "
                               "tied parameter)");
    if (v[P_PATH] && (v[P_NAME] || v[P_REFERENCE])) {
        const char *key = v[P_NAME] ? "name" : "reference";
        return cs_yaml_error(c, key_node(item, key), "%s.%s: only a tied parameter (one with "
                             "sets) has a %s", label, key, key);
    }
    char pl[64];
    snprintf(pl, sizeof pl, "%s.path", label);
    st = v[P_PATH] ? sw_read_path(L, k, v[P_PATH], pl, p->path)
                   : sw_read_tied(L, k, v[P_NAME], v[P_SETS], v[P_REFERENCE]);
    if (st) return st;
    if (!v[P_VALUES] == !v[P_RANGE])
        return cs_yaml_error(c, item, "%s: give either values or range", label);
    if (v[P_SCALE]) {
        cs_yaml_describe(v[P_SCALE], desc, sizeof desc);
        if (!v[P_RANGE])
            return cs_yaml_error(c, key_node(item, "scale"), "%s.scale: only a range has a "
                                 "scale", label);
        p->log = cs_yaml_scalar_eq(cs_yaml_deref(v[P_SCALE]), "log");
        if (!p->log && !cs_yaml_scalar_eq(cs_yaml_deref(v[P_SCALE]), "linear"))
            return cs_yaml_error(c, v[P_SCALE], "%s.scale: expected linear or log, got %s",
                                 label, desc);
    }
    char vl[64];
    snprintf(vl, sizeof vl, "%s.values", label);
    return v[P_VALUES] ? read_values(L, k, v[P_VALUES], vl)
                       : read_range(L, k, v[P_RANGE], label, v[P_SCALE]);
}

static cs_status read_params(sw_load *L, struct fy_node *root, struct fy_node *n)
{
    struct fy_node *seq = cs_yaml_deref(n), *item;
    char desc[64];
    L->params_key = key_node(root, "parameters");
    cs_yaml_describe(n, desc, sizeof desc);
    if (is_seq(n) && fy_node_sequence_item_count(seq) < 1)
        return cs_yaml_error(&L->c, n, "parameters: the list is empty; give 1 to %d parameters "
                             "{path, values | range}", CS_SWEEP_MAX_PARAMS);
    if (!is_seq(n))
        return cs_yaml_error(&L->c, n, "parameters: expected a list of 1 to %d parameters "
                             "{path, values | range}, got %s", CS_SWEEP_MAX_PARAMS, desc);
    void *it = NULL;
    while ((item = fy_node_sequence_iterate(seq, &it))) {
        if (L->nparams == CS_SWEEP_MAX_PARAMS)
            return cs_yaml_error(&L->c, item, "parameters: at most %d parameters",
                                 CS_SWEEP_MAX_PARAMS);
        cs_status st = read_param(L, L->nparams, item);
        L->nparams++; /* counted even on failure: its text is freed with the rest */
        if (st) return st;
    }
    return CS_OK;
}

/* ---- loading ---------------------------------------------------------- */

cs_status sw_read_sweep(sw_load *L, cs_sweep *s)
{
    const cs_yaml_ctx *c = &L->c;
    struct fy_node *root = L->doc.root, *v[K_COUNT], *kind;
    char desc[64];
    if (!fy_node_is_mapping(cs_yaml_deref(root))) {
        cs_yaml_describe(root, desc, sizeof desc);
        return cs_yaml_error(c, root, "the top level must be a mapping, got %s", desc);
    }
    kind = cs_yaml_map_get(root, "kind", NULL);
    if (!kind) return cs_yaml_error(c, root, "missing required key 'kind'");
    if (!cs_yaml_scalar_eq(cs_yaml_deref(kind), "sweep")) {
        cs_yaml_describe(kind, desc, sizeof desc);
        if (cs_yaml_scalar_eq(cs_yaml_deref(kind), "queue") || cs_yaml_scalar_eq(cs_yaml_deref(kind), "port"))
            return cs_yaml_error(c, kind, "kind: expected 'sweep', got %s: a scenario runs with `clearsim run FILE`",
                                 desc);
        return cs_yaml_error(c, kind, "kind: expected 'sweep', got %s", desc);
    }
    /* going on past errors (check): what needs the base or the regimes
     * runs only when they were read */
    cs_status st = cs_yaml_map_fields(c, root, "sweep", TOP_KEYS, K_COUNT, v), base = CS_ERR_INPUT;
    if (cs_yaml_go_on(c, st) && v[K_NAME])
        st = cs_yaml_first(st, cs_yaml_get_name(c, v[K_NAME], "name", CS_NAME_MAX - 1, s->name));
    if (cs_yaml_go_on(c, st)) st = cs_yaml_first(st, read_design(L, root, v));
    if (cs_yaml_go_on(c, st)) st = cs_yaml_first(st, read_run(L, v, s));
    if (cs_yaml_go_on(c, st) && v[K_BASE]) st = cs_yaml_first(st, base = read_base(L, v[K_BASE], s));
    if (cs_yaml_go_on(c, st) && !base && v[K_REGIMES]) st = cs_yaml_first(st, read_regimes(L, root, v[K_REGIMES]));
    if (cs_yaml_go_on(c, st) && !base && v[K_PARAMETERS])
        st = cs_yaml_first(st, read_params(L, root, v[K_PARAMETERS]));
    if (!st) st = check_baseline(L);
    snprintf(s->design, sizeof s->design, "%s",
             L->design == SW_GRID ? "grid" : L->design == SW_ZIP ? "zip" : "lhs");
    return st;
}
