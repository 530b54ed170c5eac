import PinnKernels

#if canImport(Glibc)
    import Glibc
#endif

/// Work split into parts that may run at the same time on different threads: `run(part:)` is called
/// once for each part in `0..<parts`. A task is a small value (pointers and sizes) that the parts read;
/// parts must write disjoint memory.
public protocol ParallelTask {
    func run(part: Int)

    /// Runs part `part` of the task of this type stored at `task` (how the pool reaches a task of any
    /// type without a closure; the default implementation is the one to use).
    static func run(taskAt task: UnsafeRawPointer, part: Int)
}

extension ParallelTask {
    @inlinable
    public static func run(taskAt task: UnsafeRawPointer, part: Int) {
        task.assumingMemoryBound(to: Self.self).pointee.run(part: part)
    }
}

/// A loop body over contiguous chunks of an index range (see `Parallel.forChunks`).
public protocol ChunkTask {
    func run(_ chunk: Range<Int>)
}

/// Parallel loops over pinn's persistent worker pool (`PinnKernels/worker_pool.c`).
///
/// The calling thread takes part in the work; the pool's threads are started once and reused.
/// `forParts` and `forChunks` with a task value allocate nothing per call. Chunk boundaries depend
/// only on `count`, the minimum chunk and `workers`, so results are identical run to run for a given
/// thread count, whichever thread runs which chunk. Small ranges, and calls made while the pool is busy (a nested loop, or
/// another thread's loop at the same time), run on the calling thread.
public enum Parallel {
    /// Number of threads for parallel loops (the caller plus workers): `PINN_THREADS` when set to a
    /// positive integer, else the machine's active cores. Overridable (tests compare thread counts).
    nonisolated(unsafe) public static var workers: Int = ProcessInfoCores.configured

    /// Runs `task.run(part:)` for every part in `0..<parts`, concurrently, and returns when all are done.
    @inlinable
    public static func forParts<Task: ParallelTask>(_ parts: Int, _ task: Task) {
        if parts <= 1 {
            if parts == 1 { task.run(part: 0) }
            return
        }
        // The pool returns only when every part is done, so pointers to this frame stay valid. The job
        // carries the task's address and its type (a metatype, not a closure), so nothing is allocated,
        // specialized or not.
        withUnsafePointer(to: task) { pointer in
            var job = PoolJob(task: UnsafeRawPointer(pointer), type: Task.self)
            runOnPool(parts: parts, &job)
        }
    }

    /// Number of chunks `forChunks` splits `0..<count` into.
    @inlinable
    public static func chunkCount(_ count: Int, minimumChunk: Int) -> Int {
        min(workers, max(1, count / max(1, minimumChunk)))
    }

    /// Runs `task` on contiguous chunks covering `0..<count`, concurrently: at most `workers` chunks,
    /// none shorter than `minimumChunk` unless the whole range is.
    @inlinable
    public static func forChunks<Task: ChunkTask>(_ count: Int, minimumChunk: Int = 16_384, _ task: Task) {
        let n = chunkCount(count, minimumChunk: minimumChunk)
        if n <= 1 {
            task.run(0..<count)
            return
        }
        forParts(n, Chunks(count: count, parts: n, task: task))
    }

    /// `forChunks` with a closure, for code off the hot path: converting the closure for the pool
    /// allocates a small context per call (use a `ChunkTask` in loops that must not allocate).
    public static func forChunks(_ count: Int, minimumChunk: Int = 16_384, _ body: (Range<Int>) -> Void) {
        let n = chunkCount(count, minimumChunk: minimumChunk)
        if n <= 1 {
            body(0..<count)
            return
        }
        withoutActuallyEscaping(body) { body in
            forParts(n, Chunks(count: count, parts: n, task: ClosureChunkTask(body: body)))
        }
    }

    /// The chunks of `0..<count` as parts.
    @usableFromInline
    struct Chunks<Task: ChunkTask>: ParallelTask {
        @usableFromInline let count: Int, parts: Int
        @usableFromInline let task: Task

        @inlinable init(count: Int, parts: Int, task: Task) {
            self.count = count
            self.parts = parts
            self.task = task
        }

        @inlinable func run(part: Int) { task.run(count * part / parts..<count * (part + 1) / parts) }
    }

    struct ClosureChunkTask: ChunkTask {
        let body: (Range<Int>) -> Void
        func run(_ chunk: Range<Int>) { body(chunk) }
    }
}

/// A job for the C pool: the task's address and its type, which knows how to run one part of it.
@usableFromInline
struct PoolJob {
    @usableFromInline var task: UnsafeRawPointer
    @usableFromInline var type: any ParallelTask.Type

    @inlinable init(task: UnsafeRawPointer, type: any ParallelTask.Type) {
        self.task = task
        self.type = type
    }
}

/// Hands `job` to the C pool as `parts` parts and waits for them.
@usableFromInline
func runOnPool(parts: Int, _ job: inout PoolJob) {
    withUnsafeMutablePointer(to: &job) { job in
        pinn_pool_run(
            parts,
            { context, part in
                let job = context.unsafelyUnwrapped.assumingMemoryBound(to: PoolJob.self)
                job.pointee.type.run(taskAt: job.pointee.task, part: part)
            }, job)
    }
}

/// The number of cores this process may use.
public enum ProcessInfoCores {
    public static var active: Int {
        #if canImport(Glibc)
            return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        #else
            return 1
        #endif
    }

    /// `PINN_THREADS` when it is a positive integer, else `active`.
    public static var configured: Int {
        if let text = getenv("PINN_THREADS"), let n = Int(String(cString: text)), n > 0 { return n }
        return active
    }
}
