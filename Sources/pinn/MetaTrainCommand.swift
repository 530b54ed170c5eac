import ArgumentParser
import Dispatch
import Foundation
import PinnCommandLine
import PinnMeta
import PinnNumerics
import PinnProblems
import PinnTraining

/// `pinn meta-train FAMILY.json`: a meta-learned sparse SIREN initialisation over a problem family.
struct MetaTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "meta-train",
        abstract:
            "Meta-learn a sparse SIREN initialisation over a problem family (Lee et al. 2021) and write it as HDF5.",
        discussion: """
            Meta-trains the base problem's network over the family's training members (metaTraining.outerSteps \
            meta-steps; each adapts to tasksPerStep members with innerSteps Adam steps on their PINN loss and \
            moves the initialisation by the first-order meta-gradient: reptile, θ − φ_K, or fomaml, ∇L(φ_K); \
            second-order MAML through the Laplacian jet is not implemented; the outer Adam rate is constant or, \
            with outerSchedule cosine, annealed to 1 % over the dense phase and over each round; with fanInRates \
            {"hidden": N, "output": M}, the inner loop steps the weights of every layer after the first at \
            η·N/n (M for the output layer), n the layer's free inputs per neuron, re-scaled after each pruning \
            round, and every later run from the file adapts with those rates; with learnRates \
            true, per-layer multipliers of the inner rate are learned too, first-order, and every later run from \
            the file adapts with them), then prunes the hidden-to-hidden \
            weights of smallest magnitude (pruning magnitude: in each layer; neuron: among each neuron's inputs, \
            so that every neuron keeps as many), pruneFraction of the remaining ones per round, meta-training \
            roundSteps steps after each round, until the target sparsity. First and last layers and biases \
            stay dense. The result (initialisation, mask, the dense meta-learned network, settings, history) \
            goes to metaTraining.output (default Outputs/<family>_meta.h5), written atomically; use it with \
            pinn solve MEMBER.json --init FILE. With --baselines, also meta-trains the baselines pinn meta-eval \
            compares against: the same schedule with random pruning, and a dense network narrowed to the same \
            free-parameter count, meta-trained for as many meta-steps.
            """)

    @Argument(help: "The family file (JSON).")
    var family: String

    @Option(name: .shortAndLong, help: "Where to write the initialisation (default: metaTraining.output).")
    var output: String?

    @Flag(help: "Also meta-train the random-pruned and dense-narrow baselines (for pinn meta-eval).")
    var baselines = false

    @Option(
        name: .customLong("set"),
        help: """
            Change a setting of the family file for this run, as KEY.PATH=VALUE (JSON value), e.g. \
            --set metaTraining.outerSteps=100; repeatable.
            """)
    var overrides: [String] = []

    @Option(help: "Threads running the tasks of a meta-step (BLAS then runs single-threaded); default: the cores.")
    var workers: Int?

    @Option(help: "Print a progress line every N meta-steps.")
    var every = 50

    @Flag(help: "Print only the summary.")
    var quiet = false

    func run() throws {
        let family = try loadFamily(family, setting: overrides)
        let path = output ?? family.metaOutputPath
        var result =
            switch family.metaTraining.precision {
            case .f32: try train(Float.self, family)
            case .f64: try train(Double.self, family)
            }
        // Under mpirun every rank meta-trained to the same bits; rank 0 writes and reports.
        guard processGroup.isRoot else { return }
        result.familyJSON = (try? String(contentsOfFile: self.family, encoding: .utf8)) ?? ""
        result.baseJSON = String(decoding: family.baseJSON, as: UTF8.self)
        try createParentDirectory(of: path)
        try result.write(to: path)
        let s = result.settings
        print("wrote \(path)")
        print(
            "algorithm                 \(result.algorithm.rawValue) (first-order), \(s.innerSteps) inner Adam steps (lr \(s.innerLearningRate)), "
                + "outer rate \(s.outerLearningRate) \(s.outerSchedule.rawValue)")
        if let rates = result.sparse.rates {
            print(
                "learned rate multipliers  "
                    + rates.multipliers.map { String(format: "%.3g", $0) }.joined(separator: " ")
                    + " (weights, biases of each layer)")
        }
        print("network                   \(result.sparse.architecture)")
        print(
            String(
                format: "sparsity                  %.4f of %d hidden-to-hidden weights",
                result.achievedSparsity, Pruning.prunableIndices(result.sparse.architecture).count)
                + " (\(s.pruning.rawValue) pruning); "
                + "\(result.sparse.mask?.freeCount ?? 0) of \(result.sparse.architecture.parameterCount) parameters free"
        )
        print(String(format: "meta_train_seconds        %.1f", result.seconds))
        if baselines {
            print(
                String(
                    format: "baseline_seconds          %.1f (dense-narrow width %d)", result.baselineSeconds,
                    result.denseNarrow?.architecture.width ?? 0))
        }
    }

    private func train<T: PinnScalar>(_: T.Type, _ family: ProblemFamily) throws -> MetaInitialization {
        let training = try SparseMetaTraining<T>(
            family: family, workers: useWorkers(workers), group: processGroup)
        let rounds = training.schedule.count, settings = family.metaTraining
        let quiet = self.quiet || !processGroup.isRoot
        if !quiet {
            print(
                "meta-training \(family.name): \(family.members) members, \(settings.outerSteps) dense meta-steps, "
                    + "\(rounds) pruning rounds × \(settings.roundSteps) meta-steps to sparsity \(settings.sparsity) "
                    + "(\(settings.algorithm.rawValue), \(settings.tasksPerStep) tasks × \(settings.innerSteps) inner steps, "
                    + "\(settings.precision.rawValue)"
                    + (settings.fanInRates.map {
                        String(format: ", fan-in-scaled rates N = %g hidden, %g output", $0.hidden, $0.output)
                    } ?? "") + ")")
        }
        let start = DispatchTime.now().uptimeNanoseconds
        let every = max(1, self.every)
        return training.run(baselines: baselines) { phase, r in
            guard !quiet, r.step % every == 0 else { return }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
            print(
                String(
                    format: "%@ round %2d step %5d  free %6d  loss before %.3e  after %.3e  %.0f s",
                    phase.padding(toLength: 13, withPad: " ", startingAt: 0), r.round, r.step, r.freeParameters,
                    r.lossBefore, r.lossAfter, seconds))
            fflush(nil)
        }
    }
}

/// The number of worker threads for meta-training or evaluation (default: the cores). With more
/// than one, BLAS and the elementwise kernels run single-threaded inside each worker.
func useWorkers(_ requested: Int?) -> Int {
    let workers = max(1, requested ?? ProcessInfoCores.active)
    if workers > 1 {
        BLASRuntime.setThreads(1)
        Parallel.workers = 1
    }
    return workers
}
