import PinnNumerics

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
