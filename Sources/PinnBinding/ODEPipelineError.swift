import PinnODE
import PinnProblems
import PinnTraining

/// Why an ODE solve failed, with the stage it failed in.
public enum ODEPipelineError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The solver failed while computing `stage` ("the reference trajectory", "training step 12", …).
    case solver(stage: String, ODEError)
    /// Shooting for the unknown initial values of a two-point problem did not meet the conditions.
    case shootingFailed(iterations: Int, residual: Double, reason: String)
    /// The observations could not be read or do not fit the problem.
    case observations(ObservationError)
    /// A setting the pipeline cannot honour, at its JSON path.
    case unsupported(path: String, message: String)
    /// A training checkpoint could not be written.
    case checkpoint(String)
    /// A signal stopped training (after the checkpoint was written).
    case interrupted(TrainingInterrupted)

    public var description: String {
        switch self {
        case let .solver(stage, error):
            return "ODE solver failed in \(stage): \(error)"
        case let .shootingFailed(iterations, residual, reason):
            return "shooting for the two-point reference failed after \(iterations) Newton iterations "
                + "(largest condition residual \(residual)): \(reason)"
        case let .observations(error):
            // The JSON path of a file's errors, so that they name the key and the file.
            return (error.file == nil || error.file == "generated observations" ? "observations" : "observations.file")
                + ": \(error)"
        case let .unsupported(path, message):
            return "\(path): \(message)"
        case let .checkpoint(message):
            return "writing the checkpoint failed: \(message)"
        case let .interrupted(interruption):
            return interruption.description
        }
    }
}

extension ODEError {
    /// Runs `body`, turning an `ODEError` into `ODEPipelineError.solver(stage:)`.
    public static func during<R>(_ stage: String, _ body: () throws(ODEError) -> R) throws(ODEPipelineError) -> R {
        do {
            return try body()
        } catch {
            throw .solver(stage: stage, error)
        }
    }
}
