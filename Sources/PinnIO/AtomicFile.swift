import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A failed system call while writing a file atomically.
public struct AtomicWriteError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The failing call ("open", "write", "fsync", "rename").
    public var call: String
    /// The path it was working on.
    public var path: String
    /// The `errno` it left.
    public var code: Int32

    /// One line naming the call, the path and the system's message.
    public var description: String {
        "\(call) failed for \(path): \(String(cString: strerror(code)))"
    }
}

/// All-or-nothing file writing: contents go to a temporary file beside the destination
/// (`.<name>.tmp-<pid>-<random>`, same directory so the final rename(2) is atomic), which is
/// synced and renamed over the destination only when writing succeeded. Readers see either the
/// old file or the complete new one, never a half-written file; on failure the temporary is
/// removed and the destination left as it was.
public enum AtomicFile {
    /// The temporary path used for `destination`: `.<name>.tmp-<pid>-<random hex>` in its directory.
    public static func temporaryPath(for destination: String) -> String {
        let slash = destination.lastIndex(of: "/")
        let directory = slash.map { String(destination[...$0]) } ?? ""
        let name = slash.map { String(destination[destination.index(after: $0)...]) } ?? destination
        let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        return "\(directory).\(name).tmp-\(getpid())-\(suffix)"
    }

    /// Runs `body` with a fresh temporary path beside `destination`; if `body` returns, syncs the
    /// file `body` wrote there and renames it over `destination`. If `body` (or the sync or the
    /// rename) throws, removes the temporary and rethrows.
    public static func replace(_ destination: String, using body: (_ temporaryPath: String) throws -> Void) throws {
        let temporary = temporaryPath(for: destination)
        do {
            try body(temporary)
            try sync(temporary)
            guard rename(temporary, destination) == 0 else {
                throw AtomicWriteError(call: "rename", path: destination, code: errno)
            }
        } catch {
            unlink(temporary)
            throw error
        }
        syncDirectory(of: destination)
    }

    /// Removes temporaries that earlier writes of `destination` left behind when their process was
    /// killed (`.<name>.tmp-<pid>-<hex>` whose process is gone); returns the paths removed.
    /// Temporaries of running processes are left alone.
    @discardableResult
    public static func removeStaleTemporaries(for destination: String) -> [String] {
        let slash = destination.lastIndex(of: "/")
        let directory = slash.map { String(destination[...$0]) } ?? ""
        let name = slash.map { String(destination[destination.index(after: $0)...]) } ?? destination
        let prefix = ".\(name).tmp-"
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory.isEmpty ? "." : directory)) ?? []
        var removed: [String] = []
        for entry in entries where entry.hasPrefix(prefix) {
            let rest = entry.dropFirst(prefix.count).split(separator: "-")
            guard rest.count == 2, let pid = Int32(rest[0]), rest[1].allSatisfy(\.isHexDigit) else { continue }
            guard pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            if unlink(directory + entry) == 0 { removed.append(directory + entry) }
        }
        return removed
    }

    /// Writes `data` to `path` atomically.
    public static func write(_ data: Data, to path: String) throws {
        try replace(path) { temporary in
            let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            guard descriptor >= 0 else { throw AtomicWriteError(call: "open", path: temporary, code: errno) }
            defer { close(descriptor) }
            try data.withUnsafeBytes { bytes in
                var offset = 0
                while offset < bytes.count {
                    let written = systemWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        throw AtomicWriteError(call: "write", path: temporary, code: errno)
                    }
                    offset += written
                }
            }
        }
    }

    /// Writes `text` as UTF-8 to `path` atomically.
    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }

    /// Flushes the file at `path` to stable storage.
    private static func sync(_ path: String) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw AtomicWriteError(call: "open", path: path, code: errno) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw AtomicWriteError(call: "fsync", path: path, code: errno) }
    }

    /// Makes the rename durable by syncing the directory (best effort).
    private static func syncDirectory(of path: String) {
        let directory = path.lastIndex(of: "/").map { String(path[...$0]) } ?? "."
        let descriptor = open(directory, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }
}

/// write(2), named apart from `AtomicFile.write`.
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}
