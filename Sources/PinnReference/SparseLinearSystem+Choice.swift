/// The solver each reference system goes to, and how it went.
///
/// - Finite differences on a box (every node of the grid a node of the problem): conjugate
///   gradients preconditioned by a geometric-multigrid V-cycle, time and memory linear in the
///   unknowns. Helmholtz Δu + k²u = f is tried the same way on −A (symmetric positive definite
///   while k² stays below the smallest eigenvalue of −Δ with these conditions, as for small k);
///   when the matrix turns out indefinite, or the cycle does not converge, UMFPACK's LU solves it.
/// - Finite differences on a masked grid (Shortley–Weller rows, not symmetric): multigrid with
///   BiCGStab, with the same fallback.
/// - Finite elements: CHOLMOD's Cholesky for Poisson (SPD; LU if it turns out not to be),
///   UMFPACK's LU for Helmholtz.
struct ChosenSolve {
    var solution: [Double]
    var nonzeroCount: Int
    var reciprocalConditionEstimate: Double
    /// The method in words ("multigrid-preconditioned CG, 9 iterations").
    var solver: String
}

extension SparseLinearSystem {
    /// Solves a finite-difference system on `grid` (see `ChosenSolve`).
    func solveFiniteDifference(on grid: MultigridGrid, equation: FDEquation) throws(SparseSolverError) -> ChosenSolve {
        var system = self
        if case .helmholtz = equation { system = system.negated() }
        do {
            let report = try system.solve(method: .multigrid(grid))
            let krylov = report.isSymmetrized ? "CG" : "BiCGStab"
            return ChosenSolve(
                solution: report.solution, nonzeroCount: report.nonzeroCount, reciprocalConditionEstimate: .nan,
                solver: "multigrid-preconditioned \(krylov) (\(report.levels) levels, \(report.iterations) iterations)")
        } catch {
            switch error {
            case .notPositiveDefinite, .notSymmetrizable, .notConverged: break
            default: throw error
            }
        }
        return try solveByLU(reason: "multigrid does not apply to this matrix")
    }

    /// Solves a finite-element system: Cholesky for Poisson, LU for Helmholtz.
    func solveFiniteElement(equation: FDEquation) throws(SparseSolverError) -> ChosenSolve {
        guard case .poisson = equation else { return try solveByLU(reason: nil) }
        do {
            let report = try solve(method: .cholesky)
            return ChosenSolve(
                solution: report.solution, nonzeroCount: report.nonzeroCount, reciprocalConditionEstimate: .nan,
                solver: "sparse Cholesky (CHOLMOD)")
        } catch {
            switch error {
            case .notPositiveDefinite, .notSymmetrizable: break
            default: throw error
            }
        }
        return try solveByLU(reason: "the matrix is not symmetric positive definite")
    }

    private func solveByLU(reason: String?) throws(SparseSolverError) -> ChosenSolve {
        let report = try solve(method: .lu)
        return ChosenSolve(
            solution: report.solution, nonzeroCount: report.nonzeroCount,
            reciprocalConditionEstimate: report.reciprocalConditionEstimate,
            solver: "sparse LU (UMFPACK)" + (reason.map { "; \($0)" } ?? ""))
    }

    /// −A x = −b.
    func negated() -> SparseLinearSystem {
        var matrix = SparseTripletMatrix(dimension: self.matrix.dimension)
        matrix.reserveCapacity(self.matrix.entryCount)
        for k in 0..<self.matrix.entryCount {
            matrix.add(row: self.matrix.rows[k], column: self.matrix.columns[k], value: -self.matrix.values[k])
        }
        return SparseLinearSystem(matrix: matrix, rhs: rhs.map { -$0 }, isAnchored: isAnchored)
    }
}
