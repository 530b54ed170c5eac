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
        return try FEMMesh(
            dimension: 2, coordinates: coordinates, cells: cells, facets: facets, facetConditions: conditions)
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

    /// The unit ball: the cube [−1, 1]³ as (2n)³ cubes, each cut into Kuhn's 6 tetrahedra
    /// along its diagonal from the corner nearest the centre (so the pattern is mirrored between
    /// octants and every cube corner lies on its cube's diagonal), then each vertex x moved to
    /// x ‖x‖_∞ / ‖x‖₂ (cube shells onto spheres; h ≈ 1/n). Boundary triangles (the tetrahedra's
    /// faces that belong to one tetrahedron) get `condition(centre)`. With `curved`, the P2
    /// mesh's boundary edge nodes are projected onto the sphere; otherwise left on the chords.
    static func quadraticBall(n: Int, curved: Bool, condition: ([Double]) -> Int = { _ in 0 }) throws -> FEMMesh {
        let side = 2 * n + 1
        func node(_ index: [Int]) -> Int { (index[0] + n) + side * ((index[1] + n) + side * (index[2] + n)) }
        var coordinates: [Double] = []
        for k in -n...n {
            for j in -n...n {
                for i in -n...n {
                    let x = [Double(i), Double(j), Double(k)].map { $0 / Double(n) }
                    let infinity = x.map(abs).max() ?? 0, euclidean = x.reduce(0) { $0 + $1 * $1 }.squareRoot()
                    coordinates += x.map { euclidean == 0 ? 0 : $0 * infinity / euclidean }
                }
            }
        }
        let paths = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]]
        var cells: [Int] = []
        var faceCount: [[Int]: Int] = [:]
        for k in -n..<n {
            for j in -n..<n {
                for i in -n..<n {
                    let lower = [i, j, k]
                    let start = lower.map { $0 >= 0 ? $0 : $0 + 1 }
                    let step = lower.map { $0 >= 0 ? 1 : -1 }
                    for path in paths {
                        var corner = start
                        var tetrahedron = [node(corner)]
                        for axis in path {
                            corner[axis] += step[axis]
                            tetrahedron.append(node(corner))
                        }
                        cells += tetrahedron
                        for skip in 0..<4 {
                            let face = tetrahedron.enumerated().filter { $0.offset != skip }.map(\.element).sorted()
                            faceCount[face, default: 0] += 1
                        }
                    }
                }
            }
        }
        var facets: [Int] = [], conditions: [Int] = []
        for face in faceCount.filter({ $0.value == 1 }).keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            facets += face
            let centre = (0..<3).map { a in face.reduce(0.0) { $0 + coordinates[3 * $1 + a] } / 3 }
            conditions.append(condition(centre))
        }
        let mesh = try FEMMesh(
            dimension: 3, coordinates: coordinates, cells: cells, facets: facets, facetConditions: conditions)
        guard curved else { return try mesh.quadratic() }
        return try mesh.quadratic(projectingBoundaryMidpoints: { p, _ in
            let r = p.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return p.map { $0 / r }
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
