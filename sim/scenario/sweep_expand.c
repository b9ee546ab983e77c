/*
 * sweep_expand.c - a checked sweep file into its points: the values of
 * ranges, the design (grid, zip, Latin hypercube), and every point loaded
 * as a full scenario before anything runs.
 *
 * Generated numbers are rounded to 15 significant digits and written with
 * "%.15g": a step of 0.01 then gives 0.02, not 0.020000000000000004, and
 * the text is also the shortest one that reads back as the same double
 * (any 15-digit decimal does), so the value the scenario loader reads and
 * the number kept for /points agree.  The first value of a range is `from`
 * and the last `to`, exactly (in the shortest text that reads back as
 * them).  The hypercube draws from clearsim's own
 * PCG32 streams, one per parameter (source 1000 + k), so a file always
 * gives the same points on every machine.  A point's error is placed at
 * the parameter whose value the loader refused: override.c marks the nodes
 * it puts into the document with the override's index.
 */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "clearsim/rng.h"
#include "scenario/sweep_internal.h"

/* ---- values ----------------------------------------------------------- */

static void format_number(double v, char *buf, size_t size)
{
    snprintf(buf, size, "%.15g", v + 0.0); /* + 0.0: no "-0" */
}

/* The shortest of %.15g, %.16g, %.17g that reads back as v: `from` and
 * `to` as typed, however many digits they were given with. */
static void format_exact(double v, char *buf, size_t size)
{
    static const char *const fmt[] = {"%.15g", "%.16g", "%.17g"};
    for (int i = 0; i < 3; i++) {
        snprintf(buf, size, fmt[i], v + 0.0);
        if (strtod(buf, NULL) == v) return;
    }
}

cs_status sw_range_values(const cs_yaml_ctx *c, sw_param *p)
{
    const uint32_t n = p->nvalues;
    assert(n >= 1 && !p->text && (n > 1 || p->from == p->to));
    p->text = malloc((size_t)n * sizeof *p->text);
    if (!p->text) return cs_yaml_nomem(c);
    const double la = p->log ? cs_log(p->from) : 0.0, lb = p->log ? cs_log(p->to) : 0.0;
    for (uint32_t i = 0; i < n; i++) {
        if (i == 0 || i + 1 == n) {
            format_exact(i == 0 ? p->from : p->to, p->text[i], sizeof p->text[i]);
            continue;
        }
        const double v = p->log ? cs_exp(la + (double)i * (lb - la) / (double)(n - 1))
                                : p->from + (double)i * (p->to - p->from) / (double)(n - 1);
        format_number(v, p->text[i], sizeof p->text[i]);
    }
    return CS_OK;
}

/* The number a value stands for: durations in hours, true/false 1/0. */
static double numeric_of(const char *t)
{
    static const char *const yes[] = {"true", "True", "TRUE"};
    static const char *const no[] = {"false", "False", "FALSE"};
    double v;
    bool finite;
    if (cs_yaml_duration_text(t, &v, &finite)) return finite ? v + 0.0 : NAN;
    for (int i = 0; i < 3; i++) {
        if (strcmp(t, yes[i]) == 0) return 1.0;
        if (strcmp(t, no[i]) == 0) return 0.0;
    }
    return NAN;
}

/* ---- Latin hypercube -------------------------------------------------- */

/* Uniform integer in [0, bound) without modulo bias (O'Neill's
 * pcg32_boundedrand: reject the first 2^32 mod bound outputs). */
static uint32_t bounded(cs_pcg32 *g, uint32_t bound)
{
    assert(bound > 0);
    const uint32_t threshold = (uint32_t)(-bound) % bound;
    for (;;) {
        const uint32_t r = cs_pcg32_next(g);
        if (r >= threshold) return r % bound;
    }
}

/* frac[i] = (perm[i] + u_i) / n for parameter k: the stream first shuffles
 * (Fisher-Yates, from the top), then draws u_0 .. u_{n-1} in point order. */
