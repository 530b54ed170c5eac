import PinnNumerics
import PinnProblems
import PinnReference

import struct PinnProblems.Expression

/// A problem file with every expression bound to its variables, ready to sample and to evaluate.
public struct BoundProblem: Sendable {
    /// One boundary condition in Robin form αu + β∂u/∂n = g.
    public struct Condition: Sendable {
        public var part: BoundaryPart
        public var alpha: Expression
        public var beta: Expression
        /// g: an expression or gridded data.
        public var value: any ScalarField
    }

    public let file: ProblemFile
    /// The analytic domain or the mesh.
    public let domain: ProblemDomain
    /// f: an expression or gridded data (see `FieldSource`).
    public let source: any ScalarField
    /// k(x) for Helmholtz, nil for Poisson.
    public let waveNumber: Expression?
    public let exact: (any ScalarField)?
    public let conditions: [Condition]
    /// The values of the unknowns this binding holds the coefficients at (by name; empty for a
    /// forward problem): the initial guesses, or the learned values (`withUnknowns`).
    public let unknownValues: [String: Double]
    /// The coefficients as functions of the unknowns (nil for a forward problem).
    public let unknownFields: UnknownCoefficientFields?
    /// The measurements of u (nil when the file has none).
    public let measurements: MeasurementTable?
    /// u and u_t at t₀ of a heat or wave problem, in the space variables (nil otherwise).
    public let initialValue: Expression?, initialRate: Expression?

    /// The space dimension (1, 2 or 3).
    public var dimension: Int { file.dimension }
    /// The network's inputs: the space variables, then t for a heat or wave problem.
    public var inputs: Int { file.kind.isEvolution ? dimension + 1 : dimension }

    /// Binds every expression and reads every gridded field (which must cover the domain's
    /// bounding box).
    /// - Throws: an `ExpressionError`, or a `ProblemError` naming the problem file, the JSON path
    ///   and the data file for gridded data that cannot be read or does not cover the domain.
    public init(_ file: ProblemFile) throws {
        try self.init(file, unknownValues: [:], measurements: nil)
    }

    /// The problem with the coefficients at the unknowns' `values` (by name; the initial guess for
    /// a name not given), without its measurements: what evaluating a stored network needs.
    public init(_ file: ProblemFile, unknownValues: [String: Double]) throws {
        try self.init(file, unknownValues: unknownValues, measurements: .some(nil))
    }

    /// The same problem with the coefficients at the unknowns' `values` (by name; the initial
    /// guess for a name not given), keeping the measurements.
    public func withUnknowns(_ values: [String: Double]) throws -> BoundProblem {
        try BoundProblem(file, unknownValues: values, measurements: .some(measurements))
    }

    /// Binds with the unknowns at `unknownValues` (initial guesses where not given); reads or
    /// generates the measurements unless `measurements` gives them.
    init(_ file: ProblemFile, unknownValues: [String: Double], measurements: MeasurementTable??) throws {
        let variables = file.variables, p = file.parameterDeclarations.resolved(unknownValues)
        func bind(_ e: ExpressionSource) throws -> Expression { try e.bind(variables: variables, parameters: p) }
        let one = Expression.constant(1, variables: variables), zero = Expression.constant(0, variables: variables)
        let domain = try Self.domain(of: file), box = domain.collocation.boundingBox
        func field(_ f: FieldSource) throws -> any ScalarField {
            try f.bind(variables: variables, parameters: p, covering: box)
        }
        self.file = file
        self.domain = domain
        source = try field(file.source)
        waveNumber = try file.k.map(bind)
        let exactParameters = try file.exactParameters()
        exact = try file.exact.map { try $0.bind(variables: variables, parameters: exactParameters, covering: box) }
        self.unknownValues = file.parameterDeclarations.resolved(unknownValues).filter { file.unknowns[$0.key] != nil }
        unknownFields = file.unknowns.isEmpty ? nil : try UnknownCoefficientFields(file, box: box)
        if let given = measurements {
            self.measurements = given
        } else {
            self.measurements = try Self.measurements(of: file, domain: domain, exact: exact)
        }
        let space = Array(variables.prefix(file.dimension))
        initialValue = try file.initial.map { try $0.value.bind(variables: space, parameters: p) }
        initialRate = try file.initial?.rate.map { try $0.bind(variables: space, parameters: p) }
        conditions = try file.boundary.map { spec in
            switch spec.condition {
            case .dirichlet(let g):
                return Condition(part: spec.on, alpha: one, beta: zero, value: try field(g))
            case .neumann(let g):
                return Condition(part: spec.on, alpha: zero, beta: one, value: try field(g))
            case .robin(let a, let b, let g):
                return Condition(part: spec.on, alpha: try bind(a), beta: try bind(b), value: try field(g))
            }
        }
    }

