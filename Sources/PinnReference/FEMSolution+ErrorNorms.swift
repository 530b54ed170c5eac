/// Errors of a finite-element solution u_h against an exact solution u.
public struct FEMErrorNorms: Sendable, Equatable {
    /// max |u_h − u| over the nodes that belong to a cell.
    public var maxAbsolute: Double
    /// ‖u_h − u‖_L2(Ω_h) = (∫ (u_h − u)²)^½ over the mesh (its curved cells for P2), u
    /// evaluated at the quadrature points: P1 by the degree-5 rule on every cell, P2 and P3 by
    /// the conical-product rules of `FEMQuadrature.isoparametricErrorNorms` (P2: degree 10 on
    /// triangles, 7 on tetrahedra; P3: 12 and 9) through each cell's isoparametric map.
    public var l2: Double
    /// ‖u‖_L2(Ω_h), by the same rule.
    public var exactL2: Double
    /// `l2 / exactL2`.
    public var relativeL2: Double
}

extension FEMSolution {
    /// Errors of this solution against `exact`: nodal max and L2 over the cells by quadrature.
    public func errorNorms(against exact: ([Double]) -> Double) -> FEMErrorNorms {
        var maxAbsolute = 0.0
        for node in values.indices where !values[node].isNaN {
            maxAbsolute = max(maxAbsolute, abs(values[node] - exact(mesh.point(node))))
        }
        let d = mesh.dimension
        var errorSquared = 0.0, exactSquared = 0.0
        if mesh.order >= 2 {
            (errorSquared, exactSquared) = isoparametricSquaredNorms(against: exact)
            let l2 = errorSquared.squareRoot(), exactL2 = exactSquared.squareRoot()
            return FEMErrorNorms(maxAbsolute: maxAbsolute, l2: l2, exactL2: exactL2, relativeL2: l2 / exactL2)
        }
        let rule = FEMQuadrature.errorNorms(simplexDimension: d)
        for cell in 0..<mesh.cellCount {
            let nodes = mesh.nodes(ofCell: cell)
            let vertices = nodes.map { mesh.positions[$0] }
            let nodal = nodes.map { values[$0] }
            let measure = FEMCellGeometry(vertices: vertices, dimension: d).measure
            for (lambda, weight) in zip(rule.points, rule.weights) {
                var uh = 0.0
                for k in 0...d { uh += lambda[k] * nodal[k] }
                let u = exact(mesh.point(lambda, in: nodes))
                errorSquared += weight * measure * (uh - u) * (uh - u)
                exactSquared += weight * measure * u * u
            }
        }
        let l2 = errorSquared.squareRoot(), exactL2 = exactSquared.squareRoot()
        return FEMErrorNorms(maxAbsolute: maxAbsolute, l2: l2, exactL2: exactL2, relativeL2: l2 / exactL2)
    }

    /// ∫(u_h − u)² and ∫u² over the curved cells of a quadratic or cubic mesh.
    private func isoparametricSquaredNorms(against exact: ([Double]) -> Double) -> (error: Double, exact: Double) {
        let d = mesh.dimension
        let tabulated = FEMTabulatedBasis(
            FEMLagrangeBasis(simplexDimension: d, degree: mesh.order),
            at: .isoparametricErrorNorms(simplexDimension: d, elementDegree: mesh.order))
        let referenceMeasure = d == 2 ? 0.5 : 1.0 / 6
        var errorSquared = 0.0, exactSquared = 0.0
        for cell in 0..<mesh.cellCount {
            let nodes = mesh.nodes(ofCell: cell)
            let x = FEMIsoparametricMap.flatten(nodes.map { mesh.positions[$0] })
            let nodal = nodes.map { values[$0] }
            for q in tabulated.rule.points.indices {
                let shape = tabulated.values[q]
                let map = FEMIsoparametricMap.cell(
                    nodes: x, values: shape, referenceGradients: tabulated.flatGradients[q], dimension: d,
                    withGradients: false)
                let w = tabulated.rule.weights[q] * referenceMeasure * abs(map.determinant)
                var uh = 0.0
                for k in nodal.indices { uh += shape[k] * nodal[k] }
                let u = exact(mesh.coordinates(of: map.position))
                errorSquared += w * (uh - u) * (uh - u)
                exactSquared += w * u * u
            }
        }
        return (errorSquared, exactSquared)
    }
}
