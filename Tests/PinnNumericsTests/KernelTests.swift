import Foundation
import PinnKernels
import XCTest

@testable import PinnNumerics

final class KernelTests: XCTestCase {
    override func tearDown() { pinn_kernels_set_simd_level(2) }

    /// Units in the last place of `exact` (a Double) separating it from `approx`, in type T.
    private func ulps<T: BinaryFloatingPoint>(_ approx: T, _ exact: Double) -> Double {
        let e = T(exact)
        return abs(Double(approx) - exact) / Double(max(e.ulp, T.leastNormalMagnitude))
    }

    private func checkSinCos<T: PinnScalar>(_: T.Type, level: Int32) {
        pinn_kernels_set_simd_level(level)
        var rng = SeededGenerator(seed: 3)
        // Arguments up to |x| = 200 (ω·z for ω = 30 and |z| a few units), odd length to hit the tail.
        let xs: [T] = (0..<10_001).map { i in i < 5000 ? rng.uniform(-4, 4) : rng.uniform(-200, 200) }
        var s = [T](repeating: 0, count: xs.count), c = s
        T.sinCos(xs, &s, &c, count: xs.count)
        var worst = 0.0
        for i in xs.indices {
            // Foundation's sin/cos in Double are within 1 ULP of Double, far below T's ULP for Float.
            worst = max(worst, ulps(s[i], Foundation.sin(Double(xs[i]))), ulps(c[i], Foundation.cos(Double(xs[i]))))
        }
        // SLEEF's u10 functions promise 1.0 ULP; allow 1 more for the Double reference in the f64 case.
        XCTAssertLessThanOrEqual(worst, T.self == Float.self ? 1.01 : 2.0, "\(T.self) SIMD level \(level)")
    }

    func testSinCosIsWithinOneULPOnEveryVectorPath() {
        for level: Int32 in [1, 2] {
            checkSinCos(Float.self, level: level)
            checkSinCos(Double.self, level: level)
        }
    }

    func testSinCosResultsDoNotDependOnPositionInTheArray() {
        let xs: [Float] = (0..<37).map { Float($0) * 0.37 - 5 }
        var s = [Float](repeating: 0, count: 37), c = s
        Float.sinCos(xs, &s, &c, count: 37)
        for start in [1, 5, 13] {
            var s2 = [Float](repeating: 0, count: 37 - start), c2 = s2
            Array(xs[start...]).withUnsafeBufferPointer { Float.sinCos($0.baseAddress!, &s2, &c2, count: 37 - start) }
            XCTAssertEqual(Array(s[start...]), s2)
            XCTAssertEqual(Array(c[start...]), c2)
        }
    }

    func testGemmMatchesTheNaiveProduct() {
        var rng = SeededGenerator(seed: 8)
        let a = Matrix<Double>(rows: 5, cols: 7, storage: (0..<35).map { _ in rng.uniform(-1, 1) })
        let b = Matrix<Double>(rows: 5, cols: 3, storage: (0..<15).map { _ in rng.uniform(-1, 1) })
        var c = Matrix<Double>(rows: 0, cols: 0)
        gemm(a, b, transposeA: .transposed, into: &c) // 7×3 = aᵀ b
        XCTAssertEqual(c.rows, 7)
        XCTAssertEqual(c.cols, 3)
        for i in 0..<7 {
            for j in 0..<3 {
                let naive = (0..<5).reduce(0.0) { $0 + a[$1, i] * b[$1, j] }
                XCTAssertEqual(c[i, j], naive, accuracy: 1e-14)
            }
        }
    }

    func testParallelChunksCoverTheRangeExactlyOnce() {
        let old = Parallel.workers
        defer { Parallel.workers = old }
        for workers in [1, 2, 3] {
            Parallel.workers = workers
            let counter = UnsafeMutableBufferPointer<Int>.allocate(capacity: 100_000)
            counter.initialize(repeating: 0)
            Parallel.forChunks(100_000, minimumChunk: 1000) { r in for i in r { counter[i] += 1 } }
            XCTAssertTrue(counter.allSatisfy { $0 == 1 })
            counter.deallocate()
        }
    }
}
