import PinnNumerics
import RealModule

/// Learning-rate multipliers for a SIREN's parameter tensors, one for the weights and one for the
/// biases of every layer (2 · layerCount values): parameter i of tensor j steps by η·e^{ρ_j} under
/// Adam, where η is the optimiser's own rate. Meta-training learns ρ alongside the initialisation
/// (per-layer learned inner rates, as in MAML++'s LSLR and Meta-SGD at layer granularity), so that
/// a member can adapt with step sizes fitted to the family. (With pinn's first-order rate gradient
/// the learned rates did not help on the example Poisson family; see BENCHMARKS.md.)
public struct LayerRateMultipliers: Equatable, Sendable {
    public let architecture: SirenArchitecture
    /// ρ, natural logarithms of the multipliers: weights of layer ℓ at 2ℓ, its biases at 2ℓ + 1.
    public var logMultipliers: [Double]

    /// Multipliers e^ρ with ρ = `logMultipliers` (2 · layerCount values).
    public init(architecture: SirenArchitecture, logMultipliers: [Double]) {
        precondition(logMultipliers.count == 2 * architecture.layerCount,
                     "expected \(2 * architecture.layerCount) log-multipliers, got \(logMultipliers.count)")
        self.architecture = architecture
        self.logMultipliers = logMultipliers
    }

    /// All multipliers 1 (ρ = 0).
    public init(ones architecture: SirenArchitecture) {
        self.init(architecture: architecture, logMultipliers: [Double](repeating: 0, count: 2 * architecture.layerCount))
    }

    /// The multipliers e^ρ_j.
    public var multipliers: [Double] { logMultipliers.map { Double.exp($0) } }

    /// The flat parameter ranges of the tensors, in the order of `logMultipliers`.
    public static func tensors(_ architecture: SirenArchitecture) -> [Range<Int>] {
        (0..<architecture.layerCount).flatMap { l -> [Range<Int>] in
            let layout = architecture.parameterLayout(layer: l)
            return [layout.weights, layout.bias]
        }
    }

    /// One multiplier per flat parameter (for `Adam.rateMultipliers`).
    public func perParameter<T: PinnScalar>(_: T.Type = T.self) -> [T] {
        var values = [T](repeating: 1, count: architecture.parameterCount)
        for (range, m) in zip(Self.tensors(architecture), multipliers) {
            for i in range { values[i] = T(m) }
        }
        return values
    }

    /// Sums of `values` (one per flat parameter) over each tensor, in the order of `logMultipliers`.
    public static func tensorSums<T: PinnScalar>(_ values: [T], _ architecture: SirenArchitecture) -> [Double] {
        tensors(architecture).map { range in range.reduce(0.0) { $0 + Double(values[$1]) } }
    }
}
