import CHDF5

/// Attributes: small named values on a group or dataset. Strings are stored as variable-length
/// UTF-8 scalars (h5py reads them as `str`, netCDF as string attributes); numbers as native
/// 64-bit scalars, `[Double]` as a 1-D array. Writing an attribute that exists replaces it.
extension HDF5Location {
    /// Sets the string attribute `name` on the object at `path` (default: this location).
    public func setAttribute(_ name: String, to value: String, on path: String = ".") throws {
        try withObject(path) { object in
            let type = try makeStringType(path)
            defer { H5Tclose(type) }
            try value.withCString { text in
                var pointer: UnsafePointer<CChar>? = text
                try writeAttribute(name, on: object, path, type: type, shape: []) {
                    try check(H5Awrite($0, type, &pointer), "H5Awrite", path)
                }
            }
        }
    }

    /// Sets the `Double` attribute `name` on the object at `path`.
    public func setAttribute(_ name: String, to value: Double, on path: String = ".") throws {
        try setNumericAttribute(name, values: [value], shape: [], on: path)
    }

    /// Sets the `Int64` attribute `name` on the object at `path`.
    public func setAttribute(_ name: String, to value: Int64, on path: String = ".") throws {
        try setNumericAttribute(name, values: [value], shape: [], on: path)
    }

    /// Sets the integer attribute `name` on the object at `path` (stored as Int64).
    public func setAttribute(_ name: String, to value: Int, on path: String = ".") throws {
        try setNumericAttribute(name, values: [Int64(value)], shape: [], on: path)
    }

    /// Sets the 1-D `Double` array attribute `name` on the object at `path`.
    public func setAttribute(_ name: String, to values: [Double], on path: String = ".") throws {
        try setNumericAttribute(name, values: values, shape: [values.count], on: path)
    }

    /// Sets the `units` attribute (CF convention, e.g. "m", "1") on the object at `path`.
    public func setUnits(_ units: String, on path: String = ".") throws {
        try setAttribute("units", to: units, on: path)
    }

    /// Sets the `long_name` attribute (CF convention: a human-readable title) on the object at `path`.
    public func setLongName(_ longName: String, on path: String = ".") throws {
        try setAttribute("long_name", to: longName, on: path)
    }

    /// Whether the object at `path` has an attribute `name`.
    public func hasAttribute(_ name: String, of path: String = ".") throws -> Bool {
        try withObject(path) { try check(H5Aexists($0, name), "H5Aexists", path) > 0 }
    }

    /// Reads the string attribute `name` of the object at `path` (fixed- or variable-length).
    public func stringAttribute(_ name: String, of path: String = ".") throws -> String {
        try withAttribute(name, of: path) { attribute, fileType, _ in
            guard H5Tget_class(fileType) == H5T_STRING else {
                throw HDF5Error.wrongKind(
                    path: absolute(path) + "@" + name, file: filePath,
                    expected: "a string attribute", found: "a non-string attribute")
            }
            // Read with the stored character set: HDF5 does not convert between ASCII and UTF-8.
            let characterSet = H5Tget_cset(fileType)
            if try check(H5Tis_variable_str(fileType), "H5Tis_variable_str", path) > 0 {
                let type = try makeStringType(path, characterSet: characterSet)
                defer { H5Tclose(type) }
                var pointer: UnsafeMutablePointer<CChar>? = nil
                try check(H5Aread(attribute, type, &pointer), "H5Aread", path)
                defer { H5free_memory(pointer) }
                return pointer.map { String(cString: $0) } ?? ""
            }
            let size = H5Tget_size(fileType)
            _ = try plausibleCount([size], elementSize: 1, compressible: false, absolute(path) + "@" + name)
            let type = try check(H5Tcopy(pinn_H5T_C_S1()), "H5Tcopy", path)
            defer { H5Tclose(type) }
            try check(H5Tset_size(type, size + 1), "H5Tset_size", path)
            try check(H5Tset_cset(type, characterSet), "H5Tset_cset", path)
            try check(H5Tset_strpad(type, H5T_STR_NULLTERM), "H5Tset_strpad", path)
            var buffer = [CChar](repeating: 0, count: size + 1)
            try check(H5Aread(attribute, type, &buffer), "H5Aread", path)
            return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        }
    }

    /// Reads the scalar numeric attribute `name` of the object at `path` as a `Double`.
    public func doubleAttribute(_ name: String, of path: String = ".") throws -> Double {
        try scalar(try numericAttribute(name, of: path, as: Double.self), name, path)
    }

