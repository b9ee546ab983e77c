/*
 * h5_histograms.c - /histograms: the occupied bins of every metric key's
 * histogram (layout of the bins in stats.h; of the group in docs/hdf5.md).
 *
 * One row per metric key, in /summary order, with the key columns and
 * `bins`, the number of bins the key occupies.  The bins of all keys
 * follow in that order as ragged columns: `bin` (the signed bin key),
 * `lower` and `upper` (its edges) and `count`, each carrying the attribute
 * `lengths` = "bins", so a reader finds a key's bins as the run that starts
 * at the sum of the earlier rows' `bins`, and the merge of shards moves
 * each row's run with its row.  Only occupied bins are stored, so the
 * group is small whatever the sign or scale of the values; the `format`
 * attribute (CS_HIST_FORMAT) lets readers refuse older layouts.
 */
#include <stdlib.h>
#include "output/h5_columns.h"
#include "output/h5_util.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *const histogram_columns[] = { "point", "regime", "flow", "segment", "metric", "bins" };

/* The bins of every key, flattened in key order. */
typedef struct flat_bins {
    size_t n;
    int32_t *key;
    double *lower, *upper;
    uint64_t *count;
} flat_bins;

static void flat_free(flat_bins *f)
{
    free(f->key);
    free(f->lower);
    free(f->upper);
    free(f->count);
}

static cs_status flatten(const cs_results *r, flat_bins *f)
{
    f->n = 0;
    for (size_t k = 0; k < r->nkeys; k++) f->n += r->hists[k].n;
    const size_t n = f->n ? f->n : 1;
    f->key = malloc(n * sizeof *f->key);
    f->lower = malloc(n * sizeof *f->lower);
    f->upper = malloc(n * sizeof *f->upper);
    f->count = malloc(n * sizeof *f->count);
    if (!f->key || !f->lower || !f->upper || !f->count) return CS_ERR_NOMEM;
    size_t at = 0;
    for (size_t k = 0; k < r->nkeys; k++)
        for (size_t b = 0; b < r->hists[k].n; b++, at++) {
            f->key[at] = r->hists[k].key[b];
            f->lower[at] = cs_hist_lower(f->key[at]);
            f->upper[at] = cs_hist_upper(f->key[at]);
            f->count[at] = r->hists[k].count[b];
        }
    return CS_OK;
}

/* One ragged column: chunked and deflated, its rows counted by `bins`. */
static cs_status ragged(hid_t g, const char *name, hid_t ftype, hid_t mtype, const void *data, size_t n,
                        const char *units)
{
    CS_TRY(cs_h5_col_deflate(g, name, ftype, mtype, data, n, units));
    hid_t d = H5Dopen2(g, name, H5P_DEFAULT);
    if (d < 0) return CS_ERR_IO;
    const cs_status st = cs_h5_attr_str(d, "lengths", "bins");
    return H5Dclose(d) < 0 ? CS_ERR_IO : st;
}

static cs_status write_bins(hid_t g, const flat_bins *f, const char *unit)
{
    CS_TRY(ragged(g, "bin", H5T_STD_I32LE, H5T_NATIVE_INT32, f->key, f->n, NULL));
    CS_TRY(ragged(g, "lower", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, f->lower, f->n, unit));
    CS_TRY(ragged(g, "upper", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, f->upper, f->n, unit));
    return ragged(g, "count", H5T_STD_U64LE, H5T_NATIVE_UINT64, f->count, f->n, NULL);
}

cs_status cs_h5_write_histograms(hid_t g, const cs_results *r, cs_h5_scratch *s, const char *unit, bool mixed)
{
    const uint32_t format = CS_HIST_FORMAT, sub = CS_HIST_SUB;
    CS_TRY(cs_h5_attr_strs(g, "columns", histogram_columns, COUNT(histogram_columns)));
    CS_TRY(cs_h5_attr_num(g, "format", H5T_STD_U32LE, H5T_NATIVE_UINT32, &format));
    CS_TRY(cs_h5_attr_num(g, "bins_per_octave", H5T_STD_U32LE, H5T_NATIVE_UINT32, &sub));
    for (size_t i = 0; i < r->nkeys; i++) {
        s->kp[i] = &r->keys[i];
        s->u32[i] = (uint32_t)r->hists[i].n;
    }
    CS_TRY(cs_h5_col(g, "bins", H5T_STD_U32LE, H5T_NATIVE_UINT32, s->u32, r->nkeys, NULL));
    CS_TRY(cs_h5_write_key_cols(g, r->nkeys, s, mixed));
    flat_bins f = { 0 };
    cs_status st = flatten(r, &f);
    if (st == CS_OK) st = write_bins(g, &f, unit);
    flat_free(&f);
    return st;
}
