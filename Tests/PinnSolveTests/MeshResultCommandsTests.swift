import Foundation
import PinnBinding
import PinnIO
import PinnPlot
import PinnProblems
import PinnResults
import PinnSolve
import PinnTestSupport
import XCTest

/// `pinn inspect`, `pinn plot` and `pinn eval` on a result on a mesh (a few training steps on the
/// annulus 0.4 ≤ r ≤ 1 of Meshes/disk_with_hole.msh), as a user runs them.
final class MeshResultCommandsTests: XCTestCase {
    private var temporary: TemporaryDirectory!
    private var directory: String { temporary.path }
    private var result = ""
    private var mesh: SimplexMesh!

    static let problem = #"""
        {"name": "ring", "kind": "poisson", "domain": {"type": "mesh", "file": "../Meshes/disk_with_hole.msh"},
         "source": "3*sin(2*x)*exp(y)", "exact": "sin(2*x)*exp(y)",
         "boundary": [{"on": "outer", "value": "sin(2*x)*exp(y)"}, {"on": "inner", "value": "sin(2*x)*exp(y)"}],
         "network": {"width": 8, "depth": 2},
         "training": {"adamSteps": 25, "lbfgsIterations": 5, "interiorPoints": 128, "boundaryPoints": 64}}
        """#

    override func setUpWithError() throws {
        temporary = try TemporaryDirectory("mesh-commands")
        // Decoded as if it were Problems/ring.json, so that ../Meshes is inside the project.
        let file = try ProblemFile.decode(
            Self.problem, file: ExampleProblems.path("ring.json"), readMesh: readMeshOutline)
        let problem = try BoundProblem(file)
        guard case .mesh(let domain) = problem.domain else { return XCTFail("not a mesh domain") }
        mesh = domain.mesh
        var solved = try SolvePipeline<Double>(problem: problem).solve()
        solved.problemJSON = Self.problem
        result = directory + "/ring.h5"
        try solved.write(to: result)
    }

    override func tearDown() {
        temporary.remove()
    }

    private func pinn(_ arguments: String...) throws -> ProcessRun {
        try ProcessRun.run(TestPaths.pinn, arguments)
    }

    private func files() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: directory).sorted() }

    func testInspectPrintsTheMeshProblemSettingsMetricsAndDatasets() throws {
        let nodes = mesh.nodes.count, cells = mesh.cells.count
        let text = try pinn("inspect", result)
        XCTAssertEqual(text.status, 0, text.stderr)
        for phrase in [
            "name                  ring", "domain                mesh", "dimension             2",
            "mesh                  ../Meshes/disk_with_hole.msh: \(nodes) nodes, \(cells) triangles",
            "boundary conditions   2", "width 8", "adamSteps 25", "lbfgsIterations 5", "precision             f64",
            "relative_l2_vs_reference", "/mesh/cells", "int64  [\(cells), 3]", "/fields/u", "float64  [\(nodes)]"
        ] {
            XCTAssertTrue(text.stdout.contains(phrase), "missing '\(phrase)' in\n\(text.stdout)")
        }
        let json = try pinn("inspect", "--json", result)
        XCTAssertEqual(json.status, 0, json.stderr)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let meshInfo = try XCTUnwrap((object["problem"] as? [String: Any])?["mesh"] as? [String: Any])
        XCTAssertEqual(meshInfo["nodes"] as? Int, nodes)
        XCTAssertEqual(meshInfo["cells"] as? Int, cells)
        XCTAssertEqual(meshInfo["cell_type"] as? String, "triangle")
        XCTAssertEqual(
            ((object["settings"] as? [String: Any])?["training"] as? [String: Any])?["adamSteps"] as? Int, 25)
    }

    /// `pinn plot` writes the fields and loss figures; in the fields figure the hole is grey: on
    /// the row through its centre a grey run enclosed by field colours spans the hole's share of
    /// the plot (diameter 0.8 of 2, the mesh's polygon a little smaller than the circle).
    func testPlotDrawsTheFieldsOnTheTrianglesWithAnEmptyHole() throws {
        let run = try pinn("plot", result)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("ring_fields.png\n"), run.stdout)
        XCTAssertEqual(try files(), ["ring.h5", "ring.xdmf", "ring_fields.png", "ring_loss.png"])
        let png = try XCTUnwrap(FileManager.default.contents(atPath: directory + "/ring_fields.png"))
        XCTAssertEqual(Array(png.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let width = png[16..<20].reduce(0) { $0 << 8 | Int($1) }
        XCTAssertEqual(width, 3 * 560, "three panels: learned, reference, error")

        let font = try XCTUnwrap(try? Font.located(), "no font: run scripts/setup.sh (fonts-dejavu-core)")
        guard case .pde(let stored) = try StoredResult.read(from: result), stored.mesh != nil else {
            return XCTFail("not read as a mesh result")
        }
        let canvas = try ResultPlots.meshFieldsFigure(stored, font: font)
        // Field pixels: viridis colours are saturated (max − min channel ≥ 80), while text, white,
        // the frame and the neutral grey are not.
        func onColorMap(_ c: RGB) -> Bool { Int(max(c.r, c.g, c.b)) - Int(min(c.r, c.g, c.b)) >= 60 }
        // The plot box of the first panel: its grey corners (outside the disk) reach both sides.
        let greyColumns = (0..<560).filter { px in (0..<canvas.height).contains { canvas[px, $0] == RGB.missing } }
        let plotColumns = try XCTUnwrap(greyColumns.first)...XCTUnwrap(greyColumns.last)
        var best = 0.0
        for row in 0..<canvas.height {
            // Within the first panel's plot: the extent of the field pixels, and enclosed grey runs.
            let colours = plotColumns.map { canvas[$0, row] }
            let isGrey = colours.map { $0 == RGB.missing }
            let isField = colours.map(onColorMap)
            guard let first = isField.firstIndex(of: true), let last = isField.lastIndex(of: true) else { continue }
            var k = first
            while k <= last {
                if isGrey[k] {
                    var end = k
                    while end + 1 <= last, isGrey[end + 1] { end += 1 }
                    if end < last { best = max(best, Double(end - k + 1) / Double(last - first + 1)) }
                    k = end + 1
                } else {
                    k += 1
                }
            }
        }
        XCTAssertEqual(best, 0.4, accuracy: 0.03, "widest enclosed grey run as a share of the disk's width")
    }

    /// By default the mesh's nodes are evaluated and the stored field reproduced exactly; --grid
    /// spans the bounding box with NaN in the hole and outside the disk; --points likewise.
    func testEvalOnTheNodesOnAGridAndAtPoints() throws {
        let run = try pinn("eval", result)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(
            run.stdout.contains("stored mesh nodes (\(mesh.nodes.count)): max |u - stored u| = 0.000e+00"), run.stdout)
        let h5 = try HDF5File.openReadOnly(at: directory + "/ring_eval.h5")
        XCTAssertEqual(try h5.shape(of: "/points"), [mesh.nodes.count, 2])
        let stored = try HDF5File.openReadOnly(at: result)
        let u = try h5.readDataset("/fields/u", as: Double.self).values
        let storedU = try stored.readDataset("/fields/u", as: Double.self).values
        XCTAssertEqual(u.count, storedU.count)
        for (a, b) in zip(u, storedU) { XCTAssertTrue(a == b || (a.isNaN && b.isNaN), "\(a) vs stored \(b)") }

        let grid = try pinn("eval", result, "--grid", "41x41", "--output", directory + "/grid.h5")
        XCTAssertEqual(grid.status, 0, grid.stderr)
        guard case .pde(let back) = try StoredResult.read(from: directory + "/grid.h5") else {
            return XCTFail("not a gridded result")
        }
        let backGrid = try XCTUnwrap(back.grid)
        XCTAssertEqual(backGrid.counts, [41, 41])
        let x = backGrid.axes[0].coordinates, y = backGrid.axes[1].coordinates
        XCTAssertEqual(x.first!, -1, accuracy: 1e-12)
        XCTAssertEqual(x.last!, 1, accuracy: 1e-12)
        var inside = 0, outside = 0
        for j in y.indices {
            for i in x.indices {
                let r = (x[i] * x[i] + y[j] * y[j]).squareRoot(), v = back.u[i + 41 * j]
                // The mesh's polygons lie within a few thousandths of the circles.
                if r < 0.39 || r > 1.001 { XCTAssertTrue(v.isNaN, "(\(x[i]), \(y[j])) r = \(r): \(v)"); outside += 1 }
                if r > 0.41 && r < 0.99 { XCTAssertTrue(v.isFinite, "(\(x[i]), \(y[j])) r = \(r)"); inside += 1 }
            }
        }
        XCTAssertGreaterThan(inside, 500)
        XCTAssertGreaterThan(outside, 300)

        let points = directory + "/points.csv"
        try "x,y\n0,0\n0.7,0\n1.2,0\n".write(toFile: points, atomically: true, encoding: .utf8)
        let at = try pinn("eval", result, "--points", points, "-o", directory + "/at.csv")
        XCTAssertEqual(at.status, 0, at.stderr)
        let lines = try String(contentsOfFile: directory + "/at.csv", encoding: .utf8).split(separator: "\n").map(
            String.init)
        XCTAssertEqual(lines.count, 4)
        XCTAssertTrue(lines[1].hasPrefix("0,0,nan"), lines[1])
        XCTAssertFalse(lines[2].contains("nan"), lines[2])
        XCTAssertTrue(lines[3].hasPrefix("1.2,0,nan"), lines[3])

        let bad = try pinn("eval", result, "--grid", "64")
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.contains("expected 2 node counts"), bad.stderr)
    }
}
