import Foundation
import PinnBinding
import PinnIO
import PinnNetwork
import PinnProblems

/// The HDF5 layout of a meta-initialisation:
///
///     /                          attrs: pinn_version, kind = "meta-initialization", family_name, family (JSON),
///                                base_problem (JSON), algorithm, precision, the meta-training settings
///                                (inner_steps, inner_learning_rate, …), meta_train_seconds, baseline_seconds, created
///     /init/parameters           the sparse initialisation (flat, SirenArchitecture layout; f32 or f64 as trained)
///     /init/mask                 1 = free, 0 = pruned (int64); attrs: the architecture, free_parameters, sparsity
///     /init/log_rate_multipliers ρ, the learned per-layer rate multipliers e^ρ (weights and biases of each
///                                layer, `LayerRateMultipliers`), with learnRates; likewise in every group below
///     /dense/parameters          the dense meta-learned initialisation it was pruned from
///     /baselines/random_pruned/{parameters, mask}, /baselines/dense_narrow/parameters   (with --baselines)
///     /training/round, step, free_parameters, loss_before, loss_after                   the meta-training history
extension MetaInitialization {
    public static let fileKind = "meta-initialization"

    /// Writes the file at `path` atomically (a temporary beside it, renamed when complete).
    public func write(to path: String) throws {
        try HDF5File.writeAtomically(to: path) { file in
            try file.setAttribute("pinn_version", to: PinnVersion.current)
            try file.setAttribute("kind", to: Self.fileKind)
            try file.setAttribute("family_name", to: familyName)
            try file.setAttribute("family", to: familyJSON)
            try file.setAttribute("base_problem", to: baseJSON)
            try file.setAttribute("algorithm", to: algorithm.rawValue)
            try file.setAttribute("precision", to: precision)
            try file.setAttribute("meta_train_seconds", to: seconds)
            try file.setAttribute("baseline_seconds", to: baselineSeconds)
            try file.setAttribute("created", to: ISO8601DateFormatter().string(from: Date()))
            try writeSettings(file)
            try writeNetwork(sparse, to: "/init", file)
            try file.setAttribute("sparsity", to: achievedSparsity, on: "/init")
            try writeNetwork(dense, to: "/dense", file)
            if let randomPruned { try writeNetwork(randomPruned, to: "/baselines/random_pruned", file) }
            if let denseNarrow { try writeNetwork(denseNarrow, to: "/baselines/dense_narrow", file) }
            try file.createGroup("/training")
            try file.writeDataset("/training/round", values: history.map { Int64($0.round) })
            try file.writeDataset("/training/step", values: history.map { Int64($0.step) })
            try file.writeDataset("/training/free_parameters", values: history.map { Int64($0.freeParameters) })
            try file.writeDataset("/training/loss_before", values: history.map(\.lossBefore))
            try file.writeDataset("/training/loss_after", values: history.map(\.lossAfter))
        }
    }

    /// Reads a file written by `write(to:)`; the parameters come back bit for bit.
    /// - Throws: `MetaFileError` when the file is not a meta-initialisation or is inconsistent, HDF5 errors when unreadable.
    public static func read(from path: String) throws -> MetaInitialization {
        let file = try HDF5File.openReadOnly(at: path)
        func fail(_ object: String, _ message: String) -> MetaFileError {
            MetaFileError(file: path, path: object, message: message)
        }
        let kind = (try? file.stringAttribute("kind")) ?? "none"
        guard kind == fileKind else {
            throw fail(
                "/", "not a pinn meta-initialization (attribute kind is '\(kind)'; write one with pinn meta-train)")
        }
        let algorithmName = try file.stringAttribute("algorithm")
        guard let algorithm = MetaGradient(rawValue: algorithmName) else {
            throw fail("/", "unknown algorithm '\(algorithmName)' (expected reptile or fomaml)")
        }
        let precision = try file.stringAttribute("precision")
        guard precision == "f32" || precision == "f64" else { throw fail("/", "unknown precision '\(precision)'") }
        var result = MetaInitialization(
            familyName: try file.stringAttribute("family_name"), algorithm: algorithm,
            settings: try readSettings(file, fail),
            precision: precision, sparse: try readNetwork("/init", file, fail),
            dense: try readNetwork("/dense", file, fail),
            history: [], seconds: try file.doubleAttribute("meta_train_seconds"))
        guard result.sparse.mask != nil else { throw fail("/init/mask", "missing") }
        result.familyJSON = try file.stringAttribute("family")
        result.baseJSON = try file.stringAttribute("base_problem")
        result.baselineSeconds = try file.doubleAttribute("baseline_seconds")
        if file.exists("/baselines/random_pruned") {
            result.randomPruned = try readNetwork("/baselines/random_pruned", file, fail)
        }
        if file.exists("/baselines/dense_narrow") {
            result.denseNarrow = try readNetwork("/baselines/dense_narrow", file, fail)
        }
        let rounds = try file.readDataset("/training/round", as: Int64.self).values
        let steps = try file.readDataset("/training/step", as: Int64.self).values
        let free = try file.readDataset("/training/free_parameters", as: Int64.self).values
        let before = try file.readDataset("/training/loss_before", as: Double.self).values
        let after = try file.readDataset("/training/loss_after", as: Double.self).values
        guard [steps.count, free.count, before.count, after.count].allSatisfy({ $0 == rounds.count }) else {
            throw fail("/training", "datasets of different lengths")
        }
        result.history = rounds.indices.map {
            MetaRecord(
                round: Int(rounds[$0]), step: Int(steps[$0]), freeParameters: Int(free[$0]),
                lossBefore: before[$0], lossAfter: after[$0])
        }
        return result
    }

