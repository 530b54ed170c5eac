import PinnIO

extension MeshDomain {
    /// A quadrature rule over the domain's cells, exact for polynomials of degree 2 on each cell:
    /// on a triangle K the 3 points with barycentric coordinates (2/3, 1/6, 1/6) and permutations,
    /// weight |K|/3; on a tetrahedron the 4 points (a, b, b, b) and permutations with
    /// a = (5 + 3√5)/20, b = (5 − √5)/20, weight |K|/4 (Keast; both in Strang & Fix, table 4.1).
    /// Points are the columns of a dimension × count array.
    public func quadrature() -> (points: [Double], weights: [Double]) {
        let measures = mesh.cellMeasures()
        let k = dimension + 1
        let root5: Double = 5.0.squareRoot()
        let a: Double = dimension == 2 ? 2.0 / 3 : (5 + 3 * root5) / 20
        let b: Double = dimension == 2 ? 1.0 / 6 : (5 - root5) / 20
        var points = [Double](), weights = [Double]()
        points.reserveCapacity(cells.count * k * dimension)
        weights.reserveCapacity(cells.count * k)
        for cell in cells {
            let vertices = mesh.cells.vertices(of: cell).map { mesh.nodes[$0] }
            for q in 0..<k {
                var point = SIMD3<Double>.zero
                for (j, vertex) in vertices.enumerated() { point += (j == q ? a : b) * vertex }
                append(point, to: &points)
                weights.append(measures[cell] / Double(k))
            }
        }
        return (points, weights)
    }
}
