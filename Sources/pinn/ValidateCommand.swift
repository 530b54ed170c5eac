import ArgumentParser
import PinnBinding
import PinnCommandLine
import PinnProblems
import PinnSolve

/// `pinn validate FILE…`: checks problem files without training.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check problem files without solving them.",
        discussion: """
            Runs the checks `pinn solve` runs first (for a family file, the family's and its base problem's): the JSON against the schema (unknown keys, types, \
            ranges), every expression against its variables and parameters, the boundary conditions \
            against the domain's parts (for a mesh: the mesh file is read and its physical groups \
            checked), gridded data against its file (variable, coordinates, extent), and what the steps \
            after training need: the reference can be set up and a fixed reference.refinement stays \
            within its budget, the output path (relative to the folder pinn runs in) can be written and \
            suits the result (no netCDF for a mesh or an ODE), a neuralODE model's solver method. Prints one line per \
            valid file; for an invalid one, the error with the file and the JSON path. Exits with status \
            1 when any file is invalid.
            """)

    @Argument(help: "Problem or family files (JSON).")
    var files: [String]

    func run() throws {
        var failures = 0
        for path in files {
            do {
                if ProblemFamily.isFamily(try ProblemDocument.read(path)) {
                    let family = try ProblemFamily.load(contentsOf: path)
                    _ = try family.member(0)
                    print(
                        "\(path): ok (family of \(family.resolvedBasePath), "
                            + family.parameters.map { "\($0.name) in [\($0.lower), \($0.upper)]" }.joined(
                                separator: ", ") + ")")
                    continue
                }
                switch try ProblemDocument.load(contentsOf: path, readMesh: readMeshOutline) {
                case .pde(let file):
                    try Self.bind(file, path: path)
                    try Self.checkOutput(file.output.path, problem: path)
                    print(
                        "\(path): ok (\(file.kind.rawValue), \(file.dimension)-D \(file.domain.typeName), "
                            + "\(file.boundary.count) boundary condition\(file.boundary.count == 1 ? "" : "s"), "
                            + Self.unknownsSummary(file.unknowns) + Self.measurementsSummary(file.measurements)
                            + "output \(file.output.path))")
                case .ode(let file):
                    try Self.bind(file, path: path)
                    try Self.checkOutput(file.output.path, problem: path)
                    print(
                        "\(path): ok (ode, \(file.states.count) state\(file.states.count == 1 ? "" : "s"), "
                            + Self.unknownsSummary(file.unknowns)
                            + "span [\(file.span.start), \(file.span.end)], output \(file.output.path))")
                }
            } catch {
                failures += 1
                printError(error.description)
            }
        }
        if failures > 0 { throw ExitCode(1) }
    }

    /// Whole numbers without ".0", others as Swift prints them (shortest round-trip).
    static func format(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x) }

    /// "unknowns a (initial 3, in [1, 10]), b (initial 0.5, positive), " for an inverse problem or a
    /// parameter estimation; "" without unknowns.
    static func unknownsSummary(_ unknowns: [String: UnknownParameter]) -> String {
        guard !unknowns.isEmpty else { return "" }
        let listed = unknowns.sorted { $0.key < $1.key }.map { name, u in
            var facts = ["initial \(format(u.initial))"]
            if let b = u.bounds { facts.append("in [\(format(b.lower)), \(format(b.upper))]") }
            if u.positive { facts.append("positive") }
            return "\(name) (\(facts.joined(separator: ", ")))"
        }
        return "unknown\(listed.count == 1 ? "" : "s") \(listed.joined(separator: ", ")), "
    }

    /// "200 generated measurements (σ = 0.01), " or "measurements from data/u.csv, "; "" without.
    static func measurementsSummary(_ measurements: MeasurementSettings?) -> String {
        guard let m = measurements else { return "" }
        let noise = m.noise > 0 ? " (σ = \(format(m.noise)))" : ""
        switch m.source {
        case .generate(let count, _, _): return "\(count) generated measurements\(noise), "
        case .file(let f): return "measurements from \(f.written)\(noise), "
        }
    }

    /// Binds the problem as `pinn solve` does before training, which reads its gridded data, and
    /// runs the checks it makes before training for the steps after it.
    private static func bind(_ file: ProblemFile, path: String) throws(ProblemError) {
        do {
            try SolvePipeline<Double>(problem: try BoundProblem(file)).checkBeforeTraining()
        } catch let error as ProblemError {
            throw error.inFile(path)
        } catch {
            throw ProblemError(file: path, path: "", message: "\(error)")
        }
    }

    /// Binds an ODE problem as `pinn solve` does before training and checks its model's settings.
    private static func bind(_ file: ODEProblemFile, path: String) throws(ProblemError) {
        do {
            try ODEPipeline(problem: try BoundODEProblem(file)).checkBeforeTraining()
        } catch let error as ProblemError {
            throw error.inFile(path)
        } catch ODEPipelineError.unsupported(let key, let message) {
            throw ProblemError(file: path, path: key, message: message)
        } catch {
            throw ProblemError(file: path, path: "", message: "\(error)")
        }
    }

    /// The output path (relative to the folder pinn runs in) can be written.
    private static func checkOutput(_ output: String, problem path: String) throws(ProblemError) {
        if let problem = outputLocationProblem(output) {
            throw ProblemError(file: path, path: "output.path", message: "cannot write \(output): \(problem)")
        }
    }
}
