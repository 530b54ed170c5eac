import PinnNumerics

/// A network to start a solve from instead of a fresh SIREN initialisation (such as a meta-learned
/// one, `pinn solve --init`), with the sparsity pattern that training keeps and, when meta-training
/// learned them, the per-layer multipliers of Adam's learning rate that training uses.
public struct InitialNetwork: Sendable, Equatable {
    public var architecture: SirenArchitecture
    /// Flat weights and biases (`SirenArchitecture.parameterLayout`), in Float64.
    public var parameters: [Double]
    /// Parameters to hold at zero during training; nil for a dense network.
    public var mask: ParameterMask?
    /// Learned multipliers of Adam's rate, per layer tensor; nil: the plain rate.
    public var rates: LayerRateMultipliers?

    public init(
        architecture: SirenArchitecture, parameters: [Double], mask: ParameterMask? = nil,
        rates: LayerRateMultipliers? = nil
    ) {
        precondition(
            parameters.count == architecture.parameterCount, "expected \(architecture.parameterCount) parameters")
        precondition(mask.map { $0.architecture == architecture } ?? true, "the mask belongs to another architecture")
        precondition(rates.map { $0.architecture == architecture } ?? true, "the rates belong to another architecture")
        self.architecture = architecture
        self.parameters = parameters
        self.mask = mask
        self.rates = rates
    }

    /// The network in precision T, pruned entries set to zero, its sparse layers on CSR kernels.
    public func siren<T: PinnScalar>(_: T.Type = T.self) -> Siren<T> {
        var p = parameters.map { T($0) }
        mask?.zeroPruned(&p)
        var net = Siren(architecture: architecture, parameters: p)
        net.sparsity = mask.map { SirenSparsity(mask: $0) }
        return net
    }
}
