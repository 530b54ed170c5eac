import PinnNumerics
import RealModule

/// The nonlinearity of an `MLP`'s hidden layers.
public enum MLPActivation: Equatable, Hashable, Sendable, Codable {
    /// σ(x) = tanh x.
    case tanh
    /// σ(x) = sin(ω x) (SIREN-style).
    case sine(omega: Double)
}

/// A small multilayer perceptron in Double for ODE right-hand sides, f_θ(z, t) ∈ ℝⁿ.
///
/// Input `x = [z₀^p … z_{n−1}^p]` (p = `inputPower`, 1 by default; Chen et al.'s spiral demo feeds
/// the network z³), with `t` appended when `takesTime` is set; `depth` hidden layers of
/// `width` neurons, `h_ℓ = σ(W_ℓ h_{ℓ−1} + b_ℓ)`; then a linear output layer `f = W_out h + b_out`
/// of size n. A fixed `scaling` standardises the inputs before the first layer and scales the outputs
/// (`MLPScaling`; the identity unless set).
///
/// Parameter layout (flat `parameters`): layer by layer, input side first; for each layer its weights
/// `W` (out × in, column-major: element (i, j) at `offset + i + j·out`) and then its bias `b` (out).
/// `parameterLayout(layer:)` gives the ranges.
public struct MLP: Equatable, Sendable {
    /// State dimension n (the number of outputs, and of inputs besides time).
    public let stateDimension: Int
    /// Whether t is an input (the last one).
    public let takesTime: Bool
    /// Neurons per hidden layer.
    public let width: Int
    /// Number of hidden layers.
    public let depth: Int
    /// Hidden-layer nonlinearity.
    public let activation: MLPActivation
    /// The power p each state component is raised to before the first layer (≥ 1).
    public let inputPower: Int
    /// All weights and biases, in the layout documented on the type.
    public var parameters: [Double]
    /// A known part g added to the network's output, f = g + MLP_θ (a universal differential equation;
    /// nil: none). Not trained.
    public var known: KnownTerm? {
        didSet {
            precondition(known.map { $0.dynamics.stateDimension == stateDimension } ?? true, "g has n components")
        }
    }
    /// The fixed maps around the trained layers (not trained; the identity by default).
    public var scaling: MLPScaling {
        didSet {
            precondition(
                scaling.isValid(inputs: inputCount, outputs: stateDimension),
                "scaling needs \(inputCount) input and \(stateDimension) output entries, positive scales")
        }
    }

    /// A network with given parameters (`parameters.count` must equal the architecture's count).
    public init(
        stateDimension: Int, width: Int, depth: Int, activation: MLPActivation,
        takesTime: Bool = false, inputPower: Int = 1, parameters: [Double]
    ) {
        precondition(
            stateDimension >= 1 && width >= 1 && depth >= 1 && inputPower >= 1,
            "stateDimension, width, depth and inputPower must be positive")
        self.inputPower = inputPower
        self.stateDimension = stateDimension
        self.takesTime = takesTime
        self.width = width
        self.depth = depth
        self.activation = activation
        self.parameters = []
        scaling = .identity(inputs: stateDimension + (takesTime ? 1 : 0), outputs: stateDimension)
        precondition(
            parameters.count == parameterCount,
            "expected \(parameterCount) parameters, got \(parameters.count)")
        self.parameters = parameters
    }

    /// A network initialised reproducibly from `seed`.
    ///
    /// `.tanh`: Glorot/Xavier uniform, W ~ U(−√(6/(fan_in + fan_out)), +√(6/(fan_in + fan_out))), b = 0.
    /// `.sine(ω)`: SIREN (Sitzmann et al. 2020): first layer W ~ U(−1/fan_in, 1/fan_in), later layers
    /// (and the output layer) W ~ U(−√(6/fan_in)/ω, +√(6/fan_in)/ω), b ~ U(−1/√fan_in, 1/√fan_in).
    public init(
        stateDimension: Int, width: Int, depth: Int, activation: MLPActivation,
        takesTime: Bool = false, inputPower: Int = 1, seed: UInt64
    ) {
        self.init(
            stateDimension: stateDimension, width: width, depth: depth, activation: activation,
            takesTime: takesTime, inputPower: inputPower,
            parameters: [Double](
                repeating: 0,
                count: MLP.parameterCount(
                    inputs: stateDimension + (takesTime ? 1 : 0),
                    width: width, depth: depth,
                    outputs: stateDimension)))
        var rng = SeededGenerator(seed: seed)
        let sizes = layerSizes
        for l in 0..<layerCount {
            let fanIn = Double(sizes[l]), fanOut = Double(sizes[l + 1])
            let layout = parameterLayout(layer: l)
            switch activation {
            case .tanh:
                let bound = (6 / (fanIn + fanOut)).squareRoot()
                for i in layout.weights { parameters[i] = rng.uniform(-bound, bound) }
            case .sine(let omega):
                let bound = l == 0 ? 1 / fanIn : (6 / fanIn).squareRoot() / omega
                for i in layout.weights { parameters[i] = rng.uniform(-bound, bound) }
                let biasBound = 1 / fanIn.squareRoot()
                for i in layout.bias { parameters[i] = rng.uniform(-biasBound, biasBound) }
            }
        }
    }

    /// Number of inputs: n, plus one when time is an input.
    public var inputCount: Int { stateDimension + (takesTime ? 1 : 0) }

    /// Sizes of all layers' activations, input first: `[inputCount, width, …, width, n]`.
    public var layerSizes: [Int] { [inputCount] + Array(repeating: width, count: depth) + [stateDimension] }

