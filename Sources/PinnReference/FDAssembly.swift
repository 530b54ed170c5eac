import PinnNumerics

/// Builds the finite-difference equations at the unknown nodes.
///
/// Along each axis the second derivative at node p uses its two arms:
/// - two arms of lengths h₋, h₊ (grid neighbours at h, or Shortley–Weller arms ending on a
///   Dirichlet boundary):  u'' ≈ 2/(h₋+h₊) · [(u₊ − u_p)/h₊ − (u_p − u₋)/h₋]. With h₋ = h₊ = h
///   this is the standard 3-point stencil (second-order truncation error); with a short arm its
///   truncation error is first order at that node only, and the global error stays second
///   order (Shortley & Weller 1938; the discrete maximum principle carries it).
/// - a ghost arm on a boundary `α u + β ∂u/∂n = g` facing direction s: the central difference
///   ∂u/∂n ≈ (u_ghost − u_in)/(2h) eliminates the ghost, u_ghost = u_in + 2h(g − α u_p)/β, so
///   u'' ≈ [2u_in − 2u_p + 2h(g − α u_p)/β]/h²  (second order globally). At a corner each axis
///   gets its own ghost from the face it crosses, so both conditions hold there.
/// Summed over axes this is the 3/5/7-point Laplacian on boxes.
struct FDAssembler {
    let grid: RectilinearGrid
    /// The node spacing h of each axis and the step between neighbours in the node numbering.
    let spacing: [Double], strides: [Int]
    let equation: FDEquation
    let source: @Sendable ([Double]) -> Double

    func assemble(nodes: [FDNode], unknownIndex: [Int], unknownCount: Int) throws(FDError) -> SparseLinearSystem {
        var matrix = SparseTripletMatrix(dimension: unknownCount)
        var rhs = [Double](repeating: 0, count: unknownCount)
        var isAnchored = false
        for (linear, node) in nodes.enumerated() {
            guard case .unknown(let arms) = node else { continue }
            let row = unknownIndex[linear]
            let p = grid.point(grid.index(ofFlat: linear))
            // Laplacian ≈ Σ coefficients·u_neighbours + diagonal·u_p + constant.
            var diagonal = 0.0, constant = 0.0
            var offDiagonal: [(column: Int, value: Double)] = []

            func addNeighbour(_ neighbour: Int, _ coefficient: Double, axis: Int, direction: Int) throws(FDError) {
                switch nodes[neighbour] {
                case .unknown: offDiagonal.append((unknownIndex[neighbour], coefficient))
                case .fixed(let value): constant += coefficient * value; isAnchored = true
                case .outside:
                    throw .inconsistentDomain(
                        point: p, axis: axis, direction: direction,
                        reason: "the domain reports no boundary crossing, but the neighbour node is outside it")
                }
            }

            for a in 0..<grid.dimension {
                let h = spacing[a]
                let minus = arms[2 * a], plus = arms[2 * a + 1]
                switch (minus, plus) {
                case (.ghost(let alpha, let beta, let g), .node(let inner)),
                    (.node(let inner), .ghost(let alpha, let beta, let g)):
                    let direction = if case .ghost = minus { 1 } else { -1 }
                    try addNeighbour(inner, 2 / (h * h), axis: a, direction: direction)
                    diagonal -= 2 / (h * h) + 2 * alpha / (beta * h)
                    constant += 2 * g / (beta * h)
                    if alpha != 0 { isAnchored = true }
                default:
                    let hMinus = armLength(minus, h), hPlus = armLength(plus, h)
                    let cMinus = 2 / (hMinus * (hMinus + hPlus)), cPlus = 2 / (hPlus * (hMinus + hPlus))
                    diagonal -= 2 / (hMinus * hPlus)
                    for (arm, coefficient, direction) in [(minus, cMinus, -1), (plus, cPlus, 1)] {
                        switch arm {
                        case .node(let neighbour):
                            try addNeighbour(neighbour, coefficient, axis: a, direction: direction)
                        case .dirichlet(_, let value): constant += coefficient * value; isAnchored = true
                        case .ghost: fatalError("ghost arms are paired with a grid neighbour by the classifier")
                        }
                    }
                }
            }

            let f = source(p)
            switch equation {
            case .poisson: // −Δu = f
                matrix.add(row: row, column: row, value: -diagonal)
                for entry in offDiagonal { matrix.add(row: row, column: entry.column, value: -entry.value) }
                rhs[row] = f + constant
            case .helmholtz(let kSquared): // Δu + k²u = f
                matrix.add(row: row, column: row, value: diagonal + kSquared(p))
                for entry in offDiagonal { matrix.add(row: row, column: entry.column, value: entry.value) }
                rhs[row] = f - constant
            }
        }
        return SparseLinearSystem(matrix: matrix, rhs: rhs, isAnchored: isAnchored)
    }

    private func armLength(_ arm: FDArm, _ h: Double) -> Double {
        if case .dirichlet(let distance, _) = arm { return distance }
        return h
    }
}
