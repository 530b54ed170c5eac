import PinnNumerics

/// The compact scheme's linear system on a box, before it is solved: the unknowns are the
/// non-Dirichlet nodes in grid order (x fastest), `unknownIndex` maps a node to its column.
/// (A solver other than UMFPACK, such as a multigrid cycle, can start from here.)
struct FDCompactDiscretisation {
    let grid: RectilinearGrid
    /// The column of every unknown node, −1 at Dirichlet nodes.
    let unknownIndex: [Int]
    let unknownCount: Int
    /// u at the Dirichlet nodes, NaN at the unknowns.
    let fixedValues: [Double]
    /// Rows scaled and signed as `FDCompactAssembler` describes; nil when every node is fixed.
    let system: SparseLinearSystem?

    init(_ problem: FDProblem, grid: RectilinearGrid, boundary: FDCompactBoxBoundary) {
        var unknownIndex = [Int](repeating: -1, count: grid.pointCount)
        var unknownCount = 0
        for linear in 0..<grid.pointCount where boundary.fixedValues[linear].isNaN {
            unknownIndex[linear] = unknownCount
            unknownCount += 1
        }
        self.grid = grid
        self.unknownIndex = unknownIndex
        self.unknownCount = unknownCount
        fixedValues = boundary.fixedValues
        system =
            unknownCount == 0
            ? nil
            : FDCompactAssembler(
                grid: grid, boundary: boundary, equation: problem.equation, source: problem.source,
                unknownIndex: unknownIndex
            ).assemble(unknownCount: unknownCount)
    }
}

/// The fourth-order compact scheme on a box (see `FDCompactAssembler`): fixes the Dirichlet
/// nodes, numbers the unknowns, assembles and solves (multigrid, or LU; see `ChosenSolve`).
func solveCompact(_ problem: FDProblem, grid: RectilinearGrid, boundary: FDCompactBoxBoundary) throws(FDError)
    -> FDSolution
{
    let discretisation = FDCompactDiscretisation(problem, grid: grid, boundary: boundary)
    var values = discretisation.fixedValues
    var nonzeroCount = 0
    var reciprocalCondition = Double.nan
    var solver = ""
    if let system = discretisation.system {
        if case .poisson = problem.equation, !system.isAnchored { throw .pureNeumannPoisson }
        let solved: ChosenSolve
        do {
            solved = try system.solveFiniteDifference(
                on: MultigridGrid(
                    counts: grid.counts, spacing: grid.uniformSpacing, unknownIndex: discretisation.unknownIndex),
                equation: problem.equation)
        } catch { throw FDError(error) }
        for (linear, column) in discretisation.unknownIndex.enumerated() where column >= 0 {
            values[linear] = solved.solution[column]
        }
        nonzeroCount = solved.nonzeroCount
        reciprocalCondition = solved.reciprocalConditionEstimate
        solver = solved.solver
    }
    var solution = FDSolution(
        grid: grid, values: values, mask: [Bool](repeating: true, count: grid.pointCount),
        unknownCount: discretisation.unknownCount, nonzeroCount: nonzeroCount,
        reciprocalConditionEstimate: reciprocalCondition, scheme: .fourthOrderCompact, order: 4,
        notes: compactNotes(grid: grid, boundary: boundary))
    solution.solver = solver
    return solution
}

/// Where the compact scheme's boundary treatment is below fourth order: along an axis with only
/// 3 nodes, the one-sided differences at the edges of Neumann/Robin faces lose an order.
private func compactNotes(grid: RectilinearGrid, boundary: FDCompactBoxBoundary) -> [String] {
    guard let axis = grid.counts.firstIndex(of: 3) else { return [] }
    for linear in 0..<grid.pointCount where boundary.fixedValues[linear].isNaN {
        if !FDCompactBoxBoundary.faces(of: grid.index(ofFlat: linear), counts: grid.counts).isEmpty {
            return [
                "only 3 nodes along \(["x", "y", "z"][axis]): the one-sided differences at the edges of "
                    + "Neumann/Robin faces are of lower order; use at least 4 nodes per axis for fourth order"
            ]
        }
    }
    return []
}
