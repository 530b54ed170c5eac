import PinnNumerics

/// Solves a Poisson (`−Δu = f`) or Helmholtz (`Δu + k²u = f`) boundary value problem by
/// finite differences on a uniform grid over the domain's bounding box.
///
/// `problem.scheme` chooses the discretisation. `.fourthOrderCompact` on an `FDBox` uses the
/// compact (Mehrstellen) 3/9/19-point scheme (see `FDCompactAssembler`), `.compactRichardson`
/// adds a solve on the refined grid and extrapolates (see `solveCompactRichardson`). On other
/// domains, or on a box face that mixes Dirichlet with Neumann/Robin conditions, both fall back
/// to second order and say so in `FDSolution.notes` (the result's `scheme` and `order` say what
/// was used): a fallback rather than an error, so that a caller may default to a compact scheme
/// and still get references on disks and polygons.
///
/// `.secondOrder` (second order in h everywhere; see `FDAssembler` and `FDNodeClassifier`):
/// - Boxes in 1-D/2-D/3-D: every node is inside; the 3/5/7-point Laplacian at interior nodes;
///   Dirichlet boundary nodes are fixed (and eliminated from the system); Neumann and Robin
///   faces keep their nodes as unknowns, with a ghost node per face eliminated by a central
///   difference of the condition. At an edge or corner where Neumann/Robin faces meet, each
///   axis takes the ghost of the face it crosses; where a Dirichlet face meets another face,
///   Dirichlet wins.
/// - Other domains (disk, ball, polygon) on a masked grid: nodes inside the closed domain are
///   kept; where a stencil arm leaves the domain, the Shortley–Weller scheme shortens it to the
///   crossing point and uses the Dirichlet value there. Neumann/Robin are supported where the
///   boundary is axis-aligned and passes through grid nodes (polygon edges such as the
///   L-shape's on a grid aligned with them), with ghost nodes as for boxes. Neumann/Robin on
///   curved or slanted boundaries throw `FDError.unsupportedBoundaryCondition`.
/// - Poisson with only Neumann conditions is singular; it throws `FDError.pureNeumannPoisson`
///   rather than picking a constant.
/// The sparse system is assembled in triplet form, converted to compressed columns and solved
/// by UMFPACK's sparse LU (Helmholtz is indefinite).
///
/// - Returns: the solution at every node (NaN outside the domain), x fastest.
public func solveFiniteDifference(_ problem: FDProblem) throws(FDError) -> FDSolution {
    let domain = problem.domain
    let d = domain.dimension
    let lower = domain.lowerCorner, upper = domain.upperCorner
    guard (1...3).contains(d) else { throw .invalidDomain(reason: "dimension \(d); expected 1, 2 or 3") }
    guard lower.count == d, upper.count == d else {
        throw .invalidDomain(reason: "bounding box corners \(lower), \(upper) do not have \(d) coordinates")
    }
    for a in 0..<d where !(lower[a] < upper[a]) || !lower[a].isFinite || !upper[a].isFinite {
        throw .invalidDomain(reason: "bounding box is empty or not finite along axis \(a): [\(lower[a]), \(upper[a])]")
    }
    guard problem.gridPoints.count == d else {
        throw .invalidGrid(gridPoints: problem.gridPoints, reason: "expected \(d) node counts, one per axis")
    }
    if let a = problem.gridPoints.firstIndex(where: { $0 < 3 }) {
        throw .invalidGrid(
            gridPoints: problem.gridPoints,
            reason: "axis \(a) has \(problem.gridPoints[a]) nodes; at least 3 are needed (one interior node)")
    }

    let grid = RectilinearGrid.uniform(lower: lower, upper: upper, counts: problem.gridPoints)
    var notes: [String] = []
    if problem.scheme != .secondOrder {
        if let box = problem.domain as? FDBox {
            let boundary = try FDCompactBoxBoundary(grid: grid, boundaryCondition: problem.boundaryCondition)
            if let face = boundary.mixedFace {
                notes.append(
                    "\(problem.scheme) scheme requested, second order used: face \(["x", "y", "z"][face.axis]) = "
                        + "\(face.side == 0 ? box.lowerCorner[face.axis] : box.upperCorner[face.axis]) mixes "
                        + "Dirichlet and Neumann/Robin conditions (the compact ghost relations need the normal "
                        + "derivative along a whole Neumann/Robin face)")
            } else {
                if problem.scheme == .compactRichardson {
                    return try solveCompactRichardson(problem, grid: grid, boundary: boundary)
                }
                return try solveCompact(problem, grid: grid, boundary: boundary)
            }
        } else {
            notes.append(
                "\(problem.scheme) scheme requested, second order used: it applies to FDBox domains only "
                    + "(Shortley–Weller arms on \(type(of: problem.domain)) are second order)")
        }
    }
    return try solveSecondOrder(problem, grid: grid, notes: notes)
}

/// The second-order scheme on any domain (see `solveFiniteDifference(_:)`).
private func solveSecondOrder(_ problem: FDProblem, grid: RectilinearGrid, notes: [String]) throws(FDError)
    -> FDSolution
{
    let domain = problem.domain
    let classifier = FDNodeClassifier(
        grid: grid, spacing: grid.uniformSpacing, strides: grid.strides, domain: domain,
        boundaryCondition: problem.boundaryCondition)
    var nodes: [FDNode] = []
    nodes.reserveCapacity(grid.pointCount)
    var unknownIndex = [Int](repeating: -1, count: grid.pointCount)
    var unknownCount = 0
    for linear in 0..<grid.pointCount {
        let node = try classifier.classify(node: linear)
        if case .unknown = node {
            unknownIndex[linear] = unknownCount
            unknownCount += 1
        }
        nodes.append(node)
    }
    if nodes.allSatisfy({ if case .outside = $0 { true } else { false } }) {
        throw .noNodesInside(gridPoints: problem.gridPoints)
    }

    var values = [Double](repeating: .nan, count: grid.pointCount)
    var mask = [Bool](repeating: false, count: grid.pointCount)
    for (linear, node) in nodes.enumerated() {
        switch node {
        case .outside: continue
        case .fixed(let value): values[linear] = value; mask[linear] = true
        case .unknown: mask[linear] = true
        }
    }
    var nonzeroCount = 0
    var reciprocalCondition = Double.nan
    var solver = ""
    if unknownCount > 0 {
        let assembler = FDAssembler(
            grid: grid, spacing: grid.uniformSpacing, strides: grid.strides, equation: problem.equation,
            source: problem.source)
        let system = try assembler.assemble(nodes: nodes, unknownIndex: unknownIndex, unknownCount: unknownCount)
        if case .poisson = problem.equation, !system.isAnchored { throw .pureNeumannPoisson }
        let solved: ChosenSolve
        do {
            solved = try system.solveFiniteDifference(
                on: MultigridGrid(counts: grid.counts, spacing: grid.uniformSpacing, unknownIndex: unknownIndex),
                equation: problem.equation)
        } catch { throw FDError(error) }
        let solution = solved.solution
        for linear in 0..<grid.pointCount where unknownIndex[linear] >= 0 {
            values[linear] = solution[unknownIndex[linear]]
        }
        nonzeroCount = solved.nonzeroCount
        reciprocalCondition = solved.reciprocalConditionEstimate
        solver = solved.solver
    }
    var result = FDSolution(
        grid: grid, values: values, mask: mask,
        unknownCount: unknownCount, nonzeroCount: nonzeroCount,
        reciprocalConditionEstimate: reciprocalCondition, scheme: .secondOrder, order: 2, notes: notes)
    result.solver = solver
    return result
}
