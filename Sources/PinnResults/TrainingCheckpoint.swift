import Foundation
import PinnIO
import PinnNumerics
import PinnTraining

/// A training state on disk, beside the result it will become (`Outputs/poisson.ckpt.h5` for
/// `Outputs/poisson.h5`), written atomically so an interrupted write leaves the previous checkpoint.
///
/// Layout (HDF5; arrays in the training precision, so a restored state is the saved one to the bit):
///
///     /                 attrs: format = "pinn-checkpoint", format_version, trainer (pde | neuralODE | pinn),
///                       problem (the problem file's text), precision, phase (adam | lbfgs | gaussNewton | finished),
///                       step, loss_weight, sampling_step, recoveries, elapsed_seconds, created; stop_reason
///                       when training stopped early (phase finished: the checkpoint of a finished
///                       training, kept until its result is written)
///     /parameters       the network's flat parameters
///     /adam/m, /adam/v  Adam's moments; /adam attrs: step, beta1, beta2, epsilon, schedule (JSON);
///     /adam/rate_multipliers   per-parameter rate multipliers (runs from a meta-initialisation that learned them)
///     /lbfgs/x, gradient, s [k, n], y [k, n], rho [k]   in the L-BFGS phase; attrs value, iteration, evaluations
///     /gauss_newton     in the Gauss–Newton phase: attrs damping (relative μ), iteration, loss
///     /random/state     the mini-batch generator's xoshiro256** state (as Int64 bit patterns), when there is one
///     /history/…        the records so far, one column per field
public struct TrainingCheckpoint: Sendable {
    /// The checkpoint's path.
    public let path: String
    /// The problem file's text: a checkpoint resumes only the problem it was written for.
    public let problemText: String
    /// Which trainer wrote it ("pde", "neuralODE", "pinn").
    public let trainer: String

    public static let format = "pinn-checkpoint"
    public static let formatVersion = 1

    public init(path: String, problemText: String, trainer: String) {
        self.path = path
        self.problemText = problemText
        self.trainer = trainer
    }

    /// The checkpoint path for a result path: its extension (.h5, .nc) replaced by `.ckpt.h5`.
    public static func path(forResult result: String) -> String {
        let ext = (result as NSString).pathExtension
        let stem =
            ["h5", "nc", "hdf5", "nc4"].contains(ext.lowercased()) ? (result as NSString).deletingPathExtension : result
        return stem + ".ckpt.h5"
    }

    public var exists: Bool { FileManager.default.fileExists(atPath: path) }

