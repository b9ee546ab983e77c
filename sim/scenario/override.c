/*
 * override.c - a scenario loaded with values put at dotted paths first
 * (what every sweep point is).
 *
 * The overrides edit the parsed libfyaml tree, then the ordinary loader
 * walks it, so a point is checked by exactly the rules of a scenario file.
 * Three things make the edit safe:
 *  - aliases in the scenario are expanded into copies first, so a value put
 *    under `exports` (written `*call`) does not also change `imports`
 *    (`&call`); every copy is made before any node is replaced, since a
 *    freed node takes its anchors with it;
 *  - every node the edit creates gets a mark with line -(k+1) for override
 *    k, so an error the loader reports at such a node names its override
 *    (copies keep the marks of what they copy);
 *  - marks of freed nodes are dropped, because libfyaml may hand their
 *    address to a later node and marks are looked up by address.
 * Missing mappings on the way are created only for documented keys
 * (scenario_keys.c); a regime or a list item is never created.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include "scenario/override.h"

typedef struct edit {
    cs_yaml_doc *doc;
    int line;              /* mark of created nodes: -(k+1) */
    cs_yaml_mark *add;     /* marks of created nodes */
    size_t nadd, cap_add;
    struct fy_node **dead; /* freed nodes that had marks */
    size_t ndead, cap_dead;
} edit;

/* Where a node hangs: the pair whose value it is, or the sequence holding it. */
typedef struct slot {
    struct fy_node_pair *pair;
    struct fy_node *seq;
    struct fy_node *node;
} slot;

static bool grow(void **a, size_t *cap, size_t n, size_t size)
{
    if (n < *cap) return true;
    const size_t c = *cap ? 2 * *cap : 64;
    void *b = realloc(*a, c * size);
    if (!b) return false;
    *a = b, *cap = c;
    return true;
}

static bool add_mark(edit *e, struct fy_node *n, int line, int column)
{
    if (!n || line == 0) return true;
    if (!grow((void **)&e->add, &e->cap_add, e->nadd, sizeof *e->add)) return false;
    e->add[e->nadd++] = (cs_yaml_mark){n, line, column};
    return true;
}

/* Before a subtree is freed: its nodes lose their marks, old or new.  The
 * expansion (line 0) only frees aliases of the text, never a new node, so
 * it skips the scan of the new marks (a file of many aliases stays linear). */
static bool bury(edit *e, struct fy_node *n)
{
    if (!n) return true;
    for (size_t i = 0; e->line != 0 && i < e->nadd; i++)
        if (e->add[i].node == n) e->add[i].node = NULL;
    if (!grow((void **)&e->dead, &e->cap_dead, e->ndead, sizeof *e->dead)) return false;
    e->dead[e->ndead++] = n;
    void *it = NULL;
    if (fy_node_is_sequence(n)) {
        struct fy_node *item;
        while ((item = fy_node_sequence_iterate(n, &it)))
            if (!bury(e, item)) return false;
    } else if (fy_node_is_mapping(n)) {
        struct fy_node_pair *p;
        while ((p = fy_node_mapping_iterate(n, &it)))
            if (!bury(e, fy_node_pair_key(p)) || !bury(e, fy_node_pair_value(p))) return false;
    }
    return true;
}

/* Puts `fresh` (unattached) where s->node is; frees the old node. */
static bool replace(edit *e, const slot *s, struct fy_node *fresh)
{
    if (!bury(e, s->node)) return false;
    if (s->pair) return fy_node_pair_set_value(s->pair, fresh) == 0;
    if (fy_node_sequence_insert_after(s->seq, s->node, fresh) != 0) return false;
    struct fy_node *old = fy_node_sequence_remove(s->seq, s->node);
    return old && fy_node_free(old) == 0;
}

/* ---- alias expansion -------------------------------------------------- */

/* A copy of src with every alias inside replaced by a copy of its target;
 * the copy takes the mark of `at` (the alias where one was followed).  On
 * failure (out of memory) the load is abandoned, so stray marks of freed
 * copies never serve a lookup. */
