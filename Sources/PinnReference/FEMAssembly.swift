/// Builds the P1 finite-element equations.
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
        let d = mesh.dimension
        var system = SparseLinearSystem(
            matrix: SparseTripletMatrix(dimension: unknownCount),
            rhs: [Double](repeating: 0, count: unknownCount),
            isAnchored: fixedValues.contains { $0 != nil })

        func scatter(nodes: ArraySlice<Int>, matrix local: [Double], load: [Double]) {
            system.scatter(
                nodes: nodes, matrix: local, load: load, unknownIndex: unknownIndex, fixedValues: fixedValues)
        }

        let cellRule = FEMQuadrature.assembly(simplexDimension: d)
        let loadSign: Double
        let kSquared: (@Sendable ([Double]) -> Double)?
        switch equation {
        case .poisson: loadSign = 1; kSquared = nil
        case .helmholtz(let k2): loadSign = -1; kSquared = k2
        }
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
                switch condition {
                case .dirichlet:
                    break
                case .neumann(let g):
                    let flux = g(x, normal)
                    for i in 0..<m { load[i] += w * flux * lambda[i] }
                case .robin(let alpha, let beta, let g):
                    let a = alpha(x), b = beta(x)
                    guard b != 0, b.isFinite else {
                        throw .invalidBoundaryCondition(
                            facet: facet, point: x,
                            reason:
                                "Robin condition with β = \(b); β must be finite and nonzero (β = 0 is a Dirichlet condition)"
                        )
                    }
                    if a != 0 { system.isAnchored = true }
                    let value = g(x, normal)
                    for i in 0..<m {
                        load[i] += w * value / b * lambda[i]
                        for j in 0..<m { local[i * m + j] += w * a / b * lambda[i] * lambda[j] }
                    }
                }
            }
            scatter(nodes: nodes, matrix: local, load: load)
        }
        return system
    }
}

extension SparseLinearSystem {
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
