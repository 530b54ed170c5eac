import ArgumentParser
import Foundation
import PinnCommandLine

/// `pinn bench-reference`: assembly and solve of the finite-difference Poisson system on a square
/// and a cube by multigrid, CHOLMOD and UMFPACK, each in its own child process (peak memory),
/// beside scipy's spsolve on the same system.
public struct ReferenceBenchCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "bench-reference",
        abstract: "Time and measure the memory of the reference solvers' sparse solves, beside scipy.",
        discussion: """
            Poisson −Δu = f on the unit square (5-point) and the unit cube (7-point), homogeneous \
            Dirichlet data, u = Π sin(π x_a): the finite-difference solver's 5/7-point triplets, assembled \
            by the benchmark's own loop over the nodes (as the peer does), then solved by SparseLinearSystem.solve(method:) with multigrid-preconditioned CG \
            (relative residual 1e-12), CHOLMOD's Cholesky or UMFPACK's LU. Each case runs in a child \
            process, which reports its peak resident set (VmHWM) and its resident set before assembling \
            (the process baseline). With --peer, scripts/peers/fd_scipy.py assembles the same square \
            system with scipy.sparse and times spsolve, in its own process. Wall and CPU (user + system) \
            seconds of assembly + solve; per unknown: microseconds of wall time, and bytes of peak minus \
            baseline.
            """)

    @Option(help: "Nodes per side of the square (0 skips it).")
    var square = 1025

    @Option(help: "Nodes per side of the cube (0 skips it).")
    var cube = 129

    @Option(help: "Methods on the square, comma-separated: multigrid, cholesky, lu.")
    var squareMethods = "multigrid,cholesky,lu"

    @Option(help: "Methods on the cube (the direct methods need minutes and gigabytes at 129³).")
    var cubeMethods = "multigrid"

    @Flag(help: "Also run scipy's spsolve on the square (scripts/peers/fd_scipy.py).")
    var peer = false

    @Flag(help: "Also run scipy's spsolve on the cube (slow).")
    var peerCube = false

    @Option(help: "The Python interpreter for the peer (needs numpy and scipy).")
    var python = "/usr/bin/python3"

    @Option(help: "The peer script.")
    var peerScript = "scripts/peers/fd_scipy.py"

    @Flag(help: "Print one JSON object per line and case.")
    var json = false

    @Option(help: .hidden)
    var child: String?

    public init() {}

    public func run() throws {
        if let child {
            let parts = child.split(separator: ":").map(String.init)
            guard parts.count == 3, let d = Int(parts[1]), let n = Int(parts[2]) else {
                throw ValidationError("--child: expected METHOD:DIMENSION:NODES, got '\(child)'")
            }
            let m = try ReferenceSolveBenchmark.measure(method: parts[0], dimension: d, nodesPerAxis: n)
            print(String(decoding: try JSONEncoder().encode(m), as: UTF8.self))
            return
        }
        var cases: [(method: String, dimension: Int, n: Int, peer: Bool)] = []
        for (d, n, list, runPeer) in [(2, square, squareMethods, peer), (3, cube, cubeMethods, peerCube)] where n > 0 {
            guard n >= 3 else { throw ValidationError("at least 3 nodes per side, got \(n)") }
            for method in list.split(separator: ",").map(String.init) {
                guard ReferenceSolveBenchmark.methods[method] != nil else {
                    throw ValidationError("unknown method '\(method)'; expected multigrid, cholesky or lu")
                }
                cases.append((method, d, n, false))
            }
            if runPeer { cases.append(("scipy-spsolve", d, n, true)) }
        }
        if !json {
            print(
                "case                        unknowns    nonzeros  assembly s   solve s   total s     CPU s  iters  "
                    + "max error   base MiB  peak MiB  µs/unknown  B/unknown")
        }
        var results: [ReferenceSolveMeasurement] = []
        for c in cases {
            let m = try c.peer ? runPeer(dimension: c.dimension, n: c.n) : runChild(c.method, c.dimension, c.n)
            results.append(m)
            if json {
                print(String(decoding: try JSONEncoder().encode(m), as: UTF8.self))
            } else {
                let name = "\(m.dimension)-D \(m.nodesPerAxis)^\(m.dimension) \(m.method)"
                let extra = Double(max(0, m.peakResidentKiB - m.startResidentKiB)) * 1024
                print(
                    name.padding(toLength: 26, withPad: " ", startingAt: 0)
                        + String(
                            format: " %10d %11d %11.2f %9.2f %9.2f %9.2f %6d %10.2e %10.1f %9.1f %11.2f %10.0f",
                            m.unknowns, m.nonzeros, m.assemblySeconds, m.solveSeconds, m.totalSeconds, m.cpuSeconds,
                            m.iterations,
                            m.maxError, Double(m.startResidentKiB) / 1024, Double(m.peakResidentKiB) / 1024,
                            1e6 * m.totalSeconds / Double(m.unknowns), extra / Double(m.unknowns)))
            }
            fflush(nil)
        }
        guard !json else { return }
        for d in [2, 3] {
            guard let ours = results.first(where: { $0.dimension == d && $0.method == "multigrid" }),
                let scipy = results.first(where: { $0.dimension == d && $0.method == "scipy-spsolve" })
            else { continue }
            print(
                String(
                    format:
                        "%d-D: multigrid %.2f s vs scipy spsolve %.2f s wall (%.1f× faster), CPU %.2f vs %.2f s "
                        + "(%.1f×), peak %.0f vs %.0f MiB",
                    d, ours.totalSeconds, scipy.totalSeconds, scipy.totalSeconds / ours.totalSeconds, ours.cpuSeconds,
                    scipy.cpuSeconds, scipy.cpuSeconds / ours.cpuSeconds,
                    Double(ours.peakResidentKiB) / 1024, Double(scipy.peakResidentKiB) / 1024))
        }
    }

    private func runChild(_ method: String, _ d: Int, _ n: Int) throws -> ReferenceSolveMeasurement {
        let data: Data
        do {
            data = try runSelf(arguments: ["bench-reference", "--child", "\(method):\(d):\(n)"])
        } catch let error as ChildProcessFailure {
            throw CommandFailure("the child solving \(d)-D \(n)^\(d) by \(method) failed (status \(error.status))")
        }
        guard let m = try? JSONDecoder().decode(ReferenceSolveMeasurement.self, from: data) else {
            throw CommandFailure("the child solving \(d)-D \(n)^\(d) by \(method) printed no measurement")
        }
        return m
    }

    /// Runs the scipy peer, which prints the same JSON fields.
    private func runPeer(dimension d: Int, n: Int) throws -> ReferenceSolveMeasurement {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [peerScript, "--dimension", "\(d)", "--nodes", "\(n)"]
        let pipe = Pipe()
        process.standardOutput = pipe
        do { try process.run() } catch {
            throw CommandFailure("cannot start the peer \(python) \(peerScript): \(error)")
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let m = try? JSONDecoder().decode(ReferenceSolveMeasurement.self, from: data)
        else {
            throw CommandFailure("the peer \(peerScript) failed (status \(process.terminationStatus))")
        }
        return m
    }
}
