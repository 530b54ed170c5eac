import Foundation

/// A check of a netCDF classic header (CDF-1 "CDF\x01", 64-bit offset CDF-2 "CDF\x02", 64-bit
/// data CDF-5 "CDF\x05"), made before libnetcdf reads it: every count, name, attribute value and
/// variable the header states must fit in the file.
///
/// libnetcdf 4.9 allocates what a header's counts ask for before reading the elements (a damaged
/// header that claims a billion variables costs 8.6 GB, Fuzz/LibraryCrashes), and reads past the end
/// of a truncated file as zeros. The format is small and documented (NetCDF User's Guide, "File
/// Format Specifications", the BNF grammar):
///
///     header    = magic numrecs dim_list gatt_list var_list
///     dim_list  = ABSENT | NC_DIMENSION nelems [dim …]          dim  = name dim_length
///     gatt_list = att_list;  att_list = ABSENT | NC_ATTRIBUTE nelems [attr …]
///     attr      = name nc_type nelems [values …] padding
///     var_list  = ABSENT | NC_VARIABLE nelems [var …]
///     var       = name nelems [dimid …] vatt_list nc_type vsize begin
///     name      = nelems namestring padding                    (padding to 4 bytes)
///
/// big-endian throughout; the tags are 4 bytes, NON_NEG values (counts, lengths, dimids, vsize,
/// numrecs) 4 bytes (8 in CDF-5), `begin` 4 bytes in CDF-1 and 8 in CDF-2 and CDF-5. This check
/// rejects only what no valid file can hold: an element count whose smallest encoding is larger
/// than the rest of the file, a name or attribute longer than the rest of the file, an unknown
/// type or dimension id, a variable with more bytes of values than the file has, and a non-record
/// variable whose values would lie (even partly) beyond the end of the file. Everything else is left
/// to libnetcdf.
struct NetCDFClassicHeader {
    /// The format version: 1, 2 or 5.
    let version: UInt8
    /// The bytes read so far (the header is read in chunks as parsing needs them).
    private var bytes: [UInt8] = []
    private var position = 0
    private let handle: FileHandle
    private let fileSize: Int
    private let path: String