    /// Reads the scalar integer attribute `name` of the object at `path` as an `Int64`.
    public func int64Attribute(_ name: String, of path: String = ".") throws -> Int64 {
        try scalar(try numericAttribute(name, of: path, as: Int64.self), name, path)
    }

    /// Reads the numeric attribute `name` of the object at `path` as a flat `[Double]`.
    public func doubleArrayAttribute(_ name: String, of path: String = ".") throws -> [Double] {
        try numericAttribute(name, of: path, as: Double.self)
    }

    // MARK: internals

    /// A variable-length, null-terminated string type, UTF-8 unless told (caller closes it).
    private func makeStringType(_ path: String, characterSet: H5T_cset_t = H5T_CSET_UTF8) throws -> hid_t {
        let type = try check(H5Tcopy(pinn_H5T_C_S1()), "H5Tcopy", path)
        do {
            try check(H5Tset_size(type, HDF5Runtime.variableSize), "H5Tset_size", path)
            try check(H5Tset_cset(type, characterSet), "H5Tset_cset", path)
            try check(H5Tset_strpad(type, H5T_STR_NULLTERM), "H5Tset_strpad", path)
        } catch {
            H5Tclose(type)
            throw error
        }
        return type
    }

    /// Creates (replacing any existing) attribute `name` on an open object and runs `write` on it.
    private func writeAttribute(
        _ name: String, on object: hid_t, _ path: String, type: hid_t, shape: [Int],
        write: (hid_t) throws -> Void
    ) throws {
        if try check(H5Aexists(object, name), "H5Aexists", path) > 0 {
            try check(H5Adelete(object, name), "H5Adelete", path)
        }
        let space = try makeDataspace(shape, path)
        defer { H5Sclose(space) }
        let attribute = try check(
            H5Acreate2(object, name, type, space, pinn_H5P_DEFAULT(), pinn_H5P_DEFAULT()),
            "H5Acreate2", path)
        defer { H5Aclose(attribute) }
        try write(attribute)
    }

    private func setNumericAttribute<Element: HDF5Element>(
        _ name: String, values: [Element], shape: [Int],
        on path: String
    ) throws {
        try withObject(path) { object in
            let type = Element.hdf5Kind.nativeType
            try writeAttribute(name, on: object, path, type: type, shape: shape) { attribute in
                guard !values.isEmpty else { return }
                _ = try values.withUnsafeBytes {
                    try check(H5Awrite(attribute, type, $0.baseAddress), "H5Awrite", path)
                }
            }
        }
    }

    /// Opens attribute `name` of the object at `path`; passes it, its file type and its shape.
    private func withAttribute<R>(_ name: String, of path: String, _ body: (hid_t, hid_t, [Int]) throws -> R) throws
        -> R
    {
        try withObject(path) { object in
            let attribute = try check(H5Aopen(object, name, pinn_H5P_DEFAULT()), "H5Aopen", absolute(path) + "@" + name)
            defer { H5Aclose(attribute) }
            let type = try check(H5Aget_type(attribute), "H5Aget_type", path)
            defer { H5Tclose(type) }
            let space = try check(H5Aget_space(attribute), "H5Aget_space", path)
            defer { H5Sclose(space) }
            return try body(attribute, type, try extent(of: space, path))
        }
    }

    private func numericAttribute<Element: HDF5Element>(_ name: String, of path: String, as: Element.Type) throws
        -> [Element]
    {
        try withAttribute(name, of: path) { attribute, fileType, shape in
            let typeClass = H5Tget_class(fileType)
            guard typeClass == H5T_FLOAT || typeClass == H5T_INTEGER else {
                throw HDF5Error.wrongKind(
                    path: absolute(path) + "@" + name, file: filePath,
                    expected: "a numeric attribute", found: "a non-numeric attribute")
            }
            let count = try plausibleCount(
                shape, elementSize: max(H5Tget_size(fileType), 1), compressible: false, absolute(path) + "@" + name)
            guard count > 0 else { return [] }
            return try [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
                try check(H5Aread(attribute, Element.hdf5Kind.nativeType, buffer.baseAddress), "H5Aread", path)
                initialized = count
            }
        }
    }

    private func scalar<Element>(_ values: [Element], _ name: String, _ path: String) throws -> Element {
        guard values.count == 1 else {
            throw HDF5Error.wrongKind(
                path: absolute(path) + "@" + name, file: filePath,
                expected: "a single value", found: "\(values.count) values")
        }
        return values[0]
    }
}
