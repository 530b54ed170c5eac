/// The levels of geometric multigrid on a node grid: Galerkin coarse operators A_c = Pᵀ A P with
/// P the (multi)linear interpolation between node grids, restricted to the unknowns.
///
/// Coarsening, axis by axis: the coarse nodes of an axis are every other node (0, 2, 4, …) and
/// always the last node, so both ends (where boundary conditions sit) stay nodes of every level;
/// an even count therefore leaves one short last interval, and the coarse grid is uniform but
/// for that interval. Interpolation is linear in the nodes' positions along each axis (weights
/// ½, ½ on uniform intervals), the tensor product across axes; a coarse node is an unknown
/// exactly when the fine node at the same place is (so a Dirichlet node stays fixed and its
/// weight is dropped: the correction vanishes there). Only the axes whose coarse-level spacing
/// is within 1.5× of the finest are coarsened (semi-coarsening), which keeps Gauss–Seidel an
/// effective smoother when h_x ≠ h_y. Coarsening stops at `coarsestUnknowns` unknowns or when no
/// axis has 3 nodes left; that level is factored by UMFPACK.
///
/// The operator is whatever matrix is given (5/7-point, compact 9/19-point, ghost-point rows), so
/// the hierarchy is algebraic on a geometric interpolation; the caller symmetrises it first where
/// a diagonal scaling can (conjugate gradients), and runs BiCGStab where none can.
struct MultigridHierarchy {
    struct Level {
        let matrix: CompressedRowMatrix
        let inverseDiagonal: [Double]
        /// P from the next coarser level to this one (restriction is Pᵀ, applied by scattering
        /// P's rows); nil on the coarsest level.
        let interpolation: CompressedRowMatrix?
    }

    /// A level's node grid: node counts and positions per axis (three axes, unused ones of one
    /// node) and the node → unknown map.
    struct NodeGrid {
        var counts: [Int]
        var positions: [[Double]]
        var unknownIndex: [Int]
        var unknownCount: Int
    }

    let levels: [Level]
    let coarsest: SparseLUFactorization

    /// Unknowns summed over the levels, divided by the finest level's (1.33 for full coarsening in 2-D).
    var gridComplexity: Double {
        Double(levels.reduce(0) { $0 + $1.matrix.rowCount }) / Double(max(1, levels[0].matrix.rowCount))
    }

    /// Nonzeros of all operators divided by the finest operator's.
    var operatorComplexity: Double {
        Double(levels.reduce(0) { $0 + $1.matrix.nonzeroCount }) / Double(max(1, levels[0].matrix.nonzeroCount))
    }

    /// Two levels: `matrix` and its Galerkin coarse operator Pᵀ A P for the given interpolation P,
    /// solved by LU on the coarse level. With P the vertex prolongation of a higher-order finite
    /// element mesh (`FEMMesh.vertexProlongation`) this is p-multigrid: Gauss–Seidel on the P2 or
    /// P3 system smooths what the P1 coarse space cannot represent.
    init(matrix: CompressedRowMatrix, interpolation: CompressedRowMatrix) throws(SparseSolverError) {
        let coarseOperator = matrix.galerkinProduct(interpolation: interpolation)
        levels = [
            Level(
                matrix: matrix, inverseDiagonal: try Self.inverseDiagonal(matrix, level: 0),
                interpolation: interpolation),
            Level(
                matrix: coarseOperator, inverseDiagonal: try Self.inverseDiagonal(coarseOperator, level: 1),
                interpolation: nil)
        ]
        do { coarsest = try SparseLUFactorization(coarseOperator.triplets()) } catch { throw SparseSolverError(error) }
    }

    init(matrix: CompressedRowMatrix, grid: MultigridGrid, coarsestUnknowns: Int) throws(SparseSolverError) {
        var counts = grid.counts, positions: [[Double]] = []
        for a in 0..<3 {
            if a < grid.counts.count {
                positions.append((0..<grid.counts[a]).map { Double($0) * grid.spacing[a] })
            } else {
                counts.append(1)
                positions.append([0])
            }
        }
        var nodeGrid = NodeGrid(
            counts: counts, positions: positions, unknownIndex: grid.unknownIndex, unknownCount: matrix.rowCount)
        var levelMatrix = matrix
        var levels: [Level] = []
        while nodeGrid.unknownCount > coarsestUnknowns, let (coarse, interpolation) = Self.coarsen(nodeGrid),
            coarse.unknownCount > 0, coarse.unknownCount < nodeGrid.unknownCount
        {
            let coarseOperator = levelMatrix.galerkinProduct(interpolation: interpolation)
            levels.append(
                Level(
                    matrix: levelMatrix, inverseDiagonal: try Self.inverseDiagonal(levelMatrix, level: levels.count),
                    interpolation: interpolation))
            levelMatrix = coarseOperator
            nodeGrid = coarse
        }
        levels.append(
            Level(
                matrix: levelMatrix, inverseDiagonal: try Self.inverseDiagonal(levelMatrix, level: levels.count),
                interpolation: nil))
        do { coarsest = try SparseLUFactorization(levelMatrix.triplets()) } catch { throw SparseSolverError(error) }
        self.levels = levels
    }

