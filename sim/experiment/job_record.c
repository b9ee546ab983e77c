/*
 * job_record.c - one finished job as bytes: what the resume journal keeps
 * and what MPI ranks send the writing rank; and the output buffers a job
 * is computed into.
 *
 * Layout (native byte order: a journal is resumed, and MPI ranks talk, on
 * the machines that wrote it): point index in the plan and replication
 * (2 x u32); the numbers of metrics, resources, counters, series and
 * samples per series (5 x u64); the draws cut to the model's bound (u64); per metric its Welford accumulator and
 * its occupied histogram bins (u32 count, then i32 key + u64 count each,
 * keys ascending); the resource values; the counters; the series values.
 * Decoding checks every size and key against the plan, so a damaged
 * record is refused, never stored.
 */
#include <stdlib.h>
#include <string.h>
#include "experiment/job_record.h"

cs_status cs_bytes_put(cs_bytes *b, const void *p, size_t n)
{
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 65536;
        while (cap < b->len + n) cap *= 2;
        char *d = realloc(b->data, cap);
        if (!d) return CS_ERR_NOMEM;
        b->data = d;
        b->cap = cap;
    }
    if (n) memcpy(b->data + b->len, p, n);
    b->len += n;
    return CS_OK;
}

void cs_bytes_free(cs_bytes *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

/* One histogram's occupied bins. */
static cs_status put_hist(cs_bytes *b, const cs_hist *h)
{
    const size_t n = cs_hist_occupied(h);
    int32_t *key = malloc((n ? n : 1) * sizeof *key);
    uint64_t *count = malloc((n ? n : 1) * sizeof *count);
    const uint32_t nbins = (uint32_t)n;
    cs_status st = key && count ? cs_bytes_put(b, &nbins, sizeof nbins) : CS_ERR_NOMEM;
    if (st == CS_OK) cs_hist_collect(h, key, count);
    for (size_t i = 0; i < n && st == CS_OK; i++) {
        st = cs_bytes_put(b, &key[i], sizeof key[i]);
        if (st == CS_OK) st = cs_bytes_put(b, &count[i], sizeof count[i]);
    }
    free(key);
    free(count);
    return st;
}

cs_status cs_job_record_encode(cs_bytes *b, uint32_t i, uint32_t rep, const cs_rep_out *o)
{
    const uint32_t head[2] = { i, rep };
    const uint64_t sizes[5] = { o->nmetrics, o->nresources, o->ncounters, o->nseries, o->nsamples };
    cs_status st = cs_bytes_put(b, head, sizeof head);
    if (st == CS_OK) st = cs_bytes_put(b, sizes, sizeof sizes);
    if (st == CS_OK) st = cs_bytes_put(b, &o->draws_cut, sizeof o->draws_cut);
    for (size_t k = 0; st == CS_OK && k < o->nmetrics; k++) {
        st = cs_bytes_put(b, &o->metrics[k], sizeof o->metrics[k]);
        if (st == CS_OK) st = put_hist(b, &o->hists[k]);
    }
    if (st == CS_OK) st = cs_bytes_put(b, o->resources, o->nresources * sizeof *o->resources);
    if (st == CS_OK) st = cs_bytes_put(b, o->counters, o->ncounters * sizeof *o->counters);
    if (st == CS_OK) st = cs_bytes_put(b, o->series, o->nseries * o->nsamples * sizeof *o->series);
    return st;
}

static bool get(const char **p, const char *end, void *out, size_t n)
{
    if ((size_t)(end - *p) < n) return false;
    if (n) memcpy(out, *p, n);
    *p += n;
    return true;
}

/* One histogram's bins into the cleared h: keys ascending and in range,
 * counts positive. */
static cs_status get_hist(const char **p, const char *end, cs_hist *h)
{
    uint32_t nbins;
    cs_hist_clear(h);
    if (!get(p, end, &nbins, sizeof nbins)) return CS_ERR_INPUT;
    int64_t last = INT64_MIN;
    for (uint32_t z = 0; z < nbins; z++) {
        int32_t key;
        uint64_t c;
        if (!get(p, end, &key, sizeof key) || !get(p, end, &c, sizeof c) || key <= last ||
            key < -CS_HIST_KEY_INF || key > CS_HIST_KEY_INF || c == 0)
            return CS_ERR_INPUT;
        last = key;
        cs_hist_add_key(h, key, c);
        if (h->failed) return CS_ERR_NOMEM;
    }
    return CS_OK;
}

cs_status cs_job_record_decode(const char **p, const char *end, const cs_job_plan *pl, uint32_t nrep,
                               uint32_t *i_out, uint32_t *rep_out, cs_rep_out *o)
{
    uint32_t head[2];
    uint64_t sizes[5];
    if (!get(p, end, head, sizeof head) || !get(p, end, sizes, sizeof sizes) ||
        !get(p, end, &o->draws_cut, sizeof o->draws_cut))
        return CS_ERR_INPUT;
    const uint32_t i = head[0], rep = head[1];
    if (i >= pl->npoints || rep >= nrep) return CS_ERR_INPUT;
    if (sizes[0] != pl->key_off[i + 1] - pl->key_off[i] || sizes[1] != pl->res_off[i + 1] - pl->res_off[i] ||
        sizes[2] != pl->cnt_off[i + 1] - pl->cnt_off[i] || sizes[3] != pl->ser_off[i + 1] - pl->ser_off[i] ||
        (sizes[3] && sizes[4] != pl->nsamples))
        return CS_ERR_INPUT;
    o->nmetrics = sizes[0];
    o->nresources = sizes[1];
    o->ncounters = sizes[2];
    o->nseries = sizes[3];
    o->nsamples = pl->nsamples;
    for (size_t k = 0; k < o->nmetrics; k++) {
        if (!get(p, end, &o->metrics[k], sizeof o->metrics[k])) return CS_ERR_INPUT;
        const cs_status st = get_hist(p, end, &o->hists[k]);
        if (st != CS_OK) return st;
    }
    *i_out = i;
    *rep_out = rep;
    return get(p, end, o->resources, o->nresources * sizeof *o->resources) &&
                   get(p, end, o->counters, o->ncounters * sizeof *o->counters) &&
                   get(p, end, o->series, o->nseries * o->nsamples * sizeof *o->series)
               ? CS_OK
               : CS_ERR_INPUT;
}

cs_status cs_rep_out_alloc(cs_rep_out *o, const cs_job_plan *pl)
{
    memset(o, 0, sizeof *o);
    const size_t keys = pl->max_keys ? pl->max_keys : 1;
    o->metrics = calloc(keys, sizeof *o->metrics);
    o->hists = calloc(keys, sizeof *o->hists);
    o->metrics_cap = o->hists ? keys : 0;
    o->resources = calloc(pl->max_res ? pl->max_res : 1, sizeof *o->resources);
    o->counters = calloc(pl->max_cnt ? pl->max_cnt : 1, sizeof *o->counters);
    const size_t nser = pl->max_ser * pl->nsamples;
    o->series = malloc((nser ? nser : 1) * sizeof *o->series);
    if (o->metrics && o->hists && o->resources && o->counters && o->series) return CS_OK;
    cs_rep_out_free(o);
    return CS_ERR_NOMEM;
}

void cs_rep_out_free(cs_rep_out *o)
{
    for (size_t k = 0; o->hists && k < o->metrics_cap; k++) cs_hist_free(&o->hists[k]);
    free(o->metrics);
    free(o->hists);
    free(o->resources);
    free(o->counters);
    free(o->series);
    free(o->trace);
    memset(o, 0, sizeof *o);
}
