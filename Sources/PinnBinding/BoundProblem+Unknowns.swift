import PinnIO
import PinnNumerics
import PinnProblems
import PinnTraining

import struct PinnProblems.Expression

/// A coefficient of the PDE that may depend on unknown parameters: fixed (gridded data, or an
/// expression with no unknown in it) or an expression over x, y, z and then the unknowns, with its
/// symbolic derivative with respect to each unknown.
public enum UnknownDependentField: Sendable {
    case fixed(any ScalarField)
    case expression(Expression, derivatives: [Expression])

    /// Binds `source` over `variables` then `unknowns`; gridded data stays fixed.
    static func bind(
        _ source: FieldSource, variables: [String], unknowns: [String], parameters: [String: Double],
        box: (lower: [Double], upper: [Double])
    ) throws -> UnknownDependentField {
        guard case .expression(let text) = source else {
            return .fixed(try source.bind(variables: variables, parameters: parameters, covering: box))
        }
        let e = try text.bind(variables: variables + unknowns, parameters: parameters)
        guard unknowns.contains(where: { e.depends(on: $0) }) else {
            return .fixed(try text.bind(variables: variables, parameters: parameters))
        }
        return .expression(e, derivatives: unknowns.map { e.derivative(withRespectTo: $0) })
    }

    /// Whether the field depends on an unknown.
    var varies: Bool { if case .expression = self { true } else { false } }

    /// The values at `count` points (columns of `dimension` rows) with the unknowns at `p`, and when
    /// it varies the derivatives (m blocks of `count`, `PDECoefficients` layout).
    func evaluate(at points: [Double], count: Int, dimension d: Int, unknowns p: [Double]) -> (
        values: [Double], derivatives: [Double]
    ) {
        var values = [Double]()
        switch self {
        case .fixed(let field):
            field.evaluate(columns: count, rows: d, points, into: &values)
            return (values, [])
        case .expression(let e, let derivatives):
            let rows = d + p.count
            var augmented = [Double](repeating: 0, count: rows * count)
            for j in 0..<count {
                for i in 0..<d { augmented[j * rows + i] = points[j * d + i] }
                for i in p.indices { augmented[j * rows + d + i] = p[i] }
            }
            e.evaluate(columns: count, rows: rows, augmented, into: &values)
            var all = [Double](), block = [Double]()
            all.reserveCapacity(p.count * count)
            for de in derivatives {
                de.evaluate(columns: count, rows: rows, augmented, into: &block)
                all += block
            }
            return (values, all)
        }
    }
}

/// The equation's coefficients as functions of the unknowns: what `BoundProblem.makeLoss` gives a
/// loss so that the coefficients follow the unknowns during training.
public struct UnknownCoefficientFields: Sendable {
    /// The unknowns' names, in the order of p (sorted).
    public let names: [String]
    public let source: UnknownDependentField
    /// k (nil for Poisson).
    public let waveNumber: UnknownDependentField?
    /// α, β, g of each boundary condition, in file order.
    public let conditions: [(alpha: UnknownDependentField, beta: UnknownDependentField, value: UnknownDependentField)]

    init(_ file: ProblemFile, box: (lower: [Double], upper: [Double])) throws {
        let names = file.parameterDeclarations.unknownNames
        let variables = file.variables, known = file.parameters
        func bind(_ f: FieldSource) throws -> UnknownDependentField {
            try .bind(f, variables: variables, unknowns: names, parameters: known, box: box)
        }
        self.names = names
        source = try bind(file.source)
        waveNumber = try file.k.map { try bind(.expression($0)) }
        conditions = try file.boundary.map { spec in
            let one = FieldSource.expression("1"), zero = FieldSource.expression("0")
            switch spec.condition {
            case .dirichlet(let g): return (try bind(one), try bind(zero), try bind(g))
            case .neumann(let g): return (try bind(zero), try bind(one), try bind(g))
            case .robin(let a, let b, let g): return (try bind(.expression(a)), try bind(.expression(b)), try bind(g))
            }
        }
    }

