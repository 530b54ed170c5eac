import Foundation
import XCTest

@testable import PinnNumerics

/// Counts how often each part runs (parts write disjoint slots).
private struct CountParts: ParallelTask {
    let counts: UnsafeMutableBufferPointer<Int>
    func run(part: Int) { counts[part] += 1 }
}

/// Adds 1 to every index of each chunk.
private struct CountChunk: ChunkTask {
    let counts: UnsafeMutableBufferPointer<Int>
    func run(_ chunk: Range<Int>) { for i in chunk { counts[i] += 1 } }
}

/// Runs a whole `forChunks` inside each part (a nested loop, which runs on the part's thread).
private struct NestedLoops: ParallelTask {
    let counts: UnsafeMutableBufferPointer<Int>
    let width: Int
    func run(part: Int) {
        let slice = UnsafeMutableBufferPointer(rebasing: counts[(part * width)..<((part + 1) * width)])
        Parallel.forChunks(width, minimumChunk: 1, CountChunk(counts: slice))
    }
}

final class ParallelTests: XCTestCase {
    private func withWorkers(_ n: Int, _ body: () throws -> Void) rethrows {
        let old = Parallel.workers
        defer { Parallel.workers = old }
        Parallel.workers = n
        try body()
    }

    func testEveryPartRunsExactlyOnce() {
        for parts in [0, 1, 2, 3, 7, 64] {
            let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: max(parts, 1))
            defer { counts.deallocate() }
            for _ in 0..<20 { // the pool is reused from call to call
                counts.initialize(repeating: 0)
                Parallel.forParts(parts, CountParts(counts: counts))
                XCTAssertTrue(counts.prefix(parts).allSatisfy { $0 == 1 }, "\(parts) parts")
            }
        }
    }

    func testChunkTasksCoverTheRangeExactlyOnceForEachThreadCount() {
        for workers in [1, 2, 3, 5] {
            withWorkers(workers) {
                for count in [0, 1, 999, 100_000] {
                    let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: max(count, 1))
                    counts.initialize(repeating: 0)
                    Parallel.forChunks(count, minimumChunk: 100, CountChunk(counts: counts))
                    XCTAssertTrue(counts.prefix(count).allSatisfy { $0 == 1 }, "\(workers) workers, \(count)")
                    counts.deallocate()
                }
            }
        }
    }

    func testNestedLoopsAndConcurrentCallersComplete() {
        // Nested: each part runs an inner loop while the pool is busy.
        let width = 1000, parts = 4
        let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: width * parts)
        defer { counts.deallocate() }
        counts.initialize(repeating: 0)
        Parallel.forParts(parts, NestedLoops(counts: counts, width: width))
        XCTAssertTrue(counts.allSatisfy { $0 == 1 })

        // Two threads calling at the same time: one gets the pool, the other runs its parts itself.
        let a = UnsafeMutableBufferPointer<Int>.allocate(capacity: 50_000)
        let b = UnsafeMutableBufferPointer<Int>.allocate(capacity: 50_000)
        defer { a.deallocate(); b.deallocate() }
        nonisolated(unsafe) let buffers = [a, b]
        for _ in 0..<20 {
            a.initialize(repeating: 0)
            b.initialize(repeating: 0)
            DispatchQueue.concurrentPerform(iterations: 2) { i in
                Parallel.forChunks(50_000, minimumChunk: 10, CountChunk(counts: buffers[i]))
            }
            XCTAssertTrue(a.allSatisfy { $0 == 1 } && b.allSatisfy { $0 == 1 })
        }
    }

    /// `parallelGemm` against a naive triple loop, for every transpose combination, β = 0 and β = 1,
    /// 1–3 threads, column splits (wide C), row splits (narrow C) and a shape too
    /// small to split.
    func testParallelGemmMatchesTheNaiveProduct() {
        var rng = SeededGenerator(seed: 21)
        for (m, n, k) in [(70, 500, 100), (300, 5, 2200), (3, 4, 5)] {
            for ta in [Transpose.none, .transposed] {
                for tb in [Transpose.none, .transposed] {
                    let a: [Double] = (0..<(m * k)).map { _ in rng.uniform(-1, 1) }
                    let b: [Double] = (0..<(k * n)).map { _ in rng.uniform(-1, 1) }
                    let c0: [Double] = (0..<(m * n)).map { _ in rng.uniform(-1, 1) }
                    let lda = ta == .none ? m : k, ldb = tb == .none ? k : n
                    var product = [Double](repeating: 0, count: m * n)
                    for j in 0..<n {
                        for i in 0..<m {
                            var sum = 0.0
                            for l in 0..<k {
                                sum +=
                                    (ta == .none ? a[i + l * lda] : a[l + i * lda])
                                    * (tb == .none ? b[l + j * ldb] : b[j + l * ldb])
                            }
                            product[i + j * m] = sum
                        }
                    }
                    for workers in [1, 2, 3] {
                        withWorkers(workers) {
                            let blocks = a.withUnsafeBufferPointer { pa in
                                GemmBlocks(
                                    ta: ta, tb: tb, m: m, n: n, k: k, alpha: 1, a: pa.baseAddress!, lda: lda,
                                    b: pa.baseAddress!, ldb: ldb, beta: 0,
                                    c: UnsafeMutablePointer(mutating: pa.baseAddress!),
                                    ldc: m)
                            }
                            XCTAssertEqual(blocks.parts, m > 10 ? workers : 1, "\(m)×\(n)×\(k) is split")
                            XCTAssertEqual(blocks.byColumns, n > m)
                            for beta in [0.0, 1.0] {
                                var c = c0
                                a.withUnsafeBufferPointer { pa in
                                    b.withUnsafeBufferPointer { pb in
                                        c.withUnsafeMutableBufferPointer { pc in
                                            Double.parallelGemm(
                                                ta, tb, m: m, n: n, k: k, alpha: 0.5, a: pa.baseAddress!,
                                                lda: lda, b: pb.baseAddress!, ldb: ldb, beta: beta,
                                                c: pc.baseAddress!, ldc: m)
                                        }
                                    }
                                }
                                let worst =
                                    (0..<(m * n)).map { abs(c[$0] - (0.5 * product[$0] + beta * c0[$0])) }.max() ?? 0
                                XCTAssertLessThan(
                                    worst, 1e-12 * Double(k),
                                    "\(m)×\(n)×\(k) \(ta) \(tb) β=\(beta), \(workers) threads")
                            }
                        }
                    }
                }
            }
        }
    }
}
