extension ProblemFile {
    /// The variables expressions may use: x, y, z up to the dimension, then t for a heat or wave problem.
    public var variables: [String] {
        Array(["x", "y", "z"].prefix(max(1, min(dimension, 3)))) + (kind.isEvolution ? ["t"] : [])
    }

    /// Checks what decoding cannot: the dimension matches the domain and the array lengths,
    /// radii are positive, lower < upper, every expression binds with the allowed variables and
    /// the parameters, grid sizes are sane (5…4097 per axis, at most 5e7 points) and counts are
    /// positive. Throws the first problem found (without a file name; `load` adds it).
    public func validate() throws(ProblemError) {
        func fail(_ path: String, _ message: String) -> ProblemError { ProblemError(path: path, message: message) }

        if case .mesh(let mesh) = domain, mesh.outline == nil {
            throw fail("domain.file", "the mesh '\(mesh.file)' has not been read (load the problem with a mesh reader)")
        }
        guard (1...3).contains(dimension) else { throw fail("dimension", "expected 1, 2 or 3, found \(dimension)") }
        guard domain.dimension == dimension else {
            throw fail(
                "dimension",
                "dimension \(dimension) does not match the \(domain.typeName) domain, which is \(domain.dimension)-D")
        }
        try validateDomain()
        try validateEvolution()

        try parameterDeclarations.validate()
        let withGuesses = parameterDeclarations.resolved()
        func check(_ field: FieldSource, _ path: String, parameters: [String: Double]? = nil) throws(ProblemError) {
            switch field {
            case .expression(let source):
                do {
                    _ = try source.bind(variables: variables, parameters: parameters ?? withGuesses)
                } catch {
                    if !kind.isEvolution,
                        (try? source.bind(variables: variables + ["t"], parameters: parameters ?? withGuesses)) != nil
                    {
                        throw fail(
                            path,
                            "invalid expression '\(source.text)': it uses the time t, but a \(kind.rawValue) problem is "
                                + "steady (only heat and wave problems have time)")
                    }
                    throw fail(path, "invalid expression '\(source.text)': \(error.description)")
                }
            case .data(let data):
                try data.validate(dimension: dimension)
            }
        }
        try check(source, "source")
        if let k { try check(.expression(k), "k") }
        if let exact { try check(exact, "exact", parameters: try exactParameters()) }

        if case .mesh(let mesh) = domain {
            try validateMeshBoundary(mesh)
        } else {
            try validateBoundaryParts()
        }
        for (i, condition) in boundary.enumerated() {
            for (key, expression) in condition.expressions { try check(expression, "boundary[\(i)].\(key)") }
        }
        try validateInverseProblem()
        if kind == .poisson, !boundary.isEmpty,
            boundary.allSatisfy({ if case .neumann = $0.condition { true } else { false } })
        {
            throw fail(
                "boundary",
                "Poisson's equation with Neumann conditions only has no unique solution (any constant can be added), "
                    + "so neither the network nor the reference is determined; give one part a Dirichlet or Robin condition"
            )
        }

        for (metric, bound) in expect.sorted(by: { $0.key < $1.key }) {
            guard Self.expectableMetrics.contains(metric) else {
                throw fail(
                    "expect.\(metric)",
                    ProblemFileObject.unknownMessage(metric, what: "metric", choices: Self.expectableMetrics))
            }
            guard bound > 0, bound.isFinite else {
                throw fail("expect.\(metric)", "expected a positive bound, found \(bound)")
            }
            if metric.hasSuffix("vs_exact"), exact == nil {
                throw fail("expect.\(metric)", "'\(metric)' needs an exact solution ('exact')")
            }
        }

        guard ProblemLimits.width.contains(network.width) else {
            throw fail(
                "network.width",
                "expected an integer from 1 to \(ProblemLimits.width.upperBound), found \(network.width)")
        }
        guard ProblemLimits.depth.contains(network.depth) else {
            throw fail(
                "network.depth",
                "expected an integer from 1 to \(ProblemLimits.depth.upperBound), found \(network.depth)")
        }
        if let omega0 = network.omega0, !(omega0 > 0 && omega0.isFinite) {
            throw fail("network.omega0", "expected a positive number, found \(omega0)")
        }

        let t = training
        guard ProblemLimits.optimizerSteps.contains(t.adamSteps) else {
            throw fail(
                "training.adamSteps",
                "expected an integer from 0 to \(ProblemLimits.optimizerSteps.upperBound), found \(t.adamSteps)")
        }
        for (key, iterations) in [
            ("lbfgsIterations", t.lbfgsIterations), ("gaussNewtonIterations", t.gaussNewtonIterations)
        ] {
            guard ProblemLimits.lbfgsIterations.contains(iterations) else {
                throw fail(
                    "training.\(key)",
                    "expected an integer from 0 to \(ProblemLimits.lbfgsIterations.upperBound), found \(iterations)")
            }
        }
        guard t.adamSteps + t.lbfgsIterations + t.gaussNewtonIterations > 0 else {
            throw fail(
                "training.adamSteps",
                "every optimiser phase has 0 steps (adamSteps, lbfgsIterations, gaussNewtonIterations): nothing to train"
            )
        }
        guard t.gaussNewtonDamping > 0, t.gaussNewtonDamping.isFinite else {
            throw fail("training.gaussNewtonDamping", "expected a positive number, found \(t.gaussNewtonDamping)")
        }
        guard t.learningRate > 0, t.learningRate.isFinite else {
            throw fail("training.learningRate", "expected a positive number, found \(t.learningRate)")
        }
        guard ProblemLimits.points.contains(t.interiorPoints) else {
            throw fail(
                "training.interiorPoints",
                "expected an integer from 1 to \(ProblemLimits.points.upperBound), found \(t.interiorPoints)")
        }
        guard ProblemLimits.points.contains(t.boundaryPoints) else {
            throw fail(
                "training.boundaryPoints",
                "expected an integer from 1 to \(ProblemLimits.points.upperBound), found \(t.boundaryPoints)")
        }
        let bytes = ProblemLimits.workspaceBytes(
            points: t.interiorPoints + t.boundaryPoints, width: network.width,
            depth: network.depth, dimension: dimension,
            bytesPerScalar: t.precision == .f32 ? 4 : 8)
        guard bytes <= ProblemLimits.workspaceBudget else {
            throw fail(
                "training.interiorPoints",
                "training \(t.interiorPoints + t.boundaryPoints) points through a "
                    + "\(network.width)×\(network.depth) network needs about \(ProblemLimits.format(bytes: bytes)), more than "
                    + "half of this machine's memory (\(ProblemLimits.format(bytes: 2 * ProblemLimits.workspaceBudget))); "
                    + "use fewer points or a smaller network")
        }
        if t.gaussNewtonIterations > 0 {
            let points = t.interiorPoints + t.boundaryPoints
            let jacobian = ProblemLimits.gaussNewtonBytes(
                points: points,
                parameters: ProblemLimits.sirenParameters(
                    inputs: dimension, width: network.width, depth: network.depth, outputs: 1),
                bytesPerScalar: t.precision == .f32 ? 4 : 8)
            guard jacobian <= ProblemLimits.workspaceBudget else {
                throw fail(
                    "training.gaussNewtonIterations",
                    "Gauss–Newton on \(points) points with a \(network.width)×\(network.depth) network needs about "
                        + "\(ProblemLimits.format(bytes: jacobian)) for its Jacobian and Gram matrix, more than half of "
                        + "this machine's memory (\(ProblemLimits.format(bytes: 2 * ProblemLimits.workspaceBudget))); "
                        + "use fewer points or a smaller network")
            }
        }
        guard t.blocks >= 1 else {
            throw fail("training.blocks", "expected an integer ≥ 1, found \(t.blocks)")
        }
        guard t.resampleEvery >= 0 else {
            throw fail("training.resampleEvery", "expected an integer ≥ 0 (0: never), found \(t.resampleEvery)")
        }
        guard t.boundaryWeight >= 0, t.boundaryWeight.isFinite else {
            throw fail("training.boundaryWeight", "expected a number ≥ 0, found \(t.boundaryWeight)")
        }

        let grid = reference.grid
        guard grid.count == dimension else {
            throw fail("reference.grid", "expected \(dimension) sizes (one per axis), found \(grid.count)")
        }
        for (axis, n) in grid.enumerated() where !(5...4097).contains(n) {
            throw fail("reference.grid[\(axis)]", "expected between 5 and 4097 points, found \(n)")
        }
        let total = grid.reduce(1.0) { $0 * Double($1) }
        guard total <= 5e7 else {
            throw fail("reference.grid", "\(grid.map(String.init).joined(separator: "×")) is more than 5e7 points")
        }
        if let r = reference.refinement {
            guard (1...64).contains(r) else {
                throw fail(
                    "reference.refinement", "expected an integer from 1 to 64 (1: the output grid itself), found \(r)")
            }
            let refined = grid.reduce(1.0) { $0 * Double(($1 - 1) * r + 1) }
            guard refined <= 5e7 else {
                throw fail(
                    "reference.refinement",
                    "a reference grid \(r) times finer than \(grid.map(String.init).joined(separator: "×")) has more than 5e7 points"
                )
            }
        }
        try ProblemLimits.checkOutputPath(output.path)
        if case .mesh = domain, output.path.hasSuffix(".nc") {
            throw fail(
                "output.path",
                "netCDF output is for gridded results; a result on mesh nodes is written as HDF5 with an XDMF "
                    + "sidecar (use an .h5 path)")
        }
    }

