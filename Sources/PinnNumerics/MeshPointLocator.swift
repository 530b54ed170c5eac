import Foundation

/// Finds the cell of a triangle or tetrahedron mesh that holds a point: the cells' bounding
/// boxes sorted into a `BoxBucketGrid`, then the barycentric test on the cells of the point's
/// bucket. (Straight cells only; the finite-element reference's `FEMPointEvaluator` handles
/// curved ones.)
///
/// Barycentric coordinates: with T = [v₁ − v₀, …, v_d − v₀] (columns), λ₁…λ_d = T⁻¹(p − v₀) and
/// λ₀ = 1 − Σλ_k; p is in the (closed) cell when every λ ≥ −ε (ε = 1e-10, so points on faces and
/// nodes count as inside despite rounding).
public struct MeshPointLocator: Sendable {
    let dimension: Int
    let nodes: [Double]
    /// The cells, `dimension + 1` node indices each.
    let cells: [Int]
    /// The cells' bounding boxes in buckets.
    let grid: BoxBucketGrid

    static let tolerance = 1e-10

    /// `nodes` row-major (`dimension` coordinates each); `cells` row-major (`dimension + 1` node indices each).
    public init(dimension d: Int, nodes: [Double], cells: [Int]) {
        dimension = d
        self.nodes = nodes
        self.cells = cells
        let k = d + 1, count = cells.count / k
        var lower = [Double](repeating: .infinity, count: count * d), upper = lower.map { -$0 }
        for c in 0..<count {
            for corner in 0..<k {
                let node = cells[c * k + corner]
                for a in 0..<d {
                    lower[c * d + a] = min(lower[c * d + a], nodes[node * d + a])
                    upper[c * d + a] = max(upper[c * d + a], nodes[node * d + a])
                }
            }
        }
        grid = BoxBucketGrid(dimension: d, boxLower: lower, boxUpper: upper)
    }

    /// The index of a cell holding `point`, or nil when none does.
    public func cell(containing point: [Double]) -> Int? {
        guard point.count == dimension else { return nil }
        return grid.candidates(at: point).first { contains(cell: $0, point) }
    }

    /// Whether cell `c` holds `p` (every barycentric coordinate ≥ −tolerance).
    func contains(cell c: Int, _ p: [Double]) -> Bool {
        let d = dimension, k = d + 1
        let v = (0..<k).map { cells[c * k + $0] * d }
        func x(_ corner: Int, _ a: Int) -> Double { nodes[v[corner] + a] }
        if d == 2 {
            let det = (x(1, 0) - x(0, 0)) * (x(2, 1) - x(0, 1)) - (x(1, 1) - x(0, 1)) * (x(2, 0) - x(0, 0))
            guard det != 0 else { return false }
            let l1 = ((p[0] - x(0, 0)) * (x(2, 1) - x(0, 1)) - (p[1] - x(0, 1)) * (x(2, 0) - x(0, 0))) / det
            let l2 = ((x(1, 0) - x(0, 0)) * (p[1] - x(0, 1)) - (x(1, 1) - x(0, 1)) * (p[0] - x(0, 0))) / det
            return l1 >= -Self.tolerance && l2 >= -Self.tolerance && 1 - l1 - l2 >= -Self.tolerance
        }
        // 3-D: Cramer's rule on T λ = p − v₀.
        let t = (1...3).map { corner in (0..<3).map { x(corner, $0) - x(0, $0) } } // columns
        let r = (0..<3).map { p[$0] - x(0, $0) }
        func det(_ a: [Double], _ b: [Double], _ c: [Double]) -> Double {
            a[0] * (b[1] * c[2] - b[2] * c[1]) - b[0] * (a[1] * c[2] - a[2] * c[1]) + c[0] * (a[1] * b[2] - a[2] * b[1])
        }
        let full = det(t[0], t[1], t[2])
        guard full != 0 else { return false }
        let l1 = det(r, t[1], t[2]) / full, l2 = det(t[0], r, t[2]) / full, l3 = det(t[0], t[1], r) / full
        return l1 >= -Self.tolerance && l2 >= -Self.tolerance && l3 >= -Self.tolerance
            && 1 - l1 - l2 - l3 >= -Self.tolerance
    }
}
