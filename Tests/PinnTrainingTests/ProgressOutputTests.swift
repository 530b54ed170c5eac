import Foundation
import PinnTestSupport
import XCTest

@testable import PinnTraining

/// The progress display (bar on a terminal, lines otherwise) and the JSON-lines log, on a fake clock.
final class ProgressOutputTests: XCTestCase {
    final class Clock: @unchecked Sendable {
        var now = 100.0
    }

    func entry(_ step: Int, phase: String = "adam") -> TrainingLogEntry {
        TrainingLogEntry(
            phase: phase, step: step, loss: 1.0 / Double(step + 1),
            terms: [.init("residual", 0.5 / Double(step + 1)), .init("boundary", 0.25)],
            weight: 2, learningRate: phase == "adam" ? 1e-3 : 0)
    }

    func testPlainLinesEveryNStepsAndAtTheEndWithRateAndETA() {
        var written = ""
        let clock = Clock()
        let display = ProgressDisplay(
            total: 250, style: .lines(every: 100), write: { written += $0 }, clock: { clock.now })
        for step in 0..<250 {
            display.logged(entry(step))
            clock.now += 0.01
        }
        display.finish()
        let lines = written.split(separator: "\n")
        XCTAssertEqual(lines.count, 4, written) // steps 0, 100, 200 and the last, 249
        XCTAssertFalse(written.contains("\r"))
        XCTAssertTrue(
            lines[1].hasPrefix(
                "adam  101/250  loss 9.901e-03  residual 4.950e-03  boundary 2.500e-01  λ 2  lr 1.00e-03"),
            String(lines[1]))
        // 100 steps in 1 s: 100 steps/s, 149 steps left.
        XCTAssertTrue(lines[1].hasSuffix("100.0 steps/s  ETA 1s"), String(lines[1]))
        XCTAssertTrue(lines[3].hasPrefix("adam  250/250"), String(lines[3]))
    }

    /// A Gauss–Newton iteration shows the damping its step was computed with and the step length
    /// taken, or that the step was not taken, in the progress line and in the JSON log.
    func testGaussNewtonLinesShowTheDampingAndTheStepLength() throws {
        var written = ""
        let display = ProgressDisplay(total: 2, style: .lines(every: 1), write: { written += $0 }, clock: { 0 })
        let path = NSTemporaryDirectory() + "pinn-log-\(UUID().uuidString).jsonl"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let log = try JSONLinesLog(path: path, clock: { 0 })
        for (step, length) in [(0, 0.25), (1, 0.0)] {
            let e = TrainingLogEntry(
                phase: "gaussNewton", step: step, loss: 1e-9, learningRate: 0,
                gaussNewton: GaussNewtonStep(damping: 3.2e-7, stepLength: length))
            display.logged(e)
            log.logged(e)
        }
        log.finish()
        let lines = written.split(separator: "\n")
        XCTAssertEqual(lines.count, 2, written)
        XCTAssertTrue(lines[0].contains("loss 1.000e-09  μ 3.2e-07 α 0.25"), String(lines[0]))
        XCTAssertTrue(lines[1].contains("μ 3.2e-07 rejected"), String(lines[1]))
        let objects = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        XCTAssertEqual(objects.map { $0["damping"] as? Double }, [3.2e-7, 3.2e-7])
        XCTAssertEqual(objects.map { $0["step_length"] as? Double }, [0.25, 0])
    }

