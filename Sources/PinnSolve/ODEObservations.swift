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
        throws(ODEPipelineError) -> ObservationTable {
        switch file.observations.source {
        case .file:
            do {
                guard let table = try file.readObservations(readDataset: readDataset) else {
                    preconditionFailure("a file source always yields a table")
                }
                return table
            } catch {
                throw .observations(error)
            }
        case .generate(let g):
            var rng = SeededGenerator(seed: g.seed)
            var times: [Double]
            switch g.times {
            case .uniform:
                times = uniformTimes(count: g.count)
            case .random:
                let t0 = file.span.start, t1 = file.span.end
                let drawn = (0..<g.count).map { _ in rng.uniform(t0, t1) }.sorted()
                times = drawn.enumerated().filter { $0.offset == 0 || $0.element > drawn[$0.offset - 1] }.map(\.element)
            }
            let n = stateCount
            let reference = try referenceTrajectory(initialState: initialState, at: times)
            let states = reference.map { y in (0..<n).map { y[$0] + (g.noise > 0 ? g.noise * rng.normal() : 0) } }
            do {
                return try ObservationTable(stateNames: file.states, times: times, states: states,
                                            file: "generated observations")
            } catch {
                throw .observations(error)
            }
        }
    }
}

/// Reads a numeric dataset of an HDF5 file as Doubles (shape slowest first, values row-major): the
/// `DatasetReader` that lets PinnProblems read HDF5 observation files through PinnIO.
public func hdf5DatasetReader(_ path: String, _ dataset: String) throws -> (shape: [Int], values: [Double]) {
    let file = try HDF5File.openReadOnly(at: path)
    let array = try file.readDataset(dataset, as: Double.self)
    return (array.shape, array.values)
}
