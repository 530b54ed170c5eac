/// The compact (Mehrstellen) fourth-order stencils on a uniform grid with spacings h_a, in
/// 1, 2 or 3 dimensions.
///
/// With δ_a² the 3-point second difference along axis a, Taylor expansion gives
/// δ_a²u = u_aa + h_a²/12 u_aaaa + O(h⁴). For Δu = F (so ΔF = Σ_a u_aaaa + 2 Σ_{a<b} u_aabb):
///
///     L_h u := Σ_a δ_a²u + Σ_{a<b} (h_a² + h_b²)/12 · δ_a²δ_b²u
///            = W_h F + O(h⁴),   W_h := I + Σ_a h_a²/12 · δ_a²,
///
/// since both sides equal Δu + Σ_a h_a²/12 u_aaaa + Σ_{a<b} (h_a²+h_b²)/12 u_aabb + O(h⁴).
/// L_h is the 3-point stencil in 1-D, 9 points in 2-D (with h_x = h_y: (1/6h²)·[1 4 1; 4 −20 4;
/// 1 4 1]) and 19 points in 3-D (no cube corners); W_h has 1 + 2d points (Collatz 1960;
/// Spotz & Carey 1996 for unequal spacings). Both are symmetric, and −L_h with Dirichlet
/// nodes eliminated is symmetric positive definite for every ratio of spacings: its eigenvalues
/// Σ_a μ_a − Σ_{a<b} (h_a²+h_b²)/12 μ_a μ_b, μ_a = (4/h_a²) sin²(θ_a/2) ∈ (0, 4/h_a²), are
/// multilinear in the μ_a and positive at every vertex of that box but the origin.
struct FDCompactStencil {
    /// One point of a stencil: its offset from the centre node (one entry per axis, in −1...1)
    /// and its weight.
    struct Point {
        let offset: [Int]
        let weight: Double
    }

    /// The points of L_h (≈ Δ), the centre first.
    let laplacian: [Point]
    /// The points of W_h (≈ I + Σ h_a²/12 ∂_a²), the centre first.
    let weighting: [Point]

    init(spacing h: [Double]) {
        let d = h.count
        func unit(_ a: Int, _ s: Int) -> [Int] {
            var o = [Int](repeating: 0, count: d)
            o[a] = s
            return o
        }
        // Cross terms c_ab δ_a²δ_b² with c_ab = (h_a² + h_b²)/12: the product of the two 3-point
        // stencils, (1, −2, 1)/h_a² ⊗ (1, −2, 1)/h_b², scaled by c_ab.
        var centre = 0.0
        var axisWeight = [Double](repeating: 0, count: d)
        var diagonals: [Point] = []
        for a in 0..<d {
            centre -= 2 / (h[a] * h[a])
            axisWeight[a] += 1 / (h[a] * h[a])
            for b in (a + 1)..<d {
                let c = (h[a] * h[a] + h[b] * h[b]) / 12 / (h[a] * h[a] * h[b] * h[b])
                centre += 4 * c
                axisWeight[a] -= 2 * c
                axisWeight[b] -= 2 * c
                for sa in [-1, 1] {
                    for sb in [-1, 1] {
                        var o = unit(a, sa)
                        o[b] = sb
                        diagonals.append(Point(offset: o, weight: c))
                    }
                }
            }
        }
        var laplacian = [Point(offset: [Int](repeating: 0, count: d), weight: centre)]
        var weighting = [Point(offset: [Int](repeating: 0, count: d), weight: 1 - Double(d) / 6)]
        for a in 0..<d {
            for s in [-1, 1] {
                laplacian.append(Point(offset: unit(a, s), weight: axisWeight[a]))
                weighting.append(Point(offset: unit(a, s), weight: 1.0 / 12))
            }
        }
        self.laplacian = laplacian + diagonals
        self.weighting = weighting
    }
}
