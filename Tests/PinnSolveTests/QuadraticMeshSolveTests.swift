import Foundation
import PinnBinding
import PinnIO
import PinnProblems
import PinnSolve
import PinnTestSupport
import XCTest

/// `pinn validate` and `pinn solve` (child processes of the `pinn` built beside the tests) of
/// Problems/poisson_disk_p2_mesh.json, whose mesh is quadratic (Meshes/disk_p2.msh, 6-node
/// triangles from `gmsh -order 2`), with a Robin condition on the circle, trained briefly: the
/// result lies on every node of the file, the
/// reference is P2 on the file's curved cells (accurate at the edge nodes too), and the mesh is
/// written, and described to ParaView, as the linear pieces of the quadratic cells.
final class QuadraticMeshSolveTests: XCTestCase {
    func testAQuadraticMeshFileValidatesSolvesAndWritesEveryNode() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // A copy of the example with brief training, in a Problems/ folder beside Meshes/.
        let problems = directory.file("Problems"), meshes = directory.file("Meshes")
        try FileManager.default.createDirectory(atPath: problems, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: meshes, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: TestPaths.repository.appendingPathComponent("Meshes/disk_p2.msh").path,
            toPath: meshes + "/disk_p2.msh")
        let example = TestPaths.repository.appendingPathComponent("Problems/poisson_disk_p2_mesh.json").path
        var json = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: example))) as? [String: Any])
        // Robin u + ∂u/∂n = g on the circle instead of the example's Dirichlet condition: the normal
        // derivative's data and the reference's normals come from the curved faces.
        json["boundary"] = [
            [
                "on": "boundary", "type": "robin", "alpha": 1, "beta": 1,
                "value": "exp(0.5*x)*sin(y + 0.3) + x^2*y + (x*(0.5*exp(0.5*x)*sin(y + 0.3) + 2*x*y) "
                    + "+ y*(exp(0.5*x)*cos(y + 0.3) + x^2))/sqrt(x^2 + y^2)"
            ]
        ]
        json["network"] = ["width": 8, "depth": 1]
        json["training"] = ["phases": [["gaussNewton": 5]], "interiorPoints": 128, "boundaryPoints": 64]
        let path = problems + "/disk_p2.json"
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: path))

        for problem in [example, path] {
            let validate = try ProcessRun.run(TestPaths.pinn, ["validate", problem])
            XCTAssertEqual(validate.status, 0, validate.stderr)
        }
        let output = directory.file("disk_p2.h5")
        let solve = try ProcessRun.run(TestPaths.pinn, ["solve", path, "--output", output, "--quiet", "--no-plots"])
        XCTAssertEqual(solve.status, 0, solve.stderr)

        let mesh = try SimplexMesh.readGmsh(at: meshes + "/disk_p2.msh")
        let h5 = try HDF5File.openReadOnly(at: output)
        let nodeCount = mesh.nodes.count
        XCTAssertEqual(try h5.shape(of: "/mesh/nodes"), [nodeCount, 2])
        XCTAssertEqual(try h5.shape(of: "/mesh/cells"), [4 * mesh.cells.count, 3])
        XCTAssertEqual(try h5.int64Attribute("element_order", of: "/mesh"), 2)
        let reference = try h5.readDataset("/reference/u", as: Double.self).values
        let exact = try h5.readDataset("/exact/u", as: Double.self).values
        let u = try h5.readDataset("/fields/u", as: Double.self).values
        XCTAssertEqual(reference.count, nodeCount)
        XCTAssertTrue(u.allSatisfy(\.isFinite) && reference.allSatisfy(\.isFinite), "every node is a node of a cell")
        // The reference at the edge nodes alone, boundary ones on the circle included: P2 on curved
        // cells of size 0.2 (third order; measured 1.8e-4 in L2 by FEMGmshQuadraticConvergenceTests).
        let vertices = Set((0..<mesh.cells.count).flatMap { mesh.cells.vertices(of: $0) })
        let edgeNodes = Set(mesh.cells.connectivity).subtracting(vertices)
        XCTAssertEqual(vertices.count + edgeNodes.count, nodeCount)
        let edgeError = edgeNodes.map { abs(reference[$0] - exact[$0]) }.max() ?? .nan
        XCTAssertLessThan(edgeError, 1e-3)
        let referenceError = try h5.doubleAttribute("reference_relative_l2_vs_exact", of: "/metrics")
        print("quadratic disk: reference relative L2 vs exact \(referenceError), max at edge nodes \(edgeError)")
        XCTAssertLessThan(referenceError, 5e-4)
        let method = try h5.stringAttribute("method", of: "/reference")
        XCTAssertTrue(method.contains("quadratic (isoparametric) cells"), method)
        XCTAssertEqual(try h5.int64Attribute("order", of: "/reference"), 3)
        let xdmf = try String(contentsOfFile: directory.file("disk_p2.xdmf"), encoding: .utf8)
        XCTAssertTrue(xdmf.contains("TopologyType=\"Triangle\" NumberOfElements=\"\(4 * mesh.cells.count)\""), xdmf)
    }

    /// Meshes/cube_p2.msh (10-node tetrahedra, 6-node boundary triangles), with Dirichlet, Neumann
    /// and Robin conditions on its groups: the P2 reference on the file's cells reproduces a
    /// quadratic solution to rounding, and the result holds every node, with 8 linear pieces per
    /// tetrahedron.
    func testATenNodeTetrahedronMeshReproducesAQuadraticSolution() throws {
        let u = "1 + x + 2*y + 3*z + x^2"
        let json = #"""
            {"name": "cube_p2", "kind": "poisson", "domain": {"type": "mesh", "file": "../Meshes/cube_p2.msh"},
             "source": "-2", "exact": "\#(u)",
             "boundary": [{"on": "sides", "value": "\#(u)"}, {"on": "top", "type": "neumann", "value": "3"},
                          {"on": "bottom", "type": "robin", "alpha": 2, "beta": 1, "value": "2*(1 + x + 2*y + x^2) - 3"}],
             "network": {"width": 8, "depth": 1},
             "training": {"phases": [{"gaussNewton": 3}], "interiorPoints": 64, "boundaryPoints": 32}}
            """#
        // Decoded as if it were Problems/cube_p2.json, so that ../Meshes is inside the project.
        let file = try ProblemFile.decode(json, file: ExampleProblems.path("cube_p2.json"), readMesh: readMeshOutline)
        let problem = try BoundProblem(file)
        guard case .mesh(let domain) = problem.domain else { return XCTFail("not a mesh domain") }
        XCTAssertEqual(domain.mesh.order, 2)
        let result = try SolvePipeline<Double>(problem: problem).solve()
        let error = try XCTUnwrap(result.metrics["reference_relative_l2_vs_exact"])
        XCTAssertLessThan(error, 1e-12)
        XCTAssertEqual(result.metrics["reference_order"], 3)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("cube_p2.h5")
        try result.write(to: path)
        let h5 = try HDF5File.openReadOnly(at: path)
        XCTAssertEqual(try h5.shape(of: "/mesh/nodes"), [domain.mesh.nodes.count, 3])
        XCTAssertEqual(try h5.shape(of: "/mesh/cells"), [8 * domain.mesh.cells.count, 4])
        XCTAssertEqual(try h5.shape(of: "/cell"), [8 * domain.mesh.cells.count])
        XCTAssertEqual(try h5.shape(of: "/reference/u"), [domain.mesh.nodes.count])
    }
}
