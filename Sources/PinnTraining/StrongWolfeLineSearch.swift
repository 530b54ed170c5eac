/// A line search that returns a step satisfying the strong Wolfe conditions
/// (Nocedal & Wright, *Numerical Optimization*, 2nd ed., Algorithms 3.5 and 3.6):
///
///     φ(α) ≤ φ(0) + c₁ α φ'(0)        (sufficient decrease)
///     |φ'(α)| ≤ c₂ |φ'(0)|            (curvature)
///
/// with bracketing by step doubling and zoom by safeguarded cubic interpolation.
public struct StrongWolfeLineSearch: Codable, Equatable, Sendable {
    public var c1: Double = 1e-4
    public var c2: Double = 0.9
    public var maxEvaluations: Int = 25
    public var maxStep: Double = 1e10

    public init(c1: Double = 1e-4, c2: Double = 0.9, maxEvaluations: Int = 25) {
        precondition(0 < c1 && c1 < c2 && c2 < 1, "strong Wolfe constants need 0 < c1 < c2 < 1")
        self.c1 = c1
        self.c2 = c2
        self.maxEvaluations = maxEvaluations
    }

    /// One trial point: step, value and directional derivative.
    public struct Point: Equatable, Sendable {
        public var alpha: Double
        public var value: Double
        public var slope: Double
    }

    public enum Outcome: Equatable, Sendable {
        /// The step satisfies both conditions; it was the last point evaluated.
        case accepted(Point)
        /// No acceptable step within `maxEvaluations` (or the direction does not descend).
        case failed(lastEvaluated: Point)
    }

    /// Searches along a direction with φ(0) = `value0`, φ'(0) = `slope0` < 0, starting at `initialStep`.
    /// `phi(α)` evaluates the objective and directional derivative at x + α·p; the accepted point is
    /// always the last one evaluated, so callers can keep the gradient of their latest evaluation.
    public func search(
        value0: Double, slope0: Double, initialStep: Double,
        phi: (Double) -> (value: Double, slope: Double)
    ) -> Outcome {
        let origin = Point(alpha: 0, value: value0, slope: slope0)
        guard slope0 < 0 else { return .failed(lastEvaluated: origin) }
        var evaluations = 0
        func evaluate(_ a: Double) -> Point {
            evaluations += 1
            let r = phi(a)
            return Point(alpha: a, value: r.value, slope: r.slope)
        }
        func sufficientDecrease(_ p: Point) -> Bool { p.value <= value0 + c1 * p.alpha * slope0 }
        func curvature(_ p: Point) -> Bool { abs(p.slope) <= -c2 * slope0 }

        func zoom(_ lo0: Point, _ hi0: Point) -> Outcome {
            var lo = lo0, hi = hi0
            var last = hi0
            while evaluations < maxEvaluations {
                let a = Self.cubicMinimizer(lo, hi)
                let p = evaluate(a)
                last = p
                if !p.value.isFinite || !sufficientDecrease(p) || p.value >= lo.value {
                    hi = p
                } else {
                    if curvature(p) { return .accepted(p) }
                    if p.slope * (hi.alpha - lo.alpha) >= 0 { hi = lo }
                    lo = p
                }
                if abs(hi.alpha - lo.alpha) < 1e-14 * max(1, abs(lo.alpha)) { break }
            }
            return .failed(lastEvaluated: last)
        }

        var previous = origin
        var alpha = min(initialStep, maxStep)
        while evaluations < maxEvaluations {
            let p = evaluate(alpha)
            if !p.value.isFinite || !sufficientDecrease(p) || (evaluations > 1 && p.value >= previous.value) {
                return zoom(previous, p)
            }
            if curvature(p) { return .accepted(p) }
            if p.slope >= 0 { return zoom(p, previous) }
            previous = p
            alpha = min(2 * alpha, maxStep)
        }
        return .failed(lastEvaluated: previous)
    }

    /// Minimiser of the cubic matching value and slope at both ends (N&W eq. 3.59), kept inside the
    /// middle 80% of the interval; bisection when the cubic has no minimiser there or a value is not finite.
    static func cubicMinimizer(_ a: Point, _ b: Point) -> Double {
        let lo = min(a.alpha, b.alpha), hi = max(a.alpha, b.alpha)
        let margin = 0.1 * (hi - lo)
        let mid = 0.5 * (a.alpha + b.alpha)
        guard a.value.isFinite, b.value.isFinite, a.slope.isFinite, b.slope.isFinite else { return mid }
        let d1 = a.slope + b.slope - 3 * (a.value - b.value) / (a.alpha - b.alpha)
        let disc = d1 * d1 - a.slope * b.slope
        guard disc >= 0 else { return mid }
        let d2 = (b.alpha > a.alpha ? 1.0 : -1.0) * disc.squareRoot()
        let denom = b.slope - a.slope + 2 * d2
        guard denom != 0 else { return mid }
        let t = b.alpha - (b.alpha - a.alpha) * (b.slope + d2 - d1) / denom
        guard t.isFinite else { return mid }
        return min(max(t, lo + margin), hi - margin)
    }
}
