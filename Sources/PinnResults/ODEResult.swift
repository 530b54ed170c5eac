import Foundation
import PinnIO
import PinnNetwork
import PinnNumerics
import PinnODE
import PinnProblems
import PinnTraining

/// Everything an ODE solve writes: the reference and learned trajectories on the output times, the
/// observations, the metrics, the loss history and the model.
///
/// Layout (HDF5, written atomically; every dataset has a `long_name`):
///
///     /                     attrs: pinn_version, problem (the JSON), problem_name, kind = "ode", model_type,
///                           state_names (comma-separated), seed, created (ISO 8601)
///     /t                    output times [nt], dimension scale "t"
///     /state                state indices [n], dimension scale "state" (attr names)
///     /reference/states     [nt, n] reference trajectory (attrs: method, shooting_iterations)
///     /learned/states       [nt, n] the model's trajectory, inside and beyond the training window
///     /error/states         [nt, n] learned − reference
///     /observations/t_obs   [m], dimension scale "t_obs" (its own name, so that xarray's DataTree does not confuse it with /t); /observations attr train_until
///     /observations/states  [m, n], NaN where a value is missing
///
/// With several trajectories (k initial states), the three trajectory datasets are [k, nt, n] on a
/// further dimension scale `/trajectory` [k] (0 … k − 1), `/initial_states` [k, n] holds the initial
/// states and `/observations/trajectory` [m] the trajectory of each observation.
///     /training/step, phase (0 Adam, 1 L-BFGS), loss, learning_rate (+ loss_residual, loss_condition for a PINN;
///                           + unknowns [steps, m] for parameter estimation)
///     /model/parameters     flat weights; /model attrs: kind (mlp | siren | parameters), sizes, activation, layout
///                           (parameter estimation: the fitted unknowns, attr names)
///     /unknowns             parameter estimation: the fitted unknowns (see `UnknownEstimates`)
///     /metrics              attrs: relative_l2_vs_reference, relative_l2_train_window,
///                           relative_l2_extrapolation (when there are times after train_until), …
public struct ODEResult {
    /// The trained model.
    public enum Model {
        /// The right-hand side f_θ of a Neural ODE.
        case mlp(MLP)
        /// A PINN in time, u(τ) with τ = 2(t − t₀)/(t₁ − t₀) − 1.
        case siren(Siren<Double>, span: ODEProblemFile.TimeSpan)
        /// Parameter estimation: no network; the stated system with the fitted unknowns (by name).
        case unknowns(names: [String], values: [Double])

        public var parameters: [Double] {
            switch self {
            case .mlp(let m): m.parameters
            case .siren(let s, _): s.parameters
            case .unknowns(_, let values): values
            }
        }

        /// The `model_type` attribute.
        public var typeName: String {
            switch self {
            case .mlp: "neuralODE"
            case .siren: "pinn"
            case .unknowns: "parameterEstimation"
            }
        }
    }

    public var problemName: String
    /// The problem file's JSON text (the caller fills it in).
    public var problemJSON: String
    public var seed: UInt64
    public var stateNames: [String]
    /// Output times.
    public var times: [Double]
    /// Reference and learned states, one row of n per output time, trajectory after trajectory
    /// (k · nt rows for k trajectories).
    public var reference: [[Double]]
    public var learned: [[Double]]
    /// The initial state of each trajectory (one for a single trajectory).
    public var initialStates: [[Double]] = []
    public var observations: ObservationTable
    public var trainUntil: Double
    /// Newton iterations of the shooting for a two-point reference (0 for an initial value problem).
    public var shootingIterations: Int
    public var metrics: [String: Double]
    public var history: [ODETrainingRecord]
    public var model: Model
    /// Why training stopped before its last step (non-finite values after the allowed recoveries);
    /// nil when it ran to the end. Written as the root attributes stopped_early and stop_reason.
    public var stopReason: String?
    /// Rollbacks after non-finite values during training (attribute `recoveries` of /training).
    public var recoveries = 0
    /// Why the learned trajectory could not be computed after training (it is then NaN, the model
    /// is written as trained): root attributes evaluation_failed = 1 and evaluation_error. nil otherwise.
    public var evaluationFailure: String?
    /// Parameter estimation: the fitted unknowns with standard errors (`/unknowns`); nil otherwise.
    public var unknowns: UnknownEstimates?

    public init(
        problemName: String, problemJSON: String, seed: UInt64, stateNames: [String], times: [Double],
        reference: [[Double]], learned: [[Double]], observations: ObservationTable, trainUntil: Double,
        shootingIterations: Int, metrics: [String: Double], history: [ODETrainingRecord], model: Model
    ) {
        self.problemName = problemName
        self.problemJSON = problemJSON
        self.seed = seed
        self.stateNames = stateNames
        self.times = times
        self.reference = reference
        self.learned = learned
        self.observations = observations
        self.trainUntil = trainUntil
        self.shootingIterations = shootingIterations
        self.metrics = metrics
        self.history = history
        self.model = model
    }

    /// learned − reference, row by row.
    public var error: [[Double]] { zip(learned, reference).map { zip($0, $1).map { $0 - $1 } } }

