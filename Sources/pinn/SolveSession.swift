import ArgumentParser
import Dispatch
import Foundation
import PinnCommandLine
import PinnIO
import PinnNumerics
import PinnResults
import PinnSolve
import PinnTraining

/// What one `pinn solve` run keeps around its training: the result path and its safety checks, the
/// checkpoint beside it, the progress display and JSON log, and the signal flag.
final class SolveSession {
    let problemPath: String
    /// Whether this process writes and reports: the only one, or rank 0 of an MPI job (the other
    /// ranks train alongside it and write nothing).
    let isRoot: Bool
    let resultPath: String
    let checkpoint: TrainingCheckpoint
    let checkpointEvery: Int
    let display: ProgressDisplay
    let log: JSONLinesLog?
    private let start = DispatchTime.now().uptimeNanoseconds
    /// Training seconds of the run before this process (from the checkpoint when resuming).
    private(set) var elapsedBefore = 0.0
    /// Why the finished training a resumed checkpoint holds had stopped early, if it had.
    private(set) var resumedStopReason: String?
    /// Whether the checkpoint holds the complete trained state (saved when training ended, or
    /// resumed from such a checkpoint): what a failure after training leaves to resume from.
    private(set) var holdsTrainedState = false

    var monitors: [TrainingMonitor] { [display] + (log.map { [$0] } ?? []) }

    /// Checks that the run may write `resultPath` (it must not exist unless `force`, and neither it,
    /// its sidecar nor its checkpoint may be a folder or lie under a file or an unwritable folder; a
    /// resume needs its checkpoint), removes temporaries that killed runs left beside it, opens the JSON log and
    /// installs the signal handlers. Everything here happens before training starts.
    init(
        command: SolveCommand, resultPath: String, problemText: String, trainer: String, total: Int,
        isRoot: Bool = true
    ) throws {
        problemPath = command.problem
        self.isRoot = isRoot
        self.resultPath = resultPath
        checkpoint = TrainingCheckpoint(
            path: TrainingCheckpoint.path(forResult: resultPath), problemText: problemText,
            trainer: trainer)
        checkpointEvery = max(0, command.checkpointEvery)
        display =
            isRoot
            ? ProgressDisplay.onStandardError(total: total, every: command.every, quiet: command.quiet)
            : ProgressDisplay(total: total, style: .quiet) { _ in }
        let sidecar = (resultPath as NSString).deletingPathExtension + ".xdmf"
        for path in [resultPath, sidecar, checkpoint.path] {
            if let problem = outputLocationProblem(path) {
                throw CommandFailure(
                    "\(command.problem): \(command.outputSetting): cannot write \(resultPath): \(problem)")
            }
        }
        if FileManager.default.fileExists(atPath: resultPath), !command.force {
            throw CommandFailure(
                "\(resultPath) already exists; pass --force to overwrite it, or --output to write elsewhere")
        }
        if command.resume, !checkpoint.exists {
            throw CommandFailure(CheckpointError.missing(path: checkpoint.path).description)
        }
        InterruptSignals.install()
        guard isRoot else {
            log = nil
            return
        }
        try createParentDirectory(of: resultPath)
        for stale in [resultPath, sidecar, checkpoint.path].flatMap({ AtomicFile.removeStaleTemporaries(for: $0) }) {
            display.note("removed \(stale), left by an earlier run that was killed while writing")
        }
        if !command.resume, checkpoint.exists {
            display.note(
                "note: \(checkpoint.path) holds an interrupted run; starting afresh replaces it "
                    + "(pass --resume to continue that run instead)")
        }
        do {
            log = try command.jsonLog.map { try JSONLinesLog(path: $0, append: command.resume) }
        } catch {
            throw CommandFailure("\(error)")
        }
    }

