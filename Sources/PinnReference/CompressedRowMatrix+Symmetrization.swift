extension CompressedRowMatrix {
    /// Positive row weights w such that W A (W = diag(w)) is symmetric, or nil when there are none.
    ///
    /// The ghost-point rows of the finite-difference scheme are the reason: a Neumann or Robin
    /// face node's row has 2/h² towards its inner neighbour where the inner node's row has 1/h²,
    /// so A is not symmetric, but halving the face rows (quartering corner rows, …) makes it so.
    /// The weights follow the graph of A: w_j = w_i · a_ij / a_ji along every edge from a node
    /// already weighted (breadth first from one node of each connected component, w = 1 there),
    /// and every edge is then checked: |w_i a_ij − w_j a_ji| ≤ `tolerance`·|w_i a_ij|. A needs a
    /// symmetric pattern and a_ij a_ji > 0 on every edge. Cost: O(nonzeros · row length) (a_ji is
    /// looked up in row j), two vectors of storage.
    func symmetrizingRowWeights(tolerance: Double = 1e-10) -> [Double]? {
        guard rowCount == columnCount else { return nil }
        var weights = [Double](repeating: 0, count: rowCount)
        var queue = [Int](repeating: 0, count: rowCount)
        for root in 0..<rowCount where weights[root] == 0 {
            weights[root] = 1
            var head = 0, tail = 1
            queue[0] = root
            while head < tail {
                let i = queue[head]
                head += 1
                for k in rowStarts[i]..<rowStarts[i + 1] {
                    let j = Int(columns[k]), aij = values[k]
                    if j == i { continue }
                    guard let aji = entry(row: j, column: i) else { return nil }
                    if aij == 0 && aji == 0 { continue }
                    guard aij * aji > 0 else { return nil }
                    let candidate = weights[i] * aij / aji
                    if weights[j] == 0 {
                        weights[j] = candidate
                        queue[tail] = j
                        tail += 1
                    } else if abs(weights[j] - candidate) > tolerance * weights[j] {
                        return nil
                    }
                }
            }
        }
        return weights
    }

    /// a_ij if row i stores it (a linear scan: rows are short).
    func entry(row i: Int, column j: Int) -> Double? {
        for k in rowStarts[i]..<rowStarts[i + 1] where columns[k] == j { return values[k] }
        return nil
    }
}
