import Foundation
import PinnBinding
import PinnIO
import PinnProblems
import PinnResults
import PinnSolve
import PinnTestSupport
import XCTest

/// A few training steps on each example mesh, end to end: the result file holds the mesh and the
/// fields on its nodes in the documented layout (checked with h5dump and by reading it back), the
/// XDMF sidecar describes that mesh, and u at the nodes is the written network evaluated there
/// (by a forward pass written out from the layout documented in /model, independent of PinnNetwork).
final class MeshSolveTests: XCTestCase {
    func tinyProblem(mesh: String, boundary: String, source: String, exact: String) throws -> (ProblemFile, String) {
        let json = #"""
            {"name": "tiny_mesh", "kind": "poisson", "domain": {"type": "mesh", "file": "../Meshes/\#(mesh)"},
             "source": "\#(source)", "exact": "\#(exact)", "boundary": \#(boundary),
             "network": {"width": 8, "depth": 2},
             "training": {"adamSteps": 25, "lbfgsIterations": 5, "interiorPoints": 128, "boundaryPoints": 64}}
            """#
        // Decoded as if it were Problems/tiny_mesh.json, so that ../Meshes is inside the project.
        return (
            try ProblemFile.decode(json, file: ExampleProblems.path("tiny_mesh.json"), readMesh: readMeshOutline), json
        )
    }

    /// The SIREN of /model evaluated at `x` from the flat parameters and the documented layout.
    func forward(_ x: [Double], parameters p: [Double], sizes: [Int], omega0: Double, omegaHidden: Double) -> Double {
        var h = x, offset = 0
        for l in 0..<(sizes.count - 1) {
            let (n, m) = (sizes[l + 1], sizes[l])
            var z = [Double](repeating: 0, count: n)
            for i in 0..<n {
                z[i] = p[offset + n * m + i]
                for j in 0..<m { z[i] += p[offset + j * n + i] * h[j] } // W column-major, out × in
            }
            offset += n * (m + 1)
            let omega = l == 0 ? omega0 : omegaHidden
            h = l == sizes.count - 2 ? z : z.map { sin(omega * $0) }
        }
        XCTAssertEqual(offset, p.count)
        return h[0]
    }

    func testATinyMeshSolveWritesTheMeshTheNodeFieldsAndTheNetworkEvaluatedAtTheNodes() throws {
        let cases = [
            (
                "disk_with_hole.msh",
                #"[{"on": "outer", "value": "sin(2*x)*exp(y)"}, {"on": "inner", "value": "sin(2*x)*exp(y)"}]"#,
                "3*sin(2*x)*exp(y)", "sin(2*x)*exp(y)", "Triangle"
            ),
            // Linear, so that the finite elements reproduce it exactly, through all three kinds of condition.
            (
                "cube.msh",
                #"[{"on": "sides", "value": "1 + x + 2*y + 3*z"}, {"on": "top", "type": "neumann", "value": "3"}, "#
                    + #"{"on": "bottom", "type": "robin", "alpha": 2, "beta": 1, "value": "2*(1 + x + 2*y) - 3"}]"#,
                "0", "1 + x + 2*y + 3*z", "Tetrahedron"
            )
        ]
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pinn-mesh-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for (meshName, boundary, source, exactText, topology) in cases {
            let (file, json) = try tinyProblem(mesh: meshName, boundary: boundary, source: source, exact: exactText)
            let problem = try BoundProblem(file)
            guard case .mesh(let domain) = problem.domain else { return XCTFail("\(meshName): not a mesh domain") }
            var result = try SolvePipeline<Double>(problem: problem).solve()
            result.problemJSON = json
            let path = dir.appendingPathComponent("\(meshName).h5").path
            try result.write(to: path)

            let mesh = domain.mesh, d = mesh.dimension, nodeCount = mesh.nodes.count, cellCount = mesh.cells.count
            let h5 = try HDF5File.openReadOnly(at: path)
            XCTAssertEqual(try h5.shape(of: "/mesh/nodes"), [nodeCount, d])
            XCTAssertEqual(try h5.shape(of: "/mesh/cells"), [cellCount, d + 1])
            XCTAssertEqual(
                try h5.readDataset("/mesh/cells", as: Int64.self).values.map(Int.init), mesh.cells.connectivity)
            XCTAssertEqual(try h5.stringAttribute("file", of: "/mesh"), "../Meshes/\(meshName)")
            for field in ["/fields/u", "/fields/residual", "/exact/u", "/error/u_vs_exact", "/reference/u", "/error/u"]
            {
                XCTAssertEqual(try h5.shape(of: field), [nodeCount], field)
                XCTAssertEqual(try h5.dimensionScaleNames(of: field), ["node"], field)
            }
            let nodes = try h5.readDataset("/mesh/nodes", as: Double.self).values
            let u = try h5.readDataset("/fields/u", as: Double.self).values
            let exact = try h5.readDataset("/exact/u", as: Double.self).values
            let error = try h5.readDataset("/error/u_vs_exact", as: Double.self).values
            let reference = try h5.readDataset("/reference/u", as: Double.self).values
            let referenceError = try h5.readDataset("/error/u", as: Double.self).values

            let parameters = try h5.readDataset("/model/parameters", as: Double.self).values
            let width = Int(try h5.int64Attribute("width", of: "/model")),
                depth = Int(try h5.int64Attribute("depth", of: "/model"))
            let sizes =
                [Int(try h5.int64Attribute("inputs", of: "/model"))] + Array(repeating: width, count: depth) + [1]
            XCTAssertEqual(sizes[0], d)
            let omega0 = try h5.doubleAttribute("omega0", of: "/model"),
                omegaHidden = try h5.doubleAttribute("omega_hidden", of: "/model")
            var squaredError = 0.0, squaredExact = 0.0, squaredVsReference = 0.0, squaredReference = 0.0,
                squaredReferenceError = 0.0
            for node in 0..<nodeCount {
                let x = Array(nodes[node * d..<(node + 1) * d])
                XCTAssertEqual(x, Array([mesh.nodes[node].x, mesh.nodes[node].y, mesh.nodes[node].z].prefix(d)))
                let expected = forward(
                    x, parameters: parameters, sizes: sizes, omega0: omega0, omegaHidden: omegaHidden)
                XCTAssertEqual(u[node], expected, accuracy: 1e-12 * max(1, abs(expected)), "\(meshName) node \(node)")
                let e = try problem.exact.map { $0.evaluate(x) } ?? XCTUnwrap(nil as Double?)
                XCTAssertEqual(exact[node], e, accuracy: 1e-14)
                XCTAssertEqual(error[node], u[node] - exact[node], accuracy: 1e-15)
                squaredError += error[node] * error[node]
                squaredExact += exact[node] * exact[node]
                XCTAssertEqual(referenceError[node], u[node] - reference[node], accuracy: 1e-15)
                squaredVsReference += referenceError[node] * referenceError[node]
                squaredReference += reference[node] * reference[node]
                squaredReferenceError += (reference[node] - exact[node]) * (reference[node] - exact[node])
            }
            XCTAssertEqual(
                try h5.doubleAttribute("relative_l2_vs_reference", of: "/metrics"),
                (squaredVsReference / squaredReference).squareRoot(), accuracy: 1e-12)
            // The finite-element reference solves the same problem: close to the exact solution on the
            // annulus (measured 4.7e-4, h = 0.1), equal to it for the linear solution on the cube.
            let referenceVsExact = (squaredReferenceError / squaredExact).squareRoot()
            XCTAssertEqual(
                try h5.doubleAttribute("reference_relative_l2_vs_exact", of: "/metrics"), referenceVsExact,
                accuracy: 1e-12)
            print("\(meshName): reference relative L2 vs exact \(referenceVsExact)")
            XCTAssertLessThan(referenceVsExact, d == 2 ? 2e-3 : 1e-12)
            XCTAssertEqual(
                try h5.doubleAttribute("relative_l2_vs_exact", of: "/metrics"),
                (squaredError / squaredExact).squareRoot(),
                accuracy: 1e-12)
            XCTAssertTrue(try h5.doubleAttribute("relative_l2_vs_exact_quadrature", of: "/metrics").isFinite)
            XCTAssertEqual(try h5.stringAttribute("problem"), json)
            XCTAssertEqual(try h5.shape(of: "/training/loss_residual"), [30])

            let h5dump = try ProcessRun.run(URL(fileURLWithPath: "/usr/bin/h5dump"), ["-H", path])
            XCTAssertEqual(h5dump.status, 0)
            for name in [
                "GROUP \"mesh\"", "DATASET \"nodes\"", "DATASET \"cells\"", "DATASET \"cell_group\"",
                "GROUP \"fields\"",
                "DATASET \"u\"", "DATASET \"residual\"", "GROUP \"exact\"", "GROUP \"error\"", "GROUP \"reference\"",
                "DATASET \"node\"",
                "DATASET \"cell\"", "GROUP \"metrics\"", "GROUP \"training\"", "GROUP \"model\"",
                "DATASPACE  SIMPLE { ( \(nodeCount), \(d) ) / ( \(nodeCount), \(d) ) }",
                "DATASPACE  SIMPLE { ( \(cellCount), \(d + 1) ) / ( \(cellCount), \(d + 1) ) }",
                "ATTRIBUTE \"DIMENSION_LIST\""
            ] {
                XCTAssertTrue(h5dump.stdout.contains(name), "\(meshName): h5dump -H does not list \(name)")
            }
            let xdmf = try String(contentsOfFile: dir.appendingPathComponent("\(meshName).xdmf").path, encoding: .utf8)
            let h5name = "\(meshName).h5"
            for text in [
                "TopologyType=\"\(topology)\" NumberOfElements=\"\(cellCount)\"",
                "GeometryType=\"\(d == 2 ? "XY" : "XYZ")\"",
                "Dimensions=\"\(nodeCount) \(d)\" NumberType=\"Float\" Precision=\"8\" Format=\"HDF\">\(h5name):/mesh/nodes",
                "<Attribute Name=\"fields_u\" AttributeType=\"Scalar\" Center=\"Node\">",
                "Dimensions=\"\(nodeCount)\" NumberType=\"Float\" Precision=\"8\" Format=\"HDF\">\(h5name):/fields/u"
            ] {
                XCTAssertTrue(xdmf.contains(text), "\(meshName): the XDMF sidecar lacks \(text)")
            }
        }
    }

    func testNetCDFIsRefusedForAMeshResultAndWritesNothing() throws {
        let (file, _) = try tinyProblem(
            mesh: "lshape.msh", boundary: #"[{"on": "all", "value": "x"}]"#, source: "0", exact: "x")
        let problem = try BoundProblem(file)
        guard case .mesh = problem.domain else { return XCTFail("not a mesh domain") }
        XCTAssertThrowsError(try problem.finiteDifferenceProblem())
        var settings = file
        settings.training.adamSteps = 1
        settings.training.lbfgsIterations = 0
        settings.training.gaussNewtonIterations = 0
        let result = try SolvePipeline<Float>(problem: BoundProblem(settings)).solve()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pinn-mesh-\(UUID().uuidString).nc")
            .path
        XCTAssertThrowsError(try result.writeNetCDF(to: path, command: "test")) { error in
            XCTAssertEqual(error as? PDEResultError, .netCDFNeedsGrid(path: path))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
    }
}
