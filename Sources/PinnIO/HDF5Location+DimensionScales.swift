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

    /// The scales attached to each dimension of the dataset at `path`, slowest first, found from the
    /// scales' side: among `candidates` (default: every dataset in the file), the 1-D datasets whose
    /// `CLASS` attribute is "DIMENSION_SCALE" and whose `REFERENCE_LIST` (records of an object
    /// reference and a dimension index, written by H5DSattach_scale beside the dataset's own
    /// `DIMENSION_LIST`) names a dimension of this dataset.
    ///
    /// For files whose scales were attached through H5DS (h5py, netCDF-4, pinn) this is what
    /// `dimensionScales(of:)` gives, without decoding the dataset's `DIMENSION_LIST`: that attribute
    /// is variable-length, its references live in the file's global heap, and libhdf5 1.10 crashes
    /// or loops forever on a damaged global heap (Fuzz/LibraryCrashes). `REFERENCE_LIST` is
    /// fixed-size, and a reference is compared with the dataset's address without being opened.
    /// Only when several scales claim one dimension is `DIMENSION_LIST` read, for the order in
    /// which they were attached.
    public func attachedScales(of path: String, among candidates: [String]? = nil) throws -> [[HDF5DimensionScale]] {
        let (rank, address) = try withDataset(path) { dataset in
            (try datasetShape(dataset, path).count, try objectAddress(dataset, path))
        }
        var scales = [[HDF5DimensionScale]](repeating: [], count: rank)
        for candidate in try candidates ?? datasetPaths() where candidate != absolute(path) {
            guard let scale = try scaleReferences(candidate) else { continue }
            let dimensions = Set(scale.references.filter { $0.address == address }.map(\.dimension))
            for dimension in dimensions.sorted() where dimension >= 0 && dimension < rank {
                scales[dimension].append(HDF5DimensionScale(path: absolute(candidate), name: scale.name))
            }
        }
        if scales.contains(where: { $0.count > 1 }) { return try dimensionScales(of: path) }
        return scales
    }

    /// The name (`NAME`, "" if none) and `REFERENCE_LIST` of the dataset at `path` if it is a 1-D
    /// dimension scale, nil otherwise (also when either attribute is not of the form H5DS writes).
    private func scaleReferences(_ path: String) throws -> (name: String, references: [ScaleReference])? {
        try withDataset(path) { dataset in
            guard try datasetShape(dataset, path).count == 1,
                fixedStringAttribute("CLASS", of: dataset) == "DIMENSION_SCALE",
                H5Aexists(dataset, "REFERENCE_LIST") > 0
            else { return nil }
            let attribute = H5Aopen(dataset, "REFERENCE_LIST", pinn_H5P_DEFAULT())
            guard attribute >= 0 else { return nil }
            defer { H5Aclose(attribute) }
            guard let references = try referenceList(attribute, path) else { return nil }
            return (fixedStringAttribute("NAME", of: dataset) ?? "", references)
        }
    }

    /// Reads an open `REFERENCE_LIST` attribute: a 1-D array of compounds of an object reference and
    /// an integer. Nil when it has another form.
    private func referenceList(_ attribute: hid_t, _ path: String) throws -> [ScaleReference]? {
        let fileType = H5Aget_type(attribute)
        guard fileType >= 0 else { return nil }
        defer { H5Tclose(fileType) }
        guard H5Tget_class(fileType) == H5T_COMPOUND, H5Tget_nmembers(fileType) == 2,
            H5Tget_member_class(fileType, 0) == H5T_REFERENCE, H5Tget_member_class(fileType, 1) == H5T_INTEGER
        else { return nil }
        let space = H5Aget_space(attribute)
        guard space >= 0 else { return nil }
        defer { H5Sclose(space) }
        let shape = try extent(of: space, path)
        guard shape.count == 1 else { return nil }
        let count = try plausibleCount(
            shape, elementSize: H5Tget_size(fileType), compressible: false, absolute(path) + "@REFERENCE_LIST")
        guard count > 0 else { return [] }
        // Memory layout: the reference (hobj_ref_t, 8 bytes) at 0, the dimension (int) at 8; the
        // members keep the file's names, which conversion matches by.
        let record = 16
        let memoryType = H5Tcreate(H5T_COMPOUND, record)
        guard memoryType >= 0 else { return nil }
        defer { H5Tclose(memoryType) }
        for (index, (offset, type)) in [(0, pinn_H5T_STD_REF_OBJ()), (8, pinn_H5T_NATIVE_INT())].enumerated() {
            guard let name = H5Tget_member_name(fileType, UInt32(index)) else { return nil }
            defer { H5free_memory(name) }
            guard H5Tinsert(memoryType, name, offset, type) >= 0 else { return nil }
        }
        var bytes = [UInt8](repeating: 0, count: count * record)
        guard H5Aread(attribute, memoryType, &bytes) >= 0 else { return nil }
        return bytes.withUnsafeBytes { raw in
            (0..<count).map { index in
                ScaleReference(
                    address: raw.loadUnaligned(fromByteOffset: index * record, as: hobj_ref_t.self),
                    dimension: Int(raw.loadUnaligned(fromByteOffset: index * record + 8, as: Int32.self)))
            }
        }
    }

    /// The fixed-length string attribute `name` of an open object (as H5DS writes `CLASS` and
    /// `NAME`); nil when it is missing, variable-length (whose text lives in the global heap), not
    /// one string, or longer than 1 KiB.
    private func fixedStringAttribute(_ name: String, of object: hid_t) -> String? {
        guard H5Aexists(object, name) > 0 else { return nil }
        let attribute = H5Aopen(object, name, pinn_H5P_DEFAULT())
        guard attribute >= 0 else { return nil }
        defer { H5Aclose(attribute) }
        let fileType = H5Aget_type(attribute)
        guard fileType >= 0 else { return nil }
        defer { H5Tclose(fileType) }
        let size = H5Tget_size(fileType)
        guard H5Tget_class(fileType) == H5T_STRING, H5Tis_variable_str(fileType) == 0, size > 0, size <= 1024 else {
            return nil
        }
        let space = H5Aget_space(attribute)
        guard space >= 0 else { return nil }
        defer { H5Sclose(space) }
        guard H5Sget_simple_extent_npoints(space) == 1 else { return nil }
        let memoryType = H5Tcopy(pinn_H5T_C_S1())
        guard memoryType >= 0 else { return nil }
        defer { H5Tclose(memoryType) }
        guard H5Tset_size(memoryType, size + 1) >= 0, H5Tset_strpad(memoryType, H5T_STR_NULLTERM) >= 0,
            H5Tset_cset(memoryType, H5Tget_cset(fileType)) >= 0
        else { return nil }
        var buffer = [CChar](repeating: 0, count: size + 1)
        guard H5Aread(attribute, memoryType, &buffer) >= 0 else { return nil }
        buffer[size] = 0
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The file address of an open object's header: what an object reference to it holds.
    func objectAddress(_ object: hid_t, _ path: String) throws -> haddr_t {
        var address: haddr_t = 0
        try check(pinn_object_address(object, &address), "H5Oget_info", path)
        return address
    }
}

/// One record of a scale's `REFERENCE_LIST`: the address of a dataset and its dimension.
private struct ScaleReference {
    var address: haddr_t
    var dimension: Int
}

/// Gathers scales from the C iteration callback.
private final class ScaleCollector {
    var scales: [HDF5DimensionScale] = []
}
