/// Why a domain could not be meshed, with enough context to act on it.
public enum MeshingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The element order is not 1 (linear), 2 (quadratic) or 3 (cubic).
    case unsupportedOrder(Int)
    /// The mesh size h is not a positive finite number.
    case invalidMeshSize(Double)
    /// The domain's parameters do not describe a domain (a radius ≤ 0, a box with upper ≤ lower,
    /// a coordinate that is not finite, …).
    case invalidDomain(reason: String)
    /// A polygon with fewer than 3 vertices.
    case tooFewPolygonVertices(count: Int)
    /// Two consecutive polygon vertices coincide, so edge `edge` has zero length.
    case degeneratePolygonEdge(edge: Int)
    /// Edges `first` and `second` of a polygon meet away from their shared vertex (or overlap).
    case selfIntersectingPolygon(first: Int, second: Int)
    /// A polygon whose vertices enclose no area (all on one line).
    case zeroAreaPolygon
    /// A Gmsh call returned a non-zero error code; `message` is Gmsh's last logged error.
    case gmsh(call: String, code: Int, message: String)
    /// Gmsh returned a mesh that does not have the expected shape (no cells, a facet that is not
    /// a face of a cell, a boundary entity that belongs to no part, …).
    case unexpectedMesh(reason: String)

    public var description: String {
        switch self {
        case .unsupportedOrder(let order):
            return "element order \(order) is not supported; use 1 (linear), 2 (quadratic) or 3 (cubic)"
        case .invalidMeshSize(let h):
            return "mesh size \(h) must be a positive finite number"
        case .invalidDomain(let reason):
            return "invalid domain: \(reason)"
        case .tooFewPolygonVertices(let count):
            return "a polygon needs at least 3 vertices; this one has \(count)"
        case .degeneratePolygonEdge(let edge):
            return "polygon edge \(edge) has zero length (vertex \(edge) repeats the next one)"
        case .selfIntersectingPolygon(let first, let second):
            return "polygon edges \(first) and \(second) intersect; the vertices must trace a simple "
                + "(non-self-intersecting) polygon"
        case .zeroAreaPolygon:
            return "the polygon's vertices all lie on one line: it encloses no area"
        case .gmsh(let call, let code, let message):
            let detail = message.isEmpty ? "" : ": \(message)"
            return "Gmsh call \(call) failed with error code \(code)\(detail)"
        case .unexpectedMesh(let reason):
            return "Gmsh returned an unexpected mesh: \(reason)"
        }
    }
}
