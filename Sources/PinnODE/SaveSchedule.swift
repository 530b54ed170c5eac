/// The requested save times and the states filled in so far.
struct SaveSchedule {
    let times: [Double]
    let start: Double, end: Double
    let dimension: Int
    private(set) var states: [[Double]] = []

    init(times: [Double], start: Double, end: Double, dimension: Int) {
        self.times = times
        self.start = start
        self.end = end
        self.dimension = dimension
        states.reserveCapacity(times.count)
    }

    /// Every time finite, inside [start, end] (either order) and monotone in the direction of integration.
    func validate() throws(ODEError) {
        let lo = min(start, end), hi = max(start, end)
        let direction: Double = end >= start ? 1 : -1
        for (i, time) in times.enumerated() {
            let inside = time.isFinite && time >= lo && time <= hi
            let ordered = i == 0 || (time - times[i - 1]) * direction >= 0
            guard inside, ordered else { throw .invalidSaveTime(index: i, t: time, start: start, end: end) }
        }
    }

    /// Fills the states of all pending times up to and including `time` (in the direction of
    /// integration); `fill(time, &out)` writes the state at one of them.
    mutating func emit(through time: Double, direction: Double, _ fill: (Double, inout [Double]) -> Void) {
        while states.count < times.count, (times[states.count] - time) * direction <= 0 {
            var out = [Double](repeating: 0, count: dimension)
            fill(times[states.count], &out)
            states.append(out)
        }
    }
}
