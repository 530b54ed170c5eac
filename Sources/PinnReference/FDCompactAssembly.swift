import PinnNumerics

/// Builds the compact fourth-order equations on a box (see `FDCompactStencil` for L_h and W_h).
///
/// Both equations are written as Δu + κu = s: Poisson −Δu = f has κ = 0, s = −f; Helmholtz
/// Δu + k²u = f has κ = k², s = f. With F := Δu = s − κu, the row at an unknown node is
///
///     L_h u − W_h F = 0,   i.e.   L_h u + W_h(κu) = W_h s,
///
/// which stays compact and fourth order for variable κ (W_h acts on the product κu). Poisson rows
/// are negated (−L_h u = W_h f) so that the matrix has a positive diagonal.
///
/// Dirichlet nodes are fixed and eliminated. A node on Neumann/Robin faces only is an unknown
/// and the compact equation is written there too; the stencil then reaches one layer of ghost
/// nodes beyond the face, eliminated by Taylor relations. In outward coordinates (X along the
/// face's outward normal n, face at X = 0, node q on it, tangential axes t):
/// - ghost u: u(h, t) = u(−h, t) + 2h·u_X(0, t) + (h³/3)·u_XXX(q) + O(h⁵), with u_X = c u + d
///   from the condition at the face node (0, t), and u_XXX = F_X − Σ_t ∂_tt u_X (from
///   u_XX = F − Σ_t u_tt). The same u_XXX(q) serves the ghosts at t = ±h_t: their errors
///   cancel to O(h⁵) in the symmetric stencil. ∂_tt u_X is the second difference of c u + d
///   along the face (one-sided, second order, at an edge of the face); F_X = s_X − κ_X u − κ u_X
///   with s_X, κ_X by one-sided differences of the nodal values.
/// - ghost F (the weighting's point beyond the face): F(h) = F(−h) + 2h F_X(q) + O(h³).
/// - a ghost beyond two Neumann/Robin faces (X and Y outward, at an edge or corner):
///   u(h, h) = u(−h, h) + u(h, −h) − u(−h, −h) + 4h_X h_Y u_XY + (2/3) h_X h_Y (h_X² u_XXXY
///   + h_Y² u_XYYY) + O(h⁶), with u_XY = ∂_Y u_X by a third-order one-sided difference of
///   u_X = c u + d along the X face (averaged with ∂_X u_Y along the Y face), and u_XXXY = ∂_Y u_XXX
///   by a first-order one. There the single-face ghosts beside it take u_XXX at their own face
///   node (no symmetric partner to cancel with).
/// Every ghost is exact for quartic u, so the scheme reproduces quartic solutions to rounding
/// (Poisson, any mix of conditions). The ghost errors of O(h⁵) are O(h³) in a boundary row; such
/// a row stands for a half (quarter, eighth) cell, so the global error stays O(h⁴), as the usual
/// argument for ghost-point Neumann rows gives one order up. With only 3 nodes along an axis the
/// one-sided differences lose an order (noted in `FDSolution.notes`).
///
/// A row with ghosts on m faces is scaled by 2^−m (half, quarter, eighth cells). The matrix is
/// then symmetric with Neumann faces anywhere and with Robin faces of constant α/β that meet no
/// other Neumann/Robin face (and, for Poisson, positive definite); not where a Robin face meets
/// another one, where α/β varies along a face, or for Helmholtz with variable k².
struct FDCompactAssembler {
    let grid: RectilinearGrid
    let spacing: [Double]
    let strides: [Int]
    let counts: [Int]
    let boundary: FDCompactBoxBoundary
    let stencil: FDCompactStencil
    let isPoisson: Bool
    /// s and κ of Δu + κu = s at every node.
    let s: [Double]
    let kappa: [Double]
    /// The column of every unknown node, −1 at fixed nodes.
    let unknownIndex: [Int]
    /// The stencil points' offsets in the node numbering.
    private let laplacianSteps: [Int], weightingSteps: [Int]

