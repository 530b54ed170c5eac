import Foundation

extension ProblemFamily {
    static let knownKeys = [
        "kind", "name", "base", "parameters", "seed", "members", "metaTraining", "evaluation",
        "description"
    ]

    /// Reads, decodes and validates the family file at `path` and its base problem. Every failure is
    /// a `ProblemError` naming the file (the family file, or the base problem for mistakes inside it)
    /// and the JSON path.
    public static func load(contentsOf path: String) throws(ProblemError) -> ProblemFamily {
        try decode(ProblemDocument.read(path), file: path)
    }

    /// Decodes and validates a family from JSON `data` read from `file` (the base problem's path is
    /// resolved against `file`'s directory).
    public static func decode(_ data: Data, file: String) throws(ProblemError) -> ProblemFamily {
        let document = try ProblemJSON.decode(FamilyDocument.self, from: data, file: file)
        do {
            try document.validate()
        } catch {
            throw error.inFile(file)
        }
        // The base, like every file a problem names, must lie inside the project folder (ProjectPath).
        let resolved: String
        do {
            resolved = try ProjectPath.resolve(document.base, problemFile: file)
        } catch {
            throw ProblemError(file: file, path: "base", message: "\(error)")
        }
        let baseData: Data
        do {
            baseData = try Data(contentsOf: URL(fileURLWithPath: resolved))
        } catch {
            throw ProblemError(
                file: file, path: "base",
                message: "cannot read the base problem '\(resolved)' (\(error.localizedDescription))")
        }
        if isFamily(baseData) {
            throw ProblemError(
                file: file, path: "base",
                message: "the base '\(resolved)' is itself a family (expected a poisson or helmholtz problem)")
        }
        let base: ProblemFile
        switch try ProblemDocument.decode(baseData, file: resolved) {
        case .pde(let problem): base = problem
        case .ode:
            throw ProblemError(
                file: file, path: "base",
                message: "the base '\(resolved)' is an ode problem (expected a poisson or helmholtz problem)")
        }
        for parameter in document.parameters where base.parameters[parameter.name] == nil {
            let declared = base.parameters.keys.sorted()
            throw ProblemError(
                file: file, path: "parameters.\(parameter.name)",
                message: "'\(parameter.name)' is not a parameter of the base problem '\(resolved)' "
                    + "(it declares \(declared.isEmpty ? "none" : ProblemFileObject.listing(declared)); "
                    + "give it a value there so that the base runs as it stands)")
        }
        let fileName = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        return ProblemFamily(
            name: document.name ?? fileName, basePath: document.base, resolvedBasePath: resolved,
            base: base, baseJSON: baseData, parameters: document.parameters, seed: document.seed,
            members: document.members, metaTraining: document.metaTraining,
            evaluation: document.evaluation, description: document.description)
    }

    /// Whether JSON `data` is an object whose `kind` is `"family"` (false for anything else, including invalid JSON).
    public static func isFamily(_ data: Data) -> Bool {
        struct Peek: Decodable { var kind: String? }
        return (try? JSONDecoder().decode(Peek.self, from: data))?.kind == kind
    }

    /// The family file's own keys, before the base problem is read.
    struct FamilyDocument: Decodable {
        var name: String?
        var base: String
        var parameters: [Parameter]
        var seed: UInt64
        var members: Int
        var metaTraining: MetaTrainingSettings
        var evaluation: EvaluationSettings
        var description: String?

        init(from decoder: any Decoder) throws {
            let o = try ProblemFileObject(decoder, known: ProblemFamily.knownKeys, what: "the problem family")
            guard let kind: String = try o.optional("kind") else {
                throw ProblemError(path: "kind", message: "missing required key 'kind' (expected \"family\")")
            }
            guard kind == ProblemFamily.kind else {
                throw ProblemError(
                    path: "kind", message: "expected \"family\", found '\(kind)' (a problem file, not a family?)")
            }
            name = try o.optional("name")
            base = try o.required("base", context: "(the base problem's path, relative to the family file)")
            let ranges: [String: [Double]] = try o.required(
                "parameters", context: "(name: [lower, upper] for each drawn parameter)")
            parameters = try ranges.keys.sorted().map { name in
                let range = ranges[name]!
                let path = o.path("parameters") + ".\(name)"
                guard range.count == 2 else {
                    throw ProblemError(
                        path: path,
                        message: "expected [lower, upper], found \(range.count) number\(range.count == 1 ? "" : "s")")
                }
                guard range[0].isFinite, range[1].isFinite, range[0] < range[1] else {
                    throw ProblemError(
                        path: path, message: "expected finite lower < upper, found [\(range[0]), \(range[1])]")
                }
                return Parameter(name: name, lower: range[0], upper: range[1])
            }
            seed = try o.value("seed", default: 0)
            members = try o.value("members", default: 128)
            metaTraining = try o.value("metaTraining", default: MetaTrainingSettings())
            evaluation = try o.value("evaluation", default: EvaluationSettings())
            description = try o.optional("description")
        }

