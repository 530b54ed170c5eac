import Foundation
import PinnIO
import PinnReference

/// A Gmsh facet that belongs to no physical group the test gave a condition for.
struct UnassignedFacet: Error {
    var facet: Int
    var groups: [String]
}

extension FEMMesh {
    /// The finite-element input for a Gmsh mesh: all cells, and every facet with the condition
    /// index of the first of its physical groups that `conditionIndices` names.
    init(_ mesh: SimplexMesh, conditionIndices: [String: Int]) throws {
        let d = mesh.dimension
        let coordinates = mesh.nodes.flatMap { d == 2 ? [$0.x, $0.y] : [$0.x, $0.y, $0.z] }
        let facets = mesh.facets
        let conditions = try (0..<facets.count).map { f in
            let names = mesh.facetGroupNames(f)
            guard let index = names.lazy.compactMap({ conditionIndices[$0] }).first else {
                throw UnassignedFacet(facet: f, groups: names)
            }
            return index
        }
        try self.init(
            dimension: d, coordinates: coordinates, cells: mesh.cells.connectivity,
            facets: facets.connectivity, facetConditions: conditions)
    }

    /// The mesh `Meshes/<name>` of the repository.
    static func repositoryMesh(_ name: String, conditionIndices: [String: Int]) throws -> FEMMesh {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Meshes").appendingPathComponent(name).path
        return try FEMMesh(SimplexMesh.readGmsh(at: path), conditionIndices: conditionIndices)
    }
}
