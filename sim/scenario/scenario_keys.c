/*
 * scenario_keys.c - which dotted paths name a documented key.
 *
 * The port format is the tables of port_fields.c, so the schema is read
 * from them rather than written a second time: a row's type says what is
 * below it (a group's rows, a pool's rows, a scalar).  The few keys read by
 * hand (services, regimes, disruptions) are named here, as are the queue
 * format's keys.  A key "exists" for a sweep or override when the document
 * holds it, or when it is a row with a default that can be added; this file
 * answers the second half, override.c the first.
 */
#include <string.h>
#include "scenario/override.h"

/* The queue format as rows: only key names and the leaf/distribution split
 * matter here (scenario.c reads it). */
static const cs_port_field QUEUE_ROWS[] = {
    {.key = "kind", .type = PF_OTHER, .required = true},
    {.key = "name", .type = PF_OTHER, .required = true},
    {.key = "servers", .type = PF_COUNT, .required = true},
    {.key = "arrival", .type = PF_TIME_DIST, .required = true},
    {.key = "service", .type = PF_TIME_DIST, .required = true},
    {.key = "customers", .type = PF_OTHER, .required = true},
    {.key = "warmup", .type = PF_OTHER},
    {.key = "replications", .type = PF_OTHER},
    {.key = "seed", .type = PF_OTHER},
};

static cs_key_ctx ctx_of(cs_key_kind kind, const cs_port_field *f, size_t n, bool queue)
{
    return (cs_key_ctx){kind, f, n, queue, false, NULL};
}

cs_key_ctx cs_key_root(cs_scenario_kind kind)
{
    if (kind == CS_SCENARIO_QUEUE)
        return ctx_of(CS_KEY_TABLE, QUEUE_ROWS, sizeof QUEUE_ROWS / sizeof QUEUE_ROWS[0], true);
    return ctx_of(CS_KEY_TABLE, cs_port_top_fields, PT_COUNT, false);
}

static const cs_port_field *find_row(cs_key_ctx ctx, const char *key, size_t len)
{
    for (size_t i = 0; i < ctx.n; i++)
        if (strlen(ctx.f[i].key) == len && memcmp(ctx.f[i].key, key, len) == 0)
            return &ctx.f[i];
    return NULL;
}

static cs_key_ctx row_ctx_of(cs_key_ctx parent, const cs_port_field *row);

static cs_key_ctx row_ctx(cs_key_ctx parent, const cs_port_field *row)
{
    cs_key_ctx ctx = row_ctx_of(parent, row);
    ctx.row = row;
    return ctx;
}

static cs_key_ctx row_ctx_of(cs_key_ctx parent, const cs_port_field *row)
{
    const bool q = parent.queue;
    switch (row->type) {
    case PF_GROUP: return ctx_of(CS_KEY_TABLE, row->sub, row->nsub, q);
    case PF_POOL: return ctx_of(CS_KEY_TABLE, cs_port_pool_fields, 3, q);
    case PF_BERTHS: return ctx_of(CS_KEY_TABLE, cs_port_berth_fields, 2, q);
    case PF_TIME_DIST: case PF_TIME_DIST_OPT: case PF_COUNT_DIST:
        return ctx_of(q ? CS_KEY_ANY : CS_KEY_OPAQUE, NULL, 0, q);
    case PF_CALENDAR: case PF_CREDITS: return ctx_of(CS_KEY_OPAQUE, NULL, 0, q);
    case PF_OTHER:
        if (parent.f == cs_port_top_fields && row == &cs_port_top_fields[PT_SERVICES])
            return ctx_of(CS_KEY_LIST, cs_port_service_fields, PS_COUNT, q);
        if (parent.f == cs_port_top_fields && row == &cs_port_top_fields[PT_REGIMES])
            return ctx_of(CS_KEY_REGIMES, cs_port_regime_fields, PR_COUNT, q);
        if (parent.f == cs_port_regime_fields && row == &cs_port_regime_fields[PR_DISRUPTIONS])
            return ctx_of(CS_KEY_LIST, cs_port_disruption_fields, PD_COUNT, q);
        /* a regime's overlay holds the scenario's own keys (the loader
         * refuses those no regime may set, saying why) */
        if (parent.f == cs_port_regime_fields && row == &cs_port_regime_fields[PR_INPUTS]) {
            cs_key_ctx overlay = ctx_of(CS_KEY_TABLE, cs_port_top_fields, PT_COUNT, q);
            overlay.overlay = true;
            return overlay;
        }
        return ctx_of(CS_KEY_LEAF, NULL, 0, q);
    default: return ctx_of(CS_KEY_LEAF, NULL, 0, q);
    }
}

static cs_key_ctx child_of(cs_key_ctx ctx, const char *key, size_t len);

cs_key_ctx cs_key_child(cs_key_ctx ctx, const char *key, size_t len)
{
    cs_key_ctx child = child_of(ctx, key, len);
    child.overlay = child.overlay || ctx.overlay;
    return child;
}

