import PinnBinding
import PinnIO
import PinnProblems
import PinnSolve
import PinnTestSupport
import XCTest

final class SolvePipelineTests: XCTestCase {
    /// A short 1-D solve reaches a small error against the exact solution, and the reference
    /// (1025 points, second order) is far more accurate than that.
    func testShortOneDimensionalSolveIsAccurate() throws {
        var file = try ProblemFile.load(contentsOf: ExampleProblems.path("poisson_1d.json"))
        file.training.adamSteps = 400
        file.training.lbfgsIterations = 200
        file.training.gaussNewtonIterations = 0
        file.reference.grid = [257]
        let result = try SolvePipeline<Double>(problem: BoundProblem(file)).solve()
        let error = try XCTUnwrap(result.metrics["relative_l2_vs_exact"])
        XCTAssertLessThan(error, 1e-2)
        XCTAssertLessThan(try XCTUnwrap(result.metrics["reference_relative_l2_vs_exact"]), 1e-4)
        XCTAssertEqual(result.history.first?.phase, .adam)
        XCTAssertEqual(result.history.last?.phase, .lbfgs)
        // The residual written is the PDE residual: small where the fit is good.
        let rms = (result.residual.reduce(0) { $0 + $1 * $1 } / Double(result.residual.count)).squareRoot()
        XCTAssertLessThan(rms, 0.05 * 9 * Double.pi * Double.pi)
    }