    /// Writes the HDF5 file atomically (temporary name, then rename).
    public func write(to path: String) throws {
        let names = stateNames.joined(separator: ",")
        let n = stateNames.count
        try HDF5File.writeAtomically(to: path) { file in
            try file.writeProvenance(problemName: problemName, problemJSON: problemJSON, seed: seed)
            try file.setAttribute("kind", to: "ode")
            try file.setAttribute("model_type", to: model.typeName)
            try file.setAttribute("state_names", to: names)
            try file.writeStopReason(stopReason)
            try file.writeFailure(of: "evaluation", evaluationFailure)

            try file.writeDataset("/t", values: times)
            try file.makeDimensionScale("/t", name: "t")
            try file.setLongName("time", on: "/t")
            try file.writeDataset("/state", values: (0..<n).map { Int64($0) })
            try file.makeDimensionScale("/state", name: "state")
            try file.setLongName("state index (names in the attribute 'names')", on: "/state")
            try file.setAttribute("names", to: names, on: "/state")

            let k = max(1, initialStates.count)
            if k > 1 {
                try file.writeDataset("/trajectory", values: (0..<k).map { Int64($0) })
                try file.makeDimensionScale("/trajectory", name: "trajectory")
                try file.setLongName("trajectory index (its initial state in /initial_states)", on: "/trajectory")
                try file.writeDataset("/initial_states", values: initialStates.flatMap { $0 }, shape: [k, n])
                try file.attachScale(to: "/initial_states", scale: "/trajectory", dimension: 0)
                try file.attachScale(to: "/initial_states", scale: "/state", dimension: 1)
                try file.setLongName("initial state of each trajectory", on: "/initial_states")
            }
            let trajectories: [(String, [[Double]], String)] = [
                ("/reference/states", reference, "reference trajectory (Dormand-Prince 5(4), tight tolerances)"),
                ("/learned/states", learned, "learned trajectory"),
                ("/error/states", error, "learned - reference")
            ]
            for (dataset, rows, long) in trajectories {
                try file.writeDataset(
                    dataset, values: rows.flatMap { $0 }, shape: k > 1 ? [k, times.count, n] : [times.count, n])
                if k > 1 { try file.attachScale(to: dataset, scale: "/trajectory", dimension: 0) }
                try file.attachScale(to: dataset, scale: "/t", dimension: k > 1 ? 1 : 0)
                try file.attachScale(to: dataset, scale: "/state", dimension: k > 1 ? 2 : 1)
                try file.setLongName(long, on: dataset)
                try file.setAttribute("state_names", to: names, on: dataset)
            }
            try file.setAttribute(
                "method",
                to: shootingIterations > 0
                    ? "adaptive Dormand-Prince 5(4); unknown initial values by shooting (Newton)"
                    : "adaptive Dormand-Prince 5(4)", on: "/reference")
            try file.setAttribute("shooting_iterations", to: shootingIterations, on: "/reference")

            try file.writeDataset("/observations/t_obs", values: observations.times)
            try file.makeDimensionScale("/observations/t_obs", name: "t_obs")
            try file.setLongName("observation times", on: "/observations/t_obs")
            try file.writeDataset(
                "/observations/states", values: observations.states.flatMap { $0 },
                shape: [observations.count, n])
            try file.attachScale(to: "/observations/states", scale: "/observations/t_obs", dimension: 0)
            try file.attachScale(to: "/observations/states", scale: "/state", dimension: 1)
            try file.setLongName(
                "observed states (training: t <= train_until; NaN: missing)", on: "/observations/states")
            if k > 1 {
                try file.writeDataset("/observations/trajectory", values: observations.trajectories.map { Int64($0) })
                try file.attachScale(to: "/observations/trajectory", scale: "/observations/t_obs", dimension: 0)
                try file.setLongName("trajectory of each observation", on: "/observations/trajectory")
            }
            try file.setAttribute("state_names", to: names, on: "/observations/states")
            try file.setAttribute("train_until", to: trainUntil, on: "/observations")

            try file.writeMetrics(metrics)
            try writeHistory(file)
            try writeModel(file)
            if let unknowns { try file.writeUnknowns(unknowns) }
        }
    }

    /// Whether the model is a PINN in time (a SIREN) rather than a Neural ODE (an MLP).
    private var isPINN: Bool {
        if case .siren = model { return true }
        return false
    }

