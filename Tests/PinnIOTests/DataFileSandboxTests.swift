import Foundation
import PinnTestSupport
import XCTest

@testable import PinnIO

/// Data files decoded in a child process: a crash, a hang or a runaway allocation of the C library
/// there is an error naming the file, and a valid file arrives bit for bit.
final class DataFileSandboxTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws { directory = try TemporaryDirectory() }
    override func tearDown() { directory.remove() }

    /// The inputs on which libhdf5 1.10 and libnetcdf 4.9 crash, hang or allocate 8.6 GB (found by fuzzing).
    private static let libraryCrashes = TestPaths.repository.appendingPathComponent("Fuzz/LibraryCrashes").path
    private static let segfault = libraryCrashes + "/hdf5-H5Aread-vlen-segv.h5"
    private static let hang = libraryCrashes + "/hdf5-H5DSget_num_scales-hang.h5"
    private static let hugeAllocation = libraryCrashes + "/netcdf-nc_open-oom.nc"

    private func failure(_ body: () throws -> Void) -> DataFileReadFailure? {
        do {
            try body()
            XCTFail("expected the child to fail")
            return nil
        } catch {
            guard let failure = error as? DataFileReadFailure else {
                XCTFail("expected a DataFileReadFailure, got \(error)")
                return nil
            }
            return failure
        }
    }

    private func griddedError(_ body: () throws -> GriddedVariable) -> GriddedDataError? {
        do {
            _ = try body()
            XCTFail("expected an error")
            return nil
        } catch {
            XCTAssertTrue(error is GriddedDataError, "\(error)")
            return error as? GriddedDataError
        }
    }

    /// Every input in Fuzz/LibraryCrashes, read as problem files read gridded data (in a child
    /// process, here with a 3 s limit), is one error naming the file, within the limit. Whether the
    /// library then fails cleanly, crashes or loops can depend on what the garbage it follows
    /// holds; the message says which.
    func testEveryFuzzFoundFileIsAnErrorNamingIt() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.libraryCrashes)
            .filter { $0.hasSuffix(".h5") || $0.hasSuffix(".nc") }.sorted()
        XCTAssertGreaterThanOrEqual(names.count, 6)
        let isolation = DataFileIsolation.childProcess(DataFileLimits(seconds: 3))
        for name in names {
            let path = Self.libraryCrashes + "/" + name
            let start = Date()
            let error = griddedError {
                name.hasSuffix(".h5")
                    ? try GriddedVariable.readHDF5(path, dataset: "/f", isolation: isolation)
                    : try GriddedVariable.readNetCDF(path, variable: "f", isolation: isolation)
            }
            XCTAssertEqual(error?.file, path, name)
            XCTAssertTrue(error?.message.contains(path) ?? false, "\(name): \(String(describing: error))")
            XCTAssertLessThan(Date().timeIntervalSince(start), 10, name)
        }
    }

    /// The first three fuzz-found files no longer reach the library code that fails (the classic
    /// header is checked before nc_open, scales are found without decoding DIMENSION_LIST): each is
    /// one clear error, in a child or here.
    func testTheFirstFuzzFoundFilesNoLongerReachTheFaults() {
        for isolation in [DataFileIsolation.standard, .inProcess] {
            for path in [Self.segfault, Self.hang] {
                for dataset in ["/f", "/g"] {
                    let error = griddedError {
                        try GriddedVariable.readHDF5(path, dataset: dataset, isolation: isolation)
                    }
                    XCTAssertEqual(error?.file, path)
                    XCTAssertTrue(error?.message.contains(path) ?? false, "\(String(describing: error))")
                }
            }
            let error = griddedError {
                try GriddedVariable.readNetCDF(Self.hugeAllocation, variable: "f", isolation: isolation)
            }
            XCTAssertEqual(error?.subject, .file)
            XCTAssertEqual(
                error?.message,
                "cannot open the data file \(Self.hugeAllocation) (\(Self.hugeAllocation) is a damaged netCDF file: it "
                    + "declares 1082004075 variables, which need at least 1082004075 × 28 bytes, but only 22752 bytes "
                    + "follow)")
        }
        // The damage is in the global heap that DIMENSION_LIST points into; /f itself is intact.
        XCTAssertEqual(try HDF5File.readDataset("/f", inFileAt: Self.segfault).shape, [3, 4])
    }

    /// Where libhdf5 itself is asked to decode the damaged DIMENSION_LIST (H5DSget_num_scales, as
    /// pinn did before), it crashes, loops or returns depending on what the garbage it follows
    /// happens to hold (under the fuzzer's AddressSanitizer one file crashed and one looped; in this
    /// process the first loops). In the child, whichever it does stays there: a failure naming the
    /// file and the library within the time limit, or an answer.
    func testLibraryFaultsInTheChildAreContained() {
        for path in [Self.segfault, Self.hang] {
            let start = Date()
            do {
                let answer = try DataFileSandbox.run(path, format: .hdf5, limits: DataFileLimits(seconds: 1)) {
                    let file = try? HDF5File.openReadOnly(at: path)
                    return [(try? file?.dimensionScales(of: "/f")) == nil ? 0 : 1]
                }
                XCTAssertEqual(answer.count, 1)
            } catch {
                switch error.reason {
                case .signal, .timeLimit: break
                default: XCTFail("\(error)")
                }
                XCTAssertTrue(error.description.hasPrefix("libhdf5 "), error.description)
                XCTAssertTrue(
                    error.description.contains("reading \(path)")
                        && error.description.contains("not a valid HDF5 file"),
                    error.description)
            }
            XCTAssertLessThan(Date().timeIntervalSince(start), 10)
        }
    }

    /// A valid HDF5 and a valid NetCDF file read through the child give exactly what reading them
    /// here gives, bit for bit (values that do not round-trip through decimal, −0, subnormals).
    func testValidFilesArriveBitForBit() throws {
        let x = [-0.0, 0.1, 1.0 / 3, 2], y = [Double.leastNonzeroMagnitude, 1e-300, 7.25]
        let f = (0..<12).map { Double($0).squareRoot() * .pi - 1e-300 }
        let h5 = directory.file("f.h5"), nc = directory.file("f.nc")
        try HDF5File.writeAtomically(to: h5) { file in
            try file.writeDataset("/x", values: x)
            try file.writeDataset("/y", values: y)
            try file.writeDataset("/fields/f", values: f, shape: [3, 4])
            try file.makeDimensionScale("/x", name: "x")
            try file.makeDimensionScale("/y", name: "y")
            try file.attachScale(to: "/fields/f", scale: "/y", dimension: 0)
            try file.attachScale(to: "/fields/f", scale: "/x", dimension: 1)
        }
        try NetCDFFile.writeAtomically(to: nc) { file in
            try file.root.defineDimension("y", length: 3)
            try file.root.defineDimension("x", length: 4)
            try file.root.defineVariable("x", type: Double.self, dimensions: ["x"]).write(x)
            try file.root.defineVariable("y", type: Double.self, dimensions: ["y"]).write(y)
            try file.root.defineVariable("f", type: Double.self, dimensions: ["y", "x"]).write(f)
        }
        func bits(_ v: GriddedVariable) -> [[UInt64]] {
            [v.values.map(\.bitPattern)] + v.dimensions.map { $0.coordinates.map(\.bitPattern) }
        }
        let pairs = [
            (
                try GriddedVariable.readHDF5(h5, dataset: "/fields/f"),
                try GriddedVariable.readHDF5(h5, dataset: "/fields/f", isolation: .inProcess)
            ),
            (
                try GriddedVariable.readNetCDF(nc, variable: "f"),
                try GriddedVariable.readNetCDF(nc, variable: "f", isolation: .inProcess)
            )
        ]
        for (child, here) in pairs {
            XCTAssertEqual(child, here)
            XCTAssertEqual(bits(child), bits(here))
            XCTAssertEqual(child.values.map(\.bitPattern), f.map(\.bitPattern))
            XCTAssertEqual(child.dimensions.map(\.name), ["y", "x"])
        }
        let dataset = try HDF5File.readDataset("/fields/f", inFileAt: h5)
        XCTAssertEqual(dataset.shape, [3, 4])
        XCTAssertEqual(dataset.values.map(\.bitPattern), f.map(\.bitPattern))
        // Errors come back as they were thrown.
        let missing = griddedError { try GriddedVariable.readNetCDF(nc, variable: "F") }
        XCTAssertEqual(missing?.missing, "F")
        XCTAssertEqual(missing?.available, ["x", "y", "f"])
        XCTAssertEqual(
            missing, griddedError { try GriddedVariable.readNetCDF(nc, variable: "F", isolation: .inProcess) })
    }

    /// A reader that outlives its time limit is killed then, and the user-facing error says so.
    func testAReaderPastItsTimeLimitIsKilled() throws {
        let start = Date()
        let slow = failure {
            _ = try DataFileSandbox.run("slow.h5", format: .hdf5, limits: DataFileLimits(seconds: 0.2)) {
                sleep(30)
                return []
            }
        }
        XCTAssertEqual(slow?.reason, .timeLimit(seconds: 0.2))
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)

        let path = directory.file("f.nc")
        try NetCDFFile.writeAtomically(to: path) { file in
            try file.root.defineDimension("x", length: 2)
            try file.root.defineVariable("x", type: Double.self, dimensions: ["x"]).write([0.0, 1])
        }
        let error = griddedError {
            try GriddedVariable.readNetCDF(path, variable: "x", isolation: .childProcess(DataFileLimits(seconds: 1e-6)))
        }
        XCTAssertEqual(error?.subject, .file)
        XCTAssertTrue(
            error?.message.hasPrefix("libnetcdf did not finish reading \(path) within 1e-06 s") ?? false,
            "\(String(describing: error))")
    }

    /// Memory that grows past the limit gets the child killed; one absurd allocation fails inside
    /// the child (its address space is limited) and the reader carries on.
    func testMemoryIsLimited() {
        let growing = failure {
            _ = try DataFileSandbox.run("big.nc", format: .netCDF, limits: DataFileLimits(memoryBytes: 64 << 20)) {
                var blocks: [[UInt8]] = []
                for _ in 0..<256 {
                    blocks.append([UInt8](repeating: 1, count: 8 << 20))
                    usleep(5000)
                }
                return [UInt8(blocks.count & 0xff)]
            }
        }
        XCTAssertEqual(growing?.reason, .memoryLimit(bytes: 64 << 20))
        XCTAssertTrue(
            growing?.description.hasPrefix("libnetcdf needed more than 64 MiB reading big.nc: the file is damaged")
                ?? false, "\(String(describing: growing))")

        let answer = try? DataFileSandbox.run("huge.nc", format: .netCDF, limits: DataFileLimits(memoryBytes: 64 << 20))
        {
            let block = malloc(8 << 30)
            defer { free(block) }
            return [block == nil ? 1 : 0]
        }
        XCTAssertEqual(answer, [1], "an 8 GiB allocation should fail in a child limited to 64 MiB more")
    }

    /// A crash is reported with its signal; an answer cut short is not mistaken for one.
    func testCrashesAndCutAnswersAreFailures() {
        let crash = failure {
            _ = try DataFileSandbox.run("x.h5", format: .hdf5, limits: DataFileLimits()) {
                raise(SIGBUS)
                return []
            }
        }
        XCTAssertEqual(crash?.reason, .signal(SIGBUS))
        let exit = failure {
            _ = try DataFileSandbox.run("x.h5", format: .hdf5, limits: DataFileLimits()) { _exit(7) }
        }
        XCTAssertEqual(exit?.reason, .exit(status: 7))
        XCTAssertEqual(
            try DataFileSandbox.run("x.h5", format: .hdf5, limits: DataFileLimits()) { [1, 2, 3] }, [1, 2, 3])
    }
}
