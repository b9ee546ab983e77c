/*
 * sweep_tied.c - tied parameters: one swept value that moves several keys
 * of the scenario together (docs/sweeps.md, "Tied parameters").
 *
 *   - name: scan_rate
 *     values: [0.01, 0.04]
 *     sets:
 *       - path: customs.channels.general.scan
 *       - {path: customs.channels.low.scan, scaled: true}
 *     reference: customs.channels.general.scan
 *
 * A key of `sets` takes the value itself, or, `scaled: true`, the value
 * times its base value over the reference's base value: the keys keep
 * their ratios to the reference, which takes the value itself.  Base
 * values are those of the base scenario (the document's number, or the
 * documented default of a key it leaves out; a key a regime's inputs leave
 * out has the scenario's own value: override.c).  A scaled value is
 * rounded to 15 significant digits and written with "%.15g", like the
 * values of a range, so the text put into the scenario and the number kept
 * for /points are the same number.  Every point is then loaded as any
 * other: a key pushed out of its range is the scenario loader's error,
 * placed at the key's entry of `sets` (sweep_expand.c).
 *
 * Also here: the check that no two parameters move the same key (or one
 * inside the other), for plain paths and tied keys alike.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "scenario/sweep_internal.h"

enum { T_PATH, T_SCALED, T_COUNT };
static const cs_yaml_key SET_KEYS[T_COUNT] = {{"path", true}, {"scaled", false}};

/* ---- keys moved by two parameters ------------------------------------- */

/* a is b, or one lies inside the other ("a.b" and "a.b.c" or "a.b[1]"). */
static bool overlap(const char *a, const char *b)
{
    const size_t la = strlen(a), lb = strlen(b), m = la < lb ? la : lb;
    const char next = la < lb ? b[m] : a[m];
    return strncmp(a, b, m) == 0 && (next == '\0' || next == '.' || next == '[');
}

cs_status sw_check_moved(const sw_load *L, uint32_t k, const char *path, struct fy_node *n,
                         const char *label)
{
    const cs_yaml_ctx *c = &L->c;
    const bool tied = L->params[k].tied;
    for (uint32_t j = 0; j < k; j++) {
        const char *q = L->params[j].path;
        if (L->params[j].tied || !overlap(path, q)) continue;
        if (tied && strcmp(path, q) == 0)
            return cs_yaml_error(c, n, "%s: '%s' is also swept as a plain parameter, "
                                 "parameters[%u].path", label, path, (unsigned)j);
        return cs_yaml_error(c, n, "%s: '%s' overlaps parameters[%u].path '%s'", label, path,
                             (unsigned)j, q);
    }
    for (uint32_t i = 0; i < L->nkeys; i++) {
        const sw_key *key = &L->keys[i];
        const char *owner = L->params[key->param].name;
        if (!overlap(path, key->path)) continue;
        if (strcmp(path, key->path) != 0)
            return cs_yaml_error(c, n, "%s: '%s' overlaps parameters[%u].sets[%u].path '%s'",
                                 label, path, (unsigned)key->param, (unsigned)key->index,
                                 key->path);
        if (tied)
            return cs_yaml_error(c, n, "%s: '%s' is tied twice: also parameters[%u].sets[%u] "
                                 "(of %s)", label, path, (unsigned)key->param,
                                 (unsigned)key->index, owner);
        return cs_yaml_error(c, n, "%s: '%s' is already set by the tied parameter %s "
                             "(parameters[%u].sets[%u])", label, path, owner,
                             (unsigned)key->param, (unsigned)key->index);
    }
    return CS_OK;
}

bool sw_moves(const sw_load *L, const char *path)
{
    for (uint32_t k = 0; k < L->nparams; k++)
        if (!L->params[k].tied && strcmp(L->params[k].path, path) == 0) return true;
    for (uint32_t i = 0; i < L->nkeys; i++)
        if (strcmp(L->keys[i].path, path) == 0) return true;
    return false;
}

/* ---- reading ---------------------------------------------------------- */

/* The /points column of the parameter: a name no other column has, and
 * not a key of the scenario (a column that passes for a key would hold the
 * swept value, not that key's). */
