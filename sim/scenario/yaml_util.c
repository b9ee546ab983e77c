/*
 * yaml_util.c - the YAML plumbing every loader shares.
 *
 * libfyaml builds the tree; we only read it.  Its diagnostics go to a
 * private diag object that collects instead of printing (a loader is
 * fuzzed and must stay silent), and the first collected error becomes our
 * FILE:LINE:COL error.  libfyaml 0.7 has no public getter for a node's
 * position, so the text is parsed twice: once as an event stream, which
 * gives every node's start mark (and finds syntax errors and extra
 * documents), once into the tree; the tree is then walked in document
 * order, which is event order, to pair each node with its mark.  Aliases
 * stay unexpanded in the tree; one walk counts every node an expansion
 * would create and stops at a budget, so a "billion laughs" file fails
 * after ~10^5 steps.  The typed reads of scalars live in yaml_values.c.
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "clearsim/scenario.h"
#include "scenario/yaml_util.h"

/* ---- positions and errors --------------------------------------------- */

static int mark_cmp(const void *pa, const void *pb)
{
    const uintptr_t a = (uintptr_t)((const cs_yaml_mark *)pa)->node;
    const uintptr_t b = (uintptr_t)((const cs_yaml_mark *)pb)->node;
    return (a > b) - (a < b);
}

static const cs_yaml_mark *find_mark(const cs_yaml_doc *d, struct fy_node *n)
{
    if (!d || !d->marks || !n) return NULL;
    const cs_yaml_mark key = {n, 0, 0};
    const cs_yaml_mark *m = bsearch(&key, d->marks, d->nmarks, sizeof key, mark_cmp);
    return m && m->line != 0 ? m : NULL; /* < 0: a node put there after parsing */
}

const cs_yaml_mark *cs_yaml_find_mark(const cs_yaml_doc *d, struct fy_node *n)
{
    return find_mark(d, n);
}

static int node_cmp(const void *pa, const void *pb)
{
    const uintptr_t a = (uintptr_t)*(struct fy_node *const *)pa;
    const uintptr_t b = (uintptr_t)*(struct fy_node *const *)pb;
    return (a > b) - (a < b);
}

cs_status cs_yaml_doc_remark(cs_yaml_doc *d, struct fy_node **dead, size_t ndead,
                             const cs_yaml_mark *add, size_t nadd)
{
    cs_yaml_mark *marks = malloc((d->nmarks + nadd + 1) * sizeof *marks);
    if (!marks) return CS_ERR_NOMEM;
    if (ndead) qsort(dead, ndead, sizeof *dead, node_cmp);
    size_t n = 0;
    for (size_t i = 0; i < d->nmarks; i++) /* a freed node's address may be reused */
        if (!ndead || !bsearch(&d->marks[i].node, dead, ndead, sizeof *dead, node_cmp))
            marks[n++] = d->marks[i];
    for (size_t i = 0; i < nadd; i++)
        if (add[i].node) marks[n++] = add[i];
    if (n) qsort(marks, n, sizeof *marks, mark_cmp);
    free(d->marks);
    d->marks = marks;
    d->nmarks = n;
    return CS_OK;
}

static struct fy_node *key_of_value(struct fy_node *map, struct fy_node *value)
{
    void *it = NULL;
    struct fy_node_pair *p;
    while ((p = fy_node_mapping_iterate(map, &it)))
        if (fy_node_pair_value(p) == value) return fy_node_pair_key(p);
    return NULL;
}

void cs_yaml_node_pos(const cs_yaml_doc *d, struct fy_node *n, int *line, int *column)
{
    const cs_yaml_mark *m = find_mark(d, n);
    struct fy_node *parent = n && !m ? fy_node_get_document_parent(n) : NULL;
    if (parent) { /* an empty value: its key, else its collection */
        struct fy_node *key = fy_node_is_mapping(parent) ? key_of_value(parent, n) : NULL;
        m = find_mark(d, key);
        if (!m) m = find_mark(d, parent);
    }
    *line = m ? m->line : 0;
    *column = m ? m->column : 0;
}

