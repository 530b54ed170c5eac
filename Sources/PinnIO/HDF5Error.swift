/// A failure reported by the HDF5 library or by a check in the HDF5 wrappers, with the object
/// path inside the file (`object@attribute` for attributes, e.g. "/x@units") and the file's path.
public enum HDF5Error: Error, CustomStringConvertible, Equatable, Sendable {
    /// The C function `function` returned a negative value while working on `path` in `file`.
    case call(String, path: String, file: String)
    /// `count` values were given (or stored) where the shape asks for the product of `shape`.
    case shapeMismatch(path: String, file: String, shape: [Int], count: Int)
    /// The object at `path` is not what was asked for (`expected`), but `found`.
    case wrongKind(path: String, file: String, expected: String, found: String)
    /// The object at `path` states something its file cannot hold (a shape of more values than the
    /// file could store, a string longer than the file): the file is damaged or crafted.
    case damaged(path: String, file: String, reason: String)
    /// The file was used after `close()`.
    case closed(file: String)

    /// One line naming the failure, the object path and the file.
    public var description: String {
        switch self {
        case let .call(function, path, file):
            return "HDF5 call \(function) failed for '\(path)' in \(file)"
        case let .shapeMismatch(path, file, shape, count):
            return "shape \(shape) of '\(path)' in \(file) needs \(shape.reduce(1, *)) values, got \(count)"
        case let .wrongKind(path, file, expected, found):
            return "'\(path)' in \(file) is \(found), expected \(expected)"
        case let .damaged(path, file, reason):
            return "'\(path)' in \(file) is damaged: \(reason)"
        case let .closed(file):
            return "HDF5 file \(file) was used after it was closed"
        }
    }
}
