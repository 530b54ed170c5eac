import PinnNumerics

/// What the discrete Laplacian at a node sees in one axis direction.
enum FDArm {
    /// The grid neighbour at distance h (its linear index); it is inside the domain.
    case node(Int)
    /// The boundary, crossed at `distance` ∈ (0, h), where u = `value` (a Shortley–Weller arm).
    case dirichlet(distance: Double, value: Double)
    /// The node lies on an axis-aligned boundary facing this direction, where
    /// `α u + β ∂u/∂n = value` with β ≠ 0; the ghost node beyond is eliminated with it.
    case ghost(alpha: Double, beta: Double, value: Double)
}

/// The role of a grid node in the linear system.
enum FDNode {
    /// Outside the domain: no equation, value NaN.
    case outside
    /// On the boundary where a Dirichlet condition fixes u.
    case fixed(Double)
    /// An unknown: the equation holds here, discretised with these arms, ordered
    /// (axis 0, −), (axis 0, +), (axis 1, −), … .
    case unknown(arms: [FDArm])
}

/// Sorts grid nodes into outside, Dirichlet-fixed and unknown nodes, and finds each unknown's
/// arms, from the domain's `contains` and `boundaryCrossing` answers.
///
/// Rules (second order throughout):
/// - A node is on the boundary when a crossing lies within `snapFraction·h` of it (it is then
///   treated as lying exactly on the boundary, the condition taken at the crossing point), or,
///   failing that, when a diagonal probe `p ± probeFraction·h` in some orthant is outside
///   (a re-entrant corner, where every axis direction runs inside or along the boundary).
/// - Where several boundary parts meet at a node, each is asked for its condition; if any is
///   Dirichlet (or Robin with β = 0) the node is fixed by the first such value.
/// - Otherwise a boundary node is an unknown and each direction leaving the domain at the node
///   gets a ghost node eliminated by that part's Neumann/Robin condition. This needs the
///   boundary to be axis-aligned there (normal = ± the axis); else the condition is unsupported.
///   A re-entrant corner with only Neumann/Robin parts keeps the plain stencil: all its axis
///   neighbours are inside.
/// - A neighbour beyond the boundary (crossing at distance δ < h) becomes a Shortley–Weller arm
///   of length δ carrying the Dirichlet value at the crossing point. Neumann/Robin there
///   (a curved or slanted boundary, or one between grid lines) is unsupported.
struct FDNodeClassifier {
    let grid: RectilinearGrid
    /// The node spacing h of each axis and the step between neighbours in the node numbering.
    let spacing: [Double], strides: [Int]
    let domain: any FDDomain
    let boundaryCondition: @Sendable ([Double], [Double]) -> FDBoundaryCondition

    /// Crossings closer than this fraction of h count as "the node is on the boundary".
    static let snapFraction = 1e-6
    /// Size of the diagonal probes that detect re-entrant corners, as a fraction of h.
    static let probeFraction = 1e-7
    /// Crossings farther than (1 − this)·h with the neighbour inside count as "neighbour on the boundary".
    static let fullArmSlack = 1e-9

    func classify(node linear: Int) throws(FDError) -> FDNode {
        let indices = grid.index(ofFlat: linear)
        let p = grid.point(indices)
        guard domain.contains(p) else { return .outside }
        let d = grid.dimension

        // Crossings in the 2d axis directions, and the ones at the node itself.
        var crossings: [(distance: Double, normal: [Double])?] = []
        var onBoundary: [(direction: Int, point: [Double], normal: [Double], condition: FDBoundaryCondition)?] = []
        for a in 0..<d {
            for direction in [-1, 1] {
                let crossing = domain.boundaryCrossing(from: p, axis: a, direction: direction, within: spacing[a])
                crossings.append(crossing)
                if let crossing, crossing.distance <= Self.snapFraction * spacing[a] {
                    var q = p
                    q[a] += Double(direction) * crossing.distance
                    onBoundary.append((direction, q, crossing.normal, boundaryCondition(q, crossing.normal)))
                } else {
                    onBoundary.append(nil)
                }
            }
        }

        let parts = onBoundary.compactMap { $0 }
        if !parts.isEmpty {
            for part in parts {
                if let value = try dirichletValue(of: part.condition, at: part.point) { return .fixed(value) }
            }
        } else {
            for normal in reentrantNormals(at: p) {
                let condition = boundaryCondition(p, normal)
                if let value = try dirichletValue(of: condition, at: p) { return .fixed(value) }
            }
        }

        var arms: [FDArm] = []
        for a in 0..<d {
            for (side, direction) in [-1, 1].enumerated() {
                let slot = 2 * a + side
                if let part = onBoundary[slot] {
                    arms.append(
                        try ghostArm(
                            part.condition, point: part.point, normal: part.normal, axis: a, direction: direction))
                } else {
                    arms.append(
                        try arm(
                            from: p, node: linear, indices: indices, axis: a, direction: direction,
                            crossing: crossings[slot]))
                }
            }
            // A ghost arm is eliminated with the grid neighbour on the opposite side.
            for side in 0..<2 {
                guard case .ghost = arms[2 * a + side], let part = onBoundary[2 * a + side] else { continue }
                guard case .node = arms[2 * a + 1 - side] else {
                    throw .unsupportedBoundaryCondition(
                        point: p, normal: part.normal, condition: part.condition,
                        reason:
                            "the ghost-point scheme needs a grid neighbour opposite the boundary; the domain is thinner than the grid spacing along axis \(a)"
                    )
                }
            }
        }
        return .unknown(arms: arms)
    }

