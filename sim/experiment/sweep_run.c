/*
 * sweep_run.c - a sweep as one job plan: every (point, replication), all
 * regimes of a job on common random numbers.
 *
 * The sweep layer (scenario/sweep.c) has already loaded and validated every
 * point, so nothing here can fail on input.  A shard computes the whole
 * points p with p % N == I; its rows carry the sweep's point numbers, so
 * parts merge by point.  The results name the sweep (results/NAME.h5),
 * keep the base scenario's text for /scenario and the sweep's for /sweep.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "clearsim/experiment.h"
#include "clearsim/model.h"
#include "clearsim/sha256.h"
#include "clearsim/sweep.h"

cs_status cs_sweep_fill_results(const cs_sweep *sw, const cs_sweep_options *o, cs_results *r,
                               cs_error *err)
{
    r->param_paths = calloc(sw->nparams ? sw->nparams : 1, sizeof *r->param_paths);
    if (!r->param_paths) return cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (uint32_t k = 0; k < sw->nparams; k++)
        snprintf(r->param_paths[k], sizeof r->param_paths[k], "%s", sw->params[k].path);
    r->npoints = sw->npoints;
    r->nparams = sw->nparams;
    r->point_values = sw->values;
    r->point_numeric = sw->numeric;
    r->sweep_text = sw->text;
    r->sweep_len = sw->text_len;
    cs_sha256_hex(sw->text, sw->text_len, r->sweep_sha256);
    r->shard_index = o->shard_count ? o->shard_index : 0;
    r->shard_count = o->shard_count;
    snprintf(r->scenario_name, sizeof r->scenario_name, "%s", sw->name);
    r->scenario_text = sw->base_text;
    r->scenario_len = sw->base_text_len;
    cs_sha256_hex(sw->base_text, sw->base_text_len, r->scenario_sha256);
    return CS_OK;
}

uint32_t cs_sweep_shard_points(const cs_sweep *sw, const cs_sweep_options *o, uint32_t *ids)
{
    uint32_t n = 0;
    for (uint32_t p = 0; p < sw->npoints; p++)
        if (o->shard_count == 0 || p % o->shard_count == o->shard_index) {
            if (ids) ids[n] = p;
            n++;
        }
    return n;
}

cs_status cs_sweep_plan(const cs_sweep *sw, const cs_sweep_options *o, cs_job_plan *pl,
                        cs_error *err)
{
    memset(pl, 0, sizeof *pl);
    if (o->shard_count && o->shard_index >= o->shard_count)
        return cs_error_set(err, CS_ERR_INPUT, NULL, 0, 0, "shard %u/%u: the index must be below the count",
                            o->shard_index, o->shard_count);
    const uint32_t n = cs_sweep_shard_points(sw, o, NULL);
    if (n == 0)
        return cs_error_set(err, CS_ERR_INPUT, sw->path, 0, 0, "shard %u/%u holds no point (the sweep has %u)",
                            o->shard_index, o->shard_count, sw->npoints);
    uint32_t *ids = malloc(n * sizeof *ids);
    const cs_scenario **sc = malloc(n * sizeof *sc);
    if (!ids || !sc) {
        free(ids);
        free(sc);
        return cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    cs_sweep_shard_points(sw, o, ids);
    for (uint32_t i = 0; i < n; i++) sc[i] = &sw->points[ids[i]];
    pl->model = cs_model_for(&sw->points[0]);
    pl->scenarios = sc;
    pl->point_ids = ids;
    pl->npoints = n;
    /* every shard pads its time series to the whole sweep's longest, so
     * the parts merge row by row */
    for (uint32_t p = 0; pl->model->series_keys && p < sw->npoints; p++) {
        uint32_t samples = 0;
        if (pl->model->series_keys(&sw->points[p], NULL, 0, NULL, &samples) && samples > pl->min_samples)
            pl->min_samples = samples;
    }
    return CS_OK;
}

void cs_sweep_plan_free(cs_job_plan *pl)
{
    free((void *)pl->scenarios);
    free((void *)pl->point_ids);
    cs_job_plan_free(pl);
    memset(pl, 0, sizeof *pl);
}
