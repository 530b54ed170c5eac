extension FEMMesh {
    /// The prolongation P from piecewise-linear functions on the cells' vertices (P1, the coarse
    /// space) to the Lagrange nodes of this mesh of order p ≥ 2, restricted to the unknowns: the
    /// interpolation behind the two-level (p-multigrid) preconditioner of the finite-element
    /// systems (`MultigridHierarchy.init(matrix:interpolation:)`).
    ///
    /// Node k of a cell sits at the barycentric point α_k / p of the reference simplex, so the P1
    /// function with vertex values c_i takes there Σ_i (α_k,i / p) c_i: row u of P (the node's
    /// unknown) holds α_k,i / p in the column of each vertex i with α_k,i > 0 that is itself an
    /// unknown. Vertices fixed by a Dirichlet condition have no column (the coarse correction is 0
    /// there, as the fine one is). On a curved (isoparametric) cell this is still the P1 function of
    /// the reference coordinates, an equally good coarse space. Cells sharing an edge or face give
    /// its nodes the same row (conforming meshes; `checkHigherOrder`), so each node's row is taken
    /// from the first cell that names it.
    ///
    /// - Parameters:
    ///   - unknownIndex: the unknown of each node, −1 for fixed nodes and nodes in no cell.
    ///   - unknownCount: the number of unknowns (rows of P).
    /// - Returns: P with `unknownCount` rows and one column per unknown vertex, or nil for a linear
    ///   mesh (its own nodes are the vertices) or when no vertex is an unknown.
    func vertexProlongation(unknownIndex: [Int], unknownCount: Int) -> CompressedRowMatrix? {
        guard order >= 2 else { return nil }
        let d = dimension, perCell = nodesPerCell
        let basis = FEMLagrangeBasis(simplexDimension: d, degree: order)
        var coarseIndex = [Int](repeating: -1, count: nodeCount)
        var coarseCount = 0
        for cell in 0..<cellCount {
            for i in 0...d {
                let vertex = cells[cell * perCell + i]
                if unknownIndex[vertex] >= 0 && coarseIndex[vertex] < 0 {
                    coarseIndex[vertex] = coarseCount
                    coarseCount += 1
                }
            }
        }
        guard coarseCount > 0 else { return nil }
        // At most d + 1 entries per row, stored in fixed slots before compaction.
        let slots = d + 1
        var slotColumns = [Int32](repeating: -1, count: unknownCount * slots)
        var slotWeights = [Double](repeating: 0, count: unknownCount * slots)
        var filled = [Bool](repeating: false, count: unknownCount)
        let p = Double(order)
        for cell in 0..<cellCount {
            let s = cell * perCell
            for k in 0..<perCell {
                let u = unknownIndex[cells[s + k]]
                guard u >= 0, !filled[u] else { continue }
                filled[u] = true
                var slot = 0
                for (i, a) in basis.multiIndices[k].enumerated() where a > 0 {
                    let c = coarseIndex[cells[s + i]]
                    guard c >= 0 else { continue }
                    slotColumns[u * slots + slot] = Int32(c)
                    slotWeights[u * slots + slot] = Double(a) / p
                    slot += 1
                }
            }
        }
        var rowStarts = [Int](repeating: 0, count: unknownCount + 1)
        var columns: [Int32] = [], weights: [Double] = []
        columns.reserveCapacity(unknownCount * 2)
        weights.reserveCapacity(unknownCount * 2)
        for u in 0..<unknownCount {
            // The row's filled slots (at most d + 1), appended in column order by insertion.
            let start = columns.count
            for k in (u * slots)..<((u + 1) * slots) where slotColumns[k] >= 0 {
                var at = columns.count
                columns.append(slotColumns[k])
                weights.append(slotWeights[k])
                while at > start, columns[at - 1] > columns[at] {
                    columns.swapAt(at - 1, at)
                    weights.swapAt(at - 1, at)
                    at -= 1
                }
            }
            rowStarts[u + 1] = columns.count
        }
        return CompressedRowMatrix(
            rowCount: unknownCount, columnCount: coarseCount, rowStarts: rowStarts, columns: columns, values: weights)
    }
}
