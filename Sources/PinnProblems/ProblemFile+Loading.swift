import Foundation

extension ProblemFile {
    /// Reads, decodes and validates the problem file at `path`. Every failure is a `ProblemError`
    /// whose `file` is the path as given and whose `path` is the JSON path.
    public static func load(contentsOf path: String) throws(ProblemError) -> ProblemFile {
        try decode(ProblemDocument.read(path), file: path)
    }

    /// Decodes and validates a problem from JSON `data`; `file` names it in errors.
    public static func decode(_ data: Data, file: String? = nil) throws(ProblemError) -> ProblemFile {
        let problem = try ProblemJSON.decode(ProblemFile.self, from: data, file: file)
        do {
            try problem.validate()
        } catch {
            throw error.inFile(file)
        }
        return problem
    }

    /// Decodes and validates a problem from a JSON string; `file` names it in errors.
    public static func decode(_ json: String, file: String? = nil) throws(ProblemError) -> ProblemFile {
        try decode(Data(json.utf8), file: file)
    }
}
