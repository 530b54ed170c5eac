import Foundation
import PinnBinding
import PinnIO
import PinnODE
import PinnProblems
import PinnSolve
import PinnTestSupport
import PinnTraining
import XCTest

/// The ODE pipeline end to end on tiny cases, the written file's layout read back, and HDF5
/// observation files.
final class ODEPipelineTests: XCTestCase {
    var temporary: TemporaryDirectory!
    var directory: String { temporary.path }

    override func setUpWithError() throws {
        temporary = try TemporaryDirectory("ode")
    }

    override func tearDown() {
        temporary.remove()
    }

    let decay = #"""
        {"name": "decay", "kind": "ode", "states": ["u", "v"], "rhs": {"u": "-0.5*u", "v": "-v + u"},
         "initial": [1, 0], "span": [0, 4],
         "observations": {"generate": {"count": 41, "times": "uniform", "trainUntil": 3}},
         "model": {"type": "neuralODE", "width": 8, "depth": 1, "activation": "tanh"},
         "training": {"steps": 60, "learningRate": 1e-2, "batchTime": 6, "batchSize": 4, "gradient": "GRADIENT",
                      "gaussNewtonIterations": 0}}
        """#

    /// Training lowers the mini-batch loss, with either gradient; the reference matches the closed form;
    /// the metrics split the output times at trainUntil.
    func testNeuralODEPipelineTrainsAndMeasures() throws {
        for gradient in ["adjoint", "backprop"] {
            let file = try ODEProblemFile.decode(decay.replacingOccurrences(of: "GRADIENT", with: gradient))
            var records: [ODETrainingRecord] = []
            let result = try ODEPipeline(
                problem: BoundODEProblem(file), outputCount: 81,
                progress: {
                    records.append($0); return true
                }
            ).run()
            XCTAssertEqual(records.count, 60)
            XCTAssertEqual(result.history, records)
            let early = records.prefix(10).map(\.loss).reduce(0, +), late = records.suffix(10).map(\.loss).reduce(0, +)
            XCTAssertLessThan(late, 0.5 * early, gradient)
            XCTAssertEqual(result.times.count, 81)
            for (t, y) in zip(result.times, result.reference) {
                // u = e^{−t/2}, v = 2(e^{−t/2} − e^{−t}).
                XCTAssertEqual(y[0], exp(-t / 2), accuracy: 1e-8)
                XCTAssertEqual(y[1], 2 * (exp(-t / 2) - exp(-t)), accuracy: 1e-8)
            }
            let window = try XCTUnwrap(result.metrics["relative_l2_train_window"])
            let beyond = try XCTUnwrap(result.metrics["relative_l2_extrapolation"])
            let all = try XCTUnwrap(result.metrics["relative_l2_vs_reference"])
            // ‖learned − reference‖₂ / ‖reference‖₂ summed by hand over the rows on each side of trainUntil = 3
            // and over all of them.
            var squares = (windowError: 0.0, windowNorm: 0.0, beyondError: 0.0, beyondNorm: 0.0)
            var everywhere = (error: 0.0, norm: 0.0)
            for (i, t) in result.times.enumerated() {
                for j in 0..<2 {
                    let d = result.learned[i][j] - result.reference[i][j], r = result.reference[i][j]
                    everywhere.error += d * d
                    everywhere.norm += r * r
                    if t <= 3 {
                        squares.windowError += d * d
                        squares.windowNorm += r * r
                    } else {
                        squares.beyondError += d * d
                        squares.beyondNorm += r * r
                    }
                }
            }
            XCTAssertEqual(window, (squares.windowError / squares.windowNorm).squareRoot())
            XCTAssertEqual(beyond, (squares.beyondError / squares.beyondNorm).squareRoot())
            // Over every row, in the same order (so to the bit): not a mix of the two others.
            XCTAssertEqual(all, (everywhere.error / everywhere.norm).squareRoot())
            XCTAssertEqual(result.learned[0], [1, 0], "the learned trajectory starts from the initial state")
        }
    }

    /// A short PINN in time on u′ = −2u + sin t fits the reference, and the extrapolation metric is
    /// absent when training covers the whole span.
    func testPINNPipelineFitsTheReference() throws {
        let file = try ODEProblemFile.decode(
            #"""
            {"kind": "ode", "states": ["u"], "rhs": ["-2*u + sin(t)"], "initial": [1], "span": [0, 2],
             "observations": {"generate": {"count": 11}},
             "model": {"type": "pinn", "width": 16, "depth": 2},
             "training": {"steps": 200, "learningRate": 5e-3, "collocationPoints": 64, "lbfgsIterations": 150,
                          "initialWeight": 10}}
            """#)
        let result = try ODEPipeline(problem: BoundODEProblem(file), outputCount: 101).run()
        XCTAssertLessThan(try XCTUnwrap(result.metrics["relative_l2_vs_reference"]), 1e-2)
        XCTAssertNil(result.metrics["relative_l2_extrapolation"])
        XCTAssertEqual(result.history.first?.phase, .adam)
        XCTAssertEqual(result.history.last?.phase, .lbfgs)
    }

    /// The written file: times as a dimension scale on every trajectory, [nt, n] states, error =
    /// learned − reference, observations with their own time scale and train_until, the history,
    /// the model and its attributes, metrics and the problem JSON.
    func testResultFileLayout() throws {
        let json = decay.replacingOccurrences(of: "GRADIENT", with: "adjoint")
            .replacingOccurrences(of: #""steps": 60"#, with: #""steps": 3"#)
        let file = try ODEProblemFile.decode(json)
        var result = try ODEPipeline(problem: BoundODEProblem(file), outputCount: 21).run()
        result.problemJSON = json
        let path = directory + "/decay.h5"
        try result.write(to: path)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), ["decay.h5"])

        let h5 = try HDF5File.openReadOnly(at: path)
        XCTAssertEqual(try h5.stringAttribute("problem"), json)
        XCTAssertEqual(try h5.stringAttribute("state_names"), "u,v")
        XCTAssertEqual(try h5.stringAttribute("kind"), "ode")
        XCTAssertTrue(try h5.hasAttribute("pinn_version"))
        XCTAssertTrue(try h5.hasAttribute("created"))
        XCTAssertEqual(try h5.readDataset("/t", as: Double.self).values, result.times)
        XCTAssertTrue(try h5.isDimensionScale("/t"))
        XCTAssertTrue(try h5.hasAttribute("long_name", of: "/t"))
        let reference = try h5.readDataset("/reference/states", as: Double.self)
        let learned = try h5.readDataset("/learned/states", as: Double.self)
        let error = try h5.readDataset("/error/states", as: Double.self)
        for dataset in ["/reference/states", "/learned/states", "/error/states"] {
            XCTAssertEqual(try h5.shape(of: dataset), [21, 2], dataset)
            XCTAssertEqual(try h5.dimensionScaleNames(of: dataset), ["t", "state"], dataset)
            XCTAssertTrue(try h5.hasAttribute("long_name", of: dataset), dataset)
        }
        XCTAssertEqual(reference.values, result.reference.flatMap { $0 })
        XCTAssertEqual(learned.values, result.learned.flatMap { $0 })
        for k in error.values.indices { XCTAssertEqual(error.values[k], learned.values[k] - reference.values[k]) }
        XCTAssertEqual(reference[20, 1], result.reference[20][1], "row = time, column = state")

        XCTAssertEqual(try h5.shape(of: "/observations/states"), [41, 2])
        XCTAssertEqual(try h5.readDataset("/observations/t_obs", as: Double.self).values, result.observations.times)
        XCTAssertEqual(try h5.dimensionScaleNames(of: "/observations/states"), ["t_obs", "state"])
        XCTAssertEqual(try h5.doubleAttribute("train_until", of: "/observations"), 3)

        XCTAssertEqual(try h5.readDataset("/training/loss", as: Double.self).values, result.history.map(\.loss))
        XCTAssertEqual(try h5.readDataset("/training/step", as: Int64.self).values, [0, 1, 2])
        XCTAssertEqual(try h5.stringAttribute("kind", of: "/model"), "mlp")
        // The data scaling the model was trained with (MLPScaling), as eval needs it.
        guard case .mlp(let mlp) = result.model else { return XCTFail("expected an MLP") }
        XCTAssertFalse(mlp.scaling.isIdentity)
        XCTAssertEqual(try h5.readDataset("/model/input_shift", as: Double.self).values, mlp.scaling.inputShift)
        XCTAssertEqual(try h5.readDataset("/model/input_scale", as: Double.self).values, mlp.scaling.inputScale)
        XCTAssertEqual(try h5.readDataset("/model/output_scale", as: Double.self).values, mlp.scaling.outputScale)
        XCTAssertEqual(try h5.int64Attribute("width", of: "/model"), 8)
        XCTAssertEqual(try h5.stringAttribute("activation", of: "/model"), "tanh")
        XCTAssertEqual(try h5.readDataset("/model/parameters", as: Double.self).values, result.model.parameters)
        for key in ["relative_l2_train_window", "relative_l2_extrapolation", "relative_l2_vs_reference"] {
            XCTAssertEqual(try h5.doubleAttribute(key, of: "/metrics"), result.metrics[key], key)
        }
    }

    /// Observations from an HDF5 file are read through PinnIO (n × states dataset), split at trainUntil
    /// and written back into the result.
    func testObservationsFromAnHDF5File() throws {
        let times = [0.0, 0.5, 1, 1.5, 2]
        let states = times.flatMap { [exp(-$0), 2 * exp(-$0)] }
        let data = HDF5File.self
        try data.writeAtomically(to: directory + "/obs.h5") { file in
            try file.writeDataset("/time", values: times)
            try file.writeDataset("/values", values: states, shape: [5, 2])
        }
        let problemPath = directory + "/problem.json"
        try #"""
        {"kind": "ode", "states": ["a", "b"], "rhs": ["-a", "-b"], "initial": [1, 2], "span": [0, 2],
         "observations": {"file": "obs.h5", "times": "/time", "states": "/values", "trainUntil": 1},
         "model": {"type": "neuralODE", "width": 4, "depth": 1},
         "training": {"steps": 2, "batchTime": 0}}
        """#.write(toFile: problemPath, atomically: true, encoding: .utf8)
        let file = try ODEProblemFile.load(contentsOf: problemPath)
        let problem = try BoundODEProblem(file)
        let table = try problem.observations(initialStates: [[1, 2]])
        XCTAssertEqual(table.times, times)
        XCTAssertEqual(table.states[3], [exp(-1.5), 2 * exp(-1.5)])
        XCTAssertEqual(table.split(trainUntil: file.trainUntil).training.count, 3)
        let result = try ODEPipeline(problem: problem, outputCount: 5).run()
        XCTAssertEqual(result.observations, table)
        XCTAssertNotNil(result.metrics["relative_l2_extrapolation"])
    }

    /// The default training of a file that gives only the system, span, observations and model type:
    /// derivative matching, growing windows with validation, then Gauss–Newton on the whole series.
    /// Measured (200 Adam steps, 10 Gauss–Newton iterations): 3.5e-4 in the training window.
    func testDefaultTrainingFitsWithoutSettings() throws {
        let json = #"""
            {"name": "decay", "kind": "ode", "states": ["u", "v"], "rhs": {"u": "-0.5*u", "v": "-v + u"},
             "initial": [1, 0], "span": [0, 4],
             "observations": {"generate": {"count": 41, "times": "uniform", "trainUntil": 3}},
             "model": {"type": "neuralODE", "width": 8, "depth": 1},
             "training": {"steps": 200, "gaussNewtonIterations": 10}}
            """#
        let result = try ODEPipeline(problem: BoundODEProblem(ODEProblemFile.decode(json)), outputCount: 41).run()
        let phases = result.history.map(\.phase)
        XCTAssertEqual(phases.filter { $0 == .adam }.count, 200)
        XCTAssertEqual(phases.filter { $0 == .gaussNewton }.count, 10)
        XCTAssertEqual(result.history.prefix(60).map(\.windowLength), [Int](repeating: 0, count: 60), "derivatives")
        XCTAssertEqual(result.history[60].windowLength, 2, "then the shortest windows")
        XCTAssertEqual(result.history[199].windowLength, 31, "and the whole training series last")
        XCTAssertEqual(result.history.compactMap(\.validation).count, 8)
        let window = try XCTUnwrap(result.metrics["relative_l2_train_window"])
        print("default training, decay: relative L2 \(window) in the training window")
        XCTAssertLessThan(window, 1.5e-3)
    }

    /// A neuralODE model integrated by fixed-step RK4 trains through the pipeline with either gradient and
    /// Gauss–Newton (its gradients and Jacobian are the discrete scheme's), and its result is written: the
    /// learned trajectory is the trained model's RK4 solve with the file's step.
    func testRK4NeuralODETrainsAndWritesItsResult() throws {
        for gradient in ["adjoint", "backprop"] {
            let json = decay.replacingOccurrences(of: "GRADIENT", with: gradient)
                .replacingOccurrences(of: #""gaussNewtonIterations": 0"#, with: #""gaussNewtonIterations": 3"#)
                .replacingOccurrences(
                    of: #""initial": [1, 0], "span": [0, 4],"#,
                    with: #""initial": [1, 0], "span": [0, 4], "solver": {"method": "rk4", "step": 0.03},"#)
            let file = try ODEProblemFile.decode(json)
            let pipeline = ODEPipeline(problem: try BoundODEProblem(file), outputCount: 21)
            XCTAssertEqual(try pipeline.neuralODE(ODEProblemFile.NeuralODESettings()).integrator, .rk4(step: 0.03))
            var result = try pipeline.run()
            let phases = result.history.map(\.phase)
            XCTAssertEqual(phases.filter { $0 == .adam }.count, 60, gradient)
            XCTAssertEqual(phases.filter { $0 == .gaussNewton }.count, 3, gradient)
            let losses = result.history.map(\.loss)
            let early = losses.prefix(10).reduce(0, +), late = losses[50..<60].reduce(0, +)
            XCTAssertLessThan(late, 0.5 * early, gradient)
            XCTAssertLessThan(try XCTUnwrap(result.history.last?.loss), try XCTUnwrap(losses[59]), "Gauss–Newton")
            let window = try XCTUnwrap(result.metrics["relative_l2_train_window"])
            print("rk4 neuralODE (\(gradient)): relative L2 \(window) in the training window")
            XCTAssertLessThan(window, 0.05, gradient) // measured 0.016 with either gradient

            // The learned trajectory is the trained network's RK4 solve.
            guard case .mlp(let network) = result.model else { return XCTFail("expected an MLP") }
            let trained = NeuralODE(
                network: network, options: AdaptiveOptions(tolerance: 1e-6), integrator: .rk4(step: 0.03))
            let again = try trained.trajectory(from: [1, 0], startTime: 0, at: result.times)
            XCTAssertEqual(again, result.learned)

            result.problemJSON = json
            let path = directory + "/decay-rk4-\(gradient).h5"
            try result.write(to: path)
            let h5 = try HDF5File.openReadOnly(at: path)
            XCTAssertEqual(try h5.readDataset("/learned/states", as: Double.self).values, result.learned.flatMap { $0 })
            XCTAssertEqual(try h5.readDataset("/model/parameters", as: Double.self).values, network.parameters)
            XCTAssertEqual(try h5.stringAttribute("problem"), json)
        }
    }

    /// A fixed-step method without its step is refused at `solver.step`, for a neuralODE model as for any.
    func testAFixedStepMethodWithoutAStepIsRefusedAtItsPath() {
        for method in ["rk4", "euler"] {
            let json = decay.replacingOccurrences(of: "GRADIENT", with: "adjoint")
                .replacingOccurrences(
                    of: #""span": [0, 4],"#, with: #""span": [0, 4], "solver": {"method": "\#(method)"},"#)
            XCTAssertThrowsError(try ODEProblemFile.decode(json)) { error in
                XCTAssertEqual((error as? ProblemError)?.path, "solver.step", "\(error)")
                XCTAssertTrue("\(error)".contains("the fixed step size of the \(method) method"), "\(error)")
            }
        }
    }

    /// A neuralODE model integrated by Radau IIA trains (its gradients are the implicit solver's); `auto`
    /// is refused for a neuralODE with the JSON path, since one method must integrate and differentiate it
    /// (gradients through a switch from Dormand–Prince's steps to Radau IIA's are not built).
    func testRadauNeuralODETrainsAndAutoIsRefusedForIt() throws {
        let json = #"""
            {"kind": "ode", "states": ["u"], "rhs": ["-2*u"], "initial": [1], "span": [0, 1],
             "solver": {"method": "METHOD"}, "observations": {"generate": {"count": 6}},
             "model": {"type": "neuralODE", "width": 4, "depth": 1}, "training": {"steps": 3, "learningRate": 1e-2}}
            """#
        let radau = try ODEProblemFile.decode(json.replacingOccurrences(of: "METHOD", with: "radau5"))
        // Gauss–Newton's sensitivities are Dormand–Prince's: none by default for radau5, refused when asked.
        XCTAssertEqual(radau.training.gaussNewtonIterations, 0)
        let asked = json.replacingOccurrences(of: "METHOD", with: "radau5")
            .replacingOccurrences(
                of: #""learningRate": 1e-2}"#, with: #""learningRate": 1e-2, "gaussNewtonIterations": 5}"#)
        XCTAssertThrowsError(try ODEProblemFile.decode(asked)) { error in
            XCTAssertEqual((error as? ProblemError)?.path, "training.gaussNewtonIterations", "\(error)")
        }
        let pipeline = ODEPipeline(problem: try BoundODEProblem(radau), outputCount: 5)
        XCTAssertEqual(try pipeline.neuralODE(ODEProblemFile.NeuralODESettings()).integrator, .radau5)
        let result = try pipeline.run()
        XCTAssertEqual(result.history.count, 3)
        XCTAssertTrue(result.metrics["relative_l2_vs_reference"]?.isFinite ?? false)
        let auto = try ODEProblemFile.decode(json.replacingOccurrences(of: "METHOD", with: "auto"))
        XCTAssertThrowsError(try ODEPipeline(problem: BoundODEProblem(auto)).run()) { error in
            let text = (error as? ODEPipelineError).map { "\($0)" } ?? "\(error)"
            XCTAssertTrue(text.hasPrefix("solver.method"), text)
            XCTAssertTrue(text.contains("auto serves the reference"), text)
        }
    }
}
