import Foundation
import PinnIO
import PinnNetwork
import PinnNumerics

/// Why a result file could not be read back.
public struct ResultReadError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The result file.
    public var file: String
    /// What is wrong, naming the object in the file where there is one.
    public var message: String

    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): \(message)" }
}

/// What every pinn result file states about itself: root attributes, the problem and the metrics.
public struct ResultSummary: Sendable {
    /// The result file's path.
    public var path: String
    public var problemName: String
    /// The problem file's JSON text as stored in the result.
    public var problemJSON: String
    /// The problem file's absolute path when the result was written (attribute problem_file), if stored.
    public var problemFile: String? = nil
    /// `poisson`, `helmholtz` or `ode`.
    public var kind: String
    /// The problem's `description`, if it has one.
    public var description: String?
    public var seed: UInt64
    /// `f32` or `f64` (PDE results; nil for ODE results, which train in f64).
    public var precision: String?
    public var pinnVersion: String
    public var created: String
    public var metrics: [String: Double]
}

/// The per-step training history as stored: the step and phase columns and each named series
/// (losses, weights, learning rate) in file order.
public struct TrainingHistory: Sendable {
    public var step: [Double]
    /// 0 = Adam, 1 = L-BFGS.
    public var phase: [Int]
    /// Named series of the same length as `step` (e.g. "loss_total", "loss_residual").
    public var series: [(name: String, values: [Double])]

    public func values(_ name: String) -> [Double]? { series.first { $0.name == name }?.values }

    /// The step where L-BFGS begins, if it does.
    public var lbfgsStart: Double? { zip(step, phase).first { $0.1 == 1 }?.0 }
}

/// A PDE result file read back (the layout `PDEResult` writes): the fields on their support (a
/// grid or a mesh's nodes), the history and the network.
@dynamicMemberLookup
public struct StoredPDEResult: Sendable {
    public var summary: ResultSummary
    public var support: StoredFieldSupport
    /// The learned field, its residual, the reference and the exact solution as stored
    /// (`result.u` and so on read them directly).
    public var fields: PDEFields
    public var training: TrainingHistory
    public var architecture: SirenArchitecture
    public var parameters: [Double]
    /// An inverse problem's learned unknowns (nil for a forward problem).
    public var unknowns: StoredUnknowns? = nil
    /// An inverse problem's measurements and the network's values there (nil without measurements).
    public var measurementFit: MeasurementFit? = nil

    public subscript<Value>(dynamicMember field: WritableKeyPath<PDEFields, Value>) -> Value {
        get { fields[keyPath: field] }
        set { fields[keyPath: field] = newValue }
    }

    /// The grid, for a result on one.
    public var grid: RectilinearGrid? {
        if case .grid(let grid) = support { grid } else { nil }
    }

    /// The mesh, for a result on one.
    public var mesh: StoredMesh? {
        if case .mesh(let mesh) = support { mesh } else { nil }
    }
}

/// Where a stored PDE result's fields lie.
public enum StoredFieldSupport: Sendable {
    case grid(RectilinearGrid)
    case mesh(StoredMesh)
}

/// An ODE result file read back: trajectories, observations and history.
public struct StoredODEResult: Sendable {
    public var summary: ResultSummary
    public var stateNames: [String]
    public var times: [Double]
    /// One row of n states per output time, trajectory after trajectory (k · nt rows).
    public var reference: [[Double]]
    public var learned: [[Double]]
    /// Each trajectory's initial state (/initial_states); empty for a single trajectory.
    public var initialStates: [[Double]]
    public var observationTimes: [Double]
    /// Observed states, NaN where missing.
    public var observations: [[Double]]
    /// The trajectory of each observation (0 for a single trajectory).
    public var observationTrajectories: [Int]
    public var trainUntil: Double
    /// `neuralODE`, `pinn` or `parameterEstimation`.
    public var modelType: String
    public var training: TrainingHistory
    /// The model's flat parameters (/model/parameters).
    public var modelParameters: [Double]
    /// The SIREN's shape for a PINN in time (nil for a Neural ODE, whose MLP the problem file states).
    public var sirenArchitecture: SirenArchitecture?
    /// A Neural ODE's fixed input and output maps (/model/input_shift, input_scale, output_scale;
    /// nil when the result has none: the identity).
    public var mlpScaling: MLPScaling?
    /// Parameter estimation's fitted unknowns (/unknowns; nil for the other models).
    public var unknowns: StoredUnknowns? = nil

    /// The number of trajectories.
    public var trajectoryCount: Int { max(1, initialStates.count) }
}

/// A result file of either kind.
public enum StoredResult: Sendable {
    case pde(StoredPDEResult)
    case ode(StoredODEResult)

    public var summary: ResultSummary {
        switch self {
        case .pde(let r): r.summary
        case .ode(let r): r.summary
        }
    }
}
