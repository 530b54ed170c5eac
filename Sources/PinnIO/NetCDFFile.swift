import CNetCDF
import Foundation

/// An open netCDF-4 file. `create` truncates (`NC_NETCDF4 | NC_CLOBBER`), `openReadOnly` reads,
/// `writeAtomically` builds the file under a temporary name and renames it into place only when
/// everything was written. Dimensions, variables, attributes and groups are reached through
/// `root` (a `NetCDFGroup`). The file is closed by `close()`, or silently when released.
///
/// Every netCDF-C call goes through one process-wide lock (the C library keeps global state and
/// is not thread-safe); still, use one file and what was opened from it from one task at a time.
public final class NetCDFFile {
    /// The netCDF id of the file (its root group); never leaves PinnIO.
    let id: Int32
    /// The file's path as the user named it (the destination, for atomic writes).
    public let path: String
    /// False once the file has been closed.
    private(set) var isOpen = true
    /// The size of a file opened for reading when it was opened (`Int.max` for one being written):
    /// the bound on what reading it may allocate (see `DecodedSize`).
    let byteCount: Int

    private init(id: Int32, path: String, byteCount: Int = .max) {
        self.id = id
        self.path = path
        self.byteCount = byteCount
    }

    deinit {
        if isOpen {
            let id = self.id
            _ = NetCDFLibrary.locked { nc_close(id) }
        }
    }

    /// The root group: global attributes, and the dimensions and variables defined there.
    public var root: NetCDFGroup { NetCDFGroup(file: self, id: id, path: "/") }

    /// Creates (or truncates) a netCDF-4 file at `path` for writing.
    public static func create(at path: String) throws -> NetCDFFile {
        try create(at: path, reportingAs: path)
    }

    /// Creates the file at `path`; errors name `displayPath`.
    static func create(at path: String, reportingAs displayPath: String) throws -> NetCDFFile {
        var id: Int32 = 0
        let status = NetCDFLibrary.locked { nc_create(path, NC_NETCDF4 | NC_CLOBBER, &id) }
        guard status == NC_NOERR else { throw NetCDFError.library("nc_create", status, object: "/", file: displayPath) }
        return NetCDFFile(id: id, path: displayPath)
    }

    /// Opens the existing netCDF (or HDF5-based netCDF-4) file at `path` read-only. A classic
    /// file's header is checked first (`NetCDFClassicHeader`): one that states more than the file
    /// holds is `NetCDFError.damagedHeader`, not handed to libnetcdf.
    public static func openReadOnly(at path: String) throws -> NetCDFFile {
        try NetCDFClassicHeader.check(path)
        let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int
        var id: Int32 = 0
        let status = NetCDFLibrary.locked { nc_open(path, NC_NOWRITE, &id) }
        guard status == NC_NOERR else { throw NetCDFError.library("nc_open", status, object: "/", file: path) }
        return NetCDFFile(id: id, path: path, byteCount: size ?? .max)
    }

    /// The number of values of `elementSize` bytes in an array of `shape` read from this file;
    /// throws `damagedHeader` when that is more than the file can hold (see `DecodedSize`).
    func plausibleCount(_ shape: [Int], elementSize: Int, compressible: Bool, _ object: String) throws -> Int {
        guard
            let count = DecodedSize.count(
                of: shape, elementSize: elementSize, fileSize: byteCount, compressible: compressible)
        else {
            throw NetCDFError.damagedHeader(
                file: path,
                reason: "'\(object)' has shape \(shape), more values than a file of \(byteCount) bytes can hold")
        }
        return count
    }

    /// Writes buffered data to disk.
    public func sync() throws {
        try call("nc_sync", "/") { nc_sync(id) }
    }

    /// Closes the file now, reporting failure (releasing it closes silently). Later use throws
    /// `NetCDFError.closed`; closing twice does nothing.
    public func close() throws {
        guard isOpen else { return }
        isOpen = false
        let id = self.id
        let status = NetCDFLibrary.locked { nc_close(id) }
        guard status == NC_NOERR else { throw NetCDFError.library("nc_close", status, object: "/", file: path) }
    }

    /// Writes a netCDF-4 file at `path` atomically: `body` fills a file created under a temporary
    /// name in the same directory (see `AtomicFile`), which is closed, synced and renamed over
    /// `path` only if `body` returns. On any error the temporary is removed and the error
    /// rethrown; whatever was at `path` is left untouched.
    public static func writeAtomically(to path: String, _ body: (NetCDFFile) throws -> Void) throws {
        try AtomicFile.replace(path) { temporaryPath in
            let file = try NetCDFFile.create(at: temporaryPath, reportingAs: path)
            do {
                try body(file)
            } catch {
                try? file.close()
                throw error
            }
            try file.close()
        }
    }

    // MARK: the C funnel

    /// Runs one netCDF-C call under the library lock and throws `NetCDFError.call` (naming
    /// `function`, `object` and this file) unless it returns `NC_NOERR`.
    func call(_ function: String, _ object: String, _ body: () -> Int32) throws {
        guard isOpen else { throw NetCDFError.closed(file: path) }
        let status = NetCDFLibrary.locked(body)
        guard status == NC_NOERR else { throw NetCDFError.library(function, status, object: object, file: path) }
    }

    /// Reads a name (of a dimension, variable, group or attribute) that `fill` writes into an
    /// `NC_MAX_NAME + 1` buffer, as one `call(function, object)`.
    func name(_ function: String, _ object: String, _ fill: (UnsafeMutablePointer<CChar>) -> Int32) throws -> String {
        var name = ""
        try call(function, object) {
            let result = NetCDFLibrary.name(fill)
            name = result.name
            return result.status
        }
        return name
    }
}

/// Process-wide serialisation of netCDF-C calls.
enum NetCDFLibrary {
    private static let lock = NSRecursiveLock()

    /// Runs `body` holding the netCDF lock.
    static func locked<R>(_ body: () throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// The status `fill` returned and the name it wrote into a zeroed `NC_MAX_NAME + 1` buffer
    /// (empty or partial if it failed). Call it under the lock; `NetCDFFile.name` does.
    static func name(_ fill: (UnsafeMutablePointer<CChar>) -> Int32) -> (status: Int32, name: String) {
        var buffer = [CChar](repeating: 0, count: Int(NC_MAX_NAME) + 1)
        let status = buffer.withUnsafeMutableBufferPointer { pointer -> Int32 in
            guard let base = pointer.baseAddress else { return NC_ENOMEM }
            return fill(base)
        }
        buffer[buffer.count - 1] = 0
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return (status, name)
    }
}

extension NetCDFError {
    /// `.call` with the library's message for `code`.
    static func library(_ function: String, _ code: Int32, object: String, file: String) -> NetCDFError {
        let message = nc_strerror(code).map { String(cString: $0) } ?? "unknown netCDF error"
        return .call(function, code: code, message: message, object: object, file: file)
    }
}
