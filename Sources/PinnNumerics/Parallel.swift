import Dispatch

/// Splits `0..<count` into contiguous chunks, one per worker thread, and runs `body` on each
/// concurrently. Chunk boundaries depend only on `count` and `workers`, so elementwise results are
/// identical for a given thread count. Small ranges run inline on the caller's thread.
public enum Parallel {
    /// Number of worker threads for elementwise work (the machine's active cores; overridable).
    nonisolated(unsafe) public static var workers: Int = ProcessInfoCores.active

    public static func forChunks(_ count: Int, minimumChunk: Int = 16_384,
                                 _ body: (Range<Int>) -> Void) {
        let n = min(workers, max(1, count / max(1, minimumChunk)))
        if n <= 1 {
            body(0..<count)
            return
        }
        // The chunks are disjoint and `concurrentPerform` returns only when all are done, so the
        // non-escaping, non-Sendable body is safe to share across the worker threads.
        withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let body = body
            DispatchQueue.concurrentPerform(iterations: n) { w in
                body(count * w / n ..< count * (w + 1) / n)
            }
        }
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
}

#if canImport(Glibc)
import Glibc
#endif
