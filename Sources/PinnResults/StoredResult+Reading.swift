import Foundation
import PinnIO
import PinnNetwork
import PinnNumerics

extension StoredResult {
    /// Reads the pinn result (HDF5, as `PDEResult` or `ODEResult` write it) at `path`.
    public static func read(from path: String) throws -> StoredResult {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ResultReadError(file: path, message: "no such file")
        }
        let file: HDF5File
        do {
            file = try HDF5File.openReadOnly(at: path)
        } catch {
            throw ResultReadError(
                file: path,
                message: "not an HDF5 file (a pinn result is HDF5; netCDF results are read with ncdump or xarray)")
        }
        return try reading(path) {
            let summary = try readSummary(file, path: path)
            if summary.kind == "ode" { return .ode(try readODE(file, summary: summary)) }
            return .pde(try readPDE(file, summary: summary))
        }
    }

    /// Runs `body`, turning HDF5 errors into `ResultReadError`s naming the file.
    static func reading<R>(_ path: String, _ body: () throws -> R) throws -> R {
        do {
            return try body()
        } catch let error as ResultReadError {
            throw error
        } catch let error as HDF5Error {
            throw ResultReadError(file: path, message: "not a complete pinn result: \(error)")
        }
    }

    /// The root attributes, the problem and the metrics of an open result file.
    public static func readSummary(_ file: HDF5File, path: String) throws -> ResultSummary {
        guard try file.hasAttribute("pinn_version") else {
            throw ResultReadError(file: path, message: "not a pinn result (no attribute 'pinn_version' on /)")
        }
        let json = try file.stringAttribute("problem")
        let object = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] ?? [:]
        let storedKind = try file.hasAttribute("kind") ? try file.stringAttribute("kind") : nil
        var metrics: [String: Double] = [:]
        if file.exists("/metrics") {
            for name in try file.attributeNames(of: "/metrics") {
                metrics[name] = try file.doubleAttribute(name, of: "/metrics")
            }
        }
        var summary = ResultSummary(
            path: path, problemName: try file.stringAttribute("problem_name"), problemJSON: json,
            kind: storedKind ?? (object["kind"] as? String) ?? "unknown", description: object["description"] as? String,
            seed: UInt64(bitPattern: try file.int64Attribute("seed")),
            precision: try file.hasAttribute("precision") ? try file.stringAttribute("precision") : nil,
            pinnVersion: try file.stringAttribute("pinn_version"),
            created: try file.hasAttribute("created") ? try file.stringAttribute("created") : "",
            metrics: metrics)
        if try file.hasAttribute("problem_file") { summary.problemFile = try file.stringAttribute("problem_file") }
        return summary
    }

    /// A PDE result: its support (/mesh, or the grid coordinates /x, /y, /z), the fields on it, each
    /// checked against the support's shape, the history and the network.
    static func readPDE(_ file: HDF5File, summary: ResultSummary) throws -> StoredPDEResult {
        let path = summary.path
        let (support, shape, shapeName): (StoredFieldSupport, [Int], String)
        if file.exists("/mesh") {
            let mesh = try readMesh(file, path: path)
            (support, shape, shapeName) = (.mesh(mesh), [mesh.nodeCount], "one value per mesh node")
        } else {
            let grid = try readGrid(file, path: path)
            (support, shape, shapeName) = (.grid(grid), grid.datasetShape, "the grid's")
        }
        func field(_ dataset: String) throws -> [Double]? {
            guard file.exists(dataset) else { return nil }
            let array = try file.readDataset(dataset, as: Double.self)
            guard array.shape == shape else {
                throw ResultReadError(
                    file: path, message: "\(dataset) has shape \(array.shape), expected \(shape) (\(shapeName))")
            }
            return array.values
        }
        guard let u = try field("/fields/u") else {
            throw ResultReadError(file: path, message: "no learned field /fields/u")
        }
        let fields = PDEFields(
            u: u, residual: try field("/fields/residual") ?? [Double](repeating: .nan, count: u.count),
            reference: try field("/reference/u"), exact: try field("/exact/u"))
        var result = StoredPDEResult(
            summary: summary, support: support, fields: fields, training: try readHistory(file),
            architecture: try readSirenArchitecture(file, path),
            parameters: try file.readDataset("/model/parameters", as: Double.self).values)
        result.unknowns = try file.readUnknowns()
        result.measurementFit = try file.readMeasurementFit()
        return result
    }

    /// The grid coordinates /x (/y, /z), and /t of a heat or wave result (its last axis).
    static func readGrid(_ file: HDF5File, path: String) throws -> RectilinearGrid {
        let axes = ["x", "y", "z", "t"].filter { file.exists("/" + $0) }
        guard !axes.isEmpty else { throw ResultReadError(file: path, message: "no grid coordinates (/x)") }
        return RectilinearGrid(
            axes: try axes.map {
                RectilinearGrid.Axis(name: $0, coordinates: try file.readDataset("/" + $0, as: Double.self).values)
            })
    }

    static func readODE(_ file: HDF5File, summary: ResultSummary) throws -> StoredODEResult {
        let names = try file.stringAttribute("state_names").split(separator: ",").map(String.init)
        let times = try file.readDataset("/t", as: Double.self).values
        let initialStates =
            file.exists("/initial_states") ? try file.readDataset("/initial_states", as: Double.self) : nil
        let k = initialStates.map { $0.shape.first ?? 1 } ?? 1
        /// Rows of n states: `count` of them, or k × `count` (trajectory after trajectory) when `stacked`.
        func rows(_ path: String, count: Int, stacked: Bool = false) throws -> [[Double]] {
            let array = try file.readDataset(path, as: Double.self)
            let expected = stacked && k > 1 ? [k, count, names.count] : [count, names.count]
            guard array.shape == expected else {
                throw ResultReadError(
                    file: summary.path, message: "\(path) has shape \(array.shape), expected \(expected)")
            }
            let total = array.values.count / max(names.count, 1)
            return (0..<total).map { Array(array.values[$0 * names.count..<($0 + 1) * names.count]) }
        }
        let observationTimes = try file.readDataset("/observations/t_obs", as: Double.self).values
        let observationTrajectories =
            file.exists("/observations/trajectory")
            ? try file.readDataset("/observations/trajectory", as: Int64.self).values.map { Int($0) }
            : [Int](repeating: 0, count: observationTimes.count)
        var result = StoredODEResult(
            summary: summary, stateNames: names, times: times,
            reference: try rows("/reference/states", count: times.count, stacked: true),
            learned: try rows("/learned/states", count: times.count, stacked: true),
            initialStates: try initialStates.map { _ in try rows("/initial_states", count: k) } ?? [],
            observationTimes: observationTimes,
            observations: try rows("/observations/states", count: observationTimes.count),
            observationTrajectories: observationTrajectories,
            trainUntil: try file.doubleAttribute("train_until", of: "/observations"),
            modelType: try file.stringAttribute("model_type"), training: try readHistory(file),
            modelParameters: try file.readDataset("/model/parameters", as: Double.self).values,
            sirenArchitecture: try file.stringAttribute("kind", of: "/model") == "siren"
                ? try readSirenArchitecture(file, summary.path) : nil,
            mlpScaling: file.exists("/model/output_scale")
                ? MLPScaling(
                    inputShift: try file.readDataset("/model/input_shift", as: Double.self).values,
                    inputScale: try file.readDataset("/model/input_scale", as: Double.self).values,
                    outputScale: try file.readDataset("/model/output_scale", as: Double.self).values) : nil)
        result.unknowns = try file.readUnknowns()
        return result
    }

    /// /training: step, phase and every other 1-D dataset there as a named series.
    static func readHistory(_ file: HDF5File) throws -> TrainingHistory {
        guard file.exists("/training") else { return TrainingHistory(step: [], phase: [], series: []) }
        let step = try file.readDataset("/training/step", as: Double.self).values
        let phase = try file.readDataset("/training/phase", as: Int64.self).values.map(Int.init)
        var series: [(String, [Double])] = []
        for name in try file.members(of: "/training") where name != "step" && name != "phase" {
            guard try file.shape(of: "/training/" + name).count == 1 else { continue }
            let values = try file.readDataset("/training/" + name, as: Double.self).values
            if values.count == step.count { series.append((name, values)) }
        }
        return TrainingHistory(step: step, phase: phase, series: series)
    }

    /// The SIREN architecture from the attributes of /model (kind "siren").
    static func readSirenArchitecture(_ file: HDF5File, _ path: String) throws -> SirenArchitecture {
        let kind = try file.stringAttribute("kind", of: "/model")
        guard kind == "siren" else {
            throw ResultReadError(file: path, message: "/model is a '\(kind)', expected a 'siren'")
        }
        func int(_ name: String) throws -> Int { Int(try file.int64Attribute(name, of: "/model")) }
        let inputs = try int("inputs"), outputs = try int("outputs"), width = try int("width"), depth = try int("depth")
        guard (1...4).contains(inputs), outputs >= 1, width >= 1, depth >= 1 else {
            throw ResultReadError(
                file: path,
                message:
                    "/model attributes describe no valid SIREN (inputs \(inputs), outputs \(outputs), width \(width), depth \(depth))"
            )
        }
        return SirenArchitecture(
            inputs: inputs, outputs: outputs, width: width, depth: depth,
            omega0: try file.doubleAttribute("omega0", of: "/model"),
            omegaHidden: try file.doubleAttribute("omega_hidden", of: "/model"))
    }
}
