import PinnNetwork
import PinnNumerics
import PinnTraining

/// The inner loop: `steps` Adam steps (constant learning rate, fresh moments) on one task's loss
/// L = L_r + λ·L_b, keeping a sparsity pattern, optionally with per-parameter rate multipliers
/// (meta-learned per-layer rates, `LayerRateMultipliers`). Meta-training adapts with it, and every
/// evaluation run trains the same way, so what meta-training optimises is what is measured.
public struct InnerLoop<T: PinnScalar>: Sendable {
    public var steps: Int
    public var learningRate: Double
    /// Per-parameter multipliers of `learningRate`; nil: all 1.
    public var rateMultipliers: [T]?

    public init(steps: Int, learningRate: Double, rateMultipliers: [T]? = nil) {
        self.steps = steps
        self.learningRate = learningRate
        self.rateMultipliers = rateMultipliers
    }

    /// Adapts `net` to `loss` (whose `parameterMask` is kept) with `boundaryWeight` λ. Before each
    /// step k (0 … steps − 1), `observe` sees k, the loss terms and the network after k steps, and
    /// returns false to stop there.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func adapt(
        _ net: inout Siren<T>, loss: PDELoss<T>, boundaryWeight: T,
        observe: (Int, LossTerms, Siren<T>) -> Bool = { _, _, _ in true }
    ) {
        let count = net.architecture.parameterCount
        var gr = [T](repeating: 0, count: count), gb = gr, g = gr
        var adam = Adam<T>(parameterCount: count, schedule: .constant(rate: learningRate))
        adam.rateMultipliers = rateMultipliers
        for step in 0..<steps {
            let terms = loss.evaluate(net, residualGradient: &gr, boundaryGradient: &gb)
            guard observe(step, terms, net) else { return }
            combine(gr, gb, boundaryWeight, into: &g)
            adam.update(&net.parameters, gradient: g)
        }
    }
}

/// g = g_r + λ·g_b.
@inline(__always)
func combine<T: PinnScalar>(_ gr: [T], _ gb: [T], _ lambda: T, into g: inout [T]) {
    for i in g.indices { g[i] = gr[i] + lambda * gb[i] }
}
