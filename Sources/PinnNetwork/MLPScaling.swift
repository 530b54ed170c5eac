/// Fixed (untrained) affine maps around an `MLP`: its inputs are standardised and its outputs scaled,
/// so that the trained layers see and produce numbers of order one whatever the units of the problem.
///
/// With x = [z^p, t] the raw inputs (p = `inputPower`), the first layer sees
/// x̂_j = (x_j − `inputShift`_j) / `inputScale`_j, and the network returns
/// f_i = `outputScale`_i · (W_out h + b_out)_i. For a Neural ODE dz/dt = f_θ(z, t) fitted to
/// observations, the shift and scale are the observations' mean and spread and the output scale the
/// typical rate of change of each state (see `NeuralODEScales` in PinnBinding). The identity maps
/// (shift 0, scales 1) leave the network as it was.
public struct MLPScaling: Equatable, Hashable, Sendable, Codable {
    /// Subtracted from each raw input (states, then time when it is an input).
    public var inputShift: [Double]
    /// Divides each shifted input (positive).
    public var inputScale: [Double]
    /// Multiplies each output (positive).
    public var outputScale: [Double]

    public init(inputShift: [Double], inputScale: [Double], outputScale: [Double]) {
        self.inputShift = inputShift
        self.inputScale = inputScale
        self.outputScale = outputScale
    }

    /// The identity for `inputs` inputs and `outputs` outputs.
    public static func identity(inputs: Int, outputs: Int) -> MLPScaling {
        MLPScaling(
            inputShift: [Double](repeating: 0, count: inputs), inputScale: [Double](repeating: 1, count: inputs),
            outputScale: [Double](repeating: 1, count: outputs))
    }

    /// Whether every map is the identity.
    public var isIdentity: Bool {
        inputShift.allSatisfy { $0 == 0 } && inputScale.allSatisfy { $0 == 1 } && outputScale.allSatisfy { $0 == 1 }
    }

    /// Whether the sizes fit a network with `inputs` inputs and `outputs` outputs, and every scale is
    /// positive and finite (and every shift finite).
    public func isValid(inputs: Int, outputs: Int) -> Bool {
        inputShift.count == inputs && inputScale.count == inputs && outputScale.count == outputs
            && inputShift.allSatisfy(\.isFinite)
            && (inputScale + outputScale).allSatisfy { $0.isFinite && $0 > 0 }
    }
}
