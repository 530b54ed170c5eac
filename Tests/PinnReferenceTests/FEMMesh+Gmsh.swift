import Foundation
import PinnIO
import PinnReference

/// A Gmsh facet that belongs to no physical group the test gave a condition for.
struct UnassignedFacet: Error {
    var facet: Int
    var groups: [String]
}

extension FEMMesh {
    /// The finite-element input for a Gmsh mesh, linear or quadratic: all cells, and every facet
    /// with the condition index of the first of its physical groups that `conditionIndices` names.
    /// `moving` may move nodes first (given a node's index and its coordinates).
    init(
        _ mesh: SimplexMesh, conditionIndices: [String: Int],
        moving: (Int, SIMD3<Double>) -> SIMD3<Double> = { $1 }
    ) throws {
        let d = mesh.dimension
        let coordinates = mesh.nodes.enumerated().flatMap {
            let p = moving($0, $1)
            return d == 2 ? [p.x, p.y] : [p.x, p.y, p.z]
        }
        let facets = mesh.facets
        let conditions = try (0..<facets.count).map { f in
            let names = mesh.facetGroupNames(f)
            guard let index = names.lazy.compactMap({ conditionIndices[$0] }).first else {
                throw UnassignedFacet(facet: f, groups: names)
            }
            return index
        }
        try self.init(
            dimension: d, order: mesh.order, coordinates: coordinates, cells: mesh.cells.connectivity,
            facets: facets.connectivity, facetConditions: conditions)
    }

    /// The mesh `Meshes/<name>` of the repository.
    static func repositoryMesh(_ name: String, conditionIndices: [String: Int]) throws -> FEMMesh {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Meshes").appendingPathComponent(name).path
        return try FEMMesh(SimplexMesh.readGmsh(at: path), conditionIndices: conditionIndices)
    }
}
