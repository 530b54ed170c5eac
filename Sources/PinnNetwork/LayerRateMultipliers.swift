import PinnNumerics
import RealModule

/// Learning-rate multipliers for a SIREN's parameter tensors, one for the weights and one for the
/// biases of every layer (2 · layerCount values): parameter i of tensor j steps by η·e^{ρ_j} under
/// Adam, where η is the optimiser's own rate. Meta-training learns ρ alongside the initialisation
/// (per-layer learned inner rates, as in MAML++'s LSLR and Meta-SGD at layer granularity), so that
/// a member can adapt with step sizes fitted to the family. (With pinn's first-order rate gradient
/// the learned rates did not help on the example Poisson family; see docs/lab-log.md.)
public struct LayerRateMultipliers: Equatable, Sendable {
    public let architecture: SirenArchitecture
    /// ρ, natural logarithms of the multipliers: weights of layer ℓ at 2ℓ, its biases at 2ℓ + 1.
    public var logMultipliers: [Double]

    /// Multipliers e^ρ with ρ = `logMultipliers` (2 · layerCount values).
    public init(architecture: SirenArchitecture, logMultipliers: [Double]) {
        precondition(
            logMultipliers.count == 2 * architecture.layerCount,
            "expected \(2 * architecture.layerCount) log-multipliers, got \(logMultipliers.count)")
        self.architecture = architecture
        self.logMultipliers = logMultipliers
    }

    /// All multipliers 1 (ρ = 0).
    public init(ones architecture: SirenArchitecture) {
        self.init(
            architecture: architecture, logMultipliers: [Double](repeating: 0, count: 2 * architecture.layerCount))
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

extension LayerRateMultipliers {
    /// Fan-in-scaled rates (after μP's Adam rule, Yang et al. 2022, "Tensor Programs V"): the weights
    /// of every layer after the first step at η·N/n, n the layer's free inputs per neuron (its free
    /// weights over its outputs, so a pruned layer counts only what is left), N = `hidden` for the
    /// hidden-to-hidden layers and `output` for the output layer; the first layer and all biases at η.
    ///
    /// Why: Adam moves each parameter by about η a step, so a neuron's pre-activation moves by about
    /// η·n. At one η a 90 %-sparse layer (n ≈ 6) learns several times slower than a dense narrow one
    /// and a wide output layer faster; the rule gives every layer the same speed whatever its fan-in.
    public init(fanIn architecture: SirenArchitecture, mask: ParameterMask?, hidden: Double, output: Double) {
        var rho = [Double](repeating: 0, count: 2 * architecture.layerCount)
        for (l, n) in Self.freeInputsPerNeuron(architecture, mask: mask).enumerated() where l > 0 {
            let reference = l == architecture.layerCount - 1 ? output : hidden
            rho[2 * l] = n > 0 ? Double.log(reference / n) : 0 // a layer with nothing free has nothing to step
        }
        self.init(architecture: architecture, logMultipliers: rho)
    }

    /// Layer ℓ's free weights over its outputs, for every layer (all free without a mask).
    public static func freeInputsPerNeuron(_ architecture: SirenArchitecture, mask: ParameterMask?) -> [Double] {
        (0..<architecture.layerCount).map { l in
            let weights = architecture.parameterLayout(layer: l).weights
            let free = mask.map { m in weights.reduce(0) { $0 + (m.isFree[$1] ? 1 : 0) } } ?? weights.count
            return Double(free) / Double(architecture.layerSize(l + 1))
        }
    }

    /// These multipliers carried from `old` to `new` (masks of this architecture): every weight
    /// tensor's multiplier times n_old/n_new, its free inputs per neuron before and after, so that
    /// fan-in-scaled rates (learned or not) follow a pruning round.
    public func following(pruning old: ParameterMask?, to new: ParameterMask) -> LayerRateMultipliers {
        let before = Self.freeInputsPerNeuron(architecture, mask: old)
        let after = Self.freeInputsPerNeuron(architecture, mask: new)
        var rho = logMultipliers
        for l in 1..<architecture.layerCount where before[l] > 0 && after[l] > 0 {
            rho[2 * l] += Double.log(before[l] / after[l])
        }
        return LayerRateMultipliers(architecture: architecture, logMultipliers: rho)
    }
}
