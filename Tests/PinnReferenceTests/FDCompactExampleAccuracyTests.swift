import Foundation
import PinnReference
import XCTest

/// The reference solutions of Problems/poisson.json and Problems/helmholtz.json to a relative L2
/// error of 1e-9 against the exact solution (the grids are the coarsest that get there).
final class FDCompactExampleAccuracyTests: XCTestCase {
    /// Compact scheme alone: 261 × 261 nodes give 9.5e-10 (257 × 257 give 1.008e-9).
    func testPoissonExampleReachesOneBillionthWithCompactSchemeOn261Grid() throws {
        try assertReference(
            CompactExamples.poisson(261), CompactExamples.poissonExact, below: 1e-9, "poisson.json compact")
    }

    /// Richardson on 33 × 33 nodes (the finer solve on 65 × 65): 4.8e-10.
    func testPoissonExampleReachesOneBillionthWithRichardsonOn33Grid() throws {
        try assertReference(
            CompactExamples.poisson(33, scheme: .compactRichardson), CompactExamples.poissonExact, below: 1e-9,
            "poisson.json Richardson")
    }

    /// The compact scheme alone would need about 1090 × 1090 nodes here (513 × 513 give 2.0e-8);
    /// Richardson on 129 × 129 nodes (the finer solve on 257 × 257) gives 4.5e-10.
    func testHelmholtzExampleReachesOneBillionthWithRichardsonOn129Grid() throws {
        try assertReference(
            CompactExamples.helmholtz(129, scheme: .compactRichardson), CompactExamples.helmholtzExact, below: 1e-9,
            "helmholtz.json Richardson")
    }

    private func assertReference(
        _ problem: FDProblem, _ exact: ([Double]) -> Double, below bound: Double, _ name: String,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let start = Date()
        let solution = try solveFiniteDifference(problem)
        let seconds = Date().timeIntervalSince(start)
        let error = solution.errorNorms(against: exact).relativeL2
        print("\(name): grid \(problem.gridPoints), relative L2 \(error), \(String(format: "%.2f", seconds)) s")
        XCTAssertEqual(solution.scheme, problem.scheme, file: file, line: line)
        XCTAssertLessThanOrEqual(error, bound, name, file: file, line: line)
    }
}
