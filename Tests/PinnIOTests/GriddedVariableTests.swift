import Foundation
import PinnIO
import PinnTestSupport
import XCTest

/// Reading gridded variables with their coordinates from NetCDF (CF coordinate variables) and
/// HDF5 (dimension scales, or named coordinate datasets), and the errors that name what is wrong.
final class GriddedVariableTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws { directory = try TemporaryDirectory() }
    override func tearDown() { directory.remove() }

    private func readError(_ body: () throws -> GriddedVariable) -> GriddedDataError? {
        do {
            _ = try body()
            XCTFail("expected an error")
            return nil
        } catch {
            return error as? GriddedDataError
        }
    }

    /// y(3) and x(4) coordinate variables, f(y, x) = 10 y + x (packed as shorts when `packed`),
    /// a coordinate-less g(y, x) and a text variable.
    private func writeNetCDF(_ path: String, packed: Bool = false, fill: Double? = nil) throws {
        try NetCDFFile.writeAtomically(to: path) { file in
            let root = file.root
            try root.defineDimension("y", length: 3)
            try root.defineDimension("x", length: 4)
            try root.defineDimension("n", length: 2)
            try root.defineVariable("x", type: Double.self, dimensions: ["x"]).write([0.0, 0.5, 1, 1.5])
            try root.defineVariable("y", type: Float.self, dimensions: ["y"]).write([Float(-1), 0, 1])
            let values = (0..<3).flatMap { j in (0..<4).map { i in 10 * Double(j) + Double(i) } }
            if packed {
                let f = try root.defineVariable("f", type: Int32.self, dimensions: ["y", "x"])
                try f.setAttribute("scale_factor", to: 0.5)
                try f.setAttribute("add_offset", to: 100)
                try f.write(values.map { Int32(($0 - 100) / 0.5) })
            } else {
                let f = try root.defineVariable("f", type: Double.self, dimensions: ["y", "x"], fill: fill)
                var written = values
                if fill != nil { written[6] = fill! }
                try f.write(written)
            }
            try root.defineVariable("g", type: Double.self, dimensions: ["n", "x"]).write(
                Array(repeating: 1.0, count: 8))
            try root.defineVariable("label", type: Int32.self, dimensions: ["x"]).write([Int32(1), 2, 3, 4])
        }
    }

    func testNetCDFVariableComesWithItsCoordinateVariables() throws {
        let path = directory.file("f.nc")
        try writeNetCDF(path)
        let v = try GriddedVariable.readNetCDF(path, variable: "f")
        XCTAssertEqual(v.shape, [3, 4])
        XCTAssertEqual(v.dimensions.map(\.name), ["y", "x"])
        XCTAssertEqual(v.dimensions[0].coordinates, [-1, 0, 1])
        XCTAssertEqual(v.dimensions[1].coordinates, [0, 0.5, 1, 1.5])
        XCTAssertEqual(v.values[4 * 2 + 3], 23)
        // Explicit coordinate variables, slowest first.
        let explicit = try GriddedVariable.readNetCDF(path, variable: "f", coordinates: ["y", "x"])
        XCTAssertEqual(explicit.dimensions.map(\.coordinateVariable), ["y", "x"])
        XCTAssertEqual(explicit.values, v.values)
    }

    func testPackedNetCDFValuesAreUnpacked() throws {
        let path = directory.file("packed.nc")
        try writeNetCDF(path, packed: true)
        let v = try GriddedVariable.readNetCDF(path, variable: "f")
        XCTAssertEqual(v.values, (0..<3).flatMap { j in (0..<4).map { i in 10 * Double(j) + Double(i) } })
    }

    func testNetCDFMistakesNameTheVariableAndWhatIsAvailable() throws {
        let path = directory.file("f.nc")
        try writeNetCDF(path)
        let missing = readError { try GriddedVariable.readNetCDF(path, variable: "ff") }
        XCTAssertEqual(missing?.subject, .variable)
        XCTAssertEqual(missing?.missing, "ff")
        XCTAssertEqual(missing?.available, ["x", "y", "f", "g", "label"])
        XCTAssertEqual(missing?.message, "\(path) has no variable 'ff' (its variables: x, y, f, g, label)")

        let noCoordinates = readError { try GriddedVariable.readNetCDF(path, variable: "g") }
        XCTAssertEqual(noCoordinates?.subject, .coordinates(dimension: 0, rank: 2))
        XCTAssertTrue(
            noCoordinates?.message.contains("dimension 'n' of variable 'g'") ?? false,
            "\(String(describing: noCoordinates))")

        let wrongLength = readError { try GriddedVariable.readNetCDF(path, variable: "f", coordinates: ["x", "x"]) }
        XCTAssertEqual(wrongLength?.subject, .coordinates(dimension: 0, rank: 2))
        XCTAssertTrue(
            wrongLength?.message.contains("has shape [4], expected [3]") ?? false, "\(String(describing: wrongLength))")

        let unknownCoordinate = readError {
            try GriddedVariable.readNetCDF(path, variable: "f", coordinates: ["lat", "x"])
        }
        XCTAssertEqual(unknownCoordinate?.missing, "lat")
        XCTAssertEqual(unknownCoordinate?.subject, .coordinates(dimension: 0, rank: 2))

        let count = readError { try GriddedVariable.readNetCDF(path, variable: "f", coordinates: ["x"]) }
        XCTAssertEqual(count?.subject, .variable)

        let absent = readError { try GriddedVariable.readNetCDF(directory.file("none.nc"), variable: "f") }
        XCTAssertEqual(absent?.subject, .file)
        XCTAssertEqual(absent?.message, "the data file \(directory.file("none.nc")) does not exist")

        let text = directory.file("text.nc")
        try Data("not netcdf".utf8).write(to: URL(fileURLWithPath: text))
        let garbage = readError { try GriddedVariable.readNetCDF(text, variable: "f") }
        XCTAssertEqual(garbage?.subject, .file)
        XCTAssertTrue(
            garbage?.message.hasPrefix("cannot open the data file \(text)") ?? false, "\(String(describing: garbage))")
    }

    func testNetCDFFillValuesAreHoles() throws {
        let path = directory.file("holes.nc")
        try writeNetCDF(path, fill: -999)
        let hole = readError { try GriddedVariable.readNetCDF(path, variable: "f") }
        XCTAssertEqual(hole?.subject, .variable)
        XCTAssertTrue(
            hole?.message.contains("has a missing value (_FillValue -999.0) at index [1, 2]") ?? false,
            "\(String(describing: hole))")
    }

    func testHDF5DatasetComesWithItsDimensionScalesOrNamedCoordinates() throws {
        let path = directory.file("f.h5")
        try HDF5File.writeAtomically(to: path) { file in
            try file.writeDataset("/grid/x", values: [0.0, 1, 2])
            try file.writeDataset("/grid/y", values: [5.0, 6])
            try file.writeDataset("/fields/f", values: [0.0, 1, 2, 10, 11, 12], shape: [2, 3])
            try file.writeDataset("/fields/bare", values: [0.0, 1, 2, 10, 11, 12], shape: [2, 3])
            try file.makeDimensionScale("/grid/x", name: "x")
            try file.makeDimensionScale("/grid/y", name: "")
            try file.attachScale(to: "/fields/f", scale: "/grid/y", dimension: 0)
            try file.attachScale(to: "/fields/f", scale: "/grid/x", dimension: 1)
        }
        let v = try GriddedVariable.readHDF5(path, dataset: "/fields/f")
        XCTAssertEqual(v.dimensions.map(\.name), ["y", "x"])
        XCTAssertEqual(v.dimensions.map(\.coordinateVariable), ["/grid/y", "/grid/x"])
        XCTAssertEqual(v.dimensions[0].coordinates, [5, 6])
        XCTAssertEqual(v.values, [0, 1, 2, 10, 11, 12])

        let named = try GriddedVariable.readHDF5(path, dataset: "/fields/bare", coordinates: ["/grid/y", "/grid/x"])
        XCTAssertEqual(named.dimensions.map(\.coordinates), [[5, 6], [0, 1, 2]])

        let noScales = readError { try GriddedVariable.readHDF5(path, dataset: "/fields/bare") }
        XCTAssertEqual(noScales?.subject, .coordinates(dimension: 0, rank: 2))
        XCTAssertTrue(
            noScales?.message.contains("has no dimension scale attached") ?? false, "\(String(describing: noScales))")

        let missing = readError { try GriddedVariable.readHDF5(path, dataset: "/fields/g") }
        XCTAssertEqual(missing?.subject, .variable)
        XCTAssertEqual(missing?.available, ["/fields/bare", "/fields/f", "/grid/x", "/grid/y"])

        let group = readError { try GriddedVariable.readHDF5(path, dataset: "/fields") }
        XCTAssertEqual(group?.missing, "/fields")

        let wrongCoordinate = readError {
            try GriddedVariable.readHDF5(path, dataset: "/fields/bare", coordinates: ["/grid/x", "/grid/x"])
        }
        XCTAssertEqual(wrongCoordinate?.subject, .coordinates(dimension: 0, rank: 2))
        XCTAssertTrue(
            wrongCoordinate?.message.contains("has shape [3], expected [2]") ?? false,
            "\(String(describing: wrongCoordinate))")

        let absent = readError { try GriddedVariable.readHDF5(directory.file("none.h5"), dataset: "/f") }
        XCTAssertEqual(absent?.subject, .file)
    }
}
