/*
 * scenario.c - scenario files into validated cs_scenario values.
 *
 * The loader owns a copy of the bytes (kept for /scenario and its SHA-256),
 * parses them through yaml_util (silent, one document, alias budget), reads
 * `kind` first because it decides the allowed key set, then fills a local
 * cs_scenario that is handed out only when every key has passed; any
 * failure frees the partial value, so callers never see half a scenario.
 * `kind: queue` is read here; `kind: port` by port_yaml.c into s->port.
 *
 * Integers are plain decimal scalars only: `customers: 1e6` or `1000000.0`
 * is refused ("expected an integer") rather than silently converted, since a
 * float spelling of a count is more often a mistake than a convenience and
 * exact integer semantics beyond 2^53 would otherwise be lost.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "clearsim/scenario.h"
#include "scenario/override.h"
#include "scenario/port_yaml.h"
#include "scenario/yaml_util.h"

#define MAX_CUSTOMERS 1000000000000LL

enum {
    Q_KIND, Q_NAME, Q_SERVERS, Q_ARRIVAL, Q_SERVICE, Q_CUSTOMERS, Q_WARMUP,
    Q_REPLICATIONS, Q_SEED, Q_COUNT
};

static const cs_yaml_key QUEUE_KEYS[Q_COUNT] = {
    [Q_KIND] = {"kind", true},         [Q_NAME] = {"name", true},
    [Q_SERVERS] = {"servers", true},   [Q_ARRIVAL] = {"arrival", true},
    [Q_SERVICE] = {"service", true},   [Q_CUSTOMERS] = {"customers", true},
    [Q_WARMUP] = {"warmup", false},    [Q_REPLICATIONS] = {"replications", false},
    [Q_SEED] = {"seed", false},
};

/* ---- top level -------------------------------------------------------- */

static cs_status read_kind(const cs_yaml_ctx *c, struct fy_node *root, cs_scenario_kind *kind)
{
    char desc[64];
    struct fy_node *m = cs_yaml_deref(root);
    if (!fy_node_is_mapping(m)) {
        cs_yaml_describe(root, desc, sizeof desc);
        return cs_yaml_error(c, root, "the top level must be a mapping, got %s", desc);
    }
    struct fy_node *v = cs_yaml_map_get(m, "kind", NULL);
    if (!v) return cs_yaml_error(c, root, "missing required key 'kind'");
    const char *s;
    size_t len;
    cs_status st = cs_yaml_get_string(c, v, "kind", &s, &len);
    if (st) return st;
    if (len == 5 && memcmp(s, "queue", 5) == 0) {
        *kind = CS_SCENARIO_QUEUE;
        return CS_OK;
    }
    if (len == 4 && memcmp(s, "port", 4) == 0) {
        *kind = CS_SCENARIO_PORT;
        return CS_OK;
    }
    cs_yaml_describe(v, desc, sizeof desc);
    if (len == 5 && memcmp(s, "sweep", 5) == 0) /* the user's next step, not only what is wrong */
        return cs_yaml_error(c, v, "kind: expected 'queue' or 'port', got %s: a sweep file runs with "
                                   "`clearsim sweep FILE`", desc);
    return cs_yaml_error(c, v, "kind: expected 'queue' or 'port', got %s", desc);
}

/* An optional integer: `def` when the key is absent. */
static cs_status read_int(const cs_yaml_ctx *c, struct fy_node *n, const char *label,
                          int64_t min, int64_t max, int64_t def, int64_t *out)
{
    if (!n) {
        *out = def;
        return CS_OK;
    }
    return cs_yaml_get_int(c, n, label, min, max, out);
}

