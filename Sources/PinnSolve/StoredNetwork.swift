import Foundation
import PinnBinding
import PinnIO
import PinnNetwork
import PinnNumerics
import PinnProblems
import PinnReference
import PinnResults

/// The network of a stored PDE result, ready to evaluate anywhere: the SIREN rebuilt from /model
/// and the problem rebound from the stored JSON (for the domain, the source term and the exact
/// solution). Evaluation runs `SolvePipeline.evaluate` in the result's precision, the code path
/// `pinn solve` used to write /fields/u, so the stored grid (or the mesh's nodes) is reproduced to
/// the last bit.
public struct StoredNetwork: Sendable {
    public let summary: ResultSummary
    public let architecture: SirenArchitecture
    public let parameters: [Double]
    public let problem: BoundProblem
    /// Whether a point lies in the domain: the finite-difference reference's test (closed, with its
    /// tolerance), which decided the stored mask of a grid result, or the stored mesh's cells.
    let contains: @Sendable ([Double]) -> Bool
    /// The bounding box evaluation grids span.
    public let boundingBox: (lower: [Double], upper: [Double])

    /// The network of a result: on a grid, the stored problem with its domain deciding what is
    /// inside; on a mesh, see `init(_:on:)`.
    public init(_ result: StoredPDEResult) throws {
        if let mesh = result.mesh {
            try self.init(result, on: mesh)
            return
        }
        let file = result.summary.path
        let decoded: ProblemFile
        do {
            // Data files in the problem resolve against the problem file's folder, when it is known.
            let problemFile = result.summary.problemFile ?? file + " (stored problem)"
            switch try ProblemDocument.decode(Data(result.summary.problemJSON.utf8), file: problemFile) {
            case .pde(let p): decoded = p
            case .ode: throw ResultReadError(file: file, message: "the stored problem is an ODE problem, not a PDE")
            }
        } catch let error as ResultReadError {
            throw error
        } catch {
            throw ResultReadError(file: file, message: "the stored problem cannot be rebuilt: \(error)")
        }
        let problem = try Self.bind(decoded, file, unknowns: result.unknowns)
        let domain: any FDDomain
        do {
            domain = try problem.finiteDifferenceProblem().domain
        } catch {
            throw ResultReadError(
                file: file, message: "the stored problem's domain has no finite-difference test: \(error)")
        }
        var box = problem.domain.collocation.boundingBox
        var contains: @Sendable ([Double]) -> Bool = { domain.contains($0) }
        if let time = problem.file.time {
            // A heat or wave result: its points are (x, …, t), inside for x in the domain and t in the span.
            let d = problem.dimension
            box = (box.lower + [time.start], box.upper + [time.end])
            contains = { domain.contains(Array($0.prefix(d))) && time.start...time.end ~= $0[d] }
        }
        try self.init(
            summary: result.summary, architecture: result.architecture, parameters: result.parameters, problem: problem,
            boundingBox: box, contains: contains)
    }

    /// The network of a result on a mesh: the stored problem with the mesh's bounding box for a
    /// domain (`problemWithoutMesh`) and the stored mesh's cells deciding what is inside.
    init(_ result: StoredPDEResult, on mesh: StoredMesh) throws {
        let locator = MeshPointLocator(mesh, domainCells: result.domainCells)
        try self.init(
            summary: result.summary, architecture: result.architecture, parameters: result.parameters,
            problem: try Self.bind(result.problemWithoutMesh(), result.summary.path, unknowns: result.unknowns),
            boundingBox: mesh.boundingBox, contains: { locator.cell(containing: $0) != nil })
    }

    init(
        summary: ResultSummary, architecture: SirenArchitecture, parameters: [Double], problem: BoundProblem,
        boundingBox: (lower: [Double], upper: [Double]), contains: @escaping @Sendable ([Double]) -> Bool
    ) throws {
        guard architecture.inputs == problem.inputs, parameters.count == architecture.parameterCount else {
            throw ResultReadError(
                file: summary.path,
                message: "/model holds \(parameters.count) parameters for a "
                    + "\(architecture.inputs)-input SIREN of \(architecture.parameterCount); the problem has "
                    + "\(problem.inputs) inputs")
        }
        self.summary = summary
        self.architecture = architecture
        self.parameters = parameters
        self.problem = problem
        self.boundingBox = boundingBox
        self.contains = contains
    }

