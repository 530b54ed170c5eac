/// The isoparametric P2 or P3 finite-element equations (the mesh's order p): the weak form of
/// `FEMAssembler`'s P1 equations with the basis N_k of `FEMLagrangeBasis` (degree p) mapped by each
/// cell's own map of degree p (`FEMIsoparametricMap`), so cells and facets along a curved
/// boundary follow their edge and face nodes.
///
/// Per cell, at the points of `FEMQuadrature.isoparametricAssembly` with weights
/// w_q |det J| / d!: the stiffness ∇N_i·∇N_j, the mass k²(x) N_i N_j and the load f(x) N_i.
/// P2 uses degree 5 (exact for the mass on straight cells, degree 4; on curved cells the
/// integrands are rational and the rule's error is O(h⁶) per unit measure), P3 degree 7 to 9
/// (mass degree 6, error O(h⁸)). Per Neumann or Robin facet, at the points of the facet's rule
/// (Gauss on segments) with weights w_q |t| or w_q |t₁ × t₂| / 2: (g/β) N_i and (α/β) N_i N_j,
/// with g taking the facet's outward unit normal at that point of the curved facet. Dirichlet
/// nodes (every node of a Dirichlet facet) are eliminated as in P1. The local matrices are
/// symmetric: the entries j ≥ i are summed and mirrored. For Helmholtz the system also keeps the
/// shift S = 2 M_k² beside the matrix (`SparseLinearSystem.shift`), so that the solver can
/// precondition by the SPD K + M_k² + R.
extension FEMAssembler {
    /// The P2 or P3 equations (the mesh's order) into `system`.
    func assembleIsoparametric(
        into system: inout SparseLinearSystem, unknownIndex: [Int], fixedValues: [Double?]
    ) throws(FEMError) {
        let d = mesh.dimension
        let (loadSign, kSquared) = equation.weakFormTerms
        if kSquared != nil { system.shift = [] }

        let p = mesh.order
        let cellBasis = FEMTabulatedBasis(
            FEMLagrangeBasis(simplexDimension: d, degree: p),
            at: .isoparametricAssembly(simplexDimension: d, elementDegree: p))
        let n = cellBasis.basis.count
        let referenceMeasure = d == 2 ? 0.5 : 1.0 / 6
        for cell in 0..<mesh.cellCount {
            let nodes = mesh.nodes(ofCell: cell)
            let x = FEMIsoparametricMap.flatten(nodes.map { mesh.positions[$0] })
            var local = [Double](repeating: 0, count: n * n)
            var mass = kSquared == nil ? [] : [Double](repeating: 0, count: n * n)
            var load = [Double](repeating: 0, count: n)
            for q in cellBasis.rule.points.indices {
                let shape = cellBasis.values[q]
                let map = FEMIsoparametricMap.cell(
                    nodes: x, values: shape, referenceGradients: cellBasis.flatGradients[q], dimension: d,
                    withGradients: true)
                let gradient = map.gradients
                let w = cellBasis.rule.weights[q] * referenceMeasure * abs(map.determinant)
                let point = mesh.coordinates(of: map.position)
                let k2 = kSquared?(point) ?? 0
                let f = loadSign * w * source(point)
                for i in 0..<n {
                    load[i] += f * shape[i]
                    let gx = w * gradient[3 * i], gy = w * gradient[3 * i + 1], gz = w * gradient[3 * i + 2],
                        m = w * k2 * shape[i]
                    for j in i..<n {
                        local[i * n + j] +=
                            gx * gradient[3 * j] + gy * gradient[3 * j + 1] + gz * gradient[3 * j + 2] - m * shape[j]
                    }
                    if kSquared != nil {
                        for j in i..<n { mass[i * n + j] += 2 * m * shape[j] }
                    }
                }
            }
            for i in 0..<n {
                for j in 0..<i {
                    local[i * n + j] = local[j * n + i]
                    if kSquared != nil { mass[i * n + j] = mass[j * n + i] }
                }
            }
            system.scatter(
                nodes: nodes, matrix: local, load: load, unknownIndex: unknownIndex, fixedValues: fixedValues,
                shift: kSquared == nil ? nil : mass)
        }

        let facetBasis = FEMTabulatedBasis(
            FEMLagrangeBasis(simplexDimension: d - 1, degree: p),
            at: .isoparametricAssembly(simplexDimension: d - 1, elementDegree: p))
        let m = facetBasis.basis.count
        let facetReferenceMeasure = d == 2 ? 1.0 : 0.5
        for facet in 0..<mesh.facetCount {
            let condition = conditions[mesh.facetConditions[facet]]
            if case .dirichlet = condition { continue }
            let nodes = mesh.nodes(ofFacet: facet)
            let x = nodes.map { mesh.positions[$0] }
            let sign = FEMIsoparametricMap.outwardSign(
                facetVertices: x, opposite: mesh.oppositeVertex(ofFacet: facet), dimension: d)
            var local = [Double](repeating: 0, count: m * m)
            var load = [Double](repeating: 0, count: m)
            for q in facetBasis.rule.points.indices {
                let shape = facetBasis.values[q]
                let map = FEMIsoparametricMap.facet(
                    nodes: x, values: shape, referenceGradients: facetBasis.gradients[q], dimension: d)
                let w = facetBasis.rule.weights[q] * facetReferenceMeasure * map.jacobian
                let point = mesh.coordinates(of: map.position)
                let normal = mesh.coordinates(of: sign * map.normal)
                if try Self.addBoundaryTerms(
                    condition, facet: facet, point: point, normal: normal, weight: w, shape: shape, matrix: &local,
                    load: &load)
                {
                    system.isAnchored = true
                }
            }
            system.scatter(
                nodes: nodes, matrix: local, load: load, unknownIndex: unknownIndex, fixedValues: fixedValues)
        }
    }
}
