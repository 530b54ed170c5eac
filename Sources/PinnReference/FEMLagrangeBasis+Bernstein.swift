/// The Bernstein (Bézier) form of a Lagrange element's map, for bounding boxes: a curved cell
/// lies in the convex hull of its Bézier control points.
///
/// The Bernstein polynomials of degree p on the n-simplex are B_β(λ) = p!/(β₀!…β_n!) Π λ_i^β_i
/// (|β| = p); they are non-negative and sum to one, so x(λ) = Σ_β B_β(λ) b_β lies in the hull of
/// the b_β. Matching x at the Lagrange nodes λ = α_k/p gives Σ_β B_β(α_k/p) b_β = x_k, that is
/// b = V⁻¹ x with V_kβ = B_β(α_k/p), β running over the multi-indices in node order. For P2
/// this gives the vertices and 2 x_ij − (x_i + x_j)/2 on each edge.
extension FEMLagrangeBasis {
    /// `bernsteinFromLagrange[β][k]`: the weight of node k's position in control point β (V⁻¹).
    var bernsteinFromLagrange: [[Double]] {
        let n = count
        func factorial(_ k: Int) -> Double { k <= 1 ? 1 : Double(k) * factorial(k - 1) }
        // V, with the identity beside it, reduced by Gauss–Jordan elimination with partial pivoting.
        var rows = (0..<n).map { k -> [Double] in
            let lambda = nodePoint(k)
            let v = multiIndices.map { beta in
                beta.indices.reduce(factorial(degree)) { product, i in
                    var power = 1.0
                    for _ in 0..<beta[i] { power *= lambda[i] }
                    return product * power / factorial(beta[i])
                }
            }
            return v + (0..<n).map { $0 == k ? 1.0 : 0.0 }
        }
        for column in 0..<n {
            let pivot = (column..<n).max { abs(rows[$0][column]) < abs(rows[$1][column]) } ?? column
            rows.swapAt(column, pivot)
            let scale = 1 / rows[column][column]
            rows[column] = rows[column].map { $0 * scale }
            for r in 0..<n where r != column {
                let factor = rows[r][column]
                if factor != 0 { rows[r] = zip(rows[r], rows[column]).map { $0 - factor * $1 } }
            }
        }
        return rows.map { Array($0[n...]) }
    }
}
