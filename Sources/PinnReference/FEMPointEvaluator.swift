import PinnNumerics

/// u_h(x) of a finite-element solution at arbitrary points: built once per solution (O(cells)),
/// then O(1) per point on a quasi-uniform mesh.
///
/// Locating a point p:
/// 1. The cells' bounding boxes sit in a `BoxBucketGrid`. For a curved cell the box holds the
///    Bézier control points of its map (`FEMLagrangeBasis.bernsteinFromLagrange`; for P2 the
///    vertices and 2 x_ij − (x_i + x_j)/2 on each edge), whose convex hull contains the cell, so
///    a bulging edge never leaves its box. Each box is widened by 10⁻⁹ of its size for rounding.
/// 2. For each cell of p's bucket whose box holds p, the reference coordinates ξ with x(ξ) = p:
///    P1 by the affine map through the vertices, ξ = T⁻¹(p − v₀) with T = [v₁ − v₀, …, v_d − v₀];
///    P2 and P3 by Newton's method on the isoparametric map x(ξ) = Σ_k N_k(ξ) x_k from that affine guess,
///    ξ ← ξ − J(ξ)⁻¹ (x(ξ) − p), until the step is below 10⁻¹³ (a few steps: the map is a small
///    perturbation of the affine one).
/// 3. p is in the (closed) cell when every barycentric coordinate λ₀ = 1 − Σ ξ_m, λ_m = ξ_m is
///    ≥ −10⁻¹⁰, so points on faces, edges and vertices are found despite rounding (in whichever
///    cell comes first; u_h is continuous there). Then u_h(p) = Σ_k N_k(ξ) u_k.
///
/// Points in no cell: the mesh's boundary is not the domain's. A P1 mesh of a disk is a polygon
/// inside the circle (gap O(h²)); a P2 mesh's curved boundary crosses the circle, missing it by
/// O(h³). Grid points in the domain but in that gap belong to no cell, so u_h is extrapolated
/// there: among the cells whose boxes lie within reach, the one whose reference coordinates
/// (Newton's, now outside the simplex) are least outside, min λ largest, supplies
/// Σ_k N_k(ξ) u_k, the cell's polynomial continued beyond it. The extrapolated value keeps the
/// element's accuracy (O(h³) for P2) that close to the cell. Points further than
/// `extrapolationLimit` outside every cell, measured in barycentric coordinates (−min λ, a
/// fraction of the cell's height), get NaN. The evaluator does not know the true domain: points
/// just outside it but near the mesh get extrapolated values too, so mask with the domain.
public struct FEMPointEvaluator: Sendable {
    /// The solution evaluated.
    public let solution: FEMSolution
    /// How far outside its nearest cell a point may lie and still get a value, as −min λ.
    public let extrapolationLimit: Double
    let basis: FEMLagrangeBasis
    let grid: BoxBucketGrid
    /// The half-width of the box around a point in no cell within which cells are tried for
    /// extrapolation: d · `extrapolationLimit` · (the largest cell box's side), enough for any
    /// point with min λ ≥ −`extrapolationLimit` of a straight cell.
    let searchRadius: Double

    /// Barycentric tolerance for a point to count as inside a cell.
    static let insideTolerance = 1e-10
    /// Newton stops when the largest step in ξ is below this.
    static let newtonTolerance = 1e-13
    /// A Newton step this small (or 1000 ε·|x|/h, if larger) that no longer halves is rounding
    /// (see `barycentric(of:inCell:)`).
    static let roundingTolerance = 1e-9
    static let maxNewtonSteps = 30

    /// Where a point lies: the cell, its barycentric coordinates there, and whether it lies
    /// outside every cell (its value extrapolated).
    public struct Location: Sendable, Equatable {
        /// The cell's index in `FEMMesh.cells`.
        public var cell: Int
        /// λ₀…λ_d (λ_m = ξ_m for m ≥ 1, λ₀ = 1 − Σ ξ_m).
        public var barycentric: [Double]
        /// True when the point is in no cell and `cell` is the nearest (min λ < −10⁻¹⁰).
        public var isExtrapolated: Bool
    }