    private func writeNetwork(_ network: InitialNetwork, to group: String, _ file: HDF5File) throws {
        try file.createGroup(group)
        if precision == "f32" {
            try file.writeDataset(group + "/parameters", values: network.parameters.map { Float($0) })
        } else {
            try file.writeDataset(group + "/parameters", values: network.parameters)
        }
        let a = network.architecture
        try file.setAttribute("kind", to: "siren", on: group)
        try file.setAttribute("inputs", to: a.inputs, on: group)
        try file.setAttribute("outputs", to: a.outputs, on: group)
        try file.setAttribute("width", to: a.width, on: group)
        try file.setAttribute("depth", to: a.depth, on: group)
        try file.setAttribute("omega0", to: a.omega0, on: group)
        try file.setAttribute("omega_hidden", to: a.omegaHidden, on: group)
        let free = network.mask?.freeCount ?? a.parameterCount
        try file.setAttribute("free_parameters", to: free, on: group)
        if let mask = network.mask {
            try file.writeDataset(group + "/mask", values: mask.isFree.map { Int64($0 ? 1 : 0) })
            try file.setAttribute("meaning", to: "1 = free, 0 = pruned (held at zero)", on: group + "/mask")
        }
        if let rates = network.rates {
            try file.writeDataset(group + "/log_rate_multipliers", values: rates.logMultipliers)
            try file.setAttribute(
                "meaning",
                to:
                    "natural logarithms of Adam's learning-rate multipliers: weights of layer l at 2l, its biases at 2l + 1",
                on: group + "/log_rate_multipliers")
        }
    }

    private static func readNetwork(_ group: String, _ file: HDF5File, _ fail: (String, String) -> MetaFileError) throws
        -> InitialNetwork
    {
        func int(_ name: String) throws -> Int { Int(try file.int64Attribute(name, of: group)) }
        let inputs = try int("inputs"), outputs = try int("outputs"), width = try int("width"), depth = try int("depth")
        guard (1...4).contains(inputs), outputs >= 1, width >= 1, depth >= 1 else {
            throw fail(
                group, "invalid architecture (inputs \(inputs), outputs \(outputs), width \(width), depth \(depth))")
        }
        let architecture = SirenArchitecture(
            inputs: inputs, outputs: outputs, width: width, depth: depth,
            omega0: try file.doubleAttribute("omega0", of: group),
            omegaHidden: try file.doubleAttribute("omega_hidden", of: group))
        let parameters = try file.readDataset(group + "/parameters", as: Double.self).values
        guard parameters.count == architecture.parameterCount else {
            throw fail(
                group + "/parameters",
                "expected \(architecture.parameterCount) values for the architecture, found \(parameters.count)")
        }
        var rates: LayerRateMultipliers?
        if file.exists(group + "/log_rate_multipliers") {
            let rho = try file.readDataset(group + "/log_rate_multipliers", as: Double.self).values
            guard rho.count == 2 * architecture.layerCount, rho.allSatisfy(\.isFinite) else {
                throw fail(group + "/log_rate_multipliers", "expected \(2 * architecture.layerCount) finite values")
            }
            rates = LayerRateMultipliers(architecture: architecture, logMultipliers: rho)
        }
        guard file.exists(group + "/mask") else {
            return InitialNetwork(architecture: architecture, parameters: parameters, rates: rates)
        }
        let flags = try file.readDataset(group + "/mask", as: Int64.self).values
        guard flags.count == parameters.count, flags.allSatisfy({ $0 == 0 || $0 == 1 }) else {
            throw fail(group + "/mask", "expected \(parameters.count) flags of 0 or 1")
        }
        let mask = ParameterMask(architecture: architecture, isFree: flags.map { $0 == 1 })
        guard mask.holdsZeros(in: parameters) else {
            throw fail(group + "/parameters", "a pruned parameter is not zero")
        }
        return InitialNetwork(architecture: architecture, parameters: parameters, mask: mask, rates: rates)
    }

