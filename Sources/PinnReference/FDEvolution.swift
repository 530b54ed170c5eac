/// A heat or wave problem on a box with Dirichlet conditions, for the time-stepping reference
/// (`solveEvolution`): second-order finite differences in space (the 3/5-point Laplacian L_h on the
/// nodes of a uniform grid, boundary nodes holding g(x, t)) and a second-order, unconditionally
/// stable scheme in time with a fixed step.
///
///     heat  u_t = κΔu + f:    Crank–Nicolson,
///           (I − κΔt/2·L) uⁿ⁺¹ = (I + κΔt/2·L) uⁿ + Δt/2·(rⁿ + rⁿ⁺¹),     r = κ·L_B gⁿ + fⁿ
///     wave  u_tt = c²Δu + f:  the trapezoidal rule on (u, v = u_t) (Newmark β = 1/4, γ = 1/2),
///           (I − c²Δt²/4·L) uⁿ⁺¹ = (I + c²Δt²/4·L) uⁿ + Δt·vⁿ + Δt²/4·(rⁿ + rⁿ⁺¹),  r = c²·L_B g + f
///           vⁿ⁺¹ = 2(uⁿ⁺¹ − uⁿ)/Δt − vⁿ
///
/// L acts on the interior nodes and L_B g is the boundary nodes' part of the stencil. Both schemes
/// are O(h² + Δt²); the matrix on the left is symmetric positive definite and factored once
/// (sparse Cholesky).
public struct FDEvolutionProblem: Sendable {
    public enum Equation: Sendable, Equatable {
        /// u_t = κΔu + f.
        case heat(diffusivity: Double)
        /// u_tt = c²Δu + f.
        case wave(speed: Double)
    }

    public var lower: [Double]
    public var upper: [Double]
    /// Nodes per axis (≥ 3), faces included.
    public var gridPoints: [Int]
    public var equation: Equation
    /// f at (x, …, t).
    public var source: @Sendable ([Double]) -> Double
    /// The Dirichlet value g at a boundary point (x, …, t).
    public var boundaryValue: @Sendable ([Double]) -> Double
    /// u(x, t₀) at x.
    public var initialValue: @Sendable ([Double]) -> Double
    /// u_t(x, t₀) at x (the wave equation).
    public var initialRate: @Sendable ([Double]) -> Double
    public var start: Double
    public var end: Double
    /// Time steps Δt = (end − start)/steps; a multiple of `outputTimes − 1`.
    public var steps: Int
    /// Time nodes stored, t₀ and t₁ included.
    public var outputTimes: Int

    public init(
        lower: [Double], upper: [Double], gridPoints: [Int], equation: Equation,
        source: @escaping @Sendable ([Double]) -> Double, boundaryValue: @escaping @Sendable ([Double]) -> Double,
        initialValue: @escaping @Sendable ([Double]) -> Double,
        initialRate: @escaping @Sendable ([Double]) -> Double = { _ in 0 }, start: Double, end: Double, steps: Int,
        outputTimes: Int
    ) {
        self.lower = lower
        self.upper = upper
        self.gridPoints = gridPoints
        self.equation = equation
        self.source = source
        self.boundaryValue = boundaryValue
        self.initialValue = initialValue
        self.initialRate = initialRate
        self.start = start
        self.end = end
        self.steps = steps
        self.outputTimes = outputTimes
    }

    /// Δt.
    public var timeStep: Double { (end - start) / Double(steps) }
}

/// The time-stepping reference's values at the output times on every grid node.
public struct FDEvolutionSolution: Sendable {
    public var gridPoints: [Int]
    /// The output times.
    public var times: [Double]
    /// Time-major: block k (nodes of the grid, x fastest) holds u at `times[k]`.
    public var values: [Double]
    public var timeStep: Double
    /// Unknowns of the linear system solved at each step.
    public var unknownCount: Int
    /// The scheme, in words.
    public var method: String
}

/// Solves a heat or wave problem by the scheme `FDEvolutionProblem` describes.
/// - Throws: `FDError.invalidGrid` for a grid of fewer than 3 nodes on an axis or steps that are not
///   a multiple of the output intervals; `FDError.linearSolver` when the factorization fails.
public func solveEvolution(_ problem: FDEvolutionProblem) throws(FDError) -> FDEvolutionSolution {
    let n = problem.gridPoints, d = n.count
    guard n.allSatisfy({ $0 >= 3 }), d == problem.lower.count, d == problem.upper.count else {
        throw .invalidGrid(gridPoints: n, reason: "expected at least 3 nodes on each of \(problem.lower.count) axes")
    }
    guard problem.outputTimes >= 2, problem.steps % (problem.outputTimes - 1) == 0 else {
        throw .invalidGrid(
            gridPoints: n, reason: "\(problem.steps) time steps do not fall on \(problem.outputTimes) output times")
    }
    let space = FDEvolutionSpace(problem)
    let dt = problem.timeStep
    let (scale, method): (Double, String) =
        switch problem.equation {
        case .heat(let kappa): (kappa * dt / 2, "Crank–Nicolson")
        case .wave(let c): (c * c * dt * dt / 4, "trapezoidal rule on (u, u_t) (Newmark β = 1/4)")
        }
    // M = I − s·L (symmetric positive definite), B = I + s·L.
    let left = space.matrix(identity: 1, laplacian: -scale), right = space.matrix(identity: 1, laplacian: scale)
    let factor: SparseCholeskyFactorization
    do {
        factor = try SparseCholeskyFactorization(left)
    } catch {
        throw .linearSolver(error)
    }
    var u = space.interiorValues(problem.initialValue)
    var v = space.interiorValues(problem.initialRate)
    var output = [Double]()
    output.reserveCapacity(problem.outputTimes * space.nodeCount)
    let every = problem.steps / (problem.outputTimes - 1)
    let times = (0..<problem.outputTimes).map {
        $0 == problem.outputTimes - 1 ? problem.end : problem.start + Double($0 * every) * dt
    }
    space.appendGrid(u, at: problem.start, to: &output)
    var r0 = space.forcing(at: problem.start)
    var rhs = [Double](repeating: 0, count: u.count)
    for step in 1...problem.steps {
        let t = step == problem.steps ? problem.end : problem.start + Double(step) * dt
        let r1 = space.forcing(at: t)
        right.multiply(u, into: &rhs)
        switch problem.equation {
        case .heat:
            for i in rhs.indices { rhs[i] += dt / 2 * (r0[i] + r1[i]) }
        case .wave:
            for i in rhs.indices { rhs[i] += dt * v[i] + dt * dt / 4 * (r0[i] + r1[i]) }
        }
        let next: [Double]
        do {
            next = try factor.solve(rhs)
        } catch {
            throw .linearSolver(error)
        }
        if case .wave = problem.equation {
            for i in v.indices { v[i] = 2 * (next[i] - u[i]) / dt - v[i] }
        }
        u = next
        r0 = r1
        if step % every == 0 { space.appendGrid(u, at: t, to: &output) }
    }
    return FDEvolutionSolution(
        gridPoints: n, times: times, values: output, timeStep: dt, unknownCount: u.count,
        method: "finite differences, second order (3/5-point), \(method) with Δt = \(dt)")
}

