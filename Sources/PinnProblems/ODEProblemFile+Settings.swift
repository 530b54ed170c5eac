extension ODEProblemFile {
    /// How the ODE is integrated: the neural ODE's forward pass (`method`, `rtol`, `atol`, `step`) and the
    /// reference trajectory (`reference`). Defaults: method dopri5, rtol 1e-6, atol 1e-8, maxSteps
    /// 100000, no step; reference method auto, rtol 1e-10, atol 1e-12.
    /// JSON: `{"method": "dopri5" | "radau5" | "auto" | "rk4" | "euler", "rtol": .., "atol": ..,
    /// "maxSteps": .., "step": h, "reference": {"method": "auto" | "dopri5" | "radau5", "rtol": .., "atol": ..}}`.
    public struct SolverSettings: Sendable, Equatable, Decodable {
        /// The integration methods.
        public enum Method: String, Sendable, Equatable, CaseIterable, Codable {
            /// Dormand–Prince 5(4), adaptive step with error control by `rtol` and `atol`.
            case dopri5
            /// Radau IIA of order 5, implicit (for stiff systems), adaptive with error control; Newton
            /// iterations use the right-hand sides' symbolic Jacobian.
            case radau5
            /// Dormand–Prince until the problem shows itself stiff, then Radau IIA.
            case auto
            /// Classical fourth-order Runge–Kutta, fixed step `step`.
            case rk4
            /// Forward Euler, fixed step `step`.
            case euler

            /// Whether the method takes steps of a fixed size (and so needs `step`).
            public var isFixedStep: Bool { self == .rk4 || self == .euler }
        }

        /// How the reference trajectory is integrated. JSON: `{"method": "auto", "rtol": 1e-10,
        /// "atol": 1e-12}` (absent keys keep these defaults).
        public struct ReferenceSettings: Sendable, Equatable, Decodable {
            /// The adaptive methods a reference may use.
            public enum Method: String, Sendable, Equatable, CaseIterable, Codable {
                /// Dormand–Prince, switching to Radau IIA if the system turns out stiff (the default;
                /// the same steps as dopri5 on a system that never does).
                case auto
                /// Dormand–Prince 5(4) throughout.
                case dopri5
                /// Radau IIA 5 throughout.
                case radau5
            }

            public var method: Method
            public var rtol: Double
            public var atol: Double

            public init(method: Method = .auto, rtol: Double, atol: Double) {
                self.method = method
                self.rtol = rtol
                self.atol = atol
            }

            /// Decodes `{"method": .., "rtol": .., "atol": ..}`; absent keys keep auto, 1e-10, 1e-12.
            public init(from decoder: any Decoder) throws {
                let o = try ProblemFileObject(
                    decoder, known: ["method", "rtol", "atol"], what: "the reference settings")
                self.init(
                    method: try o.choice("method", what: "reference method") ?? .auto,
                    rtol: try o.value("rtol", default: 1e-10), atol: try o.value("atol", default: 1e-12))
            }
        }

        public var method: Method = .dopri5
        public var rtol: Double = 1e-6
        public var atol: Double = 1e-8
        /// The most steps one integration over the span may take.
        public var maxSteps: Int = 100_000
        /// The step size: required by rk4 and euler; for the adaptive methods the first step (nil: chosen
        /// automatically).
        public var step: Double?
        /// Method and tolerances of the reference trajectory the model is compared with.
        public var reference = ReferenceSettings(rtol: 1e-10, atol: 1e-12)

        public init(method: Method = .dopri5, step: Double? = nil) {
            self.method = method
            self.step = step
        }

        public init(from decoder: any Decoder) throws {
            let o = try ProblemFileObject(
                decoder, known: ["method", "rtol", "atol", "maxSteps", "step", "reference"],
                what: "the solver settings")
            method = try o.choice("method", what: "solver method") ?? method
            rtol = try o.value("rtol", default: rtol)
            atol = try o.value("atol", default: atol)
            maxSteps = try o.value("maxSteps", default: maxSteps)
            step = try o.optional("step")
            reference = try o.value("reference", default: reference)
        }
    }

    /// The model that learns the trajectory. JSON: `{"type": "neuralODE", ...}` (see
    /// `NeuralODESettings`) or `{"type": "pinn", "width": 64, "depth": 3, "omega0": ω₀}`, a SIREN
    /// over t trained on the ODE residual and the conditions (`omega0` nil: chosen from the span).
    ///
    /// `{"type": "parameterEstimation"}` has no network: the stated right-hand sides are the model,
    /// and their unknown parameters are fitted to the observations through the ODE solver.
    public enum ModelSettings: Sendable, Equatable, Decodable {
        case neuralODE(NeuralODESettings)
        case pinn(ProblemFile.NetworkSettings)
        /// The unknown parameters of the stated system, fitted through the solver (no network).
        case parameterEstimation

        static let types = ["neuralODE", "pinn", "parameterEstimation"]

        /// The type name as written in JSON.
        public var typeName: String {
            switch self {
            case .neuralODE: "neuralODE"
            case .pinn: "pinn"
            case .parameterEstimation: "parameterEstimation"
            }
        }

        /// The default model: parameter estimation for a first-order initial value problem with
        /// unknown parameters; otherwise a neural ODE for a first-order problem with only initial
        /// values, a PINN in time for the rest (a neural ODE cannot meet conditions later in the span).
        public static func `default`(order: Int, boundary: [PointCondition], hasUnknowns: Bool = false)
            -> ModelSettings
        {
            guard order == 1, boundary.isEmpty else { return .pinn(ProblemFile.NetworkSettings.timeDefault) }
            return hasUnknowns ? .parameterEstimation : .neuralODE(NeuralODESettings())
        }

        public init(from decoder: any Decoder) throws {
            let typePath = ProblemError.jsonPath(decoder.codingPath + [ProblemFileKey("type")])
            let peek = try ProblemFileObject(
                decoder,
                known: [
                    "type", "width", "depth", "activation", "omega",
                    "timeInput", "inputPower", "scaling", "omega0", "known"
                ], what: "the model")
            guard let type = try peek.choice("type", among: Self.types, what: "model type") else {
                throw ProblemError(
                    path: typePath,
                    message: "missing required key 'type' (expected neuralODE, pinn or parameterEstimation)")
            }
            if type == "parameterEstimation" {
                _ = try ProblemFileObject(decoder, known: ["type"], what: "a parameterEstimation model (no network)")
                self = .parameterEstimation
            } else if type == "pinn" {
                self = .pinn(
                    try ProblemFile.NetworkSettings(
                        from: decoder, alsoKnown: ["type"], what: "a pinn model", defaults: .timeDefault))
            } else {
                self = .neuralODE(try NeuralODESettings(from: decoder))
            }
        }
    }

    /// The MLP f_θ of a neural ODE `dz/dt = f_θ(z, t)`. Defaults: width 32, depth 2 (hidden
    /// layers), activation tanh, omega 1, timeInput false, inputPower 1, scaling data. JSON:
    /// `{"type": "neuralODE", "width": 32, "depth": 2, "activation": "tanh" | "sine", "omega": 1,
    /// "timeInput": false, "inputPower": 1, "scaling": "data" | "none", "known": {"x": "y"}}`; inputPower p
    /// feeds the network z^p (Chen et al.'s spiral demo uses 3); `known` states a known part of f (a
    /// universal differential equation).
    public struct NeuralODESettings: Sendable, Equatable, Decodable {
        public enum Activation: String, Sendable, Equatable, CaseIterable, Codable { case tanh, sine }

        /// How the network's inputs, outputs and the loss are scaled.
        public enum Scaling: String, Sendable, Equatable, CaseIterable, Codable {
            /// From the training observations: inputs standardised, outputs scaled by each state's typical
            /// rate of change, each state's errors weighted by the inverse square of its spread, and the
            /// output layer started at a tenth of its usual size (f_θ small).
            case data
            /// Raw inputs and outputs, every state weighted 1, the usual initialisation.
            case none
        }

        public var width: Int = 32
        public var depth: Int = 2
        public var activation: Activation = .tanh
        /// The frequency ω of the sine activation sin(ω·x); only with `activation` sine.
        public var omega: Double = 1
        /// Whether t is an input of f_θ (a non-autonomous model) besides the state.
        public var timeInput = false
        /// The power p the state is raised to, componentwise, before the first layer: f_θ(z) = MLP(z^p).
        public var inputPower = 1
        /// How inputs, outputs and the loss are scaled.
        public var scaling = Scaling.data
        /// The known part g of the right-hand side by state name (a universal differential equation:
        /// dz/dt = g(z, t) + MLP_θ(z, t), the network learning the correction); states it leaves out have
        /// g = 0. Expressions in the states, t and the known parameters. Default none (f = MLP_θ).
        public var known: [String: ExpressionSource] = [:]

        public init(
            width: Int = 32, depth: Int = 2, activation: Activation = .tanh, omega: Double = 1,
            timeInput: Bool = false, inputPower: Int = 1, scaling: Scaling = .data
        ) {
            self.scaling = scaling
            self.inputPower = inputPower
            self.width = width
            self.depth = depth
            self.activation = activation
            self.omega = omega
            self.timeInput = timeInput
        }

        public init(from decoder: any Decoder) throws {
            let o = try ProblemFileObject(
                decoder,
                known: [
                    "type", "width", "depth", "activation", "omega", "timeInput",
                    "inputPower", "scaling", "known"
                ],
                what: "a neuralODE model")
            known = try o.value("known", default: [:])
            scaling = try o.choice("scaling", what: "scaling") ?? scaling
            width = try o.value("width", default: width)
            depth = try o.value("depth", default: depth)
            activation = try o.choice("activation", what: "activation") ?? activation
            if o.has("omega"), activation != .sine {
                throw ProblemError(path: o.path("omega"), message: "'omega' applies only to the sine activation")
            }
            omega = try o.value("omega", default: omega)
            timeInput = try o.value("timeInput", default: timeInput)
            inputPower = try o.value("inputPower", default: inputPower)
            guard (1...9).contains(inputPower) else {
                throw ProblemError(
                    path: o.path("inputPower"), message: "expected an integer power from 1 to 9, found \(inputPower)")
            }
        }
    }

    /// Training settings. Both models: seed 0, steps 1000 (Adam), learningRate 1e-3 (a PINN) or
    /// 1e-2 (a Neural ODE, whose states and rates are scaled to order one), then lbfgsIterations
    /// (500 for a PINN, 0 for a Neural ODE) and gaussNewtonIterations (0 for a PINN, 50 for a Neural
    /// ODE, on its whole training series). Neural ODE: batchTime absent (the first 30 % of the Adam
    /// steps fit f_θ to rates estimated from the observations, the rest windows growing from 2
    /// observations to the whole series, with validation on the whole series keeping the best
    /// parameters; see `NeuralODETrainer.init(settings:)`), 0 (the whole training series at every
    /// step) or w ≥ 2 (windows of w consecutive observations throughout, as in Chen et al.'s spiral
    /// demo); batchSize 16 (windows per step); gradient adjoint. PINN: collocationPoints 1024,
    /// initialWeight 100 (weight of the initial/boundary condition loss). Keys of the other model are
    /// errors.
    public struct TrainingSettings: Sendable, Equatable {
        /// How a neural ODE's gradient is computed.
        public enum Gradient: String, Sendable, Equatable, CaseIterable, Codable {
            /// The adjoint method: integrate [z, a, a_θ] backward (memory independent of the step count).
            case adjoint
            /// Backpropagation through the solver's steps.
            case backprop
        }

        public var seed: UInt64 = 0
        /// Adam steps.
        public var steps: Int = 1000
        public var learningRate: Double = 1e-3
        /// Observations per window of a Neural ODE's Adam step; nil: growing windows; 0: the whole series.
        public var batchTime: Int?
        public var batchSize: Int = 16
        public var gradient: Gradient = .adjoint
        public var collocationPoints: Int = 1024
        /// L-BFGS iterations after Adam.
        public var lbfgsIterations: Int = 500
        /// PINN in time: Gauss–Newton iterations after L-BFGS (0: none).
        public var gaussNewtonIterations: Int = 0
        public var initialWeight: Double = 100

        /// A Neural ODE's default learning rate, L-BFGS and Gauss–Newton iterations.
        public static let neuralODELearningRate = 1e-2, neuralODELBFGSIterations = 0,
            neuralODEGaussNewtonIterations = 50

        /// The PINN defaults.
        public init() {}

        /// Parameter estimation's defaults: no Adam step or L-BFGS iteration, 100 Gauss–Newton iterations.
        public static let parameterEstimationGaussNewtonIterations = 100

        /// The defaults for `model`.
        public init(model: ModelSettings) {
            switch model {
            case .neuralODE:
                learningRate = Self.neuralODELearningRate
                lbfgsIterations = Self.neuralODELBFGSIterations
                gaussNewtonIterations = Self.neuralODEGaussNewtonIterations
            case .parameterEstimation:
                steps = 0
                learningRate = Self.neuralODELearningRate
                lbfgsIterations = 0
                gaussNewtonIterations = Self.parameterEstimationGaussNewtonIterations
            case .pinn: break
            }
        }

        static let commonKeys = ["seed", "steps", "learningRate"]
        static let neuralODEKeys = ["batchTime", "batchSize", "gradient"]
        static let commonAfterAdamKeys = ["lbfgsIterations", "gaussNewtonIterations"]
        static let pinnKeys = ["collocationPoints", "initialWeight"]

        /// Decodes the settings for `model`, rejecting the other model's keys.
        init(from decoder: any Decoder, model: ModelSettings) throws {
            let o = try ProblemFileObject(
                decoder, known: Self.commonKeys + Self.commonAfterAdamKeys + Self.neuralODEKeys + Self.pinnKeys,
                what: "the training settings")
            let own: [String]
            switch model {
            case .pinn: own = Self.pinnKeys
            case .neuralODE: own = Self.neuralODEKeys
            case .parameterEstimation: own = []
            }
            if let key = (Self.neuralODEKeys + Self.pinnKeys).first(where: { o.has($0) && !own.contains($0) }) {
                let otherModel = Self.pinnKeys.contains(key) ? "pinn" : "neuralODE"
                throw ProblemError(
                    path: o.path(key),
                    message: "'\(key)' applies only to a \(otherModel) model, and this "
                        + "problem's model is \(model.typeName) (keys for it: "
                        + "\((Self.commonKeys + Self.commonAfterAdamKeys + own).joined(separator: ", ")))"
                )
            }
            self.init(model: model)
            seed = try o.value("seed", default: seed)
            steps = try o.value("steps", default: steps)
            learningRate = try o.value("learningRate", default: learningRate)
            batchTime = try o.optional("batchTime")
            batchSize = try o.value("batchSize", default: batchSize)
            gradient = try o.choice("gradient", what: "gradient") ?? gradient
            collocationPoints = try o.value("collocationPoints", default: collocationPoints)
            lbfgsIterations = try o.value("lbfgsIterations", default: lbfgsIterations)
            gaussNewtonIterations = try o.value("gaussNewtonIterations", default: gaussNewtonIterations)
            initialWeight = try o.value("initialWeight", default: initialWeight)
        }
    }
}
