import Foundation
import PinnIO
import PinnNetwork
import PinnProblems
import PinnReference

/// The network of a stored PDE result, ready to evaluate anywhere: the SIREN rebuilt from /model
/// and the problem rebound from the stored JSON (for the domain, the source term and the exact
/// solution). Evaluation runs `SolvePipeline.evaluate` in the result's precision, the code path
/// `pinn solve` used to write /fields/u, so the stored grid is reproduced to the last bit.
public struct StoredNetwork: Sendable {
    public let result: StoredPDEResult
    public let problem: BoundProblem
    /// The domain test of the finite-difference reference (closed, with its tolerance), which
    /// decided the stored mask.
    let domain: any FDDomain

    public init(_ result: StoredPDEResult) throws {
        let file = result.summary.path
        let decoded: ProblemFile
        do {
            // Data files in the problem resolve against the problem file's folder, when it is known.
            let problemFile = result.summary.problemFile ?? file + " (stored problem)"
            switch try ProblemDocument.decode(Data(result.summary.problemJSON.utf8), file: problemFile) {
            case .pde(let p): decoded = p
            case .ode: throw ResultReadError(file: file, message: "the stored problem is an ODE problem, not a PDE")
            }
            problem = try BoundProblem(decoded)
        } catch let error as ResultReadError {
            throw error
        } catch {
            throw ResultReadError(file: file, message: "the stored problem cannot be rebuilt: \(error)")
        }
        guard result.architecture.inputs == problem.dimension,
              result.parameters.count == result.architecture.parameterCount else {
            throw ResultReadError(file: file, message: "/model holds \(result.parameters.count) parameters for a "
                                  + "\(result.architecture.inputs)-input SIREN of \(result.architecture.parameterCount); the problem is \(problem.dimension)-D")
        }
        self.result = result
        do {
            domain = try problem.finiteDifferenceProblem().domain
        } catch {
            throw ResultReadError(file: file, message: "the stored problem's domain is a mesh; results on meshes are not evaluated here yet")
        }
    }

    public var dimension: Int { problem.dimension }

    /// The bounding box of the problem's domain.
    public var boundingBox: (lower: [Double], upper: [Double]) { problem.domain.collocation.boundingBox }

    /// A uniform grid of `counts` nodes per axis (x, y, z order) over the bounding box.
    public func uniformGrid(counts: [Int]) -> RectilinearGrid {
        let box = boundingBox
        return RectilinearGrid.uniform(lower: box.lower, upper: box.upper, counts: counts)
    }

    /// Whether each of the `count` points (row-major, `dimension` coordinates each) lies in the domain.
    public func mask(points: [Double], count: Int) -> [Bool] {
        let d = dimension
        return (0..<count).map { domain.contains(Array(points[$0 * d ..< ($0 + 1) * d])) }
    }

    /// u and the PDE residual at the points inside the domain (NaN outside), in the stored precision.
    public func evaluate(points: [Double], mask: [Bool]) -> (u: [Double], residual: [Double]) {
        let a = result.architecture
        if result.summary.precision == "f32" {
            let net = Siren<Float>(architecture: a, parameters: result.parameters.map { Float($0) })
            return SolvePipeline<Float>(problem: problem).evaluate(net, points: points, mask: mask)
        }
        let net = Siren<Double>(architecture: a, parameters: result.parameters)
        return SolvePipeline<Double>(problem: problem).evaluate(net, points: points, mask: mask)
    }

    /// The network, its residual and the exact solution (when the problem has one) on `grid`,
    /// with the error metrics against the exact solution.
    public func evaluate(on grid: RectilinearGrid) -> Evaluation {
        let points = grid.pointCoordinates()
        return evaluate(points: points, count: grid.pointCount, grid: grid)
    }