    private func writeHistory(_ file: HDF5File) throws {
        try file.createGroup("/training")
        var series: [(String, [Double], String)] = [
            (
                "/training/loss", history.map(\.loss),
                "training loss (Neural ODE: mini-batch MSE, each state's errors in units of its spread when scaled; "
                    + "PINN: L_r + weight L_c)"
            ),
            ("/training/learning_rate", history.map(\.learningRate), "Adam learning rate (0 for L-BFGS)")
        ]
        if isPINN {
            series.append(
                ("/training/loss_residual", history.map { $0.residual ?? .nan }, "mean squared ODE residual L_r"))
            series.append(
                (
                    "/training/loss_condition", history.map { $0.condition ?? .nan },
                    "initial/boundary condition loss L_c"
                ))
        } else if history.contains(where: { $0.validation != nil }) {
            series.append(
                (
                    "/training/validation", history.map { $0.validation ?? .nan },
                    "Neural ODE: loss of the whole training series from the initial state (NaN: not validated)"
                ))
        }
        try file.setAttribute("recoveries", to: recoveries, on: "/training")
        try file.writeDataset("/training/step", values: history.map { Int64($0.step) })
        try file.setLongName("training step", on: "/training/step")
        try file.writeDataset("/training/phase", values: history.map { Int64($0.phase.code) })
        try file.setLongName("optimizer phase: 0 = Adam, 1 = L-BFGS, 2 = Gauss–Newton", on: "/training/phase")
        for (dataset, values, long) in series {
            try file.writeDataset(dataset, values: values)
            try file.setLongName(long, on: dataset)
        }
        if history.contains(where: { !$0.unknowns.isEmpty }) {
            try file.writeUnknownHistory(history.map(\.unknowns), under: "/training")
            try file.setLongName("the unknowns' values at each step (names: /unknowns)", on: "/training/unknowns")
        }
        if history.contains(where: { $0.phase == .gaussNewton }) {
            try file.writeGaussNewtonSteps(history.map(\.gaussNewton), under: "/training")
            try file.setLongName("Gauss–Newton relative damping μ (0 in the other phases)", on: "/training/damping")
            try file.setLongName(
                "Gauss–Newton step length α (0: step not taken; 0 in the other phases)", on: "/training/step_length")
        }
    }

    private func writeModel(_ file: HDF5File) throws {
        try file.createGroup("/model")
        try file.writeDataset("/model/parameters", values: model.parameters)
        try file.setLongName(
            "the model's weights and biases, flat (layout in /model attribute 'layout')",
            on: "/model/parameters")
        switch model {
        case .mlp(let m):
            try file.setAttribute("kind", to: "mlp", on: "/model")
            try file.setAttribute("state_dimension", to: m.stateDimension, on: "/model")
            try file.setAttribute("width", to: m.width, on: "/model")
            try file.setAttribute("depth", to: m.depth, on: "/model")
            try file.setAttribute("time_input", to: m.takesTime ? 1 : 0, on: "/model")
            try file.setAttribute("input_power", to: m.inputPower, on: "/model")
            if let known = m.known {
                try file.setAttribute("known", to: known.dynamics.description, on: "/model")
            }
            if !m.scaling.isIdentity {
                try file.writeDataset("/model/input_shift", values: m.scaling.inputShift)
                try file.writeDataset("/model/input_scale", values: m.scaling.inputScale)
                try file.writeDataset("/model/output_scale", values: m.scaling.outputScale)
                try file.setLongName(
                    "subtracted from each input (z^input_power[, t]) before the first layer", on: "/model/input_shift")
                try file.setLongName("divides each shifted input", on: "/model/input_scale")
                try file.setLongName("multiplies each output of the last layer", on: "/model/output_scale")
            }
            switch m.activation {
            case .tanh:
                try file.setAttribute("activation", to: "tanh", on: "/model")
            case .sine(let omega):
                try file.setAttribute("activation", to: "sine", on: "/model")
                try file.setAttribute("omega", to: omega, on: "/model")
            }
            try file.setAttribute(
                "layout",
                to: """
                    dz/dt = f(z[, t]) with f an MLP: input x = [z^input_power (state_dimension)[, t]], standardised as \
                    (x - input_shift) / input_scale where those datasets exist, depth hidden layers h <- act(W h + b) \
                    of width neurons, then a linear output layer of state_dimension, multiplied by output_scale where \
                    it exists. A universal differential equation adds the known part in the attribute 'known' to the output. For \
                    each layer the flat vector holds W (out x in, column-major) then b (out).
                    """, on: "/model")
        case .unknowns(let names, _):
            try file.setAttribute("kind", to: "parameters", on: "/model")
            try file.setAttribute("names", to: names.joined(separator: ","), on: "/model")
            try file.setAttribute(
                "layout",
                to: "no network: the problem's right-hand sides with the unknown parameters (names, in this order) "
                    + "at these fitted values", on: "/model")
        case .siren(let net, let span):
            let a = net.architecture
            try file.writeSirenAttributes(a, on: "/model")
            try file.setAttribute("activation", to: "sine", on: "/model")
            try file.setAttribute("t0", to: span.start, on: "/model")
            try file.setAttribute("t1", to: span.end, on: "/model")
            try file.setAttribute(
                "layout",
                to: """
                    u(t) = net(tau) with tau = 2 (t - t0) / (t1 - t0) - 1; outputs are the states. Layers map sizes \
                    [inputs, width x depth, outputs]; for each layer the flat vector holds W (out x in, column-major) \
                    then b (out). Hidden layers: h <- sin(omega (W h + b)) with omega = omega0 for layer 0 and \
                    omega_hidden after; the last layer is linear.
                    """, on: "/model")
        }
    }
}
