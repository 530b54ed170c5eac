import Foundation
import PinnNumerics

/// Causal weights of a space-time residual (Wang, Sankaran & Perdikaris, "Respecting causality is
/// all you need", 2022): the time span is cut into S equal slabs, L_k is the mean squared residual
/// of the points in slab k, and every point of slab i is weighted by
///
///     w_i = exp(−ε Σ_{k<i} L_k)
///
/// at the current parameters, held fixed while differentiating (the paper's stop-gradient): a
/// slab counts once the slabs before it fit the equation. The loss is mean_p w_{s(p)} r_p², so every
/// optimiser phase sees a weighted mean of squares, and Gauss–Newton the rows √(w_{s(p)}/N)·r_p.
/// As training drives the L_k down the weights tend to 1 and the loss to the plain one.
public struct CausalWeighting: Sendable, Equatable {
    /// The slab of each interior point, 0 ..< slabs.
    public var slab: [Int32]
    public var slabs: Int
    /// ε ≥ 0 (0: every weight 1).
    public var epsilon: Double

    /// Weights for points whose times are `times` in [start, end].
    public init(times: [Double], start: Double, end: Double, slabs: Int, epsilon: Double) {
        precondition(slabs >= 1 && end > start)
        self.slabs = slabs
        self.epsilon = epsilon
        slab = times.map { t in
            Int32(min(slabs - 1, max(0, Int(((t - start) / (end - start) * Double(slabs)).rounded(.down)))))
        }
    }

    /// w_i for each slab from the residuals `r` of the points (r.count == slab.count).
    public func slabWeights<T: PinnScalar>(residuals r: [T]) -> [Double] {
        var sum = [Double](repeating: 0, count: slabs), count = [Double](repeating: 0, count: slabs)
        for (p, s) in slab.enumerated() {
            sum[Int(s)] += Double(r[p]) * Double(r[p])
            count[Int(s)] += 1
        }
        var weights = [Double](repeating: 1, count: slabs), cumulative = 0.0
        for k in 0..<slabs {
            weights[k] = exp(-epsilon * cumulative)
            cumulative += count[k] > 0 ? sum[k] / count[k] : 0
        }
        return weights
    }

    /// The weight of each point: w_{s(p)} (see `slabWeights`).
    public func pointWeights<T: PinnScalar>(residuals r: [T]) -> [T] {
        let w = slabWeights(residuals: r)
        return slab.map { T(w[Int($0)]) }
    }
}
