import Foundation
import PinnBinding
import PinnProblems
import PinnSolve
import PinnTestSupport

/// The example problem files in Problems/, found from this source file's location.
enum ExampleProblems {
    static let directory = TestPaths.repository.appendingPathComponent("Problems")

    /// Paths of every steady PDE problem (kind poisson or helmholtz) in Problems/, sorted.
    static func paths() throws -> [String] {
        try allPaths().filter { path in
            if case .pde(let file) = try ProblemDocument.load(contentsOf: path, readMesh: readMeshOutline) {
                return !file.kind.isEvolution
            }
            return false
        }
    }

    /// Paths of every heat and wave problem in Problems/, sorted.
    static func evolutionPaths() throws -> [String] {
        try allPaths().filter { path in
            if case .pde(let file) = try ProblemDocument.load(contentsOf: path, readMesh: readMeshOutline) {
                return file.kind.isEvolution
            }
            return false
        }
    }

    /// Paths of every problem (`*.json` but the families) in Problems/, sorted.
    static func allPaths() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".json") }.sorted()
            .map { directory.appendingPathComponent($0).path }
            .filter { !ProblemFamily.isFamily(try Data(contentsOf: URL(fileURLWithPath: $0))) }
    }

    /// Paths of the problem families (`"kind": "family"`) in Problems/, sorted.
    static func familyPaths() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".json") }.sorted()
            .map { directory.appendingPathComponent($0).path }
            .filter { ProblemFamily.isFamily(try Data(contentsOf: URL(fileURLWithPath: $0))) }
    }

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// `file` bound as its exact solution solves it: an inverse problem's unknowns at their true
    /// values (without its measurements), any other problem as it is.
    static func boundAtTrueValues(_ file: ProblemFile) throws -> BoundProblem {
        let truth = file.unknowns.compactMapValues(\.trueValue)
        return truth.isEmpty ? try BoundProblem(file) : try BoundProblem(file, unknownValues: truth)
    }

    /// The PDE problem at `path`, its mesh (if any) read with pinn's reader.
    static func load(_ path: String) throws -> ProblemFile {
        try ProblemFile.load(contentsOf: path, readMesh: readMeshOutline)
    }
}
