/// The node grid behind a finite-difference system, which geometric multigrid coarsens.
///
/// Nodes lie on a tensor grid of `counts[0] × … × counts[d−1]` nodes (d = 1, 2, 3; x fastest,
/// as `RectilinearGrid` numbers them) with node spacing `spacing[a]` along axis a; the system's
/// unknowns are the nodes with `unknownIndex[node] ≥ 0` (Dirichlet nodes, and nodes outside a
/// masked domain, are −1). This is the `unknownIndex` map the finite-difference solver builds.
public struct MultigridGrid: Sendable, Equatable {
    public var counts: [Int]
    public var spacing: [Double]
    public var unknownIndex: [Int]

    public init(counts: [Int], spacing: [Double], unknownIndex: [Int]) {
        self.counts = counts
        self.spacing = spacing
        self.unknownIndex = unknownIndex
    }

    /// Checks the shape against a system of `unknownCount` unknowns: 1 to 3 axes, at least 2
    /// nodes and a positive finite spacing on each, one entry per node, and every unknown
    /// 0..<unknownCount named by exactly one node.
    func validate(unknownCount: Int) throws(SparseSolverError) {
        func invalid(_ reason: String) -> SparseSolverError { .invalidMultigridGrid(reason: reason) }
        guard (1...3).contains(counts.count) else { throw invalid("\(counts.count) axes; expected 1, 2 or 3") }
        guard spacing.count == counts.count else {
            throw invalid("\(spacing.count) spacings for \(counts.count) axes")
        }
        if let a = counts.firstIndex(where: { $0 < 2 }) { throw invalid("axis \(a) has \(counts[a]) nodes") }
        if let a = spacing.firstIndex(where: { !($0 > 0) || !$0.isFinite }) {
            throw invalid("axis \(a) has spacing \(spacing[a])")
        }
        let nodes = counts.reduce(1, *)
        guard unknownIndex.count == nodes else {
            throw invalid("unknownIndex has \(unknownIndex.count) entries for \(nodes) nodes")
        }
        var seen = [Bool](repeating: false, count: unknownCount)
        for (node, u) in unknownIndex.enumerated() where u >= 0 {
            guard u < unknownCount, !seen[u] else {
                throw invalid("node \(node) has unknown \(u), out of range or already taken (\(unknownCount) unknowns)")
            }
            seen[u] = true
        }
        if let missing = seen.firstIndex(of: false) { throw invalid("no node has unknown \(missing)") }
    }
}

/// How the multigrid-preconditioned conjugate gradient solve runs.
public struct MultigridOptions: Sendable, Equatable {
    /// Stop when ‖b̂ − Â x‖₂ ≤ tolerance · ‖b̂‖₂ for the symmetrised system Â = W A, b̂ = W b.
    /// 1e-12 leaves the algebraic error far below a fourth-order discretisation error.
    public var relativeTolerance: Double
    /// CG iterations before `SparseSolverError.notConverged` (multigrid needs about 10).
    public var maxIterations: Int
    /// Gauss–Seidel sweeps before (forward) and after (backward) the coarse correction.
    public var smoothingSweeps: Int
    /// Coarsening stops at or below this many unknowns; that level is solved by sparse LU.
    public var coarsestUnknowns: Int

    public init(
        relativeTolerance: Double = 1e-12, maxIterations: Int = 100, smoothingSweeps: Int = 1,
        coarsestUnknowns: Int = 1000
    ) {
        self.relativeTolerance = relativeTolerance
        self.maxIterations = maxIterations
        self.smoothingSweeps = smoothingSweeps
        self.coarsestUnknowns = coarsestUnknowns
    }
}
