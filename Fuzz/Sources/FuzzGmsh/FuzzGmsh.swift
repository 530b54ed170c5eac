import FuzzSupport
import PinnIO

/// The Gmsh MSH 4.1 reader (`SimplexMesh.parseGmsh`), followed by what pinn does with every mesh
/// it reads for a problem (PinnBinding's `MeshDomain`): the boundary of the cells, the groups of
/// its faces, the cell and face measures and the weighted choice of elements.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGmsh(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let text = FuzzDriver.text(data, count)
    guard let mesh = try? SimplexMesh.parseGmsh(text, file: "fuzz.msh") else { return 0 }
    let named = mesh.physicalGroups.first { !$0.name.isEmpty && $0.dimension == mesh.dimension }
    for cells in [Array(0..<mesh.cells.count), named.map { mesh.cellIndices(inGroup: $0.name) } ?? []] {
        let boundary = mesh.boundary(ofCells: cells)
        _ = boundary.facets.map { facet in facet.map { mesh.facetGroupNames($0) } ?? [] }
        let measures = mesh.cellMeasures()
        _ = WeightedElementChoice(elements: cells, weights: cells.map { measures[$0] })
        _ = WeightedElementChoice(elements: Array(0..<boundary.count), weights: boundary.measures)
    }
    _ = mesh.facetNormals()
    _ = mesh.facetCells()
    return 0
}

@_cdecl("FuzzGmsh_main")
public func fuzzGmshMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.run(argc, argv, fuzzGmsh)
}
