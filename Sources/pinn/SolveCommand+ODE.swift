import PinnProblems

extension SolveCommand {
    /// Solves an ODE problem file (Neural ODE or PINN in time).
    func solveODE(_ file: ODEProblemFile) throws {
        throw CommandFailure("\(problem): kind 'ode' is decoded and validated, but its solver is not wired into `pinn solve` yet")
    }
}
