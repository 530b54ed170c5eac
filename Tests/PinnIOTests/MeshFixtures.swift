import Foundation
import PinnIO

/// The example meshes in the repository's Meshes/ folder, and a small hand-written MSH 4.1 file.
enum MeshFixtures {
    /// `<repository>/Meshes/<name>`.
    static func path(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Meshes").appendingPathComponent(name).path
    }

    static func load(_ name: String) throws -> SimplexMesh {
        try SimplexMesh.readGmsh(at: path(name))
    }

    /// The unit square as two triangles, its four edges in group "boundary" (line numbers in the comments).
    static let square = """
        $MeshFormat
        4.1 0 8
        $EndMeshFormat
        $PhysicalNames
        2
        1 1 "boundary"
        2 2 "the domain"
        $EndPhysicalNames
        $Entities
        0 1 1 0
        1 0 0 0 1 1 0 1 1 0
        1 0 0 0 1 1 0 1 2 0
        $EndEntities
        $Nodes
        1 4 1 4
        2 1 0 4
        1
        2
        3
        4
        0 0 0
        1 0 0
        1 1 0
        0 1 0
        $EndNodes
        $Elements
        2 6 1 6
        1 1 1 4
        1 1 2
        2 2 3
        3 3 4
        4 4 1
        2 1 2 2
        5 1 2 3
        6 1 3 4
        $EndElements

        """

    /// `square` with line `number` (1-based) replaced by `text`.
    static func square(replacingLine number: Int, with text: String) -> String {
        var lines = square.components(separatedBy: "\n")
        lines[number - 1] = text
        return lines.joined(separator: "\n")
    }

    /// The first `count` lines of `square`.
    static func square(firstLines count: Int) -> String {
        square.components(separatedBy: "\n").prefix(count).joined(separator: "\n") + "\n"
    }
}
