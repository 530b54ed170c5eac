import ArgumentParser
import Foundation
import PinnCommandLine
import PinnIO
import PinnProblems
import PinnResults
import PinnSolve

/// `pinn inspect RESULT.h5`: what a result holds, without opening a viewer.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Print the problem, settings, metrics and datasets of a result file.",
        discussion: """
            Works for PDE and ODE results. The settings are the stored problem's network and training \
            settings with defaults filled in, the network architecture as stored in /model, the precision \
            and the seed. --json prints one JSON object (keys: file, pinn_version, created, problem, \
            settings, metrics, datasets) for scripts.
            """)

    @Argument(help: "A result file (HDF5) written by pinn solve or pinn eval.")
    var result: String

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        let report: InspectReport
        do {
            report = try InspectReport(path: result)
        } catch {
            throw CommandFailure("\(error)")
        }
        if json {
            let data = try JSONSerialization.data(
                withJSONObject: report.jsonObject, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print(report.text)
        }
    }
}

/// Everything `pinn inspect` reports about one result file.
struct InspectReport {
    var summary: ResultSummary
    /// /model attributes (architecture), numbers or strings, without the long `layout` text.
    var model: [(String, Any)]
    /// The stored problem's training settings with defaults, or the raw "training" object when the
    /// stored problem no longer decodes.
    var training: [(String, Any)]
    var problemDetails: [(String, String)]
    var datasets: [(path: String, shape: [Int], type: String)]
    /// For a result on a mesh: file, nodes, cells, cell_type (and subdomain), as JSON values.
    var mesh: [String: Any]? = nil

    init(path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ResultReadError(file: path, message: "no such file")
        }
        let file: HDF5File
        do {
            file = try HDF5File.openReadOnly(at: path)
        } catch {
            throw ResultReadError(file: path, message: "not an HDF5 file")
        }
        do {
            summary = try StoredResult.readSummary(file, path: path)
            model = []
            if file.exists("/model") {
                let names = try file.attributeNames(of: "/model").filter { $0 != "layout" }
                for name in names.filter({ $0 == "kind" }) + names.filter({ $0 != "kind" }) {
                    model.append((name, try Self.attributeValue(file, name, "/model")))
                }
                let count = try file.shape(of: "/model/parameters").reduce(1, *)
                model.append(("parameter_count", count))
            }
            datasets = try file.datasetPaths().map { dataset in
                let kind = try file.elementKind(of: dataset).map { "\($0)" } ?? "other"
                return (dataset, try file.shape(of: dataset), kind)
            }
        } catch let error as HDF5Error {
            throw ResultReadError(file: path, message: "not a complete pinn result: \(error)")
        }
        training = []
        problemDetails = []
        if case .pde(let stored) = try? StoredResult.read(from: path), let mesh = stored.mesh {
            try describeMesh(stored, mesh)
            return
        }
        switch try? ProblemDocument.decode(Data(summary.problemJSON.utf8)) {
        case .pde(let p):
            training = Self.fields(of: p.training)
            problemDetails = [
                ("dimension", "\(p.dimension)"), ("domain", p.domain.typeName),
                ("boundary conditions", "\(p.boundary.count)"),
                ("reference grid", p.reference.grid.map(String.init).joined(separator: "×"))
            ]
        case .ode(let p):
            training = Self.fields(of: p.training)
            problemDetails = [
                ("states", p.states.joined(separator: ", ")), ("span", "[\(p.span.start), \(p.span.end)]")
            ]
        case nil:
            let object = (try? JSONSerialization.jsonObject(with: Data(summary.problemJSON.utf8))) as? [String: Any]
            training = ((object?["training"] as? [String: Any]) ?? [:]).sorted { $0.key < $1.key }.map {
                ($0.key, $0.value)
            }
        }
    }

    /// A stored attribute as an Int (integral numbers), Double or String.
    static func attributeValue(_ file: HDF5File, _ name: String, _ path: String) throws -> Any {
        if let v = try? file.doubleAttribute(name, of: path) {
            return v == v.rounded() && abs(v) < 1e15 && (try? file.int64Attribute(name, of: path)) != nil ? Int(v) : v
        }
        return try file.stringAttribute(name, of: path)
    }

    /// The stored properties of a settings value, as JSON-friendly values (enums by name).
    static func fields(of value: Any) -> [(String, Any)] {
        Mirror(reflecting: value).children.compactMap { child in
            guard let label = child.label else { return nil }
            switch child.value {
            case let v as Int: return (label, v)
            case let v as UInt64: return (label, v)
            case let v as Double: return (label, v)
            case let v as Bool: return (label, v)
            default: return (label, "\(child.value)")
            }
        }
    }

    var jsonObject: [String: Any] {
        var problem: [String: Any] = ["name": summary.problemName, "kind": summary.kind]
        if let d = summary.description { problem["description"] = d }
        for (key, value) in problemDetails { problem[key.replacingOccurrences(of: " ", with: "_")] = value }
        if let mesh { problem["mesh"] = mesh }
        var settings: [String: Any] = [
            "network": Dictionary(uniqueKeysWithValues: model),
            "training": Dictionary(uniqueKeysWithValues: training), "seed": summary.seed
        ]
        if let p = summary.precision { settings["precision"] = p }
        return [
            "file": summary.path, "pinn_version": summary.pinnVersion, "created": summary.created,
            "problem": problem, "settings": settings,
            "metrics": summary.metrics.mapValues { $0.isFinite ? $0 as Any : "\($0)" as Any },
            "datasets": datasets.map { ["path": $0.path, "shape": $0.shape, "type": $0.type] as [String: Any] }
        ]
    }

    var text: String {
        func row(_ key: String, _ value: String, width: Int = 22) -> String {
            "  " + key.padding(toLength: max(width, key.count + 1), withPad: " ", startingAt: 0) + value
        }
        func show(_ v: Any) -> String {
            if let d = v as? Double { return String(format: "%g", d) }
            return "\(v)"
        }
        var lines = ["\(summary.path)  (pinn \(summary.pinnVersion), created \(summary.created))", "problem"]
        lines.append(row("name", summary.problemName))
        lines.append(row("kind", summary.kind))
        if let d = summary.description { lines.append(row("description", d)) }
        lines += problemDetails.map { row($0.0, $0.1) }
        lines.append("settings")
        lines.append(row("network", model.map { "\($0.0) \(show($0.1))" }.joined(separator: ", ")))
        lines.append(row("training", training.map { "\($0.0) \(show($0.1))" }.joined(separator: ", ")))
        if let p = summary.precision { lines.append(row("precision", p)) }
        lines.append(row("seed", "\(summary.seed)"))
        lines.append("metrics")
        let width = (summary.metrics.keys.map(\.count).max() ?? 0) + 2
        lines += summary.metrics.sorted { $0.key < $1.key }.map {
            row($0.key, String(format: "%.4e", $0.value), width: width)
        }
        lines.append("datasets")
        let pathWidth = (datasets.map(\.path.count).max() ?? 0) + 2
        lines += datasets.map {
            row($0.path, "\($0.type)  [\($0.shape.map(String.init).joined(separator: ", "))]", width: pathWidth)
        }
        return lines.joined(separator: "\n")
    }
}
