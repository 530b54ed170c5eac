/// Reading one dataset of a user's HDF5 file in a child process (`DataFileSandbox`).
extension HDF5File {
    /// Reads the numeric dataset `dataset` of the HDF5 file at `path` as Doubles (shape slowest
    /// first, values in C order), decoded by libhdf5 in a child process unless `isolation` says
    /// otherwise: a crash, hang or runaway allocation there is a `DataFileReadFailure` naming the file.
    /// - Throws: the reader's error (`HDF5Error`; its description only, when it comes from a child),
    ///   or `DataFileReadFailure`.
    public static func readDataset(
        _ dataset: String, inFileAt path: String, isolation: DataFileIsolation = .standard
    ) throws -> HDF5Array<Double> {
        func read() throws -> HDF5Array<Double> {
            let file = try HDF5File.openReadOnly(at: path)
            defer { try? file.close() }
            return try file.readDataset(dataset, as: Double.self)
        }
        guard case .childProcess(let limits) = isolation else { return try read() }
        let answer = try DataFileSandbox.run(path, format: .hdf5, limits: limits) {
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
            throw DataFileReadFailure(file: path, format: .hdf5, reason: .garbledAnswer)
        }
    }
}

/// An error a reader threw in a child process, known here by its description.
private struct ReportedError: Error, CustomStringConvertible {
    let description: String
}
