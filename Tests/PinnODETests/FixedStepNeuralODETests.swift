import Foundation
import PinnNetwork
import PinnNumerics
import XCTest

@testable import PinnODE

/// Neural ODEs integrated by fixed-step RK4 and Euler: the step rule, the orders of the forward solve,
/// and gradients and Gauss–Newton Jacobians that are exact for the discrete scheme.
final class FixedStepNeuralODETests: XCTestCase {
    /// The damped-rotation fit of `NeuralODEGradientTests` with irregular observation times (one
    /// repeated), integrated by `integrator`.
    static func problem(_ integrator: NeuralODE.Integrator) -> (NeuralODE, ObservedTrajectory) {
        var (node, data) = NeuralODEGradientTests.problem(tolerance: 1e-8)
        node.integrator = integrator
        data.times = [0.37, 0.5, 1.13, 1.13, 1.9, 2.5]
        data.values = data.times.map { t in [exp(-0.2 * t) * cos(2 * t), -exp(-0.2 * t) * sin(2 * t)] }
        return (node, data)
    }

    /// Steps of h from t₀ and from each observation time, the last one before the next observation
    /// shortened to land on it; no step at all between repeated times; a remainder of rounding size is
    /// absorbed, not taken as a sliver of a step.
    func testStepsRunFromEachObservationAndTheLastIsShortenedToLandOnTheNext() throws {
        let (node, data) = Self.problem(.rk4(step: 0.1))
        var tape: RungeKuttaTape? = RungeKuttaTape(stateDimension: 2, stageCount: 4)
        let workspace = NeuralODEWorkspace()
        _ = try node.forward(data, tape: &tape, workspace: workspace)
        let recorded = try XCTUnwrap(tape)
        // 0 → 0.37: 0.1, 0.1, 0.1, 0.07; → 0.5: 0.1, 0.03; → 1.13: six of 0.1 and 0.03; none to 1.13 again;
        // → 1.9: seven of 0.1 and 0.07; → 2.5: six of 0.1 (the last lands on 2.5 up to rounding).
        let expected: [Double] =
            [0.1, 0.1, 0.1, 0.07, 0.1, 0.03] + [Double](repeating: 0.1, count: 6) + [0.03]
            + [Double](repeating: 0.1, count: 7) + [0.07] + [Double](repeating: 0.1, count: 6)
        XCTAssertEqual(recorded.stepCount, expected.count)
        for (size, want) in zip(recorded.sizes, expected) { XCTAssertEqual(size, want, accuracy: 1e-12) }
        XCTAssertEqual(recorded.observationSteps, [4, 6, 13, 13, 21, 27])
        // Each step starts where the previous ended, from t₀ and from each observation time exactly.
        XCTAssertEqual(recorded.starts[0], 0)
        XCTAssertEqual(recorded.starts[4], 0.37)
        XCTAssertEqual(recorded.starts[6], 0.5)
        XCTAssertEqual(recorded.starts[13], 1.13)
        XCTAssertEqual(recorded.starts[21], 1.9)
        for s in 1..<recorded.stepCount {
            XCTAssertEqual(recorded.starts[s], recorded.starts[s - 1] + recorded.sizes[s - 1], accuracy: 1e-15)
        }
        XCTAssertEqual(recorded.starts[26] + recorded.sizes[26], 2.5, accuracy: 1e-15)

        // With equal intervals the solve is solveODE's rk4 with the same steps.
        var regular = data
        regular.times = [0.5, 1.0]
        regular.values = [[0, 0], [0, 0]]
        let predicted = try node.predict(regular)
        let (f, _) = node.network.solverFunctions()
        let reference = try solveODE(
            f, from: data.initialState, over: (0, 1), saveAt: [0.5, 1], method: .rk4(steps: 10))
        XCTAssertLessThanOrEqual(maxError(predicted, reference.states), 1e-14)
    }

    /// With constant steps the integrator takes ⌈Δ/h⌉ steps, a remainder below 10⁻⁷h absorbed into the last
    /// one: h = 0.1 over spans whose k·0.1 round either way, and spans 10⁻¹⁰ and 10⁻⁶ steps past 0.3.
    func testARoundingRemainderIsNotASliverStep() throws {
        for (span, steps) in [(1.0, 10), (0.3, 3), (0.7, 7), (2.9, 29), (0.30000000001, 3), (0.3000001, 4)] {
            var integrator = RungeKuttaIntegrator(stateDimension: 1, tableau: .rk4)
            try integrator.restart(
                ExactProblems.decay, t0: 0, y0: [1], end: span,
                method: ExplicitRungeKutta(tableau: .rk4, control: .constant(step: 0.1, maxSteps: 100)))
            try integrator.advance(to: span, ExactProblems.decay)
            XCTAssertEqual(integrator.stats.acceptedSteps, steps, "span \(span)")
            XCTAssertEqual(integrator.t, span)
        }
    }

