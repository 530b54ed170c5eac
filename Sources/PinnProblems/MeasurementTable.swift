import Foundation

/// Values of u at points: point j at `points[j·d ..< (j+1)·d]` (the columns of a d × count
/// array, like collocation points), its value `values[j]`.
public struct MeasurementTable: Sendable, Equatable {
    public var dimension: Int
    public var points: [Double]
    public var values: [Double]

    public init(dimension: Int, points: [Double], values: [Double]) {
        precondition(points.count == dimension * values.count, "one point of \(dimension) coordinates per value")
        self.dimension = dimension
        self.points = points
        self.values = values
    }

    public var count: Int { values.count }

    /// The columns of a measurement file in a problem of `dimension` space dimensions.
    public static func columns(dimension: Int) -> [String] { Array(["x", "y", "z"].prefix(dimension)) + ["u"] }

    /// Parses CSV measurements: a header naming every column of `columns(dimension:)` exactly once,
    /// in any order, then one row per point with a finite decimal number in every field (commas,
    /// optional spaces, blank lines skipped, no quoting).
    /// - Throws: `ObservationError` naming `file`, the 1-based line and, for a bad field, its column.
    public static func parseCSV(_ text: String, dimension: Int, file: String? = nil) throws(ObservationError)
        -> MeasurementTable
    {
        func fail(_ line: Int?, column: Int? = nil, _ message: String) -> ObservationError {
            ObservationError(file: file, line: line, column: column, message: message)
        }
        let expected = columns(dimension: dimension)
        let body = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        let lines = body.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated()
            .map { (number: $0.offset + 1, fields: $0.element.split(separator: ",", omittingEmptySubsequences: false)) }
            .map { (number: $0.number, fields: $0.fields.map { $0.trimmingCharacters(in: .whitespaces) }) }
            .filter { !($0.fields.count == 1 && $0.fields[0].isEmpty) }
        guard let header = lines.first else {
            throw fail(nil, "no header (expected a first line '\(expected.joined(separator: ","))')")
        }
        var columnOf: [String: Int] = [:]
        for (i, name) in header.fields.enumerated() {
            guard expected.contains(name) else {
                let message =
                    ObservationTable.strictNumber(name) != nil
                    ? "expected a header naming the columns \(expected.joined(separator: ", ")), found numbers"
                    : ProblemFileObject.unknownMessage(name, what: "column", choices: expected)
                throw fail(header.number, column: i + 1, message)
            }
            if let first = columnOf[name] {
                throw fail(header.number, column: i + 1, "column '\(name)' appears twice (also column \(first + 1))")
            }
            columnOf[name] = i
        }
        if let missing = expected.first(where: { columnOf[$0] == nil }) {
            throw fail(
                header.number,
                "missing column '\(missing)' (a \(dimension)-D problem's measurements need the columns "
                    + "\(expected.joined(separator: ", ")))")
        }
        var points: [Double] = [], values: [Double] = []
        for (line, fields) in lines.dropFirst() {
            guard fields.count == header.fields.count else {
                throw fail(
                    line,
                    "expected \(header.fields.count) fields (\(header.fields.joined(separator: ","))), found \(fields.count)"
                )
            }
            for name in expected {
                let column = columnOf[name] ?? 0
                guard let value = ObservationTable.strictNumber(fields[column]) else {
                    throw fail(line, column: column + 1, "expected a number for '\(name)', found '\(fields[column])'")
                }
                if name == "u" { values.append(value) } else { points.append(value) }
            }
        }
        guard !values.isEmpty else { throw fail(nil, "no measurements after the header") }
        return MeasurementTable(dimension: dimension, points: points, values: values)
    }

    /// Reads the 1-D arrays `datasets[column]` (HDF5 datasets or NetCDF variables) of a file through
    /// `read` (shape and values), one per column of `columns(dimension:)`, all of one length and finite.
    /// - Throws: `ObservationError` naming `path`.
    public static func readColumns(
        _ path: String, datasets: [String: String], dimension: Int, read: ODEProblemFile.DatasetReader
    ) throws(ObservationError) -> MeasurementTable {
        var columns: [[Double]] = []
        for name in Self.columns(dimension: dimension) {
            let dataset = datasets[name] ?? name
            let array: (shape: [Int], values: [Double])
            do {
                array = try read(path, dataset)
            } catch {
                throw ObservationError(
                    file: path, message: "cannot read dataset \(dataset) (column '\(name)'): \(error)")
            }
            guard array.shape.count == 1 else {
                throw ObservationError(
                    file: path,
                    message: "\(dataset) (column '\(name)'): expected a 1-D dataset, found shape \(array.shape)")
            }
            if let first = columns.first, first.count != array.values.count {
                throw ObservationError(
                    file: path,
                    message:
                        "\(dataset) (column '\(name)') has \(array.values.count) values, the other columns \(first.count)"
                )
            }
            if let bad = array.values.firstIndex(where: { !$0.isFinite }) {
                throw ObservationError(
                    file: path, message: "\(dataset) (column '\(name)') is \(array.values[bad]) at index \(bad)")
            }
            columns.append(array.values)
        }
        let count = columns.last?.count ?? 0
        guard count > 0 else { throw ObservationError(file: path, message: "no measurements (the datasets are empty)") }
        var points: [Double] = []
        points.reserveCapacity(dimension * count)
        for j in 0..<count { for axis in 0..<dimension { points.append(columns[axis][j]) } }
        return MeasurementTable(dimension: dimension, points: points, values: columns[dimension])
    }

    /// Reads `file` (CSV directly, HDF5 through `hdf5`, NetCDF through `netCDF`).
    /// - Throws: a `ProblemError` in the problem file at the file's JSON path, its message naming the
    ///   measurement file (and line and column in a CSV file).
    public static func read(
        _ file: MeasurementFile, dimension: Int, hdf5: ODEProblemFile.DatasetReader?,
        netCDF: ODEProblemFile.DatasetReader?
    ) throws(ProblemError) -> MeasurementTable {
        do throws(ObservationError) {
            switch file.format {
            case .csv:
                let data: Data
                do {
                    data = try Data(contentsOf: URL(fileURLWithPath: file.path))
                } catch {
                    throw ObservationError(
                        file: file.written, message: "cannot read the file (\(error.localizedDescription))")
                }
                guard let text = String(data: data, encoding: .utf8) else {
                    throw ObservationError(file: file.written, message: "not UTF-8 text")
                }
                return try parseCSV(text, dimension: dimension, file: file.written)
            case .hdf5(let names), .netCDF(let names):
                let isHDF5 = if case .hdf5 = file.format { true } else { false }
                guard let read = isHDF5 ? hdf5 : netCDF else {
                    throw ObservationError(file: file.written, message: "reading this file needs a reader (PinnIO)")
                }
                do {
                    return try readColumns(file.path, datasets: names, dimension: dimension, read: read)
                } catch {
                    var renamed = error
                    renamed.file = file.written
                    throw renamed
                }
            }
        } catch {
            throw ProblemError(file: file.problemFile, path: file.jsonPath, message: error.description)
        }
    }
}
