/// The collocation polynomials of consecutive accepted Radau IIA steps: z(t) anywhere in the span they
/// cover (order 3, the solver's dense output). Per step: its start, size, end state and the divided
/// differences D₁, D₂, D₃ (`RadauIIA5.divideDifferences`), 4n + 2 numbers.
struct RadauDenseOutput {
    let stateDimension: Int
    private(set) var starts: [Double] = []
    private(set) var sizes: [Double] = []
    /// Step k's end state at `k·n ..< (k + 1)·n`, its D₁, D₂, D₃ at `3k·n ..< 3(k + 1)·n`.
    private var ends: [Double] = []
    private var differences: [Double] = []

    init(stateDimension: Int) {
        self.stateDimension = stateDimension
    }

    var stepCount: Int { starts.count }

    var bytes: Int { MemoryLayout<Double>.stride * (starts.count + sizes.count + ends.count + differences.count) }

    /// Empties the record, keeping its capacity.
    mutating func clear() {
        starts.removeAll(keepingCapacity: true)
        sizes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        differences.removeAll(keepingCapacity: true)
    }

    /// Appends the step the integrator just accepted (call from `onStep`).
    mutating func record(_ step: RadauIntegrator) {
        starts.append(step.lastStepStart)
        sizes.append(step.lastStepSize)
        ends.append(contentsOf: step.y)
        for d in step.differences { differences.append(contentsOf: d) }
    }

    /// z(`time`) from the step that contains it (the first or last step beyond the ends). Steps run
    /// forward in time.
    func value(at time: Double, into out: inout [Double]) {
        let n = stateDimension
        // The last step starting at or before `time`.
        var lo = 0, hi = starts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if starts[mid] <= time { lo = mid } else { hi = mid - 1 }
        }
        let k = lo
        let s = (time - starts[k]) / sizes[k] - 1
        for i in 0..<n {
            let base = 3 * k * n + i
            out[i] =
                ends[k * n + i]
                + RadauIIA5.polynomial(differences[base], differences[base + n], differences[base + 2 * n], s: s)
        }
    }
}
