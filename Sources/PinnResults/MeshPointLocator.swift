import Foundation

/// Finds the cell of a triangle or tetrahedron mesh that holds a point: the domain cells of a
/// stored mesh result sorted into a uniform grid of buckets over their bounding box (each cell in
/// every bucket its bounding box meets), then the barycentric test on the cells of the point's
/// bucket.
///
/// Barycentric coordinates: with T = [v₁ − v₀, …, v_d − v₀] (columns), λ₁…λ_d = T⁻¹(p − v₀) and
/// λ₀ = 1 − Σλ_k; p is in the (closed) cell when every λ ≥ −ε (ε = 1e-10, so points on faces and
/// nodes count as inside despite rounding).
public struct MeshPointLocator: Sendable {
    let dimension: Int
    let nodes: [Double]
    /// Domain cells, `dimension + 1` node indices each.
    let cells: [Int]
    let lower: [Double]
    let bucketSize: [Double]
    let bucketCounts: [Int]
    /// Cell indices (into `cells` / (d + 1)) per bucket, x fastest.
    let buckets: [[Int]]

    static let tolerance = 1e-10

    /// The locator of the cells of the domain of a result on `mesh` (`StoredPDEResult.domainCells`).
    public init(_ mesh: StoredMesh, domainCells: [Int]) {
        self.init(dimension: mesh.dimension, nodes: mesh.nodes, cells: domainCells)
    }

    /// `nodes` row-major (`dimension` coordinates each); `cells` row-major (`dimension + 1` node indices each).
    public init(dimension d: Int, nodes: [Double], cells: [Int]) {
        dimension = d
        self.nodes = nodes
        self.cells = cells
        let k = d + 1, count = cells.count / k
        var lo = [Double](repeating: .infinity, count: d), hi = [Double](repeating: -.infinity, count: d)
        for node in cells {
            for a in 0..<d {
                lo[a] = min(lo[a], nodes[node * d + a])
                hi[a] = max(hi[a], nodes[node * d + a])
            }
        }
        if count == 0 { lo = [Double](repeating: 0, count: d); hi = lo }
        // About one cell per bucket.
        let perAxis = max(1, Int(pow(Double(max(count, 1)), 1 / Double(d)).rounded(.up)))
        lower = lo
        bucketCounts = [Int](repeating: perAxis, count: d)
        bucketSize = (0..<d).map { max((hi[$0] - lo[$0]) / Double(perAxis), .leastNormalMagnitude) }
        var buckets = [[Int]](repeating: [], count: Int(pow(Double(perAxis), Double(d))))
        for c in 0..<count {
            var first = [Int](repeating: 0, count: d), last = first
            for a in 0..<d {
                let values = (0..<k).map { nodes[cells[c * k + $0] * d + a] }
                first[a] = Self.clamp(Int(((values.min()! - lo[a]) / bucketSize[a]).rounded(.down)), perAxis)
                last[a] = Self.clamp(Int(((values.max()! - lo[a]) / bucketSize[a]).rounded(.down)), perAxis)
            }
            for index in Self.indices(first, last, counts: bucketCounts) { buckets[index].append(c) }
        }
        self.buckets = buckets
    }

    static func clamp(_ i: Int, _ count: Int) -> Int { min(max(i, 0), count - 1) }

    /// The flat indices of the buckets from `first` to `last` (inclusive, per axis).
    static func indices(_ first: [Int], _ last: [Int], counts: [Int]) -> [Int] {
        var result = [0]
        var stride = 1
        for a in 0..<first.count {
            result = result.flatMap { base in (first[a]...last[a]).map { base + $0 * stride } }
            stride *= counts[a]
        }
        return result
    }

    /// The index of a cell holding `point` (among the domain cells), or nil when none does.
    public func cell(containing point: [Double]) -> Int? {
        let d = dimension
        guard point.count == d, !cells.isEmpty else { return nil }
        var index = 0, stride = 1
        for a in 0..<d {
            // A point within rounding of the box still finds its bucket.
            let slack = Self.tolerance * max(1, bucketSize[a] * Double(bucketCounts[a]))
            let t = (point[a] - lower[a]) / bucketSize[a]
            guard point[a] >= lower[a] - slack, point[a] <= lower[a] + bucketSize[a] * Double(bucketCounts[a]) + slack
            else { return nil }
            index += Self.clamp(Int(t.rounded(.down)), bucketCounts[a]) * stride
            stride *= bucketCounts[a]
        }
        return buckets[index].first { contains(cell: $0, point) }
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
