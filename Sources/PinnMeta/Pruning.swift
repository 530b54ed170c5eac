import PinnNetwork
import PinnNumerics

/// Unstructured pruning of a SIREN's hidden-to-hidden weights (Lee et al. 2021 prune weights,
/// never biases, by global magnitude).
///
/// Only the weights between sine layers (layers 1 ..< depth) are pruned. The first layer (inputs ×
/// width, 2·64 weights for a 2-D problem of width 64) and the last (width × outputs) are a few
/// percent of the parameters but carry every input coordinate and form every output; biases set
/// each neuron's phase. They stay dense, so "90 % sparsity" means 90 % of the hidden-to-hidden weights.
public enum Pruning {
    /// How weights are chosen for removal.
    public enum Criterion: Sendable, Equatable {
        /// Remove the free weights of smallest |w| (global over the prunable layers; ties: higher index first).
        case magnitude
        /// Remove free weights uniformly at random (the random-pruning baseline), reproducibly from the seed.
        case random(seed: UInt64)
    }

    /// Flat indices of the prunable weights: those of layers 1 ..< depth.
    public static func prunableIndices(_ architecture: SirenArchitecture) -> [Int] {
        guard architecture.depth > 1 else { return [] }
        return (1..<architecture.depth).flatMap { Array(architecture.parameterLayout(layer: $0).weights) }
    }

    /// Number of prunable weights kept at `sparsity`: n − round(sparsity · n).
    public static func keptCount(prunable n: Int, sparsity: Double) -> Int {
        n - Int((sparsity * Double(n)).rounded())
    }

    /// Prunable weights kept after each round of iterative pruning: each round removes `fraction` of
    /// the remaining ones (rounded), until `sparsity` is reached; the last round stops exactly there.
    /// Empty when `sparsity` is 0.
    public static func schedule(prunable n: Int, sparsity: Double, fraction: Double) -> [Int] {
        let target = keptCount(prunable: n, sparsity: sparsity)
        var kept = n, rounds: [Int] = []
        while kept > target {
            let next = max(target, min(kept - 1, kept - Int((fraction * Double(kept)).rounded())))
            rounds.append(next)
            kept = next
        }
        return rounds
    }

    /// The mask that keeps `keep` of the prunable weights free in `mask` (those already pruned stay
    /// pruned), chosen by `criterion` from `parameters`; everything that is not prunable stays free.
    public static func prune<T: PinnScalar>(_ parameters: [T], mask: ParameterMask, keep: Int,
                                            criterion: Criterion) -> ParameterMask {
        let candidates = prunableIndices(mask.architecture).filter { mask.isFree[$0] }
        precondition(keep >= 0 && keep <= candidates.count, "cannot keep \(keep) of \(candidates.count) free prunable weights")
        let order: [Int]
        switch criterion {
        case .magnitude:
            // Largest |w| first; among equal magnitudes the lower index first.
            order = candidates.sorted { a, b in
                let (ma, mb) = (abs(parameters[a]), abs(parameters[b]))
                return ma != mb ? ma > mb : a < b
            }
        case .random(let seed):
            var rng = SeededGenerator(seed: seed)
            var shuffled = candidates
            for i in stride(from: shuffled.count - 1, to: 0, by: -1) {
                shuffled.swapAt(i, Int(rng.next() % UInt64(i + 1)))
            }
            order = shuffled
        }
        var isFree = mask.isFree
        for i in order.dropFirst(keep) { isFree[i] = false }
        return ParameterMask(architecture: mask.architecture, isFree: isFree)
    }
}
