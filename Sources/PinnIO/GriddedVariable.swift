import Foundation

/// A numeric variable on a rectilinear grid read from a NetCDF or HDF5 file, with the coordinates
/// along each of its dimensions: what a problem file's gridded data (a source term, an exact
/// solution, boundary values) holds before it is interpolated.
public struct GriddedVariable: Sendable, Equatable {
    /// One dimension of the variable.
    public struct Dimension: Sendable, Equatable {
        /// The dimension's name (NetCDF) or its dimension scale's name (HDF5; the scale dataset's
        /// last path component when the scale is unnamed).
        public var name: String
        /// The variable (NetCDF) or dataset (HDF5) the coordinates were read from.
        public var coordinateVariable: String
        /// The coordinate of each index along the dimension.
        public var coordinates: [Double]

        public init(name: String, coordinateVariable: String, coordinates: [Double]) {
            self.name = name
            self.coordinateVariable = coordinateVariable
            self.coordinates = coordinates
        }
    }

    /// The file it was read from.
    public var file: String
    /// The variable's name (NetCDF) or the dataset's path (HDF5).
    public var variable: String
    /// Its dimensions, slowest first.
    public var dimensions: [Dimension]
    /// Its values in C order (last dimension fastest), unpacked (CF `scale_factor`, `add_offset`).
    public var values: [Double]

    public init(file: String, variable: String, dimensions: [Dimension], values: [Double]) {
        self.file = file
        self.variable = variable
        self.dimensions = dimensions
        self.values = values
    }

    /// The number of indices along each dimension, slowest first.
    public var shape: [Int] { dimensions.map(\.coordinates.count) }
}

extension GriddedVariable {
    /// Reads the variable `variable` of the root group of the NetCDF file at `path`, with the CF
    /// coordinate variables of its dimensions (1-D variables named like them) or, when given,
    /// the 1-D variables `coordinates` (one per dimension, slowest first). Packed values are
    /// unpacked (value · scale_factor + add_offset); a value equal to `_FillValue` or
    /// `missing_value` is an error (the data has a hole).
    ///
    /// libnetcdf decodes the file in a child process unless `isolation` says otherwise (see
    /// `DataFileSandbox`): a crash, hang or runaway allocation there is a `.file` error naming it.
    public static func readNetCDF(
        _ path: String, variable name: String,
        coordinates explicit: [String]? = nil, isolation: DataFileIsolation = .standard
    ) throws(GriddedDataError) -> GriddedVariable {
        try isolated(path, .netCDF, isolation) { () throws(GriddedDataError) in
            try readNetCDFHere(path, variable: name, coordinates: explicit)
        }
    }

