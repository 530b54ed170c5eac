/// A square sparse matrix in triplet (coordinate) form; duplicate entries are summed.
///
/// This is what the assemblers (`FDAssembler`, `FEMAssembler`) build; every solver converts it
/// (to compressed columns for UMFPACK and CHOLMOD, to `CompressedRowMatrix` for multigrid).
public struct SparseTripletMatrix: Sendable {
    public let dimension: Int
    public private(set) var rows: [Int] = []
    public private(set) var columns: [Int] = []
    public private(set) var values: [Double] = []

    public init(dimension: Int) { self.dimension = dimension }

    public var entryCount: Int { values.count }

    /// Reserves room for `count` entries (assembly knows its stencil size in advance).
    public mutating func reserveCapacity(_ count: Int) {
        rows.reserveCapacity(count)
        columns.reserveCapacity(count)
        values.reserveCapacity(count)
    }

    public mutating func add(row: Int, column: Int, value: Double) {
        rows.append(row)
        columns.append(column)
        values.append(value)
    }
}