    /// Removes the checkpoint (after its run finished).
    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes `state` (and the training seconds spent so far) atomically; `stopReason` says why a
    /// finished training stopped early.
    public func write<T: PinnScalar, Record: CheckpointRecord>(
        _ state: TrainingState<T, Record>,
        elapsedSeconds: Double, stopReason: String? = nil
    ) throws {
        try HDF5File.writeAtomically(to: path) { file in
            try file.setAttribute("format", to: Self.format)
            try file.setAttribute("format_version", to: Self.formatVersion)
            try file.setAttribute("trainer", to: trainer)
            try file.setAttribute("problem", to: problemText)
            try file.setAttribute("precision", to: T.precisionName)
            try file.setAttribute("phase", to: state.phase.rawValue)
            try file.setAttribute("step", to: state.step)
            try file.setAttribute("loss_weight", to: state.lossWeight)
            try file.setAttribute("sampling_step", to: state.samplingStep)
            try file.setAttribute("recoveries", to: state.recoveries)
            try file.setAttribute("elapsed_seconds", to: elapsedSeconds)
            try file.setAttribute("created", to: ISO8601DateFormatter().string(from: Date()))
            if let stopReason { try file.setAttribute("stop_reason", to: stopReason) }
            try file.writeScalars("/parameters", state.parameters)

            let adam = state.adam
            try file.writeScalars("/adam/m", adam.firstMoment)
            try file.writeScalars("/adam/v", adam.secondMoment)
            if let multipliers = adam.rateMultipliers { try file.writeScalars("/adam/rate_multipliers", multipliers) }
            try file.setAttribute("step", to: adam.step, on: "/adam")
            try file.setAttribute("beta1", to: adam.beta1, on: "/adam")
            try file.setAttribute("beta2", to: adam.beta2, on: "/adam")
            try file.setAttribute("epsilon", to: adam.epsilon, on: "/adam")
            let schedule = String(decoding: try JSONEncoder().encode(adam.schedule), as: UTF8.self)
            try file.setAttribute("schedule", to: schedule, on: "/adam")

            if let lbfgs = state.lbfgs {
                let n = lbfgs.x.count
                try file.writeScalars("/lbfgs/x", lbfgs.x)
                try file.writeScalars("/lbfgs/gradient", lbfgs.gradient)
                try file.writeDataset(
                    "/lbfgs/s", values: lbfgs.s.flatMap { $0 }, shape: [lbfgs.s.count, n], compression: .none)
                try file.writeDataset(
                    "/lbfgs/y", values: lbfgs.y.flatMap { $0 }, shape: [lbfgs.y.count, n], compression: .none)
                try file.writeDataset("/lbfgs/rho", values: lbfgs.rho, compression: .none)
                try file.setAttribute("value", to: lbfgs.value, on: "/lbfgs")
                try file.setAttribute("iteration", to: lbfgs.iteration, on: "/lbfgs")
                try file.setAttribute("evaluations", to: lbfgs.evaluations, on: "/lbfgs")
            }
            if let gaussNewton = state.gaussNewton {
                try file.createGroup("/gauss_newton")
                try file.setAttribute("damping", to: gaussNewton.damping, on: "/gauss_newton")
                try file.setAttribute("iteration", to: gaussNewton.iteration, on: "/gauss_newton")
                try file.setAttribute("loss", to: gaussNewton.loss, on: "/gauss_newton")
                if let last = gaussNewton.lastStep {
                    try file.setAttribute("last_damping", to: last.damping, on: "/gauss_newton")
                    try file.setAttribute("last_step_length", to: last.stepLength, on: "/gauss_newton")
                }
            }
            if let best = state.best {
                try file.writeScalars("/best/parameters", best.parameters)
                try file.setAttribute("loss", to: best.loss, on: "/best")
                try file.setAttribute("step", to: best.step, on: "/best")
            }
            if let random = state.random {
                try file.writeDataset(
                    "/random/state", values: random.state.map { Int64(bitPattern: $0) }, compression: .none)
            }
            try file.createGroup("/history")
            try Record.write(state.history, to: file, under: "/history")
        }
    }

