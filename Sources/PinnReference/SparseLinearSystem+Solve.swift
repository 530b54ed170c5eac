/// How to solve a `SparseLinearSystem`: the caller (the integrator of the finite-difference or
/// finite-element solver) chooses per problem.
public enum SparseSolverMethod: Sendable, Equatable {
    /// UMFPACK's sparse LU: any nonsingular matrix (Helmholtz, Shortley–Weller rows).
    case lu
    /// CHOLMOD's sparse Cholesky of W A for the positive diagonal W that makes it symmetric
    /// (W = I for finite elements; halves ghost-point rows for finite differences): SPD systems
    /// on meshes or masked grids.
    case cholesky
    /// Conjugate gradients on W A x = W b preconditioned by one geometric-multigrid V-cycle per
    /// iteration, on the node grid of a box (see `MultigridHierarchy`): SPD finite-difference
    /// systems, time and memory linear in the unknowns. Where no W makes A symmetric
    /// (Shortley–Weller rows on a masked grid), BiCGStab on A with the same V-cycle.
    case multigrid(MultigridGrid, MultigridOptions = MultigridOptions())
}

/// A solution and what it cost.
public struct SparseSolveReport: Sendable {
    public var solution: [Double]
    /// Nonzeros of A (duplicates summed).
    public var nonzeroCount: Int
    /// Nonzeros of the factors (L and U for LU, L for Cholesky, the coarsest level's LU for multigrid).
    public var factorNonzeroCount: Int
    /// UMFPACK's reciprocal condition estimate for `.lu`, NaN otherwise.
    public var reciprocalConditionEstimate: Double
    /// Krylov iterations, conjugate gradients or BiCGStab (0 for the direct methods).
    public var iterations: Int
    /// Multigrid levels including the finest (0 for the direct methods).
    public var levels: Int
    /// Whether the method solved W A x = W b with W A symmetric (Cholesky always; multigrid ran
    /// conjugate gradients then, BiCGStab on A otherwise).
    public var isSymmetrized: Bool
    /// ‖b − A x‖₂ / ‖b‖₂ of the returned solution, for the unscaled system (0 when b = 0).
    public var relativeResidual: Double
}

extension SparseLinearSystem {
    /// Solves A x = b by `method`.
    ///
    /// Multigrid and Cholesky first look for positive row weights w making W A symmetric
    /// (`CompressedRowMatrix.symmetrizingRowWeights`): the ghost-point rows of Neumann/Robin faces
    /// break the symmetry of the finite-difference Poisson matrix by exactly such a factor (½ per
    /// ghost axis). Why conjugate gradients on the symmetrised system rather than BiCGStab or
    /// GMRES on A: with a symmetric V-cycle (forward Gauss–Seidel before, backward after,
    /// R = Pᵀ) the preconditioned operator is SPD, CG's convergence is monotone in the energy
    /// norm and needs one matrix product and one V-cycle per iteration and five vectors, where
    /// BiCGStab needs two of each and GMRES stores its Krylov basis. When no such W exists (the
    /// Shortley–Weller rows where a curved boundary cuts the grid), or when its weights spread
    /// over more than `maxWeightRatio` (W A would be badly scaled, and a residual small for W A
    /// not small for A), multigrid runs BiCGStab on A (right-preconditioned, no symmetry
    /// needed); Cholesky throws `notSymmetrizable` in the first case. Pure-Neumann Poisson (A
    /// singular) must be caught before (`isAnchored`); an indefinite matrix (Helmholtz) throws
    /// `notPositiveDefinite` (or `notSymmetrizable`): use `.lu`.
    public func solve(method: SparseSolverMethod) throws(SparseSolverError) -> SparseSolveReport {
        if case .multigrid(let grid, _) = method { try grid.validate(unknownCount: matrix.dimension) }
        guard matrix.dimension > 0 else {
            return SparseSolveReport(
                solution: [], nonzeroCount: 0, factorNonzeroCount: 0, reciprocalConditionEstimate: .nan, iterations: 0,
                levels: 0, isSymmetrized: false, relativeResidual: 0)
        }
        switch method {
        case .lu:
            let factorization: SparseLUFactorization
            let solution: [Double]
            do {
                factorization = try SparseLUFactorization(matrix)
                solution = try factorization.solve(rhs)
            } catch { throw SparseSolverError(error) }
            return SparseSolveReport(
                solution: solution, nonzeroCount: factorization.nonzeroCount,
                factorNonzeroCount: factorization.factorNonzeroCount,
                reciprocalConditionEstimate: factorization.reciprocalConditionEstimate, iterations: 0, levels: 0,
                isSymmetrized: false, relativeResidual: tripletResidual(solution))
        case .cholesky:
            let (scaled, weights) = try symmetrized()
            let factorization = try SparseCholeskyFactorization(scaled)
            var solution = try factorization.solve(zip(weights, rhs).map(*))
            // One step of iterative refinement against A itself (CHOLMOD factors one triangle of
            // W A, which is symmetric only to rounding): x += (W A)⁻¹ W (b − A x).
            let correction = try factorization.solve(zip(weights, tripletResidualVector(solution)).map(*))
            for i in solution.indices { solution[i] += correction[i] }
            return SparseSolveReport(
                solution: solution, nonzeroCount: scaled.nonzeroCount,
                factorNonzeroCount: factorization.factorNonzeroCount, reciprocalConditionEstimate: .nan,
                iterations: 0, levels: 0, isSymmetrized: true, relativeResidual: tripletResidual(solution))
        case .multigrid(let grid, let options):
            return try solveByMultigrid(options: options) { (a: CompressedRowMatrix) throws(SparseSolverError) in
                try MultigridHierarchy(matrix: a, grid: grid, coarsestUnknowns: options.coarsestUnknowns)
            }
        }
    }

