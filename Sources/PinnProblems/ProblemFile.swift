/// A PDE problem as written in a JSON problem file. Everything but the equation (`kind`,
/// `source` and, for Helmholtz, `k`) has a default:
///
///     { "name": "poisson",                       // default "problem"
///       "kind": "poisson",                       // required: poisson (−Δu = f) | helmholtz (Δu + k²u = f)
///                                                // | heat (u_t = κΔu + f) | wave (u_tt = c²Δu + f), which take
///                                                // "time", "initial", "diffusivity"/"speed" (ProblemFile+Time)
///       "dimension": 2,                          // default: the domain's dimension (2 without a domain)
///       "domain": {"type": "rectangle", "lower": [-1,-1], "upper": [1,1]},   // default unit square/cube/interval
///                                                // or a Gmsh mesh: {"type": "mesh", "file": "../Meshes/m.msh"}
///       "parameters": {"a": 1,                   // named constants usable in every expression,
///                      "k": {"unknown": 3, "bounds": [1, 10], "positive": true, "true": 4}},  // or unknowns to learn
///       "measurements": {"generate": {"count": 200, "noise": 0.01, "seed": 0}},  // or {"file": "data/u.csv"}
///       "source": "2*pi^2*sin(pi*x)*sin(pi*y)",  // required: f, in x (y, z) and the parameters,
///                                                // or gridded data: {"file": "data/f.nc", "variable": "f"}
///       "k": "a*pi",                             // helmholtz only, required there: number or expression
///       "boundary": [ {"on": "all", "type": "dirichlet", "value": "0"} ],   // default: u = 0 on all
///       "exact": "sin(pi*x)*sin(pi*y)",          // optional exact solution (expression or gridded data)
///       "network": {"width": 64, "depth": 3, "omega0": 5},
///       "training": {"seed": 0, "adamSteps": 2000, "learningRate": 1e-3, "lbfgsIterations": 500,
///                    "interiorPoints": 4096, "boundaryPoints": 1024, "resampleEvery": 0,
///                    "sampler": "halton", "boundaryWeight": 100, "weighting": "fixed", "precision": "f64"},
///       "reference": {"grid": [129, 129]},       // default 1025 (1-D), 129² (2-D), 33³ (3-D)
///       "output": {"path": "Outputs/poisson.h5"},    // default Outputs/<name>.h5
///       "description": "…",                      // optional free text
///       "expect": {"relative_l2_vs_exact": 1e-3} }   // optional: metric bounds the run should meet
///
/// Unknown keys are errors (with a did-you-mean suggestion). `load(contentsOf:)` reads, decodes
/// and validates; every failure is a `ProblemError` naming the file and the JSON path.
public struct ProblemFile: Sendable, Equatable, Decodable {
    /// The kinds of PDE a problem file can state.
    public enum Kind: String, Sendable, Equatable, CaseIterable, Codable {
        /// `−Δu = f`.
        case poisson
        /// `Δu + k²u = f`.
        case helmholtz
        /// `u_t = κΔu + f` over a time span (see `TimeSettings`, `InitialConditionSpec`).
        case heat
        /// `u_tt = c²Δu + f` over a time span.
        case wave
    }

    /// A short name, used for the default output path. Default `"problem"`.
    public var name: String
    public var kind: Kind
    /// The number of space dimensions (1, 2 or 3); default: the domain's.
    public var dimension: Int
    public var domain: DomainSpec
    /// Named constants usable in every expression. Default none.
    public var parameters: [String: Double]
    /// Named parameters to learn from `measurements`, usable wherever a constant is (the source,
    /// k, boundary values, Robin α and β). Default none: a forward problem.
    public var unknowns: [String: UnknownParameter]
    /// Values of u at points, which add a data term to the loss. Default none.
    public var measurements: MeasurementSettings?
    /// The right-hand side f: an expression or gridded data.
    public var source: FieldSource
    /// The Helmholtz wave number k (nil for Poisson).
    public var k: ExpressionSource?
    /// The time span of a heat or wave problem (nil for steady ones).
    public var time: TimeSettings?
    /// u (and for the wave equation u_t) at t₀ (nil for steady problems).
    public var initial: InitialConditionSpec?
    /// κ of the heat equation (nil: 1), a number or an expression of the parameters.
    public var diffusivity: ExpressionSource?
    /// c of the wave equation (nil: 1), a number or an expression of the parameters.
    public var speed: ExpressionSource?
    /// Boundary conditions, applied in order. Default: Dirichlet u = 0 on all of the boundary.
    public var boundary: [BoundaryConditionSpec]
    /// The exact solution, if known: an expression or gridded data.
    public var exact: FieldSource?
    public var network: NetworkSettings
    public var training: TrainingSettings
    public var reference: ReferenceSettings
    public var output: OutputSettings
    /// Free text describing the problem (optional).
    public var description: String?
    /// Upper bounds on metrics of `/metrics` that this problem is documented to reach, such as
    /// `{"relative_l2_vs_exact": 1e-3}`; `pinn solve` reports whether each is met.
    public var expect: [String: Double]

    /// The metrics `expect` may bound.
    public static let expectableMetrics = [
        "relative_l2_vs_exact", "relative_l2_vs_reference",
        "reference_relative_l2_vs_exact", "max_abs_error_vs_exact",
        "max_abs_error_vs_reference", "relative_l2_vs_exact_quadrature",
        "unknowns_max_relative_error", "unknowns_max_error_in_standard_errors"
    ]

    static let knownKeys = [
        "name", "kind", "dimension", "domain", "parameters", "source", "k", "boundary",
        "exact", "network", "training", "reference", "output", "description", "expect", "measurements",
        "$schema", "time", "initial", "diffusivity", "speed"
    ]

