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
    /// The weights of the second-derivative block, L = Σᵢ wᵢ ∂²u/∂xᵢ² over the inputs (empty: the
    /// Laplacian): space-time problems take time as the last input, heat the spatial block (time
    /// weight 0), the wave operator c²Δu − u_tt the block with w = (c², …, c², −1).
    public var secondDerivativeWeights: [T] = []
    /// The constant b in front of ∂u/∂x_last (the time derivative of a space-time problem; 0: none),
    /// so r = a·L + b·∂u/∂t + c·u − f.
    public var timeDerivativeCoefficient: T = 0
    /// Causal weights of the residuals by time slab (nil: every point weighs 1).
    public var causal: CausalWeighting?
    /// The causal weights held fixed (see `PDELoss.freezeCausalWeights`); nil: computed at every
    /// evaluation from its own residuals.
    public var frozenCausalWeights: [T]?

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
    /// The data term as it enters the loss, w·mean over measurements of (u(x_i) − u_i)² (0 without
    /// measurements).
    public var data: Double

    public init(residual: Double, boundary: Double, data: Double = 0) {
        self.residual = residual
        self.boundary = boundary
        self.data = data
    }
}

/// The PINN loss of a linear second-order PDE with Robin-form boundary conditions, and its gradient
/// with respect to the network parameters, term by term (for adaptive weighting).
///
/// With `measurements` the loss gains the data term w·mean_i (u(x_i) − u_i)² (its gradient is added
/// to the residual term's). With `unknowns` the coefficients f, c, α, β, g depend on parameters p,
/// set by `setUnknowns`, and the loss's derivatives with respect to p come with the network's:
///
///     ∂r_i/∂p_j = ∂c/∂p_j(x_i)·u(x_i) − ∂f/∂p_j(x_i)
///     ∂b_i/∂p_j = ∂α/∂p_j(x_i)·u(x_i) + ∂β/∂p_j(x_i)·∂u/∂n(x_i) − ∂g/∂p_j(x_i)
///
/// (for Helmholtz with unknown k, ∂c/∂k = 2k; for a source s·g(x), ∂f/∂s = g).
public struct PDELoss<T: PinnScalar> {
    public var interior: InteriorBatch<T>
    public var boundary: BoundaryBatch<T>
    /// The sparsity pattern to keep: when set, the gradients' pruned entries are zero (nil: dense).
    public var parameterMask: ParameterMask?
    /// Measured values of u (nil: no data term).
    public var measurements: MeasurementBatch<T>?
    /// The unknown parameters the coefficients depend on (nil: none).
    public private(set) var unknowns: UnknownCoefficients<T>?
    let interiorWorkspace = JetWorkspace<T>()
    let boundaryWorkspace = JetWorkspace<T>()
    let dataWorkspace = JetWorkspace<T>()

    public init(interior: InteriorBatch<T>, boundary: BoundaryBatch<T>) {
        self.interior = interior
        self.boundary = boundary
    }

    /// Makes the coefficients depend on unknowns through `unknowns.evaluate`, and sets them at `p`.
    public mutating func attach(_ unknowns: UnknownCoefficients<T>, at p: [Double]) {
        self.unknowns = unknowns
        setUnknowns(p)
    }

    /// Sets the coefficients (and their derivatives) to their values at the unknowns `p` (nothing
    /// to do when they hold them already, or without unknowns).
    public mutating func setUnknowns(_ p: [Double]) {
        guard var u = unknowns, u.values != p else { return }
        let c = u.evaluate(p)
        interior.source = c.source.map { T($0) }
        interior.reaction = c.reaction.map { T($0) }
        boundary.alpha = c.alpha.map { T($0) }
        boundary.beta = c.beta.map { T($0) }
        boundary.value = c.value.map { T($0) }
        u.take(c, at: p)
        unknowns = u
    }

    /// Holds the causal weights at their values for `net` until `thawCausalWeights` (a deterministic
    /// phase minimises one function: L-BFGS with the weights of its start, each Gauss–Newton step with
    /// those of its iterate). Nothing to do without causal weighting.
    public mutating func freezeCausalWeights(_ net: Siren<T>) {
        guard interior.causal != nil else { return }
        interior.frozenCausalWeights = nil
        let wi = interiorWorkspace, d = net.architecture.inputs, o = net.architecture.outputs
        wi.secondDerivativeWeights = interior.secondDerivativeWeights
        net.forward(interior.points, order: .laplacian, workspace: wi)
        interior.frozenCausalWeights = interior.causalWeights(
            wi.output.storage, points: interior.points.cols, inputs: d, rows: o)
    }

