import Foundation
import PinnIO
import PinnTestSupport
import XCTest

/// `mpirun -np N pinn solve` (Open MPI): the collocation blocks spread over the ranks and added up
/// in block order give the single process's bits, whatever N; only rank 0 writes; a rank killed
/// with SIGKILL ends the job, leaves a complete checkpoint, and `--resume` under mpirun (with
/// another rank count) finishes with the uninterrupted run's bits.
final class MPISolveTests: XCTestCase {
    var temporary: TemporaryDirectory!
    var directory: String { temporary.path }
    var mpirun: URL!

    override func setUpWithError() throws {
        guard let found = Self.findMPIRun() else {
            throw XCTSkip("mpirun is not installed (scripts/setup.sh installs openmpi-bin): the MPI runs are skipped")
        }
        mpirun = found
        temporary = try TemporaryDirectory("mpi")
    }

    override func tearDown() {
        temporary?.remove()
    }

    /// `mpirun` on PATH, if any.
    static func findMPIRun() -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent("mpirun")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    /// What Open MPI needs to run as root (CI) and several ranks on few cores; one thread per rank.
    static let mpiEnvironment = [
        "OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1", "PINN_THREADS": "1"
    ]

    /// A small 2-D Poisson problem through every phase (Adam with annealed weights and resampling,
    /// L-BFGS, Gauss–Newton).
    func problem(adam: Int = 30, lbfgs: Int = 10, gaussNewton: Int = 5) throws -> String {
        let json = """
            {"name": "p", "kind": "poisson", "source": "2*pi^2*sin(pi*x)*sin(pi*y)",
             "domain": {"type": "rectangle", "lower": [-1, -1], "upper": [1, 1]}, "exact": "sin(pi*x)*sin(pi*y)",
             "network": {"width": 16, "depth": 2, "omega0": 3},
             "training": {"adamSteps": \(adam), "lbfgsIterations": \(lbfgs), "gaussNewtonIterations": \(gaussNewton),
                          "interiorPoints": 200, "boundaryPoints": 40, "resampleEvery": 10, "weighting": "annealing"},
             "reference": {"grid": [33, 33], "refinement": 1}}
            """
        let path = directory + "/p.json"
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// `mpirun --oversubscribe -np ranks pinn arguments…`.
    func mpi(_ ranks: Int, _ arguments: [String]) throws -> ProcessRun {
        try ProcessRun.run(
            mpirun, ["--oversubscribe", "-np", "\(ranks)", TestPaths.pinn.path] + arguments,
            environment: Self.mpiEnvironment)
    }

    /// Every dataset under /training, and /fields/u, as bit patterns.
    func trainingAndField(_ path: String) throws -> [String: [UInt64]] {
        let file = try HDF5File.openReadOnly(at: path)
        var out: [String: [UInt64]] = [:]
        for dataset in try file.datasetPaths(under: "/training") + ["/fields/u"] {
            out[dataset] = try file.readDataset(dataset, as: Double.self).values.map(\.bitPattern)
        }
        return out
    }

    func files() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }

    func testTwoAndThreeRanksGiveTheSingleProcessBits() throws {
        let p = try problem()
        let single = try ProcessRun.run(TestPaths.pinn, ["solve", p, "-o", directory + "/one.h5", "--no-plots"])
        XCTAssertEqual(single.status, 0, single.stderr)
        let expected = try trainingAndField(directory + "/one.h5")
        XCTAssertGreaterThanOrEqual(expected.count, 8, "the training history's datasets and u")
        XCTAssertEqual(expected["/training/loss_total"]?.count, 45, "30 Adam + 10 L-BFGS + 5 Gauss–Newton records")
        for ranks in [2, 3] {
            let out = directory + "/np\(ranks).h5"
            let run = try mpi(ranks, ["solve", p, "-o", out, "--no-plots"])
            XCTAssertEqual(run.status, 0, run.stderr)
            XCTAssertEqual(
                run.stdout.components(separatedBy: "wrote \(out)").count, 2, "rank 0 alone reports:\n\(run.stdout)")
            let got = try trainingAndField(out)
            XCTAssertEqual(got.keys.sorted(), expected.keys.sorted())
            for (name, bits) in expected {
                XCTAssertEqual(got[name], bits, "\(name) with \(ranks) ranks differs from one process")
            }
        }
        XCTAssertEqual(
            files(), ["np2.h5", "np2.xdmf", "np3.h5", "np3.xdmf", "one.h5", "one.xdmf", "p.json"],
            "one result per run, no checkpoint or temporary left")
    }

