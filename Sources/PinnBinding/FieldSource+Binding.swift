import PinnIO
import PinnNumerics
import PinnProblems

import struct PinnProblems.Expression

extension FieldSource {
    /// The function this source states: the expression bound to `variables` and `parameters`, or
    /// the gridded data read from its file (see `GriddedDataSpec.load`), which must cover `box`.
    /// - Throws: the expression's `ExpressionError`, or a `ProblemError` naming the problem file,
    ///   the JSON path and the data file.
    public func bind(
        variables: [String], parameters: [String: Double],
        covering box: (lower: [Double], upper: [Double])
    ) throws -> any ScalarField {
        switch self {
        case .expression(let expression):
            return try expression.bind(variables: variables, parameters: parameters)
        case .data(let data):
            return try data.load(dimension: variables.count, covering: box)
        }
    }
}

extension GriddedDataSpec {
    /// Reads the variable (NetCDF or HDF5, through PinnIO) and builds its multilinear interpolant
    /// over `dimension` axes (x, y, z), checking that the data's extent covers the box
    /// [lower, upper] (the domain's bounding box), so no point where the field is evaluated lies
    /// outside the data.
    ///
    /// Axes: dimensions named x, y, z (in any order) are those axes; otherwise (and always with
    /// explicit coordinates) the last dimension is x, the one before y, then z.
    /// - Throws: a `ProblemError` in `problemFile` at `<jsonPath>.file` (missing or unreadable file),
    ///   `.variable` (missing variable, with the available ones; wrong rank; NaN, infinite or missing
    ///   values; coordinates from the file that are missing or not monotonic), `.x`/`.y`/`.z` (an explicit
    ///   coordinate variable that is missing, of the wrong length or not monotonic), or `<jsonPath>`
    ///   itself (the data does not cover the domain).
    public func load(dimension: Int, covering box: (lower: [Double], upper: [Double])) throws(ProblemError)
        -> GriddedField
    {
        let axisKeys = ["x", "y", "z"]
        func fail(_ key: String?, _ message: String) -> ProblemError {
            ProblemError(file: problemFile, path: key.map(path) ?? jsonPath, message: message)
        }
        // Explicit coordinates are given x first; the variable's dimensions are stored slowest (z) first.
        let explicit = coordinates.isEmpty ? nil : Array(coordinates.reversed())
        let data: GriddedVariable
        do {
            data =
                switch format {
                case .netCDF: try GriddedVariable.readNetCDF(path, variable: variable, coordinates: explicit)
                case .hdf5: try GriddedVariable.readHDF5(path, dataset: variable, coordinates: explicit)
                }
        } catch {
            var message = error.message
            if let missing = error.missing, let suggestion = NameSuggestion.closest(to: missing, among: error.available)
            {
                message += "; did you mean '\(suggestion)'?"
            }
            switch error.subject {
            case .file: throw fail("file", message)
            case .variable: throw fail("variable", message)
            case .coordinates(let k, let rank):
                throw fail(explicit != nil && rank == dimension ? axisKeys[rank - 1 - k] : "variable", message)
            }
        }
        let names = data.dimensions.map(\.name)
        guard names.count == dimension else {
            throw fail(
                "variable",
                "\(describe(data)) has \(names.count) dimension\(names.count == 1 ? "" : "s") "
                    + "(\(names.joined(separator: ", "))), but the problem is \(dimension)-D (one dimension per axis: "
                    + "\(axisKeys.prefix(dimension).reversed().joined(separator: ", ")))")
        }
        // axisOf[k]: the space axis (0 = x) of stored dimension k.
        let lowered = names.map { $0.lowercased() }
        let byName = explicit == nil && Set(lowered) == Set(axisKeys.prefix(dimension))
        let axisOf = (0..<dimension).map { k in byName ? axisKeys.firstIndex(of: lowered[k])! : dimension - 1 - k }
        var storage = [Int](repeating: 0, count: dimension) // stored dimension of each axis
        for k in 0..<dimension { storage[axisOf[k]] = k }

        let shape = data.shape
        var strides = [Int](repeating: 1, count: dimension)
        for k in stride(from: dimension - 2, through: 0, by: -1) { strides[k] = strides[k + 1] * shape[k + 1] }
        let counts = (0..<dimension).map { shape[storage[$0]] }
        var values = [Double](repeating: 0, count: data.values.count)
        var index = [Int](repeating: 0, count: dimension)
        for target in values.indices {
            var rest = target, offset = 0
            for a in 0..<dimension {
                index[a] = rest % counts[a]
                rest /= counts[a]
                offset += index[a] * strides[storage[a]]
            }
            values[target] = data.values[offset]
        }
        let axes = (0..<dimension).map { data.dimensions[storage[$0]].coordinates }

        let field: GriddedField
        do {
            field = try GriddedField(axes: axes, values: values)
        } catch {
            switch error {
            case .tooFewNodes(let a, _), .nonFiniteNode(let a, _), .notMonotonic(let a, _, _, _):
                let coordinate = data.dimensions[storage[a]].coordinateVariable
                throw fail(
                    explicit != nil ? axisKeys[a] : "variable",
                    "coordinate variable '\(coordinate)' (the \(axisKeys[a]) axis) of \(describe(data)): \(error)")
            case .nonFiniteValue(_, let point, let value):
                let at = point.indices.map { "\(axisKeys[$0]) = \(point[$0])" }.joined(separator: ", ")
                throw fail("variable", "\(describe(data)) is \(value) at \(at); gridded data must be finite everywhere")
            case .rank, .countMismatch:
                throw fail("variable", "\(describe(data)): \(error)")
            }
        }
        guard field.covers(lower: box.lower, upper: box.upper) else {
            func extent(_ lower: [Double], _ upper: [Double]) -> String {
                (0..<dimension).map { "\(axisKeys[$0]) ∈ [\(lower[$0]), \(upper[$0])]" }.joined(separator: ", ")
            }
            throw fail(
                nil,
                "\(describe(data)) covers \(extent(field.lower, field.upper)), which does not contain the "
                    + "domain (its bounding box \(extent(box.lower, box.upper))): the field would be needed outside the data"
            )
        }
        return field
    }

    /// "variable 'f' of Problems/data/f.nc".
    private func describe(_ data: GriddedVariable) -> String {
        "\(format == .netCDF ? "variable" : "dataset") '\(data.variable)' of \(data.file)"
    }
}
