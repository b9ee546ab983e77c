/*
 * quantiles.h - per-replication quantiles as metric keys of their own
 * (internal to sim/experiment; see quantiles.c).
 */
#ifndef CS_EXPERIMENT_QUANTILES_H
#define CS_EXPERIMENT_QUANTILES_H

#include <stddef.h>
#include "clearsim/model.h"

/* The quantiles derived from every key of a summary kind, in key order
 * after it, named by the source metric and a suffix (release_h.p90). */
#define CS_QUANTILE_N 3
extern const double cs_quantile_levels[CS_QUANTILE_N];
extern const char *const cs_quantile_suffixes[CS_QUANTILE_N];

/* The model's catalogue of s with a metric of kind quantile after each
 * metric of a summary kind (cs_catalog_free it). */
cs_status cs_quantile_catalog(const cs_model *m, const cs_scenario *s, cs_catalog *out);

/* keys[0, n): a model's keys, expanded in place by their quantile keys
 * (keys has room for the result: at most (1 + CS_QUANTILE_N) * n); c is
 * the catalogue that tells their kinds.  Returns the number of keys. */
size_t cs_quantile_keys(const cs_catalog *c, cs_metric_key *keys, size_t n);

/* o after the model filled its nmodel keys of scenario s: every key moved
 * to its place among the expanded keys, each quantile key's value
 * computed from its source's histogram (count: the source's observations;
 * no histogram), o->nmetrics set to the expanded count.  CS_ERR_INTERNAL
 * when that is not o->metrics_cap-compatible or the keys disagree. */
cs_status cs_quantile_rep_out(const cs_catalog *c, const cs_model *m, const cs_scenario *s, size_t nmodel,
                              size_t nexpanded, cs_rep_out *o);

#endif
