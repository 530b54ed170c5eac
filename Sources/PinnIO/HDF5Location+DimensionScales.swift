import CHDF5

/// A dimension scale attached to one dimension of a dataset.
public struct HDF5DimensionScale: Sendable, Equatable {
    /// The scale dataset's absolute path ("/grid/x").
    public var path: String
    /// The name given by `makeDimensionScale` (empty if none).
    public var name: String

    /// A scale at `path` called `name`.
    public init(path: String, name: String) {
        self.path = path
        self.name = name
    }
}

/// Dimension scales (HDF5 high-level library, H5DS): coordinate datasets attached to the
/// dimensions of other datasets, which xarray (h5netcdf), netCDF and HDFView show as axes.
extension HDF5Location {
    /// Turns the 1-D dataset at `path` into a dimension scale called `name` (H5DSset_scale).
    public func makeDimensionScale(_ path: String, name: String) throws {
        _ = try withDataset(path) { try check(H5DSset_scale($0, name), "H5DSset_scale", path) }
    }

    /// Attaches the dimension scale at `scale` to dimension `dimension` (0 = slowest) of the
    /// dataset at `path` (H5DSattach_scale). The scale's length must equal that extent.
    public func attachScale(to path: String, scale: String, dimension: Int) throws {
        try withDataset(path) { dataset in
            let extent = try datasetShape(dataset, path)
            try withDataset(scale) { scaleSet in
                let length = try datasetShape(scaleSet, scale)
                guard dimension >= 0, dimension < extent.count, length == [extent[dimension]] else {
                    throw HDF5Error.shapeMismatch(
                        path: absolute(scale), file: filePath, shape: extent,
                        count: length.reduce(1, *))
                }
                try check(H5DSattach_scale(dataset, scaleSet, UInt32(dimension)), "H5DSattach_scale", path)
            }
        }
    }

    /// Whether the dataset at `path` is a dimension scale.
    public func isDimensionScale(_ path: String) throws -> Bool {
        try withDataset(path) { try check(H5DSis_scale($0), "H5DSis_scale", path) > 0 }
    }

    /// The scales attached to each dimension of the dataset at `path`, slowest dimension first.
    public func dimensionScales(of path: String) throws -> [[HDF5DimensionScale]] {
        try withDataset(path) { dataset in
            let rank = try datasetShape(dataset, path).count
            return try (0..<rank).map { dimension in
                let count = try check(H5DSget_num_scales(dataset, UInt32(dimension)), "H5DSget_num_scales", path)
                guard count > 0 else { return [] }
                let collector = ScaleCollector()
                let context = Unmanaged.passUnretained(collector).toOpaque()
                try check(
                    H5DSiterate_scales(
                        dataset, UInt32(dimension), nil,
                        { _, _, scale, context in
                            let collector = Unmanaged<ScaleCollector>.fromOpaque(context!).takeUnretainedValue()
                            let path = hdf5String { H5Iget_name(scale, $0, $1) } ?? ""
                            let name = hdf5String { H5DSget_scale_name(scale, $0, $1) } ?? ""
                            collector.scales.append(HDF5DimensionScale(path: path, name: name))
                            return 0
                        }, context), "H5DSiterate_scales", path)
                return collector.scales
            }
        }
    }

    /// The scale names attached to each dimension of the dataset at `path` (first scale per
    /// dimension; nil where none is attached), slowest first.
    public func dimensionScaleNames(of path: String) throws -> [String?] {
        try dimensionScales(of: path).map { $0.first?.name }
    }
}

/// Gathers scales from the C iteration callback.
private final class ScaleCollector {
    var scales: [HDF5DimensionScale] = []
}
