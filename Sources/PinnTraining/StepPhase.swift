/// The optimiser that took a logged step (the phase of a training record), and its number in a
/// result's /training/phase: 0 Adam, 1 L-BFGS, 2 Gauss–Newton.
public enum StepPhase: String, Codable, Sendable {
    case adam, lbfgs, gaussNewton

    /// The phase's number in /training/phase.
    public var code: Int {
        switch self {
        case .adam: 0
        case .lbfgs: 1
        case .gaussNewton: 2
        }
    }

    /// The phase of a number in /training/phase; nil for a number that names none.
    public init?(code: Int) {
        switch code {
        case 0: self = .adam
        case 1: self = .lbfgs
        case 2: self = .gaussNewton
        default: return nil
        }
    }
}