static void lhs_fractions(uint64_t seed, uint32_t k, uint32_t n, uint32_t *perm, double *frac)
{
    cs_pcg32 g = cs_rng_stream(seed, 0, 1000 + (uint64_t)k, 0);
    for (uint32_t i = 0; i < n; i++) perm[i] = i;
    for (uint32_t i = n - 1; i > 0; i--) {
        const uint32_t j = bounded(&g, i + 1), t = perm[i];
        perm[i] = perm[j], perm[j] = t;
    }
    for (uint32_t i = 0; i < n; i++) frac[i] = ((double)perm[i] + cs_rng_unit(&g)) / (double)n;
}

/* ---- expansion -------------------------------------------------------- */

typedef struct plan {
    const sw_load *L;
    uint32_t npoints;
    uint64_t stride[CS_SWEEP_MAX_PARAMS]; /* grid: index step of each parameter */
    double *frac;                         /* lhs: [k * npoints + point] */
} plan;

/* The text of parameter k at point p into buf (CS_SWEEP_VALUE_MAX). */
static void entry_text(const plan *pl, uint32_t p, uint32_t k, char *buf)
{
    const sw_param *q = &pl->L->params[k];
    uint32_t i = p;
    if (pl->L->design == SW_GRID) i = (uint32_t)((p / pl->stride[k]) % q->nvalues);
    if (pl->L->design == SW_LHS) {
        const double t = pl->frac[(size_t)k * pl->npoints + p];
        if (q->is_range) {
            const double la = q->log ? cs_log(q->from) : 0.0, lb = q->log ? cs_log(q->to) : 0.0;
            const double v = q->log ? cs_exp(la + t * (lb - la)) : q->from + t * (q->to - q->from);
            format_number(v, buf, CS_SWEEP_VALUE_MAX);
            return;
        }
        i = (uint32_t)floor(t * q->nvalues);
        if (i >= q->nvalues) i = q->nvalues - 1;
    }
    memcpy(buf, q->text[i], CS_SWEEP_VALUE_MAX);
}

static cs_status count_points(sw_load *L, plan *pl)
{
    char counts[CS_SWEEP_MAX_PARAMS * 12] = "";
    size_t o = 0;
    for (uint32_t k = 0; k < L->nparams; k++)
        o += (size_t)snprintf(counts + o, sizeof counts - o, "%s%u",
                              k ? (L->design == SW_ZIP ? ", " : " x ") : "",
                              (unsigned)L->params[k].nvalues);
    if (L->design == SW_LHS) {
        pl->npoints = L->lhs_points;
        return CS_OK;
    }
    if (L->design == SW_ZIP) {
        for (uint32_t k = 1; k < L->nparams; k++)
            if (L->params[k].nvalues != L->params[0].nvalues)
                return cs_yaml_error(&L->c, L->params_key, "parameters: design zip needs the "
                                     "same number of values for every parameter, got %s",
                                     counts);
        pl->npoints = L->params[0].nvalues;
        return CS_OK;
    }
    double total = 1.0;
    for (uint32_t k = L->nparams; k-- > 0;) {
        pl->stride[k] = (uint64_t)total;
        total *= L->params[k].nvalues;
        if (total > SW_MAX_POINTS) break;
    }
    if (total > SW_MAX_POINTS) {
        total = 1.0;
        for (uint32_t k = 0; k < L->nparams; k++) total *= L->params[k].nvalues;
        return cs_yaml_error(&L->c, L->params_key, "parameters: the grid has %.0f points (%s), "
                             "more than %u", total, counts, SW_MAX_POINTS);
    }
    pl->npoints = (uint32_t)total;
    return CS_OK;
}