static cs_status read_name(sw_load *L, uint32_t k, struct fy_node *n, const char *label)
{
    const cs_yaml_ctx *c = &L->c;
    sw_param *p = &L->params[k];
    char nl[64];
    snprintf(nl, sizeof nl, "%s.name", label);
    cs_status st = cs_yaml_get_name(c, n, nl, sizeof p->name - 1, p->name);
    if (st) return st;
    if (strcmp(p->name, "point") == 0 || strcmp(p->name, "values") == 0)
        return cs_yaml_error(c, n, "%s: '%s' is a column of /points of its own; choose another "
                             "name", nl, p->name);
    for (uint32_t j = 0; j < k; j++) {
        if (L->params[j].tied && strcmp(L->params[j].name, p->name) == 0)
            return cs_yaml_error(c, n, "%s: '%s' is already the name of parameters[%u]", nl,
                                 p->name, (unsigned)j);
        if (!L->params[j].tied && strcmp(L->params[j].path, p->name) == 0)
            return cs_yaml_error(c, n, "%s: '%s' is already the path of parameters[%u] (/points "
                                 "has one column per name and per key)", nl, p->name,
                                 (unsigned)j);
    }
    for (uint32_t i = 0; i < L->nkeys; i++)
        if (strcmp(L->keys[i].path, p->name) == 0)
            return cs_yaml_error(c, n, "%s: '%s' is already a key of parameters[%u].sets (/points "
                                 "has one column per name and per key)", nl, p->name,
                                 (unsigned)L->keys[i].param);
    const cs_path_result r = cs_override_check(L->base_root, L->kind, p->name);
    if (r == CS_PATH_NOMEM) return cs_yaml_nomem(c);
    if (r == CS_PATH_OK)
        return cs_yaml_error(c, n, "%s: '%s' is a key of the scenario; give the tied parameter "
                             "a name of its own (its /points column holds the swept value, "
                             "which must not pass for that key's)", nl, p->name);
    return CS_OK;
}

/* One entry of `sets`: {path, scaled}. */
static cs_status read_set(sw_load *L, uint32_t k, uint32_t i, struct fy_node *item,
                          const char *sl, struct fy_node **scaled)
{
    const cs_yaml_ctx *c = &L->c;
    sw_key *key = &L->keys[L->nkeys];
    struct fy_node *v[T_COUNT], *slip = NULL;
    char il[64], kl[80];
    memset(key, 0, sizeof *key);
    key->param = k;
    key->index = i;
    key->item = item;
    cs_yaml_node_pos(&L->doc, item, &key->line, &key->column);
    snprintf(il, sizeof il, "%s[%u]", sl, (unsigned)i);
    /* `scale` is the key of a range's spacing: a likely slip for `scaled` */
    struct fy_node *map = cs_yaml_deref(item);
    if (map && fy_node_is_mapping(map) && cs_yaml_map_get(map, "scale", &slip))
        return cs_yaml_error(c, slip, "%s: unknown key 'scale'; a key that keeps its ratio to "
                             "the reference is written `scaled: true`", il);
    cs_status st = cs_yaml_map_fields(c, item, il, SET_KEYS, T_COUNT, v);
    if (!st) st = sw_read_path(L, k, v[T_PATH], cs_pf_join(kl, sizeof kl, il, "path"), key->path);
    if (!st && v[T_SCALED])
        st = cs_yaml_get_bool(c, v[T_SCALED], cs_pf_join(kl, sizeof kl, il, "scaled"),
                              &key->scaled);
    if (st) return st;
    key->path_node = v[T_PATH];
    if (key->scaled && !*scaled) *scaled = v[T_SCALED];
    L->nkeys++;
    L->params[k].nkeys++;
    return CS_OK;
}

