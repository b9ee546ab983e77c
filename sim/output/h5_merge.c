/*
 * h5_merge.c - `clearsim merge`: the shards of a sweep joined into the file
 * one run would have written.
 *
 * Every table of a result file (/summary, /replications, /histograms,
 * /resources, /counts, ...) has a `point` column and lists its rows point
 * by point, and a shard holds whole points.  So merging needs no knowledge
 * of the tables: each group with a `point` column is merged row by row
 * (h5_merge_table.c).  /scenario, /sweep, /points and the catalogue are
 * the same in every part and are copied; the root attributes too, without
 * the shard's own.  Parts are checked first: this version's result
 * format, same sweep, base scenario, version, seed and replications, every
 * shard of I/N exactly once, and one layout (h5_merge_check.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "clearsim/output.h"
#include "output/h5_columns.h"
#include "output/h5_merge.h"
#include "output/h5_util.h"

#ifndef CLEARSIM_VERSION
#define CLEARSIM_VERSION "0.0.0"
#endif

/* ---- the file ----------------------------------------------------------- */

typedef struct root_job {
    const cs_h5_merge_ctx *m;
    hid_t f;
    const char **where;
    cs_status status;
} root_job;

static cs_status merge_root(const root_job *rj, hid_t r0, const char *name)
{
    if (!strcmp(name, "run_info")) {
        hid_t g = cs_h5_group(rj->f, name);
        if (g < 0) return CS_ERR_IO;
        const cs_status st = cs_h5_write_run_info(g, rj->m->info);
        return H5Gclose(g) < 0 ? CS_ERR_IO : st;
    }
    /* a group with a `point` column is a table; /scenario, /sweep,
     * /points and the catalogue are the same in every part */
    H5O_info_t oi;
    bool table = false;
    if (strcmp(name, "points") != 0 && H5Oget_info_by_name(r0, name, &oi, H5P_DEFAULT) >= 0 && oi.type == H5O_TYPE_GROUP) {
        hid_t g = H5Gopen2(r0, name, H5P_DEFAULT);
        table = g >= 0 && H5Lexists(g, "point", H5P_DEFAULT) > 0;
        if (g >= 0) H5Gclose(g);
    }
    if (table) return cs_h5_merge_table(rj->m, rj->f, name);
    return cs_h5_copy_object(r0, name, rj->f);
}

static herr_t merge_root_object(hid_t r0, const char *name, const H5L_info_t *info, void *op)
{
    (void)info;
    root_job *rj = op;
    *rj->where = !strcmp(name, "run_info") ? "/run_info" : !strcmp(name, "points") ? "/points" : "a table";
    rj->status = merge_root(rj, r0, name);
    return rj->status == CS_OK ? 0 : -1;
}

static cs_status merge_filler(hid_t f, void *ctx, const char **where, cs_error *err)
{
    const cs_h5_merge_ctx *m = ctx;
    *where = "the root attributes";
    CS_TRY(cs_h5_copy_attrs(m->parts[0], f));
    uint64_t cut = 0; /* the draws cut to the model's bound: every part's */
    for (size_t p = 0; p < m->nparts; p++) {
        uint64_t v = 0;
        if (H5Aexists(m->parts[p], "draws_cut") > 0 && cs_h5_read_attr_u64(m->parts[p], "draws_cut", &v) == CS_OK)
            cut += v;
    }
    CS_TRY(cs_h5_attr_num(f, "draws_cut", H5T_STD_U64LE, H5T_NATIVE_UINT64, &cut));
    root_job rj = { m, f, where, CS_OK };
    hsize_t idx = 0;
    if (H5Literate(m->parts[0], H5_INDEX_NAME, H5_ITER_INC, &idx, merge_root_object, &rj) >= 0) return CS_OK;
    if (rj.status == CS_ERR_INPUT) /* the only bad input the tables find */
        return cs_error_set(err, CS_ERR_INPUT, NULL, 0, 0, "a point's rows are in more than one part: the parts "
                            "are not the shards of one sweep");
    return rj.status != CS_OK ? rj.status : CS_ERR_IO;
}