    /// `pinn meta-train` with 3 tasks a step: 2 and 3 ranks write the single process's datasets bit
    /// for bit; `pinn meta-eval` of 5 members on 3 ranks reports every run as one process does.
    func testMetaTrainingOnTwoAndThreeRanksGivesTheSingleProcessBits() throws {
        let base = directory + "/base.json", family = directory + "/family.json"
        try """
        {"name": "base", "kind": "poisson", "parameters": {"a": 1}, "source": "a*9*pi^2*sin(3*pi*x)",
         "domain": {"type": "interval", "lower": 0, "upper": 1}, "exact": "a*sin(3*pi*x)",
         "network": {"width": 12, "depth": 2}}
        """.write(toFile: base, atomically: true, encoding: .utf8)
        try """
        {"kind": "family", "base": "base.json", "parameters": {"a": [0.5, 1.5]}, "members": 5,
         "metaTraining": {"innerSteps": 2, "outerSteps": 3, "tasksPerStep": 3, "sparsity": 0.5, "pruneFraction": 1,
                          "roundSteps": 2, "interiorPoints": 32, "boundaryPoints": 2, "learnRates": true},
         "evaluation": {"members": 5, "reportSteps": [1, 5], "maxSteps": 10, "targetError": 0.5, "grid": 17}}
        """.write(toFile: family, atomically: true, encoding: .utf8)
        let single = try ProcessRun.run(
            TestPaths.pinn, ["meta-train", family, "-o", directory + "/one.h5", "--quiet", "--workers", "1"])
        XCTAssertEqual(single.status, 0, single.stderr)
        let file = try HDF5File.openReadOnly(at: directory + "/one.h5")
        let datasets = try file.datasetPaths(under: "/")
        XCTAssertTrue(datasets.contains("/init/mask"), "\(datasets)")
        for ranks in [2, 3] {
            let out = directory + "/np\(ranks).h5"
            let run = try mpi(ranks, ["meta-train", family, "-o", out, "--quiet", "--workers", "1"])
            XCTAssertEqual(run.status, 0, run.stderr)
            let other = try HDF5File.openReadOnly(at: out)
            XCTAssertEqual(try other.datasetPaths(under: "/"), datasets)
            for dataset in datasets {
                XCTAssertEqual(
                    try other.readDataset(dataset, as: Double.self).values.map(\.bitPattern),
                    try file.readDataset(dataset, as: Double.self).values.map(\.bitPattern),
                    "\(dataset) with \(ranks) ranks differs from one process")
            }
        }
        let evaluate = [
            "meta-eval", family, "--init", directory + "/one.h5", "--methods", "meta-sparse,meta-dense", "--json"
        ]
        let one = try ProcessRun.run(TestPaths.pinn, evaluate + ["--workers", "1"])
        XCTAssertEqual(one.status, 0, one.stderr)
        let three = try mpi(3, evaluate + ["--workers", "1"])
        XCTAssertEqual(three.status, 0, three.stderr)
        func runs(_ text: String) throws -> [Any] {
            let object = try XCTUnwrap(
                try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "one JSON report: \(text)")
            return try XCTUnwrap(object["runs"] as? [Any])
        }
        let expected = try runs(one.stdout)
        XCTAssertEqual(expected.count, 10, "5 members × 2 methods")
        XCTAssertEqual(
            try JSONSerialization.data(withJSONObject: try runs(three.stdout), options: .sortedKeys),
            try JSONSerialization.data(withJSONObject: expected, options: .sortedKeys),
            "the runs of 3 ranks are the single process's")
    }

