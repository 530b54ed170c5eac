/// Reading one numeric array of a user's HDF5 or NetCDF file in a child process (`DataFileSandbox`).
extension HDF5File {
    /// Reads the numeric dataset `dataset` of the HDF5 file at `path` as Doubles (shape slowest
    /// first, values in C order), decoded by libhdf5 in a child process unless `isolation` says
    /// otherwise: a crash, hang or runaway allocation there is a `DataFileReadFailure` naming the file.
    /// - Throws: the reader's error (`HDF5Error`; its description only, when it comes from a child),
    ///   or `DataFileReadFailure`.
    public static func readDataset(
        _ dataset: String, inFileAt path: String, isolation: DataFileIsolation = .standard
    ) throws -> HDF5Array<Double> {
        try DataFileSandbox.readArray(path, format: .hdf5, isolation: isolation) {
            let file = try HDF5File.openReadOnly(at: path)
            defer { try? file.close() }
            return try file.readDataset(dataset, as: Double.self)
        }
    }
}

extension NetCDFFile {
    /// Reads the numeric variable `variable` of the root group of the NetCDF file at `path` as
    /// Doubles (shape slowest first, values in C order), unpacked (value · scale_factor + add_offset),
    /// with NaN where a value equals the variable's `_FillValue` or `missing_value`. libnetcdf decodes
    /// the file in a child process unless `isolation` says otherwise (see `HDF5File.readDataset`).
    /// - Throws: `NetCDFError` (its description only, when it comes from a child) or `DataFileReadFailure`.
    public static func readVariable(
        _ variable: String, inFileAt path: String, isolation: DataFileIsolation = .standard
    ) throws -> HDF5Array<Double> {
        try DataFileSandbox.readArray(path, format: .netCDF, isolation: isolation) {
            let file = try NetCDFFile.openReadOnly(at: path)
            defer { try? file.close() }
            let name = variable.hasPrefix("/") ? String(variable.dropFirst()) : variable
            let names = try file.root.variableNames()
            guard names.contains(name) else {
                throw MissingVariable(
                    description: "\(path) has no variable '\(variable)' (its variables: "
                        + "\(names.isEmpty ? "none" : names.joined(separator: ", ")))")
            }
            let v = try file.root.variable(name)
            let type = try v.type()
            guard type != .char, type != .string else {
                throw MissingVariable(description: "variable '\(variable)' of \(path) holds \(type.name)s, not numbers")
            }
            let shape = try v.shape()
            var values = try v.read(as: Double.self)
            let attributes = try v.attributeNames()
            func number(_ attribute: String) throws -> Double? {
                guard attributes.contains(attribute) else { return nil }
                return try v.attribute(attribute).doubles?.first
            }
            let markers = try ["_FillValue", "missing_value"].compactMap(number)
            let scale = try number("scale_factor") ?? 1, offset = try number("add_offset") ?? 0
            for i in values.indices {
                values[i] = markers.contains(values[i]) ? .nan : values[i] * scale + offset
            }
            return HDF5Array(shape: shape, values: values)
        }
    }
}

/// A variable that is absent or not numeric.
private struct MissingVariable: Error, CustomStringConvertible {
    let description: String
}

extension DataFileSandbox {
    /// Runs `read` as `isolation` says: here, or in a child process whose answer (the array, or the
    /// description of the error `read` threw) comes back as a `DataFileMessage`.
    static func readArray(
        _ path: String, format: DataFileFormat, isolation: DataFileIsolation,
        _ read: () throws -> HDF5Array<Double>
    ) throws -> HDF5Array<Double> {
        guard case .childProcess(let limits) = isolation else { return try read() }
        let answer = try run(path, format: format, limits: limits) {
            var message = DataFileMessage.Writer()
            do {
                let array = try read()
                message.append(true)
                message.append(array.shape)
                message.append(array.values)
            } catch {
                message.append(false)
                message.append("\(error)")
            }
            return message.bytes
        }
        var message = DataFileMessage.Reader(answer)
        do {
            guard try message.bool() else { throw ReportedError(description: try message.string()) }
            let shape = try message.ints(), values = try message.doubles()
            guard message.isAtEnd,
                DecodedSize.count(of: shape, elementSize: 1, fileSize: .max, compressible: false) == values.count
            else { throw DataFileMessage.Garbled() }
            return HDF5Array(shape: shape, values: values)
        } catch is DataFileMessage.Garbled {
            throw DataFileReadFailure(file: path, format: format, reason: .garbledAnswer)
        }
    }
}

/// An error a reader threw in a child process, known here by its description.
private struct ReportedError: Error, CustomStringConvertible {
    let description: String
}
