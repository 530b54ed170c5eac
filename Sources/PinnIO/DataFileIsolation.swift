import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where a data file named in a problem file (gridded sources, observations) is decoded.
public enum DataFileIsolation: Sendable, Equatable {
    /// In this process: a fault of the C library ends pinn. For files pinn wrote itself and for
    /// fuzzing, which must see the library's code run.
    case inProcess
    /// In a child process under `limits` (see `DataFileSandbox`): a fault, a hang or a runaway
    /// allocation of the C library becomes a `DataFileReadFailure` naming the file.
    case childProcess(DataFileLimits)

    /// A child process with the default limits (or those set by the environment).
    public static let standard = DataFileIsolation.childProcess(DataFileLimits())
}

/// How long and how much memory the child that reads a data file may take.
///
/// Unset values come from the environment (`PINN_DATA_READ_TIMEOUT`: seconds;
/// `PINN_DATA_READ_MEMORY`: MiB) or else from the file's size: 10 s plus 1 s per 4 MB, and
/// 2 GiB plus 32 bytes per byte of the file. Both are far beyond what a valid file needs; they
/// stop a library that loops or allocates without bound on a damaged one.
public struct DataFileLimits: Sendable, Equatable {
    /// Wall-clock seconds, or nil for the default.
    public var seconds: Double?
    /// Bytes of memory the child may add to what it shares with pinn, or nil for the default.
    public var memoryBytes: Int?

    public init(seconds: Double? = nil, memoryBytes: Int? = nil) {
        self.seconds = seconds
        self.memoryBytes = memoryBytes
    }

    /// The limits for a file of `fileSize` bytes: given values, else the environment's, else the defaults.
    func resolved(fileSize: Int) -> (seconds: Double, memoryBytes: Int) {
        let environment = ProcessInfo.processInfo.environment
        let seconds =
            self.seconds ?? environment["PINN_DATA_READ_TIMEOUT"].flatMap(Double.init).flatMap { $0 > 0 ? $0 : nil }
            ?? (10 + Double(fileSize) / 4e6).rounded(.up)
        let mebibytes = environment["PINN_DATA_READ_MEMORY"].flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil }
        let memory =
            memoryBytes ?? mebibytes.map { $0.multipliedReportingOverflow(by: 1 << 20).partialValue }
            ?? (2 << 30) + min(fileSize, Int.max / 64) * 32
        return (seconds, memory)
    }
}

/// The kind of data file a sandboxed reader decodes, for messages.
public enum DataFileFormat: Sendable, Equatable {
    case hdf5, netCDF

    /// The C library that decodes it.
    public var library: String { self == .hdf5 ? "libhdf5" : "libnetcdf" }
    /// Its name in "not a valid … file".
    public var name: String { self == .hdf5 ? "HDF5" : "NetCDF" }
}

/// A child process that read a data file did not deliver its answer.
public struct DataFileReadFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// How the child ended.
    public enum Reason: Sendable, Equatable {
        /// It died by `signal` (a crash: SIGSEGV, SIGBUS, SIGABRT…, or an interrupt).
        case signal(Int32)
        /// It ran longer than `seconds` and was killed.
        case timeLimit(seconds: Double)
        /// It used more than `bytes` of memory and was killed.
        case memoryLimit(bytes: Int)
        /// It exited with `status` before answering.
        case exit(status: Int32)
        /// It answered something that cannot be decoded.
        case garbledAnswer
        /// No child could be started (`call` failed with `errno`).
        case system(call: String, errno: Int32)
    }

    /// The file it was reading.
    public var file: String
    public var format: DataFileFormat
    public var reason: Reason

    public init(file: String, format: DataFileFormat, reason: Reason) {
        self.file = file
        self.format = format
        self.reason = reason
    }

    /// One line: what happened, the file, and what it means.
    public var description: String {
        let library = format.library
        let damaged = "the file is damaged or not a valid \(format.name) file"
        switch reason {
        case .signal(let number) where [SIGINT, SIGTERM, SIGHUP, SIGKILL].contains(number):
            return "\(library) was stopped (signal \(number)\(Self.name(of: number))) while reading \(file)"
        case .signal(let number):
            return "\(library) crashed (signal \(number)\(Self.name(of: number))) reading \(file): \(damaged)"
        case .timeLimit(let seconds):
            return "\(library) did not finish reading \(file) within \(seconds.formatted()) s: \(damaged) "
                + "(a valid file this slow to read can be given more time with PINN_DATA_READ_TIMEOUT=seconds)"
        case .memoryLimit(let bytes):
            return "\(library) needed more than \(bytes >> 20) MiB reading \(file): \(damaged) "
                + "(a valid file this large can be given more memory with PINN_DATA_READ_MEMORY=MiB)"
        case .exit(let status):
            return "\(library) stopped with status \(status) while reading \(file): \(damaged)"
        case .garbledAnswer:
            return "the process reading \(file) with \(library) answered garbage: \(damaged)"
        case .system(let call, let number):
            return "cannot start a process to read \(file): \(call) failed (\(String(cString: strerror(number))))"
        }
    }

    private static func name(of signal: Int32) -> String {
        let names: [Int32: String] = [
            SIGSEGV: "SIGSEGV", SIGBUS: "SIGBUS", SIGABRT: "SIGABRT", SIGILL: "SIGILL", SIGFPE: "SIGFPE",
            SIGTRAP: "SIGTRAP", SIGKILL: "SIGKILL", SIGINT: "SIGINT", SIGTERM: "SIGTERM", SIGHUP: "SIGHUP"
        ]
        return names[signal].map { ", \($0)" } ?? ""
    }
}

extension Double {
    /// Seconds for a message: "10", "2.25", "1e-06" (no trailing ".0").
    fileprivate func formatted() -> String {
        self == rounded() && abs(self) < 1e15 ? String(Int(self)) : String(self)
    }
}
