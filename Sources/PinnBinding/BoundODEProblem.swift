import PinnODE
import PinnProblems

import struct PinnProblems.Expression

/// An ODE problem file with its right-hand sides bound, as the first-order system the solvers take.
///
/// With n states z and order 1 the system is y = z, y′ = f(z, t). With order 2 (z″ = f(z, z′, t)) it is
/// y = [z, z′] (2n components, `file.firstOrderStates`), y′ = [z′, f(z, z′, t)]. Each right-hand side
/// is an expression in the variables `file.variables` = first-order states, then t; `jacobian[j][k]`
/// is its exact symbolic derivative ∂f_j/∂y_k (used by the PINN's reverse pass).
public struct BoundODEProblem: Sendable {
    public let file: ODEProblemFile
    /// f_j for each state j, in state order, over `file.variables`.
    public let rhs: [Expression]
    /// ∂f_j/∂y_k for each state j and first-order state k.
    public let jacobian: [[Expression]]

    /// Binds the right-hand sides and differentiates them.
    /// - Throws: `ProblemError` at `rhs.<state>` when an expression does not bind.
    public init(_ file: ODEProblemFile) throws(ProblemError) {
        self.file = file
        rhs = try file.boundRHS()
        let names = file.firstOrderStates
        jacobian = rhs.map { f in names.map { f.derivative(withRespectTo: $0) } }
    }

    /// n, the number of states.
    public var stateCount: Int { file.states.count }
    /// The size of the first-order system: n·order.
    public var systemSize: Int { file.firstOrderStates.count }

    /// The first-order system y′ = F(t, y) as a solver right-hand side. Allocates its scratch once
    /// per closure; not for concurrent use.
    public func systemFunction() -> ODEFunction {
        let n = stateCount, size = systemSize, order = file.order
        let rhs = self.rhs
        var point = [Double](repeating: 0, count: size + 1)
        return { t, y, dy in
            for k in 0..<size { point[k] = y[k] }
            point[size] = t
            if order == 2 { for j in 0..<n { dy[j] = y[n + j] } }
            let offset = order == 2 ? n : 0
            for j in 0..<n { dy[offset + j] = rhs[j].evaluate(point) }
        }
    }

    /// The Jacobian ∂F/∂y of the first-order system, from the right-hand sides' symbolic derivatives
    /// (`jacobian`): for order 1 the n × n matrix ∂f_j/∂z_k; for order 2, with y = [z, z′],
    /// [[0, I], [∂f/∂z, ∂f/∂z′]]. Column-major, as `ODEJacobian` writes it. Allocates its scratch once
    /// per closure; not for concurrent use.
    public func systemJacobian() -> ODEJacobian {
        let n = stateCount, size = systemSize, order = file.order
        let jacobian = self.jacobian
        var point = [Double](repeating: 0, count: size + 1)
        return { t, y, out in
            for k in 0..<size { point[k] = y[k] }
            point[size] = t
            for i in out.indices { out[i] = 0 }
            let offset = order == 2 ? n : 0
            if order == 2 { for j in 0..<n { out[j + (n + j) * size] = 1 } }
            for j in 0..<n {
                for k in 0..<size where jacobian[j][k].constantValue != 0 {
                    out[offset + j + k * size] = jacobian[j][k].evaluate(point)
                }
            }
        }
    }

    /// The options of the reference trajectory: the file's reference tolerances and step limit.
    public var referenceOptions: AdaptiveOptions {
        AdaptiveOptions(
            relativeTolerance: file.solver.reference.rtol, absoluteTolerance: file.solver.reference.atol,
            maxSteps: file.solver.maxSteps)
    }

    /// The reference method (`solver.reference.method`, default auto) with `referenceOptions`.
    public var referenceMethod: ODEMethod {
        switch file.solver.reference.method {
        case .auto: .auto(referenceOptions)
        case .dopri5: .dormandPrince(referenceOptions)
        case .radau5: .radau5(referenceOptions)
        }
    }
}