    private func writeSettings(_ file: HDF5File) throws {
        let s = settings
        try file.setAttribute("inner_steps", to: s.innerSteps)
        try file.setAttribute("inner_learning_rate", to: s.innerLearningRate)
        try file.setAttribute("outer_steps", to: s.outerSteps)
        try file.setAttribute("outer_learning_rate", to: s.outerLearningRate)
        try file.setAttribute("outer_schedule", to: s.outerSchedule.rawValue)
        try file.setAttribute("tasks_per_step", to: s.tasksPerStep)
        try file.setAttribute("target_sparsity", to: s.sparsity)
        try file.setAttribute("prune_fraction", to: s.pruneFraction)
        try file.setAttribute("round_steps", to: s.roundSteps)
        try file.setAttribute("pruning", to: s.pruning.rawValue)
        if let f = s.fanInRates { // absent: every parameter at the inner rate
            try file.setAttribute("fan_in_rates_hidden", to: f.hidden)
            try file.setAttribute("fan_in_rates_output", to: f.output)
        }
        try file.setAttribute("learn_rates", to: s.learnRates ? 1 : 0)
        try file.setAttribute("rate_learning_rate", to: s.rateLearningRate)
        try file.setAttribute("interior_points", to: s.interiorPoints)
        try file.setAttribute("boundary_points", to: s.boundaryPoints)
        try file.setAttribute("seed", to: Int64(bitPattern: s.seed))
    }

    private static func readSettings(_ file: HDF5File, _ fail: (String, String) -> MetaFileError) throws
        -> ProblemFamily.MetaTrainingSettings
    {
        var s = ProblemFamily.MetaTrainingSettings()
        func int(_ name: String) throws -> Int { Int(try file.int64Attribute(name)) }
        /// An optional string attribute naming a case of `E` (files from before the setting existed lack it).
        func choice<E: RawRepresentable & CaseIterable>(_ name: String) throws -> E? where E.RawValue == String {
            guard try file.hasAttribute(name) else { return nil }
            let value = try file.stringAttribute(name)
            guard let parsed = E(rawValue: value) else {
                throw fail(
                    "/", "unknown \(name) '\(value)' (expected \(E.allCases.map(\.rawValue).joined(separator: " or ")))"
                )
            }
            return parsed
        }
        s.algorithm = .init(rawValue: try file.stringAttribute("algorithm")) ?? s.algorithm
        s.precision = .init(rawValue: try file.stringAttribute("precision")) ?? s.precision
        s.innerSteps = try int("inner_steps")
        s.innerLearningRate = try file.doubleAttribute("inner_learning_rate")
        s.outerSteps = try int("outer_steps")
        s.outerLearningRate = try file.doubleAttribute("outer_learning_rate")
        s.outerSchedule = try choice("outer_schedule") ?? s.outerSchedule
        s.tasksPerStep = try int("tasks_per_step")
        s.sparsity = try file.doubleAttribute("target_sparsity")
        s.pruneFraction = try file.doubleAttribute("prune_fraction")
        s.roundSteps = try int("round_steps")
        s.pruning = try choice("pruning") ?? s.pruning
        if try file.hasAttribute("fan_in_rates_hidden") {
            s.fanInRates = .init(
                hidden: try file.doubleAttribute("fan_in_rates_hidden"),
                output: try file.doubleAttribute("fan_in_rates_output"))
        }
        if try file.hasAttribute("learn_rates") {
            s.learnRates = try int("learn_rates") != 0
            s.rateLearningRate = try file.doubleAttribute("rate_learning_rate")
        }
        s.interiorPoints = try int("interior_points")
        s.boundaryPoints = try int("boundary_points")
        s.seed = UInt64(bitPattern: try file.int64Attribute("seed"))
        return s
    }
}
