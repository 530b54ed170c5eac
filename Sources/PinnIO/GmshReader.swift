import Foundation

/// Reading Gmsh MSH 4.1 ASCII meshes (`gmsh -2 -format msh41 file.geo`).
///
/// Read: `$MeshFormat` (must say 4.1, ASCII, 8-byte data), `$PhysicalNames`, `$Entities` (which
/// physical groups each point, curve, surface and volume belongs to), `$Nodes` (blocks; parametric
/// coordinates are skipped), `$Elements` of types 15 (point), 1 (2-node line), 2 (3-node
/// triangle) and 4 (4-node tetrahedron), and their quadratic kin 8 (3-node line), 9 (6-node
/// triangle) and 11 (10-node tetrahedron), as `gmsh -order 2` writes them, nodes in Gmsh's order
/// (see `SimplexElements`). Other sections (`$Periodic`, `$NodeData`, …) are skipped. Any other
/// element type, linear and quadratic elements of one dimension in the same file, a node tag that
/// `$Nodes` did not define, a section that does not have the 4.1 layout or an early end of the file
/// throws a `GmshError` naming the line.
extension SimplexMesh {
    /// Reads the Gmsh MSH 4.1 ASCII file at `path`; errors name `path`.
    public static func readGmsh(at path: String) throws -> SimplexMesh {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw GmshError(file: path, line: 0, reason: .unreadable(error.localizedDescription))
        }
        return try parseGmsh(String(decoding: data, as: UTF8.self), file: path)
    }

    /// Parses MSH 4.1 ASCII `text`; errors name `file`.
    public static func parseGmsh(_ text: String, file: String = "<text>") throws -> SimplexMesh {
        var parser = GmshParser(scanner: GmshScanner(text: text, file: file))
        return try parser.parse()
    }
}

/// The state of one parse.
private struct GmshParser {
    var scanner: GmshScanner
    var names = [PhysicalGroup]()
    /// Physical tags of each entity, by entity dimension 0…3.
    var entityGroups = [[Int: [Int]]](repeating: [:], count: 4)
    var nodes = [SIMD3<Double>]()
    var nodeTags = [Int]()
    var nodeIndex = [Int: Int]()
    var blocks = (0...3).map { SimplexElements(dimension: $0) }
    var seen = Set<String>()

    init(scanner: GmshScanner) {
        self.scanner = scanner
    }

    mutating func parse() throws -> SimplexMesh {
        while let token = scanner.nextToken() {
            guard token.hasPrefix("$") else {
                throw scanner.error(.malformed("expected a section such as $Nodes, found '\(token)'"))
            }
            let section = String(token.dropFirst())
            if !seen.contains("MeshFormat") && section != "MeshFormat" {
                throw scanner.error(.missingSection("MeshFormat"))
            }
            switch section {
            case "MeshFormat": try parseFormat()
            case "PhysicalNames": try parsePhysicalNames()
            case "Entities": try parseEntities()
            case "Nodes": try parseNodes()
            case "Elements":
                guard seen.contains("Nodes") else { throw scanner.error(.malformed("$Elements comes before $Nodes")) }
                try parseElements()
            default:
                guard !section.hasPrefix("End") else {
                    throw scanner.error(.malformed("'\(token)' closes a section that was not opened"))
                }
                while try scanner.token("$End\(section)") != "$End\(section)" {}
            }
            seen.insert(section)
        }
        for required in ["MeshFormat", "Nodes", "Elements"] where !seen.contains(required) {
            throw scanner.error(.missingSection(required), line: scanner.lastLine)
        }
        let dimension: Int
        if blocks[3].count > 0 {
            dimension = 3
        } else if blocks[2].count > 0 {
            dimension = 2
        } else {
            throw scanner.error(.noCells, line: scanner.lastLine)
        }
        var groups = names
        for (d, byEntity) in entityGroups.enumerated() {
            blocks[d].physicalTagsByEntity = byEntity
            for tag in Set(byEntity.values.joined()).sorted()
            where !groups.contains(where: { $0.dimension == d && $0.tag == tag }) {
                groups.append(PhysicalGroup(dimension: d, tag: tag, name: ""))
            }
        }
        return SimplexMesh(
            dimension: dimension, nodes: nodes, nodeTags: nodeTags, physicalGroups: groups, elements: blocks)
    }

