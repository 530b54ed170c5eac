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

    /// None of the examples is stiff: `auto` never switches, so their references (and so their
    /// documented errors) are Dormand–Prince's, bit for bit, as before `auto` became the default.
    func testAutoReferenceIsTheDormandPrinceReferenceBitForBitOnEveryODEExample() throws {
        let examples = try odeExamples()
        XCTAssertGreaterThanOrEqual(examples.count, 6)
        for (path, file) in examples {
            XCTAssertEqual(file.solver.reference.method, .auto, path)
            var explicit = file
            explicit.solver.reference.method = .dopri5
            let problem = try BoundODEProblem(file), dopri = try BoundODEProblem(explicit)
            let start = try problem.shoot().initialState
            let times = problem.uniformTimes(count: 1001)
            let auto = try problem.referenceTrajectory(initialState: start, at: times)
            let reference = try dopri.referenceTrajectory(initialState: try dopri.shoot().initialState, at: times)
            XCTAssertEqual(auto, reference, path)
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
