/// A failure reported by the netCDF-C library or by a check in the netCDF wrappers. Every case
/// names the object it concerned — a variable or group path ("/u", "/metrics"), `path@attribute`
/// for attributes ("/u@units", "/@title" for a global one) — and the file as the user named it
/// (the destination, for atomic writes).
public enum NetCDFError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The C function `function` returned `code`; `message` is `nc_strerror(code)`.
    case call(String, code: Int32, message: String, object: String, file: String)
    /// `count` values were given where the variable's shape asks for the product of `shape`.
    case shapeMismatch(object: String, file: String, shape: [Int], count: Int)
    /// The object is not what was asked for (`expected`), but `found`.
    case wrongKind(object: String, file: String, expected: String, found: String)
    /// A request that cannot be written as asked (duplicate names, empty grids, …).
    case invalid(object: String, file: String, reason: String)
    /// The file's netCDF classic header states what the file cannot hold (see `NetCDFClassicHeader`),
    /// or an array's shape asks for more values than the file can store: it is damaged or crafted.
    case damagedHeader(file: String, reason: String)
    /// The file was used after `close()`.
    case closed(file: String)

    /// One line naming the failure, the object and the file.
    public var description: String {
        switch self {
        case let .call(function, code, message, object, file):
            return "netCDF call \(function) failed for '\(object)' in \(file): \(message) (code \(code))"
        case let .shapeMismatch(object, file, shape, count):
            return "shape \(shape) of '\(object)' in \(file) needs \(shape.reduce(1, *)) values, got \(count)"
        case let .wrongKind(object, file, expected, found):
            return "'\(object)' in \(file) is \(found), expected \(expected)"
        case let .invalid(object, file, reason):
            return "'\(object)' in \(file): \(reason)"
        case let .damagedHeader(file, reason):
            return "\(file) is a damaged netCDF file: \(reason)"
        case let .closed(file):
            return "netCDF file \(file) was used after it was closed"
        }
    }
}
