import PinnNumerics

/// The fourth-order compact scheme on a box (see `FDCompactAssembler`): fixes the Dirichlet
/// nodes, numbers the unknowns, assembles and solves by UMFPACK.
func solveCompact(_ problem: FDProblem, grid: RectilinearGrid, boundary: FDCompactBoxBoundary) throws(FDError)
    -> FDSolution
{
    var unknownIndex = [Int](repeating: -1, count: grid.pointCount)
    var unknownCount = 0
    var values = boundary.fixedValues
    for linear in 0..<grid.pointCount where values[linear].isNaN {
        unknownIndex[linear] = unknownCount
        unknownCount += 1
    }
    var nonzeroCount = 0
    var reciprocalCondition = Double.nan
    if unknownCount > 0 {
        let assembler = FDCompactAssembler(
            grid: grid, boundary: boundary, equation: problem.equation, source: problem.source,
            unknownIndex: unknownIndex)
        let system = assembler.assemble(unknownCount: unknownCount)
        if case .poisson = problem.equation, !system.isAnchored { throw .pureNeumannPoisson }
        let solved: (solution: [Double], nonzeroCount: Int, reciprocalCondition: Double)
        do { solved = try system.solve() } catch { throw FDError(error) }
        for linear in 0..<grid.pointCount where unknownIndex[linear] >= 0 {
            values[linear] = solved.solution[unknownIndex[linear]]
        }
        nonzeroCount = solved.nonzeroCount
        reciprocalCondition = solved.reciprocalCondition
    }
    return FDSolution(
        grid: grid, values: values, mask: [Bool](repeating: true, count: grid.pointCount),
        unknownCount: unknownCount, nonzeroCount: nonzeroCount,
        reciprocalConditionEstimate: reciprocalCondition, scheme: .fourthOrderCompact, order: 4,
        notes: compactNotes(grid: grid, boundary: boundary))
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