/* ---- checks ------------------------------------------------------------- */

typedef struct part_id {
    char version[64], sweep[65], scenario[65];
    uint64_t seed;
    uint32_t reps, points, shard_index, shard_count;
    uint32_t format; /* of /histograms: 1 before the attribute */
} part_id;

static cs_status read_u32_attr(hid_t obj, const char *name, uint32_t *v)
{
    uint64_t w;
    CS_TRY(cs_h5_read_attr_u64(obj, name, &w));
    if (w > UINT32_MAX) return CS_ERR_IO;
    *v = (uint32_t)w;
    return CS_OK;
}

static uint32_t histogram_format(hid_t f)
{
    uint32_t format = 1;
    hid_t g = H5Lexists(f, "histograms", H5P_DEFAULT) > 0 ? H5Gopen2(f, "histograms", H5P_DEFAULT) : -1;
    if (g >= 0 && H5Aexists(g, "format") > 0 && read_u32_attr(g, "format", &format) != CS_OK) format = 0;
    if (g >= 0) H5Gclose(g);
    return format;
}

static cs_status read_part_id(hid_t f, part_id *id)
{
    memset(id, 0, sizeof *id);
    CS_TRY(cs_h5_read_attr_u64(f, "seed", &id->seed));
    id->format = histogram_format(f);
    CS_TRY(cs_h5_read_attr_str(f, "clearsim_version", id->version, sizeof id->version));
    CS_TRY(cs_h5_read_attr_str(f, "sweep_sha256", id->sweep, sizeof id->sweep));
    CS_TRY(cs_h5_read_attr_str(f, "scenario_sha256", id->scenario, sizeof id->scenario));
    CS_TRY(read_u32_attr(f, "replications", &id->reps));
    CS_TRY(read_u32_attr(f, "points", &id->points));
    CS_TRY(read_u32_attr(f, "shard_index", &id->shard_index));
    return read_u32_attr(f, "shard_count", &id->shard_count);
}

static cs_status check_parts(const cs_h5_merge_ctx *m, const char *const *paths, cs_error *err)
{
    part_id first, id;
    uint8_t *seen = NULL;
    cs_status st = CS_OK;
    for (size_t p = 0; p < m->nparts && st == CS_OK; p++) {
        if (read_part_id(m->parts[p], p ? &id : &first) != CS_OK) {
            st = cs_error_set(err, CS_ERR_INPUT, paths[p], 0, 0,
                              "not a shard of a sweep (clearsim sweep --shard I/N writes those)");
            break;
        }
        const part_id *this = p ? &id : &first;
        if (this->format != CS_HIST_FORMAT) {
            st = cs_error_set(err, CS_ERR_INPUT, paths[p], 0, 0,
                              "was written by clearsim %s in result format %u; clearsim %s merges format %u: run "
                              "its shard again with this version (clearsim sweep --shard I/N) to rewrite it",
                              this->version, this->format, CLEARSIM_VERSION, CS_HIST_FORMAT);
            break;
        }
        if (p == 0) {
            if (m->nparts != first.shard_count) {
                st = cs_error_set(err, CS_ERR_INPUT, paths[0], 0, 0, "is shard %u/%u: %u parts needed, %zu given",
                                  first.shard_index, first.shard_count, first.shard_count, m->nparts);
                break;
            }
            if (!(seen = calloc(first.shard_count, 1))) {
                st = cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
                break;
            }
            id = first;
        } else if (strcmp(id.version, first.version) || strcmp(id.sweep, first.sweep) ||
                   strcmp(id.scenario, first.scenario) || id.seed != first.seed || id.reps != first.reps ||
                   id.points != first.points || id.shard_count != first.shard_count) {
            st = cs_error_set(err, CS_ERR_INPUT, paths[p], 0, 0,
                              "is not a shard of the same sweep as %s (sweep, scenario, version, seed, replications or shard count differ)",
                              paths[0]);
            break;
        }
        if (id.shard_index >= first.shard_count || seen[id.shard_index]++) {
            st = cs_error_set(err, CS_ERR_INPUT, paths[p], 0, 0, "shard %u/%u given twice", id.shard_index,
                              first.shard_count);
            break;
        }
    }
    free(seen);
    return st;
}