cs_status sw_expand(sw_load *L, cs_sweep *s)
{
    plan pl = {.L = L};
    const uint32_t np = L->nparams;
    assert(np >= 1 && np <= CS_SWEEP_MAX_PARAMS);
    cs_status st = count_points(L, &pl);
    if (st) return st;
    const size_t n = (size_t)pl.npoints * np;
    uint32_t *perm = NULL;
    s->params = calloc(np, sizeof *s->params);
    s->values = calloc(n, sizeof *s->values);
    s->numeric = malloc(n * sizeof *s->numeric);
    if (L->design == SW_LHS) {
        pl.frac = malloc(n * sizeof *pl.frac);
        perm = malloc((size_t)pl.npoints * sizeof *perm);
    }
    if (!s->params || !s->values || !s->numeric || (L->design == SW_LHS && (!pl.frac || !perm))) {
        free(pl.frac);
        free(perm);
        return cs_yaml_nomem(&L->c);
    }
    s->nparams = np;
    for (uint32_t k = 0; k < np; k++) {
        const sw_param *q = &L->params[k];
        memcpy(s->params[k].path, q->path, sizeof s->params[k].path);
        snprintf(s->params[k].name, sizeof s->params[k].name, "%s", q->tied ? q->name : q->path);
        s->params[k].first_key = q->first_key;
        s->params[k].nkeys = q->nkeys;
        s->params[k].reference_base = q->reference_base;
        s->params[k].line = L->params[k].line;
        s->params[k].column = L->params[k].column;
        if (pl.frac)
            lhs_fractions(L->lhs_seed, k, pl.npoints, perm, pl.frac + (size_t)k * pl.npoints);
    }
    free(perm);
    /* two passes: the size of the one block every text lives in, then the texts */
    char buf[CS_SWEEP_VALUE_MAX];
    size_t total = 0;
    for (uint32_t p = 0; p < pl.npoints; p++)
        for (uint32_t k = 0; k < np; k++) {
            entry_text(&pl, p, k, buf);
            total += strlen(buf) + 1;
        }
    char *block = malloc(total), *at = block;
    if (!block) {
        free(pl.frac);
        return cs_yaml_nomem(&L->c);
    }
    for (uint32_t p = 0; p < pl.npoints; p++)
        for (uint32_t k = 0; k < np; k++) {
            const size_t i = (size_t)p * np + k;
            entry_text(&pl, p, k, buf);
            const size_t len = strlen(buf) + 1;
            memcpy(at, buf, len);
            s->values[i] = at;
            s->numeric[i] = numeric_of(at);
            at += len;
        }
    free(pl.frac);
    s->npoints = pl.npoints;
    return CS_OK;
}

/* ---- points ----------------------------------------------------------- */

/* "point N (name=value, ...): MESSAGE" at the responsible parameter (at
 * the entry of its `sets` when a key of a tied parameter is at fault; the
 * key and its value then follow the list: "(name=value; key=value)"). */
static cs_status point_error(const sw_load *L, const cs_sweep *s, uint32_t p, int culprit,
                             int key, const cs_error *e, cs_status st)
{
    if (st != CS_ERR_INPUT) {
        if (L->c.err) *L->c.err = *e;
        return st;
    }
    char list[CS_ERROR_MSG_MAX], where[CS_ERROR_FILE_MAX + 32] = "";
    size_t o = 0;
    list[0] = '\0';
    for (uint32_t k = 0; k < s->nparams && o < sizeof list; k++) {
        const int w = snprintf(list + o, sizeof list - o, "%s%s=%s", k ? ", " : "",
                               s->params[k].name, s->values[(size_t)p * s->nparams + k]);
        if (w < 0) break;
        o += (size_t)w;
    }
    const bool keyed = key >= 0 && (uint32_t)key < s->nkeys;
    if (keyed && o < sizeof list)
        snprintf(list + o, sizeof list - o, "; %s=%s", s->keys[key].path,
                 s->key_values[(size_t)p * s->nkeys + (uint32_t)key]);
    if (culprit < 0 && e->line > 0)
        snprintf(where, sizeof where, "%s:%d:%d: ", e->file, e->line, e->column);
    else if (culprit < 0 && e->file[0])
        snprintf(where, sizeof where, "%s: ", e->file);
    const bool named = culprit >= 0 && (uint32_t)culprit < s->nparams;
    const cs_sweep_param *q = &s->params[named ? culprit : 0];
    const int line = keyed ? s->keys[key].line : q->line;
    const int column = keyed ? s->keys[key].column : q->column;
    return cs_error_set(L->c.err, CS_ERR_INPUT, s->path, line, column, "point %u (%s): %s%s",
                        (unsigned)p, list, where, e->message);
}

