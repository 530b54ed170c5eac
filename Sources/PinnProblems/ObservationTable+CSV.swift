import Foundation

extension ObservationTable {
    /// Reads a CSV file of observations; see `parseCSV(_:stateNames:file:timeRange:)`. Errors name
    /// `path` as given.
    public static func readCSV(
        contentsOf path: String, stateNames: [String],
        timeRange: ClosedRange<Double>? = nil, trajectoryCount: Int = 1
    ) throws(ObservationError) -> ObservationTable {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ObservationError(file: path, message: "cannot read the file (\(error.localizedDescription))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ObservationError(file: path, message: "not UTF-8 text")
        }
        return try parseCSV(
            text, stateNames: stateNames, file: path, timeRange: timeRange, trajectoryCount: trajectoryCount)
    }

    /// Parses CSV observations: a header naming `t` and every state of `stateNames` exactly once,
    /// and `trajectory` (required when `trajectoryCount` > 1), in any order, then one row per time.
    /// Fields are separated by commas and may be padded with spaces; blank lines are skipped;
    /// quoting is not supported. Numbers are decimal (`-1.5`, `.5`, `2e-3`); `inf` and hexadecimal
    /// are errors. A state's field may be missing: empty, `nan` or `NA` (any case). `t` must be a
    /// number, increasing within each trajectory and, when `timeRange` is given, inside it;
    /// `trajectory` is the 0-based index of the trajectory's initial state (the rows of one
    /// trajectory need not be adjacent). Every state needs at least one value.
    ///
    /// The table's states are in the order of `stateNames`, whatever the column order.
    /// - Throws: `ObservationError` naming `file`, the 1-based line and, for a bad field, its
    ///   1-based column.
    public static func parseCSV(
        _ text: String, stateNames: [String], file: String? = nil,
        timeRange: ClosedRange<Double>? = nil, trajectoryCount: Int = 1
    ) throws(ObservationError) -> ObservationTable {
        func fail(_ line: Int?, column: Int? = nil, _ message: String) -> ObservationError {
            ObservationError(file: file, line: line, column: column, message: message)
        }
        let body = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        let lines = body.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .enumerated()
            .map {
                (
                    number: $0.offset + 1,
                    fields: $0.element.split(separator: ",", omittingEmptySubsequences: false)
                        .map { $0.trimmingCharacters(in: .whitespaces) }
                )
            }
            .filter { !($0.fields.count == 1 && $0.fields[0].isEmpty) }
        guard let header = lines.first else {
            throw fail(nil, "no header (expected a first line 't,\(stateNames.joined(separator: ","))')")
        }
        let columns = try headerColumns(
            header.fields, line: header.number, stateNames: stateNames, file: file,
            trajectoryCount: trajectoryCount)

        var times: [Double] = [], states: [[Double]] = [], trajectories: [Int] = []
        var previous: [Int: (time: Double, text: String)] = [:]
        for (line, fields) in lines.dropFirst() {
            guard fields.count == header.fields.count else {
                throw fail(
                    line,
                    "expected \(header.fields.count) fields (\(header.fields.joined(separator: ","))), found \(fields.count)"
                )
            }
            func number(_ column: Int, _ name: String) throws(ObservationError) -> Double {
                guard let value = strictNumber(fields[column]) else {
                    throw fail(line, column: column + 1, "expected a number for '\(name)', found '\(fields[column])'")
                }
                return value
            }
            var k = 0
            if let column = columns.trajectory {
                guard let index = Int(fields[column]), (0..<trajectoryCount).contains(index) else {
                    throw fail(
                        line, column: column + 1,
                        "expected a trajectory index from 0 to \(trajectoryCount - 1) (one per initial state), "
                            + "found '\(fields[column])'")
                }
                k = index
            }
            let t = try number(columns.time, "t")
            if let last = previous[k], !(t > last.time) {
                let of = trajectoryCount > 1 ? " of trajectory \(k)" : ""
                throw fail(
                    line, column: columns.time + 1,
                    "t = \(fields[columns.time]) is not after the previous time\(of) "
                        + "\(last.text); times must increase")
            }
            previous[k] = (t, fields[columns.time])
            if let timeRange, !timeRange.contains(t) {
                throw fail(
                    line, column: columns.time + 1,
                    "t = \(fields[columns.time]) is outside the span "
                        + "[\(timeRange.lowerBound), \(timeRange.upperBound)]")
            }
            var row: [Double] = []
            for (name, column) in zip(stateNames, columns.states) {
                row.append(isMissing(fields[column]) ? .nan : try number(column, name))
            }
            times.append(t)
            states.append(row)
            trajectories.append(k)
        }
        guard !times.isEmpty else { throw fail(nil, "no observations after the header") }
        try ObservationTable.checkEveryStateObserved(stateNames: stateNames, states: states, file: file)
        return ObservationTable(
            regrouping: stateNames, times: times, states: states, trajectories: trajectories,
            trajectoryCount: trajectoryCount)
    }

