/*
 * point_stream.h - a sweep's results stored job by job and written point
 * by point as points complete (point_stream.c; internal to sim/experiment).
 */
#ifndef CS_EXPERIMENT_POINT_STREAM_H
#define CS_EXPERIMENT_POINT_STREAM_H

#include <stdint.h>
#include "clearsim/output.h"
#include "experiment/job_plan.h"

typedef struct cs_point_stream cs_point_stream;

/* A stream of pl's points (offsets filled) into out; set pl->store to
 * cs_point_stream_store and pl->store_ctx to *ps. */
cs_status cs_point_stream_open(const cs_job_plan *pl, uint32_t replications, uint64_t seed, cs_output_stream *out,
                               cs_point_stream **ps, cs_error *err);
/* The plan's store: job (point i, rep) kept, and complete points written
 * in order.  Thread-safe.  A failure stops the stream (every later store
 * returns it too). */
cs_status cs_point_stream_store(void *ctx, uint32_t i, uint32_t rep, const cs_rep_out *o);
/* Hold jobs to points i < (the next point to write) + window (0: no
 * limit), so that at most window points are held however long one job
 * takes; the plan's admit hook is then cs_point_stream_admit, which
 * writes what it can and says whether a job of point i may start. */
void cs_point_stream_set_window(cs_point_stream *s, uint32_t window);
bool cs_point_stream_admit(void *ctx, uint32_t i);
/* The failure that stopped the stream into err (CS_OK: none). */
cs_status cs_point_stream_failure(const cs_point_stream *s, cs_error *err);
/* Write what is left; every point must be complete.  The draws cut over
 * all points into *draws_cut. */
cs_status cs_point_stream_finish(cs_point_stream *s, uint64_t *draws_cut, cs_error *err);
/* The warnings of the points written so far. */
const cs_warning_digest *cs_point_stream_warnings(const cs_point_stream *s);
/* The most points held at once (complete or not), for the estimate. */
uint32_t cs_point_stream_most_in_memory(const cs_point_stream *s);
void cs_point_stream_free(cs_point_stream *s);

#endif
