/// A logged step that names the loss the divergence rule watches.
public protocol MonitoredRecord: Sendable {
    /// The loss compared across Adam steps by `DivergenceRule`: one whose scale does not jump when an
    /// adaptive weight changes (for the PDE PINN L_r + L_b, without λ).
    var monitoredLoss: Double { get }
    /// Steps whose losses are comparable share a regime (a Neural ODE's window length, which scales
    /// its loss); the rule compares a step only with the steps since its regime began. 0 by default.
    var monitoredRegime: Int { get }
}

extension MonitoredRecord {
    public var monitoredRegime: Int { 0 }
}

/// The rule that treats a loss blowing up while staying finite like a non-finite one. Adam step n,
/// whose loss is L_n, has diverged when
///
///     L_n > F · min(L_{n−W}, …, L_{n−1})
///
/// over the Adam steps before it in the history (fewer than W at the start; none at step 0, so
/// step 0 never diverges; nor does a window whose smallest loss is 0). F = `factor` (10⁴ by default: four orders of magnitude) and W =
/// `window` (100 steps). The rule reads nothing but the history, so a run resumed from a checkpoint
/// makes the same decisions. Adam's loss is noisy (mini-batches, resampled collocation points), so
/// F sits far above the largest healthy ratio measured on the examples' Adam phases (391 on
/// spiral.json's Neural ODE mini-batches, at most 15.5 on the other five; docs/runs.md); L-BFGS and
/// Gauss–Newton accept only points that lower their loss, so it does not apply to them. A `factor`
/// of infinity turns the rule off.
public struct DivergenceRule: Equatable, Sendable {
    public var factor: Double
    public var window: Int

    public init(factor: Double = 1e4, window: Int = 100) {
        self.factor = factor
        self.window = window
    }

    /// The rule turned off.
    public static let off = DivergenceRule(factor: .infinity, window: 0)

    /// A loss that grew too much: `loss` at Adam step `step`, against `reference`, the smallest loss
    /// of the window, at Adam step `referenceStep`.
    public struct Divergence: Equatable, Sendable {
        public var step: Int
        public var loss: Double
        public var referenceStep: Int
        public var reference: Double

        /// "loss grew from 3.1e-02 to 4.5e+05 within 12 steps (Adam steps 40 to 52)".
        public var description: String {
            let steps = step - referenceStep
            return "loss grew from \(Self.format(reference)) to \(Self.format(loss)) within \(steps) "
                + "step\(steps == 1 ? "" : "s") (Adam steps \(referenceStep) to \(step))"
        }

        static func format(_ value: Double) -> String { String(format: "%.1e", value) }
    }

    /// Whether `loss`, the loss of Adam step `firstStep + losses.count` (whose steps `firstStep`… are
    /// `losses`), diverged. Returns the divergence, or nil.
    public func check(_ loss: Double, after losses: some Collection<Double>, firstStep: Int = 0) -> Divergence? {
        let values = Array(losses)
        return check(loss, count: values.count, firstStep: firstStep) { values[$0] }
    }

    /// `check(_:after:firstStep:)` with the `count` earlier losses given by `lossAt(i)`, i = 0 (the
    /// oldest) … count − 1: no collection is built, so a training step that checks allocates nothing.
    public func check(_ loss: Double, count: Int, firstStep: Int = 0, lossAt: (Int) -> Double) -> Divergence? {
        guard factor.isFinite, window > 0, count > 0 else { return nil }
        var referenceStep = firstStep + count - 1, reference = Double.infinity
        for i in stride(from: count - 1, through: max(0, count - window), by: -1) {
            let value = lossAt(i)
            if value < reference { (reference, referenceStep) = (value, firstStep + i) }
        }
        guard reference > 0, loss > factor * reference else { return nil }
        return Divergence(step: firstStep + count, loss: loss, referenceStep: referenceStep, reference: reference)
    }
}