static cs_key_ctx child_of(cs_key_ctx ctx, const char *key, size_t len)
{
    /* a dotted key (an overlay's `traders.import_trader_lag`) is its
     * segments in turn */
    const char *dot = ctx.kind == CS_KEY_TABLE ? memchr(key, '.', len) : NULL;
    if (dot) {
        const size_t first = (size_t)(dot - key);
        return cs_key_child(cs_key_child(ctx, key, first), dot + 1, len - first - 1);
    }
    const cs_port_field *row;
    switch (ctx.kind) {
    case CS_KEY_TABLE:
        row = find_row(ctx, key, len);
        return row ? row_ctx(ctx, row) : ctx_of(CS_KEY_NONE, NULL, 0, ctx.queue);
    case CS_KEY_REGIMES: return ctx_of(CS_KEY_TABLE, ctx.f, ctx.n, ctx.queue);
    case CS_KEY_ANY: return ctx_of(CS_KEY_LEAF, NULL, 0, ctx.queue);
    case CS_KEY_OPAQUE: return ctx;
    default: return ctx_of(CS_KEY_NONE, NULL, 0, ctx.queue);
    }
}

cs_key_ctx cs_key_item(cs_key_ctx ctx)
{
    if (ctx.kind == CS_KEY_LIST) {
        cs_key_ctx item = ctx_of(CS_KEY_TABLE, ctx.f, ctx.n, ctx.queue);
        item.overlay = ctx.overlay;
        return item;
    }
    if (ctx.kind == CS_KEY_OPAQUE) return ctx;
    return ctx_of(CS_KEY_NONE, NULL, 0, ctx.queue);
}

bool cs_key_creatable(cs_key_ctx ctx, const char *key, size_t len)
{
    if (ctx.kind == CS_KEY_ANY) return true;
    if (ctx.kind != CS_KEY_TABLE) return false;
    const cs_port_field *row = find_row(ctx, key, len);
    return row && (!row->required || ctx.overlay);
}

bool cs_key_default_number(cs_key_ctx ctx, const char *key, size_t len, double *x)
{
    if (ctx.kind != CS_KEY_TABLE || ctx.queue) return false; /* the queue rows hold no defaults */
    const cs_port_field *row = find_row(ctx, key, len);
    if (!row || row->required) return false;
    const bool pool = ctx.f == cs_port_pool_fields || ctx.f == cs_port_berth_fields;
    switch (row->type) {
    case PF_COUNT:
        if (pool) { /* its default is the pool's row's */
            if (!ctx.row || (ctx.row->type != PF_POOL && ctx.row->type != PF_BERTHS)) return false;
            *x = ctx.row->def.x;
            return true;
        }
        *x = row->def.x;
        return true;
    case PF_HOURS: case PF_HOURS_POS: case PF_HOUR_OF_DAY: case PF_SHARE: case PF_NONNEG:
    case PF_POSITIVE: case PF_COUNT0:
        *x = row->def.x;
        return true;
    default: return false;
    }
}

/* ---- path syntax ------------------------------------------------------ */

static bool key_char(char ch)
{
    return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
           ch == '_' || ch == '-';
}

size_t cs_path_key_len(const char *rest)
{
    size_t n = 0;
    while (rest[n] && rest[n] != '.' && rest[n] != '[') n++;
    return n;
}

bool cs_path_index(const char **rest, long *index)
{
    const char *p = *rest;
    if (*p != '[' || p[1] < '0' || p[1] > '9') return false;
    long v = 0;
    for (p++; *p >= '0' && *p <= '9'; p++) {
        if (v > 100000000L) return false; /* no list is that long */
        v = v * 10 + (*p - '0');
    }
    if (*p != ']') return false;
    *rest = p + 1;
    *index = v;
    return true;
}

bool cs_path_syntax_ok(const char *path)
{
    const char *p = path;
    for (;;) {
        const size_t n = cs_path_key_len(p);
        if (n == 0) return false;
        for (size_t i = 0; i < n; i++)
            if (!key_char(p[i])) return false;
        p += n;
        long index;
        while (*p == '[')
            if (!cs_path_index(&p, &index)) return false;
        if (*p == '\0') return true;
        if (*p != '.') return false;
        p++;
    }
}

/* ---- known keys, whatever the document holds -------------------------- */

static bool known_from(cs_key_ctx ctx, const char *rest)
{
    while (*rest) {
        if (*rest == '[') {
            long index;
            if (!cs_path_index(&rest, &index)) return false;
            ctx = cs_key_item(ctx);
            if (ctx.kind != CS_KEY_TABLE) return false; /* no table below: not known */
            continue;
        }
        if (*rest == '.') rest++;
        if (ctx.kind == CS_KEY_REGIMES) { /* a regime name may hold dots: try each split */
            for (const char *end = rest; *end && *end != '['; end++)
                if ((end[1] == '.' || end[1] == '[' || end[1] == '\0') &&
                    known_from(cs_key_child(ctx, rest, (size_t)(end + 1 - rest)), end + 1))
                    return true;
            return false;
        }
        const size_t n = cs_path_key_len(rest);
        if (ctx.kind != CS_KEY_TABLE && ctx.kind != CS_KEY_ANY) return false;
        ctx = cs_key_child(ctx, rest, n);
        if (ctx.kind == CS_KEY_NONE) return false;
        rest += n;
    }
    return true;
}

bool cs_port_key_known(const char *dotted)
{
    return cs_path_syntax_ok(dotted) && known_from(cs_key_root(CS_SCENARIO_PORT), dotted);
}

bool cs_queue_key_known(const char *dotted)
{
    return cs_path_syntax_ok(dotted) && known_from(cs_key_root(CS_SCENARIO_QUEUE), dotted);
}
