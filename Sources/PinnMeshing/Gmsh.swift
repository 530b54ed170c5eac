import CGmsh
import Synchronization

/// Gmsh's C API as Swift: the only file in this target that sees C pointers.
///
/// Gmsh keeps one global model and is not thread-safe, so every use goes through
/// `Gmsh.withSession`, which holds a process-wide lock, initialises Gmsh (without reading the
/// user's configuration files), silences its terminal output, runs the body on one thread, and
/// finalises Gmsh again (initialising costs about 0.2 ms). Every call checks Gmsh's error code
/// and throws `MeshingError.gmsh` naming the call, with Gmsh's last logged error message.
enum Gmsh {
    /// Serialises every use of Gmsh's global state in this process.
    private static let lock = Mutex<Void>(())

    /// Runs `body` inside a fresh Gmsh instance with an empty model, under the process-wide lock.
    static func withSession<T: Sendable>(
        _ body: (GmshSession) throws(MeshingError) -> T
    ) throws(MeshingError) -> T {
        try lock.withLock { _ throws(MeshingError) -> T in
            var ierr: Int32 = 0
            gmshInitialize(0, nil, 0, &ierr)
            try check(ierr, "gmshInitialize")
            defer {
                var finalizeError: Int32 = 0
                gmshFinalize(&finalizeError)
            }
            let session = GmshSession()
            // Silent, and one thread everywhere: the same call gives the same mesh.
            try session.setOption("General.Terminal", 0)
            try session.setOption("General.NumThreads", 1)
            try session.setOption("Mesh.MaxNumThreads1D", 1)
            try session.setOption("Mesh.MaxNumThreads2D", 1)
            try session.setOption("Mesh.MaxNumThreads3D", 1)
            try session.addModel("pinn")
            return try body(session)
        }
    }

    /// Throws `MeshingError.gmsh` when `ierr` is non-zero, with Gmsh's last error message.
    fileprivate static func check(_ ierr: Int32, _ call: String) throws(MeshingError) {
        guard ierr != 0 else { return }
        var message: UnsafeMutablePointer<CChar>?
        var loggerError: Int32 = 0
        gmshLoggerGetLastError(&message, &loggerError)
        defer { gmshFree(message) }
        let text = loggerError == 0 ? message.map { String(cString: $0) } ?? "" : ""
        throw .gmsh(call: call, code: Int(ierr), message: text)
    }
}

/// An entity of the Gmsh model: its dimension (0 point, 1 curve, 2 surface, 3 volume) and tag.
struct GmshEntity: Hashable, Sendable {
    var dimension: Int
    var tag: Int
}

/// The Gmsh calls the mesher needs, valid only inside `Gmsh.withSession`.
struct GmshSession {
    fileprivate init() {}

    // MARK: options and model

    func setOption(_ name: String, _ value: Double) throws(MeshingError) {
        var ierr: Int32 = 0
        gmshOptionSetNumber(name, value, &ierr)
        try Gmsh.check(ierr, "gmshOptionSetNumber(\(name), \(value))")
    }

    func addModel(_ name: String) throws(MeshingError) {
        var ierr: Int32 = 0
        gmshModelAdd(name, &ierr)
        try Gmsh.check(ierr, "gmshModelAdd(\(name))")
    }

    // MARK: built-in geometry kernel

    /// A point; `meshSize` 0 leaves the size to the global options.
    func geoAddPoint(x: Double, y: Double, z: Double, meshSize: Double = 0, tag: Int = -1) throws(MeshingError)
        -> Int
    {
        var ierr: Int32 = 0
        let result = gmshModelGeoAddPoint(x, y, z, meshSize, Int32(tag), &ierr)
        try Gmsh.check(ierr, "gmshModelGeoAddPoint(\(x), \(y), \(z))")
        return Int(result)
    }

    func geoAddLine(from start: Int, to end: Int, tag: Int = -1) throws(MeshingError) -> Int {
        var ierr: Int32 = 0
        let result = gmshModelGeoAddLine(Int32(start), Int32(end), Int32(tag), &ierr)
        try Gmsh.check(ierr, "gmshModelGeoAddLine(\(start), \(end))")
        return Int(result)
    }

