/// A seeded, reproducible random number generator: xoshiro256** (Blackman & Vigna 2018),
/// its state filled from the seed by SplitMix64. Same seed, same stream, on every platform.
public struct SeededGenerator: RandomNumberGenerator, Codable, Equatable, Sendable {
    public private(set) var state: [UInt64]

    public init(seed: UInt64) {
        var z = seed
        var s = [UInt64]()
        for _ in 0..<4 {
            z &+= 0x9E37_79B9_7F4A_7C15
            var x = z
            x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
            x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
            s.append(x ^ (x >> 31))
        }
        state = s
    }

    /// The generator continuing from a saved `state` (four words, as `state` gave them).
    public init(state: [UInt64]) {
        precondition(state.count == 4, "xoshiro256** has four words of state")
        self.state = state
    }

    public mutating func next() -> UInt64 {
        let result = rotl(state[1] &* 5, 7) &* 9
        let t = state[1] << 17
        state[2] ^= state[0]
        state[3] ^= state[1]
        state[1] ^= state[2]
        state[0] ^= state[3]
        state[2] ^= t
        state[3] = rotl(state[3], 45)
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

import RealModule
@inline(__always) private func _log(_ x: Double) -> Double { Double.log(x) }
@inline(__always) private func _cos(_ x: Double) -> Double { Double.cos(x) }