    /// The forward solve converges at the method's order: RK4 ≈ 4, Euler ≈ 1, against a Dormand–Prince
    /// solve at tolerance 10⁻¹², at irregular observation times (so every interval ends on a shortened step).
    func testForwardSolveConvergesAtRK4AndEulerOrders() throws {
        var (node, data) = Self.problem(.dormandPrince)
        node.options = AdaptiveOptions(tolerance: 1e-12)
        let exact = try node.predict(data)
        for (name, steps, expected, integrator) in [
            ("rk4", [0.2, 0.1, 0.05, 0.025], 4.0, NeuralODE.Integrator.rk4(step:)),
            ("euler", [0.02, 0.01, 0.005, 0.0025], 1.0, NeuralODE.Integrator.euler(step:))
        ] {
            let errors = try steps.map { h in
                var model = node
                model.integrator = integrator(h)
                return maxError(try model.predict(data), exact)
            }
            let order = observedOrder(steps: steps.map { Int((1 / $0).rounded()) }, errors: errors)
            print("\(name) Neural ODE: h \(steps), errors \(errors), observed order \(order)")
            XCTAssertEqual(order, expected, accuracy: 0.15, name)
        }
    }

    /// On y′ = y cos t (exact solution e^{sin t}), constant steps that do not divide the span, saved at
    /// irregular times by the Hermite dense output: the end state converges at order 4 (RK4) and 1 (Euler).
    func testConstantStepsConvergeOnAnExactSolution() throws {
        for (tableau, perUnit, expected) in [
            (ButcherTableau.rk4, [4, 8, 16, 32], 4.0), (.euler, [48, 96, 192, 384], 1.0)
        ] {
            let errors = try perUnit.map { k in
                let solution = try solveODE(
                    ExactProblems.sineGrowth, from: [1], over: (0, 2.1), saveAt: [0.7, 1.3, 2.1],
                    method: ExplicitRungeKutta(
                        tableau: tableau, control: .constant(step: 1 / Double(k), maxSteps: 10_000)))
                return abs(solution.states[2][0] - ExactProblems.sineGrowthExact(2.1)[0])
            }
            let order = observedOrder(steps: perUnit, errors: errors)
            print("constant steps \(tableau.stageCount) stages: errors \(errors), order \(order)")
            XCTAssertEqual(order, expected, accuracy: 0.15)
        }
    }

    /// Backpropagation and the discrete adjoint are both the exact gradient of the discrete loss: they
    /// agree with each other to rounding and with central differences of the fixed-step loss (the same
    /// steps, so nothing but the differencing error remains), in every parameter and initial-state component.
    func testBothGradientsAreTheExactGradientOfTheDiscreteLoss() throws {
        for integrator in [NeuralODE.Integrator.rk4(step: 0.1), .euler(step: 0.05)] {
            let (node, data) = Self.problem(integrator)
            let backprop = try node.lossAndGradient(for: data, method: .backpropagation)
            let adjoint = try node.lossAndGradient(for: data, method: .adjoint)
            let (fdTheta, fdZ0) = try lossDifferences(node, data)
            let results = [
                ("backprop θ", backprop.parameterGradient, fdTheta), ("adjoint θ", adjoint.parameterGradient, fdTheta),
                ("backprop z0", backprop.initialStateGradient, fdZ0), ("adjoint z0", adjoint.initialStateGradient, fdZ0)
            ]
            XCTAssertGreaterThan(backprop.loss, 1e-2, "a fit far from perfect: gradients are not tiny")
            XCTAssertEqual(adjoint.loss, backprop.loss)
            XCTAssertLessThanOrEqual(relativeDifference(adjoint.parameterGradient, backprop.parameterGradient), 1e-13)
            XCTAssertLessThanOrEqual(
                relativeDifference(adjoint.initialStateGradient, backprop.initialStateGradient), 1e-13)
            for (name, gradient, reference) in results {
                let difference = relativeDifference(gradient, reference)
                print("\(integrator) \(name): relative difference from central differences \(difference)")
                XCTAssertLessThanOrEqual(difference, 1e-8, "\(integrator) \(name)")
            }
            // The discrete adjoint re-solves each interval once and reverses every step once.
            XCTAssertEqual(backprop.backwardStats.acceptedSteps, backprop.forwardStats.acceptedSteps)
            XCTAssertEqual(adjoint.backwardStats.acceptedSteps, adjoint.forwardStats.acceptedSteps)
            XCTAssertLessThan(adjoint.storedBytes, backprop.storedBytes)
        }
    }

    /// As h → 0 the exact gradient of the RK4 scheme approaches the gradient of the continuous loss (here
    /// Dormand–Prince's at tolerance 10⁻¹¹), at the scheme's order 4.
    func testTheDiscreteGradientConvergesToTheContinuousOneAtOrderFour() throws {
        var (node, data) = Self.problem(.dormandPrince)
        node.options = AdaptiveOptions(tolerance: 1e-11)
        let continuous = try node.lossAndGradient(for: data, method: .backpropagation).parameterGradient
        let steps = [0.2, 0.1, 0.05, 0.025]
        let differences = try steps.map { h in
            var model = node
            model.integrator = .rk4(step: h)
            return relativeDifference(
                try model.lossAndGradient(for: data, method: .adjoint).parameterGradient, continuous)
        }
        let order = observedOrder(steps: steps.map { Int((1 / $0).rounded()) }, errors: differences)
        print("RK4 gradient vs continuous: h \(steps), relative differences \(differences), order \(order)")
        XCTAssertEqual(order, 4, accuracy: 0.3)
    }

