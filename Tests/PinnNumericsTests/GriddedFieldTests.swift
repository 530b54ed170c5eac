import Foundation
import PinnNumerics
import XCTest

/// Multilinear interpolation against closed forms: exact for functions affine in each coordinate,
/// second order for smooth ones (observed order on refined grids, and the (1/8) Σ h² max|f''| bound).
final class GriddedFieldTests: XCTestCase {
    /// Strictly increasing nodes: `lower`, `upper` and n − 2 random points between.
    func randomAxis(_ n: Int, _ lower: Double, _ upper: Double, _ g: inout SeededGenerator) -> [Double] {
        var inner = Set<Double>()
        while inner.count < n - 2 { inner.insert(g.uniform(lower, upper)) }
        return [lower] + inner.sorted() + [upper]
    }

    /// Samples `f` at every node of `axes` (x fastest).
    func sample(_ axes: [[Double]], _ f: ([Double]) -> Double) -> [Double] {
        let counts = axes.map(\.count)
        return (0..<counts.reduce(1, *)).map { k in
            var rest = k
            let point = axes.map { axis -> Double in
                defer { rest /= axis.count }
                return axis[rest % axis.count]
            }
            return f(point)
        }
    }

    func randomPoints(_ count: Int, in axes: [[Double]], _ g: inout SeededGenerator) -> [[Double]] {
        (0..<count).map { _ in axes.map { g.uniform($0.first!, $0.last!) } }
    }

    func testFunctionsAffineInEachCoordinateAreReproducedExactly() throws {
        var g = SeededGenerator(seed: 7)
        for d in 1...3 {
            // f = Σ over subsets S of {x, y, z} of c_S Π_{a ∈ S} x_a: affine in each coordinate.
            let coefficients = (0..<(1 << d)).map { _ in g.uniform(-2.0, 2.0) }
            let f: ([Double]) -> Double = { p in
                var sum = 0.0
                for subset in 0..<(1 << d) {
                    var term = coefficients[subset]
                    for a in 0..<d where subset & (1 << a) != 0 { term *= p[a] }
                    sum += term
                }
                return sum
            }
            let axes = (0..<d).map { a in randomAxis([9, 6, 5][a], -1 - Double(a), 2 + Double(a), &g) }
            let field = try GriddedField(axes: axes, values: sample(axes, f))
            let points = randomPoints(300, in: axes, &g)
            for p in points {
                XCTAssertEqual(field.evaluate(p), f(p), accuracy: 1e-12, "\(d)-D at \(p)")
            }
            // At the nodes the samples themselves.
            for p in randomPoints(20, in: axes, &g) {
                let node = zip(axes, p).map { axis, x in axis.min { abs($0 - x) < abs($1 - x) }! }
                XCTAssertEqual(field.evaluate(node), f(node), accuracy: 1e-12)
            }
            // A batch of points (with an extra row, ignored) gives the pointwise values.
            var batch = [Double]()
            field.evaluate(columns: points.count, rows: d + 1, points.flatMap { $0 + [99] }, into: &batch)
            XCTAssertEqual(batch, points.map(field.evaluate))
        }
    }

    /// f = sin 2x cos 3y (× e^z in 3-D) on uniform grids of n, 2n − 1, … nodes per axis: the RMS
    /// error at fixed random points (a Monte Carlo L2 norm) falls by 4× per halving of h, and the
    /// largest error stays under (1/8) Σ_a h² max|∂²f/∂x_a²|.
    func testSmoothFunctionsConvergeAtSecondOrder() throws {
        let cases: [(d: Int, sizes: [Int], f: ([Double]) -> Double, curvature: [Double])] = [
            (1, [9, 17, 33, 65, 129], { sin(2 * $0[0]) }, [4]),
            (2, [9, 17, 33, 65, 129], { sin(2 * $0[0]) * cos(3 * $0[1]) }, [4, 9]),
            (3, [5, 9, 17, 33, 65], { sin(2 * $0[0]) * cos(3 * $0[1]) * exp($0[2]) }, [4 * M_E, 9 * M_E, M_E])
        ]
        for c in cases {
            var g = SeededGenerator(seed: 11)
            let unit = Array(repeating: [0.0, 1.0], count: c.d)
            let points = randomPoints(2000, in: unit, &g)
            var errors: [Double] = []
            for n in c.sizes {
                let nodes = (0..<n).map { Double($0) / Double(n - 1) }
                let axes = Array(repeating: nodes, count: c.d)
                let field = try GriddedField(axes: axes, values: sample(axes, c.f))
                let pointwise = points.map { abs(field.evaluate($0) - c.f($0)) }
                let h = 1 / Double(n - 1)
                XCTAssertLessThanOrEqual(pointwise.max()!, h * h / 8 * c.curvature.reduce(0, +), "\(c.d)-D, n = \(n)")
                errors.append((pointwise.reduce(0) { $0 + $1 * $1 } / Double(points.count)).squareRoot())
            }
            let orders = zip(errors, errors.dropFirst()).map { log2($0 / $1) }
            print(
                "\(c.d)-D multilinear interpolation: RMS errors \(errors.map { String(format: "%.2e", $0) }), "
                    + "orders \(orders.map { String(format: "%.3f", $0) })")
            for order in orders { XCTAssertEqual(order, 2, accuracy: 0.1, "\(c.d)-D: errors \(errors)") }
        }
    }

