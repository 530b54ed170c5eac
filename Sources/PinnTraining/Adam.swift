import PinnNumerics

/// Adam (Kingma & Ba 2015) over a flat parameter vector, with bias-corrected moments:
///
///     m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,  θ ← θ − η_t · m̂ / (√v̂ + ε),
///     m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ).
///
/// With `rateMultipliers` (one per parameter, such as meta-learned per-layer rates), parameter i
/// steps by η_t·s_i instead of η_t.
///
/// The state (moments and step) is a value: copying it is a checkpoint.
public struct Adam<T: PinnScalar>: Codable, Equatable, Sendable {
    public var schedule: LearningRateSchedule
    /// Per-parameter multipliers s_i of the learning rate; nil: all 1.
    public var rateMultipliers: [T]?
    public var beta1: Double
    public var beta2: Double
    public var epsilon: Double
    /// Number of updates taken so far.
    public private(set) var step: Int = 0
    public private(set) var firstMoment: [T]
    public private(set) var secondMoment: [T]

    public init(
        parameterCount: Int, schedule: LearningRateSchedule = .constant(rate: 1e-3),
        beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8
    ) {
        self.schedule = schedule
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        firstMoment = [T](repeating: 0, count: parameterCount)
        secondMoment = [T](repeating: 0, count: parameterCount)
    }

    /// An optimizer continuing from saved state: `step` updates taken, with these moments.
    public init(
        schedule: LearningRateSchedule, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8,
        step: Int, firstMoment: [T], secondMoment: [T]
    ) {
        precondition(firstMoment.count == secondMoment.count, "Adam moments of different lengths")
        self.schedule = schedule
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.step = step
        self.firstMoment = firstMoment
        self.secondMoment = secondMoment
    }

    /// Becomes a copy of `other`, reusing this optimizer's storage when the sizes agree (so keeping a
    /// last-good copy every step does not allocate).
    public mutating func assign(from other: Adam<T>) {
        schedule = other.schedule
        beta1 = other.beta1
        beta2 = other.beta2
        epsilon = other.epsilon
        step = other.step
        rateMultipliers = other.rateMultipliers // shares the storage (never mutated in place): no copy
        copyContents(of: other.firstMoment, into: &firstMoment)
        copyContents(of: other.secondMoment, into: &secondMoment)
    }

    /// The learning rate the next update will use.
    public var currentRate: Double { schedule.rate(at: step) }

    /// One update of `parameters` from `gradient` (no allocation).
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public mutating func update(_ parameters: inout [T], gradient: [T]) {
        precondition(
            parameters.count == firstMoment.count && gradient.count == firstMoment.count,
            "Adam was set up for \(firstMoment.count) parameters")
        let rate = schedule.rate(at: step)
        step += 1
        let b1 = T(beta1), b2 = T(beta2), eps = T(epsilon)
        let c1 = 1 - T.pow(b1, step), c2 = 1 - T.pow(b2, step)
        // θ ← θ − (η/c₁)·m / (√(v/c₂) + ε)
        let stepSize = T(rate) / c1
        let invC2 = 1 / c2
        firstMoment.withUnsafeMutableBufferPointer { m in
            secondMoment.withUnsafeMutableBufferPointer { v in
                parameters.withUnsafeMutableBufferPointer { p in
                    gradient.withUnsafeBufferPointer { g in
                        for i in 0..<p.count {
                            let gi = g[i]
                            m[i] = b1 * m[i] + (1 - b1) * gi
                            v[i] = b2 * v[i] + (1 - b2) * gi * gi
                        }
                        if let multipliers = rateMultipliers {
                            precondition(multipliers.count == p.count, "Adam has \(multipliers.count) rate multipliers")
                            multipliers.withUnsafeBufferPointer { s in
                                for i in 0..<p.count {
                                    p[i] -= stepSize * s[i] * m[i] / ((v[i] * invC2).squareRoot() + eps)
                                }
                            }
                        } else {
                            for i in 0..<p.count {
                                p[i] -= stepSize * m[i] / ((v[i] * invC2).squareRoot() + eps)
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Copies `source` into `destination`, in place when the lengths agree; otherwise `destination`
/// becomes a copy with its own storage (sharing `source`'s would make the next in-place copy into
/// either array allocate, at some later training step).
public func copyContents<T>(of source: [T], into destination: inout [T]) {
    guard destination.count == source.count else {
        destination = source.withUnsafeBufferPointer { Array($0) }
        return
    }
    destination.withUnsafeMutableBufferPointer { d in
        source.withUnsafeBufferPointer { s in
            for i in 0..<s.count { d[i] = s[i] }
        }
    }
}