static cs_status read_counts(const cs_yaml_ctx *c, struct fy_node *const *v, cs_scenario *s)
{
    int64_t servers = 0, customers = 0, warmup = 0, reps = 0, seed = 0;
    cs_status st = read_int(c, v[Q_SERVERS], "servers", 1, CS_QUEUE_MAX_SERVERS, 1, &servers);
    cs_status sc = CS_OK, sw = CS_OK;
    if (cs_yaml_go_on(c, st))
        st = cs_yaml_first(st, sc = read_int(c, v[Q_CUSTOMERS], "customers", 1, MAX_CUSTOMERS, 1, &customers));
    if (cs_yaml_go_on(c, st))
        st = cs_yaml_first(st, sw = read_int(c, v[Q_WARMUP], "warmup", 0, MAX_CUSTOMERS, 0, &warmup));
    if (cs_yaml_go_on(c, st) && !sc && !sw && warmup >= customers)
        st = cs_yaml_first(st, cs_yaml_error(c, v[Q_WARMUP], "warmup must be < customers (%lld), got %lld",
                                             (long long)customers, (long long)warmup));
    if (cs_yaml_go_on(c, st))
        st = cs_yaml_first(st, read_int(c, v[Q_REPLICATIONS], "replications", 1, CS_MAX_REPLICATIONS, 10, &reps));
    if (cs_yaml_go_on(c, st)) st = cs_yaml_first(st, read_int(c, v[Q_SEED], "seed", 0, INT64_MAX, 1, &seed));
    if (st) return st;
    s->queue.servers = (uint32_t)servers;
    s->queue.customers = (uint64_t)customers;
    s->queue.warmup = (uint64_t)warmup;
    s->replications = (uint32_t)reps;
    s->seed = (uint64_t)seed;
    return CS_OK;
}

static cs_status read_queue(const cs_yaml_ctx *c, struct fy_node *root, cs_scenario *s)
{
    struct fy_node *v[Q_COUNT];
    cs_status st = cs_yaml_map_fields(c, root, "queue scenario", QUEUE_KEYS, Q_COUNT, v);
    if (cs_yaml_go_on(c, st) && v[Q_NAME])
        st = cs_yaml_first(st, cs_yaml_get_name(c, v[Q_NAME], "name", CS_NAME_MAX - 1, s->name));
    if (cs_yaml_go_on(c, st) && v[Q_ARRIVAL])
        st = cs_yaml_first(st, cs_dist_from_yaml(c, v[Q_ARRIVAL], "arrival", &s->queue.arrival));
    if (cs_yaml_go_on(c, st) && v[Q_SERVICE])
        st = cs_yaml_first(st, cs_dist_from_yaml(c, v[Q_SERVICE], "service", &s->queue.service));
    if (cs_yaml_go_on(c, st)) st = cs_yaml_first(st, read_counts(c, v, s));
    return st;
}

/* ---- loading ---------------------------------------------------------- */

cs_status cs_scenario_read_root(const cs_yaml_ctx *c, struct fy_node *root, cs_scenario *s)
{
    cs_status st = read_kind(c, root, &s->kind);
    if (!st && s->kind == CS_SCENARIO_QUEUE) st = read_queue(c, root, s);
    else if (!st) st = cs_port_from_yaml(c, root, s);
    return st;
}

/* Takes ownership of text (malloc'ed, NUL-terminated at len).  With
 * errors, every input error is listed there in file order. */
static cs_status load_owned(char *text, size_t len, const char *path, cs_scenario *out,
                            cs_error *err, cs_error_list *errors)
{
    cs_scenario s;
    memset(&s, 0, sizeof s);
    cs_yaml_ctx c = {path, err, NULL, &s.warnings, errors};
    s.text = text;
    s.text_len = len;
    s.path = malloc(strlen(path) + 1);
    if (!s.path) {
        cs_scenario_free(&s);
        return cs_yaml_nomem(&c);
    }
    memcpy(s.path, path, strlen(path) + 1);
    cs_yaml_doc doc;
    cs_status st = cs_yaml_parse(&c, text, len, &doc);
    if (!st) {
        st = cs_scenario_read_root(&c, doc.root, &s);
        cs_yaml_doc_close(&doc);
    }
    if (errors && errors->n && !st) st = CS_ERR_INPUT; /* a reader went on past it */
    if (errors && st) {
        if (!errors->n) cs_error_list_add(errors, err); /* the parser's, or no position */
        cs_error_list_sort(errors);
        if (errors->n) *err = errors->items[0];
    }
    if (st) cs_scenario_free(&s);
    else *out = s;
    return st;
}