    func testTheBarRedrawsOneLineThatFitsTheTerminalAndNotesKeepIt() throws {
        var written = ""
        let clock = Clock()
        let display = ProgressDisplay(
            total: 2000, style: .bar(columns: 80), write: { written += $0 }, clock: { clock.now })
        for step in 0..<1000 {
            display.logged(entry(step))
            clock.now += 0.001
        }
        // At most ten redraws a second: 1 s of steps gives about 10 frames, not 1000.
        let frames = written.components(separatedBy: "\r").filter { !$0.isEmpty }
        XCTAssertGreaterThanOrEqual(frames.count, 9)
        XCTAssertLessThanOrEqual(frames.count, 11)
        for frame in frames {
            XCTAssertFalse(frame.contains("\n"))
            let text = frame.replacingOccurrences(of: "\u{1B}[K", with: "")
            XCTAssertLessThan(text.count, 80, text)
        }
        let last = try XCTUnwrap(frames.last)
        // Step ≈ 990 of 2000 (the last frame drawn within 0.1 s of the end): a half-filled bar of
        // ten, the loss (the terms do not fit in 80 columns), the rate (1000 steps/s) and the time left.
        XCTAssertNotNil(
            last.range(
                of: #"^adam   9[0-9][0-9]/2000 \[====>     \]  4[5-9]%  loss [0-9.e+-]+  1000\.0 steps/s  ETA 1s"#,
                options: .regularExpression), last)
        // A wide terminal shows the terms and λ too, and a longer bar.
        XCTAssertNotNil(
            display.barLine(entry(999), now: clock.now, columns: 160).range(
                of:
                    #"^adam  1000/2000 \[==========>         \]  50%  loss 1\.000e-03  residual 5\.00e-04  boundary 2\.50e-01  λ 2  [0-9.]+ steps/s"#,
                options: .regularExpression), display.barLine(entry(999), now: clock.now, columns: 160))
        written = ""
        display.note("a note")
        XCTAssertTrue(written.hasPrefix("\r\u{1B}[Ka note\n" + last), written)
        display.logged(entry(1999, phase: "lbfgs"))
        display.finish()
        XCTAssertTrue(written.hasSuffix("\n"))
        XCTAssertTrue(written.contains("lbfgs 2000/2000 [==========] 100%  loss"), written)
    }

    func testQuietShowsOnlyNotes() {
        var written = ""
        let display = ProgressDisplay(total: 10, style: .quiet, write: { written += $0 })
        for step in 0..<10 { display.logged(entry(step)) }
        display.note("rolled back")
        display.finish()
        XCTAssertEqual(written, "rolled back\n")
    }

    func testDurationsReadAsSecondsMinutesHours() {
        XCTAssertEqual(ProgressDisplay.durationText(42), "42s")
        XCTAssertEqual(ProgressDisplay.durationText(185), "3:05")
        XCTAssertEqual(ProgressDisplay.durationText(3723), "1:02:03")
    }

    func testTheJSONLogHasOneParsableObjectPerStepWrittenAsItGoes() throws {
        let path = NSTemporaryDirectory() + "pinn-log-\(UUID().uuidString).jsonl"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let clock = Clock()
        let log = try JSONLinesLog(path: path, elapsedBefore: 5, clock: { clock.now })
        log.logged(entry(0))
        clock.now += 0.5
        // Each line is in the file as soon as it is logged.
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count, 1)
        log.logged(
            TrainingLogEntry(phase: "lbfgs", step: 1, loss: .nan, terms: [.init("condition", 2)], learningRate: 0))
        log.note("a \"quoted\" note\n")
        log.finish()
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 3)
        let objects = try lines.map {
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        XCTAssertEqual(objects[0]["step"] as? Int, 0)
        XCTAssertEqual(objects[0]["phase"] as? String, "adam")
        XCTAssertEqual(objects[0]["loss"] as? Double, 1)
        XCTAssertEqual(objects[0]["residual"] as? Double, 0.5)
        XCTAssertEqual(objects[0]["boundary"] as? Double, 0.25)
        XCTAssertEqual(objects[0]["boundary_weight"] as? Double, 2)
        XCTAssertEqual(objects[0]["learning_rate"] as? Double, 1e-3)
        XCTAssertEqual(objects[0]["elapsed_seconds"] as? Double, 5)
        XCTAssertTrue(objects[1]["loss"] is NSNull, "a non-finite loss is null")
        XCTAssertEqual(objects[1]["condition"] as? Double, 2)
        XCTAssertEqual(objects[1]["elapsed_seconds"] as? Double, 5.5)
        XCTAssertEqual(objects[2]["event"] as? String, "note")
        XCTAssertEqual(objects[2]["message"] as? String, "a \"quoted\" note\n")
    }

    func testAnUnwritableJSONLogIsAClearError() {
        XCTAssertThrowsError(try JSONLinesLog(path: "/nonexistent-dir/log.jsonl")) {
            XCTAssertTrue(
                "\($0)".hasPrefix("cannot open the JSON log /nonexistent-dir/log.jsonl: No such file"), "\($0)")
        }
    }
}
