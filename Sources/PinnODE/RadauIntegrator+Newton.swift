import PinnNumerics
import RealModule

extension RadauIntegrator {
    /// How a step's simplified Newton iteration ended.
    enum NewtonOutcome {
        /// The stage increments are within the Newton tolerance after this many iterations.
        case converged(iterations: Int)
        /// Diverging, too slow, or non-finite: retry with h·`factor`.
        case failed(factor: Double, nonFinite: Bool)
    }

    /// J = ∂f/∂y at (t, y), its leading m × m block: from `jacobian`, or by forward differences
    /// J_ij ≈ (f_i(t, y + δ_j e_j) − f_i(t, y))/δ_j with δ_j = √(ε·max(10⁻⁵, |y_j|)) (m evaluations of f).
    mutating func evaluateJacobian(_ f: ODEFunction, _ jacobianFunction: ODEJacobian?) {
        let n = y.count, m = stiffDimension
        if let jacobianFunction {
            jacobianFunction(t, y, &jacobian)
        } else {
            for i in 0..<n { point[i] = y[i] }
            for j in 0..<m {
                let delta = (Double.ulpOfOne * max(1e-5, abs(y[j]))).squareRoot()
                point[j] = y[j] + delta
                f(t, point, &estimate)
                for i in 0..<m { jacobian[i + j * m] = (estimate[i] - slope[i]) / delta }
                point[j] = y[j]
            }
            stats.functionEvaluations += m
        }
        stats.jacobianEvaluations += 1
        jacobianIsCurrent = true
        needsJacobian = false
        factoredStepSize = 0
    }

    /// Factors the Newton matrices of step size h: (γ/h) I − J (m × m) and the complex system
    /// ((α + iβ)/h) I − J written as the real 2m × 2m matrix [[α/h I − J, −β/h I], [β/h I, α/h I − J]].
    mutating func factorNewtonMatrices(_ h: Double) throws(LUFactorization.Failure) {
        let n = stiffDimension
        let g = RadauIIA5.gamma / h, a = RadauIIA5.alpha / h, b = RadauIIA5.beta / h
        factoredStepSize = 0
        let jac = jacobian
        try realLU.factor(size: n) { m in
            for j in 0..<n {
                for i in 0..<n { m[i + j * n] = -jac[i + j * n] }
                m[j + j * n] += g
            }
        }
        let m2 = 2 * n
        try complexLU.factor(size: m2) { m in
            for j in 0..<n {
                for i in 0..<n {
                    let v = -jac[i + j * n]
                    m[i + j * m2] = v // upper left
                    m[(n + i) + (n + j) * m2] = v // lower right
                    m[(n + i) + j * m2] = 0 // lower left
                    m[i + (n + j) * m2] = 0 // upper right
                }
                m[j + j * m2] += a
                m[(n + j) + (n + j) * m2] += a
                m[j + (n + j) * m2] = -b
                m[(n + j) + j * m2] = b
            }
        }
        factoredStepSize = h
        stats.factorizations += 1
    }

