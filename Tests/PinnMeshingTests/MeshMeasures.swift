import PinnMeshing

/// Measures of a `DomainMesh` computed in the tests, independently of the mesher's own checks.
extension DomainMesh {
    func position(_ node: Int) -> SIMD3<Double> {
        let p = point(node)
        return SIMD3(p[0], p[1], dimension == 3 ? p[2] : 0)
    }

    /// Signed measure of cell `c`'s straight-sided simplex (its vertices only).
    func straightCellMeasure(_ c: Int) -> Double {
        let v = cell(c).prefix(dimension + 1).map(position)
        let a = v[1] - v[0]
        let b = v[2] - v[0]
        if dimension == 2 { return (a.x * b.y - a.y * b.x) / 2 }
        return (cross(a, b) * (v[3] - v[0])).sum() / 6
    }

    /// Σ of the straight-sided cell measures.
    var straightMeasure: Double { (0..<cellCount).reduce(0) { $0 + straightCellMeasure($1) } }

    /// ∫ det J over the reference simplex for the quadratic (isoparametric) map of every cell,
    /// by a rule exact for polynomials of degree 4 (2-D) / 3 (3-D): det J of a P2 map has degree
    /// 2 (triangle) and 3 (tetrahedron), so this is the exact area/volume of the curved mesh.
    var isoparametricMeasure: Double { isoparametricJacobians.reduce(0) { $0 + $1.weight * $1.det } }

    /// det J of every cell's quadratic map at the points of the rule above, with the weights.
    var isoparametricJacobians: [(det: Double, weight: Double)] {
        precondition(order == 2)
        var result: [(det: Double, weight: Double)] = []
        for c in 0..<cellCount {
            let x = cell(c).map(position)
            for (point, weight) in dimension == 2 ? Self.triangleRule : Self.tetrahedronRule {
                let gradients = dimension == 2 ? Self.p2TriangleGradients(point) : Self.p2TetrahedronGradients(point)
                var jacobian = [SIMD3<Double>](repeating: .zero, count: 3) // columns ∂x/∂ξ_k
                for (node, gradient) in gradients.enumerated() {
                    for k in 0..<dimension { jacobian[k] += gradient[k] * x[node] }
                }
                let det =
                    dimension == 2
                    ? jacobian[0].x * jacobian[1].y - jacobian[0].y * jacobian[1].x
                    : (cross(jacobian[0], jacobian[1]) * jacobian[2]).sum()
                result.append((det, weight))
            }
        }
        return result
    }

    /// Σ of the straight facet measures (lengths in 2-D, areas in 3-D) of facets in `part` (all when nil).
    func facetMeasure(part: Int? = nil) -> Double {
        var total = 0.0
        for f in 0..<facetCount where part == nil || facetParts[f] == part {
            let v = facet(f).prefix(dimension).map(position)
            let a = v[1] - v[0]
            total += dimension == 2 ? (a * a).sum().squareRoot() : Self.norm(cross(a, v[2] - v[0])) / 2
        }
        return total
    }

    /// The faces (sorted vertex lists) that belong to exactly one cell.
    var boundaryFacesOfCells: Set<[Int]> {
        var count: [[Int]: Int] = [:]
        for c in 0..<cellCount {
            let v = Array(cell(c).prefix(dimension + 1))
            for skip in v.indices {
                count[v.enumerated().filter { $0.offset != skip }.map(\.element).sorted(), default: 0] += 1
            }
        }
        return Set(count.filter { $0.value == 1 }.keys)
    }

    static func norm(_ v: SIMD3<Double>) -> Double { (v * v).sum().squareRoot() }

    // MARK: quadratic Lagrange shape functions, Gmsh's node order

    /// Gradients (∂/∂ξ, ∂/∂η) of the 6 quadratic triangle shape functions, nodes v0 v1 v2 e01 e12 e20.
    static func p2TriangleGradients(_ p: SIMD3<Double>) -> [SIMD3<Double>] {
        let l = [1 - p.x - p.y, p.x, p.y]
        let dl: [SIMD3<Double>] = [SIMD3(-1, -1, 0), SIMD3(1, 0, 0), SIMD3(0, 1, 0)]
        return p2Gradients(l, dl, edges: [(0, 1), (1, 2), (2, 0)])
    }

    /// Gradients of the 10 quadratic tetrahedron shape functions, nodes v0…v3 e01 e12 e20 e30 e32 e31.
    static func p2TetrahedronGradients(_ p: SIMD3<Double>) -> [SIMD3<Double>] {
        let l = [1 - p.x - p.y - p.z, p.x, p.y, p.z]
        let dl: [SIMD3<Double>] = [SIMD3(-1, -1, -1), SIMD3(1, 0, 0), SIMD3(0, 1, 0), SIMD3(0, 0, 1)]
        return p2Gradients(l, dl, edges: [(0, 1), (1, 2), (2, 0), (3, 0), (3, 2), (3, 1)])
    }

    /// Vertex functions λ_i(2λ_i − 1), edge functions 4 λ_i λ_j, differentiated.
    private static func p2Gradients(_ l: [Double], _ dl: [SIMD3<Double>], edges: [(Int, Int)]) -> [SIMD3<Double>] {
        l.indices.map { (4 * l[$0] - 1) * dl[$0] } + edges.map { 4 * (l[$0.0] * dl[$0.1] + l[$0.1] * dl[$0.0]) }
    }

    /// Strang–Fix 6-point rule on the reference triangle (degree 4); weights sum to ½.
    static let triangleRule: [(SIMD3<Double>, Double)] = {
        let a = 0.445948490915965
        let b = 0.091576213509771
        let wa = 0.223381589678011 / 2
        let wb = 0.109951743655322 / 2
        return [
            (SIMD3(a, a, 0), wa), (SIMD3(1 - 2 * a, a, 0), wa), (SIMD3(a, 1 - 2 * a, 0), wa),
            (SIMD3(b, b, 0), wb), (SIMD3(1 - 2 * b, b, 0), wb), (SIMD3(b, 1 - 2 * b, 0), wb)
        ]
    }()

    /// Keast's 5-point rule on the reference tetrahedron (degree 3); weights sum to 1/6.
    static let tetrahedronRule: [(SIMD3<Double>, Double)] = [
        (SIMD3(0.25, 0.25, 0.25), -4.0 / 30),
        (SIMD3(1.0 / 6, 1.0 / 6, 1.0 / 6), 9.0 / 120), (SIMD3(0.5, 1.0 / 6, 1.0 / 6), 9.0 / 120),
        (SIMD3(1.0 / 6, 0.5, 1.0 / 6), 9.0 / 120), (SIMD3(1.0 / 6, 1.0 / 6, 0.5), 9.0 / 120)
    ]
}

func cross(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> SIMD3<Double> {
    SIMD3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x)
}
