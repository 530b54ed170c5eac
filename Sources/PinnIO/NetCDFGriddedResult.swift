import Foundation
import PinnNumerics

/// A named field on a rectilinear grid, for `NetCDFGriddedResult`.
public struct NetCDFGridField: Sendable, Equatable {
    /// The variable name ("u", "u_reference", "error").
    public var name: String
    /// One value per grid node, x fastest (`RectilinearGrid` order); NaN where the field is
    /// undefined (outside the domain), which readers see as missing through `_FillValue`.
    public var values: [Double]
    /// The CF `long_name`, a human-readable title.
    public var longName: String
    /// The CF `units` ("1" for dimensionless).
    public var units: String
    /// The CF `standard_name`, only where one of the CF standard-name table fits.
    public var standardName: String?

    /// A field `name` with `values` (x fastest), a long name, units and optional standard name.
    public init(name: String, values: [Double], longName: String, units: String = "1", standardName: String? = nil) {
        self.name = name
        self.values = values
        self.longName = longName
        self.units = units
        self.standardName = standardName
    }
}

/// The global attributes of a result file.
public struct NetCDFResultMetadata: Sendable, Equatable {
    /// CF `title`.
    public var title: String
    /// The command line that produced the file, recorded in `history`.
    public var command: String
    /// pinn's version; `source` becomes "pinn <version>".
    public var version: String
    /// The problem file's JSON, stored as the `problem` attribute; nil to omit.
    public var problem: String?
    /// When the file was made; `history` and `date_created` give it in ISO 8601 (UTC).
    public var created: Date
    /// Why training stopped early, if it did: global attributes `stopped_early` (0/1) and `stop_reason`.
    public var stopReason: String?
    /// How the reference was computed (global attribute `reference_method`), if there is one.
    public var referenceMethod: String?
    /// Why the reference's solver failed, if it did: global attributes `reference_failed` (0/1)
    /// and `reference_error`.
    public var referenceFailure: String?

    /// Metadata for a file made now (or at `created`) by `command`.
    public init(title: String, command: String, version: String, problem: String? = nil, created: Date = Date()) {
        self.title = title
        self.command = command
        self.version = version
        self.problem = problem
        self.created = created
    }

    /// `created` as ISO 8601 in UTC with seconds ("2026-05-04T12:13:15Z").
    public var timestamp: String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: created)
    }

    /// The CF `history` line: "<ISO 8601 time>: <command>".
    public var history: String { "\(timestamp): \(command)" }
}

/// A CF-1.10 netCDF-4 file of fields on a rectilinear grid. Layout (as `ncdump -h` shows it):
///
///     dimensions:  x = nx ; y = ny ; [z = nz ;]
///     variables:
///       double x(x)   axis = "X", units, long_name = "x coordinate"   (likewise y, z)
///       double t(t)   axis = "T", standard_name = "time", units = "seconds since 1970-01-01 00:00:00"
///                     (a space-time result: fields u(t, [y,] x))
///       double u([z,] y, x)   long_name, units, [standard_name,] _FillValue = NaN
///       int metrics   long_name = "solve metrics (stored as attributes)"; one Double attribute per metric
///     global: Conventions = "CF-1.10", title, history = "<ISO 8601>: <command>", source = "pinn <version>",
///             date_created, [problem = <problem JSON>]
///
/// Everything sits in the root group, so `xarray.open_dataset` (either engine) and `ncdump` see the
/// fields with x and y attached as coordinates. Fields are stored x fastest, dims `(z,) y, x`, the
/// CF/COARDS order and pinn's `RectilinearGrid` order, so no transposition happens anywhere.
/// Metrics are the attributes of a data-less scalar *container variable* `metrics` (the CF
/// pattern of `grid_mapping` variables) rather than of a group: plain `open_dataset` ignores
/// groups, but shows this variable with its attributes (`ds.metrics.attrs`).
public struct NetCDFGriddedResult: Sendable {
    /// The grid; its axis names become the dimension and coordinate names.
    public var grid: RectilinearGrid
    /// Units of each axis (x, y, z order); "1" (dimensionless) where missing.
    public var axisUnits: [String]
    /// The fields, each with `grid.pointCount` values.
    public var fields: [NetCDFGridField]
    /// Scalar metrics (relative L2 errors, wall time, …), written in name order.
    public var metrics: [String: Double]
    /// Global attributes.
    public var metadata: NetCDFResultMetadata

