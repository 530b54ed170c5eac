import Foundation
import PinnTestSupport
import XCTest

/// Runs `pinn bench` (the executable built beside the tests) and checks the allocation counts it
/// measures with its malloc interposer: a steady-state PINN training step (forward jets, loss,
/// reverse passes, Adam) makes no heap allocation, for both problems, both precisions and two
/// network shapes. (`pinn bench` refuses to run when the interposer does not count, so a zero here
/// is a measured zero.) Nothing here is timed.
final class BenchAllocationTests: XCTestCase {
    /// The JSON lines `pinn bench` prints for `arguments`.
    private func bench(_ arguments: [String]) throws -> [[String: Any]] {
        let run = try ProcessRun.run(TestPaths.pinn, ["bench", "--json"] + arguments)
        XCTAssertEqual(run.status, 0, run.stderr)
        return try run.stdout.split(separator: "\n").map { line in
            try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], String(line))
        }
    }

    func testSteadyStatePINNStepMakesNoAllocation() throws {
        for problem in ["poisson", "helmholtz"] {
            let cases = try bench([
                "--no-peak", "--problem", problem, "--sizes", "16x2,32x3", "--precisions", "f32,f64",
                "--points", "600", "--boundary", "120", "--steps", "3", "--repeats", "1"
            ])
            XCTAssertEqual(cases.count, 4, problem)
            for c in cases {
                let name = "\(problem) \(c["case"] ?? "?") \(c["precision"] ?? "?")"
                XCTAssertEqual(c["steps"] as? Int, 3, name)
                XCTAssertEqual(c["allocations_per_step"] as? Double, 0, name)
                XCTAssertTrue((c["final_loss"] as? Double)?.isFinite ?? false, name)
            }
        }
    }

    func testSameSeedAndThreadCountGiveTheSameLosses() throws {
        let arguments = [
            "--no-peak", "--sizes", "16x2", "--points", "600", "--boundary", "120", "--steps", "3",
            "--repeats", "1", "--seed", "5"
        ]
        let first = try bench(arguments).map { $0["final_loss"] as? Double }
        let second = try bench(arguments).map { $0["final_loss"] as? Double }
        XCTAssertEqual(first.count, 2)
        XCTAssertEqual(first, second)
    }

    #if !DEBUG
        /// In optimized builds (`swift test -c release`) the Neural ODE adjoint iteration allocates nothing
        /// either; a debug build calls the standard library's unspecialized generics, which allocate.
        func testNeuralODEAdjointIterationMakesNoAllocation() throws {
            let cases = try bench(["--node", "--node-gradient", "adjoint", "--iters", "3"])
            XCTAssertEqual(cases.count, 1)
            XCTAssertEqual(cases.first?["allocations_per_iter"] as? Double, 0)
        }
    #endif
}
