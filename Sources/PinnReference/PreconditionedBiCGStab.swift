/// Right-preconditioned BiCGStab for a nonsymmetric A x = b, from x = 0 (van der Vorst 1992).
///
/// With shadow residual r̂ = b: ρ' = r̂ᵀr, β = (ρ'/ρ)(α/ω), p = r + β(p − ω v), p̂ = M⁻¹p,
/// v = A p̂, α = ρ'/r̂ᵀv, s = r − α v, ŝ = M⁻¹s, t = A ŝ, ω = tᵀs/tᵀt, x += α p̂ + ω ŝ,
/// r = s − ω t. Two matrix products and two preconditioner applications per iteration, nine
/// vectors. Stops when ‖r‖₂ ≤ tolerance · ‖b‖₂; throws `notConverged` after `maxIterations` or
/// when ρ' or r̂ᵀv or tᵀt vanishes (breakdown).
struct PreconditionedBiCGStab {
    let matrix: CompressedRowMatrix
    let relativeTolerance: Double
    let maxIterations: Int
    /// Its name in errors.
    let method: String

    func solve(
        _ b: [Double], preconditioner: (_ r: [Double], _ z: inout [Double]) throws(SparseSolverError) -> Void
    ) throws(SparseSolverError) -> (solution: [Double], iterations: Int) {
        let n = matrix.rowCount
        let dot = PreconditionedConjugateGradient.dot
        var x = [Double](repeating: 0, count: n)
        let bNorm = dot(b, b).squareRoot()
        guard bNorm > 0 else { return (x, 0) }
        var r = b
        let shadow = b
        let zero = [Double](repeating: 0, count: n)
        var p = zero, v = zero, pHat = zero, s = zero, sHat = zero, t = zero
        var rho = 1.0, alpha = 1.0, omega = 1.0
        var residualNorm = bNorm
        func breakdown(_ iteration: Int) -> SparseSolverError {
            .notConverged(
                method: method + " (breakdown)", iterations: iteration, relativeResidual: residualNorm / bNorm,
                tolerance: relativeTolerance)
        }
        for iteration in 1...max(1, maxIterations) {
            let rhoNew = dot(shadow, r)
            guard rhoNew != 0, omega != 0 else { throw breakdown(iteration) }
            let beta = (rhoNew / rho) * (alpha / omega)
            rho = rhoNew
            for i in 0..<n { p[i] = r[i] + beta * (p[i] - omega * v[i]) }
            try preconditioner(p, &pHat)
            matrix.multiply(pHat, into: &v)
            let shadowV = dot(shadow, v)
            guard shadowV != 0 else { throw breakdown(iteration) }
            alpha = rho / shadowV
            for i in 0..<n { s[i] = r[i] - alpha * v[i] }
            let sNorm = dot(s, s).squareRoot()
            if sNorm <= relativeTolerance * bNorm {
                for i in 0..<n { x[i] += alpha * pHat[i] }
                return (x, iteration)
            }
            try preconditioner(s, &sHat)
            matrix.multiply(sHat, into: &t)
            let tt = dot(t, t)
            guard tt > 0 else { throw breakdown(iteration) }
            omega = dot(t, s) / tt
            var rr = 0.0
            for i in 0..<n {
                x[i] += alpha * pHat[i] + omega * sHat[i]
                r[i] = s[i] - omega * t[i]
                rr += r[i] * r[i]
            }
            residualNorm = rr.squareRoot()
            if residualNorm <= relativeTolerance * bNorm { return (x, iteration) }
        }
        throw .notConverged(
            method: method, iterations: maxIterations, relativeResidual: residualNorm / bNorm,
            tolerance: relativeTolerance)
    }
}