    /// The parameters the exact solution is bound with: the constants and every unknown at its true
    /// value (an unknown without one may not appear in `exact`).
    public func exactParameters() throws(ProblemError) -> [String: Double] {
        var values = parameters, missing: [String] = []
        for name in parameterDeclarations.unknownNames {
            if let t = unknowns[name]?.trueValue { values[name] = t } else { missing.append(name) }
        }
        if case .expression(let e) = exact,
            let bound = try? e.bind(variables: variables + missing, parameters: values),
            let name = missing.first(where: { bound.depends(on: $0) })
        {
            throw ProblemError(
                path: "exact",
                message: "the exact solution uses the unknown '\(name)', which has no true value "
                    + "(add \"true\": value to parameters.\(name))")
        }
        return values
    }

    /// The expressions of the equation (source, k, boundary values, Robin α and β) with the JSON path
    /// of each, bound with the unknowns as extra variables after x, y, z (in `unknownNames` order).
    public func equationExpressions() -> [(path: String, source: ExpressionSource)] {
        var list: [(String, ExpressionSource)] = []
        if case .expression(let e) = source { list.append(("source", e)) }
        if let k { list.append(("k", k)) }
        for (i, condition) in boundary.enumerated() {
            for (key, field) in condition.expressions {
                if case .expression(let e) = field { list.append(("boundary[\(i)].\(key)", e)) }
            }
        }
        return list
    }

