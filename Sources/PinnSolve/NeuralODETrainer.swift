import PinnNumerics
import PinnODE
import PinnProblems
import PinnTraining

/// Fits a Neural ODE dz/dt = f_θ(z, t) to observations with Adam, on mini-batches of time windows as in
/// Chen et al.'s spiral demo (NeurIPS 2018).
///
/// With `batchTime` = w ≥ 2, each step draws `batchSize` window starts s uniformly from 0…M − w of the
/// M training observations (t_i, y_i); window s starts from the observed state z(t_s) = y_s and is
/// scored on the next w − 1 observations, L_s = (1/(w − 1)) Σ_{i=s+1}^{s+w−1} ‖z(t_i) − y_i‖². The step
/// minimises the mean of L_s over the windows. With `batchTime` = 0 every step fits the whole training
/// series from the problem's initial state z(t₀): L = (1/M) Σ_i ‖z(t_i) − y_i‖². Gradients are the adjoint
/// method's or backpropagation through the solver steps (PinnODE); windows run concurrently, and their
/// gradients are summed in window order, so results do not depend on the thread count.
public struct NeuralODETrainer: Sendable {
    public var steps: Int
    public var schedule: LearningRateSchedule
    public var batchTime: Int
    public var batchSize: Int
    public var gradient: GradientMethod
    /// Seed of the window draws.
    public var seed: UInt64

    public init(steps: Int, schedule: LearningRateSchedule, batchTime: Int, batchSize: Int,
                gradient: GradientMethod, seed: UInt64) {
        self.steps = steps
        self.schedule = schedule
        self.batchTime = batchTime
        self.batchSize = batchSize
        self.gradient = gradient
        self.seed = seed
    }

    /// The trainer a problem file's settings describe: Adam with cosine decay from the learning rate
    /// to a tenth of it over the steps.
    public init(settings t: ODEProblemFile.TrainingSettings) {
        self.init(steps: t.steps,
                  schedule: .cosine(rate: t.learningRate, floor: t.learningRate / 10, steps: t.steps),
                  batchTime: t.batchTime, batchSize: t.batchSize,
                  gradient: t.gradient == .adjoint ? .adjoint : .backpropagation, seed: t.seed)
    }

    /// Trains `model` on `data` (the training observations) from (`startTime`, `initialState`), calling
    /// `progress` with each step's record (return false to stop). Returns the history.
    /// - Throws: `ODEPipelineError.unsupported` when there are fewer observations than a window needs;
    ///   `.solver` when a solve fails (naming the step).
    public func train(_ model: inout NeuralODE, on data: ObservationTable, startTime: Double, initialState: [Double],
                      progress: (ODETrainingRecord) -> Bool = { _ in true }) throws(ODEPipelineError)
        -> [ODETrainingRecord] {
        let m = data.count
        if batchTime > 0, m < batchTime {
            throw .unsupported(path: "training.batchTime", message: "a window of \(batchTime) observations is longer "
                               + "than the \(m) training observations")
        }
        var rng = SeededGenerator(seed: seed &+ 0x5EED)
        var adam = Adam<Double>(parameterCount: model.network.parameterCount, schedule: schedule)
        var history: [ODETrainingRecord] = []
        var total = [Double](repeating: 0, count: model.network.parameterCount)
        for step in 0..<steps {
            let batch = batchTime == 0
                ? [ObservedTrajectory(startTime: startTime, initialState: initialState, times: data.times, values: data.states)]
                : (0..<batchSize).map { _ in window(startingAt: Int(rng.next() % UInt64(m - batchTime + 1)), of: data) }
            let results = gradients(of: model, on: batch)
            var loss = 0.0
            for i in total.indices { total[i] = 0 }
            for result in results {
                switch result {
                case .success(let g):
                    loss += g.loss
                    for i in total.indices { total[i] += g.parameterGradient[i] }
                case .failure(let error):
                    throw .solver(stage: "training step \(step)", error)
                }
            }
            let scale = 1 / Double(batch.count)
            for i in total.indices { total[i] *= scale }
            let record = ODETrainingRecord(phase: .adam, step: step, loss: loss * scale, learningRate: adam.currentRate)
            history.append(record)
            if !progress(record) { break }
            adam.update(&model.network.parameters, gradient: total)
        }
        return history
    }

    /// The window of `batchTime` observations from index `s`: started at (t_s, y_s), scored on the rest.
    func window(startingAt s: Int, of data: ObservationTable) -> ObservedTrajectory {
        let range = (s + 1)..<(s + batchTime)
        return ObservedTrajectory(startTime: data.times[s], initialState: data.states[s],
                                  times: Array(data.times[range]), values: Array(data.states[range]))
    }

    /// The loss and gradient of each trajectory, computed concurrently, in batch order.
    func gradients(of model: NeuralODE, on batch: [ObservedTrajectory]) -> [Result<NeuralODEGradient, ODEError>] {
        let method = gradient
        var results = [Result<NeuralODEGradient, ODEError>](repeating: .failure(.invalidStepCount(0)), count: batch.count)
        results.withUnsafeMutableBufferPointer { slots in
            nonisolated(unsafe) let slots = slots
            Parallel.forChunks(batch.count, minimumChunk: 1) { range in
                for i in range {
                    do throws(ODEError) {
                        slots[i] = .success(try model.lossAndGradient(for: batch[i], method: method))
                    } catch {
                        slots[i] = .failure(error)
                    }
                }
            }
        }
        return results
    }
}
