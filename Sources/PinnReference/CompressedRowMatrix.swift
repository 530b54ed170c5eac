/// A sparse matrix in compressed rows (CSR): the entries of row i are
/// `columns[rowStarts[i]..<rowStarts[i+1]]`, `values[…]`, sorted by column, no duplicates.
///
/// The operations multigrid needs, written to allocate only their results: y = A x, r = b − A x,
/// the transpose, and the product A·B (Gustavson's row-by-row algorithm with a dense marker,
/// O(flops + rows) time).
struct CompressedRowMatrix: Sendable {
    let rowCount: Int
    let columnCount: Int
    private(set) var rowStarts: [Int]
    private(set) var columns: [Int]
    private(set) var values: [Double]

    var nonzeroCount: Int { rowStarts[rowCount] }

    init(rowCount: Int, columnCount: Int, rowStarts: [Int], columns: [Int], values: [Double]) {
        precondition(rowStarts.count == rowCount + 1 && columns.count == values.count)
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.rowStarts = rowStarts
        self.columns = columns
        self.values = values
    }

    /// Converts triplets (duplicates summed, explicit zeros kept) by a counting sort on rows,
    /// then an insertion sort of each row's few entries by column.
    init(_ triplets: SparseTripletMatrix) {
        let n = triplets.dimension
        var starts = [Int](repeating: 0, count: n + 1)
        for r in triplets.rows { starts[r + 1] += 1 }
        for i in 0..<n { starts[i + 1] += starts[i] }
        var next = starts
        var columns = [Int](repeating: 0, count: triplets.entryCount)
        var values = [Double](repeating: 0, count: triplets.entryCount)
        for k in 0..<triplets.entryCount {
            let r = triplets.rows[k]
            let slot = next[r]
            columns[slot] = triplets.columns[k]
            values[slot] = triplets.values[k]
            next[r] = slot + 1
        }
        // Sort each row by column and sum duplicates, compacting in place.
        var write = 0
        var compactStarts = [Int](repeating: 0, count: n + 1)
        for i in 0..<n {
            let begin = starts[i], end = starts[i + 1]
            if end - begin > 1 {
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

    /// y = A x.
    func multiply(_ x: [Double], into y: inout [Double]) {
        for i in 0..<rowCount {
            var sum = 0.0
            for k in rowStarts[i]..<rowStarts[i + 1] { sum += values[k] * x[columns[k]] }
            y[i] = sum
        }
    }

    /// r = b − A x.
    func residual(_ x: [Double], _ b: [Double], into r: inout [Double]) {
        for i in 0..<rowCount {
            var sum = b[i]
            for k in rowStarts[i]..<rowStarts[i + 1] { sum -= values[k] * x[columns[k]] }
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

    /// Aᵀ, rows sorted (a counting sort on columns keeps each output row in input-row order).
    func transposed() -> CompressedRowMatrix {
        var starts = [Int](repeating: 0, count: columnCount + 1)
        for c in columns { starts[c + 1] += 1 }
        for j in 0..<columnCount { starts[j + 1] += starts[j] }
        var next = starts
        var outColumns = [Int](repeating: 0, count: nonzeroCount)
        var outValues = [Double](repeating: 0, count: nonzeroCount)
        for i in 0..<rowCount {
            for k in rowStarts[i]..<rowStarts[i + 1] {
                let slot = next[columns[k]]
                outColumns[slot] = i
                outValues[slot] = values[k]
                next[columns[k]] = slot + 1
            }
        }
        return CompressedRowMatrix(
            rowCount: columnCount, columnCount: rowCount, rowStarts: starts, columns: outColumns, values: outValues)
    }

    /// A·B by Gustavson's algorithm: row i of the product accumulates `A[i,k]·B[k,:]` in a dense
    /// workspace indexed by column, with `marker[j]` holding the slot of column j in row i.
    /// Output rows are sorted by column.
    func multiplied(by b: CompressedRowMatrix) -> CompressedRowMatrix {
        precondition(columnCount == b.rowCount, "A is \(rowCount)×\(columnCount), B is \(b.rowCount)×\(b.columnCount)")
        var marker = [Int](repeating: -1, count: b.columnCount)
        var starts = [Int](repeating: 0, count: rowCount + 1)
        var outColumns: [Int] = []
        var outValues: [Double] = []
        outColumns.reserveCapacity(nonzeroCount * 2)
        outValues.reserveCapacity(nonzeroCount * 2)
        for i in 0..<rowCount {
            let rowStart = outColumns.count
            for k in rowStarts[i]..<rowStarts[i + 1] {
                let a = values[k], middle = columns[k]
                for l in b.rowStarts[middle]..<b.rowStarts[middle + 1] {
                    let j = b.columns[l]
                    let slot = marker[j]
                    if slot >= rowStart {
                        outValues[slot] += a * b.values[l]
                    } else {
                        marker[j] = outColumns.count
                        outColumns.append(j)
                        outValues.append(a * b.values[l])
                    }
                }
            }
            let rowEnd = outColumns.count
            if rowEnd - rowStart > 1 {
                for k in (rowStart + 1)..<rowEnd {
                    let c = outColumns[k], v = outValues[k]
                    var j = k - 1
                    while j >= rowStart && outColumns[j] > c {
                        outColumns[j + 1] = outColumns[j]
                        outValues[j + 1] = outValues[j]
                        j -= 1
                    }
                    outColumns[j + 1] = c
                    outValues[j + 1] = v
                }
            }
            starts[i + 1] = rowEnd
        }
        return CompressedRowMatrix(
            rowCount: rowCount, columnCount: b.columnCount, rowStarts: starts, columns: outColumns, values: outValues)
    }

    /// A ← D A with D = diag(scale) (rows scaled in place).
    mutating func scaleRows(by scale: [Double]) {
        for i in 0..<rowCount {
            for k in rowStarts[i]..<rowStarts[i + 1] { values[k] *= scale[i] }
        }
    }

    /// Converts to triplets (for a direct solve of a small coarse level).
    func triplets() -> SparseTripletMatrix {
        precondition(rowCount == columnCount)
        var t = SparseTripletMatrix(dimension: rowCount)
        t.reserveCapacity(nonzeroCount)
        for i in 0..<rowCount {
            for k in rowStarts[i]..<rowStarts[i + 1] { t.add(row: i, column: columns[k], value: values[k]) }
        }
        return t
    }
}

extension CompressedRowMatrix {
    /// y += A x.
    func multiplyAdd(_ x: [Double], into y: inout [Double]) {
        for i in 0..<rowCount {
            var sum = y[i]
            for k in rowStarts[i]..<rowStarts[i + 1] { sum += values[k] * x[columns[k]] }
            y[i] = sum
        }
    }

    /// One forward Gauss–Seidel sweep on A x = b, rows 0, 1, …, n−1:
    /// x_i ← x_i + (b_i − Σ_j a_ij x_j) / a_ii with the newest x_j.
    func forwardGaussSeidel(_ b: [Double], inverseDiagonal: [Double], x: inout [Double]) {
        for i in 0..<rowCount {
            var sum = b[i]
            for k in rowStarts[i]..<rowStarts[i + 1] { sum -= values[k] * x[columns[k]] }
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
            for k in rowStarts[i]..<rowStarts[i + 1] { sum -= values[k] * x[columns[k]] }
            x[i] += sum * inverseDiagonal[i]
            i -= 1
        }
    }
}
