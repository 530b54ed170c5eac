import Foundation
import PinnCommandLine
import PinnReference

/// One timed solve of `pinn bench-reference`, measured in its own child process.
///
/// The system: Poisson −Δu = f on the unit square or cube, n nodes per axis (h = 1/(n − 1)), the
/// 5- or 7-point Laplacian at the (n − 2)^d interior nodes, homogeneous Dirichlet data eliminated,
/// f = dπ² Π sin(π x_a) so that u = Π sin(π x_a) (max error O(h²), reported as a check). The
/// same system, numbered the same way (x fastest), is what `scripts/peers/fd_scipy.py` builds.
struct ReferenceSolveMeasurement: Codable {
    var method: String
    var dimension: Int
    var nodesPerAxis: Int
    var unknowns: Int
    var nonzeros: Int
    var assemblySeconds: Double
    var solveSeconds: Double
    /// User + system CPU time of assembly and solve (on a shared machine, closer to the idle wall
    /// time than the wall time is; the solvers run on one thread, CHOLMOD's BLAS may use more).
    var cpuSeconds: Double
    var iterations: Int
    var levels: Int
    /// Nonzeros of the factors (LU, Cholesky) or of the coarsest level's LU (multigrid).
    var factorNonzeros: Int
    var relativeResidual: Double
    var maxError: Double
    /// Resident set size when the case starts (the process and its libraries) and the peak
    /// (VmHWM) when it ends, in KiB.
    var startResidentKiB: Int
    var peakResidentKiB: Int

    var totalSeconds: Double { assemblySeconds + solveSeconds }
}

enum ReferenceSolveBenchmark {
    static let methods: [String: SparseSolverMethod?] = ["multigrid": nil, "cholesky": .cholesky, "lu": .lu]

    /// The triplets, right-hand side and node grid of the box Poisson system, and the exact
    /// solution at the unknowns.
    static func assemble(dimension d: Int, nodesPerAxis n: Int) -> (SparseLinearSystem, MultigridGrid, [Double]) {
        let h = 1 / Double(n - 1)
        let nodeCount = Int(pow(Double(n), Double(d)))
        let interior = Int(pow(Double(n - 2), Double(d)))
        var strides = [1, n, n * n]
        strides.removeLast(3 - d)
        var unknownIndex = [Int](repeating: -1, count: nodeCount)
        var count = 0
        for node in 0..<nodeCount {
            var inside = true
            for a in 0..<d {
                let i = (node / strides[a]) % n
                if i == 0 || i == n - 1 { inside = false }
            }
            if inside {
                unknownIndex[node] = count
                count += 1
            }
        }
        var matrix = SparseTripletMatrix(dimension: interior)
        matrix.reserveCapacity(interior * (2 * d + 1))
        var rhs = [Double](repeating: 0, count: interior)
        var exact = [Double](repeating: 0, count: interior)
        let c = 1 / (h * h)
        for node in 0..<nodeCount where unknownIndex[node] >= 0 {
            let row = unknownIndex[node]
            var u = 1.0
            for a in 0..<d {
                u *= sin(Double.pi * Double((node / strides[a]) % n) * h)
                let below = unknownIndex[node - strides[a]], above = unknownIndex[node + strides[a]]
                if below >= 0 { matrix.add(row: row, column: below, value: -c) }
                if above >= 0 { matrix.add(row: row, column: above, value: -c) }
            }
            matrix.add(row: row, column: row, value: 2 * Double(d) * c)
            rhs[row] = Double(d) * Double.pi * Double.pi * u
            exact[row] = u
        }
        let system = SparseLinearSystem(matrix: matrix, rhs: rhs, isAnchored: true)
        let grid = MultigridGrid(
            counts: [Int](repeating: n, count: d), spacing: [Double](repeating: h, count: d), unknownIndex: unknownIndex
        )
        return (system, grid, exact)
    }

    /// Assembles and solves once with `method` (multigrid, cholesky or lu) in this process.
    static func measure(method: String, dimension: Int, nodesPerAxis n: Int) throws -> ReferenceSolveMeasurement {
        let start = residentKiB(field: "VmRSS:")
        let cpu0 = cpuSeconds()
        let t0 = DispatchTime.now()
        let (system, grid, exact) = assemble(dimension: dimension, nodesPerAxis: n)
        let t1 = DispatchTime.now()
        let solverMethod: SparseSolverMethod
        switch methods[method] {
        case .some(.some(let m)): solverMethod = m
        case .some(.none): solverMethod = .multigrid(grid)
        case .none: throw CommandFailure("unknown method '\(method)'; expected multigrid, cholesky or lu")
        }
        let report = try system.solve(method: solverMethod)
        let t2 = DispatchTime.now()
        let cpu = cpuSeconds() - cpu0
        let maxError = zip(report.solution, exact).reduce(0) { max($0, abs($1.0 - $1.1)) }
        return ReferenceSolveMeasurement(
            method: method, dimension: dimension, nodesPerAxis: n, unknowns: system.matrix.dimension,
            nonzeros: report.nonzeroCount,
            assemblySeconds: Double(t1.uptimeNanoseconds - t0.uptimeNanoseconds) / 1e9,
            solveSeconds: Double(t2.uptimeNanoseconds - t1.uptimeNanoseconds) / 1e9, cpuSeconds: cpu,
            iterations: report.iterations,
            levels: report.levels, factorNonzeros: report.factorNonzeroCount, relativeResidual: report.relativeResidual,
            maxError: maxError, startResidentKiB: start, peakResidentKiB: residentKiB(field: "VmHWM:"))
    }

    /// User + system CPU seconds of this process so far (getrusage).
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// A field of /proc/self/status in KiB (VmRSS now, VmHWM the peak); 0 where /proc is missing.
    static func residentKiB(field: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field) }),
            let kib = Int(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kib
    }
}
