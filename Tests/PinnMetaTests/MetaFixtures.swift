import Foundation
import PinnMeta
import PinnNetwork
import PinnNumerics
import PinnProblems
import PinnTestSupport
import PinnTraining
import XCTest

/// A small Poisson family in a temporary directory: u = sin(aπx)sin(bπy)/((a²+b²)π²) on the unit
/// square, a, b in [1, 2], a SIREN 2 → 8×3 → 1 and few points, so that tests run in a debug build.
struct TinyFamily {
    let temporary: TemporaryDirectory
    var directory: String { temporary.path }
    let family: ProblemFamily

    init(width: Int = 8, depth: Int = 3, members: Int = 4, metaTraining: String = "", evaluation: String = "") throws {
        temporary = try TemporaryDirectory("meta-tests")
        let directory = temporary.path
        let base = """
            {"name": "tiny", "kind": "poisson", "parameters": {"a": 1, "b": 1},
             "source": "sin(a*pi*x)*sin(b*pi*y)",
             "boundary": [{"on": "all", "type": "dirichlet", "value": "sin(a*pi*x)*sin(b*pi*y)/((a^2 + b^2)*pi^2)"}],
             "exact": "sin(a*pi*x)*sin(b*pi*y)/((a^2 + b^2)*pi^2)",
             "network": {"width": \(width), "depth": \(depth), "omega0": 3},
             "training": {"boundaryWeight": 10}}
            """
        let settings = metaTraining.isEmpty ? "" : ", " + metaTraining
        let family = """
            {"kind": "family", "base": "tiny.json", "parameters": {"a": [1, 2], "b": [1, 2]}, "members": \(members),
             "metaTraining": {"interiorPoints": 24, "boundaryPoints": 12\(settings)}\(evaluation.isEmpty ? "" : ", \"evaluation\": {" + evaluation + "}")}
            """
        try Data(base.utf8).write(to: URL(fileURLWithPath: directory + "/tiny.json"))
        try Data(family.utf8).write(to: URL(fileURLWithPath: directory + "/family.json"))
        self.family = try ProblemFamily.load(contentsOf: directory + "/family.json")
    }

    func remove() { temporary.remove() }
}

/// The total loss L_r + λL_b of `parameters` on `task` (no gradients).
func totalLoss(
    _ parameters: [Double], _ architecture: SirenArchitecture, _ task: MetaTask<Double>,
    mask: ParameterMask? = nil
) -> Double {
    var loss = PDELoss(interior: task.interior, boundary: task.boundary)
    loss.parameterMask = mask
    let terms = loss.evaluate(Siren(architecture: architecture, parameters: parameters))
    return terms.residual + task.boundaryWeight * terms.boundary
}

/// ∂f/∂θ_i by fourth-order central differences with step h.
func centralGradient(_ f: ([Double]) -> Double, at x: [Double], h: Double) -> [Double] {
    x.indices.map { i in
        var p = x
        func at(_ d: Double) -> Double { p[i] = x[i] + d; return f(p) }
        return (8 * (at(h) - at(-h)) - (at(2 * h) - at(-2 * h))) / (12 * h)
    }
}

/// A test case over member 0 of a fresh `TinyFamily` and the tiny SIREN 2 → 8×3 → 1 (ω₀ = 3).
class TinyTaskTestCase: XCTestCase {
    var tiny: TinyFamily!
    var task: MetaTask<Double>!
    let architecture = SirenArchitecture(inputs: 2, width: 8, depth: 3, omega0: 3)

    override func setUpWithError() throws {
        tiny = try TinyFamily()
        task = try tiny.family.tasks(0..<1)[0]
    }

    override func tearDown() { tiny.remove() }
}

/// ‖a − b‖₂ / ‖b‖₂.
func relativeDifference(_ a: [Double], _ b: [Double]) -> Double {
    let num = zip(a, b).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
    return (num / b.reduce(0.0) { $0 + $1 * $1 }).squareRoot()
}
