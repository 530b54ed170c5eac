import Foundation
import XCTest

@testable import PinnProblems

/// Observation files as users have them: several trajectories, irregular times, missing values, and
/// the errors for bad ones.
final class ObservationTrajectoriesTests: XCTestCase {
    private let twoTrajectories = #"""
        {"kind": "ode", "states": ["x", "y"], "rhs": ["y", "-x"], "span": [0, 4],
         "initial": [{"x": 1, "y": 0}, {"x": 0, "y": 2}],
         "observations": {"file": "obs/two.csv"}}
        """#

    private func csv(_ text: String, trajectories: Int = 1) throws(ObservationError) -> ObservationTable {
        try ObservationTable.parseCSV(text, stateNames: ["x", "y"], file: "o.csv", trajectoryCount: trajectories)
    }

    private func csvError(_ text: String, trajectories: Int = 1) -> ObservationError? {
        do {
            _ = try csv(text, trajectories: trajectories)
            XCTFail("expected an error for \(text)")
            return nil
        } catch {
            return error
        }
    }

    func testCSVMissingValuesAreNaN() throws {
        let table = try csv("t,x,y\n0,1,\n0.3,nan,2\n1.7,NA,3\n2,4,NaN\n")
        XCTAssertEqual(table.times, [0, 0.3, 1.7, 2])
        XCTAssertEqual(table.states.map { $0[0].isNaN }, [false, true, true, false])
        XCTAssertEqual(table.states.map { $0[1].isNaN }, [true, false, false, true])
        XCTAssertEqual(table.states[3][0], 4)
        XCTAssertTrue(table.hasMissingValues)
        // A time is never missing; a state that is never observed is an error.
        XCTAssertEqual(
            csvError("t,x,y\n,1,2\n")?.description, "o.csv: line 2, column 1: expected a number for 't', found ''")
        XCTAssertEqual(
            csvError("t,x,y\n0,1,\n1,2,nan\n")?.description,
            "o.csv: state 'y' has no observed value (every entry is missing)")
    }

    func testCSVTrajectoryColumnGroupsRowsAndChecksTimesPerTrajectory() throws {
        let table = try csv("trajectory,t,x,y\n1,0,5,6\n0,0,1,2\n1,0.5,7,8\n0,2,3,4\n", trajectories: 2)
        XCTAssertEqual(table.trajectories, [0, 0, 1, 1])
        XCTAssertEqual(table.times, [0, 2, 0, 0.5])
        XCTAssertEqual(table.states, [[1, 2], [3, 4], [5, 6], [7, 8]])
        XCTAssertEqual(table.rows(ofTrajectory: 1), 2..<4)
        XCTAssertEqual(table.trajectory(1).times, [0, 0.5])
        XCTAssertEqual(
            csvError("t,x,y,trajectory\n0,1,2,0\n1,1,2,1\n0.5,1,2,1\n", trajectories: 2)?.description,
            "o.csv: line 4, column 1: t = 0.5 is not after the previous time of trajectory 1 1; times must increase")
        XCTAssertEqual(
            csvError("t,x,y,trajectory\n0,1,2,2\n", trajectories: 2)?.description,
            "o.csv: line 2, column 4: expected a trajectory index from 0 to 1 (one per initial state), found '2'")
        XCTAssertEqual(
            csvError("t,x,y\n0,1,2\n", trajectories: 3)?.description,
            "o.csv: line 1: missing column 'trajectory' (the problem has 3 initial states; each row names its "
                + "trajectory, 0 to 2)")
        // One trajectory: the column may be given, as 0.
        XCTAssertEqual(try csv("t,x,y,trajectory\n0,1,2,0\n").count, 1)
        XCTAssertEqual(csvError("t,x,y,trajectory\n0,1,2,1\n")?.column, 4)
    }

    func testCSVWithFewerStatesThanDeclaredNamesTheMissingColumn() {
        XCTAssertEqual(
            csvError("t,x\n0,1\n")?.description,
            "o.csv: line 1: missing column 'y' (the header must name t and the states x, y)")
        XCTAssertEqual(csvError("t,x,y\n0,1\n")?.line, 2)
    }

    func testSplitKeepsTrajectories() throws {
        let table = try csv("t,x,y,trajectory\n0,1,2,0\n3,1,2,0\n1,5,6,1\n4,7,8,1\n", trajectories: 2)
        let (training, later) = table.split(trainUntil: 2)
        XCTAssertEqual(training.trajectories, [0, 1])
        XCTAssertEqual(training.trajectoryCount, 2)
        XCTAssertEqual(later.times, [3, 4])
        XCTAssertEqual(later.rows(ofTrajectory: 1), 1..<2)
    }

    func testSeveralInitialStatesDecode() throws {
        let file = try ODEProblemFile.decode(twoTrajectories, file: "Problems/two.json")
        XCTAssertEqual(file.trajectoryCount, 2)
        XCTAssertEqual(file.initial, ["x": 1, "y": 0])
        XCTAssertEqual(file.initialStates, [[1, 0], [0, 2]])
        let arrays = try ODEProblemFile.decode(
            #"""
            {"kind": "ode", "states": ["x", "y"], "rhs": ["y", "-x"], "span": [0, 4], "initial": [[1, 0], [0, 2], [3, 3]]}
            """#)
        XCTAssertEqual(arrays.initialStates, [[1, 0], [0, 2], [3, 3]])
        // The flat array is still one initial state.
        let one = try ODEProblemFile.decode(
            #"{"kind": "ode", "states": ["x", "y"], "rhs": ["y", "-x"], "span": [0, 4], "initial": [1, 0]}"#)
        XCTAssertEqual(one.initialStates, [[1, 0]])
    }

    func testBadInitialStateListsNameTheirPath() {
        func error(_ initial: String, extra: String = "") -> String {
            do {
                _ = try ODEProblemFile.decode(
                    #"{"kind": "ode", "states": ["x", "y"], "rhs": ["y", "-x"], "span": [0, 4], "initial": "#
                        + initial + extra + "}", file: "p.json")
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        XCTAssertEqual(
            error(#"[{"x": 1, "y": 0}, {"x": 2}]"#), "p.json: initial[1].y: missing the initial value of state 'y'")
        XCTAssertEqual(
            error(#"[{"x": 1, "y": 0}, {"x": 2, "z": 1}]"#).hasPrefix("p.json: initial[1].z: unknown state 'z'"), true,
            error(#"[{"x": 1, "y": 0}, {"x": 2, "z": 1}]"#))
        XCTAssertEqual(
            error("[[1, 0], [2]]"), "p.json: initial[1]: expected 2 initial values (one per state: x, y), found 1")
        XCTAssertEqual(
            error("[[1, 0], [2, 3]]", extra: #", "model": {"type": "pinn"}"#),
            "p.json: initial: a pinn model fits one trajectory; 2 initial states need a neuralODE model (model.type)")
    }

    func testHDF5AndNetCDFLayouts() throws {
        var file = try ODEProblemFile.decode(
            #"""
            {"kind": "ode", "states": ["x", "y"], "rhs": ["y", "-x"], "span": [0, 4],
             "initial": [[1, 0], [0, 2]],
             "observations": {"file": "obs/two.nc", "times": "time", "states": {"y": "y_obs"}}}
            """#, file: "Problems/two.json")
        guard case .file(let spec) = file.observations.source, case .netCDF(let layout) = spec.format else {
            return XCTFail("expected a NetCDF file")
        }
        XCTAssertEqual(layout, .init(times: "time", states: .byState(["y": "y_obs"])))
        var requests: [String] = []
        let nan = Double.nan
        let table = try XCTUnwrap(
            try file.readObservations { path, name in
                requests.append(name)
                switch name {
                case "time": return ([4], [0, 1, 0, 2])
                case "x": return ([4], [1, nan, 0, 5])
                case "y_obs": return ([4], [0, 7, 2, 8])
                default: return ([4], [0, 0, 1, 1])
                }
            })
        XCTAssertEqual(requests, ["time", "x", "y_obs", "trajectory"])
        XCTAssertEqual(table.trajectories, [0, 0, 1, 1])
        XCTAssertTrue(table.states[1][0].isNaN)
        XCTAssertEqual(table.states[3], [5, 8])

        // Errors name the file and the array.
        XCTAssertThrowsError(
            try file.readObservations { _, name in
                name == "time"
                    ? ([4], [0, 1, 0, 2]) : name == "trajectory" ? ([4], [0, 0, 1, 1.5]) : ([4], [1, 2, 3, 4])
            }
        ) {
            XCTAssertEqual(
                "\($0)",
                "Problems/obs/two.nc: trajectory[3] = 1.5: expected a trajectory index from 0 to 1 (one per initial state)"
            )
        }
        XCTAssertThrowsError(
            try file.readObservations { _, name in
                name == "time" ? ([4], [0, 1, 0, 2]) : name == "x" ? ([4], [nan, nan, nan, nan]) : ([4], [0, 0, 1, 1])
            }
        ) {
            XCTAssertEqual(
                "\($0)", "Problems/obs/two.nc: time, x, y_obs: state 'x' has no observed value (every entry is missing)"
            )
        }
        XCTAssertThrowsError(
            try file.readObservations { _, name in
                name == "time" ? ([4], [0, 1, 1, 2]) : name == "trajectory" ? ([4], [0, 0, 0, 1]) : ([4], [1, 2, 3, 4])
            }
        ) { XCTAssertTrue("\($0)".contains("time 2 (1.0) is not after time 1 (1.0) of trajectory 0"), "\($0)") }
        XCTAssertThrowsError(
            try file.readObservations { _, name in
                name == "time" ? ([4], [0, 1, 0, 2]) : name == "y_obs" ? ([3], [1, 2, 3]) : ([4], [0, 0, 1, 1])
            }
        ) {
            XCTAssertEqual(
                "\($0)",
                "Problems/obs/two.nc: y_obs (state 'y'): expected 4 values, one per time in time, found shape [3]")
        }
        // A matrix of the states in an HDF5 file, with a stated trajectory dataset.
        file.observations.source = .file(
            .init(path: "o.h5", format: .hdf5(.init(times: "/t", states: .matrix("/y"), trajectory: "/run"))))
        let h5 = try XCTUnwrap(
            try file.readObservations { _, name in
                name == "/t" ? ([2], [0, 0]) : name == "/run" ? ([2], [1, 0]) : ([2, 2], [1, 2, 3, 4])
            })
        XCTAssertEqual(h5.states, [[3, 4], [1, 2]])
    }

    func testLayoutKeysAreCheckedAgainstTheStates() {
        XCTAssertThrowsError(
            try ODEProblemFile.decode(
                #"""
                {"kind": "ode", "states": ["x"], "rhs": ["-x"], "span": [0, 1], "initial": [1],
                 "observations": {"file": "o.nc", "states": {"z": "z_obs"}}}
                """#, file: "p.json")
        ) { XCTAssertTrue("\($0)".hasPrefix("p.json: observations.states.z: unknown state 'z'"), "\($0)") }
        XCTAssertThrowsError(
            try ODEProblemFile.decode(
                #"""
                {"kind": "ode", "states": ["x"], "rhs": ["-x"], "span": [0, 1], "initial": [1],
                 "observations": {"file": "o.csv", "trajectory": "run"}}
                """#, file: "p.json")
        ) { XCTAssertTrue("\($0)".hasPrefix("p.json: observations.trajectory: 'trajectory'"), "\($0)") }
    }
}
