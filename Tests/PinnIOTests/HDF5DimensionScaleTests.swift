import PinnIO
import PinnNumerics
import PinnTestSupport
import XCTest

final class HDF5DimensionScaleTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws { directory = try TemporaryDirectory() }
    override func tearDown() { directory.remove() }

    func testScalesAttachedByHandAreReportedPerDimension() throws {
        let path = directory.file("scales.h5")
        do {
            let file = try HDF5File.create(at: path)
            try file.writeDataset("/grid/x", values: [0.0, 0.5, 1.0])
            try file.writeDataset("/grid/y", values: [-1.0, 1.0])
            try file.makeDimensionScale("/grid/x", name: "x")
            try file.makeDimensionScale("/grid/y", name: "y")
            try file.writeDataset("/fields/u", values: [Double](repeating: 0, count: 6), shape: [2, 3])
            try file.attachScale(to: "/fields/u", scale: "/grid/y", dimension: 0)
            try file.attachScale(to: "/fields/u", scale: "/grid/x", dimension: 1)
            try file.writeDataset("/fields/bare", values: [0.0, 1.0])
        }
        let file = try HDF5File.openReadOnly(at: path)
        XCTAssertTrue(try file.isDimensionScale("/grid/x"))
        XCTAssertFalse(try file.isDimensionScale("/fields/u"))
        XCTAssertEqual(
            try file.dimensionScales(of: "/fields/u"),
            [[HDF5DimensionScale(path: "/grid/y", name: "y")], [HDF5DimensionScale(path: "/grid/x", name: "x")]])
        XCTAssertEqual(try file.dimensionScaleNames(of: "/fields/u"), ["y", "x"])
        XCTAssertEqual(try file.dimensionScaleNames(of: "/fields/bare"), [nil])
        // H5DS writes CLASS and NAME as fixed-length ASCII strings: the other string reading path.
        XCTAssertEqual(try file.stringAttribute("CLASS", of: "/grid/x"), "DIMENSION_SCALE")
        XCTAssertEqual(try file.stringAttribute("NAME", of: "/grid/y"), "y")
    }

    func testAttachingAScaleOfTheWrongLengthThrows() throws {
        let file = try HDF5File.create(at: directory.file("wrong.h5"))
        try file.writeDataset("/grid/x", values: [0.0, 0.5, 1.0])
        try file.makeDimensionScale("/grid/x", name: "x")
        try file.writeDataset("/fields/u", values: [0.0, 1.0], shape: [1, 2])
        XCTAssertThrowsError(try file.attachScale(to: "/fields/u", scale: "/grid/x", dimension: 1)) { error in
            guard case .shapeMismatch(let path, _, _, _)? = error as? HDF5Error else { return XCTFail("\(error)") }
            XCTAssertEqual(path, "/grid/x")
        }
    }

    func testGridFieldsAreStoredXFastestWithScalesOnEveryDimension() throws {
        let path = directory.file("grid.h5")
        let grid = RectilinearGrid(x: [0, 1, 2, 3], y: [10, 20, 30], z: [-1, 1])
        // u(x, y, z) = x + y + 100 z, evaluated at the grid's points in storage order.
        let points = grid.pointCoordinates()
        let u: [Double] = (0..<grid.pointCount).map { n in
            let x = points[3 * n], y = points[3 * n + 1], z = points[3 * n + 2]
            return x + y + 100 * z
        }
        do {
            let file = try HDF5File.create(at: path)
            try file.writeGrid(grid)
            try file.writeField("/fields/u", values: u, on: grid)
        }
        let file = try HDF5File.openReadOnly(at: path)
        let array = try file.readDataset("/fields/u", as: Double.self)
        XCTAssertEqual(array.shape, [2, 3, 4])
        XCTAssertEqual(array[1, 2, 3], 3 + 30 + 100) // [k, j, i] = u(x_i, y_j, z_k)
        XCTAssertEqual(array[0, 1, 2], 2 + 20 - 100)
        XCTAssertEqual(try file.dimensionScaleNames(of: "/fields/u"), ["z", "y", "x"])
        XCTAssertEqual(try file.readDataset("/y", as: Double.self).values, [10, 20, 30])
    }

    func testNetCDFReadersSeeGridFieldsWithTheirCoordinateDimensions() throws {
        let path = directory.file("netcdf.h5")
        let grid = RectilinearGrid(x: [0, 0.5, 1], y: [0, 1])
        do {
            let file = try HDF5File.create(at: path)
            try file.writeGrid(grid)
            try file.writeField("/fields/u", values: [Double](repeating: 0, count: 6), on: grid)
            try file.writeField("/reference/u", values: [Double](repeating: 0, count: 6), on: grid)
        }
        // Read back through netCDF-C: the view of xarray's netcdf4 engine and ncdump.
        let root = try NetCDFFile.openReadOnly(at: path).root
        XCTAssertEqual(try root.group("fields").variable("u").dimensionNames(), ["y", "x"])
        XCTAssertEqual(try root.group("reference").variable("u").dimensionNames(), ["y", "x"])
        XCTAssertEqual(try root.variable("x").dimensionNames(), ["x"])
    }

    func testCoordinatesInASiblingGroupAreInvisibleToNetCDF() throws {
        // Why `writeGrid` defaults to the root group: netCDF only looks in the group and its ancestors.
        let path = directory.file("sibling.h5")
        let grid = RectilinearGrid(x: [0, 0.5, 1], y: [0, 1])
        do {
            let file = try HDF5File.create(at: path)
            try file.writeGrid(grid, in: "/grid")
            try file.writeField("/fields/u", values: [Double](repeating: 0, count: 6), on: grid, gridGroup: "/grid")
            XCTAssertEqual(try file.dimensionScaleNames(of: "/fields/u"), ["y", "x"])
        }
        // netCDF-C opens the file and finds the variable, but cannot resolve its dimension ids.
        let u = try NetCDFFile.openReadOnly(at: path).root.group("fields").variable("u")
        XCTAssertThrowsError(try u.dimensionNames()) { error in
            guard case let NetCDFError.call(function, code, _, object, _) = error else {
                return XCTFail("unexpected error: \(error)")
            }
            XCTAssertEqual(function, "nc_inq_dimname")
            XCTAssertEqual(code, -46, "NC_EBADDIM: invalid dimension id or name")
            XCTAssertEqual(object, "/fields/u")
        }
    }
}
