import Foundation

/// A training log with one JSON object per line, written as training goes (each line reaches the file
/// when the step is taken): for every step
///
///     {"step": 12, "phase": "adam", "loss": 0.0123, "residual": …, "boundary": …, "boundary_weight": 100,
///      "learning_rate": 0.001, "elapsed_seconds": 0.84}
///
/// (the terms are the trainer's: residual and boundary for a PDE, condition for a PINN in time), and for
/// events {"event": "resumed", "step": k, …} or {"event": "note", "message": …}. A resumed run appends,
/// so a step can appear twice (before the interruption and after the resume): the later line holds.
public final class JSONLinesLog: TrainingMonitor {
    private let handle: FileHandle
    public let path: String
    private let clock: () -> Double
    private let start: Double
    /// Training seconds before this process (a resumed run's earlier part).
    public var elapsedBefore: Double

    /// Opens `path` (created or truncated; appended to when `append`).
    /// - Throws: `JSONLogError` naming the path when it cannot be opened.
    public init(
        path: String, append: Bool = false, elapsedBefore: Double = 0,
        clock: @escaping () -> Double = ProgressDisplay.uptime
    ) throws(JSONLogError) {
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC)
        let descriptor = open(path, flags, 0o644)
        guard descriptor >= 0 else { throw JSONLogError(path: path, reason: String(cString: strerror(errno))) }
        handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        self.path = path
        self.clock = clock
        self.elapsedBefore = elapsedBefore
        start = clock()
    }

    public func logged(_ entry: TrainingLogEntry) {
        var fields: [(String, String)] = [
            ("step", "\(entry.step)"), ("phase", Self.quote(entry.phase)),
            ("loss", Self.number(entry.loss))
        ]
        for term in entry.terms { fields.append((term.name, Self.number(term.value))) }
        if let weight = entry.weight { fields.append(("boundary_weight", Self.number(weight))) }
        fields.append(("learning_rate", Self.number(entry.learningRate)))
        if let step = entry.gaussNewton {
            fields.append(("damping", Self.number(step.damping)))
            fields.append(("step_length", Self.number(step.stepLength)))
        }
        fields.append(("elapsed_seconds", Self.number(elapsed)))
        writeLine(fields)
    }

    public func note(_ message: String) {
        writeLine([
            ("event", Self.quote("note")), ("message", Self.quote(message)), ("elapsed_seconds", Self.number(elapsed))
        ])
    }

    /// Marks where a resumed run continues.
    public func resumed(atStep step: Int, checkpoint: String) {
        writeLine([
            ("event", Self.quote("resumed")), ("step", "\(step)"), ("checkpoint", Self.quote(checkpoint)),
            ("elapsed_seconds", Self.number(elapsed))
        ])
    }

    public func finish() {
        try? handle.synchronize()
    }

    private var elapsed: Double { elapsedBefore + clock() - start }

    private func writeLine(_ fields: [(String, String)]) {
        let line = "{" + fields.map { "\(Self.quote($0.0)): \($0.1)" }.joined(separator: ", ") + "}\n"
        handle.write(Data(line.utf8))
    }

    /// A JSON number (shortest round-trip form), or null when not finite.
    static func number(_ x: Double) -> String { x.isFinite ? "\(x)" : "null" }

    /// A JSON string literal.
    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// The JSON log could not be opened.
public struct JSONLogError: Error, Equatable, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "cannot open the JSON log \(path): \(reason)" }
}