    /// The evaluator of `solution` (P1, P2 or P3, as its mesh's order); `extrapolationLimit` as above.
    public init(_ solution: FEMSolution, extrapolationLimit: Double = 0.25) {
        self.solution = solution
        self.extrapolationLimit = extrapolationLimit
        let mesh = solution.mesh
        let d = mesh.dimension, perCell = mesh.nodesPerCell
        basis = FEMLagrangeBasis(simplexDimension: d, degree: mesh.order)
        let bernstein = basis.bernsteinFromLagrange
        var lower = [Double](repeating: 0, count: mesh.cellCount * d), upper = lower
        var largest = 0.0
        for cell in 0..<mesh.cellCount {
            let nodes = mesh.cells[(cell * perCell)..<((cell + 1) * perCell)]
            var lo = SIMD3<Double>(repeating: .infinity), hi = -lo
            for weights in bernstein {
                var control = SIMD3<Double>.zero
                for (k, w) in weights.enumerated() where w != 0 {
                    control += w * mesh.positions[nodes[nodes.startIndex + k]]
                }
                lo = pointwiseMin(lo, control)
                hi = pointwiseMax(hi, control)
            }
            let size = (0..<d).map { hi[$0] - lo[$0] }.max() ?? 0
            largest = max(largest, size)
            for a in 0..<d {
                lower[cell * d + a] = lo[a] - 1e-9 * size
                upper[cell * d + a] = hi[a] + 1e-9 * size
            }
        }
        grid = BoxBucketGrid(dimension: d, boxLower: lower, boxUpper: upper)
        searchRadius = Double(d) * extrapolationLimit * largest
    }

    /// u_h at each point of `points` (`dimension` coordinates per point, row-major); NaN for
    /// points more than `extrapolationLimit` outside every cell.
    public func values(at points: [Double]) -> [Double] {
        let d = solution.mesh.dimension
        precondition(points.count % d == 0, "\(points.count) coordinates is not a multiple of the dimension \(d)")
        return (0..<(points.count / d)).map { i in
            value(at: SIMD3(points[d * i], points[d * i + 1], d == 3 ? points[d * i + 2] : 0))
        }
    }

    /// u_h at `point` (`dimension` coordinates); NaN as in `values(at:)`.
    public func value(at point: [Double]) -> Double {
        guard point.count == solution.mesh.dimension else { return .nan }
        return value(at: SIMD3(point[0], point[1], point.count == 3 ? point[2] : 0))
    }

    /// Where `point` lies, or nil when it is further than `extrapolationLimit` outside every cell.
    public func locate(_ point: [Double]) -> Location? {
        let d = solution.mesh.dimension
        guard point.count == d, let found = locate(SIMD3(point[0], point[1], d == 3 ? point[2] : 0)) else {
            return nil
        }
        return Location(
            cell: found.cell, barycentric: (0...d).map { found.lambda[$0] }, isExtrapolated: found.extrapolated)
    }

    func value(at p: SIMD3<Double>) -> Double {
        guard let found = locate(p) else { return .nan }
        let mesh = solution.mesh, start = found.cell * mesh.nodesPerCell
        let d = mesh.dimension
        let shape = basis.values((0...d).map { found.lambda[$0] })
        var u = 0.0
        for (k, n) in shape.enumerated() { u += n * solution.values[mesh.cells[start + k]] }
        return u
    }

    /// The cell holding p with p's barycentric coordinates (λ₀…λ_d, zero beyond), else the
    /// nearest cell within `extrapolationLimit`, else nil.
    func locate(_ p: SIMD3<Double>) -> (cell: Int, lambda: SIMD4<Double>, extrapolated: Bool)? {
        let d = solution.mesh.dimension
        let coordinates = d == 2 ? [p.x, p.y] : [p.x, p.y, p.z]
        for cell in grid.candidates(at: coordinates) where boxHolds(cell, p) {
            if let lambda = barycentric(of: p, inCell: cell), Self.outside(lambda, d) <= Self.insideTolerance {
                return (cell, lambda, false)
            }
        }
        var best: (cell: Int, lambda: SIMD4<Double>, outside: Double)?
        let near = grid.boxes(
            meetingLower: coordinates.map { $0 - searchRadius }, upper: coordinates.map { $0 + searchRadius })
        for cell in near {
            guard let lambda = barycentric(of: p, inCell: cell) else { continue }
            let outside = Self.outside(lambda, d)
            if outside < (best?.outside ?? .infinity) { best = (cell, lambda, outside) }
        }
        guard let best, best.outside <= extrapolationLimit else { return nil }
        return (best.cell, best.lambda, best.outside > Self.insideTolerance)
    }

    /// −min λ: how far outside the simplex (≤ 0 inside).
    static func outside(_ lambda: SIMD4<Double>, _ d: Int) -> Double {
        var smallest = min(lambda[0], lambda[1])
        for k in 2...d { smallest = min(smallest, lambda[k]) }
        return -smallest
    }

    func boxHolds(_ cell: Int, _ p: SIMD3<Double>) -> Bool {
        let d = solution.mesh.dimension
        for a in 0..<d where p[a] < grid.boxLower[cell * d + a] || p[a] > grid.boxUpper[cell * d + a] {
            return false
        }
        return true
    }