/* The message of fmt and ap into msg, and where n stands. */
static void message_at(const cs_yaml_ctx *c, struct fy_node *n, char msg[CS_ERROR_MSG_MAX], int *line, int *column,
                       const char *fmt, va_list ap)
{
    vsnprintf(msg, CS_ERROR_MSG_MAX, fmt, ap);
    cs_yaml_node_pos(c->doc, n, line, column);
}

cs_status cs_yaml_error(const cs_yaml_ctx *c, struct fy_node *n, const char *fmt, ...)
{
    char msg[CS_ERROR_MSG_MAX];
    int line, column;
    va_list ap;
    va_start(ap, fmt);
    message_at(c, n, msg, &line, &column, fmt, ap);
    va_end(ap);
    cs_error_set(c->err, CS_ERR_INPUT, c->path, line, column, "%s", msg);
    if (c->errors && c->err) cs_error_list_add(c->errors, c->err);
    return CS_ERR_INPUT;
}

cs_status cs_yaml_warn(const cs_yaml_ctx *c, struct fy_node *n, const char *fmt, ...)
{
    cs_warnings *w = c->warnings;
    if (!w) return CS_OK;
    if (w->n == CS_SCENARIO_MAX_WARNINGS) {
        w->dropped++;
        return CS_OK;
    }
    char msg[CS_ERROR_MSG_MAX];
    int line, column;
    va_list ap;
    va_start(ap, fmt);
    message_at(c, n, msg, &line, &column, fmt, ap);
    va_end(ap);
    const size_t size = strlen(c->path) + strlen(msg) + 64;
    char *s = malloc(size);
    if (!s) return cs_yaml_nomem(c);
    if (line > 0) snprintf(s, size, "%s:%d:%d: warning: %s", c->path, line, column, msg);
    else /* a node an override put there (a sweep's value): no line of the file */
        snprintf(s, size, "%s: warning: in a value a sweep parameter sets: %s", c->path, msg);
    w->lines[w->n++] = s;
    return CS_OK;
}

cs_status cs_yaml_nomem(const cs_yaml_ctx *c)
{
    return cs_error_set(c->err, CS_ERR_NOMEM, c->path, 0, 0, "out of memory");
}

/* ---- bytes ------------------------------------------------------------ */

static cs_status too_large(const cs_yaml_ctx *c, int line, int column)
{
    return cs_error_set(c->err, CS_ERR_INPUT, c->path, line, column,
                        "document too large or too deeply nested (at most %d nodes "
                        "counting alias expansions, depth %d)",
                        CS_YAML_MAX_NODES, CS_YAML_MAX_DEPTH);
}


/* The first byte that breaks UTF-8, or NULL. */
static const unsigned char *invalid_utf8(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        const unsigned c = s[i];
        size_t n;
        unsigned cp;
        if (c < 0x80) { i++; continue; }
        else if (c >= 0xc2 && c <= 0xdf) n = 1, cp = c & 0x1f;
        else if (c >= 0xe0 && c <= 0xef) n = 2, cp = c & 0x0f;
        else if (c >= 0xf0 && c <= 0xf4) n = 3, cp = c & 0x07;
        else return s + i;
        if (len - i <= n) return s + i;
        for (size_t k = 1; k <= n; k++) {
            if ((s[i + k] & 0xc0) != 0x80) return s + i;
            cp = (cp << 6) | (s[i + k] & 0x3f);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
            (cp >= 0xd800 && cp <= 0xdfff))
            return s + i;
        i += n + 1;
    }
    return NULL;
}

/* The first '[' or '{' nested deeper than CS_YAML_MAX_DEPTH, or NULL.
 * libfyaml scans a flow collection to its end before it reports a single
 * event, which for a million '[' takes seconds and hundreds of MiB, so
 * the bytes are looked at first: brackets outside comments and quoted
 * scalars.  (A bracket inside a plain scalar counts too; it takes 64
 * unbalanced ones to be wrong, and no scenario has them.) */
