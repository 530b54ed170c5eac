/// A scalar field sampled on a rectilinear grid in 1, 2 or 3 dimensions and interpolated
/// multilinearly between the samples: linearly in 1-D, bilinearly in 2-D, trilinearly in 3-D.
///
/// Axis a has nodes c_a[0] < c_a[1] < … < c_a[n_a − 1] (n_a ≥ 2). At a point x, each axis finds the
/// cell i_a with c_a[i_a] ≤ x_a ≤ c_a[i_a + 1] and the local coordinate
///
///     t_a = (x_a − c_a[i_a]) / (c_a[i_a + 1] − c_a[i_a])  ∈ [0, 1],
///
/// and the value is the weighted sum over the 2^d corners s ∈ {0, 1}^d of the cell
///
///     f(x) = Σ_s f[i + s] · Π_a w_a(s_a),   w_a(0) = 1 − t_a,  w_a(1) = t_a,
///
/// the one function that is linear along each axis inside the cell and equals the samples at its
/// corners. It reproduces exactly every function that is affine in each coordinate separately (in
/// 2-D, a + b·x + c·y + d·x·y), and for a smooth f its error is at most (1/8) Σ_a h_a² max|∂²f/∂x_a²|
/// with h_a the cell width along axis a: second order in the data spacing. A coordinate outside
/// the grid is clamped to its extent (the value of the nearest face, edge or corner).
public struct GriddedField: Sendable, Equatable {
    /// The sample grid (axes x, y, z, each strictly increasing).
    public let grid: RectilinearGrid
    /// The samples, x fastest (see `RectilinearGrid`): the value at node (i_x, i_y, i_z) is
    /// `values[i_x + n_x·(i_y + n_y·i_z)]`.
    public let values: [Double]

    /// A field over `axes` (x, y, z order; each strictly increasing or strictly decreasing, with
    /// at least 2 finite nodes) with `values` x fastest (see `values`). A decreasing axis is
    /// reversed, with the values along it.
    /// - Throws: `GriddedFieldError` for a rank outside 1…3, too few or non-finite nodes, an axis
    ///   that is not monotonic, a count of values that does not match, or a non-finite value.
    public init(axes: [[Double]], values: [Double]) throws(GriddedFieldError) {
        guard (1...3).contains(axes.count) else { throw .rank(axes.count) }
        for (a, nodes) in axes.enumerated() {
            guard nodes.count >= 2 else { throw .tooFewNodes(axis: a, count: nodes.count) }
            if let i = nodes.firstIndex(where: { !$0.isFinite }) { throw .nonFiniteNode(axis: a, index: i) }
            let increasing = nodes[1] > nodes[0]
            for i in 1..<nodes.count where !(increasing ? nodes[i] > nodes[i - 1] : nodes[i] < nodes[i - 1]) {
                throw .notMonotonic(axis: a, index: i, previous: nodes[i - 1], value: nodes[i])
            }
        }
        let counts = axes.map(\.count)
        let total = counts.reduce(1, *)
        guard values.count == total else { throw .countMismatch(expected: counts, found: values.count) }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            var index = [Int](), rest = bad
            for n in counts { index.append(rest % n); rest /= n }
            throw .nonFiniteValue(index: index, point: zip(axes, index).map { $0[$1] }, value: values[bad])
        }
        // Reverse decreasing axes (and the values along them).
        var axes = axes, values = values
        for a in axes.indices where axes[a][1] < axes[a][0] {
            axes[a].reverse()
            let stride = counts[..<a].reduce(1, *), n = counts[a]
            var flipped = values
            for k in values.indices {
                let i = (k / stride) % n
                flipped[k + (n - 1 - 2 * i) * stride] = values[k]
            }
            values = flipped
        }
        grid = RectilinearGrid(
            axes: axes.indices.map { RectilinearGrid.Axis(name: ["x", "y", "z"][$0], coordinates: axes[$0]) })
        self.values = values
    }

    /// 1, 2 or 3.
    public var dimension: Int { grid.dimension }

    /// The first node of each axis.
    public var lower: [Double] { grid.axes.map { $0.coordinates[0] } }

    /// The last node of each axis.
    public var upper: [Double] { grid.axes.map { $0.coordinates[$0.coordinates.count - 1] } }

    /// Whether the grid's extent contains the box [lower, upper], allowing `tolerance` times the
    /// grid's extent on each axis for rounding.
    public func covers(lower: [Double], upper: [Double], tolerance: Double = 1e-9) -> Bool {
        grid.axes.indices.allSatisfy { a in
            let slack = tolerance * (self.upper[a] - self.lower[a])
            return lower[a] >= self.lower[a] - slack && upper[a] <= self.upper[a] + slack
        }
    }

    /// The interpolated value at `point` (its first `dimension` coordinates, x first).
    public func evaluate(_ point: [Double]) -> Double {
        precondition(
            point.count >= dimension, "a \(dimension)-D field needs \(dimension) coordinates, got \(point.count)")
        return value(point[0], dimension > 1 ? point[1] : 0, dimension > 2 ? point[2] : 0)
    }

    /// Evaluates at `columns` points stored column-major in a `rows × columns` matrix (point j is
    /// `points[j·rows ..< (j+1)·rows]`, its first `dimension` entries x, y, z), writing the value at
    /// point j to `output[j]`; `output` is resized to `columns` if its count differs.
    public func evaluate(columns: Int, rows: Int, _ points: [Double], into output: inout [Double]) {
        precondition(rows >= dimension, "points have \(rows) rows, fewer than the field's \(dimension) axes")
        precondition(
            columns >= 0 && points.count >= rows * columns,
            "\(points.count) values cannot hold \(columns) points of \(rows) rows")
        if output.count != columns { output = [Double](repeating: 0, count: columns) }
        let d = dimension
        for j in 0..<columns {
            let k = j * rows
            output[j] = value(points[k], d > 1 ? points[k + 1] : 0, d > 2 ? points[k + 2] : 0)
        }
    }

    /// Cell index and local coordinate along axis `a` at `x` (clamped to the extent).
    @inline(__always)
    private func locate(_ x: Double, axis a: Int) -> (index: Int, t: Double) {
        let nodes = grid.axes[a].coordinates
        let n = nodes.count
        if !(x > nodes[0]) { return (0, 0) }
        if !(x < nodes[n - 1]) { return (n - 2, 1) }
        // Largest i with nodes[i] ≤ x, by bisection; 0 ≤ i ≤ n − 2 here.
        var lo = 0, hi = n - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if nodes[mid] <= x { lo = mid } else { hi = mid }
        }
        return (lo, (x - nodes[lo]) / (nodes[lo + 1] - nodes[lo]))
    }

    /// The interpolated value at (x, y, z); the coordinates beyond `dimension` are ignored.
    private func value(_ x: Double, _ y: Double, _ z: Double) -> Double {
        switch dimension {
        case 1:
            let (i, t) = locate(x, axis: 0)
            return (1 - t) * values[i] + t * values[i + 1]
        case 2:
            let (i, s) = locate(x, axis: 0), (j, t) = locate(y, axis: 1)
            let nx = grid.axes[0].coordinates.count, k = i + nx * j
            return (1 - t) * ((1 - s) * values[k] + s * values[k + 1])
                + t * ((1 - s) * values[k + nx] + s * values[k + nx + 1])
        default:
            let (i, s) = locate(x, axis: 0), (j, t) = locate(y, axis: 1), (l, u) = locate(z, axis: 2)
            let nx = grid.axes[0].coordinates.count, nxy = nx * grid.axes[1].coordinates.count, k = i + nx * j + nxy * l
            func plane(_ k: Int) -> Double {
                (1 - t) * ((1 - s) * values[k] + s * values[k + 1]) + t
                    * ((1 - s) * values[k + nx] + s * values[k + nx + 1])
            }
            return (1 - u) * plane(k) + u * plane(k + nxy)
        }
    }
}

