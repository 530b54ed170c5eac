/// A rectilinear (tensor-product) grid in 1, 2 or 3 dimensions, and pinn's storage convention
/// for fields on it.
///
/// Convention (the one CF/netCDF, XDMF and VTK use): **x varies fastest**. A field on an
/// nx × ny (× nz) grid is a dataset of shape `[ny, nx]` (`[nz, ny, nx]`) in C order, so
/// `u[j, i] = u(x_i, y_j)` and the flat index is `i + nx·(j + ny·k)`. h5py and xarray therefore
/// see dimensions `(y, x)` / `(z, y, x)` — `xarray`'s `.plot()` puts x on the horizontal axis —
/// and the XDMF `2DRectMesh`/`3DRectMesh` `Dimensions="(nz) ny nx"` describe the same bytes
/// without any transposition.
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
        self.init(axes: [Axis(name: "x", coordinates: x)]
                  + (y.map { [Axis(name: "y", coordinates: $0)] } ?? [])
                  + (z.map { [Axis(name: "z", coordinates: $0)] } ?? []))
    }

    /// A grid of `count` evenly spaced nodes from `lower` to `upper` (both included) on each
    /// axis; the arrays give one entry per axis in x, y, z order.
    public static func uniform(lower: [Double], upper: [Double], counts: [Int]) -> RectilinearGrid {
        precondition(lower.count == upper.count && upper.count == counts.count)
        let names = ["x", "y", "z"]
        return RectilinearGrid(axes: counts.indices.map { d in
            let n = counts[d]
            let step = n > 1 ? (upper[d] - lower[d]) / Double(n - 1) : 0
            return Axis(name: names[d], coordinates: (0..<n).map { $0 == n - 1 && n > 1 ? upper[d] : lower[d] + Double($0) * step })
        })
    }

    /// The number of spatial dimensions (1, 2 or 3).
    public var dimension: Int { axes.count }

    /// Node counts in x, y, z order.
    public var counts: [Int] { axes.map(\.coordinates.count) }

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

/// Writing grids and fields on them: coordinates become dimension scales, fields get them attached.
///
/// Where the coordinates go matters for netCDF readers (xarray's h5netcdf and netcdf4 engines,
/// ncdump): in the netCDF-4 model a variable can only use dimensions defined in its own group or
/// an ancestor. Coordinates in the root group ("/x", "/y", the default) are seen by fields in any
/// group ("/fields/u", "/reference/u"); coordinates in a sibling group such as "/grid" are not
/// (h5netcdf raises `KeyError: 'y'`, ncdump "Invalid dimension ID"), although h5py and HDFView
/// still follow the scales.
extension HDF5Location {
    /// Writes each axis of `grid` as a 1-D dataset `<group>/<axis name>` (default "/x", "/y", …)
    /// and makes it a dimension scale named after the axis.
    public func writeGrid(_ grid: RectilinearGrid, in group: String = "/") throws {
        try createGroup(group)
        for axis in grid.axes {
            let path = Self.join(group, axis.name)
            try writeDataset(path, values: axis.coordinates, compression: .none)
            try makeDimensionScale(path, name: axis.name)
        }
    }

    /// Writes a node field on `grid` at `path` with shape `grid.datasetShape` (x fastest; see
    /// `RectilinearGrid`) and attaches the coordinate scales that `writeGrid` wrote in
    /// `gridGroup` (dimension 0 ← the last axis, …, the last dimension ← x).
    public func writeField<Element: HDF5Element>(
        _ path: String, values: [Element], on grid: RectilinearGrid, gridGroup: String = "/",
        compression: HDF5Compression = .automatic
    ) throws {
        try writeDataset(path, values: values, shape: grid.datasetShape, compression: compression)
        for (d, axis) in grid.axes.enumerated() {
            try attachScale(to: path, scale: Self.join(gridGroup, axis.name), dimension: grid.dimension - 1 - d)
        }
    }

    /// `group/name` without a doubled slash.
    static func join(_ group: String, _ name: String) -> String {
        group.hasSuffix("/") ? group + name : group + "/" + name
    }
}