    /// Unknowns appear in the equation and come with measurements; generated measurements need an
    /// exact solution.
    private func validateInverseProblem() throws(ProblemError) {
        let names = parameterDeclarations.unknownNames
        if !names.isEmpty {
            var used = Set<String>()
            for (_, e) in equationExpressions() {
                guard let bound = try? e.bind(variables: variables + names, parameters: parameters) else { continue }
                for name in names where bound.depends(on: name) { used.insert(name) }
            }
            if let unused = names.first(where: { !used.contains($0) }) {
                throw ProblemError(
                    path: "parameters.\(unused)",
                    message: "the unknown '\(unused)' appears in no expression of the equation (source, k, boundary "
                        + "values, Robin alpha and beta), so no measurement can determine it")
            }
            guard measurements != nil else {
                throw ProblemError(
                    path: "parameters.\(names[0])",
                    message:
                        "unknown parameters (\(names.joined(separator: ", "))) are learned from measurements of u; "
                        + "add \"measurements\": {\"file\": \"data/u.csv\"} or {\"generate\": {\"count\": 200}}")
            }
        }
        if let measurements, case .generate = measurements.source, exact == nil {
            throw ProblemError(
                path: "measurements.generate",
                message:
                    "generated measurements are drawn from the exact solution; give 'exact' or read them from a file")
        }
        let allTrue = !names.isEmpty && names.allSatisfy { unknowns[$0]?.trueValue != nil }
        for key in ["unknowns_max_relative_error", "unknowns_max_error_in_standard_errors"]
        where expect[key] != nil && !allTrue {
            throw ProblemError(
                path: "expect.\(key)", message: "'\(key)' needs unknowns that all have true values (\"true\": value)")
        }
    }

