import PinnNumerics

extension Siren {
    /// Reverse pass: given `workspace.outputGradient` = ∂loss/∂(output jet) after `forward`, adds
    /// ∂loss/∂θ for every weight and bias to `gradient` (flat, `architecture.parameterCount`).
    ///
    /// Per affine layer `Z = W X + b·1ᵀ` (bias on the value block): `∂W = ∂Z Xᵀ`, `∂b = ∂Z_V 1`,
    /// `∂X = Wᵀ ∂Z` (two GEMMs and a GEMV; CSR kernels for the sparse layers of `sparsity`, which
    /// form ∂W only at the free weights). Per sine layer, the jet's reverse rules, stated once beside
    /// their kernel in `Sources/PinnKernels/sine_jet.c`.
    ///
    /// Gradients accumulate (`gradient += …`), so several batches (interior, boundary) can share one vector.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func backward(workspace ws: JetWorkspace<T>, into gradient: inout [T]) {
        let arch = architecture
        precondition(
            gradient.count == arch.parameterCount,
            "gradient has \(gradient.count) entries, expected \(arch.parameterCount)")
        let b = ws.points
        gradient.withUnsafeMutableBufferPointer { grad in
            let grad = grad.baseAddress!
            reverseLayers(workspace: ws) { l, dz, x in
                let (wRange, bRange) = arch.parameterLayout(layer: l)
                let k = ws.order.blocks(dimension: arch.inputs)
                layerWeightGradient(l, dz: dz, x: x, gradient: grad + wRange.lowerBound, cols: k * b, workspace: ws)
                ws.ones.withUnsafeBufferPointer { ones in
                    T.gemv(
                        .none, m: arch.layerSize(l + 1), n: b, alpha: 1, a: dz, lda: arch.layerSize(l + 1),
                        x: ones.baseAddress!, beta: 1, y: grad + bRange.lowerBound)
                }
            }
        }
    }

    /// The Jacobian of the seeded functional point by point: with `workspace.outputGradient` = s after
    /// `forward`, row p of J is ∂r_p/∂θ for r_p = Σ_blocks s_p · (output jet)_p, the functional of
    /// point p alone (points are independent columns of the jet, so one reverse pass seeded for all
    /// points gives every point's backward signals ∂Z). Per affine layer `Z = W X + b·1ᵀ`:
    ///
    ///     ∂r_p/∂W_oq = Σ_blocks ∂Z[o, block, p] · X[q, block, p],   ∂r_p/∂b_o = ∂Z[o, value, p]
    ///
    /// (summed, `backward` is Σ_p of these rows). `jacobian` holds J row by row: row `firstRow + p`
    /// is the `parameterCount` entries from `(firstRow + p) · parameterCount` (Jᵀ column-major,
    /// what BLAS's `syrk` and `gemm` take for JᵀJ and JJᵀ). Those rows are overwritten; pruned
    /// weights of a sparse network get their derivative too (the optimiser keeps them at zero).
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func pointJacobian(workspace ws: JetWorkspace<T>, into jacobian: inout [T], firstRow: Int = 0) {
        let arch = architecture
        let b = ws.points, count = arch.parameterCount
        precondition(
            jacobian.count >= (firstRow + b) * count,
            "the Jacobian has \(jacobian.count) entries, rows \(firstRow)..<\(firstRow + b) need \((firstRow + b) * count)"
        )
        let k = ws.order.blocks(dimension: arch.inputs)
        jacobian.withUnsafeMutableBufferPointer { jt in
            let jt = jt.baseAddress! + firstRow * count
            reverseLayers(workspace: ws) { l, dz, x in
                let (wRange, bRange) = arch.parameterLayout(layer: l)
                let task = PointJacobianTask(
                    rows: arch.layerSize(l + 1), inputs: arch.layerSize(l), points: b, blocks: k,
                    weights: wRange.lowerBound, bias: bRange.lowerBound, parameterCount: count, dz: dz, x: x,
                    jacobian: jt)
                Parallel.forChunks(b, minimumChunk: max(1, 4096 / (task.rows * task.inputs)), task)
            }
        }
    }

    /// Walks the layers from the last to the first carrying ∂Z (from `workspace.outputGradient`),
    /// through the sine layers' reverse rules (stated once beside their kernel in
    /// `Sources/PinnKernels/sine_jet.c`) and `∂X = Wᵀ ∂Z`; `visit(l, ∂Z, X)` receives each affine
    /// layer's ∂Z (rows × blocks·points) and its input jet X (inputs × blocks·points).
    private func reverseLayers(
        workspace ws: JetWorkspace<T>,
        visit: (_ layer: Int, _ dz: UnsafeMutablePointer<T>, _ x: UnsafePointer<T>) -> Void
    ) {
        let arch = architecture
        let b = ws.points
        let k = ws.order.blocks(dimension: arch.inputs)
        let dBlocks = ws.order.derivativeBlocks(dimension: arch.inputs)
        let hasLaplacian = ws.order == .laplacian
        // dZ of the current layer is at `dz`; dX is written to `dx`, then they swap.
        parameters.withUnsafeBufferPointer { params in
            ws.gradientA.storage.withUnsafeMutableBufferPointer { ga in
                ws.gradientB.storage.withUnsafeMutableBufferPointer { gb in
                    ws.outputGradient.storage.withUnsafeBufferPointer { og in
                        var dz = ga.baseAddress!, dx = gb.baseAddress!
                        dz.update(from: og.baseAddress!, count: arch.outputs * k * b)
                        for l in stride(from: arch.layerCount - 1, through: 0, by: -1) {
                            let m = arch.layerSize(l + 1)
                            let (wRange, _) = arch.parameterLayout(layer: l)
                            if l < arch.depth {
                                let layer = ws.layers[l]
                                sineBackward(
                                    layer, rows: m, points: b, derivativeBlocks: dBlocks,
                                    hasLaplacian: hasLaplacian, omega: T(arch.omega(layer: l)), g: dz,
                                    weights: ws.secondDerivativeWeights)
                            }
                            let x = l == 0 ? ws.input : ws.layers[l - 1].a
                            x.storage.withUnsafeBufferPointer { xp in visit(l, dz, xp.baseAddress!) }
                            if l > 0 {
                                layerInputGradient(
                                    l, weights: params.baseAddress! + wRange.lowerBound, dz: dz, dx: dx,
                                    cols: k * b, workspace: ws)
                                swap(&dz, &dx)
                            }
                        }
                    }
                }
            }
        }
    }

    private func sineBackward(
        _ layer: JetWorkspace<T>.Layer, rows m: Int, points b: Int, derivativeBlocks d: Int,
        hasLaplacian: Bool, omega: T, g: UnsafeMutablePointer<T>, weights: [T]
    ) {
        weights.withUnsafeBufferPointer { weights in
            layer.z.storage.withUnsafeBufferPointer { z in
                layer.s.storage.withUnsafeBufferPointer { s in
                    layer.c.storage.withUnsafeBufferPointer { c in
                        let (z, s, c) = (z.baseAddress!, s.baseAddress!, c.baseAddress!)
                        Parallel.forChunks(
                            b, minimumChunk: max(1, 8192 / m),
                            SineBackwardTask(
                                rows: m, points: b, derivativeBlocks: d, hasLaplacian: hasLaplacian,
                                omega: omega, weights: weights.isEmpty ? nil : weights.baseAddress, z: z, s: s, c: c,
                                g: g))
                    }
                }
            }
        }
    }
}

/// One affine layer's rows of the point Jacobian for a range of points (see `Siren.pointJacobian`):
/// each point writes only its own row, so the result does not depend on the thread count.
struct PointJacobianTask<T: PinnScalar>: ChunkTask {
    let rows: Int, inputs: Int, points: Int, blocks: Int
    /// Offsets of the layer's weights (column-major rows × inputs) and biases in the parameter vector.
    let weights: Int, bias: Int, parameterCount: Int
    let dz: UnsafePointer<T>, x: UnsafePointer<T>
    let jacobian: UnsafeMutablePointer<T>

    func run(_ range: Range<Int>) {
        T.pointJacobian(
            rows: rows, inputs: inputs, points: points, blocks: blocks, weights: weights, bias: bias,
            parameters: parameterCount, dz: dz, x: x, jacobian: jacobian, range: range)
    }
}