    /// `version file-type data-size`: only "4.1 0 8".
    mutating func parseFormat() throws {
        let version = try scanner.token("the MSH version")
        guard version == "4.1" else { throw scanner.error(.unsupportedVersion(String(version))) }
        let fileType = try scanner.int("the file type (0 ASCII, 1 binary)")
        guard fileType == 0 else { throw scanner.error(.unsupportedEncoding("file type \(fileType) (binary)")) }
        let dataSize = try scanner.int("the data size")
        guard dataSize == 8 else { throw scanner.error(.unsupportedEncoding("data size \(dataSize)")) }
        try scanner.end("MeshFormat")
    }

    /// `count`, then `dimension tag "name"` lines.
    mutating func parsePhysicalNames() throws {
        let count = try scanner.count("the number of physical names")
        for _ in 0..<count {
            let dimension = try scanner.int("a physical group dimension")
            guard (0...3).contains(dimension) else {
                throw scanner.error(.malformed("physical group dimension \(dimension) is not 0…3"))
            }
            let tag = try scanner.int("a physical group tag")
            let quoted = scanner.restOfLine()
            guard quoted.count >= 2, quoted.hasPrefix("\""), quoted.hasSuffix("\"") else {
                throw scanner.error(.malformed("expected a quoted physical group name, found '\(quoted)'"))
            }
            names.append(PhysicalGroup(dimension: dimension, tag: tag, name: String(quoted.dropFirst().dropLast())))
        }
        try scanner.end("PhysicalNames")
    }

    /// Counts of points, curves, surfaces, volumes; then one line per entity with its physical tags.
    mutating func parseEntities() throws {
        let counts = try (0...3).map { try scanner.count("the number of entities of dimension \($0)") }
        for (dimension, count) in counts.enumerated() {
            for _ in 0..<count {
                let tag = try scanner.int("an entity tag")
                // Points: x y z; curves, surfaces, volumes: a bounding box.
                for _ in 0..<(dimension == 0 ? 3 : 6) { _ = try scanner.double("an entity coordinate") }
                let physicalCount = try scanner.count("the number of physical tags")
                let physical = try (0..<physicalCount).map { _ in abs(try scanner.int("a physical tag")) }
                if !physical.isEmpty { entityGroups[dimension][tag] = physical }
                if dimension > 0 {
                    let bounding = try scanner.count("the number of bounding entities")
                    for _ in 0..<bounding { _ = try scanner.int("a bounding entity tag") }
                }
            }
        }
        try scanner.end("Entities")
    }

    /// `blocks nodes minTag maxTag`; per block `entityDim entityTag parametric count`, the tags,
    /// then `x y z` (and parametric coordinates, skipped) per node.
    mutating func parseNodes() throws {
        let blockCount = try scanner.count("the number of node blocks")
        let total = try scanner.count("the number of nodes")
        _ = try scanner.int("the minimum node tag")
        _ = try scanner.int("the maximum node tag")
        nodes.reserveCapacity(total)
        for _ in 0..<blockCount {
            let entityDimension = try scanner.int("an entity dimension")
            guard (0...3).contains(entityDimension) else {
                throw scanner.error(.malformed("entity dimension \(entityDimension) is not 0…3"))
            }
            _ = try scanner.int("an entity tag")
            let parametric = try scanner.int("the parametric flag")
            guard parametric == 0 || parametric == 1 else {
                throw scanner.error(.malformed("parametric flag \(parametric) is not 0 or 1"))
            }
            let count = try scanner.count("the number of nodes in the block")
            var tags = [(tag: Int, line: Int)]()
            for _ in 0..<count { tags.append((try scanner.int("a node tag"), scanner.line)) }
            for (tag, line) in tags {
                guard nodeIndex[tag] == nil else {
                    throw scanner.error(.malformed("node tag \(tag) is defined twice"), line: line)
                }
                nodeIndex[tag] = nodes.count
                let x = try scanner.double("a node's x"), y = try scanner.double("a node's y"),
                    z = try scanner.double("a node's z")
                for _ in 0..<(parametric == 1 ? entityDimension : 0) {
                    _ = try scanner.double("a parametric coordinate")
                }
                nodes.append(SIMD3(x, y, z))
                nodeTags.append(tag)
            }
        }
        guard nodes.count == total else {
            throw scanner.error(.malformed("$Nodes announces \(total) nodes but its blocks hold \(nodes.count)"))
        }
        try scanner.end("Nodes")
    }

