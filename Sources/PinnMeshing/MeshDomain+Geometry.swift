extension MeshDomain {
    /// Builds the domain in the session's model (synchronised) and returns, for each entity of
    /// the domain's boundary (curves in 2-D, surfaces in 3-D), the boundary part it belongs to.
    ///
    /// Polygons and rectangles use Gmsh's built-in kernel (straight lines, with curve tag i + 1
    /// for edge i); disks, balls and boxes use OpenCASCADE, whose circle and sphere are exact, so
    /// that quadratic edge nodes on them are placed on the curved boundary.
    func addGeometry(to session: GmshSession) throws(MeshingError) -> [GmshEntity: Int] {
        switch self {
        case .polygon(let vertices):
            return try Self.addPolygon(vertices, to: session)
        case .rectangle(let lo, let hi):
            // Edges bottom, right, top, left are parts 2, 1, 3, 0.
            let corners = [lo, SIMD2(hi.x, lo.y), hi, SIMD2(lo.x, hi.y)]
            let edgePart = [2, 1, 3, 0]
            return try Self.addPolygon(corners, to: session).mapValues { edgePart[$0] }
        case .disk(let center, let radius):
            let surface = try session.occAddDisk(center: center, radius: radius)
            try session.occSynchronize()
            return try Self.wholeBoundary(of: GmshEntity(dimension: 2, tag: surface), in: session)
        case .ball(let center, let radius):
            let volume = try session.occAddSphere(center: center, radius: radius)
            try session.occSynchronize()
            return try Self.wholeBoundary(of: GmshEntity(dimension: 3, tag: volume), in: session)
        case .box(let lo, let hi):
            let volume = try session.occAddBox(lower: lo, extent: hi - lo)
            try session.occSynchronize()
            return try Self.boxFaces(of: GmshEntity(dimension: 3, tag: volume), lower: lo, upper: hi, in: session)
        }
    }

    /// Points 1…n, line i + 1 from vertex i to vertex i + 1, one loop, one plane surface.
    private static func addPolygon(_ vertices: [SIMD2<Double>], to session: GmshSession) throws(MeshingError)
        -> [GmshEntity: Int]
    {
        let n = vertices.count
        var points: [Int] = []
        for v in vertices {
            points.append(try session.geoAddPoint(x: v.x, y: v.y, z: 0))
        }
        var lines: [Int] = []
        for i in 0..<n {
            lines.append(try session.geoAddLine(from: points[i], to: points[(i + 1) % n]))
        }
        let loop = try session.geoAddCurveLoop(lines)
        _ = try session.geoAddPlaneSurface(loops: [loop])
        try session.geoSynchronize()
        var parts: [GmshEntity: Int] = [:]
        for (edge, line) in lines.enumerated() {
            parts[GmshEntity(dimension: 1, tag: line)] = edge
        }
        return parts
    }

    /// Every boundary entity of `entity` in part 0.
    private static func wholeBoundary(of entity: GmshEntity, in session: GmshSession) throws(MeshingError)
        -> [GmshEntity: Int]
    {
        let boundary = try session.boundary(of: [entity])
        return Dictionary(uniqueKeysWithValues: boundary.map { ($0, 0) })
    }

    /// Each face of the box in part 2·axis + side, found from its bounding box: the axis along
    /// which it is flat, and whether its centre is above or below the box's centre on that axis.
    private static func boxFaces(
        of volume: GmshEntity, lower: SIMD3<Double>, upper: SIMD3<Double>, in session: GmshSession
    ) throws(MeshingError) -> [GmshEntity: Int] {
        let size = (upper - lower).max()
        let middle = (lower + upper) / 2
        var parts: [GmshEntity: Int] = [:]
        for face in try session.boundary(of: [volume]) {
            let box = try session.boundingBox(of: face)
            let extent = box.upper - box.lower
            let axis = (0..<3).min { extent[$0] < extent[$1] } ?? 0
            guard extent[axis] <= 1e-6 * size else {
                throw .unexpectedMesh(reason: "box boundary surface \(face.tag) is not flat along any axis")
            }
            let side = (box.lower[axis] + box.upper[axis]) / 2 > middle[axis] ? 1 : 0
            parts[face] = 2 * axis + side
        }
        guard Set(parts.values).count == 6 else {
            throw .unexpectedMesh(reason: "the box's boundary surfaces give parts \(parts.values.sorted()), not 0…5")
        }
        return parts
    }
}
