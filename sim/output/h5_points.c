/*
 * h5_points.c - what a sweep adds to a result file: /points (one row per
 * sweep point: its index, one numeric column per parameter named by the
 * parameter's dotted path or a tied parameter's name, one per key a tied
 * parameter sets, and `values`, the point as text "path=value, ...") and
 * /sweep (the sweep file's text).  All points are listed, also in
 * a shard's part, so parts and the merged file describe the same sweep.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "output/h5_columns.h"
#include "output/h5_util.h"

static char *point_label(const cs_results *r, uint32_t p)
{
    size_t len = 1;
    for (uint32_t k = 0; k < r->nparams; k++)
        len += strlen(r->param_paths[k]) + strlen(r->point_values[(size_t)p * r->nparams + k]) + 3;
    char *s = malloc(len);
    if (!s) return NULL;
    size_t at = 0;
    for (uint32_t k = 0; k < r->nparams; k++)
        at += (size_t)snprintf(s + at, len - at, "%s%s=%s", k ? ", " : "", r->param_paths[k],
                               r->point_values[(size_t)p * r->nparams + k]);
    s[at] = 0;
    return s;
}

/* A tied parameter's key column: its values, and `set_by`, the name of the
 * parameter that sets it. */
static cs_status write_key_col(hid_t g, const cs_results *r, size_t j, double *col)
{
    const size_t n = r->npoints, nk = r->ntied;
    for (size_t p = 0; p < n; p++) col[p] = r->tied_numeric[p * nk + j];
    CS_TRY(cs_h5_col(g, r->tied_paths[j], H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, col, n, NULL));
    hid_t d = H5Dopen2(g, r->tied_paths[j], H5P_DEFAULT);
    if (d < 0) return CS_ERR_IO;
    const cs_status st = cs_h5_attr_str(d, "set_by", r->param_paths[r->tied_params[j]]);
    return H5Dclose(d) < 0 ? CS_ERR_IO : st;
}

/* The columns of /points.  With tied parameters, `parameters` lists the
 * parameter columns (the others hold the values of the keys they set);
 * without, every column but point and values is a parameter and the
 * attribute is left out (files of plain sweeps stay as they were). */
static cs_status write_point_cols(hid_t g, const cs_results *r, const char **names, uint32_t *ids, double *col,
                                  char **labels)
{
    const size_t n = r->npoints, np = r->nparams, nk = r->ntied;
    CS_TRY(cs_h5_attr_strs(g, "columns", names, np + nk + 2));
    if (nk) CS_TRY(cs_h5_attr_strs(g, "parameters", names + 1, np));
    CS_TRY(cs_h5_col(g, "point", H5T_STD_U32LE, H5T_NATIVE_UINT32, ids, n, NULL));
    for (size_t k = 0; k < np; k++) {
        for (size_t p = 0; p < n; p++) col[p] = r->point_numeric[p * np + k];
        CS_TRY(cs_h5_col(g, r->param_paths[k], H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, col, n, NULL));
    }
    for (size_t j = 0; j < nk; j++) CS_TRY(write_key_col(g, r, j, col));
    return cs_h5_col_str(g, "values", (const char *const *)labels, n);
}

cs_status cs_h5_write_points(hid_t g, const cs_results *r, cs_h5_scratch *scratch, const char *unit, bool mixed)
{
    (void)scratch, (void)unit, (void)mixed;
    const size_t n = r->npoints, np = r->nparams, nk = r->ntied;
    cs_status rc = CS_ERR_NOMEM;
    uint32_t *ids = malloc(n * sizeof *ids);
    double *col = malloc(n * sizeof *col);
    char **labels = calloc(n, sizeof *labels);
    const char **names = malloc((np + nk + 2) * sizeof *names);
    if (!ids || !col || !labels || !names) goto out;
    for (size_t p = 0; p < n; p++) {
        ids[p] = (uint32_t)p;
        if (!(labels[p] = point_label(r, (uint32_t)p))) goto out;
    }
    names[0] = "point";
    for (size_t k = 0; k < np; k++) names[k + 1] = r->param_paths[k];
    for (size_t j = 0; j < nk; j++) names[np + 1 + j] = r->tied_paths[j];
    names[np + nk + 1] = "values";
    rc = write_point_cols(g, r, names, ids, col, labels);
out:
    if (labels)
        for (size_t p = 0; p < n; p++) free(labels[p]);
    free(labels);
    free(names);
    free(col);
    free(ids);
    return rc;
}
