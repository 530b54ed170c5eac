/// The checks that curved (isoparametric) meshes of order 2 or 3 add to a linear one.
extension FEMMesh {
    /// A Lagrange node of a conforming mesh named by what fixes its place: the vertices (global
    /// indices, ascending) of the edge or face it lies on, each with its multi-index entry α_i
    /// (so that both cells sharing an edge, whichever way each runs along it, name the node the
    /// same way). Unused slots are −1.
    struct LagrangeNodeKey: Hashable {
        var vertices = SIMD3<Int>(repeating: -1)
        var weights = SIMD3<Int>(repeating: -1)

        /// The key of the node with multi-index `alpha` in the simplex with vertices `vertices`.
        init(alpha: [Int], vertices: ArraySlice<Int>) {
            var pairs: [(vertex: Int, weight: Int)] = []
            for (i, a) in alpha.enumerated() where a > 0 { pairs.append((vertices[vertices.startIndex + i], a)) }
            pairs.sort { $0.vertex < $1.vertex }
            for (slot, pair) in pairs.enumerated() {
                self.vertices[slot] = pair.vertex
                weights[slot] = pair.weight
            }
        }

        /// The vertices, for messages.
        var vertexList: [Int] { (0..<3).map { vertices[$0] }.filter { $0 >= 0 } }
        /// "edge" or "face".
        var kind: String { vertexList.count == 2 ? "edge" : "face" }
    }

    /// Checks what a mesh of order p ≥ 2 adds to a linear one: cells sharing an edge or face name
    /// the same nodes on it (`LagrangeNodeKey`), edge and face nodes are not vertices, each
    /// facet's nodes are those of its cell, and the isoparametric Jacobian of every cell keeps
    /// one sign with |det J| > 10⁻¹² ℓ^d (ℓ the longest vertex-to-vertex distance) at its
    /// vertices and at the points of the assembly rule, so no cell folds over where it is
    /// integrated.
    static func checkHigherOrder(
        dimension d: Int, order p: Int, cells: [Int], facets: [Int], facetOwners: [FacetOwner],
        positions: [SIMD3<Double>]
    ) throws(FEMError) {
        let cellBasis = FEMLagrangeBasis(simplexDimension: d, degree: p)
        let facetBasis = FEMLagrangeBasis(simplexDimension: d - 1, degree: p)
        let perCell = cellBasis.count, perFacet = facetBasis.count

        var isVertex = [Bool](repeating: false, count: positions.count)
        for cell in 0..<(cells.count / perCell) {
            for k in 0...d { isVertex[cells[cell * perCell + k]] = true }
        }
        var nodeOfKey: [LagrangeNodeKey: (node: Int, cell: Int)] = [:]
        nodeOfKey.reserveCapacity(cells.count)
        for cell in 0..<(cells.count / perCell) {
            let s = cell * perCell
            let vertices = cells[s..<(s + d + 1)]
            for k in (d + 1)..<perCell {
                let key = LagrangeNodeKey(alpha: cellBasis.multiIndices[k], vertices: vertices), node = cells[s + k]
                if isVertex[node] {
                    throw .invalidMesh(
                        reason: "cell \(cell) names node \(node), a vertex, as a node of its \(key.kind) "
                            + "\(key.vertexList)")
                }
                if let earlier = nodeOfKey[key], earlier.node != node {
                    throw .invalidMesh(
                        reason: "cells \(earlier.cell) and \(cell) share the \(key.kind) \(key.vertexList) but give "
                            + "it the nodes \(earlier.node) and \(node)")
                }
                nodeOfKey[key] = (node, cell)
            }
        }
        for facet in 0..<(facets.count / perFacet) {
            let s = facet * perFacet
            let vertices = facets[s..<(s + d)]
            for k in d..<perFacet {
                let key = LagrangeNodeKey(alpha: facetBasis.multiIndices[k], vertices: vertices), node = facets[s + k]
                let cellNode = nodeOfKey[key]?.node ?? -1
                if cellNode != node {
                    throw .invalidMesh(
                        reason: "facet \(facet) names node \(node) for its \(key.kind) \(key.vertexList), but its "
                            + "cell \(facetOwners[facet].cell) names node \(cellNode) (expected Gmsh's node order)")
                }
            }
        }
        try checkJacobians(dimension: d, basis: cellBasis, cells: cells, positions: positions)
    }

    /// Throws `invertedCell` where the Jacobian changes sign or nearly vanishes (see
    /// `checkHigherOrder`).
    private static func checkJacobians(
        dimension d: Int, basis: FEMLagrangeBasis, cells: [Int], positions: [SIMD3<Double>]
    ) throws(FEMError) {
        let perCell = basis.count
        let points =
            (0...d).map { k in (0...d).map { $0 == k ? 1.0 : 0.0 } }
            + FEMQuadrature.isoparametricAssembly(simplexDimension: d, elementDegree: basis.degree).points
        let values = points.map { basis.values($0) }
        let gradients = points.map { FEMIsoparametricMap.flatten(basis.referenceGradients($0)) }
        for cell in 0..<(cells.count / perCell) {
            let nodes = Array(cells[(cell * perCell)..<((cell + 1) * perCell)])
            let vertices = nodes[0...d].map { positions[$0] }
            var longest = 0.0
            for i in 0...d {
                for j in 0...d where j > i { longest = max(longest, length(vertices[j] - vertices[i])) }
            }
            let x = FEMIsoparametricMap.flatten(nodes.map { positions[$0] })
            let threshold = 1e-12 * (d == 2 ? longest * longest : longest * longest * longest)
            var orientation = 0.0
            for q in points.indices {
                let map = FEMIsoparametricMap.cell(
                    nodes: x, values: values[q], referenceGradients: gradients[q], dimension: d, withGradients: false)
                if orientation == 0 { orientation = map.determinant < 0 ? -1 : 1 }
                let signed = orientation * map.determinant
                guard signed > threshold, signed.isFinite else {
                    let p = map.position
                    throw .invertedCell(
                        cell: cell, nodes: nodes, point: d == 2 ? [p.x, p.y] : [p.x, p.y, p.z],
                        determinant: map.determinant)
                }
            }
        }
    }
}
