#if canImport(Glibc)
    import Glibc
#endif

/// Training stopped at a step boundary because a signal (SIGINT, SIGTERM) asked it to; the
/// checkpoint was written before this was thrown, and no result was.
public struct TrainingInterrupted: Error, Equatable, Sendable, CustomStringConvertible {
    public var signal: Int32
    /// Steps taken (both phases) when it stopped.
    public var stepsTaken: Int

    public init(signal: Int32, stepsTaken: Int) {
        self.signal = signal
        self.stepsTaken = stepsTaken
    }

    /// "SIGINT", "SIGTERM" or "signal N".
    public var signalName: String {
        switch signal {
        case SIGINT: "SIGINT"
        case SIGTERM: "SIGTERM"
        default: "signal \(signal)"
        }
    }

    /// The conventional exit status of a process stopped by the signal: 128 + its number (130, 143).
    public var exitStatus: Int32 { 128 + signal }

    public var description: String { "interrupted by \(signalName) after \(stepsTaken) steps" }
}
