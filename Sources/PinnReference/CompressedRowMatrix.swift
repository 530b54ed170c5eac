/// A sparse matrix in compressed rows (CSR): the entries of row i are
/// `columns[rowStarts[i]..<rowStarts[i+1]]`, `values[…]`, sorted by column, no duplicates.
/// Column indices are 32-bit (12 bytes per nonzero instead of 16: less memory and less traffic
/// in the bandwidth-bound products), so a matrix has fewer than 2³¹ columns.
///
/// The operations multigrid needs, written to allocate only their results: y = A x, y += A x,
/// y = Aᵀ x, r = b − A x, Gauss–Seidel sweeps (`CompressedRowMatrix+Smoothing.swift`), the
/// transpose, A·B (Gustavson) and the Galerkin product Pᵀ A P.
struct CompressedRowMatrix: Sendable {
    let rowCount: Int
    let columnCount: Int
    private(set) var rowStarts: [Int]
    private(set) var columns: [Int32]
    private(set) var values: [Double]

    var nonzeroCount: Int { rowStarts[rowCount] }

    init(rowCount: Int, columnCount: Int, rowStarts: [Int], columns: [Int32], values: [Double]) {
        precondition(rowStarts.count == rowCount + 1 && columns.count == values.count)
        precondition(columnCount <= Int(Int32.max), "\(columnCount) columns do not fit 32-bit indices")
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.rowStarts = rowStarts
        self.columns = columns
        self.values = values
    }

    /// Converts triplets (duplicates summed, explicit zeros kept) by a counting sort on rows,
    /// then a sort of each row's entries by column; with `adding`, entry k's value is
    /// `triplets.values[k] + adding[k]` (a shifted matrix of the same pattern).
    init(_ triplets: SparseTripletMatrix, adding: [Double]? = nil) {
        let n = triplets.dimension
        precondition(n <= Int(Int32.max), "\(n) unknowns do not fit 32-bit indices")
        var starts = [Int](repeating: 0, count: n + 1)
        for r in triplets.rows { starts[r + 1] += 1 }
        for i in 0..<n { starts[i + 1] += starts[i] }
        var columns = [Int32](repeating: 0, count: triplets.entryCount)
        var values = [Double](repeating: 0, count: triplets.entryCount)
        do {
            var next = starts
            for k in 0..<triplets.entryCount {
                let r = triplets.rows[k]
                let slot = next[r]
                columns[slot] = Int32(truncatingIfNeeded: triplets.columns[k])
                values[slot] = triplets.values[k] + (adding?[k] ?? 0)
                next[r] = slot + 1
            }
        }
        // Sort each row by column and sum duplicates, compacting in place.
        var write = 0
        var compactStarts = [Int](repeating: 0, count: n + 1)
        for i in 0..<n {
            let begin = starts[i], end = starts[i + 1]
            Self.sortRow(columns: &columns, values: &values, begin, end)
            let rowStart = write
            for k in begin..<end {
                if write > rowStart && columns[write - 1] == columns[k] {
                    values[write - 1] += values[k]
                } else {
                    columns[write] = columns[k]
                    values[write] = values[k]
                    write += 1
                }
            }
            compactStarts[i + 1] = write
        }
        columns.removeLast(columns.count - write)
        values.removeLast(values.count - write)
        self.init(rowCount: n, columnCount: n, rowStarts: compactStarts, columns: columns, values: values)
    }

    /// Sorts `begin..<end` by column: insertion sort for the short rows of stencils, a sorted
    /// permutation for the long rows of high-order elements (hundreds of duplicate entries per row
    /// of a P3 tetrahedral mesh, where insertion sort's quadratic cost would dominate).
    private static func sortRow(columns: inout [Int32], values: inout [Double], _ begin: Int, _ end: Int) {
        guard end - begin > 1 else { return }
        if end - begin > 32 {
            let order = (begin..<end).sorted { columns[$0] < columns[$1] }
            let sortedColumns = order.map { columns[$0] }, sortedValues = order.map { values[$0] }
            columns.replaceSubrange(begin..<end, with: sortedColumns)
            values.replaceSubrange(begin..<end, with: sortedValues)
            return
        }
        for k in (begin + 1)..<end {
            let c = columns[k], v = values[k]
            var j = k - 1
            while j >= begin && columns[j] > c {
                columns[j + 1] = columns[j]
                values[j + 1] = values[j]
                j -= 1
            }
            columns[j + 1] = c
            values[j + 1] = v
        }
    }

    /// y = A x.
    func multiply(_ x: [Double], into y: inout [Double]) {
        for i in 0..<rowCount {
            var sum = 0.0
            for k in rowStarts[i]..<rowStarts[i + 1] { sum += values[k] * x[Int(columns[k])] }
            y[i] = sum
        }
    }

    /// y += A x.
    func multiplyAdd(_ x: [Double], into y: inout [Double]) {
        for i in 0..<rowCount {
            var sum = y[i]
            for k in rowStarts[i]..<rowStarts[i + 1] { sum += values[k] * x[Int(columns[k])] }
            y[i] = sum
        }
    }

