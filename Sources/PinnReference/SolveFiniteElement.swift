/// Solves a Poisson (`−Δu = f`) or Helmholtz (`Δu + k²u = f`) boundary value problem with
/// finite elements of the mesh's order on a triangle or tetrahedron mesh: piecewise-linear
/// (P1) on a linear mesh, isoparametric piecewise-quadratic (P2) on a quadratic one (6-node
/// triangles, 10-node tetrahedra; see `FEMMesh.quadratic(projectingBoundaryMidpoints:)`),
/// isoparametric piecewise-cubic (P3) on a cubic one (10-node triangles, 20-node tetrahedra).
///
/// - Dirichlet facets fix their nodes (vertices, and edge and face nodes for P2 and P3) to the condition's
///   value there (nodal interpolation);
///   those nodes are eliminated from the system. A node on a Dirichlet facet and on a
///   Neumann or Robin facet is fixed: Dirichlet wins.
/// - Neumann and Robin facets enter the weak form as boundary integrals (see `FEMAssembler`;
///   P2 and P3 integrate over the curved facets with the normal of the facet's map at each
///   quadrature point).
/// - Poisson with no Dirichlet node and no Robin term α ≠ 0 is singular; it throws
///   `FEMError.pureNeumannPoisson` rather than picking a constant.
/// For smooth solutions the L2 error is O(h^(p+1)) with elements of degree p (H1: O(h^p)),
/// also on curved domains when the boundary nodes lie on the boundary (straight P2
/// edges there stop at O(h²): the polygon misses the domain by O(h²)). The sparse system goes
/// to CHOLMOD (Poisson) or UMFPACK's LU (Helmholtz is indefinite); see `ChosenSolve`. With
/// `solver` `.pMultigrid`, or `.automatic` on a 3-D mesh of order 2 or 3 with more than
/// `pMultigridUnknownThreshold` unknowns, conjugate gradients (Poisson) or BiCGStab (Helmholtz,
/// on the shifted operator) preconditioned by a two-level V-cycle to P1 on the vertices
/// (`FEMMesh.vertexProlongation`) replace the factorization of the fine system, whose fill in
/// 3-D grows like n^(4/3) in memory and n² in time; Cholesky (or LU) remains the fallback when the
/// iteration fails.
///
/// - Returns: u at every node of the mesh, edge nodes included (NaN at nodes that belong to
///   no cell), and the order used.
public func solveFiniteElement(
    _ problem: FEMProblem, solver choice: FEMLinearSolver = .automatic
) throws(FEMError) -> FEMSolution {
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
    var solver = ""
    if unknownCount > 0 {
        let system = try FEMAssembler(
            mesh: mesh, equation: problem.equation, source: problem.source, conditions: conditions
        ).assemble(unknownIndex: unknownIndex, unknownCount: unknownCount, fixedValues: fixedValues)
        if case .poisson = problem.equation, !system.isAnchored { throw .pureNeumannPoisson }
        let solved: ChosenSolve
        do {
            let multigrid: Bool =
                switch choice {
                case .direct: false
                case .pMultigrid: true
                case .automatic: mesh.dimension == 3 && unknownCount > pMultigridUnknownThreshold
                }
            solved = try system.solveFiniteElement(
                equation: problem.equation, luUnknownLimit: mesh.dimension == 3 ? luUnknownLimit3D : .max,
                coarseSpace: multigrid
                    ? mesh.vertexProlongation(unknownIndex: unknownIndex, unknownCount: unknownCount) : nil)
        } catch { throw FEMError(error) }
        for node in 0..<mesh.nodeCount where unknownIndex[node] >= 0 {
            values[node] = solved.solution[unknownIndex[node]]
        }
        nonzeroCount = solved.nonzeroCount
        reciprocalCondition = solved.reciprocalConditionEstimate
        solver = solved.solver
    }
    var solution = FEMSolution(
        mesh: mesh, values: values, unknownCount: unknownCount, nonzeroCount: nonzeroCount,
        reciprocalConditionEstimate: reciprocalCondition)
    solution.solver = solver
    return solution
}

/// The most unknowns a 3-D finite-element Helmholtz system falls back to UMFPACK's LU with when
/// its shift-preconditioned solve fails: LU's fill in 3-D grows like n², and P2's 40 000-node
/// budget for LU was set at a few GB.
let luUnknownLimit3D = 60_000

/// How `solveFiniteElement` solves its sparse system.
public enum FEMLinearSolver: Sendable {
    /// p-multigrid for large 3-D systems of order 2 or 3, sparse direct otherwise.
    case automatic
    /// CHOLMOD's Cholesky (Poisson), BiCGStab with the shifted operator's Cholesky or UMFPACK's LU
    /// (Helmholtz).
    case direct
    /// Krylov iterations preconditioned by a two-level V-cycle to P1 on the vertices (meshes of
    /// order 2 or 3; a linear mesh is solved directly).
    case pMultigrid
}

/// The unknowns above which `.automatic` takes p-multigrid in 3-D: below, the factorization
/// costs seconds and is exact.
let pMultigridUnknownThreshold = 20_000
