import PinnMeta
import PinnNetwork
import PinnNumerics
import PinnProblems
import PinnSolve
import XCTest

/// `pinn meta-eval`'s comparison: runs on held-out members of the tiny family, and the member-by-member
/// head-to-head of the first method against the others.
final class MetaEvaluationTests: XCTestCase {
    private func run(_ method: String, _ member: Int, _ steps: Int?) -> MetaEvaluationRun {
        MetaEvaluationRun(
            method: method, member: member, parameters: [], errors: [], stepsToTarget: steps, stillZero: true)
    }

    func testComparisonCountsMembersAndRatios() throws {
        let settings = ProblemFamily.EvaluationSettings()
        let network = InitialNetwork(
            architecture: SirenArchitecture(inputs: 2, width: 4, depth: 1, omega0: 3),
            parameters: [Double](repeating: 0, count: 17))
        let mine = [
            run("a", 0, 10), run("a", 1, 40), run("a", 2, 30), run("a", 3, nil), run("a", 4, 5), run("a", 5, nil)
        ]
        let theirs = [
            run("b", 0, 50), run("b", 1, 20), run("b", 2, 30), run("b", 3, 100), run("b", 4, nil), run("b", 5, nil)
        ]
        let a = MetaEvaluationSummary(method: "a", network: network, runs: mine, settings: settings)
        let b = MetaEvaluationSummary(method: "b", network: network, runs: theirs, settings: settings)
        let c = MetaEvaluationComparison(a, mine, against: b, theirs)
        // Member 0 and 4 (b unreached) faster; 1 and 3 (a unreached) slower; 2 and 5 (both unreached) tie.
        XCTAssertEqual([c.faster, c.slower, c.ties, c.members], [2, 2, 2, 6])
        // Ratios where both reached: 50/10, 20/40, 30/30.
        XCTAssertEqual(c.smallestRatio, 0.5)
        XCTAssertEqual(c.medianRatio, 1)
        XCTAssertEqual(c.largestRatio, 5)
        // Medians with unreached runs counted as beyond maxSteps: a (5, 10, 30, 40, ∞, ∞) → 35;
        // b (20, 30, 50, 100, ∞, ∞) → 75.
        XCTAssertEqual(a.medianStepsToTarget, 35)
        XCTAssertEqual(b.medianStepsToTarget, 75)
        XCTAssertEqual(try XCTUnwrap(c.ratioOfMedians), 75.0 / 35, accuracy: 1e-15)
    }

    func testEvaluationOnHeldOutMembers() throws {
        let tiny = try TinyFamily(
            members: 3,
            metaTraining:
                #""innerSteps": 3, "tasksPerStep": 2, "outerSteps": 6, "roundSteps": 2, "sparsity": 0.5, "pruneFraction": 0.5, "innerLearningRate": 1e-2"#,
            evaluation:
                #""members": 2, "reportSteps": [1, 5], "maxSteps": 400, "learningRate": 1e-2, "targetError": 0.3, "grid": 9"#
        )
        defer { tiny.remove() }
        let initialization = try SparseMetaTraining<Double>(family: tiny.family).run(baselines: true)
        let evaluation = MetaEvaluation<Double>(
            family: tiny.family, initialization: initialization, path: "tiny_meta.h5")
        let methods = MetaEvaluationMethod.comparison + [.metaDense]
        let report = try evaluation.run(methods: methods, workers: 2)
        XCTAssertEqual(report.runs.count, 2 * methods.count)
        XCTAssertEqual(report.summaries.map(\.method), methods.map(\.rawValue))
        XCTAssertEqual(report.comparisons.map(\.against), methods.dropFirst().map(\.rawValue))
        XCTAssertTrue(report.comparisons.allSatisfy { $0.method == "meta-sparse" && $0.members == 2 })

        // Each run's error at step 0 is the probe's error of its start; every error logged (at 0 and
        // the report steps) before its steps to the target is above the target, and at that step, if logged, not.
        let member = try tiny.family.member(0, seed: tiny.family.evaluationSeed)
        let task = try MetaTask<Double>(
            member: member, interiorPoints: tiny.family.evaluationPoints.interior,
            boundaryPoints: tiny.family.evaluationPoints.boundary)
        let probe = try XCTUnwrap(ErrorProbe<Double>(problem: task.problem, points: 9))
        let sparse = try XCTUnwrap(report.runs.first { $0.method == "meta-sparse" && $0.member == 0 })
        XCTAssertEqual(
            try XCTUnwrap(sparse.error(after: 0)), probe.relativeError(initialization.sparse.siren(Double.self)),
            accuracy: 1e-14)
        XCTAssertTrue(sparse.stillZero, "the pruned weights stay zero")
        for run in report.runs {
            if let steps = run.stepsToTarget {
                XCTAssertLessThanOrEqual(steps, 400)
                if let logged = run.error(after: steps) { XCTAssertLessThanOrEqual(logged, 0.3) }
            }
            for e in run.errors where e.step < (run.stepsToTarget ?? 401) { XCTAssertGreaterThan(e.error, 0.3) }
        }
        XCTAssertTrue(
            report.runs.contains { ($0.stepsToTarget ?? 0) > 0 },
            "\(report.runs.map { ($0.method, $0.stepsToTarget, $0.errors.map(\.error)) })")
        XCTAssertTrue(report.runs.allSatisfy { run in [0, 1, 5].allSatisfy { run.error(after: $0) != nil } })
        // The same evaluation again gives the same runs (one worker or two).
        let again = try evaluation.run(methods: methods, workers: 1)
        XCTAssertEqual(again.runs, report.runs)
        XCTAssertEqual(again.comparisons, report.comparisons)
    }
}
