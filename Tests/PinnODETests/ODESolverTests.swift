import XCTest

@testable import PinnODE

final class ODESolverTests: XCTestCase {
    /// Largest global error over 50 save times divided by rtol (atol = rtol), for each tolerance.
    private func toleranceRatios(
        _ f: ODEFunction, y0: [Double], span: (Double, Double),
        exact: (Double) -> [Double]
    ) throws -> [(Double, Double, Int)] {
        let times = grid(span.0, span.1, count: 50)
        return try [1e-6, 1e-8, 1e-10].map { rtol in
            let sol = try solveODE(
                f, from: y0, over: span, saveAt: times,
                method: .dormandPrince(AdaptiveOptions(tolerance: rtol)))
            return (rtol, maxError(sol.states, times.map(exact)) / rtol, sol.stats.acceptedSteps)
        }
    }

    func testDormandPrinceReachesItsToleranceOnExponentialDecay() throws {
        let ratios = try toleranceRatios(ExactProblems.decay, y0: [1], span: (0, 5), exact: ExactProblems.decayExact)
        print("decay: (rtol, max error / rtol, steps):", ratios)
        for (rtol, ratio, _) in ratios { XCTAssertLessThanOrEqual(ratio, 5, "rtol \(rtol)") }
        // Tighter tolerance, more steps: roughly rtol^(−1/5).
        XCTAssertGreaterThan(ratios[2].2, 2 * ratios[0].2)
    }

    func testDormandPrinceReachesItsToleranceOnTheHarmonicOscillator() throws {
        let ratios = try toleranceRatios(
            ExactProblems.oscillator, y0: [1, 0], span: (0, 10),
            exact: ExactProblems.oscillatorExact)
        print("oscillator: (rtol, max error / rtol, steps):", ratios)
        for (rtol, ratio, _) in ratios { XCTAssertLessThanOrEqual(ratio, 5, "rtol \(rtol)") }
        XCTAssertGreaterThan(ratios[2].2, 2 * ratios[0].2)
    }

    func testDenseOutputMatchesTheExactSolutionBetweenStepsWithoutShorteningThem() throws {
        let options = AdaptiveOptions(tolerance: 1e-8)
        let endOnly = try solveODE(
            ExactProblems.oscillator, from: [1, 0], over: (0, 10), method: .dormandPrince(options))
        let times = grid(0, 10, count: 2001)
        let dense = try solveODE(
            ExactProblems.oscillator, from: [1, 0], over: (0, 10), saveAt: times,
            method: .dormandPrince(options))
        XCTAssertEqual(dense.stats, endOnly.stats)
        XCTAssertLessThan(endOnly.stats.acceptedSteps, 200) // so most save times lie strictly inside steps
        let error = maxError(dense.states, times.map(ExactProblems.oscillatorExact))
        print(
            "dense output: max error \(error) at rtol 1e-8 over \(times.count) times, \(dense.stats.acceptedSteps) steps"
        )
        XCTAssertLessThanOrEqual(error, 5e-8)
        XCTAssertEqual(dense.states.last ?? [], endOnly.states[0])
    }

    func testDenseOutputErrorOfFixedStepMethodsConvergesAtTheirOrder() throws {
        // Save only at step midpoints, where every value comes from the interpolant.
        let steps = [8, 16, 32, 64]
        func midpointErrors(_ method: (Int) -> ODEMethod) throws -> [Double] {
            try steps.map { n in
                let times = (0..<n).map { (Double($0) + 0.5) * 2 / Double(n) }
                let sol = try solveODE(
                    ExactProblems.sineGrowth, from: [1], over: (0, 2), saveAt: times, method: method(n))
                return maxError(sol.states, times.map(ExactProblems.sineGrowthExact))
            }
        }
        let dp = observedOrder(steps: steps, errors: try midpointErrors { .dormandPrinceFixed(steps: $0) })
        let rk4 = observedOrder(steps: steps, errors: try midpointErrors { .rk4(steps: $0) })
        print("midpoint (dense output) orders: Dormand–Prince \(dp), RK4 + Hermite \(rk4)")
        XCTAssertEqual(dp, 5, accuracy: 0.3)
        XCTAssertEqual(rk4, 4, accuracy: 0.3)
    }

    func testBackwardIntegrationRecoversTheInitialState() throws {
        let y2 = ExactProblems.decayExact(2)
        let times = grid(2, 0, count: 11)
        for method in [
            ODEMethod.dormandPrince(AdaptiveOptions(tolerance: 1e-9)), .rk4(steps: 200),
            .dormandPrinceFixed(steps: 50)
        ] {
            let sol = try solveODE(ExactProblems.decay, from: y2, over: (2, 0), saveAt: times, method: method)
            XCTAssertEqual(sol.times, times)
            let error = maxError(sol.states, times.map(ExactProblems.decayExact))
            XCTAssertLessThanOrEqual(error, 1e-8, "\(method)")
        }
        // Oscillator there and back again.
        let options = AdaptiveOptions(tolerance: 1e-10)
        let forward = try solveODE(
            ExactProblems.oscillator, from: [1, 0], over: (0, 7), method: .dormandPrince(options))
        let back = try solveODE(
            ExactProblems.oscillator, from: forward.states[0], over: (7, 0),
            method: .dormandPrince(options))
        XCTAssertLessThanOrEqual(maxError(back.states, [[1, 0]]), 1e-9)
        XCTAssertGreaterThan(back.stats.acceptedSteps, 10)
    }

