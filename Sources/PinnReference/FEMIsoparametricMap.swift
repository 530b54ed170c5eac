/// The isoparametric map of a cell or facet, x(ξ) = Σ_k N_k(ξ) x_k with the element's own
/// Lagrange basis N_k (quadratic for P2: edges are parabolas through their edge nodes), at one
/// reference point ξ.
///
/// Cells: J = ∂x/∂ξ = [c₁ … c_d] with c_m = Σ_k x_k ∂N_k/∂ξ_m (c₃ = e_z in 2-D, so that one
/// 3 × 3 formula serves both dimensions). The rows of J⁻¹ are r₁ = (c₂ × c₃)/det,
/// r₂ = (c₃ × c₁)/det, r₃ = (c₁ × c₂)/det with det = c₁ · (c₂ × c₃), and the physical gradient
/// is ∇N = Σ_m (∂N/∂ξ_m) r_m. The volume element is |det J| dξ; the reference simplex has
/// measure 1/d!.
///
/// Facets: tangents t_m = Σ_k x_k ∂N_k/∂ξ_m. In 2-D the normal direction is (t.y, −t.x) and
/// ds = |t| dξ; in 3-D it is t₁ × t₂ and dA = |t₁ × t₂| dξ (reference triangle of area ½).
enum FEMIsoparametricMap {
    /// The map of a cell at one point.
    struct CellPoint {
        /// x(ξ).
        var position: SIMD3<Double>
        /// The signed det J (its sign is the cell's orientation).
        var determinant: Double
        /// ∇N_k in physical coordinates (z = 0 in 2-D); empty unless asked for.
        var gradients: [SIMD3<Double>]
    }

    /// The map of a facet at one point.
    struct FacetPoint {
        /// x(ξ).
        var position: SIMD3<Double>
        /// |t| (2-D) or |t₁ × t₂| (3-D): the length or area element per unit reference measure.
        var jacobian: Double
        /// The unit normal of the parametrisation, (t.y, −t.x)/|t| or t₁ × t₂ / |t₁ × t₂|; the
        /// caller orients it outward.
        var normal: SIMD3<Double>
    }

    /// The cell map at a point where the basis takes `values` and has reference gradients
    /// `referenceGradients`; `nodes` are the cell's node positions in basis order.
    static func cell(
        nodes: [SIMD3<Double>], values: [Double], referenceGradients: [SIMD3<Double>], dimension d: Int,
        withGradients: Bool
    ) -> CellPoint {
        var position = SIMD3<Double>.zero
        var c1 = SIMD3<Double>.zero, c2 = SIMD3<Double>.zero
        var c3 = d == 2 ? SIMD3<Double>(0, 0, 1) : .zero
        for k in nodes.indices {
            let x = nodes[k], g = referenceGradients[k]
            position += values[k] * x
            c1 += g.x * x
            c2 += g.y * x
            if d == 3 { c3 += g.z * x }
        }
        let c23 = cross(c2, c3)
        let determinant = dot(c1, c23)
        var gradients: [SIMD3<Double>] = []
        if withGradients {
            let r1 = c23 / determinant, r2 = cross(c3, c1) / determinant, r3 = cross(c1, c2) / determinant
            gradients = referenceGradients.map { g in
                d == 2 ? g.x * r1 + g.y * r2 : g.x * r1 + g.y * r2 + g.z * r3
            }
        }
        return CellPoint(position: position, determinant: determinant, gradients: gradients)
    }

    /// The facet map at a point (basis on the facet's simplex, nodes in facet order).
    static func facet(
        nodes: [SIMD3<Double>], values: [Double], referenceGradients: [SIMD3<Double>], dimension d: Int
    ) -> FacetPoint {
        var position = SIMD3<Double>.zero
        var t1 = SIMD3<Double>.zero, t2 = SIMD3<Double>.zero
        for k in nodes.indices {
            let x = nodes[k], g = referenceGradients[k]
            position += values[k] * x
            t1 += g.x * x
            if d == 3 { t2 += g.y * x }
        }
        let direction = d == 2 ? SIMD3(t1.y, -t1.x, 0) : cross(t1, t2)
        let jacobian = length(direction)
        return FacetPoint(position: position, jacobian: jacobian, normal: direction / jacobian)
    }

    /// +1 or −1: the sign that turns the parametrisation's normal of a facet with vertices
    /// `x` (in facet order) outward, away from `opposite`, the vertex of its cell not on it.
    /// The sign is the same at every point of a regular curved facet, so the straight facet
    /// through the vertices decides it.
    static func outwardSign(facetVertices x: [SIMD3<Double>], opposite: SIMD3<Double>, dimension d: Int) -> Double {
        let direction: SIMD3<Double>
        if d == 2 {
            let t = x[1] - x[0]
            direction = SIMD3(t.y, -t.x, 0)
        } else {
            direction = cross(x[1] - x[0], x[2] - x[0])
        }
        return dot(opposite - x[0], direction) > 0 ? -1 : 1
    }
}
