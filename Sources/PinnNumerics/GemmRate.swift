import Dispatch

/// Measures this machine's GEMM rate: the median GFLOP/s of repeated square products of size `n`
/// (2n³ floating-point operations each), after one warm-up.
public func measureGemmRate<T: PinnScalar>(_: T.Type, n: Int = 1536, repeats: Int = 7) -> Double {
    var rng = SeededGenerator(seed: 1)
    let a = Matrix<T>(rows: n, cols: n, storage: (0..<n * n).map { _ in rng.uniform(-1, 1) })
    let b = Matrix<T>(rows: n, cols: n, storage: (0..<n * n).map { _ in rng.uniform(-1, 1) })
    var c = Matrix<T>(rows: n, cols: n)
    gemm(a, b, into: &c)
    var rates = [Double]()
    for _ in 0..<repeats {
        let t0 = DispatchTime.now().uptimeNanoseconds
        gemm(a, b, into: &c)
        let dt = Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9
        rates.append(2 * Double(n) * Double(n) * Double(n) / dt / 1e9)
    }
    return median(rates)
}

/// The median of a non-empty sample (mean of the middle two for even counts).
public func median(_ xs: [Double]) -> Double {
    precondition(!xs.isEmpty, "median of an empty sample")
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : 0.5 * (s[s.count / 2 - 1] + s[s.count / 2])
}
