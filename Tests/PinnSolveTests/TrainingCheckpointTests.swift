import Foundation
import PinnBinding
import PinnIO
import PinnNumerics
import PinnProblems
import PinnResults
import PinnSolve
import PinnTestSupport
import PinnTraining
import XCTest

/// Checkpoints on disk: a state written and read back is the same state (both precisions, both
/// phases, with a random generator); a checkpoint of another problem, trainer, precision or network
/// is refused with a message naming the file; and ODE runs interrupted and resumed through a
/// checkpoint file end where uninterrupted runs end, to the bit.
final class TrainingCheckpointTests: XCTestCase {
    var temporary: TemporaryDirectory!
    var directory: String { temporary.path }

    override func setUpWithError() throws {
        temporary = try TemporaryDirectory("ckpt")
    }

    override func tearDown() {
        temporary.remove()
    }

    func testCheckpointPathSitsBesideTheResult() {
        XCTAssertEqual(TrainingCheckpoint.path(forResult: "Outputs/poisson.h5"), "Outputs/poisson.ckpt.h5")
        XCTAssertEqual(TrainingCheckpoint.path(forResult: "out/lshape.nc"), "out/lshape.ckpt.h5")
        XCTAssertEqual(TrainingCheckpoint.path(forResult: "result"), "result.ckpt.h5")
    }

    /// A state with awkward values in every field: every optimizer, a generator, a scaled schedule.
    func sampleState<T: PinnScalar>(_: T.Type) -> TrainingState<T, TrainingRecord> {
        var rng = SeededGenerator(seed: 3)
        let n = 7
        func vector() -> [T] { (0..<n).map { _ in T(rng.uniform(-1.0, 1.0) / 3) } }
        func doubles() -> [Double] { (0..<n).map { _ in rng.uniform(-1.0, 1.0) * 1e-7 / 3 } }
        var adam = Adam<T>(
            schedule: LearningRateSchedule.cosine(rate: 1e-3 / 3, floor: 1e-5, steps: 100).scaled(by: 0.25),
            step: 41, firstMoment: vector(), secondMoment: vector())
        adam.rateMultipliers = vector().map { 1 + $0 } // a run from a meta-initialisation with learned rates
        let lbfgs = LBFGS<T>.State(
            x: vector(), gradient: vector(), value: 1 / 3, s: [doubles(), doubles()],
            y: [doubles(), doubles()], rho: [1 / 7, 3 / 11], iteration: 9, evaluations: 23)
        let phases: [TrainingRecord.Phase] = [.adam, .adam, .adam, .lbfgs, .gaussNewton]
        let history = (0..<5).map { i in
            TrainingRecord(
                phase: phases[i], step: i,
                terms: LossTerms(residual: 1 / Double(i + 3), boundary: 0.1 / 7),
                boundaryWeight: 10.0 / 3, learningRate: i < 3 ? 1e-3 / 7 : 0)
        }
        _ = rng.next()
        return TrainingState(
            phase: .gaussNewton, step: 3, parameters: vector(), adam: adam, lbfgs: lbfgs,
            gaussNewton: GaussNewtonState(damping: 1e-5 / 3, iteration: 7, loss: 1.0 / 17), lossWeight: 10.0 / 3,
            samplingStep: 2, random: rng, history: history, recoveries: 2)
    }