static const char *too_deep(const char *s, size_t len)
{
    int depth = 0;
    char quote = 0;
    for (size_t i = 0; i < len; i++) {
        const char ch = s[i];
        if (quote) {
            if (quote == '"' && ch == '\\') i++;
            else if (ch == quote) quote = 0;
            continue;
        }
        if (ch == '#' && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t' || s[i - 1] == '\n')) {
            while (i < len && s[i] != '\n') i++;
        } else if ((ch == '"' || ch == '\'') && (i == 0 || strchr(" \t\n[{,:", s[i - 1]))) {
            quote = ch;
        } else if (ch == '[' || ch == '{') {
            if (++depth > CS_YAML_MAX_DEPTH) return s + i;
        } else if ((ch == ']' || ch == '}') && depth > 0) {
            depth--;
        }
    }
    return NULL;
}

static void offset_pos(const char *s, const char *at, int *line, int *column)
{
    *line = 1;
    *column = 1;
    for (const char *p = s; p < at; p++) {
        if (*p == '\n') {
            ++*line;
            *column = 1;
        } else if (((unsigned char)*p & 0xc0) != 0x80) { /* count characters, not UTF-8 bytes */
            ++*column;
        }
    }
}

static cs_status check_bytes(const cs_yaml_ctx *c, const char *text, size_t len)
{
    if (len == 0) return cs_error_set(c->err, CS_ERR_INPUT, c->path, 1, 1, "empty document");
    if (len > CS_YAML_MAX_BYTES)
        return cs_error_set(c->err, CS_ERR_INPUT, c->path, 0, 0,
                            "file too large (more than %u bytes)", CS_YAML_MAX_BYTES);
    int line, column;
    const char *nul = memchr(text, '\0', len);
    if (nul) {
        offset_pos(text, nul, &line, &column);
        return cs_error_set(c->err, CS_ERR_INPUT, c->path, line, column, "file contains a NUL byte");
    }
    const unsigned char *bad = invalid_utf8((const unsigned char *)text, len);
    if (bad) {
        offset_pos(text, (const char *)bad, &line, &column);
        return cs_error_set(c->err, CS_ERR_INPUT, c->path, line, column, "file is not valid UTF-8 (byte 0x%02x)", *bad);
    }
    const char *deep = too_deep(text, len);
    if (deep) {
        offset_pos(text, deep, &line, &column);
        return too_large(c, line, column);
    }
    return CS_OK;
}

/* ---- parsing ---------------------------------------------------------- */

static void silent_output(struct fy_diag *diag, void *user, const char *buf, size_t len)
{
    (void)diag, (void)user, (void)buf, (void)len;
}

static struct fy_diag *collecting_diag(void)
{
    struct fy_diag_cfg cfg;
    fy_diag_cfg_default(&cfg);
    cfg.fp = NULL;
    cfg.output_fn = silent_output;
    cfg.user = NULL;
    cfg.level = FYET_ERROR;
    cfg.colorize = false;
    struct fy_diag *d = fy_diag_create(&cfg);
    if (d) fy_diag_set_collect_errors(d, true);
    return d;
}

static struct fy_parser *new_parser(struct fy_diag *diag, const char *text, size_t len)
{
    struct fy_parse_cfg cfg;
    memset(&cfg, 0, sizeof cfg);
    /* duplicate keys are found by check_duplicates: libfyaml compares every
     * key with all before it, which a file of 20,000 keys turns into minutes */
    cfg.flags = FYPCF_QUIET | FYPCF_COLLECT_DIAG | FYPCF_DEFAULT_VERSION_1_2 | FYPCF_ALLOW_DUPLICATE_KEYS;
    cfg.diag = diag;
    struct fy_parser *p = fy_parser_create(&cfg);
    if (p && fy_parser_set_string(p, text, len) != 0) {
        fy_parser_destroy(p);
        p = NULL;
    }
    return p;
}

/* The first error libfyaml collected, as ours; CS_OK if none. */
static cs_status parser_error(const cs_yaml_ctx *c, struct fy_diag *diag)
{
    void *it = NULL;
    const struct fy_diag_error *e = fy_diag_errors_iterate(diag, &it);
    if (!e) return CS_OK;
    return cs_error_set(c->err, CS_ERR_INPUT, c->path, e->line > 0 ? e->line : 1,
                        e->column > 0 ? e->column : 1, "invalid YAML: %s",
                        e->msg ? e->msg : "syntax error");
}

