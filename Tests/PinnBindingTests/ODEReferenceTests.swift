import Foundation
import PinnBinding
import PinnProblems
import XCTest

/// The reference trajectory against closed forms, shooting for two-point problems, and generated
/// observations.
final class ODEReferenceTests: XCTestCase {
    /// u′ = −k u, u(0) = 2: the reference (rtol 1e-10, atol 1e-12) matches 2e^{−kt} at every output time.
    func testReferenceMatchesExponentialDecay() throws {
        let file = try ODEProblemFile.decode(
            #"""
            {"kind": "ode", "states": ["u"], "parameters": {"k": 1.5}, "rhs": ["-k*u"], "initial": [2], "span": [0, 3]}
            """#)
        let problem = try BoundODEProblem(file)
        let times = problem.uniformTimes(count: 101)
        XCTAssertEqual(times.first, 0)
        XCTAssertEqual(times.last, 3)
        let reference = try problem.referenceTrajectory(initialState: [2], at: times)
        var worst = 0.0
        for (t, y) in zip(times, reference) {
            let exact = 2 * exp(-1.5 * t)
            worst = max(worst, abs(y[0] - exact) / exact)
        }
        XCTAssertLessThan(worst, 1e-8)
    }

    /// u″ = −u, u(0) = 0, u(2) = 1 has u = sin t / sin 2: shooting finds u′(0) = 1/sin 2 and the reference
    /// from it matches the closed form (value and derivative).
    func testShootingSolvesTheTwoPointProblem() throws {
        let file = try ODEProblemFile.decode(
            #"""
            {"kind": "ode", "states": ["u"], "order": 2, "rhs": {"u": "-u"}, "initial": {"u": 0},
             "boundary": [{"at": 2, "state": "u", "value": 1}], "span": [0, 2]}
            """#)
        let problem = try BoundODEProblem(file)
        let shot = try problem.shoot()
        XCTAssertEqual(shot.initialState.count, 2)
        XCTAssertEqual(shot.initialState[0], 0)
        XCTAssertEqual(shot.initialState[1], 1 / sin(2.0), accuracy: 1e-8)
        XCTAssertGreaterThan(shot.iterations, 0)
        XCTAssertLessThan(shot.residual, 1e-9)
        let times = problem.uniformTimes(count: 41)
        let reference = try problem.referenceTrajectory(initialState: shot.initialState, at: times)
        for (t, y) in zip(times, reference) {
            XCTAssertEqual(y[0], sin(t) / sin(2.0), accuracy: 1e-8, "u(\(t))")
            XCTAssertEqual(y[1], cos(t) / sin(2.0), accuracy: 1e-8, "u'(\(t))")
        }
    }

    /// A nonlinear two-point problem with a derivative condition at the far end, u″ = −u³ + t,
    /// u(0) = 0.5, u′(1.5) = 0.2: the shot trajectory meets the far condition.
    func testShootingMeetsADerivativeConditionOfANonlinearProblem() throws {
        let file = try ODEProblemFile.decode(
            #"""
            {"kind": "ode", "states": ["u"], "order": 2, "rhs": ["-u^3 + t"], "initial": {"u": 0.5},
             "boundary": [{"at": 1.5, "state": "u", "derivative": 1, "value": 0.2}], "span": [0, 1.5]}
            """#)
        let problem = try BoundODEProblem(file)
        let shot = try problem.shoot()
        let end = try problem.referenceTrajectory(initialState: shot.initialState, at: [1.5])
        XCTAssertEqual(end[0][1], 0.2, accuracy: 1e-8)
        XCTAssertEqual(shot.initialState[0], 0.5)
    }

    /// Generated observations: uniform times over the span, the reference values without noise, and
    /// with noise the deviations have about the stated standard deviation; the same seed gives the
    /// same data.
    func testGeneratedObservations() throws {
        let json = #"""
            {"kind": "ode", "states": ["x", "y"], "rhs": ["y", "-x"], "initial": [1, 0], "span": [0, 4],
             "observations": {"generate": {"count": 2001, "times": "TIMES", "noise": NOISE, "seed": 3, "trainUntil": 3}}}
            """#
        func observations(_ times: String, _ noise: Double) throws -> ObservationTable {
            let file = try ODEProblemFile.decode(
                json.replacingOccurrences(of: "TIMES", with: times)
                    .replacingOccurrences(of: "NOISE", with: "\(noise)"))
            return try BoundODEProblem(file).observations(initialStates: [[1, 0]])
        }
        let clean = try observations("uniform", 0)
        XCTAssertEqual(clean.count, 2001)
        XCTAssertEqual(clean.times[1000], 2, accuracy: 1e-14)
        for i in stride(from: 0, to: 2001, by: 250) {
            XCTAssertEqual(clean.states[i][0], cos(clean.times[i]), accuracy: 1e-8)
            XCTAssertEqual(clean.states[i][1], -sin(clean.times[i]), accuracy: 1e-8)
        }
        let noisy = try observations("random", 0.1)
        XCTAssertEqual(noisy, try observations("random", 0.1))
        XCTAssertTrue(zip(noisy.times, noisy.times.dropFirst()).allSatisfy { $0 < $1 })
        XCTAssertTrue(noisy.times.allSatisfy { (0...4).contains($0) })
        var sum = 0.0, count = 0.0
        for (t, y) in zip(noisy.times, noisy.states) {
            sum += (y[0] - cos(t)) * (y[0] - cos(t)) + (y[1] + sin(t)) * (y[1] + sin(t))
            count += 2
        }
        XCTAssertEqual((sum / count).squareRoot(), 0.1, accuracy: 0.01)
        let (training, extrapolation) = noisy.split(trainUntil: 3)
        XCTAssertEqual(training.count + extrapolation.count, noisy.count)
        XCTAssertTrue(training.times.allSatisfy { $0 <= 3 } && extrapolation.times.allSatisfy { $0 > 3 })
    }

    /// Generated observations with the reference at the output times come from one integration over the
    /// merged times: the same observations as on their own, and the same reference states as a separate
    /// integration at the output times (the steps do not depend on the save times).
    func testObservationsAndReferenceFromOneIntegration() throws {
        let file = try ODEProblemFile.decode(
            #"""
            {"kind": "ode", "states": ["x", "y"], "rhs": ["y", "-x"], "initial": [1, 0], "span": [0, 4],
             "observations": {"generate": {"count": 37, "times": "random", "noise": 0.05, "seed": 5}}}
            """#)
        let problem = try BoundODEProblem(file)
        let times = problem.uniformTimes(count: 51)
        let (observations, references) = try problem.observations(initialStates: [[1, 0]], referenceAt: times)
        let reference = references[0]
        XCTAssertEqual(observations, try problem.observations(initialStates: [[1, 0]]))
        XCTAssertEqual(reference, try problem.referenceTrajectory(initialState: [1, 0], at: times))
        for (t, y) in zip(times, reference) {
            XCTAssertEqual(y[0], cos(t), accuracy: 1e-8)
            XCTAssertEqual(y[1], -sin(t), accuracy: 1e-8)
        }
    }
}
