import PinnNetwork
import PinnProblems

import struct PinnProblems.Expression

/// The known part g(z, t) of a universal differential equation's right-hand side (`model.known`), as
/// expressions over the states and t with their symbolic state Jacobian (see `KnownDynamics`).
public struct ExpressionDynamics: KnownDynamics {
    /// g_j over [states…, t].
    public let expressions: [Expression]
    /// ∂g_j/∂z_k (nil where the constant 0).
    let jacobian: [[Expression?]]
    public let stateDimension: Int
    public let description: String

    /// The known part of `settings` for `file` (see `ODEProblemFile.boundKnownDynamics`).
    public init(_ file: ODEProblemFile, settings: ODEProblemFile.NeuralODESettings) throws(ProblemError) {
        let g = try file.boundKnownDynamics(settings)
        expressions = g
        jacobian = g.map { e in
            file.states.map { name in
                let d = e.derivative(withRespectTo: name)
                return d.constantValue == 0 ? nil : d
            }
        }
        stateDimension = file.states.count
        description = file.states.map { "\($0)' = \(settings.known[$0]?.text ?? "0")" }.joined(separator: "; ")
    }

    /// Runs `body` with the point [z, t] (no allocation).
    private func withPoint<R>(_ z: [Double], _ t: Double, _ body: (UnsafeBufferPointer<Double>) -> R) -> R {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: stateDimension + 1) { point in
            for i in 0..<stateDimension { point[i] = z[i] }
            point[stateDimension] = t
            return body(UnsafeBufferPointer(point))
        }
    }

    public func add(at z: [Double], t: Double, to out: inout [Double]) {
        withPoint(z, t) { point in for j in 0..<stateDimension { out[j] += expressions[j].evaluate(point) } }
    }

    public func addPullback(at z: [Double], t: Double, cotangent a: [Double], to stateGradient: inout [Double]) {
        withPoint(z, t) { point in
            for j in 0..<stateDimension where a[j] != 0 {
                for k in 0..<stateDimension {
                    if let d = jacobian[j][k] { stateGradient[k] += a[j] * d.evaluate(point) }
                }
            }
        }
    }

    public func addJacobian(at z: [Double], t: Double, to out: inout [Double]) {
        let n = stateDimension
        withPoint(z, t) { point in
            for j in 0..<n {
                for k in 0..<n { if let d = jacobian[j][k] { out[j + k * n] += d.evaluate(point) } }
            }
        }
    }
}
