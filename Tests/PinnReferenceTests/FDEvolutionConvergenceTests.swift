import Foundation
import PinnReference
import XCTest

/// The time-stepping reference converges at second order in space and time together: halving h
/// and Δt divides the error at the output times by 4 (observed order 2 ± 0.15), on exact solutions.
final class FDEvolutionConvergenceTests: XCTestCase {
    /// The maximum error over every node and output time against `exact(x…, t)`.
    private func maxError(
        _ solution: FDEvolutionSolution, lower: [Double], upper: [Double], exact: ([Double]) -> Double
    )
        -> Double
    {
        let n = solution.gridPoints
        let nodes = n.reduce(1, *)
        var error = 0.0
        for (k, t) in solution.times.enumerated() {
            for node in 0..<nodes {
                var point = [Double](), rest = node
                for a in n.indices {
                    let i = rest % n[a]
                    rest /= n[a]
                    point.append(lower[a] + Double(i) * (upper[a] - lower[a]) / Double(n[a] - 1))
                }
                error = max(error, abs(solution.values[k * nodes + node] - exact(point + [t])))
            }
        }
        return error
    }

    /// Errors on grids of `cells`·2^level cells per axis with `steps`·2^level time steps.
    private func orders(
        _ make: (_ grid: [Int], _ steps: Int) -> FDEvolutionProblem, cells: [Int], steps: Int, levels: Int,
        exact: ([Double]) -> Double
    ) throws -> (errors: [Double], orders: [Double]) {
        var errors = [Double]()
        for level in 0..<levels {
            let problem = make(cells.map { $0 << level + 1 }, steps << level)
            errors.append(
                maxError(try solveEvolution(problem), lower: problem.lower, upper: problem.upper, exact: exact))
        }
        return (errors, zip(errors, errors.dropFirst()).map { log2($0 / $1) })
    }

    func testCrankNicolsonHeat1DConvergesAtSecondOrderInSpaceAndTime() throws {
        // u = e^(−π²t) sin(πx) + x·t (a time-dependent boundary value at x = 1), f = x.
        let exact: @Sendable ([Double]) -> Double = { p in
            exp(-Double.pi * Double.pi * p[1]) * sin(Double.pi * p[0]) + p[0] * p[1]
        }
        let (errors, orders) = try orders(
            { grid, steps in
                FDEvolutionProblem(
                    lower: [0], upper: [1], gridPoints: grid, equation: .heat(diffusivity: 1), source: { $0[0] },
                    boundaryValue: exact, initialValue: { exact($0 + [0]) }, start: 0, end: 0.5, steps: steps,
                    outputTimes: 5)
            }, cells: [8], steps: 8, levels: 4, exact: exact)
        XCTAssertLessThan(errors.last!, 1e-3)
        for p in orders.suffix(2) { XCTAssertEqual(p, 2, accuracy: 0.15, "errors \(errors)") }
    }

    func testCrankNicolsonHeat2DConvergesAtSecondOrder() throws {
        // u = e^(−2π²κt) sin(πx) sin(πy) with κ = 0.5.
        let exact: @Sendable ([Double]) -> Double = { p in
            exp(-Double.pi * Double.pi * p[2]) * sin(Double.pi * p[0]) * sin(Double.pi * p[1])
        }
        let (errors, orders) = try orders(
            { grid, steps in
                FDEvolutionProblem(
                    lower: [0, 0], upper: [1, 1], gridPoints: grid, equation: .heat(diffusivity: 0.5),
                    source: { _ in 0 }, boundaryValue: exact, initialValue: { exact($0 + [0]) }, start: 0, end: 0.25,
                    steps: steps, outputTimes: 3)
            }, cells: [8, 8], steps: 4, levels: 3, exact: exact)
        for p in orders.suffix(1) { XCTAssertEqual(p, 2, accuracy: 0.15, "errors \(errors)") }
    }

    func testTrapezoidalWave1DConvergesAtSecondOrderOverThreePeriods() throws {
        // u = sin(πx) cos(2πt) with c = 2, three periods on [0, 3], compared every quarter period: at the
        // extrema alone (half periods) a phase error δ = O(h²) shows as δ², and the order seen is 4.
        let exact: @Sendable ([Double]) -> Double = { p in sin(Double.pi * p[0]) * cos(2 * Double.pi * p[1]) }
        let (errors, orders) = try orders(
            { grid, steps in
                FDEvolutionProblem(
                    lower: [0], upper: [1], gridPoints: grid, equation: .wave(speed: 2), source: { _ in 0 },
                    boundaryValue: exact, initialValue: { exact($0 + [0]) }, initialRate: { _ in 0 }, start: 0,
                    end: 3, steps: steps, outputTimes: 13)
            }, cells: [16], steps: 192, levels: 4, exact: exact)
        XCTAssertLessThan(errors.last!, 1e-3)
        for p in orders.suffix(2) { XCTAssertEqual(p, 2, accuracy: 0.15, "errors \(errors)") }
    }

    func testTrapezoidalWave2DWithSourceAndRateConvergesAtSecondOrder() throws {
        // u = sin(πx) sin(πy) sin(t) + t²: u_t(0) = sin(πx) sin(πy), f = u_tt − Δu = (2π² − 1) sin… sin(t) + 2.
        let exact: @Sendable ([Double]) -> Double = { p in
            sin(Double.pi * p[0]) * sin(Double.pi * p[1]) * sin(p[2]) + p[2] * p[2]
        }
        let (errors, orders) = try orders(
            { grid, steps in
                FDEvolutionProblem(
                    lower: [0, 0], upper: [1, 1], gridPoints: grid, equation: .wave(speed: 1),
                    source: { p in
                        (2 * Double.pi * Double.pi - 1) * sin(Double.pi * p[0]) * sin(Double.pi * p[1]) * sin(p[2]) + 2
                    },
                    boundaryValue: exact, initialValue: { exact($0 + [0]) },
                    initialRate: { sin(Double.pi * $0[0]) * sin(Double.pi * $0[1]) }, start: 0, end: 1, steps: steps,
                    outputTimes: 3)
            }, cells: [8, 8], steps: 8, levels: 3, exact: exact)
        for p in orders.suffix(1) { XCTAssertEqual(p, 2, accuracy: 0.2, "errors \(errors)") }
    }

    func testStepsThatMissTheOutputTimesAreRefused() {
        let problem = FDEvolutionProblem(
            lower: [0], upper: [1], gridPoints: [9], equation: .heat(diffusivity: 1), source: { _ in 0 },
            boundaryValue: { _ in 0 }, initialValue: { _ in 0 }, start: 0, end: 1, steps: 10, outputTimes: 4)
        XCTAssertThrowsError(try solveEvolution(problem))
    }
}
