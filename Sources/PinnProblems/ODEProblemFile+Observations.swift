extension ODEProblemFile {
    /// Where the observed trajectory comes from, and which part of it is for training. JSON:
    ///
    ///     {"generate": {"count": 100, "times": "uniform", "noise": 0, "seed": 0, "trainUntil": 10}}
    ///     {"file": "data/lv.csv", "trainUntil": 10}
    ///     {"file": "data/lv.h5", "times": "/t", "states": "/y", "trainUntil": 10}
    ///
    /// Observations at times ≤ `trainUntil` are for training; later ones test extrapolation.
    /// Default: 100 generated observations at uniform times, no noise, training on the whole span.
    public struct ObservationSettings: Sendable, Equatable, Decodable {
        /// Observations sampled from the reference trajectory.
        public struct Generated: Sendable, Equatable {
            /// How observation times are placed in the span.
            public enum Times: String, Sendable, Equatable, CaseIterable, Codable {
                /// `count` equally spaced times from span start to span end, both included.
                case uniform
                /// `count` times drawn uniformly from the span (with `seed`), sorted.
                case random
            }

            public var count = 100
            public var times: Times = .uniform
            /// Standard deviation of the Gaussian noise added to every observed state (absolute).
            public var noise = 0.0
            /// Seed of the random times and the noise.
            public var seed: UInt64 = 0

            public init(count: Int = 100, times: Times = .uniform, noise: Double = 0, seed: UInt64 = 0) {
                self.count = count
                self.times = times
                self.noise = noise
                self.seed = seed
            }
        }

        /// Observations read from a file.
        public struct File: Sendable, Equatable {
            /// Where the times, states and trajectory indices are in an HDF5 or NetCDF file.
            public struct Layout: Sendable, Equatable {
                /// The states' datasets (HDF5) or variables (NetCDF).
                public enum States: Sendable, Equatable {
                    /// One n × (number of states) array in the problem's state order (n values for a
                    /// single state).
                    case matrix(String)
                    /// One array of n values per state: the array named here for a state, or the one
                    /// named like the state for those not listed.
                    case byState([String: String])
                }

                /// The 1-D array of the n observation times.
                public var times: String
                public var states: States
                /// The 1-D array of n trajectory indices (0-based, into the initial states); nil:
                /// `trajectory` (NetCDF) or `/trajectory` (HDF5) when the problem has several initial
                /// states, none otherwise.
                public var trajectory: String?

                public init(times: String, states: States, trajectory: String? = nil) {
                    self.times = times
                    self.states = states
                    self.trajectory = trajectory
                }
            }

            /// The file formats, chosen by extension.
            public enum Format: Sendable, Equatable {
                /// `.csv`: a header `t,<state names…>[,trajectory]` (columns in any order), then one
                /// row per observation.
                case csv
                /// `.h5`/`.hdf5`: datasets by path; default times `/t`, states `/y` (a matrix).
                case hdf5(Layout)
                /// `.nc`: variables of the root group; default times `t`, one variable per state
                /// named like the state. `_FillValue`/`missing_value` entries are missing values.
                case netCDF(Layout)
            }

            /// The path as written; relative paths resolve against the problem file's directory.
            public var path: String
            public var format: Format

            public init(path: String, format: Format) {
                self.path = path
                self.format = format
            }

            /// `path`, resolved against `directory` when it is relative (and a directory is given).
            /// Decoding has checked that it stays inside the project folder (see `ProjectPath`).
            public func resolvedPath(relativeTo directory: String?) -> String {
                ProjectPath.join(path, inFolder: directory)
            }
        }

        public enum Source: Sendable, Equatable {
            case generate(Generated)
            case file(File)
        }

        public var source: Source
        /// The end of the training window; nil means the span's end (see `ODEProblemFile.trainUntil`).
        public var trainUntil: Double?
        /// σ, the standard deviation of the errors of observations read from a file (`"noise"`), used
        /// for the unknowns' standard errors; nil: estimated from the misfit.
        public var fileNoise: Double?

        public init(source: Source = .generate(Generated()), trainUntil: Double? = nil, noise: Double? = nil) {
            self.source = source
            self.trainUntil = trainUntil
            self.fileNoise = noise
        }

        /// σ as the file states it: `generate.noise` when positive, or the file observations' `noise`;
        /// nil when not stated.
        public var statedNoise: Double? {
            switch source {
            case .generate(let g): g.noise > 0 ? g.noise : nil
            case .file: fileNoise
            }
        }

        /// The JSON path `trainUntil` is written at, relative to the observations object.
        var trainUntilKey: String {
            if case .generate = source { "generate.trainUntil" } else { "trainUntil" }
        }

        public init(from decoder: any Decoder) throws {
            let o = try ProblemFileObject(
                decoder, known: ["generate", "file", "times", "states", "trajectory", "trainUntil", "noise"],
                what: "the observations")
            switch (o.has("generate"), o.has("file")) {
            case (true, true):
                throw ProblemError(
                    path: ProblemError.jsonPath(decoder.codingPath),
                    message: "give either 'generate' or 'file', not both")
            case (false, false):
                throw ProblemError(
                    path: ProblemError.jsonPath(decoder.codingPath),
                    message: "expected {\"generate\": {...}} or {\"file\": \"path\"}")
            case (true, false):
                for key in ["times", "states", "trajectory", "trainUntil", "noise"] where o.has(key) {
                    let hint =
                        key == "trainUntil" || key == "noise"
                        ? "; give it inside 'generate'" : " (HDF5 dataset or NetCDF variable names)"
                    throw ProblemError(
                        path: o.path(key), message: "'\(key)' applies only to observations read from a file\(hint)")
                }
                let generate = try ProblemFileObject(
                    o.container.superDecoder(forKey: ProblemFileKey("generate")),
                    known: ["count", "times", "noise", "seed", "trainUntil"],
                    what: "the generated observations")
                var g = Generated()
                g.count = try generate.value("count", default: g.count)
                g.times = try generate.choice("times", what: "observation times") ?? g.times
                g.noise = try generate.value("noise", default: g.noise)
                g.seed = try generate.value("seed", default: g.seed)
                self.init(source: .generate(g), trainUntil: try generate.optional("trainUntil"))
            case (false, true):
                let path: String = try o.required("file")
                let lower = path.lowercased()
                let format: File.Format
                if lower.hasSuffix(".csv") {
                    for key in ["times", "states", "trajectory"] where o.has(key) {
                        throw ProblemError(
                            path: o.path(key),
                            message: "'\(key)' (a dataset or variable name) does not apply to a CSV file, whose "
                                + "header names its columns")
                    }
                    format = .csv
                } else if lower.hasSuffix(".h5") || lower.hasSuffix(".hdf5") {
                    format = .hdf5(try Self.layout(o, times: "/t", states: .matrix("/y")))
                } else if lower.hasSuffix(".nc") {
                    format = .netCDF(try Self.layout(o, times: "t", states: nil))
                } else {
                    throw ProblemError(
                        path: o.path("file"),
                        message: "unknown observation file type '\(path)' (expected a .csv, .h5, .hdf5 or .nc file)")
                }
                let noise: Double? = try o.optional("noise")
                if let noise, !(noise > 0 && noise.isFinite) {
                    throw ProblemError(
                        path: o.path("noise"),
                        message: "expected a positive noise level σ (the observations' standard deviation), "
                            + "found \(noise)")
                }
                self.init(
                    source: .file(File(path: path, format: format)), trainUntil: try o.optional("trainUntil"),
                    noise: noise)
            }
        }

        /// The layout keys of an HDF5 or NetCDF observation file: `times` (a name), `states` (a name of
        /// a matrix, or an object naming states' arrays) and `trajectory`; absent keys take `times` and
        /// `states` (nil: one array per state, named like the state).
        private static func layout(_ o: ProblemFileObject, times: String, states: File.Layout.States?)
            throws -> File.Layout
        {
            let stateLayout: File.Layout.States
            if !o.has("states") {
                stateLayout = states ?? .byState([:])
            } else if let name = try? o.container.decode(String.self, forKey: ProblemFileKey("states")) {
                stateLayout = .matrix(name)
            } else if let named = try? o.container.decode([String: String].self, forKey: ProblemFileKey("states")) {
                stateLayout = .byState(named)
            } else {
                throw ProblemError(
                    path: o.path("states"),
                    message: "expected the name of an n × (number of states) array, or an object naming each "
                        + "state's array ({\"x\": \"x_obs\"})")
            }
            return File.Layout(
                times: try o.value("times", default: times), states: stateLayout,
                trajectory: try o.optional("trajectory"))
        }
    }
}
