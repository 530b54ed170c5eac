import CNetCDF

/// Where an attribute lives: a group (`NC_GLOBAL`) or a variable, for the shared readers and writers.
struct NetCDFAttributeOwner {
    let file: NetCDFFile
    let group: Int32
    let variable: Int32
    /// The owner's path ("/", "/u"), for error messages.
    let path: String

    func object(_ name: String) -> String { path + "@" + name }

    /// Writes (or replaces) attribute `name`.
    func set(_ name: String, _ value: NetCDFAttributeValue) throws {
        let (group, variable) = (self.group, self.variable)
        switch value {
        case let .text(text):
            let bytes = Array(text.utf8)
            try file.call("nc_put_att_text", object(name)) {
                bytes.withUnsafeBufferPointer { buffer in
                    buffer.withMemoryRebound(to: CChar.self) {
                        nc_put_att_text(group, variable, name, bytes.count, $0.baseAddress)
                    }
                }
            }
        case let .strings(strings):
            try file.call("nc_put_att_string", object(name)) {
                withCStrings(strings) { pointers in
                    nc_put_att_string(group, variable, name, pointers.count, pointers.baseAddress)
                }
            }
        case let .doubles(values):
            try file.call("nc_put_att_double", object(name)) {
                nc_put_att_double(group, variable, name, NC_DOUBLE, values.count, values)
            }
        case let .floats(values):
            try file.call("nc_put_att_float", object(name)) {
                nc_put_att_float(group, variable, name, NC_FLOAT, values.count, values)
            }
        case let .ints(values):
            try file.call("nc_put_att_int", object(name)) {
                nc_put_att_int(group, variable, name, NC_INT, values.count, values)
            }
        case let .int64s(values):
            try file.call("nc_put_att_longlong", object(name)) {
                values.withUnsafeBufferPointer { buffer in
                    buffer.withMemoryRebound(to: CLongLong.self) {
                        nc_put_att_longlong(group, variable, name, NC_INT64, values.count, $0.baseAddress)
                    }
                }
            }
        }
    }

    /// Reads attribute `name`; integer types narrower than 64 bits come back as `.ints`,
    /// unsigned and 64-bit ones as `.int64s`.
    func get(_ name: String) throws -> NetCDFAttributeValue {
        let (group, variable) = (self.group, self.variable)
        var type: nc_type = 0
        var length = 0
        try file.call("nc_inq_att", object(name)) { nc_inq_att(group, variable, name, &type, &length) }
        _ = try file.plausibleCount([length], elementSize: 1, compressible: false, object(name))
        switch type {
        case NC_CHAR:
            var bytes = [CChar](repeating: 0, count: length)
            try file.call("nc_get_att_text", object(name)) { nc_get_att_text(group, variable, name, &bytes) }
            let text = bytes.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
            return .text(String(decoding: text, as: UTF8.self))
        case NC_STRING:
            var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: length)
            try file.call("nc_get_att_string", object(name)) { nc_get_att_string(group, variable, name, &pointers) }
            let strings = pointers.map { $0.map { String(cString: $0) } ?? "" }
            _ = NetCDFLibrary.locked { nc_free_string(length, &pointers) }
            return .strings(strings)
        case NC_DOUBLE:
            var values = [Double](repeating: 0, count: length)
            try file.call("nc_get_att_double", object(name)) { nc_get_att_double(group, variable, name, &values) }
            return .doubles(values)
        case NC_FLOAT:
            var values = [Float](repeating: 0, count: length)
            try file.call("nc_get_att_float", object(name)) { nc_get_att_float(group, variable, name, &values) }
            return .floats(values)
        case NC_BYTE, NC_UBYTE, NC_SHORT, NC_USHORT, NC_INT:
            var values = [Int32](repeating: 0, count: length)
            try file.call("nc_get_att_int", object(name)) { nc_get_att_int(group, variable, name, &values) }
            return .ints(values)
        case NC_UINT, NC_INT64, NC_UINT64:
            var values = [CLongLong](repeating: 0, count: length)
            try file.call("nc_get_att_longlong", object(name)) { nc_get_att_longlong(group, variable, name, &values) }
            return .int64s(values.map { Int64($0) })
        default:
            throw NetCDFError.wrongKind(
                object: object(name), file: file.path, expected: "a text or numeric attribute",
                found: "an attribute of netCDF type \(type)")
        }
    }

    /// The attribute names in definition order.
    func names() throws -> [String] {
        let (group, variable) = (self.group, self.variable)
        var count: Int32 = 0
        if variable == NC_GLOBAL {
            try file.call("nc_inq_natts", path) { nc_inq_natts(group, &count) }
        } else {
            try file.call("nc_inq_varnatts", path) { nc_inq_varnatts(group, variable, &count) }
        }
        return try (0..<count).map { index in
            try file.name("nc_inq_attname", path) { nc_inq_attname(group, variable, index, $0) }
        }
    }
}

/// Runs `body` with C string pointers to `strings`, valid for the duration of the call.
private func withCStrings<R>(_ strings: [String], _ body: (UnsafeMutableBufferPointer<UnsafePointer<CChar>?>) -> R) -> R
{
    let storage = strings.map { Array($0.utf8CString) }
    var pointers = [UnsafePointer<CChar>?]()
    func recurse(_ index: Int) -> R {
        if index == storage.count { return pointers.withUnsafeMutableBufferPointer { body($0) } }
        return storage[index].withUnsafeBufferPointer { buffer in
            pointers.append(buffer.baseAddress)
            return recurse(index + 1)
        }
    }
    return recurse(0)
}
