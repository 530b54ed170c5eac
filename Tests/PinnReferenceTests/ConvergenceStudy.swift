import Foundation
import PinnReference
import XCTest

/// Errors of a sequence of solves on refined grids against an exact solution, and the orders
/// they show.
struct ConvergenceStudy {
    var gridPoints: [Int] = []
    var spacings: [Double] = []
    var errors: [FDErrorNorms] = []

    var maxNormOrders: [Double] { observedOrders(errors: errors.map(\.maxAbsolute), spacings: spacings) }
    var relativeL2Orders: [Double] { observedOrders(errors: errors.map(\.relativeL2), spacings: spacings) }

    /// Solves `problem(n)` for each n and compares with `exact` at the nodes inside.
    init(
        gridPoints: [Int], spacing: (Int) -> Double, problem: (Int) -> FDProblem,
        exact: ([Double]) -> Double
    ) throws {
        for n in gridPoints {
            let solution = try solveFiniteDifference(problem(n))
            self.gridPoints.append(n)
            spacings.append(spacing(n))
            errors.append(solution.errorNorms(against: exact))
        }
    }

    var summary: String {
        func format(_ values: [Double]) -> String { values.map { String(format: "%.3g", $0) }.joined(separator: ", ") }
        return "n = \(gridPoints); max error [\(format(errors.map(\.maxAbsolute)))] orders [\(format(maxNormOrders))]; "
            + "rel L2 [\(format(errors.map(\.relativeL2)))] orders [\(format(relativeL2Orders))]"
    }

    /// Asserts that every observed order of the chosen norm lies in `range`.
    func assertOrders(
        _ orders: [Double], in range: ClosedRange<Double> = 1.8...2.2, _ name: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        print("\(name): \(summary)")
        XCTAssertFalse(orders.isEmpty, file: file, line: line)
        for order in orders {
            XCTAssertTrue(
                range.contains(order), "\(name): observed order \(order) outside \(range); \(summary)",
                file: file, line: line)
        }
    }
}

/// The L-shaped domain [−1, 1]² minus (0, 1]², counter-clockwise. Edges: 0 bottom, 1 right,
/// 2 notch bottom (y = 0, normal +y), 3 notch side (x = 0, normal +x), 4 top, 5 left.
let lShape = FDPolygon(vertices: [[-1, -1], [1, -1], [1, 0], [0, 0], [0, 1], [-1, 1]])
