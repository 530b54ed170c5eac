/// Builds the finite-element equations: P1 here, P2 and P3 in `FEMAssembly+Isoparametric.swift`
/// (`assemble` picks by the mesh's order).
///
/// Weak form (test functions v vanish on Dirichlet facets; on the others the condition gives
/// ∂u/∂n = (g − α u)/β, with α = 0, β = 1 for Neumann):
/// - Poisson `−Δu = f`:          ∫∇u·∇v + ∫_Γ (α/β) u v = ∫ f v + ∫_Γ (g/β) v;
/// - Helmholtz `Δu + k²u = f`:   ∫∇u·∇v − ∫ k² u v + ∫_Γ (α/β) u v = −∫ f v + ∫_Γ (g/β) v
///   (the equation times −1, so the matrix is the same symmetric form for both).
/// Per cell: the stiffness |T| ∇λ_i·∇λ_j is exact; the mass term and the load use the degree-2
/// rule (exact for the consistent mass matrix when k² is constant); boundary terms use 2-point
/// Gauss on segments and the degree-2 rule on triangles. Nodes fixed by Dirichlet conditions
/// are eliminated: their columns move to the right-hand side and their rows are dropped.
struct FEMAssembler {
    let mesh: FEMMesh
    let equation: FDEquation
    let source: @Sendable ([Double]) -> Double
    let conditions: [FEMBoundaryCondition]

    /// `unknownIndex[node]` is the node's row (−1 if fixed or in no cell); `fixedValues[node]`
    /// its Dirichlet value where fixed.
    func assemble(unknownIndex: [Int], unknownCount: Int, fixedValues: [Double?]) throws(FEMError) -> SparseLinearSystem
    {
        var system = SparseLinearSystem(unknownCount: unknownCount, fixedValues: fixedValues)
        if mesh.order >= 2 {
            try assembleIsoparametric(into: &system, unknownIndex: unknownIndex, fixedValues: fixedValues)
        } else {
            try assembleLinear(into: &system, unknownIndex: unknownIndex, fixedValues: fixedValues)
        }
        return system
    }

    /// The P1 equations.
    private func assembleLinear(
        into system: inout SparseLinearSystem, unknownIndex: [Int], fixedValues: [Double?]
    ) throws(FEMError) {
        let d = mesh.dimension

        func scatter(nodes: ArraySlice<Int>, matrix local: [Double], load: [Double]) {
            system.scatter(
                nodes: nodes, matrix: local, load: load, unknownIndex: unknownIndex, fixedValues: fixedValues)
        }

        let cellRule = FEMQuadrature.assembly(simplexDimension: d)
        let (loadSign, kSquared) = equation.weakFormTerms
        let n = d + 1
        for cell in 0..<mesh.cellCount {
            let nodes = mesh.nodes(ofCell: cell)
            let vertices = nodes.map { mesh.positions[$0] }
            let geometry = FEMCellGeometry(vertices: vertices, dimension: d)
            var local = [Double](repeating: 0, count: n * n)
            var load = [Double](repeating: 0, count: n)
            for i in 0..<n {
                for j in 0..<n {
                    local[i * n + j] = geometry.measure * dot(geometry.gradients[i], geometry.gradients[j])
                }
            }
            for (lambda, weight) in zip(cellRule.points, cellRule.weights) {
                let x = mesh.point(lambda, in: nodes)
                let w = weight * geometry.measure
                let f = source(x)
                for i in 0..<n { load[i] += loadSign * w * f * lambda[i] }
                if let kSquared {
                    let k2 = kSquared(x)
                    for i in 0..<n {
                        for j in 0..<n { local[i * n + j] -= w * k2 * lambda[i] * lambda[j] }
                    }
                }
            }
            scatter(nodes: nodes, matrix: local, load: load)
        }

        let facetRule = FEMQuadrature.assembly(simplexDimension: d - 1)
        for facet in 0..<mesh.facetCount {
            let condition = conditions[mesh.facetConditions[facet]]
            if case .dirichlet = condition { continue }
            let nodes = mesh.nodes(ofFacet: facet)
            let geometry = mesh.facetGeometry(facet)
            let normal = mesh.coordinates(of: geometry.normal)
            let m = d
            var local = [Double](repeating: 0, count: m * m)
            var load = [Double](repeating: 0, count: m)
            for (lambda, weight) in zip(facetRule.points, facetRule.weights) {
                let x = mesh.point(lambda, in: nodes)
                let w = weight * geometry.measure
                if try Self.addBoundaryTerms(
                    condition, facet: facet, point: x, normal: normal, weight: w, shape: lambda, matrix: &local,
                    load: &load)
                {
                    system.isAnchored = true
                }
            }
            scatter(nodes: nodes, matrix: local, load: load)
        }
    }
}

