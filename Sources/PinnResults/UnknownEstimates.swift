import PinnIO
import PinnNumerics

/// What an inverse problem learned about its unknown parameters: the values, their standard
/// errors and correlations, the values at every training step, and the true values when the
/// problem states them. Written as `/unknowns` of a PDE result:
///
///     /unknowns               attrs: names (comma-separated, the order of every dataset), noise σ,
///                             noise_source (stated | estimated), damping μ, method, warning (when
///                             the data do not determine some unknowns), and per unknown <name>,
///                             <name>_standard_error
///     /unknowns/value         [m] learned values
///     /unknowns/standard_error [m] √Cov_jj (NaN when the information matrix is singular)
///     /unknowns/initial       [m] initial guesses
///     /unknowns/true_value    [m] when every unknown states one
///     /unknowns/correlation   [m, m]
///     /unknowns/history       [steps, m] the values at every training step (the /training steps)
///
/// PDE inverse problems and ODE parameter estimation both write it.
public struct UnknownEstimates: Sendable, Equatable {
    public var names: [String]
    public var values: [Double]
    public var initial: [Double]
    public var standardErrors: [Double]
    /// Row-major m × m.
    public var correlation: [Double]
    /// Per step, the m values.
    public var history: [[Double]]
    /// The true values, nil for an unknown without one.
    public var trueValues: [Double?]
    /// σ the standard errors were computed with, and whether the problem stated it.
    public var noise: Double
    public var noiseStated: Bool
    /// The relative damping μ of the nuisance (network) block in the covariance.
    public var damping: Double
    /// Groups of unknowns the data do not determine (near-singular information), by name.
    public var undetermined: [[String]]
    /// How the standard errors were computed (the `method` attribute).
    public var method = UnknownEstimates.pdeMethod

    public init(
        names: [String], values: [Double], initial: [Double], standardErrors: [Double], correlation: [Double],
        history: [[Double]], trueValues: [Double?], noise: Double, noiseStated: Bool, damping: Double,
        undetermined: [[String]]
    ) {
        self.names = names
        self.values = values
        self.initial = initial
        self.standardErrors = standardErrors
        self.correlation = correlation
        self.history = history
        self.trueValues = trueValues
        self.noise = noise
        self.noiseStated = noiseStated
        self.damping = damping
        self.undetermined = undetermined
    }

    /// The estimates `covariance` gives for the unknowns `names` at `values`: standard errors √Cov_jj,
    /// correlations Cov_ij/(σ_i σ_j) and the undetermined groups by name; `damping` is the relative
    /// damping of the nuisance block it was computed with (0 without nuisance parameters).
    public init(
        names: [String], values: [Double], initial: [Double], covariance: MarginalCovariance, history: [[Double]],
        trueValues: [Double?], noise: Double, noiseStated: Bool, damping: Double,
        method: String = UnknownEstimates.pdeMethod
    ) {
        let m = names.count, errors = covariance.standardErrors
        var correlation = [Double](repeating: .nan, count: m * m)
        for i in 0..<m {
            for j in 0..<m { correlation[i * m + j] = covariance.covariance[i * m + j] / (errors[i] * errors[j]) }
        }
        self.init(
            names: names, values: values, initial: initial, standardErrors: errors, correlation: correlation,
            history: history, trueValues: trueValues, noise: noise, noiseStated: noiseStated,
            damping: damping, undetermined: covariance.undetermined.map { $0.map { names[$0] } })
        self.method = method
    }

    /// How the standard errors of a PDE inverse problem are computed (the `method` attribute).
    public static let pdeMethod =
        "Gauss-Newton (Laplace) covariance over the whole least-squares loss (data, PDE residual, boundary), "
        + "Cov(p) = (w sigma^2 / M) [(J^T J)^-1]_pp with J = d rho / d(theta, p), the network block damped by mu"

    /// How the standard errors of ODE parameter estimation are computed.
    public static let odeMethod =
        "Gauss-Newton covariance at the optimum, Cov(p) = sigma^2 (S^T S)^-1 with S = dz(t_i)/dp the forward "
        + "sensitivities of every observed value"

    /// The warning for undetermined unknowns, nil when the data determine every one.
    public var warning: String? {
        guard !undetermined.isEmpty else { return nil }
        let groups = undetermined.map { $0.count == 1 ? $0[0] : "(" + $0.joined(separator: ", ") + ")" }
        return "the measurements do not determine " + groups.joined(separator: ", ")
            + ": their information matrix is near-singular (an unknown enters the equations only together with "
            + "another, or not where the data constrain the solution); their standard errors are not meaningful"
    }

