import RealModule

/// A seeded, reproducible random number generator: xoshiro256** (Blackman & Vigna 2018),
/// its state filled from the seed by SplitMix64. Same seed, same stream, on every platform.
public struct SeededGenerator: RandomNumberGenerator, Codable, Equatable, Sendable {
    // The four words live in stored properties, not an array: a copy of the generator (kept to roll
    // back, say) then never makes `next()` copy storage on the heap.
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// The four words of xoshiro256**'s state (what `init(state:)` takes back).
    public var state: [UInt64] { [s0, s1, s2, s3] }

    public init(seed: UInt64) {
        var z = seed
        func splitMix() -> UInt64 {
            z &+= 0x9E37_79B9_7F4A_7C15
            var x = z
            x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
            x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
            return x ^ (x >> 31)
        }
        s0 = splitMix()
        s1 = splitMix()
        s2 = splitMix()
        s3 = splitMix()
    }

    /// The generator continuing from a saved `state` (four words, as `state` gave them).
    public init(state: [UInt64]) {
        precondition(state.count == 4, "xoshiro256** has four words of state")
        (s0, s1, s2, s3) = (state[0], state[1], state[2], state[3])
    }

    private enum CodingKeys: String, CodingKey { case state }

    /// Decodes `{"state": [four words]}`.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let words = try container.decode([UInt64].self, forKey: .state)
        guard words.count == 4 else {
            throw DecodingError.dataCorruptedError(
                forKey: .state, in: container,
                debugDescription: "xoshiro256** has four words of state, got \(words.count)")
        }
        self.init(state: words)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(state, forKey: .state)
    }

    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// A uniform sample in [lo, hi), computed in Double (53 random bits) and rounded to T,
    /// so Float32 and Float64 runs with the same seed draw the same numbers.
    public mutating func uniform<T: BinaryFloatingPoint>(_ lo: T, _ hi: T) -> T {
        let u = Double(next() >> 11) * 0x1.0p-53
        return T(Double(lo) + (Double(hi) - Double(lo)) * u)
    }

    /// A standard normal sample (Box–Muller, in Double).
    public mutating func normal() -> Double {
        let u1 = max(Double(next() >> 11) * 0x1.0p-53, 0x1.0p-60)
        let u2 = Double(next() >> 11) * 0x1.0p-53
        return (-2 * _log(u1)).squareRoot() * _cos(2 * Double.pi * u2)
    }
}

@inline(__always) private func _log(_ x: Double) -> Double { Double.log(x) }
@inline(__always) private func _cos(_ x: Double) -> Double { Double.cos(x) }