static struct fy_node *copy_expanded(edit *e, struct fy_node *src, struct fy_node *at)
{
    struct fy_document *fyd = e->doc->doc;
    struct fy_node *s = cs_yaml_deref(src), *copy = NULL;
    const cs_yaml_mark *m = cs_yaml_find_mark(e->doc, at);
    void *it = NULL;
    bool ok = true;
    if (!s) return NULL;
    if (fy_node_is_scalar(s)) {
        copy = fy_node_copy(fyd, s); /* keeps the style: a quoted "5" stays a string */
    } else if (fy_node_is_sequence(s)) {
        copy = fy_node_create_sequence(fyd);
        struct fy_node *item, *c;
        while (ok && copy && (item = fy_node_sequence_iterate(s, &it))) {
            c = copy_expanded(e, item, item);
            ok = c && fy_node_sequence_append(copy, c) == 0;
            if (!ok && c) fy_node_free(c);
        }
    } else {
        copy = fy_node_create_mapping(fyd);
        struct fy_node_pair *p;
        while (ok && copy && (p = fy_node_mapping_iterate(s, &it))) {
            struct fy_node *key = fy_node_pair_key(p), *val = fy_node_pair_value(p);
            const cs_yaml_mark *km = cs_yaml_find_mark(e->doc, key);
            struct fy_node *k = fy_node_copy(fyd, key);
            struct fy_node *v = val ? copy_expanded(e, val, val)
                                    : fy_node_create_scalar_copy(fyd, "", 0);
            ok = k && v && (!km || add_mark(e, k, km->line, km->column)) &&
                 fy_node_mapping_append(copy, k, v) == 0;
            if (!ok && k) fy_node_free(k);
            if (!ok && v) fy_node_free(v);
        }
    }
    if (copy && ok && (!m || add_mark(e, copy, m->line, m->column))) return copy;
    if (copy) fy_node_free(copy);
    return NULL;
}

static bool has_alias(struct fy_node *n)
{
    void *it = NULL;
    if (fy_node_is_alias(n)) return true;
    if (fy_node_is_sequence(n)) {
        struct fy_node *item;
        while ((item = fy_node_sequence_iterate(n, &it)))
            if (has_alias(item)) return true;
    } else if (fy_node_is_mapping(n)) {
        struct fy_node_pair *p;
        while ((p = fy_node_mapping_iterate(n, &it)))
            if (fy_node_pair_value(p) && has_alias(fy_node_pair_value(p))) return true;
    }
    return false;
}

/* A value to replace by its expanded copy. */
typedef struct site {
    struct fy_node_pair *pair;
    struct fy_node *copy;
} site;

typedef struct sites {
    site *s;
    size_t n, cap;
} sites;

/* Copies, for every alias below the mapping `map`, its target.  A list
 * holding an alias (at any depth) is copied whole, because libfyaml finds a
 * list item by scanning the list: replacing items one by one would make a
 * long list of aliases quadratic.  Nothing is replaced yet: a replaced node
 * takes its anchors with it, and a later alias may still need them. */
static bool collect(edit *e, struct fy_node *map, sites *out)
{
    void *it = NULL;
    struct fy_node_pair *p;
    while ((p = fy_node_mapping_iterate(map, &it))) {
        struct fy_node *v = fy_node_pair_value(p);
        if (!v || !has_alias(v)) continue;
        if (fy_node_is_mapping(v)) {
            if (!collect(e, v, out)) return false;
            continue;
        }
        if (!grow((void **)&out->s, &out->cap, out->n, sizeof *out->s)) return false;
        out->s[out->n].pair = p;
        out->s[out->n].copy = copy_expanded(e, v, v);
        if (!out->s[out->n].copy) return false;
        out->n++;
    }
    return true;
}

static bool expand(edit *e, struct fy_node *root)
{
    sites all = {NULL, 0, 0};
    bool ok = collect(e, root, &all);
    size_t done = 0;
    while (ok && done < all.n) {
        const slot s = {all.s[done].pair, NULL, fy_node_pair_value(all.s[done].pair)};
        ok = replace(e, &s, all.s[done].copy);
        done += ok;
    }
    for (size_t i = done; i < all.n; i++) fy_node_free(all.s[i].copy); /* not attached */
    free(all.s);
    return ok;
}

/* ---- walking a path --------------------------------------------------- */

static bool empty_scalar(struct fy_node *n)
{
    return n && fy_node_is_scalar(n) && fy_node_get_style(n) == FYNS_PLAIN &&
           fy_node_get_scalar_length(n) == 0;
}

