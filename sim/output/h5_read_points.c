/*
 * h5_read_points.c - what a report says about the file besides its
 * tables: a sweep's points (/points: which parameters, each point's
 * values), the header (root attributes, /run_info) and the scenario text
 * (/scenario, which the command line loads for the horizon).
 *
 * /points has a column per parameter whose name is the parameter's, so
 * its shape is checked here by hand rather than by a fixed column list:
 * the `columns` attribute (and `parameters`, listing the swept ones, when
 * a file has it), every listed numeric column 1-D float64 as long as
 * `point`, `values` fixed-length strings.  Anything else is bad input
 * naming /points.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "clearsim/output.h"
#include "output/h5_read.h"
#include "output/h5_util.h"

#define MAX_PARAMS 64
#define NAME_MAX_LEN 256

void cs_point_table_free(cs_point_table *t)
{
    if (!t) return;
    for (size_t k = 0; t->names && k < t->nparams; k++) free(t->names[k]);
    for (size_t p = 0; t->text && p < t->npoints; p++) free(t->text[p]);
    free(t->names);
    free(t->text);
    free(t->values);
    memset(t, 0, sizeof *t);
}

/* The fixed-length string attribute list name of g as nul-terminated
 * names (at most MAX_PARAMS + 2); -1 when absent or not such a list. */
static int name_list(hid_t g, const char *name, char names[][NAME_MAX_LEN])
{
    if (H5Aexists(g, name) <= 0) return -1;
    hid_t a = H5Aopen(g, name, H5P_DEFAULT);
    hid_t t = a >= 0 ? H5Aget_type(a) : -1, sp = a >= 0 ? H5Aget_space(a) : -1;
    const hssize_t n = sp >= 0 ? H5Sget_simple_extent_npoints(sp) : -1;
    const size_t w = t >= 0 ? H5Tget_size(t) : 0;
    bool ok = t >= 0 && H5Tget_class(t) == H5T_STRING && H5Tis_variable_str(t) == 0 && n >= 0 &&
              n <= MAX_PARAMS + 2 && w > 0 && w < NAME_MAX_LEN;
    char *buf = ok ? calloc((size_t)n + 1, w) : NULL;
    ok = ok && buf && (n == 0 || H5Aread(a, t, buf) >= 0);
    for (hssize_t k = 0; ok && k < n; k++) cs_h5_copy_clean(names[k], NAME_MAX_LEN, buf + (size_t)k * w, w);
    free(buf);
    if (sp >= 0) H5Sclose(sp);
    if (t >= 0) H5Tclose(t);
    if (a >= 0) H5Aclose(a);
    return ok ? (int)n : -1;
}

static cs_status read_values_text(hid_t g, cs_point_table *t, size_t n)
{
    hid_t d = cs_h5_open_col(g, "values", H5T_STRING, &n);
    if (d < 0) return CS_ERR_INPUT;
    cs_status rc = CS_ERR_IO;
    hid_t ft = H5Dget_type(d);
    const size_t w = ft >= 0 ? H5Tget_size(ft) : 0;
    char *buf = w && w < (1u << 20) ? calloc(n ? n : 1, w) : NULL;
    hid_t mt = ft >= 0 ? H5Tcopy(ft) : -1;
    if (buf && mt >= 0 && H5Tset_strpad(mt, H5T_STR_NULLPAD) >= 0 &&
        (n == 0 || H5Dread(d, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) >= 0)) {
        rc = CS_OK;
        for (size_t p = 0; rc == CS_OK && p < n; p++) {
            if (!(t->text[p] = malloc(4 * w + 1))) rc = CS_ERR_NOMEM;
            else cs_h5_copy_clean(t->text[p], 4 * w + 1, buf + p * w, w);
        }
    } else if (w && !buf) {
        rc = CS_ERR_NOMEM;
    }
    if (mt >= 0) H5Tclose(mt);
    if (ft >= 0) H5Tclose(ft);
    free(buf);
    H5Dclose(d);
    return rc;
}

