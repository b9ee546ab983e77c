/*
 * dist.h - probability distributions of the scenario language.
 *
 * A cs_dist is a plain validated value (the scenario loader builds it; see
 * the distribution table of docs/scenarios.md).  Sampling uses inversion
 * with exactly one uniform wherever a closed form exists (exponential,
 * deterministic, uniform, triangular, weibull, lognormal via the normal
 * quantile, empirical, bernoulli, poisson by sequential search); erlang
 * uses k uniforms (the log of their product) and gamma uses Marsaglia-Tsang
 * on the given stream, so a caller that needs a fixed number of draws per
 * variate gives these their own sub-stream.
 */
#ifndef CLEARSIM_DIST_H
#define CLEARSIM_DIST_H

#include <stddef.h>
#include <stdbool.h>
#include "clearsim/rng.h"

typedef enum cs_dist_kind {
    CS_DIST_EXPONENTIAL = 0, /* a = mean */
    CS_DIST_DETERMINISTIC,   /* a = value */
    CS_DIST_ERLANG,          /* k, a = mean of the sum */
    CS_DIST_GAMMA,           /* a = shape, b = mean */
    CS_DIST_LOGNORMAL,       /* a = mean, b = sd of the variable itself */
    CS_DIST_UNIFORM,         /* a = min, b = max */
    CS_DIST_TRIANGULAR,      /* a = min, b = mode, c = max */
    CS_DIST_WEIBULL,         /* a = shape, b = scale */
    CS_DIST_EMPIRICAL,       /* values[n], weights[n] */
    CS_DIST_BERNOULLI,       /* a = p */
    CS_DIST_POISSON,         /* a = mean */
    CS_DIST_COUNT_
} cs_dist_kind;

#define CS_DIST_MAX_EMPIRICAL 4096

typedef struct cs_dist {
    cs_dist_kind kind;
    int k;             /* erlang phases */
    double a, b, c;    /* parameters as the comments above say */
    double d1, d2;     /* derived constants set by cs_dist_prepare */
    size_t n;          /* empirical: number of values */
    double *values;    /* empirical: owned, n entries */
    double *cum;       /* empirical: owned, cumulative normalised weights */
} cs_dist;

/* Name used in YAML ("exponential", ...), and the reverse lookup (-1 if unknown). */
const char *cs_dist_name(cs_dist_kind kind);
int cs_dist_kind_from_name(const char *name);

/* Constructors for code and tests; they set the derived constants. */
cs_dist cs_dist_exponential(double mean);
cs_dist cs_dist_deterministic(double value);
cs_dist cs_dist_erlang(int k, double mean);
cs_dist cs_dist_gamma(double shape, double mean);
cs_dist cs_dist_lognormal(double mean, double sd);
cs_dist cs_dist_uniform(double min, double max);
cs_dist cs_dist_triangular(double min, double mode, double max);
cs_dist cs_dist_weibull(double shape, double scale);
cs_dist cs_dist_bernoulli(double p);
cs_dist cs_dist_poisson(double mean);
/* Copies values and weights (sorted by value, so the quantile is monotone);
 * returns false on allocation failure or invalid input (arrays freed). */
bool cs_dist_empirical(cs_dist *d, const double *values, const double *weights, size_t n);

/* Compute the derived constants after filling kind/k/a/b/c by hand
 * (the loader does this); false if the parameters violate the table. */
bool cs_dist_prepare(cs_dist *d);
/* Deep copy (empirical arrays); false on allocation failure. */
bool cs_dist_copy(cs_dist *dst, const cs_dist *src);
void cs_dist_free(cs_dist *d);

/* One variate.  Exponential, the hot kind of most models, is inlined into
 * the caller; the others go through cs_dist_sample_general.  Both give the
 * same bits as cs_dist_quantile(d, cs_rng_unit(g)) for inversion kinds. */
double cs_dist_sample_general(const cs_dist *d, cs_pcg32 *g);
static inline double cs_dist_sample(const cs_dist *d, cs_pcg32 *g)
{
    if (d->kind == CS_DIST_EXPONENTIAL) return d->a * (0.0 - cs_log(1.0 - cs_rng_unit(g)));
    return cs_dist_sample_general(d, g);
}
/* Inverse CDF at u in [0,1) for the kinds sampled by inversion (all but
 * erlang and gamma, which return NAN). */
double cs_dist_quantile(const cs_dist *d, double u);
double cs_dist_mean(const cs_dist *d);
double cs_dist_variance(const cs_dist *d);
/* Exact CDF (erlang and gamma through the regularised incomplete gamma). */
double cs_dist_cdf(const cs_dist *d, double x);

#endif
