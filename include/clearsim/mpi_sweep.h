/*
 * mpi_sweep.h - starting and ending MPI for sweeps across ranks
 * (cs_sweep_run uses them); only in builds made with `make MPI=1`
 * (CS_WITH_MPI).  See sim/experiment/mpi_sweep.c.
 */
#ifndef CLEARSIM_MPI_SWEEP_H
#define CLEARSIM_MPI_SWEEP_H

#include <stdbool.h>
#include "clearsim/experiment.h"

#ifdef CS_WITH_MPI
/* MPI_Init_thread asking for MPI_THREAD_SERIALIZED. */
cs_status cs_mpi_init(int *argc, char ***argv, int *rank, int *size, cs_error *err);
void cs_mpi_finalize(void);
/* Did the library grant MPI_THREAD_SERIALIZED (else one thread per rank)? */
bool cs_mpi_threads_ok(void);
#endif

#endif
