// A persistent pool of worker threads for pinn's parallel loops.
#pragma once
#include <stddef.h>

/// One part of a parallel job: `part` is in 0 ..< parts.
typedef void (*pinn_pool_task)(void *context, size_t part);

/// Runs task(context, 0) … task(context, parts − 1), each exactly once, on the calling thread and the
/// pool's worker threads, and returns when all have finished. Nothing is allocated per call.
///
/// Worker threads are started on first need (up to parts − 1 of them, at most 255) and then live as
/// long as the process; between jobs they spin briefly and then sleep on a futex. Parts are handed out
/// in order from a shared counter, so the caller keeps working when a worker is not scheduled; which
/// thread runs a part never changes what the part computes. When the pool is already running a job
/// (a nested call from inside a task, or a call from another thread at the same time), the parts run
/// one after the other on the calling thread instead.
void pinn_pool_run(size_t parts, pinn_pool_task task, void *context);

/// Worker threads started so far.
int pinn_pool_threads(void);
