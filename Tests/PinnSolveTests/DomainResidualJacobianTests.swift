import PinnBinding
import PinnNetwork
import PinnNumerics
import PinnProblems
import PinnSolve
import PinnTestSupport
import PinnTraining
import XCTest

/// The residual Jacobian of the Gauss–Newton step on the batches pinn draws for its domains: a
/// Gmsh mesh in 2-D and 3-D (points in cells, boundary points on faces with their normals), a disk
/// with a Robin condition on its curved boundary, and gridded source data. Every entry
/// of J against fourth-order central differences of ρ.
final class DomainResidualJacobianTests: XCTestCase {
    func problem(_ json: String) throws -> BoundProblem {
        // Decoded as if it were Problems/jacobian.json, so that Meshes/ and data/ are inside the project.
        try BoundProblem(
            ProblemFile.decode(json, file: ExampleProblems.path("jacobian.json"), readMesh: readMeshOutline))
    }

    func check(_ problem: BoundProblem, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        let loss: PDELoss<Double> = problem.makeLoss(round: 0)
        let net = Siren<Double>(architecture: problem.architecture(), seed: 5)
        let lambda = 7.0
        var rho: [Double] = [], jacobian: [Double] = []
        loss.weightedResiduals(net, boundaryWeight: lambda, residuals: &rho, jacobian: &jacobian)
        let count = net.architecture.parameterCount
        XCTAssertEqual(rho.count, loss.interior.points.cols + loss.boundary.points.cols, what, file: file, line: line)
        let h = 1e-3
        var worst = 0.0
        for q in 0..<count {
            func shifted(_ step: Double) -> [Double] {
                var moved = net
                moved.parameters[q] += step
                var r: [Double] = [], j: [Double] = []
                loss.weightedResiduals(moved, boundaryWeight: lambda, residuals: &r, jacobian: &j)
                return r
            }
            let (p2, p1, m1, m2) = (shifted(2 * h), shifted(h), shifted(-h), shifted(-2 * h))
            for row in rho.indices {
                let difference = (-p2[row] + 8 * p1[row] - 8 * m1[row] + m2[row]) / (12 * h)
                let exact = jacobian[row * count + q]
                worst = max(worst, abs(exact - difference) / max(1, abs(difference)))
            }
        }
        XCTAssertLessThan(worst, 1e-6, what, file: file, line: line)
    }

    func testJacobianMatchesCentralDifferencesOnMeshesCurvedBoundariesAndGriddedData() throws {
        let small =
            #""network": {"width": 4, "depth": 2, "omega0": 2}, "training": {"interiorPoints": 12, "boundaryPoints": 8}"#
        check(
            try problem(
                #"{"kind": "poisson", "domain": {"type": "mesh", "file": "../Meshes/lshape.msh"}, "source": "1", "#
                    + #""boundary": [{"on": "all", "value": "x*y"}], "# + small + "}"),
            "2-D mesh")
        check(
            try problem(
                #"{"kind": "helmholtz", "k": "2", "domain": {"type": "mesh", "file": "../Meshes/cube.msh"}, "source": "x", "#
                    + #""boundary": [{"on": "all", "type": "robin", "alpha": "1", "beta": "0.5", "value": "z"}], "#
                    + small + "}"),
            "3-D mesh, Robin")
        check(
            try problem(
                #"{"kind": "poisson", "domain": {"type": "disk", "center": [0.1, 0], "radius": 1}, "#
                    + #""source": "1", "boundary": [{"on": "all", "type": "robin", "alpha": "1", "beta": "2", "value": "x"}], "#
                    + small + "}"),
            "disk, Robin")
        check(
            try problem(
                #"{"kind": "poisson", "domain": {"type": "rectangle", "lower": [0, 0], "upper": [1, 1]}, "#
                    + #""source": {"file": "data/poisson_forcing.nc", "variable": "f"}, "# + small + "}"),
            "gridded source")
    }
}