/// The grid of an `FDEvolutionProblem`: its interior nodes (the unknowns), the Laplacian on them and
/// the boundary nodes' part of the stencil.
struct FDEvolutionSpace {
    let problem: FDEvolutionProblem
    let nodeCount: Int
    let strides: [Int]
    let spacing: [Double]
    /// The interior node of each unknown, and the unknown of each node (−1 on the boundary).
    let nodes: [Int]
    let unknown: [Int]
    /// The Laplacian's stencil: (row, column, value) among unknowns; boundary couplings
    /// (row, boundary node, 1/h²).
    let stencil: [(Int, Int, Double)]
    let boundaryCouplings: [(Int, Int, Double)]

    init(_ problem: FDEvolutionProblem) {
        self.problem = problem
        let n = problem.gridPoints, d = n.count
        var strides = [Int](), s = 1
        for count in n {
            strides.append(s)
            s *= count
        }
        self.strides = strides
        nodeCount = s
        spacing = (0..<d).map { (problem.upper[$0] - problem.lower[$0]) / Double(n[$0] - 1) }
        var unknown = [Int](repeating: -1, count: s), nodes = [Int]()
        for node in 0..<s where (0..<d).allSatisfy({ a in (1..<(n[a] - 1)).contains(node / strides[a] % n[a]) }) {
            unknown[node] = nodes.count
            nodes.append(node)
        }
        self.unknown = unknown
        self.nodes = nodes
        var stencil = [(Int, Int, Double)](), couplings = [(Int, Int, Double)]()
        for (row, node) in nodes.enumerated() {
            var diagonal = 0.0
            for a in 0..<d {
                let w = 1 / (spacing[a] * spacing[a])
                diagonal -= 2 * w
                for neighbour in [node - strides[a], node + strides[a]] {
                    if unknown[neighbour] >= 0 {
                        stencil.append((row, unknown[neighbour], w))
                    } else {
                        couplings.append((row, neighbour, w))
                    }
                }
            }
            stencil.append((row, row, diagonal))
        }
        self.stencil = stencil
        boundaryCouplings = couplings
    }

    /// The coordinates of grid node `node`.
    func point(_ node: Int) -> [Double] {
        (0..<strides.count).map { a in
            let i = node / strides[a] % problem.gridPoints[a]
            return i == problem.gridPoints[a] - 1
                ? problem.upper[a]
                : problem.lower[a] + Double(i) * (problem.upper[a] - problem.lower[a])
                    / Double(problem.gridPoints[a] - 1)
        }
    }

    /// identity·I + laplacian·L on the unknowns.
    func matrix(identity: Double, laplacian: Double) -> CompressedRowMatrix {
        var triplets = SparseTripletMatrix(dimension: nodes.count)
        triplets.reserveCapacity(stencil.count + nodes.count)
        for (row, column, value) in stencil { triplets.add(row: row, column: column, value: laplacian * value) }
        for row in 0..<nodes.count { triplets.add(row: row, column: row, value: identity) }
        return CompressedRowMatrix(triplets)
    }

    /// `function` at the interior nodes.
    func interiorValues(_ function: ([Double]) -> Double) -> [Double] { nodes.map { function(point($0)) } }

    /// r(t) = k·L_B g(t) + f(t) at the unknowns (k = κ or c²).
    func forcing(at t: Double) -> [Double] {
        let k: Double =
            switch problem.equation {
            case .heat(let kappa): kappa
            case .wave(let c): c * c
            }
        var r = nodes.map { problem.source(point($0) + [t]) }
        var boundary = [Int: Double]()
        for (row, node, w) in boundaryCouplings {
            let g = boundary[node] ?? problem.boundaryValue(point(node) + [t])
            boundary[node] = g
            r[row] += k * w * g
        }
        return r
    }

    /// Appends the grid's values at time t: the unknowns `u` inside, g(x, t) on the boundary.
    func appendGrid(_ u: [Double], at t: Double, to output: inout [Double]) {
        for node in 0..<nodeCount {
            output.append(unknown[node] >= 0 ? u[unknown[node]] : problem.boundaryValue(point(node) + [t]))
        }
    }
}
