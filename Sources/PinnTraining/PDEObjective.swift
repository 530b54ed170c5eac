import PinnNetwork
import PinnNumerics

/// The PDE PINN as a training objective: L = L_r + λ·L_b (+ w·L_d with measurements) of a `PDELoss`
/// on a SIREN, with λ adapted by a `LossWeighting` during the stochastic phase (and frozen after it),
/// and the collocation points resampled every `resampleEvery` Adam steps.
///
/// An inverse problem's unknowns p_j = φ_j(q_j) (`unknownMaps`) are trained with the network: the
/// parameter vector is [θ ; q], so every optimiser phase, checkpoint and rollback carries them, and
/// ∂L/∂q_j = (∂L_r/∂p_j + λ·∂L_b/∂p_j)·φ_j′(q_j) (the q columns of the Gauss–Newton Jacobian likewise).
///
/// The batch is evaluated in blocks (`PDELossBlocks`): a fixed number of them, spread over the
/// processes of `group` and added up in block order, so any number of processes trains to the same bits.
public struct PDEObjective<T: PinnScalar>: TrainingObjective {
    public typealias Record = TrainingRecord
    /// The network; its parameters are the live ones.
    public var network: Siren<T>
    /// The batch current at the state's `samplingStep`, cut into blocks.
    public private(set) var blocks: PDELossBlocks<T>
    /// The batch current at the state's `samplingStep`.
    public var loss: PDELoss<T> { blocks.whole }
    /// The processes the blocks are spread over, and how many blocks a batch is cut into.
    public let group: any ProcessGroup
    public let blockCount: Int
    public var weighting: LossWeighting
    /// Resample the collocation points every this many Adam steps (0: never).
    public var resampleEvery: Int
    /// Draws the batch of a resampling at an Adam step (nil: keep the current one).
    let resample: (Int) -> PDELoss<T>?
    private let initialLoss: PDELoss<T>
    private var lossSamplingStep = 0
    private var residualGradient: [T], boundaryGradient: [T]
    private var terms = LossTerms(residual: .nan, boundary: .nan)
    /// ρ and its Jacobian in the network's precision (for the unknowns' sensitivities).
    private var residualScratch: [T] = [], jacobianScratch: [T] = [], unknownJacobianScratch: [T] = []
    /// ∂ρ/∂θ and ∂ρ/∂p in float64, kept between Gauss–Newton evaluations of an inverse problem.
    private var networkJacobian: [Double] = [], unknownJacobian: [Double] = []
    /// How each unknown follows from its trainable (empty: a forward problem).
    public let unknownMaps: [ParameterMap]
    /// The unknowns' trainables q (the last entries of `parameters`).
    public private(set) var unknownTrainables: [T]
    private var unknownGradient: UnknownGradient

    /// The objective on `network` with the initial batch `loss`; `resample(step)` returns the batch
    /// drawn at that Adam step. Batches are cut into `blockCount` blocks spread over `group`.
    public init(
        network: Siren<T>, loss: PDELoss<T>, weighting: LossWeighting, resampleEvery: Int = 0,
        resample: @escaping (Int) -> PDELoss<T>? = { _ in nil }, unknownMaps: [ParameterMap] = [],
        unknownTrainables: [T] = [], group: any ProcessGroup = SingleProcess.shared,
        blockCount: Int = PDELossBlocks<T>.defaultCount
    ) {
        precondition(unknownMaps.count == unknownTrainables.count, "one trainable per unknown")
        precondition(unknownMaps.count == loss.unknownCount, "the loss has \(loss.unknownCount) unknowns")
        self.network = network
        self.group = group
        self.blockCount = blockCount
        blocks = PDELossBlocks(loss, blocks: blockCount, group: group)
        self.initialLoss = loss
        self.weighting = weighting
        self.resampleEvery = resampleEvery
        self.resample = resample
        self.unknownMaps = unknownMaps
        self.unknownTrainables = unknownTrainables
        unknownGradient = UnknownGradient(count: unknownMaps.count)
        residualGradient = [T](repeating: 0, count: network.parameters.count)
        boundaryGradient = residualGradient
    }

    /// [θ ; q]: the network's parameters, then the unknowns' trainables.
    public var parameters: [T] {
        get { unknownMaps.isEmpty ? network.parameters : network.parameters + unknownTrainables }
        _modify {
            if unknownMaps.isEmpty {
                yield &network.parameters
            } else {
                var all = network.parameters + unknownTrainables
                yield &all
                split(all)
            }
        }
        set {
            if unknownMaps.isEmpty { network.parameters = newValue } else { split(newValue) }
        }
    }

