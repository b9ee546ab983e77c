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

/* What a ragged column holds of bin (key, count). */
typedef enum bin_field { BIN_KEY, BIN_LOWER, BIN_UPPER, BIN_COUNT } bin_field;

/* One field of every key's bins, flattened in key order, into buf (8
 * bytes a bin; the key as int32). */
static void flatten(const cs_results *r, bin_field field, void *buf)
{
    int32_t *key = buf;
    double *edge = buf;
    uint64_t *count = buf;
    size_t at = 0;
    for (size_t k = 0; k < r->nkeys; k++)
        for (size_t b = 0; b < r->hists[k].n; b++, at++) {
            const int32_t bin = r->hists[k].key[b];
            switch (field) {
            case BIN_KEY: key[at] = bin; break;
            case BIN_LOWER: edge[at] = cs_hist_lower(bin); break;
            case BIN_UPPER: edge[at] = cs_hist_upper(bin); break;
            default: count[at] = r->hists[k].count[b]; break;
            }
        }
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

/* The ragged columns, one at a time through one buffer: a sweep's
 * histograms hold millions of bins. */
static cs_status write_bins(hid_t g, const cs_results *r, const char *unit)
{
    static const struct {
        const char *name;
        bin_field field;
        bool is_time;
    } cols[] = {
        { "bin", BIN_KEY, false }, { "lower", BIN_LOWER, true }, { "upper", BIN_UPPER, true },
        { "count", BIN_COUNT, false },
    };
    size_t n = 0;
    for (size_t k = 0; k < r->nkeys; k++) n += r->hists[k].n;
    void *buf = malloc((n ? n : 1) * sizeof(double));
    if (!buf) return CS_ERR_NOMEM;
    cs_status st = CS_OK;
    for (size_t c = 0; c < COUNT(cols) && st == CS_OK; c++) {
        flatten(r, cols[c].field, buf);
        const hid_t ft = cols[c].field == BIN_KEY ? H5T_STD_I32LE
                         : cols[c].field == BIN_COUNT ? H5T_STD_U64LE : H5T_IEEE_F64LE;
        const hid_t mt = cols[c].field == BIN_KEY ? H5T_NATIVE_INT32
                         : cols[c].field == BIN_COUNT ? H5T_NATIVE_UINT64 : H5T_NATIVE_DOUBLE;
        st = ragged(g, cols[c].name, ft, mt, buf, n, cols[c].is_time ? unit : NULL);
    }
    free(buf);
    return st;
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
    return write_bins(g, r, unit);
}