    /// Checks the header of the file at `path` if it starts with a classic magic number; does nothing
    /// for other files (netCDF-4 files are HDF5) or files that cannot be opened (nc_open says why).
    /// - Throws: `NetCDFError.damagedHeader` naming the file and what does not fit.
    static func check(_ path: String) throws(NetCDFError) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return }
        defer { try? handle.close() }
        guard let end = try? handle.seekToEnd(), (try? handle.seek(toOffset: 0)) != nil,
            let start = try? handle.read(upToCount: 4), start.count == 4,
            start.starts(with: Array("CDF".utf8)), [1, 2, 5].contains(start[3])
        else { return }
        var header = NetCDFClassicHeader(version: start[3], handle: handle, fileSize: Int(clamping: end), path: path)
        header.bytes = Array(start)
        header.position = 4
        try header.parse()
    }

    private init(version: UInt8, handle: FileHandle, fileSize: Int, path: String) {
        self.version = version
        self.handle = handle
        self.fileSize = fileSize
        self.path = path
    }

    /// Bytes of a NON_NEG value (counts, lengths, dimids, vsize, numrecs).
    private var countSize: Int { version == 5 ? 8 : 4 }
    /// Bytes of a `begin` offset.
    private var offsetSize: Int { version == 1 ? 4 : 8 }

    private func damaged(_ reason: String) -> NetCDFError { .damagedHeader(file: path, reason: reason) }

    // MARK: the grammar

    private mutating func parse() throws(NetCDFError) {
        let records = try numberOfRecords()
        let dimensions = try list(tag: 0x0A, "dimensions", minimumSize: 2 * countSize) { header throws(NetCDFError) in
            let name = try header.name("a dimension")
            return (name, try header.count("the length of dimension '\(name)'"))
        }
        _ = try attributes(of: "the file")
        _ = try list(tag: 0x0B, "variables", minimumSize: 4 * countSize + 8 + offsetSize) {
            header throws(NetCDFError) in
            try header.variable(dimensions: dimensions, records: records)
        }
    }

    /// `numrecs`: the length of the record dimension; nil for STREAMING (all ones).
    private mutating func numberOfRecords() throws(NetCDFError) -> Int? {
        let raw = try unsigned(countSize, "the number of records")
        if raw == (countSize == 8 ? UInt64.max : UInt64(UInt32.max)) { return nil }
        return try nonNegative(raw, "the number of records")
    }

    /// A list (`ABSENT`, or the tag and nelems then the elements): checks that nelems elements of
    /// at least `minimumSize` bytes each fit in the rest of the file before reading them.
    private mutating func list<Element>(
        tag: UInt64, _ what: String, minimumSize: Int,
        element: (inout NetCDFClassicHeader) throws(NetCDFError) -> Element
    ) throws(NetCDFError) -> [Element] {
        let found = try unsigned(4, "the tag of the list of \(what)")
        let count = try self.count("the number of \(what)")
        guard found == tag || (found == 0 && count == 0) else {
            throw damaged(
                "the list of \(what) has tag \(found) (expected 0 or \(tag)) at byte \(position - 4 - countSize)")
        }
        let remaining = fileSize - position
        guard count <= remaining / minimumSize else {
            throw damaged(
                "it declares \(count) \(what), which need at least \(count) × \(minimumSize) bytes, "
                    + "but only \(remaining) bytes follow")
        }
        var elements: [Element] = []
        for _ in 0..<count { elements.append(try element(&self)) }
        return elements
    }

    /// An attribute list (`gatt_list` or `vatt_list`); returns the attribute names.
    private mutating func attributes(of owner: String) throws(NetCDFError) -> [String] {
        try list(tag: 0x0C, "attributes of \(owner)", minimumSize: 2 * countSize + 4) { header throws(NetCDFError) in
            let name = try header.name("an attribute of \(owner)")
            let (type, size) = try header.type("attribute '\(name)' of \(owner)")
            let count = try header.count("the length of attribute '\(name)' of \(owner)")
            try header.skip(count, of: size, "the values of attribute '\(name)' of \(owner) (\(count) × \(type))")
            return name
        }
    }

    /// A variable: its dimensions must exist and its values fit in the file.
    private mutating func variable(dimensions: [(name: String, length: Int)], records: Int?) throws(NetCDFError) {
        let name = try self.name("a variable")
        let rank = try count("the number of dimensions of variable '\(name)'")
        guard rank <= (fileSize - position) / countSize else {
            throw damaged("variable '\(name)' declares \(rank) dimensions, more than the rest of the file can list")
        }
        var shape: [Int] = []
        var isRecordVariable = false
        for k in 0..<rank {
            let id = try count("dimension \(k) of variable '\(name)'")
            guard id < dimensions.count else {
                throw damaged("variable '\(name)' refers to dimension \(id), but the file has \(dimensions.count)")
            }
            let length = dimensions[id].length
            if length == 0 && k == 0 { isRecordVariable = true }
            shape.append(length == 0 ? records ?? 0 : length)
        }
        _ = try attributes(of: "variable '\(name)'")
        let (type, size) = try self.type("variable '\(name)'")
        _ = try unsigned(countSize, "the size of variable '\(name)'")
        let begin = try nonNegative(try unsigned(offsetSize, "the offset of variable '\(name)'"), "an offset")
        guard let values = DecodedSize.count(of: shape, elementSize: size, fileSize: fileSize, compressible: false)
        else {
            throw damaged(
                "variable '\(name)' has shape \(shape) of \(type)s, more bytes than the whole file (\(fileSize) bytes)")
        }
        let end = begin.addingReportingOverflow(values * size)
        if !isRecordVariable, values > 0, end.overflow || end.partialValue > fileSize {
            throw damaged(
                "the values of variable '\(name)' lie at bytes \(begin)..<\(end.overflow ? Int.max : end.partialValue), "
                    + "beyond the end of the file (\(fileSize) bytes): the file is truncated")
        }
    }

    // MARK: terminals

    /// A name: its length, its bytes, padding to 4 bytes.
    private mutating func name(_ what: String) throws(NetCDFError) -> String {
        let length = try count("the length of the name of \(what)")
        let start = position
        try skip(length, of: 1, "the name of \(what)")
        return String(decoding: bytes[start..<(start + length)], as: UTF8.self)
    }

    /// An `nc_type` and the size of one value of it.
    private mutating func type(_ what: String) throws(NetCDFError) -> (name: String, size: Int) {
        let code = try unsigned(4, "the type of \(what)")
        let types: [UInt64: (String, Int)] = [
            1: ("byte", 1), 2: ("char", 1), 3: ("short", 2), 4: ("int", 4), 5: ("float", 4), 6: ("double", 8)
        ]
        let extended: [UInt64: (String, Int)] = [
            7: ("ubyte", 1), 8: ("ushort", 2), 9: ("uint", 4), 10: ("int64", 8), 11: ("uint64", 8)
        ]
        guard let type = types[code] ?? (version == 5 ? extended[code] : nil) else {
            throw damaged("\(what) has type \(code), which is not a netCDF type of this format (CDF-\(version))")
        }
        return type
    }

    /// A NON_NEG count.
    private mutating func count(_ what: String) throws(NetCDFError) -> Int {
        try nonNegative(try unsigned(countSize, what), what)
    }

    private func nonNegative(_ value: UInt64, _ what: String) throws(NetCDFError) -> Int {
        let limit = countSize == 8 ? UInt64(Int64.max) : UInt64(Int32.max)
        guard value <= limit else { throw damaged("\(what) is \(value), out of range") }
        return Int(value)
    }

    /// A big-endian unsigned integer of `width` bytes.
    private mutating func unsigned(_ width: Int, _ what: String) throws(NetCDFError) -> UInt64 {
        try need(width, what)
        let value = bytes[position..<(position + width)].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        position += width
        return value
    }

    /// Moves past `count` values of `size` bytes and the padding to 4 bytes.
    private mutating func skip(_ count: Int, of size: Int, _ what: String) throws(NetCDFError) {
        let (bytes, overflow) = count.multipliedReportingOverflow(by: size)
        guard !overflow, bytes <= fileSize - position else {
            throw damaged("\(what) would take \(count) × \(size) bytes, more than the \(fileSize - position) left")
        }
        let padded = (bytes + 3) / 4 * 4
        try need(min(padded, fileSize - position), what)
        position += min(padded, fileSize - position)
    }

    /// Reads on until `count` bytes past the current position are in `bytes`.
    private mutating func need(_ count: Int, _ what: String) throws(NetCDFError) {
        guard count <= fileSize - position else {
            throw damaged("the file ends (at \(fileSize) bytes) inside \(what)")
        }
        while bytes.count < position + count {
            let chunk = (try? handle.read(upToCount: max(position + count - bytes.count, 1 << 16))) ?? nil
            guard let chunk, !chunk.isEmpty else {
                throw damaged("the file ends (at \(bytes.count) bytes) inside \(what)")
            }
            bytes += chunk
        }
    }
}
