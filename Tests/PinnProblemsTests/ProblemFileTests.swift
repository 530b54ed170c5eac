import XCTest

@testable import PinnProblems

final class ProblemFileTests: XCTestCase {
    private func error(_ json: String, file: String = "poisson.json") -> ProblemError? {
        do {
            _ = try ProblemFile.decode(json, file: file)
            XCTFail("expected an error for \(json)")
            return nil
        } catch {
            return error
        }
    }

    /// `phases` names the optimiser phases in order with their options; the old keys say the same,
    /// and a phase a file does not name does not run.
    func testTrainingPhasesAsAListOrAsTheOldKeys() throws {
        func training(_ json: String) throws -> ProblemFile.TrainingSettings {
            try ProblemFile.decode(#"{"kind": "poisson", "source": 1, "training": "# + json + "}").training
        }
        let listed = try training(
            #"{"phases": [{"adam": 300, "learningRate": 2e-3}, {"lbfgs": 20}, {"gaussNewton": 500, "damping": 1e-6}]}"#)
        XCTAssertEqual(listed.adamSteps, 300)
        XCTAssertEqual(listed.learningRate, 2e-3)
        XCTAssertEqual(listed.lbfgsIterations, 20)
        XCTAssertEqual(listed.gaussNewtonIterations, 500)
        XCTAssertEqual(listed.gaussNewtonDamping, 1e-6)
        let keys = try training(
            #"{"adamSteps": 300, "learningRate": 2e-3, "lbfgsIterations": 20, "gaussNewtonIterations": 500, "gaussNewtonDamping": 1e-6}"#
        )
        XCTAssertEqual(keys, listed)
        let adamOnly = try training(#"{"adamSteps": 50}"#)
        XCTAssertEqual([adamOnly.adamSteps, adamOnly.lbfgsIterations, adamOnly.gaussNewtonIterations], [50, 0, 0])
        let gaussNewtonOnly = try training(#"{"phases": [{"gaussNewton": 7}]}"#)
        XCTAssertEqual(
            [gaussNewtonOnly.adamSteps, gaussNewtonOnly.lbfgsIterations, gaussNewtonOnly.gaussNewtonIterations],
            [0, 0, 7])
        let defaults = try training(#"{"interiorPoints": 100}"#)
        XCTAssertEqual([defaults.adamSteps, defaults.lbfgsIterations, defaults.gaussNewtonIterations], [0, 0, 1000])
    }

    /// Each mistake in `phases` is one error naming its JSON path.
    func testTrainingPhaseErrorsNameTheirPath() {
        func error(_ json: String) -> ProblemError? {
            do {
                _ = try ProblemFile.decode(#"{"kind": "poisson", "source": 1, "training": "# + json + "}")
                return nil
            } catch { return error }
        }
        let cases: [(String, String, String)] = [
            (#"{"phases": [{"gaussNewton": 5}, {"adam": 5}]}"#, "training.phases[1]", "in the order adam, lbfgs"),
            (#"{"phases": [{"adam": 5, "lbfgs": 5}]}"#, "training.phases[0]", "one optimiser per phase"),
            (#"{"phases": [{"learningRate": 1e-3}]}"#, "training.phases[0]", "one optimiser key"),
            (#"{"phases": [{"gausNewton": 5}]}"#, "training.phases[0].gausNewton", "did you mean 'gaussNewton'"),
            (#"{"phases": [{"lbfgs": 5, "damping": 1}]}"#, "training.phases[0].damping", "gaussNewton phase"),
            (#"{"phases": [{"gaussNewton": 5, "learningRate": 1}]}"#, "training.phases[0].learningRate", "adam phase"),
            (#"{"phases": [{"adam": 5}], "adamSteps": 5}"#, "training.adamSteps", "both set the optimiser phases"),
            (#"{"phases": []}"#, "training.phases", "at least one phase")
        ]
        for (json, path, words) in cases {
            let e = error(json)
            XCTAssertEqual(e?.path, path, json)
            XCTAssertTrue(e?.message.contains(words) ?? false, "\(json): \(e?.message ?? "no error")")
        }
        XCTAssertEqual(error(#"{"gaussNewtonDamping": 0}"#)?.path, "training.gaussNewtonDamping")
    }

    func testMinimalFileGetsDefaults() throws {
        let p = try ProblemFile.decode(#"{"kind": "poisson", "source": 1}"#)
        XCTAssertEqual(p.name, "problem")
        XCTAssertEqual(p.kind, .poisson)
        XCTAssertEqual(p.dimension, 2)
        XCTAssertEqual(p.domain, .rectangle(lower: [0, 0], upper: [1, 1]))
        XCTAssertEqual(p.source.expression?.text, "1")
        XCTAssertEqual(p.boundary, [ProblemFile.BoundaryConditionSpec(on: .all, condition: .dirichlet(value: "0"))])
        XCTAssertNil(p.exact)
        XCTAssertEqual(p.network, ProblemFile.NetworkSettings(width: 24, depth: 2, omega0: nil))
        XCTAssertEqual(p.training, ProblemFile.TrainingSettings())
        XCTAssertEqual(p.training.adamSteps, 0)
        XCTAssertEqual(p.training.learningRate, 1e-3)
        XCTAssertEqual(p.training.lbfgsIterations, 0)
        XCTAssertEqual(p.training.gaussNewtonIterations, 1000)
        XCTAssertEqual(p.training.gaussNewtonDamping, 1e-4)
        XCTAssertEqual(p.training.interiorPoints, 1024)
        XCTAssertEqual(p.training.boundaryPoints, 256)
        XCTAssertEqual(p.training.seed, 0)
        XCTAssertEqual(p.training.precision, .f64)
        XCTAssertEqual(p.reference.grid, [129, 129])
        XCTAssertEqual(p.output.path, "Outputs/problem.h5")

        let line = try ProblemFile.decode(
            #"{"kind": "poisson", "source": 1, "domain": {"type": "interval", "lower": 0, "upper": 2}}"#)
        XCTAssertEqual(line.dimension, 1)
        XCTAssertEqual(line.reference.grid, [1025])
        let ball = try ProblemFile.decode(
            #"{"kind": "poisson", "source": 1, "domain": {"type": "ball", "radius": 2}, "reference": {}}"#)
        XCTAssertEqual(ball.reference.grid, [33, 33, 33])
        XCTAssertEqual(ball.domain, .ball(center: [0, 0, 0], radius: 2))
    }

    func testFullFileRoundTripsFields() throws {
        let json = #"""
            { "name": "wave", "kind": "helmholtz", "dimension": 2,
              "domain": {"type": "polygon", "vertices": [[0,0],[2,0],[2,1],[0,1]]},
              "parameters": {"a": 1.5},
              "source": "2*pi^2*sin(pi*x)*sin(pi*y)", "k": "a*pi",
              "boundary": [ {"on": "edge:0", "type": "dirichlet", "value": "0"},
                            {"on": {"edge": 1}, "type": "neumann", "value": "x*y"},
                            {"on": "all", "type": "robin", "alpha": 1, "beta": "a", "value": "y"} ],
              "exact": "sin(pi*x)*sin(pi*y)",
              "network": {"width": 32, "depth": 4, "omega0": 5},
              "training": {"seed": 7, "adamSteps": 100, "learningRate": 2e-3, "lbfgsIterations": 50,
                           "interiorPoints": 256, "boundaryPoints": 64, "resampleEvery": 10, "sampler": "sobol",
                           "boundaryWeight": 5, "weighting": "annealing", "precision": "f32"},
              "reference": {"grid": [65, 33]},
              "output": {"path": "Outputs/wave.h5"} }
            """#
        let p = try ProblemFile.decode(json)
        XCTAssertEqual(p.name, "wave")
        XCTAssertEqual(p.kind, .helmholtz)
        XCTAssertEqual(p.domain, .polygon(vertices: [[0, 0], [2, 0], [2, 1], [0, 1]]))
        XCTAssertEqual(p.parameters, ["a": 1.5])
        XCTAssertEqual(p.k?.text, "a*pi")
        XCTAssertEqual(p.boundary.map(\.on), [.edge(0), .edge(1), .all])
        XCTAssertEqual(p.boundary[1].condition, .neumann(value: "x*y"))
        XCTAssertEqual(p.boundary[2].condition, .robin(alpha: "1", beta: "a", value: "y"))
        XCTAssertEqual(p.exact?.expression?.text, "sin(pi*x)*sin(pi*y)")
        XCTAssertEqual(p.network, ProblemFile.NetworkSettings(width: 32, depth: 4, omega0: 5))
        var t = ProblemFile.TrainingSettings()
        t.seed = 7; t.adamSteps = 100; t.learningRate = 2e-3; t.lbfgsIterations = 50; t.gaussNewtonIterations = 0
        t.interiorPoints = 256; t.boundaryPoints = 64; t.resampleEvery = 10; t.sampler = .sobol
        t.boundaryWeight = 5; t.weighting = .annealing; t.precision = .f32
        XCTAssertEqual(p.training, t)
        XCTAssertEqual(p.reference.grid, [65, 33])
        XCTAssertEqual(p.output.path, "Outputs/wave.h5")
    }

    func testLoadReadsFileAndNamesItInErrors() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pinn-problemfile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("good.json"), bad = dir.appendingPathComponent("bad.json")
        try Data(#"{"kind": "poisson", "source": "x"}"#.utf8).write(to: good)
        try Data(#"{"kind": "poisson", "source": "x", "netwrok": {}}"#.utf8).write(to: bad)
        XCTAssertEqual(try ProblemFile.load(contentsOf: good.path).source.expression?.text, "x")
        XCTAssertThrowsError(try ProblemFile.load(contentsOf: bad.path)) { error in
            XCTAssertTrue("\(error)".hasPrefix(bad.path + ": netwrok: unknown key 'netwrok'"), "\(error)")
        }
    }

    func testUnknownKind() {
        let e = error(#"{"kind": "poison", "source": 1}"#)
        XCTAssertEqual(e?.path, "kind")
        XCTAssertEqual(
            e?.description,
            "poisson.json: kind: unknown problem kind 'poison' (expected poisson, helmholtz, heat or wave; did you mean 'poisson'?)"
        )
    }

    func testUnknownBoundaryType() {
        let e = error(#"{"kind": "poisson", "source": 1, "boundary": [{"value": 0}, {"type": "dirichet"}]}"#)
        XCTAssertEqual(
            e?.description,
            "poisson.json: boundary[1].type: unknown boundary condition 'dirichet' (expected dirichlet, neumann or robin; did you mean 'dirichlet'?)"
        )
    }

    func testMisspeltKeyWithSuggestion() {
        let e = error(#"{"kind": "poisson", "source": 1, "training": {"learningRte": 0.01}}"#)
        XCTAssertEqual(e?.path, "training.learningRte")
        XCTAssertTrue(e?.message.contains("did you mean 'learningRate'?") ?? false, "\(String(describing: e))")
        let top = error(#"{"kind": "poisson", "sourse": 1}"#)
        XCTAssertEqual(top?.path, "sourse")
        XCTAssertTrue(top?.message.contains("did you mean 'source'?") ?? false)
    }

    func testWrongType() {
        let e = error(#"{"kind": "poisson", "source": 1, "network": {"width": "64"}}"#)
        XCTAssertEqual(e?.description, "poisson.json: network.width: expected an integer")
        let grid = error(#"{"kind": "poisson", "source": 1, "reference": {"grid": [129, "x"]}}"#)
        XCTAssertEqual(grid?.path, "reference.grid[1]")
    }

    func testBadExpressionReportsColumn() {
        let e = error(#"{"kind": "poisson", "source": "2*pi^2*sinn(pi*x)"}"#)
        XCTAssertEqual(e?.path, "source")
        XCTAssertTrue(e?.message.contains("column 8: unknown function 'sinn'") ?? false, "\(String(describing: e))")
        let z = error(#"{"kind": "poisson", "source": 0, "boundary": [{"value": "z"}]}"#)
        XCTAssertEqual(z?.path, "boundary[0].value")
        XCTAssertTrue(z?.message.contains("column 1") ?? false, "\(String(describing: z))")
    }

    func testDimensionMismatch() {
        let e = error(#"{"kind": "poisson", "source": 1, "dimension": 3, "domain": {"type": "disk", "radius": 1}}"#)
        XCTAssertEqual(e?.path, "dimension")
        XCTAssertTrue(e?.message.contains("does not match the disk domain") ?? false)
        let lengths = error(
            #"{"kind": "poisson", "source": 1, "domain": {"type": "rectangle", "lower": [0,0,0], "upper": [1,1]}}"#)
        XCTAssertEqual(lengths?.path, "domain.lower")
    }

    func testLowerNotBelowUpper() {
        let e = error(
            #"{"kind": "poisson", "source": 1, "domain": {"type": "rectangle", "lower": [0, 1], "upper": [1, 1]}}"#)
        XCTAssertEqual(e?.path, "domain.upper[1]")
        let r = error(#"{"kind": "poisson", "source": 1, "domain": {"type": "disk", "radius": 0}}"#)
        XCTAssertEqual(r?.path, "domain.radius")
    }

    func testRobinMissingAlpha() {
        let e = error(#"{"kind": "poisson", "source": 1, "boundary": [{"type": "robin", "beta": 1, "value": 0}]}"#)
        XCTAssertEqual(e?.path, "boundary[0].alpha")
        XCTAssertTrue(e?.message.hasPrefix("missing required key 'alpha'") ?? false)
    }

    func testUnknownBoundaryPart() {
        let e = error(#"{"kind": "poisson", "source": 1, "boundary": [{"on": "lefft"}]}"#)
        XCTAssertEqual(e?.path, "boundary[0].on")
        XCTAssertTrue(e?.message.contains("did you mean 'left'?") ?? false, "\(String(describing: e))")
        let side = error(#"{"kind": "poisson", "source": 1, "domain": {"type": "disk"}, "boundary": [{"on": "top"}]}"#)
        XCTAssertEqual(side?.path, "boundary[0].on")
    }

    func testGridAndCounts() {
        XCTAssertEqual(
            error(#"{"kind": "poisson", "source": 1, "reference": {"grid": [3, 129]}}"#)?.path, "reference.grid[0]")
        XCTAssertEqual(
            error(#"{"kind": "poisson", "source": 1, "training": {"interiorPoints": 0}}"#)?.path,
            "training.interiorPoints")
        XCTAssertEqual(error(#"{"kind": "helmholtz", "source": 1}"#)?.path, "k")
    }
}
