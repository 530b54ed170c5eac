import Foundation
import PinnIO
import PinnTestSupport
import XCTest

final class NetCDFFileTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws { directory = try TemporaryDirectory() }
    override func tearDown() { directory.remove() }

    func testVariablesAttributesAndGroupsRoundTrip() throws {
        let path = directory.file("roundtrip.nc")
        try NetCDFFile.writeAtomically(to: path) { file in
            let root = file.root
            try root.setAttribute("title", to: "round trip — ünïcode")
            try root.setAttribute("numbers", .doubles([1.5, -2, .infinity]))
            try root.setAttribute("names", .strings(["a", "bc"]))
            try root.defineDimension("y", length: 2)
            try root.defineDimension("x", length: 3)
            let u = try root.defineVariable("u", type: Double.self, dimensions: ["y", "x"], fill: .nan)
            try u.setAttribute("units", to: "m")
            try u.setAttribute("valid_range", .doubles([-10, 10]))
            try u.write([1, 2, 3, 4, .nan, 6])
            let f = try root.defineVariable("f", type: Float.self, dimensions: ["x"])
            try f.write([Float(0.5), 1.5, 2.5])
            let n = try root.defineVariable("n", type: Int32.self, dimensions: ["x"])
            try n.setAttribute("flags", .ints([1, 2]))
            try n.write([Int32(-1), 0, 7])
            let big = try root.defineVariable("big", type: Int64.self, dimensions: ["y"])
            try big.setAttribute("offset", .int64s([1 << 40]))
            try big.write([Int64(1) << 50, -3])
            let group = try root.defineGroup("training")
            try group.setAttribute("steps", to: 100)
            try group.defineDimension("step", length: 4)
            let loss = try group.defineVariable("loss", type: Double.self, dimensions: ["step", "x"])
            try loss.write((0..<12).map(Double.init))
        }

        let file = try NetCDFFile.openReadOnly(at: path)
        let root = file.root
        XCTAssertEqual(try root.attribute("title"), .text("round trip — ünïcode"))
        XCTAssertEqual(try root.attribute("numbers"), .doubles([1.5, -2, .infinity]))
        XCTAssertEqual(try root.attribute("names"), .strings(["a", "bc"]))
        XCTAssertEqual(try root.attributeNames(), ["title", "numbers", "names"])
        XCTAssertEqual(try root.dimensionNames(), ["y", "x"])
        XCTAssertEqual(try root.dimensionLength("x"), 3)
        XCTAssertEqual(try root.variableNames(), ["u", "f", "n", "big"])
        let u = try root.variable("u")
        XCTAssertEqual(try u.type(), .double)
        XCTAssertEqual(try u.dimensionNames(), ["y", "x"])
        XCTAssertEqual(try u.shape(), [2, 3])
        XCTAssertEqual(try u.attribute("units").text, "m")
        XCTAssertEqual(try u.attribute("valid_range"), .doubles([-10, 10]))
        XCTAssertTrue(try XCTUnwrap(u.attribute("_FillValue").doubles?.first).isNaN)
        let values = try u.read(as: Double.self)
        XCTAssertEqual(values.count, 6)
        XCTAssertTrue(values[4].isNaN)
        XCTAssertEqual(values.enumerated().filter { $0.offset != 4 }.map(\.element), [1, 2, 3, 4, 6])
        XCTAssertEqual(try root.variable("f").read(as: Float.self), [0.5, 1.5, 2.5])
        XCTAssertEqual(try root.variable("f").type(), .float)
        XCTAssertEqual(try root.variable("n").read(as: Int32.self), [-1, 0, 7])
        XCTAssertEqual(try root.variable("n").read(as: Double.self), [-1, 0, 7], "netCDF converts on read")
        XCTAssertEqual(try root.variable("n").attribute("flags"), .ints([1, 2]))
        XCTAssertEqual(try root.variable("big").read(as: Int64.self), [1 << 50, -3])
        XCTAssertEqual(try root.variable("big").type(), .int64)
        XCTAssertEqual(try root.variable("big").attribute("offset"), .int64s([1 << 40]))
        XCTAssertEqual(try root.groupNames(), ["training"])
        let training = try root.group("training")
        XCTAssertEqual(training.path, "/training")
        XCTAssertEqual(try training.attribute("steps"), .doubles([100]))
        XCTAssertEqual(try training.dimensionNames(), ["step"])
        let loss = try training.variable("loss")
        XCTAssertEqual(loss.path, "/training/loss")
        XCTAssertEqual(try loss.dimensionNames(), ["step", "x"], "x is inherited from the root group")
        XCTAssertEqual(try loss.read(as: Double.self), (0..<12).map(Double.init))
        try file.close()
    }

    func testLargeVariablesAreCompressedAndRoundTrip() throws {
        let path = directory.file("large.nc")
        let values = (0..<10_000).map { sin(Double($0) * 0.01) }
        try NetCDFFile.writeAtomically(to: path) { file in
            try file.root.defineDimension("n", length: values.count)
            try file.root.defineVariable("v", type: Double.self, dimensions: ["n"]).write(values)
        }
        XCTAssertEqual(try NetCDFFile.openReadOnly(at: path).root.variable("v").read(as: Double.self), values)
        let header = try runNcdump(["-hs", path])
        XCTAssertTrue(header.output.contains("v:_DeflateLevel = 4"), header.output)
        XCTAssertTrue(header.output.contains("v:_Shuffle = \"true\""), header.output)
    }

    func testErrorsNameTheCallTheObjectAndTheFile() throws {
        let path = directory.file("errors.nc")
        let file = try NetCDFFile.create(at: path)
        try file.root.defineDimension("x", length: 2)
        XCTAssertThrowsError(try file.root.defineVariable("u", type: Double.self, dimensions: ["nope"])) { error in
            guard case let .call(function, code, message, object, errorFile) = error as? NetCDFError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(function, "nc_inq_dimid")
            XCTAssertNotEqual(code, 0)
            XCTAssertFalse(message.isEmpty)
            XCTAssertEqual(object, "/u")
            XCTAssertEqual(errorFile, path)
            XCTAssertTrue("\(error)".contains("nc_inq_dimid"), "\(error)")
            XCTAssertTrue("\(error)".contains(message), "\(error)")
        }
        let u = try file.root.defineVariable("u", type: Double.self, dimensions: ["x"])
        XCTAssertThrowsError(try u.write([1.0, 2, 3])) { error in
            XCTAssertEqual(error as? NetCDFError, .shapeMismatch(object: "/u", file: path, shape: [2], count: 3))
        }
        XCTAssertThrowsError(try file.root.defineDimension("x", length: 3)) { error in
            guard case let .call(function, _, message, object, _) = error as? NetCDFError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(function, "nc_def_dim")
            XCTAssertEqual(object, "/x")
            XCTAssertTrue(message.lowercased().contains("name in use"), message)
        }
        XCTAssertThrowsError(try u.attribute("missing")) { error in
            guard case let .call(_, _, _, object, _) = error as? NetCDFError else { return XCTFail("\(error)") }
            XCTAssertEqual(object, "/u@missing")
        }
        try file.close()
        XCTAssertThrowsError(try file.root.variableNames()) { error in
            XCTAssertEqual(error as? NetCDFError, .closed(file: path))
        }
        XCTAssertThrowsError(try NetCDFFile.openReadOnly(at: directory.file("absent.nc"))) { error in
            guard case let .call(function, _, _, _, errorFile) = error as? NetCDFError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(function, "nc_open")
            XCTAssertEqual(errorFile, directory.file("absent.nc"))
        }
    }

    func testAFailingBodyLeavesNoFileBehind() throws {
        struct Boom: Error {}
        let path = directory.file("result.nc")
        XCTAssertThrowsError(
            try NetCDFFile.writeAtomically(to: path) { file in
                try file.root.defineDimension("x", length: 4)
                try file.root.defineVariable("u", type: Double.self, dimensions: ["x"]).write([1.0, 2, 3, 4])
                throw Boom()
            }
        ) { XCTAssertTrue($0 is Boom) }
        XCTAssertEqual(try directory.contents(), [], "neither the destination nor a temporary remains")

        // An existing file survives a failed rewrite unchanged.
        try NetCDFFile.writeAtomically(to: path) { try $0.root.setAttribute("title", to: "first") }
        XCTAssertThrowsError(
            try NetCDFFile.writeAtomically(to: path) { file in
                try file.root.setAttribute("title", to: "second")
                _ = try file.root.variable("nope")
            })
        XCTAssertEqual(try directory.contents(), ["result.nc"])
        XCTAssertEqual(try NetCDFFile.openReadOnly(at: path).root.attribute("title").text, "first")
    }
}

/// Runs /usr/bin/ncdump with `arguments`; returns its status, standard output and standard error.
func runNcdump(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
    let run = try ProcessRun.run(URL(fileURLWithPath: "/usr/bin/ncdump"), arguments)
    return (run.status, run.stdout, run.stderr)
}
