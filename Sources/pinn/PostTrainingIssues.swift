import ArgumentParser
import PinnCommandLine

/// What went wrong after training in one `pinn solve` run: each issue is printed when it is found
/// (one message naming the problem file and, where a setting is involved, its JSON path), and the
/// run exits with the highest of their statuses once everything that can be written is.
///
/// Statuses: 3 an `expect` bound not met (with --check); 4 training stopped early (the last good
/// result is written, marked stopped_early); 5 a step after training failed (the trained result is
/// written, marked reference_failed, evaluation_failed or netcdf_failed); 6 the result could not be
/// written (the trained state stays in the checkpoint, which `--resume` writes without training).
struct PostTrainingIssues {
    static let expectNotMet: Int32 = 3
    static let stoppedEarly: Int32 = 4
    static let stepFailed: Int32 = 5
    static let notWritten: Int32 = 6

    private(set) var statuses: [Int32] = []

    /// Prints `message` (if any) on standard error and records `status`.
    mutating func add(_ status: Int32, _ message: String?) {
        if let message { printError(message) }
        statuses.append(status)
    }

    /// Exits with the highest status recorded, if any.
    func exitIfAny() throws {
        if let status = statuses.max() { throw ExitCode(status) }
    }
}