    private static func inverseDiagonal(_ a: CompressedRowMatrix, level: Int) throws(SparseSolverError) -> [Double] {
        let d = a.diagonal()
        if let i = d.firstIndex(where: { !($0 > 0) }) {
            throw .notPositiveDefinite(
                call: "multigrid setup", detail: "level \(level) has diagonal entry \(d[i]) in row \(i)")
        }
        return d.map { 1 / $0 }
    }

    /// The next coarser node grid and the interpolation from it, or nil if no axis coarsens.
    static func coarsen(_ fine: NodeGrid) -> (NodeGrid, CompressedRowMatrix)? {
        let gaps = fine.positions.map { p in zip(p.dropFirst(), p).map { $0 - $1 }.max() ?? .infinity }
        let coarsenable = (0..<3).filter { fine.counts[$0] >= 3 }
        guard let finest = coarsenable.map({ gaps[$0] }).min() else { return nil }
        // Per axis: the fine indices of the coarse nodes, and each fine index's interpolation
        // entries (coarse index, weight).
        var selected: [[Int]] = [], entries: [[[(index: Int, weight: Double)]]] = []
        for a in 0..<3 {
            let n = fine.counts[a], x = fine.positions[a]
            guard coarsenable.contains(a), gaps[a] <= 1.5 * finest else {
                selected.append(Array(0..<n))
                entries.append((0..<n).map { [(index: $0, weight: 1.0)] })
                continue
            }
            var picks = Array(stride(from: 0, to: n, by: 2))
            if picks.last != n - 1 { picks.append(n - 1) }
            var axisEntries: [[(index: Int, weight: Double)]] = []
            axisEntries.reserveCapacity(n)
            var c = 0
            for i in 0..<n {
                if picks[c] == i {
                    axisEntries.append([(index: c, weight: 1)])
                    if c + 1 < picks.count && picks[c + 1] == i + 1 { c += 1 }
                } else {
                    let left = picks[c], right = picks[c + 1]
                    let wLeft = (x[right] - x[i]) / (x[right] - x[left])
                    axisEntries.append([(index: c, weight: wLeft), (index: c + 1, weight: 1 - wLeft)])
                    c += 1
                }
            }
            selected.append(picks)
            entries.append(axisEntries)
        }
        guard (0..<3).contains(where: { selected[$0].count < fine.counts[$0] }) else { return nil }

        let coarseCounts = selected.map(\.count)
        var coarseIndex = [Int](repeating: -1, count: coarseCounts.reduce(1, *))
        var coarseUnknowns = 0
        for k in 0..<coarseCounts[2] {
            for j in 0..<coarseCounts[1] {
                for i in 0..<coarseCounts[0] {
                    let fineNode = selected[0][i] + fine.counts[0] * (selected[1][j] + fine.counts[1] * selected[2][k])
                    guard fine.unknownIndex[fineNode] >= 0 else { continue }
                    coarseIndex[i + coarseCounts[0] * (j + coarseCounts[1] * k)] = coarseUnknowns
                    coarseUnknowns += 1
                }
            }
        }

        var nodeOfUnknown = [Int](repeating: 0, count: fine.unknownCount)
        for (node, u) in fine.unknownIndex.enumerated() where u >= 0 { nodeOfUnknown[u] = node }
        var rowStarts = [Int](repeating: 0, count: fine.unknownCount + 1)
        var columns: [Int32] = [], weights: [Double] = []
        columns.reserveCapacity(fine.unknownCount * (1 << coarsenable.count))
        weights.reserveCapacity(fine.unknownCount * (1 << coarsenable.count))
        for u in 0..<fine.unknownCount {
            let node = nodeOfUnknown[u]
            let i = node % fine.counts[0], j = (node / fine.counts[0]) % fine.counts[1]
            let k = node / (fine.counts[0] * fine.counts[1])
            for ez in entries[2][k] {
                for ey in entries[1][j] {
                    for ex in entries[0][i] {
                        let c = coarseIndex[ex.index + coarseCounts[0] * (ey.index + coarseCounts[1] * ez.index)]
                        guard c >= 0 else { continue }
                        columns.append(Int32(truncatingIfNeeded: c))
                        weights.append(ex.weight * ey.weight * ez.weight)
                    }
                }
            }
            rowStarts[u + 1] = columns.count
        }
        let coarse = NodeGrid(
            counts: coarseCounts,
            positions: (0..<3).map { a in selected[a].map { fine.positions[a][$0] } },
            unknownIndex: coarseIndex, unknownCount: coarseUnknowns)
        let interpolation = CompressedRowMatrix(
            rowCount: fine.unknownCount, columnCount: coarseUnknowns, rowStarts: rowStarts, columns: columns,
            values: weights)
        return (coarse, interpolation)
    }
}
