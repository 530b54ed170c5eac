import PinnMeshing
import PinnProblems
import PinnReference

extension BoundProblem {
    /// The analytic domain as the mesher takes it, or nil for an interval (which the
    /// finite-difference reference covers at any order) or a mesh.
    var meshableDomain: PinnMeshing.MeshDomain? {
        switch file.domain {
        case .disk(let c, let r) where c.count == 2: .disk(center: SIMD2(c[0], c[1]), radius: r)
        case .ball(let c, let r) where c.count == 3: .ball(center: SIMD3(c[0], c[1], c[2]), radius: r)
        case .polygon(let v): .polygon(vertices: v.map { SIMD2($0[0], $0[1]) })
        case .rectangle(let lo, let hi): .rectangle(lower: SIMD2(lo[0], lo[1]), upper: SIMD2(hi[0], hi[1]))
        case .box(let lo, let hi): .box(lower: SIMD3(lo[0], lo[1], lo[2]), upper: SIMD3(hi[0], hi[1], hi[2]))
        default: nil
        }
    }

    /// The problem for the isoparametric finite-element reference of degree `order` (2: P2, third
    /// order in L2; 3: P3, fourth order) on a Gmsh triangulation of the analytic domain with edges
    /// of about `meshSize`; on a curved boundary the cells' edge and face nodes lie on it, so the
    /// reference keeps its order.
    /// - Throws: `MeshingError` when Gmsh cannot mesh the domain, `FEMError` when the mesh does not
    ///   suit the solver; a `ProblemError` at `domain` for a domain the mesher does not take.
    public func generatedFiniteElementProblem(meshSize: Double, order: Int = 2) throws -> FEMProblem {
        guard let domain = meshableDomain, case .analytic(let analytic) = self.domain else {
            throw ProblemError(path: "domain", message: "no finite-element reference for this domain")
        }
        let mesh = try generateMesh(domain, order: order, meshSize: meshSize)
        let parts = analytic.boundaryParts()
        let partConditions = parts.map { part in
            // Validation puts a condition on every part (its own or `all`).
            conditions.lastIndex { $0.part == part || $0.part == .all } ?? 0
        }
        let femMesh = try FEMMesh(
            dimension: mesh.dimension, order: order, coordinates: mesh.coordinates, cells: mesh.cells,
            facets: mesh.facets, facetConditions: mesh.facetParts.map { partConditions[$0] })
        return finiteElementProblem(femMesh)
    }
}