static cs_status read_sets(sw_load *L, uint32_t k, struct fy_node *n, const char *label,
                           struct fy_node **scaled)
{
    const cs_yaml_ctx *c = &L->c;
    struct fy_node *seq = cs_yaml_deref(n), *item;
    char sl[48], desc[64];
    snprintf(sl, sizeof sl, "%s.sets", label);
    cs_yaml_describe(n, desc, sizeof desc);
    if (!seq || !fy_node_is_sequence(seq))
        return cs_yaml_error(c, n, "%s: expected a list of 1 to %d keys {path, scaled}, got %s",
                             sl, CS_SWEEP_MAX_TIED, desc);
    const int count = fy_node_sequence_item_count(seq);
    if (count < 1)
        return cs_yaml_error(c, n, "%s: the list is empty; a tied parameter sets 1 to %d keys "
                             "{path, scaled}", sl, CS_SWEEP_MAX_TIED);
    if (count > CS_SWEEP_MAX_TIED)
        return cs_yaml_error(c, n, "%s: at most %d keys, got %d", sl, CS_SWEEP_MAX_TIED, count);
    L->params[k].first_key = L->nkeys;
    void *it = NULL;
    for (uint32_t i = 0; (item = fy_node_sequence_iterate(seq, &it)); i++) {
        if (L->nkeys == CS_SWEEP_MAX_KEYS)
            return cs_yaml_error(c, item, "%s[%u]: at most %d keys in all the tied parameters "
                                 "together", sl, (unsigned)i, CS_SWEEP_MAX_KEYS);
        cs_status st = read_set(L, k, i, item, sl, scaled);
        if (st) return st;
    }
    return CS_OK;
}

/* A base value that is not a number (kind OTHER or NONE), at n. */
static cs_status base_error(const sw_load *L, struct fy_node *n, const char *label,
                            const char *path, cs_base_kind kind, const char *desc,
                            const char *why)
{
    if (kind == CS_BASE_OTHER)
        return cs_yaml_error(&L->c, n, "%s: '%s' is %s in the base scenario, not a number %s",
                             label, path, desc, why);
    return cs_yaml_error(&L->c, n, "%s: '%s' is not in the base scenario and has no default "
                         "that is a number; write its value in the base %s", label, path, why);
}

/* The reference (one of the keys of sets, with a base value other than
 * 0) and the base value of every scaled key. */
static cs_status read_reference(sw_load *L, uint32_t k, struct fy_node *n, const char *label,
                                struct fy_node *scaled)
{
    const cs_yaml_ctx *c = &L->c;
    sw_param *p = &L->params[k];
    char rl[48], kl[80], desc[64];
    const char *s;
    size_t len;
    double x = 0.0;
    snprintf(rl, sizeof rl, "%s.reference", label);
    if (!scaled && !n) return CS_OK;
    if (!scaled)
        return cs_yaml_error(c, n, "%s: no key of sets is scaled (scaled: true), so there is no "
                             "ratio to keep", rl);
    if (!n) {
        uint32_t first = p->first_key;
        while (!L->keys[first].scaled) first++;
        return cs_yaml_error(c, scaled, "%s.sets[%u].scaled: a scaled key needs the parameter's "
                             "`reference`: the key of sets whose base value the parameter's "
                             "value replaces", label, (unsigned)L->keys[first].index);
    }
    cs_status st = cs_yaml_get_string(c, n, rl, &s, &len);
    if (st) return st;
    sw_key *ref = NULL;
    for (uint32_t i = p->first_key; i < p->first_key + p->nkeys; i++)
        if (strlen(L->keys[i].path) == len && memcmp(L->keys[i].path, s, len) == 0)
            ref = &L->keys[i];
    cs_yaml_describe(n, desc, sizeof desc);
    if (!ref)
        return cs_yaml_error(c, n, "%s: %s is not one of the keys of %s.sets", rl, desc, label);
    ref->reference = true;
    memcpy(p->reference, ref->path, sizeof p->reference);
    const cs_base_kind kind = cs_override_base(L->base_root, L->kind, p->reference, &x, desc,
                                               sizeof desc);
    if (kind == CS_BASE_OTHER || kind == CS_BASE_NONE)
        return base_error(L, n, rl, p->reference, kind, desc,
                          "(the scaled keys keep their ratio to it)");
    if (x == 0.0)
        return cs_yaml_error(c, n, "%s: '%s' is 0 in the base scenario%s; the scaled keys keep "
                             "their ratio to it, which 0 cannot give", rl, p->reference,
                             kind == CS_BASE_DEFAULT ? " (its default)" : "");
    p->reference_base = x;
    for (uint32_t i = p->first_key; i < p->first_key + p->nkeys; i++) {
        sw_key *key = &L->keys[i];
        if (!key->scaled || key->reference) continue;
        snprintf(kl, sizeof kl, "%s.sets[%u].path", label, (unsigned)key->index);
        const cs_base_kind b = cs_override_base(L->base_root, L->kind, key->path, &key->base,
                                                desc, sizeof desc);
        if (b == CS_BASE_OTHER || b == CS_BASE_NONE)
            return base_error(L, key->path_node, kl, key->path, b, desc, "to scale");
    }
    return CS_OK;
}