    /// Every condition is on a part of the analytic domain, and every part has one.
    private func validateBoundaryParts() throws(ProblemError) {
        guard let parts = Domain(domain)?.boundaryParts() else { return }
        for (i, condition) in boundary.enumerated() {
            let part = condition.on
            guard part == .all || parts.contains(part) else {
                let sides: String =
                    switch domain {
                    case .interval: "all, left or right"
                    case .rectangle: "all, left, right, bottom or top"
                    case .box: "all, left, right, bottom, top, front or back"
                    case .disk, .ball: "all"
                    case .polygon(let v): "all or edge:0 … edge:\(max(v.count - 1, 0))"
                    case .mesh: "all or a physical group"
                    }
                var message = "the \(domain.typeName) domain has no boundary part '\(part)' (expected \(sides)"
                if case .group(let name) = part,
                    let suggestion = NameSuggestion.closest(to: name, among: ["all"] + parts.map(\.description))
                {
                    message += "; did you mean '\(suggestion)'?"
                }
                throw ProblemError(path: "boundary[\(i)].on", message: message + ")")
            }
        }
        if !boundary.contains(where: { $0.on == .all }) {
            let covered = Set(boundary.map(\.on))
            let missing = parts.filter { !covered.contains($0) }
            if !missing.isEmpty {
                let names = missing.map(\.description).joined(separator: ", ")
                throw ProblemError(
                    path: "boundary",
                    message: "no boundary condition on \(names) of the \(domain.typeName) domain "
                        + "(every part needs one; add {\"on\": \"\(missing[0])\", ...} or use \"on\": \"all\")")
            }
        }
    }

    /// Every condition is on `all` or on a physical group of facets on the mesh domain's boundary,
    /// and, unless one is on `all`, every such group has one and no boundary face lies outside them.
    private func validateMeshBoundary(_ mesh: MeshDomainSpec) throws(ProblemError) {
        guard let outline = mesh.outline else { return }
        let available = outline.boundaryGroups
        let listing = available.isEmpty ? "it has none" : "its boundary groups: \(available.joined(separator: ", "))"
        for (i, condition) in boundary.enumerated() {
            guard case .group(let name) = condition.on, !available.contains(name) else { continue }
            let path = "boundary[\(i)].on", facetDimension = outline.dimension - 1
            if outline.groups.contains(where: { $0.name == name && $0.dimension == facetDimension }) {
                throw ProblemError(
                    path: path,
                    message: "the physical group '\(name)' of mesh \(mesh.file) does not lie on the "
                        + "boundary of the domain (an interface or the boundary of other cells; \(listing))")
            }
            if let other = outline.groups.first(where: { $0.name == name }) {
                throw ProblemError(
                    path: path,
                    message: "the physical group '\(name)' of mesh \(mesh.file) has dimension "
                        + "\(other.dimension), but boundary conditions need facets of dimension \(facetDimension) (\(listing))"
                )
            }
            var message = "mesh \(mesh.file) has no physical group '\(name)' (\(listing)"
            if let suggestion = NameSuggestion.closest(to: name, among: available) {
                message += "; did you mean '\(suggestion)'?"
            }
            throw ProblemError(path: path, message: message + ")")
        }
        guard !boundary.contains(where: { $0.on == .all }) else { return }
        let covered = Set(boundary.map(\.on.description))
        let missing = available.filter { !covered.contains($0) }
        if !missing.isEmpty {
            throw ProblemError(
                path: "boundary",
                message: "no boundary condition on the physical group\(missing.count == 1 ? "" : "s") "
                    + "\(missing.joined(separator: ", ")) of mesh \(mesh.file) (every boundary group needs one; add "
                    + "{\"on\": \"\(missing[0])\", ...} or use \"on\": \"all\")")
        }
        if outline.unnamedBoundaryFaces > 0 {
            throw ProblemError(
                path: "boundary",
                message: "\(outline.unnamedBoundaryFaces) boundary "
                    + "\(outline.dimension == 2 ? "segments" : "triangles") of mesh \(mesh.file) lie in no physical group, so only "
                    + "a condition on \"all\" reaches them (add {\"on\": \"all\", ...} before the others)")
        }
    }