    init(
        grid: RectilinearGrid, boundary: FDCompactBoxBoundary, equation: FDEquation,
        source: @Sendable ([Double]) -> Double, unknownIndex: [Int]
    ) {
        self.grid = grid
        spacing = grid.uniformSpacing
        strides = grid.strides
        counts = grid.counts
        self.boundary = boundary
        stencil = FDCompactStencil(spacing: spacing)
        self.unknownIndex = unknownIndex
        let strides = self.strides
        func step(_ point: FDCompactStencil.Point) -> Int { zip(point.offset, strides).map { $0 * $1 }.reduce(0, +) }
        laplacianSteps = stencil.laplacian.map(step)
        weightingSteps = stencil.weighting.map(step)
        let points = (0..<grid.pointCount).map { grid.point(grid.index(ofFlat: $0)) }
        switch equation {
        case .poisson:
            isPoisson = true
            s = points.map { -source($0) }
            kappa = [Double](repeating: 0, count: points.count)
        case .helmholtz(let kSquared):
            isPoisson = false
            s = points.map(source)
            kappa = points.map(kSquared)
        }
    }

    func assemble(unknownCount: Int) -> SparseLinearSystem {
        var matrix = SparseTripletMatrix(dimension: unknownCount)
        var rhs = [Double](repeating: 0, count: unknownCount)
        var form = FDCompactAffineForm()
        for linear in 0..<grid.pointCount where unknownIndex[linear] >= 0 {
            let row = unknownIndex[linear]
            form.removeAll()
            var ghostFaces = 0
            for a in 0..<counts.count {
                let i = linear / strides[a] % counts[a]
                if i == 0 || i == counts[a] - 1 { ghostFaces += 1 }
            }
            if ghostFaces == 0 {
                // Away from the faces every stencil point is a grid node: no ghosts.
                for (point, step) in zip(stencil.laplacian, laplacianSteps) {
                    addValue(linear: linear + step, point.weight, into: &form)
                }
                for (point, step) in zip(stencil.weighting, weightingSteps) {
                    form.constant -= point.weight * s[linear + step]
                    addValue(linear: linear + step, point.weight * kappa[linear + step], into: &form)
                }
            } else {
                let q = grid.index(ofFlat: linear)
                for point in stencil.laplacian { addU(q, point.offset, point.weight, into: &form) }
                for point in stencil.weighting { addF(q, point.offset, -point.weight, into: &form) }
            }
            let scale = (isPoisson ? -1.0 : 1.0) / Double(1 << ghostFaces)
            for (column, coefficient) in form.terms where coefficient != 0 {
                matrix.add(row: row, column: column, value: scale * coefficient)
            }
            rhs[row] = -scale * form.constant
        }
        let anchored = boundary.hasRobinTerm || boundary.fixedValues.contains { !$0.isNaN }
        return SparseLinearSystem(matrix: matrix, rhs: rhs, isAnchored: anchored)
    }

    // MARK: Node values

    private func flat(_ indices: [Int]) -> Int {
        var linear = 0
        for a in indices.indices { linear += indices[a] * strides[a] }
        return linear
    }

    /// Adds λ·u at an in-grid node.
    private func addValue(_ p: [Int], _ lambda: Double, into form: inout FDCompactAffineForm) {
        addValue(linear: flat(p), lambda, into: &form)
    }

    /// Adds λ·u at the node with that linear index.
    private func addValue(linear: Int, _ lambda: Double, into form: inout FDCompactAffineForm) {
        let column = unknownIndex[linear]
        if column >= 0 {
            form.add(column: column, coefficient: lambda)
        } else {
            form.constant += lambda * boundary.fixedValues[linear]
        }
    }