/// Why samples cannot form a `GriddedField`. Axes are numbered 0 (x), 1 (y), 2 (z).
public enum GriddedFieldError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Not 1, 2 or 3 axes.
    case rank(Int)
    /// An axis with fewer than 2 nodes.
    case tooFewNodes(axis: Int, count: Int)
    /// A node that is NaN or infinite.
    case nonFiniteNode(axis: Int, index: Int)
    /// Node `index` does not continue the direction of the first two (or repeats the previous one).
    case notMonotonic(axis: Int, index: Int, previous: Double, value: Double)
    /// The values do not fill the grid of `expected` nodes per axis.
    case countMismatch(expected: [Int], found: Int)
    /// A sample that is NaN or infinite, at node `index` (per axis, x first) and coordinates `point`.
    case nonFiniteValue(index: [Int], point: [Double], value: Double)

    static func axisName(_ a: Int) -> String { a < 3 ? ["x", "y", "z"][a] : "axis \(a)" }

    public var description: String {
        switch self {
        case .rank(let n):
            return "expected 1, 2 or 3 axes, found \(n)"
        case .tooFewNodes(let a, let n):
            return "the \(Self.axisName(a)) axis has \(n) node\(n == 1 ? "" : "s"); interpolation needs at least 2"
        case .nonFiniteNode(let a, let i):
            return "the \(Self.axisName(a)) coordinate \(i) is not a finite number"
        case .notMonotonic(let a, let i, let previous, let value):
            return
                "the \(Self.axisName(a)) coordinates are not strictly monotonic: [\(i - 1)] = \(previous), [\(i)] = \(value)"
        case .countMismatch(let expected, let found):
            return "\(found) values do not fill a grid of \(expected.map(String.init).joined(separator: "×")) nodes"
        case .nonFiniteValue(let index, let point, let value):
            let at = point.indices.map { "\(Self.axisName($0)) = \(point[$0])" }.joined(separator: ", ")
            return "the value at \(at) (node \(index)) is \(value)"
        }
    }
}
