import CHDF5

/// Datasets: N-dimensional arrays of `Double`, `Float` or `Int64`.
///
/// Shapes are listed slowest-varying dimension first and values are in C (row-major) order, the
/// order HDF5, h5py and numpy use. Grid fields follow `RectilinearGrid`'s convention:
/// shape `[ny, nx]` / `[nz, ny, nx]`, x varying fastest.
extension HDF5Location {
    /// Writes `values` as a new dataset at `path` (missing parent groups are created) with the
    /// given `shape` (default: 1-D, `[values.count]`; `[]` is a scalar).
    public func writeDataset<Element: HDF5Element>(
        _ path: String, values: [Element], shape: [Int]? = nil, compression: HDF5Compression = .automatic
    ) throws {
        try ensureOpen()
        let shape = shape ?? [values.count]
        guard shape.allSatisfy({ $0 >= 0 }), shape.reduce(1, *) == values.count else {
            throw HDF5Error.shapeMismatch(path: absolute(path), file: filePath, shape: shape, count: values.count)
        }
        try createParentGroups(of: path)
        let kind = Element.hdf5Kind
        let space = try makeDataspace(shape, path)
        defer { H5Sclose(space) }
        let properties = try check(H5Pcreate(pinn_H5P_DATASET_CREATE()), "H5Pcreate", path)
        defer { H5Pclose(properties) }
        if let level = compression.deflateLevel(count: values.count), !shape.isEmpty {
            let chunk = HDF5Compression.chunkShape(for: shape, elementSize: kind.size).map { hsize_t($0) }
            try check(H5Pset_chunk(properties, Int32(chunk.count), chunk), "H5Pset_chunk", path)
            try check(H5Pset_deflate(properties, UInt32(level)), "H5Pset_deflate", path)
        }
        let dataset = try check(
            H5Dcreate2(id, path, kind.nativeType, space, pinn_H5P_DEFAULT(), properties, pinn_H5P_DEFAULT()),
            "H5Dcreate2", path)
        defer { H5Dclose(dataset) }
        guard !values.isEmpty else { return }
        _ = try values.withUnsafeBytes { bytes in
            try check(
                H5Dwrite(
                    dataset, kind.nativeType, pinn_H5S_ALL(), pinn_H5S_ALL(), pinn_H5P_DEFAULT(),
                    bytes.baseAddress), "H5Dwrite", path)
        }
    }

    /// Reads the dataset at `path` as `Element`s (HDF5 converts other numeric types, e.g. a
    /// Float dataset read as Double).
    public func readDataset<Element: HDF5Element>(_ path: String, as type: Element.Type = Element.self) throws
        -> HDF5Array<Element>
    {
        try withDataset(path) { dataset in
            let shape = try datasetShape(dataset, path)
            let count = try plausibleCount(shape, elementSize: MemoryLayout<Element>.stride, compressible: true, path)
            var values = [Element]()
            guard count > 0 else { return HDF5Array(shape: shape, values: values) }
            try requireNumeric(dataset, path)
            values = try [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
                try check(
                    H5Dread(
                        dataset, Element.hdf5Kind.nativeType, pinn_H5S_ALL(), pinn_H5S_ALL(),
                        pinn_H5P_DEFAULT(), buffer.baseAddress), "H5Dread", path)
                initialized = count
            }
            return HDF5Array(shape: shape, values: values)
        }
    }

    /// The shape of the dataset at `path`, slowest-varying dimension first.
    public func shape(of path: String) throws -> [Int] {
        try withDataset(path) { try datasetShape($0, path) }
    }

    /// The element type stored in the dataset at `path`, or nil if it is not one PinnIO writes.
    public func elementKind(of path: String) throws -> HDF5ElementKind? {
        try withDataset(path) { dataset in
            let type = try check(H5Dget_type(dataset), "H5Dget_type", path)
            defer { H5Tclose(type) }
            let size = H5Tget_size(type)
            switch H5Tget_class(type) {
            case H5T_FLOAT: return size == 8 ? .float64 : size == 4 ? .float32 : nil
            case H5T_INTEGER: return size == 8 && H5Tget_sign(type) == H5T_SGN_2 ? .int64 : nil
            default: return nil
            }
        }
    }