/* A shard without points (more shards than the sweep has points): its
 * /summary holds no row.  It is checked as a shard of the sweep and
 * contributes nothing else. */
static bool part_is_empty(hid_t f)
{
    if (H5Lexists(f, "summary", H5P_DEFAULT) <= 0 || H5Lexists(f, "summary/point", H5P_DEFAULT) <= 0) return false;
    hid_t d = H5Dopen2(f, "summary/point", H5P_DEFAULT);
    if (d < 0) return false;
    hid_t sp = H5Dget_space(d);
    hsize_t dims[1] = { 1 };
    const bool empty = sp >= 0 && H5Sget_simple_extent_ndims(sp) == 1 && H5Sget_simple_extent_dims(sp, dims, NULL) == 1 &&
                       dims[0] == 0;
    if (sp >= 0) H5Sclose(sp);
    H5Dclose(d);
    return empty;
}

/* The parts with points, in order, for the layout checks and the tables;
 * paths follow.  None: bad input (a sweep has a point). */
static cs_status parts_with_points(const cs_h5_merge_ctx *m, const char *const *paths, cs_h5_merge_ctx *full,
                                   const char **full_paths, cs_error *err)
{
    full->nparts = 0; /* full->parts: room for m->nparts */
    for (size_t p = 0; p < m->nparts; p++)
        if (!part_is_empty(m->parts[p])) {
            full_paths[full->nparts] = paths[p];
            full->parts[full->nparts++] = m->parts[p];
        }
    if (full->nparts == 0) return cs_error_set(err, CS_ERR_INPUT, paths[0], 0, 0, "no part holds a point");
    return CS_OK;
}

cs_status cs_output_merge(const char *out, const char *const *paths, size_t nparts, bool force,
                          const cs_run_info *info, cs_error *err)
{
    if (nparts == 0) return cs_error_set(err, CS_ERR_INPUT, NULL, 0, 0, "merge needs the parts");
    cs_h5_quiet q;
    cs_h5_quiet_begin(&q);
    cs_h5_merge_ctx m = { calloc(nparts, sizeof(hid_t)), nparts, info };
    cs_status st = m.parts ? CS_OK : cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (size_t p = 0; m.parts && p < nparts; p++) m.parts[p] = -1;
    for (size_t p = 0; st == CS_OK && p < nparts; p++) {
        if (!cs_output_is_clearsim_file(paths[p])) {
            st = cs_error_set(err, CS_ERR_INPUT, paths[p], 0, 0, "not a clearsim result file");
            break;
        }
        hid_t fapl = cs_h5_fapl();
        m.parts[p] = fapl < 0 ? -1 : H5Fopen(paths[p], H5F_ACC_RDONLY, fapl);
        if (fapl >= 0) H5Pclose(fapl);
        if (m.parts[p] < 0) st = cs_error_set(err, CS_ERR_INPUT, paths[p], 0, 0, "cannot open: damaged or truncated HDF5");
    }
    if (st == CS_OK) st = check_parts(&m, paths, err);
    hid_t *held = st == CS_OK ? calloc(nparts, sizeof *held) : NULL;
    const char **held_paths = st == CS_OK ? calloc(nparts, sizeof *held_paths) : NULL;
    cs_h5_merge_ctx full = { held, 0, info };
    if (st == CS_OK && (!held || !held_paths)) st = cs_error_set(err, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    if (st == CS_OK) st = parts_with_points(&m, paths, &full, held_paths, err);
    if (st == CS_OK) st = cs_h5_merge_check(&full, held_paths, err);
    if (st == CS_OK) st = cs_h5_write_file(out, force, merge_filler, &full, err);
    free(held);
    free(held_paths);
    for (size_t p = 0; m.parts && p < nparts; p++)
        if (m.parts[p] >= 0) H5Fclose(m.parts[p]);
    free(m.parts);
    cs_h5_quiet_end(&q);
    return st;
}
