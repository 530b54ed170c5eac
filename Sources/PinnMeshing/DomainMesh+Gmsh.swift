extension DomainMesh {
    /// Renumbers Gmsh's mesh (nodes in no cell dropped, the others 0, 1, … in tag order), orients
    /// cells positively and facets outward, and checks that the facets are exactly the faces of
    /// the boundary (each a face of one cell only, every such face covered once).
    init(_ raw: GmshMesh, domain: MeshDomain) throws(MeshingError) {
        let d = raw.dimension
        let perCell = Self.nodesPerSimplex(dimension: d, order: raw.order)
        let perFacet = Self.nodesPerSimplex(dimension: d - 1, order: raw.order)
        guard !raw.cellNodeTags.isEmpty, raw.cellNodeTags.count % perCell == 0 else {
            throw .unexpectedMesh(reason: "\(raw.cellNodeTags.count) cell node tags for \(perCell)-node cells")
        }
        guard raw.nodeCoordinates.count == 3 * raw.nodeTags.count else {
            throw .unexpectedMesh(reason: "\(raw.nodeCoordinates.count) coordinates for \(raw.nodeTags.count) nodes")
        }
        guard raw.facetNodeTags.count == perFacet * raw.facetParts.count else {
            throw .unexpectedMesh(
                reason: "\(raw.facetNodeTags.count) facet node tags for \(raw.facetParts.count) facets")
        }

        // Nodes: those of some cell, in Gmsh's tag order.
        let used = Set(raw.cellNodeTags)
        let kept = raw.nodeTags.indices.filter { used.contains(raw.nodeTags[$0]) }.sorted {
            raw.nodeTags[$0] < raw.nodeTags[$1]
        }
        guard kept.count == used.count else {
            throw .unexpectedMesh(reason: "cells refer to \(used.count - kept.count) node tags Gmsh did not list")
        }
        var index: [Int: Int] = [:]
        var coordinates: [Double] = []
        coordinates.reserveCapacity(d * kept.count)
        for (new, old) in kept.enumerated() {
            index[raw.nodeTags[old]] = new
            coordinates += raw.nodeCoordinates[(3 * old)..<(3 * old + d)]
        }
        let position = { (node: Int) -> SIMD3<Double> in
            SIMD3(coordinates[d * node], coordinates[d * node + 1], d == 3 ? coordinates[d * node + 2] : 0)
        }

        // Cells, positively oriented.
        let cellFlip = GmshElementType.orientationFlip(dimension: d, order: raw.order)
        var cells: [Int] = []
        cells.reserveCapacity(raw.cellNodeTags.count)
        for cell in 0..<(raw.cellNodeTags.count / perCell) {
            var nodes: [Int] = []
            for tag in raw.cellNodeTags[(perCell * cell)..<(perCell * (cell + 1))] {
                guard let node = index[tag] else {
                    throw .unexpectedMesh(reason: "cell \(cell) refers to unknown node tag \(tag)")
                }
                nodes.append(node)
            }
            let measure = Self.signedMeasure((0...d).map { position(nodes[$0]) }, dimension: d)
            guard measure != 0 else {
                throw .unexpectedMesh(reason: "cell \(cell) (nodes \(nodes.prefix(d + 1))) has zero measure")
            }
            cells += measure > 0 ? nodes : cellFlip.map { nodes[$0] }
        }

        // Boundary faces of the cells: each face (sorted vertex indices) with the opposite vertex.
        var faces: [SIMD3<Int>: (opposite: Int, count: Int)] = [:]
        for cell in 0..<(cells.count / perCell) {
            let vertices = cells[(perCell * cell)..<(perCell * cell + d + 1)]
            for opposite in vertices {
                let key = Self.faceKey(vertices.filter { $0 != opposite })
                faces[key, default: (opposite, 0)].count += 1
            }
        }
        let boundaryFaceCount = faces.values.count { $0.count == 1 }

        // Facets, oriented outward, each on exactly one boundary face.
        let facetFlip = GmshElementType.orientationFlip(dimension: d - 1, order: raw.order)
        var facets: [Int] = []
        facets.reserveCapacity(raw.facetNodeTags.count)
        var seen = Set<SIMD3<Int>>()
        for facet in raw.facetParts.indices {
            var nodes: [Int] = []
            for tag in raw.facetNodeTags[(perFacet * facet)..<(perFacet * (facet + 1))] {
                guard let node = index[tag] else {
                    throw .unexpectedMesh(reason: "boundary facet \(facet) has node tag \(tag), which is in no cell")
                }
                nodes.append(node)
            }
            let key = Self.faceKey(Array(nodes.prefix(d)))
            guard let face = faces[key], face.count == 1, seen.insert(key).inserted else {
                throw .unexpectedMesh(
                    reason: "boundary facet \(facet) (nodes \(nodes.prefix(d))) is not a boundary face of one cell, "
                        + "or is listed twice")
            }
            let outward = Self.isOutward(
                (0..<d).map { position(nodes[$0]) }, opposite: position(face.opposite), dimension: d)
            facets += outward ? nodes : facetFlip.map { nodes[$0] }
        }
        guard seen.count == boundaryFaceCount else {
            throw .unexpectedMesh(
                reason: "the facets cover \(seen.count) of the \(boundaryFaceCount) boundary faces of the cells")
        }
        if let part = raw.facetParts.first(where: { !(0..<domain.boundaryPartCount).contains($0) }) {
            throw .unexpectedMesh(reason: "a facet has part \(part), outside 0..<\(domain.boundaryPartCount)")
        }

        self.init(
            dimension: d, order: raw.order, coordinates: coordinates, cells: cells, facets: facets,
            facetParts: raw.facetParts, droppedNodeCount: raw.nodeTags.count - kept.count)
    }

    /// Signed area of the triangle v0 v1 v2 ((v1 − v0) × (v2 − v0) / 2) or signed volume of the
    /// tetrahedron v0…v3 (det[v1 − v0, v2 − v0, v3 − v0] / 6).
    static func signedMeasure(_ v: [SIMD3<Double>], dimension: Int) -> Double {
        let a = v[1] - v[0]
        let b = v[2] - v[0]
        if dimension == 2 { return (a.x * b.y - a.y * b.x) / 2 }
        return (cross(a, b) * (v[3] - v[0])).sum() / 6
    }

    /// Whether the facet's normal (segment: (y1 − y0, −(x1 − x0)); triangle: (v1 − v0) × (v2 − v0))
    /// points away from the opposite vertex of its cell.
    private static func isOutward(_ v: [SIMD3<Double>], opposite: SIMD3<Double>, dimension: Int) -> Bool {
        let normal: SIMD3<Double>
        if dimension == 2 {
            normal = SIMD3(v[1].y - v[0].y, -(v[1].x - v[0].x), 0)
        } else {
            normal = cross(v[1] - v[0], v[2] - v[0])
        }
        return (normal * (v[0] - opposite)).sum() > 0
    }

    private static func cross(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> SIMD3<Double> {
        SIMD3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x)
    }

    /// A face's vertex indices, sorted, padded with −1 for a segment.
    private static func faceKey(_ vertices: [Int]) -> SIMD3<Int> {
        let s = vertices.sorted()
        return SIMD3(s[0], s[1], s.count > 2 ? s[2] : -1)
    }
}