    /// Loads the checkpoint for a network of `parameterCount` parameters in precision T.
    func loadCheckpoint<T: PinnScalar, Record: CheckpointRecord>(parameterCount: Int, as: T.Type = T.self)
        throws -> (state: TrainingState<T, Record>, elapsedSeconds: Double)
    {
        do {
            let loaded: (state: TrainingState<T, Record>, elapsedSeconds: Double) = try checkpoint.read(
                parameterCount: parameterCount)
            elapsedBefore = loaded.elapsedSeconds
            resumedStopReason = checkpoint.stopReason()
            holdsTrainedState = loaded.state.phase == .finished
            log?.elapsedBefore = loaded.elapsedSeconds
            let steps = loaded.state.history.count
            log?.resumed(atStep: steps, checkpoint: checkpoint.path)
            display.note(
                "resuming from \(checkpoint.path): \(steps) steps taken (\(loaded.state.phase.rawValue)"
                    + (loaded.state.recoveries > 0 ? ", \(loaded.state.recoveries) recoveries" : "") + ")"
                    + (holdsTrainedState ? "; training is finished, so only the steps after it run" : ""))
            return loaded
        } catch {
            throw CommandFailure("\(problemPath): \(error)")
        }
    }

    /// The training control: checkpoints every `checkpointEvery` steps and on a signal, the signal flag,
    /// notes to every monitor.
    func control<T: PinnScalar, Record: CheckpointRecord>() -> TrainingControl<T, Record> {
        let checkpoint = self.checkpoint, monitors = self.monitors, isRoot = self.isRoot
        // Under mpirun every rank must stop at the same step: the ranks agree on the signal at each check.
        let group = processGroup
        var interruption: () -> Int32? = InterruptSignals.received
        if group.size > 1 { interruption = { InterruptSignals.agreed(in: group) } }
        return TrainingControl(
            checkpointEvery: checkpointEvery,
            saveCheckpoint: { [unowned self] state in
                if isRoot { try checkpoint.write(state, elapsedSeconds: elapsedBefore + seconds()) }
            }, interruption: interruption,
            note: { message in
                for monitor in monitors { monitor.note(message) }
            })
    }

    /// Saves the complete trained state when training ends (see `SolvePipeline.saveTrained`). A
    /// checkpoint that cannot be written is a warning: the steps after training go on, and the
    /// result, once written, holds the network. Returns whether it was saved.
    func saveTrained<T: PinnScalar, Record: CheckpointRecord>(_ state: TrainingState<T, Record>, stopReason: String?)
        -> Bool
    {
        guard isRoot else {
            holdsTrainedState = true
            return true
        }
        do {
            try checkpoint.write(state, elapsedSeconds: elapsedBefore + seconds(), stopReason: stopReason)
            holdsTrainedState = true
        } catch {
            holdsTrainedState = false
            for monitor in monitors {
                monitor.note("warning: the trained state could not be saved to \(checkpoint.path): \(error)")
            }
        }
        return holdsTrainedState
    }

    /// A progress callback feeding every monitor.
    func progress<Record>(_ entry: @escaping (Record) -> TrainingLogEntry) -> (Record) -> Bool {
        let monitors = self.monitors
        return { record in
            let e = entry(record)
            for monitor in monitors { monitor.logged(e) }
            return true
        }
    }

    /// Ends the display and log after training (whatever its outcome).
    func finishMonitors() {
        for monitor in monitors { monitor.finish() }
    }

    /// Reports an interruption (the checkpoint is written) and returns the exit status to leave with.
    func interrupted(_ interruption: TrainingInterrupted) -> ExitCode {
        guard isRoot else { return ExitCode(interruption.exitStatus) }
        log?.note("\(interruption); checkpoint written to \(checkpoint.path)")
        finishMonitors()
        printError(
            "\(interruption.description): checkpoint written to \(checkpoint.path); no result was written. "
                + "Continue with: \(resumeCommand)")
        return ExitCode(interruption.exitStatus)
    }

    /// This run's command line with `--resume`: what continues it from the checkpoint.
    var resumeCommand: String {
        var arguments = Array(CommandLine.arguments.dropFirst())
        if !arguments.contains("--resume") { arguments.append("--resume") }
        let launcher = processGroup.size > 1 ? "mpirun -np \(processGroup.size) " : ""
        return launcher + "pinn " + arguments.joined(separator: " ")
    }

    /// What a failure after training leaves to resume from, for its message.
    var trainedStateNote: String {
        holdsTrainedState
            ? "The trained state is kept in \(checkpoint.path): `\(resumeCommand)` writes the result without "
                + "training again."
            : "The trained state could not be kept in \(checkpoint.path) either, so training must be run again."
    }

    /// After the result is written: the checkpoint is no longer needed.
    func completed() {
        if isRoot { checkpoint.remove() }
    }

    /// Seconds since this session started.
    private func seconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9 }
}
