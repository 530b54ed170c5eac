/// Gmsh's Lagrange simplex element types and the node permutations that flip their orientation.
///
/// Gmsh's node order (vertices, then the nodes of each edge from its first vertex towards its
/// second, then one node per face at order 3):
/// - segment: v0, v1 | e01 (order 3: the node nearer v0, then the one nearer v1);
/// - triangle: v0, v1, v2 | e01, e12, e20 | (order 3) the centre;
/// - tetrahedron: v0, v1, v2, v3 | e01, e12, e20, e30, e32, e31 | (order 3) the centres of the
///   faces (v0 v2 v1), (v0 v1 v3), (v0 v3 v2), (v3 v1 v2) (Gmsh's `MTetrahedron::faces_tetra`).
enum GmshElementType {
    /// Gmsh's type number for the simplex of `dimension` (1…3) and `order` (1, 2 or 3).
    static func simplex(dimension: Int, order: Int) -> Int {
        switch (dimension, order) {
        case (1, 1): return 1 // 2-node line
        case (1, 2): return 8 // 3-node line
        case (1, _): return 26 // 4-node line
        case (2, 1): return 2 // 3-node triangle
        case (2, 2): return 9 // 6-node triangle
        case (2, _): return 21 // 10-node triangle
        case (3, 1): return 4 // 4-node tetrahedron
        case (3, 2): return 11 // 10-node tetrahedron
        default: return 29 // 20-node tetrahedron
        }
    }

    /// The permutation (new position → old position) that exchanges vertices v1 and v2 (v0 and
    /// v1 for a segment), which reverses the orientation and keeps every edge node on its edge.
    ///
    /// Triangle: the new edges are (v0 v2) = old e20, (v2 v1) = old e12, (v1 v0) = old e01.
    /// Tetrahedron: new e01 = old e20, e12 = old e12, e20 = old e01, e30 = old e30,
    /// e32 = old e31, e31 = old e32. At order 3 an edge that now runs the other way lists its
    /// two nodes in reverse (new e01 = old e20 reversed, e12 = e12 reversed, e20 = e01
    /// reversed; e30, e32, e31 keep their direction), and the tetrahedron's faces become new
    /// (v0 v2 v1) = old (v0 v1 v2), (v0 v1 v3) = old (v0 v2 v3), (v0 v3 v2) = old (v0 v3 v1),
    /// (v3 v1 v2) = old (v3 v2 v1): faces 0, 2, 1, 3.
    static func orientationFlip(dimension: Int, order: Int) -> [Int] {
        switch (dimension, order) {
        case (1, 1): return [1, 0]
        case (1, 2): return [1, 0, 2]
        case (1, _): return [1, 0, 3, 2]
        case (2, 1): return [0, 2, 1]
        case (2, 2): return [0, 2, 1, 5, 4, 3]
        case (2, _): return [0, 2, 1, 8, 7, 6, 5, 4, 3, 9]
        case (3, 1): return [0, 2, 1, 3]
        case (3, 2): return [0, 2, 1, 3, 6, 5, 4, 7, 9, 8]
        default: return [0, 2, 1, 3, 9, 8, 7, 6, 5, 4, 10, 11, 14, 15, 12, 13, 16, 18, 17, 19]
        }
    }
}
