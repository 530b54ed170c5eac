import Foundation
import PinnNumerics

/// What a finished child process printed and how it ended.
struct ProcessRun {
    var status: Int32
    var stdout: String
    var stderr: String

    /// This process's environment with `OPENBLAS_CORETYPE` set to this process's OpenBLAS kernel
    /// (unless already set), for every child `pinn` a test starts (see `run`).
    static var childEnvironment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        if environment["OPENBLAS_CORETYPE"] == nil { environment["OPENBLAS_CORETYPE"] = BLASRuntime.coreName }
        return environment
    }

    /// Runs `executable` with `arguments` to completion, capturing both output streams.
    ///
    /// The child runs on the OpenBLAS kernel this test process runs on: where OpenBLAS does not
    /// recognise the CPU (it picks "Prescott" on some Xeons), `pinn` would otherwise re-execute
    /// itself on a faster kernel (`BLASRuntime.ensureBestCore`), whose GEMMs round differently, and a
    /// result written in this process would not be reproduced bit for bit by the child.
    static func run(_ executable: URL, _ arguments: [String]) throws -> ProcessRun {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = childEnvironment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read stderr on another thread: a child that fills one pipe while we wait on the other would hang.
        nonisolated(unsafe) var stderr = Data()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { stderr = err.fileHandleForReading.readDataToEndOfFile() }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return ProcessRun(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                          stderr: String(decoding: stderr, as: UTF8.self))
    }
}