    func testStepLimitIsReportedWithTheTimeReached() {
        let options = AdaptiveOptions(relativeTolerance: 1e-10, absoluteTolerance: 1e-10, maxSteps: 20)
        XCTAssertThrowsError(
            try solveODE(
                ExactProblems.oscillator, from: [1, 0], over: (0, 100),
                method: .dormandPrince(options))
        ) { error in
            guard case let ODEError.stepLimitExceeded(maxSteps, t) = error else {
                return XCTFail("expected stepLimitExceeded, got \(error)")
            }
            XCTAssertEqual(maxSteps, 20)
            XCTAssertGreaterThan(t, 0)
            XCTAssertLessThan(t, 100)
            XCTAssertTrue("\(error)".contains("step limit of 20 steps exceeded at t = "))
        }
    }

    func testBlowUpIsReportedAsStepSizeUnderflowNearTheSingularity() {
        // y′ = y², y(0) = 1: y = 1/(1 − t) blows up at t = 1.
        XCTAssertThrowsError(
            try solveODE(
                { _, y, dy in dy[0] = y[0] * y[0] }, from: [1], over: (0, 2),
                method: .dormandPrince(AdaptiveOptions(tolerance: 1e-8)))
        ) { error in
            guard case let ODEError.stepSizeUnderflow(t, h, step) = error else {
                return XCTFail("expected stepSizeUnderflow, got \(error)")
            }
            XCTAssertEqual(t, 1, accuracy: 1e-6)
            XCTAssertLessThan(abs(h), 1e-12)
            XCTAssertGreaterThan(step, 10)
        }
    }

    func testNonFiniteStatesAreReportedWithTheirTime() {
        // Euler on y′ = y² overflows to ∞ soon after the true singularity at t = 1.
        XCTAssertThrowsError(
            try solveODE(
                { _, y, dy in dy[0] = y[0] * y[0] }, from: [1], over: (0, 10),
                method: .euler(steps: 100))
        ) { error in
            guard case let ODEError.nonFiniteState(t, step) = error else {
                return XCTFail("expected nonFiniteState, got \(error)")
            }
            XCTAssertGreaterThan(t, 1)
            XCTAssertEqual(t, Double(step) * 0.1, accuracy: 1e-12)
        }
        // A right-hand side that is NaN beyond t = 0.5: the adaptive solver gets there, then stops.
        XCTAssertThrowsError(
            try solveODE(
                { t, y, dy in dy[0] = t > 0.5 ? .nan : -y[0] }, from: [1], over: (0, 1),
                method: .dormandPrince(AdaptiveOptions(tolerance: 1e-6)))
        ) { error in
            guard case let ODEError.nonFiniteState(t, _) = error else {
                return XCTFail("expected nonFiniteState, got \(error)")
            }
            XCTAssertEqual(t, 0.5, accuracy: 1e-6)
        }
        XCTAssertThrowsError(try solveODE(ExactProblems.decay, from: [.nan], over: (0, 1), method: .rk4(steps: 4))) {
            XCTAssertEqual($0 as? ODEError, .nonFiniteState(t: 0, step: 0))
        }
    }

    func testInvalidInputsAreRejected() {
        let dp = ODEMethod.dormandPrince(AdaptiveOptions(tolerance: 1e-6))
        func error(_ body: () throws -> ODESolution) -> ODEError? {
            do { _ = try body(); return nil } catch let e as ODEError { return e } catch { return nil }
        }
        XCTAssertEqual(
            error { try solveODE(ExactProblems.decay, from: [1], over: (0, .infinity), method: dp) },
            .invalidTimespan(start: 0, end: .infinity))
        XCTAssertEqual(
            error {
                try solveODE(
                    ExactProblems.decay, from: [1], over: (0, 1),
                    method: .dormandPrince(
                        AdaptiveOptions(
                            relativeTolerance: -1,
                            absoluteTolerance: 1e-6)))
            },
            .invalidTolerances(relative: -1, absolute: 1e-6))
        XCTAssertEqual(
            error { try solveODE(ExactProblems.decay, from: [1], over: (0, 1), method: .rk4(steps: 0)) },
            .invalidStepCount(0))
        XCTAssertEqual(
            error {
                try solveODE(
                    ExactProblems.decay, from: [1], over: (0, 1), saveAt: [0.5, 0.2],
                    method: dp)
            },
            .invalidSaveTime(index: 1, t: 0.2, start: 0, end: 1))
        XCTAssertEqual(
            error {
                try solveODE(
                    ExactProblems.decay, from: [1], over: (1, 0), saveAt: [1.5],
                    method: dp)
            },
            .invalidSaveTime(index: 0, t: 1.5, start: 1, end: 0))
    }

    func testZeroLengthSpanReturnsTheInitialState() throws {
        let sol = try solveODE(
            ExactProblems.decay, from: [3], over: (1, 1), saveAt: [1, 1],
            method: .dormandPrince(AdaptiveOptions(tolerance: 1e-6)))
        XCTAssertEqual(sol.states, [[3], [3]])
        XCTAssertEqual(sol.stats, ODEStats())
    }
}
