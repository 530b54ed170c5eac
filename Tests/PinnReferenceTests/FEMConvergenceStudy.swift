import Foundation
import PinnReference
import XCTest

/// Errors of finite-element solves on a sequence of refined meshes against an exact solution,
/// and the orders they show.
struct FEMConvergenceStudy {
    var spacings: [Double] = []
    var nodeCounts: [Int] = []
    var errors: [FEMErrorNorms] = []
    /// Wall time of each `solveFiniteElement` (assembly and sparse LU), printed, never asserted.
    var solveSeconds: [Double] = []

    var l2Orders: [Double] { observedOrders(errors: errors.map(\.l2), spacings: spacings) }
    var maxNormOrders: [Double] { observedOrders(errors: errors.map(\.maxAbsolute), spacings: spacings) }

    /// Solves each (mesh size h, problem) and compares with `exact`.
    init(_ levels: [(spacing: Double, problem: FEMProblem)], exact: ([Double]) -> Double) throws {
        for (spacing, problem) in levels {
            let start = ContinuousClock.now
            let solution = try solveFiniteElement(problem)
            let elapsed = ContinuousClock.now - start
            solveSeconds.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
            spacings.append(spacing)
            nodeCounts.append(problem.mesh.nodeCount)
            errors.append(solution.errorNorms(against: exact))
        }
    }

    var summary: String {
        func format(_ values: [Double]) -> String { values.map { String(format: "%.3g", $0) }.joined(separator: ", ") }
        return "nodes \(nodeCounts); L2 error [\(format(errors.map(\.l2)))] orders [\(format(l2Orders))]; "
            + "rel L2 [\(format(errors.map(\.relativeL2)))]; "
            + "max nodal error [\(format(errors.map(\.maxAbsolute)))] orders [\(format(maxNormOrders))]; "
            + "assembly+solve s [\(format(solveSeconds))]"
    }

    /// Prints the study and asserts that every observed L2 order lies in `range`.
    func assertSecondOrderInL2(
        _ name: String, range: ClosedRange<Double> = 1.8...2.3,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        print("FEM \(name): \(summary)")
        XCTAssertFalse(l2Orders.isEmpty, file: file, line: line)
        for order in l2Orders {
            XCTAssertTrue(
                range.contains(order), "\(name): observed L2 order \(order) outside \(range); \(summary)",
                file: file, line: line)
        }
    }
}
