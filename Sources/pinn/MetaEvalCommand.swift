import ArgumentParser
import Foundation
import PinnCommandLine
import PinnMeta
import PinnNumerics
import PinnProblems
import PinnTraining

/// `pinn meta-eval FAMILY.json --init META.h5`: the four initialisations on held-out members.
struct MetaEvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "meta-eval",
        abstract: "Compare the meta-learned sparse initialisation with its baselines on held-out members of a family.",
        discussion: """
            On members 0 ..< evaluation.members of evaluation.seed (not the training seed), trains from four \
            starts with the same Adam steps (evaluation.learningRate, constant) on the same collocation \
            points: meta-sparse (the meta-learned sparse initialisation), random-pruned (the dense \
            meta-learned network pruned at random to the same sparsity and meta-retrained), dense-narrow \
            (a dense network with as many free parameters, meta-learned) and random-init (a SIREN \
            initialisation of that width). Meta-learned starts adapt with the rate multipliers they were \
            meta-trained with (fanInRates, learnRates); random-init with the fanInRates rule when the \
            initialisation was meta-trained with one. Reports the relative L2 error against the exact solution \
            (evaluation.grid points per axis) after 0 and each of evaluation.reportSteps steps (medians \
            over members) and the steps until the error first is ≤ evaluation.targetError (median; runs stop \
            at evaluation.maxSteps), then the first method (meta-sparse unless --methods says otherwise) \
            against each other one, member by member: on how many members it reached the target sooner, the \
            ratio of the median steps, and the smallest, median and largest per-member ratio. Needs a file \
            from pinn meta-train --baselines and a family with exact solutions.
            """)

    @Argument(help: "The family file (JSON).")
    var family: String

    @Option(name: .customLong("init"), help: "The pinn meta-train --baselines file (default: metaTraining.output).")
    var initPath: String?

    @Option(
        name: .customLong("set"),
        help: """
            Change a setting of the family file for this run, as KEY.PATH=VALUE (JSON value), e.g. \
            --set evaluation.members=4; repeatable.
            """)
    var overrides: [String] = []

    @Option(
        help: """
            Methods to run, comma-separated: meta-sparse, random-pruned, dense-narrow, random-init (the default: \
            all four) and meta-dense (the dense meta-learned network before pruning, for reference).
            """)
    var methods: String?

    @Option(
        help: "Members evaluated at once, each on its own thread (BLAS then runs single-threaded); default: the cores.")
    var workers: Int?

    @Flag(help: "Print the report as one JSON object (summaries and every run).")
    var json = false

    func run() throws {
        let family = try loadFamily(family, setting: overrides)
        let path = initPath ?? family.metaOutputPath
        var chosen = MetaEvaluationMethod.comparison
        if let methods {
            chosen = try methods.split(separator: ",").map { name in
                guard let m = MetaEvaluationMethod(rawValue: String(name)) else {
                    throw CommandFailure(
                        "unknown method '\(name)' (expected \(MetaEvaluationMethod.allCases.map(\.rawValue).joined(separator: ", ")))"
                    )
                }
                return m
            }
        }
        let workers = useWorkers(workers)
        let report: MetaEvaluationReport
        do {
            let initialization = try MetaInitialization.read(from: path)
            report =
                switch initialization.precision {
                case "f32":
                    try MetaEvaluation<Float>(family: family, initialization: initialization, path: path)
                        .run(methods: chosen, workers: workers, group: processGroup, progress: log)
                default:
                    try MetaEvaluation<Double>(family: family, initialization: initialization, path: path)
                        .run(methods: chosen, workers: workers, group: processGroup, progress: log)
                }
        } catch let error as CommandFailure {
            throw error
        } catch {
            throw CommandFailure("\(error)")
        }
        // Under mpirun every rank holds the same report; rank 0 prints it.
        guard processGroup.isRoot else { return }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(Self.table(report))
        }
    }

    private func log(_ runs: [MetaEvaluationRun]) {
        guard !json, processGroup.isRoot else { return }
        for run in runs { log(run) }
    }

    private func log(_ run: MetaEvaluationRun) {
        let errors = run.errors.map { String(format: "%d:%.2e", $0.step, $0.error) }.joined(separator: " ")
        print(
            "member \(run.member) \(run.method.padding(toLength: 13, withPad: " ", startingAt: 0)) errors \(errors)  "
                + "steps to target \(run.stepsToTarget.map(String.init) ?? "-")")
        fflush(nil)
    }

    /// The summary table: one row per method.
    static func table(_ r: MetaEvaluationReport) -> String {
        let rates =
            r.fanInRates.map { String(format: " (fan-in-scaled: N = %g hidden, %g output)", $0.hidden, $0.output) }
            ?? ""
        var lines = [
            "\(r.family): "
                + String(format: "%d held-out members (seed %llu), Adam lr %g", r.members, r.seed, r.learningRate)
                + rates
                + String(
                    format: ", target relative L2 %g, at most %d steps, %.0f s", r.targetError, r.maxSteps, r.seconds)
        ]
        let steps = [0] + r.reportSteps
        var header = "method         width  free params"
        for s in steps { header += "  " + "err@\(s)".padding(toLength: 9, withPad: " ", startingAt: 0) }
        header += "  steps to \(String(format: "%g", r.targetError)) (median)  reached"
        lines.append(header)
        for s in r.summaries {
            var line =
                s.method.padding(toLength: 13, withPad: " ", startingAt: 0)
                + String(format: "  %5d  %11d", s.width, s.freeParameters)
            for e in s.medianErrors {
                line += "  " + String(format: "%.2e", e.error).padding(toLength: 9, withPad: " ", startingAt: 0)
            }
            let median = s.medianStepsToTarget.map(String.init) ?? "> \(r.maxSteps)"
            line += "  " + median.padding(toLength: 24, withPad: " ", startingAt: 0) + "  \(s.reached)/\(r.members)"
            lines.append(line)
        }
        lines.append(
            "(errors: medians over members of the relative L2 error against the exact solution after N Adam steps)")
        for c in r.comparisons {
            var line = "\(c.method) against \(c.against): faster on \(c.faster) of \(c.members) members"
            if c.ties > 0 { line += " (\(c.ties) ties)" }
            if let ratio = c.ratioOfMedians {
                line += "; \(c.against) takes " + String(format: "%.2f× the steps (medians)", ratio)
            }
            if let low = c.smallestRatio, let mid = c.medianRatio, let high = c.largestRatio {
                line += String(format: "; per member %.2f× (median), %.2f× to %.2f×", mid, low, high)
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
