import Foundation
import PinnResults

extension SolveCommand {
    /// Prints an inverse problem's learned unknowns, one line each, as
    ///
    ///     unknown k = 4.000012 ± 2.1e-05 (initial 3; true 4: relative error 3.0e-06, 0.6 standard errors)
    ///
    /// and, on standard error, the warning naming the unknowns the measurements do not determine.
    func report(_ unknowns: UnknownEstimates) {
        for (j, name) in unknowns.names.enumerated() {
            var line = "unknown \(name) = \(String(format: "%.8g", unknowns.values[j]))"
            line += " ± \(String(format: "%.2e", unknowns.standardErrors[j]))"
            line += " (initial \(String(format: "%g", unknowns.initial[j]))"
            if let t = unknowns.trueValues[j] {
                let error = abs(unknowns.values[j] - t)
                line += "; true \(String(format: "%g", t)): relative error "
                line += String(format: "%.2e", error / max(abs(t), .leastNormalMagnitude))
                line += String(format: ", %.2f standard errors", error / unknowns.standardErrors[j])
            }
            print(line + ")")
        }
        let source = unknowns.noiseStated ? "stated" : "estimated from the data misfit"
        print("standard errors with noise σ = \(String(format: "%.3e", unknowns.noise)) (\(source))")
        if let warning = unknowns.warning {
            FileHandle.standardError.write(Data("warning: \(warning)\n".utf8))
        }
    }
}
