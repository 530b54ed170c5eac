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
        /// ∇N_k in physical coordinates, 3 entries per node (z = 0 in 2-D); empty unless
        /// asked for.
        var gradients: [Double]
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
    /// `referenceGradients` (3 entries per node); `nodes` holds the cell's node coordinates, 3
    /// per node, in basis order. Scalar arithmetic throughout: this is the innermost loop of
    /// assembly and error norms, and must stay quick in debug builds too.
    static func cell(
        nodes x: [Double], values: [Double], referenceGradients g: [Double], dimension d: Int,
        withGradients: Bool
    ) -> CellPoint {
        var px = 0.0, py = 0.0, pz = 0.0
        // J[a][m] = ∂x_a/∂ξ_m.
        var j11 = 0.0, j12 = 0.0, j13 = 0.0, j21 = 0.0, j22 = 0.0, j23 = 0.0, j31 = 0.0, j32 = 0.0, j33 = 0.0
        for k in values.indices {
            let xk = x[3 * k], yk = x[3 * k + 1], zk = x[3 * k + 2]
            let g1 = g[3 * k], g2 = g[3 * k + 1], g3 = g[3 * k + 2]
            px += values[k] * xk
            py += values[k] * yk
            pz += values[k] * zk
            j11 += xk * g1
            j12 += xk * g2
            j21 += yk * g1
            j22 += yk * g2
            if d == 3 {
                j13 += xk * g3
                j23 += yk * g3
                j31 += zk * g1
                j32 += zk * g2
                j33 += zk * g3
            }
        }
        if d == 2 { j33 = 1 }
        let c11 = j22 * j33 - j23 * j32, c12 = j23 * j31 - j21 * j33, c13 = j21 * j32 - j22 * j31
        let determinant = j11 * c11 + j12 * c12 + j13 * c13
        var gradients: [Double] = []
        if withGradients {
            let r = 1 / determinant
            // (J⁻¹)[m][a] by cofactors.
            let i11 = c11 * r, i12 = (j13 * j32 - j12 * j33) * r, i13 = (j12 * j23 - j13 * j22) * r
            let i21 = c12 * r, i22 = (j11 * j33 - j13 * j31) * r, i23 = (j13 * j21 - j11 * j23) * r
            let i31 = c13 * r, i32 = (j12 * j31 - j11 * j32) * r, i33 = (j11 * j22 - j12 * j21) * r
            gradients = [Double](repeating: 0, count: 3 * values.count)
            for k in values.indices {
                let g1 = g[3 * k], g2 = g[3 * k + 1], g3 = g[3 * k + 2]
                gradients[3 * k] = g1 * i11 + g2 * i21 + g3 * i31
                gradients[3 * k + 1] = g1 * i12 + g2 * i22 + g3 * i32
                gradients[3 * k + 2] = g1 * i13 + g2 * i23 + g3 * i33
            }
        }
        return CellPoint(position: SIMD3(px, py, pz), determinant: determinant, gradients: gradients)
    }

    /// `positions` flattened, 3 coordinates per node, for `cell(nodes:…)`.
    static func flatten(_ positions: [SIMD3<Double>]) -> [Double] {
        var flat = [Double](repeating: 0, count: 3 * positions.count)
        for (k, p) in positions.enumerated() {
            flat[3 * k] = p.x
            flat[3 * k + 1] = p.y
            flat[3 * k + 2] = p.z
        }
        return flat
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
