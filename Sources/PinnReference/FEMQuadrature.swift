/// A quadrature rule on a simplex of dimension n (segment, triangle, tetrahedron), in
/// barycentric coordinates: ∫_T g ≈ |T| Σ_q w_q g(Σ_k λ_qk x_k), with Σ_q w_q = 1.
///
/// Rules (symmetric, positive weights; exactness for polynomials of `degree` is checked in the
/// tests against ∫_T λ^α = |T| n! α! / (n + |α|)!):
/// - segment, 2-point Gauss–Legendre, degree 3;
/// - triangle, 3 points (2/3, 1/6, 1/6), degree 2; and the 7-point degree-5 rule of Radon
///   (in Stroud's tables, T2:5-1);
/// - tetrahedron, 4 points (Keast's degree-2 rule, a = (5 + 3√5)/20); and the 14-point
///   degree-5 rule (Walkington 2000; Grundmann & Möller 1978).
struct FEMQuadrature: Sendable {
    /// The highest total degree integrated exactly.
    let degree: Int
    /// Barycentric coordinates of each point (n + 1 per point).
    let points: [[Double]]
    /// The weight of each point, as a fraction of the simplex's measure.
    let weights: [Double]

    /// The rule for assembling loads, mass and boundary terms on simplices of dimension n:
    /// degree 3 on segments, 2 on triangles and tetrahedra (exact for the P1 mass matrix).
    static func assembly(simplexDimension n: Int) -> FEMQuadrature {
        switch n {
        case 1: return segmentGauss2
        case 2: return triangleDegree2
        default: return tetrahedronDegree2
        }
    }

    /// The degree-5 rule for error norms on cells (triangles or tetrahedra).
    static func errorNorms(simplexDimension n: Int) -> FEMQuadrature {
        n == 2 ? triangleDegree5 : tetrahedronDegree5
    }

    static let segmentGauss2: FEMQuadrature = {
        let a = (1 - 1 / 3.0.squareRoot()) / 2
        return FEMQuadrature(degree: 3, orbits: [([a, 1 - a], 1.0 / 2)])
    }()

    static let triangleDegree2 = FEMQuadrature(degree: 2, orbits: [([2.0 / 3, 1.0 / 6, 1.0 / 6], 1.0 / 3)])

    static let triangleDegree5: FEMQuadrature = {
        let r = 15.0.squareRoot()
        let a = (6 - r) / 21, b = (6 + r) / 21
        return FEMQuadrature(
            degree: 5,
            orbits: [
                ([1.0 / 3, 1.0 / 3, 1.0 / 3], 9.0 / 40),
                ([a, a, 1 - 2 * a], (155 - r) / 1200),
                ([b, b, 1 - 2 * b], (155 + r) / 1200)
            ])
    }()

    static let tetrahedronDegree2: FEMQuadrature = {
        let b = (5 - 5.0.squareRoot()) / 20
        return FEMQuadrature(degree: 2, orbits: [([1 - 3 * b, b, b, b], 1.0 / 4)])
    }()

    static let tetrahedronDegree5: FEMQuadrature = {
        // Weights given for the reference tetrahedron of volume 1/6; ×6 makes them fractions.
        let a1 = 0.31088591926330060980, w1 = 6 * 0.018781320953002641800
        let a2 = 0.092735250310891226402, w2 = 6 * 0.012248840519393658257
        let a3 = 0.045503704125649649492, w3 = 6 * 0.0070910034628469110730
        return FEMQuadrature(
            degree: 5,
            orbits: [
                ([1 - 3 * a1, a1, a1, a1], w1),
                ([1 - 3 * a2, a2, a2, a2], w2),
                ([0.5 - a3, 0.5 - a3, a3, a3], w3)
            ])
    }()

    /// A symmetric rule: each generator's distinct permutations, all with the generator's weight.
    private init(degree: Int, orbits: [(generator: [Double], weight: Double)]) {
        var points: [[Double]] = [], weights: [Double] = []
        for (generator, weight) in orbits {
            for point in Self.distinctPermutations(generator) {
                points.append(point)
                weights.append(weight)
            }
        }
        self.degree = degree
        self.points = points
        self.weights = weights
    }

    /// The distinct orderings of `values` (values compare equal only when they are equal).
    private static func distinctPermutations(_ values: [Double]) -> [[Double]] {
        guard values.count > 1 else { return [values] }
        var result: [[Double]] = []
        for i in values.indices where !values[..<i].contains(values[i]) {
            var rest = values
            let first = rest.remove(at: i)
            for tail in distinctPermutations(rest) { result.append([first] + tail) }
        }
        return result
    }
}
