/// A Gmsh physical group: a named set of entities of one dimension (0 points, 1 curves,
/// 2 surfaces, 3 volumes), such as the boundary part "outer" or the subdomain "domain".
public struct PhysicalGroup: Hashable, Sendable {
    /// The dimension of its entities.
    public var dimension: Int
    /// Its tag, unique among groups of the same dimension.
    public var tag: Int
    /// Its name from `$PhysicalNames` ("" if it has none).
    public var name: String

    /// A physical group of `dimension` with `tag` and `name`.
    public init(dimension: Int, tag: Int, name: String) {
        self.dimension = dimension
        self.tag = tag
        self.name = name
    }
}

/// All elements of one dimension: points (0), line segments (1), triangles (2) or tetrahedra (3),
/// each a simplex of `dimension + 1` vertices, linear (order 1: the vertices are its nodes) or
/// quadratic (order 2: one more node on every edge, Gmsh's 3-node lines, 6-node triangles and
/// 10-node tetrahedra).
///
/// Node order is Gmsh's: the vertices, then the edge nodes, on edges (0,1) for a line; (0,1),
/// (1,2), (2,0) for a triangle; (0,1), (1,2), (2,0), (3,0), (3,2), (3,1) for a tetrahedron (Gmsh
/// reference manual, "Node ordering"; VTK's quadratic tetrahedron takes the last two the other way).
public struct SimplexElements: Sendable, Equatable {
    /// 0 points, 1 lines, 2 triangles, 3 tetrahedra.
    public let dimension: Int
    /// 1 (linear) or 2 (quadratic).
    public internal(set) var order: Int
    /// 0-based indices into `SimplexMesh.nodes`, `nodesPerElement` per element, in Gmsh's node
    /// order (which is also VTK's and XDMF's for linear simplices).
    public internal(set) var connectivity: [Int]
    /// The Gmsh element tag of each element.
    public internal(set) var elementTags: [Int]
    /// The tag of the Gmsh entity (of this dimension) each element belongs to.
    public internal(set) var entityTags: [Int]
    /// The physical tags of each entity of this dimension that has any (from `$Entities`).
    public internal(set) var physicalTagsByEntity: [Int: [Int]]

    /// An empty set of elements of `dimension`.
    public init(dimension: Int, order: Int = 1) {
        self.dimension = dimension
        self.order = order
        connectivity = []
        elementTags = []
        entityTags = []
        physicalTagsByEntity = [:]
    }

    /// Nodes per element: `dimension + 1` (linear), (d + 1)(d + 2)/2 (quadratic: 3, 6, 10).
    public var nodesPerElement: Int { order == 2 ? (dimension + 1) * (dimension + 2) / 2 : dimension + 1 }

    /// The number of elements.
    public var count: Int { elementTags.count }

    /// The node indices of element `index`: its vertices, then (quadratic) its edge nodes.
    public func nodes(of index: Int) -> ArraySlice<Int> {
        connectivity[(index * nodesPerElement)..<((index + 1) * nodesPerElement)]
    }

    /// The vertex node indices of element `index` (`dimension + 1` of them): the corners of the
    /// straight-sided simplex that measures, samples and normals use.
    public func vertices(of index: Int) -> ArraySlice<Int> {
        connectivity[(index * nodesPerElement)..<(index * nodesPerElement + dimension + 1)]
    }

    /// The local vertex pairs of the edges, in the order of their nodes after the vertices.
    public static func edges(dimension: Int) -> [(Int, Int)] {
        switch dimension {
        case 1: [(0, 1)]
        case 2: [(0, 1), (1, 2), (2, 0)]
        case 3: [(0, 1), (1, 2), (2, 0), (3, 0), (3, 2), (3, 1)]
        default: []
        }
    }

    /// The node on the edge between the vertices with node indices `a` and `b` of quadratic
    /// element `index` (nil when the element is linear or has no such edge).
    public func edgeNode(of index: Int, between a: Int, _ b: Int) -> Int? {
        guard order == 2 else { return nil }
        let base = index * nodesPerElement
        for (k, (i, j)) in Self.edges(dimension: dimension).enumerated() {
            let (p, q) = (connectivity[base + i], connectivity[base + j])
            if (p == a && q == b) || (p == b && q == a) { return connectivity[base + dimension + 1 + k] }
        }
        return nil
    }

    /// The physical tags of element `index` (those of its entity; usually one, possibly none).
    public func physicalTags(of index: Int) -> [Int] {
        physicalTagsByEntity[entityTags[index]] ?? []
    }