    /// Computes the causal weights at every evaluation again (the stochastic phase).
    public mutating func thawCausalWeights() { interior.frozenCausalWeights = nil }

    /// Whether causal weights are held fixed.
    public var causalWeightsFrozen: Bool { interior.frozenCausalWeights != nil }

    /// The number of unknowns (0 without).
    public var unknownCount: Int { unknowns?.count ?? 0 }

    /// Whether the boundary pass needs ∂u/∂n: some β ≠ 0, or some β depends on an unknown.
    var boundaryNeedsGradient: Bool { boundary.needsGradient || (unknowns?.betaVaries ?? false) }

    /// The loss terms; when gradients are given, sets them to ∂(residual term)/∂θ (plus the data
    /// term's) and ∂(boundary term)/∂θ (overwriting their contents; zero at pruned parameters under
    /// `parameterMask`).
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func evaluate(_ net: Siren<T>, residualGradient: inout [T], boundaryGradient: inout [T]) -> LossTerms {
        var none = UnknownGradient(count: 0)
        return evaluate(
            net, residualGradient: &residualGradient, boundaryGradient: &boundaryGradient, unknownGradient: &none)
    }

    /// The loss terms and their gradients (see `evaluate(_:residualGradient:boundaryGradient:)`),
    /// and, when `unknownGradient` has one entry per unknown, ∂L_r/∂p and ∂L_b/∂p.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func evaluate(
        _ net: Siren<T>, residualGradient: inout [T], boundaryGradient: inout [T],
        unknownGradient: inout UnknownGradient
    ) -> LossTerms {
        let terms = forward(net, seedGradients: true, unknownGradient: &unknownGradient)
        for i in residualGradient.indices { residualGradient[i] = 0 }
        for i in boundaryGradient.indices { boundaryGradient[i] = 0 }
        net.backward(workspace: interiorWorkspace, into: &residualGradient)
        net.backward(workspace: boundaryWorkspace, into: &boundaryGradient)
        if measurements != nil { net.backward(workspace: dataWorkspace, into: &residualGradient) }
        if let mask = parameterMask {
            mask.zeroPruned(&residualGradient)
            mask.zeroPruned(&boundaryGradient)
        }
        return terms
    }

    /// The loss terms without gradients.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func evaluate(_ net: Siren<T>) -> LossTerms {
        var none = UnknownGradient(count: 0)
        return forward(net, seedGradients: false, unknownGradient: &none)
    }

    /// The loss as a sum of squares and its Jacobian, for Gauss–Newton steps:
    ///
    ///     L_r + λ·L_b + w·L_d = ‖ρ‖²,   ρ = [ r_i / √N ;  √λ · b_j / √N_b ;  √w · (u(x_m) − u_m) / √M ]
    ///
    /// with r_i = a·Δu + c·u − f at the N interior points, b_j = α·u + β·∂u/∂n − g at the N_b
    /// boundary points and the M measurements last. Sets `residuals` to ρ (interior rows first) and
    /// `jacobian` to ∂ρ/∂θ row by row (row p is the `parameterCount` entries from `p · parameterCount`;
    /// see `Siren.pointJacobian`), zero at pruned parameters under `parameterMask`. Each row is the
    /// Jacobian of a linear functional of the output jet, so one reverse pass per batch gives all of them.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func weightedResiduals(
        _ net: Siren<T>, boundaryWeight lambda: Double, residuals: inout [T], jacobian: inout [T]
    ) {
        var none: [T] = []
        weightedResiduals(
            net, boundaryWeight: lambda, residuals: &residuals, jacobian: &jacobian, unknownJacobian: &none)
    }

    /// ρ and ∂ρ/∂θ as `weightedResiduals(_:boundaryWeight:residuals:jacobian:)` does, and with
    /// unknowns ∂ρ/∂p in `unknownJacobian` row by row (row p is the m entries from p·m).
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func weightedResiduals(
        _ net: Siren<T>, boundaryWeight lambda: Double, residuals: inout [T], jacobian: inout [T],
        unknownJacobian: inout [T]
    ) {
        let d = net.architecture.inputs, o = net.architecture.outputs
        let count = net.architecture.parameterCount
        let n = interior.points.cols, nb = boundary.points.cols, nd = measurements?.points.cols ?? 0
        let rows = n + nb + nd, m = unknownCount
        if residuals.count != rows { residuals = [T](repeating: 0, count: rows) }
        if jacobian.count != rows * count { jacobian = [T](repeating: 0, count: rows * count) }
        if unknownJacobian.count != rows * m { unknownJacobian = [T](repeating: 0, count: rows * m) }
        let wi = interiorWorkspace, wb = boundaryWorkspace
        wi.secondDerivativeWeights = interior.secondDerivativeWeights
        net.forward(interior.points, order: .laplacian, workspace: wi)
        let a = interior.laplacianCoefficient, hasReaction = !interior.reaction.isEmpty
        let b = interior.timeDerivativeCoefficient
        let jet = wi.output.storage
        let causal = interior.causalWeights(jet, points: n, inputs: d, rows: o)
        let du = unknowns
        wi.outputGradient.storage.withUnsafeMutableBufferPointer { seed in
            for i in seed.indices { seed[i] = 0 }
            for p in 0..<n {
                let scale = T(((causal.map { Double($0[p]) } ?? 1) / Double(max(1, n))).squareRoot())
                let r = interior.residual(jet, p, points: n, inputs: d, rows: o)
                residuals[p] = scale * r
                seed[((1 + d) * n + p) * o] = scale * a
                if b != 0 { seed[(d * n + p) * o] = scale * b }
                seed[p * o] = hasReaction ? scale * interior.reaction[p] : 0
                if let du {
                    for j in 0..<m {
                        var dr: T = 0
                        if !du.reaction.isEmpty { dr += du.reaction[j * n + p] * jet[p * o] }
                        if !du.source.isEmpty { dr -= du.source[j * n + p] }
                        unknownJacobian[p * m + j] = scale * dr
                    }
                }
            }
        }
        net.pointJacobian(workspace: wi, into: &jacobian)
        let order: JetOrder = boundaryNeedsGradient ? .gradient : .value
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
                let u = boundaryJet[p * o]
                residuals[n + p] = bscale * (boundary.alpha[p] * u + boundary.beta[p] * dudn - boundary.value[p])
                seed[p * o] = bscale * boundary.alpha[p]
                if let du {
                    for j in 0..<m {
                        unknownJacobian[(n + p) * m + j] =
                            bscale * du.boundaryDerivative(j, p, count: nb, u: u, dudn: dudn)
                    }
                }
            }
        }
        net.pointJacobian(workspace: wb, into: &jacobian, firstRow: n)
        if let data = measurements {
            let wd = dataWorkspace
            net.forward(data.points, order: .value, workspace: wd)
            let dscale = T((data.weight / Double(max(1, nd))).squareRoot())
            let dataJet = wd.output.storage
            wd.outputGradient.storage.withUnsafeMutableBufferPointer { seed in
                for i in seed.indices { seed[i] = 0 }
                for p in 0..<nd {
                    residuals[n + nb + p] = dscale * (dataJet[p * o] - data.values[p])
                    seed[p * o] = dscale
                }
            }
            net.pointJacobian(workspace: wd, into: &jacobian, firstRow: n + nb)
        }
        if let mask = parameterMask {
            jacobian.withUnsafeMutableBufferPointer { j in
                for row in 0..<rows {
                    for q in 0..<count where !mask.isFree[q] { j[row * count + q] = 0 }
                }
            }
        }
    }

    /// Forward passes, the terms, and (optionally) ∂term/∂(output jet) in the workspaces; with one
    /// entry per unknown in `unknownGradient`, ∂L_r/∂p and ∂L_b/∂p there.
    ///
    /// The loops read output 0 of the jet and write its gradient through the matrices' storage (column
    /// p holds the value at point p, column (1 + i)·B + p ∂/∂x_i, column (1 + d)·B + p the Laplacian).
    private func forward(_ net: Siren<T>, seedGradients: Bool, unknownGradient: inout UnknownGradient) -> LossTerms {
        let d = net.architecture.inputs, o = net.architecture.outputs // o: the jet's rows
        let wi = interiorWorkspace, wb = boundaryWorkspace
        let n = interior.points.cols, nb = boundary.points.cols
        let du = unknowns, m = unknownGradient.residual.count == unknownCount ? unknownCount : 0
        for j in 0..<m {
            unknownGradient.residual[j] = 0
            unknownGradient.boundary[j] = 0
        }
        wi.secondDerivativeWeights = interior.secondDerivativeWeights
        net.forward(interior.points, order: .laplacian, workspace: wi)
        let a = interior.laplacianCoefficient, b = interior.timeDerivativeCoefficient
        let hasReaction = !interior.reaction.isEmpty
        var residualSum = 0.0
        let jet = wi.output.storage
        let causal = interior.causalWeights(jet, points: n, inputs: d, rows: o)
        wi.outputGradient.storage.withUnsafeMutableBufferPointer { seed in
            for p in 0..<n {
                let u = jet[p * o]
                let r = interior.residual(jet, p, points: n, inputs: d, rows: o)
                let w = causal?[p] ?? 1
                let scale = w * T(2) / T(max(1, n))
                residualSum += Double(w) * Double(r) * Double(r)
                if seedGradients {
                    seed[((1 + d) * n + p) * o] = scale * r * a
                    if b != 0 { seed[(d * n + p) * o] = scale * r * b }
                    seed[p * o] = hasReaction ? scale * r * interior.reaction[p] : 0
                }
                if let du {
                    for j in 0..<m {
                        var dr = 0.0
                        if !du.reaction.isEmpty { dr += Double(du.reaction[j * n + p]) * Double(u) }
                        if !du.source.isEmpty { dr -= Double(du.source[j * n + p]) }
                        unknownGradient.residual[j] += 2 * Double(r) * dr / Double(max(1, n))
                    }
                }
            }
        }
        let order: JetOrder = boundaryNeedsGradient ? .gradient : .value
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
                let u = boundaryJet[p * o]
                let r = boundary.alpha[p] * u + boundary.beta[p] * dudn - boundary.value[p]
                boundarySum += Double(r) * Double(r)
                if seedGradients {
                    seed[p * o] = bscale * r * boundary.alpha[p]
                    if order == .gradient {
                        for i in 0..<d {
                            seed[((1 + i) * nb + p) * o] = bscale * r * boundary.beta[p] * boundary.normals[i, p]
                        }
                    }
                }
                if let du {
                    for j in 0..<m {
                        let db = Double(du.boundaryDerivative(j, p, count: nb, u: u, dudn: dudn))
                        unknownGradient.boundary[j] += 2 * Double(r) * db / Double(max(1, nb))
                    }
                }
            }
        }
        var dataTerm = 0.0
        if let data = measurements {
            let wd = dataWorkspace, nd = data.points.cols
            net.forward(data.points, order: .value, workspace: wd)
            let dataJet = wd.output.storage
            let dscale = T(2 * data.weight / Double(max(1, nd)))
            var sum = 0.0
            wd.outputGradient.storage.withUnsafeMutableBufferPointer { seed in
                for p in 0..<nd {
                    let r = dataJet[p * o] - data.values[p]
                    sum += Double(r) * Double(r)
                    if seedGradients { seed[p * o] = dscale * r }
                }
            }
            dataTerm = data.weight * sum / Double(max(1, nd))
        }
        return LossTerms(
            residual: residualSum / Double(max(1, n)), boundary: boundarySum / Double(max(1, nb)), data: dataTerm)
    }
}

