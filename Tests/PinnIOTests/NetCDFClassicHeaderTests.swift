import Foundation
import PinnTestSupport
import XCTest

@testable import PinnIO

/// The netCDF classic header check made before nc_open: valid CDF-1, CDF-2 and CDF-5 files pass,
/// and a header that states more than its file holds is one `damagedHeader` error naming the file.
final class NetCDFClassicHeaderTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws { directory = try TemporaryDirectory() }
    override func tearDown() { directory.remove() }

    /// A classic file of `version` with `dimensions`, no global attributes and double variables
    /// (name, dimension ids) whose zero values follow the header (unless `writesValues` is false);
    /// the other fields damage it.
    private struct ClassicFile {
        var version: UInt8 = 1
        var dimensions: [(name: String, length: Int)] = [("y", 3), ("x", 4)]
        var variables: [(name: String, dimensions: [Int])] = [("y", [0]), ("x", [1]), ("f", [0, 1])]
        var writesValues = true
        var variableCount: Int?
        var type = 6
        var nameLength: Int?

        func bytes() -> [UInt8] {
            let countSize = version == 5 ? 8 : 4, offsetSize = version == 1 ? 4 : 8
            func integer(_ value: Int, _ width: Int) -> [UInt8] {
                (0..<width).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
            }
            func name(_ text: String) -> [UInt8] {
                let utf8 = Array(text.utf8)
                return integer(nameLength ?? utf8.count, countSize) + utf8
                    + [UInt8](repeating: 0, count: (4 - utf8.count % 4) % 4)
            }
            func header(begins: [Int]) -> [UInt8] {
                var bytes = Array("CDF".utf8) + [version] + integer(0, countSize)
                bytes += integer(0x0A, 4) + integer(dimensions.count, countSize)
                for dimension in dimensions { bytes += name(dimension.name) + integer(dimension.length, countSize) }
                bytes += integer(0, 4) + integer(0, countSize)
                bytes += integer(0x0B, 4) + integer(variableCount ?? variables.count, countSize)
                for (variable, begin) in zip(variables, begins) {
                    bytes += name(variable.name) + integer(variable.dimensions.count, countSize)
                    for id in variable.dimensions { bytes += integer(id, countSize) }
                    bytes += integer(0, 4) + integer(0, countSize) + integer(type, 4)
                    bytes += integer(size(variable) * 8, countSize) + integer(begin, offsetSize)
                }
                return bytes
            }
            func size(_ variable: (name: String, dimensions: [Int])) -> Int {
                variable.dimensions.reduce(1) { $0 * dimensions[min($1, dimensions.count - 1)].length }
            }
            var begins = [Int](), next = header(begins: [Int](repeating: 0, count: variables.count)).count
            for variable in variables {
                begins.append(next)
                next += size(variable) * 8
            }
            let bytes = header(begins: begins)
            return writesValues ? bytes + [UInt8](repeating: 0, count: next - bytes.count) : bytes
        }
    }

    private func write(_ bytes: [UInt8], _ name: String = "c.nc") -> String {
        let path = directory.file(name)
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        return path
    }

    private func reason(_ bytes: [UInt8]) -> String? {
        let path = write(bytes)
        do {
            try NetCDFClassicHeader.check(path)
            XCTFail("expected the header to be rejected")
            return nil
        } catch {
            guard case .damagedHeader(let file, let reason) = error else {
                XCTFail("\(error)")
                return nil
            }
            XCTAssertEqual(file, path)
            XCTAssertEqual(error.description, "\(path) is a damaged netCDF file: \(reason)")
            return reason
        }
    }

    /// Files written by libnetcdf (the fuzz seeds: CDF-1, CDF-2, CDF-5 and netCDF-4) and by the
    /// writer above pass, and libnetcdf reads the latter as written.
    func testValidFilesPass() throws {
        let seeds = TestPaths.repository.appendingPathComponent("Fuzz/Seeds/netcdf").path
        let names = try FileManager.default.contentsOfDirectory(atPath: seeds)
        XCTAssertTrue(names.contains("grid-cdf5.nc"))
        for name in names {
            XCTAssertNoThrow(try NetCDFClassicHeader.check(seeds + "/" + name), name)
        }
        for version: UInt8 in [1, 2, 5] {
            let path = write(ClassicFile(version: version).bytes(), "v\(version).nc")
            XCTAssertNoThrow(try NetCDFClassicHeader.check(path))
            let f = try GriddedVariable.readNetCDF(path, variable: "f", isolation: .inProcess)
            XCTAssertEqual(f.shape, [3, 4])
        }
    }

    func testHeadersThatStateMoreThanTheFileHoldsAreRejected() {
        for version: UInt8 in [1, 2, 5] {
            var file = ClassicFile(version: version)
            file.variableCount = 1 << 30
            XCTAssertTrue(
                reason(file.bytes())?.hasPrefix("it declares 1073741824 variables, which need at least") ?? false)

            file = ClassicFile(version: version)
            XCTAssertTrue(
                reason(Array(file.bytes().dropLast(8)))?.hasPrefix("the values of variable 'f' lie at bytes") ?? false)
            XCTAssertTrue(reason(Array(file.bytes().dropLast(8)))?.hasSuffix("the file is truncated") ?? false)

            file.dimensions[0].length = 1 << 28
            file.writesValues = false
            XCTAssertTrue(reason(file.bytes())?.hasPrefix("variable 'y' has shape [268435456] of doubles") ?? false)

            file = ClassicFile(version: version)
            file.variables[2].dimensions = [0, 7]
            XCTAssertEqual(reason(file.bytes()), "variable 'f' refers to dimension 7, but the file has 2")

            file = ClassicFile(version: version)
            file.type = 99
            XCTAssertTrue(reason(file.bytes())?.hasPrefix("variable 'y' has type 99") ?? false)

            file = ClassicFile(version: version)
            file.nameLength = 1 << 20
            XCTAssertTrue(
                reason(file.bytes())?.hasPrefix("the name of a dimension would take 1048576 × 1 bytes") ?? false)
        }
        XCTAssertEqual(reason(Array("CDF\u{1}".utf8)), "the file ends (at 4 bytes) inside the number of records")
    }

    /// The check runs where files are opened: nc_open never sees a damaged classic header.
    func testOpeningADamagedClassicFileThrowsBeforeTheLibraryReadsIt() {
        var file = ClassicFile()
        file.variableCount = Int(Int32.max)
        let path = write(file.bytes())
        XCTAssertThrowsError(try NetCDFFile.openReadOnly(at: path)) { error in
            guard case NetCDFError.damagedHeader(let file, _)? = error as? NetCDFError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(file, path)
        }
    }
}
