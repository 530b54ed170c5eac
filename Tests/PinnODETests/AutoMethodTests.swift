import Foundation
import XCTest

@testable import PinnODE

final class AutoMethodTests: XCTestCase {
    /// Van der Pol with μ = 1, (x, v)(0) = (2, 0): non-stiff.
    static func vanDerPol(_ t: Double, _ y: [Double], _ dy: inout [Double]) {
        dy[0] = y[1]
        dy[1] = (1 - y[0] * y[0]) * y[1] - y[0]
    }

    func testAutoTakesExactlyTheDormandPrinceStepsOnNonStiffProblems() throws {
        let cases: [(String, ODEFunction, [Double], (Double, Double))] = [
            ("oscillator", ExactProblems.oscillator, [1, 0], (0, 10)),
            ("y′ = y cos t", ExactProblems.sineGrowth, [1], (0, 20)),
            ("Van der Pol μ = 1", Self.vanDerPol, [2, 0], (0, 20))
        ]
        for (name, f, y0, span) in cases {
            for tol in [1e-6, 1e-10] {
                let options = AdaptiveOptions(tolerance: tol)
                let times = grid(span.0, span.1, count: 101)
                let explicit = try solveODE(f, from: y0, over: span, saveAt: times, method: .dormandPrince(options))
                let auto = try solveODE(f, from: y0, over: span, saveAt: times, method: .auto(options))
                XCTAssertNil(auto.stiffSwitchTime, "\(name) at \(tol)")
                XCTAssertEqual(auto, explicit, "\(name) at \(tol): the same states, bit for bit, and the same work")
            }
        }
    }

    func testAutoSwitchesOnAStiffSystemAndItsStepLimitCoversBothMethods() throws {
        let options = AdaptiveOptions(tolerance: 1e-6)
        let auto = try solveODE(
            RadauTests.stiffLinear, from: [2, 0], over: (0, 10), method: .auto(options))
        let switchTime = try XCTUnwrap(auto.stiffSwitchTime)
        XCTAssertLessThan(switchTime, 0.1)
        XCTAssertLessThanOrEqual(maxError(auto.states, [RadauTests.stiffLinearExact(10)]), 1e-6)
        XCTAssertLessThan(auto.stats.acceptedSteps, 200)
        var limited = options
        limited.maxSteps = auto.stats.acceptedSteps + auto.stats.rejectedSteps - 1
        XCTAssertThrowsError(
            try solveODE(RadauTests.stiffLinear, from: [2, 0], over: (0, 10), method: .auto(limited))
        ) { error in
            guard case .stepLimitExceeded(let limit, _) = error as? ODEError else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertEqual(limit, limited.maxSteps)
        }
    }
}
