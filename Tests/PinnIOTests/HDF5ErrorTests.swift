import PinnIO
import PinnTestSupport
import XCTest

final class HDF5ErrorTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws { directory = try TemporaryDirectory() }
    override func tearDown() { directory.remove() }

    func testOpeningAMissingFileThrowsWithItsPath() {
        let path = directory.file("missing.h5")
        XCTAssertThrowsError(try HDF5File.openReadOnly(at: path)) { error in
            XCTAssertEqual(error as? HDF5Error, .call("H5Fopen", path: "/", file: path))
            XCTAssertTrue("\(error)".contains(path))
        }
    }

    func testReadingAMissingDatasetThrowsWithTheObjectPath() throws {
        let path = directory.file("some.h5")
        let file = try HDF5File.create(at: path)
        try file.writeDataset("/fields/u", values: [1.0])
        XCTAssertThrowsError(try file.readDataset("/fields/v", as: Double.self)) { error in
            XCTAssertEqual(error as? HDF5Error, .call("H5Dopen2", path: "/fields/v", file: path))
        }
        let fields = try file.group("fields")
        XCTAssertThrowsError(try fields.readDataset("w", as: Double.self)) { error in
            XCTAssertEqual(error as? HDF5Error, .call("H5Dopen2", path: "/fields/w", file: path))
        }
    }

    func testMissingAttributesAndGroupsThrowWithTheirPaths() throws {
        let path = directory.file("attrs.h5")
        let file = try HDF5File.create(at: path)
        try file.writeDataset("/grid/x", values: [1.0])
        XCTAssertThrowsError(try file.stringAttribute("units", of: "/grid/x")) { error in
            XCTAssertEqual(error as? HDF5Error, .call("H5Aopen", path: "/grid/x@units", file: path))
        }
        XCTAssertThrowsError(try file.group("/nothing")) { error in
            XCTAssertEqual(error as? HDF5Error, .call("H5Gopen2", path: "/nothing", file: path))
        }
    }

    func testWritingTheSameDatasetTwiceThrows() throws {
        let path = directory.file("twice.h5")
        let file = try HDF5File.create(at: path)
        try file.writeDataset("/fields/u", values: [1.0])
        XCTAssertThrowsError(try file.writeDataset("/fields/u", values: [2.0])) { error in
            XCTAssertEqual(error as? HDF5Error, .call("H5Dcreate2", path: "/fields/u", file: path))
        }
    }

    func testValuesThatDoNotFillTheShapeAreRejected() throws {
        let path = directory.file("shape.h5")
        let file = try HDF5File.create(at: path)
        XCTAssertThrowsError(try file.writeDataset("u", values: [1.0, 2.0, 3.0], shape: [2, 2])) { error in
            XCTAssertEqual(error as? HDF5Error, .shapeMismatch(path: "/u", file: path, shape: [2, 2], count: 3))
        }
        XCTAssertFalse(file.exists("u"))
    }

    func testTypeMismatchesAreReported() throws {
        let path = directory.file("types.h5")
        let file = try HDF5File.create(at: path)
        try file.setAttribute("name", to: "poisson")
        try file.setAttribute("seed", to: 3)
        XCTAssertThrowsError(try file.doubleAttribute("name"))
        XCTAssertThrowsError(try file.stringAttribute("seed"))
    }

    func testUseAfterCloseThrows() throws {
        let path = directory.file("closed.h5")
        let file = try HDF5File.create(at: path)
        try file.close()
        XCTAssertThrowsError(try file.writeDataset("u", values: [1.0])) { error in
            XCTAssertEqual(error as? HDF5Error, .closed(file: path))
        }
    }
}