    /// The metrics of `/metrics`: per unknown `unknown_<name>` (and with a true value
    /// `unknown_<name>_relative_error`, `unknown_<name>_error_in_standard_errors`), and over all
    /// unknowns with true values `unknowns_max_relative_error` and `unknowns_max_error_in_standard_errors`.
    public var metrics: [String: Double] {
        var metrics: [String: Double] = [:]
        var worst = 0.0, worstSE = 0.0, known = 0
        for (j, name) in names.enumerated() {
            metrics["unknown_\(name)"] = values[j]
            metrics["unknown_\(name)_standard_error"] = standardErrors[j]
            guard let t = trueValues[j] else { continue }
            let relative = abs(values[j] - t) / max(abs(t), .leastNormalMagnitude)
            let inSE = abs(values[j] - t) / standardErrors[j]
            metrics["unknown_\(name)_relative_error"] = relative
            metrics["unknown_\(name)_error_in_standard_errors"] = inSE
            worst = max(worst, relative)
            worstSE = inSE.isNaN ? .nan : max(worstSE, inSE)
            known += 1
        }
        if known == names.count, known > 0 {
            metrics["unknowns_max_relative_error"] = worst
            metrics["unknowns_max_error_in_standard_errors"] = worstSE
        }
        return metrics
    }
}

extension HDF5Location {
    /// Writes `/unknowns` (see `UnknownEstimates`).
    public func writeUnknowns(_ u: UnknownEstimates) throws {
        let m = u.names.count
        try createGroup("/unknowns")
        try setAttribute("names", to: u.names.joined(separator: ","), on: "/unknowns")
        try setAttribute("noise", to: u.noise, on: "/unknowns")
        try setAttribute("noise_source", to: u.noiseStated ? "stated" : "estimated", on: "/unknowns")
        try setAttribute("damping", to: u.damping, on: "/unknowns")
        try setAttribute("method", to: u.method, on: "/unknowns")
        if let warning = u.warning { try setAttribute("warning", to: warning, on: "/unknowns") }
        for (j, name) in u.names.enumerated() {
            try setAttribute(name, to: u.values[j], on: "/unknowns")
            try setAttribute("\(name)_standard_error", to: u.standardErrors[j], on: "/unknowns")
        }
        try writeDataset("/unknowns/value", values: u.values)
        try writeDataset("/unknowns/standard_error", values: u.standardErrors)
        try writeDataset("/unknowns/initial", values: u.initial)
        if u.trueValues.allSatisfy({ $0 != nil }) {
            try writeDataset("/unknowns/true_value", values: u.trueValues.map { $0 ?? .nan })
        }
        try writeDataset("/unknowns/correlation", values: u.correlation, shape: [m, m])
        let rows = u.history.filter { $0.count == m }
        try writeDataset("/unknowns/history", values: rows.flatMap { $0 }, shape: [rows.count, m])
    }
}

/// `/unknowns` read back (see `UnknownEstimates`): what figures and reports need.
public struct StoredUnknowns: Sendable, Equatable {
    public var names: [String]
    public var values: [Double]
    public var standardErrors: [Double]
    /// NaN where the problem states no true value.
    public var trueValues: [Double]
    /// Per unknown, its value at every training step.
    public var history: [[Double]]
}

extension HDF5Location {
    /// Reads `/unknowns` as `writeUnknowns` wrote it; nil when the result has none.
    public func readUnknowns() throws -> StoredUnknowns? {
        guard exists("/unknowns") else { return nil }
        let names = try stringAttribute("names", of: "/unknowns").split(separator: ",").map(String.init)
        let m = names.count
        let values = try readDataset("/unknowns/value", as: Double.self).values
        let errors = try readDataset("/unknowns/standard_error", as: Double.self).values
        let truth =
            exists("/unknowns/true_value")
            ? try readDataset("/unknowns/true_value", as: Double.self).values : [Double](repeating: .nan, count: m)
        let history = try readDataset("/unknowns/history", as: Double.self)
        let steps = history.shape.first ?? 0
        guard values.count == m, errors.count == m, truth.count == m, history.values.count == steps * m else {
            throw HDF5Error.shapeMismatch(path: "/unknowns", file: filePath, shape: history.shape, count: m)
        }
        return StoredUnknowns(
            names: names, values: values, standardErrors: errors, trueValues: truth,
            history: (0..<m).map { j in (0..<steps).map { history.values[$0 * m + j] } })
    }
}
