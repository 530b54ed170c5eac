#ifndef PINN_ALLOCATION_COUNTER_H
#define PINN_ALLOCATION_COUNTER_H

/// Number of heap allocation calls (malloc, calloc, realloc, posix_memalign, aligned_alloc,
/// memalign) made by any thread of this process since it started.
///
/// Linked into the `pinn` executable only (for `pinn bench`): the executable's definitions of these
/// functions interpose glibc's for the whole process, count the call with a relaxed atomic increment
/// and forward to glibc's `__libc_*` implementations. `free` is not replaced.
unsigned long long pinn_allocation_count(void);

/// Debugging aid: while on (nonzero), every counted allocation also writes a line
/// "pinn-allocation" and the allocating thread's stack (glibc `backtrace_symbols_fd`) to standard
/// error. `pinn bench` turns it on around its timed steps when PINN_ALLOCATION_TRACE=1 is set.
void pinn_allocation_trace(int on);

#endif
