import Foundation

extension ProblemFile {
    /// Reads, decodes and validates the problem file at `path`. Every failure is a `ProblemError`
    /// whose `file` is the path as given and whose `path` is the JSON path.
    public static func load(contentsOf path: String) throws -> ProblemFile {
        let fileName = path
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ProblemError(file: fileName, path: "", message: "cannot read the file (\(error.localizedDescription))")
        }
        return try decode(data, file: fileName)
    }

    /// Decodes and validates a problem from JSON `data`; `file` names it in errors.
    public static func decode(_ data: Data, file: String? = nil) throws(ProblemError) -> ProblemFile {
        let problem: ProblemFile
        do {
            problem = try JSONDecoder().decode(ProblemFile.self, from: data)
        } catch let error as ProblemError {
            throw error.inFile(file)
        } catch let error as DecodingError {
            throw ProblemError.from(error).inFile(file)
        } catch {
            throw ProblemError(file: file, path: "", message: "\(error)")
        }
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
