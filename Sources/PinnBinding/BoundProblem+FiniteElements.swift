import PinnIO
import PinnProblems
import PinnReference

extension BoundProblem {
    /// The same problem for the finite-element reference on the cells of `mesh`: every boundary
    /// face of the domain carries the condition that `condition(onAnyOf:)` gives for its physical
    /// groups, as a Dirichlet, Neumann or Robin condition per the problem file. The solution is P2
    /// (third order in L2) on the mesh's own nodes:
    /// - a quadratic mesh (6-node triangles, 10-node tetrahedra, as `gmsh -order 2` writes them)
    ///   is used as it is, isoparametric, so its edge nodes on a curved boundary give curved
    ///   cells (`quadratic` is then ignored);
    /// - a linear mesh gets a node at every edge midpoint when `quadratic` (the default), its own
    ///   nodes first, so the reference at them is the solution's first values; straight edges
    ///   along a curved boundary then cap the error at O(h²) there. Without `quadratic`, P1.
    /// - Throws: `FEMError` when the mesh does not suit the solver (a degenerate or inverted cell).
    public func finiteElementProblem(on mesh: MeshDomain, quadratic: Bool = true) throws(FEMError) -> FEMProblem {
        let faceConditions = (0..<mesh.boundary.count).map { face in
            // Validation puts a condition on every boundary face (a group's or `all`).
            conditions.lastIndex { $0.part == .all || mesh.faceGroups[face].map { .group($0) }.contains($0.part) } ?? 0
        }
        let cells = mesh.cells.flatMap { mesh.mesh.cells.nodes(of: $0) }
        if mesh.mesh.order == 2 {
            let facets = (0..<mesh.boundary.count).flatMap { mesh.boundary.allNodes(of: $0) }
            return finiteElementProblem(
                try FEMMesh(
                    dimension: mesh.dimension, order: 2, coordinates: mesh.nodeCoordinates, cells: cells,
                    facets: facets, facetConditions: faceConditions))
        }
        var femMesh = try FEMMesh(
            dimension: mesh.dimension, coordinates: mesh.nodeCoordinates, cells: cells,
            facets: mesh.boundary.connectivity, facetConditions: faceConditions)
        if quadratic { femMesh = try femMesh.quadratic() }
        return finiteElementProblem(femMesh)
    }

    /// The problem on a finite-element mesh whose facet conditions index `conditions`.
    func finiteElementProblem(_ femMesh: FEMMesh) -> FEMProblem {
        let problem = self
        let boundaryConditions: [FEMBoundaryCondition] = zip(conditions, file.boundary).map { condition, spec in
            switch spec.condition {
            case .dirichlet: .dirichlet(value: { condition.value.evaluate($0) })
            case .neumann: .neumann(value: { point, _ in condition.value.evaluate(point) })
            case .robin:
                .robin(
                    alpha: { condition.alpha.evaluate($0) }, beta: { condition.beta.evaluate($0) },
                    value: { point, _ in condition.value.evaluate(point) })
            }
        }
        let equation: FDEquation = waveNumber == nil ? .poisson : .helmholtz(kSquared: { problem.reaction(at: $0) })
        return FEMProblem(
            mesh: femMesh, equation: equation, source: { problem.source.evaluate($0) },
            boundaryConditions: boundaryConditions)
    }
}
