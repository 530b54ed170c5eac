/// Observed trajectories: states at increasing times, in a fixed order of state names, for one or
/// several trajectories (each started from one of the problem's initial states), with missing values.
///
/// Rows are grouped by trajectory (0, 1, …, in that order) and each trajectory's times strictly
/// increase; times may be spaced irregularly and differ between trajectories. A missing value of a
/// state is NaN: it is left out of every loss and metric, and the row still counts for the states
/// that are present.
///
/// Build one from arrays with `init(stateNames:times:states:trajectories:trajectoryCount:file:)`, from
/// CSV text with `parseCSV(_:stateNames:file:timeRange:trajectoryCount:)`, or from a problem's
/// observation file with `ODEProblemFile.readObservations(readDataset:)`. Every construction checks
/// that there is one state vector of the right length per time, that values are finite or missing,
/// that every state is observed at least once and that times increase within each trajectory.
public struct ObservationTable: Sendable, Equatable {
    /// The state names, in the order of each row of `states`.
    public let stateNames: [String]
    /// The observation times, strictly increasing within each trajectory.
    public let times: [Double]
    /// The observed states: `states[i][j]` is state `stateNames[j]` at `times[i]`, NaN when missing.
    public let states: [[Double]]
    /// The trajectory of each row (0-based, the index of its initial state), non-decreasing.
    public let trajectories: [Int]
    /// The number of trajectories (some may have no rows after `split`).
    public let trajectoryCount: Int

    /// A table of one trajectory from arrays; `file` (or any label) names the source in errors.
    /// - Throws: `ObservationError` when the counts differ, a row has the wrong length, a value is
    ///   infinite, a state is never observed or the times do not increase (naming the index).
    public init(stateNames: [String], times: [Double], states: [[Double]], file: String? = nil) throws(ObservationError)
    {
        try self.init(
            stateNames: stateNames, times: times, states: states,
            trajectories: [Int](repeating: 0, count: times.count), trajectoryCount: 1, file: file)
    }

    /// A table of `trajectoryCount` trajectories from arrays: row i belongs to trajectory
    /// `trajectories[i]`. Rows are regrouped by trajectory, keeping their order within each.
    /// - Throws: `ObservationError` as the one-trajectory initialiser, and when a trajectory index is
    ///   outside 0 ..< `trajectoryCount`.
    public init(
        stateNames: [String], times: [Double], states: [[Double]], trajectories: [Int], trajectoryCount: Int,
        file: String? = nil
    ) throws(ObservationError) {
        func fail(_ message: String) -> ObservationError { ObservationError(file: file, message: message) }
        guard times.count == states.count else {
            throw fail("\(times.count) times but \(states.count) state vectors")
        }
        guard trajectories.count == times.count else {
            throw fail("\(times.count) times but \(trajectories.count) trajectory indices")
        }
        var previous = [Int: Int]()
        for (i, t) in times.enumerated() {
            guard t.isFinite else { throw fail("time \(i) is \(t), expected a finite number") }
            let k = trajectories[i]
            guard (0..<trajectoryCount).contains(k) else {
                throw fail(
                    "trajectory \(k) at row \(i) is not one of the \(trajectoryCount) initial state"
                        + "\(trajectoryCount == 1 ? "" : "s") (expected 0 to \(trajectoryCount - 1))")
            }
            if let p = previous[k], !(t > times[p]) {
                let of = trajectoryCount > 1 ? " of trajectory \(k)" : ""
                throw fail(
                    "time \(i) (\(t)) is not after time \(p) (\(times[p]))\(of); times must increase")
            }
            previous[k] = i
        }
        for (i, row) in states.enumerated() {
            guard row.count == stateNames.count else {
                throw fail(
                    "state vector \(i) has \(row.count) values, expected \(stateNames.count) "
                        + "(\(stateNames.joined(separator: ", ")))")
            }
            if let j = row.firstIndex(where: { $0.isInfinite }) {
                throw fail(
                    "state '\(stateNames[j])' at time \(i) is \(row[j]), expected a finite number or NaN (missing)")
            }
        }
        try Self.checkEveryStateObserved(stateNames: stateNames, states: states, file: file)
        self.init(
            regrouping: stateNames, times: times, states: states, trajectories: trajectories,
            trajectoryCount: trajectoryCount)
    }

