import Foundation

/// A child run of this executable that exited with a nonzero status.
public struct ChildProcessFailure: Error, CustomStringConvertible {
    public let status: Int32
    public var description: String { "the child process exited with status \(status)" }
}

/// Runs this executable (`/proc/self/exe`) with `arguments` and waits for it.
///
/// - Parameter environment: the child's environment; nil inherits this process's.
/// - Returns: what the child wrote to standard output (its standard error is inherited).
/// - Throws: `ChildProcessFailure` when it exits with a nonzero status, or the error of starting it.
public func runSelf(arguments: [String], environment: [String: String]? = nil) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    process.arguments = arguments
    if let environment { process.environment = environment }
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw ChildProcessFailure(status: process.terminationStatus) }
    return data
}
