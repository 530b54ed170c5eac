extension MeshDomain {
    /// Checks that the parameters describe a domain Gmsh can mesh: finite coordinates, a positive
    /// radius, upper > lower, and for a polygon at least 3 vertices, no zero-length edge, a
    /// non-zero area and no two edges that cross or overlap.
    func validate() throws(MeshingError) {
        switch self {
        case .disk(let c, let r):
            try Self.checkFinite([c.x, c.y], "disk centre")
            try Self.checkRadius(r)
        case .ball(let c, let r):
            try Self.checkFinite([c.x, c.y, c.z], "ball centre")
            try Self.checkRadius(r)
        case .rectangle(let lo, let hi):
            try Self.checkFinite([lo.x, lo.y, hi.x, hi.y], "rectangle bound")
            try Self.checkBounds([lo.x, lo.y], [hi.x, hi.y])
        case .box(let lo, let hi):
            try Self.checkFinite([lo.x, lo.y, lo.z, hi.x, hi.y, hi.z], "box bound")
            try Self.checkBounds([lo.x, lo.y, lo.z], [hi.x, hi.y, hi.z])
        case .polygon(let vertices):
            try Self.validatePolygon(vertices)
        }
    }

    private static func checkFinite(_ values: [Double], _ what: String) throws(MeshingError) {
        if let v = values.first(where: { !$0.isFinite }) {
            throw .invalidDomain(reason: "\(what) coordinate \(v) is not finite")
        }
    }

    private static func checkRadius(_ r: Double) throws(MeshingError) {
        guard r.isFinite, r > 0 else { throw .invalidDomain(reason: "radius \(r) must be positive and finite") }
    }

    private static func checkBounds(_ lower: [Double], _ upper: [Double]) throws(MeshingError) {
        for axis in lower.indices where !(upper[axis] > lower[axis]) {
            throw .invalidDomain(
                reason: "upper bound \(upper[axis]) is not above lower bound \(lower[axis]) on axis \(axis)")
        }
    }

    private static func validatePolygon(_ v: [SIMD2<Double>]) throws(MeshingError) {
        guard v.count >= 3 else { throw .tooFewPolygonVertices(count: v.count) }
        for (i, p) in v.enumerated() {
            try checkFinite([p.x, p.y], "polygon vertex \(i)")
        }
        let n = v.count
        let scale = v.reduce(0.0) { max($0, abs($1.x), abs($1.y)) }
        for i in 0..<n where length(v[(i + 1) % n] - v[i]) <= 1e-14 * scale {
            throw .degeneratePolygonEdge(edge: i)
        }
        // All on one line (checked first: such a polygon also folds back on itself).
        let far = v.indices.max { length(v[$0] - v[0]) < length(v[$1] - v[0]) } ?? 0
        if v.allSatisfy({ abs(orientation(v[0], v[far], $0)) <= 1e-14 * scale * scale }) {
            throw .zeroAreaPolygon
        }
        for i in 0..<n {
            for j in (i + 1)..<n {
                let a = (v[i], v[(i + 1) % n])
                let b = (v[j], v[(j + 1) % n])
                let adjacent = j == i + 1 || (i == 0 && j == n - 1)
                if adjacent {
                    // They share one vertex; they must not fold back onto each other.
                    let shared = j == i + 1 ? a.1 : a.0
                    let otherA = j == i + 1 ? a.0 : a.1
                    let otherB = j == i + 1 ? b.1 : b.0
                    if overlapAtSharedVertex(shared, otherA, otherB) {
                        throw .selfIntersectingPolygon(first: i, second: j)
                    }
                } else if segmentsIntersect(a.0, a.1, b.0, b.1) {
                    throw .selfIntersectingPolygon(first: i, second: j)
                }
            }
        }
        // A simple polygon encloses area; this catches what rounding let through.
        guard abs(signedArea(v)) > 1e-14 * scale * scale else { throw .zeroAreaPolygon }
    }

    /// (b − a) × (c − a): positive when a, b, c turn counter-clockwise.
    private static func orientation(_ a: SIMD2<Double>, _ b: SIMD2<Double>, _ c: SIMD2<Double>) -> Double {
        (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x)
    }

    /// Whether the closed segments p1p2 and q1q2 share a point (touching counts).
    private static func segmentsIntersect(
        _ p1: SIMD2<Double>, _ p2: SIMD2<Double>, _ q1: SIMD2<Double>, _ q2: SIMD2<Double>
    ) -> Bool {
        let d1 = orientation(q1, q2, p1)
        let d2 = orientation(q1, q2, p2)
        let d3 = orientation(p1, p2, q1)
        let d4 = orientation(p1, p2, q2)
        if ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)) {
            return true
        }
        return (d1 == 0 && onSegment(q1, q2, p1)) || (d2 == 0 && onSegment(q1, q2, p2))
            || (d3 == 0 && onSegment(p1, p2, q1)) || (d4 == 0 && onSegment(p1, p2, q2))
    }

    /// Whether r (collinear with p, q) lies within the segment's bounding box.
    private static func onSegment(_ p: SIMD2<Double>, _ q: SIMD2<Double>, _ r: SIMD2<Double>) -> Bool {
        r.x >= min(p.x, q.x) && r.x <= max(p.x, q.x) && r.y >= min(p.y, q.y) && r.y <= max(p.y, q.y)
    }

    /// Two edges leaving `shared` towards `a` and `b` overlap when they are collinear and point the
    /// same way (the boundary folds back on itself).
    private static func overlapAtSharedVertex(_ shared: SIMD2<Double>, _ a: SIMD2<Double>, _ b: SIMD2<Double>)
        -> Bool
    {
        let u = a - shared
        let w = b - shared
        return orientation(shared, a, b) == 0 && (u * w).sum() > 0
    }
}
