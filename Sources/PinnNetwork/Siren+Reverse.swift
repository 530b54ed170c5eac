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
        let k = ws.order.blocks(dimension: arch.inputs)
        let dBlocks = ws.order.derivativeBlocks(dimension: arch.inputs)
        let hasLaplacian = ws.order == .laplacian
        // dZ of the current layer is at `dz`; dX is written to `dx`, then they swap.
        parameters.withUnsafeBufferPointer { params in
            gradient.withUnsafeMutableBufferPointer { grad in
                ws.gradientA.storage.withUnsafeMutableBufferPointer { ga in
                    ws.gradientB.storage.withUnsafeMutableBufferPointer { gb in
                        ws.outputGradient.storage.withUnsafeBufferPointer { og in
                            var dz = ga.baseAddress!, dx = gb.baseAddress!
                            dz.update(from: og.baseAddress!, count: arch.outputs * k * b)
                            for l in stride(from: arch.layerCount - 1, through: 0, by: -1) {
                                let m = arch.layerSize(l + 1)
                                let (wRange, bRange) = arch.parameterLayout(layer: l)
                                if l < arch.depth {
                                    let layer = ws.layers[l]
                                    sineBackward(
                                        layer, rows: m, points: b, derivativeBlocks: dBlocks,
                                        hasLaplacian: hasLaplacian, omega: T(arch.omega(layer: l)), g: dz)
                                }
                                let x = l == 0 ? ws.input : ws.layers[l - 1].a
                                x.storage.withUnsafeBufferPointer { xp in
                                    layerWeightGradient(
                                        l, dz: dz, x: xp.baseAddress!,
                                        gradient: grad.baseAddress! + wRange.lowerBound, cols: k * b, workspace: ws)
                                }
                                ws.ones.withUnsafeBufferPointer { ones in
                                    T.gemv(
                                        .none, m: m, n: b, alpha: 1, a: dz, lda: m, x: ones.baseAddress!, beta: 1,
                                        y: grad.baseAddress! + bRange.lowerBound)
                                }
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
    }

    private func sineBackward(
        _ layer: JetWorkspace<T>.Layer, rows m: Int, points b: Int, derivativeBlocks d: Int,
        hasLaplacian: Bool, omega: T, g: UnsafeMutablePointer<T>
    ) {
        layer.z.storage.withUnsafeBufferPointer { z in
            layer.s.storage.withUnsafeBufferPointer { s in
                layer.c.storage.withUnsafeBufferPointer { c in
                    let (z, s, c) = (z.baseAddress!, s.baseAddress!, c.baseAddress!)
                    Parallel.forChunks(
                        b, minimumChunk: max(1, 8192 / m),
                        SineBackwardTask(
                            rows: m, points: b, derivativeBlocks: d, hasLaplacian: hasLaplacian,
                            omega: omega, z: z, s: s, c: c, g: g))
                }
            }
        }
    }
}
