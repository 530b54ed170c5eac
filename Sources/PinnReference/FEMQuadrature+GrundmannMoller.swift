/// Grundmann–Möller rules: symmetric rules of any odd degree on the n-simplex from one formula
/// (A. Grundmann and H. M. Möller, "Invariant integration formulas for the n-simplex by
/// combinatorial methods", SIAM J. Numer. Anal. 15 (1978), Theorem 4).
///
/// For degree d = 2s + 1, with ∫ over the unit simplex of measure 1/n!:
///
///     ∫ f ≈ Σ_{i=0}^{s} (−1)^i 2^(−2s) (d + n − 2i)^d / (i! (d + n − i)!)
///               Σ_{β ∈ ℕ^(n+1), |β| = s − i} f(λ = (2β + 1)/(d + n − 2i)),
///
/// the point given by its barycentric coordinates λ_k = (2β_k + 1)/(d + n − 2i). The weights
/// alternate in sign (the rule is not positive), and there are C(n + s + 1, s) + … points in all:
/// 35 for degree 7 on the tetrahedron, against 125 for the conical product of that degree.
extension FEMQuadrature {
    /// The degree-7 rule on the tetrahedron (s = 3, 35 points), for P3 assembly.
    static let tetrahedronGrundmannMoller7 = grundmannMoller(simplexDimension: 3, s: 3)

    /// The rule of degree 2s + 1 on the n-simplex.
    static func grundmannMoller(simplexDimension n: Int, s: Int) -> FEMQuadrature {
        let d = 2 * s + 1
        func factorial(_ k: Int) -> Double { k <= 1 ? 1 : Double(k) * factorial(k - 1) }
        var points: [[Double]] = [], weights: [Double] = []
        for i in 0...s {
            let denominator = Double(d + n - 2 * i)
            var power = 1.0
            for _ in 0..<d { power *= denominator }
            // The weight as a fraction of the simplex's measure 1/n!.
            let weight =
                (i % 2 == 0 ? 1 : -1) * power / (Double(1 << (2 * s)) * factorial(i) * factorial(d + n - i))
                * factorial(n)
            for beta in compositions(total: s - i, parts: n + 1) {
                points.append(beta.map { Double(2 * $0 + 1) / denominator })
                weights.append(weight)
            }
        }
        return FEMQuadrature(degree: d, points: points, weights: weights)
    }

    /// Every vector of `parts` non-negative integers summing to `total`.
    private static func compositions(total: Int, parts: Int) -> [[Int]] {
        guard parts > 1 else { return [[total]] }
        return (0...total).flatMap { first in
            compositions(total: total - first, parts: parts - 1).map { [first] + $0 }
        }
    }
}
