/// Measurements of the solution u at points of the domain, which add a data term to a PDE problem's
/// loss (and are what an inverse problem's unknowns are learned from). JSON:
///
///     "measurements": {"generate": {"count": 200, "noise": 0.01, "seed": 0}}
///     "measurements": {"file": "data/u.csv", "noise": 0.01}                  // header x,y[,z],u
///     "measurements": {"file": "data/u.h5", "x": "/x", "y": "/y", "u": "/u"} // 1-D datasets
///     "measurements": {"file": "data/u.nc", "x": "x", "y": "y", "u": "u"}     // 1-D variables
///
/// - `generate`: `count` points drawn uniformly inside the domain with `seed`, u from the problem's
///   `exact` solution (with the unknowns at their `true` values) plus N(0, noise²) noise.
/// - `file`: a CSV file (a header naming x, y, z up to the dimension and u, in any order, then one
///   row per point) or an HDF5 file (one 1-D dataset per column, named by `x`, `y`, `z`, `u`;
///   defaults `/x`, `/y`, `/z`, `/u`) or a NetCDF file (one 1-D variable per column, defaults `x`, `y`,
///   `z`, `u`), relative to the problem file and inside the project folder.
/// - `noise` σ: the standard deviation of the measurement errors (for a file; for generated data it
///   is `generate.noise`). The unknowns' standard errors are computed with it (estimated from the
///   misfit when not stated).
/// - `weight` w: the data term's weight, default 1 (the data and the PDE residual count alike per
///   point); `"weight": "inverse-variance"` is 1/σ².
///
/// The loss gains w·mean_i (u(x_i) − u_i)². The default keeps the PDE the stronger term, so the
/// network cannot follow the noise: on `helmholtz_inverse_noisy.json` (σ = 0.01) w = 1 gives k to
/// 3.6e-5 with a standard error of 7.1e-4 (the ideal σ/‖∂u/∂k‖ is 6.6e-4), w = 1/σ² = 1e4 lets the
/// network fit the noise (u off by 1.1e-2) and inflates the standard error to 2.0e-2.
public struct MeasurementSettings: Sendable, Equatable, Decodable {
    /// Where the values come from.
    public enum Source: Sendable, Equatable {
        /// Drawn from the exact solution.
        case generate(count: Int, noise: Double, seed: UInt64)
        /// Read from a file.
        case file(MeasurementFile)
    }

    public var source: Source
    /// σ, the stated standard deviation of the measurement errors (0: not stated).
    public var noise: Double
    /// The data term's weight when stated (a number, or 1/σ² for `"inverse-variance"`).
    public var weight: Double?

    public init(source: Source, noise: Double = 0, weight: Double? = nil) {
        self.source = source
        self.noise = noise
        self.weight = weight
    }

    /// The weight of the data term: `weight`, else 1.
    public var dataWeight: Double { weight ?? 1 }