    /// Number of affine layers (`depth + 1`).
    public var layerCount: Int { depth + 1 }

    /// Total number of weights and biases.
    public var parameterCount: Int {
        MLP.parameterCount(inputs: inputCount, width: width, depth: depth, outputs: stateDimension)
    }

    private static func parameterCount(inputs: Int, width: Int, depth: Int, outputs: Int) -> Int {
        width * (inputs + 1) + (depth - 1) * width * (width + 1) + outputs * (width + 1)
    }

    /// Where layer `l`'s weights (column-major out × in) and biases sit in `parameters`.
    public func parameterLayout(layer l: Int) -> (weights: Range<Int>, bias: Range<Int>) {
        precondition((0..<layerCount).contains(l), "layer \(l) out of 0..<\(layerCount)")
        let offset = layerOffset(l)
        let (inSize, outSize) = layerShape(l)
        let w = outSize * inSize
        return (offset..<offset + w, offset + w..<offset + w + outSize)
    }

    /// (in, out) sizes of affine layer `l`.
    @inline(__always)
    func layerShape(_ l: Int) -> (inSize: Int, outSize: Int) {
        (l == 0 ? inputCount : width, l == depth ? stateDimension : width)
    }

    /// Offset of affine layer `l` in `parameters`.
    @inline(__always)
    func layerOffset(_ l: Int) -> Int {
        l == 0 ? 0 : width * (inputCount + 1) + (l - 1) * width * (width + 1)
    }

    /// f_θ(z, t) written into `out` (resized to n if needed); `workspace` keeps the activations for a
    /// following `pullback`. No allocation once `out` and `workspace` have their sizes.
    public func evaluate(_ z: [Double], t: Double, into out: inout [Double], workspace: inout MLPWorkspace) {
        precondition(z.count == stateDimension, "state has \(z.count) components, expected \(stateDimension)")
        workspace.prepare(inputs: inputCount, width: width, depth: depth)
        if out.count != stateDimension { out = [Double](repeating: 0, count: stateDimension) }
        for j in 0..<stateDimension {
            workspace.state[j] = z[j]
            let x = Self.raisedInput(z[j], power: inputPower)
            workspace.input[j] = (x - scaling.inputShift[j]) / scaling.inputScale[j]
        }
        if takesTime {
            workspace.input[stateDimension] =
                (t - scaling.inputShift[stateDimension]) / scaling.inputScale[stateDimension]
        }

        for l in 0..<depth {
            let offset = layerOffset(l)
            let (inSize, outSize) = layerShape(l)
            let biasOffset = offset + outSize * inSize
            let base = l * width
            for i in 0..<outSize { workspace.preactivations[base + i] = parameters[biasOffset + i] }
            for j in 0..<inSize {
                let xj = l == 0 ? workspace.input[j] : workspace.activations[base - width + j]
                let column = offset + j * outSize
                for i in 0..<outSize { workspace.preactivations[base + i] += parameters[column + i] * xj }
            }
            switch activation {
            case .tanh:
                for i in 0..<outSize {
                    workspace.activations[base + i] = Double.tanh(workspace.preactivations[base + i])
                }
            case .sine(let omega):
                for i in 0..<outSize {
                    workspace.activations[base + i] = Double.sin(omega * workspace.preactivations[base + i])
                }
            }
        }

        let offset = layerOffset(depth)
        let biasOffset = offset + stateDimension * width
        let last = (depth - 1) * width
        for i in 0..<stateDimension { out[i] = parameters[biasOffset + i] }
        for j in 0..<width {
            let hj = workspace.activations[last + j]
            let column = offset + j * stateDimension
            for i in 0..<stateDimension { out[i] += parameters[column + i] * hj }
        }
        for i in 0..<stateDimension { out[i] *= scaling.outputScale[i] }
        workspace.time = t
        if let known { known.dynamics.add(at: z, t: t, to: &out) }
    }

    /// z^p, the raw input a state component gives before the scaling (`inputPower` p).
    @inline(__always)
    public static func raisedInput(_ z: Double, power p: Int) -> Double { p == 1 ? z : Double.pow(z, p) }

    /// Multiplies the output layer's weights and biases by `factor`: with a small factor the network
    /// starts as a small perturbation of f = 0 (a Neural ODE that starts near rest).
    public mutating func scaleOutputLayer(by factor: Double) {
        let layout = parameterLayout(layer: depth)
        for i in layout.weights.lowerBound..<layout.bias.upperBound { parameters[i] *= factor }
    }
}

/// Scratch memory for `MLP.evaluate` and `MLP.pullback`: the input, every hidden layer's
/// pre-activation and activation, and two gradient buffers. Sized on first use, then reused.
public struct MLPWorkspace: Sendable {
    var state: [Double] = []
    /// t of the last evaluation (for a known part's pullback).
    var time = 0.0
    var input: [Double] = []
    var preactivations: [Double] = []
    var activations: [Double] = []
    var gradient: [Double] = []
    var gradientBelow: [Double] = []
    /// Forward-mode tangents of one layer's outputs (width × n), for `stateJacobian`.
    var tangent: [Double] = []
    var tangentBelow: [Double] = []

    /// An empty workspace; `MLP.evaluate` sizes it on first use.
    public init() {}

    mutating func prepare(inputs: Int, width: Int, depth: Int) {
        if input.count != inputs {
            input = [Double](repeating: 0, count: inputs)
            state = input
        }
        if activations.count != depth * width {
            activations = [Double](repeating: 0, count: depth * width)
            preactivations = activations
        }
        let g = max(inputs, width)
        if gradient.count != g {
            gradient = [Double](repeating: 0, count: g)
            gradientBelow = gradient
        }
    }
}
