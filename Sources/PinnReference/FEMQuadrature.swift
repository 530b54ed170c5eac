import Foundation

/// A quadrature rule on a simplex of dimension n (segment, triangle, tetrahedron), in
/// barycentric coordinates: ∫_T g ≈ |T| Σ_q w_q g(Σ_k λ_qk x_k), with Σ_q w_q = 1.
///
/// Rules (symmetric, positive weights; exactness for polynomials of `degree` is checked in the
/// tests against ∫_T λ^α = |T| n! α! / (n + |α|)!):
/// - segment, 2-point Gauss–Legendre, degree 3;
/// - triangle, 3 points (2/3, 1/6, 1/6), degree 2; and the 7-point degree-5 rule of Radon
///   (in Stroud's tables, T2:5-1);
/// - tetrahedron, 4 points (Keast's degree-2 rule, a = (5 + 3√5)/20); and the 14-point
///   degree-5 rule (Walkington 2000; Grundmann & Möller 1978);
/// - segment, 3-point Gauss–Legendre, degree 5 (P2 boundary terms);
/// - conical-product (collapsed Gauss) rules of any degree on triangles and tetrahedra, for
///   P2 error norms (Stroud, "Approximate Calculation of Multiple Integrals", 1971, §2.7;
///   Karniadakis & Sherwin, "Spectral/hp Element Methods", 2005, §4.1): Gauss–Legendre
///   points on the square or cube mapped by the Duffy collapse.
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

    /// The rule for isoparametric assembly with elements of degree p = 2 or 3 on simplices of
    /// dimension n.
    ///
    /// p = 2: degree 5 on segments, triangles and tetrahedra, exact for the P2 mass matrix on
    /// straight cells (degree 4) and for the stiffness and boundary terms of curved cells times
    /// any linear function (what the patch tests rely on).
    ///
    /// p = 3: 5-point Gauss–Legendre on segments (degree 9), the 25-point conical product on
    /// triangles (degree 8), the 35-point Grundmann–Möller rule on tetrahedra (degree 7): above
    /// the P3 mass matrix's degree 6 on straight cells, so that on curved cells, where the
    /// integrands are rational, the rule's error stays O(h⁸) per unit measure, below the
    /// elements' fourth order.
    static func isoparametricAssembly(simplexDimension n: Int, elementDegree p: Int) -> FEMQuadrature {
        switch (n, p) {
        case (1, 2): return segmentGauss3
        case (2, 2): return triangleDegree5
        case (_, 2): return tetrahedronDegree5
        case (1, _): return segmentGauss5
        case (2, _): return triangleConicalProduct5
        default: return tetrahedronGrundmannMoller7
        }
    }

    /// The rule for error norms of isoparametric elements of degree p = 2 or 3 on cells.
    /// ∫(u_h − u)² is O(h^(2p+2)) while a degree-q rule errs by O(h^(q+1)) on it (u_h − u has O(1)
    /// derivatives of order p + 1), so q ≥ 2p + 1 keeps the quadrature error out of the measured
    /// order: p = 2, the conical-product rules of degree 10 (triangles, 36 points) and 7
    /// (tetrahedra, 125 points); p = 3, degree 12 (49 points) and 9 (216 points).
    static func isoparametricErrorNorms(simplexDimension n: Int, elementDegree p: Int) -> FEMQuadrature {
        switch (n, p) {
        case (2, 2): return triangleConicalProduct6
        case (_, 2): return tetrahedronConicalProduct5
        case (2, _): return triangleConicalProduct7
        default: return tetrahedronConicalProduct6
        }
    }

    static let segmentGauss3: FEMQuadrature = {
        let a = (1 - 0.6.squareRoot()) / 2
        return FEMQuadrature(degree: 5, orbits: [([a, 1 - a], 5.0 / 18), ([0.5, 0.5], 8.0 / 18)])
    }()

    static let triangleConicalProduct5 = conicalProduct(simplexDimension: 2, pointsPerDirection: 5)
    static let triangleConicalProduct6 = conicalProduct(simplexDimension: 2, pointsPerDirection: 6)
    static let triangleConicalProduct7 = conicalProduct(simplexDimension: 2, pointsPerDirection: 7)
    static let tetrahedronConicalProduct5 = conicalProduct(simplexDimension: 3, pointsPerDirection: 5)
    static let tetrahedronConicalProduct6 = conicalProduct(simplexDimension: 3, pointsPerDirection: 6)

    /// 5-point Gauss–Legendre on the segment, degree 9 (P3 boundary terms in 2-D): on [−1, 1] the
    /// nodes 0 and ±⅓ √(5 ∓ 2√(10/7)) with weights 128/225 and (322 ± 13√70)/900, halved here.
    static let segmentGauss5: FEMQuadrature = {
        let r = (10.0 / 7).squareRoot(), s = 70.0.squareRoot()
        let inner = (5 - 2 * r).squareRoot() / 3, outer = (5 + 2 * r).squareRoot() / 3
        let innerWeight = (322 + 13 * s) / 1800, outerWeight = (322 - 13 * s) / 1800
        return FEMQuadrature(
            degree: 9,
            orbits: [
                ([0.5, 0.5], 64.0 / 225),
                ([(1 - inner) / 2, (1 + inner) / 2], innerWeight),
                ([(1 - outer) / 2, (1 + outer) / 2], outerWeight)
            ])
    }()

    /// The conical-product rule with m Gauss–Legendre points per direction on [0, 1]: the
    /// triangle ξ = (s, t(1 − s)) with Jacobian (1 − s), degree 2m − 2; the tetrahedron
    /// ξ = (s, t(1 − s), r(1 − s)(1 − t)) with Jacobian (1 − s)²(1 − t), degree 2m − 3
    /// (the Jacobian's powers of s use up the Gauss exactness 2m − 1).
    static func conicalProduct(simplexDimension n: Int, pointsPerDirection m: Int) -> FEMQuadrature {
        let (nodes, gaussWeights) = gaussLegendre(m)
        var points: [[Double]] = [], weights: [Double] = []
        for (s, ws) in zip(nodes, gaussWeights) {
            for (t, wt) in zip(nodes, gaussWeights) {
                if n == 2 {
                    let xi = [s, t * (1 - s)]
                    points.append([1 - xi[0] - xi[1]] + xi)
                    weights.append(2 * ws * wt * (1 - s))
                } else {
                    for (r, wr) in zip(nodes, gaussWeights) {
                        let xi = [s, t * (1 - s), r * (1 - s) * (1 - t)]
                        points.append([1 - xi[0] - xi[1] - xi[2]] + xi)
                        weights.append(6 * ws * wt * wr * (1 - s) * (1 - s) * (1 - t))
                    }
                }
            }
        }
        return FEMQuadrature(degree: n == 2 ? 2 * m - 2 : 2 * m - 3, points: points, weights: weights)
    }

    /// The m-point Gauss–Legendre rule on [0, 1]: the roots of P_m by Newton's method from
    /// cos(π(i − ¼)/(m + ½)), weights 2/((1 − x²) P_m'(x)²) on [−1, 1], halved.
    static func gaussLegendre(_ m: Int) -> (nodes: [Double], weights: [Double]) {
        var nodes: [Double] = [], weights: [Double] = []
        for i in 1...m {
            var x = cos(Double.pi * (Double(i) - 0.25) / (Double(m) + 0.5))
            // P_m(x) and P_m'(x) by the three-term recurrence.
            func legendre(_ x: Double) -> (value: Double, derivative: Double) {
                var p0 = 1.0, p1 = x
                if m >= 2 {
                    for k in 2...m {
                        let p2 = ((2 * Double(k) - 1) * x * p1 - (Double(k) - 1) * p0) / Double(k)
                        p0 = p1
                        p1 = p2
                    }
                }
                return (p1, Double(m) * (x * p1 - p0) / (x * x - 1))
            }
            for _ in 0..<100 {
                let (value, derivative) = legendre(x)
                let step = value / derivative
                x -= step
                if abs(step) < 1e-16 { break }
            }
            // The weight from P_m' at the converged root.
            let derivative = legendre(x).derivative
            nodes.append((1 - x) / 2)
            weights.append(1 / ((1 - x * x) * derivative * derivative))
        }
        return (nodes, weights)
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

    init(degree: Int, points: [[Double]], weights: [Double]) {
        self.degree = degree
        self.points = points
        self.weights = weights
    }

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