/* The pair of `map` whose key starts `rest` and is followed by '.', '[' or
 * the end; the longest such key (a regime name may hold dots). */
static struct fy_node_pair *match_key(struct fy_node *map, const char *rest, size_t *len)
{
    struct fy_node_pair *best = NULL, *p;
    void *it = NULL;
    size_t best_len = 0;
    while ((p = fy_node_mapping_iterate(map, &it))) {
        size_t n;
        const char *k = fy_node_get_scalar(cs_yaml_deref(fy_node_pair_key(p)), &n);
        if (!k || n == 0 || n <= best_len || strncmp(rest, k, n) != 0) continue;
        if (rest[n] == '\0' || rest[n] == '.' || rest[n] == '[') best = p, best_len = n;
    }
    if (best) *len = best_len;
    return best;
}

/* A created scalar (value) or empty mapping (value NULL), marked. */
static struct fy_node *new_node(edit *e, const char *value)
{
    struct fy_node *n = value ? fy_node_create_scalar_copy(e->doc->doc, value, strlen(value))
                              : fy_node_create_mapping(e->doc->doc);
    if (n && !add_mark(e, n, e->line, 0)) {
        fy_node_free(n);
        n = NULL;
    }
    return n;
}

/* Appends `key: node` to map, both marked; the slot of the new value. */
static bool append(edit *e, struct fy_node *map, const char *key, size_t len,
                   const char *value, slot *at)
{
    struct fy_node *k = fy_node_create_scalar_copy(e->doc->doc, key, len);
    struct fy_node *v = new_node(e, value);
    if (!k || !v || !add_mark(e, k, e->line, 0) || fy_node_mapping_append(map, k, v) != 0) {
        if (k) fy_node_free(k);
        if (v) fy_node_free(v);
        return false;
    }
    struct fy_node_pair *p;
    void *it = NULL;
    while ((p = fy_node_mapping_iterate(map, &it)) && fy_node_pair_value(p) != v) {}
    *at = (slot){p, NULL, v};
    return p != NULL;
}

/* What a check walk saw (base values, cs_override_base): the node at the
 * end (NULL when the document leaves the key out), the context of the
 * mapping holding the last key, and where the path goes on inside a
 * regime's `inputs` (0: it does not enter one). */
typedef struct probe {
    struct fy_node *node;
    cs_key_ctx parent;
    const char *last;
    size_t last_len;
    size_t overlay_at;
} probe;

/* Walks `path` from root: checks it (e == NULL) or puts `value` there. */
static cs_path_result walk(edit *e, struct fy_node *root, cs_scenario_kind kind,
                           const char *path, const char *value, probe *pr)
{
    assert(root && path && (!e || value));
    if (!cs_path_syntax_ok(path)) return CS_PATH_SYNTAX;
    cs_key_ctx ctx = cs_key_root(kind);
    slot at = {NULL, NULL, root};
    struct fy_node *cur = cs_yaml_deref(root); /* NULL: not in the document */
    const char *rest = path;
    while (*rest) {
        if (pr && *rest != '[') { /* the next key may be the last */
            pr->parent = ctx;
            pr->last = rest + (*rest == '.');
        }
        if (pr && ctx.overlay && !pr->overlay_at && *rest == '.')
            pr->overlay_at = (size_t)(rest + 1 - path); /* the key's path in the overlay */
        if (*rest == '[') {
            long index;
            cs_path_index(&rest, &index);
            if (!cur || !fy_node_is_sequence(cur) || index >= fy_node_sequence_item_count(cur))
                return CS_PATH_UNKNOWN; /* list items are never created */
            ctx = cs_key_item(ctx);
            at = (slot){NULL, cur, fy_node_sequence_get_by_index(cur, (int)index)};
            cur = cs_yaml_deref(at.node);
            continue;
        }
        if (*rest == '.') rest++;
        size_t n = cs_path_key_len(rest);
        struct fy_node_pair *p = cur && fy_node_is_mapping(cur) ? match_key(cur, rest, &n) : NULL;
        if (pr) pr->last_len = n;
        if (p) {
            ctx = cs_key_child(ctx, rest, n);
            at = (slot){p, NULL, fy_node_pair_value(p)};
            cur = cs_yaml_deref(at.node);
            rest += n;
            continue;
        }
        /* absent: a documented key may be added to a mapping, to an empty
         * value (`conventional:` alone), or below a key added before */
        if (cur && !fy_node_is_mapping(cur) && !empty_scalar(cur)) return CS_PATH_UNKNOWN;
        if (!cs_key_creatable(ctx, rest, n)) return CS_PATH_UNKNOWN;
        ctx = cs_key_child(ctx, rest, n);
        const bool last = rest[n] == '\0';
        if (e) {
            if (empty_scalar(cur)) {
                struct fy_node *map = new_node(e, NULL);
                if (!map) return CS_PATH_NOMEM;
                if (!replace(e, &at, map)) return fy_node_free(map), CS_PATH_NOMEM;
                cur = map;
            }
            if (!append(e, cur, rest, n, last ? value : NULL, &at)) return CS_PATH_NOMEM;
            if (last) return CS_PATH_OK;
            cur = at.node;
        } else {
            cur = NULL;
        }
        rest += n;
    }
    if (!e) {
        if (pr) pr->node = cur;
        return CS_PATH_OK;
    }
    if (!at.pair && !at.seq) return CS_PATH_UNKNOWN; /* nothing to hang it on */
    struct fy_node *fresh = new_node(e, value);
    if (!fresh) return CS_PATH_NOMEM;
    if (!replace(e, &at, fresh)) return fy_node_free(fresh), CS_PATH_NOMEM;
    return CS_PATH_OK;
}

