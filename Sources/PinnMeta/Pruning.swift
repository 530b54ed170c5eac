import PinnNetwork
import PinnNumerics

/// Unstructured pruning of a SIREN's hidden-to-hidden weights, layer by layer.
///
/// Only the weights between sine layers (layers 1 ..< depth) are pruned. The first layer (inputs ×
/// width, 2·64 weights for a 2-D problem of width 64) and the last (width × outputs) are a few
/// percent of the parameters but carry every input coordinate and form every output; biases set
/// each neuron's phase. They stay dense, so "90 % sparsity" means 90 % of the hidden-to-hidden weights.
///
/// Each prunable layer keeps the same share of its weights (the kept total split in proportion to
/// the layer sizes, largest remainders first), and within a layer the criterion picks. Lee et al.
/// rank all layers' weights together (global magnitude pruning); on the example Poisson family that
/// removed all but 4 of the second hidden layer's 4096 weights, whose magnitudes meta-training had
/// shrunk to a quarter of the first's (mean |w| 0.004 against 0.015), and the post-adaptation loss
/// at 90 % sparsity was 10× that of random pruning.
public enum Pruning {
    /// How weights are chosen for removal.
    public enum Criterion: Sendable, Equatable {
        /// Remove the free weights of smallest |w| in each layer (ties: higher index first).
        case magnitude
        /// Remove the free weights of smallest |w| among each neuron's incoming ones: every neuron of
        /// a layer that had as many free inputs as the others keeps the same number (±1), the extra
        /// ones going to the largest weights next in line.
        case neuronMagnitude
        /// Remove free weights of each layer uniformly at random (the random-pruning baseline), reproducibly from the seed.
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
    /// pruned): each prunable layer keeps its share (`layerQuotas`), chosen by `criterion` from
    /// `parameters`; everything that is not prunable stays free.
    public static func prune<T: PinnScalar>(
        _ parameters: [T], mask: ParameterMask, keep: Int,
        criterion: Criterion
    ) -> ParameterMask {
        let a = mask.architecture
        let layers = a.depth > 1 ? (1..<a.depth).map { Array(a.parameterLayout(layer: $0).weights) } : []
        let free = layers.map { $0.filter { mask.isFree[$0] } }
        let total = free.reduce(0) { $0 + $1.count }
        precondition(keep >= 0 && keep <= total, "cannot keep \(keep) of \(total) free prunable weights")
        var rng = SeededGenerator(seed: { if case .random(let seed) = criterion { return seed } else { return 0 } }())
        var isFree = mask.isFree
        let quotas = layerQuotas(keep, sizes: layers.map(\.count), free: free.map(\.count))
        for (l, (candidates, quota)) in zip(free, quotas).enumerated() {
            let order: [Int]
            switch criterion {
            case .magnitude:
                // Largest |w| first; among equal magnitudes the lower index first.
                order = candidates.sorted { larger(parameters, $0, $1) }
            case .neuronMagnitude:
                // Rank each weight among its neuron's (its row of the column-major out × in matrix),
                // then take rank 0 of every neuron, rank 1 of every neuron, …; within a rank the larger |w| first.
                let out = a.layerSize(l + 2), first = layers[l].first ?? 0 // layers[l] is affine layer l + 1
                var rows = [[Int]](repeating: [], count: out)
                for i in candidates { rows[(i - first) % out].append(i) }
                let ranked = rows.map { $0.sorted { larger(parameters, $0, $1) } }
                order = (0..<(ranked.map(\.count).max() ?? 0)).flatMap { r in
                    ranked.compactMap { r < $0.count ? $0[r] : nil }.sorted { larger(parameters, $0, $1) }
                }
            case .random:
                var shuffled = candidates
                for i in stride(from: shuffled.count - 1, to: 0, by: -1) {
                    shuffled.swapAt(i, Int(rng.next() % UInt64(i + 1)))
                }
                order = shuffled
            }
            for i in order.dropFirst(quota) { isFree[i] = false }
        }
        return ParameterMask(architecture: a, isFree: isFree)
    }

    /// Whether weight i ranks before weight j by magnitude: the larger |w| first, then the lower index.
    @inline(__always)
    static func larger<T: PinnScalar>(_ parameters: [T], _ i: Int, _ j: Int) -> Bool {
        let (mi, mj) = (abs(parameters[i]), abs(parameters[j]))
        return mi != mj ? mi > mj : i < j
    }

    /// How many of `keep` weights each layer keeps: in proportion to its size (largest remainders
    /// first, ties to the earlier layer), never more than it has free (the excess goes to the others).
    public static func layerQuotas(_ keep: Int, sizes: [Int], free: [Int]) -> [Int] {
        var quota = [Int](repeating: 0, count: sizes.count)
        var open = Array(sizes.indices), left = keep
        while left > 0, !open.isEmpty {
            let weight = open.reduce(0) { $0 + sizes[$1] }
            let shares = open.map { Double(left) * Double(sizes[$0]) / Double(weight) }
            var add = shares.map { Int($0.rounded(.down)) }
            let byRemainder = open.indices.sorted {
                (shares[$0] - Double(add[$0]), -$0) > (shares[$1] - Double(add[$1]), -$1)
            }
            for i in byRemainder.prefix(left - add.reduce(0, +)) { add[i] += 1 }
            var next: [Int] = []
            for (i, l) in open.enumerated() {
                let given = min(add[i], free[l] - quota[l])
                quota[l] += given
                left -= given
                if quota[l] < free[l] { next.append(l) }
            }
            open = next
        }
        return quota
    }
}
