/// A dense column-major matrix of `rows × cols` scalars, a value type over a Swift array.
public struct Matrix<T: PinnScalar>: Equatable, Sendable {
    public private(set) var rows: Int
    public private(set) var cols: Int
    /// Column-major storage: element (i, j) is at `i + j * rows`.
    public var storage: [T]

    /// A zero matrix.
    public init(rows: Int, cols: Int) {
        precondition(rows >= 0 && cols >= 0, "matrix dimensions must be non-negative")
        self.rows = rows
        self.cols = cols
        self.storage = [T](repeating: 0, count: rows * cols)
    }

    /// A matrix over existing column-major storage (`storage.count == rows * cols`).
    public init(rows: Int, cols: Int, storage: [T]) {
        precondition(storage.count == rows * cols, "storage has \(storage.count) elements, expected \(rows * cols)")
        self.rows = rows
        self.cols = cols
        self.storage = storage
    }

    public subscript(i: Int, j: Int) -> T {
        get { storage[i + j * rows] }
        set { storage[i + j * rows] = newValue }
    }

    /// Changes the shape, keeping storage capacity (contents unspecified after growth).
    public mutating func reshape(rows: Int, cols: Int) {
        if rows * cols != storage.count {
            storage = [T](repeating: 0, count: rows * cols)
        }
        self.rows = rows
        self.cols = cols
    }
}

/// C ← α op(A) op(B) + β C, through BLAS, split over the worker pool (`parallelGemm`).
public func gemm<T: PinnScalar>(
    _ a: Matrix<T>, _ b: Matrix<T>, transposeA ta: Transpose = .none,
    transposeB tb: Transpose = .none, alpha: T = 1, beta: T = 0,
    into c: inout Matrix<T>
) {
    let m = ta == .none ? a.rows : a.cols
    let k = ta == .none ? a.cols : a.rows
    let kb = tb == .none ? b.rows : b.cols
    let n = tb == .none ? b.cols : b.rows
    precondition(k == kb, "gemm: inner dimensions \(k) and \(kb) differ")
    if c.rows != m || c.cols != n { c.reshape(rows: m, cols: n) }
    a.storage.withUnsafeBufferPointer { pa in
        b.storage.withUnsafeBufferPointer { pb in
            c.storage.withUnsafeMutableBufferPointer { pc in
                T.parallelGemm(
                    ta, tb, m: m, n: n, k: k, alpha: alpha, a: pa.baseAddress!, lda: max(1, a.rows),
                    b: pb.baseAddress!, ldb: max(1, b.rows), beta: beta, c: pc.baseAddress!, ldc: max(1, m))
            }
        }
    }
}
