/*
 * port_lists.c - the parts of a port scenario that are lists: capacity
 * calendars, services, the regimes mapping with its disruption windows,
 * and the names that refer across them (transit_to, baseline).
 *
 * Each list item starts from its table's defaults and is counted in its
 * parent (nservices, nregimes, ndisruptions) before it is read, so that a
 * failure half-way through an item still leaves every owned distribution
 * reachable by cs_port_scenario_free.  References are resolved after the
 * whole list is read (a service may transit to one defined below it).
 * Every error is at the offending node: the item, its key, or the name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "scenario/port_yaml.h"

static size_t item_count(struct fy_node *seq)
{
    const int n = fy_node_sequence_item_count(seq);
    return n > 0 ? (size_t)n : 0;
}

static cs_status not_a_list(const cs_yaml_ctx *c, struct fy_node *n, const char *label,
                            const char *what)
{
    char desc[64];
    cs_yaml_describe(n, desc, sizeof desc);
    return cs_yaml_error(c, n, "%s: expected a list of %s, got %s", label, what, desc);
}

/* ---- calendars -------------------------------------------------------- */

static cs_status read_change(const cs_yaml_ctx *c, struct fy_node *item, const char *label,
                             const cs_calendar_spec *cal, cs_capacity_change *ch)
{
    struct fy_node *v[CS_PF_MAX_FIELDS];
    char desc[64];
    cs_status st = cs_pf_read(c, item, label, cs_port_change_fields, PCH_N, ch, v);
    if (st) return st;
    cs_yaml_describe(v[PCH_AT], desc, sizeof desc);
    if (cal->n > 0 && !(ch->at > cal->changes[cal->n - 1].at))
        return cs_yaml_error(c, v[PCH_AT], "%s.at: must be > the previous change's at "
                             "(%g h), got %s", label, cal->changes[cal->n - 1].at, desc);
    if (cal->period > 0.0 && !(ch->at < cal->period))
        return cs_yaml_error(c, v[PCH_AT], "%s.at: must be < the calendar's period (%g h), "
                             "got %s", label, cal->period, desc);
    return CS_OK;
}

cs_status cs_pf_read_calendar(const cs_yaml_ctx *c, struct fy_node *n, const char *path,
                              cs_calendar_spec *cal)
{
    cs_calendar_spec tmp;
    memset(&tmp, 0, sizeof tmp);
    cs_pf_apply_defaults(cs_port_calendar_fields, PC_COUNT, &tmp);
    struct fy_node *v[CS_PF_MAX_FIELDS], *item;
    char label[256];
    cs_status st = cs_pf_read(c, n, path, cs_port_calendar_fields, PC_COUNT, &tmp, v);
    if (st) return st;
    struct fy_node *seq = cs_yaml_deref(v[PC_CHANGES]);
    cs_pf_join(label, sizeof label, path, "changes");
    if (!seq || !fy_node_is_sequence(seq))
        return not_a_list(c, v[PC_CHANGES], label, "capacity changes {at, count}");
    if (item_count(seq) == 0)
        return cs_yaml_error(c, v[PC_CHANGES], "%s: at least one change is required", label);
    void *it = NULL;
    while (cs_yaml_go_on(c, st) && (item = fy_node_sequence_iterate(seq, &it))) {
        if (tmp.n == CS_PORT_MAX_CHANGES)
            return cs_yaml_error(c, item, "%s: at most %d changes", label, CS_PORT_MAX_CHANGES);
        char ilabel[272];
        snprintf(ilabel, sizeof ilabel, "%s[%u]", label, (unsigned)tmp.n);
        st = cs_yaml_first(st, read_change(c, item, ilabel, &tmp, &tmp.changes[tmp.n]));
        tmp.n++;
    }
    if (st) return st;
    *cal = tmp;
    return CS_OK;
}

/* ---- services --------------------------------------------------------- */

static int find_service(const cs_port_scenario *p, const char *s, size_t len)
{
    for (uint32_t i = 0; i < p->nservices; i++)
        if (strlen(p->services[i].name) == len && memcmp(p->services[i].name, s, len) == 0)
            return (int)i;
    return -1;
}

