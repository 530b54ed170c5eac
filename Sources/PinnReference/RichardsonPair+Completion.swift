extension RichardsonPair {
    /// The extrapolation at every fine node: u_fine + I c, with the correction
    /// c = (u_fine − u_coarse)/(2ᵖ − 1) at the coarse nodes and I its interpolation onto the fine
    /// grid (the "completed Richardson extrapolation" of Roache & Knupp, Commun. Numer. Meth. Eng.
    /// 9, 365–374, 1993). At the coarse nodes this is `extrapolated`.
    ///
    /// I is tensor-product cubic (4-point Lagrange) interpolation, one axis after the other
    /// (`NestedGridInterpolation`). Order: where the error expands as u_h = u + e₁hᵖ + e₂hᵖ⁺² + …
    /// with smooth e₁, e₂, the correction is −e₁hᵖ + O(hᵖ⁺²), and interpolating it costs
    /// O(H⁴ ∂⁴c) = O(hᵖ⁺⁴) (H the coarse spacing), so every node keeps the order p + 2 of the
    /// extrapolation (sixth for the compact scheme with Dirichlet conditions) with the error
    /// constant of the coarse nodes: the correction is ~10⁻⁸ of u where this is used, and even
    /// multilinear interpolation, O(hᵖ⁺²) too, added (πH)²/8 of it (10⁻⁹ at H = 1/16 on
    /// sin πx sin πy). Where the correction is NaN (outside a masked domain) the interpolation
    /// falls back to fewer points (see `NestedGridInterpolation`); a fine node with no finite
    /// correction keeps u_fine.
    public var completedExtrapolation: [Double] {
        let factor = self.factor
        let correction = zip(fineAtCoarseNodes, coarse).map { ($0 - $1) * factor }
        let interpolated = NestedGridInterpolation.cubic(correction, from: coarsePoints, to: finePoints)
        return zip(fine, interpolated).map { $1.isFinite ? $0 + $1 : $0 }
    }
}

/// Interpolation from a grid onto a grid that holds its nodes (every k-th node of the fine grid
/// per axis, x fastest), one axis after the other.
enum NestedGridInterpolation {
    /// Cubic Lagrange interpolation through the 4 coarse nodes nearest each fine node along every
    /// axis (the stencil shifted inward at the ends; 2 nodes, linear, on an axis of 2 or 3 coarse
    /// nodes). Where a stencil meets a NaN the two nodes around the point are used, linearly; if one
    /// of those is NaN too, the other; if both, NaN. Exact for cubics (per axis) where no NaN is near.
    static func cubic(_ values: [Double], from coarse: [Int], to fine: [Int]) -> [Double] {
        var current = values
        var counts = coarse
        for a in coarse.indices where coarse[a] != fine[a] {
            current = refine(current, counts: counts, axis: a, to: fine[a])
            counts[a] = fine[a]
        }
        return current
    }

    /// Refines axis `a` of `values` (on `counts` nodes per axis) from counts[a] to `target` nodes,
    /// the coarse nodes being every ((target − 1)/(counts[a] − 1))-th.
    private static func refine(_ values: [Double], counts: [Int], axis a: Int, to target: Int) -> [Double] {
        let n = counts[a]
        let step = (target - 1) / max(1, n - 1)
        let inner = counts[..<a].reduce(1, *), outer = counts[(a + 1)...].reduce(1, *)
        // Per fine index along the axis: the stencil's first coarse node and its weights.
        let stencils = (0..<target).map { i -> (first: Int, weights: [Double], lower: Int, t: Double) in
            let lower = min(i / step, n - 1), t = Double(i - lower * step) / Double(step)
            guard t > 0 else { return (lower, [1], lower, 0) }
            guard n >= 4 else { return (lower, [1 - t, t], lower, t) }
            let first = min(max(lower - 1, 0), n - 4)
            let x = Double(lower - first) + t // the point in the stencil's local coordinate 0…3
            let weights = (0..<4).map { j in
                (0..<4).filter { $0 != j }.reduce(1.0) { $0 * (x - Double($1)) / Double(j - $1) }
            }
            return (first, weights, lower, t)
        }
        var out = [Double](repeating: .nan, count: inner * target * outer)
        for o in 0..<outer {
            for i in 0..<target {
                let s = stencils[i]
                for k in 0..<inner {
                    let source = { (j: Int) in values[k + inner * (j + n * o)] }
                    var sum = 0.0
                    for (j, w) in s.weights.enumerated() { sum += w * source(s.first + j) }
                    if !sum.isFinite, s.t > 0 {
                        let (v0, v1) = (source(s.lower), source(s.lower + 1))
                        sum =
                            v0.isFinite && v1.isFinite ? (1 - s.t) * v0 + s.t * v1 : v0.isFinite ? v0 : v1
                    }
                    out[k + inner * (i + target * o)] = sum
                }
            }
        }
        return out
    }
}
