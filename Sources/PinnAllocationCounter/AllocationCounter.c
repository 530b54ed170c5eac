// Counts heap allocations by interposing glibc's allocation entry points (see the header).
// Forwarding to the exported __libc_* functions avoids dlsym(RTLD_NEXT), which itself allocates.
#include "PinnAllocationCounter.h"

#include <errno.h>
#include <execinfo.h>
#include <stdatomic.h>
#include <stddef.h>
#include <unistd.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);

static _Atomic unsigned long long allocations;

static _Atomic int tracing;
static _Thread_local int inside_trace;

/// Writes the calling thread's stack to standard error (a debugging aid, see the header).
/// backtrace_symbols_fd does not allocate; the first backtrace may (it loads libgcc_s), which the
/// per-thread flag keeps from recursing and which `pinn_allocation_trace` does before arming.
static void trace_one(void) {
    if (inside_trace) return;
    inside_trace = 1;
    void *frames[48];
    int n = backtrace(frames, 48);
    static const char marker[] = "pinn-allocation\n";
    (void)!write(2, marker, sizeof marker - 1);
    backtrace_symbols_fd(frames, n, 2);
    inside_trace = 0;
}

static inline void count_one(void) {
    atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed);
    if (atomic_load_explicit(&tracing, memory_order_relaxed)) trace_one();
}

unsigned long long pinn_allocation_count(void) {
    return atomic_load_explicit(&allocations, memory_order_relaxed);
}

void pinn_allocation_trace(int on) {
    if (on) {
        void *frame[1];
        inside_trace = 1;
        (void)backtrace(frame, 1);
        inside_trace = 0;
    }
    atomic_store_explicit(&tracing, on != 0, memory_order_relaxed);
}

__attribute__((visibility("default"))) void *malloc(size_t size) {
    count_one();
    return __libc_malloc(size);
}

__attribute__((visibility("default"))) void *calloc(size_t count, size_t size) {
    count_one();
    return __libc_calloc(count, size);
}

__attribute__((visibility("default"))) void *realloc(void *pointer, size_t size) {
    count_one();
    return __libc_realloc(pointer, size);
}

__attribute__((visibility("default"))) void *memalign(size_t alignment, size_t size) {
    count_one();
    return __libc_memalign(alignment, size);
}

__attribute__((visibility("default"))) void *aligned_alloc(size_t alignment, size_t size) {
    count_one();
    return __libc_memalign(alignment, size);
}

__attribute__((visibility("default"))) int posix_memalign(void **out, size_t alignment, size_t size) {
    if (alignment < sizeof(void *) || (alignment & (alignment - 1)) != 0) return EINVAL;
    count_one();
    void *p = __libc_memalign(alignment, size);
    if (p == NULL && size != 0) return ENOMEM;
    *out = p;
    return 0;
}
