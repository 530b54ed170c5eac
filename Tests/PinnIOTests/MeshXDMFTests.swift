import Foundation
import FoundationXML
import PinnIO
import PinnTestSupport
import XCTest

final class MeshXDMFTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws { directory = try TemporaryDirectory() }
    override func tearDown() { directory.remove() }

    /// Writes `mesh` with node field u = x + 2y + 3z and cell field "area" into `<name>.h5` + `<name>.xdmf`.
    private func write(_ mesh: SimplexMesh, name: String) throws -> (h5: String, xdmf: String) {
        let h5 = directory.file(name + ".h5"), xdmf = directory.file(name + ".xdmf")
        try HDF5File.writeAtomically(to: h5) { file in
            try file.writeMesh(mesh)
            try file.writeDataset("/fields/u", values: mesh.nodes.map { $0.x + 2 * $0.y + 3 * $0.z })
            try file.writeDataset("/fields/measure", values: mesh.cellMeasures())
        }
        try XDMFWriter(grids: [
            XDMFGrid(
                name: name, file: name + ".h5", mesh: mesh,
                nodeFields: [(name: "u", path: "/fields/u")],
                cellFields: [(name: "measure", path: "/fields/measure")])
        ]).write(to: xdmf)
        return (h5, xdmf)
    }

    private func elements(_ root: XMLElement, _ xpath: String) throws -> [XMLElement] {
        try root.nodes(forXPath: xpath).compactMap { $0 as? XMLElement }
    }

    private func check(_ mesh: SimplexMesh, name: String, topology: String, nodesPerElement: Int, geometry: String)
        throws
    {
        let (h5, xdmf) = try write(mesh, name: name)
        let document = try XMLDocument(contentsOf: URL(fileURLWithPath: xdmf), options: [])
        let root = try XCTUnwrap(document.rootElement())
        let topologyElement = try XCTUnwrap(elements(root, "/Xdmf/Domain/Grid/Topology").first)
        XCTAssertEqual(topologyElement.attribute(forName: "TopologyType")?.stringValue, topology)
        XCTAssertEqual(topologyElement.attribute(forName: "NumberOfElements")?.stringValue, "\(mesh.cells.count)")
        XCTAssertEqual(topologyElement.attribute(forName: "NodesPerElement")?.stringValue, "\(nodesPerElement)")
        XCTAssertEqual(
            try elements(root, "/Xdmf/Domain/Grid/Geometry").first?.attribute(forName: "GeometryType")?.stringValue,
            geometry)
        let attributes = try elements(root, "/Xdmf/Domain/Grid/Attribute")
        XCTAssertEqual(attributes.map { $0.attribute(forName: "Name")?.stringValue }, ["u", "measure", "cell_group"])
        XCTAssertEqual(attributes.map { $0.attribute(forName: "Center")?.stringValue }, ["Node", "Cell", "Cell"])
        // Every HDF reference names a dataset whose shape is the item's Dimensions.
        let heavy = try HDF5File.openReadOnly(at: h5)
        for item in try elements(root, "//DataItem[@Format='HDF']") {
            let reference = try XCTUnwrap(item.stringValue).trimmingCharacters(in: .whitespacesAndNewlines)
            let parts = reference.split(separator: ":", maxSplits: 1).map(String.init)
            XCTAssertEqual(parts[0], name + ".h5")
            let dimensions = try XCTUnwrap(item.attribute(forName: "Dimensions")?.stringValue).split(separator: " ")
                .compactMap { Int($0) }
            XCTAssertEqual(try heavy.shape(of: parts[1]), dimensions, reference)
        }
        let connectivity = try heavy.readDataset("/mesh/cells", as: Int64.self)
        XCTAssertEqual(connectivity.values.map(Int.init), mesh.cells.connectivity)
        XCTAssertTrue(connectivity.values.allSatisfy { 0 <= $0 && $0 < Int64(mesh.nodes.count) })
        XCTAssertEqual(
            try heavy.readDataset("/mesh/cell_group", as: Int64.self).values,
            (0..<mesh.cells.count).map { Int64(mesh.cells.physicalTags(of: $0)[0]) })
    }

    func testTriangleMeshSidecar() throws {
        let mesh = try MeshFixtures.load("disk_with_hole.msh")
        try check(mesh, name: "disk", topology: "Triangle", nodesPerElement: 3, geometry: "XY")
        XCTAssertEqual(
            try HDF5File.openReadOnly(at: directory.file("disk.h5")).shape(of: "/mesh/nodes"), [mesh.nodes.count, 2])
    }

    func testTetrahedronMeshSidecar() throws {
        let mesh = try MeshFixtures.load("cube.msh")
        try check(mesh, name: "cube", topology: "Tetrahedron", nodesPerElement: 4, geometry: "XYZ")
        XCTAssertEqual(
            try HDF5File.openReadOnly(at: directory.file("cube.h5")).shape(of: "/mesh/nodes"), [mesh.nodes.count, 3])
    }

    /// Writes the L-shape and cube results to the folder in `PINN_MESH_XDMF_SAMPLES`, for
    /// `pvpython scripts/check_mesh_xdmf.py`; skipped otherwise.
    func testWritesSamplesForParaView() throws {
        guard let folder = ProcessInfo.processInfo.environment["PINN_MESH_XDMF_SAMPLES"] else {
            throw XCTSkip("set PINN_MESH_XDMF_SAMPLES to write the samples")
        }
        for (mesh, name) in [("lshape.msh", "lshape"), ("cube.msh", "cube")] {
            let (h5, xdmf) = try write(try MeshFixtures.load(mesh), name: name)
            for path in [h5, xdmf] {
                let target = folder + "/" + (path as NSString).lastPathComponent
                try? FileManager.default.removeItem(atPath: target)
                try FileManager.default.copyItem(atPath: path, toPath: target)
            }
        }
    }
}
