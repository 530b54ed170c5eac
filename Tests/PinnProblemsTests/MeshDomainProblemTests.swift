import Foundation
import XCTest

@testable import PinnProblems

/// Problem files whose domain is a mesh: the path rule (inside the folder that contains the
/// problem file's folder, after symbolic links and `..`), and the checks of the boundary
/// conditions against the mesh's physical groups. A stub reader stands in for PinnSolve's Gmsh
/// reader, so every outline here is stated by the test.
final class MeshDomainProblemTests: XCTestCase {
    var root: URL!

    /// <tmp>/project/Problems/, <tmp>/project/Meshes/annulus.msh and <tmp>/outside.msh.
    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("pinn-meshspec-\(UUID().uuidString)")
        for folder in ["project/Problems", "project/Meshes"] {
            try FileManager.default.createDirectory(
                at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        for file in ["project/Meshes/annulus.msh", "outside.msh"] {
            try Data("stub".utf8).write(to: root.appendingPathComponent(file))
        }
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: root)
    }

    /// An annulus: facet groups outer and inner on the boundary, an interface "cut", a surface "domain".
    let annulus = MeshOutline(
        dimension: 2,
        groups: [
            .init(name: "outer", dimension: 1), .init(name: "inner", dimension: 1),
            .init(name: "cut", dimension: 1), .init(name: "domain", dimension: 2)
        ],
        boundaryGroups: ["inner", "outer"], unnamedBoundaryFaces: 0)

    var problemPath: String { root.appendingPathComponent("project/Problems/p.json").path }

