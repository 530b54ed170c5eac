import PinnNetwork
import PinnNumerics
import PinnTraining

/// The loss of −u'' = π² sin(πx) on [−1, 1] with u(±1) = 0 (exact u = sin(πx)), shared by the
/// training tests: `n` interior points x_i = −1 + 2(i + offset)/n, i = 0…n−1, and the two ends.
enum Poisson1DLoss {
    /// The loss at `n` interior points shifted by `offset` cells (0.5: the cell midpoints).
    static func make(n: Int, offset: Double) -> PDELoss<Double> {
        let xs = (0..<n).map { -1 + 2 * (Double($0) + offset) / Double(n) }
        let interior = InteriorBatch(
            points: Matrix(rows: 1, cols: n, storage: xs),
            source: xs.map { Double.pi * Double.pi * Double.sin(Double.pi * $0) },
            laplacianCoefficient: -1)
        let boundary = BoundaryBatch<Double>(
            points: Matrix(rows: 1, cols: 2, storage: [-1, 1]),
            normals: Matrix(rows: 1, cols: 2, storage: [-1, 1]),
            alpha: [1, 1], beta: [0, 0], value: [0, 0])
        return PDELoss(interior: interior, boundary: boundary)
    }

    /// The loss of resampling round `round`: the points move by a seventh of half a cell per round
    /// (mod 7) from a quarter cell.
    static func resampled(round: Int, n: Int) -> PDELoss<Double> {
        make(n: n, offset: 0.5 * Double(round % 7) / 7 + 0.25)
    }
}
