import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Training progress on a terminal: a one-line bar redrawn in place (phase, step/total, loss terms,
/// steps/s, ETA) when the stream is a terminal, plain lines every `every` steps otherwise (pipes, CI),
/// or nothing but notes when quiet.
public final class ProgressDisplay: TrainingMonitor {
    public enum Style: Equatable, Sendable {
        /// Redraw one line of at most `columns` characters with a carriage return, at most 10 times a second.
        case bar(columns: Int)
        /// A line every `every` steps and at the last step.
        case lines(every: Int)
        /// Only notes.
        case quiet
    }

    public let style: Style
    /// Steps of the whole run, both phases.
    public let total: Int
    private let write: (String) -> Void
    private let clock: () -> Double
    private var phase = ""
    private var phaseStart = (step: 0, time: 0.0)
    private var lastDraw = -Double.infinity
    private var lastLine = ""

    /// A display writing through `write`; `clock` gives seconds (tests pass their own).
    public init(
        total: Int, style: Style, write: @escaping (String) -> Void,
        clock: @escaping () -> Double = ProgressDisplay.uptime
    ) {
        self.total = total
        self.style = style
        self.write = write
        self.clock = clock
    }

    /// A display on standard error: a bar when it is a terminal (as wide as the terminal), lines
    /// every `every` steps otherwise, notes only when `quiet`.
    public static func onStandardError(total: Int, every: Int, quiet: Bool) -> ProgressDisplay {
        let style: Style =
            quiet
            ? .quiet : isatty(STDERR_FILENO) == 1 ? .bar(columns: terminalColumns()) : .lines(every: max(1, every))
        return ProgressDisplay(total: total, style: style) { text in
            FileHandle.standardError.write(Data(text.utf8))
        }
    }

    public func logged(_ entry: TrainingLogEntry) {
        let now = clock()
        if entry.phase != phase {
            phase = entry.phase
            phaseStart = (entry.step, now)
        }
        let last = entry.step >= total - 1
        switch style {
        case .bar(let columns):
            guard last || now - lastDraw >= 0.1 else { return }
            lastDraw = now
            lastLine = barLine(entry, now: now, columns: columns)
            write("\r" + lastLine + "\u{1B}[K")
        case .lines(let every):
            guard entry.step % every == 0 || last else { return }
            write(plainLine(entry, now: now) + "\n")
        case .quiet:
            break
        }
    }

    public func note(_ message: String) {
        if case .bar = style, !lastLine.isEmpty {
            write("\r\u{1B}[K" + message + "\n" + lastLine + "\u{1B}[K")
        } else {
            write(message + "\n")
        }
    }

    public func finish() {
        if case .bar = style, !lastLine.isEmpty { write("\n") }
        lastLine = ""
    }

    /// "adam  1234/2500 [=====>    ]  49%  loss 1.23e-03  residual …  boundary …  λ 100  812.3 steps/s  ETA 0:12",
    /// at most `columns − 1` characters: the loss terms that do not fit are left out, then the loss.
    func barLine(_ e: TrainingLogEntry, now: Double, columns: Int) -> String {
        let done = min(total, e.step + 1)
        let fraction = total > 0 ? Double(done) / Double(total) : 1
        let width = columns >= 150 ? 20 : 10
        let filled = Int((fraction * Double(width)).rounded(.down))
        let bar =
            String(repeating: "=", count: filled)
            + (filled < width ? ">" + String(repeating: " ", count: width - filled - 1) : "")
        let stepText = String(e.step + 1).leftPadded(to: String(total).count)
        let head =
            "\(e.phase.padding(toLength: 5, withPad: " ", startingAt: 0)) \(stepText)/\(total) [\(bar)] "
            + String(format: "%3.0f%%", fraction * 100)
        let tail = "  " + rateText(e, now: now)
        var middle = ""
        var parts =
            [String(format: "  loss %.3e", e.loss)] + e.terms.map { String(format: "  %@ %.2e", $0.name, $0.value) }
        if let weight = e.weight { parts.append(String(format: "  λ %.3g", weight)) }
        if let step = e.gaussNewton { parts.append("  " + Self.gaussNewtonText(step)) }
        for part in parts {
            guard head.count + middle.count + part.count + tail.count < columns else { break }
            middle += part
        }
        return fit(head + middle + tail, columns: columns)
    }

    /// "adam    100/2500  loss 1.234e-03  residual …  12.3 steps/s  ETA 0:12"
    func plainLine(_ e: TrainingLogEntry, now: Double) -> String {
        let stepText = String(e.step + 1).leftPadded(to: String(total).count)
        return "\(e.phase.padding(toLength: 5, withPad: " ", startingAt: 0)) \(stepText)/\(total)  " + lossText(e)
            + (e.learningRate > 0 ? String(format: "  lr %.2e", e.learningRate) : "") + "  " + rateText(e, now: now)
    }

    private func lossText(_ e: TrainingLogEntry) -> String {
        var text = String(format: "loss %.3e", e.loss)
        for term in e.terms { text += String(format: "  %@ %.3e", term.name, term.value) }
        if let weight = e.weight { text += String(format: "  λ %.3g", weight) }
        if let step = e.gaussNewton { text += "  " + Self.gaussNewtonText(step) }
        return text
    }

    /// "μ 1.0e-06 α 1", "μ 4.0e-06 α 0.25" or "μ 1.6e-05 rejected": the damping the step was computed
    /// with and the step length taken.
    static func gaussNewtonText(_ step: GaussNewtonStep) -> String {
        String(format: "μ %.1e ", step.damping)
            + (step.taken ? String(format: "α %.3g", step.stepLength) : "rejected")
    }

    /// Steps per second over the current phase in this process, and the time left at that rate.
    private func rateText(_ e: TrainingLogEntry, now: Double) -> String {
        let steps = e.step + 1 - phaseStart.step
        let seconds = now - phaseStart.time
        guard steps > 1, seconds > 0 else { return "- steps/s  ETA -" }
        let rate = Double(steps - 1) / seconds
        return String(format: "%.1f steps/s  ETA ", rate) + Self.durationText(Double(max(0, total - e.step - 1)) / rate)
    }

    /// "42s", "3:05", "1:02:03".
    public static func durationText(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "-" }
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s)s" }
        if s < 3600 { return String(format: "%d:%02d", s / 60, s % 60) }
        return String(format: "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
    }

    /// The line cut to `columns − 1` characters (so the terminal never wraps it).
    private func fit(_ line: String, columns: Int) -> String {
        line.count < columns ? line : String(line.prefix(max(1, columns - 1)))
    }

    /// The width of the terminal on standard error (80 when it cannot be asked).
    static func terminalColumns() -> Int {
        var size = winsize()
        if ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return Int(ProcessInfo.processInfo.environment["COLUMNS"] ?? "") ?? 80
    }

    /// Seconds since boot (monotonic).
    public static func uptime() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) * 1e-9
    }
}

extension String {
    /// The string right-aligned in `width` characters.
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