static cs_status read_service(const cs_yaml_ctx *c, struct fy_node *item, cs_port_scenario *p,
                              struct fy_node **transit_to)
{
    const uint32_t i = p->nservices;
    cs_service_spec *sv = &p->services[i];
    struct fy_node *v[CS_PF_MAX_FIELDS];
    char label[64];
    snprintf(label, sizeof label, "services[%u]", (unsigned)i);
    cs_port_service_defaults(sv);
    p->nservices++;
    cs_status st = cs_pf_read(c, item, label, cs_port_service_fields, PS_COUNT, sv, v);
    if (st) return st;
    p->nservices--; /* look for the name among the earlier ones */
    const int twin = find_service(p, sv->name, strlen(sv->name));
    p->nservices++;
    if (twin >= 0)
        return cs_yaml_error(c, v[PS_NAME], "%s.name: duplicate service name '%s' (also "
                             "services[%d])", label, sv->name, twin);
    *transit_to = v[PS_TRANSIT_TO];
    return CS_OK;
}

static cs_status resolve_transit(const cs_yaml_ctx *c, struct fy_node *item,
                                 struct fy_node *to, uint32_t i, cs_port_scenario *p)
{
    cs_service_spec *sv = &p->services[i];
    const char *s;
    size_t len;
    char desc[64];
    if (!to) {
        if (sv->transit_share > 0.0)
            return cs_yaml_error(c, item, "services[%u]: transit_to is required when "
                                 "transit_share > 0", (unsigned)i);
        return CS_OK;
    }
    char label[64];
    snprintf(label, sizeof label, "services[%u].transit_to", (unsigned)i);
    cs_status st = cs_yaml_get_string(c, to, label, &s, &len);
    if (st) return st;
    const int k = find_service(p, s, len);
    cs_yaml_describe(to, desc, sizeof desc);
    if (k < 0) return cs_yaml_error(c, to, "%s: no service named %s", label, desc);
    if ((uint32_t)k == i)
        return cs_yaml_error(c, to, "%s: a service cannot transit to itself (%s)", label, desc);
    sv->transit_to = k;
    return CS_OK;
}

/* Expected boxes over the horizon, reported at the service that passes the bound. */
static cs_status check_box_count(const cs_yaml_ctx *c, struct fy_node *const *items,
                                 double horizon, const cs_port_scenario *p)
{
    double total = 0.0;
    for (uint32_t i = 0; i < p->nservices; i++) {
        const cs_service_spec *sv = &p->services[i];
        total += (cs_dist_mean(&sv->imports) + cs_dist_mean(&sv->exports)) * horizon / sv->period;
        if (!(total <= CS_PORT_MAX_BOXES))
            return cs_yaml_error(c, items[i], "services[%u]: with service '%s' about %.3g "
                                 "boxes call in the horizon of %g h, more than 10^9 (check "
                                 "imports, exports and period)", (unsigned)i, sv->name, total,
                                 horizon);
    }
    return CS_OK;
}

cs_status cs_pf_read_services(const cs_yaml_ctx *c, struct fy_node *n, double horizon,
                              cs_port_scenario *p)
{
    struct fy_node *seq = cs_yaml_deref(n), *item;
    struct fy_node *items[CS_PORT_MAX_SERVICES], *to[CS_PORT_MAX_SERVICES];
    if (!seq || !fy_node_is_sequence(seq)) return not_a_list(c, n, "services", "services");
    if (item_count(seq) == 0)
        return cs_yaml_error(c, n, "services: at least one service is required");
    const size_t room = item_count(seq) < CS_PORT_MAX_SERVICES ? item_count(seq) : CS_PORT_MAX_SERVICES;
    if (!(p->services = calloc(room, sizeof *p->services))) return cs_yaml_nomem(c);
    void *it = NULL;
    cs_status st = CS_OK;
    while (cs_yaml_go_on(c, st) && (item = fy_node_sequence_iterate(seq, &it))) {
        if (p->nservices == CS_PORT_MAX_SERVICES)
            return cs_yaml_error(c, item, "services: at most %d services", CS_PORT_MAX_SERVICES);
        items[p->nservices] = item;
        st = cs_yaml_first(st, read_service(c, item, p, &to[p->nservices]));
    }
    /* names and counts are trusted only when every service was read */
    for (uint32_t i = 0; i < p->nservices && !st; i++)
        st = resolve_transit(c, items[i], to[i], i, p);
    if (!st) st = check_box_count(c, items, horizon, p);
    return st;
}