    /// The analytic domain of `file`, or its mesh read again from the path `ProblemFile.decode`
    /// resolved (it must still have the outline the file was checked against).
    static func domain(of file: ProblemFile) throws(ProblemError) -> ProblemDomain {
        if let analytic = Domain(file.domain) { return .analytic(analytic) }
        guard case .mesh(let spec) = file.domain, let path = spec.path, let outline = spec.outline else {
            throw ProblemError(
                path: "domain.file", message: "the mesh has not been read (load the problem with readMeshOutline)")
        }
        let mesh: MeshDomain
        do {
            mesh = try MeshDomain.read(at: path, subdomain: spec.subdomain)
        } catch {
            throw ProblemError(path: "domain.file", message: "\(error)")
        }
        guard mesh.outline == outline else {
            throw ProblemError(
                path: "domain.file", message: "the mesh \(spec.file) changed after the problem was checked against it")
        }
        return .mesh(mesh)
    }

    /// The condition holding on `part`: the last one in the file whose part is `part` or `all`.
    public func condition(on part: BoundaryPart) -> Condition? {
        conditions.last { $0.part == part || $0.part == .all }
    }

    /// The condition holding where the boundary parts `parts` meet (a mesh face in several
    /// physical groups): the last one in the file whose part is one of them or `all`.
    public func condition(onAnyOf parts: [BoundaryPart]) -> Condition? {
        conditionIndex(onAnyOf: parts).map { conditions[$0] }
    }

    /// The index in `conditions` of `condition(onAnyOf:)`.
    public func conditionIndex(onAnyOf parts: [BoundaryPart]) -> Int? {
        conditions.lastIndex { $0.part == .all || parts.contains($0.part) }
    }

    /// The PDE as a·L + b·u_t + c·u = f (see `secondDerivativeWeights` for L): a = −1, c = 0 for
    /// Poisson; a = 1, c = k² for Helmholtz; a = −κ, b = 1 for heat; a = −1 for the wave equation.
    public var laplacianCoefficient: Double {
        switch file.kind {
        case .poisson, .wave: -1
        case .helmholtz: 1
        case .heat: -(file.evolutionCoefficient() ?? 1)
        }
    }

    /// The reaction coefficient c(x) = k(x)² (0 for Poisson) at one point.
    public func reaction(at x: [Double]) -> Double {
        guard let k = waveNumber else { return 0 }
        let v = k.evaluate(x)
        return v * v
    }

    /// f and c = k² (nil for Poisson) at `count` points stored as the columns of `points`
    /// (d × count, point j at `points[j·d ..< (j+1)·d]`), evaluated in one batch per expression.
    public func sourceAndReaction(at points: [Double], count: Int) -> (source: [Double], reaction: [Double]?) {
        var f = [Double](), k = [Double]()
        source.evaluate(columns: count, rows: inputs, points, into: &f)
        guard let waveNumber else { return (f, nil) }
        waveNumber.evaluate(columns: count, rows: dimension, points, into: &k)
        return (f, k.map { $0 * $0 })
    }

    /// The default first-layer frequency: 10 / (largest side of the bounding box), so ω₀ = 5 on
    /// [−1, 1]² (DESIGN.md: ω₀ = 30 stalls on smooth solutions; 5 reaches 1e-3 there).
    public var defaultOmega0: Double {
        let box = domain.collocation.boundingBox
        var extent = zip(box.lower, box.upper).map { $1 - $0 }.max() ?? 2
        if let time = file.time { extent = max(extent, time.end - time.start) }
        return 10 / max(extent, 1e-12)
    }
}
