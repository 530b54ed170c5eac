import Foundation
import XCTest

@testable import PinnODE

/// Robertson's chemical kinetics (`RobertsonKinetics`) against the reference table
/// (`RobertsonKinetics.referenceAt1e5`, `.referenceAt1e11`: the Test Set for IVP Solvers' published
/// y(10¹¹), and a tight solution at 10⁵).
final class RobertsonTests: XCTestCase {
    /// f and ∂f/∂y, compiled.
    static var system: (function: ODEFunction, jacobian: ODEJacobian) { RobertsonKinetics().solverFunctions() }

    /// |y_i − ref_i| / (atol + rtol·|ref_i|), the largest over the components: ≤ 1 means the final state is
    /// within the stated tolerances.
    private func toleranceRatio(_ y: [Double], _ reference: [Double], _ options: AdaptiveOptions) -> Double {
        zip(y, reference).map { abs($0 - $1) / (options.absoluteTolerance + options.relativeTolerance * abs($1)) }
            .max() ?? 0
    }

    private func assertMatchesReference(method: (AdaptiveOptions) -> ODEMethod, name: String) throws {
        for (end, reference) in [(1e5, RobertsonKinetics.referenceAt1e5), (1e11, RobertsonKinetics.referenceAt1e11)] {
            for (rtol, atol) in [(1e-6, 1e-10), (1e-8, 1e-14)] {
                let options = AdaptiveOptions(relativeTolerance: rtol, absoluteTolerance: atol)
                let (f, jacobian) = Self.system
                let sol = try solveODE(f, jacobian: jacobian, from: [1, 0, 0], over: (0, end), method: method(options))
                let ratio = toleranceRatio(sol.states[0], reference, options)
                let relative = zip(sol.states[0], reference).map { abs($0 - $1) / abs($1) }
                print(
                    "Robertson, \(name), [0, \(end)], rtol \(rtol), atol \(atol): \(sol.stats.acceptedSteps) steps",
                    "(\(sol.stats.rejectedSteps) rejected), \(sol.stats.functionEvaluations) f,",
                    "\(sol.stats.jacobianEvaluations) J, \(sol.stats.factorizations) LU;",
                    "relative errors \(relative), error / tolerance \(ratio)")
                XCTAssertLessThanOrEqual(ratio, 1, "\(name) on [0, \(end)] at rtol \(rtol)")
                XCTAssertEqual(sol.states[0].reduce(0, +), 1, accuracy: 1e-12, "mass is conserved")
            }
        }
    }

    func testRadauMatchesTheReferenceSolutionAtBothSpansWithinTheTolerances() throws {
        try assertMatchesReference(method: { .radau5($0) }, name: "radau5")
    }

    func testAutoSwitchesToRadauEarlyAndMatchesTheReferenceSolution() throws {
        try assertMatchesReference(method: { .auto($0) }, name: "auto")
        for rtol in [1e-4, 1e-6, 1e-8, 1e-10] {
            let (f, jacobian) = Self.system
            let sol = try solveODE(
                f, jacobian: jacobian, from: [1, 0, 0], over: (0, 1e11),
                method: .auto(AdaptiveOptions(relativeTolerance: rtol, absoluteTolerance: rtol * 1e-6)))
            let switchTime = try XCTUnwrap(sol.stiffSwitchTime)
            print("auto at rtol \(rtol): switched at t = \(switchTime), \(sol.stats.acceptedSteps) steps in all")
            XCTAssertLessThan(switchTime, 3)
            XCTAssertLessThan(sol.stats.acceptedSteps + sol.stats.rejectedSteps, 10_000)
        }
    }

    func testDormandPrinceAloneHitsItsStepLimitAsReported() {
        // The failure `auto` avoids (issue 23): the explicit method is held at h ≈ 3.3/|λ| ~ 10⁻³.
        XCTAssertThrowsError(
            try solveODE(
                Self.system.function, from: [1, 0, 0], over: (0, 1e5),
                method: .dormandPrince(AdaptiveOptions(relativeTolerance: 1e-6, absoluteTolerance: 1e-10)))
        ) { error in
            guard case .stepLimitExceeded(let limit, let t) = error as? ODEError else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertEqual(limit, 100_000)
            XCTAssertLessThan(t, 200)
        }
    }
}