    /// A result of `fields` on `grid`.
    public init(
        grid: RectilinearGrid, axisUnits: [String] = [], fields: [NetCDFGridField],
        metrics: [String: Double] = [:], metadata: NetCDFResultMetadata
    ) {
        self.grid = grid
        self.axisUnits = axisUnits
        self.fields = fields
        self.metrics = metrics
        self.metadata = metadata
    }

    /// The name of the metrics container variable.
    public static let metricsVariable = "metrics"

    /// Writes the file at `path` atomically (nothing is left at `path` if anything fails).
    public func write(to path: String) throws {
        try validate(file: path)
        try NetCDFFile.writeAtomically(to: path) { try write(into: $0) }
    }

    /// Writes the layout into the root group of an open, empty file.
    public func write(into file: NetCDFFile) throws {
        try validate(file: file.path)
        let root = file.root
        try root.setAttribute("Conventions", to: "CF-1.10")
        try root.setAttribute("title", to: metadata.title)
        try root.setAttribute("history", to: metadata.history)
        try root.setAttribute("source", to: "pinn \(metadata.version)")
        try root.setAttribute("date_created", to: metadata.timestamp)
        if let problem = metadata.problem { try root.setAttribute("problem", to: problem) }
        try root.setAttribute("stopped_early", .ints([metadata.stopReason == nil ? 0 : 1]))
        if let reason = metadata.stopReason { try root.setAttribute("stop_reason", to: reason) }
        if let method = metadata.referenceMethod { try root.setAttribute("reference_method", to: method) }
        try root.setAttribute("reference_failed", .ints([metadata.referenceFailure == nil ? 0 : 1]))
        if let failure = metadata.referenceFailure { try root.setAttribute("reference_error", to: failure) }

        let axisLetters = ["X", "Y", "Z"]
        var coordinates = [(NetCDFVariable, [Double])]()
        for (d, axis) in grid.axes.enumerated() {
            try root.defineDimension(axis.name, length: axis.coordinates.count)
            let variable = try root.defineVariable(
                axis.name, type: Double.self, dimensions: [axis.name], compression: .none)
            if axis.name == "t" {
                // CF time: a unit "since" an origin is what netCDF readers decode as a time axis (xarray
                // to datetime64); the problem's time counts as seconds from an arbitrary origin.
                try variable.setAttribute("axis", to: "T")
                try variable.setAttribute("standard_name", to: "time")
                try variable.setAttribute("units", to: "seconds since 1970-01-01 00:00:00")
                try variable.setAttribute("calendar", to: "standard")
                try variable.setAttribute("long_name", to: "time t of the problem (counted in seconds from 1970-01-01)")
            } else {
                try variable.setAttribute("axis", to: axisLetters[d])
                try variable.setAttribute("units", to: d < axisUnits.count ? axisUnits[d] : "1")
                try variable.setAttribute("long_name", to: "\(axis.name) coordinate")
            }
            coordinates.append((variable, axis.coordinates))
        }
        let dimensions = grid.axes.reversed().map(\.name)
        var data = [(NetCDFVariable, [Double])]()
        for field in fields {
            let variable = try root.defineVariable(field.name, type: Double.self, dimensions: dimensions, fill: .nan)
            try variable.setAttribute("long_name", to: field.longName)
            try variable.setAttribute("units", to: field.units)
            if let standardName = field.standardName { try variable.setAttribute("standard_name", to: standardName) }
            data.append((variable, field.values))
        }
        if !metrics.isEmpty {
            let container = try root.defineVariable(Self.metricsVariable, type: Int32.self)
            try container.setAttribute("long_name", to: "solve metrics (stored as attributes)")
            for (name, value) in metrics.sorted(by: { $0.key < $1.key }) {
                try container.setAttribute(name, to: value)
            }
        }
        for (variable, values) in coordinates + data { try variable.write(values) }
    }

    /// Checks names and sizes before anything is written.
    private func validate(file: String) throws {
        var names = Set<String>()
        for axis in grid.axes {
            guard names.insert(axis.name).inserted else {
                throw NetCDFError.invalid(
                    object: "/" + axis.name, file: file, reason: "two axes are named '\(axis.name)'")
            }
        }
        if !metrics.isEmpty { names.insert(Self.metricsVariable) }
        for field in fields {
            guard names.insert(field.name).inserted else {
                throw NetCDFError.invalid(
                    object: "/" + field.name, file: file,
                    reason: "the name '\(field.name)' is already used by an axis, a field or the metrics")
            }
            guard field.values.count == grid.pointCount else {
                throw NetCDFError.shapeMismatch(
                    object: "/" + field.name, file: file, shape: grid.datasetShape,
                    count: field.values.count)
            }
        }
    }
}