/* Keeps the sweep's regimes, in its order; the baseline follows its regime
 * (or is the first kept one when the scenario does not name it). */
static cs_status keep_regimes(const sw_load *L, cs_sweep *s, uint32_t p, cs_scenario *sc)
{
    cs_port_scenario *port = sc->port;
    if (!L->nregimes || !port) return CS_OK;
    cs_regime_spec *kept = malloc(L->nregimes * sizeof *kept);
    bool used[CS_PORT_MAX_REGIMES] = {false};
    int baseline = -1;
    if (!kept) return cs_yaml_nomem(&L->c);
    for (uint32_t i = 0; i < L->nregimes; i++) {
        uint32_t j = 0;
        while (j < port->nregimes && strcmp(port->regimes[j].name, L->regimes[i]) != 0) j++;
        if (j == port->nregimes) { /* regimes cannot be created or renamed */
            free(kept);
            return cs_error_set(L->c.err, CS_ERR_INTERNAL, s->path, 0, 0, "point %u lost "
                                "regime '%s'", (unsigned)p, L->regimes[i]);
        }
        kept[i] = port->regimes[j];
        used[j] = true;
        if (j == port->baseline) baseline = (int)i;
    }
    if (L->baseline_explicit && baseline < 0) { /* only a swept baseline gets here */
        cs_error e;
        int culprit = 0, key = -1;
        for (uint32_t k = 0; k < s->nparams; k++)
            if (strcmp(s->params[k].path, "baseline") == 0) culprit = (int)k;
        for (uint32_t j = 0; j < s->nkeys; j++)
            if (strcmp(s->keys[j].path, "baseline") == 0)
                culprit = (int)s->keys[j].param, key = (int)j;
        cs_error_set(&e, CS_ERR_INPUT, s->path, 0, 0, "baseline: regime '%s' is not among "
                     "the sweep's regimes", port->regimes[port->baseline].name);
        free(kept);
        return point_error(L, s, p, culprit, key, &e, CS_ERR_INPUT);
    }
    for (uint32_t j = 0; j < port->nregimes; j++)
        if (!used[j]) cs_port_regime_free(&port->regimes[j]);
    memcpy(port->regimes, kept, L->nregimes * sizeof *kept);
    port->nregimes = L->nregimes;
    port->baseline = L->baseline_explicit ? (uint32_t)baseline : 0;
    free(kept);
    return CS_OK;
}

typedef struct seen_slot {
    const char *text; /* NULL: free */
    uint32_t param;
} seen_slot;

/* Marks (param, text) seen; true if it was new. */
static bool first_sight(seen_slot *set, size_t mask, uint32_t param, const char *text)
{
    uint64_t h = 1469598103934665603ull ^ param;
    for (const char *c = text; *c; c++) h = (h ^ (unsigned char)*c) * 1099511628211ull;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        if (!set[i].text) {
            set[i] = (seen_slot){text, param};
            return true;
        }
        if (set[i].param == param && !strcmp(set[i].text, text)) return false;
    }
}

/* The order points are loaded in: first every point that brings a value
 * of some parameter not seen before (point 0 first), then the rest.  A value
 * that breaks the scenario shows after about as many loads as the
 * parameters have values, not after a grid's worth: a 5,000-point sweep
 * whose last value is bad fails in a few hundred loads.  NULL when out of
 * memory or too large to be worth it (natural order then). */
