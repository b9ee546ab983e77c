/*
 * mpi_sweep.h - a sweep's jobs across MPI ranks; only in builds made with
 * `make MPI=1` (CS_WITH_MPI).  See sim/experiment/mpi_sweep.c.
 */
#ifndef CLEARSIM_MPI_SWEEP_H
#define CLEARSIM_MPI_SWEEP_H

#include <stdbool.h>
#include "clearsim/experiment.h"

#ifdef CS_WITH_MPI
/* MPI_Init_thread asking for MPI_THREAD_SERIALIZED; 0 or -1. */
int cs_mpi_init(int *argc, char ***argv, int *rank, int *size);
void cs_mpi_finalize(void);
/* Did the library grant MPI_THREAD_SERIALIZED (else one thread per rank)? */
bool cs_mpi_threads_ok(void);
/* Every rank calls it with the same plan (offsets filled).  Rank 0 hands
 * out the jobs not skipped and receives their records into the laid-out
 * r (and on_done), then summarises r; other ranks compute and return
 * CS_OK with r untouched. */
cs_status cs_mpi_sweep_execute(cs_job_plan *pl, const cs_run_options *opt, uint32_t replications,
                               uint64_t seed, cs_results *r, cs_error *err);
#endif

#endif