    /// Solves the stage equations Z = h (A ⊗ I) F(Z) by simplified Newton in W = (T⁻¹ ⊗ I) Z: with
    /// F_i = f(t + c_i h, y + Z_i) and Λ = T⁻¹A⁻¹T, each iteration solves
    ///
    ///     ((Λ/h) ⊗ I − I ⊗ J) ΔW = (T⁻¹ ⊗ I) F − (Λ/h ⊗ I) W
    ///
    /// (one real and one complex system), W += ΔW, Z = (T ⊗ I) W. Started from the last accepted step's
    /// collocation polynomial extrapolated to the new stages (zero for the first step). Stops when
    /// η‖ΔW‖ ≤ κ (η = θ/(1 − θ) from the observed rate θ, κ = max(10ε/rtol, min(0.03, √rtol)), RMS norm
    /// scaled by atol + rtol|y|); fails when θ ≥ 0.99, when the predicted error after the remaining
    /// iterations exceeds κ, or after 7 iterations.
    mutating func solveStages(_ f: ODEFunction, h: Double) -> NewtonOutcome {
        let n = y.count
        let nit = fixedSteps ? 50 : Control.maxNewtonIterations
        let c = RadauIIA5.c, ti = RadauIIA5.tInverse, tm = RadauIIA5.t
        let g = RadauIIA5.gamma / h, a = RadauIIA5.alpha / h, b = RadauIIA5.beta / h
        for i in 0..<n { newtonScale[i] = options.absoluteTolerance + options.relativeTolerance * abs(y[i]) }
        if hasDifferences {
            let ratio = h / lastStepSize
            for s in 0..<3 {
                for i in 0..<n {
                    increments[s][i] = RadauIIA5.polynomial(
                        differences[0][i], differences[1][i], differences[2][i], s: c[s] * ratio)
                }
            }
        } else {
            for s in 0..<3 { for i in 0..<n { increments[s][i] = 0 } }
        }
        for i in 0..<n {
            let z1 = increments[0][i], z2 = increments[1][i], z3 = increments[2][i]
            for r in 0..<3 { transformed[r][i] = ti[r][0] * z1 + ti[r][1] * z2 + ti[r][2] * z3 }
        }
        contraction = Double.pow(max(contraction, Double.ulpOfOne), 0.8)
        newtonRate = Control.jacobianReuseRate
        var previousNorm = 0.0, previousRatio = 0.0
        for iteration in 1...nit {
            for s in 0..<3 {
                for i in 0..<n { point[i] = y[i] + increments[s][i] }
                f(t + c[s] * h, point, &stageSlopes[s])
            }
            stats.functionEvaluations += 3
            for i in 0..<n {
                let f1 = stageSlopes[0][i], f2 = stageSlopes[1][i], f3 = stageSlopes[2][i]
                let w1 = transformed[0][i], w2 = transformed[1][i], w3 = transformed[2][i]
                let (re, im) = complexIndices(i)
                realSystem[i] = ti[0][0] * f1 + ti[0][1] * f2 + ti[0][2] * f3 - g * w1
                complexSystem[re] = ti[1][0] * f1 + ti[1][1] * f2 + ti[1][2] * f3 - a * w2 + b * w3
                complexSystem[im] = ti[2][0] * f1 + ti[2][1] * f2 + ti[2][2] * f3 - b * w2 - a * w3
            }
            solveNewtonSystems(h: h)
            var sum = 0.0
            for i in 0..<n {
                let (re, im) = complexIndices(i)
                let d1 = realSystem[i] / newtonScale[i]
                let d2 = complexSystem[re] / newtonScale[i]
                let d3 = complexSystem[im] / newtonScale[i]
                sum += d1 * d1 + d2 * d2 + d3 * d3
            }
            let norm = n > 0 ? (sum / Double(3 * n)).squareRoot() : 0
            guard norm.isFinite else { return .failed(factor: 0.5, nonFinite: true) }
            if iteration > 1 {
                let ratio = norm / previousNorm
                newtonRate = iteration == 2 ? ratio : (ratio * previousRatio).squareRoot()
                previousRatio = ratio
                guard newtonRate < 0.99 else { return .failed(factor: 0.5, nonFinite: false) }
                contraction = newtonRate / (1 - newtonRate)
                let remaining = nit - 1 - iteration
                let predicted = contraction * norm * Double.pow(newtonRate, remaining) / newtonTolerance
                if predicted >= 1 && !fixedSteps {
                    let q = max(1e-4, min(20, predicted))
                    return .failed(factor: 0.8 * Double.pow(q, -1 / Double(4 + remaining)), nonFinite: false)
                }
            }
            previousNorm = max(norm, Double.ulpOfOne)
            for i in 0..<n {
                let (re, im) = complexIndices(i)
                transformed[0][i] += realSystem[i]
                transformed[1][i] += complexSystem[re]
                transformed[2][i] += complexSystem[im]
                let w1 = transformed[0][i], w2 = transformed[1][i], w3 = transformed[2][i]
                increments[0][i] = tm[0][0] * w1 + tm[0][1] * w2 + tm[0][2] * w3
                increments[1][i] = tm[1][0] * w1 + tm[1][1] * w2 + tm[1][2] * w3
                increments[2][i] = tm[2][0] * w1 + tm[2][1] * w2 + tm[2][2] * w3
            }
            if contraction * norm <= newtonTolerance { return .converged(iterations: iteration) }
        }
        return .failed(factor: 0.5, nonFinite: false)
    }