    /// Conjugate gradients on W A x = W b (W from `symmetrizingRowWeights`, within
    /// `maxWeightRatio`), or BiCGStab on A when there is no such W, preconditioned by one
    /// V-cycle per iteration of the hierarchy that `makeHierarchy` builds on the (scaled) matrix.
    func solveByMultigrid(
        options: MultigridOptions,
        makeHierarchy: (CompressedRowMatrix) throws(SparseSolverError) -> MultigridHierarchy
    ) throws(SparseSolverError) -> SparseSolveReport {
        var a = CompressedRowMatrix(matrix)
        let weights = a.symmetrizingRowWeights().flatMap { w in
            (w.max() ?? 1) <= Self.maxWeightRatio * (w.min() ?? 1) ? w : nil
        }
        if let weights { a.scaleRows(by: weights) }
        let b = weights.map { zip($0, rhs).map(*) } ?? rhs
        let hierarchy = try makeHierarchy(a)
        let preconditioner = hierarchy.preconditioner(sweeps: options.smoothingSweeps)
        let solved: (solution: [Double], iterations: Int)
        if weights != nil {
            solved = try PreconditionedConjugateGradient(
                matrix: a, relativeTolerance: options.relativeTolerance, maxIterations: options.maxIterations,
                method: "multigrid-preconditioned conjugate gradients"
            ).solve(b, preconditioner: preconditioner)
        } else {
            solved = try PreconditionedBiCGStab(
                matrix: a, relativeTolerance: options.relativeTolerance, maxIterations: options.maxIterations,
                method: "multigrid-preconditioned BiCGStab"
            ).solve(b, preconditioner: preconditioner)
        }
        return SparseSolveReport(
            solution: solved.solution, nonzeroCount: a.nonzeroCount,
            factorNonzeroCount: hierarchy.coarsest.factorNonzeroCount, reciprocalConditionEstimate: .nan,
            iterations: solved.iterations, levels: hierarchy.levels.count, isSymmetrized: weights != nil,
            relativeResidual: tripletResidual(solved.solution))
    }

    /// Multigrid symmetrises only with weights within this ratio (the finite-difference ghost rows
    /// need 8 at a 3-D corner).
    static let maxWeightRatio = 1000.0

    /// W A in compressed rows and the weights w, or `notSymmetrizable`.
    private func symmetrized() throws(SparseSolverError) -> (CompressedRowMatrix, [Double]) {
        var a = CompressedRowMatrix(matrix)
        guard let weights = a.symmetrizingRowWeights() else {
            throw .notSymmetrizable(
                reason: "the pattern is not symmetric, or a_ij/a_ji differs from the ratio of row weights "
                    + "along some cycle of the matrix graph, or has the wrong sign")
        }
        a.scaleRows(by: weights)
        return (a, weights)
    }

    /// ‖b − A x‖₂ / ‖b‖₂ straight from the triplets (duplicates add up as they should).
    /// b − A x, from the triplets.
    private func tripletResidualVector(_ x: [Double]) -> [Double] {
        var r = rhs
        for k in 0..<matrix.entryCount {
            r[matrix.rows[k]] -= matrix.values[k] * x[matrix.columns[k]]
        }
        return r
    }

    private func tripletResidual(_ x: [Double]) -> Double {
        let r = tripletResidualVector(x)
        let bNorm = PreconditionedConjugateGradient.dot(rhs, rhs).squareRoot()
        return bNorm > 0 ? PreconditionedConjugateGradient.dot(r, r).squareRoot() / bNorm : 0
    }
}
