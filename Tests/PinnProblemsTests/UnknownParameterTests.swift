import PinnNumerics
import PinnProblems
import XCTest

/// The declaration of unknowns among a problem's parameters, their parametrisations, and
/// measurement tables.
final class UnknownParameterTests: XCTestCase {
    func testParametersSplitIntoConstantsAndUnknowns() throws {
        let file = try ProblemFile.decode(
            #"""
            {"kind": "helmholtz", "parameters": {"c": 2, "k": {"unknown": 3, "bounds": [1, 10], "positive": true, "true": 4}},
             "k": "c*k", "source": "1", "measurements": {"generate": {"count": 5}}, "exact": "0"}
            """#)
        XCTAssertEqual(file.parameters, ["c": 2])
        XCTAssertEqual(
            file.unknowns, ["k": UnknownParameter(initial: 3, bounds: (1, 10), positive: true, trueValue: 4)])
        XCTAssertEqual(file.unknowns["k"]?.parametrisation, .logLogistic(lower: 1, upper: 10))
        XCTAssertEqual(file.measurements?.source, .generate(count: 5, noise: 0, seed: 0))
        XCTAssertEqual(file.measurements?.dataWeight, 1)
    }

    /// φ(φ⁻¹(p)) = p, and φ′ is the central difference of φ, for every map.
    func testParameterMapsInvertAndDifferentiate() {
        let maps: [(ParameterMap, Double)] = [
            (.identity, -1.3), (.logarithmic, 0.2), (.logistic(lower: -2, upper: 5), 4.9),
            (.logLogistic(lower: 0.1, upper: 10), 3)
        ]
        for (map, p) in maps {
            let q = map.trainable(p)
            XCTAssertEqual(map.value(q), p, accuracy: 1e-12 * max(1, abs(p)), "\(map)")
            let h = 1e-5
            let difference = (map.value(q + h) - map.value(q - h)) / (2 * h)
            XCTAssertEqual(map.derivative(q), difference, accuracy: 1e-8 * max(1, abs(difference)), "\(map)")
        }
        XCTAssertGreaterThan(ParameterMap.logistic(lower: -2, upper: 5).value(40), -2)
        XCTAssertLessThanOrEqual(ParameterMap.logistic(lower: -2, upper: 5).value(40), 5)
    }

    func testBadDeclarationsNameTheirJSONPath() {
        let cases: [(String, String, String)] = [
            (#"{"k": {"unknown": 0, "positive": true}}"#, "parameters.k.unknown", "positive initial guess"),
            (#"{"k": {"unknown": 2, "bounds": [3, 1]}}"#, "parameters.k.bounds", "lower < upper"),
            (
                #"{"k": {"unknown": 2, "bounds": [-1, 3], "positive": true}}"#, "parameters.k.bounds",
                "positive lower bound"
            ),
            (#"{"k": {"unknown": 2, "bound": [1, 3]}}"#, "parameters.k.bound", "did you mean 'bounds'"),
            (#"{"k": {"guess": 2}}"#, "parameters.k.guess", "unknown key"),
            (#"{"k": "two"}"#, "parameters.k", "expected an object")
        ]
        for (parameters, path, phrase) in cases {
            let json =
                #"{"kind": "helmholtz", "k": "k", "source": "1", "parameters": \#(parameters), "exact": "0", "measurements": {"generate": {"count": 5}}}"#
            XCTAssertThrowsError(try ProblemFile.decode(json), parameters) { error in
                guard let error = error as? ProblemError else { return XCTFail("\(error)") }
                XCTAssertTrue(error.path.hasPrefix(path), "\(parameters): \(error)")
                XCTAssertTrue(error.message.contains(phrase), "\(parameters): \(error)")
            }
        }
    }

    func testExactSolutionMayUseAnUnknownOnlyWithItsTrueValue() {
        let json = #"""
            {"kind": "helmholtz", "parameters": {"k": {"unknown": 3}}, "k": "k", "source": "0",
             "exact": "sin(k*x)", "measurements": {"generate": {"count": 5}}}
            """#
        XCTAssertThrowsError(try ProblemFile.decode(json)) { error in
            XCTAssertEqual((error as? ProblemError)?.path, "exact", "\(error)")
        }
        XCTAssertNoThrow(
            try ProblemFile.decode(json.replacingOccurrences(of: #""unknown": 3"#, with: #""unknown": 3, "true": 4"#)))
    }

    func testCSVMeasurementsTakeTheirColumnsInAnyOrder() throws {
        let table = try MeasurementTable.parseCSV("u, y ,x\n1, 2, 3\n\n-4e-1,.5,6\n", dimension: 2)
        XCTAssertEqual(table.points, [3, 2, 6, 0.5])
        XCTAssertEqual(table.values, [1, -0.4])
        XCTAssertThrowsError(try MeasurementTable.parseCSV("x,y,u\n1,2,nan\n", dimension: 2, file: "m.csv")) { error in
            XCTAssertEqual("\(error)", "m.csv: line 2, column 3: expected a number for 'u', found 'nan'")
        }
        XCTAssertThrowsError(try MeasurementTable.parseCSV("x,y,z,u\n1,2,3,4\n", dimension: 2, file: "m.csv")) {
            error in
            XCTAssertTrue("\(error)".contains("unknown column 'z'"), "\(error)")
        }
        XCTAssertThrowsError(try MeasurementTable.parseCSV("x,u\n", dimension: 1, file: "m.csv")) { error in
            XCTAssertTrue("\(error)".contains("no measurements"), "\(error)")
        }
    }
}
