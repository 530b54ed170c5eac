import Foundation
import PinnNumerics
import PinnTraining

/// A step of `pinn solve` that runs after training. None of them may cost the trained network: a
/// step that fails leaves the result written and marked, or the trained state in the checkpoint.
public enum PostTrainingStep: String, CaseIterable, Sendable {
    /// The reference solved on the output grid (PDE on an analytic domain).
    case reference
    /// The learned trajectory of an ODE model over the output times.
    case evaluation
    /// The HDF5 result file.
    case hdf5
    /// The XDMF sidecar beside an HDF5 result.
    case xdmf
    /// The NetCDF result file.
    case netcdf
    /// The PNG figures beside the result.
    case plots
}

/// Failures injected into the steps after training, so that tests can check that nothing computed is
/// lost when one of them fails: `PINN_TEST_FAIL_AFTER_TRAINING=reference,netcdf` makes those steps
/// throw `InjectedFailure`. Empty (no step fails) unless that variable is set.
public struct FaultInjection: Equatable, Sendable {
    /// The environment variable naming the steps to fail, separated by commas.
    public static let variable = "PINN_TEST_FAIL_AFTER_TRAINING"

    public var steps: Set<PostTrainingStep>

    public init(_ steps: Set<PostTrainingStep> = []) {
        self.steps = steps
    }

    /// The steps named by `PINN_TEST_FAIL_AFTER_TRAINING` in `environment` (unknown names are ignored).
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment)
        -> FaultInjection
    {
        let names = environment[variable]?.split(separator: ",") ?? []
        return FaultInjection(
            Set(names.compactMap { PostTrainingStep(rawValue: $0.trimmingCharacters(in: .whitespaces)) }))
    }

    /// Throws `InjectedFailure` when `step` is one of the steps to fail.
    public func check(_ step: PostTrainingStep) throws(InjectedFailure) {
        if steps.contains(step) { throw InjectedFailure(step: step) }
    }
}

/// The failure `FaultInjection` injects into a step.
public struct InjectedFailure: Error, Equatable, CustomStringConvertible, Sendable {
    public let step: PostTrainingStep

    public var description: String { "injected failure of the \(step.rawValue) step (\(FaultInjection.variable))" }
}

extension TrainingState {
    /// Marks the state of a run that completed or stopped early `finished` (nothing is left to
    /// train: a resume of it goes straight to the steps after training) and returns how the run
    /// ended. A run resumed from a finished state (`resumedPhase`) that had stopped early
    /// (`stopReason`, from its checkpoint) ends as it did.
    public mutating func finish(
        after outcome: TrainingOutcome, resumedPhase: TrainingPhase?, stopReason: String?
    ) -> TrainingOutcome {
        switch outcome {
        case .completed, .stoppedEarly:
            let alreadyFinished = resumedPhase == .finished
            phase = .finished
            if alreadyFinished, let stopReason { return .stoppedEarly(reason: stopReason) }
            return outcome
        case .interrupted, .stoppedByCallback:
            return outcome
        }
    }
}

extension TrainingOutcome {
    /// Why training stopped early, when it did.
    public var stopReason: String? {
        if case .stoppedEarly(let reason) = self { reason } else { nil }
    }
}