    /// The stored problem bound with an inverse problem's learned unknowns (without its measurements).
    static func bind(_ file: ProblemFile, _ path: String, unknowns: StoredUnknowns?) throws -> BoundProblem {
        do {
            let learned = unknowns.map { Dictionary(uniqueKeysWithValues: zip($0.names, $0.values)) } ?? [:]
            return try BoundProblem(file, unknownValues: learned)
        } catch {
            throw ResultReadError(file: path, message: "the stored problem cannot be rebuilt: \(error)")
        }
    }

    /// The coordinates of a point: the space dimension, and one more (t) for a heat or wave result.
    public var dimension: Int { problem.inputs }

    /// A uniform grid of `counts` nodes per axis (x, y, z order) over the bounding box.
    public func uniformGrid(counts: [Int]) -> RectilinearGrid {
        let box = boundingBox
        let grid = RectilinearGrid.uniform(lower: box.lower, upper: box.upper, counts: counts)
        guard problem.file.kind.isEvolution else { return grid }
        return RectilinearGrid(
            axes: grid.axes.dropLast() + [.init(name: "t", coordinates: grid.axes[grid.axes.count - 1].coordinates)])
    }

    /// Whether each of the `count` points (row-major, `dimension` coordinates each) lies in the domain.
    public func mask(points: [Double], count: Int) -> [Bool] {
        let d = dimension
        return (0..<count).map { contains(Array(points[$0 * d..<($0 + 1) * d])) }
    }

    /// u and the PDE residual at the points inside the domain (NaN outside), in the stored precision.
    public func evaluate(points: [Double], mask: [Bool]) -> (u: [Double], residual: [Double]) {
        let a = architecture
        if summary.precision == "f32" {
            let net = Siren<Float>(architecture: a, parameters: parameters.map { Float($0) })
            return SolvePipeline<Float>(problem: problem).evaluate(net, points: points, mask: mask)
        }
        let net = Siren<Double>(architecture: a, parameters: parameters)
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
        return Evaluation(
            source: self, grid: grid, points: points, u: u, residual: residual, exact: exact, metrics: metrics)
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
        let summary = source.summary
        let fields = fieldList()
        try HDF5File.writeAtomically(to: path) { file in
            try file.writeProvenance(
                problemName: summary.problemName, problemJSON: summary.problemJSON, seed: summary.seed)
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
            try file.writeDataset("/model/parameters", values: source.parameters)
            try file.writeSirenAttributes(source.architecture, on: "/model")
        }
        if let grid {
            let name = (path as NSString).lastPathComponent
            let named = fields.map { ($0.0.split(separator: "/").joined(separator: "_"), $0.0) }
            let xdmf = XDMFWriter(grids: [
                grid.axes.count > 1 && grid.axes.last?.name == "t"
                    ? PDEResult.temporalGrid(name: summary.problemName, file: name, grid: grid, fields: named)
                    : XDMFGrid(name: summary.problemName, file: name, grid: grid, fields: named)
            ])
            try xdmf.write(to: (path as NSString).deletingPathExtension + ".xdmf")
        }
    }

    /// Writes CSV atomically: a header `x[,y[,z]],u,residual[,exact]` and one row per point
    /// (`nan` outside the domain), numbers with 17 significant digits.
    public func writeCSV(to path: String) throws {
        let d = source.dimension
        var text =
            (["x", "y", "z"].prefix(d) + ["u", "residual"] + (exact == nil ? [] : ["exact"])).joined(separator: ",")
            + "\n"
        for i in 0..<count {
            var row = (0..<d).map { points[i * d + $0] } + [u[i], residual[i]]
            if let exact { row.append(exact[i]) }
            text += row.map { $0.isNaN ? "nan" : String(format: "%.17g", $0) }.joined(separator: ",") + "\n"
        }
        try AtomicFile.write(text, to: path)
    }

    private func fieldList() -> [(String, [Double], String)] {
        var list = [
            ("/fields/u", u, "learned solution u"),
            ("/fields/residual", residual, "PDE residual of the learned solution")
        ]
        if let exact {
            list.append(("/exact/u", exact, "exact solution"))
            list.append(("/error/u_vs_exact", zip(u, exact).map { $0 - $1 }, "u - exact"))
        }
        return list
    }
}
