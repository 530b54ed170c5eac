import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a data-file reader in a forked child process, so that whatever the C library does on a
/// damaged file, pinn survives it and names the file.
///
/// Why: libhdf5 and libnetcdf decode binary formats full of offsets, counts and sizes, and their
/// history of published CVEs on malformed files is long (buffer overflows, null dereferences,
/// infinite loops and unbounded allocations in the metadata decoders of libhdf5 1.10 especially).
/// pinn's fuzzing found three such faults in the Debian builds it links (`Fuzz/LibraryCrashes`: a
/// segmentation fault and an endless loop in libhdf5's global heap, an 8.6 GB allocation in
/// libnetcdf's classic header reader). What can be checked before the library reads is checked
/// (`NetCDFClassicHeader`, `HDF5Location.attachedScales`, `DecodedSize`); the rest is contained here.
///
/// How: `fork()`; the child resets the crash signals to their default action (no backtrace, no core
/// file), limits its address space (`RLIMIT_AS`: what it has plus twice `memoryBytes`, so that one
/// absurd allocation fails at once and the library reports it, while memory that grows by use is
/// caught by the parent's watch below and reported as such; not under AddressSanitizer, whose shadow
/// memory needs terabytes of address space), runs the reader, writes its answer
/// to a pipe as one length-prefixed message and leaves with `_exit`. The parent reads the pipe,
/// polling every 20 ms; it kills the child (SIGKILL) when the time limit passes or when the child's
/// resident anonymous memory grows by more than `memoryBytes` beyond what it shared with pinn at the
/// fork, then reaps it.
///
/// `fork` copies only the calling thread: a lock another thread held at that instant (pinn's
/// OpenBLAS and Dispatch threads are idle while a problem is bound) stays held in the child. The
/// child therefore runs only the reader and `_exit`, never `exit` (no atexit handlers, no stdio
/// flush of pinn's buffers); malloc is made safe by glibc's fork handlers. Should the child still
/// block, the time limit reports it. Reads are serialised, so no child inherits another's pipe.
enum DataFileSandbox {
    /// Serialises sandboxed reads (one child at a time).
    private static let lock = NSLock()

    /// Runs `read` in a child process under `limits`; returns its answer (the bytes it returned).
    /// - Throws: `DataFileReadFailure` when the child crashes, is killed for time or memory, or
    ///   exits without answering.
    static func run(
        _ file: String, format: DataFileFormat, limits: DataFileLimits, _ read: () -> [UInt8]
    ) throws(DataFileReadFailure) -> [UInt8] {
        func fail(_ reason: DataFileReadFailure.Reason) -> DataFileReadFailure {
            DataFileReadFailure(file: file, format: format, reason: reason)
        }
        let fileSize = (try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int
        let (seconds, memory) = limits.resolved(fileSize: fileSize ?? 0)
        lock.lock()
        defer { lock.unlock() }

        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw fail(.system(call: "pipe", errno: errno)) }
        let (readEnd, writeEnd) = (ends[0], ends[1])
        let addressSpace = currentAddressSpace()
        let sharedMemory = residentBytes(of: getpid()) ?? 0
        let child = fork()
        if child == 0 {
            close(readEnd)
            runChild(writingTo: writeEnd, addressSpace: addressSpace, memoryBytes: memory, read)
        }
        let forkError = errno
        close(writeEnd)
        defer { close(readEnd) }
        guard child > 0 else { throw fail(.system(call: "fork", errno: forkError)) }

        // Read until the child closes the pipe, then reap it; check the limits every 20 ms meanwhile.
        var answer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var pipeOpen = true
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if pipeOpen {
                var request = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
                if poll(&request, 1, 20) > 0 {
                    let count = chunk.withUnsafeMutableBytes { Glibc.read(readEnd, $0.baseAddress, $0.count) }
                    if count > 0 {
                        answer += chunk[0..<count]
                    } else if count == 0 || errno != EINTR {
                        pipeOpen = false
                    }
                }
            } else {
                let reaped = waitpid(child, &status, WNOHANG)
                if reaped == child || (reaped < 0 && errno != EINTR) { break }
                usleep(2000)
            }
            var killedFor: DataFileReadFailure.Reason?
            if Date() > deadline {
                killedFor = .timeLimit(seconds: seconds)
            } else if let resident = residentBytes(of: child), resident - sharedMemory > memory {
                killedFor = .memoryLimit(bytes: memory)
            }
            if let killedFor {
                kill(child, SIGKILL)
                while waitpid(child, &status, 0) < 0 && errno == EINTR {}
                throw fail(killedFor)
            }
        }
        let signal = status & 0x7f
        if signal != 0 { throw fail(.signal(signal)) }
        let exitStatus = (status >> 8) & 0xff
        if exitStatus != 0 { throw fail(.exit(status: exitStatus)) }
        guard let message = unframed(answer) else { throw fail(.garbledAnswer) }
        return message
    }

    /// The child's side: limits, the reader, its framed answer, `_exit`. Never returns.
    private static func runChild(
        writingTo pipe: Int32, addressSpace: Int?, memoryBytes: Int, _ read: () -> [UInt8]
    ) -> Never {
        for number in [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGSYS, SIGINT, SIGTERM] {
            signal(number, SIG_DFL)
        }
        var none = rlimit(rlim_cur: 0, rlim_max: 0)
        setrlimit(Int32(RLIMIT_CORE.rawValue), &none)
        if !underAddressSanitizer, let addressSpace {
            let (limit, overflow) = addressSpace.addingReportingOverflow(min(memoryBytes, Int.max / 4) * 2)
            if !overflow {
                var cap = rlimit(rlim_cur: rlim_t(limit), rlim_max: rlim_t(limit))
                setrlimit(Int32(RLIMIT_AS.rawValue), &cap)
            }
        }
        let message = framed(read())
        var written = 0
        while written < message.count {
            let count = message[written...].withUnsafeBytes { Glibc.write(pipe, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { _exit(3) }
            written += count
        }
        _exit(0)
    }

    /// `message` preceded by its length (8 bytes, little-endian), so a child that dies half-way
    /// through writing is told from one that finished.
    private static func framed(_ message: [UInt8]) -> [UInt8] {
        withUnsafeBytes(of: UInt64(message.count).littleEndian) { Array($0) } + message
    }

    /// The message of a framed answer, nil unless it is complete.
    private static func unframed(_ answer: [UInt8]) -> [UInt8]? {
        guard answer.count >= 8 else { return nil }
        let length = answer[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard length == answer.count - 8 else { return nil }
        return Array(answer[8...])
    }

    /// Whether this process runs under AddressSanitizer (the fuzz builds).
    private static let underAddressSanitizer = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__asan_init") != nil

    /// This process's mapped address space in bytes (`VmSize`), nil if unknown.
    private static func currentAddressSpace() -> Int? {
        statusField("VmSize", of: getpid())
    }

    /// The resident anonymous memory of process `pid` in bytes (`RssAnon`: the heap and anonymous
    /// mappings, which a child shares with its parent right after `fork`; file mappings are left out,
    /// as a child maps those lazily), nil if unknown (or it has exited).
    private static func residentBytes(of pid: pid_t) -> Int? {
        statusField("RssAnon", of: pid)
    }

    /// A "kB" field of /proc/<pid>/status, in bytes.
    private static func statusField(_ name: String, of pid: pid_t) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix(name + ":") {
            let kilobytes = line.dropFirst(name.count + 1).split(whereSeparator: \.isWhitespace).first.flatMap {
                Int($0)
            }
            return kilobytes.map { $0 * 1024 }
        }
        return nil
    }
}
