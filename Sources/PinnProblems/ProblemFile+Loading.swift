import Foundation

extension ProblemFile {
    /// Reads, decodes and validates the problem file at `path`. Every failure is a `ProblemError`
    /// whose `file` is the path as given and whose `path` is the JSON path. A mesh domain is read
    /// with `readMesh` (see `decode(_:file:readMesh:)`).
    public static func load(contentsOf path: String, readMesh: MeshReader? = nil) throws(ProblemError) -> ProblemFile {
        try decode(ProblemDocument.read(path), file: path, readMesh: readMesh)
    }

    /// Decodes and validates a problem from JSON `data`; `file` names it in errors. A mesh domain's
    /// file resolves against `file`'s folder, must lie inside the project folder (see
    /// `MeshDomainSpec`) and is outlined by `readMesh`; the problem's dimension is the mesh's.
    public static func decode(_ data: Data, file: String? = nil, readMesh: MeshReader? = nil) throws(ProblemError)
        -> ProblemFile
    {
        var problem = try ProblemJSON.decode(ProblemFile.self, from: data, file: file)
        do {
            if case .mesh(var mesh) = problem.domain {
                try mesh.load(problemFile: file, readMesh: readMesh)
                problem.domain = .mesh(mesh)
                if problem.dimension == 0 { problem.dimension = problem.domain.dimension }
                if problem.reference.grid.isEmpty {
                    problem.reference = ReferenceSettings(dimension: problem.dimension)
                }
            }
            try problem.validate()
        } catch {
            throw error.inFile(file)
        }
        return problem
    }

    /// Decodes and validates a problem from a JSON string; `file` names it in errors.
    public static func decode(_ json: String, file: String? = nil, readMesh: MeshReader? = nil) throws(ProblemError)
        -> ProblemFile
    {
        try decode(Data(json.utf8), file: file, readMesh: readMesh)
    }
}
