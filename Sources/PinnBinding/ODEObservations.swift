import PinnIO
import PinnNumerics
import PinnProblems

extension BoundODEProblem {
    /// The observed trajectories: read from the file's observation file (CSV directly, HDF5 and
    /// NetCDF through `readDataset`), or generated from the reference solutions started at
    /// `initialStates` (one trajectory each).
    ///
    /// Generated observations, for each trajectory in turn: `count` times, equally spaced over the
    /// span (both ends included) or drawn uniformly from it with `seed` and sorted (repeats dropped);
    /// the states z(t_i) of the reference trajectory plus, when `noise` σ > 0, independent N(0, σ²)
    /// noise on every component (drawn after the times, from the same seeded stream, which runs on
    /// from one trajectory to the next).
    public func observations(
        initialStates: [[Double]], readDataset: ODEProblemFile.DatasetReader? = dataFileArrayReader
    )
        throws(ODEPipelineError) -> ObservationTable
    {
        try observations(initialStates: initialStates, readDataset: readDataset, referenceAt: []).observations
    }

    /// The observations (see `observations(initialStates:readDataset:)`) and each trajectory's
    /// reference at `times` (non-decreasing, inside the span). Generated observations take their
    /// states from the same reference integration as `times`, so each trajectory is integrated once.
    public func observations(
        initialStates: [[Double]], readDataset: ODEProblemFile.DatasetReader? = dataFileArrayReader,
        referenceAt times: [Double]
    )
        throws(ODEPipelineError) -> (observations: ObservationTable, references: [[[Double]]])
    {
        switch file.observations.source {
        case .file:
            let table: ObservationTable
            do {
                guard let read = try file.readObservations(readDataset: readDataset) else {
                    preconditionFailure("a file source always yields a table")
                }
                table = read
            } catch {
                throw .observations(error)
            }
            var references: [[[Double]]] = []
            for initialState in initialStates {
                references.append(times.isEmpty ? [] : try referenceTrajectory(initialState: initialState, at: times))
            }
            return (table, references)
        case .generate(let g):
            var rng = SeededGenerator(seed: g.seed)
            let n = stateCount
            var allTimes: [Double] = [], allStates: [[Double]] = [], trajectories: [Int] = []
            var references: [[[Double]]] = []
            for (k, initialState) in initialStates.enumerated() {
                let observationTimes: [Double]
                switch g.times {
                case .uniform:
                    observationTimes = uniformTimes(count: g.count)
                case .random:
                    let t0 = file.span.start, t1 = file.span.end
                    let drawn = (0..<g.count).map { _ in rng.uniform(t0, t1) }.sorted()
                    observationTimes = drawn.enumerated()
                        .filter { $0.offset == 0 || $0.element > drawn[$0.offset - 1] }.map(\.element)
                }
                let solved = try referenceTrajectory(initialState: initialState, at: [observationTimes, times])
                allTimes += observationTimes
                allStates += solved[0].map { y in (0..<n).map { y[$0] + (g.noise > 0 ? g.noise * rng.normal() : 0) } }
                trajectories += [Int](repeating: k, count: observationTimes.count)
                references.append(solved[1])
            }
            do {
                let table = try ObservationTable(
                    stateNames: file.states, times: allTimes, states: allStates, trajectories: trajectories,
                    trajectoryCount: initialStates.count, file: "generated observations")
                return (table, references)
            } catch {
                throw .observations(error)
            }
        }
    }
}

/// Reads a numeric array of an HDF5 file (a dataset by path) or a NetCDF file (`.nc`: a variable of
/// the root group, missing values NaN) as Doubles (shape slowest first, values row-major): the
/// `DatasetReader` that lets PinnProblems read observation files through PinnIO. The library decodes
/// the file in a child process (`DataFileIsolation.standard`), so a damaged file is an error naming it.
public func dataFileArrayReader(_ path: String, _ name: String) throws -> (shape: [Int], values: [Double]) {
    let array =
        path.lowercased().hasSuffix(".nc")
        ? try NetCDFFile.readVariable(name, inFileAt: path) : try HDF5File.readDataset(name, inFileAt: path)
    return (array.shape, array.values)
}
