/*
 * journal.h - the resume journal of a sweep (OUT.partial/): finished jobs
 * on disk in whole batches, refused when it belongs to another sweep,
 * version or seed (internal to sim/experiment; see journal.c).
 */
#ifndef CS_EXPERIMENT_JOURNAL_H
#define CS_EXPERIMENT_JOURNAL_H

#include <stdbool.h>
#include <stdint.h>
#include "experiment/job_plan.h"

typedef struct cs_journal cs_journal;

/* What a journal must match to be resumed. */
typedef struct cs_journal_id {
    const char *version;
    char sweep_sha256[65], base_sha256[65];
    uint64_t seed;
    uint32_t replications, shard_index, shard_count;
    uint64_t jobs;               /* jobs in the plan */
} cs_journal_id;

/* Fresh (creates OUT.partial/ with its manifest; refuses an existing one)
 * or resume (the manifest must match id). */
cs_status cs_journal_open(const char *out_path, const cs_journal_id *id, bool resume,
                          cs_journal **j, cs_error *err);
/* Put every journaled job into the laid-out r and mark it in skip[job]. */
cs_status cs_journal_replay(cs_journal *j, const cs_job_plan *pl, cs_results *r, uint8_t *skip,
                            uint64_t *jobs, cs_error *err);
/* A finished job (thread-safe); batches go to disk every
 * CLEARSIM_JOURNAL_SECONDS (default 10). */
void cs_journal_record(cs_journal *j, uint32_t i, uint32_t rep, const cs_rep_out *out);
/* Write what is pending as a batch; CS_ERR_IO or CS_ERR_NOMEM on failure
 * (cs_journal_failure says why). */
cs_status cs_journal_flush(cs_journal *j);
/* NULL, or why a batch could not be written. */
const char *cs_journal_failure(const cs_journal *j);
/* The journal's private folder (opened without following a link) and its
 * name: a sweep's result file grows there until it is published. */
int cs_journal_dirfd(const cs_journal *j);
const char *cs_journal_dir(const cs_journal *j);
/* remove_files: the sweep's file is written, the journal is done. */
void cs_journal_close(cs_journal *j, bool remove_files);

#endif