static cs_status read_stream(FILE *f, const char *path, char **text, size_t *len,
                             cs_error *err)
{
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap || n > CS_YAML_MAX_BYTES) break;
        char *bigger = realloc(buf, 2 * cap + 1);
        if (!bigger) free(buf);
        buf = bigger, cap *= 2;
    }
    if (!buf) return cs_error_set(err, CS_ERR_NOMEM, path, 0, 0, "out of memory");
    if (ferror(f)) {
        const int e = errno;
        free(buf);
        return cs_error_set(err, CS_ERR_INPUT, path, 0, 0, "cannot read: %s", strerror(e));
    }
    if (n > CS_YAML_MAX_BYTES) {
        free(buf);
        return cs_error_set(err, CS_ERR_INPUT, path, 0, 0, "file too large (more than %u bytes)",
                            CS_YAML_MAX_BYTES);
    }
    buf[n] = '\0';
    *text = buf, *len = n;
    return CS_OK;
}

/* Only a regular file is read: a FIFO would block the run before it
 * starts and a device never ends.  O_NONBLOCK makes the open of a FIFO
 * return at once so that fstat can refuse it. */
cs_status cs_scenario_read_file(const char *path, char **text, size_t *len, cs_error *err)
{
    const int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return cs_error_set(err, CS_ERR_INPUT, path, 0, 0, "cannot open: %s", strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return cs_error_set(err, CS_ERR_INPUT, path, 0, 0, "%s",
                            S_ISDIR(st.st_mode) ? "is a directory, not a file" : "not a regular file (a device or FIFO)");
    }
    const int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0) {
        close(fd);
        return cs_error_set(err, CS_ERR_INPUT, path, 0, 0, "cannot read: %s", strerror(errno));
    }
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        close(fd);
        return cs_error_set(err, CS_ERR_NOMEM, path, 0, 0, "out of memory");
    }
    cs_status rc = read_stream(f, path, text, len, err);
    fclose(f);
    return rc;
}

cs_status cs_scenario_load_file(const char *path, cs_scenario *out, cs_error *err)
{
    memset(out, 0, sizeof *out);
    char *text;
    size_t len = 0;
    const cs_status st = cs_scenario_own_text(path, NULL, 0, &text, &len, err, NULL);
    return st ? st : load_owned(text, len, path, out, err, NULL);
}

cs_status cs_scenario_own_text(const char *path, const char *text, size_t len, char **copy, size_t *copy_len,
                               cs_error *err, cs_error_list *errors)
{
    cs_status st = CS_OK;
    *copy = NULL;
    *copy_len = len;
    if (!text) st = cs_scenario_read_file(path, copy, copy_len, err);
    else if (!(*copy = cs_yaml_text_copy(text, len))) st = cs_error_set(err, CS_ERR_NOMEM, path, 0, 0, "out of memory");
    if (st && errors) cs_error_list_add(errors, err);
    return st;
}

cs_status cs_scenario_check_string(const char *text, size_t len, const char *path, cs_scenario *out, cs_error *err,
                                   cs_error_list *errors)
{
    memset(out, 0, sizeof *out);
    if (!path) path = "<string>";
    char *copy;
    const cs_status st = cs_scenario_own_text(path, text ? text : "", len, &copy, &len, err, errors);
    return st ? st : load_owned(copy, len, path, out, err, errors);
}

cs_status cs_scenario_check_file(const char *path, cs_scenario *out, cs_error *err, cs_error_list *errors)
{
    memset(out, 0, sizeof *out);
    char *text;
    size_t len = 0;
    const cs_status st = cs_scenario_own_text(path, NULL, 0, &text, &len, err, errors);
    return st ? st : load_owned(text, len, path, out, err, errors);
}

cs_status cs_scenario_load_string(const char *text, size_t len, const char *path,
                                  cs_scenario *out, cs_error *err)
{
    memset(out, 0, sizeof *out);
    if (!path) path = "<string>";
    char *copy;
    const cs_status st = cs_scenario_own_text(path, text ? text : "", len, &copy, &len, err, NULL);
    return st ? st : load_owned(copy, len, path, out, err, NULL);
}

void cs_scenario_free(cs_scenario *s)
{
    if (!s) return;
    free(s->path);
    free(s->text);
    cs_dist_free(&s->queue.arrival);
    cs_dist_free(&s->queue.service);
    if (s->port) {
        cs_port_scenario_free(s->port);
        free(s->port);
    }
    cs_warnings_clear(&s->warnings);
    memset(s, 0, sizeof *s);
}

void cs_warnings_clear(cs_warnings *w)
{
    for (size_t i = 0; i < w->n; i++) free(w->lines[i]);
    memset(w, 0, sizeof *w);
}