    /// u on the boundary if the condition is of Dirichlet type, nil for Neumann/Robin.
    private func dirichletValue(of condition: FDBoundaryCondition, at point: [Double]) throws(FDError) -> Double? {
        switch condition {
        case .dirichlet(let value):
            return value
        case .neumann:
            return nil
        case .robin(let alpha, let beta, let value):
            if beta != 0 { return nil }
            guard alpha != 0 else {
                throw .invalidBoundaryCondition(point: point, condition: condition, reason: "α and β are both zero")
            }
            return value / alpha
        }
    }

    private func ghostArm(
        _ condition: FDBoundaryCondition, point: [Double], normal: [Double],
        axis: Int, direction: Int
    ) throws(FDError) -> FDArm {
        let alignment = normal[axis] * Double(direction)
        guard alignment > 1 - 1e-8 else {
            throw .unsupportedBoundaryCondition(
                point: point, normal: normal, condition: condition,
                reason:
                    "Neumann and Robin conditions need an axis-aligned boundary through grid nodes (ghost points); this boundary is curved or slanted here"
            )
        }
        switch condition {
        case .neumann(let value): return .ghost(alpha: 0, beta: 1, value: value)
        case .robin(let alpha, let beta, let value): return .ghost(alpha: alpha, beta: beta, value: value)
        case .dirichlet: fatalError("Dirichlet boundary nodes are fixed before arms are built")
        }
    }

    /// The arm from node `linear` (at `p`, grid indices `indices`) along axis `a` in `direction`,
    /// given the boundary `crossing` within h in that direction, if any.
    private func arm(
        from p: [Double], node linear: Int, indices: [Int], axis a: Int, direction: Int,
        crossing: (distance: Double, normal: [Double])?
    ) throws(FDError) -> FDArm {
        let h = spacing[a]
        let neighbourIndex = indices[a] + direction
        let neighbourInGrid = neighbourIndex >= 0 && neighbourIndex < grid.counts[a]
        let neighbour = linear + strides[a] * direction
        guard let crossing else {
            guard neighbourInGrid else {
                throw .inconsistentDomain(
                    point: p, axis: a, direction: direction,
                    reason: "no boundary is crossed before the edge of the bounding box")
            }
            return .node(neighbour)
        }
        if crossing.distance >= (1 - Self.fullArmSlack) * h, neighbourInGrid {
            var q = p
            q[a] += Double(direction) * h
            if domain.contains(q) { return .node(neighbour) }
        }
        var q = p
        q[a] += Double(direction) * crossing.distance
        let condition = boundaryCondition(q, crossing.normal)
        guard let value = try dirichletValue(of: condition, at: q) else {
            throw .unsupportedBoundaryCondition(
                point: q, normal: crossing.normal, condition: condition,
                reason:
                    "Neumann and Robin conditions are supported only where an axis-aligned boundary passes through grid nodes; here the boundary falls between nodes (Shortley–Weller arms need Dirichlet data)"
            )
        }
        return .dirichlet(distance: crossing.distance, value: value)
    }

    /// Outward axis directions at a re-entrant corner (from the diagonal probes that fall
    /// outside), as candidate normals; empty for a node in the interior.
    private func reentrantNormals(at p: [Double]) -> [[Double]] {
        let d = grid.dimension
        var normals: [[Double]] = []
        for orthant in 0..<(1 << d) {
            var q = p
            for a in 0..<d { q[a] += (orthant >> a & 1 == 1 ? 1 : -1) * Self.probeFraction * spacing[a] }
            if domain.contains(q) { continue }
            for a in 0..<d {
                var normal = [Double](repeating: 0, count: d)
                normal[a] = orthant >> a & 1 == 1 ? 1 : -1
                if !normals.contains(normal) { normals.append(normal) }
            }
        }
        return normals
    }
}
