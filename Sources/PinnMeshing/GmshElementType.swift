/// Gmsh's Lagrange simplex element types and the node permutations that flip their orientation.
///
/// Gmsh's node order (vertices, then edge nodes):
/// - segment: v0, v1 | e01;
/// - triangle: v0, v1, v2 | e01, e12, e20;
/// - tetrahedron: v0, v1, v2, v3 | e01, e12, e20, e30, e32, e31.
enum GmshElementType {
    /// Gmsh's type number for the simplex of `dimension` (1…3) and `order` (1 or 2).
    static func simplex(dimension: Int, order: Int) -> Int {
        switch (dimension, order) {
        case (1, 1): return 1 // 2-node line
        case (1, _): return 8 // 3-node line
        case (2, 1): return 2 // 3-node triangle
        case (2, _): return 9 // 6-node triangle
        case (3, 1): return 4 // 4-node tetrahedron
        default: return 11 // 10-node tetrahedron
        }
    }

    /// The permutation (new position → old position) that exchanges vertices v1 and v2 (v0 and
    /// v1 for a segment), which reverses the orientation and keeps every edge node on its edge.
    ///
    /// Triangle: the new edges are (v0 v2) = old e20, (v2 v1) = old e12, (v1 v0) = old e01.
    /// Tetrahedron: new e01 = old e20, e12 = old e12, e20 = old e01, e30 = old e30,
    /// e32 = old e31, e31 = old e32.
    static func orientationFlip(dimension: Int, order: Int) -> [Int] {
        switch (dimension, order) {
        case (1, 1): return [1, 0]
        case (1, _): return [1, 0, 2]
        case (2, 1): return [0, 2, 1]
        case (2, _): return [0, 2, 1, 5, 4, 3]
        case (3, 1): return [0, 2, 1, 3]
        default: return [0, 2, 1, 3, 6, 5, 4, 7, 9, 8]
        }
    }
}
