import Foundation
import PinnIO
import PinnTestSupport
import XCTest

/// Problem files whose gridded data is a damaged file, among them the inputs on which libhdf5 and
/// libnetcdf crash, hang or allocate 8.6 GB (Fuzz/LibraryCrashes): `pinn validate` and `pinn solve`
/// report each as one error naming the problem file, the JSON path and the data file, exit 1 and
/// write nothing.
final class DamagedDataFileTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = try GriddedDataFixtures.problemFolder("damaged-data") }
    override func tearDown() { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }

    private static let libraryCrashes = TestPaths.repository.appendingPathComponent("Fuzz/LibraryCrashes")

    /// Writes p.json with the source read from `data/<name>` (variable `variable`); returns its path
    /// and the data file's.
    private func problem(data name: String, variable: String) throws -> (problem: String, data: String) {
        let path = folder.appendingPathComponent("p.json").path
        let json =
            #"{"kind": "poisson", "domain": {"type": "rectangle", "lower": [0, 0], "upper": [1, 1]}, "#
            + #""source": {"file": "data/\#(name)", "variable": "\#(variable)"}}"#
        try Data(json.utf8).write(to: URL(fileURLWithPath: path))
        return (path, folder.appendingPathComponent("data/" + name).path)
    }

    private func assertRejected(
        _ run: ProcessRun, problem: String, data: String, prefix: String = "", file: StaticString = #filePath,
        line: UInt = #line
    ) throws {
        XCTAssertEqual(run.status, 1, run.stderr, file: file, line: line)
        XCTAssertEqual(run.stdout, "", file: file, line: line)
        XCTAssertTrue(run.stderr.hasPrefix("\(prefix)\(problem): source."), run.stderr, file: file, line: line)
        XCTAssertTrue(run.stderr.contains(data), run.stderr, file: file, line: line)
        XCTAssertEqual(run.stderr.filter { $0 == "\n" }.count, 1, run.stderr, file: file, line: line)
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted(), ["data", "p.json"],
            file: file, line: line)
    }

    /// Every file in Fuzz/LibraryCrashes (with a 2 s limit for the reader, as a user could set).
    func testEachFuzzFoundFileIsOneErrorNamingIt() throws {
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("data"), withIntermediateDirectories: true)
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.libraryCrashes.path)
            .filter { $0.hasSuffix(".h5") || $0.hasSuffix(".nc") }.sorted()
        XCTAssertGreaterThanOrEqual(names.count, 6)
        for name in names {
            try FileManager.default.copyItem(
                at: Self.libraryCrashes.appendingPathComponent(name), to: folder.appendingPathComponent("data/" + name))
            let (problem, data) = try problem(data: name, variable: name.hasSuffix(".h5") ? "/f" : "f")
            let start = Date()
            let run = try ProcessRun.run(
                TestPaths.pinn, ["validate", problem], environment: ["PINN_DATA_READ_TIMEOUT": "2"])
            try assertRejected(run, problem: problem, data: data)
            XCTAssertLessThan(Date().timeIntervalSince(start), 30, name)
        }
        let (problem, data) = try problem(data: "netcdf-nc_open-oom.nc", variable: "f")
        let output = folder.deletingLastPathComponent().appendingPathComponent("out")
        let solve = try ProcessRun.run(
            TestPaths.pinn, ["solve", problem, "--output", output.appendingPathComponent("r.h5").path])
        try assertRejected(solve, problem: problem, data: data, prefix: "Error: ")
        XCTAssertTrue(solve.stderr.contains("is a damaged netCDF file: it declares 1082004075 variables"), solve.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: output.path))
    }

    /// A reader that overruns its time limit (here a valid file and a limit of a microsecond, set
    /// through the environment as a user would) is one error naming the file and the variable to raise.
    func testAReaderPastItsTimeLimitIsOneErrorNamingTheFile() throws {
        let (problem, data) = try problem(data: "f.nc", variable: "f")
        let unit = GriddedDataFixtures.nodes(5, 0, 1)
        try GriddedDataFixtures.writeNetCDF2D(data, x: unit, y: unit) { x, y in x + y }
        XCTAssertEqual(try ProcessRun.run(TestPaths.pinn, ["validate", problem]).status, 0)

        let run = try ProcessRun.run(
            TestPaths.pinn, ["validate", problem], environment: ["PINN_DATA_READ_TIMEOUT": "0.000001"])
        try assertRejected(run, problem: problem, data: data)
        XCTAssertTrue(
            run.stderr.contains("source.file: libnetcdf did not finish reading \(data) within 1e-06 s"), run.stderr)
        XCTAssertTrue(run.stderr.contains("PINN_DATA_READ_TIMEOUT=seconds"), run.stderr)
    }

    /// HDF5 observation files of an ODE problem are read in the child process too (`pinn solve`
    /// reads them before training).
    func testODEObservationsAreReadInTheChildProcess() throws {
        let data = folder.appendingPathComponent("obs.h5").path
        try HDF5File.writeAtomically(to: data) { file in
            try file.writeDataset("/time", values: [0.0, 0.5, 1])
            try file.writeDataset("/values", values: [1.0, 0.6, 0.4])
        }
        let problem = folder.appendingPathComponent("p.json").path
        let json =
            #"{"kind": "ode", "states": ["u"], "rhs": ["-u"], "initial": [1], "span": [0, 1], "#
            + #""observations": {"file": "obs.h5", "times": "/time", "states": "/values", "trainUntil": 0.5}}"#
        try Data(json.utf8).write(to: URL(fileURLWithPath: problem))
        let output = folder.deletingLastPathComponent().appendingPathComponent("out")
        let run = try ProcessRun.run(
            TestPaths.pinn, ["solve", problem, "--output", output.appendingPathComponent("r.h5").path],
            environment: ["PINN_DATA_READ_TIMEOUT": "0.000001"])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("libhdf5 did not finish reading \(data) within 1e-06 s"), run.stderr)
        XCTAssertEqual(run.stderr.filter { $0 == "\n" }.count, 1, run.stderr)
        // No result: at most the output folder, empty (the ODE command may make it before reading).
        XCTAssertEqual((try? FileManager.default.contentsOfDirectory(atPath: output.path)) ?? [], [])
        // pinn validate reads the observation file too, so it refuses the problem before any training.
        XCTAssertEqual(try ProcessRun.run(TestPaths.pinn, ["validate", problem]).status, 0)
        let validate = try ProcessRun.run(
            TestPaths.pinn, ["validate", problem], environment: ["PINN_DATA_READ_TIMEOUT": "0.000001"])
        XCTAssertEqual(validate.status, 1)
        XCTAssertTrue(
            validate.stderr.contains("libhdf5 did not finish reading \(data) within 1e-06 s"), validate.stderr)
    }
}