    /// `readNetCDF` in this process.
    private static func readNetCDFHere(
        _ path: String, variable name: String, coordinates explicit: [String]?
    ) throws(GriddedDataError) -> GriddedVariable {
        func fail(
            _ subject: GriddedDataError.Subject, _ message: String, missing: String? = nil,
            available: [String] = []
        ) -> GriddedDataError {
            GriddedDataError(file: path, subject: subject, message: message, missing: missing, available: available)
        }
        return try reading(
            path, "variable '\(name)'", open: NetCDFFile.openReadOnly, close: { try? $0.close() },
            read: {
                file in
                let root = file.root
                let names = try root.variableNames()
                let variableName = name.hasPrefix("/") ? String(name.dropFirst()) : name
                guard names.contains(variableName) else {
                    throw fail(
                        .variable,
                        "\(path) has no variable '\(name)' (its variables: "
                            + "\(names.isEmpty ? "none" : names.joined(separator: ", ")))", missing: name,
                        available: names)
                }
                let variable = try root.variable(variableName)
                let type = try variable.type()
                guard type != .char, type != .string else {
                    throw fail(.variable, "variable '\(name)' of \(path) holds \(type.name)s, not numbers")
                }
                let dimensionNames = try variable.dimensionNames(), shape = try variable.shape()
                if let explicit, explicit.count != shape.count {
                    throw fail(
                        .variable,
                        "variable '\(name)' of \(path) has \(shape.count) dimension\(shape.count == 1 ? "" : "s") "
                            + "(\(dimensionNames.joined(separator: ", "))), but \(explicit.count) coordinate variable"
                            + "\(explicit.count == 1 ? " is" : "s are") given")
                }
                var dimensions: [Dimension] = []
                for (k, dimension) in dimensionNames.enumerated() {
                    let coordinateName = explicit?[k] ?? dimension
                    let subject = GriddedDataError.Subject.coordinates(dimension: k, rank: shape.count)
                    guard names.contains(coordinateName) else {
                        if explicit != nil {
                            throw fail(
                                subject,
                                "\(path) has no variable '\(coordinateName)' (its variables: "
                                    + "\(names.joined(separator: ", ")))", missing: coordinateName, available: names)
                        }
                        throw fail(
                            subject,
                            "dimension '\(dimension)' of variable '\(name)' in \(path) has no coordinate variable "
                                + "(a 1-D variable named '\(dimension)'); name one with \"x\"/\"y\"/\"z\"")
                    }
                    let coordinate = try root.variable(coordinateName)
                    let coordinateShape = try coordinate.shape()
                    guard coordinateShape == [shape[k]] else {
                        throw fail(
                            subject,
                            "coordinate variable '\(coordinateName)' of \(path) has shape \(coordinateShape), "
                                + "expected [\(shape[k])] (the length of dimension '\(dimension)' of '\(name)')")
                    }
                    dimensions.append(
                        Dimension(
                            name: dimension, coordinateVariable: coordinateName,
                            coordinates: try coordinate.read(as: Double.self)))
                }
                var values = try variable.read(as: Double.self)
                let attributes = try variable.attributeNames()
                func number(_ attribute: String) throws -> Double? {
                    guard attributes.contains(attribute) else { return nil }
                    return try variable.attribute(attribute).doubles?.first
                }
                for marker in ["_FillValue", "missing_value"] {
                    guard let missing = try number(marker), let i = values.firstIndex(of: missing) else { continue }
                    throw fail(
                        .variable,
                        "variable '\(name)' of \(path) has a missing value (\(marker) \(missing)) at index "
                            + "\(multiIndex(i, shape: shape)); gridded data must be defined everywhere")
                }
                let scale = try number("scale_factor") ?? 1, offset = try number("add_offset") ?? 0
                if scale != 1 || offset != 0 { values = values.map { $0 * scale + offset } }
                return GriddedVariable(file: path, variable: name, dimensions: dimensions, values: values)
            })
    }

    /// Reads the dataset `dataset` of the HDF5 file at `path`, with the dimension scales attached
    /// to its dimensions (the first one on each) or, when given, the 1-D datasets `coordinates`
    /// (one per dimension, slowest first). Scales are found from their side (see
    /// `HDF5Location.attachedScales`).
    ///
    /// libhdf5 decodes the file in a child process unless `isolation` says otherwise (see
    /// `DataFileSandbox`): a crash, hang or runaway allocation there is a `.file` error naming it.
    public static func readHDF5(
        _ path: String, dataset: String,
        coordinates explicit: [String]? = nil, isolation: DataFileIsolation = .standard
    ) throws(GriddedDataError) -> GriddedVariable {
        try isolated(path, .hdf5, isolation) { () throws(GriddedDataError) in
            try readHDF5Here(path, dataset: dataset, coordinates: explicit)
        }
    }