    /// y = Aᵀ x, by scattering each row (no transpose stored).
    func multiplyTransposed(_ x: [Double], into y: inout [Double]) {
        for j in y.indices { y[j] = 0 }
        for i in 0..<rowCount {
            let xi = x[i]
            for k in rowStarts[i]..<rowStarts[i + 1] { y[Int(columns[k])] += values[k] * xi }
        }
    }

    /// r = b − A x.
    func residual(_ x: [Double], _ b: [Double], into r: inout [Double]) {
        for i in 0..<rowCount {
            var sum = b[i]
            for k in rowStarts[i]..<rowStarts[i + 1] { sum -= values[k] * x[Int(columns[k])] }
            r[i] = sum
        }
    }

    /// The diagonal entries (0 where a row stores none).
    func diagonal() -> [Double] {
        var d = [Double](repeating: 0, count: min(rowCount, columnCount))
        for i in 0..<d.count {
            for k in rowStarts[i]..<rowStarts[i + 1] where columns[k] == i { d[i] = values[k] }
        }
        return d
    }

    /// A ← D A with D = diag(scale) (rows scaled in place).
    mutating func scaleRows(by scale: [Double]) {
        for i in 0..<rowCount {
            for k in rowStarts[i]..<rowStarts[i + 1] { values[k] *= scale[i] }
        }
    }

    /// Aᵀ, rows sorted (a counting sort on columns keeps each output row in input-row order).
    func transposed() -> CompressedRowMatrix {
        var starts = [Int](repeating: 0, count: columnCount + 1)
        for c in columns { starts[Int(c) + 1] += 1 }
        for j in 0..<columnCount { starts[j + 1] += starts[j] }
        var next = starts
        var outColumns = [Int32](repeating: 0, count: nonzeroCount)
        var outValues = [Double](repeating: 0, count: nonzeroCount)
        for i in 0..<rowCount {
            for k in rowStarts[i]..<rowStarts[i + 1] {
                let c = Int(columns[k])
                let slot = next[c]
                outColumns[slot] = Int32(truncatingIfNeeded: i)
                outValues[slot] = values[k]
                next[c] = slot + 1
            }
        }
        return CompressedRowMatrix(
            rowCount: columnCount, columnCount: rowCount, rowStarts: starts, columns: outColumns, values: outValues)
    }

    /// The Galerkin coarse operator Pᵀ A P for A = self (square) and the interpolation P, without
    /// forming A P: coarse row I accumulates P_iI · A[i,m] · P[m,J] over the entries (i, I) of
    /// column I of P (rows of Pᵀ) in a dense accumulator over coarse columns, `marker[J] == I`
    /// flagging the columns row I has touched (Gustavson's scheme, one level deeper); the row is
    /// then gathered, sorted and appended. Memory: Pᵀ and the result; time
    /// O(Σ nnz(Pᵀ row)·nnz(A row)·nnz(P row)).
    func galerkinProduct(interpolation p: CompressedRowMatrix) -> CompressedRowMatrix {
        precondition(rowCount == columnCount && p.rowCount == rowCount)
        let r = p.transposed()
        let n = p.columnCount
        var marker = [Int](repeating: -1, count: n)
        var accumulator = [Double](repeating: 0, count: n)
        var touched: [Int32] = []
        touched.reserveCapacity(64)
        var starts = [Int](repeating: 0, count: n + 1)
        var outColumns: [Int32] = [], outValues: [Double] = []
        // 3^d entries per row for Galerkin coarsening of a compact stencil; twice A's mean row
        // length covers 2-D (5 → 10 ≥ 9) and grows once in 3-D.
        let estimate = n * max(9, 2 * nonzeroCount / max(1, rowCount))
        outColumns.reserveCapacity(estimate)
        outValues.reserveCapacity(estimate)
        for coarseRow in 0..<n {
            touched.removeAll(keepingCapacity: true)
            for kr in r.rowStarts[coarseRow]..<r.rowStarts[coarseRow + 1] {
                let i = Int(r.columns[kr]), w = r.values[kr]
                for ka in rowStarts[i]..<rowStarts[i + 1] {
                    let m = Int(columns[ka]), wa = w * values[ka]
                    for kp in p.rowStarts[m]..<p.rowStarts[m + 1] {
                        let j = Int(p.columns[kp])
                        if marker[j] != coarseRow {
                            marker[j] = coarseRow
                            accumulator[j] = 0
                            touched.append(p.columns[kp])
                        }
                        accumulator[j] += wa * p.values[kp]
                    }
                }
            }
            touched.sort()
            for j in touched {
                outColumns.append(j)
                outValues.append(accumulator[Int(j)])
            }
            starts[coarseRow + 1] = outColumns.count
        }
        return CompressedRowMatrix(
            rowCount: n, columnCount: n, rowStarts: starts, columns: outColumns, values: outValues)
    }

    /// Converts to triplets (for a direct solve of a small coarse level).
    func triplets() -> SparseTripletMatrix {
        precondition(rowCount == columnCount)
        var t = SparseTripletMatrix(dimension: rowCount)
        t.reserveCapacity(nonzeroCount)
        for i in 0..<rowCount {
            for k in rowStarts[i]..<rowStarts[i + 1] { t.add(row: i, column: Int(columns[k]), value: values[k]) }
        }
        return t
    }
}
