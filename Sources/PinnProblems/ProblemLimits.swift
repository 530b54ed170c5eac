import Foundation

/// Upper bounds on the sizes a problem file may ask for, shared by the PDE and ODE validators and
/// mirrored in `Problems/schema/problem.schema.json`. They keep a typo (an extra zero or three)
/// from turning into an allocation the machine cannot make.
public enum ProblemLimits {
    /// Units per hidden layer.
    public static let width = 1...4096
    /// Hidden layers.
    public static let depth = 1...64
    /// Adam steps (PDE `adamSteps`, ODE `steps`).
    public static let optimizerSteps = 0...100_000_000
    /// L-BFGS iterations.
    public static let lbfgsIterations = 0...10_000_000
    /// Training points of one kind (interior, boundary, collocation).
    public static let points = 1...10_000_000

    /// Weights and biases of a SIREN `inputs` → `width`^`depth` → `outputs`.
    public static func sirenParameters(inputs: Int, width: Int, depth: Int, outputs: Int) -> Int {
        inputs * width + width + max(0, depth - 1) * (width * width + width) + width * outputs + outputs
    }

    /// Bytes a Gauss–Newton step needs beyond the jet: the N × P Jacobian in the network's precision
    /// and in float64 (the one the step is computed from), and the min(N, P)² Gram matrix.
    public static func gaussNewtonBytes(points: Int, parameters: Int, bytesPerScalar: Int) -> Double {
        let n = Double(points), p = Double(parameters)
        return n * p * Double(bytesPerScalar + 8) + min(n, p) * min(n, p) * 8
    }

    /// Bytes of the training workspace of a SIREN of `width` × `depth` on `points` points in
    /// `dimension` space dimensions at `bytesPerScalar`: the forward Laplacian jet carries the value,
    /// `dimension` first and `dimension` second derivatives per unit, kept for every layer for the
    /// reverse pass, plus as much again for the adjoints. A rough estimate (within a factor of 2).
    public static func workspaceBytes(points: Int, width: Int, depth: Int, dimension: Int, bytesPerScalar: Int)
        -> Double
    {
        let perUnit = Double(1 + 2 * dimension) * 2
        return Double(points) * Double(width) * Double(depth) * perUnit * Double(bytesPerScalar)
    }

    /// The memory a training workspace may use: half of the machine's physical memory.
    public static var workspaceBudget: Double { Double(ProcessInfo.processInfo.physicalMemory) / 2 }

    /// `bytes` in binary units, such as "3.2 GiB".
    static func format(bytes: Double) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]
        var value = bytes, unit = 0
        while value >= 1024, unit < units.count - 1 { value /= 1024; unit += 1 }
        return String(format: "%.1f %@", value, units[unit])
    }

    /// Checks that an output path written in a problem file (at JSON path `key`) stays below the
    /// directory pinn runs in: relative, and no `..` that climbs above it. (`command`'s `--output`
    /// may write anywhere; a problem file, which may come from someone else, may not.)
    static func checkOutputPath(
        _ path: String, at key: String = "output.path",
        command: String = "pinn solve"
    ) throws(ProblemError) {
        guard !path.isEmpty else { throw ProblemError(path: key, message: "expected a non-empty path") }
        guard !path.hasPrefix("/"), !path.hasPrefix("~") else {
            throw ProblemError(
                path: key,
                message: "expected a relative path inside the directory pinn runs in, "
                    + "found the absolute path '\(path)' (use \(command) --output to write elsewhere)")
        }
        var depth = 0
        for component in path.split(separator: "/") {
            switch component {
            case ".": continue
            case "..": depth -= 1
            default: depth += 1
            }
            guard depth >= 0 else {
                throw ProblemError(
                    path: key,
                    message: "the path '\(path)' leaves the directory pinn runs in "
                        + "(use \(command) --output to write elsewhere)")
            }
        }
    }
}
