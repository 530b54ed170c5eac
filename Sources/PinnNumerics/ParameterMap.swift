import Foundation

/// How a constrained value p follows from an unconstrained trainable q, p = φ(q), and back: what
/// keeps an unknown parameter of an inverse problem inside its bounds (or positive) at every step
/// of every optimiser, which step q freely. The chain rule's factor is `derivative(q)` = dφ/dq.
public enum ParameterMap: Sendable, Equatable {
    /// p = q.
    case identity
    /// p = exp(q): positive.
    case logarithmic
    /// p = a + (b − a)·s(q), s(q) = 1/(1 + e^−q): inside (a, b).
    case logistic(lower: Double, upper: Double)
    /// p = exp(ln a + (ln b − ln a)·s(q)): inside (a, b) with a > 0, logistic in log p.
    case logLogistic(lower: Double, upper: Double)

    /// φ(q).
    public func value(_ q: Double) -> Double {
        switch self {
        case .identity: q
        case .logarithmic: exp(q)
        case .logistic(let a, let b): a + (b - a) * Self.sigmoid(q)
        case .logLogistic(let a, let b): exp(log(a) + (log(b) - log(a)) * Self.sigmoid(q))
        }
    }

    /// dφ/dq.
    public func derivative(_ q: Double) -> Double {
        let s = Self.sigmoid(q)
        switch self {
        case .identity: return 1
        case .logarithmic: return exp(q)
        case .logistic(let a, let b): return (b - a) * s * (1 - s)
        case .logLogistic(let a, let b): return value(q) * (log(b) - log(a)) * s * (1 - s)
        }
    }

    /// φ⁻¹(p), for p in the map's range.
    public func trainable(_ p: Double) -> Double {
        switch self {
        case .identity: return p
        case .logarithmic: return log(p)
        case .logistic(let a, let b): return Self.logit((p - a) / (b - a))
        case .logLogistic(let a, let b):
            return Self.logit((log(p) - log(a)) / (log(b) - log(a)))
        }
    }

    static func sigmoid(_ q: Double) -> Double { 1 / (1 + exp(-q)) }
    static func logit(_ s: Double) -> Double { log(s / (1 - s)) }
}
