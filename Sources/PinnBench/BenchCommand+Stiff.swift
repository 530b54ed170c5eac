import ArgumentParser
import Foundation

extension BenchCommand {
    /// `pinn bench --stiff`: Robertson's kinetics by the implicit solver, one JSON line or table row per
    /// (span, tolerance, method, system).
    func runStiff() throws {
        let ends = try parsedNumbers(stiffSpans, option: "--stiff-spans")
        let tolerances = try parsedNumbers(stiffTolerances, option: "--stiff-tolerances")
        if !json {
            print(
                "Robertson's kinetics from (1, 0, 0), atol = rtol·\(stiffAbsoluteFactor); median of \(stiffRepeats) "
                    + "solves; errors against the reference table")
            print(
                "span     rtol    method  system        ms   steps  rej     f     J    LU  switch t   "
                    + "max rel err  err/tol")
        }
        for end in ends {
            for rtol in tolerances {
                for method in ["radau5", "auto"] {
                    for system in RobertsonBenchmark.System.allCases {
                        let bench = RobertsonBenchmark(
                            end: end, relativeTolerance: rtol, absoluteTolerance: rtol * stiffAbsoluteFactor,
                            method: method, system: system)
                        let m = try bench.measure(repeats: stiffRepeats)
                        if json {
                            var fields: [String: Any] = [
                                "case": "robertson", "end": end, "rtol": rtol, "atol": bench.absoluteTolerance,
                                "method": method, "system": system.rawValue, "median_seconds": m.medianSeconds,
                                "steps": m.stats.acceptedSteps, "rejected": m.stats.rejectedSteps,
                                "function_evaluations": m.stats.functionEvaluations,
                                "jacobian_evaluations": m.stats.jacobianEvaluations,
                                "factorizations": m.stats.factorizations, "final_state": m.finalState,
                                "relative_errors": m.relativeErrors, "tolerance_ratio": m.toleranceRatio
                            ]
                            if let s = m.switchTime { fields["switch_time"] = s }
                            print(try jsonObject(fields))
                        } else {
                            let switchTime = m.switchTime.map { String(format: "%.3g", $0) } ?? "-"
                            print(
                                String(format: "%-8g %-7g ", end, rtol)
                                    + method.padding(toLength: 8, withPad: " ", startingAt: 0)
                                    + system.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)
                                    + String(
                                        format: "%7.2f %7d %4d %5d %5d %5d ", m.medianSeconds * 1e3,
                                        m.stats.acceptedSteps, m.stats.rejectedSteps, m.stats.functionEvaluations,
                                        m.stats.jacobianEvaluations, m.stats.factorizations)
                                    + String(repeating: " ", count: max(0, 9 - switchTime.count)) + switchTime
                                    + String(format: " %12.2e %8.2e", m.relativeErrors.max() ?? .nan, m.toleranceRatio))
                        }
                        fflush(nil)
                    }
                }
            }
        }
    }

    private func parsedNumbers(_ list: String, option: String) throws -> [Double] {
        try list.split(separator: ",").map { item in
            guard let value = Double(item), value > 0 else {
                throw ValidationError("\(option): expected positive numbers such as 1e-6,1e-8, got '\(item)'")
            }
            return value
        }
    }
}
