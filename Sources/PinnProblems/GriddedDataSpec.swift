import Foundation

extension CodingUserInfoKey {
    /// `String`: the path of the problem file being decoded, against which data files resolve.
    public static let problemFile = CodingUserInfoKey(rawValue: "pinn.problem.file")!
}

/// A field given as a variable of a data file, interpolated multilinearly (bilinearly in 2-D)
/// wherever it is evaluated. JSON:
///
///     {"file": "data/forcing.nc", "variable": "f"}                 // NetCDF-4 (.nc)
///     {"file": "data/forcing.h5", "variable": "/fields/f"}         // HDF5 (.h5, .hdf5): a dataset path
///     {"file": "data/forcing.h5", "variable": "/f", "x": "/x", "y": "/y"}   // explicit coordinates
///
/// The variable has one dimension per space dimension. Its coordinates are, unless given: in
/// NetCDF, the CF coordinate variables (1-D variables named like its dimensions); in HDF5, the
/// dimension scales attached to its dimensions. Dimensions named x, y, z (in any order) are those
/// axes; otherwise the last dimension is x, the one before it y, then z (the CF order z, y, x).
/// Explicit `x`, `y`, `z` name 1-D variables (datasets) for the last, second-to-last and third-to-last
/// dimension. Coordinates may increase or decrease, strictly.
///
/// `file` resolves against the problem file's folder and must stay inside the project folder
/// (see `ProjectPath`); decoding checks that, and PinnSolve reads the file when binding.
public struct GriddedDataSpec: Sendable, Equatable {
    /// The file formats, chosen by extension.
    public enum Format: String, Sendable, Equatable {
        case netCDF = "NetCDF"
        case hdf5 = "HDF5"
    }

    /// The path as written in the problem file.
    public var file: String
    /// The variable's name (NetCDF) or dataset path (HDF5).
    public var variable: String
    /// Explicit coordinate variables for x, y, z (in that order), or empty to take them from the file.
    public var coordinates: [String]
    public var format: Format
    /// `file` resolved against the problem file's folder: the path to open.
    public var path: String
    /// The problem file it was written in (nil for a problem decoded without one), for errors.
    public var problemFile: String?
    /// Where it was written in the problem file ("source", "boundary[1].value"), for errors.
    public var jsonPath: String

    /// The keys of the data object.
    static let keys = ["file", "variable", "x", "y", "z"]

    public init(
        file: String, variable: String, coordinates: [String] = [], format: Format? = nil,
        path: String? = nil, problemFile: String? = nil, jsonPath: String = "source"
    ) {
        self.file = file
        self.variable = variable
        self.coordinates = coordinates
        self.format = format ?? Self.format(of: file) ?? .netCDF
        self.path =
            path ?? ProjectPath.join(file, inFolder: problemFile.map { ($0 as NSString).deletingLastPathComponent })
        self.problemFile = problemFile
        self.jsonPath = jsonPath
    }

    /// The format a file name's extension says, or nil for another extension.
    public static func format(of file: String) -> Format? {
        switch (file as NSString).pathExtension.lowercased() {
        case "nc", "nc4", "cdf", "netcdf": .netCDF
        case "h5", "hdf5", "he5": .hdf5
        default: nil
        }
    }

    /// `<jsonPath>.<key>`.
    public func path(_ key: String) -> String { jsonPath + "." + key }

    /// Decodes the data object; resolves `file` against `userInfo[.problemFile]` (see `ProjectPath`).
    public init(from decoder: any Decoder) throws {
        let o = try ProblemFileObject(decoder, known: Self.keys, what: "gridded data")
        let file: String = try o.required("file", context: "(the path of a NetCDF .nc or HDF5 .h5 file)")
        guard let format = Self.format(of: file) else {
            throw ProblemError(
                path: o.path("file"),
                message: "unknown data file type '\(file)' (expected a NetCDF .nc or an "
                    + "HDF5 .h5 file)")
        }
        let variable: String = try o.required(
            "variable", context: "(the \(format == .netCDF ? "variable's name" : "dataset's path"))")
        guard !variable.isEmpty else {
            throw ProblemError(path: o.path("variable"), message: "expected a non-empty name")
        }
        var coordinates: [String] = []
        for axis in ["x", "y", "z"] {
            guard let name: String = try o.optional(axis) else { continue }
            guard coordinates.count == ["x", "y", "z"].firstIndex(of: axis)! else {
                let missing = ["x", "y", "z"][coordinates.count]
                throw ProblemError(
                    path: o.path(axis),
                    message: "'\(axis)' is given but '\(missing)' is not (give the coordinates "
                        + "of every axis, or of none to take them from the file)")
            }
            guard !name.isEmpty else { throw ProblemError(path: o.path(axis), message: "expected a non-empty name") }
            coordinates.append(name)
        }
        let problemFile = decoder.userInfo[.problemFile] as? String
        let path = try o.projectPath(file, at: "file", what: "the data file", decoder: decoder)
        self.init(
            file: file, variable: variable, coordinates: coordinates, format: format, path: path,
            problemFile: problemFile, jsonPath: ProblemError.jsonPath(decoder.codingPath))
    }
}

extension GriddedDataSpec {
    /// Checks what needs the problem's dimension: explicit coordinates, when given, name exactly
    /// one variable per axis. (The file itself is read when the problem is bound.)
    func validate(dimension: Int) throws(ProblemError) {
        guard coordinates.isEmpty || coordinates.count == dimension else {
            let axes = ["x", "y", "z"]
            if coordinates.count > dimension {
                throw ProblemError(
                    path: path(axes[dimension]),
                    message: "'\(axes[dimension])' does not apply to a "
                        + "\(dimension)-D problem (its axes: \(axes.prefix(dimension).joined(separator: ", ")))")
            }
            throw ProblemError(
                path: jsonPath,
                message: "explicit coordinates for \(axes.prefix(coordinates.count).joined(separator: ", ")) "
                    + "but not \(axes[coordinates.count]) (a \(dimension)-D problem needs one per axis, or none)")
        }
    }
}
