extension CompressedRowMatrix {
    /// One forward Gauss–Seidel sweep on A x = b, rows 0, 1, …, n−1:
    /// x_i ← x_i + (b_i − Σ_j a_ij x_j) / a_ii with the newest x_j.
    func forwardGaussSeidel(_ b: [Double], inverseDiagonal: [Double], x: inout [Double]) {
        for i in 0..<rowCount {
            var sum = b[i]
            for k in rowStarts[i]..<rowStarts[i + 1] { sum -= values[k] * x[Int(columns[k])] }
            x[i] += sum * inverseDiagonal[i]
        }
    }

    /// One backward Gauss–Seidel sweep (rows n−1, …, 0): the adjoint of the forward sweep for
    /// symmetric A, so forward before and backward after a coarse correction give a symmetric
    /// preconditioner.
    func backwardGaussSeidel(_ b: [Double], inverseDiagonal: [Double], x: inout [Double]) {
        var i = rowCount - 1
        while i >= 0 {
            var sum = b[i]
            for k in rowStarts[i]..<rowStarts[i + 1] { sum -= values[k] * x[Int(columns[k])] }
            x[i] += sum * inverseDiagonal[i]
            i -= 1
        }
    }
}