    func json(
        file: String = "../Meshes/annulus.msh", on parts: [String] = ["outer", "inner"], extra: String = "",
        domainExtra: String = ""
    ) -> String {
        let conditions = parts.map { #"{"on": "\#($0)", "value": "0"}"# }.joined(separator: ", ")
        return
            #"{"kind": "poisson", "source": "x*y", \#(extra) "domain": {"type": "mesh", "file": "\#(file)"\#(domainExtra)}, "boundary": [\#(conditions)]}"#
    }

    func decode(_ text: String, outline: MeshOutline? = nil) throws -> ProblemFile {
        let outline = outline ?? annulus
        return try ProblemFile.decode(text, file: problemPath, readMesh: { _, _ in outline })
    }

    func error(_ text: String, outline: MeshOutline? = nil, file: StaticString = #filePath, line: UInt = #line)
        -> ProblemError?
    {
        do {
            _ = try decode(text, outline: outline)
            XCTFail("expected an error", file: file, line: line)
        } catch let error as ProblemError {
            return error
        } catch {
            XCTFail("expected a ProblemError, got \(error)", file: file, line: line)
        }
        return nil
    }

    func testAMeshInASiblingFolderIsReadWithItsDimensionAndGroups() throws {
        var seen: (String, String?)?
        let problem = try ProblemFile.decode(
            json(domainExtra: #", "subdomain": "domain""#), file: problemPath,
            readMesh: { path, subdomain in
                seen = (path, subdomain); return self.annulus
            })
        let real = try XCTUnwrap(
            MeshDomainSpec.realPath(root.appendingPathComponent("project/Meshes/annulus.msh").path))
        XCTAssertEqual(seen?.0, real)
        XCTAssertEqual(seen?.1, "domain")
        XCTAssertEqual(problem.dimension, 2)
        XCTAssertEqual(problem.variables, ["x", "y"])
        XCTAssertEqual(problem.reference.grid, [129, 129])
        guard case .mesh(let spec) = problem.domain else { return XCTFail("not a mesh domain") }
        XCTAssertEqual(spec.file, "../Meshes/annulus.msh")
        XCTAssertEqual(spec.path, real)
        XCTAssertEqual(spec.outline, annulus)
        XCTAssertEqual(problem.boundary.map(\.on), [.group("outer"), .group("inner")])
    }

    /// A result on mesh nodes is written as HDF5: a NetCDF output path is refused before training.
    func testANetCDFOutputPathIsRefusedOnAMesh() throws {
        let refused = error(json(extra: #""output": {"path": "Outputs/m.nc"},"#))
        XCTAssertEqual(refused?.path, "output.path")
        XCTAssertTrue(
            refused?.message.contains("netCDF output is for gridded results") ?? false, "\(String(describing: refused))"
        )
        XCTAssertNoThrow(try decode(json(extra: #""output": {"path": "Outputs/m.h5"},"#)))
    }

    func testTheDimensionIsTheMeshs() throws {
        let cube = MeshOutline(
            dimension: 3, groups: [.init(name: "sides", dimension: 2)], boundaryGroups: ["sides"],
            unnamedBoundaryFaces: 0)
        let problem = try decode(json(on: ["sides"]).replacingOccurrences(of: "x*y", with: "x*y*z"), outline: cube)
        XCTAssertEqual(problem.dimension, 3)
        XCTAssertEqual(problem.reference.grid, [33, 33, 33])
        // z is not a variable of a 2-D mesh; a stated dimension must match the mesh's.
        XCTAssertEqual(error(json().replacingOccurrences(of: "x*y", with: "x*z"))?.path, "source")
        let stated = error(json(extra: #""dimension": 3,"#))
        XCTAssertEqual(stated?.path, "dimension")
        XCTAssertTrue(stated?.message.contains("mesh domain, which is 2-D") ?? false, "\(String(describing: stated))")
    }

    func testPathsOutsideTheProjectFolderAreRefused() throws {
        let up = error(json(file: "../../outside.msh"))
        XCTAssertEqual(up?.path, "domain.file")
        XCTAssertEqual(up?.file, problemPath)
        XCTAssertTrue(up?.message.contains("outside the project folder") ?? false, "\(String(describing: up))")
        let absolute = error(json(file: root.appendingPathComponent("outside.msh").path))
        XCTAssertTrue(
            absolute?.message.contains("outside the project folder") ?? false, "\(String(describing: absolute))")
        // A symbolic link inside the project that points outside it is resolved, and refused.
        try FileManager.default.createSymbolicLink(
            at: root.appendingPathComponent("project/Meshes/link.msh"),
            withDestinationURL: root.appendingPathComponent("outside.msh"))
        let link = error(json(file: "../Meshes/link.msh"))
        XCTAssertTrue(link?.message.contains("outside the project folder") ?? false, "\(String(describing: link))")
        // `..` that stays inside is fine, and so is the problem file's own folder.
        XCTAssertNoThrow(try decode(json(file: "../Problems/../Meshes/annulus.msh")))
        try Data("stub".utf8).write(to: root.appendingPathComponent("project/Problems/here.msh"))
        XCTAssertNoThrow(try decode(json(file: "here.msh")))
        let missing = error(json(file: "../Meshes/nothing.msh"))
        XCTAssertEqual(missing?.path, "domain.file")
        XCTAssertTrue(missing?.message.contains("cannot read the mesh file") ?? false, "\(String(describing: missing))")
    }

    func testAnUnknownGroupNamesTheGroupTheAvailableOnesTheMeshAndThePath() {
        let e = error(json(on: ["outer", "innr"]))
        XCTAssertEqual(
            e?.description,
            "\(problemPath): boundary[1].on: mesh ../Meshes/annulus.msh has no physical group 'innr' "
                + "(its boundary groups: inner, outer; did you mean 'inner'?)")
        let interface = error(json(on: ["all", "cut"]))
        XCTAssertEqual(interface?.path, "boundary[1].on")
        XCTAssertTrue(
            interface?.message.contains("does not lie on the boundary") ?? false, "\(String(describing: interface))")
        let surface = error(json(on: ["all", "domain"]))
        XCTAssertTrue(
            surface?.message.contains("has dimension 2, but boundary conditions need facets of dimension 1") ?? false,
            "\(String(describing: surface))")
    }

    func testEveryBoundaryGroupNeedsAConditionUnlessOneIsOnAll() throws {
        let e = error(json(on: ["outer"]))
        XCTAssertEqual(e?.path, "boundary")
        XCTAssertTrue(
            e?.message.hasPrefix("no boundary condition on the physical group inner of mesh ../Meshes/annulus.msh")
                ?? false,
            "\(String(describing: e))")
        XCTAssertNoThrow(try decode(json(on: ["all"])))
        XCTAssertNoThrow(try decode(json(on: ["all", "inner"])))
        var open = annulus
        open.unnamedBoundaryFaces = 4
        let unnamed = error(json(), outline: open)
        XCTAssertEqual(unnamed?.path, "boundary")
        XCTAssertTrue(
            unnamed?.message.hasPrefix("4 boundary segments of mesh ../Meshes/annulus.msh lie in no physical group")
                ?? false,
            "\(String(describing: unnamed))")
        XCTAssertNoThrow(try decode(json(on: ["all", "outer", "inner"]), outline: open))
    }

    func testSideNamesAreGroupNamesOnAMesh() throws {
        let box = MeshOutline(
            dimension: 2, groups: [.init(name: "left", dimension: 1), .init(name: "edge:0", dimension: 1)],
            boundaryGroups: ["edge:0", "left"], unnamedBoundaryFaces: 0)
        let problem = try decode(json(on: ["left", "edge:0"]), outline: box)
        XCTAssertEqual(problem.boundary.map(\.on), [.group("left"), .group("edge:0")])
        // Off a mesh, a name that is no part of the domain is refused with a suggestion.
        let rectangle = try? ProblemFile.decode(#"{"kind": "poisson", "source": 1, "boundary": [{"on": "outer"}]}"#)
        XCTAssertNil(rectangle)
    }

    func testAnUnknownSubdomainIsReportedAtItsPath() {
        let e = error(json(domainExtra: #", "subdomain": "domian""#))
        XCTAssertEqual(e?.path, "domain.subdomain")
        XCTAssertEqual(
            e?.message,
            "mesh ../Meshes/annulus.msh has no physical group 'domian' of dimension 2 "
                + "(its surface groups: domain; did you mean 'domain'?)")
    }

    func testReaderErrorsAndAMissingReaderAreReportedAtTheFile() {
        struct Malformed: Error, CustomStringConvertible {
            var description: String { "annulus.msh:12: unexpected end of file" }
        }
        do {
            _ = try ProblemFile.decode(json(), file: problemPath, readMesh: { _, _ in throw Malformed() })
            XCTFail("expected an error")
        } catch {
            XCTAssertEqual(error.description, "\(problemPath): domain.file: annulus.msh:12: unexpected end of file")
        }
        do {
            _ = try ProblemFile.decode(json(), file: problemPath)
            XCTFail("expected an error")
        } catch {
            XCTAssertEqual(error.path, "domain.file")
            XCTAssertTrue(error.message.contains("no mesh reader"), error.message)
        }
        XCTAssertEqual(error(#"{"kind": "poisson", "source": 1, "domain": {"type": "mesh"}}"#)?.path, "domain.file")
        XCTAssertEqual(
            error(#"{"kind": "poisson", "source": 1, "domain": {"type": "mesh", "file": "m.msh", "radius": 1}}"#)?.path,
            "domain.radius")
    }
}