/* Records one event's node mark.  Alias and quoted scalar tokens start
 * after their '*' or opening quote: step back onto it. */
static cs_status push_mark(const cs_yaml_ctx *c, cs_yaml_doc *d, struct fy_event *ev)
{
    const struct fy_mark *fm = fy_event_start_mark(ev);
    cs_yaml_mark m = {NULL, fm ? fm->line + 1 : 0, fm ? fm->column + 1 : 0};
    const bool shifted = ev->type == FYET_ALIAS ||
                         (ev->type == FYET_SCALAR && (ev->scalar.value) &&
                          (fy_token_scalar_style(ev->scalar.value) == FYSS_SINGLE_QUOTED ||
                           fy_token_scalar_style(ev->scalar.value) == FYSS_DOUBLE_QUOTED));
    if (shifted && m.column > 1) m.column--;
    if (d->nmarks >= CS_YAML_MAX_NODES) return too_large(c, m.line, m.column);
    if ((d->nmarks & (d->nmarks - 1)) == 0) { /* grow at powers of two */
        cs_yaml_mark *bigger = realloc(d->marks, (d->nmarks ? 2 * d->nmarks : 16) * sizeof m);
        if (!bigger) return cs_yaml_nomem(c);
        d->marks = bigger;
    }
    d->marks[d->nmarks++] = m;
    return CS_OK;
}

/* Event pass: marks of the first document's nodes, syntax errors, extra
 * documents. */
static cs_status scan_events(const cs_yaml_ctx *c, cs_yaml_doc *d, const char *text, size_t len)
{
    struct fy_parser *p = new_parser(d->diag, text, len);
    if (!p) return cs_yaml_nomem(c);
    struct fy_event *ev;
    int docs = 0, depth = 0;
    cs_status st = CS_OK;
    while (!st && (ev = fy_parser_parse(p))) {
        const enum fy_event_type t = ev->type;
        if (t == FYET_MAPPING_END || t == FYET_SEQUENCE_END) depth--;
        /* stop a deep document here, as its events come, not once it is built */
        if ((t == FYET_MAPPING_START || t == FYET_SEQUENCE_START) && ++depth > CS_YAML_MAX_DEPTH) {
            const struct fy_mark *fm = fy_event_start_mark(ev);
            st = too_large(c, fm ? fm->line + 1 : 1, fm ? fm->column + 1 : 1);
        } else if (d->nmarks >= CS_YAML_MAX_NODES) {
            const struct fy_mark *fm = fy_event_start_mark(ev);
            st = too_large(c, fm ? fm->line + 1 : 1, fm ? fm->column + 1 : 1);
        } else if (t == FYET_DOCUMENT_START && ++docs > 1) {
            const struct fy_mark *fm = fy_event_start_mark(ev);
            st = cs_error_set(c->err, CS_ERR_INPUT, c->path, fm ? fm->line + 1 : 1,
                              fm ? fm->column + 1 : 1,
                              "only one YAML document is allowed per file");
        } else if (t == FYET_MAPPING_START || t == FYET_SEQUENCE_START || t == FYET_SCALAR ||
                   t == FYET_ALIAS) {
            st = push_mark(c, d, ev);
        }
        fy_parser_event_free(p, ev);
    }
    if (!st) st = parser_error(c, d->diag);
    if (!st && docs == 0) st = cs_error_set(c->err, CS_ERR_INPUT, c->path, 1, 1, "empty document");
    fy_parser_destroy(p);
    return st;
}

/* Pairs tree nodes, in document order, with the marks in event order. */
static void assign_nodes(struct fy_node *n, cs_yaml_mark *marks, size_t nmarks, size_t *i)
{
    if (*i < nmarks) marks[*i].node = n;
    ++*i;
    void *it = NULL;
    if (fy_node_is_sequence(n)) {
        struct fy_node *item;
        while ((item = fy_node_sequence_iterate(n, &it))) assign_nodes(item, marks, nmarks, i);
    } else if (fy_node_is_mapping(n)) {
        struct fy_node_pair *p;
        while ((p = fy_node_mapping_iterate(n, &it))) {
            if (fy_node_pair_key(p)) assign_nodes(fy_node_pair_key(p), marks, nmarks, i);
            if (fy_node_pair_value(p)) assign_nodes(fy_node_pair_value(p), marks, nmarks, i);
        }
    }
}

