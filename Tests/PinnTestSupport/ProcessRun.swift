import Foundation
import PinnNumerics

/// What a finished child process printed and how it ended.
public struct ProcessRun: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String

    public init(status: Int32, stdout: String, stderr: String) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }

    /// This process's environment with `OPENBLAS_CORETYPE` set to this process's OpenBLAS kernel
    /// (unless already set), for every child `pinn` a test starts (see `run`).
    public static var childEnvironment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        if environment["OPENBLAS_CORETYPE"] == nil { environment["OPENBLAS_CORETYPE"] = BLASRuntime.coreName }
        return environment
    }

    /// Runs `executable` with `arguments` to completion, capturing both output streams; `input`, when
    /// given, is the file its standard input reads; `environment` adds to (or replaces) variables of
    /// `childEnvironment`; `directory`, when given, is the folder it runs in.
    ///
    /// The child runs on the OpenBLAS kernel this test process runs on: where OpenBLAS does not
    /// recognise the CPU (it picks "Prescott" on some Xeons), `pinn` would otherwise re-execute
    /// itself on a faster kernel (`BLASRuntime.ensureBestCore`), whose GEMMs round differently, and a
    /// result written in this process would not be reproduced bit for bit by the child.
    public static func run(
        _ executable: URL, _ arguments: [String], input: URL? = nil, environment: [String: String] = [:],
        directory: String? = nil
    ) throws -> ProcessRun {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = childEnvironment.merging(environment) { $1 }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory, isDirectory: true) }
        if let input { process.standardInput = try FileHandle(forReadingFrom: input) }
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
        return ProcessRun(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }
}

/// Where the tests find what they run.
public enum TestPaths {
    /// The `pinn` executable built beside the test bundle.
    public static var pinn: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("pinn")
    }

    /// The repository's root folder (found from this source file's location).
    public static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}
