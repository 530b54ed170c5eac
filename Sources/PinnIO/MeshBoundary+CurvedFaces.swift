/// Points and normals on the boundary faces of a quadratic mesh, which may be curved.
///
/// A quadratic face is the image of the reference simplex under x(λ) = Σ_i N_i(λ) x_i over its
/// vertices and edge nodes, with the P2 Lagrange functions in barycentric coordinates λ:
/// N = λ_i(2λ_i − 1) at vertex i and N = 4λ_iλ_j at the node of edge (i, j). Its tangents are the
/// derivatives of x along λ₁ and λ₂ (λ₀ = 1 − λ₁ − λ₂); the normal is the segment's tangent turned
/// clockwise in 2-D, or t₁ × t₂ in 3-D, normalised and oriented as the straight face's outward normal.
extension SimplexMesh {
    /// The point of face `face` of `boundary` at unit coordinates `unit` (d − 1 numbers in [0, 1),
    /// turned into barycentric coordinates as `point(inSimplex:at:)` does) and the outward unit
    /// normal there. Linear faces: the straight face's point and normal. Quadratic faces
    /// (`boundary.edgeNodes`): the curved face's point and normal, so that boundary conditions are
    /// sampled on the boundary the mesh file describes (on a circle, where Gmsh put the edge nodes).
    public func boundarySample(_ boundary: MeshBoundary, face: Int, at unit: [Double]) -> (
        point: SIMD3<Double>, normal: SIMD3<Double>
    ) {
        let vertices = boundary.nodes(of: face)
        let straight = boundary.normals[face]
        guard !boundary.edgeNodes.isEmpty else { return (point(inSimplex: vertices, at: unit), straight) }
        let k = vertices.count - 1
        let cuts = unit.prefix(k).sorted()
        let lambda = (0...k).map { j in (j < k ? cuts[j] : 1) - (j > 0 ? cuts[j - 1] : 0) }
        let x = boundary.allNodes(of: face).map { nodes[$0] }
        var point = SIMD3<Double>.zero
        var tangents = [SIMD3<Double>](repeating: .zero, count: k)
        if k == 1 {
            // v0, v1, e01; t = dx/dλ₁.
            let (l0, l1) = (lambda[0], lambda[1])
            point = l0 * (2 * l0 - 1) * x[0] + l1 * (2 * l1 - 1) * x[1] + 4 * l0 * l1 * x[2]
            tangents[0] = -(4 * l0 - 1) * x[0] + (4 * l1 - 1) * x[1] + 4 * (l0 - l1) * x[2]
        } else {
            // v0, v1, v2, e01, e12, e20; t₁ = ∂x/∂λ₁, t₂ = ∂x/∂λ₂.
            let (l0, l1, l2) = (lambda[0], lambda[1], lambda[2])
            point =
                l0 * (2 * l0 - 1) * x[0] + l1 * (2 * l1 - 1) * x[1] + l2 * (2 * l2 - 1) * x[2]
                + 4 * (l0 * l1 * x[3] + l1 * l2 * x[4] + l2 * l0 * x[5])
            tangents[0] =
                -(4 * l0 - 1) * x[0] + (4 * l1 - 1) * x[1] + 4 * (l0 - l1) * x[3] + 4 * l2 * x[4] - 4 * l2 * x[5]
            tangents[1] =
                -(4 * l0 - 1) * x[0] + (4 * l2 - 1) * x[2] - 4 * l1 * x[3] + 4 * l1 * x[4] + 4 * (l0 - l2) * x[5]
        }
        var normal: SIMD3<Double>
        if k == 1 {
            normal = SIMD3(tangents[0].y, -tangents[0].x, 0)
        } else {
            let (a, b) = (tangents[0], tangents[1])
            normal = SIMD3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x)
        }
        let size = (normal * normal).sum().squareRoot()
        guard size > 0 else { return (point, straight) }
        normal /= size
        if (normal * straight).sum() < 0 { normal = -normal }
        return (point, normal)
    }
}
