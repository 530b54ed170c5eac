/// The solver each reference system goes to, and how it went.
///
/// - Finite differences on a box (every node of the grid a node of the problem): conjugate
///   gradients preconditioned by a geometric-multigrid V-cycle, time and memory linear in the
///   unknowns. Helmholtz Δu + k²u = f is tried the same way on −A (symmetric positive definite
///   while k² stays below the smallest eigenvalue of −Δ with these conditions, as for small k);
///   when the matrix turns out indefinite, or the cycle does not converge, UMFPACK's LU solves it.
/// - Finite differences on a masked grid (Shortley–Weller rows, not symmetric): multigrid with
///   BiCGStab, with the same fallback.
/// - Finite elements: CHOLMOD's Cholesky for Poisson (SPD; LU if it turns out not to be).
///   Helmholtz, A = K − M_k² + R (indefinite once k² passes the lowest eigenvalue): when the
///   system keeps its shift S = 2 M_k², BiCGStab on A preconditioned by CHOLMOD's Cholesky of the
///   SPD A + S = K + M_k² + R (the preconditioned operator's eigenvalues are (λ − k²)/(λ + k²) for
///   the eigenvalues λ of K + R in the M-inner product when k² is constant, all in [−1, 1], so the
///   iteration count stays bounded under refinement while k² keeps clear of the λ), to a relative
///   residual of 10⁻¹⁴ (the factors are nearly exact, so a few more iterations buy the digits
///   a direct solve would give); Cholesky's memory, about half of LU's, is the limit then. Without a shift,
///   or if that fails (A + S not positive definite, no convergence), UMFPACK's LU.
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

    /// Solves a finite-element system: Cholesky for Poisson; for Helmholtz BiCGStab preconditioned
    /// by the Cholesky of the shifted operator when there is a shift, else LU. When the shifted
    /// solve fails on a system of more than `luUnknownLimit` unknowns its error is thrown rather
    /// than falling back to an LU whose fill would not fit in memory (3-D meshes sized for Cholesky).
    func solveFiniteElement(
        equation: FDEquation, luUnknownLimit: Int = .max, coarseSpace: CompressedRowMatrix? = nil
    ) throws(SparseSolverError) -> ChosenSolve {
        guard case .poisson = equation else {
            guard let shift else { return try solveByLU(reason: nil) }
            do {
                return try solvePreconditionedByShift(shift, coarseSpace: coarseSpace)
            } catch {
                switch error {
                case .notPositiveDefinite, .notConverged: break
                default: throw error
                }
                guard matrix.dimension <= luUnknownLimit else { throw error }
                return try solveByLU(reason: "the shifted preconditioner did not apply (\(error))")
            }
        }
        if let coarseSpace {
            do {
                let report = try solveByMultigrid(options: Self.pMultigridOptions) {
                    (a: CompressedRowMatrix) throws(SparseSolverError) in
                    try MultigridHierarchy(matrix: a, interpolation: coarseSpace)
                }
                return ChosenSolve(
                    solution: report.solution, nonzeroCount: report.nonzeroCount, reciprocalConditionEstimate: .nan,
                    solver: "conjugate gradients preconditioned by p-multigrid to P1 (\(report.iterations) iterations)")
            } catch {
                switch error {
                case .notPositiveDefinite, .notSymmetrizable, .notConverged: break
                default: throw error
                }
            }
        }
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

    /// Tolerance, iterations and sweeps of the p-multigrid solves: a relative residual of 10⁻¹³
    /// leaves the algebraic error well below the reference's discretisation error (checked against
    /// Cholesky in `FEMPMultigridTests`); two Gauss–Seidel sweeps before and after the coarse
    /// correction smooth the P2/P3 modes that P1 cannot hold.
    static let pMultigridOptions = MultigridOptions(relativeTolerance: 1e-13, maxIterations: 400, smoothingSweeps: 2)

    /// BiCGStab on A x = b preconditioned by the SPD A + S (see `ChosenSolve`): by its Cholesky
    /// factors, or with `coarseSpace` by one p-multigrid V-cycle on it (no factorization of the
    /// fine system: memory and time linear in the unknowns).
    private func solvePreconditionedByShift(
        _ shift: [Double], coarseSpace: CompressedRowMatrix?
    ) throws(SparseSolverError) -> ChosenSolve {
        let shifted = CompressedRowMatrix(matrix, adding: shift)
        let a = CompressedRowMatrix(matrix)
        let preconditioner: (_ r: [Double], _ z: inout [Double]) throws(SparseSolverError) -> Void
        let name: String
        let tolerance: Double
        if let coarseSpace {
            preconditioner = try MultigridHierarchy(matrix: shifted, interpolation: coarseSpace)
                .preconditioner(sweeps: Self.pMultigridOptions.smoothingSweeps)
            name = "a p-multigrid V-cycle (to P1)"
            tolerance = Self.pMultigridOptions.relativeTolerance
        } else {
            let factorization = try SparseCholeskyFactorization(shifted)
            preconditioner = { (r: [Double], z: inout [Double]) throws(SparseSolverError) in
                z = try factorization.solve(r)
            }
            name = "the sparse Cholesky (CHOLMOD)"
            tolerance = 1e-14
        }
        let solved = try PreconditionedBiCGStab(
            matrix: a, relativeTolerance: tolerance,
            maxIterations: coarseSpace == nil ? 200 : Self.pMultigridOptions.maxIterations,
            method: "BiCGStab preconditioned by \(name) of K + M_k² + R"
        ).solve(rhs, preconditioner: preconditioner)
        return ChosenSolve(
            solution: solved.solution, nonzeroCount: a.nonzeroCount, reciprocalConditionEstimate: .nan,
            solver:
                "BiCGStab (\(solved.iterations) iterations) preconditioned by \(name) of the shifted operator K + k²M")
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
