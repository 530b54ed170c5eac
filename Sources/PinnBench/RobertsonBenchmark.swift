import Dispatch
import PinnBinding
import PinnODE
import PinnProblems

/// What `pinn bench --stiff` measures: Robertson's kinetics
///
///     y₁′ = −k₁y₁ + k₃y₂y₃,  y₂′ = k₁y₁ − k₂y₂² − k₃y₂y₃,  y₃′ = k₂y₂²,
///     k₁ = 0.04, k₂ = 3·10⁷, k₃ = 10⁴, y(0) = (1, 0, 0),
///
/// integrated by Radau IIA (`radau5`) or `auto` over [0, 10⁵] or [0, 10¹¹], with the right-hand side and
/// Jacobian either compiled Swift (`compiled`, `RobertsonKinetics`) or the expressions of a problem file
/// with their symbolic derivatives (`expressions`, the path `pinn solve` takes). The final state is compared with
/// the reference table (see `reference(at:)`).
struct RobertsonBenchmark {
    /// Where f and ∂f/∂y come from.
    enum System: String, CaseIterable {
        case compiled, expressions
    }

    var end: Double
    var relativeTolerance: Double
    var absoluteTolerance: Double
    var method: String
    var system: System

    /// The reference table: `RobertsonKinetics.referenceAt1e5` and `referenceAt1e11`.
    static func reference(at end: Double) -> [Double]? {
        switch end {
        case 1e5: RobertsonKinetics.referenceAt1e5
        case 1e11: RobertsonKinetics.referenceAt1e11
        default: nil
        }
    }

    /// The system as a problem file states it (Problems/robertson.json's right-hand sides).
    static func expressionSystem() throws -> BoundODEProblem {
        let file = try ODEProblemFile.decode(
            #"""
            {"kind": "ode", "states": ["y1", "y2", "y3"], "parameters": {"k1": 0.04, "k2": 3e7, "k3": 1e4},
             "rhs": {"y1": "-k1*y1 + k3*y2*y3", "y2": "k1*y1 - k2*y2^2 - k3*y2*y3", "y3": "k2*y2^2"},
             "initial": [1, 0, 0], "span": [0, 1]}
            """#)
        return try BoundODEProblem(file)
    }

    /// One measurement.
    struct Measurement {
        var medianSeconds: Double
        var stats: ODEStats
        var finalState: [Double]
        /// |y_i − ref_i| / |ref_i| per component.
        var relativeErrors: [Double]
        /// max_i |y_i − ref_i| / (atol + rtol|ref_i|).
        var toleranceRatio: Double
        var switchTime: Double?
    }

    /// Solves `repeats` times and reports the median wall time of one solve.
    func measure(repeats: Int) throws -> Measurement {
        let options = AdaptiveOptions(relativeTolerance: relativeTolerance, absoluteTolerance: absoluteTolerance)
        let odeMethod: ODEMethod = method == "auto" ? .auto(options) : .radau5(options)
        let bound = system == .expressions ? try Self.expressionSystem() : nil
        var times: [Double] = []
        var solution: ODESolution?
        for _ in 0..<max(1, repeats) {
            // Each solve gets fresh closures (the expression system's scratch is per closure).
            let compiled = RobertsonKinetics().solverFunctions()
            let f = bound?.systemFunction() ?? compiled.function
            let jacobian = bound?.systemJacobian() ?? compiled.jacobian
            let start = DispatchTime.now().uptimeNanoseconds
            solution = try solveODE(f, jacobian: jacobian, from: [1, 0, 0], over: (0, end), method: odeMethod)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
        }
        guard let solution else { preconditionFailure("at least one solve ran") }
        let y = solution.states[0]
        let reference = Self.reference(at: end) ?? y.map { _ in .nan }
        let relative = zip(y, reference).map { abs($0 - $1) / abs($1) }
        let ratio =
            zip(y, reference).map { abs($0 - $1) / (absoluteTolerance + relativeTolerance * abs($1)) }.max() ?? .nan
        return Measurement(
            medianSeconds: times.sorted()[times.count / 2], stats: solution.stats, finalState: y,
            relativeErrors: relative, toleranceRatio: ratio, switchTime: solution.stiffSwitchTime)
    }
}