extension InteriorBatch {
    /// r = a·L + b·∂u/∂x_last + c·u − f at point `p` of the output jet `jet` (n points, d inputs, o rows).
    @inline(__always)
    func residual(_ jet: [T], _ p: Int, points n: Int, inputs d: Int, rows o: Int) -> T {
        var r = laplacianCoefficient * jet[((1 + d) * n + p) * o] - source[p]
        if !reaction.isEmpty { r += reaction[p] * jet[p * o] }
        if timeDerivativeCoefficient != 0 { r += timeDerivativeCoefficient * jet[(d * n + p) * o] }
        return r
    }

    /// The causal weight of each point at the output jet `jet` (nil without causal weighting).
    func causalWeights(_ jet: [T], points n: Int, inputs d: Int, rows o: Int) -> [T]? {
        guard let causal else { return nil }
        if let frozenCausalWeights, frozenCausalWeights.count == n { return frozenCausalWeights }
        return causal.pointWeights(residuals: (0..<n).map { residual(jet, $0, points: n, inputs: d, rows: o) })
    }
}

extension UnknownCoefficients {
    /// ∂b/∂p_j = ∂α/∂p_j·u + ∂β/∂p_j·∂u/∂n − ∂g/∂p_j at boundary point `p` of `count`.
    @inline(__always)
    func boundaryDerivative(_ j: Int, _ p: Int, count: Int, u: T, dudn: T) -> T {
        var db: T = 0
        if !alpha.isEmpty { db += alpha[j * count + p] * u }
        if !beta.isEmpty { db += beta[j * count + p] * dudn }
        if !value.isEmpty { db -= value[j * count + p] }
        return db
    }
}
