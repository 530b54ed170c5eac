import PinnNetwork
import PinnNumerics

/// Interior collocation data for the linear second-order PDE  a·Δu + c(x)·u = f(x).
///
/// Poisson −Δu = f is a = −1, c = 0; Helmholtz Δu + k²u = f is a = 1, c = k².
public struct InteriorBatch<T: PinnScalar>: Sendable {
    /// Points, `d × B`.
    public var points: Matrix<T>
    /// f at each point.
    public var source: [T]
    /// c(x) at each point (empty when c ≡ 0).
    public var reaction: [T]
    /// The constant a in front of the Laplacian.
    public var laplacianCoefficient: T

    public init(points: Matrix<T>, source: [T], reaction: [T] = [], laplacianCoefficient: T) {
        precondition(
            source.count == points.cols && (reaction.isEmpty || reaction.count == points.cols),
            "one source (and reaction) value per point")
        self.points = points
        self.source = source
        self.reaction = reaction
        self.laplacianCoefficient = laplacianCoefficient
    }
}

/// Boundary collocation data for conditions in Robin form  α·u + β·∂u/∂n = g  with outward normals n.
/// Dirichlet is α = 1, β = 0; Neumann is α = 0, β = 1.
public struct BoundaryBatch<T: PinnScalar>: Sendable {
    /// Points, `d × B`.
    public var points: Matrix<T>
    /// Outward unit normals, `d × B`.
    public var normals: Matrix<T>
    public var alpha: [T]
    public var beta: [T]
    public var value: [T]

    public init(points: Matrix<T>, normals: Matrix<T>, alpha: [T], beta: [T], value: [T]) {
        let b = points.cols
        precondition(
            normals.rows == points.rows && normals.cols == b && alpha.count == b && beta.count == b && value.count == b,
            "one normal, α, β and g per boundary point")
        self.points = points
        self.normals = normals
        self.alpha = alpha
        self.beta = beta
        self.value = value
    }

    /// Whether any condition involves ∂u/∂n (then the forward pass must carry the gradient).
    public var needsGradient: Bool {
        for i in beta.indices where beta[i] != 0 { return true } // (`contains` allocates when unspecialized)
        return false
    }
}

/// The value of each loss term.
public struct LossTerms: Equatable, Sendable, Codable {
    /// mean over interior points of r², r = a·Δu + c·u − f.
    public var residual: Double
    /// mean over boundary points of (α·u + β·∂u/∂n − g)².
    public var boundary: Double

    public init(residual: Double, boundary: Double) {
        self.residual = residual
        self.boundary = boundary
    }
}

/// The PINN loss of a linear second-order PDE with Robin-form boundary conditions, and its gradient
/// with respect to the network parameters, term by term (for adaptive weighting).
public struct PDELoss<T: PinnScalar> {
    public var interior: InteriorBatch<T>
    public var boundary: BoundaryBatch<T>
    /// The sparsity pattern to keep: when set, the gradients' pruned entries are zero (nil: dense).
    public var parameterMask: ParameterMask?
    let interiorWorkspace = JetWorkspace<T>()
    let boundaryWorkspace = JetWorkspace<T>()

    public init(interior: InteriorBatch<T>, boundary: BoundaryBatch<T>) {
        self.interior = interior
        self.boundary = boundary
    }

    /// Both loss terms; when gradients are given, sets them to ∂(residual term)/∂θ and
    /// ∂(boundary term)/∂θ (overwriting their contents; zero at pruned parameters under `parameterMask`).
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func evaluate(_ net: Siren<T>, residualGradient: inout [T], boundaryGradient: inout [T]) -> LossTerms {
        let terms = forward(net, seedGradients: true)
        for i in residualGradient.indices { residualGradient[i] = 0 }
        for i in boundaryGradient.indices { boundaryGradient[i] = 0 }
        net.backward(workspace: interiorWorkspace, into: &residualGradient)
        net.backward(workspace: boundaryWorkspace, into: &boundaryGradient)
        if let mask = parameterMask {
            mask.zeroPruned(&residualGradient)
            mask.zeroPruned(&boundaryGradient)
        }
        return terms
    }

    /// Both loss terms without gradients.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func evaluate(_ net: Siren<T>) -> LossTerms { forward(net, seedGradients: false) }

