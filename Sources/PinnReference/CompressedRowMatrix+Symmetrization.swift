extension CompressedRowMatrix {
    /// Positive row weights w such that W A (W = diag(w)) is symmetric, or nil when there are none.
    ///
    /// The ghost-point rows of the finite-difference scheme are the reason: a Neumann or Robin
    /// face node's row has 2/h² towards its inner neighbour where the inner node's row has 1/h²,
    /// so A is not symmetric, but halving the face rows (quartering corner rows, …) makes it so.
    /// The weights follow the graph of A: w_j = w_i · a_ij / a_ji along every edge from a node
    /// already weighted (breadth first from one node of each connected component, w = 1 there),
    /// and every edge is then checked: |w_i a_ij − w_j a_ji| ≤ `tolerance`·|w_i a_ij|. A needs a
    /// symmetric pattern and a_ij a_ji > 0 on every edge, but for pairs of entries both at rounding
    /// level against their diagonals (`roundingLevel`), which are skipped. Cost: O(nonzeros · row length) (a_ji is
    /// looked up in row j), two vectors of storage.
    func symmetrizingRowWeights(tolerance: Double = 1e-10) -> [Double]? {
        guard rowCount == columnCount else { return nil }
        let diagonal = (0..<rowCount).map { entry(row: $0, column: $0) ?? 0 }
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
                    let aji = entry(row: j, column: i) ?? 0
                    // Entries at rounding level against the diagonal (a P2 stiffness entry that
                    // cancels to ±1e-17) are zeros with a sign of chance, not couplings.
                    let negligible = Self.roundingLevel * max(abs(diagonal[i]), abs(diagonal[j]))
                    if abs(aij) <= negligible && abs(aji) <= negligible { continue }
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

    /// Off-diagonal entries below this fraction of their rows' diagonals count as zeros when
    /// looking for symmetrising weights.
    static let roundingLevel = 1e-13

    /// a_ij if row i stores it (a linear scan: rows are short).
    func entry(row i: Int, column j: Int) -> Double? {
        for k in rowStarts[i]..<rowStarts[i + 1] where columns[k] == j { return values[k] }
        return nil
    }
}
