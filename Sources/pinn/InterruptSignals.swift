import PinnTraining
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The signal that asked the current run to stop (0: none). Set by the handler, read by the training
/// loop between steps.
private let receivedSignal = Atomic<Int32>(0)

/// SIGINT (Ctrl-C) and SIGTERM turned into a flag that training polls between steps, so it can write
/// a checkpoint and exit at a step boundary. The handler only stores the signal number (an atomic
/// store, async-signal-safe) and restores the default action, so a second signal ends the process
/// at once (every file pinn writes is written atomically, so that leaves no half file either).
enum InterruptSignals {
    /// Installs the handlers for SIGINT and SIGTERM.
    static func install() {
        for signal in [SIGINT, SIGTERM] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                receivedSignal.store(number, ordering: .relaxed)
                Glibc.signal(number, SIG_DFL)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(signal, &action, nil)
        }
    }

    /// The signal some rank of `group` received (the first rank's that did), the same on every rank:
    /// a collective call, made by every rank at the same point of training.
    static func agreed(in group: any ProcessGroup) -> Int32? {
        var all: [Double] = []
        group.allGather(
            [Double(received() ?? 0)], counts: [Int](repeating: 1, count: group.size), into: &all)
        return all.first { $0 != 0 }.map { Int32($0) }
    }

    /// The signal received since `install`, if any.
    static func received() -> Int32? {
        let number = receivedSignal.load(ordering: .relaxed)
        return number == 0 ? nil : number
    }
}
