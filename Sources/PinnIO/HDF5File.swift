import CHDF5

/// An open HDF5 file. `create` truncates, `openReadOnly` reads; the file is closed when the last
/// reference (including groups opened from it) goes away, or by `close()`.
public final class HDF5File: HDF5Location {
    private init(id: hid_t, path: String) {
        super.init(id: id, filePath: path, objectPath: "/", close: { H5Fclose($0) })
    }

    /// Creates (or truncates) the file at `path` for writing.
    public static func create(at path: String) throws -> HDF5File {
        try create(at: path, reportingAs: path)
    }

    /// Creates the file at `path`; errors name `displayPath` (the destination of an atomic write).
    static func create(at path: String, reportingAs displayPath: String) throws -> HDF5File {
        HDF5Runtime.prepare()
        let id = H5Fcreate(path, HDF5Runtime.truncate, pinn_H5P_DEFAULT(), pinn_H5P_DEFAULT())
        guard id >= 0 else { throw HDF5Error.call("H5Fcreate", path: "/", file: displayPath) }
        return HDF5File(id: id, path: displayPath)
    }

    /// Opens the existing file at `path` read-only.
    public static func openReadOnly(at path: String) throws -> HDF5File {
        HDF5Runtime.prepare()
        let id = H5Fopen(path, HDF5Runtime.readOnly, pinn_H5P_DEFAULT())
        guard id >= 0 else { throw HDF5Error.call("H5Fopen", path: "/", file: path) }
        return HDF5File(id: id, path: path)
    }

    /// Writes everything buffered for this file to disk.
    public func flush() throws {
        try ensureOpen()
        try check(H5Fflush(id, H5F_SCOPE_GLOBAL), "H5Fflush", "/")
    }

    /// How many HDF5 handles into this file are open (the file itself included); for leak checks.
    var openHandleCount: Int {
        Int(H5Fget_obj_count(id, 0x001F)) // H5F_OBJ_ALL
    }

    /// Flushes and closes the file now, reporting failure (deinit closes silently otherwise).
    /// Groups still open keep HDF5's copy of the file open until they are released.
    public func close() throws {
        guard isOpen else { return }
        try flush()
        try closeNow("H5Fclose")
    }

    /// Writes an HDF5 file at `path` atomically: `body` fills a temporary file in the same
    /// directory, which is flushed, closed and renamed over `path` only if `body` returns.
    /// On any error the temporary is removed and the error rethrown; `path` is left untouched.
    public static func writeAtomically(to path: String, _ body: (HDF5File) throws -> Void) throws {
        try AtomicFile.replace(path) { temporaryPath in
            let file = try HDF5File.create(at: temporaryPath, reportingAs: path)
            do {
                try body(file)
            } catch {
                try? file.closeNow("H5Fclose")
                throw error
            }
            try file.close()
        }
    }
}