    public init(
        name: String = "problem", kind: Kind, dimension: Int? = nil, domain: DomainSpec? = nil,
        parameters: [String: Double] = [:], source: FieldSource, k: ExpressionSource? = nil,
        boundary: [BoundaryConditionSpec] = [BoundaryConditionSpec()], exact: FieldSource? = nil,
        network: NetworkSettings = NetworkSettings(), training: TrainingSettings = TrainingSettings(),
        reference: ReferenceSettings? = nil, output: OutputSettings? = nil,
        description: String? = nil, expect: [String: Double] = [:],
        unknowns: [String: UnknownParameter] = [:], measurements: MeasurementSettings? = nil,
        time: TimeSettings? = nil, initial: InitialConditionSpec? = nil, diffusivity: ExpressionSource? = nil,
        speed: ExpressionSource? = nil
    ) {
        let dimension = dimension ?? domain?.dimension ?? 2
        self.name = name
        self.kind = kind
        self.dimension = dimension
        self.domain = domain ?? DomainSpec.unitCube(dimension: dimension)
        self.parameters = parameters
        self.unknowns = unknowns
        self.measurements = measurements
        self.source = source
        self.k = k
        self.time = time
        self.initial = initial
        self.diffusivity = diffusivity
        self.speed = speed
        // On a mesh every part but `all` is a physical group, whatever its name.
        if case .mesh = domain {
            self.boundary = boundary.map { spec in
                var spec = spec
                if spec.on != .all { spec.on = .group(spec.on.description) }
                return spec
            }
        } else {
            self.boundary = boundary
        }
        self.exact = exact
        self.network = network
        self.training = training
        // A mesh's dimension is known once the mesh is read (`decode` fills the grid then).
        self.reference =
            reference ?? ReferenceSettings(grid: dimension > 0 ? ReferenceSettings(dimension: dimension).grid : [])
        self.output = output ?? OutputSettings(name: name)
        self.description = description
        self.expect = expect
    }

    public init(from decoder: any Decoder) throws {
        let object = try ProblemFileObject(decoder, known: Self.knownKeys, what: "the problem")
        guard let kind: Kind = try object.choice("kind", what: "problem kind") else {
            throw ProblemError(
                path: "kind", message: "missing required key 'kind' (expected poisson, helmholtz, heat or wave)")
        }
        let domain: DomainSpec? = try object.optional("domain")
        let dimension: Int = try object.value("dimension", default: domain?.dimension ?? 2)
        let name: String = try object.value("name", default: "problem")
        let source: FieldSource =
            kind.isEvolution
            ? try object.value("source", default: "0")
            : try object.required("source", context: "(the right-hand side f)")
        let k: ExpressionSource? = try object.optional("k")
        if kind == .helmholtz, k == nil {
            throw ProblemError(path: "k", message: "missing required key 'k' (the wave number) for a helmholtz problem")
        }
        if kind != .helmholtz, k != nil {
            throw ProblemError(path: "k", message: "'k' applies only to helmholtz problems, not \(kind.rawValue)")
        }
        let time: TimeSettings? = try object.optional("time")
        let initial: InitialConditionSpec? = try object.optional("initial")
        let diffusivity: ExpressionSource? = try object.optional("diffusivity")
        let speed: ExpressionSource? = try object.optional("speed")
        try Self.checkEvolutionKeys(
            kind: kind, time: time, initial: initial, diffusivity: diffusivity, speed: speed)
        var reference: ReferenceSettings = try object.value("reference", default: ReferenceSettings(grid: []))
        if reference.grid.isEmpty, dimension > 0 {
            reference.grid =
                kind.isEvolution
                ? [Int](repeating: dimension == 1 ? 257 : 65, count: dimension)
                : ReferenceSettings(dimension: dimension).grid
        }
        var output: OutputSettings? = try object.optional("output")
        if output?.path.isEmpty ?? false { output = OutputSettings(name: name) }
        var training: TrainingSettings = try object.value("training", default: TrainingSettings())
        let defaults: (interior: Int, boundary: Int)? =
            kind.isEvolution
            ? TrainingSettings.spaceTimePoints(dimension: dimension)
            : dimension == 1 ? TrainingSettings.intervalPoints : nil
        if let defaults {
            // An interval needs far fewer points (and has two boundary points); space-time more.
            let given = try? object.container.nestedContainer(
                keyedBy: ProblemFileKey.self, forKey: ProblemFileKey("training"))
            if !(given?.contains(ProblemFileKey("interiorPoints")) ?? false) {
                training.interiorPoints = defaults.interior
            }
            if !(given?.contains(ProblemFileKey("boundaryPoints")) ?? false) {
                training.boundaryPoints = defaults.boundary
            }
        }
        let declarations: ParameterDeclarations = try object.value("parameters", default: ParameterDeclarations())
        self.init(
            name: name, kind: kind, dimension: dimension, domain: domain,
            parameters: declarations.known,
            source: source, k: k,
            boundary: try object.value("boundary", default: [BoundaryConditionSpec()]),
            exact: try object.optional("exact"),
            network: try object.value("network", default: NetworkSettings()),
            training: training,
            reference: reference,
            output: output,
            description: try object.optional("description"),
            expect: try object.value("expect", default: [:]),
            unknowns: declarations.unknown, measurements: try object.optional("measurements"),
            time: time, initial: initial, diffusivity: diffusivity, speed: speed)
    }

    /// The constants and unknowns together (see `ParameterDeclarations`).
    public var parameterDeclarations: ParameterDeclarations {
        ParameterDeclarations(known: parameters, unknown: unknowns)
    }
}
