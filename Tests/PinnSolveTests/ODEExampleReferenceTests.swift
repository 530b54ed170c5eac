import Foundation
import PinnBinding
import PinnODE
import PinnProblems
import XCTest

/// The ODE examples' reference trajectories under the default reference method, `auto`.
final class ODEExampleReferenceTests: XCTestCase {
    /// The ODE problems in Problems/, sorted.
    private func odeExamples() throws -> [(String, ODEProblemFile)] {
        try ExampleProblems.allPaths().compactMap { path in
            guard case .ode(let file) = try ProblemDocument.load(contentsOf: path, readMesh: readMeshOutline) else {
                return nil
            }
            return (path, file)
        }
    }

    /// Only `robertson.json` is stiff: on every other example `auto` never switches, so their references
    /// (and so their documented errors) are Dormand–Prince's, bit for bit, as before `auto` became the
    /// default. On Robertson's kinetics it switches to Radau IIA early in the span (at t ≈ 2 at the file's
    /// reference rtol 1e-10, after about 3 300 explicit steps; at looser tolerances near t = 0.02).
    func testAutoReferenceIsTheDormandPrinceReferenceBitForBitOnEveryNonStiffExample() throws {
        let examples = try odeExamples()
        XCTAssertGreaterThanOrEqual(examples.count, 7)
        for (path, file) in examples {
            XCTAssertEqual(file.solver.reference.method, .auto, path)
            let problem = try BoundODEProblem(file)
            let start = try problem.shoot().initialState
            let times = problem.uniformTimes(count: 1001)
            let auto = try solveODE(
                problem.systemFunction(), jacobian: problem.systemJacobian(), from: start,
                over: (file.span.start, file.span.end), saveAt: times, method: problem.referenceMethod)
            if file.name == "robertson" {
                XCTAssertLessThan(try XCTUnwrap(auto.stiffSwitchTime), 3, path)
                XCTAssertLessThan(auto.stats.acceptedSteps, 10_000, path)
                continue
            }
            XCTAssertNil(auto.stiffSwitchTime, path)
            var explicit = file
            explicit.solver.reference.method = .dopri5
            let dopri = try BoundODEProblem(explicit)
            let reference = try dopri.referenceTrajectory(initialState: try dopri.shoot().initialState, at: times)
            XCTAssertEqual(auto.states, reference, path)
        }
    }

    /// Problems/robertson.json's reference trajectory (the user's path: expressions, their symbolic
    /// Jacobian, `auto`) at t = 40 against y(40) = (0.7158270687194093, 9.185534764557771e-6,
    /// 0.28416374574583175), scipy 1.10's Radau at rtol 1e-13 with the exact Jacobian (BDF and LSODA at
    /// tight tolerances agree to 1e-11; Hairer & Wanner's Figure IV.1.3 plots the same solution),
    /// within the file's reference tolerances.
    func testRobertsonExampleReferenceMatchesTheTightSolutionAtTheEndOfItsSpan() throws {
        guard
            case .ode(let file) = try ProblemDocument.load(
                contentsOf: ExampleProblems.path("robertson.json"), readMesh: readMeshOutline)
        else { return XCTFail("robertson.json is not an ODE problem") }
        let problem = try BoundODEProblem(file)
        let y = try problem.referenceTrajectory(initialState: [1, 0, 0], at: [file.span.end])[0]
        let reference = [0.7158270687194093, 9.185534764557771e-06, 0.28416374574583175]
        let rtol = file.solver.reference.rtol, atol = file.solver.reference.atol
        for i in 0..<3 {
            print("robertson.json y\(i + 1)(40) = \(y[i]), relative error \(abs(y[i] - reference[i]) / reference[i])")
            XCTAssertLessThanOrEqual(abs(y[i] - reference[i]), atol + rtol * abs(reference[i]), "y\(i + 1)(40)")
        }
    }

    /// The symbolic Jacobian of the first-order system matches central differences of its right-hand
    /// side, for a first-order and a second-order example.
    func testSystemJacobianMatchesCentralDifferencesOfTheSystem() throws {
        for name in ["van_der_pol.json", "two_point_pinn.json", "lotka_volterra.json"] {
            let path = ExampleProblems.path(name)
            guard case .ode(let file) = try ProblemDocument.load(contentsOf: path, readMesh: readMeshOutline) else {
                return XCTFail("\(name) is not an ODE problem")
            }
            let problem = try BoundODEProblem(file)
            let f = problem.systemFunction(), jacobian = problem.systemJacobian()
            let m = problem.systemSize
            let y = (0..<m).map { 0.3 + 0.7 * Double($0) }, t = 0.4
            var exact = [Double](repeating: .nan, count: m * m)
            jacobian(t, y, &exact)
            var plus = [Double](repeating: 0, count: m), minus = plus
            for k in 0..<m {
                var yp = y, ym = y
                yp[k] += 1e-6
                ym[k] -= 1e-6
                f(t, yp, &plus)
                f(t, ym, &minus)
                for j in 0..<m {
                    XCTAssertEqual(
                        exact[j + k * m], (plus[j] - minus[j]) / 2e-6, accuracy: 1e-6 * (1 + abs(exact[j + k * m])),
                        "\(name): ∂F\(j)/∂y\(k)")
                }
            }
        }
    }
}
