extension MultigridHierarchy {
    /// Vectors for every level, allocated once per solve: the correction x, the right-hand side b
    /// and the residual r of each level.
    struct Workspace {
        var x: [[Double]]
        var b: [[Double]]
        var r: [[Double]]
    }

    /// z = M⁻¹ r by one V(`sweeps`, `sweeps`)-cycle, as a Krylov method's preconditioner; the
    /// closure owns its workspace.
    func preconditioner(sweeps: Int) -> (_ r: [Double], _ z: inout [Double]) throws(SparseSolverError) -> Void {
        var workspace = makeWorkspace()
        return { (r: [Double], z: inout [Double]) throws(SparseSolverError) in
            try precondition(r, into: &z, sweeps: sweeps, workspace: &workspace)
        }
    }

    func makeWorkspace() -> Workspace {
        let sizes = levels.map(\.matrix.rowCount)
        return Workspace(
            x: sizes.map { [Double](repeating: 0, count: $0) }, b: sizes.map { [Double](repeating: 0, count: $0) },
            r: sizes.map { [Double](repeating: 0, count: $0) })
    }

    /// z = M⁻¹ r: one V(ν, ν)-cycle from a zero guess on A z = r.
    ///
    /// Per level ℓ down: ν forward Gauss–Seidel sweeps, r_ℓ = b_ℓ − A_ℓ x_ℓ, b_{ℓ+1} = R_ℓ r_ℓ; the
    /// coarsest level is solved by its LU factors; per level up: x_ℓ += P_ℓ x_{ℓ+1}, then ν
    /// backward sweeps. Backward after is the adjoint of forward before and R = Pᵀ, so M is
    /// symmetric (and positive definite for SPD A), as conjugate gradients need.
    /// Cost per cycle ≈ (2ν + 3) · nonzeros(A) · operator complexity multiply–adds.
    func precondition(
        _ residual: [Double], into z: inout [Double], sweeps: Int, workspace: inout Workspace
    ) throws(SparseSolverError) {
        let last = levels.count - 1
        workspace.b[0] = residual
        for l in 0..<last {
            let level = levels[l]
            for i in workspace.x[l].indices { workspace.x[l][i] = 0 }
            for _ in 0..<sweeps {
                level.matrix.forwardGaussSeidel(
                    workspace.b[l], inverseDiagonal: level.inverseDiagonal, x: &workspace.x[l])
            }
            level.matrix.residual(workspace.x[l], workspace.b[l], into: &workspace.r[l])
            level.interpolation?.multiplyTransposed(workspace.r[l], into: &workspace.b[l + 1])
        }
        do { workspace.x[last] = try coarsest.solve(workspace.b[last]) } catch { throw SparseSolverError(error) }
        for l in stride(from: last - 1, through: 0, by: -1) {
            let level = levels[l]
            level.interpolation?.multiplyAdd(workspace.x[l + 1], into: &workspace.x[l])
            for _ in 0..<sweeps {
                level.matrix.backwardGaussSeidel(
                    workspace.b[l], inverseDiagonal: level.inverseDiagonal, x: &workspace.x[l])
            }
        }
        swap(&z, &workspace.x[0])
    }
}