bool cs_scenario_root_kind(struct fy_node *root, cs_scenario_kind *kind)
{
    struct fy_node *k = cs_yaml_deref(cs_yaml_map_get(root, "kind", NULL));
    if (cs_yaml_scalar_eq(k, "queue")) *kind = CS_SCENARIO_QUEUE;
    else if (cs_yaml_scalar_eq(k, "port")) *kind = CS_SCENARIO_PORT;
    else return false;
    return true;
}

cs_path_result cs_override_check(struct fy_node *root, cs_scenario_kind kind,
                                 const char *path)
{
    return walk(NULL, root, kind, path, NULL, NULL);
}

/* The number the document writes at n (a number, or a duration in hours),
 * else its description in desc. */
static cs_base_kind node_number(struct fy_node *n, double *x, char *desc, size_t size)
{
    bool finite = false;
    n = cs_yaml_deref(n);
    if (n && fy_node_is_scalar(n) && !cs_yaml_is_empty(n) && cs_yaml_parse_duration(n, x, &finite) &&
        finite) {
        *x += 0.0; /* no -0 */
        return CS_BASE_NUMBER;
    }
    cs_yaml_describe(n, desc, size);
    return CS_BASE_OTHER;
}

cs_base_kind cs_override_base(struct fy_node *root, cs_scenario_kind kind, const char *path,
                              double *x, char *desc, size_t size)
{
    probe pr;
    memset(&pr, 0, sizeof pr);
    desc[0] = '\0';
    if (walk(NULL, root, kind, path, NULL, &pr) != CS_PATH_OK) return CS_BASE_NONE;
    if (pr.node) return node_number(pr.node, x, desc, size);
    /* left out of a regime's inputs: the regime sees the scenario's value */
    if (pr.overlay_at) return cs_override_base(root, kind, path + pr.overlay_at, x, desc, size);
    if (pr.last && cs_key_default_number(pr.parent, pr.last, pr.last_len, x))
        return CS_BASE_DEFAULT;
    return CS_BASE_NONE;
}

/* ---- loading ---------------------------------------------------------- */

/* One path inside (or equal to) another: "a.b" and "a.b.c" or "a.b[1]". */
static bool overlaps(const char *a, const char *b)
{
    const size_t la = strlen(a), lb = strlen(b);
    const char *longer = la >= lb ? a : b, *shorter = la >= lb ? b : a;
    const size_t n = la >= lb ? lb : la;
    return strncmp(longer, shorter, n) == 0 &&
           (longer[n] == '\0' || longer[n] == '.' || longer[n] == '[');
}

static bool value_ok(const char *v)
{
    if (!v || !*v) return false;
    for (const unsigned char *p = (const unsigned char *)v; *p; p++)
        if (*p < 0x20 || *p == 0x7f) return false;
    return v[0] != ' ' && v[strlen(v) - 1] != ' ';
}

