import Foundation
import PinnIO
import PinnTestSupport
import XCTest

/// Nothing computed is lost after training: `pinn solve` runs whose steps after training are made to
/// fail (`PINN_TEST_FAIL_AFTER_TRAINING`) leave the trained result, marked with what failed, or the
/// trained state in the checkpoint, exit with the documented status and name the problem file and
/// the setting; `--resume` of a finished training takes no training step and writes the same result.
final class PostTrainingFailureTests: XCTestCase {
    var temporary: TemporaryDirectory!
    var directory: String { temporary.path }

    override func setUpWithError() throws {
        temporary = try TemporaryDirectory("post-training")
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: TestPaths.pinn.path))
    }

    override func tearDown() {
        temporary.remove()
    }

    /// A 1-D Poisson problem that trains in a blink.
    func problem() throws -> String {
        let path = temporary.file("p.json")
        try """
        {"name": "p", "kind": "poisson", "source": "9*pi^2*sin(3*pi*x)",
         "domain": {"type": "interval", "lower": 0, "upper": 1}, "exact": "sin(3*pi*x)",
         "boundary": [{"on": "all", "type": "dirichlet", "value": 0}],
         "network": {"width": 8, "depth": 1},
         "training": {"phases": [{"adam": 20}], "interiorPoints": 32, "boundaryPoints": 2},
         "reference": {"refinement": 1}}
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Runs `pinn` with the steps in `failing` made to fail.
    func run(_ arguments: [String], failing: String? = nil) throws -> ProcessRun {
        try ProcessRun.run(
            TestPaths.pinn, arguments, environment: failing.map { ["PINN_TEST_FAIL_AFTER_TRAINING": $0] } ?? [:])
    }

    /// What h5py reads from `path`: the root attributes (without the problem text) and the number of
    /// values of each dataset in `datasets`, with how many of them are finite.
    func h5py(_ path: String, datasets: [String]) throws -> [String: Any] {
        try XCTSkipUnless(
            ProcessRun.run(URL(fileURLWithPath: "/usr/bin/python3"), ["-c", "import h5py"]).status == 0,
            "h5py is not installed")
        let script = """
            import h5py, json, sys
            import numpy as np
            f = h5py.File(sys.argv[1], "r")
            def plain(v):
                v = v.tolist() if hasattr(v, "tolist") else v
                return v.decode() if isinstance(v, bytes) else v
            out = {"attrs": {k: plain(v) for k, v in f.attrs.items() if k != "problem"}}
            for name in sys.argv[2:]:
                values = np.asarray(f[name][...], dtype=float).ravel()
                out[name] = [int(values.size), int(np.isfinite(values).sum())]
            print(json.dumps(out))
            """
        let result = try ProcessRun.run(URL(fileURLWithPath: "/usr/bin/python3"), ["-c", script, path] + datasets)
        XCTAssertEqual(result.status, 0, result.stderr)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    /// The number of training steps a JSON log recorded.
    func loggedSteps(_ log: String) throws -> Int {
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { $0.contains("\"step\"") && !$0.contains("\"event\"") }.count
    }

    func files() throws -> [String] { try temporary.contents().filter { !$0.hasSuffix(".png") } }

    func testAReferenceThatFailsAfterTrainingLeavesTheMarkedResult() throws {
        let p = try problem(), out = temporary.file("r.h5")
        let result = try run(["solve", p, "-o", out, "--quiet"], failing: "reference")
        XCTAssertEqual(result.status, 5, result.stderr)
        XCTAssertTrue(
            result.stderr.hasPrefix("\(p): reference: the reference could not be computed after training: injected"),
            result.stderr)
        XCTAssertTrue(result.stderr.contains("\(out) holds the trained network's result"), result.stderr)
        XCTAssertEqual(
            try files(), ["p.json", "r.h5", "r.xdmf"], "the checkpoint is removed once the result is written")
        let read = try h5py(out, datasets: ["/fields/u", "/model/parameters"])
        let attributes = try XCTUnwrap(read["attrs"] as? [String: Any])
        XCTAssertEqual(attributes["reference_failed"] as? Int, 1)
        XCTAssertEqual(
            attributes["reference_error"] as? String,
            "injected failure of the reference step (PINN_TEST_FAIL_AFTER_TRAINING)")
        XCTAssertEqual(read["/fields/u"] as? [Int], [1025, 1025])
        XCTAssertEqual(read["/model/parameters"] as? [Int], [8 * 1 + 8 + 8 + 1, 25])
        XCTAssertFalse(try HDF5File.openReadOnly(at: out).exists("/reference/u"))
    }

    /// The HDF5 result cannot be written: the trained state stays in the checkpoint (phase finished),
    /// and `--resume` writes, without a training step, the result an uninterrupted run writes.
    func testAResultThatCannotBeWrittenIsWrittenByResumeWithoutTraining() throws {
        let p = try problem(), out = temporary.file("r.h5"), straight = temporary.file("straight.h5")
        XCTAssertEqual(try run(["solve", p, "-o", straight, "--no-plots"]).status, 0)
        let failed = try run(["solve", p, "-o", out, "--no-plots", "--quiet"], failing: "hdf5")
        XCTAssertEqual(failed.status, 6, failed.stderr)
        XCTAssertTrue(
            failed.stderr.hasPrefix("\(p): --output: the result \(out) could not be written after training: injected"),
            failed.stderr)
        let checkpoint = temporary.file("r.ckpt.h5")
        XCTAssertTrue(failed.stderr.contains("The trained state is kept in \(checkpoint)"), failed.stderr)
        XCTAssertTrue(failed.stderr.contains("--resume` writes the result without training again"), failed.stderr)
        XCTAssertEqual(try files(), ["p.json", "r.ckpt.h5", "straight.h5", "straight.xdmf"])
        XCTAssertEqual(try HDF5File.openReadOnly(at: checkpoint).stringAttribute("phase"), "finished")

        let log = temporary.file("log.jsonl")
        let resumed = try run(["solve", p, "-o", out, "--no-plots", "--resume", "--json-log", log])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertTrue(resumed.stderr.contains("training is finished, so only the steps after it run"), resumed.stderr)
        XCTAssertEqual(try loggedSteps(log), 0, "no training step was taken")
        XCTAssertEqual(try files(), ["log.jsonl", "p.json", "r.h5", "r.xdmf", "straight.h5", "straight.xdmf"])
        let a = try HDF5File.openReadOnly(at: straight), b = try HDF5File.openReadOnly(at: out)
        for dataset in ["/fields/u", "/model/parameters", "/training/loss_total", "/reference/u"] {
            XCTAssertEqual(
                try a.readDataset(dataset, as: Double.self).values, try b.readDataset(dataset, as: Double.self).values,
                dataset)
        }
    }

    /// A NetCDF file that cannot be written: the HDF5 result beside it holds the trained result,
    /// marked; the checkpoint is kept, and `--resume` writes the NetCDF file without training.
    func testANetCDFFileThatCannotBeWrittenLeavesTheHDF5ResultBesideIt() throws {
        let p = try problem(), out = temporary.file("r.nc")
        let failed = try run(["solve", p, "-o", out, "--no-plots", "--quiet"], failing: "netcdf")
        XCTAssertEqual(failed.status, 5, failed.stderr)
        XCTAssertTrue(
            failed.stderr.hasPrefix("\(p): --output: the NetCDF result \(out) could not be written: injected"),
            failed.stderr)
        XCTAssertTrue(failed.stderr.contains("\(temporary.file("r.h5")) holds the trained result instead"))
        XCTAssertEqual(try files(), ["p.json", "r.ckpt.h5", "r.h5", "r.xdmf"])
        let read = try h5py(temporary.file("r.h5"), datasets: ["/fields/u", "/model/parameters"])
        let attributes = try XCTUnwrap(read["attrs"] as? [String: Any])
        XCTAssertEqual(attributes["netcdf_failed"] as? Int, 1)
        XCTAssertEqual(attributes["reference_failed"] as? Int, 0)
        XCTAssertEqual(read["/fields/u"] as? [Int], [1025, 1025])

        let log = temporary.file("log.jsonl")
        let resumed = try run(["solve", p, "-o", out, "--no-plots", "--resume", "--json-log", log])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertEqual(try loggedSteps(log), 0)
        XCTAssertEqual(try files(), ["log.jsonl", "p.json", "r.h5", "r.nc", "r.xdmf"])
    }

    /// The XDMF sidecar and the figures are views of a complete result: their failures are warnings
    /// naming the file, with status 0.
    func testASidecarAndFiguresThatCannotBeWrittenAreWarnings() throws {
        let p = try problem(), out = temporary.file("r.h5")
        let result = try run(["solve", p, "-o", out], failing: "xdmf,plots")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(
            result.stderr.contains("warning: \(p): the XDMF sidecar \(temporary.file("r.xdmf")) could not be written"),
            result.stderr)
        XCTAssertTrue(
            result.stderr.contains("warning: \(p): the figures of \(out) could not be written"), result.stderr)
        XCTAssertTrue(result.stderr.contains("`pinn plot \(out)` makes them"), result.stderr)
        XCTAssertEqual(try temporary.contents(), ["p.json", "r.h5"])
    }

    /// A run that stopped early and whose result could not be written resumes to the same marked
    /// result (the checkpoint of the finished training keeps the stop reason).
    func testAStoppedEarlyTrainingResumesToTheSameMarkedResult() throws {
        let p = temporary.file("nan.json"), out = temporary.file("r.h5")
        try """
        {"name": "nan", "kind": "poisson", "source": "9*pi^2*sin(3*pi*x)",
         "domain": {"type": "interval", "lower": 0, "upper": 1}, "exact": "sin(3*pi*x)",
         "network": {"width": 16, "depth": 2},
         "training": {"adamSteps": 100, "lbfgsIterations": 20, "learningRate": 1e30,
                      "interiorPoints": 128, "boundaryPoints": 2, "resampleEvery": 50, "weighting": "annealing"},
         "reference": {"grid": [65], "refinement": 1}}
        """.write(toFile: p, atomically: true, encoding: .utf8)
        let failed = try run(["solve", p, "-o", out, "--no-plots", "--quiet"], failing: "hdf5")
        XCTAssertEqual(failed.status, 6, failed.stderr)
        let reason = try HDF5File.openReadOnly(at: temporary.file("r.ckpt.h5")).stringAttribute("stop_reason")
        XCTAssertTrue(reason.contains("after 5 recoveries"), reason)
        let resumed = try run(["solve", p, "-o", out, "--no-plots", "--resume"])
        XCTAssertEqual(resumed.status, 4, resumed.stderr)
        XCTAssertTrue(resumed.stderr.contains("training stopped early: \(reason)"), resumed.stderr)
        let file = try HDF5File.openReadOnly(at: out)
        XCTAssertEqual(try file.int64Attribute("stopped_early"), 1)
        XCTAssertEqual(try file.stringAttribute("stop_reason"), reason)
    }

    /// An ODE model whose learned trajectory cannot be computed after training is written with the
    /// model, marked evaluation_failed, with status 5 and the `solver` settings named.
    func testAnODETrajectoryThatFailsAfterTrainingLeavesTheModel() throws {
        let p = temporary.file("decay.json"), out = temporary.file("decay.h5")
        try #"""
        {"name": "decay", "kind": "ode", "states": ["u"], "rhs": ["-0.5*u"], "initial": [1], "span": [0, 2],
         "observations": {"generate": {"count": 21, "times": "uniform", "trainUntil": 1.5}},
         "model": {"type": "neuralODE", "width": 4, "depth": 1, "activation": "tanh"},
         "training": {"steps": 5, "learningRate": 1e-2}}
        """#.write(toFile: p, atomically: true, encoding: .utf8)
        let result = try run(["solve", p, "-o", out, "--no-plots", "--quiet"], failing: "evaluation")
        XCTAssertEqual(result.status, 5, result.stderr)
        XCTAssertTrue(
            result.stderr.hasPrefix("\(p): solver: the learned trajectory could not be computed after training"),
            result.stderr)
        XCTAssertEqual(try temporary.contents(), ["decay.h5", "decay.json"])
        let read = try h5py(out, datasets: ["/learned/states", "/model/parameters"])
        let attributes = try XCTUnwrap(read["attrs"] as? [String: Any])
        XCTAssertEqual(attributes["evaluation_failed"] as? Int, 1)
        XCTAssertEqual((read["/learned/states"] as? [Int])?.last, 0, "the learned trajectory is NaN")
        let parameters = try XCTUnwrap(read["/model/parameters"] as? [Int])
        XCTAssertEqual(parameters[0], parameters[1])
        XCTAssertGreaterThan(parameters[0], 0)
    }
}