static uint32_t *load_order(const cs_sweep *s)
{
    const size_t cells = (size_t)s->npoints * s->nparams;
    if (s->nparams == 0 || cells > ((size_t)1 << 20)) return NULL;
    size_t cap = 16;
    while (cap < 2 * cells) cap *= 2;
    seen_slot *set = calloc(cap, sizeof *set);
    uint32_t *order = malloc(s->npoints * sizeof *order);
    uint8_t *novel = calloc(s->npoints, 1);
    if (!set || !order || !novel) {
        free(set), free(order), free(novel);
        return NULL;
    }
    uint32_t n = 0;
    for (uint32_t p = 0; p < s->npoints; p++) {
        for (uint32_t k = 0; k < s->nparams; k++)
            novel[p] |= first_sight(set, cap - 1, k, s->values[(size_t)p * s->nparams + k]);
        if (novel[p]) order[n++] = p;
    }
    for (uint32_t p = 0; p < s->npoints; p++)
        if (!novel[p]) order[n++] = p;
    free(set);
    free(novel);
    return order;
}

/* The overrides of point p: a plain parameter's path takes its value, a
 * tied parameter's keys their texts, in parameter order; of_param and
 * of_key say where each came from (of_key -1: a plain path). */
static size_t point_overrides(const cs_sweep *s, uint32_t p, cs_scenario_override *ov,
                              int *of_param, int *of_key)
{
    size_t n = 0;
    for (uint32_t k = 0; k < s->nparams; k++) {
        const cs_sweep_param *q = &s->params[k];
        if (q->nkeys == 0) {
            ov[n] = (cs_scenario_override){q->path, s->values[(size_t)p * s->nparams + k]};
            of_param[n] = (int)k, of_key[n++] = -1;
            continue;
        }
        for (uint32_t j = q->first_key; j < q->first_key + q->nkeys; j++) {
            ov[n] = (cs_scenario_override){s->keys[j].path,
                                           s->key_values[(size_t)p * s->nkeys + j]};
            of_param[n] = (int)k, of_key[n++] = (int)j;
        }
    }
    return n;
}

/* Point p into *sc, as every run of the sweep sees it: the base with the
 * point's overrides (their origins in of_param and of_key, *nov_out of
 * them); on failure *e and *culprit say which override the loader refused
 * (-1: none, the base text itself). */
static cs_status load_point(const cs_sweep *s, uint32_t p, cs_scenario *sc, cs_error *e, int *culprit,
                            int *of_param, int *of_key, size_t *nov_out)
{
    const bool inline_base = s->base_path == NULL;
    const char *text_path = inline_base ? s->path : s->base_path;
    enum { MAX_OV = CS_SWEEP_MAX_PARAMS + CS_SWEEP_MAX_KEYS };
    cs_scenario_override ov[MAX_OV];
    const size_t nov = point_overrides(s, p, ov, of_param, of_key);
    *nov_out = nov;
    *culprit = -1;
    memset(e, 0, sizeof *e);
    return cs_scenario_load_at(s->base_text, s->base_text_len, text_path, inline_base ? "base" : NULL, ov, nov, sc,
                               e, culprit);
}

/* What every point gets from the sweep itself once loaded. */
static void finish_point(const cs_sweep *s, uint32_t p, cs_scenario *sc)
{
    sc->replications = s->replications;
    sc->seed = s->seed;
    if (sc->port) sc->port->series.enabled = s->timeseries;
    if (p != 0) cs_warnings_clear(&sc->warnings); /* said once, from point 0 */
}