static cs_status read_points_group(hid_t g, cs_point_table *t)
{
    char cols[MAX_PARAMS + 2][NAME_MAX_LEN], params[MAX_PARAMS + 2][NAME_MAX_LEN];
    size_t n = SIZE_MAX;
    hid_t d = cs_h5_open_col(g, "point", H5T_INTEGER, &n);
    if (d < 0) return CS_ERR_INPUT;
    H5Dclose(d);
    int nc = name_list(g, "parameters", params);
    if (nc < 0) { /* before the attribute: every column but point and values */
        const int all = name_list(g, "columns", cols);
        if (all < 0) return CS_ERR_INPUT;
        nc = 0;
        for (int k = 0; k < all; k++)
            if (strcmp(cols[k], "point") && strcmp(cols[k], "values")) memcpy(params[nc++], cols[k], NAME_MAX_LEN);
    }
    if (nc > MAX_PARAMS || n > (1u << 24)) return CS_ERR_INPUT;
    t->npoints = (size_t)n;
    t->nparams = (size_t)nc;
    t->names = calloc((size_t)nc + 1, sizeof *t->names);
    t->values = calloc(n * (size_t)nc + 1, sizeof *t->values);
    t->text = calloc((size_t)n + 1, sizeof *t->text);
    double *col = malloc((size_t)(n ? n : 1) * sizeof *col);
    cs_status rc = t->names && t->values && t->text && col ? CS_OK : CS_ERR_NOMEM;
    for (int k = 0; rc == CS_OK && k < nc; k++) {
        if (!(t->names[k] = strdup(params[k]))) rc = CS_ERR_NOMEM;
        else if ((d = cs_h5_open_col(g, params[k], H5T_FLOAT, &n)) < 0) rc = CS_ERR_INPUT;
        else {
            if (n && H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, col) < 0) rc = CS_ERR_IO;
            for (size_t p = 0; p < n; p++) t->values[p * (size_t)nc + (size_t)k] = col[p];
            H5Dclose(d);
        }
    }
    free(col);
    if (rc == CS_OK) rc = read_values_text(g, t, n);
    return rc;
}

static cs_status points_reader(hid_t f, const char *path, void *out, cs_error *err)
{
    if (H5Lexists(f, "points", H5P_DEFAULT) <= 0) return CS_OK;
    hid_t g = H5Gopen2(f, "points", H5P_DEFAULT);
    if (g < 0) return cs_error_set(err, CS_ERR_INPUT, NULL, 0, 0, "%s is not a clearsim result file (bad /points)", path);
    const cs_status rc = read_points_group(g, out);
    H5Gclose(g);
    if (rc == CS_ERR_NOMEM) return cs_error_set(err, rc, NULL, 0, 0, "out of memory reading %s", path);
    if (rc == CS_ERR_IO) return cs_error_set(err, rc, NULL, 0, 0, "%s: cannot read /points", path);
    if (rc != CS_OK) return cs_error_set(err, rc, NULL, 0, 0, "%s is not a clearsim result file (bad /points)", path);
    return CS_OK;
}

cs_status cs_output_read_points(const char *path, cs_point_table *out, cs_error *err)
{
    memset(out, 0, sizeof *out);
    const cs_status st = cs_h5_with_result_file(path, points_reader, out, err);
    if (st != CS_OK) cs_point_table_free(out);
    return st;
}

void cs_point_value(char *buf, size_t size, const cs_point_table *t, size_t p, size_t k, int digits)
{
    const double v = t->values[p * t->nparams + k];
    if (!isnan(v)) {
        /* digits >= 17: the shortest text that reads back as v (0.1, not
         * 0.10000000000000001) */
        for (int d = digits < 17 ? digits : 15; d <= (digits < 17 ? digits : 17); d++) {
            snprintf(buf, size, "%.*g", d, v);
            if (strtod(buf, NULL) == v) break;
        }
        return;
    }
    /* not a number: the value as the point's text writes it, "name=value" */
    const char *name = t->names[k], *s = t->text[p];
    const size_t len = strlen(name);
    for (const char *at = s; at && *at;) {
        if (!strncmp(at, name, len) && at[len] == '=') {
            const char *v0 = at + len + 1, *end = strstr(v0, ", ");
            snprintf(buf, size, "%.*s", (int)(end ? (size_t)(end - v0) : strlen(v0)), v0);
            return;
        }
        at = strstr(at, ", ");
        if (at) at += 2;
    }
    snprintf(buf, size, "nan");
}

