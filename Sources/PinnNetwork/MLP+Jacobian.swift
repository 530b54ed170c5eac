import RealModule

extension MLP {
    /// f_θ(z, t) into `value` and its state Jacobian ∂f/∂z into `jacobian` (n × n, column-major: ∂f_i/∂z_j
    /// at i + j·n), by one forward pass carrying the n tangent directions e_j (forward mode):
    ///
    ///     Ṫ₀ = diag(p z^(p−1) / s_in) (the input map, columns of the state inputs),
    ///     Ṫ_ℓ = diag(σ′(W_ℓ h_{ℓ−1} + b_ℓ)) W_ℓ Ṫ_{ℓ−1},   ∂f/∂z = diag(s_out) W_out Ṫ_L,
    ///
    /// with σ′ = 1 − tanh² or ω cos(ω·). Costs about n times a forward pass; time (when an input) is not
    /// differentiated. `workspace` is left as `evaluate` leaves it.
    public func stateJacobian(
        at z: [Double], t: Double, value: inout [Double], jacobian: inout [Double], workspace: inout MLPWorkspace
    ) {
        let n = stateDimension
        evaluate(z, t: t, into: &value, workspace: &workspace)
        if jacobian.count != n * n { jacobian = [Double](repeating: 0, count: n * n) }
        if workspace.tangent.count != width * n {
            workspace.tangent = [Double](repeating: 0, count: width * n)
            workspace.tangentBelow = workspace.tangent
        }
        for l in 0..<depth {
            let offset = layerOffset(l)
            let (inSize, outSize) = layerShape(l)
            let base = l * width
            // Ṫ_ℓ[i, j] = σ′_i Σ_k W[i, k] Ṫ_{ℓ−1}[k, j]; for ℓ = 0 only the n state inputs have tangents,
            // Ṫ₀[k, j] = δ_kj p z_j^(p−1).
            for j in 0..<n {
                for i in 0..<outSize {
                    var s = 0.0
                    if l == 0 {
                        let slope = inputPower == 1 ? 1 : Double(inputPower) * Double.pow(z[j], inputPower - 1)
                        s = parameters[offset + i + j * outSize] * slope / scaling.inputScale[j]
                    } else {
                        for k in 0..<inSize {
                            s += parameters[offset + i + k * outSize] * workspace.tangentBelow[k + j * width]
                        }
                    }
                    let derivative: Double
                    switch activation {
                    case .tanh:
                        let h = workspace.activations[base + i]
                        derivative = 1 - h * h
                    case .sine(let omega):
                        derivative = omega * Double.cos(omega * workspace.preactivations[base + i])
                    }
                    workspace.tangent[i + j * width] = derivative * s
                }
            }
            swap(&workspace.tangent, &workspace.tangentBelow)
        }
        // The output layer: ∂f/∂z = W_out Ṫ_L (Ṫ_L now in tangentBelow).
        let offset = layerOffset(depth)
        for j in 0..<n {
            for i in 0..<n {
                var s = 0.0
                for k in 0..<width { s += parameters[offset + i + k * n] * workspace.tangentBelow[k + j * width] }
                jacobian[i + j * n] = s * scaling.outputScale[i]
            }
        }
        if let known { known.dynamics.addJacobian(at: z, t: t, to: &jacobian) }
    }
}
