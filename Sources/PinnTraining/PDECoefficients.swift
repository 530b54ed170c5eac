import PinnNumerics

/// The coefficients of a PDE loss at its points when they depend on unknown parameters
/// p = (p_1 … p_m): f and c at the N interior points, α, β and g at the N_b boundary points, and
/// their partial derivatives ∂/∂p_j (from the expressions' symbolic derivatives).
///
/// A derivative array holds m blocks, block j (entries j·N ..< (j+1)·N) the derivative with respect
/// to p_j at every point; it is empty when no point's coefficient depends on any unknown.
public struct PDECoefficients: Sendable, Equatable {
    public var source: [Double]
    /// c = k² at the interior points (empty when c ≡ 0).
    public var reaction: [Double]
    public var alpha: [Double]
    public var beta: [Double]
    public var value: [Double]
    public var sourceDerivative: [Double] = []
    public var reactionDerivative: [Double] = []
    public var alphaDerivative: [Double] = []
    public var betaDerivative: [Double] = []
    public var valueDerivative: [Double] = []

    public init(source: [Double], reaction: [Double], alpha: [Double], beta: [Double], value: [Double]) {
        self.source = source
        self.reaction = reaction
        self.alpha = alpha
        self.beta = beta
        self.value = value
    }
}

/// Unknown parameters in a `PDELoss`: their current values p, the coefficients' derivatives with
/// respect to them at the batch's points, and the map that evaluates the coefficients at any p.
public struct UnknownCoefficients<T: PinnScalar>: Sendable {
    /// The coefficients (and their derivatives) of this batch's points at p.
    public let evaluate: @Sendable (_ p: [Double]) -> PDECoefficients
    /// The values p the loss's coefficients hold now.
    public private(set) var values: [Double]
    /// ∂f/∂p, ∂c/∂p, ∂α/∂p, ∂β/∂p, ∂g/∂p at `values` (`PDECoefficients` layout; empty: zero).
    public private(set) var source: [T] = [], reaction: [T] = []
    public private(set) var alpha: [T] = [], beta: [T] = [], value: [T] = []

    public var count: Int { values.count }

    /// `evaluate` for a batch; `values` are set by `PDELoss.setUnknowns`.
    public init(count: Int, evaluate: @escaping @Sendable ([Double]) -> PDECoefficients) {
        self.evaluate = evaluate
        self.values = [Double](repeating: .nan, count: count)
    }

    /// Takes the derivatives of `c` (the coefficients at `p`).
    mutating func take(_ c: PDECoefficients, at p: [Double]) {
        values = p
        source = c.sourceDerivative.map { T($0) }
        reaction = c.reactionDerivative.map { T($0) }
        alpha = c.alphaDerivative.map { T($0) }
        beta = c.betaDerivative.map { T($0) }
        value = c.valueDerivative.map { T($0) }
    }

    /// Whether some boundary point's β depends on an unknown (then ∂u/∂n is needed even where β = 0).
    var betaVaries: Bool { beta.contains { $0 != 0 } }
}

/// Measured values of u at points, and the weight w of their term w·mean_i (u(x_i) − u_i)² in the loss.
public struct MeasurementBatch<T: PinnScalar>: Sendable {
    /// Points, `d × M`.
    public var points: Matrix<T>
    public var values: [T]
    public var weight: Double

    public init(points: Matrix<T>, values: [T], weight: Double) {
        precondition(values.count == points.cols, "one value per measurement point")
        self.points = points
        self.values = values
        self.weight = weight
    }
}

/// The derivatives of the loss terms with respect to the unknowns p (not the trainables): the
/// residual term ∂L_r/∂p_j and the boundary term ∂L_b/∂p_j (the data term does not depend on p).
public struct UnknownGradient: Sendable, Equatable {
    public var residual: [Double]
    public var boundary: [Double]

    public init(count: Int) {
        residual = [Double](repeating: 0, count: count)
        boundary = residual
    }
}
