import PinnNetwork
import PinnNumerics

/// The PDE PINN as a training objective: L = L_r + λ·L_b of a `PDELoss` on a SIREN, with λ adapted
/// by a `LossWeighting` during the stochastic phase (and frozen after it), and the collocation
/// points resampled every `resampleEvery` Adam steps.
public struct PDEObjective<T: PinnScalar>: TrainingObjective {
    public typealias Record = TrainingRecord
    /// The network; its parameters are the live ones.
    public var network: Siren<T>
    /// The batch current at the state's `samplingStep`.
    public private(set) var loss: PDELoss<T>
    public var weighting: LossWeighting
    /// Resample the collocation points every this many Adam steps (0: never).
    public var resampleEvery: Int
    /// Draws the batch of a resampling at an Adam step (nil: keep the current one).
    let resample: (Int) -> PDELoss<T>?
    private let initialLoss: PDELoss<T>
    private var lossSamplingStep = 0
    private var residualGradient: [T], boundaryGradient: [T]
    private var terms = LossTerms(residual: .nan, boundary: .nan)
    /// ρ and its Jacobian in the network's precision, kept between Gauss–Newton evaluations.
    private var residualScratch: [T] = [], jacobianScratch: [T] = []

    /// The objective on `network` with the initial batch `loss`; `resample(step)` returns the batch
    /// drawn at that Adam step.
    public init(
        network: Siren<T>, loss: PDELoss<T>, weighting: LossWeighting, resampleEvery: Int = 0,
        resample: @escaping (Int) -> PDELoss<T>? = { _ in nil }
    ) {
        self.network = network
        self.loss = loss
        self.initialLoss = loss
        self.weighting = weighting
        self.resampleEvery = resampleEvery
        self.resample = resample
        residualGradient = [T](repeating: 0, count: network.parameters.count)
        boundaryGradient = residualGradient
    }

    public var parameters: [T] {
        get { network.parameters }
        _modify { yield &network.parameters }
        set { network.parameters = newValue }
    }

    public mutating func evaluateStep(_ state: inout TrainingState<T, TrainingRecord>) -> StepEvaluation {
        let step = state.step
        if resampleEvery > 0, step > 0, step % resampleEvery == 0, step != state.samplingStep,
            let fresh = resample(step)
        {
            loss = fresh
            state.samplingStep = step
            lossSamplingStep = step
        }
        terms = loss.evaluate(network, residualGradient: &residualGradient, boundaryGradient: &boundaryGradient)
        guard terms.residual.isFinite, terms.boundary.isFinite, allFinite(residualGradient), allFinite(boundaryGradient)
        else { return .failed(detail: "") }
        return .finite
    }

    /// Updates λ from the two gradients, then steps along ∇L_r + λ∇L_b.
    public mutating func acceptStep(_ state: inout TrainingState<T, TrainingRecord>, gradient: inout [T])
        -> TrainingRecord
    {
        state.lossWeight = weighting.updated(
            state.lossWeight, step: state.step, residualGradient: residualGradient,
            boundaryGradient: boundaryGradient)
        let l = T(state.lossWeight)
        for i in gradient.indices { gradient[i] = residualGradient[i] + l * boundaryGradient[i] }
        return TrainingRecord(
            phase: .adam, step: state.step, terms: terms, boundaryWeight: state.lossWeight,
            learningRate: state.adam.currentRate)
    }

    public mutating func restoreBatch(for state: TrainingState<T, TrainingRecord>) {
        guard state.samplingStep != lossSamplingStep else { return }
        if state.samplingStep == 0 {
            loss = initialLoss
        } else if let drawn = resample(state.samplingStep) {
            loss = drawn
        }
        lossSamplingStep = state.samplingStep
    }

    public mutating func loss(at x: [T], gradient: inout [T], frozenAt state: TrainingState<T, TrainingRecord>)
        -> Double
    {
        network.parameters = x
        terms = loss.evaluate(network, residualGradient: &gradient, boundaryGradient: &boundaryGradient)
        let l = T(state.lossWeight)
        for i in 0..<gradient.count { gradient[i] += l * boundaryGradient[i] }
        return terms.residual + state.lossWeight * terms.boundary
    }

    /// ρ = [r_i/√N ; √λ·b_j/√N_b] and its Jacobian (`PDELoss.weightedResiduals`), in float64.
    public mutating func leastSquares(
        at x: [T], residuals: inout [Double], jacobian: inout [Double],
        frozenAt state: TrainingState<T, TrainingRecord>
    ) -> Bool {
        network.parameters = x
        loss.weightedResiduals(
            network, boundaryWeight: state.lossWeight, residuals: &residualScratch, jacobian: &jacobianScratch)
        Self.promote(&residualScratch, into: &residuals)
        Self.promote(&jacobianScratch, into: &jacobian)
        let n = loss.interior.points.cols
        var interiorSum = 0.0, boundarySum = 0.0
        for (i, r) in residuals.enumerated() {
            if i < n { interiorSum += r * r } else { boundarySum += r * r }
        }
        terms = LossTerms(residual: interiorSum, boundary: state.lossWeight > 0 ? boundarySum / state.lossWeight : 0)
        return true
    }

    /// ‖ρ‖² = L_r + λ·L_b at `x` from one forward pass (no Jacobian); the record's terms stay those
    /// of the last `leastSquares` evaluation.
    public mutating func sumOfSquares(at x: [T], frozenAt state: TrainingState<T, TrainingRecord>) -> Double? {
        network.parameters = x
        let t = loss.evaluate(network)
        return t.residual + state.lossWeight * t.boundary
    }

    /// Hands `values` over in float64: a float64 network's buffer is swapped with `output` (no copy;
    /// `values` gets the caller's old buffer as the next scratch), a float32 one is converted in place.
    private static func promote(_ values: inout [T], into output: inout [Double]) {
        if T.self == Double.self {
            var mine = unsafeBitCast(values, to: [Double].self)
            values = []
            swap(&mine, &output)
            values = unsafeBitCast(mine, to: [T].self)
            return
        }
        if output.count != values.count { output = [Double](repeating: 0, count: values.count) }
        output.withUnsafeMutableBufferPointer { o in
            values.withUnsafeBufferPointer { v in
                v.withMemoryRebound(to: Float.self) { f in
                    for i in 0..<f.count { o[i] = Double(f[i]) }
                }
            }
        }
    }

    public func deterministicRecord(phase: TrainingPhase, step: Int, state: TrainingState<T, TrainingRecord>)
        -> TrainingRecord
    {
        TrainingRecord(
            phase: phase == .gaussNewton ? .gaussNewton : .lbfgs, step: step, terms: terms,
            boundaryWeight: state.lossWeight, learningRate: 0,
            gaussNewton: phase == .gaussNewton ? state.gaussNewton?.lastStep : nil)
    }
}
