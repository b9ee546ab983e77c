/*
 * job_record.h - a finished job (point, replication) as bytes, for the
 * resume journal and for MPI ranks (internal to sim/experiment; see
 * job_record.c).
 */
#ifndef CS_EXPERIMENT_JOB_RECORD_H
#define CS_EXPERIMENT_JOB_RECORD_H

#include <stddef.h>
#include <stdint.h>
#include "experiment/job_plan.h"

/* A growable byte buffer. */
typedef struct cs_bytes {
    char *data;
    size_t len, cap;
} cs_bytes;

cs_status cs_bytes_put(cs_bytes *b, const void *p, size_t n);
void cs_bytes_free(cs_bytes *b);

/* Append job (i, rep)'s outputs. */
cs_status cs_job_record_encode(cs_bytes *b, uint32_t i, uint32_t rep, const cs_rep_out *o);
/* Decode one record at *p (advanced past it) into o, which
 * cs_rep_out_alloc sized for the plan: CS_ERR_INPUT when it does not fit
 * the plan (damaged, or from another sweep), CS_ERR_NOMEM. */
cs_status cs_job_record_decode(const char **p, const char *end, const cs_job_plan *pl, uint32_t replications,
                               uint32_t *i, uint32_t *rep, cs_rep_out *o);

#endif
