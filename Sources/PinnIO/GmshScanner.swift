/// Whitespace-separated tokens of a Gmsh ASCII file, each with its 1-based line number.
struct GmshScanner {
    let file: String
    private let lines: [Substring]
    /// Index of the next line to split into tokens.
    private var nextLineIndex = 0
    /// Tokens of the current line not yet taken.
    private var pending: ArraySlice<Substring> = []
    /// The current line (1-based); 0 before the first token.
    private(set) var line = 0
    /// The length of the text in bytes: no count can exceed it, since every counted item takes a
    /// token of at least one byte. Checking this keeps a corrupt count from becoming an allocation.
    private let byteCount: Int

    init(text: String, file: String) {
        self.file = file
        byteCount = text.utf8.count
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        self.lines = lines
    }

    /// The line an error at the end of the file is reported at: the last line (at least 1).
    var lastLine: Int { max(lines.count, 1) }

    /// A `GmshError` at the current line.
    func error(_ reason: GmshError.Reason, line: Int? = nil) -> GmshError {
        GmshError(file: file, line: line ?? self.line, reason: reason)
    }

    /// The next token, or nil at the end of the file.
    mutating func nextToken() -> Substring? {
        while pending.isEmpty {
            guard nextLineIndex < lines.count else { return nil }
            pending = lines[nextLineIndex].split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })[...]
            nextLineIndex += 1
            line = nextLineIndex
        }
        return pending.popFirst()
    }

    /// The next token; throws `truncated(expected:)` at the end of the file.
    mutating func token(_ expected: @autoclosure () -> String) throws -> Substring {
        guard let token = nextToken() else { throw error(.truncated(expected: expected()), line: lastLine) }
        return token
    }

    /// The next token as an integer.
    mutating func int(_ what: @autoclosure () -> String) throws -> Int {
        let token = try token(what())
        guard let value = Int(token) else {
            throw error(.malformed("expected \(what()) (an integer), found '\(token)'"))
        }
        return value
    }

    /// The next token as a non-negative integer count, no larger than the file could hold.
    mutating func count(_ what: @autoclosure () -> String) throws -> Int {
        let value = try int(what())
        guard value >= 0 else { throw error(.malformed("expected \(what()) (a count), found \(value)")) }
        guard value <= byteCount else {
            throw error(
                .malformed("\(what()) is \(value), more than a file of \(byteCount) bytes can hold"))
        }
        return value
    }

    /// The next token as a floating-point number.
    mutating func double(_ what: @autoclosure () -> String) throws -> Double {
        let token = try token(what())
        guard let value = Double(token) else {
            throw error(.malformed("expected \(what()) (a number), found '\(token)'"))
        }
        return value
    }

    /// The rest of the current line's tokens joined by single spaces (for quoted names).
    mutating func restOfLine() -> String {
        defer { pending = [] }
        return pending.joined(separator: " ")
    }

    /// Requires the next token to be the section end `$End<name>`.
    mutating func end(_ name: String) throws {
        let token = try token("$End\(name)")
        guard token == "$End\(name)" else {
            throw error(
                .malformed(
                    "expected $End\(name), found '\(token)': the $\(name) section does not have the MSH 4.1 layout"))
        }
    }
}
