/// The Lagrange basis of degree 1 or 2 on the n-simplex (segment, triangle, tetrahedron), in
/// Gmsh's node order, as functions of the barycentric coordinates λ₀…λ_n.
///
/// Node k sits at the midpoint of the vertices `pairs[k]` (a vertex is the pair (i, i)):
/// vertices 0…n first, then for degree 2 one node per edge, in Gmsh's edge order:
/// - segment: (0,1);
/// - triangle: (0,1), (1,2), (2,0);
/// - tetrahedron: (0,1), (1,2), (2,0), (3,0), (3,2), (3,1)
///   (Gmsh's `MTetrahedron::edges_tetra` in `MTetrahedron.h`, which `MTetrahedron10` numbers
///   its edge nodes by; the 6-node boundary triangle uses the triangle's order).
///
/// Degree 1: N_i = λ_i. Degree 2: N_i = λ_i(2λ_i − 1) at vertex i, N_ij = 4 λ_i λ_j on edge
/// (i, j). Reference coordinates are ξ_m = λ_m (m = 1…n), λ₀ = 1 − Σ ξ_m, so
/// ∂N/∂ξ_m = ∂N/∂λ_m − ∂N/∂λ₀.
struct FEMLagrangeBasis: Sendable {
    /// 1 (segment), 2 (triangle) or 3 (tetrahedron).
    let simplexDimension: Int
    /// 1 or 2.
    let degree: Int
    /// The vertices each node is the midpoint of.
    let pairs: [(Int, Int)]

    init(simplexDimension n: Int, degree: Int) {
        simplexDimension = n
        self.degree = degree
        let vertices = (0...n).map { ($0, $0) }
        pairs = degree == 1 ? vertices : vertices + Self.edges(simplexDimension: n)
    }

    /// The edges of the n-simplex in Gmsh's order.
    static func edges(simplexDimension n: Int) -> [(Int, Int)] {
        switch n {
        case 1: return [(0, 1)]
        case 2: return [(0, 1), (1, 2), (2, 0)]
        default: return [(0, 1), (1, 2), (2, 0), (3, 0), (3, 2), (3, 1)]
        }
    }

    /// The number of nodes (basis functions).
    var count: Int { pairs.count }

    /// N_k(λ) for every node k.
    func values(_ lambda: [Double]) -> [Double] {
        pairs.map { i, j in
            if degree == 1 { return lambda[i] }
            return i == j ? lambda[i] * (2 * lambda[i] - 1) : 4 * lambda[i] * lambda[j]
        }
    }

    /// ∂N_k/∂ξ_m (m = 1…n, in the x, y, z slots; unused slots zero) for every node k.
    func referenceGradients(_ lambda: [Double]) -> [SIMD3<Double>] {
        pairs.map { i, j in
            // ∂N/∂λ_a for the (at most two) barycentric coordinates N depends on.
            var byLambda = [Double](repeating: 0, count: simplexDimension + 1)
            if degree == 1 {
                byLambda[i] = 1
            } else if i == j {
                byLambda[i] = 4 * lambda[i] - 1
            } else {
                byLambda[i] += 4 * lambda[j]
                byLambda[j] += 4 * lambda[i]
            }
            var gradient = SIMD3<Double>.zero
            for m in 1...simplexDimension { gradient[m - 1] = byLambda[m] - byLambda[0] }
            return gradient
        }
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
