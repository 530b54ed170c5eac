// A persistent worker pool (see WorkerPool.h): one job at a time, parts claimed from a shared counter.
//
// The job's state is one 64-bit word: generation (32 bits) | parts (16) | next unclaimed part (16).
// A thread claims a part by a compare-and-swap that also checks the generation, so a thread that
// woke late for an old job can never claim a part of a newer one. The caller publishes a job by
// writing the task and context and then the state word (release); a successful claim (acquire)
// therefore sees that job's task and context, which stay untouched until every part is done.
// Sleeping uses futexes on the 32-bit generation (workers) and on the done counter (the caller),
// with a sleeper flag checked after the store that wakes (sequentially consistent), so no wake-up
// is lost.
#define _GNU_SOURCE
#include "WorkerPool.h"

#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

enum { max_threads = 255, max_parts = 0xffff };
// How long a thread spins before it sleeps: long enough to bridge the gap between two parallel
// loops of one training step (a GEMM, a short serial loop), short enough not to hold a core that
// another process or BLAS needs.
static const long worker_spin_ns = 100000;
static const long caller_spin_ns = 200000;

static struct {
    pthread_mutex_t grow;         // serialises starting threads
    _Atomic int threads;          // worker threads started
    _Atomic int busy;             // 1 while a caller owns the pool
    _Atomic uint64_t state;       // generation << 32 | parts << 16 | next part
    _Atomic uint32_t generation;  // futex word the workers sleep on
    _Atomic int sleepers;         // workers in (or entering) futex wait
    _Atomic uint32_t done;        // parts finished in the current job; futex word of the caller
    _Atomic int caller_sleeping;
    pinn_pool_task task;          // plain fields, published by the release store of `state`
    void *context;
} pool = {.grow = PTHREAD_MUTEX_INITIALIZER};

static void futex_wait(_Atomic uint32_t *word, uint32_t expected) {
    syscall(SYS_futex, (uint32_t *)word, FUTEX_WAIT_PRIVATE, expected, NULL, NULL, 0);
}

static void futex_wake(_Atomic uint32_t *word, int count) {
    syscall(SYS_futex, (uint32_t *)word, FUTEX_WAKE_PRIVATE, count, NULL, NULL, 0);
}

static long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

static inline void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

/// Claims and runs parts of job `generation` until none is left (or a newer job has replaced it).
static void participate(uint32_t generation) {
    uint64_t s = atomic_load_explicit(&pool.state, memory_order_acquire);
    for (;;) {
        if ((uint32_t)(s >> 32) != generation) return;
        uint32_t parts = (uint32_t)(s >> 16) & max_parts, next = (uint32_t)s & max_parts;
        if (next >= parts) return;
        if (!atomic_compare_exchange_weak_explicit(&pool.state, &s, s + 1, memory_order_acquire,
                                                   memory_order_acquire))
            continue;  // s now holds the current state
        pool.task(pool.context, next);
        uint32_t finished = atomic_fetch_add(&pool.done, 1) + 1;
        if (finished == parts && atomic_load(&pool.caller_sleeping)) futex_wake(&pool.done, 1);
        s = atomic_load_explicit(&pool.state, memory_order_acquire);
    }
}

static void *worker_main(void *argument) {
    uint32_t seen = (uint32_t)(uintptr_t)argument;
    for (;;) {
        uint32_t g = atomic_load_explicit(&pool.generation, memory_order_acquire);
        if (g == seen) {
            long deadline = now_ns() + worker_spin_ns;
            for (int i = 1; (g = atomic_load_explicit(&pool.generation, memory_order_acquire)) == seen; i++) {
                cpu_relax();
                if ((i & 63) == 0 && now_ns() > deadline) break;
            }
            while (g == seen) {
                atomic_fetch_add(&pool.sleepers, 1);
                if (atomic_load(&pool.generation) == seen) futex_wait(&pool.generation, seen);
                atomic_fetch_sub(&pool.sleepers, 1);
                g = atomic_load_explicit(&pool.generation, memory_order_acquire);
            }
        }
        seen = g;
        participate(g);
    }
    return NULL;
}

/// Starts worker threads until there are `wanted` (or thread creation fails).
static void ensure_threads(int wanted) {
    if (wanted > max_threads) wanted = max_threads;
    if (atomic_load_explicit(&pool.threads, memory_order_acquire) >= wanted) return;
    pthread_mutex_lock(&pool.grow);
    while (atomic_load(&pool.threads) < wanted) {
        pthread_t thread;
        pthread_attr_t attributes;
        pthread_attr_init(&attributes);
        pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
        uint32_t g = atomic_load(&pool.generation);
        int failed = pthread_create(&thread, &attributes, worker_main, (void *)(uintptr_t)g);
        pthread_attr_destroy(&attributes);
        if (failed) break;
        atomic_fetch_add(&pool.threads, 1);
    }
    pthread_mutex_unlock(&pool.grow);
}

static void run_serially(size_t parts, pinn_pool_task task, void *context) {
    for (size_t i = 0; i < parts; i++) task(context, i);
}

void pinn_pool_run(size_t parts, pinn_pool_task task, void *context) {
    int idle = 0;
    if (parts <= 1 || parts > max_parts ||
        !atomic_compare_exchange_strong(&pool.busy, &idle, 1)) {
        run_serially(parts, task, context);
        return;
    }
    ensure_threads((int)(parts - 1));
    pool.task = task;
    pool.context = context;
    atomic_store_explicit(&pool.done, 0, memory_order_relaxed);
    uint32_t g = atomic_load_explicit(&pool.generation, memory_order_relaxed) + 1;
    atomic_store_explicit(&pool.state, (uint64_t)g << 32 | (uint64_t)parts << 16, memory_order_release);
    atomic_store(&pool.generation, g);
    if (atomic_load(&pool.sleepers) > 0) futex_wake(&pool.generation, INT_MAX);

    participate(g);

    uint32_t finished = atomic_load_explicit(&pool.done, memory_order_acquire);
    if (finished < parts) {
        long deadline = now_ns() + caller_spin_ns;
        for (int i = 1; (finished = atomic_load_explicit(&pool.done, memory_order_acquire)) < parts; i++) {
            cpu_relax();
            if ((i & 63) == 0 && now_ns() > deadline) break;
        }
        while (finished < parts) {
            atomic_store(&pool.caller_sleeping, 1);
            finished = atomic_load(&pool.done);
            if (finished < parts) futex_wait(&pool.done, finished);
            atomic_store(&pool.caller_sleeping, 0);
            finished = atomic_load_explicit(&pool.done, memory_order_acquire);
        }
    }
    pool.task = NULL;
    pool.context = NULL;
    atomic_store_explicit(&pool.busy, 0, memory_order_release);
}

int pinn_pool_threads(void) { return atomic_load(&pool.threads); }