    mutating func append(tag: Int, entity: Int, nodes: [Int]) {
        elementTags.append(tag)
        entityTags.append(entity)
        connectivity.append(contentsOf: nodes)
    }
}

/// A mesh of triangles (2-D) or tetrahedra (3-D) read from Gmsh, with its boundary facets
/// (line segments or triangles), marked points and physical groups; linear or quadratic
/// (`SimplexElements.order`). Measures, normals, boundaries and samples use the straight-sided
/// simplex on each element's vertices; a quadratic element's edge nodes (on the curved boundary
/// where Gmsh put them there) are for the finite-element reference and the written nodes.
///
/// Gmsh saves only the elements of physical groups (unless `Mesh.SaveAll` is set), so `facets`
/// are the boundary (and interface) pieces a `.geo` file named, and `cells` the subdomains.
/// 2-D meshes lie in the plane z = 0: geometry uses x and y, and z is ignored.
public struct SimplexMesh: Sendable, Equatable {
    /// 2 (triangles) or 3 (tetrahedra).
    public let dimension: Int
    /// Node coordinates (z = 0 in 2-D meshes).
    public internal(set) var nodes: [SIMD3<Double>]
    /// The Gmsh tag of each node.
    public internal(set) var nodeTags: [Int]
    /// The physical groups, in `$PhysicalNames` order followed by unnamed ones in tag order.
    public internal(set) var physicalGroups: [PhysicalGroup]
    /// The elements by dimension: `elements[d]` has all elements of dimension d (0…3).
    public internal(set) var elements: [SimplexElements]

    init(
        dimension: Int, nodes: [SIMD3<Double>], nodeTags: [Int], physicalGroups: [PhysicalGroup],
        elements: [SimplexElements]
    ) {
        self.dimension = dimension
        self.nodes = nodes
        self.nodeTags = nodeTags
        self.physicalGroups = physicalGroups
        self.elements = elements
    }

    /// The triangles (2-D) or tetrahedra (3-D).
    public var cells: SimplexElements { elements[dimension] }
    /// The line segments (2-D) or triangles (3-D) of named boundaries and interfaces.
    public var facets: SimplexElements { elements[dimension - 1] }
    /// Marked points (Gmsh element type 15).
    public var points: SimplexElements { elements[0] }
    /// The cells' order: 1 (linear) or 2 (quadratic, with a node on every edge).
    public var order: Int { cells.order }

    /// The physical group of `dimension` with `tag`.
    public func group(dimension: Int, tag: Int) -> PhysicalGroup? {
        physicalGroups.first { $0.dimension == dimension && $0.tag == tag }
    }

    /// The physical group called `name` (of `dimension`, if given; the highest such dimension otherwise).
    public func group(named name: String, dimension: Int? = nil) -> PhysicalGroup? {
        physicalGroups.filter { $0.name == name && (dimension == nil || $0.dimension == dimension) }
            .max { $0.dimension < $1.dimension }
    }

    /// The physical groups element `index` of dimension `dimension` belongs to.
    public func groups(ofElement index: Int, dimension: Int) -> [PhysicalGroup] {
        elements[dimension].physicalTags(of: index).compactMap { group(dimension: dimension, tag: $0) }
    }

    /// The names of the groups cell `index` belongs to ("domain").
    public func cellGroupNames(_ index: Int) -> [String] {
        groups(ofElement: index, dimension: dimension).map(\.name)
    }

    /// The names of the groups facet `index` belongs to ("outer", "inner").
    public func facetGroupNames(_ index: Int) -> [String] {
        groups(ofElement: index, dimension: dimension - 1).map(\.name)
    }

    /// The indices of the elements in `group`, in file order.
    public func elementIndices(in group: PhysicalGroup) -> [Int] {
        let block = elements[group.dimension]
        return (0..<block.count).filter { block.physicalTags(of: $0).contains(group.tag) }
    }

    /// The indices of the facets in the group called `name` (empty if there is none).
    public func facetIndices(inGroup name: String) -> [Int] {
        group(named: name, dimension: dimension - 1).map { elementIndices(in: $0) } ?? []
    }

    /// The indices of the cells in the group called `name` (empty if there is none).
    public func cellIndices(inGroup name: String) -> [Int] {
        group(named: name, dimension: dimension).map { elementIndices(in: $0) } ?? []
    }

    /// Appends the mesh's `dimension` coordinates of `point` (x, y; and z in 3-D) to `values`:
    /// the row-major layout of node datasets and sampled points.
    func append(_ point: SIMD3<Double>, to values: inout [Double]) {
        values.append(point.x)
        values.append(point.y)
        if dimension == 3 { values.append(point.z) }
    }
}
