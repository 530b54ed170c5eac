import Foundation
import PinnIO
import PinnTestSupport
import XCTest

private struct Interrupted: Error {}

final class AtomicFileTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws { directory = try TemporaryDirectory() }
    override func tearDown() { directory.remove() }

    func testTemporaryFileIsHiddenBesideTheDestination() {
        let temporary = AtomicFile.temporaryPath(for: "/data/out/poisson.h5")
        XCTAssertTrue(temporary.hasPrefix("/data/out/.poisson.h5.tmp-\(getpid())-"), temporary)
        XCTAssertTrue(AtomicFile.temporaryPath(for: "poisson.h5").hasPrefix(".poisson.h5.tmp-"))
    }

    func testFailedHDF5WriteLeavesNeitherDestinationNorTemporary() throws {
        let path = directory.file("result.h5")
        var sawTemporary = false
        XCTAssertThrowsError(
            try HDF5File.writeAtomically(to: path) { file in
                try file.writeDataset("/fields/u", values: [1.0, 2.0])
                sawTemporary = try self.directory.contents().contains { $0.hasPrefix(".result.h5.tmp-") }
                throw Interrupted()
            }
        ) { XCTAssertTrue($0 is Interrupted) }
        XCTAssertTrue(sawTemporary)
        XCTAssertEqual(try directory.contents(), [])
    }

    func testFailedHDF5WriteKeepsTheExistingFile() throws {
        let path = directory.file("result.h5")
        try HDF5File.writeAtomically(to: path) { try $0.writeDataset("version", values: [1.0]) }
        XCTAssertThrowsError(
            try HDF5File.writeAtomically(to: path) { file in
                try file.writeDataset("version", values: [2.0])
                try file.writeDataset("version", values: [3.0]) // fails: exists
            }
        ) { error in
            XCTAssertEqual(error as? HDF5Error, .call("H5Dcreate2", path: "/version", file: path))
        }
        XCTAssertEqual(try directory.contents(), ["result.h5"])
        XCTAssertEqual(try HDF5File.openReadOnly(at: path).readDataset("version", as: Double.self).values, [1])
    }

    func testSuccessfulHDF5WriteReplacesTheExistingFile() throws {
        let path = directory.file("result.h5")
        try HDF5File.writeAtomically(to: path) { try $0.writeDataset("version", values: [1.0]) }
        try HDF5File.writeAtomically(to: path) { file in
            try file.writeDataset("version", values: [2.0])
            try file.setAttribute("note", to: "second")
        }
        XCTAssertEqual(try directory.contents(), ["result.h5"])
        let file = try HDF5File.openReadOnly(at: path)
        XCTAssertEqual(try file.readDataset("version", as: Double.self).values, [2])
        XCTAssertEqual(try file.stringAttribute("note"), "second")
    }

    func testTextIsWrittenAtomically() throws {
        let path = directory.file("poisson.xdmf")
        try AtomicFile.write("first\n", to: path)
        try AtomicFile.write("second ∇\n", to: path)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "second ∇\n")
        XCTAssertEqual(try directory.contents(), ["poisson.xdmf"])
    }

    func testFailedTextWriteKeepsTheExistingFileAndRemovesTheTemporary() throws {
        let path = directory.file("notes.txt")
        try AtomicFile.write("kept", to: path)
        XCTAssertThrowsError(
            try AtomicFile.replace(path) { temporary in
                try Data("partial".utf8).write(to: URL(fileURLWithPath: temporary))
                throw Interrupted()
            })
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "kept")
        XCTAssertEqual(try directory.contents(), ["notes.txt"])
    }

    func testWritingIntoAMissingDirectoryThrowsWithoutLeavingFiles() throws {
        let path = directory.file("absent/result.h5")
        XCTAssertThrowsError(try HDF5File.writeAtomically(to: path) { _ in }) { error in
            XCTAssertEqual(error as? HDF5Error, .call("H5Fcreate", path: "/", file: path))
        }
        XCTAssertThrowsError(try AtomicFile.write("x", to: path)) { error in
            XCTAssertEqual((error as? AtomicWriteError)?.call, "open")
        }
        XCTAssertEqual(try directory.contents(), [])
    }
}