/* ---- regimes ---------------------------------------------------------- */

static cs_status read_disruptions(const cs_yaml_ctx *c, struct fy_node *n, const char *path,
                                  cs_regime_spec *r)
{
    struct fy_node *seq = cs_yaml_deref(n), *item;
    char label[256], ilabel[272], desc[64];
    cs_pf_join(label, sizeof label, path, "disruptions");
    if (!seq || !fy_node_is_sequence(seq))
        return not_a_list(c, n, label, "disruption windows {from, to, ...}");
    void *it = NULL;
    cs_status first = CS_OK;
    while (cs_yaml_go_on(c, first) && (item = fy_node_sequence_iterate(seq, &it))) {
        if (r->ndisruptions == CS_PORT_MAX_DISRUPTIONS)
            return cs_yaml_error(c, item, "%s: at most %d disruption windows", label,
                                 CS_PORT_MAX_DISRUPTIONS);
        cs_disruption_spec *d = &r->disruptions[r->ndisruptions];
        snprintf(ilabel, sizeof ilabel, "%s[%u]", label, (unsigned)r->ndisruptions);
        cs_port_disruption_defaults(d);
        r->ndisruptions++;
        struct fy_node *v[CS_PF_MAX_FIELDS];
        cs_status st = cs_pf_read(c, item, ilabel, cs_port_disruption_fields, PD_COUNT, d, v);
        if (!st && !(d->to > d->from)) {
            cs_yaml_describe(v[PD_TO], desc, sizeof desc);
            st = cs_yaml_error(c, v[PD_TO], "%s.to: must be > from (%g h), got %s", ilabel, d->from, desc);
        }
        first = cs_yaml_first(first, st);
    }
    return first;
}

static bool empty_value(struct fy_node *n)
{
    n = cs_yaml_deref(n);
    return !n || (fy_node_is_scalar(n) && fy_node_get_style(n) == FYNS_PLAIN &&
                  fy_node_get_scalar_length(n) == 0);
}

/* A regime adopts by per-measure shares or by a mix, never both. */
static cs_status check_one_adoption_form(const cs_yaml_ctx *c, struct fy_node *const *v, const char *label,
                                         cs_regime_spec *r)
{
    static const int measures[] = { PR_ADVANCE, PR_TWO_STEP, PR_SHIP_SIDE, PR_DIRECT_LOADING, PR_EXPORT_ADVANCE,
                                    PR_ELIGIBLE };
    for (size_t i = 0; i < sizeof measures / sizeof measures[0]; i++)
        if (v[measures[i]])
            return cs_yaml_error(c, v[measures[i]], "%s.%s: a regime adopts either by per-measure shares "
                                 "(advance_declaration, two_step, ship_side, direct_loading, export_advance, "
                                 "eligible) or by a mix (adoption), not both",
                                 label, cs_port_regime_fields[measures[i]].key);
    r->mix.given = true;
    return CS_OK;
}

static int find_regime(const cs_port_scenario *p, const char *s, size_t len)
{
    for (uint32_t i = 0; i < p->nregimes; i++)
        if (strlen(p->regimes[i].name) == len && memcmp(p->regimes[i].name, s, len) == 0)
            return (int)i;
    return -1;
}

