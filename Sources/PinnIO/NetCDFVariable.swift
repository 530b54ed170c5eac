import CNetCDF

/// A variable of a netCDF file: its type, dimensions, attributes and values.
///
/// A value type holding the open file; using it after the file was closed throws `NetCDFError.closed`.
public struct NetCDFVariable {
    let file: NetCDFFile
    /// The netCDF id of the group it is in.
    let group: Int32
    /// Its variable id in that group.
    let id: Int32
    /// The variable's name.
    public let name: String
    /// Its absolute path ("/u", "/metrics").
    public let path: String

    private var attributes: NetCDFAttributeOwner {
        NetCDFAttributeOwner(file: file, group: group, variable: id, path: path)
    }

    // MARK: attributes

    /// Sets attribute `name` (`units`, `long_name`, …). `_FillValue` is set by `defineVariable(fill:)`.
    public func setAttribute(_ name: String, _ value: NetCDFAttributeValue) throws {
        try attributes.set(name, value)
    }

    /// Sets the text attribute `name`.
    public func setAttribute(_ name: String, to text: String) throws {
        try attributes.set(name, .text(text))
    }

    /// Sets the `Double` attribute `name`.
    public func setAttribute(_ name: String, to value: Double) throws {
        try attributes.set(name, .doubles([value]))
    }

    /// Attribute `name`.
    public func attribute(_ name: String) throws -> NetCDFAttributeValue {
        try attributes.get(name)
    }

    /// The attribute names, in definition order.
    public func attributeNames() throws -> [String] {
        try attributes.names()
    }

    // MARK: shape

    /// The stored type.
    public func type() throws -> NetCDFType {
        var type: nc_type = 0
        try file.call("nc_inq_vartype", path) { nc_inq_vartype(group, id, &type) }
        guard let known = NetCDFType(rawValue: type) else {
            throw NetCDFError.wrongKind(
                object: path, file: file.path, expected: "an atomic netCDF type",
                found: "user-defined type \(type)")
        }
        return known
    }

    /// The ids of its dimensions, slowest first.
    private func dimensionIDs() throws -> [Int32] {
        var rank: Int32 = 0
        try file.call("nc_inq_varndims", path) { nc_inq_varndims(group, id, &rank) }
        var ids = [Int32](repeating: 0, count: Int(rank))
        try file.call("nc_inq_vardimid", path) { nc_inq_vardimid(group, id, &ids) }
        return ids
    }

    /// Its dimension names, slowest first (`["y", "x"]` for a 2-D field).
    public func dimensionNames() throws -> [String] {
        try dimensionIDs().map { dimension in
            try file.name("nc_inq_dimname", path) { nc_inq_dimname(group, dimension, $0) }
        }
    }

    /// Its shape, slowest first (`[]` for a scalar).
    public func shape() throws -> [Int] {
        try dimensionIDs().map { dimension in
            var length = 0
            try file.call("nc_inq_dimlen", path) { nc_inq_dimlen(group, dimension, &length) }
            return length
        }
    }

    // MARK: values

    /// Writes all its values, in C order (last dimension fastest); `values.count` must equal the
    /// product of the shape. The element type need not match the stored type (netCDF converts;
    /// out-of-range conversions fail with `NC_ERANGE`).
    public func write<Element: NetCDFElement>(_ values: [Element]) throws {
        let shape = try shape()
        guard shape.reduce(1, *) == values.count else {
            throw NetCDFError.shapeMismatch(object: path, file: file.path, shape: shape, count: values.count)
        }
        try file.call(NetCDFTransfer.function("put", Element.self), path) {
            NetCDFTransfer.put(values, group: group, variable: id)
        }
    }

    /// Reads all its values in C order, converted to `Element`.
    public func read<Element: NetCDFElement>(as type: Element.Type = Element.self) throws -> [Element] {
        let count = try file.plausibleCount(
            try shape(), elementSize: MemoryLayout<Element>.stride, compressible: true, path)
        var values = [Element]()
        try file.call(NetCDFTransfer.function("get", Element.self), path) {
            let result = NetCDFTransfer.get(type, count: count, group: group, variable: id)
            values = result.values
            return result.status
        }
        return values
    }
}
