/// The Lagrange basis of degree p = 1, 2 or 3 on the n-simplex (segment, triangle,
/// tetrahedron), in Gmsh's node order, as functions of the barycentric coordinates λ₀…λ_n.
///
/// Node k sits at the barycentric point α_k / p for a multi-index α_k (n + 1 entries summing to
/// p), in Gmsh's order (its documentation: "the element principal vertices; the internal nodes
/// for each edge; the internal nodes for each face; the volume internal nodes"):
/// - vertices 0…n, α = p e_i;
/// - for p ≥ 2, the edge nodes, edge by edge in Gmsh's edge order, each edge (i, j) from i
///   towards j: α = (p − m) e_i + m e_j, m = 1…p − 1. Edges: segment (0,1); triangle (0,1),
///   (1,2), (2,0); tetrahedron (0,1), (1,2), (2,0), (3,0), (3,2), (3,1) (Gmsh's
///   `MTetrahedron::edges_tetra`);
/// - for p = 3, one node at the centroid of each face: the triangle's own (α = (1,1,1)), the
///   tetrahedron's faces in Gmsh's order (0,2,1), (0,1,3), (0,3,2), (3,1,2)
///   (`MTetrahedron::faces_tetra`). No interior nodes in a cubic tetrahedron.
///
/// N_α(λ) = Π_i Π_{m=0}^{α_i − 1} (p λ_i − m)/(m + 1), which is 1 at its node and 0 at the
/// others: degree 1 gives λ_i; degree 2 gives λ_i(2λ_i − 1) and 4 λ_i λ_j; degree 3 gives
/// ½ λ_i(3λ_i − 1)(3λ_i − 2), (9/2) λ_i λ_j (3λ_i − 1) and 27 λ_i λ_j λ_k. Reference coordinates
/// are ξ_m = λ_m (m = 1…n), λ₀ = 1 − Σ ξ_m, so ∂N/∂ξ_m = ∂N/∂λ_m − ∂N/∂λ₀.
struct FEMLagrangeBasis: Sendable {
    /// 1 (segment), 2 (triangle) or 3 (tetrahedron).
    let simplexDimension: Int
    /// 1, 2 or 3.
    let degree: Int
    /// The multi-index α of each node, in Gmsh's order.
    let multiIndices: [[Int]]

    init(simplexDimension n: Int, degree p: Int) {
        simplexDimension = n
        degree = p
        var indices = (0...n).map { i in (0...n).map { $0 == i ? p : 0 } }
        if p >= 2 {
            for (i, j) in Self.edges(simplexDimension: n) {
                for m in 1..<p {
                    var alpha = [Int](repeating: 0, count: n + 1)
                    alpha[i] = p - m
                    alpha[j] = m
                    indices.append(alpha)
                }
            }
        }
        if p == 3 {
            for face in Self.faces(simplexDimension: n) {
                var alpha = [Int](repeating: 0, count: n + 1)
                for i in face { alpha[i] = 1 }
                indices.append(alpha)
            }
        }
        multiIndices = indices
    }

    /// The edges of the n-simplex in Gmsh's order.
    static func edges(simplexDimension n: Int) -> [(Int, Int)] {
        switch n {
        case 1: return [(0, 1)]
        case 2: return [(0, 1), (1, 2), (2, 0)]
        default: return [(0, 1), (1, 2), (2, 0), (3, 0), (3, 2), (3, 1)]
        }
    }

    /// The two-dimensional faces of the n-simplex in Gmsh's order (none for a segment).
    static func faces(simplexDimension n: Int) -> [[Int]] {
        switch n {
        case 1: return []
        case 2: return [[0, 1, 2]]
        default: return [[0, 2, 1], [0, 1, 3], [0, 3, 2], [3, 1, 2]]
        }
    }

    /// The number of nodes (basis functions): (n + p)! / (n! p!).
    var count: Int { multiIndices.count }

    /// The vertices each node lies between (its α's nonzero entries): one vertex, an edge or a face.
    var supports: [[Int]] { multiIndices.map { alpha in alpha.indices.filter { alpha[$0] > 0 } } }

    /// The 1-D factor of N_α for one barycentric coordinate: Π_{m<a} (p λ − m)/(m + 1), and its
    /// derivative in λ.
    private func factor(_ a: Int, _ lambda: Double) -> (value: Double, derivative: Double) {
        let p = Double(degree)
        var value = 1.0, derivative = 0.0
        for m in 0..<a {
            let scale = 1 / Double(m + 1), term = (p * lambda - Double(m)) * scale
            derivative = derivative * term + value * p * scale
            value *= term
        }
        return (value, derivative)
    }

    /// N_k(λ) for every node k.
    func values(_ lambda: [Double]) -> [Double] {
        multiIndices.map { alpha in
            var value = 1.0
            for (i, a) in alpha.enumerated() where a > 0 { value *= factor(a, lambda[i]).value }
            return value
        }
    }

    /// ∂N_k/∂λ_a (a = 0…n) for every node k.
    func barycentricGradients(_ lambda: [Double]) -> [[Double]] {
        multiIndices.map { alpha in
            let factors = alpha.indices.map { factor(alpha[$0], lambda[$0]) }
            return alpha.indices.map { a in
                var product = factors[a].derivative
                for (i, f) in factors.enumerated() where i != a { product *= f.value }
                return product
            }
        }
    }

    /// ∂N_k/∂ξ_m (m = 1…n, in the x, y, z slots; unused slots zero) for every node k.
    func referenceGradients(_ lambda: [Double]) -> [SIMD3<Double>] {
        barycentricGradients(lambda).map { byLambda in
            var gradient = SIMD3<Double>.zero
            for m in 1...simplexDimension { gradient[m - 1] = byLambda[m] - byLambda[0] }
            return gradient
        }
    }

    /// The barycentric coordinates of node k, α_k / p.
    func nodePoint(_ k: Int) -> [Double] {
        multiIndices[k].map { Double($0) / Double(degree) }
    }
}

/// A basis tabulated at the points of a quadrature rule, so that the per-cell loops only
/// combine numbers.
struct FEMTabulatedBasis: Sendable {
    let basis: FEMLagrangeBasis
    let rule: FEMQuadrature
    /// `values[q][k]` = N_k at point q.
    let values: [[Double]]
    /// `gradients[q][k]` = ∂N_k/∂ξ at point q.
    let gradients: [[SIMD3<Double>]]
    /// `flatGradients[q][3k + m − 1]` = ∂N_k/∂ξ_m at point q (for `FEMIsoparametricMap.cell`).
    let flatGradients: [[Double]]

    init(_ basis: FEMLagrangeBasis, at rule: FEMQuadrature) {
        self.basis = basis
        self.rule = rule
        values = rule.points.map { basis.values($0) }
        gradients = rule.points.map { basis.referenceGradients($0) }
        flatGradients = gradients.map(FEMIsoparametricMap.flatten)
    }
}
