import ArgumentParser
import Foundation
import PinnCommandLine
import PinnODE

extension BenchCommand {
    /// The integrators of `--ode-memory`.
    enum ODEIntegrator: String, ExpressibleByArgument, CaseIterable {
        case dopri5, radau5

        var integrator: NeuralODE.Integrator { self == .dopri5 ? .dormandPrince : .radau5 }
        var title: String { self == .dopri5 ? "Dormand–Prince" : "Radau IIA (adjoint: checkpoints every 100 steps)" }
    }

    private func memoryCase(spanFactor: Double) -> ODEMemoryCase {
        ODEMemoryCase(
            span: odeSpan * spanFactor,
            tolerance: AdaptiveOptions(
                relativeTolerance: odeTolerance, absoluteTolerance: odeTolerance / 100,
                maxSteps: 100_000_000),
            integrator: odeIntegrator.integrator)
    }

    private func parsedSpanFactors() throws -> [Double] {
        try odeSpanFactors.split(separator: ",").map { item in
            guard let f = Double(item), f > 0 else {
                throw ValidationError("--ode-span-factors: expected positive numbers such as 1,10, got '\(item)'")
            }
            return f
        }
    }

    /// In the child: `METHOD:FACTOR`, one measurement printed as JSON.
    func runODEMemoryChild(_ spec: String) throws {
        let parts = spec.split(separator: ":")
        guard parts.count == 2, let factor = Double(parts[1]) else {
            throw ValidationError("--ode-memory-child: expected METHOD:FACTOR, got '\(spec)'")
        }
        let m = try memoryCase(spanFactor: factor).measure(method: String(parts[0]), spanFactor: factor)
        let data = try JSONEncoder().encode(m)
        print(String(decoding: data, as: UTF8.self))
    }

    /// In the parent: one child per (method, factor); a table or JSON lines; and the growth figures.
    func runODEMemory() throws {
        let factors = try parsedSpanFactors()
        var rows: [ODEMemoryCase.Measurement] = []
        if !json {
            print(
                "Neural ODE gradient, MLP 2→64→2 tanh (rotation), \(ODEMemoryCase(span: 0, tolerance: .init(tolerance: 1)).observations) "
                    + "observations over span \(odeSpan)·factor, \(odeIntegrator.title) rtol \(odeTolerance), "
                    + "atol \(odeTolerance / 100)"
            )
            print("method     span ×   fwd steps   bwd steps   peak RSS MiB   counted MiB   seconds")
        }
        for factor in factors {
            for method in ["forward", "adjoint", "backprop"] {
                let m = try child(method: method, factor: factor)
                rows.append(m)
                if json {
                    print(String(decoding: try JSONEncoder().encode(m), as: UTF8.self))
                } else {
                    // The baseline child computes the loss only; its solve's steps are not reported.
                    let steps =
                        method == "forward"
                        ? String(repeating: " ", count: 10) + "-" + String(repeating: " ", count: 11) + "-"
                        : String(format: "%11d %11d", m.forwardSteps, m.backwardSteps)
                    print(
                        method.padding(toLength: 9, withPad: " ", startingAt: 0)
                            + String(format: "%7g ", factor) + steps
                            + String(
                                format: " %14.1f %13.2f %9.1f", Double(m.peakResidentKiB) / 1024,
                                Double(m.countedBytes) / 1_048_576, m.seconds))
                }
                fflush(nil)
            }
        }
        guard !json, let first = factors.first, let last = factors.last, first != last else { return }
        for method in ["adjoint", "backprop"] {
            guard let a = rows.first(where: { $0.method == method && $0.spanFactor == first }),
                let b = rows.first(where: { $0.method == method && $0.spanFactor == last })
            else { continue }
            print(
                String(
                    format: "%@: %.1f× the steps, peak RSS %.1f → %.1f MiB (%+.1f %%)", method,
                    Double(b.forwardSteps) / Double(max(1, a.forwardSteps)), Double(a.peakResidentKiB) / 1024,
                    Double(b.peakResidentKiB) / 1024,
                    100 * (Double(b.peakResidentKiB) / Double(a.peakResidentKiB) - 1)))
        }
    }

    /// Runs this executable as `pinn bench --ode-memory-child METHOD:FACTOR …` and reads its measurement.
    private func child(method: String, factor: Double) throws -> ODEMemoryCase.Measurement {
        func failure(status: Int32) -> CommandFailure {
            CommandFailure("the child measuring \(method) at span factor \(factor) failed (status \(status))")
        }
        let data: Data
        do {
            data = try runSelf(arguments: [
                "bench", "--ode-memory-child", "\(method):\(factor)", "--ode-span", "\(odeSpan)",
                "--ode-tolerance", "\(odeTolerance)", "--ode-integrator", odeIntegrator.rawValue
            ])
        } catch let error as ChildProcessFailure {
            throw failure(status: error.status)
        }
        guard let m = try? JSONDecoder().decode(ODEMemoryCase.Measurement.self, from: data) else {
            throw failure(status: 0)
        }
        return m
    }
}
