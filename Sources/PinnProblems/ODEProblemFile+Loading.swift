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
    /// here; HDF5 and NetCDF through `readDataset` (required for them). Checks that the times increase
    /// within each trajectory and lie in the span, that each row names one of the `trajectoryCount`
    /// trajectories, that every state is observed somewhere and that at least one observation is
    /// in the training window.
    /// - Throws: `ObservationError` naming the resolved file.
    public func readObservations(readDataset: DatasetReader? = nil) throws(ObservationError) -> ObservationTable? {
        guard case .file(let spec) = observations.source else { return nil }
        let path = spec.resolvedPath(relativeTo: baseDirectory)
        let range = span.start...span.end
        let table: ObservationTable
        switch spec.format {
        case .csv:
            table = try ObservationTable.readCSV(
                contentsOf: path, stateNames: states, timeRange: range, trajectoryCount: trajectoryCount)
        case .hdf5(let layout), .netCDF(let layout):
            guard let readDataset else {
                throw ObservationError(
                    file: path, message: "reading HDF5 or NetCDF observations needs a dataset reader (PinnIO)")
            }
            var layout = layout
            if layout.trajectory == nil, trajectoryCount > 1 {
                if case .hdf5 = spec.format {
                    layout.trajectory = "/trajectory"
                } else {
                    layout.trajectory = "trajectory"
                }
            }
            table = try Self.readArrays(
                path, layout: layout, stateNames: states, trajectoryCount: trajectoryCount, timeRange: range,
                read: readDataset)
        }
        guard table.times.contains(where: { $0 <= trainUntil }) else {
            throw ObservationError(
                file: path, message: "no observation at or before trainUntil = \(trainUntil): nothing to train on")
        }
        return table
    }

    /// A table from the arrays of an HDF5 or NetCDF file: n times, the states (an n × (number of
    /// states) matrix, an n-vector for one state, or one n-vector per state) and, when the layout
    /// names one, n trajectory indices (whole numbers).
    private static func readArrays(
        _ path: String, layout: ObservationSettings.File.Layout, stateNames: [String], trajectoryCount: Int,
        timeRange: ClosedRange<Double>, read: DatasetReader
    ) throws(ObservationError) -> ObservationTable {
        func array(_ name: String) throws(ObservationError) -> (shape: [Int], values: [Double]) {
            do {
                return try read(path, name)
            } catch {
                let noun = path.lowercased().hasSuffix(".nc") ? "variable" : "dataset"
                throw ObservationError(file: path, message: "cannot read \(noun) \(name) (\(error))")
            }
        }
        func fail(_ message: String) -> ObservationError { ObservationError(file: path, message: message) }
        let times = try array(layout.times)
        guard times.shape.count == 1 else {
            throw fail("\(layout.times): expected a 1-D array of times, found shape \(times.shape)")
        }
        if let i = times.values.firstIndex(where: { !timeRange.contains($0) }) {
            let value = times.values[i]
            throw fail(
                "\(layout.times)[\(i)] = \(value) is "
                    + (value.isNaN ? "missing; every observation needs its time" : "outside the span ")
                    + (value.isNaN ? "" : "[\(timeRange.lowerBound), \(timeRange.upperBound)]"))
        }
        let n = times.shape[0], m = stateNames.count
        var rows = [[Double]](repeating: [Double](repeating: .nan, count: m), count: n)
        let described: String
        switch layout.states {
        case .matrix(let name):
            let values = try array(name)
            let fits = values.shape == [n, m] || (m == 1 && values.shape == [n])
            guard fits, values.values.count == n * m else {
                throw fail(
                    "\(name): expected shape [\(n), \(m)] (\(n) times × the states "
                        + "\(stateNames.joined(separator: ", "))), found \(values.shape)")
            }
            for i in 0..<n { rows[i] = Array(values.values[(i * m)..<((i + 1) * m)]) }
            described = name
        case .byState(let names):
            var used: [String] = []
            for (j, state) in stateNames.enumerated() {
                let name = names[state] ?? state
                let values = try array(name)
                guard values.shape == [n], values.values.count == n else {
                    throw fail(
                        "\(name) (state '\(state)'): expected \(n) values, one per time in \(layout.times), "
                            + "found shape \(values.shape)")
                }
                for i in 0..<n { rows[i][j] = values.values[i] }
                used.append(name)
            }
            described = used.joined(separator: ", ")
        }
        var trajectories = [Int](repeating: 0, count: n)
        if let name = layout.trajectory {
            let values = try array(name)
            guard values.shape == [n] else {
                throw fail("\(name): expected \(n) trajectory indices, one per time, found shape \(values.shape)")
            }
            for (i, v) in values.values.enumerated() {
                guard v.isFinite, v == v.rounded(), (0..<Double(trajectoryCount)).contains(v) else {
                    throw fail(
                        "\(name)[\(i)] = \(v): expected a trajectory index from 0 to \(trajectoryCount - 1) "
                            + "(one per initial state)")
                }
                trajectories[i] = Int(v)
            }
        }
        do {
            return try ObservationTable(
                stateNames: stateNames, times: times.values, states: rows, trajectories: trajectories,
                trajectoryCount: trajectoryCount, file: path)
        } catch {
            throw fail("\(layout.times), \(described): \(error.message)")
        }
    }
}