cs_status sw_read_tied(sw_load *L, uint32_t k, struct fy_node *name, struct fy_node *sets,
                       struct fy_node *reference)
{
    sw_param *p = &L->params[k];
    struct fy_node *scaled = NULL;
    char label[32];
    snprintf(label, sizeof label, "parameters[%u]", (unsigned)k);
    p->tied = true;
    if (!name)
        return cs_yaml_error(&L->c, p->item, "%s: a tied parameter (one with sets) needs a "
                             "name: its column in /points", label);
    cs_status st = read_name(L, k, name, label);
    if (!st) st = read_sets(L, k, sets, label, &scaled);
    if (!st) st = read_reference(L, k, reference, label, scaled);
    p->scaled = scaled != NULL;
    return st;
}

/* ---- expansion -------------------------------------------------------- */

/* The text of key j at point p into buf (CS_SWEEP_VALUE_MAX), its number
 * into *x. */
static void key_text(const sw_load *L, const cs_sweep *s, uint32_t p, uint32_t j, char *buf,
                     double *x)
{
    const sw_key *key = &L->keys[j];
    const size_t i = (size_t)p * s->nparams + key->param;
    if (!key->scaled || key->reference) {
        memcpy(buf, s->values[i], strlen(s->values[i]) + 1);
        *x = s->numeric[i];
        return;
    }
    const double v = s->numeric[i] * key->base / L->params[key->param].reference_base;
    snprintf(buf, CS_SWEEP_VALUE_MAX, "%.15g", v + 0.0); /* + 0.0: no "-0" */
    *x = strtod(buf, NULL);
}

cs_status sw_expand_keys(const sw_load *L, cs_sweep *s)
{
    const uint32_t nk = L->nkeys;
    if (nk == 0) return CS_OK;
    const size_t n = (size_t)s->npoints * nk;
    s->keys = calloc(nk, sizeof *s->keys);
    s->key_values = calloc(n, sizeof *s->key_values);
    s->key_numeric = malloc(n * sizeof *s->key_numeric);
    if (!s->keys || !s->key_values || !s->key_numeric) return cs_yaml_nomem(&L->c);
    s->nkeys = nk;
    for (uint32_t j = 0; j < nk; j++) {
        const sw_key *key = &L->keys[j];
        memcpy(s->keys[j].path, key->path, sizeof s->keys[j].path);
        s->keys[j].param = key->param;
        s->keys[j].scaled = key->scaled && !key->reference;
        s->keys[j].base = key->base;
        s->keys[j].line = key->line;
        s->keys[j].column = key->column;
    }
    /* two passes, as the values: the size of the one block, then the texts */
    char buf[CS_SWEEP_VALUE_MAX];
    double x;
    size_t total = 0;
    for (uint32_t p = 0; p < s->npoints; p++)
        for (uint32_t j = 0; j < nk; j++) {
            key_text(L, s, p, j, buf, &x);
            total += strlen(buf) + 1;
        }
    char *at = malloc(total);
    if (!at) return cs_yaml_nomem(&L->c);
    for (uint32_t p = 0; p < s->npoints; p++)
        for (uint32_t j = 0; j < nk; j++) {
            const size_t i = (size_t)p * nk + j;
            key_text(L, s, p, j, buf, &s->key_numeric[i]);
            const size_t len = strlen(buf) + 1;
            memcpy(at, buf, len);
            s->key_values[i] = at;
            at += len;
        }
    return CS_OK;
}
