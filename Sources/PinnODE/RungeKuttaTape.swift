/// The accepted steps of a forward Runge–Kutta solve, as backpropagation through the solver needs
/// them: each step's start time, size and the inputs Y₁…Y_s of its s stages (Dormand–Prince's six,
/// RK4's four, Euler's one; Radau IIA's three stage points), plus how many steps had been taken when
/// each observation time was reached.
struct RungeKuttaTape {
    let stateDimension: Int
    let stageCount: Int
    private(set) var starts: [Double] = []
    private(set) var sizes: [Double] = []
    /// Step s, stage i, component j at `(s · stageCount + i) · stateDimension + j`.
    private(set) var stageInputs: [Double] = []
    /// `observationSteps[i]`: steps completed when observation i was reached.
    private(set) var observationSteps: [Int] = []

    init(stateDimension: Int, stageCount: Int) {
        self.stateDimension = stateDimension
        self.stageCount = stageCount
    }

    var stepCount: Int { sizes.count }

    /// Empties the tape for a new solve, keeping its capacity.
    mutating func clear() {
        starts.removeAll(keepingCapacity: true)
        sizes.removeAll(keepingCapacity: true)
        stageInputs.removeAll(keepingCapacity: true)
        observationSteps.removeAll(keepingCapacity: true)
    }

    mutating func record(start: Double, size: Double, stageInputs stages: [[Double]]) {
        starts.append(start)
        sizes.append(size)
        for i in 0..<stageCount { stageInputs.append(contentsOf: stages[i]) }
    }

    mutating func markObservation() { observationSteps.append(sizes.count) }

    /// Y_i of step s, copied into `out`.
    func stageInput(step s: Int, stage i: Int, into out: inout [Double]) {
        let base = (s * stageCount + i) * stateDimension
        for j in 0..<stateDimension { out[j] = stageInputs[base + j] }
    }

    /// Bytes held by the tape's arrays (by their element counts).
    var bytes: Int {
        MemoryLayout<Double>.stride * (starts.count + sizes.count + stageInputs.count)
            + MemoryLayout<Int>.stride * observationSteps.count
    }
}
