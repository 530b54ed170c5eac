/// The flat binary form in which a sandboxed reader's answer crosses the pipe to pinn (see
/// `DataFileSandbox`): integers as 8 bytes little-endian, Doubles as their IEEE bit patterns (so
/// values arrive bit for bit, NaN payloads included), strings as a byte count and UTF-8, arrays as
/// a count and their elements. Both ends are this build of pinn, so there is no versioning.
enum DataFileMessage {
    /// An answer that does not decode (the child was cut off or wrote something else).
    struct Garbled: Error {}

    /// Builds a message.
    struct Writer {
        private(set) var bytes: [UInt8] = []

        mutating func append(_ value: Int) {
            withUnsafeBytes(of: Int64(value).littleEndian) { bytes += $0 }
        }

        mutating func append(_ value: Bool) { append(value ? 1 : 0) }

        mutating func append(_ text: String) {
            append(text.utf8.count)
            bytes += text.utf8
        }

        mutating func append(_ texts: [String]) {
            append(texts.count)
            for text in texts { append(text) }
        }

        mutating func append(_ values: [Int]) {
            append(values.count)
            for value in values { append(value) }
        }

        mutating func append(_ values: [Double]) {
            append(values.count)
            values.withUnsafeBytes { raw in
                if Int(littleEndian: 1) == 1 {
                    bytes += raw
                } else {
                    for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 } }
                }
            }
        }
    }

    /// Reads a message in the order it was written.
    struct Reader {
        private let bytes: [UInt8]
        private var position = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        /// Whether everything was read.
        var isAtEnd: Bool { position == bytes.count }

        mutating func int() throws(Garbled) -> Int {
            let raw = try take(8)
            return Int(Int64(littleEndian: raw.withUnsafeBytes { $0.loadUnaligned(as: Int64.self) }))
        }

        mutating func bool() throws(Garbled) -> Bool { try int() != 0 }

        /// A count of elements of at least `size` bytes each that fit in what is left.
        mutating func count(of size: Int) throws(Garbled) -> Int {
            let count = try int()
            guard count >= 0, count <= (bytes.count - position) / max(size, 1) else { throw Garbled() }
            return count
        }

        mutating func string() throws(Garbled) -> String {
            String(decoding: try take(try count(of: 1)), as: UTF8.self)
        }

        mutating func strings() throws(Garbled) -> [String] {
            var texts: [String] = []
            for _ in 0..<(try count(of: 8)) { texts.append(try string()) }
            return texts
        }

        mutating func ints() throws(Garbled) -> [Int] {
            var values: [Int] = []
            for _ in 0..<(try count(of: 8)) { values.append(try int()) }
            return values
        }

        mutating func doubles() throws(Garbled) -> [Double] {
            let count = try self.count(of: 8)
            let raw = try take(count * 8)
            return raw.withUnsafeBytes { buffer in
                (0..<count).map {
                    Double(
                        bitPattern: UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: 8 * $0, as: UInt64.self)))
                }
            }
        }

        private mutating func take(_ count: Int) throws(Garbled) -> ArraySlice<UInt8> {
            guard count >= 0, count <= bytes.count - position else { throw Garbled() }
            defer { position += count }
            return bytes[position..<(position + count)]
        }
    }
}