static void index_marks(cs_yaml_doc *d)
{
    size_t count = 0;
    assign_nodes(d->root, d->marks, d->nmarks, &count);
    if (count != d->nmarks) { /* should not happen: positions become unknown */
        free(d->marks);
        d->marks = NULL;
        d->nmarks = 0;
        return;
    }
    qsort(d->marks, d->nmarks, sizeof *d->marks, mark_cmp);
}

/* Counts node instances as if every alias were expanded; errors are
 * reported at the outermost alias being expanded, else at the node. */
static cs_status walk_budget(const cs_yaml_ctx *c, struct fy_node *n, struct fy_node *at,
                             int depth, size_t *count)
{
    struct fy_node *where = at ? at : n;
    if (++*count > CS_YAML_MAX_NODES || depth > CS_YAML_MAX_DEPTH) {
        int line, column;
        cs_yaml_node_pos(c->doc, where, &line, &column);
        return too_large(c, line, column);
    }
    size_t tag_len;
    if (fy_node_get_tag(n, &tag_len)) return cs_yaml_error(c, n, "YAML tags are not supported");
    if (fy_node_is_alias(n)) {
        struct fy_node *target = fy_node_resolve_alias(n);
        if (!target) return cs_yaml_error(c, n, "undefined or recursive alias");
        for (struct fy_node *up = fy_node_get_parent(n); up; up = fy_node_get_parent(up))
            if (up == target) return cs_yaml_error(c, n, "recursive alias: it refers to a node that contains it");
        return walk_budget(c, target, where, depth, count);
    }
    void *it = NULL;
    cs_status st = CS_OK;
    if (fy_node_is_sequence(n)) {
        struct fy_node *item;
        while (!st && (item = fy_node_sequence_iterate(n, &it)))
            st = walk_budget(c, item, at, depth + 1, count);
    } else if (fy_node_is_mapping(n)) {
        struct fy_node_pair *p;
        while (!st && (p = fy_node_mapping_iterate(n, &it))) {
            if (fy_node_pair_key(p))
                st = walk_budget(c, fy_node_pair_key(p), at, depth + 1, count);
            if (!st && fy_node_pair_value(p))
                st = walk_budget(c, fy_node_pair_value(p), at, depth + 1, count);
        }
    }
    return st;
}

typedef struct key_ref {
    const char *text;
    size_t len, index;
    struct fy_node *node;
} key_ref;

static int key_order(const void *x, const void *y)
{
    const key_ref *a = x, *b = y;
    if (a->len != b->len) return a->len < b->len ? -1 : 1;
    const int c = memcmp(a->text, b->text, a->len);
    if (c) return c;
    return a->index < b->index ? -1 : a->index > b->index;
}

/* Every mapping of the tree (aliases not followed: their target is checked
 * where it stands) has distinct scalar keys; a repeat is reported at its
 * second occurrence.  Sorting keeps a mapping of n keys at n log n. */
static cs_status check_duplicates(const cs_yaml_ctx *c, struct fy_node *n)
{
    void *it = NULL;
    cs_status st = CS_OK;
    if (fy_node_is_sequence(n)) {
        struct fy_node *item;
        while (!st && (item = fy_node_sequence_iterate(n, &it))) st = check_duplicates(c, item);
        return st;
    }
    if (!fy_node_is_mapping(n) || fy_node_is_alias(n)) return CS_OK;
    const int count = fy_node_mapping_item_count(n);
    key_ref *keys = malloc((count > 0 ? (size_t)count : 1) * sizeof *keys);
    if (!keys) return cs_yaml_nomem(c);
    size_t nk = 0;
    struct fy_node_pair *p;
    while (!st && (p = fy_node_mapping_iterate(n, &it))) {
        struct fy_node *k = fy_node_pair_key(p), *v = fy_node_pair_value(p);
        if (k && fy_node_is_scalar(k) && !fy_node_is_alias(k) && nk < (size_t)count) {
            keys[nk].text = fy_node_get_scalar(k, &keys[nk].len);
            if (keys[nk].text && keys[nk].len == 2 && !memcmp(keys[nk].text, "<<", 2) &&
                fy_node_get_style(k) == FYNS_PLAIN) {
                st = cs_yaml_error(c, k, "merge keys (<<) are not supported: write the keys out");
                break;
            }
            keys[nk].index = nk;
            keys[nk].node = k;
            if (keys[nk].text) nk++;
        }
        if (v) st = check_duplicates(c, v);
    }
    if (!st && nk > 1) {
        qsort(keys, nk, sizeof *keys, key_order);
        const key_ref *dup = NULL;
        for (size_t i = 1; i < nk; i++)
            if (keys[i].len == keys[i - 1].len && !memcmp(keys[i].text, keys[i - 1].text, keys[i].len) &&
                (!dup || keys[i].index < dup->index))
                dup = &keys[i];
        if (dup) st = cs_yaml_error(c, dup->node, "duplicate key '%.*s'", (int)(dup->len > 60 ? 60 : dup->len), dup->text);
    }
    free(keys);
    return st;
}

