import Foundation

extension ODEProblemFile {
    /// Reads, decodes and validates the ODE problem file at `path`. Every failure is a
    /// `ProblemError` whose `file` is the path as given; relative observation files resolve
    /// against the file's directory.
    public static func load(contentsOf path: String) throws(ProblemError) -> ODEProblemFile {
        try decode(ProblemDocument.read(path), file: path)
    }

    /// Decodes and validates an ODE problem from JSON `data`; `file` names it in errors and its
    /// directory becomes `baseDirectory`. An observation file must lie inside the project folder
    /// (see `ProjectPath`).
    public static func decode(_ data: Data, file: String? = nil) throws(ProblemError) -> ODEProblemFile {
        var problem = try ProblemJSON.decode(ODEProblemFile.self, from: data, file: file)
        let directory = file.map { ($0 as NSString).deletingLastPathComponent } ?? ""
        problem.baseDirectory = directory.isEmpty ? nil : directory
        do {
            try problem.checkObservationFile(problemFile: file)
            // Decoding has checked the states, order, names and right-hand sides (at their JSON paths).
            try problem.validateSpanConditionsAndSettings()
        } catch {
            throw error.inFile(file)
        }
        return problem
    }

    /// Checks that an observation file lies inside the project folder of `problemFile`.
    private func checkObservationFile(problemFile: String?) throws(ProblemError) {
        guard case .file(let observations) = observations.source else { return }
        do {
            _ = try ProjectPath.resolve(observations.path, problemFile: problemFile)
        } catch {
            throw ProblemError(
                path: "observations.file",
                message: error.reason == .empty
                    ? error.description
                    : "the observation file \(error.description); keep observations in the project")
        }
    }

    /// Decodes and validates an ODE problem from a JSON string; `file` names it in errors.
    public static func decode(_ json: String, file: String? = nil) throws(ProblemError) -> ODEProblemFile {
        try decode(Data(json.utf8), file: file)
    }

    /// Reads a numeric dataset of an HDF5 file: `(file, dataset)` → its shape (slowest-varying
    /// first) and its values in row-major order. PinnIO provides one; PinnProblems reads no HDF5 itself.
    public typealias DatasetReader = (_ file: String, _ dataset: String) throws -> (shape: [Int], values: [Double])

    /// The observation file's path, resolved against `baseDirectory`; nil for generated observations.
    public var observationFilePath: String? {
        guard case .file(let f) = observations.source else { return nil }
        return f.resolvedPath(relativeTo: baseDirectory)
    }

    /// Reads the observation file, or returns nil when observations are generated. CSV is read
    /// here; HDF5 through `readDataset` (required for .h5 files). Checks that the times increase
    /// and lie in the span and that at least one observation is in the training window.
    /// - Throws: `ObservationError` naming the resolved file.
    public func readObservations(readDataset: DatasetReader? = nil) throws(ObservationError) -> ObservationTable? {
        guard case .file(let spec) = observations.source else { return nil }
        let path = spec.resolvedPath(relativeTo: baseDirectory)
        let range = span.start...span.end
        let table: ObservationTable
        switch spec.format {
        case .csv:
            table = try ObservationTable.readCSV(contentsOf: path, stateNames: states, timeRange: range)
        case .hdf5(let timesName, let statesName):
            guard let readDataset else {
                throw ObservationError(file: path, message: "reading HDF5 observations needs a dataset reader (PinnIO)")
            }
            table = try Self.readHDF5(path, times: timesName, states: statesName, stateNames: states, read: readDataset)
            if let i = table.times.firstIndex(where: { !range.contains($0) }) {
                throw ObservationError(
                    file: path,
                    message: "\(timesName)[\(i)] = \(table.times[i]) is outside the span "
                        + "[\(span.start), \(span.end)]")
            }
        }
        guard let first = table.times.first, first <= trainUntil else {
            throw ObservationError(
                file: path, message: "no observation at or before trainUntil = \(trainUntil): nothing to train on")
        }
        return table
    }

    /// An n-vector of times and an n × (number of states) matrix (or an n-vector for one state).
    private static func readHDF5(
        _ path: String, times timesName: String, states statesName: String, stateNames: [String],
        read: DatasetReader
    ) throws(ObservationError) -> ObservationTable {
        func dataset(_ name: String) throws(ObservationError) -> (shape: [Int], values: [Double]) {
            do {
                return try read(path, name)
            } catch {
                throw ObservationError(file: path, message: "cannot read dataset \(name) (\(error))")
            }
        }
        let times = try dataset(timesName), values = try dataset(statesName)
        guard times.shape.count == 1 else {
            throw ObservationError(
                file: path, message: "\(timesName): expected a 1-D dataset of times, found shape \(times.shape)")
        }
        let n = times.shape[0], m = stateNames.count
        let fits = values.shape == [n, m] || (m == 1 && values.shape == [n])
        guard fits, values.values.count == n * m else {
            throw ObservationError(
                file: path,
                message: "\(statesName): expected shape [\(n), \(m)] (\(n) times × the states "
                    + "\(stateNames.joined(separator: ", "))), found \(values.shape)")
        }
        let rows = (0..<n).map { i in Array(values.values[(i * m)..<((i + 1) * m)]) }
        do {
            return try ObservationTable(stateNames: stateNames, times: times.values, states: rows, file: path)
        } catch {
            throw ObservationError(file: path, message: "\(timesName), \(statesName): \(error.message)")
        }
    }
}
