import Foundation
import FoundationXML
import PinnIO
import PinnNumerics
import PinnTestSupport
import XCTest

final class XDMFWriterTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws { directory = try TemporaryDirectory() }
    override func tearDown() { directory.remove() }

    /// Writes a grid and fields `u`, `error` on it into `poisson.h5` and the sidecar `poisson.xdmf`.
    private func writeResult(_ grid: RectilinearGrid) throws -> (h5: String, xdmf: String) {
        let h5 = directory.file("poisson.h5"), xdmf = directory.file("poisson.xdmf")
        try HDF5File.writeAtomically(to: h5) { file in
            try file.writeGrid(grid)
            try file.writeField("/fields/u", values: [Double](repeating: 1, count: grid.pointCount), on: grid)
            try file.writeField("/error/u", values: [Double](repeating: 0, count: grid.pointCount), on: grid)
        }
        let writer = XDMFWriter(grids: [
            XDMFGrid(
                name: "poisson", file: "poisson.h5", grid: grid,
                fields: [(name: "u", path: "/fields/u"), (name: "error", path: "/error/u")])
        ])
        try writer.write(to: xdmf)
        return (h5, xdmf)
    }

    private func parse(_ path: String) throws -> XMLElement {
        let document = try XMLDocument(contentsOf: URL(fileURLWithPath: path), options: [])
        return try XCTUnwrap(document.rootElement())
    }

    private func elements(_ root: XMLElement, _ xpath: String) throws -> [XMLElement] {
        try root.nodes(forXPath: xpath).compactMap { $0 as? XMLElement }
    }

    /// Every HDF DataItem names a dataset of `poisson.h5` whose shape equals its Dimensions.
    private func assertDataItemsMatchDatasets(
        _ root: XMLElement, h5: String, file: StaticString = #filePath,
        line: UInt = #line
    ) throws {
        let heavy = try HDF5File.openReadOnly(at: h5)
        let items = try elements(root, "//DataItem[@Format='HDF']")
        XCTAssertFalse(items.isEmpty, file: file, line: line)
        for item in items {
            let reference = try XCTUnwrap(item.stringValue).trimmingCharacters(in: .whitespacesAndNewlines)
            let parts = reference.split(separator: ":", maxSplits: 1).map(String.init)
            XCTAssertEqual(parts.first, "poisson.h5", file: file, line: line)
            let dimensions = try XCTUnwrap(item.attribute(forName: "Dimensions")?.stringValue)
                .split(separator: " ").compactMap { Int($0) }
            // Leading 1s aside (a 1-D field is described as "1 nx"), Dimensions is the stored shape.
            XCTAssertEqual(
                Array(try heavy.shape(of: parts[1]).drop { $0 == 1 }), Array(dimensions.drop { $0 == 1 }),
                reference, file: file, line: line)
        }
    }

    func testTwoDimensionalSidecarIsWellFormedAndMatchesTheDatasets() throws {
        let grid = RectilinearGrid(x: [0, 0.25, 0.5, 0.75, 1], y: [0, 0.5, 1])
        let (h5, xdmf) = try writeResult(grid)
        let root = try parse(xdmf)
        XCTAssertEqual(root.name, "Xdmf")
        let topology = try XCTUnwrap(elements(root, "/Xdmf/Domain/Grid/Topology").first)
        // A 3DRectMesh one node thick: ParaView's legacy XDMFReader draws a 2DRectMesh as a line.
        XCTAssertEqual(topology.attribute(forName: "TopologyType")?.stringValue, "3DRectMesh")
        XCTAssertEqual(topology.attribute(forName: "Dimensions")?.stringValue, "1 3 5") // nz = 1, ny, nx
        let geometry = try XCTUnwrap(elements(root, "/Xdmf/Domain/Grid/Geometry").first)
        XCTAssertEqual(geometry.attribute(forName: "GeometryType")?.stringValue, "VXVYVZ")
        XCTAssertEqual(
            try elements(geometry, "DataItem").map { $0.stringValue ?? "" },
            ["poisson.h5:/x", "poisson.h5:/y", "0"])
        let attributes = try elements(root, "/Xdmf/Domain/Grid/Attribute")
        XCTAssertEqual(attributes.map { $0.attribute(forName: "Name")?.stringValue ?? "" }, ["u", "error"])
        XCTAssertEqual(attributes.map { $0.attribute(forName: "Center")?.stringValue ?? "" }, ["Node", "Node"])
        XCTAssertEqual(
            try elements(root, "//Attribute/DataItem").map { $0.attribute(forName: "Dimensions")?.stringValue ?? "" },
            ["1 3 5", "1 3 5"])
        XCTAssertEqual(
            attributes.map { $0.attribute(forName: "AttributeType")?.stringValue ?? "" }, ["Scalar", "Scalar"])
        try assertDataItemsMatchDatasets(root, h5: h5)
        XCTAssertEqual(try directory.contents(), ["poisson.h5", "poisson.xdmf"])
    }

    func testThreeDimensionalSidecarListsDimensionsSlowestFirst() throws {
        let grid = RectilinearGrid(x: [0, 1, 2, 3], y: [0, 1, 2], z: [0, 1])
        let (h5, xdmf) = try writeResult(grid)
        let root = try parse(xdmf)
        let topology = try XCTUnwrap(elements(root, "//Topology").first)
        XCTAssertEqual(topology.attribute(forName: "TopologyType")?.stringValue, "3DRectMesh")
        XCTAssertEqual(topology.attribute(forName: "Dimensions")?.stringValue, "2 3 4") // nz ny nx
        XCTAssertEqual(
            try elements(root, "//Geometry").first?.attribute(forName: "GeometryType")?.stringValue, "VXVYVZ")
        try assertDataItemsMatchDatasets(root, h5: h5)
    }

    func testOneDimensionalSidecarIsARectMeshOneNodeHighAndThick() throws {
        let grid = RectilinearGrid(x: [0, 0.5, 1])
        let (h5, xdmf) = try writeResult(grid)
        let root = try parse(xdmf)
        let topology = try XCTUnwrap(elements(root, "//Topology").first)
        XCTAssertEqual(topology.attribute(forName: "TopologyType")?.stringValue, "3DRectMesh")
        XCTAssertEqual(topology.attribute(forName: "Dimensions")?.stringValue, "1 1 3")
        let inline = try elements(root, "//Geometry/DataItem[@Format='XML']")
        XCTAssertEqual(inline.map { $0.stringValue ?? "" }, ["0", "0"]) // y = 0, z = 0
        let fields = try elements(root, "//Attribute/DataItem")
        XCTAssertEqual(fields.map { $0.attribute(forName: "Dimensions")?.stringValue ?? "" }, ["1 1 3", "1 1 3"])
        try assertDataItemsMatchDatasets(root, h5: h5)
    }

    func testUnstructuredSidecarIsWellFormed() throws {
        let nodes = XDMFDataItem(file: "mesh.h5", path: "/mesh/nodes", shape: [5, 2])
        let cells = XDMFDataItem(file: "mesh.h5", path: "/mesh/triangles", shape: [4, 3], kind: .int64)
        let writer = XDMFWriter(grids: [
            XDMFGrid(
                name: "disc <1>", mesh: .unstructured(cells: .triangle, connectivity: cells, nodes: nodes),
                attributes: [
                    XDMFAttribute(name: "u", data: XDMFDataItem(file: "mesh.h5", path: "/fields/u", shape: [5])),
                    XDMFAttribute(
                        name: "area", center: .cell,
                        data: XDMFDataItem(file: "mesh.h5", path: "/fields/area", shape: [4], kind: .float32)),
                    XDMFAttribute(
                        name: "flux", data: XDMFDataItem(file: "mesh.h5", path: "/fields/flux", shape: [5, 3]))
                ])
        ])
        let xml = try writer.document()
        let root = try XCTUnwrap(XMLDocument(xmlString: xml, options: []).rootElement())
        XCTAssertEqual(try elements(root, "//Grid").first?.attribute(forName: "Name")?.stringValue, "disc <1>")
        let topology = try XCTUnwrap(elements(root, "//Topology").first)
        XCTAssertEqual(topology.attribute(forName: "TopologyType")?.stringValue, "Triangle")
        XCTAssertEqual(topology.attribute(forName: "NumberOfElements")?.stringValue, "4")
        XCTAssertEqual(topology.attribute(forName: "NodesPerElement")?.stringValue, "3")
        XCTAssertEqual(try elements(topology, "DataItem").first?.attribute(forName: "NumberType")?.stringValue, "Int")
        XCTAssertEqual(try elements(root, "//Geometry").first?.attribute(forName: "GeometryType")?.stringValue, "XY")
        let attributes = try elements(root, "//Attribute")
        XCTAssertEqual(
            attributes.map { $0.attribute(forName: "AttributeType")?.stringValue ?? "" }, ["Scalar", "Scalar", "Vector"]
        )
        XCTAssertEqual(attributes.map { $0.attribute(forName: "Center")?.stringValue ?? "" }, ["Node", "Cell", "Node"])
        XCTAssertEqual(try elements(attributes[1], "DataItem").first?.attribute(forName: "Precision")?.stringValue, "4")

        let tetrahedra = XDMFWriter(grids: [
            XDMFGrid(
                name: "ball",
                mesh: .unstructured(
                    cells: .tetrahedron,
                    connectivity: XDMFDataItem(file: "m.h5", path: "/c", shape: [2, 4], kind: .int64),
                    nodes: XDMFDataItem(file: "m.h5", path: "/n", shape: [5, 3])))
        ])
        let root3 = try XCTUnwrap(XMLDocument(xmlString: try tetrahedra.document(), options: []).rootElement())
        XCTAssertEqual(try elements(root3, "//Geometry").first?.attribute(forName: "GeometryType")?.stringValue, "XYZ")
        XCTAssertEqual(
            try elements(root3, "//Topology").first?.attribute(forName: "TopologyType")?.stringValue, "Tetrahedron")
    }

    func testAttributesThatDoNotMatchTheMeshAreRejected() {
        let grid = RectilinearGrid(x: [0, 1, 2], y: [0, 1])
        let wrong = XDMFWriter(grids: [XDMFGrid(name: "g", file: "r.h5", grid: grid, fields: [])])
        var bad = wrong
        bad.grids[0].attributes = [
            XDMFAttribute(name: "u", data: XDMFDataItem(file: "r.h5", path: "/u", shape: [3, 3]))
        ]
        XCTAssertNoThrow(try wrong.document())
        XCTAssertThrowsError(try bad.document()) { error in
            XCTAssertEqual((error as? XDMFError)?.grid, "g")
        }
        let badCells = XDMFWriter(grids: [
            XDMFGrid(
                name: "m",
                mesh: .unstructured(
                    cells: .triangle, connectivity: XDMFDataItem(file: "m.h5", path: "/c", shape: [2, 4], kind: .int64),
                    nodes: XDMFDataItem(file: "m.h5", path: "/n", shape: [5, 2])))
        ])
        XCTAssertThrowsError(try badCells.document())
    }
}
