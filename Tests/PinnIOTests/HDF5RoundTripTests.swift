import Foundation
import PinnNumerics
import PinnTestSupport
import XCTest

@testable import PinnIO

final class HDF5RoundTripTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws { directory = try TemporaryDirectory() }
    override func tearDown() { directory.remove() }

    func testDoubleDatasetsRoundTripInOneTwoAndThreeDimensions() throws {
        let path = directory.file("doubles.h5")
        let shapes = [[7], [3, 5], [2, 3, 4]]
        do {
            let file = try HDF5File.create(at: path)
            for (n, shape) in shapes.enumerated() {
                let values = (0..<shape.reduce(1, *)).map { Double($0) * 0.5 - 3 }
                try file.writeDataset("/data/d\(n)", values: values, shape: shape)
            }
            try file.close()
        }
        let file = try HDF5File.openReadOnly(at: path)
        for (n, shape) in shapes.enumerated() {
            let array = try file.readDataset("/data/d\(n)", as: Double.self)
            XCTAssertEqual(array.shape, shape)
            XCTAssertEqual(array.values, (0..<shape.reduce(1, *)).map { Double($0) * 0.5 - 3 })
            XCTAssertEqual(try file.elementKind(of: "/data/d\(n)"), .float64)
        }
    }

    func testArraySubscriptIsRowMajor() throws {
        let array = HDF5Array(shape: [2, 3, 4], values: (0..<24).map(Double.init))
        XCTAssertEqual(array[1, 2, 3], 23)
        XCTAssertEqual(array[1, 0, 2], 14)
    }

    func testFloatAndInt64DatasetsRoundTripWithTheirTypes() throws {
        let path = directory.file("types.h5")
        let floats: [Float] = [1.5, -2.25, .pi, 1e-30]
        let integers: [Int64] = [0, -1, .max, .min, 42, 7]
        do {
            let file = try HDF5File.create(at: path)
            try file.writeDataset("f", values: floats, shape: [2, 2])
            try file.writeDataset("i", values: integers, shape: [3, 2])
        }
        let file = try HDF5File.openReadOnly(at: path)
        XCTAssertEqual(try file.elementKind(of: "f"), .float32)
        XCTAssertEqual(try file.elementKind(of: "i"), .int64)
        XCTAssertEqual(try file.readDataset("f", as: Float.self).values, floats)
        XCTAssertEqual(try file.readDataset("i", as: Int64.self).shape, [3, 2])
        XCTAssertEqual(try file.readDataset("i", as: Int64.self).values, integers)
        // HDF5 converts on read: a Float dataset read as Double keeps its values exactly.
        XCTAssertEqual(try file.readDataset("f", as: Double.self).values, floats.map(Double.init))
    }

    func testScalarAndEmptyDatasetsRoundTrip() throws {
        let path = directory.file("edge.h5")
        do {
            let file = try HDF5File.create(at: path)
            try file.writeDataset("scalar", values: [2.5], shape: [])
            try file.writeDataset("empty", values: [Double](), shape: [0, 3])
        }
        let file = try HDF5File.openReadOnly(at: path)
        XCTAssertEqual(try file.shape(of: "scalar"), [])
        XCTAssertEqual(try file.readDataset("scalar", as: Double.self).values, [2.5])
        XCTAssertEqual(try file.shape(of: "empty"), [0, 3])
        XCTAssertEqual(try file.readDataset("empty", as: Double.self).values, [])
    }

    func testLargeArraysAreCompressedByDefaultAndRoundTripExactly() throws {
        let path = directory.file("big.h5")
        let values = (0..<(300 * 200)).map { sin(Double($0) * 1e-3) }
        do {
            let file = try HDF5File.create(at: path)
            try file.writeDataset("big", values: values, shape: [300, 200])
            try file.writeDataset("small", values: [1.0, 2.0, 3.0])
            try file.writeDataset("forced", values: [1.0, 2.0, 3.0], compression: .deflate(level: 6))
            try file.writeDataset("plain", values: values, shape: [300, 200], compression: .none)
        }
        let file = try HDF5File.openReadOnly(at: path)
        XCTAssertTrue(try file.isCompressed("big"))
        XCTAssertFalse(try file.isCompressed("small"))
        XCTAssertTrue(try file.isCompressed("forced"))
        XCTAssertFalse(try file.isCompressed("plain"))
        XCTAssertEqual(try file.readDataset("big", as: Double.self).values, values)
        XCTAssertEqual(try file.readDataset("forced", as: Double.self).values, [1, 2, 3])
    }

    func testChunksStayUnderOneMebibyte() {
        let chunk = HDF5Compression.chunkShape(for: [4000, 3000], elementSize: 8)
        XCTAssertLessThanOrEqual(chunk.reduce(8, *), 1 << 20)
        XCTAssertEqual(HDF5Compression.chunkShape(for: [100, 50], elementSize: 8), [100, 50])
    }

    func testAttributesRoundTripOnRootGroupsAndDatasets() throws {
        let path = directory.file("attrs.h5")
        let json =
            #"{"kind": "poisson", "source": "2*pi^2*sin(pi*x)*sin(pi*y)", "note": "ünïcødé ∇²u"}"#
            + String(repeating: " ", count: 70_000)
        do {
            let file = try HDF5File.create(at: path)
            try file.setAttribute("problem", to: json)
            try file.setAttribute("seed", to: Int64(1234))
            try file.setAttribute("count", to: 7)
            try file.setAttribute("created", to: "2025-01-01T00:00:00Z")
            let metrics = try file.createGroup("/metrics")
            try metrics.setAttribute("relative_l2", to: 1.8e-3)
            try metrics.setAttribute("losses", to: [1.0, 0.5, 0.25])
            try file.writeDataset("/grid/x", values: [0.0, 1.0])
            try file.setUnits("m", on: "/grid/x")
            try file.setLongName("position along x", on: "/grid/x")
            try file.setAttribute("created", to: "replaced")
        }
        let file = try HDF5File.openReadOnly(at: path)
        XCTAssertEqual(try file.stringAttribute("problem"), json)
        XCTAssertEqual(try file.stringAttribute("created"), "replaced")
        XCTAssertEqual(try file.int64Attribute("seed"), 1234)
        XCTAssertEqual(try file.int64Attribute("count"), 7)
        XCTAssertEqual(try file.doubleAttribute("relative_l2", of: "/metrics"), 1.8e-3)
        XCTAssertEqual(try file.group("metrics").doubleAttribute("relative_l2"), 1.8e-3)
        XCTAssertEqual(try file.doubleArrayAttribute("losses", of: "/metrics"), [1, 0.5, 0.25])
        XCTAssertEqual(try file.stringAttribute("units", of: "/grid/x"), "m")
        XCTAssertEqual(try file.stringAttribute("long_name", of: "/grid/x"), "position along x")
        XCTAssertTrue(try file.hasAttribute("seed"))
        XCTAssertFalse(try file.hasAttribute("absent"))
    }

    func testNestedGroupsAreCreatedAndListed() throws {
        let path = directory.file("groups.h5")
        do {
            let file = try HDF5File.create(at: path)
            let loss = try file.createGroup("/training/loss")
            try loss.writeDataset("pde", values: [3.0, 2.0])
            try loss.writeDataset("boundary", values: [1.0])
            XCTAssertEqual(loss.objectPath, "/training/loss")
            try file.createGroup("/training/loss") // idempotent
            try file.writeDataset("/fields/u", values: [0.0])
        }
        let file = try HDF5File.openReadOnly(at: path)
        XCTAssertEqual(try file.members(), ["fields", "training"])
        XCTAssertEqual(try file.members(of: "/training/loss"), ["boundary", "pde"])
        XCTAssertEqual(try file.group("training").members(of: "loss"), ["boundary", "pde"])
        XCTAssertEqual(try file.kind(of: "/training"), .group)
        XCTAssertEqual(try file.kind(of: "/fields/u"), .dataset)
        XCTAssertTrue(file.exists("/training/loss/pde"))
        XCTAssertFalse(file.exists("/training/nothing/here"))
        XCTAssertEqual(try file.group("training").readDataset("loss/pde", as: Double.self).values, [3, 2])
    }

    func testH5dumpListsTheWrittenDatasets() throws {
        guard
            let h5dump = ["/usr/bin/h5dump", "/usr/local/bin/h5dump"].first(where: FileManager.default.isExecutableFile)
        else {
            throw XCTSkip("h5dump is not installed")
        }
        let path = directory.file("dump.h5")
        let grid = RectilinearGrid(x: [0, 0.5, 1], y: [0, 1])
        do {
            let file = try HDF5File.create(at: path)
            try file.writeGrid(grid)
            try file.writeField("/fields/u", values: [1.0, 2, 3, 4, 5, 6], on: grid)
            try file.setAttribute("pinn_version", to: "0.1.0")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: h5dump)
        process.arguments = ["-H", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        XCTAssertTrue(output.contains(#"DATASET "u""#), output)
        XCTAssertTrue(output.contains(#"DATASET "x""#), output)
        XCTAssertTrue(output.contains("SIMPLE { ( 2, 3 ) / ( 2, 3 ) }"), output)
        XCTAssertTrue(output.contains("DIMENSION_LIST"), output)
        XCTAssertTrue(output.contains("H5T_CSET_UTF8"), output)
    }

    func testOperationsLeaveNoHandlesOpen() throws {
        let file = try HDF5File.create(at: directory.file("handles.h5"))
        let grid = RectilinearGrid(x: [0, 1, 2], y: [0, 1])
        try file.writeGrid(grid)
        try file.writeField("/fields/u", values: [Double](repeating: 1, count: 6), on: grid)
        try file.setAttribute("name", to: "poisson")
        try file.setAttribute("values", to: [1.0, 2.0], on: "/fields/u")
        _ = try file.stringAttribute("name")
        _ = try file.doubleArrayAttribute("values", of: "/fields/u")
        _ = try file.readDataset("/fields/u", as: Double.self)
        _ = try file.dimensionScales(of: "/fields/u")
        _ = try file.members()
        _ = try file.isCompressed("/fields/u")
        _ = try? file.readDataset("/fields/missing", as: Double.self)
        _ = try? file.stringAttribute("missing")
        do {
            let group = try file.createGroup("/training")
            try group.writeDataset("loss", values: [1.0])
            withExtendedLifetime(group) { XCTAssertEqual(file.openHandleCount, 2) }
        }
        XCTAssertEqual(file.openHandleCount, 1)
    }
}