cs_status sw_load_points(sw_load *L, cs_sweep *s)
{
    enum { MAX_OV = CS_SWEEP_MAX_PARAMS + CS_SWEEP_MAX_KEYS };
    int of_param[MAX_OV], of_key[MAX_OV];
    /* held: every point, or point 0 alone (the others load into one
     * scenario freed after each) */
    s->points = calloc(L->keep_point0_only ? 1 : s->npoints, sizeof *s->points);
    if (!s->points) return cs_yaml_nomem(&L->c);
    s->point0_only = L->keep_point0_only;
    cs_scenario scratch;
    uint32_t *order = load_order(s);
    cs_status first = CS_OK;
    cs_error_list in_base = { 0 }; /* going on (check): errors of the base text seen */
    for (uint32_t i = 0; i < s->npoints; i++) {
        const uint32_t p = order ? order[i] : i; /* point 0 comes first either way */
        cs_scenario *sc = L->keep_point0_only && p != 0 ? &scratch : &s->points[p];
        memset(sc, 0, sizeof *sc);
        cs_error e;
        int culprit;
        size_t nov;
        cs_status st = load_point(s, p, sc, &e, &culprit, of_param, of_key, &nov);
        const bool known = culprit >= 0 && (size_t)culprit < nov;
        const size_t seen = in_base.n;
        if (st == CS_ERR_INPUT && !known && L->c.errors) cs_error_list_add(&in_base, &e);
        if (st == CS_OK) st = keep_regimes(L, s, p, sc);
        else if (known || in_base.n > seen || !L->c.errors)
            st = point_error(L, s, p, known ? of_param[culprit] : -1, known ? of_key[culprit] : -1, &e, st);
        if (st && cs_yaml_go_on(&L->c, st)) { /* listed; the next point */
            if (sc == &scratch) cs_scenario_free(sc);
            if (L->c.err) cs_error_list_add(L->c.errors, L->c.err);
            first = cs_yaml_first(first, st);
            continue;
        }
        if (st) {
            if (sc == &scratch) cs_scenario_free(sc);
            cs_error_list_free(&in_base);
            free(order);
            return st;
        }
        if (p == 0 && !L->has_replications) s->replications = s->points[0].replications;
        if (p == 0 && !L->has_seed) s->seed = s->points[0].seed;
        finish_point(s, p, sc);
        if (L->visit) L->visit(L->visit_ctx, p, sc);
        if (sc == &scratch) cs_scenario_free(sc);
    }
    cs_error_list_free(&in_base);
    free(order);
    return first;
}

cs_status cs_sweep_point(const cs_sweep *sw, uint32_t p, cs_scenario *out, cs_error *err)
{
    memset(out, 0, sizeof *out);
    if (p >= sw->npoints)
        return cs_error_set(err, CS_ERR_INTERNAL, sw->path, 0, 0, "point %u of %u", (unsigned)p, (unsigned)sw->npoints);
    sw_load *L = calloc(1, sizeof *L);
    if (!L) return cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    cs_sweep *s = (cs_sweep *)sw; /* read only: the loader's helpers take it unqualified */
    L->c = (cs_yaml_ctx){s->path, err, NULL, NULL, NULL};
    L->nregimes = sw->nregimes;
    if (sw->nregimes) memcpy(L->regimes, sw->regimes, sw->nregimes * sizeof *sw->regimes);
    L->baseline_explicit = sw->baseline_explicit;
    enum { MAX_OV = CS_SWEEP_MAX_PARAMS + CS_SWEEP_MAX_KEYS };
    int of_param[MAX_OV], of_key[MAX_OV], culprit;
    size_t nov;
    cs_error e;
    cs_status st = load_point(s, p, out, &e, &culprit, of_param, of_key, &nov);
    if (st == CS_OK) st = keep_regimes(L, s, p, out);
    else /* it loaded when the sweep did: only memory can fail now */
        st = point_error(L, s, p, culprit >= 0 && (size_t)culprit < nov ? of_param[culprit] : -1,
                         culprit >= 0 && (size_t)culprit < nov ? of_key[culprit] : -1, &e, st);
    free(L);
    if (st != CS_OK) {
        cs_scenario_free(out);
        return st;
    }
    finish_point(sw, p, out);
    return CS_OK;
}