    /// Reads the checkpoint as a state of a `parameterCount`-parameter network in precision T,
    /// with the training seconds it had taken.
    /// - Throws: `CheckpointError` when it is missing, unreadable, for another problem or trainer, or
    ///   does not fit the network.
    public func read<T: PinnScalar, Record: CheckpointRecord>(
        parameterCount: Int, as: T.Type = T.self,
        record: Record.Type = Record.self
    ) throws(CheckpointError)
        -> (state: TrainingState<T, Record>, elapsedSeconds: Double)
    {
        guard exists else { throw .missing(path: path) }
        do {
            let file = try HDF5File.openReadOnly(at: path)
            guard (try? file.stringAttribute("format")) == Self.format else {
                throw CheckpointError.incompatible(path: path, reason: "it is not a pinn checkpoint")
            }
            let version = try file.int64Attribute("format_version")
            guard version == Self.formatVersion else {
                throw CheckpointError.incompatible(
                    path: path, reason: "format version \(version), this pinn reads \(Self.formatVersion)")
            }
            let stored = try file.stringAttribute("problem")
            guard stored == problemText else {
                throw CheckpointError.differentProblem(
                    path: path, firstDifference: Self.firstDifference(stored, problemText))
            }
            let writer = try file.stringAttribute("trainer")
            guard writer == trainer else {
                throw CheckpointError.incompatible(
                    path: path, reason: "it was written by the \(writer) trainer, this run uses \(trainer)")
            }
            let precision = try file.stringAttribute("precision")
            guard precision == T.precisionName else {
                throw CheckpointError.incompatible(
                    path: path, reason: "it holds \(precision) parameters, this run trains in \(T.precisionName)")
            }
            let parameters = try file.readScalars("/parameters", as: T.self)
            guard parameters.count == parameterCount else {
                throw CheckpointError.incompatible(
                    path: path, reason: "it holds \(parameters.count) parameters, the network has \(parameterCount)")
            }
            guard let phase = TrainingPhase(rawValue: try file.stringAttribute("phase")) else {
                throw CheckpointError.incompatible(path: path, reason: "unknown phase")
            }
            let scheduleText = try file.stringAttribute("schedule", of: "/adam")
            let schedule = try JSONDecoder().decode(LearningRateSchedule.self, from: Data(scheduleText.utf8))
            var adam = Adam<T>(
                schedule: schedule, beta1: try file.doubleAttribute("beta1", of: "/adam"),
                beta2: try file.doubleAttribute("beta2", of: "/adam"),
                epsilon: try file.doubleAttribute("epsilon", of: "/adam"),
                step: Int(try file.int64Attribute("step", of: "/adam")),
                firstMoment: try file.readScalars("/adam/m", as: T.self),
                secondMoment: try file.readScalars("/adam/v", as: T.self))
            if file.exists("/adam/rate_multipliers") {
                let multipliers = try file.readScalars("/adam/rate_multipliers", as: T.self)
                guard multipliers.count == parameterCount else {
                    throw CheckpointError.incompatible(
                        path: path,
                        reason:
                            "it holds \(multipliers.count) rate multipliers, the network has \(parameterCount) parameters"
                    )
                }
                adam.rateMultipliers = multipliers
            }
            var lbfgs: LBFGS<T>.State?
            if file.exists("/lbfgs") {
                func rows(_ name: String) throws -> [[Double]] {
                    let array = try file.readDataset(name, as: Double.self)
                    let n = array.shape.count == 2 ? array.shape[1] : 0
                    return n == 0
                        ? [] : stride(from: 0, to: array.values.count, by: n).map { Array(array.values[$0..<$0 + n]) }
                }
                lbfgs = LBFGS<T>.State(
                    x: try file.readScalars("/lbfgs/x", as: T.self),
                    gradient: try file.readScalars("/lbfgs/gradient", as: T.self),
                    value: try file.doubleAttribute("value", of: "/lbfgs"),
                    s: try rows("/lbfgs/s"), y: try rows("/lbfgs/y"),
                    rho: try file.readDataset("/lbfgs/rho", as: Double.self).values,
                    iteration: Int(try file.int64Attribute("iteration", of: "/lbfgs")),
                    evaluations: Int(try file.int64Attribute("evaluations", of: "/lbfgs")))
            }
            var gaussNewton: GaussNewtonState?
            if file.exists("/gauss_newton") {
                var lastStep: GaussNewtonStep?
                if try file.hasAttribute("last_damping", of: "/gauss_newton") {
                    lastStep = GaussNewtonStep(
                        damping: try file.doubleAttribute("last_damping", of: "/gauss_newton"),
                        stepLength: try file.doubleAttribute("last_step_length", of: "/gauss_newton"))
                }
                gaussNewton = GaussNewtonState(
                    damping: try file.doubleAttribute("damping", of: "/gauss_newton"),
                    iteration: Int(try file.int64Attribute("iteration", of: "/gauss_newton")),
                    loss: try file.doubleAttribute("loss", of: "/gauss_newton"), lastStep: lastStep)
            }
            var random: SeededGenerator?
            if file.exists("/random/state") {
                random = SeededGenerator(
                    state: try file.readDataset("/random/state", as: Int64.self).values.map { UInt64(bitPattern: $0) })
            }
            var best: BestParameters<T>?
            if file.exists("/best") {
                let parameters = try file.readScalars("/best/parameters", as: T.self)
                guard parameters.count == parameterCount else {
                    throw CheckpointError.incompatible(
                        path: path,
                        reason: "its best parameters are \(parameters.count), the network has \(parameterCount)")
                }
                best = BestParameters(
                    parameters: parameters, loss: try file.doubleAttribute("loss", of: "/best"),
                    step: Int(try file.int64Attribute("step", of: "/best")))
            }
            let state = TrainingState<T, Record>(
                phase: phase, step: Int(try file.int64Attribute("step")), parameters: parameters, adam: adam,
                lbfgs: lbfgs, gaussNewton: gaussNewton,
                lossWeight: try file.doubleAttribute("loss_weight"),
                samplingStep: Int(try file.int64Attribute("sampling_step")),
                random: random, history: try Record.read(from: file, under: "/history"),
                recoveries: Int(try file.int64Attribute("recoveries")), best: best)
            return (state, try file.doubleAttribute("elapsed_seconds"))
        } catch let error as CheckpointError {
            throw error
        } catch {
            throw .unreadable(path: path, reason: "\(error)")
        }
    }

