import PinnIO
import PinnNumerics
import PinnProblems

extension BoundODEProblem {
    /// The observed trajectory: read from the file's observation file (CSV directly, HDF5 through
    /// `readDataset`), or generated from the reference solution started at `initialState`.
    ///
    /// Generated observations: `count` times, equally spaced over the span (both ends included) or
    /// drawn uniformly from it with `seed` and sorted (repeats dropped); the states z(t_i) of the
    /// reference trajectory plus, when `noise` σ > 0, independent N(0, σ²) noise on every component
    /// (drawn after the times, from the same seeded stream).
    public func observations(initialState: [Double], readDataset: ODEProblemFile.DatasetReader? = hdf5DatasetReader)
        throws(ODEPipelineError) -> ObservationTable
    {
        try observations(initialState: initialState, readDataset: readDataset, referenceAt: []).observations
    }

    /// The observations (see `observations(initialState:readDataset:)`) and the reference trajectory at
    /// `times` (non-decreasing, inside the span). Generated observations take their states from the
    /// same reference integration as `times`, so the reference is integrated once.
    public func observations(
        initialState: [Double], readDataset: ODEProblemFile.DatasetReader? = hdf5DatasetReader,
        referenceAt times: [Double]
    )
        throws(ODEPipelineError) -> (observations: ObservationTable, reference: [[Double]])
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
            let reference = times.isEmpty ? [] : try referenceTrajectory(initialState: initialState, at: times)
            return (table, reference)
        case .generate(let g):
            var rng = SeededGenerator(seed: g.seed)
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
            let n = stateCount
            let trajectories = try referenceTrajectory(initialState: initialState, at: [observationTimes, times])
            let states = trajectories[0].map { y in (0..<n).map { y[$0] + (g.noise > 0 ? g.noise * rng.normal() : 0) } }
            do {
                let table = try ObservationTable(
                    stateNames: file.states, times: observationTimes, states: states,
                    file: "generated observations")
                return (table, trajectories[1])
            } catch {
                throw .observations(error)
            }
        }
    }
}

/// Reads a numeric dataset of an HDF5 file as Doubles (shape slowest first, values row-major): the
/// `DatasetReader` that lets PinnProblems read HDF5 observation files through PinnIO. libhdf5 decodes
/// the file in a child process (`DataFileIsolation.standard`), so a damaged file is an error naming it.
public func hdf5DatasetReader(_ path: String, _ dataset: String) throws -> (shape: [Int], values: [Double]) {
    let array = try HDF5File.readDataset(dataset, inFileAt: path)
    return (array.shape, array.values)
}