extension FEMAssembler {
    /// Adds the terms of a Neumann or Robin condition at one quadrature point (with weight w,
    /// the basis taking the values `shape` there) to a facet's local matrix and load: (g/β) N_i
    /// to the load, (α/β) N_i N_j to the matrix (Neumann: α = 0, β = 1). Returns whether the
    /// term anchors the system (α ≠ 0).
    /// - Throws: `FEMError.invalidBoundaryCondition` when β is zero or not finite.
    static func addBoundaryTerms(
        _ condition: FEMBoundaryCondition, facet: Int, point: [Double], normal: [Double], weight w: Double,
        shape: [Double], matrix local: inout [Double], load: inout [Double]
    ) throws(FEMError) -> Bool {
        let m = shape.count
        switch condition {
        case .dirichlet:
            return false
        case .neumann(let g):
            let flux = w * g(point, normal)
            for i in 0..<m { load[i] += flux * shape[i] }
            return false
        case .robin(let alpha, let beta, let g):
            let a = alpha(point), b = beta(point)
            guard b != 0, b.isFinite else {
                throw .invalidBoundaryCondition(
                    facet: facet, point: point,
                    reason:
                        "Robin condition with β = \(b); β must be finite and nonzero (β = 0 is a Dirichlet condition)"
                )
            }
            let value = w * g(point, normal) / b, mass = w * a / b
            for i in 0..<m {
                load[i] += value * shape[i]
                for j in 0..<m { local[i * m + j] += mass * shape[i] * shape[j] }
            }
            return a != 0
        }
    }
}

extension FDEquation {
    /// The weak form's load sign and k²: Poisson (1, nil); Helmholtz (−1, k²), its equation
    /// multiplied by −1 so that the matrix is the same symmetric form K − M_k² + R.
    var weakFormTerms: (loadSign: Double, kSquared: (@Sendable ([Double]) -> Double)?) {
        switch self {
        case .poisson: (1, nil)
        case .helmholtz(let kSquared): (-1, kSquared)
        }
    }
}

extension SparseLinearSystem {
    /// The empty system of `unknownCount` equations, anchored when some node is fixed.
    init(unknownCount: Int, fixedValues: [Double?]) {
        self.init(
            matrix: SparseTripletMatrix(dimension: unknownCount), rhs: [Double](repeating: 0, count: unknownCount),
            isAnchored: fixedValues.contains { $0 != nil })
    }

    /// Adds an element's local matrix (row-major, `nodes.count`²) and load vector on `nodes`:
    /// rows of fixed nodes are dropped, columns of fixed nodes move to the right-hand side. When
    /// the system keeps a `shift`, `localShift` (same layout; zero when nil) goes beside each entry.
    mutating func scatter(
        nodes: ArraySlice<Int>, matrix local: [Double], load: [Double], unknownIndex: [Int],
        fixedValues: [Double?], shift localShift: [Double]? = nil
    ) {
        let n = nodes.count
        for (i, row) in nodes.enumerated() {
            let r = unknownIndex[row]
            guard r >= 0 else { continue }
            rhs[r] += load[i]
            for (j, column) in nodes.enumerated() {
                let value = local[i * n + j]
                if let fixed = fixedValues[column] {
                    rhs[r] -= value * fixed
                } else {
                    matrix.add(row: r, column: unknownIndex[column], value: value)
                    shift?.append(localShift?[i * n + j] ?? 0)
                }
            }
        }
    }
}