    private func validateDomain() throws(ProblemError) {
        func fail(_ key: String, _ message: String) -> ProblemError {
            ProblemError(path: "domain.\(key)", message: message)
        }
        func finite(_ values: [Double], _ key: String) throws(ProblemError) {
            if let bad = values.firstIndex(where: { !$0.isFinite }) {
                throw fail("\(key)[\(bad)]", "expected a finite number")
            }
        }
        func length(_ values: [Double], _ key: String, _ n: Int) throws(ProblemError) {
            guard values.count == n else {
                throw fail(key, "expected \(n) numbers for a \(domain.typeName) (\(n)-D), found \(values.count)")
            }
            try finite(values, key)
        }
        switch domain {
        case .interval(let lower, let upper):
            try finite([lower], "lower"); try finite([upper], "upper")
            guard lower < upper else {
                throw fail("upper", "expected upper > lower, found lower = \(lower), upper = \(upper)")
            }
        case .rectangle(let lower, let upper), .box(let lower, let upper):
            try length(lower, "lower", domain.dimension)
            try length(upper, "upper", domain.dimension)
            for i in lower.indices where !(lower[i] < upper[i]) {
                throw fail(
                    "upper[\(i)]",
                    "expected upper > lower on every axis, found lower[\(i)] = \(lower[i]), upper[\(i)] = \(upper[i])")
            }
        case .disk(let center, let radius), .ball(let center, let radius):
            try length(center, "center", domain.dimension)
            guard radius > 0, radius.isFinite else {
                throw fail("radius", "expected a positive radius, found \(radius)")
            }
        case .polygon(let vertices):
            guard vertices.count >= 3 else {
                throw fail("vertices", "expected at least 3 vertices, found \(vertices.count)")
            }
            for (i, v) in vertices.enumerated() {
                guard v.count == 2 else {
                    throw fail("vertices[\(i)]", "expected 2 coordinates [x, y], found \(v.count)")
                }
                try finite(v, "vertices[\(i)]")
            }
            var area = 0.0
            for i in vertices.indices {
                let a = vertices[i], b = vertices[(i + 1) % vertices.count]
                area += a[0] * b[1] - b[0] * a[1]
            }
            guard abs(area) > 0 else { throw fail("vertices", "the polygon has zero area") }
        case .mesh(let mesh):
            guard let outline = mesh.outline, let subdomain = mesh.subdomain else { return }
            let cellGroups = outline.groupNames(dimension: outline.dimension)
            guard cellGroups.contains(subdomain) else {
                var message =
                    "mesh \(mesh.file) has no physical group '\(subdomain)' of dimension \(outline.dimension) "
                    + "(its \(outline.dimension == 2 ? "surface" : "volume") groups: "
                    + "\(cellGroups.isEmpty ? "none" : cellGroups.joined(separator: ", "))"
                if let suggestion = NameSuggestion.closest(to: subdomain, among: cellGroups) {
                    message += "; did you mean '\(suggestion)'?"
                }
                throw fail("subdomain", message + ")")
            }
        }
    }
}