    func testDecreasingAxesAreReversedWithTheirValues() throws {
        let x = [0.0, 0.5, 2], y = [3.0, 1, 0]
        let f: ([Double]) -> Double = { 1 + $0[0] + 10 * $0[1] + 3 * $0[0] * $0[1] }
        let decreasing = try GriddedField(axes: [x, y], values: sample([x, y], f))
        let increasing = try GriddedField(axes: [x, y.reversed()], values: sample([x, y.reversed()], f))
        XCTAssertEqual(decreasing, increasing)
        XCTAssertEqual(decreasing.lower, [0, 0])
        XCTAssertEqual(decreasing.upper, [2, 3])
        XCTAssertEqual(decreasing.evaluate([1.2, 2.2]), f([1.2, 2.2]), accuracy: 1e-12)
    }

    func testPointsOutsideTheGridTakeTheNearestBoundaryValue() throws {
        let field = try GriddedField(axes: [[0, 1], [0, 1]], values: [1, 2, 3, 4])
        XCTAssertEqual(field.evaluate([-5, 0.5]), field.evaluate([0, 0.5]))
        XCTAssertEqual(field.evaluate([3, 7]), 4)
        XCTAssertEqual(field.evaluate([-1, -1]), 1)
        XCTAssertTrue(field.covers(lower: [0, 0], upper: [1, 1]))
        XCTAssertTrue(field.covers(lower: [-1e-12, 0], upper: [1, 1 + 1e-12]))
        XCTAssertFalse(field.covers(lower: [0, -0.01], upper: [1, 1]))
        XCTAssertFalse(field.covers(lower: [0, 0], upper: [1.5, 1]))
    }

    func testInvalidSamplesAreRejectedWithTheReason() {
        func error(_ axes: [[Double]], _ values: [Double]) -> GriddedFieldError? {
            do {
                _ = try GriddedField(axes: axes, values: values)
                return nil
            } catch {
                return error
            }
        }
        XCTAssertEqual(error([], []), .rank(0))
        XCTAssertEqual(error([[0, 1], [0, 1], [0, 1], [0, 1]], Array(repeating: 0, count: 16)), .rank(4))
        XCTAssertEqual(error([[0, 1], [2]], [0, 0]), .tooFewNodes(axis: 1, count: 1))
        XCTAssertEqual(error([[0, .nan, 1]], [0, 0, 0]), .nonFiniteNode(axis: 0, index: 1))
        XCTAssertEqual(
            error([[0, 1], [0, 1, 1, 2]], Array(repeating: 0, count: 8)),
            .notMonotonic(axis: 1, index: 2, previous: 1, value: 1))
        XCTAssertEqual(error([[0, 2, 1]], [0, 0, 0]), .notMonotonic(axis: 0, index: 2, previous: 2, value: 1))
        XCTAssertEqual(error([[0, 1], [0, 1]], [0, 0, 0]), .countMismatch(expected: [2, 2], found: 3))
        let nan = error([[0, 1, 2], [5, 6]], [0, 0, 0, 0, 0, .nan])
        guard case .nonFiniteValue(let index, let point, let value)? = nan else {
            return XCTFail("\(String(describing: nan))")
        }
        XCTAssertEqual(index, [2, 1])
        XCTAssertEqual(point, [2, 6])
        XCTAssertTrue(value.isNaN)
        XCTAssertEqual(nan?.description, "the value at x = 2.0, y = 6.0 (node [2, 1]) is nan")
        XCTAssertEqual(error([[0, 1]], [0, .infinity]), .nonFiniteValue(index: [1], point: [1], value: .infinity))
    }
}