    /// The barycentric coordinates (λ₀…λ_d) of the preimage of p under the cell's map: affine for
    /// P1, Newton for P2 and P3 (nil if Newton does not converge or the Jacobian is singular).
    func barycentric(of p: SIMD3<Double>, inCell cell: Int) -> SIMD4<Double>? {
        let mesh = solution.mesh, d = mesh.dimension, start = cell * mesh.nodesPerCell
        let v0 = mesh.positions[mesh.cells[start]]
        let c1 = mesh.positions[mesh.cells[start + 1]] - v0, c2 = mesh.positions[mesh.cells[start + 2]] - v0
        let c3 = d == 3 ? mesh.positions[mesh.cells[start + 3]] - v0 : SIMD3(0, 0, 1)
        guard var xi = Self.solve(columns: c1, c2, c3, p - v0) else { return nil }
        if mesh.order >= 2 {
            // Rounding of the coordinates, in reference coordinates: ε·|x|∞ over the cell's size.
            let magnitude = max(1, abs(p.x), abs(p.y), abs(p.z), abs(v0.x), abs(v0.y), abs(v0.z))
            let cellSize = min(length(c1), length(c2), d == 3 ? length(c3) : .infinity)
            let rounding = max(Self.roundingTolerance, 1000 * Double.ulpOfOne * magnitude / cellSize)
            // The residual x(ξ) − p is known to rounding in the coordinates only, ε·|x|, which
            // is ε·|x|/h in ξ: on small cells far from the origin that is above any fixed
            // tolerance, so Newton stops at the tolerance or where the steps stop shrinking.
            var converged = false
            var previous = Double.infinity
            for _ in 0..<Self.maxNewtonSteps {
                let map = isoparametricMap(cell: cell, xi: xi)
                guard let step = Self.solve(columns: map.c1, map.c2, map.c3, map.x - p) else { return nil }
                xi -= step
                let size = max(abs(step.x), abs(step.y), abs(step.z))
                guard size.isFinite, max(abs(xi.x), abs(xi.y), abs(xi.z)) < 10 else { return nil }
                if size < Self.newtonTolerance || (size >= previous / 2 && size < rounding) {
                    converged = true
                    break
                }
                previous = size
            }
            guard converged else { return nil }
        }
        return SIMD4(1 - xi.x - xi.y - (d == 3 ? xi.z : 0), xi.x, xi.y, d == 3 ? xi.z : 0)
    }

    /// J⁻¹ r for J = [c1 c2 c3]: the rows of J⁻¹ are (c2 × c3, c3 × c1, c1 × c2) / det.
    static func solve(
        columns c1: SIMD3<Double>, _ c2: SIMD3<Double>, _ c3: SIMD3<Double>, _ r: SIMD3<Double>
    ) -> SIMD3<Double>? {
        let a = cross(c2, c3), det = dot(c1, a)
        guard det != 0, det.isFinite else { return nil }
        return SIMD3(dot(r, a), dot(r, cross(c3, c1)), dot(r, cross(c1, c2))) / det
    }

    /// x(ξ) and the columns of J(ξ) = ∂x/∂ξ of a curved cell (c3 = e_z in 2-D).
    func isoparametricMap(cell: Int, xi: SIMD3<Double>) -> (
        x: SIMD3<Double>, c1: SIMD3<Double>, c2: SIMD3<Double>, c3: SIMD3<Double>
    ) {
        let mesh = solution.mesh, d = mesh.dimension, start = cell * mesh.nodesPerCell
        let lambda = [1 - xi.x - xi.y - (d == 3 ? xi.z : 0), xi.x, xi.y] + (d == 3 ? [xi.z] : [])
        let values = basis.values(lambda), byLambda = basis.barycentricGradients(lambda)
        var x = SIMD3<Double>.zero, c1 = x, c2 = x, c3 = d == 2 ? SIMD3(0, 0, 1) : x
        for k in values.indices {
            let node = mesh.positions[mesh.cells[start + k]]
            // ∂N/∂ξ_m = ∂N/∂λ_m − ∂N/∂λ₀.
            let g = byLambda[k]
            x += values[k] * node
            c1 += (g[1] - g[0]) * node
            c2 += (g[2] - g[0]) * node
            if d == 3 { c3 += (g[3] - g[0]) * node }
        }
        return (x, c1, c2, c3)
    }
}

extension FEMSolution {
    /// u_h at each point of `points` (`mesh.dimension` coordinates per point, row-major), NaN far
    /// from the mesh, extrapolated just outside it; see `FEMPointEvaluator`, which this builds on
    /// every call (build one and keep it to evaluate several batches).
    public func values(at points: [Double]) -> [Double] {
        FEMPointEvaluator(self).values(at: points)
    }
}
