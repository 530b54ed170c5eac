import Foundation
import PinnIO
import PinnNumerics
import PinnTestSupport
import XCTest

final class NetCDFGriddedResultTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws { directory = try TemporaryDirectory() }
    override func tearDown() { directory.remove() }

    private let created = Date(timeIntervalSince1970: 1_767_225_600) // 2026-01-01T00:00:00Z

    /// u = x + 10 y on a 5 × 3 grid, NaN where x > 0.5 and y > 0.5 (outside an L-shape).
    private func lShapeResult(_ grid: RectilinearGrid) -> NetCDFGriddedResult {
        let points = grid.pointCoordinates()
        let d = grid.dimension
        let u = (0..<grid.pointCount).map { p -> Double in
            let x = points[p * d], y = d > 1 ? points[p * d + 1] : 0, z = d > 2 ? points[p * d + 2] : 0
            return x > 0.5 && y > 0.5 ? .nan : x + 10 * y + 100 * z
        }
        return NetCDFGriddedResult(
            grid: grid, axisUnits: ["m"],
            fields: [
                NetCDFGridField(name: "u", values: u, longName: "learned solution"),
                NetCDFGridField(name: "error", values: u.map { $0 * 1e-3 }, longName: "u minus reference")
            ],
            metrics: ["relative_l2_vs_reference": 6.9e-4, "wall_seconds": 12.5],
            metadata: NetCDFResultMetadata(
                title: "pinn result: lshape", command: "pinn solve Problems/lshape.json",
                version: "0.1.0", problem: #"{"kind": "poisson"}"#, created: created))
    }

    func testTwoDimensionalLayoutRoundTrips() throws {
        let grid = RectilinearGrid(x: [0, 0.25, 0.5, 0.75, 1], y: [0, 0.5, 1])
        let result = lShapeResult(grid)
        let path = directory.file("lshape.nc")
        try result.write(to: path)
        XCTAssertEqual(try directory.contents(), ["lshape.nc"])

        let root = try NetCDFFile.openReadOnly(at: path).root
        XCTAssertEqual(try root.attribute("Conventions").text, "CF-1.10")
        XCTAssertEqual(try root.attribute("title").text, "pinn result: lshape")
        XCTAssertEqual(try root.attribute("history").text, "2026-01-01T00:00:00Z: pinn solve Problems/lshape.json")
        XCTAssertEqual(try root.attribute("source").text, "pinn 0.1.0")
        XCTAssertEqual(try root.attribute("date_created").text, "2026-01-01T00:00:00Z")
        XCTAssertEqual(try root.attribute("problem").text, #"{"kind": "poisson"}"#)
        XCTAssertEqual(try root.dimensionNames(), ["x", "y"])
        XCTAssertEqual(try root.variableNames(), ["x", "y", "u", "error", "metrics"])

        let x = try root.variable("x"), y = try root.variable("y")
        XCTAssertEqual(try x.read(as: Double.self), grid.axes[0].coordinates)
        XCTAssertEqual(try y.read(as: Double.self), grid.axes[1].coordinates)
        XCTAssertEqual(try x.attribute("axis").text, "X")
        XCTAssertEqual(try y.attribute("axis").text, "Y")
        XCTAssertEqual(try x.attribute("units").text, "m")
        XCTAssertEqual(try y.attribute("units").text, "1", "axes without given units are dimensionless")

        let u = try root.variable("u")
        XCTAssertEqual(try u.dimensionNames(), ["y", "x"])
        XCTAssertEqual(try u.shape(), [3, 5])
        XCTAssertEqual(try u.attribute("long_name").text, "learned solution")
        XCTAssertEqual(try u.attribute("units").text, "1")
        XCTAssertTrue(try XCTUnwrap(u.attribute("_FillValue").doubles?.first).isNaN)
        XCTAssertThrowsError(try u.attribute("standard_name"), "no standard name unless one is given")
        let values = try u.read(as: Double.self)
        let expected = result.fields[0].values
        XCTAssertEqual(values.count, expected.count)
        for (a, b) in zip(values, expected) { XCTAssertTrue(a == b || (a.isNaN && b.isNaN), "\(a) vs \(b)") }
        // x fastest: u[j=1, i=3] is u(x = 0.75, y = 0.5) = 5.75.
        XCTAssertEqual(values[grid.flatIndex([3, 1])], 5.75)
        XCTAssertTrue(values[grid.flatIndex([3, 2])].isNaN)

        let metrics = try root.variable("metrics")
        XCTAssertEqual(try metrics.shape(), [])
        XCTAssertEqual(try metrics.attribute("relative_l2_vs_reference"), .doubles([6.9e-4]))
        XCTAssertEqual(try metrics.attribute("wall_seconds"), .doubles([12.5]))
    }

    func testThreeDimensionalFieldsUseZYX() throws {
        let grid = RectilinearGrid.uniform(lower: [0, 0, 0], upper: [1, 1, 1], counts: [4, 3, 2])
        let path = directory.file("cube.nc")
        try lShapeResult(grid).write(to: path)
        let root = try NetCDFFile.openReadOnly(at: path).root
        XCTAssertEqual(try root.variable("u").dimensionNames(), ["z", "y", "x"])
        XCTAssertEqual(try root.variable("u").shape(), [2, 3, 4])
        XCTAssertEqual(try root.variable("z").attribute("axis").text, "Z")
        XCTAssertEqual(try root.variable("u").read(as: Double.self)[grid.flatIndex([1, 2, 1])], 1.0 / 3 + 10 + 100)
    }

    func testNcdumpReadsTheHeaderWithoutComplaint() throws {
        let grid = RectilinearGrid(x: [0, 0.25, 0.5, 0.75, 1], y: [0, 0.5, 1])
        let path = directory.file("lshape.nc")
        try lShapeResult(grid).write(to: path)
        let (status, header, errors) = try runNcdump(["-h", path])
        XCTAssertEqual(status, 0, errors)
        XCTAssertEqual(errors, "", "ncdump printed warnings")
        for line in [
            "x = 5 ;", "y = 3 ;", "double x(x) ;", "double y(y) ;", "double u(y, x) ;", "double error(y, x) ;",
            "u:_FillValue = NaN ;", "x:axis = \"X\" ;", "int metrics ;",
            "metrics:relative_l2_vs_reference = 0.00069 ;", ":Conventions = \"CF-1.10\" ;",
            ":source = \"pinn 0.1.0\" ;"
        ] {
            XCTAssertTrue(header.contains(line), "missing '\(line)' in\n\(header)")
        }
        // The whole file, data included, also dumps cleanly.
        let full = try runNcdump([path])
        XCTAssertEqual(full.status, 0, full.errors)
        XCTAssertEqual(full.errors, "")
        XCTAssertTrue(full.output.contains("_, _"), "NaN (the fill value) is shown as missing:\n\(full.output)")
    }

    func testInvalidResultsThrowBeforeWritingAnything() throws {
        let grid = RectilinearGrid(x: [0, 1], y: [0, 1])
        let path = directory.file("bad.nc")
        let metadata = NetCDFResultMetadata(title: "t", command: "c", version: "0")
        let short = NetCDFGriddedResult(
            grid: grid, fields: [NetCDFGridField(name: "u", values: [1, 2, 3], longName: "u")],
            metadata: metadata)
        XCTAssertThrowsError(try short.write(to: path)) { error in
            XCTAssertEqual(error as? NetCDFError, .shapeMismatch(object: "/u", file: path, shape: [2, 2], count: 3))
        }
        let clash = NetCDFGriddedResult(
            grid: grid, fields: [NetCDFGridField(name: "x", values: [1, 2, 3, 4], longName: "x")],
            metadata: metadata)
        XCTAssertThrowsError(try clash.write(to: path)) { error in
            guard case .invalid(object: "/x", file: path, _) = error as? NetCDFError else { return XCTFail("\(error)") }
        }
        let badName = NetCDFGriddedResult(
            grid: grid, fields: [NetCDFGridField(name: "a/b", values: [1, 2, 3, 4], longName: "")],
            metadata: metadata)
        XCTAssertThrowsError(try badName.write(to: path)) { error in
            guard case let .call(function, _, _, object, file) = error as? NetCDFError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(function, "nc_def_var")
            XCTAssertEqual(object, "/a/b")
            XCTAssertEqual(file, path)
        }
        XCTAssertEqual(try directory.contents(), [])
    }
}

extension NetCDFGriddedResultTests {
    /// Writes the 2-D L-shape sample (u = x + 10 y, NaN where x > 0.5 and y > 0.5) to the path in
    /// `PINN_NETCDF_SAMPLE`, for `scripts/check_netcdf.py --expect "u=x+10*y"`; skipped otherwise.
    func testWritesASampleForTheXarrayScript() throws {
        guard let path = ProcessInfo.processInfo.environment["PINN_NETCDF_SAMPLE"] else {
            throw XCTSkip("set PINN_NETCDF_SAMPLE to write the sample file")
        }
        let grid = RectilinearGrid.uniform(lower: [0, 0], upper: [1, 1], counts: [41, 21])
        try lShapeResult(grid).write(to: path)
    }
}
