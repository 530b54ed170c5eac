import PinnBinding
import PinnIO
import PinnNetwork
import PinnPlot
import PinnProblems
import PinnResults
import PinnSolve
import PinnTestSupport
import PinnTraining
import XCTest

/// Inverse PDE problems: the loss's derivatives with respect to the unknowns (through the
/// expressions' symbolic derivatives and the unknowns' parametrisations) against central
/// differences, and a short solve that recovers a wave number.
final class InverseProblemTests: XCTestCase {
    /// Helmholtz Δu + k²u = s·sin(πx)sin(πy) with four unknowns in four places: k (positive, in the
    /// reaction k²), s (in the source), a (bounded, Robin α on the left) and b (in the left boundary
    /// value), with measurements; every derivative is nonzero at the random network.
    let fourUnknowns = #"""
        {"kind": "helmholtz", "domain": {"type": "rectangle", "lower": [-1, -1], "upper": [1, 1]},
         "parameters": {"k": {"unknown": 2.5, "positive": true}, "s": {"unknown": 1.5},
                        "a": {"unknown": 0.7, "bounds": [0.1, 3]}, "b": {"unknown": -0.4}},
         "k": "k", "source": "s*sin(pi*x)*sin(pi*y) + 1",
         "boundary": [{"on": "all", "value": "0"},
                      {"on": "left", "type": "robin", "alpha": "a", "beta": "1 + a^2", "value": "b*sin(pi*y) + a"}],
         "exact": "sin(pi*x)*sin(pi*y)",
         "measurements": {"generate": {"count": 40, "noise": 0.05, "seed": 3}},
         "network": {"width": 12, "depth": 2},
         "training": {"interiorPoints": 96, "boundaryPoints": 48, "boundaryWeight": 10}}
        """#

    /// The objective on `json`'s first batch at a seeded network, and the state it is evaluated in.
    func objective(_ json: String) throws -> (PDEObjective<Double>, TrainingState<Double, TrainingRecord>) {
        let problem = try BoundProblem(ProblemFile.decode(json))
        let trainer: PINNTrainer<Double> = problem.trainer()
        let net = Siren<Double>(architecture: problem.architecture(), seed: 7)
        let objective = PDEObjective(
            network: net, loss: problem.makeLoss(round: 0), weighting: .fixed(problem.training.boundaryWeight),
            unknownMaps: trainer.unknownMaps, unknownTrainables: trainer.initialUnknownTrainables)
        return (objective, trainer.initialState(for: net))
    }

    func testLossGradientWithRespectToUnknownsMatchesCentralDifferences() throws {
        let (start, state) = try objective(fourUnknowns)
        var objective = start
        let x = objective.parameters, count = x.count, m = 4
        XCTAssertEqual(objective.unknownMaps.count, m)
        var gradient = [Double](repeating: 0, count: count)
        let loss = objective.loss(at: x, gradient: &gradient, frozenAt: state)
        XCTAssertGreaterThan(loss, 0)
        var scratch = gradient
        for j in (count - m)..<count {
            let h = 1e-5 * max(1, abs(x[j]))
            var plus = x, minus = x
            plus[j] += h
            minus[j] -= h
            let difference =
                (objective.loss(at: plus, gradient: &scratch, frozenAt: state)
                    - objective.loss(at: minus, gradient: &scratch, frozenAt: state)) / (2 * h)
            XCTAssertGreaterThan(abs(difference), 1e-3, "unknown \(j - count + m) has no effect")
            XCTAssertLessThanOrEqual(
                abs(gradient[j] - difference), 1e-6 * abs(difference), "unknown \(j - count + m)")
        }
    }

    /// The Gauss–Newton residuals sum to the loss, and the Jacobian's unknown columns are the
    /// central differences of the residuals.
    func testJacobianColumnsOfUnknownsMatchCentralDifferences() throws {
        let (start, state) = try objective(fourUnknowns)
        var objective = start
        let x = objective.parameters, count = x.count, m = 4
        var rho: [Double] = [], jacobian: [Double] = []
        XCTAssertTrue(objective.leastSquares(at: x, residuals: &rho, jacobian: &jacobian, frozenAt: state))
        var g = [Double](repeating: 0, count: count)
        let loss = objective.loss(at: x, gradient: &g, frozenAt: state)
        XCTAssertEqual(rho.reduce(0) { $0 + $1 * $1 }, loss, accuracy: 1e-12 * loss)
        XCTAssertEqual(try XCTUnwrap(objective.sumOfSquares(at: x, frozenAt: state)), loss, accuracy: 1e-12 * loss)
        let rows = rho.count
        XCTAssertEqual(rows, 96 + 48 + 40)
        var plusRho: [Double] = [], minusRho: [Double] = [], scratch: [Double] = []
        for j in (count - m)..<count {
            let h = 1e-5 * max(1, abs(x[j]))
            var plus = x, minus = x
            plus[j] += h
            minus[j] -= h
            _ = objective.leastSquares(at: plus, residuals: &plusRho, jacobian: &scratch, frozenAt: state)
            _ = objective.leastSquares(at: minus, residuals: &minusRho, jacobian: &scratch, frozenAt: state)
            var error = 0.0, norm = 0.0
            for r in 0..<rows {
                let difference = (plusRho[r] - minusRho[r]) / (2 * h)
                error += (jacobian[r * count + j] - difference) * (jacobian[r * count + j] - difference)
                norm += difference * difference
            }
            XCTAssertGreaterThan(norm, 0)
            XCTAssertLessThanOrEqual(error.squareRoot(), 1e-6 * norm.squareRoot(), "unknown \(j - count + m)")
        }
    }

    /// A 1-D Helmholtz problem u″ + k²u = (4 − π²) sin πx on [−1, 1] (made with k = 2) from 40
    /// exact measurements: a short Gauss–Newton solve recovers k from the guess 1.5 to 1e-4, the
    /// result holds /unknowns, and the history starts near the guess and ends at the value.
    func testShortSolveRecoversTheWaveNumber() throws {
        let json = #"""
            {"name": "inverse_1d", "kind": "helmholtz", "domain": {"type": "interval", "lower": -1, "upper": 1},
             "parameters": {"k": {"unknown": 1.5, "bounds": [0.5, 5], "true": 2}},
             "k": "k", "source": "(4 - pi^2)*sin(pi*x)", "exact": "sin(pi*x)",
             "measurements": {"generate": {"count": 40, "seed": 2}},
             "network": {"width": 12, "depth": 2},
             "training": {"phases": [{"gaussNewton": 120}], "interiorPoints": 64},
             "reference": {"grid": [129]}}
            """#
        let file = try ProblemFile.decode(json)
        var result = try SolvePipeline<Double>(problem: BoundProblem(file)).solve()
        result.problemJSON = json
        let unknowns = try XCTUnwrap(result.unknowns)
        XCTAssertEqual(unknowns.names, ["k"])
        XCTAssertEqual(unknowns.values[0], 2, accuracy: 2e-4)
        XCTAssertLessThanOrEqual(try XCTUnwrap(result.metrics["unknowns_max_relative_error"]), 1e-4)
        XCTAssertTrue(unknowns.standardErrors[0].isFinite && unknowns.standardErrors[0] > 0)
        XCTAssertTrue(unknowns.undetermined.isEmpty)
        XCTAssertEqual(unknowns.history.count, result.history.count)
        XCTAssertEqual(unknowns.history.last?[0], unknowns.values[0])
        XCTAssertGreaterThan(abs(try XCTUnwrap(unknowns.history.first?[0]) - 2), 0.05)
        XCTAssertLessThan(try XCTUnwrap(result.metrics["relative_l2_vs_exact"]), 1e-3)

        let dir = try TemporaryDirectory("pinn-inverse")
        let path = dir.file("inverse.h5")
        try result.write(to: path)
        let h5 = try HDF5File.openReadOnly(at: path)
        XCTAssertEqual(try h5.readDataset("/unknowns/value", as: Double.self).values, unknowns.values)
        XCTAssertEqual(try h5.readDataset("/unknowns/true_value", as: Double.self).values, [2])
        XCTAssertEqual(try h5.shape(of: "/unknowns/history"), [result.history.count, 1])
        XCTAssertEqual(try h5.stringAttribute("names", of: "/unknowns"), "k")
        XCTAssertEqual(try h5.shape(of: "/training/unknowns"), [result.history.count, 1])
        guard case .pde(let read) = try StoredResult.read(from: path) else { return XCTFail("not a PDE result") }
        let stored = try XCTUnwrap(read.unknowns)
        XCTAssertEqual(stored.values, unknowns.values)
        XCTAssertEqual(stored.history, [unknowns.history.map { $0[0] }])
        // pinn eval rebuilds the equation with the learned k: the residual is small (with the guess
        // 1.5 it would be (k² − 1.5²)·u ≈ 1.75·u).
        try Data("0.5\n-0.25\n".utf8).write(to: URL(fileURLWithPath: dir.file("points.csv")))
        let eval = try ProcessRun.run(
            TestPaths.pinn, ["eval", path, "--points", dir.file("points.csv"), "--output", dir.file("eval.csv")])
        XCTAssertEqual(eval.status, 0, eval.stderr)
        let rows = try String(contentsOfFile: dir.file("eval.csv"), encoding: .utf8).split(separator: "\n").dropFirst()
        XCTAssertEqual(rows.count, 2)
        for row in rows {
            let residual = try XCTUnwrap(Double(row.split(separator: ",")[2]))
            XCTAssertLessThan(abs(residual), 1e-2, String(row))
        }
        // The data beside the fit: 40 measurements of sin(πx), and the network there within the
        // fit's accuracy (exact data, so the misfit is the network's own error).
        let fit = try XCTUnwrap(read.measurementFit)
        XCTAssertEqual(fit.count, 40)
        XCTAssertEqual(fit.dimension, 1)
        for (x, u) in zip(fit.points, fit.measured) { XCTAssertEqual(u, sin(Double.pi * x), accuracy: 1e-12) }
        XCTAssertLessThan(fit.rmsMisfit, 1e-3)
        XCTAssertGreaterThan(fit.rmsMisfit, 0)
        XCTAssertEqual(try h5.shape(of: "/measurements/points"), [40, 1])
        let figures = try ResultPlots.write(forResultAt: path)
        XCTAssertTrue(figures.contains(dir.file("inverse_unknowns.png")), "\(figures)")
        XCTAssertTrue(figures.contains(dir.file("inverse_measurements.png")), "\(figures)")
    }

    /// Two unknowns that enter only as their product a·b cannot be told apart: the covariance
    /// names both as undetermined.
    func testUnknownsEnteringAsAProductAreReportedUndetermined() throws {
        let json = #"""
            {"name": "product", "kind": "poisson", "domain": {"type": "interval", "lower": 0, "upper": 1},
             "parameters": {"a": {"unknown": 1.5, "positive": true}, "b": {"unknown": 1.5, "positive": true}},
             "source": "a*b*pi^2*sin(pi*x)", "exact": "2*sin(pi*x)",
             "measurements": {"generate": {"count": 30, "seed": 2}},
             "network": {"width": 10, "depth": 2},
             "training": {"phases": [{"gaussNewton": 60}], "interiorPoints": 48},
             "reference": {"grid": [65]}}
            """#
        let result = try SolvePipeline<Double>(problem: BoundProblem(ProblemFile.decode(json))).solve()
        let unknowns = try XCTUnwrap(result.unknowns)
        XCTAssertEqual(unknowns.values[0] * unknowns.values[1], 2, accuracy: 1e-3)
        XCTAssertEqual(unknowns.undetermined, [["a", "b"]])
        XCTAssertTrue(unknowns.warning?.contains("(a, b)") ?? false, unknowns.warning ?? "no warning")
    }

    /// The same measurements from a CSV file (columns in any order), an HDF5 file (datasets named in
    /// the problem) and a NetCDF file (1-D variables) bind to the same table.
    func testCSVHDF5AndNetCDFMeasurementsBindAlike() throws {
        let dir = try TemporaryDirectory("inverse-files")
        defer { dir.remove() }
        try FileManager.default.createDirectory(atPath: dir.file("data"), withIntermediateDirectories: true)
        try Data("u,x,y\n0.25,0.5,0.5\n-1e-2,0.125,0.75\n".utf8).write(to: URL(fileURLWithPath: dir.file("data/u.csv")))
        try HDF5File.writeAtomically(to: dir.file("data/u.h5")) { h5 in
            try h5.writeDataset("/m/px", values: [0.5, 0.125])
            try h5.writeDataset("/m/py", values: [0.5, 0.75])
            try h5.writeDataset("/m/u", values: [0.25, -1e-2])
        }
        func table(_ measurements: String) throws -> MeasurementTable? {
            let json = #"""
                {"kind": "poisson", "parameters": {"s": {"unknown": 1}}, "source": "s",
                 "measurements": \#(measurements)}
                """#
            return try BoundProblem(ProblemFile.decode(json, file: dir.file("problem.json"))).measurements
        }
        let csv = try XCTUnwrap(try table(#"{"file": "data/u.csv", "noise": 0.01}"#))
        XCTAssertEqual(csv.points, [0.5, 0.5, 0.125, 0.75])
        XCTAssertEqual(csv.values, [0.25, -1e-2])
        XCTAssertEqual(try table(#"{"file": "data/u.h5", "x": "/m/px", "y": "/m/py", "u": "/m/u"}"#), csv)
        // NetCDF: 1-D variables over one dimension, in no particular order (not coordinates).
        try NetCDFFile.writeAtomically(to: dir.file("data/u.nc")) { nc in
            try nc.root.defineDimension("point", length: 2)
            for (name, values) in [("x", [0.5, 0.125]), ("y", [0.5, 0.75]), ("uu", [0.25, -1e-2])] {
                try nc.root.defineVariable(name, type: Double.self, dimensions: ["point"]).write(values)
            }
        }
        XCTAssertEqual(try table(#"{"file": "data/u.nc", "u": "uu"}"#), csv)
    }
}