    /// Why the finished training this checkpoint holds stopped early (root attribute stop_reason);
    /// nil when it did not, or the file cannot be read.
    public func stopReason() -> String? {
        guard let file = try? HDF5File.openReadOnly(at: path), (try? file.hasAttribute("stop_reason")) == true else {
            return nil
        }
        return try? file.stringAttribute("stop_reason")
    }

    /// "line L: 'stored…' here, 'current…' now" for the first line where two texts differ.
    static func firstDifference(_ stored: String, _ current: String) -> String {
        let a = stored.split(separator: "\n", omittingEmptySubsequences: false)
        let b = current.split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<max(a.count, b.count) {
            let x = i < a.count ? String(a[i]) : "", y = i < b.count ? String(b[i]) : ""
            if x != y {
                func clip(_ s: String) -> String { s.count > 60 ? String(s.prefix(57)) + "..." : s }
                return
                    "line \(i + 1) was '\(clip(x.trimmingCharacters(in: .whitespaces)))', is now '\(clip(y.trimmingCharacters(in: .whitespaces)))'"
            }
        }
        return "the texts differ"
    }
}

/// Why a checkpoint cannot be resumed.
public enum CheckpointError: Error, Equatable, Sendable, CustomStringConvertible {
    case missing(path: String)
    case differentProblem(path: String, firstDifference: String)
    case incompatible(path: String, reason: String)
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case let .missing(path):
            return "no checkpoint to resume at \(path) (run without --resume to start afresh)"
        case let .differentProblem(path, difference):
            return "\(path) was written for a different problem (\(difference)); refusing to resume it. "
                + "Run without --resume to start afresh (the checkpoint is then replaced)"
        case let .incompatible(path, reason):
            return "cannot resume \(path): \(reason)"
        case let .unreadable(path, reason):
            return "cannot read the checkpoint \(path): \(reason)"
        }
    }
}

/// A training record type that a checkpoint stores as columns.
public protocol CheckpointRecord: Sendable {
    static func write(_ records: [Self], to file: HDF5File, under group: String) throws
    static func read(from file: HDF5File, under group: String) throws -> [Self]
}

extension TrainingRecord: CheckpointRecord {
    public static func write(_ records: [TrainingRecord], to file: HDF5File, under group: String) throws {
        try file.writeDataset("\(group)/step", values: records.map { Int64($0.step) })
        try file.writeDataset("\(group)/phase", values: records.map { Int64($0.phase.code) })
        try file.writeDataset("\(group)/loss_residual", values: records.map(\.terms.residual))
        try file.writeDataset("\(group)/loss_boundary", values: records.map(\.terms.boundary))
        try file.writeDataset("\(group)/boundary_weight", values: records.map(\.boundaryWeight))
        try file.writeDataset("\(group)/learning_rate", values: records.map(\.learningRate))
        try file.writeGaussNewtonSteps(records.map(\.gaussNewton), under: group)
        try file.writeInverseHistory(records, under: group)
    }

