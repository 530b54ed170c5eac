import RealModule

extension MLP {
    /// Vector–Jacobian products at the point of the last `evaluate` on `workspace`, in one reverse pass:
    /// `stateGradient += aᵀ ∂f/∂z` (n entries) and `parameterGradient += aᵀ ∂f/∂θ`, returning `aᵀ ∂f/∂t`
    /// (0 when time is not an input).
    ///
    /// With `g_out = a`: `∂W_out += g_out h_Lᵀ`, `∂b_out += g_out`, and for each hidden layer from the
    /// top, `g_ℓ = (W_{ℓ+1}ᵀ g_{ℓ+1}) ⊙ σ'(W_ℓ h_{ℓ−1} + b_ℓ)`, `∂W_ℓ += g_ℓ h_{ℓ−1}ᵀ`, `∂b_ℓ += g_ℓ`;
    /// finally the input gradient is `W_1ᵀ g_1`.
    @discardableResult
    public func pullback(
        cotangent a: [Double], stateGradient: inout [Double], parameterGradient: inout [Double],
        workspace: inout MLPWorkspace
    ) -> Double {
        precondition(a.count == stateDimension, "cotangent has \(a.count) components, expected \(stateDimension)")
        precondition(
            stateGradient.count == stateDimension,
            "state gradient has \(stateGradient.count) components, expected \(stateDimension)")
        precondition(
            parameterGradient.count == parameterCount,
            "parameter gradient has \(parameterGradient.count) entries, expected \(parameterCount)")
        precondition(
            workspace.activations.count == depth * width && workspace.input.count == inputCount,
            "pullback needs a workspace filled by evaluate on this network")

        // Output layer: gradient w.r.t. the last hidden activation into `gradient` (the cotangent
        // through the output scale first: ∂f_i/∂(W_out h + b_out)_i = outputScale_i).
        do {
            let offset = layerOffset(depth)
            let biasOffset = offset + stateDimension * width
            let last = (depth - 1) * width
            let scale = scaling.outputScale
            for i in 0..<stateDimension { parameterGradient[biasOffset + i] += a[i] * scale[i] }
            for j in 0..<width {
                let hj = workspace.activations[last + j]
                let column = offset + j * stateDimension
                var s = 0.0
                for i in 0..<stateDimension {
                    let ai = a[i] * scale[i]
                    parameterGradient[column + i] += ai * hj
                    s += parameters[column + i] * ai
                }
                workspace.gradient[j] = s
            }
        }

        // Hidden layers, top down: turn ∂/∂h_ℓ into ∂/∂(pre-activation), then pass it below.
        for l in stride(from: depth - 1, through: 0, by: -1) {
            let offset = layerOffset(l)
            let (inSize, outSize) = layerShape(l)
            let biasOffset = offset + outSize * inSize
            let base = l * width
            switch activation {
            case .tanh:
                for i in 0..<outSize {
                    let h = workspace.activations[base + i]
                    workspace.gradient[i] *= 1 - h * h
                }
            case .sine(let omega):
                for i in 0..<outSize {
                    workspace.gradient[i] *= omega * Double.cos(omega * workspace.preactivations[base + i])
                }
            }
            for i in 0..<outSize { parameterGradient[biasOffset + i] += workspace.gradient[i] }
            for j in 0..<inSize {
                let xj = l == 0 ? workspace.input[j] : workspace.activations[base - width + j]
                let column = offset + j * outSize
                var s = 0.0
                for i in 0..<outSize {
                    let gi = workspace.gradient[i]
                    parameterGradient[column + i] += gi * xj
                    s += parameters[column + i] * gi
                }
                workspace.gradientBelow[j] = s
            }
            swap(&workspace.gradient, &workspace.gradientBelow)
        }

        // Through the input map x̂_j = (z_j^p − shift_j) / scale_j: ∂x̂_j/∂z_j = p z_j^(p−1) / scale_j.
        for j in 0..<stateDimension {
            let slope = inputPower == 1 ? 1 : Double(inputPower) * Double.pow(workspace.state[j], inputPower - 1)
            stateGradient[j] += workspace.gradient[j] * slope / scaling.inputScale[j]
        }
        if let known {
            known.dynamics.addPullback(at: workspace.state, t: workspace.time, cotangent: a, to: &stateGradient)
        }
        return takesTime ? workspace.gradient[stateDimension] / scaling.inputScale[stateDimension] : 0
    }

    /// f_θ(z, t) into `value` and, in the same call, the vector–Jacobian products of `pullback`
    /// (accumulated into `stateGradient` and `parameterGradient`; `aᵀ ∂f/∂t` returned).
    @discardableResult
    public func vectorJacobianProduct(
        at z: [Double], t: Double, cotangent a: [Double], value: inout [Double],
        stateGradient: inout [Double], parameterGradient: inout [Double],
        workspace: inout MLPWorkspace
    ) -> Double {
        evaluate(z, t: t, into: &value, workspace: &workspace)
        return pullback(
            cotangent: a, stateGradient: &stateGradient, parameterGradient: &parameterGradient,
            workspace: &workspace)
    }
}