    /// `readHDF5` in this process.
    private static func readHDF5Here(
        _ path: String, dataset: String, coordinates explicit: [String]?
    ) throws(GriddedDataError) -> GriddedVariable {
        func fail(
            _ subject: GriddedDataError.Subject, _ message: String, missing: String? = nil,
            available: [String] = []
        ) -> GriddedDataError {
            GriddedDataError(file: path, subject: subject, message: message, missing: missing, available: available)
        }
        return try reading(
            path, "dataset '\(dataset)'", open: HDF5File.openReadOnly, close: { try? $0.close() },
            read: {
                file in
                let available = (try? file.datasetPaths()) ?? []
                func requireDataset(_ name: String, _ subject: GriddedDataError.Subject) throws {
                    guard file.exists(name), try file.kind(of: name) == .dataset else {
                        throw fail(
                            subject,
                            "\(path) has no dataset '\(name)' (its datasets: "
                                + "\(available.isEmpty ? "none" : available.joined(separator: ", ")))",
                            missing: name, available: available)
                    }
                }
                try requireDataset(dataset, .variable)
                let data = try file.readDataset(dataset, as: Double.self)
                let shape = data.shape
                if let explicit, explicit.count != shape.count {
                    throw fail(
                        .variable,
                        "dataset '\(dataset)' of \(path) has \(shape.count) dimension\(shape.count == 1 ? "" : "s") "
                            + "(shape \(shape)), but \(explicit.count) coordinate dataset\(explicit.count == 1 ? " is" : "s are") given"
                    )
                }
                let scales =
                    explicit == nil
                    ? try file.attachedScales(of: dataset, among: available.isEmpty ? nil : available) : []
                var dimensions: [Dimension] = []
                for k in shape.indices {
                    let subject = GriddedDataError.Subject.coordinates(dimension: k, rank: shape.count)
                    let coordinatePath: String, dimensionName: String
                    if let explicit {
                        coordinatePath = explicit[k]
                        try requireDataset(coordinatePath, subject)
                        dimensionName = (coordinatePath as NSString).lastPathComponent
                    } else {
                        guard let scale = scales[k].first else {
                            throw fail(
                                subject,
                                "dimension \(k) of dataset '\(dataset)' in \(path) has no dimension scale attached; "
                                    + "attach one (H5DSattach_scale) or name the coordinate datasets with \"x\"/\"y\"/\"z\""
                            )
                        }
                        coordinatePath = scale.path
                        dimensionName = scale.name.isEmpty ? (scale.path as NSString).lastPathComponent : scale.name
                    }
                    let coordinates = try file.readDataset(coordinatePath, as: Double.self)
                    guard coordinates.shape == [shape[k]] else {
                        throw fail(
                            subject,
                            "coordinate dataset '\(coordinatePath)' of \(path) has shape \(coordinates.shape), "
                                + "expected [\(shape[k])] (dimension \(k) of '\(dataset)')")
                    }
                    dimensions.append(
                        Dimension(
                            name: dimensionName, coordinateVariable: coordinatePath, coordinates: coordinates.values))
                }
                return GriddedVariable(file: path, variable: dataset, dimensions: dimensions, values: data.values)
            })
    }

    /// Opens the file at `path` (a missing or unreadable file is a `.file` error), reads it with
    /// `read`, closes it, and reports any error but a `GriddedDataError` as "cannot read <what>".
    private static func reading<File>(
        _ path: String, _ what: String, open: (String) throws -> File, close: (File) -> Void,
        read: (File) throws -> GriddedVariable
    ) throws(GriddedDataError) -> GriddedVariable {
        let file: File
        do {
            file = try open(path)
        } catch {
            throw GriddedDataError(file: path, subject: .file, message: openFailure(path, error))
        }
        defer { close(file) }
        do {
            return try read(file)
        } catch let error as GriddedDataError {
            throw error
        } catch {
            throw GriddedDataError(file: path, subject: .variable, message: "cannot read \(what) of \(path) (\(error))")
        }
    }

    /// "cannot open …: no such file" or the library's reason.
    private static func openFailure(_ path: String, _ error: any Error) -> String {
        if !FileManager.default.fileExists(atPath: path) { return "the data file \(path) does not exist" }
        if !FileManager.default.isReadableFile(atPath: path) {
            return "the data file \(path) cannot be read (permission denied)"
        }
        return "cannot open the data file \(path) (\(error))"
    }

    /// The index of element `offset` of a C-order array of `shape`, slowest first.
    static func multiIndex(_ offset: Int, shape: [Int]) -> [Int] {
        var index = [Int](repeating: 0, count: shape.count), rest = offset
        for k in shape.indices.reversed() {
            index[k] = rest % max(shape[k], 1)
            rest /= max(shape[k], 1)
        }
        return index
    }
}

/// Why gridded data could not be read: which file, what about it (the file, the variable, or the
/// coordinates of one of its dimensions) and what is wrong. `missing` and `available` name a
/// variable that was not found and those that exist, for a did-you-mean suggestion.
public struct GriddedDataError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What the error is about.
    public enum Subject: Sendable, Equatable {
        /// The file itself (missing, unreadable, not NetCDF/HDF5).
        case file
        /// The variable (missing, not numeric, holes, wrong shape).
        case variable
        /// The coordinates of dimension `dimension` (slowest first) of a variable of `rank` dimensions.
        case coordinates(dimension: Int, rank: Int)
    }

    public var file: String
    public var subject: Subject
    public var message: String
    public var missing: String?
    public var available: [String]

    public init(file: String, subject: Subject, message: String, missing: String? = nil, available: [String] = []) {
        self.file = file
        self.subject = subject
        self.message = message
        self.missing = missing
        self.available = available
    }

    public var description: String { message }
}
