/// The shape of a SIREN: `inputs → width (× depth sine layers) → outputs (linear)`.
///
/// Hidden layer ℓ computes `sin(ω_ℓ (W_ℓ h + b_ℓ))` with ω = `omega0` for the first layer and
/// `omegaHidden` for the others (Sitzmann et al. 2020 use ω₀ = 30 for both); the last layer is linear.
public struct SirenArchitecture: Codable, Equatable, Hashable, Sendable {
    /// Input dimension (space, plus time where a problem has it): 1 to 4.
    public var inputs: Int
    /// Number of output fields.
    public var outputs: Int
    /// Neurons per hidden layer.
    public var width: Int
    /// Number of hidden (sine) layers.
    public var depth: Int
    /// Frequency of the first sine layer.
    public var omega0: Double
    /// Frequency of the other sine layers.
    public var omegaHidden: Double

    public init(inputs: Int, outputs: Int = 1, width: Int, depth: Int, omega0: Double, omegaHidden: Double? = nil) {
        precondition((1...4).contains(inputs), "a SIREN takes 1 to 4 inputs, got \(inputs)")
        precondition(outputs >= 1 && width >= 1 && depth >= 1, "outputs, width and depth must be positive")
        self.inputs = inputs
        self.outputs = outputs
        self.width = width
        self.depth = depth
        self.omega0 = omega0
        self.omegaHidden = omegaHidden ?? omega0
    }

    /// Sizes of all layers' activations, input first: `[inputs, width, …, width, outputs]`.
    public var layerSizes: [Int] { (0...layerCount).map(layerSize) }

    /// Size of activation `i` of `layerSizes` (0 the input, `depth + 1` the output), without building the array.
    public func layerSize(_ i: Int) -> Int { i == 0 ? inputs : i <= depth ? width : outputs }

    /// Number of affine layers (`depth + 1`).
    public var layerCount: Int { depth + 1 }

    /// Frequency of sine layer `l` (`0 ..< depth`).
    public func omega(layer l: Int) -> Double { l == 0 ? omega0 : omegaHidden }

    /// Where layer `l`'s weights (column-major `out × in`) and biases sit in the flat parameter vector.
    public func parameterLayout(layer l: Int) -> (weights: Range<Int>, bias: Range<Int>) {
        var offset = 0
        for k in 0..<l { offset += layerSize(k + 1) * (layerSize(k) + 1) }
        let w = layerSize(l + 1) * layerSize(l)
        return (offset..<offset + w, offset + w..<offset + w + layerSize(l + 1))
    }

    /// Total number of weights and biases.
    public var parameterCount: Int {
        var count = 0
        for l in 0..<layerCount { count += layerSize(l + 1) * (layerSize(l) + 1) }
        return count
    }

    /// Floating-point operations of the GEMMs in one forward pass over `points` points carrying
    /// `blocks` jet blocks: Σ_ℓ 2·out_ℓ·in_ℓ·blocks·points.
    public func forwardGemmFlops(points: Int, blocks: Int) -> Double {
        (0..<layerCount).reduce(0.0) { $0 + 2 * Double(layerSize($1 + 1) * layerSize($1) * blocks * points) }
    }
}

extension SirenArchitecture: CustomStringConvertible {
    /// "2→64×3→1 (ω₀ 5.0, hidden ω 1.0)": inputs → width × depth → outputs and the frequencies.
    public var description: String {
        "\(inputs)→\(width)×\(depth)→\(outputs) (ω₀ \(omega0), hidden ω \(omegaHidden))"
    }
}