        /// The checks decoding does not make; the first failure, without a file name.
        func validate() throws(ProblemError) {
            func fail(_ path: String, _ message: String) -> ProblemError { ProblemError(path: path, message: message) }
            guard !parameters.isEmpty else {
                throw fail("parameters", "expected at least one parameter (name: [lower, upper])")
            }
            for p in parameters {
                guard ExpressionLexer.isIdentifier(p.name) else {
                    throw fail(
                        "parameters.\(p.name)",
                        "'\(p.name)' is not a name (ASCII letters, digits and '_', not starting with a digit)")
                }
            }
            guard members > 0 else { throw fail("members", "expected a positive integer, found \(members)") }

            let m = metaTraining
            func positive(_ value: Int, _ key: String) throws(ProblemError) {
                guard value > 0 else {
                    throw fail("metaTraining.\(key)", "expected a positive integer, found \(value)")
                }
            }
            func rate(_ value: Double, _ key: String) throws(ProblemError) {
                guard value > 0, value.isFinite else { throw fail(key, "expected a positive number, found \(value)") }
            }
            try positive(m.innerSteps, "innerSteps")
            try positive(m.tasksPerStep, "tasksPerStep")
            try positive(m.interiorPoints, "interiorPoints")
            try positive(m.boundaryPoints, "boundaryPoints")
            try rate(m.innerLearningRate, "metaTraining.innerLearningRate")
            try rate(m.outerLearningRate, "metaTraining.outerLearningRate")
            try rate(m.rateLearningRate, "metaTraining.rateLearningRate")
            if let f = m.fanInRates {
                guard f.hidden > 0, f.hidden.isFinite else {
                    throw fail(
                        "metaTraining.fanInRates.hidden",
                        "expected a positive number of inputs per neuron, found \(f.hidden)")
                }
                guard f.output > 0, f.output.isFinite else {
                    throw fail(
                        "metaTraining.fanInRates.output",
                        "expected a positive number of inputs per neuron, found \(f.output)")
                }
            }
            if !m.output.isEmpty {
                try ProblemLimits.checkOutputPath(m.output, at: "metaTraining.output", command: "pinn meta-train")
            }
            guard m.outerSteps >= 0 else {
                throw fail("metaTraining.outerSteps", "expected an integer ≥ 0, found \(m.outerSteps)")
            }
            guard m.roundSteps >= 0 else {
                throw fail("metaTraining.roundSteps", "expected an integer ≥ 0, found \(m.roundSteps)")
            }
            guard m.sparsity >= 0, m.sparsity < 1 else {
                throw fail("metaTraining.sparsity", "expected a fraction in [0, 1), found \(m.sparsity)")
            }
            guard m.pruneFraction > 0, m.pruneFraction <= 1 else {
                throw fail("metaTraining.pruneFraction", "expected a fraction in (0, 1], found \(m.pruneFraction)")
            }

            let e = evaluation
            guard e.members > 0 else {
                throw fail("evaluation.members", "expected a positive integer, found \(e.members)")
            }
            guard e.maxSteps > 0 else {
                throw fail("evaluation.maxSteps", "expected a positive integer, found \(e.maxSteps)")
            }
            for (i, s) in e.reportSteps.enumerated() where !(1...e.maxSteps).contains(s) {
                throw fail(
                    "evaluation.reportSteps[\(i)]", "expected a step between 1 and maxSteps (\(e.maxSteps)), found \(s)"
                )
            }
            guard e.targetError > 0, e.targetError.isFinite else {
                throw fail("evaluation.targetError", "expected a positive number, found \(e.targetError)")
            }
            if let r = e.learningRate { try rate(r, "evaluation.learningRate") }
            for (key, count) in [("interiorPoints", e.interiorPoints), ("boundaryPoints", e.boundaryPoints)] {
                if let count, count <= 0 {
                    throw fail("evaluation.\(key)", "expected a positive integer, found \(count)")
                }
            }
            guard (5...1025).contains(e.grid) else {
                throw fail("evaluation.grid", "expected between 5 and 1025 points per axis, found \(e.grid)")
            }
            if let s = e.seed, s == seed {
                throw fail("evaluation.seed", "the held-out members need a seed other than the training seed \(seed)")
            }
        }
    }
}
