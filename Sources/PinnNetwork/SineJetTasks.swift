import PinnNumerics

/// The sine activation's forward rules (`Siren.forward`) on a range of points of one layer's jet.
struct SineForwardTask<T: PinnScalar>: ChunkTask {
    let rows: Int, points: Int, derivativeBlocks: Int, hasLaplacian: Bool, omega: T
    /// The second-derivative block's a_i (nil: the Laplacian).
    let weights: UnsafePointer<T>?
    let bias: UnsafePointer<T>
    let z: UnsafeMutablePointer<T>, a: UnsafeMutablePointer<T>, s: UnsafeMutablePointer<T>, c: UnsafeMutablePointer<T>

    func run(_ cols: Range<Int>) {
        let o = cols.lowerBound * rows
        T.sineJetForward(
            rows: rows, cols: cols.count, stride: rows * points, d: derivativeBlocks,
            hasLaplacian: hasLaplacian, weights: weights, omega: omega, bias: bias, z: z + o, a: a + o, s: s + o,
            c: c + o)
    }
}

/// The sine activation's reverse rules (`Siren.backward`) on a range of points of one layer's jet.
struct SineBackwardTask<T: PinnScalar>: ChunkTask {
    let rows: Int, points: Int, derivativeBlocks: Int, hasLaplacian: Bool, omega: T
    /// The second-derivative block's a_i (nil: the Laplacian).
    let weights: UnsafePointer<T>?
    let z: UnsafePointer<T>, s: UnsafePointer<T>, c: UnsafePointer<T>
    let g: UnsafeMutablePointer<T>

    func run(_ cols: Range<Int>) {
        let o = cols.lowerBound * rows
        T.sineJetBackward(
            rows: rows, cols: cols.count, stride: rows * points, d: derivativeBlocks,
            hasLaplacian: hasLaplacian, weights: weights, omega: omega, z: z + o, s: s + o, c: c + o, g: g + o)
    }
}