    public static func read(from file: HDF5File, under group: String) throws -> [TrainingRecord] {
        let step = try file.readDataset("\(group)/step", as: Int64.self).values
        let phase = try file.readDataset("\(group)/phase", as: Int64.self).values
        let residual = try file.readDataset("\(group)/loss_residual", as: Double.self).values
        let boundary = try file.readDataset("\(group)/loss_boundary", as: Double.self).values
        let weight = try file.readDataset("\(group)/boundary_weight", as: Double.self).values
        let rate = try file.readDataset("\(group)/learning_rate", as: Double.self).values
        let steps = try file.readGaussNewtonSteps(under: group, phases: phase)
        let (data, unknowns) = try file.readInverseHistory(under: group, count: step.count)
        return step.indices.map { i in
            TrainingRecord(
                phase: .init(code: Int(phase[i])) ?? .adam, step: Int(step[i]),
                terms: LossTerms(residual: residual[i], boundary: boundary[i], data: data[i]),
                boundaryWeight: weight[i], learningRate: rate[i], gaussNewton: steps[i], unknowns: unknowns[i])
        }
    }
}

extension ODETrainingRecord: CheckpointRecord {
    public static func write(_ records: [ODETrainingRecord], to file: HDF5File, under group: String) throws {
        try file.writeDataset("\(group)/step", values: records.map { Int64($0.step) })
        try file.writeDataset("\(group)/phase", values: records.map { Int64($0.phase.code) })
        try file.writeDataset("\(group)/loss", values: records.map(\.loss))
        try file.writeDataset("\(group)/learning_rate", values: records.map(\.learningRate))
        try file.writeDataset("\(group)/has_terms", values: records.map { Int64($0.residual == nil ? 0 : 1) })
        try file.writeDataset("\(group)/loss_residual", values: records.map { $0.residual ?? 0 })
        try file.writeDataset("\(group)/loss_condition", values: records.map { $0.condition ?? 0 })
        try file.writeDataset("\(group)/validation", values: records.map { $0.validation ?? .nan })
        try file.writeDataset("\(group)/window_length", values: records.map { Int64($0.windowLength) })
        try file.writeGaussNewtonSteps(records.map(\.gaussNewton), under: group)
        try file.writeUnknownHistory(records.map(\.unknowns), under: group)
    }

    public static func read(from file: HDF5File, under group: String) throws -> [ODETrainingRecord] {
        let step = try file.readDataset("\(group)/step", as: Int64.self).values
        let phase = try file.readDataset("\(group)/phase", as: Int64.self).values
        let loss = try file.readDataset("\(group)/loss", as: Double.self).values
        let rate = try file.readDataset("\(group)/learning_rate", as: Double.self).values
        let hasTerms = try file.readDataset("\(group)/has_terms", as: Int64.self).values
        let residual = try file.readDataset("\(group)/loss_residual", as: Double.self).values
        let condition = try file.readDataset("\(group)/loss_condition", as: Double.self).values
        // Checkpoints from before validation have none.
        let validation =
            file.exists("\(group)/validation")
            ? try file.readDataset("\(group)/validation", as: Double.self).values
            : [Double](repeating: .nan, count: step.count)
        let windowLength =
            file.exists("\(group)/window_length")
            ? try file.readDataset("\(group)/window_length", as: Int64.self).values.map(Int.init)
            : [Int](repeating: 0, count: step.count)
        let steps = try file.readGaussNewtonSteps(under: group, phases: phase)
        let unknowns = try file.readUnknownHistory(under: group, count: step.count)
        return step.indices.map { i in
            var record = ODETrainingRecord(
                phase: .init(code: Int(phase[i])) ?? .adam, step: Int(step[i]), loss: loss[i],
                residual: hasTerms[i] == 1 ? residual[i] : nil,
                condition: hasTerms[i] == 1 ? condition[i] : nil, learningRate: rate[i], gaussNewton: steps[i],
                validation: validation[i].isNaN ? nil : validation[i], windowLength: windowLength[i])
            record.unknowns = unknowns[i]
            return record
        }
    }
}

extension HDF5Location {
    /// Writes values of the training precision as a Float32 or Float64 dataset (exactly).
    func writeScalars<T: PinnScalar>(_ path: String, _ values: [T]) throws {
        if T.self == Float.self {
            try writeDataset(path, values: values.map { Float($0) }, compression: .none)
        } else {
            try writeDataset(path, values: values.map { Double($0) }, compression: .none)
        }
    }

