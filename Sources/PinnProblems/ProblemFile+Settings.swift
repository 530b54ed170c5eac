extension ProblemFile {
    /// The region the PDE holds on. JSON: `{"type": "interval", "lower": a, "upper": b}`,
    /// `{"type": "rectangle" | "box", "lower": [..], "upper": [..]}` (2-D, 3-D),
    /// `{"type": "disk" | "ball", "center": [..], "radius": r}` (2-D, 3-D),
    /// `{"type": "polygon", "vertices": [[x, y], ...]}` (2-D, counter-clockwise or clockwise; edge i
    /// runs from vertex i to vertex i+1), `{"type": "mesh", "file": "../Meshes/m.msh", "subdomain": name}`
    /// (a Gmsh mesh, 2-D or 3-D; see `MeshDomainSpec`).
    public enum DomainSpec: Sendable, Equatable, Decodable {
        case interval(lower: Double, upper: Double)
        case rectangle(lower: [Double], upper: [Double])
        case box(lower: [Double], upper: [Double])
        case disk(center: [Double], radius: Double)
        case ball(center: [Double], radius: Double)
        case polygon(vertices: [[Double]])
        case mesh(MeshDomainSpec)

        static let types = ["interval", "rectangle", "box", "disk", "ball", "polygon", "mesh"]

        /// The type name as written in JSON.
        public var typeName: String {
            switch self {
            case .interval: "interval"
            case .rectangle: "rectangle"
            case .box: "box"
            case .disk: "disk"
            case .ball: "ball"
            case .polygon: "polygon"
            case .mesh: "mesh"
            }
        }

        /// The dimension this type of domain lives in; for a mesh, the mesh's (0 until it is read).
        public var dimension: Int {
            switch self {
            case .interval: 1
            case .rectangle, .disk, .polygon: 2
            case .box, .ball: 3
            case .mesh(let spec): spec.outline?.dimension ?? 0
            }
        }

        /// [0, 1]^dimension (an interval, rectangle or box).
        public static func unitCube(dimension: Int) -> DomainSpec {
            switch dimension {
            case 1: .interval(lower: 0, upper: 1)
            case 3: .box(lower: [0, 0, 0], upper: [1, 1, 1])
            default: .rectangle(lower: [0, 0], upper: [1, 1])
            }
        }

        public init(from decoder: any Decoder) throws {
            let typePath = ProblemError.jsonPath(decoder.codingPath + [ProblemFileKey("type")])
            let peek = try ProblemFileObject(
                decoder,
                known: [
                    "type", "lower", "upper", "center", "radius", "vertices",
                    "file", "subdomain"
                ],
                what: "the domain")
            guard let type = try peek.choice("type", among: Self.types, what: "domain type") else {
                throw ProblemError(
                    path: typePath,
                    message: "missing required key 'type' (expected \(ProblemFileObject.listing(Self.types)))")
            }
            switch type {
            case "interval":
                let o = try ProblemFileObject(decoder, known: ["type", "lower", "upper"], what: "an interval domain")
                self = .interval(lower: try o.required("lower"), upper: try o.required("upper"))
            case "rectangle", "box":
                let o = try ProblemFileObject(decoder, known: ["type", "lower", "upper"], what: "a \(type) domain")
                let lower: [Double] = try o.required("lower"), upper: [Double] = try o.required("upper")
                self = type == "box" ? .box(lower: lower, upper: upper) : .rectangle(lower: lower, upper: upper)
            case "disk", "ball":
                let o = try ProblemFileObject(decoder, known: ["type", "center", "radius"], what: "a \(type) domain")
                let center: [Double] = try o.value(
                    "center", default: [Double](repeating: 0, count: type == "disk" ? 2 : 3))
                let radius: Double = try o.value("radius", default: 1)
                self = type == "disk" ? .disk(center: center, radius: radius) : .ball(center: center, radius: radius)
            case "mesh":
                let o = try ProblemFileObject(decoder, known: ["type", "file", "subdomain"], what: "a mesh domain")
                self = .mesh(
                    MeshDomainSpec(
                        file: try o.required("file", context: "(the path of a Gmsh .msh file)"),
                        subdomain: try o.optional("subdomain")))
            default:
                let o = try ProblemFileObject(decoder, known: ["type", "vertices"], what: "a polygon domain")
                self = .polygon(vertices: try o.required("vertices"))
            }
        }
    }

    /// A boundary condition on one part of the boundary. JSON:
    /// `{"on": part, "type": "dirichlet", "value": g}` (u = g),
    /// `{"on": part, "type": "neumann", "value": g}` (∂u/∂n = g, n the outward normal),
    /// `{"on": part, "type": "robin", "alpha": α, "beta": β, "value": g}` (αu + β∂u/∂n = g).
    /// `on` defaults to "all", `type` to "dirichlet", `value` to 0; Robin needs `alpha` and `beta`.
    /// `value` may be gridded data (`{"file": …, "variable": …}`) instead of an expression.
    public struct BoundaryConditionSpec: Sendable, Equatable, Decodable {
        public enum Condition: Sendable, Equatable {
            case dirichlet(value: FieldSource)
            case neumann(value: FieldSource)
            case robin(alpha: ExpressionSource, beta: ExpressionSource, value: FieldSource)
        }

        public var on: BoundaryPart
        public var condition: Condition

        public init(on: BoundaryPart = .all, condition: Condition = .dirichlet(value: "0")) {
            self.on = on
            self.condition = condition
        }

        /// Every expression or gridded field in the condition with its JSON key.
        public var expressions: [(key: String, source: FieldSource)] {
            switch condition {
            case .dirichlet(let value), .neumann(let value): [("value", value)]
            case .robin(let alpha, let beta, let value):
                [("alpha", .expression(alpha)), ("beta", .expression(beta)), ("value", value)]
            }
        }

        public init(from decoder: any Decoder) throws {
            let any = try ProblemFileObject(
                decoder, known: ["on", "type", "value", "alpha", "beta"], what: "a boundary condition")
            let type =
                try any.choice("type", among: ["dirichlet", "neumann", "robin"], what: "boundary condition")
                ?? "dirichlet"
            let o =
                type == "robin"
                ? any
                : try ProblemFileObject(decoder, known: ["on", "type", "value"], what: "a \(type) condition")
            on = try o.value("on", default: .all)
            let value: FieldSource = try o.value("value", default: "0")
            switch type {
            case "neumann": condition = .neumann(value: value)
            case "robin":
                condition = .robin(
                    alpha: try o.required("alpha", context: "for a robin condition (αu + β∂u/∂n = g)"),
                    beta: try o.required("beta", context: "for a robin condition (αu + β∂u/∂n = g)"),
                    value: value)
            default: condition = .dirichlet(value: value)
            }
        }
    }

    /// The SIREN network. Defaults for a PDE: width 24, depth 2 (hidden layers), omega0 nil (chosen
    /// later from the domain): small enough for a Gauss–Newton step to take milliseconds (the cost grows
    /// as min(N, P)²·max(N, P) with P = 697 parameters in 2-D). A PINN in time keeps 64 × 3
    /// (`timeDefault`), as it trains with Adam and L-BFGS.
    public struct NetworkSettings: Sendable, Equatable, Decodable {
        public var width: Int
        public var depth: Int
        /// The first layer's frequency ω₀; nil means "choose from the domain size".
        public var omega0: Double?

        /// The default network of a PINN in time.
        public static let timeDefault = NetworkSettings(width: 64, depth: 3)

        public init(width: Int = 24, depth: Int = 2, omega0: Double? = nil) {
            self.width = width
            self.depth = depth
            self.omega0 = omega0
        }

        public init(from decoder: any Decoder) throws {
            try self.init(from: decoder, alsoKnown: [], what: "the network settings")
        }

        /// Decodes `{"width": .., "depth": .., "omega0": ..}` from an object that may also hold the keys
        /// `alsoKnown` (listed first in unknown-key errors), with `defaults` for absent keys; `what` names
        /// the object in errors.
        init(
            from decoder: any Decoder, alsoKnown: [String], what: String,
            defaults: NetworkSettings = NetworkSettings()
        ) throws {
            let o = try ProblemFileObject(decoder, known: alsoKnown + ["width", "depth", "omega0"], what: what)
            self.init(
                width: try o.value("width", default: defaults.width),
                depth: try o.value("depth", default: defaults.depth),
                omega0: try o.optional("omega0"))
        }
    }

    /// Training settings. Defaults: seed 0, 1000 Gauss–Newton iterations and no Adam or L-BFGS phase
    /// (`TrainingSettings.defaultPhases`), learningRate 1e-3, gaussNewtonDamping 1e-4,
    /// interiorPoints 1024, boundaryPoints 256 (256 and 2 on an interval), resampleEvery 0 (never), sampler halton,
    /// boundaryWeight 100, weighting fixed, precision f64, blocks 12. (The boundary MSE is in units of u², the
    /// residual MSE in units of f², which is about (π²d)² times larger for unit-frequency solutions,
    /// hence λ = 100.)
    ///
    /// The optimiser phases run in the order Adam → L-BFGS → Gauss–Newton. A file names them either as
    /// a list, `"phases": [{"adam": 300, "learningRate": 2e-3}, {"gaussNewton": 1000}]`, or with the
    /// keys `adamSteps`, `lbfgsIterations`, `gaussNewtonIterations`; a phase the file does not name
    /// does not run, and a file that names none gets the default phases.
    public struct TrainingSettings: Sendable, Equatable, Decodable {
        public enum Sampler: String, Sendable, Equatable, CaseIterable, Codable { case halton, sobol, uniform }
        public enum Weighting: String, Sendable, Equatable, CaseIterable, Codable { case fixed, annealing, gradnorm }
        public enum Precision: String, Sendable, Equatable, CaseIterable, Codable { case f32, f64 }

        /// The optimisers of the phases, in the order they run.
        public enum Optimizer: String, Sendable, Equatable, CaseIterable { case adam, lbfgs, gaussNewton }

        /// The phases of a file that names none: Gauss–Newton from the initial network.
        public static let defaultPhases = (adamSteps: 0, lbfgsIterations: 0, gaussNewtonIterations: 1000)

        /// The default points of a 1-D problem (`interiorPoints`, `boundaryPoints`).
        public static let intervalPoints = (interior: 256, boundary: 2)

        /// The default points of a heat or wave problem in `dimension` space dimensions: interior
        /// points in space-time, and boundary points (spatial boundary × time, and as many again at t₀
        /// for each initial condition).
        public static func spaceTimePoints(dimension: Int) -> (interior: Int, boundary: Int) {
            dimension == 1 ? (1024, 128) : (2048, 256)
        }

        public var seed: UInt64 = 0
        public var adamSteps: Int = TrainingSettings.defaultPhases.adamSteps
        public var learningRate: Double = 1e-3
        public var lbfgsIterations: Int = TrainingSettings.defaultPhases.lbfgsIterations
        public var gaussNewtonIterations: Int = TrainingSettings.defaultPhases.gaussNewtonIterations
        /// The Gauss–Newton phase's initial damping, relative to the mean diagonal of JᵀJ.
        public var gaussNewtonDamping: Double = 1e-4
        public var interiorPoints: Int = 1024
        public var boundaryPoints: Int = 256
        public var resampleEvery: Int = 0
        public var sampler: Sampler = .halton
        public var boundaryWeight: Double = 100
        public var weighting: Weighting = .fixed
        public var precision: Precision = .f64
        /// How many blocks the collocation points are cut into, each computed whole by one MPI rank and
        /// added up in block order (the results do not depend on the number of ranks, but do on this).
        public var blocks: Int = 12

        public init() {}

        /// Settings with the given phase lengths and every other setting at its default.
        public init(adamSteps: Int, lbfgsIterations: Int, gaussNewtonIterations: Int = 0) {
            self.adamSteps = adamSteps
            self.lbfgsIterations = lbfgsIterations
            self.gaussNewtonIterations = gaussNewtonIterations
        }

        static let phaseKeys = ["adamSteps", "lbfgsIterations", "gaussNewtonIterations"]

        public init(from decoder: any Decoder) throws {
            let o = try ProblemFileObject(
                decoder,
                known: [
                    "seed", "phases", "adamSteps", "learningRate", "lbfgsIterations", "gaussNewtonIterations",
                    "gaussNewtonDamping", "interiorPoints", "boundaryPoints", "resampleEvery",
                    "sampler", "boundaryWeight", "weighting", "precision", "blocks"
                ],
                what: "the training settings")
            seed = try o.value("seed", default: seed)
            learningRate = try o.value("learningRate", default: learningRate)
            gaussNewtonDamping = try o.value("gaussNewtonDamping", default: gaussNewtonDamping)
            if o.has("phases") {
                for key in Self.phaseKeys + ["learningRate", "gaussNewtonDamping"] where o.has(key) {
                    throw ProblemError(
                        path: o.path(key),
                        message: "'\(key)' and 'phases' both set the optimiser phases: give the phases in one "
                            + "place (in 'phases': {\"adam\": steps, \"learningRate\": …}, "
                            + "{\"lbfgs\": iterations}, {\"gaussNewton\": iterations, \"damping\": …})")
                }
                (adamSteps, lbfgsIterations, gaussNewtonIterations) = (0, 0, 0)
                let phases: [PhaseSetting] = try o.value("phases", default: [])
                if phases.isEmpty {
                    throw ProblemError(path: o.path("phases"), message: "expected at least one phase")
                }
                var last: Optimizer?
                for (i, phase) in phases.enumerated() {
                    let order = Optimizer.allCases
                    if let last, order.firstIndex(of: phase.optimizer)! <= order.firstIndex(of: last)! {
                        throw ProblemError(
                            path: o.path("phases") + "[\(i)]",
                            message: "phase '\(phase.optimizer.rawValue)' after '\(last.rawValue)': the phases run "
                                + "in the order adam, lbfgs, gaussNewton, each at most once")
                    }
                    last = phase.optimizer
                    switch phase.optimizer {
                    case .adam:
                        adamSteps = phase.count
                        learningRate = phase.learningRate ?? learningRate
                    case .lbfgs: lbfgsIterations = phase.count
                    case .gaussNewton:
                        gaussNewtonIterations = phase.count
                        gaussNewtonDamping = phase.damping ?? gaussNewtonDamping
                    }
                }
            } else if Self.phaseKeys.contains(where: o.has) {
                adamSteps = try o.value("adamSteps", default: 0)
                lbfgsIterations = try o.value("lbfgsIterations", default: 0)
                gaussNewtonIterations = try o.value("gaussNewtonIterations", default: 0)
            }
            interiorPoints = try o.value("interiorPoints", default: interiorPoints)
            boundaryPoints = try o.value("boundaryPoints", default: boundaryPoints)
            resampleEvery = try o.value("resampleEvery", default: resampleEvery)
            boundaryWeight = try o.value("boundaryWeight", default: boundaryWeight)
            sampler = try o.choice("sampler", what: "sampler") ?? sampler
            weighting = try o.choice("weighting", what: "weighting") ?? weighting
            precision = try o.choice("precision", what: "precision") ?? precision
            blocks = try o.value("blocks", default: blocks)
        }

        /// One entry of `phases`: `{"adam": 300, "learningRate": 2e-3}`, `{"lbfgs": 200}` or
        /// `{"gaussNewton": 1000, "damping": 1e-4}`.
        struct PhaseSetting: Decodable {
            var optimizer: Optimizer
            var count: Int
            var learningRate: Double?
            var damping: Double?

            init(from decoder: any Decoder) throws {
                let names = Optimizer.allCases.map(\.rawValue)
                let o = try ProblemFileObject(
                    decoder, known: names + ["learningRate", "damping"], what: "a training phase")
                let given = names.filter(o.has)
                guard given.count == 1, let optimizer = Optimizer(rawValue: given[0]) else {
                    throw ProblemError(
                        path: ProblemError.jsonPath(decoder.codingPath),
                        message: given.isEmpty
                            ? "expected one optimiser key with its number of steps: adam, lbfgs or gaussNewton"
                            : "expected one optimiser per phase, found \(given.joined(separator: " and "))")
                }
                self.optimizer = optimizer
                count = try o.required(optimizer.rawValue)
                learningRate = try o.optional("learningRate")
                damping = try o.optional("damping")
                if learningRate != nil, optimizer != .adam {
                    throw ProblemError(path: o.path("learningRate"), message: "'learningRate' belongs to an adam phase")
                }
                if damping != nil, optimizer != .gaussNewton {
                    throw ProblemError(path: o.path("damping"), message: "'damping' belongs to a gaussNewton phase")
                }
            }
        }
    }

    /// The finite-difference reference. Default grid: 1025 points in 1-D, 129 per axis in 2-D, 33 in 3-D.
    public struct ReferenceSettings: Sendable, Equatable, Decodable {
        /// Grid points per axis (one entry per dimension): the output grid, on which the network
        /// and the reference are compared.
        public var grid: [Int]
        /// The reference is solved on a grid r times finer than `grid` ((n − 1)·r + 1 points per
        /// axis) and sampled at its points; nil: r is chosen so that the reference's estimated
        /// error is a hundredth of the network's distance from it (see `GridReference`).
        public var refinement: Int?

        public init(grid: [Int], refinement: Int? = nil) {
            self.grid = grid
            self.refinement = refinement
        }

        /// The default grid for `dimension`.
        public init(dimension: Int) {
            let n = dimension == 1 ? 1025 : (dimension == 3 ? 33 : 129)
            grid = [Int](repeating: n, count: max(dimension, 1))
        }

        /// Decodes `{"grid": [..], "refinement": r}`; an absent grid is left empty for `ProblemFile`
        /// to fill by dimension.
        public init(from decoder: any Decoder) throws {
            let o = try ProblemFileObject(decoder, known: ["grid", "refinement"], what: "the reference settings")
            grid = try o.value("grid", default: [])
            refinement = try o.value("refinement", default: nil)
        }
    }

    /// Where results go. Default path `Outputs/<name>.h5`.
    public struct OutputSettings: Sendable, Equatable, Decodable {
        public var path: String

        public init(path: String) { self.path = path }
        public init(name: String) { path = "Outputs/\(name).h5" }

        /// Decodes `{"path": ".."}`; an absent path is left empty for `ProblemFile` to fill from the name.
        public init(from decoder: any Decoder) throws {
            let o = try ProblemFileObject(decoder, known: ["path"], what: "the output settings")
            path = try o.value("path", default: "")
        }
    }
}
