/// Solves a Poisson (`−Δu = f`) or Helmholtz (`Δu + k²u = f`) boundary value problem with
/// piecewise-linear (P1) finite elements on a triangle or tetrahedron mesh.
///
/// - Dirichlet facets fix their nodes to the condition's value there (nodal interpolation);
///   those nodes are eliminated from the system. A node on a Dirichlet facet and on a
///   Neumann or Robin facet is fixed: Dirichlet wins.
/// - Neumann and Robin facets enter the weak form as boundary integrals (see `FEMAssembler`).
/// - Poisson with no Dirichlet node and no Robin term α ≠ 0 is singular; it throws
///   `FEMError.pureNeumannPoisson` rather than picking a constant.
/// The error is O(h²) in L2 and O(h) in H1 for smooth solutions. The sparse system goes to
/// UMFPACK's LU (Helmholtz is indefinite).
///
/// - Returns: u at every node of the mesh (NaN at nodes that belong to no cell).
public func solveFiniteElement(_ problem: FEMProblem) throws(FEMError) -> FEMSolution {
    let mesh = problem.mesh
    let conditions = problem.boundaryConditions
    for (facet, index) in mesh.facetConditions.enumerated() where index >= conditions.count {
        throw .unknownBoundaryCondition(facet: facet, index: index, conditionCount: conditions.count)
    }

    var fixedValues = [Double?](repeating: nil, count: mesh.nodeCount)
    for facet in 0..<mesh.facetCount {
        guard case .dirichlet(let value) = conditions[mesh.facetConditions[facet]] else { continue }
        for node in mesh.nodes(ofFacet: facet) where fixedValues[node] == nil {
            fixedValues[node] = value(mesh.point(node))
        }
    }
    var inCell = [Bool](repeating: false, count: mesh.nodeCount)
    for node in mesh.cells { inCell[node] = true }

    var unknownIndex = [Int](repeating: -1, count: mesh.nodeCount)
    var unknownCount = 0
    for node in 0..<mesh.nodeCount where inCell[node] && fixedValues[node] == nil {
        unknownIndex[node] = unknownCount
        unknownCount += 1
    }

    var values = (0..<mesh.nodeCount).map { fixedValues[$0] ?? .nan }
    var nonzeroCount = 0
    var reciprocalCondition = Double.nan
    if unknownCount > 0 {
        let assembler = FEMAssembler(
            mesh: mesh, equation: problem.equation, source: problem.source,
            conditions: conditions)
        let system = try assembler.assemble(
            unknownIndex: unknownIndex, unknownCount: unknownCount,
            fixedValues: fixedValues)
        if case .poisson = problem.equation, !system.isAnchored { throw .pureNeumannPoisson }
        let solved: (solution: [Double], nonzeroCount: Int, reciprocalCondition: Double)
        do { solved = try system.solve() } catch { throw FEMError(error) }
        for node in 0..<mesh.nodeCount where unknownIndex[node] >= 0 {
            values[node] = solved.solution[unknownIndex[node]]
        }
        nonzeroCount = solved.nonzeroCount
        reciprocalCondition = solved.reciprocalCondition
    }
    return FEMSolution(
        mesh: mesh, values: values, unknownCount: unknownCount, nonzeroCount: nonzeroCount,
        reciprocalConditionEstimate: reciprocalCondition)
}
