// MPI (Open MPI from Debian, found through pkg-config's ompi-c).
// The predefined handles and the in-place marker are macros in mpi.h (addresses of library
// globals, cast), which do not import into Swift; they are re-exposed as inline functions.
#pragma once
#include <mpi.h>

static inline MPI_Comm pinn_MPI_COMM_WORLD(void) { return MPI_COMM_WORLD; }
static inline MPI_Datatype pinn_MPI_DOUBLE(void) { return MPI_DOUBLE; }
static inline MPI_Datatype pinn_MPI_INT(void) { return MPI_INT; }
static inline MPI_Op pinn_MPI_SUM(void) { return MPI_SUM; }
static inline MPI_Op pinn_MPI_MAX(void) { return MPI_MAX; }
static inline void *pinn_MPI_IN_PLACE(void) { return MPI_IN_PLACE; }
static inline int pinn_MPI_SUCCESS(void) { return MPI_SUCCESS; }
static inline int pinn_MPI_THREAD_FUNNELED(void) { return MPI_THREAD_FUNNELED; }