    /// The loss as a sum of squares and its Jacobian, for Gauss–Newton steps:
    ///
    ///     L_r + λ·L_b = ‖ρ‖²,   ρ = [ r_i / √N ;  √λ · b_j / √N_b ]
    ///
    /// with r_i = a·Δu + c·u − f at the N interior points and b_j = α·u + β·∂u/∂n − g at the N_b
    /// boundary points. Sets `residuals` to ρ (interior rows first) and `jacobian` to ∂ρ/∂θ row by row
    /// (row p is the `parameterCount` entries from `p · parameterCount`; see `Siren.pointJacobian`),
    /// zero at pruned parameters under `parameterMask`. Each row is the Jacobian of a linear
    /// functional of the output jet, so one reverse pass per batch gives all of them.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func weightedResiduals(
        _ net: Siren<T>, boundaryWeight lambda: Double, residuals: inout [T], jacobian: inout [T]
    ) {
        let d = net.architecture.inputs, o = net.architecture.outputs
        let count = net.architecture.parameterCount
        let n = interior.points.cols, nb = boundary.points.cols
        if residuals.count != n + nb { residuals = [T](repeating: 0, count: n + nb) }
        if jacobian.count != (n + nb) * count { jacobian = [T](repeating: 0, count: (n + nb) * count) }
        let wi = interiorWorkspace, wb = boundaryWorkspace
        net.forward(interior.points, order: .laplacian, workspace: wi)
        let a = interior.laplacianCoefficient, hasReaction = !interior.reaction.isEmpty
        let scale = T(1 / Double(max(1, n)).squareRoot())
        let jet = wi.output.storage
        wi.outputGradient.storage.withUnsafeMutableBufferPointer { seed in
            for i in seed.indices { seed[i] = 0 }
            for p in 0..<n {
                var r = a * jet[((1 + d) * n + p) * o] - interior.source[p]
                if hasReaction { r += interior.reaction[p] * jet[p * o] }
                residuals[p] = scale * r
                seed[((1 + d) * n + p) * o] = scale * a
                seed[p * o] = hasReaction ? scale * interior.reaction[p] : 0
            }
        }
        net.pointJacobian(workspace: wi, into: &jacobian)
        let order: JetOrder = boundary.needsGradient ? .gradient : .value
        net.forward(boundary.points, order: order, workspace: wb)
        let bscale = T((lambda / Double(max(1, nb))).squareRoot())
        let boundaryJet = wb.output.storage
        wb.outputGradient.storage.withUnsafeMutableBufferPointer { seed in
            for i in seed.indices { seed[i] = 0 }
            for p in 0..<nb {
                var dudn: T = 0
                if order == .gradient {
                    for i in 0..<d {
                        dudn += boundary.normals[i, p] * boundaryJet[((1 + i) * nb + p) * o]
                        seed[((1 + i) * nb + p) * o] = bscale * boundary.beta[p] * boundary.normals[i, p]
                    }
                }
                residuals[n + p] =
                    bscale * (boundary.alpha[p] * boundaryJet[p * o] + boundary.beta[p] * dudn - boundary.value[p])
                seed[p * o] = bscale * boundary.alpha[p]
            }
        }
        net.pointJacobian(workspace: wb, into: &jacobian, firstRow: n)
        if let mask = parameterMask {
            jacobian.withUnsafeMutableBufferPointer { j in
                for row in 0..<(n + nb) {
                    for q in 0..<count where !mask.isFree[q] { j[row * count + q] = 0 }
                }
            }
        }
    }

    /// Forward passes, the terms, and (optionally) ∂term/∂(output jet) in the workspaces.
    ///
    /// The loops read output 0 of the jet and write its gradient through the matrices' storage (column
    /// p holds the value at point p, column (1 + i)·B + p ∂/∂x_i, column (1 + d)·B + p the Laplacian).
    private func forward(_ net: Siren<T>, seedGradients: Bool) -> LossTerms {
        let d = net.architecture.inputs, o = net.architecture.outputs // o: the jet's rows
        let wi = interiorWorkspace, wb = boundaryWorkspace
        let n = interior.points.cols, nb = boundary.points.cols
        net.forward(interior.points, order: .laplacian, workspace: wi)
        let a = interior.laplacianCoefficient
        let hasReaction = !interior.reaction.isEmpty
        var residualSum = 0.0
        let scale = T(2) / T(max(1, n))
        let jet = wi.output.storage
        wi.outputGradient.storage.withUnsafeMutableBufferPointer { seed in
            for p in 0..<n {
                let u = jet[p * o]
                var r = a * jet[((1 + d) * n + p) * o] - interior.source[p]
                if hasReaction { r += interior.reaction[p] * u }
                residualSum += Double(r) * Double(r)
                if seedGradients {
                    seed[((1 + d) * n + p) * o] = scale * r * a
                    seed[p * o] = hasReaction ? scale * r * interior.reaction[p] : 0
                }
            }
        }
        let order: JetOrder = boundary.needsGradient ? .gradient : .value
        net.forward(boundary.points, order: order, workspace: wb)
        var boundarySum = 0.0
        let bscale = T(2) / T(max(1, nb))
        let boundaryJet = wb.output.storage
        wb.outputGradient.storage.withUnsafeMutableBufferPointer { seed in
            for p in 0..<nb {
                var dudn: T = 0
                if order == .gradient {
                    for i in 0..<d { dudn += boundary.normals[i, p] * boundaryJet[((1 + i) * nb + p) * o] }
                }
                let r = boundary.alpha[p] * boundaryJet[p * o] + boundary.beta[p] * dudn - boundary.value[p]
                boundarySum += Double(r) * Double(r)
                if seedGradients {
                    seed[p * o] = bscale * r * boundary.alpha[p]
                    if order == .gradient {
                        for i in 0..<d {
                            seed[((1 + i) * nb + p) * o] = bscale * r * boundary.beta[p] * boundary.normals[i, p]
                        }
                    }
                }
            }
        }
        return LossTerms(residual: residualSum / Double(max(1, n)), boundary: boundarySum / Double(max(1, nb)))
    }
}