    /// Adds λ·u at `q + o`, eliminating a ghost node beyond one or two faces.
    private func addU(_ q: [Int], _ o: [Int], _ lambda: Double, into form: inout FDCompactAffineForm) {
        var p = q
        var outside: [Int] = []
        for a in q.indices {
            p[a] += o[a]
            if p[a] < 0 || p[a] >= counts[a] { outside.append(a) }
        }
        switch outside.count {
        case 0:
            addValue(p, lambda, into: &form)
        case 1:
            // u(h) = u(−h) + 2h u_X(face node) + (h³/3) u_XXX(q).
            let a = outside[0], side = o[a] < 0 ? 0 : 1, h = spacing[a]
            var reflected = o
            reflected[a] = -o[a]
            addU(q, reflected, lambda, into: &form)
            var facePoint = p
            facePoint[a] = q[a]
            addNormalDerivative(at: facePoint, axis: a, side: side, lambda * 2 * h, into: &form)
            // u_XXX at q serves the ghosts at ±1 along t when both exist (their errors cancel);
            // where q is on the t face too, the partner is a two-face ghost, so take it at the face node.
            var thirdPoint = q
            for t in q.indices where t != a && o[t] != 0 && (q[t] == 0 || q[t] == counts[t] - 1) {
                thirdPoint[t] += o[t]
            }
            addThirdNormalDerivative(at: thirdPoint, axis: a, side: side, lambda * h * h * h / 3, into: &form)
        case 2:
            // u(h, h) = u(−h, h) + u(h, −h) − u(−h, −h) + 4 h_X h_Y u_XY.
            let a = outside[0], b = outside[1]
            var reflectedA = o, reflectedB = o, reflectedBoth = o
            reflectedA[a] = -o[a]
            reflectedB[b] = -o[b]
            reflectedBoth[a] = -o[a]
            reflectedBoth[b] = -o[b]
            addU(q, reflectedA, lambda, into: &form)
            addU(q, reflectedB, lambda, into: &form)
            addU(q, reflectedBoth, -lambda, into: &form)
            let sideA = o[a] < 0 ? 0 : 1, sideB = o[b] < 0 ? 0 : 1
            let ha = spacing[a], hb = spacing[b]
            addMixedDerivative(at: q, a, side: sideA, b, side: sideB, lambda * 4 * ha * hb, into: &form)
            // + (2/3) h_X h_Y (h_X² u_XXXY + h_Y² u_XYYY), with u_XXXY = ∂_Y u_XXX along the X face.
            let quartic = lambda * 2 / 3 * ha * hb
            addTangentialDerivativeOfThird(
                at: q, face: a, side: sideA, along: b, alongSide: sideB, quartic * ha * ha, into: &form)
            addTangentialDerivativeOfThird(
                at: q, face: b, side: sideB, along: a, alongSide: sideA, quartic * hb * hb, into: &form)
        default:
            preconditionFailure("the compact stencils have no point beyond three faces")
        }
    }

    /// Adds λ·F at `q + o` (a point of W_h, so beyond at most one face), F = Δu = s − κu.
    private func addF(_ q: [Int], _ o: [Int], _ lambda: Double, into form: inout FDCompactAffineForm) {
        var p = q
        for a in q.indices { p[a] += o[a] }
        guard let a = q.indices.first(where: { p[$0] < 0 || p[$0] >= counts[$0] }) else {
            let linear = flat(p)
            form.constant += lambda * s[linear]
            addValue(p, -lambda * kappa[linear], into: &form)
            return
        }
        // F(h) = F(−h) + 2h F_X(q).
        var reflected = o
        reflected[a] = -o[a]
        addF(q, reflected, lambda, into: &form)
        addSourceNormalDerivative(at: q, axis: a, side: o[a] < 0 ? 0 : 1, lambda * 2 * spacing[a], into: &form)
    }

    // MARK: Boundary derivatives

    /// Adds λ·∂u/∂n = λ(c u + d) at a node of face (a, side).
    private func addNormalDerivative(
        at p: [Int], axis a: Int, side: Int, _ lambda: Double, into form: inout FDCompactAffineForm
    ) {
        guard case .flux(let c, let d) = boundary.data(axis: a, side: side, at: p) else {
            preconditionFailure("a face with ghost nodes has Neumann/Robin data at every node (checked beforehand)")
        }
        addValue(p, lambda * c, into: &form)
        form.constant += lambda * d
    }

