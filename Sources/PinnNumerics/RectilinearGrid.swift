/// A rectilinear (tensor-product) grid in 1, 2 or 3 dimensions, and pinn's storage convention
/// for fields on it.
///
/// Convention (the one CF/netCDF, XDMF and VTK use): **x varies fastest**. A field on an
/// nx × ny (× nz) grid is a dataset of shape `[ny, nx]` (`[nz, ny, nx]`) in C order, so
/// `u[j, i] = u(x_i, y_j)` and the flat index is `i + nx·(j + ny·k)`. h5py and xarray therefore
/// see dimensions `(y, x)` / `(z, y, x)` — `xarray`'s `.plot()` puts x on the horizontal axis —
/// and the XDMF `3DRectMesh` `Dimensions="nz ny nx"` (with nz = 1, and ny = 1, for 2-D and 1-D
/// grids) describes the same bytes without any transposition.
public struct RectilinearGrid: Sendable, Equatable {
    /// One coordinate axis.
    public struct Axis: Sendable, Equatable {
        /// The axis name ("x", "y", "z"): the coordinate dataset's name and its dimension name.
        public var name: String
        /// Strictly ordered node coordinates along the axis.
        public var coordinates: [Double]

        /// An axis called `name` with the given node coordinates.
        public init(name: String, coordinates: [Double]) {
            self.name = name
            self.coordinates = coordinates
        }
    }

    /// The axes in x, y, z order (the fastest-varying first).
    public var axes: [Axis]

    /// A grid with the given axes in x, y, z order (1 to 3 of them).
    public init(axes: [Axis]) {
        precondition((1...3).contains(axes.count), "a rectilinear grid has 1 to 3 axes, got \(axes.count)")
        self.axes = axes
    }

    /// A grid on the coordinates `x` (and `y`, `z`), axes named "x", "y", "z".
    public init(x: [Double], y: [Double]? = nil, z: [Double]? = nil) {
        precondition(z == nil || y != nil, "a grid with z needs y")
        self.init(
            axes: [Axis(name: "x", coordinates: x)]
                + (y.map { [Axis(name: "y", coordinates: $0)] } ?? [])
                + (z.map { [Axis(name: "z", coordinates: $0)] } ?? []))
    }

    /// A grid of `count` evenly spaced nodes from `lower` to `upper` (both included) on each
    /// axis; the arrays give one entry per axis in x, y, z order.
    ///
    /// The one rule for uniform nodes in pinn (the references, results, `eval` and data grids all
    /// use it): node i of n is `lower + (i·(upper − lower)) / (n − 1)`, evaluated in that order, and
    /// the last node is `upper` exactly.
    public static func uniform(lower: [Double], upper: [Double], counts: [Int]) -> RectilinearGrid {
        precondition(lower.count == upper.count && upper.count == counts.count)
        let names = ["x", "y", "z"]
        return RectilinearGrid(
            axes: counts.indices.map { d in
                Axis(name: names[d], coordinates: uniformNodes(lower: lower[d], upper: upper[d], count: counts[d]))
            })
    }

    /// `count` evenly spaced nodes from `lower` to `upper` by the rule of `uniform(lower:upper:counts:)`.
    public static func uniformNodes(lower: Double, upper: Double, count n: Int) -> [Double] {
        (0..<n).map { i in
            n > 1 && i == n - 1 ? upper : n > 1 ? lower + Double(i) * (upper - lower) / Double(n - 1) : lower
        }
    }

    /// The distance between neighbouring nodes of each axis of a uniform grid: (last − first)/(n − 1).
    public var uniformSpacing: [Double] {
        axes.map { a in
            let c = a.coordinates
            return c.count > 1 ? (c[c.count - 1] - c[0]) / Double(c.count - 1) : 0
        }
    }

    /// The step in a field's values between neighbouring nodes along each axis: 1, nx, nx·ny.
    public var strides: [Int] {
        var strides: [Int] = [], stride = 1
        for n in counts {
            strides.append(stride)
            stride *= n
        }
        return strides
    }

    /// The coordinates of the node with axis indices `index` (x, y, z order).
    public func point(_ index: [Int]) -> [Double] {
        index.enumerated().map { axes[$0.offset].coordinates[$0.element] }
    }

    /// The number of spatial dimensions (1, 2 or 3).
    public var dimension: Int { axes.count }

    /// Node counts in x, y, z order. (A closure, not the key path `\.coordinates.count`: this runs
    /// once per node in the reference's assembly loops, where key-path projection and its generic
    /// metadata lookups showed in profiles.)
    public var counts: [Int] { axes.map { $0.coordinates.count } }

    /// The total number of nodes.
    public var pointCount: Int { counts.reduce(1, *) }

    /// The HDF5 dataset shape of a node field: counts in z, y, x order (`[ny, nx]`, `[nz, ny, nx]`).
    public var datasetShape: [Int] { counts.reversed() }

    /// The position in a field's values of the node with axis indices `index` (x, y, z order):
    /// `i + nx·(j + ny·k)`.
    public func flatIndex(_ index: [Int]) -> Int {
        precondition(index.count == axes.count, "index \(index) does not match a \(axes.count)-D grid")
        var flat = 0
        for d in stride(from: axes.count - 1, through: 0, by: -1) {
            precondition(0 <= index[d] && index[d] < counts[d], "index \(index) out of range for \(counts)")
            flat = flat * counts[d] + index[d]
        }
        return flat
    }

    /// The axis indices (x, y, z order) of the node at position `flat` of a field's values.
    public func index(ofFlat flat: Int) -> [Int] {
        var rest = flat
        return counts.map { n in
            defer { rest /= n }
            return rest % n
        }
    }

    /// All node coordinates in storage order (x fastest), row-major `[pointCount × dimension]`:
    /// evaluating a field at these points in turn gives the values to write.
    public func pointCoordinates() -> [Double] {
        // A missing axis runs once with a placeholder coordinate that is never written.
        let x = axes[0].coordinates
        let y = dimension > 1 ? axes[1].coordinates : [0]
        let z = dimension > 2 ? axes[2].coordinates : [0]
        var points = [Double]()
        points.reserveCapacity(pointCount * dimension)
        for zk in z {
            for yj in y {
                for xi in x {
                    points.append(xi)
                    if dimension > 1 { points.append(yj) }
                    if dimension > 2 { points.append(zk) }
                }
            }
        }
        return points
    }
}
