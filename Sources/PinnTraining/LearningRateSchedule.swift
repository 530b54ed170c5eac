import RealModule

/// A learning rate as a function of the optimizer step (0-based).
public enum LearningRateSchedule: Codable, Equatable, Sendable {
    /// `rate` at every step.
    case constant(rate: Double)
    /// `rate · factor^(step / every)` (continuous in the step).
    case exponentialDecay(rate: Double, factor: Double, every: Int)
    /// Cosine annealing from `rate` to `floor` over `steps` steps, then `floor`:
    /// `floor + (rate − floor)·(1 + cos(π·step/steps))/2`.
    case cosine(rate: Double, floor: Double, steps: Int)

    /// The learning rate at `step`.
    public func rate(at step: Int) -> Double {
        switch self {
        case .constant(let r):
            return r
        case .exponentialDecay(let r, let factor, let every):
            return r * Double.pow(factor, Double(step) / Double(max(1, every)))
        case .cosine(let r, let floor, let steps):
            guard step < steps else { return floor }
            return floor + (r - floor) * (1 + Double.cos(Double.pi * Double(step) / Double(max(1, steps)))) / 2
        }
    }

    /// The same schedule with every rate multiplied by `factor` (used to back off after a divergence).
    public func scaled(by factor: Double) -> LearningRateSchedule {
        switch self {
        case .constant(let r): return .constant(rate: r * factor)
        case .exponentialDecay(let r, let f, let e): return .exponentialDecay(rate: r * factor, factor: f, every: e)
        case .cosine(let r, let fl, let s): return .cosine(rate: r * factor, floor: fl * factor, steps: s)
        }
    }
}
