/*
 * yaml_values.c - typed scalar reads: integers, numbers, strings, booleans,
 * and the values with a syntax of their own, durations and names (see
 * yaml_util.h).  Numbers are read strictly from plain scalars: a quoted "5"
 * is a string, 1e6 is not an integer, .inf/.nan are refused.
 *
 * A duration is read as strictly as a number: the scalar must be plain,
 * the number part must be a YAML 1.2 decimal (so `1e3s` is a duration but
 * `0x10h`, `"3d"` and `3 d ` with two spaces are not), and the unit is one
 * of four exact lowercase words.  Seconds and minutes are divided, not
 * multiplied by a rounded reciprocal, so `90s` is exactly the double
 * nearest 0.025 h, the same value a bare `0.025` gives.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "scenario/yaml_util.h"

static bool quoted(struct fy_node *n)
{
    n = cs_yaml_deref(n);
    if (!n || !fy_node_is_scalar(n)) return false;
    const enum fy_node_style st = fy_node_get_style(n);
    return st == FYNS_SINGLE_QUOTED || st == FYNS_DOUBLE_QUOTED;
}

typedef struct time_unit {
    const char *name;
    double factor;
    bool divide; /* hours = value / factor, else value * factor */
} time_unit;

static const time_unit UNITS[] = {
    {"s", 3600.0, true}, {"min", 60.0, true}, {"h", 1.0, false}, {"d", 24.0, false},
};

static const time_unit *find_unit(const char *s)
{
    for (size_t i = 0; i < sizeof UNITS / sizeof UNITS[0]; i++)
        if (strcmp(UNITS[i].name, s) == 0) return &UNITS[i];
    return NULL;
}

bool cs_yaml_duration_text(const char *s, double *hours, bool *finite)
{
    char buf[128];
    char *stop;
    size_t u = strlen(s);
    if (u >= sizeof buf) return false;
    if (cs_yaml_is_decimal(s)) { /* bare: hours */
        *hours = strtod(s, &stop);
        *finite = isfinite(*hours);
        return *stop == '\0';
    }
    memcpy(buf, s, u + 1);
    while (u > 0 && buf[u - 1] >= 'a' && buf[u - 1] <= 'z') u--;
    const time_unit *unit = find_unit(buf + u);
    if (!unit || u == 0) return false;
    size_t end = u;
    if (buf[end - 1] == ' ') end--;
    buf[end] = '\0';
    if (end == 0 || !cs_yaml_is_decimal(buf)) return false;
    const double v = strtod(buf, &stop);
    if (*stop != '\0') return false;
    *hours = unit->divide ? v / unit->factor : v * unit->factor;
    *finite = isfinite(*hours);
    return true;
}

bool cs_yaml_parse_duration(struct fy_node *n, double *hours, bool *finite)
{
    if (cs_yaml_parse_double(n, hours, finite)) return true; /* bare: hours, or .inf */
    char buf[128];
    if (!cs_yaml_plain_text(n, buf, sizeof buf)) return false;
    return cs_yaml_duration_text(buf, hours, finite);
}

cs_status cs_yaml_get_duration(const cs_yaml_ctx *c, struct fy_node *n, const char *label,
                               double *out)
{
    char desc[64];
    double v = 0.0;
    bool finite = true;
    cs_yaml_describe(n, desc, sizeof desc);
    if (!cs_yaml_parse_duration(n, &v, &finite))
        return cs_yaml_error(c, n, "%s: expected a duration (hours, or a number with unit "
                             "s, min, h or d: 90s, 15min, 2.5h, 3d), got %s", label, desc);
    if (!finite)
        return cs_yaml_error(c, n, "%s: expected a finite duration, got %s", label, desc);
    if (!(v >= 0.0)) return cs_yaml_error(c, n, "%s: must be >= 0, got %s", label, desc);
    *out = v + 0.0; /* no -0 */
    return CS_OK;
}