    /// Whether a CSV field marks a missing value: empty, `nan` or `NA`, in any case.
    static func isMissing(_ field: String) -> Bool {
        field.isEmpty || field.lowercased() == "nan" || field.lowercased() == "na"
    }

    /// The column of `t`, of each state (in `stateNames` order) and of `trajectory` (nil when absent)
    /// in a header.
    private static func headerColumns(
        _ fields: [String], line: Int, stateNames: [String], file: String?, trajectoryCount: Int
    ) throws(ObservationError) -> (time: Int, states: [Int], trajectory: Int?) {
        func fail(_ line: Int, _ column: Int?, _ message: String) -> ObservationError {
            ObservationError(file: file, line: line, column: column, message: message)
        }
        let expected = ["t"] + stateNames + ["trajectory"]
        let listing = "t and the states \(stateNames.joined(separator: ", "))"
        if fields.contains(where: { strictNumber($0) != nil }) {
            throw fail(
                line, nil,
                "expected a header naming \(listing) (such as '\(expected.dropLast().joined(separator: ","))'), found numbers"
            )
        }
        var columnOf: [String: Int] = [:]
        for (i, name) in fields.enumerated() {
            guard expected.contains(name) else {
                throw fail(line, i + 1, ProblemFileObject.unknownMessage(name, what: "column", choices: expected))
            }
            if let first = columnOf[name] {
                throw fail(line, i + 1, "column '\(name)' appears twice (also column \(first + 1))")
            }
            columnOf[name] = i
        }
        if let missing = expected.dropLast().first(where: { columnOf[$0] == nil }) {
            throw fail(line, nil, "missing column '\(missing)' (the header must name \(listing))")
        }
        if trajectoryCount > 1, columnOf["trajectory"] == nil {
            throw fail(
                line, nil,
                "missing column 'trajectory' (the problem has \(trajectoryCount) initial states; "
                    + "each row names its trajectory, 0 to \(trajectoryCount - 1))")
        }
        return (columnOf["t"]!, stateNames.map { columnOf[$0]! }, columnOf["trajectory"])
    }

    /// The value of a plain decimal number (`[+-]digits[.digits][e[+-]digits]`, or `.5`), finite;
    /// nil for anything else.
    static func strictNumber(_ text: String) -> Double? {
        var bytes = Substring(text).utf8[...]
        func digits() -> Int {
            let count = bytes.prefix(while: { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }).count
            bytes = bytes.dropFirst(count)
            return count
        }
        if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        var mantissa = digits()
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            mantissa += digits()
        }
        guard mantissa > 0 else { return nil }
        if let e = bytes.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                bytes = bytes.dropFirst()
            }
            guard digits() > 0 else { return nil }
        }
        guard bytes.isEmpty, let value = Double(text), value.isFinite else { return nil }
        return value
    }
}
