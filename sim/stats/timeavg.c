/*
 * timeavg.c - time-weighted averages of piecewise-constant signals.
 *
 * Only the running integral and the last change are kept, so the cost per
 * change is constant and reading the mean at any time t folds in the open
 * segment [last_t, t] without mutating the accumulator.
 */
#include <assert.h>
#include <math.h>
#include "clearsim/stats.h"

void cs_timeavg_init(cs_timeavg *a, double t, double value)
{
    assert(a);
    a->start = t;
    a->last_t = t;
    a->value = value;
    a->area = 0.0;
}

void cs_timeavg_reset(cs_timeavg *a, double t)
{
    assert(a);
    assert(!(t < a->last_t));
    a->start = t;
    a->last_t = t;
    a->area = 0.0;
}

double cs_timeavg_area(const cs_timeavg *a, double t)
{
    assert(a);
    assert(!(t < a->last_t));
    return a->area + a->value * (t - a->last_t);
}

double cs_timeavg_mean(const cs_timeavg *a, double t)
{
    assert(a);
    const double span = t - a->start;
    if (!(span > 0.0)) return NAN;
    return cs_timeavg_area(a, t) / span;
}
