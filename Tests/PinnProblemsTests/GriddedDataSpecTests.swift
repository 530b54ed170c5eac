import Foundation
import XCTest

@testable import PinnProblems

/// `source`, `exact` and boundary `value`s given as gridded data: what decoding and validation
/// accept and refuse (the file itself is read when the problem is bound, in PinnSolve).
final class GriddedDataSpecTests: XCTestCase {
    private func problem(_ source: String, extra: String = "", file: String? = "Problems/p.json") throws -> ProblemFile
    {
        try ProblemFile.decode(#"{"kind": "poisson", "source": \#(source)\#(extra)}"#, file: file)
    }

    private func error(_ source: String, extra: String = "", file: String? = "Problems/p.json") -> ProblemError? {
        do {
            _ = try problem(source, extra: extra, file: file)
            XCTFail("expected an error for \(source)\(extra)")
            return nil
        } catch {
            return error as? ProblemError
        }
    }

    func testDataObjectsDecodeAndResolveAgainstTheProblemFile() throws {
        let p = try problem(
            #"{"file": "data/f.nc", "variable": "f"}"#,
            extra: #", "exact": {"file": "data/u.h5", "variable": "/u", "x": "/x", "y": "/y"}, "#
                + #""boundary": [{"on": "all", "type": "dirichlet", "value": {"file": "g.nc", "variable": "g"}}]"#)
        XCTAssertEqual(
            p.source,
            .data(
                GriddedDataSpec(
                    file: "data/f.nc", variable: "f", format: .netCDF,
                    path: "Problems/data/f.nc", problemFile: "Problems/p.json",
                    jsonPath: "source")))
        guard case .data(let exact)? = p.exact else { return XCTFail("\(String(describing: p.exact))") }
        XCTAssertEqual(exact.format, .hdf5)
        XCTAssertEqual(exact.coordinates, ["/x", "/y"])
        XCTAssertEqual(exact.path, "Problems/data/u.h5")
        XCTAssertEqual(exact.jsonPath, "exact")
        guard case .dirichlet(.data(let g)) = p.boundary[0].condition else { return XCTFail("\(p.boundary)") }
        XCTAssertEqual(g.jsonPath, "boundary[0].value")
        XCTAssertEqual(g.path("variable"), "boundary[0].value.variable")
        // Strings and numbers are still expressions.
        XCTAssertEqual(try problem("\"x*y\"").source, .expression("x*y"))
        XCTAssertEqual(try problem("2.5").source, .expression("2.5"))
        XCTAssertEqual(try problem(#"{"file": "F.NC4", "variable": "f"}"#).source.description, "f in F.NC4")
    }

    func testMistakesInTheDataObjectNameTheirJSONPath() {
        let cases: [(String, String, String, String)] = [
            (#"{"variable": "f"}"#, "", "source.file", "missing required key 'file'"),
            (#"{"file": "data/f.nc"}"#, "", "source.variable", "missing required key 'variable'"),
            (#"{"file": "data/f.nc", "variable": ""}"#, "", "source.variable", "expected a non-empty name"),
            (#"{"file": "data/f.nc", "varaible": "f"}"#, "", "source.varaible", "did you mean 'variable'?"),
            (#"{"file": "data/f.txt", "variable": "f"}"#, "", "source.file", "unknown data file type 'data/f.txt'"),
            (#"{"file": "data/f.nc", "variable": "f", "y": "lat"}"#, "", "source.y", "'y' is given but 'x' is not"),
            (
                #"{"file": "data/f.nc", "variable": "f", "x": "lon"}"#, "", "source",
                "explicit coordinates for x but not y"
            ),
            (
                #"{"file": "data/f.nc", "variable": "f", "x": "a", "y": "b", "z": "c"}"#, "", "source.z",
                "'z' does not apply to a 2-D problem"
            ),
            (#"{"file": "../../f.nc", "variable": "f"}"#, "", "source.file", "outside the project folder"),
            (#"{"file": "/tmp/f.nc", "variable": "f"}"#, "", "source.file", "outside the project folder"),
            ("true", "", "source", "expected an expression (a string or a number) or gridded data"),
            ("[1]", "", "source", "expected an expression (a string or a number) or gridded data"),
            ("0", #", "exact": {"file": "u.nc"}"#, "exact.variable", "missing required key 'variable'"),
            (
                "0", #", "boundary": [{"type": "neumann", "value": {"file": "g.nc", "variable": "g", "w": 1}}]"#,
                "boundary[0].value.w", "unknown key 'w' in gridded data"
            )
        ]
        for (source, extra, path, phrase) in cases {
            let e = error(source, extra: extra)
            XCTAssertEqual(e?.file, "Problems/p.json", source + extra)
            XCTAssertEqual(e?.path, path, "\(source)\(extra): \(String(describing: e))")
            XCTAssertTrue(e?.message.contains(phrase) ?? false, "\(source)\(extra): \(String(describing: e))")
        }
    }

    func testExplicitCoordinatesMatchTheDimension() throws {
        let p = try ProblemFile.decode(
            #"""
            {"kind": "poisson", "domain": {"type": "box", "lower": [0, 0, 0], "upper": [1, 1, 1]},
             "source": {"file": "f.h5", "variable": "/f", "x": "/x", "y": "/y", "z": "/z"}}
            """#, file: "Problems/p.json")
        guard case .data(let spec) = p.source else { return XCTFail() }
        XCTAssertEqual(spec.coordinates, ["/x", "/y", "/z"])
        let line = try ProblemFile.decode(
            #"""
            {"kind": "poisson", "domain": {"type": "interval", "lower": 0, "upper": 1},
             "source": {"file": "f.h5", "variable": "/f", "x": "/x"}}
            """#)
        guard case .data(let lineSpec) = line.source else { return XCTFail() }
        XCTAssertEqual(lineSpec.coordinates, ["/x"])
        XCTAssertEqual(
            error(
                #"{"file": "f.h5", "variable": "/f", "x": "/x", "y": "/y"}"#,
                extra: #", "domain": {"type": "interval", "lower": 0, "upper": 1}"#)?.path, "source.y")
    }
}
