import Foundation
import XCTest

@testable import PinnProblems

final class ObservationTests: XCTestCase {
    private func csvError(
        _ text: String, states: [String] = ["x", "y"],
        range: ClosedRange<Double>? = nil
    ) -> ObservationError? {
        do {
            _ = try ObservationTable.parseCSV(text, stateNames: states, file: "lv.csv", timeRange: range)
            XCTFail("expected an error for \(text)")
            return nil
        } catch {
            return error
        }
    }

    private func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pinn-observations-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("data"), withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    func testCSVColumnsInAnyOrderAreReorderedToTheStates() throws {
        let table = try ObservationTable.parseCSV("y,t,x\n10,0,1\n20,0.5,2\n30,1.5,3\n", stateNames: ["x", "y"])
        XCTAssertEqual(table.stateNames, ["x", "y"])
        XCTAssertEqual(table.times, [0, 0.5, 1.5])
        XCTAssertEqual(table.states, [[1, 10], [2, 20], [3, 30]])
        XCTAssertEqual(table.values(of: "y"), [10, 20, 30])
        XCTAssertNil(table.values(of: "z"))
        XCTAssertEqual(table.count, 3)
    }

    func testCSVToleratesSpacesCRLFBlankLinesAndAByteOrderMark() throws {
        let table = try ObservationTable.parseCSV(
            "\u{FEFF}t, x ,y\r\n\r\n 0 , -1.5e0, .5\r\n1,+2,3E-1\r\n\n", stateNames: ["x", "y"])
        XCTAssertEqual(table.times, [0, 1])
        XCTAssertEqual(table.states, [[-1.5, 0.5], [2, 0.3]])
    }

    func testCSVNumbersAreParsedStrictly() {
        // Empty, nan and NA fields are missing values (ObservationTrajectoriesTests), not errors.
        for bad in ["inf", "-infinity", "0x10", "1.2.3", "1e", "1e+", ".", "1,5", "1e999", "2 3", "nanx"] {
            let field = bad == "1,5" ? "\"1,5\"" : bad
            let e = csvError("t,x,y\n0,1,2\n1,\(field),2\n")
            XCTAssertEqual(e?.line, 3, bad)
            XCTAssertEqual(e?.file, "lv.csv", bad)
            if bad != "1,5" { XCTAssertEqual(e?.column, 2, bad) }
        }
        XCTAssertEqual(
            csvError("t,x,y\n0,1,2\n1,abc,2\n")?.description,
            "lv.csv: line 3, column 2: expected a number for 'x', found 'abc'")
    }

    func testCSVHeaderMustNameTimeAndEveryStateOnce() {
        XCTAssertEqual(
            csvError("0,1,2\n1,2,3\n")?.description,
            "lv.csv: line 1: expected a header naming t and the states x, y (such as 't,x,y'), found numbers")
        XCTAssertEqual(
            csvError("t,x,yy\n0,1,2\n")?.description,
            "lv.csv: line 1, column 3: unknown column 'yy' (expected t, x, y or trajectory; did you mean 'y'?)")
        XCTAssertEqual(
            csvError("t,x,x,y\n0,1,1,2\n")?.description,
            "lv.csv: line 1, column 3: column 'x' appears twice (also column 2)")
        XCTAssertEqual(
            csvError("\n\nt,x\n0,1\n")?.description,
            "lv.csv: line 3: missing column 'y' (the header must name t and the states x, y)")
        XCTAssertEqual(
            csvError("x,y\n0,1\n")?.description,
            "lv.csv: line 1: missing column 't' (the header must name t and the states x, y)")
    }

    func testCSVRowsNeedOneFieldPerColumn() {
        XCTAssertEqual(
            csvError("t,x,y\n0,1,2\n1,2\n")?.description, "lv.csv: line 3: expected 3 fields (t,x,y), found 2")
        XCTAssertEqual(csvError("t,x,y\n0,1,2,\n")?.line, 2)
    }

    func testCSVTimesMustIncreaseAndLieInTheRange() {
        XCTAssertEqual(
            csvError("x,t,y\n0,1,2\n0,1,2\n")?.description,
            "lv.csv: line 3, column 2: t = 1 is not after the previous time 1; times must increase")
        XCTAssertEqual(csvError("t,x,y\n0,1,2\n-1,1,2\n")?.line, 3)
        let outside = csvError("t,x,y\n0,1,2\n10.5,1,2\n", range: 0...10)
        XCTAssertEqual(outside?.description, "lv.csv: line 3, column 1: t = 10.5 is outside the span [0.0, 10.0]")
    }

    func testEmptyCSVIsAnError() {
        XCTAssertEqual(csvError("")?.description, "lv.csv: no header (expected a first line 't,x,y')")
        XCTAssertEqual(csvError("t,x,y\n\n")?.description, "lv.csv: no observations after the header")
    }

    func testTableFromArraysChecksShapesFinitenessAndOrder() throws {
        XCTAssertNoThrow(try ObservationTable(stateNames: ["u"], times: [0, 1], states: [[1], [2]]))
        XCTAssertThrowsError(try ObservationTable(stateNames: ["u"], times: [0, 1], states: [[1]])) {
            XCTAssertEqual("\($0)", "2 times but 1 state vectors")
        }
        XCTAssertThrowsError(try ObservationTable(stateNames: ["u"], times: [0, 0], states: [[1], [2]], file: "d.h5")) {
            XCTAssertEqual("\($0)", "d.h5: time 1 (0.0) is not after time 0 (0.0); times must increase")
        }
        XCTAssertThrowsError(try ObservationTable(stateNames: ["u", "v"], times: [0], states: [[1]]))
        XCTAssertThrowsError(try ObservationTable(stateNames: ["u"], times: [0], states: [[.nan]])) {
            XCTAssertEqual("\($0)", "state 'u' has no observed value (every entry is missing)")
        }
        XCTAssertThrowsError(try ObservationTable(stateNames: ["u"], times: [0], states: [[.infinity]]))
        XCTAssertThrowsError(try ObservationTable(stateNames: ["u"], times: [.infinity], states: [[1]]))
    }

