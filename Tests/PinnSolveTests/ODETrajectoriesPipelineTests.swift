import Foundation
import PinnBinding
import PinnIO
import PinnProblems
import PinnResults
import PinnSolve
import PinnTestSupport
import XCTest

/// Several trajectories with missing values through the whole ODE pipeline: the reference of each,
/// the learned trajectories from their own initial states, the result file's layout, and its
/// re-evaluation; and the example's NetCDF observation file read through the child-process reader.
final class ODETrajectoriesPipelineTests: XCTestCase {
    var temporary: TemporaryDirectory!

    override func setUpWithError() throws {
        temporary = try TemporaryDirectory("ode-trajectories")
    }

    override func tearDown() {
        temporary.remove()
    }

    /// u' = −u/2, v' = u − v: u = u₀e^{−t/2}, v = 2u₀(e^{−t/2} − e^{−t}) + v₀e^{−t}.
    static func exact(_ t: Double, _ start: [Double]) -> [Double] {
        [start[0] * exp(-t / 2), 2 * start[0] * (exp(-t / 2) - exp(-t)) + start[1] * exp(-t)]
    }

    func testTwoTrajectoriesWithMissingValuesTrainWriteAndReEvaluate() throws {
        let starts = [[1.0, 0.0], [0.5, 1.0]]
        var csv = "trajectory,t,u,v\n"
        for (k, start) in starts.enumerated() {
            // Irregular times, different per trajectory; every fifth u and every seventh v missing.
            for i in 1...(18 + 4 * k) {
                let t = 4 * pow(Double(i) / Double(18 + 4 * k), 1.3)
                let y = Self.exact(t, start)
                csv += "\(k),\(t),\(i % 5 == 0 ? "" : "\(y[0])"),\(i % 7 == 0 ? "nan" : "\(y[1])")\n"
            }
        }
        try Data(csv.utf8).write(to: URL(fileURLWithPath: temporary.file("two.csv")))
        let json = #"""
            {"name": "two", "kind": "ode", "states": ["u", "v"], "rhs": {"u": "-0.5*u", "v": "-v + u"},
             "initial": [[1, 0], [0.5, 1]], "span": [0, 4],
             "observations": {"file": "two.csv", "trainUntil": 3},
             "model": {"type": "neuralODE", "width": 8, "depth": 1},
             "training": {"steps": 80, "gaussNewtonIterations": 3}}
            """#
        try Data(json.utf8).write(to: URL(fileURLWithPath: temporary.file("two.json")))
        let file = try ODEProblemFile.load(contentsOf: temporary.file("two.json"))
        var result = try ODEPipeline(problem: BoundODEProblem(file), outputCount: 41).run()
        result.problemJSON = json
        let nt = 41
        XCTAssertEqual(result.reference.count, 2 * nt)
        XCTAssertEqual(result.learned.count, 2 * nt)
        for (k, start) in starts.enumerated() {
            for (i, t) in result.times.enumerated() {
                let y = Self.exact(t, start)
                XCTAssertEqual(result.reference[k * nt + i][0], y[0], accuracy: 1e-8)
                XCTAssertEqual(result.reference[k * nt + i][1], y[1], accuracy: 1e-8)
            }
            // Each learned trajectory starts from its own initial state.
            XCTAssertEqual(result.learned[k * nt], start)
        }
        XCTAssertEqual(result.observations.trajectoryCount, 2)
        XCTAssertTrue(result.observations.hasMissingValues)
        let losses = result.history.map(\.loss)
        XCTAssertLessThan(losses.suffix(5).reduce(0, +), 0.2 * losses.prefix(5).reduce(0, +))
        XCTAssertLessThan(try XCTUnwrap(result.metrics["relative_l2_train_window"]), 0.2)

        let path = temporary.file("two.h5")
        try result.write(to: path)
        let h5 = try HDF5File.openReadOnly(at: path)
        for dataset in ["/reference/states", "/learned/states", "/error/states"] {
            XCTAssertEqual(try h5.shape(of: dataset), [2, nt, 2], dataset)
            XCTAssertEqual(try h5.dimensionScaleNames(of: dataset), ["trajectory", "t", "state"], dataset)
        }
        XCTAssertEqual(try h5.readDataset("/initial_states", as: Double.self).values, [1, 0, 0.5, 1])
        XCTAssertEqual(
            try h5.readDataset("/observations/trajectory", as: Int64.self).values,
            result.observations.trajectories.map { Int64($0) })
        let observed = try h5.readDataset("/observations/states", as: Double.self).values
        XCTAssertEqual(observed.filter(\.isNaN).count, result.observations.states.flatMap { $0 }.filter(\.isNaN).count)
        XCTAssertGreaterThan(observed.filter(\.isNaN).count, 0)
        try h5.close()

        // Read back and re-evaluated from the stored model: the same trajectories, bit for bit.
        guard case .ode(let stored) = try StoredResult.read(from: path) else { return XCTFail("not an ODE result") }
        XCTAssertEqual(stored.trajectoryCount, 2)
        XCTAssertEqual(stored.learned, result.learned)
        XCTAssertEqual(stored.observationTrajectories, result.observations.trajectories)
        let again = try StoredODENetwork(stored).trajectory(at: stored.times)
        XCTAssertEqual(again, result.learned)
    }

    func testExampleNetCDFObservationsReadThroughTheChildProcess() throws {
        let file = try ODEProblemFile.load(
            contentsOf: TestPaths.repository.appendingPathComponent("Problems/lotka_volterra_trajectories.json").path)
        let table = try XCTUnwrap(try file.readObservations(readDataset: dataFileArrayReader))
        XCTAssertEqual(table.count, 180)
        XCTAssertEqual(table.trajectoryCount, 3)
        XCTAssertEqual((0..<3).map { table.rows(ofTrajectory: $0).count }, [60, 60, 60])
        let missing = table.states.flatMap { $0 }.filter(\.isNaN).count
        XCTAssertGreaterThan(missing, 20)
        XCTAssertLessThan(missing, 70)
        XCTAssertFalse(table.states.contains { $0.allSatisfy(\.isNaN) })
    }
}
