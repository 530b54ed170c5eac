import PinnBinding
import PinnIO
import PinnNumerics
import PinnProblems
import PinnResults
import PinnTestSupport
import XCTest

@testable import PinnSolve

/// A reference that fails after training never costs the trained network: the result is written
/// without a reference, marked, and says why.
final class ReferenceFailureTests: XCTestCase {
    struct FailingReference: OutputReference {
        struct Failure: Error, CustomStringConvertible {
            var description: String { "the test's reference solver failed" }
        }
        let grid: RectilinearGrid
        var outputGrid: RectilinearGrid { grid }
        func outputMask() -> [Bool] { [Bool](repeating: true, count: grid.pointCount) }
        func solve(network: [Double]?) throws -> GridReference.Solved { throw Failure() }
    }

    /// −Δu = 2π² sin πx sin πy on the unit square, u = 0 on its boundary, trained by 5 Gauss–Newton
    /// iterations of an 8×1 SIREN, with the `reference` settings given (a JSON object).
    func problem(name: String, reference: String) throws -> ProblemFile {
        try ProblemFile.decode(
            #"""
            {"name": "\#(name)", "kind": "poisson", "domain": {"type": "rectangle", "lower": [0, 0], "upper": [1, 1]},
             "source": "2*pi^2*sin(pi*x)*sin(pi*y)", "exact": "sin(pi*x)*sin(pi*y)",
             "network": {"width": 8, "depth": 1},
             "training": {"phases": [{"gaussNewton": 5}], "interiorPoints": 64, "boundaryPoints": 32},
             "reference": \#(reference)}
            """#)
    }

    func testTheResultIsWrittenWithoutTheReferenceAndMarked() throws {
        let file = try problem(name: "failing", reference: #"{"grid": [9, 9]}"#)
        var pipeline = SolvePipeline<Double>(problem: try BoundProblem(file))
        pipeline.referenceOverride = FailingReference(
            grid: .uniform(lower: [0, 0], upper: [1, 1], counts: [9, 9]))
        let result = try pipeline.solve()
        XCTAssertEqual(result.history.count, 5, "training ran to its end")
        XCTAssertNil(result.reference)
        XCTAssertEqual(result.referenceFailure, "the test's reference solver failed")
        XCTAssertNil(result.metrics["relative_l2_vs_reference"])
        let exactError = try XCTUnwrap(result.metrics["relative_l2_vs_exact"])
        XCTAssertTrue(exactError.isFinite)

        let directory = try TemporaryDirectory("refail")
        defer { directory.remove() }
        let path = directory.file("failing.h5")
        try result.write(to: path)
        let h5 = try HDF5File.openReadOnly(at: path)
        XCTAssertEqual(try h5.int64Attribute("reference_failed"), 1)
        XCTAssertEqual(try h5.stringAttribute("reference_error"), "the test's reference solver failed")
        XCTAssertFalse(h5.exists("/reference/u"))
        XCTAssertEqual(try h5.readDataset("/fields/u", as: Double.self).values, result.u)
        XCTAssertEqual(try h5.readDataset("/model/parameters", as: Double.self).values, result.parameters)
    }

    func testAReferenceThatWorksIsDescribedInTheFile() throws {
        let file = try problem(name: "described", reference: #"{"grid": [17, 17], "refinement": 4}"#)
        let result = try SolvePipeline<Double>(problem: try BoundProblem(file)).solve()
        let description = try XCTUnwrap(result.referenceDescription)
        XCTAssertEqual(description.order, 4)
        XCTAssertEqual(description.grid, [65, 65])
        XCTAssertEqual(description.refinement, 4)
        // The Richardson estimate of the 65² solution's error, against its true error.
        let estimate = try XCTUnwrap(description.estimatedRelativeError)
        let actual = try XCTUnwrap(result.metrics["reference_relative_l2_vs_exact"])
        XCTAssertEqual(log10(estimate), log10(actual), accuracy: 0.3, "estimate \(estimate), actual \(actual)")
        XCTAssertEqual(result.metrics["reference_order"], 4)
        XCTAssertNil(result.referenceFailure)
    }
}
