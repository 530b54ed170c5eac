/// An observed trajectory: states at strictly increasing times, in a fixed order of state names.
///
/// Build one from arrays with `init(stateNames:times:states:)`, from CSV text with
/// `parseCSV(_:stateNames:file:timeRange:)`, or from a problem's observation file with
/// `ODEProblemFile.readObservations(readDataset:)`. Every construction checks that there is one
/// finite state vector of the right length per time and that times increase.
public struct ObservationTable: Sendable, Equatable {
    /// The state names, in the order of each row of `states`.
    public let stateNames: [String]
    /// The observation times, strictly increasing.
    public let times: [Double]
    /// The observed states: `states[i][j]` is state `stateNames[j]` at `times[i]`.
    public let states: [[Double]]

    /// A table from arrays; `file` (or any label) names the source in errors.
    /// - Throws: `ObservationError` when the counts differ, a row has the wrong length, a value is
    ///   not finite or the times do not increase (naming the index).
    public init(stateNames: [String], times: [Double], states: [[Double]], file: String? = nil) throws(ObservationError)
    {
        func fail(_ message: String) -> ObservationError { ObservationError(file: file, message: message) }
        guard times.count == states.count else {
            throw fail("\(times.count) times but \(states.count) state vectors")
        }
        for (i, t) in times.enumerated() {
            guard t.isFinite else { throw fail("time \(i) is \(t), expected a finite number") }
            if i > 0, !(t > times[i - 1]) {
                throw fail("time \(i) (\(t)) is not after time \(i - 1) (\(times[i - 1])); times must increase")
            }
        }
        for (i, row) in states.enumerated() {
            guard row.count == stateNames.count else {
                throw fail(
                    "state vector \(i) has \(row.count) values, expected \(stateNames.count) "
                        + "(\(stateNames.joined(separator: ", ")))")
            }
            if let j = row.firstIndex(where: { !$0.isFinite }) {
                throw fail("state '\(stateNames[j])' at time \(i) is \(row[j]), expected a finite number")
            }
        }
        self.init(unchecked: stateNames, times: times, states: states)
    }

    init(unchecked stateNames: [String], times: [Double], states: [[Double]]) {
        self.stateNames = stateNames
        self.times = times
        self.states = states
    }

    /// The number of observations.
    public var count: Int { times.count }

    /// The observations of one state over time, or nil if there is no such state.
    public func values(of state: String) -> [Double]? {
        stateNames.firstIndex(of: state).map { j in states.map { $0[j] } }
    }

    /// The observations at times ≤ `trainUntil` (for training) and those after it (to test
    /// extrapolation). Either part may be empty.
    public func split(trainUntil: Double) -> (training: ObservationTable, extrapolation: ObservationTable) {
        let cut = times.firstIndex { $0 > trainUntil } ?? times.count
        return (
            ObservationTable(unchecked: stateNames, times: Array(times[..<cut]), states: Array(states[..<cut])),
            ObservationTable(unchecked: stateNames, times: Array(times[cut...]), states: Array(states[cut...]))
        )
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