static cs_status apply(const cs_yaml_ctx *c, cs_yaml_doc *doc, struct fy_node *root,
                       const cs_scenario_override *ov, size_t nov, int *bad)
{
    cs_scenario_kind kind;
    if (!cs_scenario_root_kind(root, &kind)) return CS_OK; /* the loader says why */
    for (size_t k = 0; k < nov; k++) {
        *bad = (int)k;
        if (!ov[k].path || !cs_path_syntax_ok(ov[k].path))
            return cs_error_set(c->err, CS_ERR_INPUT, c->path, 0, 0, "override %zu: '%s' is "
                                "not a dotted path", k, ov[k].path ? ov[k].path : "(null)");
        if (!value_ok(ov[k].value))
            return cs_error_set(c->err, CS_ERR_INPUT, c->path, 0, 0, "%s: the value must be "
                                "a plain scalar's text", ov[k].path);
        for (size_t j = 0; j < k; j++)
            if (overlaps(ov[j].path, ov[k].path))
                return cs_error_set(c->err, CS_ERR_INPUT, c->path, 0, 0, "%s: overlaps the "
                                    "path '%s' of override %zu", ov[k].path, ov[j].path, j);
    }
    edit e = {.doc = doc};
    cs_status st = CS_OK;
    *bad = -1;
    if (fy_node_is_mapping(root) && has_alias(root) && !expand(&e, root)) st = cs_yaml_nomem(c);
    for (size_t k = 0; k < nov && !st; k++) {
        e.line = -(int)k - 1;
        const cs_path_result r = walk(&e, root, kind, ov[k].path, ov[k].value, NULL);
        if (r == CS_PATH_NOMEM) st = cs_yaml_nomem(c);
        else if (r != CS_PATH_OK) {
            *bad = (int)k;
            st = cs_error_set(c->err, CS_ERR_INPUT, c->path, 0, 0,
                              "%s: not a key of the scenario", ov[k].path);
        }
    }
    if (!st && cs_yaml_doc_remark(doc, e.dead, e.ndead, e.add, e.nadd)) st = cs_yaml_nomem(c);
    free(e.add);
    free(e.dead);
    return st;
}

cs_status cs_scenario_load_at(const char *text, size_t len, const char *path,
                              const char *root_key, const cs_scenario_override *ov,
                              size_t nov, cs_scenario *out, cs_error *err, int *culprit)
{
    int bad = -1;
    assert(out && (text || len == 0) && (ov || nov == 0));
    memset(out, 0, sizeof *out);
    if (culprit) *culprit = -1;
    if (!path) path = "<string>";
    cs_scenario s;
    memset(&s, 0, sizeof s);
    cs_yaml_ctx c = {path, err, NULL, &s.warnings, NULL}; /* a sweep says its base's once (point 0) */
    s.path = malloc(strlen(path) + 1);
    s.text = malloc(len + 1);
    if (!s.path || !s.text) {
        cs_scenario_free(&s);
        return cs_yaml_nomem(&c);
    }
    memcpy(s.path, path, strlen(path) + 1);
    if (len) memcpy(s.text, text, len);
    s.text[len] = '\0';
    s.text_len = len;
    cs_yaml_doc doc;
    cs_status st = cs_yaml_parse(&c, s.text, len, &doc);
    if (st) {
        cs_scenario_free(&s);
        return st;
    }
    struct fy_node *root = doc.root;
    if (root_key) {
        root = cs_yaml_deref(cs_yaml_map_get(doc.root, root_key, NULL));
        if (!root) st = cs_yaml_error(&c, doc.root, "missing required key '%s'", root_key);
    }
    if (!st && nov) st = apply(&c, &doc, root, ov, nov, &bad);
    if (!st) st = cs_scenario_read_root(&c, root, &s);
    if (st && err && err->line < 0 && bad < 0) { /* at a node an override put there */
        bad = -err->line - 1;
        err->line = err->column = 0;
    }
    cs_yaml_doc_close(&doc);
    if (st) {
        cs_scenario_free(&s);
        if (culprit) *culprit = bad;
        return st;
    }
    *out = s;
    return CS_OK;
}

cs_status cs_scenario_load_overridden(const char *text, size_t len, const char *path,
                                      const cs_scenario_override *ov, size_t nov,
                                      cs_scenario *out, cs_error *err, int *culprit)
{
    return cs_scenario_load_at(text, len, path, NULL, ov, nov, out, err, culprit);
}
