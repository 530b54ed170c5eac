import PinnNumerics

/// Runs `body(worker, item)` for items 0 ..< count on `workers` threads of pinn's worker pool
/// (`Parallel.forParts`), item i on worker i mod workers, and returns when all are done. Items must
/// write to disjoint places; a worker may keep per-worker state (its index is its slot). Parallel
/// loops inside `body` (the network's GEMMs) find the pool busy and run on their worker's thread.
func forEachConcurrently(_ count: Int, workers: Int, _ body: (_ worker: Int, _ item: Int) -> Void) {
    let n = max(1, min(workers, count))
    if n == 1 {
        for item in 0..<count { body(0, item) }
        return
    }
    // forParts returns when every part has, so the non-escaping body is safe to share.
    withoutActuallyEscaping(body) { body in
        Parallel.forParts(n, StridedItems(count: count, workers: n, body: body))
    }
}

/// Part w of `forEachConcurrently`: items w, w + workers, w + 2·workers, …
private struct StridedItems: ParallelTask {
    let count: Int, workers: Int
    let body: (Int, Int) -> Void

    func run(part worker: Int) {
        for item in stride(from: worker, to: count, by: workers) { body(worker, item) }
    }
}

/// A fixed set of slots that threads write to at distinct indices (one per task or worker).
final class Slots<Value>: @unchecked Sendable {
    private var values: [Value]
    init(_ values: [Value]) { self.values = values }

    subscript(_ i: Int) -> Value {
        get { values.withUnsafeBufferPointer { $0[i] } }
        set { values.withUnsafeMutableBufferPointer { $0[i] = newValue } }
    }

    var all: [Value] { values }
}
