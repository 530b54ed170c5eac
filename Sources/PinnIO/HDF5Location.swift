import CHDF5

/// What an object path in an HDF5 file names.
public enum HDF5ObjectKind: String, Sendable {
    case group, dataset, other
}

/// An open HDF5 file or group: the place relative paths start from. Absolute paths ("/fields/u")
/// work from any location in the same file. Closes its handle when released.
///
/// Not thread-safe: use one location (and the objects opened from it) from one task at a time.
public class HDF5Location {
    /// The HDF5 identifier (file or group); never leaves PinnIO.
    let id: hid_t
    /// The file's path as the user named it (the destination, for atomic writes).
    public let filePath: String
    /// This location's absolute path in the file ("/" for a file).
    public let objectPath: String
    /// `H5Fclose` or `H5Gclose`.
    private let closeHandle: (hid_t) -> herr_t
    /// False once the handle has been closed.
    var isOpen = true

    init(id: hid_t, filePath: String, objectPath: String, close: @escaping (hid_t) -> herr_t) {
        self.id = id
        self.filePath = filePath
        self.objectPath = objectPath
        self.closeHandle = close
    }

    deinit {
        if isOpen { _ = closeHandle(id) }
    }

    /// Closes the handle now, reporting failure; later use throws `HDF5Error.closed`.
    func closeNow(_ function: String) throws {
        guard isOpen else { return }
        isOpen = false
        try check(closeHandle(id), function, ".")
    }

    // MARK: paths and checks

    /// The absolute object path that `path` names from here ("." is this location).
    func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        if path == "." || path.isEmpty { return objectPath }
        return objectPath == "/" ? "/" + path : objectPath + "/" + path
    }

    /// Throws `HDF5Error.call` when `result` is negative; returns it otherwise.
    @discardableResult
    func check<T: BinaryInteger>(_ result: T, _ function: String, _ path: String) throws -> T {
        if result < 0 { throw HDF5Error.call(function, path: absolute(path), file: filePath) }
        return result
    }

    /// Throws `HDF5Error.closed` after `close()`.
    func ensureOpen() throws {
        HDF5Runtime.prepare()
        guard isOpen else { throw HDF5Error.closed(file: filePath) }
    }

    /// The intermediate paths of `path` ("a/b/c" → ["a", "a/b"]), keeping a leading "/".
    private func parentPrefixes(of path: String) -> [String] {
        let rooted = path.hasPrefix("/")
        let parts = path.split(separator: "/").map(String.init)
        guard parts.count > 1 else { return [] }
        return (1..<parts.count).map { (rooted ? "/" : "") + parts[0..<$0].joined(separator: "/") }
    }

    /// Whether every link along `path` exists.
    private func linkExists(_ path: String) -> Bool {
        if path == "/" || path == "." || path.isEmpty { return true }
        for prefix in parentPrefixes(of: path) + [path] where H5Lexists(id, prefix, pinn_H5P_DEFAULT()) <= 0 {
            return false
        }
        return true
    }

    /// Creates the groups along `path` above its last component that do not exist yet.
    func createParentGroups(of path: String) throws {
        for prefix in parentPrefixes(of: path) where !linkExists(prefix) {
            let group = try check(
                H5Gcreate2(id, prefix, pinn_H5P_DEFAULT(), pinn_H5P_DEFAULT(), pinn_H5P_DEFAULT()),
                "H5Gcreate2", prefix)
            H5Gclose(group)
        }
    }

    /// Opens the object at `path` (any kind), runs `body` on its id and closes it.
    func withObject<R>(_ path: String, _ body: (hid_t) throws -> R) throws -> R {
        try ensureOpen()
        let object = try check(H5Oopen(id, path.isEmpty ? "." : path, pinn_H5P_DEFAULT()), "H5Oopen", path)
        defer { H5Oclose(object) }
        return try body(object)
    }

    /// Opens the dataset at `path`, runs `body` on its id and closes it.
    func withDataset<R>(_ path: String, _ body: (hid_t) throws -> R) throws -> R {
        try ensureOpen()
        let dataset = try check(H5Dopen2(id, path, pinn_H5P_DEFAULT()), "H5Dopen2", path)
        defer { H5Dclose(dataset) }
        return try body(dataset)
    }

    // MARK: groups

    /// Whether `path` names an existing object.
    public func exists(_ path: String) -> Bool {
        HDF5Runtime.prepare()
        return isOpen && linkExists(path)
    }

    /// Whether `path` names a group, a dataset or something else; throws if it does not exist.
    public func kind(of path: String) throws -> HDF5ObjectKind {
        try withObject(path) { object in
            switch H5Iget_type(object) {
            case H5I_GROUP: return .group
            case H5I_DATASET: return .dataset
            default: return .other
            }
        }
    }

    /// Creates the group at `path` and any missing groups above it ("/training/loss");
    /// opens it if it already exists.
    @discardableResult
    public func createGroup(_ path: String) throws -> HDF5Group {
        try ensureOpen()
        if linkExists(path) { return try group(path) }
        try createParentGroups(of: path)
        let group = try check(
            H5Gcreate2(id, path, pinn_H5P_DEFAULT(), pinn_H5P_DEFAULT(), pinn_H5P_DEFAULT()),
            "H5Gcreate2", path)
        return HDF5Group(id: group, filePath: filePath, objectPath: absolute(path), owner: self)
    }

    /// Opens the existing group at `path`.
    public func group(_ path: String) throws -> HDF5Group {
        try ensureOpen()
        let group = try check(H5Gopen2(id, path, pinn_H5P_DEFAULT()), "H5Gopen2", path)
        return HDF5Group(id: group, filePath: filePath, objectPath: absolute(path), owner: self)
    }

    /// The names of the links in the group at `path` (default: this location), in name order.
    public func members(of path: String = ".") throws -> [String] {
        try ensureOpen()
        var info = H5G_info_t()
        try check(H5Gget_info_by_name(id, path, &info, pinn_H5P_DEFAULT()), "H5Gget_info_by_name", path)
        return try (0..<info.nlinks).map { index in
            let name = hdf5String { buffer, size in
                H5Lget_name_by_idx(id, path, H5_INDEX_NAME, H5_ITER_INC, index, buffer, size, pinn_H5P_DEFAULT())
            }
            guard let name else { throw HDF5Error.call("H5Lget_name_by_idx", path: absolute(path), file: filePath) }
            return name
        }
    }
}

/// An open group in an HDF5 file; keeps its file open while it lives.
public final class HDF5Group: HDF5Location {
    /// The file or group it was opened from, kept alive for as long as this group is.
    private let owner: HDF5Location

    init(id: hid_t, filePath: String, objectPath: String, owner: HDF5Location) {
        self.owner = owner
        super.init(id: id, filePath: filePath, objectPath: objectPath, close: { H5Gclose($0) })
    }
}
