import CNetCDF

/// The netCDF external types PinnIO reads and writes (the `nc_type` codes of netcdf.h).
public enum NetCDFType: Int32, Sendable {
    case byte = 1
    case char = 2
    case short = 3
    case int = 4
    case float = 5
    case double = 6
    case ubyte = 7
    case ushort = 8
    case uint = 9
    case int64 = 10
    case uint64 = 11
    case string = 12

    /// The CDL name ncdump prints ("double", "int64", …).
    public var name: String {
        switch self {
        case .byte: return "byte"
        case .char: return "char"
        case .short: return "short"
        case .int: return "int"
        case .float: return "float"
        case .double: return "double"
        case .ubyte: return "ubyte"
        case .ushort: return "ushort"
        case .uint: return "uint"
        case .int64: return "int64"
        case .uint64: return "uint64"
        case .string: return "string"
        }
    }
}

/// A Swift number type stored as a netCDF variable type: `Double`, `Float`, `Int32`, `Int64`.
public protocol NetCDFElement: Sendable {
    /// The netCDF type a variable of this element is created with.
    static var netCDFType: NetCDFType { get }
}

extension Double: NetCDFElement { public static var netCDFType: NetCDFType { .double } }
extension Float: NetCDFElement { public static var netCDFType: NetCDFType { .float } }
extension Int32: NetCDFElement { public static var netCDFType: NetCDFType { .int } }
extension Int64: NetCDFElement { public static var netCDFType: NetCDFType { .int64 } }

/// The value of a netCDF attribute. CF text attributes (`units`, `long_name`, `Conventions`) are
/// `.text`, written as `NC_CHAR` arrays, which every netCDF reader understands.
public enum NetCDFAttributeValue: Equatable, Sendable {
    case text(String)
    case doubles([Double])
    case floats([Float])
    case ints([Int32])
    case int64s([Int64])
    /// Variable-length strings (`NC_STRING`, netCDF-4 only), as HDF5 string attributes read back.
    case strings([String])

    /// The text of a `.text` attribute or a single `.strings` one; nil otherwise.
    public var text: String? {
        switch self {
        case let .text(value): return value
        case let .strings(values) where values.count == 1: return values[0]
        default: return nil
        }
    }

    /// The values of a numeric attribute as Doubles; nil for text.
    public var doubles: [Double]? {
        switch self {
        case let .doubles(values): return values
        case let .floats(values): return values.map(Double.init)
        case let .ints(values): return values.map(Double.init)
        case let .int64s(values): return values.map(Double.init)
        case .text, .strings: return nil
        }
    }
}

/// Typed netCDF-C transfers of whole variables. Unsafe pointers stay in here.
enum NetCDFTransfer {
    /// The C function that transfers `Element`s ("nc_put_var_double"; `direction` "put" or "get").
    static func function<Element: NetCDFElement>(_ direction: String, _ type: Element.Type) -> String {
        switch Element.netCDFType {
        case .double: return "nc_\(direction)_var_double"
        case .float: return "nc_\(direction)_var_float"
        case .int: return "nc_\(direction)_var_int"
        case .int64: return "nc_\(direction)_var_longlong"
        default: return "nc_\(direction)_var"
        }
    }

    /// `nc_put_var_<type>` for `values` of a supported element type; returns the status.
    static func put<Element: NetCDFElement>(_ values: [Element], group: Int32, variable: Int32) -> Int32 {
        values.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress else { return NC_NOERR }
            switch Element.netCDFType {
            case .double: return nc_put_var_double(group, variable, base.assumingMemoryBound(to: Double.self))
            case .float: return nc_put_var_float(group, variable, base.assumingMemoryBound(to: Float.self))
            case .int: return nc_put_var_int(group, variable, base.assumingMemoryBound(to: Int32.self))
            case .int64: return nc_put_var_longlong(group, variable, base.assumingMemoryBound(to: CLongLong.self))
            default: return NC_EBADTYPE
            }
        }
    }

    /// `nc_get_var_<type>` into `count` fresh elements (netCDF converts from the stored type).
    static func get<Element: NetCDFElement>(_ type: Element.Type, count: Int, group: Int32, variable: Int32)
        -> (status: Int32, values: [Element])
    {
        var status = NC_NOERR
        let values = [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            if let base = UnsafeMutableRawPointer(buffer.baseAddress), count > 0 {
                switch Element.netCDFType {
                case .double: status = nc_get_var_double(group, variable, base.assumingMemoryBound(to: Double.self))
                case .float: status = nc_get_var_float(group, variable, base.assumingMemoryBound(to: Float.self))
                case .int: status = nc_get_var_int(group, variable, base.assumingMemoryBound(to: Int32.self))
                case .int64: status = nc_get_var_longlong(group, variable, base.assumingMemoryBound(to: CLongLong.self))
                default: status = NC_EBADTYPE
                }
            }
            // All numeric element types are trivial, so zero-filling on failure is safe.
            if status != NC_NOERR, let base = UnsafeMutableRawPointer(buffer.baseAddress) {
                base.initializeMemory(as: UInt8.self, repeating: 0, count: count * MemoryLayout<Element>.stride)
            }
            initialized = count
        }
        return (status, values)
    }
}
