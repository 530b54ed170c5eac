/// A linear combination of unknowns plus a constant, Σ_i c_i·u[column_i] + constant: how the
/// compact assembler writes a node value, a ghost value or a source value in terms of the
/// unknowns before it becomes one row of the matrix.
struct FDCompactAffineForm {
    private(set) var columns: [Int] = []
    private(set) var coefficients: [Double] = []
    var constant = 0.0

    init() {
        columns.reserveCapacity(32)
        coefficients.reserveCapacity(32)
    }

    /// Clears the form, keeping its storage.
    mutating func removeAll() {
        columns.removeAll(keepingCapacity: true)
        coefficients.removeAll(keepingCapacity: true)
        constant = 0
    }

    /// Adds `coefficient`·u[column], merging with an existing term for that column.
    mutating func add(column: Int, coefficient: Double) {
        if let i = columns.firstIndex(of: column) {
            coefficients[i] += coefficient
        } else {
            columns.append(column)
            coefficients.append(coefficient)
        }
    }

    /// Adds `scale`·`other`.
    mutating func add(_ other: FDCompactAffineForm, times scale: Double) {
        for (column, coefficient) in zip(other.columns, other.coefficients) {
            add(column: column, coefficient: scale * coefficient)
        }
        constant += scale * other.constant
    }

    var terms: Zip2Sequence<[Int], [Double]> { zip(columns, coefficients) }
}
