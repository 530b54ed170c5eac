import Foundation
import XCTest

@testable import PinnProblems

/// Files named in a problem file resolve against its folder and must stay in the project folder
/// (the folder above it), textually and after symbolic links.
final class ProjectPathTests: XCTestCase {
    /// `<tmp>/pinn-project-<uuid>` with Problems/ and Meshes/ inside, and a folder beside it.
    private func project() throws -> (root: URL, outside: URL) {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("pinn-project-\(UUID().uuidString)")
        let root = base.appendingPathComponent("repo"), outside = base.appendingPathComponent("elsewhere")
        for folder in ["Problems/data", "Meshes"] {
            try FileManager.default.createDirectory(
                at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: base) }
        return (root, outside)
    }

    func testPathsInsideTheProjectResolveAgainstTheProblemFolder() throws {
        let (root, _) = try project()
        let problem = root.appendingPathComponent("Problems/p.json").path
        XCTAssertEqual(try ProjectPath.resolve("data/f.nc", problemFile: problem), root.path + "/Problems/data/f.nc")
        XCTAssertEqual(
            try ProjectPath.resolve("../Meshes/m.msh", problemFile: problem), root.path + "/Problems/../Meshes/m.msh")
        XCTAssertEqual(
            try ProjectPath.resolve(root.path + "/Meshes/m.msh", problemFile: problem), root.path + "/Meshes/m.msh")
        // Relative problem paths stay relative (as the user wrote them, for messages).
        XCTAssertEqual(try ProjectPath.resolve("data/f.nc", problemFile: "Problems/p.json"), "Problems/data/f.nc")
        XCTAssertEqual(try ProjectPath.resolve("data/f.nc", problemFile: "p.json"), "data/f.nc")
        XCTAssertEqual(try ProjectPath.resolve("data/f.nc", problemFile: nil), "data/f.nc")
    }

    func testPathsLeavingTheProjectAreRefused() throws {
        let (root, outside) = try project()
        let problem = root.appendingPathComponent("Problems/p.json").path
        for bad in ["../../f.nc", "data/../../../f.nc", outside.path + "/f.nc", "/etc/passwd", "../"] {
            XCTAssertThrowsError(try ProjectPath.resolve(bad, problemFile: problem), bad) { error in
                let e = error as? ProjectPathError
                XCTAssertEqual(e?.reason, .outside, bad)
                XCTAssertEqual(e?.project, root.path, bad)
                XCTAssertTrue("\(error)".contains("outside the project folder \(root.path)"), "\(error)")
            }
        }
        XCTAssertThrowsError(try ProjectPath.resolve("", problemFile: problem)) {
            XCTAssertEqual(($0 as? ProjectPathError)?.reason, .empty)
        }
    }

    func testASymbolicLinkOutOfTheProjectIsRefused() throws {
        let (root, outside) = try project()
        try Data("x".utf8).write(to: outside.appendingPathComponent("secret.nc"))
        try FileManager.default.createSymbolicLink(
            atPath: root.appendingPathComponent("Problems/data/link.nc").path,
            withDestinationPath: outside.appendingPathComponent("secret.nc").path)
        try Data("x".utf8).write(to: root.appendingPathComponent("Meshes/inside.nc"))
        try FileManager.default.createSymbolicLink(
            atPath: root.appendingPathComponent("Problems/data/inside.nc").path,
            withDestinationPath: root.appendingPathComponent("Meshes/inside.nc").path)
        let problem = root.appendingPathComponent("Problems/p.json").path
        XCTAssertThrowsError(try ProjectPath.resolve("data/link.nc", problemFile: problem)) { error in
            XCTAssertTrue("\(error)".contains("secret.nc, outside the project folder"), "\(error)")
        }
        XCTAssertEqual(
            try ProjectPath.resolve("data/inside.nc", problemFile: problem), root.path + "/Problems/data/inside.nc")
    }

    func testObservationFilesKeepToTheProjectToo() throws {
        let (root, _) = try project()
        let json =
            #"{"kind": "ode", "states": ["x"], "rhs": ["-x"], "initial": [1], "span": [0, 1], "observations": {"file": "FILE"}}"#
        let problem = root.appendingPathComponent("Problems/ode.json").path
        XCTAssertNoThrow(
            try ODEProblemFile.decode(json.replacingOccurrences(of: "FILE", with: "data/obs.csv"), file: problem))
        XCTAssertThrowsError(
            try ODEProblemFile.decode(json.replacingOccurrences(of: "FILE", with: "../../obs.csv"), file: problem)
        ) {
            let error = $0 as? ProblemError
            XCTAssertEqual(error?.path, "observations.file")
            XCTAssertEqual(error?.file, problem)
            XCTAssertTrue(
                error?.message.hasPrefix("the observation file '../../obs.csv' resolves to") ?? false, "\($0)")
        }
    }
}
