import ArgumentParser
import Foundation
import PinnCommandLine
import PinnIO
import PinnNumerics
import PinnResults
import PinnSolve

/// `pinn eval RESULT.h5 [--grid NXxNY | --points FILE.csv] [--output OUT]`: evaluates the stored
/// network anywhere (the representation is continuous; resolution is the user's choice).
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate the network stored in a result on a grid or at given points (or times).",
        discussion: """
            Rebuilds the SIREN from /model and the problem from the stored JSON, and evaluates u and its \
            PDE residual (and the exact solution, where the problem has one) in the result's precision. \
            --grid 1024x1024 lays a uniform grid over the domain's bounding box (NaN outside the domain, \
            as in the result); without --grid or --points the result's own grid is used and the largest \
            difference from the stored /fields/u is printed. --points reads a CSV file with one point per \
            line (x[,y[,z]]; a header line and lines starting with # are skipped). The output (default \
            <result>_eval.h5, or .csv for --points) is HDF5 with an XDMF sidecar for grids, or CSV when \
            its name ends in .csv; it is written atomically. For an ODE result the learned trajectory is \
            evaluated: at the stored times by default, at N uniform times over the span with --grid N, or \
            at the times listed in a CSV file with --points. For a result on a mesh, --grid spans the mesh's \
            bounding box (NaN outside its cells), and by default the mesh's nodes are evaluated (written as \
            /points) and the largest difference from the stored /fields/u is printed.
            """)

    @Argument(help: "A PDE result file (HDF5) written by pinn solve.")
    var result: String

    @Option(help: "Nodes per axis of a uniform grid over the bounding box, e.g. 1024x1024 (x first).")
    var grid: String?

    @Option(help: "A CSV file of points, one per line: x[,y[,z]].")
    var points: String?

    @Option(
        help: ArgumentHelp(
            "Times at which to evaluate a heat or wave result, e.g. 0,0.5,1: on the stored spatial grid, or on "
                + "--grid given per space axis."))
    var times: String?

    @Option(name: .shortAndLong, help: "Where to write (.h5 or .csv).")
    var output: String?

    /// The largest grid evaluated (nodes); a 1024³ grid would need tens of GB.
    static let maxNodes = 50_000_000

    func run() throws {
        if grid != nil, points != nil { throw CommandFailure("give --grid or --points, not both") }
        let network: StoredNetwork
        // The evaluation without --grid or --points: the result's own grid or mesh nodes, and what
        // to call them when printing the largest difference from the stored u.
        let own: (evaluate: () -> Evaluation, stored: [Double], name: String)
        do {
            switch try StoredResult.read(from: result) {
            case .pde(let r):
                let net = try StoredNetwork(r)
                network = net
                switch r.support {
                case .grid(let grid):
                    own = (
                        { net.evaluate(on: grid) }, r.u,
                        "stored grid " + grid.counts.map(String.init).joined(separator: "x")
                    )
                case .mesh(let mesh):
                    own = (
                        { net.evaluate(points: mesh.nodes, count: mesh.nodeCount) }, r.u,
                        "stored mesh nodes (\(mesh.nodeCount))"
                    )
                }
            case .ode(let r): return try evaluateODE(r)
            }
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure("\(error)")
        }
        let path = try outputPath()
        let evaluation: Evaluation
        if let times {
            evaluation = network.evaluate(on: try timeGrid(times, network: network))
        } else if let points {
            let (coordinates, count) = try Self.readPoints(points, dimension: network.dimension)
            evaluation = network.evaluate(points: coordinates, count: count)
        } else if let grid {
            let counts = try Self.parseGrid(grid, dimension: network.dimension)
            evaluation = network.evaluate(on: network.uniformGrid(counts: counts))
        } else {
            evaluation = own.evaluate()
            let (largest, scale) = Self.largestDifference(evaluation.u, own.stored)
            print(
                String(
                    format: "%@: max |u - stored u| = %.3e (%.3e relative to max |stored u| = %.3e)",
                    own.name, largest, largest / max(scale, .leastNormalMagnitude), scale))
        }
        try write(evaluation, to: path)
    }

    /// The grid of `--times` for a heat or wave result: its stored spatial grid (or `--grid`, one count
    /// per space axis) with a t axis at the times given (increasing, within the result's span).
    func timeGrid(_ text: String, network: StoredNetwork) throws -> RectilinearGrid {
        guard let span = network.problem.file.time else {
            throw CommandFailure("--times applies to heat and wave results; \(result) is steady")
        }
        if points != nil { throw CommandFailure("give --times or --points, not both") }
        let values = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ $0 != nil }) else {
            throw CommandFailure("--times \(text): expected numbers separated by commas, e.g. 0,0.5,1")
        }
        let times = values.compactMap { $0 }
        guard zip(times, times.dropFirst()).allSatisfy({ $0 < $1 }), times.allSatisfy({ span.start...span.end ~= $0 })
        else {
            throw CommandFailure(
                "--times \(text): expected increasing times in the result's span [\(span.start), \(span.end)]")
        }
        let space: [RectilinearGrid.Axis]
        if let grid {
            let counts = try Self.parseGrid(grid, dimension: network.problem.dimension)
            space = Array(network.uniformGrid(counts: counts + [2]).axes.dropLast())
        } else {
            guard case .pde(let stored) = try StoredResult.read(from: result), let storedGrid = stored.grid else {
                throw CommandFailure("\(result): no stored grid to evaluate on; give --grid")
            }
            space = Array(storedGrid.axes.dropLast())
        }
        return RectilinearGrid(axes: space + [.init(name: "t", coordinates: times)])
    }

    /// Writes `evaluation` to `path` (CSV when its name ends in .csv, else HDF5) and prints its metrics.
    func write(_ evaluation: Evaluation, to path: String) throws {
        do {
            try createParentDirectory(of: path)
            if path.lowercased().hasSuffix(".csv") {
                try evaluation.writeCSV(to: path)
                print("wrote \(path) (\(evaluation.count) points)")
            } else {
                try evaluation.writeHDF5(to: path)
                print("wrote \(path)" + (evaluation.grid != nil ? " (+ .xdmf)" : ""))
            }
        } catch {
            throw CommandFailure("\(path): \(error)")
        }
        for (key, value) in evaluation.metrics.sorted(by: { $0.key < $1.key }) {
            print(key.padding(toLength: 32, withPad: " ", startingAt: 0) + String(format: "%.3e", value))
        }
    }

    /// The largest |a − b| (infinite where one is NaN and the other not) and the largest |b|.
    static func largestDifference(_ a: [Double], _ b: [Double]) -> (largest: Double, scale: Double) {
        var largest = 0.0, scale = 0.0
        for (x, y) in zip(a, b) where x.isFinite || y.isFinite {
            largest = max(largest, x == y ? 0 : abs(x - y).isNaN ? .infinity : abs(x - y))
            scale = max(scale, abs(y))
        }
        return (largest, scale)
    }

    /// The output path (default `<result>_eval.h5`, or `.csv` with --points); never the result itself.
    func outputPath() throws -> String {
        let path = output ?? (result as NSString).deletingPathExtension + "_eval" + (points != nil ? ".csv" : ".h5")
        guard (path as NSString).standardizingPath != (result as NSString).standardizingPath else {
            throw CommandFailure(
                "\(path): the output would overwrite the result being evaluated; choose another --output")
        }
        return path
    }

    /// An ODE result: the learned trajectory at the stored times (printing the largest difference
    /// from /learned/states), at N uniform times (--grid N) or at the times in a CSV file (--points).
    func evaluateODE(_ stored: StoredODEResult) throws {
        let path = try outputPath()
        let network = try StoredODENetwork(stored)
        let times: [Double]
        if let points {
            times = try Self.readPoints(points, dimension: 1).points
        } else if let grid {
            times = network.uniformTimes(count: try Self.parseGrid(grid, dimension: 1)[0])
        } else {
            times = stored.times
        }
        let states = try network.trajectory(at: times)
        if grid == nil, points == nil {
            let difference = zip(states, stored.learned).flatMap { zip($0, $1).map { abs($0 - $1) } }.max() ?? 0
            let trajectories = stored.trajectoryCount > 1 ? " of \(stored.trajectoryCount) trajectories" : ""
            print(
                String(format: "stored times (%d)%@: max |z - stored z| = %.3e", times.count, trajectories, difference))
        }
        do {
            try createParentDirectory(of: path)
            if path.lowercased().hasSuffix(".csv") {
                try network.writeCSV(times: times, states: states, to: path)
            } else {
                try network.writeHDF5(times: times, states: states, to: path)
            }
        } catch {
            throw CommandFailure("\(path): \(error)")
        }
        print("wrote \(path) (\(times.count) times)")
    }

    /// "1024x1024" → [1024, 1024]: one count ≥ 2 per axis of the problem, at most `maxNodes` in all.
    static func parseGrid(_ text: String, dimension: Int) throws -> [Int] {
        let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        let counts = parts.compactMap { Int($0) }
        guard counts.count == parts.count, counts.count == dimension else {
            throw CommandFailure(
                "--grid \(text): expected \(dimension) node count\(dimension == 1 ? "" : "s") separated by 'x' "
                    + "(e.g. \(Array(repeating: "256", count: dimension).joined(separator: "x"))) for this \(dimension)-D problem"
            )
        }
        guard counts.allSatisfy({ $0 >= 2 }) else {
            throw CommandFailure("--grid \(text): every axis needs at least 2 nodes")
        }
        let total = counts.reduce(1) { $0.multipliedReportingOverflow(by: $1).overflow ? Int.max : $0 * $1 }
        guard total <= maxNodes else {
            throw CommandFailure(
                "--grid \(text): \(total) nodes is more than the \(maxNodes) pinn eval evaluates at once")
        }
        return counts
    }

    /// Reads points from CSV: `dimension` numbers per line (more columns are ignored); an optional
    /// header line, blank lines and lines starting with # are skipped.
    static func readPoints(_ path: String, dimension: Int) throws -> (points: [Double], count: Int) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure("\(path): cannot read the file")
        }
        var points: [Double] = []
        var count = 0
        for (index, raw) in String(decoding: data, as: UTF8.self).split(
            separator: "\n", omittingEmptySubsequences: false
        ).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let numbers = fields.prefix(dimension).compactMap { Double($0) }
            if numbers.count < dimension || !numbers.allSatisfy(\.isFinite) {
                // A header line.
                if count == 0 && points.isEmpty && index == 0 && Double(fields.first ?? "") == nil { continue }
                throw CommandFailure(
                    "\(path):\(index + 1): expected \(dimension) finite number\(dimension == 1 ? "" : "s") (x\(dimension > 1 ? ", y" : "")\(dimension > 2 ? ", z" : "")), found '\(line)'"
                )
            }
            points += numbers
            count += 1
        }
        guard count > 0 else { throw CommandFailure("\(path): no points") }
        return (points, count)
    }
}