    /// Checked rows, grouped by trajectory (stable: each trajectory keeps its rows' order).
    init(
        regrouping stateNames: [String], times: [Double], states: [[Double]], trajectories: [Int], trajectoryCount: Int
    ) {
        let order = times.indices.sorted { (trajectories[$0], $0) < (trajectories[$1], $1) }
        self.init(
            unchecked: stateNames, times: order.map { times[$0] }, states: order.map { states[$0] },
            trajectories: order.map { trajectories[$0] }, trajectoryCount: trajectoryCount)
    }

    init(
        unchecked stateNames: [String], times: [Double], states: [[Double]], trajectories: [Int]? = nil,
        trajectoryCount: Int = 1
    ) {
        self.stateNames = stateNames
        self.times = times
        self.states = states
        self.trajectories = trajectories ?? [Int](repeating: 0, count: times.count)
        self.trajectoryCount = trajectoryCount
    }

    /// Fails when a state has no value in any row (every entry missing): nothing could fit or scale it.
    static func checkEveryStateObserved(stateNames: [String], states: [[Double]], file: String?)
        throws(ObservationError)
    {
        guard !states.isEmpty else { return }
        for (j, name) in stateNames.enumerated() where states.allSatisfy({ $0[j].isNaN }) {
            throw ObservationError(
                file: file, message: "state '\(name)' has no observed value (every entry is missing)")
        }
    }

    /// The number of observations.
    public var count: Int { times.count }

    /// Whether any value is missing.
    public var hasMissingValues: Bool { states.contains { $0.contains { $0.isNaN } } }

    /// The observations of one state over time (NaN where missing), or nil if there is no such state.
    public func values(of state: String) -> [Double]? {
        stateNames.firstIndex(of: state).map { j in states.map { $0[j] } }
    }

    /// The rows of trajectory `k`.
    public func rows(ofTrajectory k: Int) -> Range<Int> {
        let start = trajectories.firstIndex { $0 >= k } ?? count
        let end = trajectories[start...].firstIndex { $0 > k } ?? count
        return start..<end
    }

    /// The observations of trajectory `k` alone, as a table of one trajectory.
    public func trajectory(_ k: Int) -> ObservationTable {
        let rows = rows(ofTrajectory: k)
        return ObservationTable(unchecked: stateNames, times: Array(times[rows]), states: Array(states[rows]))
    }

    /// The observations at times ≤ `trainUntil` (for training) and those after it (to test
    /// extrapolation), in every trajectory. Either part may be empty.
    public func split(trainUntil: Double) -> (training: ObservationTable, extrapolation: ObservationTable) {
        let early = times.indices.filter { times[$0] <= trainUntil }
        let late = times.indices.filter { times[$0] > trainUntil }
        func part(_ rows: [Int]) -> ObservationTable {
            ObservationTable(
                unchecked: stateNames, times: rows.map { times[$0] }, states: rows.map { states[$0] },
                trajectories: rows.map { trajectories[$0] }, trajectoryCount: trajectoryCount)
        }
        return (part(early), part(late))
    }
}

/// A problem with observation data: which file, where in it (1-based line and column for CSV,
/// when known) and what is wrong. Its description reads
///
///     data/lv.csv: line 4, column 2: expected a number for 'x', found '1.5.2'
public struct ObservationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file (as given), or nil for data not read from a file.
    public var file: String?
    /// The 1-based line, if the error is at one.
    public var line: Int?
    /// The 1-based column (field number in CSV), if the error is at one.
    public var column: Int?
    /// What is wrong and what was expected.
    public var message: String

    public init(file: String? = nil, line: Int? = nil, column: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file: line L, column C: message`, leaving out the parts that are absent.
    public var description: String {
        var parts: [String] = []
        if let file { parts.append(file) }
        switch (line, column) {
        case let (line?, column?): parts.append("line \(line), column \(column)")
        case let (line?, nil): parts.append("line \(line)")
        case let (nil, column?): parts.append("column \(column)")
        case (nil, nil): break
        }
        parts.append(message)
        return parts.joined(separator: ": ")
    }
}
