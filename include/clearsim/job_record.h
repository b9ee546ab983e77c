/*
 * job_record.h - a finished job (point, replication) as bytes, for the
 * resume journal and for MPI ranks (see sim/experiment/job_record.c).
 */
#ifndef CLEARSIM_JOB_RECORD_H
#define CLEARSIM_JOB_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "clearsim/experiment.h"
#include "clearsim/model.h"

/* A growable byte buffer. */
typedef struct cs_bytes {
    char *data;
    size_t len, cap;
} cs_bytes;

bool cs_bytes_put(cs_bytes *b, const void *p, size_t n);
void cs_bytes_free(cs_bytes *b);

/* Append job (i, rep)'s outputs; false when out of memory. */
bool cs_job_record_encode(cs_bytes *b, uint32_t i, uint32_t rep, const cs_rep_out *o);
/* Decode one record at *p (advanced past it) into o, which
 * cs_rep_out_alloc sized for the plan; false when it does not fit the plan
 * (damaged, or from another sweep). */
bool cs_job_record_decode(const char **p, const char *end, const cs_job_plan *pl, uint32_t replications,
                          uint32_t *i, uint32_t *rep, cs_rep_out *o);
/* Output buffers sized for the plan's largest point. */
bool cs_rep_out_alloc(cs_rep_out *o, const cs_job_plan *pl);
void cs_rep_out_free(cs_rep_out *o);

#endif
