/*
 * metrics.c - the kinds of metrics and segments, and the catalogue a model
 * describes its statistics with (see metrics.h).
 *
 * Kinds travel through files as the names below, so the table is the one
 * place a kind gets its spelling.  Classifying keys is a lookup by name in
 * the catalogue; catalogues hold a few dozen entries and keys are
 * classified once when they are laid out or read, so a linear search is
 * all it needs.
 */
#include <stdlib.h>
#include <string.h>
#include "clearsim/metrics.h"

static const char *const metric_kind_names[CS_METRIC_KIND_N] = {
    "primary", "headline", "detail", "interval", "count_observed", "count_observed_finished",
    "count_generated", "count_finished", "count", "quantile",
};
static const char *const segment_kind_names[CS_SEGMENT_KIND_N] = {
    "all", "pilot", "path", "channel", "comparator",
};

const char *cs_metric_kind_name(cs_metric_kind k)
{
    return (unsigned)k < CS_METRIC_KIND_N ? metric_kind_names[k] : "unknown";
}

const char *cs_segment_kind_name(cs_segment_kind k)
{
    return (unsigned)k < CS_SEGMENT_KIND_N ? segment_kind_names[k] : "unknown";
}

static int find_name(const char *const *names, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(names[i], name)) return i;
    return -1;
}

bool cs_metric_kind_parse(const char *name, cs_metric_kind *out)
{
    const int i = find_name(metric_kind_names, CS_METRIC_KIND_N, name);
    if (i >= 0) *out = (cs_metric_kind)i;
    return i >= 0;
}

bool cs_segment_kind_parse(const char *name, cs_segment_kind *out)
{
    const int i = find_name(segment_kind_names, CS_SEGMENT_KIND_N, name);
    if (i >= 0) *out = (cs_segment_kind)i;
    return i >= 0;
}

cs_status cs_catalog_alloc(cs_catalog *c, size_t nmetrics, size_t nsegments)
{
    memset(c, 0, sizeof *c);
    c->metrics = calloc(nmetrics ? nmetrics : 1, sizeof *c->metrics);
    c->segments = calloc(nsegments ? nsegments : 1, sizeof *c->segments);
    if (!c->metrics || !c->segments) {
        cs_catalog_free(c);
        return CS_ERR_NOMEM;
    }
    c->nmetrics = nmetrics;
    c->nsegments = nsegments;
    return CS_OK;
}

void cs_catalog_free(cs_catalog *c)
{
    if (!c) return;
    free(c->metrics);
    free(c->segments);
    memset(c, 0, sizeof *c);
}

cs_status cs_catalog_copy(cs_catalog *to, const cs_catalog *from)
{
    const cs_status st = cs_catalog_alloc(to, from->nmetrics, from->nsegments);
    if (st != CS_OK) return st;
    if (from->nmetrics) memcpy(to->metrics, from->metrics, from->nmetrics * sizeof *to->metrics);
    if (from->nsegments) memcpy(to->segments, from->segments, from->nsegments * sizeof *to->segments);
    memcpy(to->origin, from->origin, sizeof to->origin);
    return CS_OK;
}

const cs_metric_info *cs_catalog_metric(const cs_catalog *c, const char *name)
{
    for (size_t i = 0; i < c->nmetrics; i++)
        if (!strcmp(c->metrics[i].name, name)) return &c->metrics[i];
    return NULL;
}

const cs_segment_info *cs_catalog_segment(const cs_catalog *c, const char *name)
{
    for (size_t i = 0; i < c->nsegments; i++)
        if (!strcmp(c->segments[i].name, name)) return &c->segments[i];
    return NULL;
}

cs_status cs_catalog_classify(const cs_catalog *c, cs_metric_key *keys, size_t n, cs_status missing,
                              cs_error *err)
{
    const cs_metric_info *m = NULL;
    const cs_segment_info *s = NULL;
    for (size_t i = 0; i < n; i++) {
        cs_metric_key *k = &keys[i];
        /* keys come grouped: most share the previous key's metric or segment */
        if (!m || strcmp(m->name, k->metric)) m = cs_catalog_metric(c, k->metric);
        if (!s || strcmp(s->name, k->segment)) s = cs_catalog_segment(c, k->segment);
        if (!m)
            return cs_error_set(err, missing, NULL, 0, 0, "metric '%s' is not in the catalogue of its model",
                                k->metric);
        if (!s)
            return cs_error_set(err, missing, NULL, 0, 0, "segment '%s' is not in the catalogue of its model",
                                k->segment);
        k->kind = (uint8_t)m->kind;
        k->segment_kind = (uint8_t)s->kind;
    }
    return CS_OK;
}

bool cs_metric_key_same_flow(const cs_metric_key *a, const cs_metric_key *b)
{
    return a->point == b->point && !strcmp(a->regime, b->regime) && !strcmp(a->flow, b->flow);
}
