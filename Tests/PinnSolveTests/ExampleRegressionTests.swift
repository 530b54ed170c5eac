import Foundation
import PinnBinding
import PinnProblems
import PinnSolve
import PinnTestSupport
import XCTest

/// Short runs of each kind of example in Problems/ (Helmholtz, 3-D, meshes in 2-D and 3-D, a
/// gridded source, Robin and Neumann conditions on a square and on a disk, a Neural ODE), each
/// against its exact solution or reference trajectory, with a bound the code meets with margin.
///
/// These are the default suite's guard against an accuracy regression; the full runs, with the
/// examples' own `expect` bounds, are `ExampleAccuracyTests` (behind `PINN_SLOW_TESTS=1`). Every run
/// here takes a few seconds in a debug build: a few Gauss–Newton iterations on fewer collocation
/// points than the example's, and a reference at refinement 1. The error reached (noted at each
/// test, measured on this code) is one to two orders of magnitude below what the first phase or
/// an untrained network gives, and each bound is about 3–5× the error reached, so a step that has
/// stopped descending, a wrong sign in a boundary term, a mis-scaled source or a broken evaluation
/// fails the test, while the rounding of another BLAS kernel does not.
final class ExampleRegressionTests: XCTestCase {
    /// The example `name` with its training shortened to `iterations` Gauss–Newton iterations on
    /// `interior` + `boundary` collocation points, and its reference at refinement 1.
    func shortened(
        _ name: String, iterations: Int, interior: Int = 256, boundary: Int = 64
    ) throws -> ProblemFile {
        var file = try ExampleProblems.load(ExampleProblems.path(name))
        file.training.adamSteps = 0
        file.training.lbfgsIterations = 0
        file.training.gaussNewtonIterations = iterations
        file.training.interiorPoints = interior
        file.training.boundaryPoints = boundary
        file.reference.refinement = 1
        return file
    }

    /// Solves `file` and returns its metrics.
    func metrics(_ file: ProblemFile) throws -> [String: Double] {
        try SolvePipeline<Double>(problem: BoundProblem(file)).solve().metrics
    }

    /// Asserts that `metrics[key]` exists and lies below `bound`, printing it for the record.
    func assertBelow(
        _ metrics: [String: Double], _ key: String, _ bound: Double, _ what: String,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let value = try XCTUnwrap(metrics[key], "\(what): no \(key)", file: file, line: line)
        print("\(what): \(key) = \(String(format: "%.3e", value)) (bound \(bound))")
        XCTAssertLessThan(value, bound, "\(what): \(key)", file: file, line: line)
    }

    /// Measured: 3.4e-3 against the exact solution (an untrained network: about 1).
    func testHelmholtz() throws {
        var file = try shortened("helmholtz.json", iterations: 60)
        file.reference.grid = [129, 129]
        try assertBelow(metrics(file), "relative_l2_vs_exact", 1.5e-2, "helmholtz.json, 60 iterations")
    }

    /// Measured: 7.6e-4.
    func testPoissonInABox() throws {
        var file = try shortened("poisson_3d.json", iterations: 30, interior: 512, boundary: 192)
        file.reference.grid = [17, 17, 17]
        try assertBelow(metrics(file), "relative_l2_vs_exact", 4e-3, "poisson_3d.json, 30 iterations")
    }

    /// Measured: 3.9e-6 at the nodes, 3.5e-6 by quadrature.
    func testTriangleMeshWithNeumannCondition() throws {
        let file = try shortened("poisson_lshape_mesh.json", iterations: 30)
        let m = try metrics(file)
        try assertBelow(m, "relative_l2_vs_exact", 2e-5, "poisson_lshape_mesh.json, 30 iterations")
        try assertBelow(m, "relative_l2_vs_exact_quadrature", 2e-5, "poisson_lshape_mesh.json, 30 iterations")
    }

    /// A quadratic mesh file (6-node triangles), Dirichlet on the curved boundary. Measured: 3.7e-5;
    /// the P2 reference on the file's curved cells 5.5e-5.
    func testQuadraticTriangleMeshWithDirichletCondition() throws {
        let file = try shortened("poisson_disk_p2_mesh.json", iterations: 30)
        let m = try metrics(file)
        try assertBelow(m, "relative_l2_vs_exact", 2e-4, "poisson_disk_p2_mesh.json, 30 iterations")
        try assertBelow(m, "reference_relative_l2_vs_exact", 2e-4, "poisson_disk_p2_mesh.json reference")
    }

    /// Measured: 2.5e-3.
    func testTetrahedronMeshWithRobinAndNeumannConditions() throws {
        let file = try shortened("poisson_cube_mesh.json", iterations: 30, interior: 512, boundary: 192)
        try assertBelow(metrics(file), "relative_l2_vs_exact", 1e-2, "poisson_cube_mesh.json, 30 iterations")
    }

    /// Measured: 4.0e-4 against the exact solution, 9.8e-5 against the reference (which sees the
    /// same interpolated source).
    func testGriddedSource() throws {
        let file = try shortened("poisson_gridded.json", iterations: 30)
        let m = try metrics(file)
        try assertBelow(m, "relative_l2_vs_exact", 2e-3, "poisson_gridded.json, 30 iterations")
        try assertBelow(m, "relative_l2_vs_reference", 5e-4, "poisson_gridded.json, 30 iterations")
    }

    /// Measured: 9.2e-5.
    func testRobinAndNeumannConditionsOnASquare() throws {
        var file = try shortened("poisson_robin.json", iterations: 30)
        file.reference.grid = [33, 33]
        try assertBelow(metrics(file), "relative_l2_vs_exact", 5e-4, "poisson_robin.json, 30 iterations")
    }

    /// Measured: 1.0e-4 (the reference: P2 finite elements on a generated mesh).
    func testRobinConditionOnADisk() throws {
        let file = try shortened("poisson_disk_robin.json", iterations: 30)
        try assertBelow(metrics(file), "relative_l2_vs_exact", 5e-4, "poisson_disk_robin.json, 30 iterations")
    }

    /// damped_oscillator.json with a smaller network (16×1) and 1000 Adam steps on mini-batches of 8
    /// windows of 10 observations. Measured: 0.10 in the training window, 0.51 beyond it (untrained:
    /// 1.4 and 2.4).
    func testNeuralODE() throws {
        let url = URL(fileURLWithPath: ExampleProblems.path("damped_oscillator.json"))
        var json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        json["model"] = ["type": "neuralODE", "width": 16, "depth": 1, "activation": "tanh"]
        json["training"] = [
            "seed": 0, "steps": 1000, "learningRate": 1e-2, "batchTime": 10, "batchSize": 8, "gradient": "backprop",
            "gaussNewtonIterations": 0
        ]
        let text = String(decoding: try JSONSerialization.data(withJSONObject: json), as: UTF8.self)
        let result = try ODEPipeline(problem: BoundODEProblem(ODEProblemFile.decode(text))).run()
        try assertBelow(result.metrics, "relative_l2_train_window", 0.3, "damped_oscillator.json, 16×1, 1000 steps")
        try assertBelow(result.metrics, "relative_l2_extrapolation", 1, "damped_oscillator.json, 16×1, 1000 steps")
    }
}