static cs_status build_tree(const cs_yaml_ctx *c, cs_yaml_doc *d, const char *text, size_t len)
{
    d->parser = new_parser(d->diag, text, len);
    if (!d->parser) return cs_yaml_nomem(c);
    d->doc = fy_parse_load_document(d->parser);
    cs_status st = parser_error(c, d->diag); /* e.g. duplicate keys */
    if (st) return st;
    d->root = d->doc ? fy_document_root(d->doc) : NULL;
    size_t len0 = 1;
    if (d->root && fy_node_is_scalar(d->root) && !fy_node_is_alias(d->root))
        fy_node_get_scalar(d->root, &len0);
    if (!d->root || (len0 == 0 && fy_node_get_style(d->root) == FYNS_PLAIN)) return cs_error_set(c->err, CS_ERR_INPUT, c->path, 1, 1, "empty document");
    return CS_OK;
}

cs_status cs_yaml_parse(cs_yaml_ctx *c, const char *text, size_t len, cs_yaml_doc *out)
{
    memset(out, 0, sizeof *out);
    c->doc = NULL;
    cs_status st = check_bytes(c, text, len);
    if (st) return st;
    out->diag = collecting_diag();
    if (!out->diag) return cs_yaml_nomem(c);
    st = scan_events(c, out, text, len);
    if (!st) st = build_tree(c, out, text, len);
    if (!st) {
        index_marks(out);
        c->doc = out;
        size_t count = 0;
        st = walk_budget(c, out->root, NULL, 0, &count);
        if (!st) st = check_duplicates(c, out->root);
    }
    if (st) {
        cs_yaml_doc_close(out);
        c->doc = NULL;
    }
    return st;
}

void cs_yaml_doc_close(cs_yaml_doc *d)
{
    if (d->doc) fy_parse_document_destroy(d->parser, d->doc);
    if (d->parser) fy_parser_destroy(d->parser);
    if (d->diag) fy_diag_destroy(d->diag);
    free(d->marks);
    memset(d, 0, sizeof *d);
}

/* ---- nodes and mappings ----------------------------------------------- */

struct fy_node *cs_yaml_deref(struct fy_node *n)
{
    return n && fy_node_is_alias(n) ? fy_node_resolve_alias(n) : n;
}

bool cs_yaml_is_empty(struct fy_node *n)
{
    return !n || (fy_node_is_scalar(n) && fy_node_get_style(n) == FYNS_PLAIN &&
                  fy_node_get_scalar_length(n) == 0);
}

void cs_yaml_describe(struct fy_node *n, char *buf, size_t size)
{
    n = cs_yaml_deref(n);
    const char *what = cs_yaml_is_empty(n) ? "an empty value"
                       : fy_node_is_mapping(n) ? "a mapping"
                       : fy_node_is_sequence(n) ? "a sequence" : NULL;
    if (what) {
        snprintf(buf, size, "%s", what);
        return;
    }
    size_t len, o = 0;
    const char *s = fy_node_get_scalar(n, &len);
    char tmp[48];
    size_t i = 0;
    for (; s && i < len && o < 40; i++) {
        const unsigned char ch = (unsigned char)s[i];
        tmp[o++] = ch < 0x20 || ch == 0x7f ? '?' : (char)ch;
    }
    while (o > 0 && i < len && ((unsigned char)s[i] & 0xc0) == 0x80) /* whole chars */
        i--, o--;
    tmp[o] = '\0';
    snprintf(buf, size, "'%s%s'", tmp, s && i < len ? "..." : "");
}

