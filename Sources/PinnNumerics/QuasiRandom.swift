/// A Halton low-discrepancy sequence in [0,1)^d, d ≤ 4 (bases 2, 3, 5, 7).
///
/// Point n (n = 1, 2, 3, …; the origin n = 0 is skipped) has coordinates
/// x_j(n) = φ_{b_j}(n), where the radical inverse in base b mirrors the base-b digits of n
/// about the radix point:
///
///     n = Σ_k d_k b^k   (0 ≤ d_k < b)   ⇒   φ_b(n) = Σ_k d_k b^(−k−1).
///
/// So in base 2 the sequence starts 1/2, 1/4, 3/4, 1/8, …, and in base 3 1/3, 2/3, 1/9, ….
///
/// With a `shiftSeed`, every coordinate is shifted by a random u_j ∈ [0,1) drawn once from
/// `SeededGenerator(seed:)` and wrapped modulo 1 (Cranley–Patterson rotation):
/// x_j(n) = frac(φ_{b_j}(n) + u_j). The shifted set keeps its low discrepancy, and a new seed
/// gives a new set of points (for resampling).
public struct HaltonSequence: Sendable, Equatable {
    public static let bases = [2, 3, 5, 7]

    public let dimension: Int
    public let shift: [Double]
    /// The index of the next point (starts at 1).
    public private(set) var index: UInt64 = 1

    public init(dimension: Int, shiftSeed: UInt64? = nil) {
        precondition(
            (1...HaltonSequence.bases.count).contains(dimension),
            "HaltonSequence supports dimensions 1...\(HaltonSequence.bases.count), got \(dimension)")
        self.dimension = dimension
        if let seed = shiftSeed {
            var rng = SeededGenerator(seed: seed)
            shift = (0..<dimension).map { _ in rng.uniform(0.0, 1.0) }
        } else {
            shift = Array(repeating: 0, count: dimension)
        }
    }

    /// The radical inverse φ_b(n) = Σ d_k b^(−k−1) for n = Σ d_k b^k.
    public static func radicalInverse(_ n: UInt64, base: Int) -> Double {
        let b = UInt64(base)
        let invBase = 1.0 / Double(base)
        var n = n, f = invBase, result = 0.0
        while n > 0 {
            result += Double(n % b) * f
            n /= b
            f *= invBase
        }
        return result
    }

    /// The next point of the sequence, in [0,1)^dimension.
    public mutating func next() -> [Double] {
        let n = index
        index += 1
        return (0..<dimension).map { j in
            var x = HaltonSequence.radicalInverse(n, base: HaltonSequence.bases[j]) + shift[j]
            if x >= 1 { x -= 1 }
            return x < 1 ? x : 0 // guard against rounding up to exactly 1
        }
    }

    /// The next `count` points, or nil when `count` is negative.
    public mutating func fill(count: Int) -> [[Double]]? {
        guard count >= 0 else { return nil }
        return (0..<count).map { _ in next() }
    }
}