    func testSplitSeparatesTheTrainingWindowFromExtrapolation() throws {
        let table = try ObservationTable(stateNames: ["u"], times: [0, 1, 2, 3], states: [[0], [1], [2], [3]])
        let (training, extrapolation) = table.split(trainUntil: 2)
        XCTAssertEqual(training.times, [0, 1, 2])
        XCTAssertEqual(training.states, [[0], [1], [2]])
        XCTAssertEqual(extrapolation.times, [3])
        XCTAssertEqual(extrapolation.stateNames, ["u"])
        XCTAssertEqual(table.split(trainUntil: 5).extrapolation.count, 0)
        XCTAssertEqual(table.split(trainUntil: -1).training.count, 0)
    }

    func testProblemReadsCSVRelativeToItsFile() throws {
        let dir = try temporaryDirectory()
        try Data("t,y,x\n0,1,1\n5,2,3\n12,0.5,0.25\n".utf8).write(to: dir.appendingPathComponent("data/lv.csv"))
        let problemPath = dir.appendingPathComponent("lv.json").path
        try Data(
            #"""
            {"kind": "ode", "states": ["x", "y"], "rhs": ["x", "y"], "initial": [1, 1], "span": [0, 15],
             "observations": {"file": "data/lv.csv", "trainUntil": 10}}
            """#.utf8
        ).write(to: URL(fileURLWithPath: problemPath))
        let problem = try ODEProblemFile.load(contentsOf: problemPath)
        XCTAssertEqual(problem.observationFilePath, dir.path + "/data/lv.csv")
        let table = try XCTUnwrap(try problem.readObservations())
        XCTAssertEqual(table.states, [[1, 1], [3, 2], [0.25, 0.5]])
        let (training, extrapolation) = table.split(trainUntil: problem.trainUntil)
        XCTAssertEqual(training.times, [0, 5])
        XCTAssertEqual(extrapolation.times, [12])

        var late = problem
        late.span = .init(start: 0, end: 11)
        XCTAssertThrowsError(try late.readObservations()) { error in
            XCTAssertEqual((error as? ObservationError)?.line, 4)
            XCTAssertEqual((error as? ObservationError)?.file, dir.path + "/data/lv.csv")
        }
        var noTraining = problem
        noTraining.span = .init(start: -2, end: 15)
        noTraining.observations.trainUntil = -1
        XCTAssertThrowsError(try noTraining.readObservations()) {
            XCTAssertTrue("\($0)".contains("nothing to train on"), "\($0)")
        }
        var missing = problem
        missing.observations.source = .file(.init(path: "data/none.csv", format: .csv))
        XCTAssertThrowsError(try missing.readObservations()) {
            XCTAssertTrue("\($0)".hasPrefix(dir.path + "/data/none.csv: cannot read the file"), "\($0)")
        }
    }

    func testProblemReadsHDF5ThroughTheDatasetReader() throws {
        var problem = try ODEProblemFile.decode(
            #"""
            {"kind": "ode", "states": ["x", "y"], "rhs": ["x", "y"], "initial": [1, 1], "span": [0, 2],
             "observations": {"file": "obs/lv.h5", "times": "/time"}}
            """#, file: "Problems/lv.json")
        var requests: [String] = []
        let table = try problem.readObservations { file, dataset in
            requests.append("\(file) \(dataset)")
            return dataset == "/time" ? ([3], [0, 1, 2]) : ([3, 2], [1, 10, 2, 20, 3, 30])
        }
        XCTAssertEqual(requests, ["Problems/obs/lv.h5 /time", "Problems/obs/lv.h5 /y"])
        XCTAssertEqual(table?.states, [[1, 10], [2, 20], [3, 30]])

        XCTAssertThrowsError(try problem.readObservations()) {
            XCTAssertTrue("\($0)".contains("needs a dataset reader"), "\($0)")
        }
        XCTAssertThrowsError(
            try problem.readObservations { _, dataset in
                dataset == "/time" ? ([3], [0, 1, 2]) : ([2, 3], [1, 10, 2, 20, 3, 30])
            }
        ) { XCTAssertTrue("\($0)".contains("/y: expected shape [3, 2]"), "\($0)") }
        XCTAssertThrowsError(
            try problem.readObservations { _, dataset in
                dataset == "/time" ? ([3], [0, 2, 1]) : ([3, 2], [1, 10, 2, 20, 3, 30])
            }
        ) { XCTAssertTrue("\($0)".contains("times must increase"), "\($0)") }
        XCTAssertThrowsError(
            try problem.readObservations { _, dataset in
                dataset == "/time" ? ([3], [0, 1, 3]) : ([3, 2], [1, 10, 2, 20, 3, 30])
            }
        ) { XCTAssertTrue("\($0)".contains("/time[2] = 3.0 is outside the span"), "\($0)") }
        struct Unreadable: Error {}
        XCTAssertThrowsError(try problem.readObservations { _, _ in throw Unreadable() }) {
            XCTAssertTrue("\($0)".hasPrefix("Problems/obs/lv.h5: cannot read dataset /time"), "\($0)")
        }
        problem.observations.source = .generate(.init())
        XCTAssertNil(try problem.readObservations())
    }
}
