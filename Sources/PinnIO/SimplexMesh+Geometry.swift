/// Measures, centroids and outward normals of cells and facets.
extension SimplexMesh {
    /// The area (2-D) or volume (3-D) of each cell.
    public func cellMeasures() -> [Double] {
        (0..<cells.count).map { simplexMeasure(cells.vertices(of: $0)) }
    }

    /// The length (2-D) or area (3-D) of each facet.
    public func facetMeasures() -> [Double] {
        (0..<facets.count).map { simplexMeasure(facets.vertices(of: $0)) }
    }

    /// The total area (2-D) or volume (3-D) of the cells.
    public var totalMeasure: Double { cellMeasures().reduce(0, +) }

    /// The centroid of element `index` of dimension `dimension` (z = 0 in 2-D).
    public func centroid(ofElement index: Int, dimension: Int) -> SIMD3<Double> {
        let nodeIndices = elements[dimension].vertices(of: index)
        return nodeIndices.reduce(SIMD3<Double>.zero) { $0 + nodes[$1] } / Double(nodeIndices.count)
    }

    /// For each facet, the cell it is a face of (nil if it lies on no cell). An interface facet
    /// shared by two cells gets the first one in file order.
    public func facetCells() -> [Int?] {
        var owner = [FaceKey: Int]()
        let n = dimension + 1
        for cell in 0..<cells.count {
            let cellNodes = Array(cells.vertices(of: cell))
            for omitted in 0..<n {
                let key = FaceKey(cellNodes.enumerated().filter { $0.offset != omitted }.map(\.element))
                if owner[key] == nil { owner[key] = cell }
            }
        }
        return (0..<facets.count).map { owner[FaceKey(Array(facets.vertices(of: $0)))] }
    }

    /// The unit normal of each facet pointing away from its cell (`facetCells()`): on the
    /// boundary of the domain, the outward normal. Facets on no cell get the normal from their
    /// node order (right-hand rule) instead. z = 0 in 2-D.
    public func facetNormals() -> [SIMD3<Double>] {
        let owners = facetCells()
        return (0..<facets.count).map { facet in
            var normal = simplexNormal(facets.vertices(of: facet))
            if let cell = owners[facet] {
                let away =
                    centroid(ofElement: facet, dimension: dimension - 1)
                    - centroid(ofElement: cell, dimension: dimension)
                if (normal * away).sum() < 0 { normal = -normal }
            }
            return normal
        }
    }

    // MARK: simplices

    /// Length, area or volume of the simplex on `nodeIndices` (2 to 4 nodes); in 2-D meshes
    /// x and y only.
    func simplexMeasure(_ nodeIndices: ArraySlice<Int>) -> Double {
        let p = nodeIndices.map { dimension == 2 ? SIMD3(nodes[$0].x, nodes[$0].y, 0) : nodes[$0] }
        switch p.count {
        case 2: return length(p[1] - p[0])
        case 3: return 0.5 * length(cross(p[1] - p[0], p[2] - p[0]))
        case 4: return abs(dot(cross(p[1] - p[0], p[2] - p[0]), p[3] - p[0])) / 6
        default: return 1 // a point: counting measure
        }
    }

    /// A unit normal of a facet from its node order: for a segment a→b in the plane (t_y, −t_x)/|t|,
    /// for a triangle (b − a) × (c − a) normalised.
    func simplexNormal(_ nodeIndices: ArraySlice<Int>) -> SIMD3<Double> {
        let p = nodeIndices.map { nodes[$0] }
        let normal: SIMD3<Double>
        switch p.count {
        case 2:
            let t = p[1] - p[0]
            normal = SIMD3(t.y, -t.x, 0)
        case 3: normal = cross(p[1] - p[0], p[2] - p[0])
        default: return .zero
        }
        let size = length(normal)
        return size > 0 ? normal / size : .zero
    }
}

/// A face identified by its sorted node indices (up to three).
struct FaceKey: Hashable {
    let a: Int, b: Int, c: Int

    init(_ nodes: [Int]) {
        let sorted = nodes.sorted()
        a = sorted[0]
        b = sorted.count > 1 ? sorted[1] : -1
        c = sorted.count > 2 ? sorted[2] : -1
    }
}

private func dot(_ u: SIMD3<Double>, _ v: SIMD3<Double>) -> Double { (u * v).sum() }
private func length(_ u: SIMD3<Double>) -> Double { dot(u, u).squareRoot() }
private func cross(_ u: SIMD3<Double>, _ v: SIMD3<Double>) -> SIMD3<Double> {
    SIMD3(u.y * v.z - u.z * v.y, u.z * v.x - u.x * v.z, u.x * v.y - u.y * v.x)
}
