import PinnBinding
import PinnProblems

extension SolvePipeline {
    /// Checks before training what the steps after it need from the problem, so that none of them
    /// fails for a reason known in advance: the reference of an analytic domain can be set up (its
    /// finite-difference problem is built), and a fixed `reference.refinement` keeps its grid within
    /// the reference's node budget. (The finite-element reference of a mesh is solved before
    /// training by `solve()` itself.)
    /// - Throws: `ProblemError` at the JSON path of the setting at fault (without the file name).
    public func checkBeforeTraining() throws {
        guard case .analytic = problem.domain else { return }
        if case .grid(let reference as GridReference) = try output() {
            try reference.checkBudget()
        }
    }
}

extension GridReference {
    /// A fixed refinement whose grid has more nodes than `nodeBudget` is refused at
    /// `reference.refinement` (a chosen one stops at the budget).
    func checkBudget() throws(ProblemError) {
        guard let refinement else { return }
        let points = gridPoints(refinement: refinement)
        let nodes = points.reduce(1, *)
        guard nodes > nodeBudget else { return }
        let output = problem.gridPoints.map(String.init).joined(separator: "×")
        throw ProblemError(
            path: "reference.refinement",
            message: "a reference grid \(refinement) times finer than \(output) has "
                + "\(points.map(String.init).joined(separator: "×")) = \(nodes) nodes, more than the reference's "
                + "budget of \(nodeBudget) in \(points.count)-D; use a smaller refinement, or leave it out for pinn "
                + "to choose one within the budget")
    }
}

extension ODEPipeline {
    /// Checks before training the model settings the pipeline cannot honour (a neuralODE model is not
    /// integrated with auto) and reads the observation file, so that `pinn solve` and
    /// `pinn validate` refuse them before anything is written.
    /// - Throws: `ODEPipelineError.unsupported` at the JSON path of the setting.
    public func checkBeforeTraining() throws(ODEPipelineError) {
        if case .neuralODE(let settings) = file.model { _ = try neuralODE(settings) }
        // Observation files are read now (libhdf5 in a child process), so a damaged or unreadable
        // one is refused before any work.
        if case .file = file.observations.source {
            do { _ = try file.readObservations(readDataset: readDataset) } catch { throw .observations(error) }
        }
    }
}
