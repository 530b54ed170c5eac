import Foundation
import PinnNumerics
import PinnReference

/// Meshes for the P2 tests: the unit disk by concentric rings, and quadratic meshes with their
/// edge nodes moved (curved cells).
extension FEMTestMesh {
    /// The unit disk as `rings` rings of triangles around its centre: ring k (k = 1…rings) has
    /// 6k vertices at radius k/rings, angles 2πj/(6k), joined to ring k − 1 by merging the two
    /// rings' angles (a hexagonal pattern bent onto circles; quasi-uniform with h ≈ 1/rings).
    /// Boundary segments get the condition index `condition(θ)` of the angle θ ∈ [0, 2π) of
    /// their midpoint. Every vertex lies inside or on the circle.
    static func disk(rings n: Int, condition: (Double) -> Int = { _ in 0 }) throws -> FEMMesh {
        var coordinates = [0.0, 0.0]
        var ringStart = [0]
        for k in 1...n {
            ringStart.append(coordinates.count / 2)
            for j in 0..<(6 * k) {
                let angle = 2 * Double.pi * Double(j) / Double(6 * k)
                coordinates += [Double(k) / Double(n) * cos(angle), Double(k) / Double(n) * sin(angle)]
            }
        }
        var cells: [Int] = []
        for k in 1...n {
            let outerCount = 6 * k, innerCount = max(6 * (k - 1), 1)
            func outer(_ j: Int) -> Int { ringStart[k] + j % outerCount }
            func inner(_ i: Int) -> Int { ringStart[k - 1] + i % innerCount }
            var i = 0, j = 0
            while j < outerCount || (k > 1 && i < innerCount) {
                let nextOuter = Double(j + 1) / Double(outerCount)
                let nextInner = k == 1 ? 2.0 : Double(i + 1) / Double(innerCount)
                if j < outerCount && nextOuter <= nextInner {
                    cells += [inner(i), outer(j), outer(j + 1)]
                    j += 1
                } else {
                    cells += [inner(i), outer(j), inner(i + 1)]
                    i += 1
                }
            }
        }
        var facets: [Int] = [], conditions: [Int] = []
        for j in 0..<(6 * n) {
            facets += [ringStart[n] + j, ringStart[n] + (j + 1) % (6 * n)]
            conditions.append(condition(2 * Double.pi * (Double(j) + 0.5) / Double(6 * n)))
        }
        return try FEMMesh(dimension: 2, coordinates: coordinates, cells: cells, facets: facets, facetConditions: conditions)
    }

    /// The quadratic disk: `disk(rings:condition:)` with edge midpoints added, those of boundary
    /// edges projected onto the unit circle when `curved` (isoparametric), left on the chord
    /// otherwise (straight P2 on the polygon).
    static func quadraticDisk(rings n: Int, curved: Bool, condition: (Double) -> Int = { _ in 0 }) throws -> FEMMesh {
        let mesh = try disk(rings: n, condition: condition)
        guard curved else { return try mesh.quadratic() }
        return try mesh.quadratic(projectingBoundaryMidpoints: { p, _ in
            let r = (p[0] * p[0] + p[1] * p[1]).squareRoot()
            return [p[0] / r, p[1] / r]
        })
    }

    /// `mesh` (quadratic) with every edge node that is on no facet moved by up to
    /// `fraction` · (its edge's length) per coordinate, drawn from `seed`: interior cells become
    /// curved while the boundary stays as it was.
    static func bendingInteriorEdges(of mesh: FEMMesh, fraction: Double, seed: UInt64) throws -> FEMMesh {
        let d = mesh.dimension
        var onFacet = [Bool](repeating: false, count: mesh.nodeCount)
        for node in mesh.facets { onFacet[node] = true }
        var coordinates = mesh.coordinates
        var moved = [Bool](repeating: false, count: mesh.nodeCount)
        var generator = SeededGenerator(seed: seed)
        let edges: [(Int, Int)] =
            d == 2 ? [(0, 1), (1, 2), (2, 0)] : [(0, 1), (1, 2), (2, 0), (3, 0), (3, 2), (3, 1)]
        for cell in 0..<mesh.cellCount {
            let nodes = Array(mesh.nodes(ofCell: cell))
            for (k, (a, b)) in edges.enumerated() {
                let node = nodes[d + 1 + k]
                guard !onFacet[node], !moved[node] else { continue }
                moved[node] = true
                let pa = mesh.point(nodes[a]), pb = mesh.point(nodes[b])
                let edgeLength = zip(pa, pb).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
                for axis in 0..<d {
                    coordinates[d * node + axis] += generator.uniform(-fraction * edgeLength, fraction * edgeLength)
                }
            }
        }
        return try FEMMesh(
            dimension: d, order: 2, coordinates: coordinates, cells: mesh.cells, facets: mesh.facets,
            facetConditions: mesh.facetConditions)
    }
}
