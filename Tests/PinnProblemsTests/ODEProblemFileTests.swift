import Foundation
import XCTest

@testable import PinnProblems

final class ODEProblemFileTests: XCTestCase {
    /// A minimal valid problem with `extra` spliced into the top-level object.
    private func json(
        _ extra: String = "", rhs: String = #"{"x": "a*x - x*y", "y": "-y + x*y"}"#,
        initial: String = #"{"x": 1, "y": 1}"#
    ) -> String {
        #"{"kind": "ode", "states": ["x", "y"], "parameters": {"a": 1.5}, "rhs": \#(rhs), "initial": \#(initial), "span": [0, 10]"#
            + (extra.isEmpty ? "" : ", " + extra) + "}"
    }

    private func error(_ json: String, file: String = "lv.json") -> ProblemError? {
        do {
            _ = try ODEProblemFile.decode(json, file: file)
            XCTFail("expected an error for \(json)")
            return nil
        } catch {
            XCTAssertFalse(error.message.hasPrefix("not valid JSON"), "a broken test case: \(json)")
            return error
        }
    }

    func testMinimalFileGetsDefaults() throws {
        let p = try ODEProblemFile.decode(json())
        XCTAssertEqual(p.name, "problem")
        XCTAssertNil(p.description)
        XCTAssertEqual(p.states, ["x", "y"])
        XCTAssertEqual(p.order, 1)
        XCTAssertEqual(p.rhs, ["a*x - x*y", "-y + x*y"])
        XCTAssertEqual(p.initialState, [1, 1])
        XCTAssertTrue(p.isInitialValueProblem)
        XCTAssertEqual(p.span, ODEProblemFile.TimeSpan(start: 0, end: 10))
        XCTAssertEqual(p.variables, ["x", "y", "t"])
        XCTAssertEqual(p.solver.method, .dopri5)
        XCTAssertEqual(p.solver.rtol, 1e-6)
        XCTAssertEqual(p.solver.atol, 1e-8)
        XCTAssertEqual(p.solver.maxSteps, 100_000)
        XCTAssertNil(p.solver.step)
        XCTAssertEqual(p.solver.reference, .init(method: .auto, rtol: 1e-10, atol: 1e-12))
        XCTAssertEqual(p.observations, .init(source: .generate(.init(count: 100, times: .uniform, noise: 0, seed: 0))))
        XCTAssertEqual(p.trainUntil, 10)
        XCTAssertEqual(
            p.model,
            .neuralODE(.init(width: 32, depth: 2, activation: .tanh, omega: 1, timeInput: false, scaling: .data)))
        let t = p.training
        XCTAssertEqual(
            [t.steps, t.batchSize, t.collocationPoints, t.lbfgsIterations, t.gaussNewtonIterations],
            [1000, 16, 1024, 0, 50])
        XCTAssertNil(t.batchTime, "growing windows")
        XCTAssertEqual(t.seed, 0)
        XCTAssertEqual(t.learningRate, 1e-2)
        XCTAssertEqual(t.gradient, .adjoint)
        XCTAssertEqual(t.initialWeight, 100)
        XCTAssertEqual(p.output.path, "Outputs/problem.h5")
        XCTAssertEqual(p.expect, [:])
        XCTAssertNil(p.observationFilePath)
    }

