/*
 * sweep_load.c - the entry points of the sweep loader: a file or a text
 * read (sweep.c), expanded into points and each point loaded as a
 * scenario (sweep_expand.c); for `check`, reading on past errors and, with
 * a visitor, in bounded memory.  The value is handed out only when every
 * point has loaded; on failure everything is freed.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include "scenario/override.h"
#include "scenario/sweep_internal.h"

static void free_load(sw_load *L)
{
    for (uint32_t k = 0; k < L->nparams; k++) free(L->params[k].text);
    cs_yaml_doc_close(&L->base_doc); /* a zeroed doc closes as a no-op */
    cs_yaml_doc_close(&L->doc);
    free(L);
}

/* Takes ownership of text (malloc'ed, NUL-terminated at len). */
/* What the sweep keeps of L to load a point again. */
static cs_status keep_regime_list(const sw_load *L, cs_sweep *s, cs_error *err)
{
    s->baseline_explicit = L->baseline_explicit;
    if (!L->nregimes) return CS_OK;
    if (!(s->regimes = malloc(L->nregimes * sizeof *s->regimes)))
        return cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    memcpy(s->regimes, L->regimes, L->nregimes * sizeof *s->regimes);
    s->nregimes = L->nregimes;
    return CS_OK;
}

static cs_status load_owned(char *text, size_t len, const char *path, cs_sweep *out, cs_error *err,
                            cs_error_list *errors, cs_sweep_point_fn visit, void *ctx, bool point0_only)
{
    cs_sweep s;
    memset(&s, 0, sizeof s);
    s.text = text;
    s.text_len = len;
    s.path = cs_yaml_text_copy(path, strlen(path));
    sw_load *L = calloc(1, sizeof *L);
    cs_status st = CS_OK;
    if (!s.path || !L) st = cs_error_set(err, CS_ERR_NOMEM, path, 0, 0, "out of memory");
    if (!st) {
        L->c = (cs_yaml_ctx){s.path, err, NULL, NULL, errors};
        L->visit = visit;
        L->visit_ctx = ctx;
        L->keep_point0_only = point0_only || visit;
        st = cs_yaml_parse(&L->c, text, len, &L->doc);
    }
    if (!st) st = sw_read_sweep(L, &s);
    if (!st) st = sw_expand(L, &s);
    if (!st) st = sw_expand_keys(L, &s);
    if (!st) st = sw_load_points(L, &s);
    if (!st) st = keep_regime_list(L, &s, err);
    if (L) free_load(L);
    if (errors && errors->n && !st) st = CS_ERR_INPUT;
    if (errors && st) {
        if (!errors->n) cs_error_list_add(errors, err);
        cs_error_list_sort(errors);
        if (errors->n) *err = errors->items[0];
    }
    if (st) {
        cs_sweep_free(&s);
        return st;
    }
    *out = s;
    return CS_OK;
}

/* A file (text NULL) or a text, loaded; with errors, read on past them. */
static cs_status load(const char *path, const char *text, size_t len, cs_sweep *out, cs_error *err,
                      cs_error_list *errors, cs_sweep_point_fn visit, void *ctx, bool point0_only)
{
    memset(out, 0, sizeof *out);
    char *copy;
    const cs_status st = cs_scenario_own_text(path, text, len, &copy, &len, err, errors);
    return st ? st : load_owned(copy, len, path, out, err, errors, visit, ctx, point0_only);
}

cs_status cs_sweep_load_string(const char *text, size_t len, const char *path, cs_sweep *out,
                               cs_error *err)
{
    assert(out && (text || len == 0));
    return load(path ? path : "<string>", text ? text : "", len, out, err, NULL, NULL, NULL, false);
}

cs_status cs_sweep_load_file(const char *path, cs_sweep *out, cs_error *err)
{
    assert(path && out);
    return load(path, NULL, 0, out, err, NULL, NULL, NULL, false);
}

cs_status cs_sweep_open_file(const char *path, cs_sweep *out, cs_error *err)
{
    assert(path && out);
    return load(path, NULL, 0, out, err, NULL, NULL, NULL, true);
}

cs_status cs_sweep_check_string(const char *text, size_t len, const char *path, cs_sweep *out, cs_error *err,
                                cs_error_list *errors)
{
    assert(out && errors && (text || len == 0));
    return load(path ? path : "<string>", text ? text : "", len, out, err, errors, NULL, NULL, false);
}

cs_status cs_sweep_check_file(const char *path, cs_sweep *out, cs_error *err, cs_error_list *errors)
{
    return cs_sweep_check_file_visit(path, out, err, errors, NULL, NULL);
}

cs_status cs_sweep_check_file_visit(const char *path, cs_sweep *out, cs_error *err, cs_error_list *errors,
                                    cs_sweep_point_fn visit, void *ctx)
{
    assert(path && out && errors);
    return load(path, NULL, 0, out, err, errors, visit, ctx, false);
}

void cs_sweep_free(cs_sweep *s)
{
    if (!s) return;
    for (uint32_t p = 0; s->points && p < (s->point0_only ? 1 : s->npoints); p++) cs_scenario_free(&s->points[p]);
    free(s->points);
    free(s->regimes);
    if (s->values) free(s->values[0]); /* every text lives in one block, values[0] first */
    free(s->values);
    free(s->numeric);
    if (s->key_values) free(s->key_values[0]); /* one block too */
    free(s->key_values);
    free(s->key_numeric);
    free(s->keys);
    free(s->params);
    free(s->base_text);
    free(s->base_path);
    free(s->text);
    free(s->path);
    memset(s, 0, sizeof *s);
}

bool cs_sweep_text_is_sweep(const char *text, size_t len)
{
    cs_yaml_ctx c = {"<string>", NULL, NULL, NULL, NULL};
    cs_yaml_doc doc;
    if (!text || cs_yaml_parse(&c, text, len, &doc)) return false;
    const bool yes = cs_yaml_scalar_eq(cs_yaml_deref(cs_yaml_map_get(doc.root, "kind", NULL)),
                                       "sweep");
    cs_yaml_doc_close(&doc);
    return yes;
}
