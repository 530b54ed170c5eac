import Foundation
import PinnBinding
import PinnIO
import PinnNetwork
import PinnODE
import PinnProblems
import PinnResults

/// The model of a stored ODE result, ready to evaluate at any times in its span: a Neural ODE
/// (the MLP the problem file describes, with the stored parameters, integrated by the file's
/// Dormand–Prince settings from the initial state, found by shooting for a two-point problem) or
/// a PINN in time (the stored SIREN). Both run the code the ODE pipeline used for
/// /learned/states, so the stored times are reproduced exactly.
public struct StoredODENetwork: Sendable {
    public let result: StoredODEResult
    public let problem: BoundODEProblem

    public init(_ result: StoredODEResult) throws {
        let file = result.summary.path
        do {
            guard
                case .ode(let decoded) = try ProblemDocument.decode(
                    Data(result.summary.problemJSON.utf8),
                    file: file + " (stored problem)")
            else {
                throw ResultReadError(file: file, message: "the stored problem is not an ODE problem")
            }
            problem = try BoundODEProblem(decoded)
        } catch let error as ResultReadError {
            throw error
        } catch {
            throw ResultReadError(file: file, message: "the stored problem cannot be rebuilt: \(error)")
        }
        self.result = result
    }

    public var span: ODEProblemFile.TimeSpan { problem.file.span }

    /// `count` equally spaced times over the span, both ends included.
    public func uniformTimes(count: Int) -> [Double] { problem.uniformTimes(count: count) }

    /// The learned states (one row of n per time, trajectory after trajectory when the problem has
    /// several initial states) at `times`, which must lie in the span.
    public func trajectory(at times: [Double]) throws -> [[Double]] {
        let path = result.summary.path
        guard let first = times.first, let last = times.last, first >= span.start, last <= span.end,
            zip(times, times.dropFirst()).allSatisfy({ $0 <= $1 })
        else {
            throw ResultReadError(
                file: path,
                message: "evaluation times must be non-decreasing and lie in the span [\(span.start), \(span.end)]")
        }
        let n = problem.stateCount
        switch problem.file.model {
        case .neuralODE(let settings):
            do {
                var node = try ODEPipeline(problem: problem).neuralODE(settings)
                guard node.network.parameters.count == result.modelParameters.count else {
                    throw ResultReadError(
                        file: path,
                        message:
                            "/model/parameters holds \(result.modelParameters.count) values; the problem's MLP has \(node.network.parameters.count)"
                    )
                }
                node.network.parameters = result.modelParameters
                if let scaling = result.mlpScaling {
                    guard scaling.isValid(inputs: node.network.inputCount, outputs: n) else {
                        throw ResultReadError(
                            file: path,
                            message: "/model/input_shift, input_scale and output_scale do not fit the problem's MLP "
                                + "(\(node.network.inputCount) inputs, \(n) outputs, positive scales)")
                    }
                    node.network.scaling = scaling
                }
                var rows: [[Double]] = []
                for start in [try problem.shoot().initialState] + (problem.file.initialStates ?? []).dropFirst() {
                    rows += try node.trajectory(from: start, startTime: span.start, at: times)
                }
                return rows
            } catch let error as ResultReadError {
                throw error
            } catch {
                throw ResultReadError(file: path, message: "evaluating the Neural ODE failed: \(error)")
            }
        case .parameterEstimation:
            let names = problem.file.unknownNames
            guard result.modelParameters.count == names.count else {
                throw ResultReadError(
                    file: path,
                    message: "/model/parameters holds \(result.modelParameters.count) values; the "
                        + "problem has \(names.count) unknowns")
            }
            do {
                let fitted = try BoundODEProblem(
                    problem.file.withUnknowns(Dictionary(uniqueKeysWithValues: zip(names, result.modelParameters))))
                var rows: [[Double]] = []
                for start in problem.file.initialStates ?? [] {
                    rows += try fitted.referenceTrajectory(initialState: start, at: times).map { Array($0[..<n]) }
                }
                return rows
            } catch {
                throw ResultReadError(file: path, message: "evaluating the fitted system failed: \(error)")
            }
        case .pinn:
            guard let architecture = result.sirenArchitecture,
                architecture.parameterCount == result.modelParameters.count,
                architecture.inputs == 1, architecture.outputs == n
            else {
                throw ResultReadError(
                    file: path, message: "/model does not describe a SIREN u(t) with \(n) outputs and its parameters")
            }
            let net = Siren<Double>(architecture: architecture, parameters: result.modelParameters)
            let loss = TimePINNLoss(
                problem: problem, collocationPoints: problem.file.training.collocationPoints,
                conditionWeight: problem.file.training.initialWeight)
            return loss.trajectory(net, at: times).map { Array($0[..<n]) }
        }
    }

    /// Writes `states` at `times` as CSV (header `t,<state names>`, then `trajectory` when there are
    /// several) atomically.
    public func writeCSV(times: [Double], states: [[Double]], to path: String) throws {
        let k = result.trajectoryCount
        var text = (["t"] + result.stateNames + (k > 1 ? ["trajectory"] : [])).joined(separator: ",") + "\n"
        for (i, row) in states.enumerated() {
            let t = times[i % times.count]
            text += ([t] + row).map { String(format: "%.17g", $0) }.joined(separator: ",")
            text += (k > 1 ? ",\(i / times.count)" : "") + "\n"
        }
        try AtomicFile.write(text, to: path)
    }

    /// Writes `states` at `times` as HDF5 atomically: provenance, /t (a dimension scale) and
    /// /learned/states [nt, n].
    public func writeHDF5(times: [Double], states: [[Double]], to path: String) throws {
        let summary = result.summary
        let names = result.stateNames.joined(separator: ",")
        try HDF5File.writeAtomically(to: path) { file in
            try file.writeProvenance(
                problemName: summary.problemName, problemJSON: summary.problemJSON, seed: summary.seed)
            try file.setAttribute("kind", to: "ode_evaluation")
            try file.setAttribute("evaluated_from", to: summary.path)
            try file.setAttribute("model_type", to: result.modelType)
            try file.setAttribute("state_names", to: names)
            try file.writeDataset("/t", values: times)
            try file.makeDimensionScale("/t", name: "t")
            try file.setLongName("time", on: "/t")
            let k = result.trajectoryCount
            try file.writeDataset(
                "/learned/states", values: states.flatMap { $0 },
                shape: (k > 1 ? [k] : []) + [times.count, result.stateNames.count])
            if k > 1 {
                try file.writeDataset("/trajectory", values: (0..<k).map { Int64($0) })
                try file.makeDimensionScale("/trajectory", name: "trajectory")
                try file.attachScale(to: "/learned/states", scale: "/trajectory", dimension: 0)
            }
            try file.attachScale(to: "/learned/states", scale: "/t", dimension: k > 1 ? 1 : 0)
            try file.setLongName("learned trajectory", on: "/learned/states")
            try file.setAttribute("state_names", to: names, on: "/learned/states")
        }
    }
}