    /// Adds λ·∂F/∂n at node q of face (a, side): F_X = s_X − κ_X u − κ u_X.
    private func addSourceNormalDerivative(
        at q: [Int], axis a: Int, side: Int, _ lambda: Double, into form: inout FDCompactAffineForm
    ) {
        let linear = flat(q)
        form.constant += lambda * inwardDifference(s, at: q, axis: a, side: side)
        if !isPoisson {
            addValue(q, -lambda * inwardDifference(kappa, at: q, axis: a, side: side), into: &form)
            addNormalDerivative(at: q, axis: a, side: side, -lambda * kappa[linear], into: &form)
        }
    }

    /// Adds λ·∂³u/∂n³ at node q of face (a, side): u_XXX = F_X − Σ_t ∂_tt(u_X), the tangential
    /// second differences of u_X = c u + d along the face (centred, or one-sided at an edge).
    private func addThirdNormalDerivative(
        at q: [Int], axis a: Int, side: Int, _ lambda: Double, into form: inout FDCompactAffineForm
    ) {
        addSourceNormalDerivative(at: q, axis: a, side: side, lambda, into: &form)
        for t in q.indices where t != a {
            let h2 = spacing[t] * spacing[t]
            let i = q[t]
            let taps: [(step: Int, weight: Double)]
            let direction: Int
            if i > 0, i < counts[t] - 1 {
                taps = [(-1, 1), (0, -2), (1, 1)]
                direction = 1
            } else {
                direction = i == 0 ? 1 : -1
                taps = counts[t] >= 4 ? [(0, 2), (1, -5), (2, 4), (3, -1)] : [(0, 1), (1, -2), (2, 1)]
            }
            for tap in taps {
                var p = q
                p[t] += direction * tap.step
                addNormalDerivative(at: p, axis: a, side: side, -lambda * tap.weight / h2, into: &form)
            }
        }
    }

    /// Adds λ·∂_Y u_XXX at node q of face (face, side), Y the outward coordinate of face
    /// (along, alongSide) that q also lies on: a one-sided first difference (first order, enough
    /// for the h⁴ term of the two-face ghost relation).
    private func addTangentialDerivativeOfThird(
        at q: [Int], face: Int, side: Int, along: Int, alongSide: Int, _ lambda: Double,
        into form: inout FDCompactAffineForm
    ) {
        var inner = q
        inner[along] += alongSide == 0 ? 1 : -1
        addThirdNormalDerivative(at: q, axis: face, side: side, lambda / spacing[along], into: &form)
        addThirdNormalDerivative(at: inner, axis: face, side: side, -lambda / spacing[along], into: &form)
    }

    /// Adds λ·u_XY at node q on faces (a, sideA) and (b, sideB), X and Y their outward
    /// coordinates: the average of ∂_Y u_X along the X face and ∂_X u_Y along the Y face, each a
    /// one-sided difference of u_n = c u + d over the face's nodes inward (third order when the
    /// axis has 4 nodes: the term carries 4h_X h_Y, so its error must be O(h³) for an O(h⁵) ghost).
    private func addMixedDerivative(
        at q: [Int], _ a: Int, side sideA: Int, _ b: Int, side sideB: Int, _ lambda: Double,
        into form: inout FDCompactAffineForm
    ) {
        for (face, faceSide, along, alongSide) in [(a, sideA, b, sideB), (b, sideB, a, sideA)] {
            let taps: [Double] = counts[along] >= 4 ? [11.0 / 6, -3, 1.5, -1.0 / 3] : [1.5, -2, 0.5]
            for (k, tap) in taps.enumerated() {
                var p = q
                p[along] += (alongSide == 0 ? 1 : -1) * k
                addNormalDerivative(at: p, axis: face, side: faceSide, lambda / 2 * tap / spacing[along], into: &form)
            }
        }
    }

    /// The outward normal derivative at node q of face (a, side) of a nodal field, by the
    /// one-sided second-order difference (3v₀ − 4v₁ + v₂)/(2h) over the nodes inward.
    private func inwardDifference(_ v: [Double], at q: [Int], axis a: Int, side: Int) -> Double {
        let inward = (side == 0 ? 1 : -1) * strides[a]
        let linear = flat(q)
        return (3 * v[linear] - 4 * v[linear + inward] + v[linear + 2 * inward]) / (2 * spacing[a])
    }
}
