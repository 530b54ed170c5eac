import PinnNumerics

extension Siren {
    /// Forward pass of a batch of points carrying the jet up to `order`, with one GEMM per layer.
    ///
    /// `points` is `d × B` (column p is a point). Each layer maps `X = [V | J_1 … J_d | L]` to
    /// `Z = W X` (bias on V only), then sine layers apply the jet's forward rules, stated once
    /// beside their kernel in `Sources/PinnKernels/sine_jet.c`. L is the Laplacian, or
    /// Σᵢ aᵢ ∂²u/∂xᵢ² with the workspace's `secondDerivativeWeights` aᵢ.
    ///
    /// The result stays in `workspace.output`; the workspace also keeps what `backward` needs.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func forward(_ points: Matrix<T>, order: JetOrder, workspace ws: JetWorkspace<T>) {
        let arch = architecture
        precondition(
            points.rows == arch.inputs, "points have \(points.rows) coordinates, the network takes \(arch.inputs)")
        let b = points.cols
        ws.prepare(for: arch, points: b, order: order)
        let k = order.blocks(dimension: arch.inputs)
        let dBlocks = order.derivativeBlocks(dimension: arch.inputs)
        let hasLaplacian = order == .laplacian
        // Value block of the input jet; the derivative blocks are constant and set by `prepare`.
        ws.input.storage.withUnsafeMutableBufferPointer { x in
            points.storage.withUnsafeBufferPointer { p in
                x.baseAddress!.update(from: p.baseAddress!, count: p.count)
            }
        }
        parameters.withUnsafeBufferPointer { params in
            for l in 0..<arch.layerCount {
                let layer = ws.layers[l]
                let (wRange, bRange) = arch.parameterLayout(layer: l)
                let m = arch.layerSize(l + 1)
                let x = l == 0 ? ws.input : ws.layers[l - 1].a
                x.storage.withUnsafeBufferPointer { xp in
                    layer.z.storage.withUnsafeMutableBufferPointer { zp in
                        layerProduct(
                            l, weights: params.baseAddress! + wRange.lowerBound, x: xp.baseAddress!,
                            z: zp.baseAddress!, cols: k * b, workspace: ws)
                    }
                }
                let bias = params.baseAddress! + bRange.lowerBound
                if l < arch.depth {
                    let omega = T(arch.omega(layer: l))
                    sineForward(
                        layer, rows: m, points: b, derivativeBlocks: dBlocks, hasLaplacian: hasLaplacian,
                        omega: omega, bias: bias, weights: ws.secondDerivativeWeights)
                } else {
                    layer.z.storage.withUnsafeMutableBufferPointer { zp in
                        for p in 0..<b { for r in 0..<m { zp[p * m + r] += bias[r] } }
                    }
                }
            }
        }
    }

    /// The sine activation over the jet, split by columns across the worker threads.
    private func sineForward(
        _ layer: JetWorkspace<T>.Layer, rows m: Int, points b: Int, derivativeBlocks d: Int,
        hasLaplacian: Bool, omega: T, bias: UnsafePointer<T>, weights: [T]
    ) {
        precondition(
            weights.isEmpty || weights.count == d, "\(weights.count) second-derivative weights for \(d) inputs")
        weights.withUnsafeBufferPointer { weights in
            layer.z.storage.withUnsafeMutableBufferPointer { z in
                layer.a.storage.withUnsafeMutableBufferPointer { a in
                    layer.s.storage.withUnsafeMutableBufferPointer { s in
                        layer.c.storage.withUnsafeMutableBufferPointer { c in
                            let (z, a, s, c) = (z.baseAddress!, a.baseAddress!, s.baseAddress!, c.baseAddress!)
                            Parallel.forChunks(
                                b, minimumChunk: max(1, 8192 / m),
                                SineForwardTask(
                                    rows: m, points: b, derivativeBlocks: d, hasLaplacian: hasLaplacian,
                                    omega: omega, weights: weights.isEmpty ? nil : weights.baseAddress, bias: bias,
                                    z: z, a: a, s: s, c: c))
                        }
                    }
                }
            }
        }
    }

    /// Values of all outputs at `points` (`d × B`), as an `outputs × B` matrix (a plain forward pass).
    public func callAsFunction(_ points: Matrix<T>) -> Matrix<T> {
        let ws = JetWorkspace<T>()
        forward(points, order: .value, workspace: ws)
        return ws.output
    }
}
