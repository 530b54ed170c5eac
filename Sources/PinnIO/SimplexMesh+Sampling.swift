import PinnNumerics

/// Points drawn from a mesh, with the element each came from.
public struct MeshSamples: Sendable, Equatable {
    /// Coordinates per point (2 or 3, the mesh's dimension).
    public var dimension: Int
    /// The points, row-major `[count × dimension]` (x, y(, z) of point 0, then point 1, …).
    public var points: [Double]
    /// The cell or facet index each point lies in.
    public var elements: [Int]
    /// For facet samples, the outward unit normal at each point, row-major like `points`;
    /// empty for cell samples.
    public var normals: [Double]

    /// The number of points.
    public var count: Int { elements.count }

    /// Point `index` as (x, y, z), z = 0 in 2-D.
    public func point(_ index: Int) -> SIMD3<Double> {
        SIMD3(
            points[index * dimension], points[index * dimension + 1], dimension == 3 ? points[index * dimension + 2] : 0
        )
    }
}

/// Uniform sampling of the domain and its boundary: an element is chosen with probability
/// proportional to its measure, then a point uniformly inside it (barycentric coordinates from
/// the spacings of sorted uniforms), so the points are uniform over the union of the elements.
/// The same generator state gives the same points.
extension SimplexMesh {
    /// `count` points uniform over the cells (those of the group `group` if given; a name that
    /// matches no group gives no points).
    public func sampleCells(count: Int, inGroup group: String? = nil, using generator: inout SeededGenerator)
        -> MeshSamples
    {
        let indices = group.map { cellIndices(inGroup: $0) } ?? Array(0..<cells.count)
        let measures = cellMeasures()
        let chosen = drawElements(count: count, from: indices, weights: indices.map { measures[$0] }, using: &generator)
        var samples = MeshSamples(dimension: dimension, points: [], elements: chosen, normals: [])
        samples.points.reserveCapacity(count * dimension)
        for cell in chosen { append(pointIn(cells.vertices(of: cell), using: &generator), to: &samples.points) }
        return samples
    }

    /// `count` points uniform over the facets (those of the named groups if given), with the
    /// outward normal of the facet each lies on.
    public func sampleFacets(
        count: Int, inGroups groups: [String]? = nil,
        using generator: inout SeededGenerator
    ) -> MeshSamples {
        let indices =
            groups.map { names in
                Array(Set(names.flatMap { facetIndices(inGroup: $0) })).sorted()
            } ?? Array(0..<facets.count)
        let measures = facetMeasures()
        let normals = facetNormals()
        let chosen = drawElements(count: count, from: indices, weights: indices.map { measures[$0] }, using: &generator)
        var samples = MeshSamples(dimension: dimension, points: [], elements: chosen, normals: [])
        samples.points.reserveCapacity(count * dimension)
        samples.normals.reserveCapacity(count * dimension)
        for facet in chosen {
            append(pointIn(facets.vertices(of: facet), using: &generator), to: &samples.points)
            append(normals[facet], to: &samples.normals)
        }
        return samples
    }

    /// `count` draws from `indices` with probability proportional to `weights`.
    private func drawElements(
        count: Int, from indices: [Int], weights: [Double],
        using generator: inout SeededGenerator
    ) -> [Int] {
        let choice = WeightedElementChoice(elements: indices, weights: weights)
        guard count > 0, choice.total > 0 else { return [] }
        return (0..<count).map { _ in choice.element(at: generator.uniform(0.0, 1.0)) }
    }

    /// A uniform point in the simplex on `nodeIndices`.
    private func pointIn(_ nodeIndices: ArraySlice<Int>, using generator: inout SeededGenerator) -> SIMD3<Double> {
        point(inSimplex: nodeIndices, at: (1..<nodeIndices.count).map { _ in generator.uniform(0.0, 1.0) })
    }

    /// The point of the simplex on `nodeIndices` (k + 1 nodes) at unit coordinates `unit`
    /// (k numbers in [0, 1)): the barycentric weights are the spacings of the sorted numbers, so
    /// uniform unit coordinates give a uniform point in the simplex.
    public func point(inSimplex nodeIndices: ArraySlice<Int>, at unit: [Double]) -> SIMD3<Double> {
        let k = nodeIndices.count - 1
        precondition(unit.count >= k, "a \(k)-simplex needs \(k) unit coordinates")
        let cuts = unit.prefix(k).sorted()
        var previous = 0.0
        var point = SIMD3<Double>.zero
        for (j, node) in nodeIndices.enumerated() {
            let next = j < k ? cuts[j] : 1.0
            point += (next - previous) * nodes[node]
            previous = next
        }
        return point
    }
}

/// Picks elements with probability proportional to their weights (lengths, areas, volumes): the
/// weights laid end to end cover [0, total), and u ∈ [0, 1) picks the element whose share holds u·total.
public struct WeightedElementChoice: Sendable {
    /// The elements to pick from.
    public let elements: [Int]
    /// Running sums of the weights.
    private let cumulative: [Double]

    /// A choice among `elements` with `weights` (one each, ≥ 0).
    public init(elements: [Int], weights: [Double]) {
        precondition(elements.count == weights.count, "one weight per element")
        self.elements = elements
        var total = 0.0
        cumulative = weights.map {
            total += $0; return total
        }
    }

    /// The sum of the weights.
    public var total: Double { cumulative.last ?? 0 }

    /// The element whose share of [0, total) holds u·total, for u ∈ [0, 1) (the last one for u ≥ 1).
    public func element(at u: Double) -> Int {
        let target = u * total
        var lo = 0, hi = cumulative.count - 1
        while lo < hi { // first position with cumulative > target
            let mid = (lo + hi) / 2
            if cumulative[mid] > target { hi = mid } else { lo = mid + 1 }
        }
        return elements[lo]
    }
}