bool cs_yaml_scalar_eq(struct fy_node *n, const char *s)
{
    size_t len;
    const char *t = n && fy_node_is_scalar(n) ? fy_node_get_scalar(n, &len) : NULL;
    return t && len == strlen(s) && memcmp(t, s, len) == 0;
}

struct fy_node *cs_yaml_map_get(struct fy_node *map, const char *key, struct fy_node **keynode)
{
    map = cs_yaml_deref(map);
    void *it = NULL;
    struct fy_node_pair *p;
    while (map && fy_node_is_mapping(map) && (p = fy_node_mapping_iterate(map, &it))) {
        if (cs_yaml_scalar_eq(cs_yaml_deref(fy_node_pair_key(p)), key)) {
            if (keynode) *keynode = fy_node_pair_key(p);
            return fy_node_pair_value(p);
        }
    }
    return NULL;
}

static void key_list(const cs_yaml_key *keys, size_t nkeys, char *buf, size_t size)
{
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < nkeys && o < size; i++) {
        const int w = snprintf(buf + o, size - o, "%s%s", i ? ", " : "", keys[i].name);
        if (w < 0) break;
        o += (size_t)w;
    }
}

static cs_status take_pair(const cs_yaml_ctx *c, struct fy_node_pair *p, const char *what,
                           const cs_yaml_key *keys, size_t nkeys, struct fy_node **values)
{
    struct fy_node *key = fy_node_pair_key(p), *k = cs_yaml_deref(key);
    char desc[64], list[512];
    if (!k || !fy_node_is_scalar(k) || cs_yaml_is_empty(k))
        return cs_yaml_error(c, key, "%s: keys must be non-empty strings", what);
    size_t i = 0;
    while (i < nkeys && !cs_yaml_scalar_eq(k, keys[i].name)) i++;
    cs_yaml_describe(k, desc, sizeof desc);
    if (i == nkeys) {
        key_list(keys, nkeys, list, sizeof list);
        return cs_yaml_error(c, key, "unknown key %s in %s (expected one of: %s)", desc,
                             what, list);
    }
    if (values[i]) return cs_yaml_error(c, key, "duplicate key %s in %s", desc, what);
    if (!fy_node_pair_value(p)) return cs_yaml_error(c, key, "key %s has no value", desc);
    values[i] = fy_node_pair_value(p);
    return CS_OK;
}

cs_status cs_yaml_map_fields(const cs_yaml_ctx *c, struct fy_node *map, const char *what,
                             const cs_yaml_key *keys, size_t nkeys, struct fy_node **values)
{
    struct fy_node *m = cs_yaml_deref(map);
    char desc[64];
    if (!m || !fy_node_is_mapping(m)) {
        cs_yaml_describe(map, desc, sizeof desc);
        return cs_yaml_error(c, map, "%s: expected a mapping, got %s", what, desc);
    }
    for (size_t i = 0; i < nkeys; i++) values[i] = NULL;
    void *it = NULL;
    struct fy_node_pair *p;
    cs_status st = CS_OK;
    while (cs_yaml_go_on(c, st) && (p = fy_node_mapping_iterate(m, &it)))
        st = cs_yaml_first(st, take_pair(c, p, what, keys, nkeys, values));
    for (size_t i = 0; i < nkeys && cs_yaml_go_on(c, st); i++)
        if (keys[i].required && !values[i])
            st = cs_yaml_first(st, cs_yaml_error(c, map, "%s: missing required key '%s'", what, keys[i].name));
    return st;
}

/* ---- scalars ---------------------------------------------------------- */

char *cs_yaml_text_copy(const char *text, size_t len)
{
    char *copy = malloc(len + 1);
    if (!copy) return NULL;
    if (len) memcpy(copy, text, len);
    copy[len] = '\0';
    return copy;
}
