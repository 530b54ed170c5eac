/// Measurements of the solution u at points of the domain, which add a data term to a PDE problem's
/// loss (and are what an inverse problem's unknowns are learned from). JSON:
///
///     "measurements": {"generate": {"count": 200, "noise": 0.01, "seed": 0}}
///     "measurements": {"file": "data/u.csv", "noise": 0.01}                  // header x,y[,z],u
///     "measurements": {"file": "data/u.h5", "x": "/x", "y": "/y", "u": "/u"} // 1-D datasets
///
/// - `generate`: `count` points drawn uniformly inside the domain with `seed`, u from the problem's
///   `exact` solution (with the unknowns at their `true` values) plus N(0, noise²) noise.
/// - `file`: a CSV file (a header naming x, y, z up to the dimension and u, in any order, then one
///   row per point) or an HDF5 file (one 1-D dataset per column, named by `x`, `y`, `z`, `u`;
///   defaults `/x`, `/y`, `/z`, `/u`), relative to the problem file and inside the project folder.
/// - `noise` σ: the standard deviation of the measurement errors (for a file; for generated data it
///   is `generate.noise`). It sets the data term's default weight 1/σ² and the standard errors.
/// - `weight` w: the data term's weight, overriding 1/σ². Without either it is the boundary weight
///   λ (`training.boundaryWeight`), as the data are values of u like Dirichlet data.
///
/// The loss gains w·mean_i (u(x_i) − u_i)².
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
    /// The data term's weight when stated.
    public var weight: Double?

    public init(source: Source, noise: Double = 0, weight: Double? = nil) {
        self.source = source
        self.noise = noise
        self.weight = weight
    }

    /// The weight of the data term: `weight`, else 1/σ², else `boundaryWeight`.
    public func dataWeight(boundaryWeight: Double) -> Double {
        if let weight { return weight }
        return noise > 0 ? 1 / (noise * noise) : boundaryWeight
    }

    public init(from decoder: any Decoder) throws {
        let o = try ProblemFileObject(
            decoder, known: ["generate", "file", "noise", "weight", "x", "y", "z", "u"], what: "the measurements")
        let here = ProblemError.jsonPath(decoder.codingPath)
        let weight: Double? = try o.optional("weight")
        switch (o.has("generate"), o.has("file")) {
        case (true, true):
            throw ProblemError(path: here, message: "give either 'generate' or 'file', not both")
        case (false, false):
            throw ProblemError(
                path: here, message: "expected {\"generate\": {\"count\": 200, ...}} or {\"file\": \"data/u.csv\"}")
        case (true, false):
            for key in ["noise", "x", "y", "z", "u"] where o.has(key) {
                let hint = key == "noise" ? "; give it inside 'generate'" : " (HDF5 dataset names)"
                throw ProblemError(path: o.path(key), message: "'\(key)' applies only to measurements read from a file\(hint)")
            }
            let g = try ProblemFileObject(
                o.container.superDecoder(forKey: ProblemFileKey("generate")), known: ["count", "noise", "seed"],
                what: "the generated measurements")
            let count: Int = try g.value("count", default: 200)
            let noise: Double = try g.value("noise", default: 0)
            guard (1...ProblemLimits.points.upperBound).contains(count) else {
                throw ProblemError(path: g.path("count"), message: "expected an integer from 1 to \(ProblemLimits.points.upperBound), found \(count)")
            }
            guard noise >= 0, noise.isFinite else {
                throw ProblemError(path: g.path("noise"), message: "expected a number ≥ 0, found \(noise)")
            }
            self.init(source: .generate(count: count, noise: noise, seed: try g.value("seed", default: 0)), noise: noise, weight: weight)
        case (false, true):
            let written: String = try o.required("file")
            let lower = written.lowercased()
            let format: MeasurementFile.Format
            if lower.hasSuffix(".csv") {
                for key in ["x", "y", "z", "u"] where o.has(key) {
                    throw ProblemError(path: o.path(key), message: "'\(key)' (an HDF5 dataset name) does not apply to a CSV file")
                }
                format = .csv
            } else if lower.hasSuffix(".h5") || lower.hasSuffix(".hdf5") {
                var names: [String: String] = [:]
                for key in ["x", "y", "z", "u"] { names[key] = try o.value(key, default: "/" + key) }
                format = .hdf5(datasets: names)
            } else {
                throw ProblemError(
                    path: o.path("file"), message: "unknown measurement file type '\(written)' (expected a .csv, .h5 or .hdf5 file)")
            }
            let problemFile = decoder.userInfo[.problemFile] as? String
            let path: String
            do {
                path = try ProjectPath.resolve(written, problemFile: problemFile)
            } catch {
                throw ProblemError(
                    path: o.path("file"),
                    message: error.reason == .empty
                        ? error.description
                        : "the measurement file \(error.description); keep data in the project, e.g. in Problems/data/")
            }
            let noise: Double = try o.value("noise", default: 0)
            guard noise >= 0, noise.isFinite else {
                throw ProblemError(path: o.path("noise"), message: "expected a number ≥ 0, found \(noise)")
            }
            self.init(
                source: .file(
                    MeasurementFile(
                        written: written, path: path, format: format, problemFile: problemFile, jsonPath: o.path("file"))),
                noise: noise, weight: weight)
        }
        if let weight, !(weight > 0 && weight.isFinite) {
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