    func testFullFileDecodesEveryField() throws {
        let p = try ODEProblemFile.decode(
            json(
                #"""
                "name": "lv", "description": "predator-prey",
                "solver": {"method": "rk4", "rtol": 1e-5, "atol": 1e-7, "maxSteps": 5000, "step": 0.01,
                           "reference": {"rtol": 1e-9}},
                "observations": {"generate": {"count": 50, "times": "random", "noise": 0.1, "seed": 3, "trainUntil": 7}},
                "model": {"type": "neuralODE", "width": 16, "depth": 3, "activation": "sine", "omega": 2, "timeInput": true},
                "training": {"seed": 5, "steps": 20, "learningRate": 0.01, "batchTime": 10, "batchSize": 4, "gradient": "backprop"},
                "output": {"path": "out/lv.h5"},
                "expect": {"relative_l2_train_window": 0.01, "relative_l2_extrapolation": 0.1}
                """#))
        XCTAssertEqual(p.name, "lv")
        XCTAssertEqual(p.description, "predator-prey")
        var solver = ODEProblemFile.SolverSettings(method: .rk4, step: 0.01)
        solver.rtol = 1e-5; solver.atol = 1e-7; solver.maxSteps = 5000
        solver.reference = .init(rtol: 1e-9, atol: 1e-12)
        XCTAssertEqual(p.solver, solver)
        XCTAssertEqual(p.observations.source, .generate(.init(count: 50, times: .random, noise: 0.1, seed: 3)))
        XCTAssertEqual(p.trainUntil, 7)
        XCTAssertEqual(p.model, .neuralODE(.init(width: 16, depth: 3, activation: .sine, omega: 2, timeInput: true)))
        XCTAssertEqual([p.training.seed], [5])
        XCTAssertEqual([p.training.steps, p.training.batchTime, p.training.batchSize], [20, 10, 4])
        XCTAssertEqual(p.training.learningRate, 0.01)
        XCTAssertEqual(p.training.gradient, .backprop)
        XCTAssertEqual(p.output.path, "out/lv.h5")
        XCTAssertEqual(p.expect, ["relative_l2_train_window": 0.01, "relative_l2_extrapolation": 0.1])
    }

    func testRHSAndInitialAsArraysMatchTheObjectForm() throws {
        let byName = try ODEProblemFile.decode(json())
        let inOrder = try ODEProblemFile.decode(json(rhs: #"["a*x - x*y", "-y + x*y"]"#, initial: "[1, 1]"))
        XCTAssertEqual(inOrder, byName)
        let bound = try inOrder.boundRHS()
        XCTAssertEqual(bound.map(\.variables), [["x", "y", "t"], ["x", "y", "t"]])
        XCTAssertEqual(bound[0].evaluate([2, 3, 0]), 1.5 * 2 - 2 * 3, accuracy: 1e-15)
    }

    func testRHSForAnUnknownStateSuggestsTheClosest() {
        let e = error(json(rhs: #"{"x": "x", "y": "y", "yy": "0"}"#))
        XCTAssertEqual(e?.description, "lv.json: rhs.yy: unknown state 'yy' (expected x or y; did you mean 'y'?)")
    }

    func testMissingRHSOfAStateNamesIt() {
        XCTAssertEqual(
            error(json(rhs: #"{"x": "x"}"#))?.description, "lv.json: rhs.y: missing the right-hand side of state 'y'")
        let e = error(#"{"kind": "ode", "states": ["x"], "initial": [0], "span": [0, 1]}"#)
        XCTAssertEqual(e?.path, "rhs")
        XCTAssertTrue(e?.message.hasPrefix("missing required key 'rhs'") ?? false)
    }

    func testRHSArrayOfTheWrongLength() {
        let e = error(json(rhs: #"["x", "y", "1"]"#))
        XCTAssertEqual(e?.description, "lv.json: rhs: expected 2 right-hand sides (one per state: x, y), found 3")
        XCTAssertEqual(error(json(rhs: #""x""#))?.path, "rhs")
    }

    func testInitialOfTheWrongLength() {
        let e = error(json(initial: "[1, 2, 3]"))
        XCTAssertEqual(e?.description, "lv.json: initial: expected 2 initial values (one per state: x, y), found 3")
        XCTAssertEqual(error(json(initial: #"{"x": 1, "z": 2}"#))?.path, "initial.z")
        XCTAssertEqual(error(json(initial: #"[1, "2"]"#))?.description, "lv.json: initial[1]: expected a number")
    }

    func testMissingInitialValueNamesTheState() {
        let e = error(json(initial: #"{"x": 1}"#))
        XCTAssertEqual(e?.path, "initial.y")
        XCTAssertTrue(e?.message.contains("state 'y' has 0 conditions") ?? false, "\(String(describing: e))")
        let none = error(#"{"kind": "ode", "states": ["x"], "rhs": ["x"], "span": [0, 1]}"#)
        XCTAssertEqual(none?.path, "initial")
    }

    func testSpanMustIncrease() {
        XCTAssertEqual(error(json().replacingOccurrences(of: "[0, 10]", with: "[10, 0]"))?.path, "span")
        XCTAssertEqual(error(json().replacingOccurrences(of: "[0, 10]", with: "[0, 0]"))?.path, "span")
        let three = error(json().replacingOccurrences(of: "[0, 10]", with: "[0, 5, 10]"))
        XCTAssertEqual(three?.description, "lv.json: span: expected [t0, t1] (2 numbers), found 3 numbers")
    }

    func testTrainUntilOutsideTheSpan() {
        let late = error(json(#""observations": {"generate": {"trainUntil": 11}}"#))
        XCTAssertEqual(late?.path, "observations.generate.trainUntil")
        XCTAssertEqual(
            error(json(#""observations": {"generate": {"trainUntil": 0}}"#))?.path, "observations.generate.trainUntil")
        let file = error(json(#""observations": {"file": "d.csv", "trainUntil": -1}"#))
        XCTAssertEqual(file?.path, "observations.trainUntil")
        let beside = error(json(#""observations": {"generate": {}, "trainUntil": 5}"#))
        XCTAssertEqual(beside?.path, "observations.trainUntil")
        XCTAssertTrue(beside?.message.contains("inside 'generate'") ?? false)
    }

    func testUnknownMethodSuggestsTheClosest() {
        let e = error(json(#""solver": {"method": "dopri"}"#))
        XCTAssertEqual(
            e?.description,
            "lv.json: solver.method: unknown solver method 'dopri' (expected dopri5, radau5, auto, rk4 or euler; "
                + "did you mean 'dopri5'?)"
        )
        let reference = error(json(#""solver": {"reference": {"method": "radau"}}"#))
        XCTAssertEqual(
            reference?.description,
            "lv.json: solver.reference.method: unknown reference method 'radau' (expected auto, dopri5 or radau5; "
                + "did you mean 'radau5'?)")
        XCTAssertEqual(error(json(#""solver": {"reference": {"method": "rk4"}}"#))?.path, "solver.reference.method")
    }

    func testStiffMethodsAndTheReferenceMethodDecode() throws {
        let p = try ODEProblemFile.decode(json(#""solver": {"method": "radau5", "reference": {"method": "radau5"}}"#))
        XCTAssertEqual(p.solver.method, .radau5)
        XCTAssertFalse(p.solver.method.isFixedStep)
        XCTAssertEqual(p.solver.reference, .init(method: .radau5, rtol: 1e-10, atol: 1e-12))
        let auto = try ODEProblemFile.decode(json(#""solver": {"method": "auto", "reference": {"rtol": 1e-8}}"#))
        XCTAssertEqual(auto.solver.method, .auto)
        XCTAssertEqual(auto.solver.reference, .init(method: .auto, rtol: 1e-8, atol: 1e-12))
    }

    func testFixedStepMethodNeedsAStep() {
        let e = error(json(#""solver": {"method": "euler"}"#))
        XCTAssertEqual(e?.path, "solver.step")
        XCTAssertTrue(e?.message.hasPrefix("missing required key 'step'") ?? false)
        XCTAssertEqual(error(json(#""solver": {"method": "rk4", "step": 0}"#))?.path, "solver.step")
        let tooMany = error(json(#""solver": {"method": "rk4", "step": 0.001, "maxSteps": 100}"#))
        XCTAssertEqual(tooMany?.path, "solver.step")
        XCTAssertTrue(tooMany?.message.contains("10000 steps") ?? false, "\(String(describing: tooMany))")
        XCTAssertEqual(error(json(#""solver": {"rtol": 0}"#))?.path, "solver.rtol")
        XCTAssertEqual(error(json(#""solver": {"reference": {"atol": -1}}"#))?.path, "solver.reference.atol")
    }

    func testExpressionThatFailsToBindIsReportedAtItsPath() {
        let e = error(json(rhs: #"{"x": "a*x - b*x*y", "y": "y"}"#))
        XCTAssertEqual(e?.path, "rhs.x")
        XCTAssertTrue(
            e?.message.hasPrefix("invalid expression 'a*x - b*x*y': column 7: unknown identifier 'b'") ?? false,
            "\(String(describing: e))")
        let inOrder = error(json(rhs: #"["x", "sinn(t)"]"#))
        XCTAssertEqual(inOrder?.path, "rhs[1]")
        XCTAssertTrue(inOrder?.message.contains("did you mean 'sin'?") ?? false)
        // Built programmatically, the object-form path is used.
        var p = try? ODEProblemFile.decode(json())
        p?.rhs[1] = "y + z"
        XCTAssertThrowsError(try p?.validate()) { XCTAssertEqual(($0 as? ProblemError)?.path, "rhs.y") }
    }

    func testStateAndParameterNamesMustBeDistinctIdentifiers() {
        let time = error(#"{"kind": "ode", "states": ["t"], "rhs": ["1"], "initial": [0], "span": [0, 1]}"#)
        XCTAssertEqual(time?.description, "lv.json: states[0]: invalid name 't': it is the time variable")
        XCTAssertEqual(
            error(#"{"kind": "ode", "states": ["x", "x"], "rhs": ["1", "1"], "initial": [0, 0], "span": [0, 1]}"#)?
                .path, "states[1]")
        XCTAssertEqual(
            error(#"{"kind": "ode", "states": ["pi"], "rhs": ["1"], "initial": [0], "span": [0, 1]}"#)?.path,
            "states[0]")
        XCTAssertEqual(
            error(#"{"kind": "ode", "states": [], "rhs": [], "initial": [], "span": [0, 1]}"#)?.path, "states")
        XCTAssertEqual(
            error(json(#""parameters": {"x": 1}"#).replacingOccurrences(of: #""parameters": {"a": 1.5}, "#, with: ""))?
                .path,
            "parameters.x")
    }

    func testTwoPointBoundaryProblemOfOrderTwo() throws {
        let p = try ODEProblemFile.decode(
            #"""
            {"kind": "ode", "states": ["u"], "order": 2, "rhs": {"u": "-u - 0.1*u_t"}, "span": [0, 2],
             "boundary": [{"at": 0, "state": "u", "value": 0}, {"at": 2, "state": "u", "value": 1}]}
            """#)
        XCTAssertEqual(p.variables, ["u", "u_t", "t"])
        XCTAssertEqual(p.model, .pinn(ProblemFile.NetworkSettings(width: 64, depth: 3)))
        XCTAssertFalse(p.isInitialValueProblem)
        XCTAssertNil(p.initialState)
        XCTAssertEqual(p.conditions.map(\.at), [0, 2])
        XCTAssertEqual(try p.boundRHS()[0].evaluate([1, 2, 0]), -1.2, accuracy: 1e-15)

        let mixed = try ODEProblemFile.decode(
            #"""
            {"kind": "ode", "states": ["u"], "order": 2, "rhs": ["-u"], "span": [0, 2], "initial": {"u_t": 1},
             "boundary": [{"at": 0, "state": "u", "value": 0}]}
            """#)
        XCTAssertTrue(mixed.isInitialValueProblem)
        XCTAssertEqual(mixed.initialState, [0, 1])
        XCTAssertEqual(
            mixed.conditions, [.init(at: 0, state: "u", derivative: 1, value: 1), .init(at: 0, state: "u", value: 0)])
    }

    func testOrderTwoInitialArrayHoldsValuesThenDerivatives() throws {
        let both =
            #"{"kind": "ode", "states": ["x", "y"], "order": 2, "rhs": ["-x", "-y"], "span": [0, 1], "initial": [1, 2, 3, 4]}"#
        let p = try ODEProblemFile.decode(both)
        XCTAssertEqual(p.initial, ["x": 1, "y": 2, "x_t": 3, "y_t": 4])
        XCTAssertEqual(p.firstOrderStates, ["x", "y", "x_t", "y_t"])
        XCTAssertEqual(p.initialState, [1, 2, 3, 4])
        let values = error(both.replacingOccurrences(of: "[1, 2, 3, 4]", with: "[1, 2]"))
        XCTAssertEqual(values?.path, "initial.x_t")
        XCTAssertTrue(
            values?.message.contains("give 'x_t' in 'initial', or a boundary condition") ?? false,
            "\(String(describing: values))")
        let three = error(both.replacingOccurrences(of: "[1, 2, 3, 4]", with: "[1, 2, 3]"))
        XCTAssertEqual(three?.path, "initial")
        XCTAssertTrue(three?.message.hasPrefix("expected 2 or 4 initial values") ?? false)
        XCTAssertEqual(
            error(#"{"kind": "ode", "states": ["u", "u_t"], "order": 2, "rhs": ["0", "0"], "span": [0, 1]}"#)?.path,
            "states[1]")
        XCTAssertEqual(error(json(#""order": 3"#))?.path, "order")
    }

    func testBoundaryConditionErrors() {
        func bvp(_ boundary: String, order: Int = 2) -> String {
            #"{"kind": "ode", "states": ["u"], "order": \#(order), "rhs": ["-u"], "span": [0, 2], "boundary": \#(boundary)}"#
        }
        XCTAssertEqual(
            error(bvp(#"[{"at": 0, "state": "v", "value": 0}, {"at": 2, "state": "u", "value": 0}]"#))?.path,
            "boundary[0].state")
        XCTAssertEqual(
            error(bvp(#"[{"at": 0, "state": "u", "value": 0, "derivative": 1}]"#, order: 1))?.path,
            "boundary[0].derivative")
        XCTAssertEqual(
            error(bvp(#"[{"at": 0, "state": "u", "value": 0}, {"at": 3, "state": "u", "value": 0}]"#))?.path,
            "boundary[1].at")
        let twice = error(bvp(#"[{"at": 2, "state": "u", "value": 0}, {"at": 2, "state": "u", "value": 1}]"#))
        XCTAssertEqual(
            twice?.description, "lv.json: boundary[1]: a second condition on u(2) (already given in boundary[0])")
        let three = error(
            bvp(
                #"[{"at": 0, "state": "u", "value": 0}, {"at": 1, "state": "u", "value": 0}, {"at": 2, "state": "u", "value": 0}]"#
            ))
        XCTAssertEqual(three?.path, "boundary[2]")
        XCTAssertTrue(three?.message.contains("needs exactly 2 per state") ?? false)
        XCTAssertEqual(error(bvp(#"[{"at": 2, "state": "u", "value": 0}]"#))?.path, "initial.u")
        XCTAssertEqual(
            error(bvp(#"[{"at": 2, "state": "u"}]"#))?.description,
            "lv.json: boundary[0].value: missing required key 'value'")
    }

    func testNeuralODENeedsAFirstOrderInitialValueProblem() {
        let e = error(
            #"""
            {"kind": "ode", "states": ["u"], "rhs": ["-u"], "span": [0, 2], "boundary": [{"at": 2, "state": "u", "value": 1}],
             "model": {"type": "neuralODE"}}
            """#)
        XCTAssertEqual(e?.path, "model.type")
        XCTAssertTrue(e?.message.hasPrefix("a neuralODE model needs a first-order initial value problem") ?? false)
    }

    func testModelAndTrainingKeysDependOnTheModelType() throws {
        let pinn = try ODEProblemFile.decode(
            json(
                #""model": {"type": "pinn", "omega0": 3}, "training": {"collocationPoints": 64, "lbfgsIterations": 0, "initialWeight": 10}"#
            ))
        XCTAssertEqual(pinn.model, .pinn(.init(width: 64, depth: 3, omega0: 3)))
        XCTAssertEqual([pinn.training.collocationPoints, pinn.training.lbfgsIterations], [64, 0])
        XCTAssertEqual(pinn.training.initialWeight, 10)

        let wrongModel = error(json(#""training": {"collocationPoints": 64}"#))
        XCTAssertEqual(wrongModel?.path, "training.collocationPoints")
        XCTAssertTrue(
            wrongModel?.message.hasPrefix(
                "'collocationPoints' applies only to a pinn model, and this problem's model is neuralODE") ?? false)
        XCTAssertEqual(
            error(json(#""model": {"type": "pinn"}, "training": {"batchTime": 5}"#))?.path, "training.batchTime")
        let misspelt = error(json(#""training": {"batchTmie": 5}"#))
        XCTAssertTrue(misspelt?.message.contains("did you mean 'batchTime'?") ?? false)
        XCTAssertEqual(error(json(#""model": {"type": "pinn", "omega": 3}"#))?.path, "model.omega")
        XCTAssertEqual(error(json(#""model": {"omega": 3}"#))?.path, "model.type")
        XCTAssertEqual(
            error(json(#""model": {"type": "neuralODE", "omega": 3}"#))?.description,
            "lv.json: model.omega: 'omega' applies only to the sine activation")
        XCTAssertEqual(
            error(json(#""model": {"type": "neuralOde"}"#))?.message,
            "unknown model type 'neuralOde' (expected neuralODE, pinn or parameterEstimation; did you mean 'neuralODE'?)"
        )
        XCTAssertEqual(error(json(#""training": {"batchTime": 1}"#))?.path, "training.batchTime")
        XCTAssertEqual(
            error(json(#""model": {"type": "pinn"}, "training": {"steps": 0, "lbfgsIterations": 0}"#))?.path,
            "training.steps")
        XCTAssertEqual(error(json(#""model": {"type": "neuralODE", "width": 0}"#))?.path, "model.width")
    }

    func testObservationsFromFiles() throws {
        let csv = try ODEProblemFile.decode(
            json(#""observations": {"file": "data/lv.csv", "trainUntil": 6}"#), file: "Problems/lv.json")
        XCTAssertEqual(csv.observations, .init(source: .file(.init(path: "data/lv.csv", format: .csv)), trainUntil: 6))
        XCTAssertEqual(csv.baseDirectory, "Problems")
        XCTAssertEqual(csv.observationFilePath, "Problems/data/lv.csv")
        let h5 = try ODEProblemFile.decode(json(#""observations": {"file": "obs/lv.h5"}"#), file: "lv.json")
        XCTAssertEqual(
            h5.observations.source,
            .file(.init(path: "obs/lv.h5", format: .hdf5(.init(times: "/t", states: .matrix("/y"))))))
        XCTAssertEqual(h5.observationFilePath, "obs/lv.h5")
        // Outside the project folder (the folder above the problem file's).
        XCTAssertEqual(error(json(#""observations": {"file": "/data/lv.h5"}"#))?.path, "observations.file")
        let named = try ODEProblemFile.decode(
            json(#""observations": {"file": "lv.hdf5", "times": "/obs/t", "states": "/obs/z"}"#))
        XCTAssertEqual(
            named.observations.source,
            .file(.init(path: "lv.hdf5", format: .hdf5(.init(times: "/obs/t", states: .matrix("/obs/z"))))))
        XCTAssertEqual(named.observationFilePath, "lv.hdf5")

        XCTAssertEqual(error(json(#""observations": {"file": "lv.txt"}"#))?.path, "observations.file")
        XCTAssertEqual(error(json(#""observations": {"file": "lv.csv", "times": "/t"}"#))?.path, "observations.times")
        XCTAssertEqual(
            error(json(#""observations": {"file": "lv.csv", "generate": {}}"#))?.message,
            "give either 'generate' or 'file', not both")
        XCTAssertEqual(error(json(#""observations": {}"#))?.path, "observations")
        XCTAssertEqual(
            error(json(#""observations": {"generate": {"times": "uniformly"}}"#))?.path, "observations.generate.times")
        XCTAssertEqual(error(json(#""observations": {"generate": {"count": 1}}"#))?.path, "observations.generate.count")
        XCTAssertEqual(
            error(json(#""observations": {"generate": {"noise": -0.1}}"#))?.path, "observations.generate.noise")
    }

    func testExpectBoundsKnownMetrics() {
        let e = error(json(#""expect": {"relative_l2_extrapolaton": 0.1}"#))
        XCTAssertEqual(e?.path, "expect.relative_l2_extrapolaton")
        XCTAssertTrue(e?.message.contains("did you mean 'relative_l2_extrapolation'?") ?? false)
        let nothingToExtrapolate = error(json(#""expect": {"relative_l2_extrapolation": 0.1}"#))
        XCTAssertEqual(nothingToExtrapolate?.path, "expect.relative_l2_extrapolation")
        XCTAssertEqual(
            error(json(#""expect": {"relative_l2_vs_reference": 0}"#))?.path, "expect.relative_l2_vs_reference")
    }

    func testUnknownTopLevelKeyAndWrongKind() {
        let e = error(json(#""obsevations": {}"#))
        XCTAssertEqual(e?.path, "obsevations")
        XCTAssertTrue(e?.message.contains("did you mean 'observations'?") ?? false)
        XCTAssertEqual(
            error(json().replacingOccurrences(of: #""kind": "ode""#, with: #""kind": "poisson""#))?.message,
            "unknown problem kind 'poisson' (expected ode)")
    }

    // MARK: - The dispatcher

    func testDocumentDispatchesOnKind() throws {
        let poisson = try ProblemDocument.decode(#"{"kind": "poisson", "source": 1}"#)
        guard case .pde(let p) = poisson else { return XCTFail("expected a PDE, got \(poisson)") }
        XCTAssertEqual(p.kind, .poisson)
        let helmholtz = try ProblemDocument.decode(#"{"kind": "helmholtz", "source": 1, "k": 2, "name": "h"}"#)
        XCTAssertEqual(helmholtz.kind, "helmholtz")
        XCTAssertEqual(helmholtz.name, "h")
        XCTAssertEqual(helmholtz.outputPath, "Outputs/h.h5")
        let ode = try ProblemDocument.decode(json(#""name": "lv""#))
        XCTAssertEqual(ode, .ode(try ODEProblemFile.decode(json(#""name": "lv""#))))
        XCTAssertEqual(ode.kind, "ode")
        XCTAssertEqual(ProblemDocument.kinds, ["poisson", "helmholtz", "heat", "wave", "ode"])
    }

    func testDocumentRejectsUnknownOrMissingKind() {
        func documentError(_ json: String, line: UInt = #line) -> ProblemError? {
            problemDocumentError(json, line: line)
        }
        XCTAssertEqual(
            documentError(#"{"kind": "oed"}"#)?.description,
            "p.json: kind: unknown problem kind 'oed' (expected poisson, helmholtz, heat, wave or ode; did you mean 'ode'?)"
        )
        XCTAssertEqual(
            documentError(#"{"source": 1}"#)?.description,
            "p.json: kind: missing required key 'kind' (expected poisson, helmholtz, heat, wave or ode)")
        XCTAssertEqual(documentError(#"{"kind": 1}"#)?.description, "p.json: kind: expected a string")
        XCTAssertEqual(documentError("[1]")?.description, "p.json: expected an object (the problem)")
        XCTAssertEqual(documentError("{")?.path, "")
        XCTAssertEqual(documentError(#"{"kind": "poisson", "sourse": 1}"#)?.path, "sourse")
        XCTAssertEqual(documentError(json(rhs: #"{"x": "x"}"#))?.path, "rhs.y")
    }

    func testDocumentLoadNamesTheFileInEveryError() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pinn-document-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("good.json"), bad = dir.appendingPathComponent("bad.json")
        try Data(json().utf8).write(to: good)
        try Data(json(#""solver": {"method": "rk5"}"#).utf8).write(to: bad)
        guard case .ode(let p) = try ProblemDocument.load(contentsOf: good.path) else {
            return XCTFail("expected an ODE")
        }
        XCTAssertEqual(p.baseDirectory, dir.path)
        XCTAssertThrowsError(try ProblemDocument.load(contentsOf: bad.path)) { error in
            XCTAssertTrue("\(error)".hasPrefix(bad.path + ": solver.method: unknown solver method 'rk5'"), "\(error)")
        }
        let missing = dir.appendingPathComponent("missing.json").path
        XCTAssertThrowsError(try ProblemDocument.load(contentsOf: missing)) { error in
            XCTAssertEqual((error as? ProblemError)?.file, missing)
        }
        XCTAssertEqual(try ODEProblemFile.load(contentsOf: good.path).states, ["x", "y"])
    }

    func testEveryExampleLoadsThroughTheDocumentAndTheODEOnesDecode() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Problems")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }
            .sorted()
        var odeNames: [String] = [], checkedRHS = 0
        // PDEs on meshes need PinnSolve's Gmsh reader; they load in PinnSolveTests (ExampleProblems).
        struct MeshDomain: Error {}
        var meshes = 0
        for name in names {
            let path = directory.appendingPathComponent(name).path
            if ProblemFamily.isFamily(try Data(contentsOf: URL(fileURLWithPath: path))) { continue }
            let document: ProblemDocument
            do {
                document = try ProblemDocument.load(
                    contentsOf: path,
                    readMesh: { _, _ in
                        meshes += 1; throw MeshDomain()
                    })
            } catch {
                let path = error.path, message = error.message
                guard path == "domain.file", message == "\(MeshDomain())" else { throw error }
                continue
            }
            guard case .ode(let problem) = document else { continue }
            odeNames.append(name)
            XCTAssertEqual(problem.name + ".json", name)
            XCTAssertFalse(problem.expect.isEmpty, "\(name) documents no expected error")
            // The bound right-hand sides at the initial state (or at 0.5 where the conditions do not give
            // it there), against closed forms of the examples written out here.
            let f = try problem.boundRHS()
            let t = problem.span.start + 0.25 * problem.span.length
            let z = (problem.initialState ?? [Double](repeating: 0.5, count: problem.firstOrderStates.count)).map {
                $0 + 0.3
            }
            let values = f.map { $0.evaluate(z + [t]) }
            XCTAssertTrue(values.allSatisfy(\.isFinite), "\(name): \(values)")
            if let expected = Self.exampleRHS[name]?(z, t) {
                for (value, e) in zip(values, expected) {
                    XCTAssertEqual(value, e, accuracy: 1e-12 * max(1, abs(e)), name)
                }
                checkedRHS += 1
            }
        }
        XCTAssertEqual(checkedRHS, Self.exampleRHS.count, "every closed form below has its example")
        XCTAssertGreaterThanOrEqual(meshes, 3, "the mesh examples ask for their mesh")
        XCTAssertTrue(
            Set([
                "spiral.json", "lotka_volterra.json", "damped_oscillator.json", "van_der_pol.json",
                "exponential_pinn.json"
            ]).isSubset(of: odeNames), "\(odeNames)")
    }

    /// The right-hand sides of example ODEs by file name, written out from their descriptions: (z, t) ↦ dz/dt.
    private static let exampleRHS: [String: @Sendable ([Double], Double) -> [Double]] = [
        "lotka_volterra.json": { z, _ in [1.5 * z[0] - z[0] * z[1], -3 * z[1] + z[0] * z[1]] },
        "damped_oscillator.json": { z, _ in [z[1], -4 * z[0] - 2 * 0.1 * 2 * z[1]] },
        "van_der_pol.json": { z, _ in [z[1], (1 - z[0] * z[0]) * z[1] - z[0]] },
        "exponential_pinn.json": { z, t in [-2 * z[0] + sin(t)] },
        "two_point_pinn.json": { z, _ in [-sin(z[0])] },
        "sir_epidemic.json": { z, _ in [-0.3 * z[0] * z[1], 0.3 * z[0] * z[1] - 0.1 * z[1], 0.1 * z[1]] }
    ]

    /// The spiral example is Chen et al.'s cubic system dy/dt = (y³)A with their matrix and initial state;
    /// its neuralODE model is fed y³ (`inputPower` 3), as in their demo.
    func testSpiralExampleIsChenEtAlsCubicSystem() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Problems")
        let spiral = try ODEProblemFile.load(contentsOf: directory.appendingPathComponent("spiral.json").path)
        let f = try spiral.boundRHS()
        // dy/dt = (y³) A with y a row vector and A = [[-0.1, 2], [-2, -0.1]].
        let (x, y) = (0.7, -1.3)
        XCTAssertEqual(f[0].evaluate([x, y, 0]), -0.1 * x * x * x - 2 * y * y * y, accuracy: 1e-14)
        XCTAssertEqual(f[1].evaluate([x, y, 0]), 2 * x * x * x - 0.1 * y * y * y, accuracy: 1e-14)
        XCTAssertEqual(spiral.initialState, [2, 0])
        guard case .neuralODE(let model) = spiral.model else { return XCTFail("spiral is not a neural ODE") }
        XCTAssertEqual(model.inputPower, 3, "the demo's network is fed y³")
    }
}
