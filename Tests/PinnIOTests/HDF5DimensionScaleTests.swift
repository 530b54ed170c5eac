import PinnIO
import PinnNumerics
import PinnTestSupport
import XCTest

final class HDF5DimensionScaleTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws { directory = try TemporaryDirectory() }
    override func tearDown() { directory.remove() }

    /// Scales /grid/x (named "x") and /grid/y (named `yName`) attached to /fields/u (2 × 3), /grid/x
    /// to /fields/v (3); /fields/bare has none.
    private func writeScalesByHand(_ path: String, yName: String = "y") throws {
        let file = try HDF5File.create(at: path)
        try file.writeDataset("/grid/x", values: [0.0, 0.5, 1.0])
        try file.writeDataset("/grid/y", values: [-1.0, 1.0])
        try file.makeDimensionScale("/grid/x", name: "x")
        try file.makeDimensionScale("/grid/y", name: yName)
        try file.writeDataset("/fields/u", values: [Double](repeating: 0, count: 6), shape: [2, 3])
        try file.writeDataset("/fields/v", values: [Double](repeating: 0, count: 3))
        try file.attachScale(to: "/fields/u", scale: "/grid/y", dimension: 0)
        try file.attachScale(to: "/fields/u", scale: "/grid/x", dimension: 1)
        try file.attachScale(to: "/fields/v", scale: "/grid/x", dimension: 0)
        try file.writeDataset("/fields/bare", values: [0.0, 1.0])
    }

    func testScalesAttachedByHandAreReportedPerDimension() throws {
        let path = directory.file("scales.h5")
        try writeScalesByHand(path)
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

    /// `attachedScales` (from the scales' REFERENCE_LIST, what gridded reads use) finds what H5DS
    /// finds from the dataset's DIMENSION_LIST, in files written by hand, by pinn and by netCDF-4.
    func testScalesFoundFromTheirSideAreThoseH5DSFinds() throws {
        let byHand = directory.file("hand.h5"), byPinn = directory.file("pinn.h5"), byNetCDF = directory.file("nc4.nc")
        try writeScalesByHand(byHand, yName: "")
        do {
            let pinn = try HDF5File.create(at: byPinn)
            let grid = RectilinearGrid(x: [0, 1, 2, 3], y: [10, 20, 30], z: [-1, 1])
            try pinn.writeGrid(grid)
            try pinn.writeField("/fields/u", values: [Double](repeating: 0, count: grid.pointCount), on: grid)
        }
        try NetCDFFile.writeAtomically(to: byNetCDF) { file in
            try file.root.defineDimension("y", length: 2)
            try file.root.defineDimension("x", length: 3)
            try file.root.defineDimension("n", length: 4)
            try file.root.defineVariable("x", type: Double.self, dimensions: ["x"]).write([0.0, 1, 2])
            try file.root.defineVariable("f", type: Double.self, dimensions: ["y", "x"]).write(
                [Double](repeating: 1, count: 6))
            try file.root.defineVariable("g", type: Double.self, dimensions: ["n"]).write(
                [Double](repeating: 1, count: 4))
        }
        for path in [byHand, byPinn, byNetCDF] {
            let file = try HDF5File.openReadOnly(at: path)
            for dataset in try file.datasetPaths() {
                XCTAssertEqual(
                    try file.attachedScales(of: dataset), try file.dimensionScales(of: dataset), "\(path) \(dataset)")
            }
        }
        let pinn = try HDF5File.openReadOnly(at: byPinn)
        XCTAssertEqual(try pinn.attachedScales(of: "/fields/u").map { $0.map(\.name) }, [["z"], ["y"], ["x"]])
        let netCDF = try HDF5File.openReadOnly(at: byNetCDF)
        XCTAssertEqual(try netCDF.attachedScales(of: "/f").map { $0.map(\.path) }, [["/y"], ["/x"]])
    }

    /// Where several scales are attached to one dimension, the first attached comes first, as in H5DS.
    func testSeveralScalesOnOneDimensionKeepTheirAttachmentOrder() throws {
        let path = directory.file("several.h5")
        do {
            let file = try HDF5File.create(at: path)
            for name in ["a", "b", "c"] {
                try file.writeDataset("/" + name, values: [0.0, 1.0])
                try file.makeDimensionScale("/" + name, name: name)
            }
            try file.writeDataset("/u", values: [0.0, 1.0])
            for name in ["c", "a", "b"] { try file.attachScale(to: "/u", scale: "/" + name, dimension: 0) }
        }
        let file = try HDF5File.openReadOnly(at: path)
        XCTAssertEqual(try file.attachedScales(of: "/u").map { $0.map(\.name) }, [["c", "a", "b"]])
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
