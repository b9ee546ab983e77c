/*
 * port_overlay.c - a regime's `inputs`: the scenario's inputs with some
 * values of the regime's own (a later year, a reformed inspection rate,
 * other trader lags, another staffing level), so that such regimes are
 * compared on common random numbers like the pilots.
 *
 * The overlay is a mapping whose keys are dotted paths of the scenario
 * (`traders.import_trader_lag`, `customs.channels.general.exam`) or
 * nested mappings (`customs: {reviewers: {count: 40}}`), the same paths a
 * sweep uses.  The regime gets a deep copy of the scenario's inputs, and
 * each value is read into it by the row of its path with the scenario's
 * own rules; then the checks that relate values run again on the copy.
 * Keys that define the experiment (horizon, warm-up, drain, seed,
 * replications, time series, regimes, baseline) or create vessels and
 * boxes (services, boxes: credit and TEU shares) are refused: every regime
 * of a scenario must see the same vessels and boxes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "scenario/port_yaml.h"

/* Top-level keys an overlay may not set, and why. */
static const char *refusal(int row)
{
    switch (row) {
    case PT_KIND: case PT_NAME: case PT_REPLICATIONS: case PT_SEED: case PT_HORIZON: case PT_WARMUP:
    case PT_DRAIN: case PT_REGIMES: case PT_BASELINE: case PT_TIMESERIES:
        return "defines the experiment, which every regime of a scenario shares";
    case PT_SERVICES: case PT_BOXES:
        return "creates vessels or boxes, which every regime must share (common random numbers)";
    default: return NULL;
    }
}

static int find_row(const cs_port_field *f, size_t n, const char *key, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(f[i].key) == len && memcmp(f[i].key, key, len) == 0) return (int)i;
    return -1;
}

/* The row a dotted key names (*row), and the struct its offset is
 * relative to (*base): groups and pools are walked down from the
 * scenario.  CS_ERR_INPUT at node at when the key names no input an
 * overlay may set. */
static cs_status locate(const cs_yaml_ctx *c, struct fy_node *at, const char *key, const char *label,
                        cs_port_scenario *q, const cs_port_field **row, void **base)
{
    const cs_port_field *f = cs_port_top_fields;
    size_t n = PT_COUNT;
    char *b = (char *)q;
    const char *rest = key;
    for (int depth = 0;; depth++) {
        const char *dot = strchr(rest, '.');
        const size_t len = dot ? (size_t)(dot - rest) : strlen(rest);
        const int i = find_row(f, n, rest, len);
        if (i < 0 || len == 0)
            return cs_yaml_error(c, at, "%s.%s: not an input of the scenario (docs/scenarios.md)", label, key);
        const char *why = depth == 0 ? refusal(i) : NULL;
        if (why) return cs_yaml_error(c, at, "%s.%s: a regime cannot set %.*s: it %s", label, key, (int)len, rest, why);
        if (!dot) {
            *row = &f[i];
            *base = b;
            return CS_OK;
        }
        rest = dot + 1;
        switch (f[i].type) {
        case PF_GROUP: b += f[i].offset, n = f[i].nsub, f = f[i].sub; break;
        case PF_POOL: b += f[i].offset, n = 3, f = cs_port_pool_fields; break;
        case PF_BERTHS: b += f[i].offset, n = 2, f = cs_port_berth_fields; break;
        default:
            return cs_yaml_error(c, at, "%s.%s: %.*s is one value: set it whole (a distribution as {dist: ...})",
                                 label, key, (int)(dot - key), key);
        }
    }
}

/* The checks that relate values of the inputs, run on the copy (a value
 * an overlay sets may break one), reported at the overlay. */
static cs_status recheck(const cs_yaml_ctx *c, struct fy_node *n, const char *label, cs_port_scenario *q)
{
    struct fy_node *v[CS_PF_MAX_FIELDS];
    for (int i = 0; i < CS_PF_MAX_FIELDS; i++) v[i] = n;
    char path[340]; /* the overlay's label (< 300) and a group's path */
    cs_status st = CS_OK;
    for (int k = 0; k < CS_CREDIT_N && !st; k++) {
        snprintf(path, sizeof path, "%s.customs.channels.%s", label, cs_credit_name((cs_credit)k));
        st = cs_pf_check_channels(c, n, v, q, path, k);
    }
    if (!st) {
        snprintf(path, sizeof path, "%s.terminal.exports", label);
        st = cs_pf_check_exports(c, n, v, q, path, 0);
    }
    if (!st) {
        snprintf(path, sizeof path, "%s.customs.exam", label);
        st = cs_pf_check_exam(c, n, v, q, path, 0);
    }
    return st;
}

static cs_status read_pair(const cs_yaml_ctx *c, struct fy_node_pair *pair, const char *label, cs_port_scenario *q)
{
    struct fy_node *key = fy_node_pair_key(pair), *value = fy_node_pair_value(pair);
    const char *k;
    size_t len;
    cs_status st = cs_yaml_get_string(c, key, label, &k, &len);
    if (st) return st;
    char name[256];
    snprintf(name, sizeof name, "%.*s", (int)len, k);
    void *base = NULL;
    const cs_port_field *row = NULL;
    if ((st = locate(c, key, name, label, q, &row, &base)) != CS_OK) return st;
    /* the row's label is its whole path: the overlay's, then the key */
    char path[600]; /* the overlay's label (< 300) and a key (< 256) */
    const char *dot = strrchr(name, '.');
    if (dot) snprintf(path, sizeof path, "%s.%.*s", label, (int)(dot - name), name);
    else snprintf(path, sizeof path, "%s", label);
    if (!value) return cs_yaml_error(c, key, "%s.%s: no value", label, name);
    return cs_pf_read_field(c, row, value, path, base);
}

static cs_status read_into(const cs_yaml_ctx *c, struct fy_node *map, const char *label, cs_port_scenario *q)
{
    void *it = NULL;
    struct fy_node_pair *pair;
    cs_status st = CS_OK;
    while (cs_yaml_go_on(c, st) && (pair = fy_node_mapping_iterate(map, &it)))
        st = cs_yaml_first(st, read_pair(c, pair, label, q));
    return st ? st : recheck(c, map, label, q);
}

cs_status cs_pf_read_overlay(const cs_yaml_ctx *c, struct fy_node *n, const char *label, const cs_port_scenario *p,
                             cs_regime_spec *r)
{
    char path[300], desc[64];
    snprintf(path, sizeof path, "%s.inputs", label);
    struct fy_node *map = cs_yaml_deref(n);
    if (!map || !fy_node_is_mapping(map)) {
        cs_yaml_describe(n, desc, sizeof desc);
        return cs_yaml_error(c, n, "%s: expected a mapping of input keys (dotted paths such as "
                             "traders.import_trader_lag) to values, got %s", path, desc);
    }
    cs_port_scenario *q = malloc(sizeof *q);
    if (!q) return cs_yaml_nomem(c);
    if (cs_port_copy_inputs(q, p) != CS_OK) {
        free(q);
        return cs_yaml_nomem(c);
    }
    const cs_status st = read_into(c, map, path, q);
    if (st) {
        cs_port_scenario_free(q);
        free(q);
        return st;
    }
    cs_port_set_green(q);
    r->inputs = q;
    return CS_OK;
}