    /// The coefficients at the interior points (columns of `dimension` rows) and at the boundary
    /// points, boundary point i under the condition `boundaryConditions[i]` (an index into
    /// `conditions`; nil: Dirichlet u = 0), with the unknowns at `p`. The reaction is c = k², so
    /// ∂c/∂p_j = 2k·∂k/∂p_j.
    public func coefficients(
        interior: [Double], interiorCount n: Int, boundary: [Double], boundaryConditions: [Int?], dimension d: Int,
        unknowns p: [Double]
    ) -> PDECoefficients {
        let m = p.count
        let f = source.evaluate(at: interior, count: n, dimension: d, unknowns: p)
        var reaction = [Double](), reactionDerivative = [Double]()
        if let waveNumber {
            let k = waveNumber.evaluate(at: interior, count: n, dimension: d, unknowns: p)
            reaction = k.values.map { $0 * $0 }
            if !k.derivatives.isEmpty {
                reactionDerivative = (0..<(m * n)).map { 2 * k.values[$0 % n] * k.derivatives[$0] }
            }
        }
        let nb = boundaryConditions.count
        var alpha = [Double](repeating: 1, count: nb), beta = [Double](repeating: 0, count: nb)
        var value = [Double](repeating: 0, count: nb)
        var dAlpha = [Double](repeating: 0, count: m * nb), dBeta = dAlpha, dValue = dAlpha
        var anyAlpha = false, anyBeta = false, anyValue = false
        /// Sets the points `ids` of `values` (and of each derivative block) from `field`; whether it varies.
        func fill(_ field: UnknownDependentField, _ ids: [Int], _ values: inout [Double], _ derivatives: inout [Double])
            -> Bool
        {
            let points = ids.flatMap { boundary[$0 * d..<($0 + 1) * d] }
            let r = field.evaluate(at: points, count: ids.count, dimension: d, unknowns: p)
            for (k, id) in ids.enumerated() { values[id] = r.values[k] }
            guard !r.derivatives.isEmpty else { return false }
            for j in 0..<m {
                for (k, id) in ids.enumerated() { derivatives[j * nb + id] = r.derivatives[j * ids.count + k] }
            }
            return true
        }
        for (c, fields) in conditions.enumerated() {
            let ids = boundaryConditions.indices.filter { boundaryConditions[$0] == c }
            guard !ids.isEmpty else { continue }
            if fill(fields.alpha, ids, &alpha, &dAlpha) { anyAlpha = true }
            if fill(fields.beta, ids, &beta, &dBeta) { anyBeta = true }
            if fill(fields.value, ids, &value, &dValue) { anyValue = true }
        }
        var c = PDECoefficients(source: f.values, reaction: reaction, alpha: alpha, beta: beta, value: value)
        c.sourceDerivative = f.derivatives
        c.reactionDerivative = reactionDerivative
        c.alphaDerivative = anyAlpha ? dAlpha : []
        c.betaDerivative = anyBeta ? dBeta : []
        c.valueDerivative = anyValue ? dValue : []
        return c
    }
}

extension BoundProblem {
    /// The unknowns' names, sorted (the order of p everywhere).
    public var unknownNames: [String] { file.parameterDeclarations.unknownNames }

    /// How each unknown follows from its trainable (`UnknownParameter.parametrisation`).
    public var unknownMaps: [ParameterMap] { unknownNames.map { file.unknowns[$0]?.parametrisation ?? .identity } }

    /// The unknowns' initial guesses, in `unknownNames` order.
    public var initialUnknowns: [Double] { unknownNames.map { file.unknowns[$0]?.initial ?? .nan } }

    /// The data term's weight (see `MeasurementSettings.dataWeight`).
    public var dataWeight: Double { file.measurements?.dataWeight ?? 0 }

    /// The measurements: read from their file (CSV here, HDF5 through `readDataset` in a child
    /// process), or generated from the exact solution: `count` points uniform in the domain from
    /// `seed`, u there plus N(0, σ²) noise drawn from a second stream of the same seed.
    /// - Throws: a `ProblemError` naming the problem file, the JSON path and the measurement file
    ///   (unreadable, wrong columns, a point outside the domain).
    static func measurements(
        of file: ProblemFile, domain: ProblemDomain, exact: (any ScalarField)?,
        readDataset: ODEProblemFile.DatasetReader? = dataFileArrayReader
    ) throws(ProblemError) -> MeasurementTable? {
        guard let settings = file.measurements else { return nil }
        let d = file.dimension
        switch settings.source {
        case .generate(let count, let noise, let seed):
            guard let exact else {
                throw ProblemError(path: "measurements.generate", message: "generated measurements need 'exact'")
            }
            var source = PointSource.uniform(SeededGenerator(seed: seed))
            let points = domain.collocation.interiorPoints(count: count, using: &source)
            var values = [Double]()
            exact.evaluate(columns: points.count / d, rows: d, points, into: &values)
            if noise > 0 {
                var rng = SeededGenerator(seed: seed &+ 0x9E37_79B9_7F4A_7C15)
                for i in values.indices { values[i] += noise * rng.normal() }
            }
            return MeasurementTable(dimension: d, points: points, values: values)
        case .file(let spec):
            let table = try MeasurementTable.read(spec, dimension: d, hdf5: readDataset, netCDF: dataFileArrayReader)
            let meshContains: (([Double]) -> Bool)? =
                switch domain {
                case .analytic: nil
                case .mesh(let mesh): mesh.containment()
                }
            for j in 0..<table.count {
                let x = Array(table.points[j * d..<(j + 1) * d])
                let inside: Bool =
                    switch domain {
                    case .analytic(let analytic): analytic.contains(x)
                    case .mesh: meshContains?(x) ?? true
                    }
                guard inside else {
                    let at = x.map { "\($0)" }.joined(separator: ", ")
                    throw ProblemError(
                        file: spec.problemFile, path: spec.jsonPath,
                        message: "\(spec.written): measurement \(j + 1) at (\(at)) lies outside the "
                            + "\(file.domain.typeName) domain")
                }
            }
            return table
        }
    }
}