/* ---- the header ---- */

static cs_status info_reader(hid_t f, const char *path, void *out, cs_error *err)
{
    cs_report_info *in = out;
    bool ok = cs_h5_read_attr_str(f, "clearsim_version", in->version, sizeof in->version) == CS_OK &&
              (H5Aexists(f, "scenario_name") <= 0 ||
               cs_h5_read_attr_str(f, "scenario_name", in->scenario, sizeof in->scenario) == CS_OK) &&
              (H5Aexists(f, "seed") <= 0 || cs_h5_read_attr_u64(f, "seed", &in->seed) == CS_OK) &&
              (H5Aexists(f, "replications") <= 0 ||
               cs_h5_read_attr_u64(f, "replications", &in->replications) == CS_OK);
    in->sweep = H5Lexists(f, "points", H5P_DEFAULT) > 0;
    if (ok && H5Lexists(f, "run_info", H5P_DEFAULT) > 0) {
        hid_t g = H5Gopen2(f, "run_info", H5P_DEFAULT);
        ok = g >= 0 && (H5Aexists(g, "created") <= 0 ||
                        cs_h5_read_attr_str(g, "created", in->created, sizeof in->created) == CS_OK);
        uint64_t met = 0;
        if (ok && H5Aexists(g, "precision") > 0)
            ok = cs_h5_read_attr_f64(g, "precision", &in->precision) == CS_OK &&
                 cs_h5_read_attr_u64(g, "precision_met", &met) == CS_OK;
        in->precision_met = met != 0;
        if (g >= 0) H5Gclose(g);
    }
    if (!ok) return cs_error_set(err, CS_ERR_INPUT, NULL, 0, 0, "%s is not a clearsim result file (bad root attributes)", path);
    return CS_OK;
}

cs_status cs_output_read_info(const char *path, cs_report_info *out, cs_error *err)
{
    memset(out, 0, sizeof *out);
    out->horizon = out->warmup = NAN;
    return cs_h5_with_result_file(path, info_reader, out, err);
}

/* ---- the scenario text ---- */

typedef struct text_out {
    char *text;
    size_t len;
} text_out;

static cs_status scenario_reader(hid_t f, const char *path, void *out, cs_error *err)
{
    text_out *o = out;
    if (H5Lexists(f, "scenario", H5P_DEFAULT) <= 0) return CS_OK;
    hid_t d = H5Dopen2(f, "scenario", H5P_DEFAULT);
    hid_t s = d >= 0 ? H5Dget_space(d) : -1, t = d >= 0 ? H5Dget_type(d) : -1;
    const size_t w = t >= 0 ? H5Tget_size(t) : 0;
    bool ok = s >= 0 && t >= 0 && H5Sget_simple_extent_type(s) == H5S_SCALAR && H5Tget_class(t) == H5T_STRING &&
              H5Tis_variable_str(t) == 0 && w > 0 && w < (64u << 20);
    cs_status rc = ok ? CS_OK : CS_ERR_INPUT;
    if (ok && !(o->text = calloc(w + 1, 1))) rc = CS_ERR_NOMEM;
    if (rc == CS_OK && H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, o->text) < 0) rc = CS_ERR_IO;
    if (rc == CS_OK) o->len = strnlen(o->text, w);
    if (t >= 0) H5Tclose(t);
    if (s >= 0) H5Sclose(s);
    if (d >= 0) H5Dclose(d);
    if (rc == CS_OK) return CS_OK;
    free(o->text);
    o->text = NULL;
    if (rc == CS_ERR_NOMEM) return cs_error_set(err, rc, NULL, 0, 0, "out of memory reading %s", path);
    return cs_error_set(err, rc, NULL, 0, 0, "%s is not a clearsim result file (bad /scenario)", path);
}

cs_status cs_output_read_scenario_text(const char *path, char **text, size_t *len, cs_error *err)
{
    text_out o = { NULL, 0 };
    const cs_status st = cs_h5_with_result_file(path, scenario_reader, &o, err);
    *text = o.text;
    *len = o.len;
    return st;
}
