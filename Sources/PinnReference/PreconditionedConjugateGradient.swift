/// Preconditioned conjugate gradients for a symmetric positive definite A x = b, from x = 0.
///
/// With r = b − A x, z = M⁻¹ r and search direction p: α = rᵀz / pᵀA p, x += α p, r −= α A p,
/// β = r'ᵀz' / rᵀz, p = z' + β p (Hestenes & Stiefel 1952). Stops when ‖r‖₂ ≤ tolerance · ‖b‖₂
/// (the recursively updated r, which tracks b − A x to rounding at these tolerances). Throws
/// `notPositiveDefinite` if pᵀA p ≤ 0 (A or M not SPD) and `notConverged` after
/// `maxIterations`. Five vectors of storage besides the preconditioner's.
struct PreconditionedConjugateGradient {
    let matrix: CompressedRowMatrix
    let relativeTolerance: Double
    let maxIterations: Int
    /// Its name in errors.
    let method: String

    func solve(
        _ b: [Double], preconditioner: (_ r: [Double], _ z: inout [Double]) throws(SparseSolverError) -> Void
    ) throws(SparseSolverError) -> (solution: [Double], iterations: Int) {
        let n = matrix.rowCount
        var x = [Double](repeating: 0, count: n)
        let bNorm = Self.dot(b, b).squareRoot()
        guard bNorm > 0 else { return (x, 0) }
        var r = b
        var z = [Double](repeating: 0, count: n)
        try preconditioner(r, &z)
        var p = z
        var q = [Double](repeating: 0, count: n)
        var rz = Self.dot(r, z)
        var residualNorm = bNorm
        for iteration in 1...max(1, maxIterations) {
            matrix.multiply(p, into: &q)
            let pq = Self.dot(p, q)
            guard pq > 0 else {
                throw .notPositiveDefinite(
                    call: method, detail: "pᵀA p = \(pq) at iteration \(iteration): the matrix is not positive definite"
                )
            }
            let alpha = rz / pq
            var rr = 0.0
            for i in 0..<n {
                x[i] += alpha * p[i]
                r[i] -= alpha * q[i]
                rr += r[i] * r[i]
            }
            residualNorm = rr.squareRoot()
            if residualNorm <= relativeTolerance * bNorm { return (x, iteration) }
            try preconditioner(r, &z)
            let rzNew = Self.dot(r, z)
            let beta = rzNew / rz
            rz = rzNew
            for i in 0..<n { p[i] = z[i] + beta * p[i] }
        }
        throw .notConverged(
            method: method, iterations: maxIterations, relativeResidual: residualNorm / bNorm,
            tolerance: relativeTolerance)
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var sum = 0.0
        for i in a.indices { sum += a[i] * b[i] }
        return sum
    }
}