static bool valid_name(const char *s, size_t len, size_t max_len)
{
    if (len < 1 || len > max_len || s[0] == '.') return false;
    for (size_t i = 0; i < len; i++) {
        const char ch = s[i];
        const bool ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
                        (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-';
        if (!ok) return false;
    }
    return true;
}

cs_status cs_yaml_get_name(const cs_yaml_ctx *c, struct fy_node *n, const char *label,
                           size_t max_len, char *out)
{
    const char *s;
    size_t len;
    char desc[64];
    cs_status st = cs_yaml_get_string(c, n, label, &s, &len);
    if (st) return st;
    if (!valid_name(s, len, max_len)) {
        cs_yaml_describe(n, desc, sizeof desc);
        return cs_yaml_error(c, n, "%s: must be 1 to %zu characters from [A-Za-z0-9._-], "
                             "not starting with '.', got %s", label, max_len, desc);
    }
    memcpy(out, s, len);
    out[len] = '\0';
    return CS_OK;
}

/* ---- typed scalar reads ---------------------------------------------- */

bool cs_yaml_plain_text(struct fy_node *n, char *buf, size_t size)
{
    n = cs_yaml_deref(n);
    if (!n || !fy_node_is_scalar(n) || fy_node_get_style(n) != FYNS_PLAIN) return false;
    size_t len;
    const char *s = fy_node_get_scalar(n, &len);
    if (!s || len == 0 || len >= size) return false;
    memcpy(buf, s, len);
    buf[len] = '\0';
    return true;
}

static const char *skip_digits(const char *p)
{
    while (*p >= '0' && *p <= '9') p++;
    return p;
}

/* 0: not a plain decimal integer, 1: parsed, 2: beyond int64 */
static int parse_int_text(struct fy_node *n, int64_t *out)
{
    char buf[64];
    if (!cs_yaml_plain_text(n, buf, sizeof buf)) return 0;
    const char *p = buf + (buf[0] == '-' || buf[0] == '+');
    if (skip_digits(p) == p || *skip_digits(p) != '\0') return 0;
    errno = 0;
    const long long v = strtoll(buf, NULL, 10);
    *out = (int64_t)v;
    return errno == ERANGE ? 2 : 1;
}

bool cs_yaml_parse_int(struct fy_node *n, int64_t *out)
{
    return parse_int_text(n, out) == 1;
}

static bool is_special_float(const char *s)
{
    static const char *const names[] = {".inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN"};
    if ((s[0] == '-' || s[0] == '+') && s[1] == '.') s++;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(s, names[i]) == 0) return true;
    return false;
}

bool cs_yaml_is_decimal(const char *s)
{
    const char *p = s + (*s == '-' || *s == '+');
    const char *q = skip_digits(p);
    const bool int_part = q != p;
    if (*q == '.') {
        const char *r = skip_digits(q + 1);
        if (!int_part && r == q + 1) return false;
        q = r;
    } else if (!int_part) {
        return false;
    }
    if (*q == 'e' || *q == 'E') {
        const char *e = q + 1 + (q[1] == '-' || q[1] == '+');
        q = skip_digits(e);
        if (q == e) return false;
    }
    return *q == '\0';
}

bool cs_yaml_parse_double(struct fy_node *n, double *out, bool *finite)
{
    char buf[128];
    if (!cs_yaml_plain_text(n, buf, sizeof buf)) return false;
    if (is_special_float(buf)) {
        *finite = false;
        return true;
    }
    if (!cs_yaml_is_decimal(buf)) return false;
    char *end;
    *out = strtod(buf, &end);
    *finite = isfinite(*out);
    return *end == '\0'; /* a locale with another decimal point fails, not misreads */
}

cs_status cs_yaml_get_int(const cs_yaml_ctx *c, struct fy_node *n, const char *label,
                          int64_t min, int64_t max, int64_t *out)
{
    char desc[64];
    int64_t v;
    cs_yaml_describe(n, desc, sizeof desc);
    const int r = parse_int_text(n, &v);
    if (r == 0) return cs_yaml_error(c, n, "%s: expected an integer, got %s", label, desc);
    if (r == 2 || v < min || v > max)
        return cs_yaml_error(c, n, "%s: expected an integer in [%lld, %lld], got %s", label,
                             (long long)min, (long long)max, desc);
    *out = v;
    return CS_OK;
}

cs_status cs_yaml_get_double(const cs_yaml_ctx *c, struct fy_node *n, const char *label,
                             double *out)
{
    char desc[64];
    bool finite = true;
    double v = 0.0;
    cs_yaml_describe(n, desc, sizeof desc);
    if (!cs_yaml_parse_double(n, &v, &finite))
        return cs_yaml_error(c, n, "%s: expected a number, got %s%s", label, desc,
                             quoted(n) ? " (quoted: numbers are written without quotes)" : "");
    if (!finite)
        return cs_yaml_error(c, n, "%s: expected a finite number, got %s", label, desc);
    *out = v;
    return CS_OK;
}

cs_status cs_yaml_get_string(const cs_yaml_ctx *c, struct fy_node *n, const char *label,
                             const char **s, size_t *len)
{
    struct fy_node *v = cs_yaml_deref(n);
    char desc[64];
    if (!v || !fy_node_is_scalar(v) || cs_yaml_is_empty(v)) {
        cs_yaml_describe(n, desc, sizeof desc);
        return cs_yaml_error(c, n, "%s: expected a string, got %s", label, desc);
    }
    *s = fy_node_get_scalar(v, len);
    return CS_OK;
}

cs_status cs_yaml_get_bool(const cs_yaml_ctx *c, struct fy_node *n, const char *label,
                           bool *out)
{
    static const char *const words[] = {"true", "True", "TRUE", "false", "False", "FALSE"};
    char buf[8], desc[64];
    const bool plain = cs_yaml_plain_text(n, buf, sizeof buf);
    for (size_t i = 0; plain && i < sizeof words / sizeof words[0]; i++) {
        if (strcmp(buf, words[i]) == 0) {
            *out = i < 3;
            return CS_OK;
        }
    }
    cs_yaml_describe(n, desc, sizeof desc);
    return cs_yaml_error(c, n, "%s: expected true or false, got %s", label, desc);
}