    public init(from decoder: any Decoder) throws {
        let o = try ProblemFileObject(
            decoder, known: ["generate", "file", "noise", "weight", "x", "y", "z", "u"], what: "the measurements")
        let here = ProblemError.jsonPath(decoder.codingPath)
        // A number, or "inverse-variance" for 1/σ² (set once σ is known, below).
        var weight: Double?, inverseVariance = false
        if let text = try? o.optional("weight", as: String.self) {
            guard text == "inverse-variance" else {
                throw ProblemError(
                    path: o.path("weight"),
                    message: "expected a positive number or \"inverse-variance\" (1/σ²), found '\(text)'")
            }
            inverseVariance = true
        } else {
            weight = try o.optional("weight")
        }
        switch (o.has("generate"), o.has("file")) {
        case (true, true):
            throw ProblemError(path: here, message: "give either 'generate' or 'file', not both")
        case (false, false):
            throw ProblemError(
                path: here, message: "expected {\"generate\": {\"count\": 200, ...}} or {\"file\": \"data/u.csv\"}")
        case (true, false):
            for key in ["noise", "x", "y", "z", "u"] where o.has(key) {
                let hint = key == "noise" ? "; give it inside 'generate'" : " (HDF5 dataset names)"
                throw ProblemError(
                    path: o.path(key), message: "'\(key)' applies only to measurements read from a file\(hint)")
            }
            let g = try ProblemFileObject(
                o.container.superDecoder(forKey: ProblemFileKey("generate")), known: ["count", "noise", "seed"],
                what: "the generated measurements")
            let count: Int = try g.value("count", default: 200)
            let noise: Double = try g.value("noise", default: 0)
            guard (1...ProblemLimits.points.upperBound).contains(count) else {
                throw ProblemError(
                    path: g.path("count"),
                    message: "expected an integer from 1 to \(ProblemLimits.points.upperBound), found \(count)")
            }
            guard noise >= 0, noise.isFinite else {
                throw ProblemError(path: g.path("noise"), message: "expected a number ≥ 0, found \(noise)")
            }
            self.init(
                source: .generate(count: count, noise: noise, seed: try g.value("seed", default: 0)), noise: noise,
                weight: weight)
        case (false, true):
            let written: String = try o.required("file")
            let lower = written.lowercased()
            let format: MeasurementFile.Format
            if lower.hasSuffix(".csv") {
                for key in ["x", "y", "z", "u"] where o.has(key) {
                    throw ProblemError(
                        path: o.path(key), message: "'\(key)' (an HDF5 dataset name) does not apply to a CSV file")
                }
                format = .csv
            } else if lower.hasSuffix(".h5") || lower.hasSuffix(".hdf5") {
                var names: [String: String] = [:]
                for key in ["x", "y", "z", "u"] { names[key] = try o.value(key, default: "/" + key) }
                format = .hdf5(datasets: names)
            } else if lower.hasSuffix(".nc") {
                var names: [String: String] = [:]
                for key in ["x", "y", "z", "u"] { names[key] = try o.value(key, default: key) }
                format = .netCDF(variables: names)
            } else {
                throw ProblemError(
                    path: o.path("file"),
                    message: "unknown measurement file type '\(written)' (expected a .csv, .h5, .hdf5 or .nc file)")
            }
            let problemFile = decoder.userInfo[.problemFile] as? String
            let path = try o.projectPath(written, at: "file", what: "the measurement file", decoder: decoder)
            let noise: Double = try o.value("noise", default: 0)
            guard noise >= 0, noise.isFinite else {
                throw ProblemError(path: o.path("noise"), message: "expected a number ≥ 0, found \(noise)")
            }
            self.init(
                source: .file(
                    MeasurementFile(
                        written: written, path: path, format: format, problemFile: problemFile, jsonPath: o.path("file")
                    )),
                noise: noise, weight: weight)
        }
        if inverseVariance {
            guard noise > 0 else {
                throw ProblemError(
                    path: o.path("weight"), message: "\"inverse-variance\" needs a positive noise level σ ('noise')")
            }
            self.weight = 1 / (noise * noise)
        } else if let weight, !(weight > 0 && weight.isFinite) {
            throw ProblemError(path: o.path("weight"), message: "expected a positive number, found \(weight)")
        }
    }
}

/// A measurement file as a problem names it: the path as written and resolved, its format, and
/// where it is named (for errors).
public struct MeasurementFile: Sendable, Equatable {
    public enum Format: Sendable, Equatable {
        /// A header naming x, y, z (up to the dimension) and u, then one row per point.
        case csv
        /// One 1-D dataset per column, by column name (`x` → `/x`).
        case hdf5(datasets: [String: String])
        /// One 1-D NetCDF variable per column, by column name (`x` → `x`).
        case netCDF(variables: [String: String])
    }

    /// The path as the problem file writes it.
    public var written: String
    /// The path resolved against the problem file's folder.
    public var path: String
    public var format: Format
    /// The problem file that names it, and the JSON path of its name (`measurements.file`).
    public var problemFile: String?
    public var jsonPath: String

    public init(written: String, path: String, format: Format, problemFile: String?, jsonPath: String) {
        self.written = written
        self.path = path
        self.format = format
        self.problemFile = problemFile
        self.jsonPath = jsonPath
    }
}
