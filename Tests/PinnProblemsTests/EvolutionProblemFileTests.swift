import XCTest

@testable import PinnProblems

/// Heat and wave problem files: what they decode to, and one clear error (file and JSON path) for
/// each way of stating them wrongly.
final class EvolutionProblemFileTests: XCTestCase {
    private let heat = #""kind": "heat", "domain": {"type": "interval", "lower": 0, "upper": 1}"#

    private func error(_ json: String, line: UInt = #line) -> ProblemError? {
        problemDocumentError(json, line: line)
    }

    func testHeatFileDecodesTimeInitialConditionAndTVariable() throws {
        let file = try ProblemFile.decode(
            "{" + heat + #", "time": {"span": [0, 2], "outputTimes": 9}, "initial": {"value": "sin(pi*x)"},"#
                + #" "boundary": [{"on": "right", "value": "t"}, {"on": "left", "value": "0"}], "diffusivity": "a/2","#
                + #" "parameters": {"a": 0.5}, "exact": "exp(-t)*x"}"#, file: "p.json")
        XCTAssertEqual(file.kind, .heat)
        XCTAssertEqual(file.variables, ["x", "t"])
        XCTAssertEqual(file.time?.start, 0)
        XCTAssertEqual(file.time?.end, 2)
        XCTAssertEqual(file.time?.outputTimes, 9)
        XCTAssertNotNil(file.time?.causal, "causal weighting is on by default")
        XCTAssertEqual(file.evolutionCoefficient(), 0.25)
        XCTAssertEqual(file.source, "0", "the source defaults to 0")
        XCTAssertEqual(
            file.training.interiorPoints, ProblemFile.TrainingSettings.spaceTimePoints(dimension: 1).interior)
        let off = try ProblemFile.decode(
            "{" + heat + #", "time": {"span": [0, 1], "causal": false}, "initial": {"value": "0"}}"#)
        XCTAssertNil(off.time?.causal)
    }

    func testMissingInitialConditionNamesThePath() {
        let e = error("{" + heat + #", "time": {"span": [0, 1]}}"#)
        XCTAssertEqual(e?.file, "p.json")
        XCTAssertEqual(e?.path, "initial")
        XCTAssertTrue(e?.message.contains("initial condition") ?? false, e?.message ?? "")
    }

    func testMissingTimeSpan() {
        XCTAssertEqual(error("{" + heat + #", "initial": {"value": "0"}}"#)?.path, "time")
    }

    func testNonPositiveSpanIsRefused() {
        for span in ["[1, 1]", "[1, 0]"] {
            let e = error("{" + heat + #", "time": {"span": "# + span + #"}, "initial": {"value": "0"}}"#)
            XCTAssertEqual(e?.path, "time.span")
            XCTAssertTrue(e?.message.contains("positive time span") ?? false, e?.message ?? "")
        }
    }

    func testWaveWithoutInitialRateIsRefused() {
        let e = error(
            #"{"kind": "wave", "dimension": 1, "time": {"span": [0, 1]}, "initial": {"value": "sin(pi*x)"}}"#)
        XCTAssertEqual(e?.path, "initial.rate")
        XCTAssertTrue(e?.message.contains("u_t") ?? false, e?.message ?? "")
    }

    func testTimeInAPoissonProblemIsRefused() {
        let e = error(#"{"kind": "poisson", "source": "sin(pi*x)*t"}"#)
        XCTAssertEqual(e?.path, "source")
        XCTAssertTrue(e?.message.contains("time t") ?? false, e?.message ?? "")
        XCTAssertEqual(error(#"{"kind": "poisson", "source": "1", "time": {"span": [0, 1]}}"#)?.path, "time")
    }

    func testInitialConditionMayNotUseTime() {
        let e = error("{" + heat + #", "time": {"span": [0, 1]}, "initial": {"value": "t*x"}}"#)
        XCTAssertEqual(e?.path, "initial.value")
    }

    func testCoefficientsArePositiveConstants() {
        XCTAssertEqual(
            error("{" + heat + #", "time": {"span": [0, 1]}, "initial": {"value": "0"}, "diffusivity": -1}"#)?.path,
            "diffusivity")
        XCTAssertEqual(
            error("{" + heat + #", "time": {"span": [0, 1]}, "initial": {"value": "0"}, "speed": 2}"#)?.path, "speed")
    }
}