    /// A closed loop of curves, each traversed in its own direction (no reorientation).
    func geoAddCurveLoop(_ curves: [Int]) throws(MeshingError) -> Int {
        var ierr: Int32 = 0
        var tags = curves.map { Int32($0) }
        let result = gmshModelGeoAddCurveLoop(&tags, tags.count, -1, 0, &ierr)
        try Gmsh.check(ierr, "gmshModelGeoAddCurveLoop(\(curves))")
        return Int(result)
    }

    func geoAddPlaneSurface(loops: [Int]) throws(MeshingError) -> Int {
        var ierr: Int32 = 0
        var tags = loops.map { Int32($0) }
        let result = gmshModelGeoAddPlaneSurface(&tags, tags.count, -1, &ierr)
        try Gmsh.check(ierr, "gmshModelGeoAddPlaneSurface(\(loops))")
        return Int(result)
    }

    func geoSynchronize() throws(MeshingError) {
        var ierr: Int32 = 0
        gmshModelGeoSynchronize(&ierr)
        try Gmsh.check(ierr, "gmshModelGeoSynchronize")
    }

    // MARK: OpenCASCADE kernel

    func occAddDisk(center: SIMD2<Double>, radius: Double) throws(MeshingError) -> Int {
        var ierr: Int32 = 0
        let result = gmshModelOccAddDisk(center.x, center.y, 0, radius, radius, -1, &ierr)
        try Gmsh.check(ierr, "gmshModelOccAddDisk(\(center), \(radius))")
        return Int(result)
    }

    /// A full sphere (angles −π/2…π/2 in latitude, 2π in longitude).
    func occAddSphere(center: SIMD3<Double>, radius: Double) throws(MeshingError) -> Int {
        var ierr: Int32 = 0
        let result = gmshModelOccAddSphere(
            center.x, center.y, center.z, radius, -1, -Double.pi / 2, Double.pi / 2, 2 * Double.pi, &ierr)
        try Gmsh.check(ierr, "gmshModelOccAddSphere(\(center), \(radius))")
        return Int(result)
    }

    func occAddBox(lower: SIMD3<Double>, extent: SIMD3<Double>) throws(MeshingError) -> Int {
        var ierr: Int32 = 0
        let result = gmshModelOccAddBox(lower.x, lower.y, lower.z, extent.x, extent.y, extent.z, -1, &ierr)
        try Gmsh.check(ierr, "gmshModelOccAddBox(\(lower), \(extent))")
        return Int(result)
    }

    func occSynchronize() throws(MeshingError) {
        var ierr: Int32 = 0
        gmshModelOccSynchronize(&ierr)
        try Gmsh.check(ierr, "gmshModelOccSynchronize")
    }

    // MARK: model queries

    /// The entities of dimension `dimension`, in Gmsh's order.
    func entities(dimension: Int) throws(MeshingError) -> [GmshEntity] {
        var ierr: Int32 = 0
        var dimTags: UnsafeMutablePointer<Int32>?
        var count = 0
        gmshModelGetEntities(&dimTags, &count, Int32(dimension), &ierr)
        defer { gmshFree(dimTags) }
        try Gmsh.check(ierr, "gmshModelGetEntities(\(dimension))")
        return Self.entityPairs(dimTags, count)
    }

    /// The boundary entities of `entities` (one level down, unoriented, shared ones once).
    func boundary(of entities: [GmshEntity]) throws(MeshingError) -> [GmshEntity] {
        var ierr: Int32 = 0
        var input = entities.flatMap { [Int32($0.dimension), Int32($0.tag)] }
        var output: UnsafeMutablePointer<Int32>?
        var count = 0
        gmshModelGetBoundary(&input, input.count, &output, &count, 1, 0, 0, &ierr)
        defer { gmshFree(output) }
        try Gmsh.check(ierr, "gmshModelGetBoundary(\(entities.map { [$0.dimension, $0.tag] }))")
        // Gmsh may return negative tags for orientation even when asked not to; take |tag|.
        return Self.entityPairs(output, count).map { GmshEntity(dimension: $0.dimension, tag: abs($0.tag)) }
    }