    /// The written file has the documented layout: fields as [ny, nx] with x fastest and the axes
    /// attached as dimension scales, metrics as attributes, the problem JSON, history and model;
    /// and an XDMF sidecar.
    func testResultFileLayoutAndOrientation() throws {
        let json = #"""
            {"name": "layout", "kind": "poisson", "domain": {"type": "rectangle", "lower": [0, -1], "upper": [2, 1]},
             "source": "pi^2/4*sin(pi*x/2)*cos(pi*y/2) + pi^2/4*sin(pi*x/2)*cos(pi*y/2)",
             "exact": "sin(pi*x/2)*cos(pi*y/2)",
             "network": {"width": 8, "depth": 1},
             "training": {"adamSteps": 20, "lbfgsIterations": 0, "interiorPoints": 64, "boundaryPoints": 32},
             "reference": {"grid": [17, 9], "refinement": 1}}
            """#
        let file = try ProblemFile.decode(json)
        var result = try SolvePipeline<Float>(problem: BoundProblem(file)).solve()
        result.problemJSON = json
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pinn-layout-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("layout.h5").path
        try result.write(to: path)

        let h5 = try HDF5File.openReadOnly(at: path)
        let x = try h5.readDataset("/x", as: Double.self), y = try h5.readDataset("/y", as: Double.self)
        XCTAssertEqual(x.shape, [17])
        XCTAssertEqual(y.shape, [9])
        for field in ["/fields/u", "/fields/residual", "/reference/u", "/exact/u", "/error/u", "/error/u_vs_exact"] {
            XCTAssertEqual(try h5.shape(of: field), [9, 17], field)
            XCTAssertEqual(try h5.dimensionScaleNames(of: field), ["y", "x"], field)
        }
        let exact = try h5.readDataset("/exact/u", as: Double.self).values
        for j in [0, 3, 8] {
            for i in [0, 5, 16] {
                let expected = sin(Double.pi * x.values[i] / 2) * cos(Double.pi * y.values[j] / 2)
                XCTAssertEqual(exact[j * 17 + i], expected, accuracy: 1e-14)
            }
        }
        let u = try h5.readDataset("/fields/u", as: Double.self).values
        let error = try h5.readDataset("/error/u_vs_exact", as: Double.self).values
        for k in u.indices { XCTAssertEqual(error[k], u[k] - exact[k], accuracy: 1e-15) }
        for key in [
            "relative_l2_vs_reference", "relative_l2_vs_exact", "reference_relative_l2_vs_exact", "wall_seconds"
        ] {
            XCTAssertEqual(try h5.doubleAttribute(key, of: "/metrics"), result.metrics[key], key)
        }
        XCTAssertEqual(try h5.stringAttribute("problem"), json)
        XCTAssertEqual(try h5.stringAttribute("precision"), "f32")
        XCTAssertEqual(try h5.shape(of: "/training/loss_residual"), [result.history.count])
        XCTAssertEqual(try h5.shape(of: "/model/parameters"), [result.parameters.count])
        XCTAssertEqual(try h5.int64Attribute("width", of: "/model"), 8)
        // h5dump (hdf5-tools) lists the layout.
        let h5dump = try ProcessRun.run(URL(fileURLWithPath: "/usr/bin/h5dump"), ["-H", path])
        XCTAssertEqual(h5dump.status, 0)
        let header = h5dump.stdout
        for name in [
            "GROUP \"fields\"", "DATASET \"u\"", "GROUP \"reference\"", "GROUP \"exact\"", "GROUP \"error\"",
            "GROUP \"metrics\"", "ATTRIBUTE \"relative_l2_vs_exact\"", "GROUP \"training\"", "GROUP \"model\"",
            "DATASET \"x\"", "DATASET \"y\"", "ATTRIBUTE \"problem\"", "ATTRIBUTE \"DIMENSION_LIST\""
        ] {
            XCTAssertTrue(header.contains(name), "h5dump -H does not list \(name)")
        }
        let xdmf = try String(contentsOfFile: dir.appendingPathComponent("layout.xdmf").path, encoding: .utf8)
        XCTAssertTrue(xdmf.contains("layout.h5:/fields/u"), xdmf)
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted(), ["layout.h5", "layout.xdmf"])
    }

    /// The NetCDF form of a result: CF coordinates, fields as (y, x) with the same values as the
    /// HDF5 form, metrics as attributes; `ncdump -h` reads it without a word on standard error.
    func testNetCDFResultMatchesTheHDF5Fields() throws {
        let json = #"""
            {"name": "nc", "kind": "poisson", "domain": {"type": "polygon", "vertices": [[0,0],[2,0],[2,1],[1,1],[1,2],[0,2]]},
             "source": "1", "network": {"width": 8, "depth": 1},
             "training": {"adamSteps": 10, "lbfgsIterations": 0, "interiorPoints": 64, "boundaryPoints": 32},
             "reference": {"grid": [17, 9], "refinement": 1}}
            """#
        var result = try SolvePipeline<Double>(problem: BoundProblem(ProblemFile.decode(json))).solve()
        result.problemJSON = json
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pinn-nc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("nc.nc").path
        try result.writeNetCDF(to: path, command: "pinn solve nc.json --output nc.nc")

        let nc = try NetCDFFile.openReadOnly(at: path)
        let root = nc.root
        let grid = try XCTUnwrap(result.grid)
        XCTAssertEqual(try root.variable("x").read(as: Double.self), grid.axes[0].coordinates)
        XCTAssertEqual(try root.variable("y").read(as: Double.self), grid.axes[1].coordinates)
        for name in ["u", "residual", "u_reference", "error"] {
            XCTAssertEqual(try root.variable(name).dimensionNames(), ["y", "x"], name)
        }
        let u = try root.variable("u").read(as: Double.self)
        XCTAssertEqual(u.count, result.u.count)
        for k in u.indices { XCTAssertTrue(u[k] == result.u[k] || (u[k].isNaN && result.u[k].isNaN)) }
        XCTAssertTrue(u.contains { $0.isNaN }, "nodes outside the L-shape are missing values")
        XCTAssertTrue(try root.variable("metrics").attributeNames().contains("relative_l2_vs_reference"))
        XCTAssertTrue(try root.attributeNames().contains("problem"))
        try nc.close()

        let ncdump = try ProcessRun.run(URL(fileURLWithPath: "/usr/bin/ncdump"), ["-h", path])
        XCTAssertEqual(ncdump.status, 0)
        let header = ncdump.stdout, warnings = ncdump.stderr
        XCTAssertEqual(warnings, "")
        XCTAssertTrue(header.contains(":Conventions = \"CF-1.10\""), header)
        XCTAssertTrue(header.contains("double u(y, x)"), header)
    }
}
