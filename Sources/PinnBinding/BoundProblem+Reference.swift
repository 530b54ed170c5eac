import PinnIO
import PinnProblems
import PinnReference

extension BoundProblem {
    /// The same problem for the finite-difference reference solver, on the file's reference grid
    /// or on `grid` (points per axis) when given, with the compact fourth-order scheme (which falls
    /// back to second order off boxes, saying so in the solution's notes).
    /// - Throws: a `ProblemError` at `domain` for a mesh, which has no grid.
    public func finiteDifferenceProblem(grid: [Int]? = nil) throws(ProblemError) -> FDProblem {
        let fdDomain: any FDDomain
        switch file.domain {
        case .interval(let lo, let hi): fdDomain = FDBox(lower: [lo], upper: [hi])
        case .rectangle(let lo, let hi), .box(let lo, let hi): fdDomain = FDBox(lower: lo, upper: hi)
        case .disk(let c, let r), .ball(let c, let r): fdDomain = FDBall(center: c, radius: r)
        case .polygon(let v): fdDomain = FDPolygon(vertices: v)
        case .mesh:
            throw ProblemError(
                path: "domain", message: "the finite-difference reference needs an analytic domain, not a mesh")
        }
        guard case .analytic(let domain) = domain else {
            preconditionFailure("an analytic domain spec binds to an analytic domain")
        }
        let problem = self
        let polygon = fdDomain as? FDPolygon
        let equation: FDEquation = waveNumber == nil ? .poisson : .helmholtz(kSquared: { problem.reaction(at: $0) })
        return FDProblem(
            domain: fdDomain, equation: equation, source: { problem.source.evaluate($0) },
            boundaryCondition: { point, normal in
                let part = domain.boundaryPart(at: point, normal: normal, polygon: polygon)
                guard let c = problem.condition(on: part) else {
                    return .dirichlet(value: 0) // validation guarantees every part has a condition
                }
                let a = c.alpha.evaluate(point), b = c.beta.evaluate(point), g = c.value.evaluate(point)
                if b == 0 { return .dirichlet(value: g / a) }
                if a == 0 { return .neumann(value: g / b) }
                return .robin(alpha: a, beta: b, value: g)
            }, gridPoints: grid ?? file.reference.grid, scheme: .fourthOrderCompact)
    }
}

extension BoundProblem {
    /// The exact solution at the nodes of an FD solution's grid (x fastest), NaN outside the
    /// domain; nil when the problem states none.
    public func exactValues(on solution: FDSolution) -> [Double]? {
        exactValues(at: solution.grid.pointCoordinates(), mask: solution.mask)
    }

    /// The exact solution at the points stored as the columns of `points` (d × mask.count), NaN
    /// where `mask` is false; nil when the problem states none.
    public func exactValues(at points: [Double], mask: [Bool]) -> [Double]? {
        guard let exact else { return nil }
        var values = [Double]()
        exact.evaluate(columns: mask.count, rows: inputs, points, into: &values)
        for node in values.indices where !mask[node] { values[node] = .nan }
        return values
    }
}

extension Domain {
    /// The named boundary part at a boundary point with outward normal `normal`.
    func boundaryPart(at point: [Double], normal: [Double], polygon: FDPolygon?) -> BoundaryPart {
        switch self {
        case .ball:
            return .all
        case .polygon:
            if let polygon, let i = polygon.edgeIndex(containing: point, normal: normal) { return .edge(i) }
            return .all
        default:
            guard let axis = normal.indices.max(by: { abs(normal[$0]) < abs(normal[$1]) }) else { return .all }
            let positive = normal[axis] > 0
            switch axis {
            case 0: return positive ? .right : .left
            case 1: return positive ? .top : .bottom
            default: return positive ? .back : .front
            }
        }
    }
}