    /// Reads a dataset written by `writeScalars` in precision T.
    func readScalars<T: PinnScalar>(_ path: String, as: T.Type) throws -> [T] {
        if T.self == Float.self { return try readDataset(path, as: Float.self).values.map { T($0) } }
        return try readDataset(path, as: Double.self).values.map { T($0) }
    }
}

extension HDF5Location {
    /// `group`/damping and `group`/step_length: each Gauss–Newton iteration's relative damping μ (> 0)
    /// and step length α (0: not taken); both 0 for the steps of the other phases.
    func writeGaussNewtonSteps(_ steps: [GaussNewtonStep?], under group: String) throws {
        try writeDataset("\(group)/damping", values: steps.map { $0?.damping ?? 0 })
        try writeDataset("\(group)/step_length", values: steps.map { $0?.stepLength ?? 0 })
    }

    /// The Gauss–Newton steps of `writeGaussNewtonSteps` for the records whose phase code is 2 (nil
    /// for the others, and for every record of a file written before they were stored).
    func readGaussNewtonSteps(under group: String, phases: [Int64]) throws -> [GaussNewtonStep?] {
        guard exists("\(group)/damping") else { return [GaussNewtonStep?](repeating: nil, count: phases.count) }
        let damping = try readDataset("\(group)/damping", as: Double.self).values
        let length = try readDataset("\(group)/step_length", as: Double.self).values
        for (name, values) in [("damping", damping), ("step_length", length)] where values.count != phases.count {
            throw HDF5Error.shapeMismatch(
                path: "\(group)/\(name)", file: filePath, shape: [phases.count], count: values.count)
        }
        // A Gauss–Newton step's damping is positive; 0 marks a record without one.
        return phases.indices.map { i in
            phases[i] == Int64(StepPhase.gaussNewton.code) && damping[i] > 0
                ? GaussNewtonStep(damping: damping[i], stepLength: length[i]) : nil
        }
    }
}

extension HDF5Location {
    /// With measurements `<group>/loss_data` (w·L_d per step), with unknowns `<group>/unknowns`
    /// [steps, m] (their values per step); neither for a forward problem.
    func writeInverseHistory(_ records: [TrainingRecord], under group: String) throws {
        if records.contains(where: { $0.terms.data != 0 }) {
            try writeDataset("\(group)/loss_data", values: records.map(\.terms.data))
        }
        try writeUnknownHistory(records.map(\.unknowns), under: group)
    }

    /// `<group>/unknowns` [steps, m]: the unknowns' values per step (nothing without unknowns).
    func writeUnknownHistory(_ unknowns: [[Double]], under group: String) throws {
        let m = unknowns.first?.count ?? 0
        if m > 0, unknowns.allSatisfy({ $0.count == m }) {
            try writeDataset("\(group)/unknowns", values: unknowns.flatMap { $0 }, shape: [unknowns.count, m])
        }
    }

    /// What `writeUnknownHistory` wrote: per step the unknowns' values (empty rows without).
    func readUnknownHistory(under group: String, count: Int) throws -> [[Double]] {
        var unknowns = [[Double]](repeating: [], count: count)
        if exists("\(group)/unknowns") {
            let array = try readDataset("\(group)/unknowns", as: Double.self)
            let m = array.shape.count == 2 ? array.shape[1] : 0
            if m > 0, array.shape[0] == count {
                unknowns = (0..<count).map { Array(array.values[$0 * m..<($0 + 1) * m]) }
            }
        }
        return unknowns
    }

    /// What `writeInverseHistory` wrote: the data term per step (0 without) and the unknowns per step
    /// (empty without).
    func readInverseHistory(under group: String, count: Int) throws -> (data: [Double], unknowns: [[Double]]) {
        let data =
            exists("\(group)/loss_data")
            ? try readDataset("\(group)/loss_data", as: Double.self).values : [Double](repeating: 0, count: count)
        let unknowns = try readUnknownHistory(under: group, count: count)
        guard data.count == count else {
            throw HDF5Error.shapeMismatch(path: "\(group)/loss_data", file: filePath, shape: [data.count], count: count)
        }
        return (data, unknowns)
    }
}
