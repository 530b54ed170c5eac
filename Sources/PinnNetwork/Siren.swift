import PinnNumerics

/// A SIREN network: its architecture and a flat vector of all weights and biases.
///
/// The flat vector is what optimizers update; `architecture.parameterLayout(layer:)` says where
/// each layer's `W` (column-major, out × in) and `b` live in it.
public struct Siren<T: PinnScalar>: Equatable, Sendable {
    public let architecture: SirenArchitecture
    public var parameters: [T]
    /// The layers that run on CSR kernels (a pruned network); nil: every layer dense. Pruned weights
    /// must be zero in `parameters`; the sparse layers leave their gradients untouched.
    public var sparsity: SirenSparsity?

    /// A network with the given parameters (`parameters.count == architecture.parameterCount`).
    public init(architecture: SirenArchitecture, parameters: [T]) {
        precondition(
            parameters.count == architecture.parameterCount,
            "expected \(architecture.parameterCount) parameters, got \(parameters.count)")
        self.architecture = architecture
        self.parameters = parameters
    }

    /// SIREN initialisation (Sitzmann et al. 2020, §3.2), reproducible from `seed`:
    /// first layer W ~ U(−1/fan_in, 1/fan_in); later layers W ~ U(−√(6/fan_in)/ω, √(6/fan_in)/ω)
    /// with ω the frequency of the layer the weights feed (the linear output layer uses ω of the last
    /// hidden layer); biases ~ U(−1/√fan_in, 1/√fan_in). Samples are drawn in Float64 and rounded,
    /// so Float32 and Float64 networks from one seed agree to rounding.
    public init(architecture: SirenArchitecture, seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        var p = [T](repeating: 0, count: architecture.parameterCount)
        let sizes = architecture.layerSizes
        for l in 0..<architecture.layerCount {
            let fanIn = Double(sizes[l])
            let omega = architecture.omega(layer: max(0, min(l, architecture.depth - 1)))
            let bound = l == 0 ? 1 / fanIn : (6 / fanIn).squareRoot() / omega
            let layout = architecture.parameterLayout(layer: l)
            for i in layout.weights { p[i] = T(rng.uniform(-bound, bound) as Double) }
            let biasBound = 1 / fanIn.squareRoot()
            for i in layout.bias { p[i] = T(rng.uniform(-biasBound, biasBound) as Double) }
        }
        self.init(architecture: architecture, parameters: p)
    }
}
