/*
 * job_record.c - one finished job as bytes: what the resume journal keeps
 * and what MPI ranks send the writing rank.
 *
 * Layout (native byte order: a journal is resumed, and MPI ranks talk, on
 * the machines that wrote it): point index in the plan and replication
 * (2 x u32); the numbers of metrics, resources, counters, series and
 * samples per series (5 x u64);
 * per metric its Welford accumulator and the non-zero histogram bins
 * (u32 count, then u32 bin + u64 count each, most bins are empty); the
 * resource values; the counters; the series values.  Decoding checks every size against the
 * plan, so a damaged record is refused, never stored.
 */
#include <stdlib.h>
#include <string.h>
#include "clearsim/job_record.h"

bool cs_bytes_put(cs_bytes *b, const void *p, size_t n)
{
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 65536;
        while (cap < b->len + n) cap *= 2;
        char *d = realloc(b->data, cap);
        if (!d) return false;
        b->data = d;
        b->cap = cap;
    }
    if (n) memcpy(b->data + b->len, p, n);
    b->len += n;
    return true;
}

void cs_bytes_free(cs_bytes *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

bool cs_job_record_encode(cs_bytes *b, uint32_t i, uint32_t rep, const cs_rep_out *o)
{
    const uint32_t head[2] = { i, rep };
    const uint64_t sizes[5] = { o->nmetrics, o->nresources, o->ncounters, o->nseries, o->nsamples };
    bool ok = cs_bytes_put(b, head, sizeof head) && cs_bytes_put(b, sizes, sizeof sizes);
    for (size_t k = 0; ok && k < o->nmetrics; k++) {
        uint32_t nnz = 0;
        for (int bin = 0; bin < CS_HIST_NBINS; bin++) nnz += o->hists[k].count[bin] != 0;
        ok = cs_bytes_put(b, &o->metrics[k], sizeof o->metrics[k]) && cs_bytes_put(b, &nnz, sizeof nnz);
        for (int bin = 0; ok && bin < CS_HIST_NBINS; bin++)
            if (o->hists[k].count[bin]) {
                const uint32_t at = (uint32_t)bin;
                ok = cs_bytes_put(b, &at, sizeof at) && cs_bytes_put(b, &o->hists[k].count[bin], sizeof(uint64_t));
            }
    }
    return ok && cs_bytes_put(b, o->resources, o->nresources * sizeof *o->resources) &&
           cs_bytes_put(b, o->counters, o->ncounters * sizeof *o->counters) &&
           cs_bytes_put(b, o->series, o->nseries * o->nsamples * sizeof *o->series);
}

static bool get(const char **p, const char *end, void *out, size_t n)
{
    if ((size_t)(end - *p) < n) return false;
    if (n) memcpy(out, *p, n);
    *p += n;
    return true;
}

bool cs_job_record_decode(const char **p, const char *end, const cs_job_plan *pl, uint32_t nrep,
                          uint32_t *i_out, uint32_t *rep_out, cs_rep_out *o)
{
    uint32_t head[2];
    uint64_t sizes[5];
    if (!get(p, end, head, sizeof head) || !get(p, end, sizes, sizeof sizes)) return false;
    const uint32_t i = head[0], rep = head[1];
    if (i >= pl->npoints || rep >= nrep) return false;
    if (sizes[0] != pl->key_off[i + 1] - pl->key_off[i] || sizes[1] != pl->res_off[i + 1] - pl->res_off[i] ||
        sizes[2] != pl->cnt_off[i + 1] - pl->cnt_off[i] || sizes[3] != pl->ser_off[i + 1] - pl->ser_off[i] ||
        (sizes[3] && sizes[4] != pl->nsamples))
        return false;
    o->nmetrics = sizes[0];
    o->nresources = sizes[1];
    o->ncounters = sizes[2];
    o->nseries = sizes[3];
    o->nsamples = pl->nsamples;
    for (size_t k = 0; k < o->nmetrics; k++) {
        uint32_t nnz;
        memset(&o->hists[k], 0, sizeof o->hists[k]);
        if (!get(p, end, &o->metrics[k], sizeof o->metrics[k]) || !get(p, end, &nnz, sizeof nnz)) return false;
        for (uint32_t z = 0; z < nnz; z++) {
            uint32_t bin;
            uint64_t c;
            if (!get(p, end, &bin, sizeof bin) || !get(p, end, &c, sizeof c) || bin >= CS_HIST_NBINS) return false;
            o->hists[k].count[bin] = c;
        }
    }
    *i_out = i;
    *rep_out = rep;
    return get(p, end, o->resources, o->nresources * sizeof *o->resources) &&
           get(p, end, o->counters, o->ncounters * sizeof *o->counters) &&
           get(p, end, o->series, o->nseries * o->nsamples * sizeof *o->series);
}

bool cs_rep_out_alloc(cs_rep_out *o, const cs_job_plan *pl)
{
    memset(o, 0, sizeof *o);
    o->metrics = calloc(pl->max_keys ? pl->max_keys : 1, sizeof *o->metrics);
    o->hists = calloc(pl->max_keys ? pl->max_keys : 1, sizeof *o->hists);
    o->resources = calloc(pl->max_res ? pl->max_res : 1, sizeof *o->resources);
    o->counters = calloc(pl->max_cnt ? pl->max_cnt : 1, sizeof *o->counters);
    const size_t nser = pl->max_ser * pl->nsamples;
    o->series = malloc((nser ? nser : 1) * sizeof *o->series);
    if (o->metrics && o->hists && o->resources && o->counters && o->series) return true;
    cs_rep_out_free(o);
    return false;
}

void cs_rep_out_free(cs_rep_out *o)
{
    free(o->metrics);
    free(o->hists);
    free(o->resources);
    free(o->counters);
    free(o->series);
    free(o->trace);
    memset(o, 0, sizeof *o);
}