    func testAStateWrittenAndReadBackIsTheSameStateInBothPrecisions() throws {
        let checkpoint = TrainingCheckpoint(
            path: directory + "/a.ckpt.h5", problemText: "{\"kind\": \"poisson\"}\n", trainer: "pde")
        let double = sampleState(Double.self)
        try checkpoint.write(double, elapsedSeconds: 12.5)
        let back: (state: TrainingState<Double, TrainingRecord>, elapsedSeconds: Double) = try checkpoint.read(
            parameterCount: 7)
        XCTAssertEqual(back.state, double)
        XCTAssertEqual(back.elapsedSeconds, 12.5)

        let float = sampleState(Float.self)
        try checkpoint.write(float, elapsedSeconds: 1)
        let backFloat: (state: TrainingState<Float, TrainingRecord>, elapsedSeconds: Double) = try checkpoint.read(
            parameterCount: 7)
        XCTAssertEqual(backFloat.state, float)
        // The file is an ordinary HDF5 file, with no temporary left beside it.
        XCTAssertEqual(try HDF5File.openReadOnly(at: checkpoint.path).stringAttribute("phase"), "gaussNewton")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), ["a.ckpt.h5"])
    }

    func testACheckpointIsRefusedForAnotherProblemTrainerPrecisionOrNetwork() throws {
        let path = directory + "/b.ckpt.h5"
        let text = "{\n  \"kind\": \"poisson\",\n  \"source\": \"1\"\n}\n"
        try TrainingCheckpoint(path: path, problemText: text, trainer: "pde").write(
            sampleState(Double.self), elapsedSeconds: 0)
        func read(text: String = text, trainer: String = "pde", count: Int = 7) -> CheckpointError? {
            do {
                let _: (state: TrainingState<Double, TrainingRecord>, elapsedSeconds: Double) =
                    try TrainingCheckpoint(path: path, problemText: text, trainer: trainer).read(parameterCount: count)
                return nil
            } catch {
                return error
            }
        }
        XCTAssertNil(read())
        let other = read(text: text.replacingOccurrences(of: "\"1\"", with: "\"2\""))
        XCTAssertEqual(
            other,
            .differentProblem(path: path, firstDifference: "line 3 was '\"source\": \"1\"', is now '\"source\": \"2\"'")
        )
        XCTAssertTrue(other?.description.contains("\(path) was written for a different problem") ?? false)
        guard case .incompatible(path, let reason) = read(trainer: "neuralODE") else { return XCTFail() }
        XCTAssertTrue(reason.contains("pde trainer"), reason)
        guard case .incompatible(path, let count) = read(count: 8) else { return XCTFail() }
        XCTAssertTrue(count.contains("7 parameters"), count)
        do {
            let _: (state: TrainingState<Float, TrainingRecord>, elapsedSeconds: Double) =
                try TrainingCheckpoint(path: path, problemText: text, trainer: "pde").read(parameterCount: 7)
            XCTFail("a f64 checkpoint was read as f32")
        } catch {
            XCTAssertTrue(error.description.contains("f64 parameters"), error.description)
        }
        let missing = TrainingCheckpoint(path: directory + "/none.ckpt.h5", problemText: text, trainer: "pde")
        XCTAssertThrowsError(
            try missing.read(parameterCount: 7)
                as (state: TrainingState<Double, TrainingRecord>, elapsedSeconds: Double)
        ) {
            XCTAssertEqual($0 as? CheckpointError, .missing(path: directory + "/none.ckpt.h5"))
        }
    }

    /// Runs the pipeline of `json`, interrupted (by a fake SIGINT) once `k` steps are taken, then resumed
    /// from the checkpoint file; returns the resumed result and the uninterrupted one.
    func interruptedAndResumed(_ json: String, trainer: String, at k: Int) throws -> (ODEResult, ODEResult) {
        let file = try ODEProblemFile.decode(json)
        let straight = try ODEPipeline(problem: BoundODEProblem(file), outputCount: 41).run()
        let checkpoint = TrainingCheckpoint(
            path: directory + "/\(trainer).ckpt.h5", problemText: json, trainer: trainer)
        var taken = 0
        var first = ODEPipeline(
            problem: try BoundODEProblem(file), outputCount: 41,
            progress: { _ in
                taken += 1; return true
            })
        first.control = TrainingControl(
            saveCheckpoint: { try checkpoint.write($0, elapsedSeconds: 1) },
            interruption: { taken >= k ? SIGINT : nil })
        XCTAssertThrowsError(try first.run()) {
            XCTAssertEqual($0 as? ODEPipelineError, .interrupted(TrainingInterrupted(signal: SIGINT, stepsTaken: k)))
        }
        var second = ODEPipeline(problem: try BoundODEProblem(file), outputCount: 41)
        second.resume = try checkpoint.read(parameterCount: straight.model.parameters.count)
        XCTAssertEqual(second.resume?.state.history.count, k)
        return (try second.run(), straight)
    }

    func testANeuralODEResumedFromACheckpointEndsWhereTheUninterruptedRunEnds() throws {
        let json = #"""
            {"name": "decay", "kind": "ode", "states": ["u", "v"], "rhs": {"u": "-0.5*u", "v": "-v + u"},
             "initial": [1, 0], "span": [0, 4],
             "observations": {"generate": {"count": 41, "times": "uniform", "trainUntil": 3}},
             "model": {"type": "neuralODE", "width": 8, "depth": 1, "activation": "tanh"},
             "training": {"steps": 40, "learningRate": 1e-2, "batchTime": 6, "batchSize": 4, "gradient": "adjoint"}}
            """#
        let (resumed, straight) = try interruptedAndResumed(json, trainer: "neuralODE", at: 17)
        XCTAssertEqual(resumed.history, straight.history)
        XCTAssertEqual(resumed.model.parameters, straight.model.parameters)
        XCTAssertEqual(resumed.learned, straight.learned)
    }

    /// The default Neural ODE training (derivative matching, growing windows, validation keeping the
    /// best parameters, Gauss–Newton): resumed in Adam or in Gauss–Newton, it ends where the
    /// uninterrupted run ends (the best parameters and the validations are in the checkpoint).
    func testANeuralODEWithDefaultTrainingResumedInEitherPhaseEndsWhereTheUninterruptedRunEnds() throws {
        let json = #"""
            {"name": "decay", "kind": "ode", "states": ["u", "v"], "rhs": {"u": "-0.5*u", "v": "-v + u"},
             "initial": [1, 0], "span": [0, 4],
             "observations": {"generate": {"count": 41, "times": "uniform", "trainUntil": 3}},
             "model": {"type": "neuralODE", "width": 8, "depth": 1},
             "training": {"steps": 60, "gaussNewtonIterations": 4}}
            """#
        for k in [30, 62] {
            let (resumed, straight) = try interruptedAndResumed(json, trainer: "neuralODE", at: k)
            XCTAssertEqual(resumed.history, straight.history, "k = \(k)")
            XCTAssertEqual(resumed.model.parameters, straight.model.parameters, "k = \(k)")
            XCTAssertEqual(resumed.learned, straight.learned, "k = \(k)")
            XCTAssertGreaterThan(straight.history.compactMap(\.validation).count, 1)
        }
    }

    func testAPINNInTimeResumedFromACheckpointInEitherPhaseEndsWhereTheUninterruptedRunEnds() throws {
        let json = #"""
            {"name": "exp", "kind": "ode", "states": ["u"], "rhs": {"u": "-2*u + sin(t)"}, "initial": [1], "span": [0, 2],
             "model": {"type": "pinn", "width": 8, "depth": 2},
             "training": {"steps": 30, "lbfgsIterations": 15, "collocationPoints": 32}}
            """#
        for k in [12, 36] {
            let (resumed, straight) = try interruptedAndResumed(json, trainer: "pinn", at: k)
            XCTAssertEqual(resumed.history, straight.history, "k = \(k)")
            XCTAssertEqual(resumed.model.parameters, straight.model.parameters, "k = \(k)")
        }
    }
}
