/// Which stretches of the training series a Neural ODE's Adam step fits: the whole series, a fixed
/// number of windows of fixed length, or windows that grow from short to the whole series (a
/// curriculum: short windows teach the local dynamics without the long-horizon drift that makes a
/// whole-series fit from a poor start stall, and the last stages fit what the model is judged on).
public enum WindowSchedule: Equatable, Sendable {
    /// Every step fits the whole series from the initial state.
    case whole
    /// Every step fits `count` windows of `length` consecutive observations.
    case fixed(length: Int, count: Int)
    /// Over `steps` steps, in equal stages, windows of w_k = min(M, first·2^k) observations, k = 0, 1, …,
    /// until a window holds all M; stage k draws max(1, ⌊intervals / (w_k − 1)⌋) windows, so every
    /// step fits about `intervals` intervals between observations. The last stage fits the whole series.
    case growing(first: Int, intervals: Int, steps: Int)

    /// The windows of `step` for a series of `m` observations: nil for the whole series, otherwise
    /// (length, count).
    public func windows(at step: Int, observations m: Int) -> (length: Int, count: Int)? {
        switch self {
        case .whole:
            return nil
        case .fixed(let length, let count):
            return (length, count)
        case .growing(let first, let intervals, let steps):
            let first = min(max(first, 2), m)
            let stages = Self.stageCount(first: first, observations: m)
            let stage = min(stages - 1, step * stages / max(steps, 1))
            let w = stage == stages - 1 ? m : first << stage
            if w >= m { return nil }
            return (w, max(1, intervals / (w - 1)))
        }
    }

    /// The most trajectories a step fits (the slots a trainer needs).
    public var maximumCount: Int {
        switch self {
        case .whole: 1
        case .fixed(_, let count): count
        case .growing(let first, let intervals, _): max(1, intervals / (max(first, 2) - 1))
        }
    }

    /// The number of stages: w_k = min(m, first·2^k) for k = 0, 1, … until w_k = m.
    static func stageCount(first: Int, observations m: Int) -> Int {
        var count = 1, w = first
        while w < m {
            w *= 2
            count += 1
        }
        return count
    }
}
