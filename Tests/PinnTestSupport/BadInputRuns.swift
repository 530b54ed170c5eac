import Foundation

/// Runs the built `pinn` on problem files with one mistake each and says how each run fell short of
/// the rule for bad input: exit status 1, one line on standard error naming the problem file and the
/// JSON path (and holding the expected phrases), nothing on standard output, nothing written.
public enum BadInputRuns {
    /// One problem file with one mistake.
    public struct Mistake: Sendable {
        public var what: String
        public var json: String
        /// The JSON path the error must name.
        public var path: String
        public var phrases: [String]

        public init(_ what: String, _ json: String, _ path: String, _ phrases: [String]) {
            self.what = what
            self.json = json
            self.path = path
            self.phrases = phrases
        }
    }

    /// Writes `valid` to `problem` (in `directory`), checks that `pinn validate` accepts it, then runs
    /// `pinn solve` on each mistake in its place. Returns one message per shortfall (empty: all good).
    public static func shortfalls(
        of mistakes: [Mistake], valid: String, problem: String, directory: String
    ) throws -> [String] {
        try Data(valid.utf8).write(to: URL(fileURLWithPath: problem))
        let before = try FileManager.default.subpathsOfDirectory(atPath: directory).sorted()
        var shortfalls: [String] = []
        let ok = try ProcessRun.run(TestPaths.pinn, ["validate", problem])
        if ok.status != 0 { shortfalls.append("the valid file is refused: \(ok.stderr)") }
        for mistake in mistakes {
            let what = mistake.what
            if mistake.json == valid { shortfalls.append("the mistake '\(what)' did not change the file") }
            try Data(mistake.json.utf8).write(to: URL(fileURLWithPath: problem))
            let output = (directory as NSString).appendingPathComponent("out/result.h5")
            let result = try ProcessRun.run(TestPaths.pinn, ["solve", problem, "--output", output])
            let lines = result.stderr.split(separator: "\n")
            if result.status != 1 { shortfalls.append("\(what): status \(result.status): \(result.stderr)") }
            if lines.count != 1 { shortfalls.append("\(what): \(lines.count) lines: \(result.stderr)") }
            if !(lines.first?.contains("\(problem): \(mistake.path): ") ?? false) {
                shortfalls.append("\(what): does not name \(mistake.path): \(result.stderr)")
            }
            for phrase in mistake.phrases where !result.stderr.contains(phrase) {
                shortfalls.append("\(what): lacks '\(phrase)': \(result.stderr)")
            }
            if !result.stdout.isEmpty { shortfalls.append("\(what): printed \(result.stdout)") }
            let after = try FileManager.default.subpathsOfDirectory(atPath: directory).sorted()
            if after != before { shortfalls.append("\(what) left files behind") }
        }
        return shortfalls
    }
}