    /// The Gauss–Newton residuals of a fixed-step model sum to its loss, their Jacobian by forward
    /// sensitivities (RK4 on [z, S]) is the exact Jacobian of the discrete residuals, and 2Jᵀρ is
    /// backpropagation's gradient.
    func testGaussNewtonJacobianIsExactForTheDiscreteResiduals() throws {
        for integrator in [NeuralODE.Integrator.rk4(step: 0.1), .euler(step: 0.05)] {
            var (node, data) = Self.problem(integrator)
            node.network.scaling = MLPScaling(
                inputShift: [0.1, -0.2], inputScale: [0.7, 1.3], outputScale: [1.5, 0.8])
            data.stateWeights = [2, 0.5]
            var residuals: [Double] = [], jacobian: [Double] = []
            let loss = try node.residualsAndJacobian(for: data, residuals: &residuals, jacobian: &jacobian)
            let m = data.times.count * 2, p = node.network.parameterCount
            XCTAssertEqual(loss, try node.loss(for: data), accuracy: 1e-13 * loss)
            XCTAssertGreaterThan(loss, 1e-2)

            // ρ_{i·n+j} = √(w_j/M)(z_j(t_i) − y_ij) from the forward solve, θ_q moved by e.
            func perturbedResiduals(_ q: Int, _ e: Double) throws -> [Double] {
                var model = node
                model.network.parameters[q] += e
                let states = try model.predict(data)
                return (0..<m).map { r in
                    let (i, j) = (r / 2, r % 2)
                    return (data.stateWeights[j] / Double(data.times.count)).squareRoot()
                        * (states[i][j] - data.values[i][j])
                }
            }
            var worst = 0.0
            for q in stride(from: 0, to: p, by: 3) {
                let e = 1e-3
                let plus = try perturbedResiduals(q, e), minus = try perturbedResiduals(q, -e)
                let plus2 = try perturbedResiduals(q, 2 * e), minus2 = try perturbedResiduals(q, -2 * e)
                var differences = [Double](repeating: 0, count: m)
                for r in 0..<m {
                    let near = plus[r] - minus[r], far = plus2[r] - minus2[r]
                    differences[r] = (8 * near - far) / (12 * e)
                }
                for r in 0..<m {
                    worst = max(worst, abs(jacobian[r * p + q] - differences[r]) / max(abs(differences[r]), 1e-3))
                }
            }
            print("\(integrator) Gauss–Newton Jacobian vs central differences: largest relative difference \(worst)")
            XCTAssertLessThanOrEqual(worst, 1e-8, "\(integrator)")

            let gradient = try node.lossAndGradient(for: data, method: .backpropagation).parameterGradient
            let fromJacobian = (0..<p).map { q in
                2 * residuals.indices.reduce(0.0) { $0 + jacobian[$1 * p + q] * residuals[$1] }
            }
            XCTAssertLessThanOrEqual(relativeDifference(fromJacobian, gradient), 1e-12, "\(integrator)")
        }
    }

    /// The learned trajectory of a fixed-step model: steps of h from the start time, the end state the
    /// forward solve's when the observations are the output times' multiples of h.
    func testTrajectoryTakesStepsOfHFromTheStartTime() throws {
        let (node, data) = Self.problem(.rk4(step: 0.1))
        var regular = data
        regular.times = [2.5]
        regular.values = [[0, 0]]
        let end = try node.predict(regular)[0]
        let path = try node.trajectory(from: data.initialState, startTime: 0, at: [0, 0.37, 1.13, 2.5])
        XCTAssertEqual(path[0], data.initialState)
        XCTAssertEqual(path[3], end)
        // Between steps, Hermite dense output is 3rd-order accurate: close to the stopping solve.
        let stopping = try node.predict(data)
        XCTAssertLessThanOrEqual(maxError([path[1], path[2]], [stopping[0], stopping[2]]), 1e-5)
    }

    /// A step that is not finite and positive is refused, and a step limit between two observations holds.
    func testInvalidStepsAndTheStepLimitAreReported() throws {
        for h in [0, -0.1, .nan, .infinity] {
            let (node, data) = Self.problem(.rk4(step: h))
            XCTAssertThrowsError(try node.loss(for: data)) { error in
                guard case ODEError.invalidStepSize = error else { return XCTFail("\(h): \(error)") }
            }
        }
        var (node, data) = Self.problem(.euler(step: 0.01))
        node.options.maxSteps = 50 // 0.37 → 0.5 takes 13 steps, 0.5 → 1.13 takes 63
        XCTAssertThrowsError(try node.lossAndGradient(for: data, method: .adjoint)) { error in
            guard case ODEError.stepLimitExceeded(50, let t) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(t, 1.0, accuracy: 1e-12)
        }
    }
}