    /// Whether the dataset at `path` is stored with the deflate (gzip) filter.
    public func isCompressed(_ path: String) throws -> Bool {
        try withDataset(path) { dataset in
            let properties = try check(H5Dget_create_plist(dataset), "H5Dget_create_plist", path)
            defer { H5Pclose(properties) }
            let filters = try check(H5Pget_nfilters(properties), "H5Pget_nfilters", path)
            return (0..<UInt32(filters)).contains { index in
                var flags: UInt32 = 0
                var count = 0
                var name = [CChar](repeating: 0, count: 32)
                return H5Pget_filter2(properties, index, &flags, &count, nil, 32, &name, nil) == H5Z_FILTER_DEFLATE
            }
        }
    }

    // MARK: internals

    /// A simple dataspace of `shape`, or a scalar one for `[]`.
    func makeDataspace(_ shape: [Int], _ path: String) throws -> hid_t {
        if shape.isEmpty { return try check(H5Screate(H5S_SCALAR), "H5Screate", path) }
        let dims = shape.map { hsize_t($0) }
        return try check(H5Screate_simple(Int32(dims.count), dims, nil), "H5Screate_simple", path)
    }

    /// The extent of an open dataset, slowest first.
    func datasetShape(_ dataset: hid_t, _ path: String) throws -> [Int] {
        let space = try check(H5Dget_space(dataset), "H5Dget_space", path)
        defer { H5Sclose(space) }
        return try extent(of: space, path)
    }

    /// The extent of a dataspace ([] for a scalar).
    func extent(of space: hid_t, _ path: String) throws -> [Int] {
        let rank = try check(H5Sget_simple_extent_ndims(space), "H5Sget_simple_extent_ndims", path)
        var dims = [hsize_t](repeating: 0, count: Int(rank))
        try check(H5Sget_simple_extent_dims(space, &dims, nil), "H5Sget_simple_extent_dims", path)
        return try dims.map { extent in
            guard let extent = Int(exactly: extent) else {
                throw HDF5Error.damaged(path: absolute(path), file: filePath, reason: "an extent of \(extent)")
            }
            return extent
        }
    }

    /// The number of values in an array of `shape` read as elements of `elementSize` bytes; throws
    /// `damaged` when it is more than this file can hold (see `DecodedSize`).
    func plausibleCount(_ shape: [Int], elementSize: Int, compressible: Bool, _ path: String) throws -> Int {
        let fileSize = try byteCount()
        guard
            let count = DecodedSize.count(
                of: shape, elementSize: elementSize, fileSize: fileSize, compressible: compressible)
        else {
            throw HDF5Error.damaged(
                path: absolute(path), file: filePath,
                reason: "shape \(shape) holds more values than a file of \(fileSize) bytes can")
        }
        return count
    }

    /// The size of the file in bytes (H5Fget_filesize).
    func byteCount() throws -> Int {
        let file = try check(H5Iget_file_id(id), "H5Iget_file_id", ".")
        defer { H5Fclose(file) }
        var size: hsize_t = 0
        try check(H5Fget_filesize(file, &size), "H5Fget_filesize", ".")
        return Int(clamping: size)
    }

    /// Throws `wrongKind` unless the open dataset holds integers or floats.
    private func requireNumeric(_ dataset: hid_t, _ path: String) throws {
        let type = try check(H5Dget_type(dataset), "H5Dget_type", path)
        defer { H5Tclose(type) }
        let typeClass = H5Tget_class(type)
        guard typeClass == H5T_FLOAT || typeClass == H5T_INTEGER else {
            throw HDF5Error.wrongKind(
                path: absolute(path), file: filePath, expected: "a numeric dataset",
                found: "HDF5 type class \(typeClass.rawValue)")
        }
    }
}