    /// The rank-1 process of the job whose ranks carry `marker` in their environment, once it runs.
    func rankProcess(_ rank: Int, marker: String) -> pid_t? {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries {
            guard let pid = pid_t(entry),
                let environ = FileManager.default.contents(atPath: "/proc/\(entry)/environ")
            else { continue }
            let variables = Set(environ.split(separator: 0).map { String(decoding: $0, as: UTF8.self) })
            if variables.contains("PINN_TEST_MARKER=\(marker)"), variables.contains("OMPI_COMM_WORLD_RANK=\(rank)") {
                return pid
            }
        }
        return nil
    }

    func testARankKilledEndsTheJobAndResumeUnderMPIFinishesWithTheUninterruptedBits() throws {
        let p = try problem(adam: 600, lbfgs: 20, gaussNewton: 10)
        let straight = directory + "/straight.h5", out = directory + "/r.h5", log = directory + "/log.jsonl"
        let uninterrupted = try ProcessRun.run(TestPaths.pinn, ["solve", p, "-o", straight, "--no-plots", "--quiet"])
        XCTAssertEqual(uninterrupted.status, 0, uninterrupted.stderr)

        let marker = UUID().uuidString
        let job = Process()
        job.executableURL = mpirun
        job.arguments = [
            "--oversubscribe", "-np", "2", TestPaths.pinn.path, "solve", p, "-o", out, "--no-plots",
            "--checkpoint-every", "50", "--json-log", log
        ]
        job.environment = ProcessRun.childEnvironment.merging(Self.mpiEnvironment) { $1 }
            .merging(["PINN_TEST_MARKER": marker]) { $1 }
        job.standardOutput = FileHandle.nullDevice
        job.standardError = FileHandle.nullDevice
        try job.run()
        // Kill rank 1 once rank 0 has logged step 120 (two checkpoints written).
        let deadline = Date().addingTimeInterval(120)
        var killedAt: Date?
        while job.isRunning, Date() < deadline, killedAt == nil {
            let lines = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n")
            if lines.count > 120, let pid = rankProcess(1, marker: marker) {
                XCTAssertEqual(kill(pid, SIGKILL), 0)
                killedAt = Date()
            }
            usleep(5000)
        }
        let killed = try XCTUnwrap(killedAt, "rank 1 was found and killed before the job ended")
        while job.isRunning, Date().timeIntervalSince(killed) < 30 { usleep(10000) }
        let seconds = Date().timeIntervalSince(killed)
        XCTAssertFalse(job.isRunning, "the job still runs \(seconds) s after a rank was killed")
        if job.isRunning { job.terminate() }
        job.waitUntilExit()
        XCTAssertNotEqual(job.terminationStatus, 0)
        XCTAssertLessThan(seconds, 15, "the job ended \(seconds) s after rank 1 was killed")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out), "no result from a killed job")
        let checkpoint = try HDF5File.openReadOnly(at: directory + "/r.ckpt.h5")
        XCTAssertEqual(try checkpoint.stringAttribute("phase"), "adam")

        // Resume with another rank count.
        let resumed = try mpi(3, ["solve", p, "-o", out, "--resume", "--no-plots", "--quiet"])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        let expected = try trainingAndField(straight), got = try trainingAndField(out)
        XCTAssertEqual(got.keys.sorted(), expected.keys.sorted())
        for (name, bits) in expected { XCTAssertEqual(got[name], bits, "\(name) after the resume differs") }
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/r.ckpt.h5"), "the checkpoint is removed")
    }
}