    /// `blocks elements minTag maxTag`; per block `entityDim entityTag type count`, then
    /// `tag node…` per element.
    mutating func parseElements() throws {
        let blockCount = try scanner.count("the number of element blocks")
        _ = try scanner.count("the number of elements")
        _ = try scanner.int("the minimum element tag")
        _ = try scanner.int("the maximum element tag")
        for _ in 0..<blockCount {
            let entityDimension = try scanner.int("an entity dimension")
            let entity = try scanner.int("an entity tag")
            let type = try scanner.int("an element type")
            guard let (dimension, order) = Self.simplexOfType[type] else {
                throw scanner.error(.unsupportedElementType(type, name: Self.typeName(type)))
            }
            guard dimension == entityDimension else {
                throw scanner.error(
                    .malformed(
                        "element type \(type) (\(Self.typeName(type))) has dimension \(dimension), "
                            + "but the block's entity has dimension \(entityDimension)"))
            }
            if blocks[dimension].count == 0 {
                blocks[dimension].order = order
            } else if blocks[dimension].order != order {
                throw scanner.error(
                    .malformed(
                        "element type \(type) (\(Self.typeName(type))) is of order \(order), but earlier elements of "
                            + "dimension \(dimension) are of order \(blocks[dimension].order); a mesh is linear or "
                            + "quadratic throughout"))
            }
            let count = try scanner.count("the number of elements in the block")
            var elementNodes = [Int](repeating: 0, count: blocks[dimension].nodesPerElement)
            for _ in 0..<count {
                let tag = try scanner.int("an element tag")
                for k in elementNodes.indices {
                    let nodeTag = try scanner.int("a node tag of element \(tag)")
                    guard let index = nodeIndex[nodeTag] else { throw scanner.error(.undefinedNode(nodeTag)) }
                    elementNodes[k] = index
                }
                blocks[dimension].append(tag: tag, entity: entity, nodes: elementNodes)
            }
        }
        try scanner.end("Elements")
    }

    /// Supported element types: their dimension and order.
    static let simplexOfType: [Int: (dimension: Int, order: Int)] = [
        15: (0, 1), 1: (1, 1), 2: (2, 1), 4: (3, 1), 8: (1, 2), 9: (2, 2), 11: (3, 2)
    ]

    /// Gmsh's description of element `type`.
    static func typeName(_ type: Int) -> String {
        switch type {
        case 1: return "2-node line"
        case 2: return "3-node triangle"
        case 3: return "4-node quadrangle"
        case 4: return "4-node tetrahedron"
        case 5: return "8-node hexahedron"
        case 6: return "6-node prism"
        case 7: return "5-node pyramid"
        case 8: return "3-node second-order line"
        case 9: return "6-node second-order triangle"
        case 10: return "9-node second-order quadrangle"
        case 11: return "10-node second-order tetrahedron"
        case 15: return "1-node point"
        case 21: return "10-node third-order triangle; pinn reads linear and quadratic meshes: gmsh -order 2"
        case 26: return "4-node third-order line; pinn reads linear and quadratic meshes: gmsh -order 2"
        case 29: return "20-node third-order tetrahedron; pinn reads linear and quadratic meshes: gmsh -order 2"
        default: return "unknown to pinn; see the Gmsh manual's element types"
        }
    }
}