    /// The entity's axis-aligned bounding box (OpenCASCADE may pad it by its tolerance).
    func boundingBox(of entity: GmshEntity) throws(MeshingError) -> (lower: SIMD3<Double>, upper: SIMD3<Double>) {
        var ierr: Int32 = 0
        var (x0, y0, z0, x1, y1, z1) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
        gmshModelGetBoundingBox(Int32(entity.dimension), Int32(entity.tag), &x0, &y0, &z0, &x1, &y1, &z1, &ierr)
        try Gmsh.check(ierr, "gmshModelGetBoundingBox(\(entity.dimension), \(entity.tag))")
        return (SIMD3(x0, y0, z0), SIMD3(x1, y1, z1))
    }

    private static func entityPairs(_ dimTags: UnsafeMutablePointer<Int32>?, _ count: Int) -> [GmshEntity] {
        guard let dimTags else { return [] }
        return stride(from: 0, to: count - 1, by: 2).map {
            GmshEntity(dimension: Int(dimTags[$0]), tag: Int(dimTags[$0 + 1]))
        }
    }

    // MARK: meshing

    func generate(dimension: Int) throws(MeshingError) {
        var ierr: Int32 = 0
        gmshModelMeshGenerate(Int32(dimension), &ierr)
        try Gmsh.check(ierr, "gmshModelMeshGenerate(\(dimension))")
    }

    /// Makes the mesh of order `order`; new nodes on curved entities are placed on the geometry.
    func setOrder(_ order: Int) throws(MeshingError) {
        var ierr: Int32 = 0
        gmshModelMeshSetOrder(Int32(order), &ierr)
        try Gmsh.check(ierr, "gmshModelMeshSetOrder(\(order))")
    }

    /// Every node of the mesh: its tag and its x, y, z.
    func nodes() throws(MeshingError) -> (tags: [Int], coordinates: [Double]) {
        var ierr: Int32 = 0
        var tags: UnsafeMutablePointer<Int>?
        var tagCount = 0
        var coordinates: UnsafeMutablePointer<Double>?
        var coordinateCount = 0
        var parametric: UnsafeMutablePointer<Double>?
        var parametricCount = 0
        gmshModelMeshGetNodes(
            &tags, &tagCount, &coordinates, &coordinateCount, &parametric, &parametricCount, -1, -1, 0, 0, &ierr)
        defer {
            gmshFree(tags)
            gmshFree(coordinates)
            gmshFree(parametric)
        }
        try Gmsh.check(ierr, "gmshModelMeshGetNodes")
        return (Self.array(tags, tagCount), Self.array(coordinates, coordinateCount))
    }

    /// The node tags of every element of Gmsh type `type` (1 line, 8 quadratic line, 2 triangle,
    /// 9 quadratic triangle, 4 tetrahedron, 11 quadratic tetrahedron) classified on `entity`
    /// (all entities of the type's dimension when nil), element after element.
    func elementNodes(type: Int, on entity: GmshEntity? = nil) throws(MeshingError) -> [Int] {
        var ierr: Int32 = 0
        var elementTags: UnsafeMutablePointer<Int>?
        var elementCount = 0
        var nodeTags: UnsafeMutablePointer<Int>?
        var nodeCount = 0
        gmshModelMeshGetElementsByType(
            Int32(type), &elementTags, &elementCount, &nodeTags, &nodeCount, Int32(entity?.tag ?? -1), 0, 1, &ierr)
        defer {
            gmshFree(elementTags)
            gmshFree(nodeTags)
        }
        try Gmsh.check(ierr, "gmshModelMeshGetElementsByType(\(type), \(entity?.tag ?? -1))")
        return Self.array(nodeTags, nodeCount)
    }

    private static func array<T>(_ pointer: UnsafeMutablePointer<T>?, _ count: Int) -> [T] {
        guard let pointer, count > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: pointer, count: count))
    }
}