    /// The unknowns' values p = φ(q).
    public var unknownValues: [Double] { Self.values(of: unknownTrainables, maps: unknownMaps) }

    /// p = φ(q) for trainables `q`.
    public static func values(of q: [T], maps: [ParameterMap]) -> [Double] {
        zip(maps, q).map { $0.value(Double($1)) }
    }

    /// Takes `all` = [θ ; q] and sets the loss's coefficients at the new unknowns.
    private mutating func split(_ all: [T]) {
        let count = all.count - unknownMaps.count
        network.parameters.withUnsafeMutableBufferPointer { θ in
            for i in 0..<count { θ[i] = all[i] }
        }
        for j in unknownTrainables.indices { unknownTrainables[j] = all[count + j] }
        blocks.setUnknowns(unknownValues)
    }

    /// Evaluates the loss and its gradients (into `residualGradient`, `boundaryGradient`) at the live
    /// parameters, with the unknowns' derivatives when there are any.
    private mutating func evaluateLoss() -> LossTerms {
        if unknownMaps.isEmpty {
            return blocks.evaluate(network, residualGradient: &residualGradient, boundaryGradient: &boundaryGradient)
        }
        blocks.setUnknowns(unknownValues)
        return blocks.evaluate(
            network, residualGradient: &residualGradient, boundaryGradient: &boundaryGradient,
            unknownGradient: &unknownGradient)
    }

    /// Writes ∂L/∂q = (∂L_r/∂p + λ·∂L_b/∂p)·φ′(q) after the network's entries of `gradient`.
    private func unknownsGradient(into gradient: inout [T], weight lambda: Double) {
        let count = gradient.count - unknownMaps.count
        for (j, map) in unknownMaps.enumerated() {
            let dp = unknownGradient.residual[j] + lambda * unknownGradient.boundary[j]
            gradient[count + j] = T(dp * map.derivative(Double(unknownTrainables[j])))
        }
    }

    public mutating func evaluateStep(_ state: inout TrainingState<T, TrainingRecord>) -> StepEvaluation {
        let step = state.step
        if resampleEvery > 0, step > 0, step % resampleEvery == 0, step != state.samplingStep,
            let fresh = resample(step)
        {
            use(fresh)
            state.samplingStep = step
            lossSamplingStep = step
        }
        if loss.causalWeightsFrozen { blocks.thawCausalWeights() }
        terms = evaluateLoss()
        guard terms.residual.isFinite, terms.boundary.isFinite, terms.data.isFinite, allFinite(residualGradient),
            allFinite(boundaryGradient), unknownGradient.residual.allSatisfy(\.isFinite),
            unknownGradient.boundary.allSatisfy(\.isFinite)
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
        for i in residualGradient.indices { gradient[i] = residualGradient[i] + l * boundaryGradient[i] }
        unknownsGradient(into: &gradient, weight: state.lossWeight)
        return TrainingRecord(
            phase: .adam, step: state.step, terms: terms, boundaryWeight: state.lossWeight,
            learningRate: state.adam.currentRate, unknowns: unknownValues)
    }

    /// Makes `batch` the current one (cut into blocks), with the coefficients at the current unknowns.
    private mutating func use(_ batch: PDELoss<T>) {
        blocks = PDELossBlocks(batch, blocks: blockCount, group: group)
        if !unknownMaps.isEmpty { blocks.setUnknowns(unknownValues) }
    }

    public mutating func restoreBatch(for state: TrainingState<T, TrainingRecord>) {
        guard state.samplingStep != lossSamplingStep else { return }
        if state.samplingStep == 0 {
            use(initialLoss)
        } else if let drawn = resample(state.samplingStep) {
            use(drawn)
        }
        lossSamplingStep = state.samplingStep
    }

    public mutating func loss(at x: [T], gradient: inout [T], frozenAt state: TrainingState<T, TrainingRecord>)
        -> Double
    {
        // L-BFGS minimises one function: the causal weights of its first point (recomputed at every
        // evaluation, the weights moved the objective under the line search: 100 iterations reached a
        // residual 30× higher on heat_1d). A resumed L-BFGS phase freezes them at the resume point.
        if loss.interior.causal != nil, !loss.causalWeightsFrozen {
            parameters = x
            blocks.freezeCausalWeights(network)
        }
        if unknownMaps.isEmpty {
            network.parameters = x
            terms = blocks.evaluate(network, residualGradient: &gradient, boundaryGradient: &boundaryGradient)
            let l = T(state.lossWeight)
            for i in 0..<gradient.count { gradient[i] += l * boundaryGradient[i] }
        } else {
            parameters = x
            terms = evaluateLoss()
            let l = T(state.lossWeight)
            for i in residualGradient.indices { gradient[i] = residualGradient[i] + l * boundaryGradient[i] }
            unknownsGradient(into: &gradient, weight: state.lossWeight)
        }
        return terms.residual + state.lossWeight * terms.boundary + terms.data
    }