    /// Where the real and imaginary parts of component i of the complex system are kept: (i, m + i) for
    /// the m stiff components, (m + i, n + i) for the others.
    @inline(__always)
    func complexIndices(_ i: Int) -> (Int, Int) {
        let m = stiffDimension
        return i < m ? (i, m + i) : (m + i, y.count + i)
    }

    /// Solves the Newton systems in place: the stiff components by the LU factors, the others (whose
    /// Jacobian rows and columns count as zero) in closed form, x = (h/γ) r and
    /// (u + iv) = (r₂ + i r₃) h/(α + iβ).
    private mutating func solveNewtonSystems(h: Double) {
        let n = y.count, m = stiffDimension
        realLU.solve(&realSystem)
        complexLU.solve(&complexSystem)
        guard m < n else { return }
        let g = RadauIIA5.gamma / h, a = RadauIIA5.alpha / h, b = RadauIIA5.beta / h
        let norm = a * a + b * b
        for i in m..<n {
            realSystem[i] /= g
            let (re, im) = complexIndices(i)
            let r2 = complexSystem[re], r3 = complexSystem[im]
            complexSystem[re] = (a * r2 + b * r3) / norm
            complexSystem[im] = (a * r3 - b * r2) / norm
        }
    }

    /// The scaled error estimate of the converged step (`RadauIIA5.errorWeights`):
    /// err = ‖((γ/h) I − J)⁻¹ (f(t, y) + (1/h) Σ e_i Z_i) / sc‖_RMS with sc_i = atol + rtol·max(|y_i|, |y₊_i|).
    /// When err ≥ 1 on the first step or after a rejection, the estimate is refined once with f at
    /// y + err instead of f(t, y), which removes its spurious growth for very stiff components
    /// (Hairer & Wanner §IV.8). Floored at 10⁻¹⁰.
    mutating func estimateError(_ f: ODEFunction, h: Double) -> Double {
        let n = y.count
        let e = RadauIIA5.errorWeights
        // stageSlopes[0] keeps (1/h) Σ e_i Z_i; stageSlopes[1] the refined slope.
        for i in 0..<n {
            let combination = (e[0] * increments[0][i] + e[1] * increments[1][i] + e[2] * increments[2][i]) / h
            stageSlopes[0][i] = combination
            estimate[i] = slope[i] + combination
            newtonScale[i] =
                options.absoluteTolerance + options.relativeTolerance * max(abs(y[i]), abs(y[i] + increments[2][i]))
        }
        solveErrorSystem(h: h)
        var err = scaledNorm(estimate)
        if err >= 1 && (!acceptedAny || rejectedLast) {
            for i in 0..<n { point[i] = y[i] + estimate[i] }
            f(t, point, &stageSlopes[1])
            stats.functionEvaluations += 1
            for i in 0..<n { estimate[i] = stageSlopes[1][i] + stageSlopes[0][i] }
            solveErrorSystem(h: h)
            err = scaledNorm(estimate)
        }
        return err.isFinite ? max(err, 1e-10) : err
    }

    /// estimate ← ((γ/h) I − J)⁻¹ estimate (J zero outside the stiff block).
    private mutating func solveErrorSystem(h: Double) {
        realLU.solve(&estimate)
        let g = RadauIIA5.gamma / h
        for i in stiffDimension..<y.count { estimate[i] /= g }
    }

    /// ‖v / newtonScale‖_RMS.
    private func scaledNorm(_ v: [Double]) -> Double {
        let n = v.count
        guard n > 0 else { return 0 }
        var sum = 0.0
        for i in 0..<n {
            let r = v[i] / newtonScale[i]
            sum += r * r
        }
        return (sum / Double(n)).squareRoot()
    }
}