static cs_status read_regime(const cs_yaml_ctx *c, struct fy_node_pair *pair,
                             cs_port_scenario *p)
{
    struct fy_node *key = fy_node_pair_key(pair), *value = fy_node_pair_value(pair);
    cs_regime_spec *r = &p->regimes[p->nregimes];
    cs_port_regime_defaults(r);
    p->nregimes++;
    cs_status st = cs_yaml_get_name(c, key, "regime name", CS_PORT_NAME_MAX - 1,
                                    r->name);
    if (st) return st;
    p->nregimes--;
    const int twin = find_regime(p, r->name, strlen(r->name));
    p->nregimes++;
    if (twin >= 0) return cs_yaml_error(c, key, "regimes: duplicate regime '%s'", r->name);
    if (empty_value(value)) return CS_OK; /* `name:` alone: all defaults */
    char label[256];
    struct fy_node *v[CS_PF_MAX_FIELDS];
    snprintf(label, sizeof label, "regimes.%s", r->name);
    st = cs_pf_read(c, value, label, cs_port_regime_fields, PR_COUNT, r, v);
    if (st && !fy_node_is_mapping(cs_yaml_deref(value))) return st;
    if (cs_yaml_go_on(c, st) && v[PR_ADOPTION]) st = cs_yaml_first(st, check_one_adoption_form(c, v, label, r));
    if (cs_yaml_go_on(c, st) && v[PR_DISRUPTIONS])
        st = cs_yaml_first(st, read_disruptions(c, v[PR_DISRUPTIONS], label, r));
    if (cs_yaml_go_on(c, st) && v[PR_INPUTS]) st = cs_yaml_first(st, cs_pf_read_overlay(c, v[PR_INPUTS], label, p, r));
    return st;
}

static cs_status read_baseline(const cs_yaml_ctx *c, struct fy_node *n, cs_port_scenario *p)
{
    const char *s;
    size_t len;
    char desc[64], list[CS_PORT_MAX_REGIMES * (CS_PORT_NAME_MAX + 2)];
    p->baseline = 0;
    if (!n) return CS_OK;
    cs_status st = cs_yaml_get_string(c, n, "baseline", &s, &len);
    if (st) return st;
    const int k = find_regime(p, s, len);
    if (k >= 0) {
        p->baseline = (uint32_t)k;
        return CS_OK;
    }
    size_t o = 0;
    list[0] = '\0';
    for (uint32_t i = 0; i < p->nregimes; i++)
        o += (size_t)snprintf(list + o, sizeof list - o, "%s%s", i ? ", " : "",
                              p->regimes[i].name);
    cs_yaml_describe(n, desc, sizeof desc);
    return cs_yaml_error(c, n, "baseline: no regime named %s (regimes: %s)", desc, list);
}

cs_status cs_pf_read_regimes(const cs_yaml_ctx *c, struct fy_node *n, struct fy_node *baseline,
                             cs_port_scenario *p)
{
    struct fy_node *m = cs_yaml_deref(n);
    char desc[64];
    if (!m || !fy_node_is_mapping(m)) {
        cs_yaml_describe(n, desc, sizeof desc);
        return cs_yaml_error(c, n, "regimes: expected a mapping from regime names to their "
                             "definitions, got %s", desc);
    }
    if (fy_node_mapping_item_count(m) <= 0)
        return cs_yaml_error(c, n, "regimes: at least one regime is required");
    const int count = fy_node_mapping_item_count(m);
    const size_t room = count < CS_PORT_MAX_REGIMES ? (size_t)count : CS_PORT_MAX_REGIMES;
    if (!(p->regimes = calloc(room, sizeof *p->regimes))) return cs_yaml_nomem(c);
    void *it = NULL;
    struct fy_node_pair *pair;
    cs_status st = CS_OK;
    while (cs_yaml_go_on(c, st) && (pair = fy_node_mapping_iterate(m, &it))) {
        if (p->nregimes == CS_PORT_MAX_REGIMES)
            return cs_yaml_error(c, fy_node_pair_key(pair), "regimes: at most %d regimes",
                                 CS_PORT_MAX_REGIMES);
        st = cs_yaml_first(st, read_regime(c, pair, p));
    }
    return cs_yaml_go_on(c, st) ? cs_yaml_first(st, read_baseline(c, baseline, p)) : st;
}