    /// ρ = [√w_i·r_i/√N ; √λ·b_j/√N_b] and its Jacobian (`PDELoss.weightedResiduals`), in float64; causal
    /// weights w_i (when set) are frozen at `x`, so each Gauss–Newton step and its line search see one function.
    public mutating func leastSquares(
        at x: [T], residuals: inout [Double], jacobian: inout [Double],
        frozenAt state: TrainingState<T, TrainingRecord>
    ) -> Bool {
        parameters = x
        blocks.freezeCausalWeights(network)
        let (interiorSum, boundarySum, dataSum) =
            unknownMaps.isEmpty
            ? blocks.weightedResiduals(
                network, boundaryWeight: state.lossWeight, residuals: &residuals, jacobian: &jacobian,
                unknownJacobian: &unknownJacobian)
            : blocks.weightedResiduals(
                network, boundaryWeight: state.lossWeight, residuals: &residuals, jacobian: &networkJacobian,
                unknownJacobian: &unknownJacobian)
        if !unknownMaps.isEmpty { appendUnknownColumns(into: &jacobian) }
        terms = LossTerms(
            residual: interiorSum, boundary: state.lossWeight > 0 ? boundarySum / state.lossWeight : 0, data: dataSum)
        return true
    }

    /// The Jacobian of ρ with respect to [θ ; q] in float64, row by row: each row's network entries,
    /// then ∂ρ/∂p_j·φ_j′(q_j).
    private func appendUnknownColumns(into jacobian: inout [Double]) {
        let m = unknownMaps.count, count = network.parameters.count
        let rows = networkJacobian.count / max(1, count), width = count + m
        if jacobian.count != rows * width { jacobian = [Double](repeating: 0, count: rows * width) }
        let chain = unknownMaps.enumerated().map { $1.derivative(Double(unknownTrainables[$0])) }
        jacobian.withUnsafeMutableBufferPointer { out in
            networkJacobian.withUnsafeBufferPointer { θ in
                for r in 0..<rows {
                    for i in 0..<count { out[r * width + i] = θ[r * count + i] }
                    for j in 0..<m { out[r * width + count + j] = unknownJacobian[r * m + j] * chain[j] }
                }
            }
        }
    }

    /// ρ, ∂ρ/∂θ (row by row, `parameterCount` entries a row) and ∂ρ/∂p (m entries a row) in float64
    /// at the live parameters, with the loss weight `lambda`: what the unknowns' standard errors
    /// are computed from (see `UnknownCovariance`).
    public mutating func unknownSensitivities(boundaryWeight lambda: Double) -> (
        residuals: [Double], network: [Double], unknowns: [Double]
    ) {
        blocks.setUnknowns(unknownValues)
        blocks.whole.weightedResiduals(
            network, boundaryWeight: lambda, residuals: &residualScratch, jacobian: &jacobianScratch,
            unknownJacobian: &unknownJacobianScratch)
        return (
            residualScratch.map { Double($0) }, jacobianScratch.map { Double($0) },
            unknownJacobianScratch.map { Double($0) }
        )
    }

    /// ‖ρ‖² = L_r + λ·L_b at `x` from one forward pass (no Jacobian); the record's terms stay those
    /// of the last `leastSquares` evaluation.
    public mutating func sumOfSquares(at x: [T], frozenAt state: TrainingState<T, TrainingRecord>) -> Double? {
        parameters = x
        let t = blocks.evaluate(network)
        return t.residual + state.lossWeight * t.boundary + t.data
    }

    public func deterministicRecord(phase: TrainingPhase, step: Int, state: TrainingState<T, TrainingRecord>)
        -> TrainingRecord
    {
        TrainingRecord(
            phase: phase == .gaussNewton ? .gaussNewton : .lbfgs, step: step, terms: terms,
            boundaryWeight: state.lossWeight, learningRate: 0,
            gaussNewton: phase == .gaussNewton ? state.gaussNewton?.lastStep : nil, unknowns: unknownValues)
    }
}