    /// The same at scattered points (row-major, `dimension` coordinates each).
    public func evaluate(points: [Double], count: Int, grid: RectilinearGrid? = nil) -> Evaluation {
        let mask = mask(points: points, count: count)
        let (u, residual) = evaluate(points: points, mask: mask)
        let exact = problem.exactValues(at: points, mask: mask)
        var metrics: [String: Double] = [:]
        if let exact, mask.contains(true) {
            metrics["relative_l2_vs_exact"] = relativeL2(u, exact, mask: mask)
            metrics["max_abs_error_vs_exact"] = maxAbs(u, exact, mask: mask)
        }
        return Evaluation(source: self, grid: grid, points: points, u: u, residual: residual, exact: exact, metrics: metrics)
    }
}

/// The stored network evaluated on a grid or at points: what `pinn eval` writes.
public struct Evaluation: Sendable {
    public let source: StoredNetwork
    /// The grid, or nil for scattered points.
    public let grid: RectilinearGrid?
    /// The points, row-major (`dimension` coordinates each).
    public let points: [Double]
    public let u: [Double]
    public let residual: [Double]
    public let exact: [Double]?
    public let metrics: [String: Double]

    public var count: Int { u.count }

    /// Writes HDF5 atomically: provenance (the problem, the source result), the grid or /points,
    /// /fields/u, /fields/residual, /exact/u and /error/u_vs_exact where there is an exact
    /// solution, /metrics and a copy of /model, so the output can itself be evaluated again. A
    /// grid gets an XDMF sidecar for ParaView.
    public func writeHDF5(to path: String) throws {
        let summary = source.result.summary
        let fields = fieldList()
        try HDF5File.writeAtomically(to: path) { file in
            try file.writeProvenance(problemName: summary.problemName, problemJSON: summary.problemJSON, seed: summary.seed)
            if let problemFile = summary.problemFile { try file.setAttribute("problem_file", to: problemFile) }
            try file.setAttribute("precision", to: summary.precision ?? "f64")
            try file.setAttribute("evaluated_from", to: summary.path)
            if let grid {
                try file.writeGrid(grid)
                for (dataset, values, long) in fields {
                    try file.writeField(dataset, values: values, on: grid)
                    try file.setLongName(long, on: dataset)
                }
            } else {
                let d = source.dimension
                try file.writeDataset("/points", values: points, shape: [count, d])
                try file.setLongName("evaluation points, one row of (x[, y[, z]]) each", on: "/points")
                for (dataset, values, long) in fields {
                    try file.writeDataset(dataset, values: values)
                    try file.setLongName(long + " at /points", on: dataset)
                }
            }
            try file.writeMetrics(metrics)
            try file.createGroup("/model")
            try file.writeDataset("/model/parameters", values: source.result.parameters)
            try file.writeSirenAttributes(source.result.architecture, on: "/model")
        }
        if let grid {
            let name = (path as NSString).lastPathComponent
            let xdmf = XDMFWriter(grids: [XDMFGrid(name: summary.problemName, file: name, grid: grid,
                                                    fields: fields.map { ($0.0.split(separator: "/").joined(separator: "_"), $0.0) })])
            try xdmf.write(to: (path as NSString).deletingPathExtension + ".xdmf")
        }
    }

    /// Writes CSV atomically: a header `x[,y[,z]],u,residual[,exact]` and one row per point
    /// (`nan` outside the domain), numbers with 17 significant digits.
    public func writeCSV(to path: String) throws {
        let d = source.dimension
        var text = (["x", "y", "z"].prefix(d) + ["u", "residual"] + (exact == nil ? [] : ["exact"])).joined(separator: ",") + "\n"
        for i in 0..<count {
            var row = (0..<d).map { points[i * d + $0] } + [u[i], residual[i]]
            if let exact { row.append(exact[i]) }
            text += row.map { $0.isNaN ? "nan" : String(format: "%.17g", $0) }.joined(separator: ",") + "\n"
        }
        try AtomicFile.write(text, to: path)
    }

    private func fieldList() -> [(String, [Double], String)] {
        var list = [("/fields/u", u, "learned solution u"), ("/fields/residual", residual, "PDE residual of the learned solution")]
        if let exact {
            list.append(("/exact/u", exact, "exact solution"))
            list.append(("/error/u_vs_exact", zip(u, exact).map { $0 - $1 }, "u - exact"))
        }
        return list
    }
}
