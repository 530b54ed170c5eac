import Foundation
import PinnIO
import PinnResults
import PinnSolve
import PinnTestSupport
import PinnTraining
import XCTest

/// `pinn solve` as a user runs it: an existing result is kept without --force, SIGTERM writes a
/// checkpoint and --resume reaches the uninterrupted run's losses to the bit (in both phases), an
/// absurd learning rate stops cleanly with a readable result (whether the loss overflows or blows
/// up finitely), leftovers of killed runs are removed,
/// progress in a pipe is plain lines, and --json-log writes one object per step.
final class SolveCommandRunTests: XCTestCase {
    var temporary: TemporaryDirectory!
    var directory: String { temporary.path }

    override func setUpWithError() throws {
        temporary = try TemporaryDirectory("run")
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: TestPaths.pinn.path))
    }

    override func tearDown() {
        temporary.remove()
    }

    /// A 1-D Poisson problem with `adam` Adam steps, `lbfgs` L-BFGS iterations and `gaussNewton`
    /// Gauss–Newton iterations, resampled every 50 steps.
    func problem(
        adam: Int, lbfgs: Int, gaussNewton: Int = 0, learningRate: Double = 1e-3, name: String = "p"
    ) throws -> String {
        let json = """
            {"name": "\(name)", "kind": "poisson", "source": "9*pi^2*sin(3*pi*x)",
             "domain": {"type": "interval", "lower": 0, "upper": 1}, "exact": "sin(3*pi*x)",
             "network": {"width": 16, "depth": 2},
             "training": {"adamSteps": \(adam), "lbfgsIterations": \(lbfgs), "gaussNewtonIterations": \(gaussNewton),
                          "learningRate": \(learningRate),
                          "interiorPoints": 128, "boundaryPoints": 2, "resampleEvery": 50, "weighting": "annealing"},
             "reference": {"grid": [65], "refinement": 1}}
            """
        let path = directory + "/\(name).json"
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func run(_ arguments: [String]) throws -> ProcessRun {
        try ProcessRun.run(TestPaths.pinn, arguments)
    }

    /// The files in the run directory, without the PNG figures (they are tested in StoredResultTests).
    func files() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { !$0.hasSuffix(".png") }
            .sorted()
    }

    func testAnExistingResultIsKeptWithoutForce() throws {
        let p = try problem(adam: 20, lbfgs: 0)
        let out = directory + "/r.h5"
        let first = try run(["solve", p, "-o", out])
        XCTAssertEqual(first.status, 0, first.stderr)
        let before = try Data(contentsOf: URL(fileURLWithPath: out))
        let second = try run(["solve", p, "-o", out])
        XCTAssertEqual(second.status, 1)
        XCTAssertEqual(
            second.stderr,
            "Error: \(out) already exists; pass --force to overwrite it, or --output to write elsewhere\n")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: out)), before)
        XCTAssertEqual(files(), ["p.json", "r.h5", "r.xdmf"], "nothing else was written")
        let forced = try run(["solve", p, "-o", out, "--force"])
        XCTAssertEqual(forced.status, 0, forced.stderr)
        XCTAssertEqual(files(), ["p.json", "r.h5", "r.xdmf"], "the checkpoint is removed after a completed run")
    }

    /// Starts `pinn` and sends SIGTERM once the JSON log shows a record satisfying `when`.
    func interrupt(_ arguments: [String], log: String, when: ([String: Any]) -> Bool) throws -> ProcessRun {
        let process = Process()
        process.executableURL = TestPaths.pinn
        process.arguments = arguments + ["--json-log", log]
        process.environment = ProcessRun.childEnvironment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        polling: while process.isRunning, Date() < deadline {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n").reversed().prefix(5) {
                if let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], when(object)
                {
                    break polling
                }
            }
            usleep(2000)
        }
        process.terminate()
        let stdout = out.fileHandleForReading.readDataToEndOfFile(),
            stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ProcessRun(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    func testSIGTERMThenResumeReproducesTheUninterruptedRunToTheBit() throws {
        let p = try problem(adam: 1500, lbfgs: 300, gaussNewton: 3000)
        let straight = directory + "/straight.h5", out = directory + "/r.h5", log = directory + "/log.jsonl"
        XCTAssertEqual(try run(["solve", p, "-o", straight, "--quiet"]).status, 0)

        // Stop once in each phase, resuming each time.
        let adam = try interrupt(["solve", p, "-o", out], log: log) { ($0["step"] as? Int ?? 0) >= 300 }
        XCTAssertEqual(adam.status, 143, adam.stderr)
        XCTAssertTrue(adam.stderr.contains("interrupted by SIGTERM after"), adam.stderr)
        XCTAssertTrue(adam.stderr.contains("checkpoint written to \(directory)/r.ckpt.h5"), adam.stderr)
        XCTAssertTrue(adam.stderr.contains("--resume"), adam.stderr)
        XCTAssertEqual(
            files(), ["log.jsonl", "p.json", "r.ckpt.h5", "straight.h5", "straight.xdmf"], "no result, no temporary")
        let phase = try HDF5File.openReadOnly(at: directory + "/r.ckpt.h5").stringAttribute("phase")
        XCTAssertEqual(phase, "adam")

        let lbfgs = try interrupt(["solve", p, "-o", out, "--resume"], log: log) { ($0["phase"] as? String) == "lbfgs" }
        XCTAssertEqual(lbfgs.status, 143, lbfgs.stderr)
        XCTAssertTrue(lbfgs.stderr.contains("resuming from \(directory)/r.ckpt.h5"), lbfgs.stderr)
        XCTAssertEqual(try HDF5File.openReadOnly(at: directory + "/r.ckpt.h5").stringAttribute("phase"), "lbfgs")

        let gaussNewton = try interrupt(["solve", p, "-o", out, "--resume"], log: log) {
            ($0["phase"] as? String) == "gaussNewton" && ($0["step"] as? Int ?? 0) >= 1900
        }
        XCTAssertEqual(gaussNewton.status, 143, gaussNewton.stderr)
        do {
            let checkpoint = try HDF5File.openReadOnly(at: directory + "/r.ckpt.h5")
            XCTAssertEqual(try checkpoint.stringAttribute("phase"), "gaussNewton")
            XCTAssertTrue(checkpoint.exists("/gauss_newton"))
        }

        let resumed = try run(["solve", p, "-o", out, "--resume", "--json-log", log])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertEqual(files(), ["log.jsonl", "p.json", "r.h5", "r.xdmf", "straight.h5", "straight.xdmf"])
        let a = try HDF5File.openReadOnly(at: straight), b = try HDF5File.openReadOnly(at: out)
        for dataset in [
            "/training/loss_total", "/training/loss_residual", "/training/loss_boundary",
            "/training/boundary_weight", "/training/learning_rate", "/training/damping", "/training/step_length",
            "/model/parameters", "/fields/u"
        ] {
            XCTAssertEqual(
                try a.readDataset(dataset, as: Double.self).values, try b.readDataset(dataset, as: Double.self).values,
                dataset)
        }
        XCTAssertEqual(try a.readDataset("/training/step", as: Int64.self).values.count, 4800)
        // The log marks both resumes; the last line of each step holds the same loss as the result.
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        var loss: [Int: Double] = [:]
        var resumes = 0
        for line in lines {
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            if object["event"] as? String == "resumed" { resumes += 1 }
            // Foundation's JSON parser may round the last digit; Double(String) reads the number exactly.
            if let step = object["step"] as? Int, object["loss"] != nil,
                let field = line.range(of: #""loss": [^,}]+"#, options: .regularExpression),
                let value = Double(line[field].dropFirst(8))
            {
                loss[step] = value
            }
        }
        XCTAssertEqual(resumes, 3)
        let total = try a.readDataset("/training/loss_total", as: Double.self).values
        let mismatched = (0..<4800).filter { loss[$0] != total[$0] }
        XCTAssertEqual(mismatched, [], "\(mismatched.prefix(3).map { ($0, loss[$0] ?? .nan, total[$0]) })")
    }

    func testResumeNeedsTheCheckpointOfTheSameProblem() throws {
        let p = try problem(adam: 20, lbfgs: 0)
        let out = directory + "/r.h5"
        let missing = try run(["solve", p, "-o", out, "--resume"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("no checkpoint to resume at \(directory)/r.ckpt.h5"), missing.stderr)
        // A checkpoint of another problem text.
        let other = TrainingCheckpoint(path: directory + "/r.ckpt.h5", problemText: "{}", trainer: "pde")
        try other.write(
            TrainingState<Double, TrainingRecord>(parameters: [0], adam: Adam(parameterCount: 1)), elapsedSeconds: 0)
        let refused = try run(["solve", p, "-o", out, "--resume"])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(
            refused.stderr.contains("\(directory)/r.ckpt.h5 was written for a different problem"), refused.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }

    /// A run from `pinn meta-train`'s sparse initialisation: its checkpoint resumes only with the same
    /// `--init` (the parameters alone do not say which entries must stay zero), and the resumed run
    /// keeps every pruned weight at exactly zero.
    func testACheckpointOfAnInitRunResumesOnlyWithTheSameInit() throws {
        let base = directory + "/base.json", family = directory + "/family.json", meta = directory + "/meta.h5"
        try """
        {"name": "base", "kind": "poisson", "parameters": {"a": 1}, "source": "a*9*pi^2*sin(3*pi*x)",
         "domain": {"type": "interval", "lower": 0, "upper": 1}, "exact": "a*sin(3*pi*x)",
         "boundary": [{"on": "all", "type": "dirichlet", "value": 0}],
         "network": {"width": 16, "depth": 2},
         "training": {"adamSteps": 1500, "lbfgsIterations": 0, "interiorPoints": 128, "boundaryPoints": 2}}
        """.write(toFile: base, atomically: true, encoding: .utf8)
        try """
        {"kind": "family", "base": "base.json", "parameters": {"a": [0.5, 1.5]}, "members": 4,
         "metaTraining": {"innerSteps": 2, "outerSteps": 3, "tasksPerStep": 2, "sparsity": 0.5, "pruneFraction": 1,
                          "roundSteps": 2, "interiorPoints": 32, "boundaryPoints": 2}}
        """.write(toFile: family, atomically: true, encoding: .utf8)
        let trained = try run(["meta-train", family, "-o", meta, "--quiet", "--workers", "1"])
        XCTAssertEqual(trained.status, 0, trained.stderr)
        let mask = try HDF5File.openReadOnly(at: meta).readDataset("/init/mask", as: Int64.self).values
        let pruned = mask.indices.filter { mask[$0] == 0 }
        XCTAssertEqual(pruned.count, 128, "half of the 16 × 16 hidden-to-hidden weights")

        let out = directory + "/r.h5", log = directory + "/log.jsonl"
        let stopped = try interrupt(["solve", base, "-o", out, "--init", meta], log: log) {
            ($0["step"] as? Int ?? 0) >= 200
        }
        XCTAssertEqual(stopped.status, 143, stopped.stderr)
        let withoutInit = try run(["solve", base, "-o", out, "--resume"])
        XCTAssertEqual(withoutInit.status, 1)
        XCTAssertTrue(
            withoutInit.stderr.contains("cannot resume \(directory)/r.ckpt.h5: it was written by the pde (--init, "),
            withoutInit.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
        let resumed = try run(["solve", base, "-o", out, "--init", meta, "--resume", "--quiet"])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        let parameters = try HDF5File.openReadOnly(at: out).readDataset("/model/parameters", as: Double.self).values
        XCTAssertEqual(parameters.count, mask.count)
        XCTAssertEqual(pruned.filter { parameters[$0] != 0 }, [], "pruned weights stayed exactly zero")
        XCTAssertGreaterThan(mask.indices.filter { mask[$0] == 1 && parameters[$0] != 0 }.count, mask.count / 2)
    }

    func testAnAbsurdLearningRateStopsCleanlyWithAReadableResult() throws {
        let p = try problem(adam: 100, lbfgs: 20, learningRate: 1e30)
        let out = directory + "/nan.h5"
        let result = try run(["solve", p, "-o", out])
        XCTAssertEqual(result.status, 4, result.stderr)
        XCTAssertEqual(result.stderr.components(separatedBy: "learning rate × 0.5").count - 1, 5, result.stderr)
        XCTAssertTrue(
            result.stderr.contains("training stopped early: non-finite loss or gradient at Adam step"), result.stderr)
        XCTAssertTrue(result.stdout.contains("wrote \(out)"), result.stdout)
        let file = try HDF5File.openReadOnly(at: out)
        XCTAssertEqual(try file.int64Attribute("stopped_early"), 1)
        XCTAssertTrue(try file.stringAttribute("stop_reason").contains("after 5 recoveries"))
        XCTAssertEqual(try file.int64Attribute("recoveries", of: "/training"), 5)
        XCTAssertTrue(try file.readDataset("/model/parameters", as: Double.self).values.allSatisfy(\.isFinite))
        XCTAssertTrue(try file.readDataset("/training/loss_total", as: Double.self).values.allSatisfy(\.isFinite))
        XCTAssertEqual(files(), ["nan.h5", "nan.xdmf", "p.json"])
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/h5dump") {
            XCTAssertEqual(try ProcessRun.run(URL(fileURLWithPath: "/usr/bin/h5dump"), ["-H", out]).status, 0)
        }
    }

    func testALossThatBlowsUpFinitelyStopsCleanlyWithAFiniteField() throws {
        // At learning rate 1e25 the loss grows by hundreds of orders of magnitude and stays finite;
        // the divergence rule rolls back and halves the rate 5 times, then stops at the state before it.
        let json = """
            {"name": "wild", "kind": "poisson", "source": "9*pi^2*sin(3*pi*x)",
             "domain": {"type": "interval", "lower": 0, "upper": 1}, "exact": "sin(3*pi*x)",
             "network": {"width": 16, "depth": 2},
             "training": {"phases": [{"adam": 300, "learningRate": 1e25}]},
             "reference": {"grid": [65], "refinement": 1}}
            """
        let p = directory + "/wild.json", out = directory + "/wild.h5"
        try json.write(toFile: p, atomically: true, encoding: .utf8)
        let result = try run(["solve", p, "-o", out])
        XCTAssertEqual(result.status, 4, result.stderr)
        XCTAssertEqual(result.stderr.components(separatedBy: "learning rate × 0.5").count - 1, 5, result.stderr)
        XCTAssertTrue(result.stderr.contains("training stopped early: loss grew from"), result.stderr)
        let file = try HDF5File.openReadOnly(at: out)
        XCTAssertEqual(try file.int64Attribute("stopped_early"), 1)
        XCTAssertTrue(try file.stringAttribute("stop_reason").contains("after 5 recoveries"))
        XCTAssertEqual(try file.int64Attribute("recoveries", of: "/training"), 5)
        let u = try file.readDataset("/fields/u", as: Double.self).values
        XCTAssertFalse(u.isEmpty)
        XCTAssertTrue(u.allSatisfy(\.isFinite))
        XCTAssertTrue(u.allSatisfy { abs($0) < 1e3 }, "the field of the state before the blow-up")
    }

    func testLeftoversOfKilledRunsAreRemovedAndProgressInAPipeIsPlainLines() throws {
        let p = try problem(adam: 150, lbfgs: 0)
        let out = directory + "/r.h5"
        // pid 4194305 is above Linux's largest pid, so no process owns this temporary; ours does own the other.
        let stale = directory + "/.r.h5.tmp-4194305-1a2b", live = directory + "/.r.h5.tmp-\(getpid())-3c4d"
        for path in [stale, live] { try Data("partial".utf8).write(to: URL(fileURLWithPath: path)) }
        let result = try run(["solve", p, "-o", out, "--every", "50", "--json-log", directory + "/log.jsonl"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: stale))
        XCTAssertTrue(FileManager.default.fileExists(atPath: live))
        XCTAssertTrue(result.stderr.contains("removed \(stale)"), result.stderr)
        XCTAssertFalse(result.stderr.contains("\r"))
        let progress = result.stderr.split(separator: "\n").filter { $0.hasPrefix("adam ") }
        XCTAssertEqual(
            progress.map { String($0.prefix(13)) }, ["adam    1/150", "adam   51/150", "adam  101/150", "adam  150/150"]
        )
        XCTAssertTrue(result.stdout.hasPrefix("wrote \(out) (+ .xdmf)\n"), result.stdout)
        let log = try String(contentsOfFile: directory + "/log.jsonl", encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(log.count, 150)
        let quiet = try run(["solve", p, "-o", out, "--force", "--quiet"])
        XCTAssertEqual(quiet.stderr, "")
    }

    /// scripts/kill_test.py: 20 SIGKILLs at random moments leave no partial result, and SIGTERM + resume
    /// (twice) reproduces every loss. About a minute and a half in release; with h5dump only.
    func testKillScriptPasses() throws {
        try XCTSkipUnless(
            ProcessInfo.processInfo.environment["PINN_SLOW_TESTS"] == "1",
            "slow: set PINN_SLOW_TESTS=1 to run scripts/kill_test.py")
        try XCTSkipUnless(
            FileManager.default.isExecutableFile(atPath: "/usr/bin/h5dump"), "h5dump (hdf5-tools) is needed")
        let script = ExampleProblems.directory.deletingLastPathComponent().appendingPathComponent(
            "scripts/kill_test.py")
        let result = try ProcessRun.run(
            URL(fileURLWithPath: "/usr/bin/python3"),
            [script.path, "--pinn", TestPaths.pinn.path])
        print(result.stdout)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("kill_test: every check passed"), result.stdout)
    }
}
